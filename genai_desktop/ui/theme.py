"""Light and dark: follow the system's colour scheme, or the user's choice in the settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

APPEARANCES = ("", "light", "dark")  # "" follows the system


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
    app.setStyle("Fusion")  # one style that looks the same and has both palettes everywhere
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
