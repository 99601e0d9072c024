"""The actions under a message as small icon buttons: Copy (every message), Edit and resend (the
user's), Regenerate (the last answer) and the answer's versions "‹ 2 / 2 ›".

The document keeps an empty row under each message (reserve_row); a small bar of real
QToolButtons is laid over the viewport at that row. Only the messages near the viewport get a
bar, from a pool that grows to what one screen shows: a chat of 2,000 messages costs a list
entry per message shown and nothing else. Bars follow scrolling, resizing, layout changes (an
answer streaming above, "Show more") and the text size.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QAction, QFontMetricsF, QGuiApplication, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextFormat,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from .answer_stream import fixed_mark
from .messages import copied_text
from .window_actions import action_label, icon

if TYPE_CHECKING:
    from .transcript import TranscriptView

translate = QCoreApplication.translate  # the buttons' words are the transcript's ("Copy answer" was its link)
ACTION_ROW = QTextFormat.UserProperty + 8  # a block format: the empty row a message's bar stands on
ROW_LINE_HEIGHT = 190  # the row's height in percent of a line of text: room for a button
COPIED_MS = 2000  # how long a Copy button says "Copied"


@dataclass(eq=False)
class MessageEntry:
    """A message that has a bar when it is near the viewport."""

    row: QTextCursor  # a fixed_mark at its action row
    text: str  # what Copy puts on the clipboard
    turn_index: int | None  # None: the message cannot be edited or switched (no turn to name)
    answer: bool
    version: int = 1
    versions: int = 1


def is_action_row(cursor_or_block) -> bool:
    block = cursor_or_block.block() if isinstance(cursor_or_block, QTextCursor) else cursor_or_block
    return block.blockFormat().hasProperty(ACTION_ROW)


def reserve_row(cursor: QTextCursor) -> None:
    """An empty row at cursor (always a new block: after a table too, so a streamed answer ends as a reopened one)."""
    row_format = QTextBlockFormat()
    row_format.setProperty(ACTION_ROW, True)
    row_format.setLineHeight(ROW_LINE_HEIGHT, QTextBlockFormat.ProportionalHeight.value)
    cursor.insertBlock(row_format, QTextCharFormat())


def _tool_button(name: str, text: str, tooltip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.TabFocus)  # Tab reaches it; a click leaves the focus (and the selection) alone
    button.setText(text)
    button.setToolTip(tooltip)
    button.setAccessibleName(tooltip)
    return button


class ActionBar(QWidget):
    """One bar of buttons, shown under whichever message the pool gives it."""

    def __init__(self, actions: MessageActions, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("messageActions")
        self._actions = actions
        self.entry: MessageEntry | None = None
        self.copyButton = _tool_button("messageCopyButton", "", "", self)
        self.copyButton.setIcon(icon("copy"))
        self.editButton = _tool_button("messageEditButton", "", translate("TranscriptView", "Edit and resend"),
                                       self)
        self.editButton.setIcon(icon("edit"))
        self.regenerateButton = _tool_button("messageRegenerateButton", "", "", self)
        self.versionPrevious = _tool_button("versionPrevious", "‹", translate("TranscriptView", "Previous version"),
                                            self)
        self.versionLabel = QLabel(self)
        self.versionLabel.setObjectName("versionLabel")
        self.versionLabel.setTextFormat(Qt.PlainText)
        self.versionNext = _tool_button("versionNext", "›", translate("TranscriptView", "Next version"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for part in (self.copyButton, self.editButton, self.regenerateButton, self.versionPrevious,
                     self.versionLabel, self.versionNext):
            layout.addWidget(part)
        self._copied = QTimer(self)
        self._copied.setSingleShot(True)
        self._copied.setInterval(COPIED_MS)
        self._copied.timeout.connect(self._show_copy)
        for button in (self.copyButton, self.editButton, self.regenerateButton, self.versionPrevious,
                       self.versionNext):
            button.installEventFilter(self)
        self.copyButton.clicked.connect(self._copy)
        self.editButton.clicked.connect(lambda: self._actions.view.editRequested.emit(self.entry.turn_index))
        self.versionPrevious.clicked.connect(lambda: self._step(-1))
        self.versionNext.clicked.connect(lambda: self._step(+1))
        self.set_regenerate_action(actions.regenerate_action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """The button with the keyboard focus stands out as a raised button (a flat one shows no focus)."""
        if event.type() in (QEvent.FocusIn, QEvent.FocusOut) and isinstance(watched, QToolButton):
            watched.setAutoRaise(event.type() == QEvent.FocusOut)
        return False

    def set_regenerate_action(self, action: QAction | None) -> None:
        """The menu's own action: the button is enabled when it is, and does what it does."""
        if action is not None:
            self.regenerateButton.setDefaultAction(action)
            self.regenerateButton.setAccessibleName(action_label(action))

    def show_entry(self, entry: MessageEntry, last_answer: bool, icon_size: QSize) -> None:
        if entry is not self.entry:
            self.entry = entry
            self._copied.stop()
            self._show_copy()
        if self.copyButton.iconSize() != icon_size:
            for button in (self.copyButton, self.editButton, self.regenerateButton, self.versionPrevious,
                           self.versionNext):
                button.setIconSize(icon_size)
        self.editButton.setVisible(not entry.answer and entry.turn_index is not None)
        self.regenerateButton.setVisible(last_answer and self._actions.regenerate_action is not None)
        switch = entry.answer and entry.versions > 1 and entry.turn_index is not None
        for part in (self.versionPrevious, self.versionLabel, self.versionNext):
            part.setVisible(switch)
        if switch:
            self.versionLabel.setText(f"{entry.version} / {entry.versions}")
            self.versionLabel.setAccessibleName(translate("TranscriptView", "Version %1 of %2")
                                                .replace("%1", str(entry.version)).replace("%2", str(entry.versions)))
            self.versionPrevious.setEnabled(entry.version > 1)
            self.versionNext.setEnabled(entry.version < entry.versions)
        self.resize(self.sizeHint())

    def _copy_words(self) -> str:
        if self.entry.answer:
            return translate("TranscriptView", "Copy answer")
        return translate("TranscriptView", "Copy message")

    @Slot()
    def _show_copy(self) -> None:
        if self.entry is None:
            return
        self.copyButton.setIcon(icon("copy"))
        self.copyButton.setToolTip(self._copy_words())
        self.copyButton.setAccessibleName(self._copy_words())

    @Slot()
    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.entry.text)
        # Confirmed at the button, and as before in the status bar.
        self.copyButton.setIcon(icon("copied"))
        self.copyButton.setToolTip(translate("TranscriptView", "Copied"))
        self._copied.start()
        self._actions.view.notice.emit(copied_text())

    def _step(self, step: int) -> None:
        self._actions.view.versionStepRequested.emit(self.entry.turn_index, step)


