"""The main window's actions, its menus and toolbar, Help → Keyboard shortcuts and About.

The actions are made here and triggered into slots by MainWindow._connect_signals(): this module
knows what the app offers and where, not what each action does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QMainWindow, QMessageBox, QTableWidget, QTableWidgetItem, QToolBar, QVBoxLayout,
    QWidget,
)

from .. import __version__

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ATTACH_SHORTCUT = QKeySequence.Open  # Ctrl+O: open a file, here to attach it (the composer's shortcut)
TEMPLATES_SHORTCUT = QKeySequence("Ctrl+T")  # the prompt library (T: template; free in the app)


def icon(name: str) -> QIcon:
    """An SVG icon: crisp at every scale factor."""
    return QIcon(str(ICONS / f"{name}.svg"))


def action_label(action: QAction) -> str:
    """An action's text as a button or a list names it: without the & and the trailing …"""
    return action.text().replace("&", "").rstrip("…")


class WindowActions(QObject):
    """Every action of the main window, by objectName (as the README's automation table names them)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        self.settingsAction = self._action("settingsAction", self.tr("&Settings…"), "Ctrl+,", icon("settings"))
        self.settingsAction.setShortcutContext(Qt.ApplicationShortcut)
        self.newChatAction = self._action("newChatAction", self.tr("&New chat"), QKeySequence.New, icon("new-chat"))
        self.quitAction = self._action("quitAction", self.tr("&Quit"), QKeySequence.Quit)
        self.zoomInAction = self._action("zoomInAction", self.tr("&Larger text"), QKeySequence.ZoomIn)
        self.zoomInAction.setShortcuts([QKeySequence.ZoomIn, QKeySequence("Ctrl+=")])
        self.zoomOutAction = self._action("zoomOutAction", self.tr("&Smaller text"), QKeySequence.ZoomOut)
        self.zoomResetAction = self._action("zoomResetAction", self.tr("&Normal text size"), "Ctrl+0")
        self.shortcutsAction = self._action("shortcutsAction", self.tr("&Keyboard shortcuts"), QKeySequence.HelpContents)
        self.aboutAction = self._action("aboutAction", self.tr("&About GenAI Desktop"), None)
        self.searchAction = self._action("searchAction", self.tr("&Search all chats"), QKeySequence.Find)
        self.searchAction.setShortcuts([QKeySequence.Find, QKeySequence("Ctrl+K")])
        self.renameAction = self._action("renameAction", self.tr("Re&name chat"), "F2")
        self.deleteAction = self._action("deleteAction", self.tr("&Delete chat…"), None)
        self.regenerateAction = self._action("regenerateAction", self.tr("&Regenerate last answer"), "Ctrl+R",
                                             icon("regenerate"))
        self.continueAction = self._action("continueAction", self.tr("&Continue the answer"), "Ctrl+Shift+R")
        self.editLastAction = self._action("editLastAction", self.tr("&Edit last message"), "Ctrl+E")
        self.templatesAction = self._action("templatesAction", self.tr("Prompt &templates…"), TEMPLATES_SHORTCUT)
        self.exportMarkdownAction = self._action("exportMarkdownAction", self.tr("Export chat as &Markdown…"), None)
        self.exportJsonAction = self._action("exportJsonAction", self.tr("Export chat as &JSON…"), None)
        self.exportAllAction = self._action("exportAllAction", self.tr("Export &all chats…"), None)
        self.importAction = self._action("importAction", self.tr("&Import chats…"), None)
        self.importCourseAction = self._action("importCourseAction", self.tr("Import &course package…"), None)
        self.exportCourseAction = self._action("exportCourseAction", self.tr("Export as c&ourse package…"), None)
        self.removeCourseAction = self._action("removeCourseAction", self.tr("Remove co&urse…"), None)
        self.chat_actions = (self.exportMarkdownAction, self.exportJsonAction, self.renameAction, self.deleteAction)
        self.answer_actions = (self.regenerateAction, self.continueAction, self.editLastAction)
        self.toolbar = self._build_menus_and_toolbar()

    def all(self) -> list[QAction]:
        return [value for value in vars(self).values() if isinstance(value, QAction)]

    def _action(self, name: str, text: str, shortcut, action_icon: QIcon | None = None) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if action_icon is not None:
            action.setIcon(action_icon)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{action_label(action)} ({action.shortcut().toString(QKeySequence.NativeText)})")
        return action

    def _build_menus_and_toolbar(self) -> QToolBar:
        menu_bar = self._window.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        for action in (self.newChatAction, None, self.importAction, self.exportMarkdownAction, self.exportJsonAction,
                       self.exportAllAction, None, self.importCourseAction, self.exportCourseAction,
                       self.removeCourseAction, None, self.settingsAction, None, self.quitAction):
            file_menu.addAction(action) if action else file_menu.addSeparator()
        chat_menu = menu_bar.addMenu(self.tr("&Chat"))
        for action in (self.regenerateAction, self.continueAction, self.editLastAction, self.templatesAction, None,
                       self.searchAction,
                       self.renameAction, self.deleteAction):
            chat_menu.addAction(action) if action else chat_menu.addSeparator()
        view_menu = menu_bar.addMenu(self.tr("&View"))
        for action in (self.zoomInAction, self.zoomOutAction, self.zoomResetAction):
            view_menu.addAction(action)
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcutsAction)
        help_menu.addAction(self.aboutAction)
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self._window.addToolBar(toolbar)
        for action in (self.newChatAction, self.settingsAction):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            button.setObjectName("newChatButton" if action is self.newChatAction
                                 else action.objectName().replace("Action", "ToolButton"))
            button.setAccessibleName(action_label(action))
            button.setFocusPolicy(Qt.TabFocus)  # reachable with Tab, not only with the mouse
        return toolbar

    def toolbar_button(self, action: QAction) -> QWidget:
        return self.toolbar.widgetForAction(action)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        native = QKeySequence.NativeText
        rows = [(action_label(action), ", ".join(k.toString(native) for k in action.shortcuts()))
                for action in (self.newChatAction, self.searchAction, self.regenerateAction, self.continueAction,
                               self.editLastAction, self.templatesAction, self.renameAction, self.settingsAction, self.zoomInAction,
                               self.zoomOutAction, self.zoomResetAction, self.shortcutsAction, self.quitAction)]
        rows[1:1] = [(self.tr("Send the message"), self.tr("Enter")),
                     (self.tr("New line in the message"), self.tr("Shift+Enter")),
                     (self.tr("Stop the answer"), self.tr("Esc")),
                     (self.tr("Attach files"), QKeySequence(ATTACH_SHORTCUT).toString(native)),
                     (self.tr("Prompt templates in an empty message"), "/"),
                     (self.tr("Remove the attachment in focus"), self.tr("Delete, Backspace")),
                     (self.tr("Move between controls"), self.tr("Tab, Shift+Tab"))]
        return rows

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self._window).exec()

    def show_about(self) -> None:
        QMessageBox.about(self._window, self.tr("About GenAI Desktop"),
                          self.tr("GenAI Desktop %1\n\nA desktop chat app for OpenAI-compatible APIs.")
                          .replace("%1", __version__))


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: everything the app does by keyboard."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        table = QTableWidget(len(rows), 2, self)
        table.setObjectName("shortcutsTable")
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        for row, (what, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        rows_height = table.verticalHeader().length() + table.horizontalHeader().height() + 2 * table.frameWidth()
        self.resize(max(520, table.horizontalHeader().length() + 40), rows_height + buttons.sizeHint().height() + 40)
