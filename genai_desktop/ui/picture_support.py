"""What the composer says when a picture is attached for a model that refused pictures before.

The composer calls picture_warning at attach time (and when the chat's model changes while a picture
is attached); the session never sends a picture to such a model (core/vision.py remembers them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.settings import Settings
from ..core.vision import cannot_read_pictures


def picture_warning(settings: Settings, model: str) -> str:
    """The warning for a picture attached in a chat asking model ("" when the model may read pictures).

    settings: the effective settings (controller.settings.current.effective), model: the chat's
    (controller.session.shown.model). The text names the model: show it as plain text."""
    if not model.strip() or not cannot_read_pictures(settings, model):
        return ""
    return QCoreApplication.translate(
        "PictureSupport", "%1 cannot read pictures: it refused them before. Pick a model that reads pictures in "
                          "the Model list above the chat, or remove the picture.").replace("%1", model.strip())