class MessageActions(QObject):
    """The messages shown with their bars, and the pool of bars laid over the viewport."""

    def __init__(self, view: TranscriptView):
        super().__init__(view)
        self.view = view
        self.entries: list[MessageEntry] = []
        self.bars: list[ActionBar] = []
        self.regenerate_action: QAction | None = None
        self._later = QTimer(self)  # layout changes come in bursts: the bars move once after them
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.place_bars)
        # Scrolling moves the bars with the viewport's contents (QTextEdit scrolls its viewport's
        # children); what changes is which messages need one: settled once the burst is over.
        view.verticalScrollBar().valueChanged.connect(self.schedule)
        view.horizontalScrollBar().valueChanged.connect(self.schedule)
        view.document().documentLayout().documentSizeChanged.connect(self.schedule)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Resize:
            self.schedule()
        return False

    def set_regenerate_action(self, action: QAction) -> None:
        self.regenerate_action = action
        for bar in self.bars:
            bar.set_regenerate_action(action)

    def add(self, cursor: QTextCursor, text: str, turn_index: int | None, answer: bool,
            version: int = 1, versions: int = 1) -> MessageEntry:
        """A row at cursor for a message's bar."""
        reserve_row(cursor)
        entry = MessageEntry(fixed_mark(cursor.document(), cursor.block().position()), text, turn_index, answer,
                             version, versions)
        self.entries.append(entry)
        self.schedule()
        return entry

    def clear(self) -> None:
        self.entries.clear()
        for bar in self.bars:
            bar.entry = None
            bar.hide()

    @Slot()
    def schedule(self) -> None:
        if not self._later.isActive():
            self._later.start()

    def _top(self, index: int) -> float:
        return self.view.document().documentLayout().blockBoundingRect(self.entries[index].row.block()).top()

    def visible_entries(self) -> list[MessageEntry]:
        """The entries whose row is in the viewport, or a screen above or below it."""
        if not self.entries:
            return []
        top = self.view.verticalScrollBar().value()
        height = self.view.viewport().height()
        # Rows are in document order: the first one near the viewport is found by bisection.
        first = bisect.bisect_left(range(len(self.entries)), top - height, key=self._top)
        shown = []
        for index in range(first, len(self.entries)):
            if self._top(index) > top + 2 * height:
                break
            shown.append(self.entries[index])
        return shown

    @Slot()
    def place_bars(self) -> None:
        self._later.stop()
        view, layout = self.view, self.view.document().documentLayout()
        shown = [entry for entry in self.visible_entries() if is_action_row(entry.row)]
        by_entry = {bar.entry: bar for bar in self.bars if bar.entry in shown}
        free = [bar for bar in self.bars if bar.entry not in by_entry or by_entry[bar.entry] is not bar]
        line = QFontMetricsF(view.font()).height()
        icon_size = QSize(round(line * 1.1), round(line * 1.1))
        last = self.entries[-1] if self.entries and self.entries[-1].answer and not view.streaming else None
        dx, dy = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
        for entry in shown:
            bar = by_entry.get(entry) or (free.pop(0) if free else self._new_bar())
            bar.show_entry(entry, entry is last, icon_size)
            rect = layout.blockBoundingRect(entry.row.block())
            row_height = line * ROW_LINE_HEIGHT / 100
            bar.move(round(rect.left() - dx), round(rect.top() - dy + (row_height - bar.height()) / 2))
            bar.show()
        for bar in free:
            bar.entry = None
            bar.hide()

    def _new_bar(self) -> ActionBar:
        bar = ActionBar(self, self.view.viewport())
        self.bars.append(bar)
        return bar

    def focus_button(self, turn_index: int, name: str) -> None:
        """Put the focus on the button called name in the bar of turn turn_index's answer (or on the
        other version button, if it has become disabled), as a re-rendered chat got new bars: a keyboard
        user flips on without finding the button again."""
        self.place_bars()
        entry = next((entry for entry in self.entries if entry.answer and entry.turn_index == turn_index), None)
        bar = self.bar_of(entry) if entry is not None else None
        if bar is None:
            return
        button = bar.findChild(QWidget, name)
        if button is not None and not button.isEnabled():  # the first or last version: the other way is left
            button = bar.versionNext if button is bar.versionPrevious else bar.versionPrevious
        if button is not None and button.isEnabled():
            button.setFocus(Qt.TabFocusReason)

    def bar_of(self, entry: MessageEntry) -> ActionBar | None:
        """The bar shown for entry now (tests and automation)."""
        return next((bar for bar in self.bars if bar.entry is entry and bar.isVisible()), None)
