"""The inline banner under the transcript: an error (what happened, what to do, the server's words,
Retry / Continue / Settings) or a neutral note, never a modal box that blocks the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..core.errors import ChatError, ErrorKind
from .messages import error_advice, error_title, plain_label, server_detail
from .trust_words import authority_offer, can_offer_trust


# Errors the settings can mend: the banner offers its Settings button with them.
SETTINGS_ERRORS = frozenset({
    ErrorKind.NO_KEY, ErrorKind.INVALID_KEY, ErrorKind.AUTH, ErrorKind.PERMISSION, ErrorKind.NOT_FOUND,
    ErrorKind.BAD_REQUEST, ErrorKind.NOT_OPENAI, ErrorKind.TIMEOUT, ErrorKind.KEYRING_LOCKED,
    ErrorKind.KEYRING_UNAVAILABLE, ErrorKind.CONNECTION, ErrorKind.REDIRECTED, ErrorKind.UNSAFE_ADDRESS,
    ErrorKind.PROXY, ErrorKind.PROXY_LOGIN, ErrorKind.PROXY_AUTH_UNSUPPORTED,
})

# An error or a problem with the app's files is red; a note (the user's own Stop, a key set up
# since) takes the palette's colours, so it does not read as something gone wrong.
TONE_STYLES = {
    "error": "#errorBanner { background: rgba(179, 38, 30, 0.14); border: 1px solid #b3261e; border-radius: 6px; }",
    "note": "#errorBanner { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 6px; }",
}


class ErrorBanner(QFrame):
    """Inline error or note: what happened, what to do, the server's words, and Retry."""

    trustRequested = Signal(object)  # ChatError: a TLS error whose server showed an authority that may be trusted

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown_error: ChatError | None = None
        self.setObjectName("errorBanner")
        self.setFrameShape(QFrame.StyledPanel)
        self.tone = ""
        self.shown_kind: ErrorKind | None = None  # the kind of the error shown, None for a notice
        self.shown_error: ChatError | None = None  # the error shown, None for a notice
        self._set_tone("error")
        self.titleLabel = plain_label(object_name="errorTitleLabel")
        font = self.titleLabel.font()
        font.setBold(True)
        self.titleLabel.setFont(font)
        self.adviceLabel = plain_label(object_name="errorAdviceLabel")
        self.detailLabel = plain_label(object_name="errorDetailLabel")
        self.detailLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.retryButton = QPushButton(self.tr("Retry"))
        self.retryButton.setObjectName("retryButton")
        self.retryButton.setAccessibleName(self.tr("Retry"))
        self.retryButton.setAccessibleDescription(self.tr("Ask for this answer again"))
        self.continueButton = QPushButton(self.tr("Continue"))
        self.continueButton.setObjectName("continueButton")
        self.continueButton.setAccessibleName(self.tr("Continue"))
        self.continueButton.setAccessibleDescription(self.tr("Ask the model to go on from where the answer was cut off"))
        self.settingsButton = QPushButton(self.tr("Settings…"))
        self.settingsButton.setObjectName("errorSettingsButton")
        self.settingsButton.setAccessibleName(self.tr("Open settings"))
        self.settingsButton.setAccessibleDescription(self.tr("Check the key, address and model"))
        # A proxy asked for a login (407): the login prompt, then the request again.
        self.proxyLoginButton = QPushButton(self.tr("Log in to proxy…"))
        self.proxyLoginButton.setObjectName("proxyLoginButton")
        self.proxyLoginButton.setAccessibleName(self.tr("Log in to proxy"))
        self.proxyLoginButton.setAccessibleDescription(self.tr("Enter the proxy's user name and password, then ask again"))
        self.proxyLoginButton.hide()
        self.trustButton = QPushButton(self.tr("Trust this certificate authority…"))
        self.trustButton.setObjectName("trustAuthorityButton")
        self.trustButton.setAccessibleName(self.tr("Trust this certificate authority for these hosts"))
        self.trustButton.setAccessibleDescription(self.tr("Shows the authority and its fingerprint to confirm"))
        self.trustButton.clicked.connect(lambda: self.trustRequested.emit(self.shown_error))
        self.dismissButton = QPushButton(self.tr("Dismiss"))
        self.dismissButton.setObjectName("dismissErrorButton")
        self.dismissButton.setAccessibleName(self.tr("Dismiss error"))
        self.dismissButton.setAccessibleDescription(self.tr("Hide this message"))
        self.dismissButton.clicked.connect(self.hide)
        texts = QVBoxLayout()
        texts.addWidget(self.titleLabel)
        texts.addWidget(self.adviceLabel)
        texts.addWidget(self.detailLabel)
        texts.addStretch()  # the words together at the top when the buttons make the banner taller
        buttons = QVBoxLayout()
        buttons.addWidget(self.proxyLoginButton)
        buttons.addWidget(self.continueButton)
        buttons.addWidget(self.retryButton)
        buttons.addWidget(self.settingsButton)
        buttons.addWidget(self.trustButton)
        buttons.addWidget(self.dismissButton)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(texts, 1)
        layout.addLayout(buttons)

    def show_error(self, error: ChatError, can_retry: bool, can_continue: bool = False, note: str = "") -> None:
        advice = f"{error_advice(error)} {note}" if note else error_advice(error)
        self.show_notice(error_title(error), advice, server_detail(error), can_retry, can_continue)
        self.settingsButton.setVisible(error.kind in SETTINGS_ERRORS)
        self.proxyLoginButton.setVisible(error.kind is ErrorKind.PROXY_LOGIN and bool(error.server_message))
        self.trustButton.setVisible(can_offer_trust(authority_offer(error)))
        self.shown_kind, self.shown_error = error.kind, error

    def replace_advice(self, advice: str) -> None:
        """New words under the error shown, which keeps its buttons (why a chosen certificate was refused)."""
        self.adviceLabel.setText(advice)
        self.setAccessibleDescription(f"{self.titleLabel.text()} {advice}")

    def show_notice(self, title: str, advice: str, detail: str = "", can_retry: bool = False,
                    can_continue: bool = False, tone: str = "error") -> None:
        """A notice in the error's colours (a problem), or with tone="note" in neutral ones."""
        self._set_tone(tone)
        self.shown_kind = self.shown_error = None
        self.titleLabel.setText(title)
        self.adviceLabel.setText(advice)
        self.detailLabel.setText(detail)
        self.detailLabel.setVisible(bool(detail))
        self.retryButton.setVisible(can_retry)
        self.continueButton.setVisible(can_continue)
        self.settingsButton.hide()
        self.proxyLoginButton.hide()
        self.trustButton.hide()
        self.setAccessibleDescription(f"{title} {advice}")
        self.show()

    def _set_tone(self, tone: str) -> None:
        if tone == self.tone:
            return
        self.tone = tone
        self.setStyleSheet(TONE_STYLES[tone])
        self.setAccessibleName(self.tr("Note") if tone == "note" else self.tr("Error"))
