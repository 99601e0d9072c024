"""The chat's model picker, above its messages: the profile (server) and model the next answer of this chat
comes from. The profile list is shown only when there is more than one profile.

An editable list filled from the server's /v1/models (through the controller's model lists: loaded
off the GUI thread when the picker is first used, cached per server). A name can always be typed:
where a server has no list, is offline or fails, the picker says why in its tooltip and the status
bar, never in a box. Model names are outside text: shown as plain text (a combo box never renders
markup), bounded in width, never put into a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QWidget

from ..core.errors import ErrorKind
from ..core.profiles import Profile
from ..core.validation import is_model_name
from ..qt.controller import ChatController
from ..qt.model_lists import ModelList
from ..qt.session import ShownChat
from .messages import counted, error_title, plain_label

SHOWN_NAME_CHARACTERS = 28  # the picker's width in characters; a longer name is elided, the list too
FEWEST_NAME_CHARACTERS = 16  # what it gives way to in a narrow window (the chat's assistant stands beside it)


class YieldingCombo(QComboBox):
    """Asks for its minimum contents length, and gives way to fewest characters where the window is narrow."""

    def __init__(self, fewest_characters: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.fewest_characters = fewest_characters

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        fewer = max(0, self.minimumContentsLength() - self.fewest_characters)
        return QSize(hint.width() - self.fontMetrics().averageCharWidth() * fewer, hint.height())


class ChatModelCombo(YieldingCombo):
    """Asks for the server's list when its list is opened or a name is typed (not on focus alone: the
    focus also lands here when a button before it is disabled); a list opened while there is none yet
    opens once it arrives."""

    listWanted = Signal(bool)  # True: the user opened the list (a load that failed is tried again)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(FEWEST_NAME_CHARACTERS, parent)
        self.popup_pending = False
        self.setEditable(True)
        self.lineEdit().textEdited.connect(lambda _text: self.listWanted.emit(False))

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        if not self.view().isVisible():  # the list itself has the focus while it is open
            self.popup_pending = False
        super().focusOutEvent(event)

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        self.popup_pending = True
        self.listWanted.emit(True)  # the list may be filled (and opened) at once
        self.open_pending_list()

    def open_pending_list(self) -> None:
        if self.popup_pending and self.count() and self.isVisible():
            self.popup_pending = False
            super().showPopup()


class ModelPicker(QWidget):
    modelChosen = Signal(str)  # the user chose another model (or profile, and with it its model) for the chat shown
    statusMessage = Signal(str, int)  # text, milliseconds

    def __init__(self, controller: ChatController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chatHeader")
        self._controller = controller
        self._shown_model = ""  # the chat's model as the session said: the picker's text when not being edited
        self._told_failure = False  # the status bar said why the list failed (once, not at every key typed)
        self.combo = ChatModelCombo()
        self.combo.setObjectName("chatModelCombo")
        self.combo.setAccessibleName(self.tr("Model of this chat"))
        self.combo.setInsertPolicy(QComboBox.NoInsert)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(SHOWN_NAME_CHARACTERS)
        self.combo.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.combo.view().setTextElideMode(Qt.ElideMiddle)
        if self.combo.completer() is not None:
            self.combo.completer().setCaseSensitivity(Qt.CaseInsensitive)
        self.profileCombo = QComboBox()
        self.profileCombo.setObjectName("chatProfileCombo")
        self.profileCombo.setAccessibleName(self.tr("Profile of this chat"))
        self.profileCombo.setAccessibleDescription(self.tr("The server this chat talks to; set up profiles in the "
                                                           "settings"))
        self.profileCombo.setToolTip(self.profileCombo.accessibleDescription())
        self.profileCombo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.profileCombo.setMinimumContentsLength(SHOWN_NAME_CHARACTERS // 2)
        self.profileCombo.view().setTextElideMode(Qt.ElideMiddle)
        self._profile_label = plain_label(self.tr("&Profile:"), "chatProfileLabel", wrap=False)
        self._profile_label.setBuddy(self.profileCombo)
        label = plain_label(self.tr("&Model:"), "chatModelLabel", wrap=False)
        label.setBuddy(self.combo)  # Alt+M
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._profile_label)
        row.addWidget(self.profileCombo)
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addStretch(1)
        self._row = row
        self._show_profiles()
        self.show_list(controller.models.current(self._profile()))  # the list remembered from the last start
        self.profileCombo.activated.connect(lambda index: self._choose_profile(self.profileCombo.itemData(index)))

        self.combo.listWanted.connect(self._load)
        self.combo.activated.connect(lambda index: self._choose(self.combo.itemText(index)))
        self.combo.lineEdit().editingFinished.connect(lambda: self._choose(self.combo.currentText()))

    def add_beside(self, widget: QWidget) -> None:
        """Another part of the chat's header (its assistant) after the model, before the free space."""
        self._row.insertWidget(self._row.count() - 1, widget)

    # --- what the session and the model lists say ------------------------------------------------

    def show_chat(self, chat: ShownChat) -> None:
        """Another chat is shown, or the default model changed: its model is the picker's text."""
        self._shown_model = chat.model
        self._show_profiles()
        self._show_text(chat.model)
        self.show_list(self._controller.models.current(self._profile()))

    @Slot(object)
    def show_list(self, models: ModelList) -> None:
        """A server's list arrived (or its load began or failed): shown if it is the server in use."""
        if models.address != self._controller.models.current(self._profile()).address:
            return
        if models.names != tuple(self.combo.itemText(i) for i in range(self.combo.count())):
            text = self.combo.currentText()
            self.combo.blockSignals(True)
            self.combo.clear()
            self.combo.addItems(models.names)
            self._show_text(text)  # the chat's model (or what is being typed) stays, listed or not
            self.combo.blockSignals(False)
        self._describe(models)
        self.combo.open_pending_list()
        if models.error is not None and not self._told_failure:
            self._told_failure = True
            self.statusMessage.emit(self._state_text(models), 10000)

    @Slot(object)
    def on_settings_changed(self, _settings: object) -> None:
        """Another server or default model: the list of the server in use, the chat's model (a chat
        without one of its own follows the default)."""
        self._told_failure = False
        self._show_profiles()
        self.show_list(self._controller.models.current(self._profile()))
        chat = self._controller.session.shown
        if chat.model != self._shown_model:  # not at every save of the settings: a name being typed stays
            self.show_chat(chat)

    # --- the user --------------------------------------------------------------------------------

    @Slot(bool)
    def _load(self, opened: bool) -> None:
        if opened:  # asked for by the user: a failure is said again
            self._told_failure = False
        self.show_list(self._controller.models.load(again_after_failure=opened, profile=self._profile()))

    def _profile(self) -> Profile:
        """The chat's profile (the default one for a chat that has none, or whose profile was deleted)."""
        return self._controller.settings.current.effective.profile(self._controller.session.shown.profile_id)

    def _show_profiles(self) -> None:
        """The profiles to choose from, the chat's selected; only shown when there is a choice."""
        settings = self._controller.settings.current.effective
        profiles = settings.profile_list()
        wanted = [(profile.name, profile.id) for profile in profiles]
        if wanted != [(self.profileCombo.itemText(i), self.profileCombo.itemData(i))
                      for i in range(self.profileCombo.count())]:
            self.profileCombo.clear()
            for name, profile_id in wanted:
                self.profileCombo.addItem(name, profile_id)  # a combo box shows names as plain text
        self.profileCombo.setCurrentIndex(max(0, self.profileCombo.findData(self._profile().id)))
        self.profileCombo.setVisible(len(profiles) > 1)
        self._profile_label.setVisible(len(profiles) > 1)

    def _choose_profile(self, profile_id: str) -> None:
        if profile_id == self._controller.session.shown.profile_id:
            return
        self._controller.session.set_chat_profile(profile_id)
        self._told_failure = False
        self.show_chat(self._controller.session.shown)  # its model: the profile's default
        self.modelChosen.emit(self._shown_model)

    def _choose(self, name: str) -> None:
        name = name.strip()
        if name == self._shown_model:
            return
        if not is_model_name(name):  # emptied, or pasted with line breaks: the chat keeps its model
            self._show_text(self._shown_model)
            if name:
                self.statusMessage.emit(self.tr("This is not a model name; the chat keeps its model."), 6000)
            return
        self._shown_model = name
        self._show_text(name)
        self._controller.session.set_chat_model(name)
        self.modelChosen.emit(name)

    def _show_text(self, name: str) -> None:
        """name in the field, and marked in the list if it is there (the list opens at it)."""
        self.combo.setCurrentIndex(self.combo.findText(name, Qt.MatchExactly))
        self.combo.setCurrentText(name)

    # --- words -----------------------------------------------------------------------------------

    def _describe(self, models: ModelList) -> None:
        text = self.tr("The model that answers in this chat. Pick one the server offers or type its name; "
                       "new chats start with the default model from the settings.")
        state = self._state_text(models)
        self.combo.setToolTip(f"{text}\n{state}" if state else text)  # the app's own words only: no names
        self.combo.setAccessibleDescription(self.combo.toolTip())

    def _state_text(self, models: ModelList) -> str:
        if models.loading:
            return self.tr("Loading the list of models from the server…")
        if models.error is not None:
            if models.error.kind is ErrorKind.NOT_FOUND:
                why = self.tr("This server does not offer a list of its models.")
            else:
                why = self.tr("The list of models could not be loaded: %1").replace("%1", error_title(models.error))
            if models.names:
                return why + " " + self.tr("The list shown was loaded earlier; you can also type a model's name.")
            return why + " " + self.tr("Type the model's name.")
        if models.loaded:
            if not models.names:
                return self.tr("The server lists no models. Type the model's name.")
            return counted(len(models.names), self.tr("The server offers 1 model."),
                           self.tr("The server offers %1 models."))
        return ""
