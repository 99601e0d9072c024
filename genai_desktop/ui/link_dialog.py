"""The question before a link from a model's answer opens in the browser: where it really goes.

The address and the server are shown whole at a fixed width, wrapped wherever needed (a
224-character server name must neither widen the dialog off the screen nor push the domain out
of sight), the domain that runs the site is set apart in bold, and a server name that mixes
alphabets or imitates Latin letters is shown in its xn-- form with a warning. Everything is
plain text: the link comes from the model.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..core.validation import describe_link_host
from .line_breaks import DISPLAY_BREAK, with_display_breaks, without_display_breaks
from .messages import plain_label

LINK_DIALOG_WIDTH = 520  # px; the texts wrap inside it, whatever their length
ADDRESS_LINES = 6  # a longer address scrolls in its box, it is never cut
UNBROKEN_CHARACTERS = 16  # at most this many characters without a place to wrap


def breakable(text: str) -> str:
    """text with invisible wrap points after dots and dashes and in long runs (for display only)."""
    return with_display_breaks(re.sub(r"([./\-_:@])", "\\1" + DISPLAY_BREAK, text), UNBROKEN_CHARACTERS)


def shown_text(label: QLabel) -> str:
    """What a label says, without the wrap points (for tests and accessibility)."""
    return without_display_breaks(label.text())


class LinkConfirmationDialog(QDialog):
    def __init__(self, url: QUrl, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("openLinkDialog")
        self.setWindowTitle(self.tr("Open link?"))
        self.setFixedWidth(LINK_DIALOG_WIDTH)
        address = url.toString(QUrl.FullyEncoded)

        question = self._label("linkQuestionLabel", self.tr("Open this address in your web browser?"))
        self.addressView = QPlainTextEdit(address)
        self.addressView.setObjectName("linkAddressView")
        self.addressView.setAccessibleName(self.tr("Address"))
        self.addressView.setReadOnly(True)
        self.addressView.setWordWrapMode(QTextOption.WrapAnywhere)
        metrics = self.addressView.fontMetrics()
        lines = metrics.horizontalAdvance(address) // (LINK_DIALOG_WIDTH - 60) + 1  # about, as it wraps anywhere
        self.addressView.setFixedHeight(metrics.lineSpacing() * min(lines, ADDRESS_LINES) + 14)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.addressView)
        self.serverLabel = self.domainLabel = self.warningLabel = None
        if url.scheme().lower() == "mailto":
            self.serverLabel = self._label("linkServerLabel", self.tr("E-mail to: %1").replace(
                "%1", breakable(url.path(QUrl.FullyEncoded))))
            layout.addWidget(self.serverLabel)
        else:
            host = describe_link_host(url.host(QUrl.FullyEncoded))
            self.serverLabel = self._label("linkServerLabel", self.tr("Server: %1").replace("%1", breakable(host.shown)))
            self.domainLabel = self._label("linkDomainLabel", self.tr("Domain: %1").replace("%1", breakable(host.registrable)))
            font = self.domainLabel.font()
            font.setBold(True)
            self.domainLabel.setFont(font)
            layout.addWidget(self.serverLabel)
            layout.addWidget(self.domainLabel)
            if host.deceptive:
                self.warningLabel = self._label("linkWarningLabel", self.tr(
                    "Warning: this server name mixes alphabets or uses letters that only look like Latin ones, "
                    "so it is shown in its xn-- form. It may imitate another website's name (it reads as “%1”).")
                    .replace("%1", breakable(host.unicode)))
                self.warningLabel.setStyleSheet("color: #b3261e;")
                layout.addWidget(self.warningLabel)

        self.buttonBox = QDialogButtonBox(QDialogButtonBox.Open | QDialogButtonBox.Cancel)
        self.buttonBox.setObjectName("linkButtons")
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.rejected.connect(self.reject)
        # Enter must never open a link: Cancel is the default and has the focus, and Open does not
        # become the default when it gets the focus (autoDefault) — it did, so Enter opened.
        self.buttonBox.button(QDialogButtonBox.Open).setAutoDefault(False)
        self._cancel = self.buttonBox.button(QDialogButtonBox.Cancel)
        self._cancel.setDefault(True)
        layout.addWidget(self.buttonBox)
        self.setAccessibleDescription(" ".join(
            shown_text(label) for label in (question, self.serverLabel, self.domainLabel, self.warningLabel)
            if label is not None))
        self.adjustSize()  # the wrapped texts' height at the fixed width

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._cancel.setFocus()  # set before the dialog is shown, the focus goes to the first button

    def _label(self, object_name: str, text: str) -> QLabel:
        label = plain_label(text, object_name)
        label.setAccessibleName(without_display_breaks(text))
        return label


def ask_before_opening(url: QUrl, parent: QWidget | None = None) -> bool:
    """True if the user chose to open url in the browser."""
    dialog = LinkConfirmationDialog(url, parent)
    try:
        return dialog.exec() == QDialog.Accepted
    finally:
        dialog.deleteLater()  # a child of the transcript: it would otherwise live as long as the window
