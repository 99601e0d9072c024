"""The chat list alone (qtbot.add_widget): long titles are cut with "…", whole in their tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from genai_desktop.core.records import Conversation
from genai_desktop.ui.sidebar import Sidebar

LONG_TITLE = "Vergleich der Lieferanten <b>2026</b> für die Ausschreibung " * 6


def test_a_long_title_is_cut_at_the_lists_width_not_scrolled(qtbot):
    chats = [Conversation(2, LONG_TITLE, 0.0), Conversation(1, "Short", 0.0)]
    sidebar = Sidebar(lambda limit: list(chats), lambda words: [])
    qtbot.addWidget(sidebar)
    sidebar.resize(220, 400)
    sidebar.show()
    sidebar.show_conversations(None)
    sidebar.resize(160, 400)
    chats.reverse()  # another chat on top (it got an answer): the list is laid out again
    sidebar.show_conversations(2)
    qtbot.wait(10)
    view = sidebar.conversationList
    assert view.horizontalScrollBar().maximum() == 0
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff
    for row in range(sidebar.model.rowCount()):
        assert view.visualRect(sidebar.model.index(row)).width() <= view.viewport().width()
    assert view.textElideMode() == Qt.ElideRight  # what does not fit that width ends in "…"
    tooltip = sidebar.model.index(1).data(Qt.ToolTipRole)
    shown = QTextDocument()
    shown.setHtml(tooltip)  # a tooltip that looks like markup is shown as rich text: it must read as the title
    assert " ".join(shown.toPlainText().split()) == " ".join(LONG_TITLE.split())
