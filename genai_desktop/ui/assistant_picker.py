"""The chat's assistant, next to its profile and model above the messages: whose system prompt the next
answer of this chat is asked with. A new chat starts with the default assistant; a chat keeps the one it
was asked with. Assistants are set up in the settings (Answers page).

Names and prompts are outside text (a course brings them): the combo box shows names as plain text, a
prompt's beginning goes into an escaped tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QWidget

from ..core.assistants import assistant_list
from ..core.course_content import Assistant
from ..qt.controller import ChatController
from ..qt.session import ShownChat
from .messages import plain_label, plain_tooltip
from .model_picker import YieldingCombo

SHOWN_NAME_CHARACTERS = 16  # the combo box's width in characters; a longer name is elided
FEWEST_CHARACTERS = 5  # what it gives way to in a narrow window
PROMPT_PREVIEW_CHARACTERS = 300  # of a system prompt in an item's tooltip


def first_assistant_name() -> str:
    """The name the assistant the single system prompt became is stored with, in the language of that moment."""
    return QCoreApplication.translate("AssistantPicker", "General")


def assistant_name(assistant: Assistant) -> str:
    """The name shown: the assistant the single system prompt became has none of its own until the settings
    are saved (then it is stored with first_assistant_name)."""
    return assistant.name or first_assistant_name()


class AssistantPicker(QWidget):
    assistantChosen = Signal(str)  # the id of the assistant the user chose for the chat shown

    def __init__(self, controller: ChatController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chatAssistantPicker")
        self._controller = controller
        self._listed: tuple[Assistant, ...] = ()  # what the combo box lists
        self.combo = YieldingCombo(FEWEST_CHARACTERS)
        self.combo.setObjectName("chatAssistantCombo")
        self.combo.setAccessibleName(self.tr("Assistant of this chat"))
        self.combo.setAccessibleDescription(self.tr("The instructions (system prompt) this chat is answered "
                                                    "with; set up assistants in the settings"))
        self.combo.setToolTip(self.combo.accessibleDescription())
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(SHOWN_NAME_CHARACTERS)
        self.combo.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.combo.view().setTextElideMode(Qt.ElideRight)
        label = plain_label(self.tr("&Assistant:"), "chatAssistantLabel", wrap=False)
        label.setBuddy(self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        self.combo.activated.connect(lambda index: self._choose(self.combo.itemData(index)))
        self.show_chat(controller.session.shown)

    @Slot(object)
    def show_chat(self, chat: ShownChat) -> None:
        """Another chat is shown (or the assistants changed): the list, the chat's assistant selected."""
        assistants = assistant_list(self._controller.settings.current.effective)
        if assistants != self._listed:
            self._listed = assistants
            self.combo.clear()
            for assistant in assistants:
                self.combo.addItem(assistant_name(assistant), assistant.id)
                if assistant.system_prompt.strip():
                    self.combo.setItemData(self.combo.count() - 1,
                                           plain_tooltip(assistant.system_prompt[:PROMPT_PREVIEW_CHARACTERS]),
                                           Qt.ToolTipRole)
        self.combo.setCurrentIndex(max(0, self.combo.findData(chat.assistant_id)))

    @Slot(object)
    def on_settings_changed(self, _settings: object) -> None:
        self.show_chat(self._controller.session.shown)

    def _choose(self, assistant_id: str) -> None:
        if assistant_id == self._controller.session.shown.assistant_id:
            return
        self._controller.session.set_chat_assistant(assistant_id)
        self.assistantChosen.emit(assistant_id)
