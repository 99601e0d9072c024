"""What the app learned about a server (core/quirks.py), in words: listed where the server is set up (the
profile form uses ServerQuirksView), and the note before a chat that an Ollama server would cut."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..core.profiles import Quirk
from ..core.quirks import OLLAMA_DEFAULT_CONTEXT, ContextWarning, LearnedQuirk, forgotten, quirks_of
from ..qt.settings_service import SettingsService
from .messages import number_text, plain_label

translate = QCoreApplication.translate


def quirk_text(learned: LearnedQuirk) -> str:
    """One learned quirk as a sentence; the model's name (outside text) is put in, never rendered as markup."""
    quirk, model = learned.quirk, learned.model
    if quirk is Quirk.NO_STREAM_OPTIONS:
        return translate("ServerQuirks", "It does not report token counts while streaming: none are asked for.")
    if quirk is Quirk.OLLAMA_CONTEXT:
        return translate("ServerQuirks", "An Ollama server: it silently cuts chats longer than its context "
                         "(by default %1 tokens); the app says so before sending one.").replace(
            "%1", number_text(OLLAMA_DEFAULT_CONTEXT))
    text = {
        Quirk.MAX_TOKENS: translate("ServerQuirks", "%1 takes the answer length only as max_tokens."),
        Quirk.NO_TEMPERATURE: translate("ServerQuirks", "%1 accepts no temperature: none is sent."),
        Quirk.DEVELOPER_ROLE: translate("ServerQuirks", "%1 refuses system messages: the system prompt goes as a "
                                        "developer message."),
        Quirk.SYSTEM_IN_USER: translate("ServerQuirks", "%1 takes neither system nor developer messages: the "
                                        "system prompt goes before your first message."),
    }[quirk]
    return text.replace("%1", model or translate("ServerQuirks", "Every model"))


def quirks_summary(learned: tuple[LearnedQuirk, ...]) -> str:
    if not learned:
        return translate("ServerQuirks", "Nothing learned from this server yet: requests go in the standard form.")
    return "\n".join([translate("ServerQuirks", "Learned from this server:")]
                     + [f"\N{BULLET} {quirk_text(one)}" for one in learned])


def context_cut_title() -> str:
    return translate("ServerQuirks", "This chat may be too long for Ollama")


def context_cut_advice(warning: ContextWarning) -> str:
    return translate("ServerQuirks", "About %1 tokens go to Ollama, which reads only %2 of them unless it was given "
                     "a larger context, and drops the rest without a word. Start a new chat or attach less, or start "
                     "Ollama with a larger context (OLLAMA_CONTEXT_LENGTH) and enter that size in the profile.").replace(
        "%1", number_text(warning.tokens)).replace("%2", number_text(warning.limit))


class ServerQuirksView(QWidget):
    """The quirks learned from one server address, with Forget (learned anew from the next refusal)."""

    forgotten = Signal(str)  # the address whose quirks were forgotten

    def __init__(self, settings: SettingsService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("serverQuirksView")
        self._settings = settings
        self._base_url = ""
        self.summaryLabel = plain_label(object_name="serverQuirksLabel")
        self.summaryLabel.setAccessibleName(self.tr("What the app learned from this server"))
        self.forgetButton = QPushButton(self.tr("Forget"))
        self.forgetButton.setObjectName("forgetQuirksButton")
        self.forgetButton.setAccessibleName(self.tr("Forget what was learned from this server"))
        self.forgetButton.setAccessibleDescription(self.tr("The app learns it again from the server's next refusal"))
        self.forgetButton.setToolTip(self.forgetButton.accessibleDescription())
        self.forgetButton.clicked.connect(self._forget)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.forgetButton)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summaryLabel)
        layout.addLayout(row)

    def show_for(self, base_url: str) -> None:
        self._base_url = base_url.strip()
        learned = quirks_of(self._settings.current.stored, self._base_url)
        self.summaryLabel.setText(quirks_summary(learned))
        self.forgetButton.setVisible(bool(learned))

    @Slot()
    def _forget(self) -> None:
        stored = self._settings.current.stored
        self._settings.remember(learned_quirks=forgotten(stored.learned_quirks, self._base_url))
        self.show_for(self._base_url)
        self.forgotten.emit(self._base_url)
