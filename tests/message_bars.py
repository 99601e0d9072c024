"""The bars of buttons under the transcript's messages, as a test reaches them: scrolled into view first."""

from __future__ import annotations


def message_entry(view, index: int = -1, answer: bool | None = None):
    entries = [entry for entry in view.message_actions.entries if answer is None or entry.answer is answer]
    return entries[index]


def scroll_to_row(view, entry) -> None:
    top = view.document().documentLayout().blockBoundingRect(entry.row.block()).top()
    view.verticalScrollBar().setValue(int(top) - view.viewport().height() // 2)


def message_bar(qtbot, view, index: int = -1, answer: bool | None = None):
    """The bar of the index-th message (of the answers with answer True, the user's with False), shown."""
    entry = message_entry(view, index, answer)

    def shown() -> bool:
        scroll_to_row(view, entry)  # again and again: steps of a long answer above may push it down
        return view.message_actions.bar_of(entry) is not None

    qtbot.waitUntil(shown)
    return view.message_actions.bar_of(entry)
