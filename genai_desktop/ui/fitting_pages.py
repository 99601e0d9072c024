"""Pages chosen from a list on the left, each a form that always fits its text.

A page scrolls when the screen is too small for it, and the window grows with what a page shows
(an error, a status or a result that needs more lines), so its rows push each other down instead
of being cut or overlapping: the settings dialog's pages, and the next dialog with pages.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QListWidget, QScrollArea, QSizePolicy, QStackedWidget, QWidget,
)


# A field's problem, said under it: white on red in light and dark.
PROBLEM_STYLE = "color: palette(highlighted-text); background: #b3261e; padding: 4px;"


def named(widget: QWidget, object_name: str, accessible_name: str, description: str = "") -> QWidget:
    """widget with the objectName tests and automation find it by, the name a screen reader says, and its
    description as the tooltip too."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def show_choices(combo: QComboBox, entries, current_id: str, default_id: str, default_label: str) -> None:
    """A combo box of named entries (profiles, assistants) in their order: the default one marked with
    default_label ("%1 (default)"), the current one chosen. A combo box shows its items as plain text."""
    combo.clear()
    for entry in entries:
        combo.addItem(default_label.replace("%1", entry.name) if entry.id == default_id else entry.name)
    current = next((index for index, entry in enumerate(entries) if entry.id == current_id), None)
    if current is not None:
        combo.setCurrentIndex(current)


def page_form(page: QWidget) -> QFormLayout:
    """The layout of a page: each label above its field, so a field and its notes get the whole width,
    even with long German labels at twice the text size (a label column would take a third of it)."""
    form = QFormLayout(page)
    form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.WrapAllRows)
    return form


class FittingPages(QWidget):
    def __init__(self, list_name: str, list_description: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pageList = QListWidget()
        self.pageList.setObjectName("settingsPageList")
        self.pageList.setAccessibleName(list_name)
        self.pageList.setAccessibleDescription(list_description)
        self.pageList.setToolTip(list_description)
        self.stack = QStackedWidget()
        self.stack.setObjectName("settingsPages")
        self.pageList.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(lambda _index: self._fit_later())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pageList)
        layout.addWidget(self.stack, 1)

    def add_page(self, title: str, object_name: str, content: QWidget) -> None:
        content.setObjectName(object_name)
        for label in content.findChildren(QLabel):
            if label.wordWrap():
                # The form gives a field its size hint's width, but computes the row's height for the whole
                # column's width: a wrapped label must take that width, or its last line is cut.
                policy = label.sizePolicy()
                policy.setHorizontalPolicy(QSizePolicy.Expanding)
                label.setSizePolicy(policy)
        scroll = QScrollArea()
        scroll.setObjectName(f"{object_name}Scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        # A scroll area passes on no minimum width: without this a row of buttons would be cut at the side.
        scroll.setMinimumWidth(content.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        content.installEventFilter(self)  # its layout asks for more room: see eventFilter
        self.stack.addWidget(scroll)
        self.pageList.addItem(title)
        metrics = self.fontMetrics()  # rows a pointer hits easily
        self.pageList.item(self.pageList.count() - 1).setSizeHint(
            QSize(metrics.horizontalAdvance(title) + metrics.averageCharWidth() * 2, metrics.lineSpacing() * 2))
        self.pageList.setFixedWidth(self.pageList.sizeHintForColumn(0) + 4 * self.pageList.frameWidth()
                                    + metrics.averageCharWidth() * 4)
        if self.pageList.currentRow() < 0:
            self.pageList.setCurrentRow(0)

    def page_names(self) -> list[str]:
        """The pages' objectNames, in order."""
        return [self.stack.widget(index).widget().objectName() for index in range(self.stack.count())]

    def show_page(self, object_name: str) -> None:
        self.pageList.setCurrentRow(self.page_names().index(object_name))

    def reveal(self, widget: QWidget) -> None:
        """Scroll the page shown so that widget is in view, once the layout has taken its new size
        (a report that grows below the fold, as Check connection's)."""
        scroll = self.stack.currentWidget()
        if scroll is None or not scroll.widget().isAncestorOf(widget):
            return

        def scroll_to() -> None:
            # Its bottom into view, never its top out (ensureWidgetVisible would show a text box's cursor).
            scroll.widget().layout().activate()
            top = widget.mapTo(scroll.widget(), QPoint(0, 0)).y()
            bar, height = scroll.verticalScrollBar(), scroll.viewport().height()
            if top + widget.height() > bar.value() + height:
                bar.setValue(min(top, top + widget.height() - height))
            elif top < bar.value():
                bar.setValue(top)

        QTimer.singleShot(0, self, scroll_to)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.LayoutRequest:  # a text changed, a row was shown or hidden
            self._fit_later()
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_later()

    def _fit_later(self) -> None:
        QTimer.singleShot(0, self, self._fit)

    def _fit(self) -> None:
        """Grow the window (never shrink it, so nothing jumps) until the page shown needs no scrolling,
        as far as the screen has room."""
        scroll = self.stack.currentWidget()
        window = self.window()
        if scroll is None or not window.isVisible() or window.screen() is None:
            return
        content = scroll.widget()
        width = scroll.viewport().width()
        needed = content.heightForWidth(width) if content.hasHeightForWidth() else content.sizeHint().height()
        if content.minimumHeight() != needed:  # a page taller than the screen scrolls: its rows are never squeezed
            content.setMinimumHeight(needed)
        missing = needed - scroll.viewport().height()
        if missing <= 0:
            return
        screen = window.screen().availableGeometry()
        frame = window.frameGeometry().height() - window.height()
        height = min(window.height() + missing, screen.height() - frame)
        if height > window.height():
            window.resize(window.width(), height)
            if window.frameGeometry().bottom() > screen.bottom():
                window.move(window.x(), max(screen.top(), screen.bottom() - window.frameGeometry().height()))
