"""What the window does with the list of chats: keep it current, rename, delete (asked first),
the context menu, and the search field's shortcut. The list itself is ui/sidebar.py."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from ..qt.controller import ChatController
from .questions import Questions
from .sidebar import Sidebar
from .window_actions import WindowActions


class ChatList(QObject):
    statusMessage = Signal(str, int)
    openRequested = Signal(object)  # a chat id: the context menu acts on the chat it was opened on

    def __init__(self, controller: ChatController, sidebar: Sidebar, questions: Questions, actions: WindowActions,
                 parent: QWidget):
        super().__init__(parent)
        self.controller = controller
        self.sidebar = sidebar
        self.questions = questions
        self._actions = actions
        self._menu_parent = parent
        self.conversationList = sidebar.conversationList
        self.searchEdit = sidebar.searchEdit
        sidebar.model.renameRequested.connect(controller.library.rename)
        self.conversationList.itemDelegate().closeEditor.connect(lambda *_args: QTimer.singleShot(0, self.refresh))
        self.conversationList.setContextMenuPolicy(Qt.CustomContextMenu)
        self.conversationList.customContextMenuRequested.connect(self._show_menu)
        self._delete_shortcut = QShortcut(QKeySequence.Delete, self.conversationList, activated=self.delete_current,
                                          context=Qt.WidgetShortcut)

    @Slot()
    def refresh(self) -> None:
        """The list of chats changed (always also after another chat was shown)."""
        if self.conversationList.state() == QAbstractItemView.EditingState:
            return  # a title being typed is not thrown away: the list is refreshed when the editor closes
        session = self.controller.session
        self.sidebar.model.streaming_id = session.streaming_conversation_id
        self.sidebar.show_conversations(session.conversation_id)
        if self.searchEdit.text().strip():
            self.sidebar.run_search()  # results of deleted or changed chats go
        has_chat = session.conversation_id is not None
        for action in self._actions.chat_actions:
            action.setEnabled(has_chat)

    def chosen_conversation(self) -> int | None:
        """The chat selected in the list if it has focus, else the one shown."""
        if self.conversationList.hasFocus() and self.sidebar.current_conversation() is not None:
            return self.sidebar.current_conversation()
        return self.controller.session.conversation_id

    @Slot()
    def focus_search(self) -> None:
        self.searchEdit.setFocus()
        self.searchEdit.selectAll()

    @Slot()
    def rename_current(self) -> None:
        row = self.sidebar.model.row_of(self.controller.session.conversation_id)
        if row >= 0:
            self.conversationList.setFocus()
            self.conversationList.edit(self.sidebar.model.index(row))

    @Slot()
    def delete_current(self) -> None:
        conversation_id = self.chosen_conversation()
        conversation = self.controller.library.conversation(conversation_id)
        if conversation is None:
            return
        if self.questions.confirm_delete(conversation.title or self.tr("New chat")):
            self.controller.library.delete(conversation_id)
            self.statusMessage.emit(self.tr("Chat deleted."), 4000)

    def _show_menu(self, position) -> None:
        index = self.conversationList.indexAt(position)
        if not index.isValid():
            return
        self.openRequested.emit(self.sidebar.current_conversation())
        actions = self._actions
        menu = QMenu(self._menu_parent)
        for action in (actions.renameAction, actions.exportMarkdownAction, actions.exportJsonAction, None,
                       actions.deleteAction):
            menu.addAction(action) if action else menu.addSeparator()
        menu.popup(self.conversationList.viewport().mapToGlobal(position))
