"""Light and dark: follow the system's colour scheme, or the user's choice in the settings."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QProxyStyle, QStyle

APPEARANCES = ("", "light", "dark")  # "" follows the system
# Fusion draws the outline of a check box, a radio button and a text or number field in the window's colour made
# darker: on a dark window that is almost the field's own (1.2:1). This one stands 3:1 against it (WCAG 1.4.11).
OUTLINE_ON_DARK = "#80838b"
_OUTLINED = (QStyle.PE_IndicatorCheckBox, QStyle.PE_IndicatorRadioButton, QStyle.PE_FrameLineEdit)


class AppStyle(QProxyStyle):
    """Fusion, with controls that can be seen on a dark palette, a focus ring on the conversation, the chat
    list and the message box (Fusion marks none: Tab seemed to stop nowhere), and dialog buttons without
    icons (Fusion's raster arrows and crosses clash with the app's flat icons, and the words say it)."""

    def __init__(self):
        super().__init__("Fusion")

    def styleHint(self, hint, option=None, widget=None, return_data=None) -> int:  # noqa: N802 - Qt API
        if hint == QStyle.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return super().styleHint(hint, option, widget, return_data)

    def drawPrimitive(self, element, option, painter: QPainter, widget=None) -> None:  # noqa: N802 - Qt API
        super().drawPrimitive(element, option, painter, widget)
        if element in _OUTLINED:
            _outline_on_dark(option, painter, round_shape=element == QStyle.PE_IndicatorRadioButton)

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 - Qt API
        if metric == QStyle.PM_DefaultFrameWidth and isinstance(widget, QAbstractScrollArea):
            return 2  # room for a focus ring of 2 px: the viewport covers all inside the frame
        return super().pixelMetric(metric, option, widget)

    def drawControl(self, element, option, painter: QPainter, widget=None) -> None:  # noqa: N802 - Qt API
        super().drawControl(element, option, painter, widget)
        if (element == QStyle.CE_ShapedFrame and isinstance(widget, QAbstractScrollArea)
                and option.state & QStyle.State_HasFocus and widget.focusPolicy() & Qt.TabFocus):
            _draw_outline(painter, QRectF(option.rect).adjusted(1, 1, -1, -1), option.palette.color(QPalette.Highlight), 2)

    def drawComplexControl(self, control, option, painter: QPainter, widget=None) -> None:  # noqa: N802 - Qt API
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.CC_SpinBox or (control == QStyle.CC_ComboBox and option.editable):
            _outline_on_dark(option, painter, round_shape=False)


def _outline_on_dark(option, painter: QPainter, round_shape: bool) -> None:
    if option.palette.color(QPalette.Window).lightness() >= 128 or option.state & QStyle.State_HasFocus:
        return  # on a light palette Fusion's own outline stands out; with the focus it is the highlight
    _draw_outline(painter, QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), QColor(OUTLINE_ON_DARK), 1,
                  round_shape)


def _draw_outline(painter: QPainter, rect: QRectF, colour: QColor, width: int, round_shape: bool = False) -> None:
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QPen(colour, width))
    painter.setBrush(Qt.NoBrush)
    if round_shape:
        painter.drawEllipse(rect)
    else:
        painter.drawRoundedRect(rect, 2, 2)
    painter.restore()


def dark_palette() -> QPalette:
    """A calm dark palette (Fusion), with links and selections readable on dark grey."""
    palette = QPalette()
    colors = {
        QPalette.Window: "#2b2d31", QPalette.WindowText: "#e6e6e6", QPalette.Base: "#1f2023",
        QPalette.AlternateBase: "#34363b", QPalette.ToolTipBase: "#3a3c42", QPalette.ToolTipText: "#f0f0f0",
        QPalette.Text: "#e6e6e6", QPalette.Button: "#35373c", QPalette.ButtonText: "#e6e6e6",
        QPalette.BrightText: "#ff6b6b", QPalette.Link: "#7db4ff", QPalette.LinkVisited: "#b39dff",
        QPalette.Highlight: "#4a8fe7", QPalette.HighlightedText: "#ffffff", QPalette.PlaceholderText: "#9a9ca3",
        QPalette.Light: "#45474d", QPalette.Midlight: "#3b3d42", QPalette.Mid: "#2f3135", QPalette.Dark: "#1b1c1f",
        QPalette.Shadow: "#000000",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        palette.setColor(QPalette.Disabled, role, QColor("#7c7e85"))
    return palette


def is_dark(app: QApplication, appearance: str) -> bool:
    if appearance in ("light", "dark"):
        return appearance == "dark"
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_appearance(app: QApplication, appearance: str) -> None:
    """Set the palette for the chosen appearance; with "" re-applied whenever the system switches."""
    if not isinstance(app.style(), AppStyle):  # one style that looks the same and has both palettes everywhere
        app.setStyle(AppStyle())
    app.setPalette(dark_palette() if is_dark(app, appearance) else app.style().standardPalette())
    previous = getattr(app, "_genai_follow_scheme", None)
    if previous is not None:
        app.styleHints().colorSchemeChanged.disconnect(previous)
        app._genai_follow_scheme = None
    if appearance == "":
        def follow(_scheme) -> None:
            app.setPalette(dark_palette() if is_dark(app, "") else app.style().standardPalette())

        app.styleHints().colorSchemeChanged.connect(follow)
        app._genai_follow_scheme = follow
