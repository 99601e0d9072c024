"""The sidebar: search over all chats, and the chats newest first (titles editable in place)."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QLineEdit, QListView, QListWidget, QListWidgetItem, QStackedWidget, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget,
)

from typing import Callable

from ..core.records import HIT_END, HIT_START, Conversation, SearchHit
from .messages import plain_label, plain_tooltip

ConversationIdRole = Qt.UserRole + 1
SnippetRole = Qt.UserRole + 2
SEARCH_DELAY_MS = 150


class ConversationListModel(QAbstractListModel):
    """The stored chats, newest first, read and handed to the view in batches as it scrolls.

    Start-up reads only the first batch from the history; the rest is read once the list is
    scrolled that far or a chat further down is chosen (search, reopening).
    """

    renameRequested = Signal(int, str)
    BATCH = 200

    def __init__(self, load: Callable[[int | None], list[Conversation]], parent=None):
        super().__init__(parent)
        self._load = load  # limit (None: all) -> chats, newest first
        self._conversations: list[Conversation] = []
        self._complete = True  # all chats are read
        self._shown = 0  # rows the view has been given so far
        self.streaming_id: int | None = None

    def refresh(self) -> None:
        self.beginResetModel()
        wanted = max(self.BATCH, self._shown)
        self._conversations = self._load(wanted + 1)
        self._complete = len(self._conversations) <= wanted
        self._conversations = self._conversations[:wanted]
        self._shown = min(len(self._conversations), wanted)
        self.endResetModel()

    def _read_all(self) -> None:
        if not self._complete:
            self._conversations = self._load(None)
            self._complete = True

    def row_of(self, conversation_id: int | None) -> int:
        """The row of a chat, handing the view more rows if it is further down."""
        if conversation_id is None:
            return -1
        for attempt in range(2):
            for row, conversation in enumerate(self._conversations):
                if conversation.id == conversation_id:
                    if row >= self._shown:
                        self.beginInsertRows(QModelIndex(), self._shown, row)
                        self._shown = row + 1
                        self.endInsertRows()
                    return row
            if attempt == 0:
                self._read_all()
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and (self._shown < len(self._conversations) or not self._complete)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802 - Qt API
        if parent.isValid():
            return
        self._read_all()
        more = min(self.BATCH, len(self._conversations) - self._shown)
        if more > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def data(self, index, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        conversation = self._conversations[index.row()]
        title = conversation.title or self.tr("New chat")
        if role == Qt.DisplayRole:
            return ("● " if conversation.id == self.streaming_id else "") + title
        if role == Qt.EditRole:
            return conversation.title
        if role == Qt.ToolTipRole:
            return plain_tooltip(title)
        if role == Qt.AccessibleTextRole:
            return title
        if role == ConversationIdRole:
            return conversation.id
        return None

    def flags(self, index):
        return super().flags(index) | Qt.ItemIsEditable if index.isValid() else Qt.NoItemFlags

    def setData(self, index, value, role: int = Qt.EditRole) -> bool:  # noqa: N802 - Qt API
        if role != Qt.EditRole or not index.isValid() or not str(value).strip():
            return False
        self.renameRequested.emit(self._conversations[index.row()].id, " ".join(str(value).split()))
        return True


class ChatTitleDelegate(QStyledItemDelegate):
    """A chat's title in one line, cut with "…" at the list's width; the whole title is in its tooltip.

    Its width asks for nothing: a list item as wide as its text would give the list a horizontal
    scrollbar instead of the "…". The padding is here, not in a style sheet: a widget with a style
    sheet keeps the palette it had and stayed white when the app switched to dark.
    """

    PADDING = 4  # px above and below the title

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, super().sizeHint(option, index).height() + 2 * self.PADDING)


def plain_snippet(snippet: str) -> str:
    return " ".join(snippet.replace(HIT_START, "").replace(HIT_END, "").split())


class SearchHitDelegate(QStyledItemDelegate):
    """A result as the chat's title in bold and the snippet below it with the words found in bold.

    The texts are escaped before they become rich text: a message can never add markup here.
    """

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        title, snippet = index.data(Qt.DisplayRole), index.data(SnippetRole)
        marked = html.escape(" ".join(snippet.split())).replace(HIT_START, "<b>").replace(HIT_END, "</b>")
        selected = option.state & QStyle.State_Selected
        colour = option.palette.color(QPalette.HighlightedText if selected else QPalette.Text).name()
        muted = option.palette.color(QPalette.HighlightedText if selected else QPalette.PlaceholderText).name()
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(4)
        document.setHtml(f"<div style='color:{colour}'><b>{html.escape(title)}</b></div>"
                         f"<div style='color:{muted}'>{marked}</div>")
        document.setTextWidth(max(option.rect.width(), 80))
        return document

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        option.widget.style().drawControl(QStyle.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        document.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        self.initStyleOption(option, index)
        if option.rect.width() <= 0 and option.widget is not None:
            option.rect.setWidth(option.widget.viewport().width())
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)


class SearchEdit(QLineEdit):
    """Down moves to the results, Escape clears the search."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key_Down:
            self.down.emit()
            return
        if event.key() == Qt.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class Sidebar(QWidget):
    conversationChosen = Signal(int)
    searchHitChosen = Signal(int, int, str)  # conversation id, message id, the words searched

    def __init__(self, load: Callable[[int | None], list[Conversation]], search: Callable[[str], list[SearchHit]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._search = search
        self.searchEdit = SearchEdit()
        self.searchEdit.setObjectName("searchEdit")
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setPlaceholderText(self.tr("Search all chats"))
        self.searchEdit.setAccessibleName(self.tr("Search all chats"))
        self.searchEdit.setAccessibleDescription(self.tr("Type words to find them in all chats"))
        self.model = ConversationListModel(load, self)
        self.conversationList = QListView()
        self.conversationList.setObjectName("conversationList")
        self.conversationList.setModel(self.model)
        self.conversationList.setUniformItemSizes(True)
        self.conversationList.setTextElideMode(Qt.ElideRight)
        self.conversationList.setItemDelegate(ChatTitleDelegate(self.conversationList))
        self.conversationList.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.conversationList.setEditTriggers(QAbstractItemView.EditKeyPressed | QAbstractItemView.SelectedClicked)
        self.conversationList.setAccessibleName(self.tr("Chats"))
        self.conversationList.setAccessibleDescription(
            self.tr("Your chats, newest first. Enter opens, F2 renames, Delete deletes."))
        self.conversationList.activated.connect(self._open_index)
        self.conversationList.clicked.connect(self._open_index)
        self.searchResults = QListWidget()
        self.searchResults.setObjectName("searchResults")
        self.searchResults.setWordWrap(True)
        self.searchResults.setAlternatingRowColors(True)
        self.searchResults.setItemDelegate(SearchHitDelegate(self.searchResults))
        self.searchResults.setResizeMode(QListView.Adjust)
        self.searchResults.setAccessibleName(self.tr("Search results"))
        self.searchResults.setAccessibleDescription(self.tr("Chats with the words searched. Enter opens the message."))
        self.searchResults.itemActivated.connect(self._open_hit)
        self.searchResults.itemClicked.connect(self._open_hit)
        self.noResultsLabel = plain_label(self.tr("No chat contains these words."), "noResultsLabel")
        self.noResultsLabel.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.stack = QStackedWidget()
        for page in (self.conversationList, self.searchResults, self.noResultsLabel):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.searchEdit)
        layout.addWidget(self.stack, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        self.searchEdit.returnPressed.connect(self._open_first_hit)
        self.searchEdit.down.connect(self._focus_results)

    def show_conversations(self, current: int | None) -> None:
        bar = self.conversationList.verticalScrollBar()
        position = bar.value()
        self.model.refresh()
        self.select(current)
        bar.setValue(position)  # a refresh does not jump the list back to the top

    def select(self, conversation_id: int | None) -> None:
        row = self.model.row_of(conversation_id)
        selection = self.conversationList.selectionModel()
        if row < 0:
            selection.clearSelection()
            return
        index = self.model.index(row)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
        self.conversationList.scrollTo(index)

    def current_conversation(self) -> int | None:
        index = self.conversationList.currentIndex()
        return index.data(ConversationIdRole) if index.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.conversationChosen.emit(index.data(ConversationIdRole))

    # --- search ----------------------------------------------------------------------------

    def run_search(self) -> list[SearchHit]:
        self._search_timer.stop()
        text = self.searchEdit.text().strip()
        self.searchResults.clear()
        if not text:
            self.stack.setCurrentWidget(self.conversationList)
            return []
        hits = self._search(text)
        for hit in hits:
            item = QListWidgetItem(hit.title or self.tr("New chat"))
            snippet = hit.snippet
            if hit.attachment:  # found in an attachment's text (or name): which one
                snippet = self.tr("In %1:").replace("%1", hit.attachment) + " " + snippet
            item.setData(SnippetRole, snippet)
            item.setData(Qt.UserRole, (hit.conversation_id, hit.message_id))
            item.setData(Qt.AccessibleTextRole, f"{item.text()}: {plain_snippet(snippet)}")
            item.setToolTip(plain_tooltip(plain_snippet(snippet)))
            self.searchResults.addItem(item)
        self.stack.setCurrentWidget(self.searchResults if hits else self.noResultsLabel)
        return hits

    def _open_hit(self, item: QListWidgetItem) -> None:
        conversation_id, message_id = item.data(Qt.UserRole)
        self.searchHitChosen.emit(conversation_id, message_id, self.searchEdit.text().strip())

    def _open_first_hit(self) -> None:
        if self._search_timer.isActive():
            self.run_search()
        if self.searchResults.count():
            self._open_hit(self.searchResults.item(0))

    def _focus_results(self) -> None:
        if self._search_timer.isActive():
            self.run_search()
        target = self.searchResults if self.searchResults.count() else self.conversationList
        target.setFocus()
        if target is self.searchResults:
            self.searchResults.setCurrentRow(0)
