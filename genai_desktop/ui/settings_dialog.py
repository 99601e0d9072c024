"""The settings dialog: pages for the connection (key, server, model, Test connection), answers,
appearance and advanced settings (timeouts, the environment); see fitting_pages for why they fit."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPushButton, QVBoxLayout, QWidget,
)

from ..core.assistants import with_assistants
from ..core.errors import ChatError, ErrorKind
from ..core.presets import AZURE_PLACEHOLDER, AzureAdvice, AzureHint, preset
from ..core.profiles import Profile
from ..core.settings import API_KEY_ENV, ENV_OVERRIDES, KeySource, Settings
from ..core.validation import (KeyProblem, UrlCheck, UrlProblem, address_problem, check_api_key, check_base_url,
                               endpoint_id)
from ..qt.controller import ChatController
from ..qt.settings_service import KeyState, ProfileSecret
from .assistants_page import AssistantForm
from .connection_check_view import ConnectionCheckView
from .fitting_pages import PROBLEM_STYLE, FittingPages, named, page_form
from .profiles_page import ProfileForm
from .proxy_form import ProxyChoiceForm, network_page
from .server_quirks import ServerQuirksView
from .messages import (address_problem_text, counted, error_title, plain_label, plain_message_box, server_detail,
                       settings_advice)
from .trusted_authorities_page import TrustedAuthoritiesPage

LANGUAGES = (("", "System language"), ("de", "Deutsch"), ("en", "English"))
MODEL_VARIABLE = next(variable for variable, field in ENV_OVERRIDES.items() if field == "model")
KEY_LOOKUP_DELAY_MS = 400  # after the last keystroke in the address: one keyring lookup, not one per key


def _problem_label(object_name: str, accessible_name: str) -> QLabel:
    label = named(plain_label(), object_name, accessible_name)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


class SettingsDialog(QDialog):
    def __init__(self, controller: ChatController, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        effective = controller.settings.current
        stored, locked = effective.stored, effective.from_environment
        self._cleartext_confirmed = stored.cleartext_confirmed  # see _cleartext_confirmed_for
        self._busy = False
        self._key_address = ""  # the endpoint whose key state is being looked up or shown
        self._key_removable = False  # the state shown says a key is there (Remove key works)
        self._locked = locked
        self._typed_keys: dict[str, str] = {}  # keys pasted for profiles not shown now: saved at OK
        self._key_profile_id = effective.effective.default_profile_id()  # whose key the key field is for
        self.profileForm = ProfileForm(effective.effective.profile_list(), self._key_profile_id,
                                       self._form_values, self._show_profile, self)

        self.pages = FittingPages(self.tr("Settings pages"), self.tr("Choose which settings to show"))
        self.pageList = self.pages.pageList
        self.pages.add_page(self.tr("Connection"), "connectionPage", self._connection_page(stored))
        self.pages.add_page(self.tr("Answers"), "answersPage", self._answers_page(stored))
        self.pages.add_page(self.tr("Appearance"), "appearancePage", self._appearance_page(stored))
        self.proxyForm = ProxyChoiceForm(stored.proxy)  # the global choice; a profile's own is on its form
        self.pages.add_page(self.tr("Network"), "networkPage", network_page(self.proxyForm))
        self.pages.add_page(self.tr("Advanced"), "advancedPage", self._advanced_page(stored))
        self.pages.add_page(self.tr("Certificates"), "certificatesPage", TrustedAuthoritiesPage(controller.trust))
        self._show_environment_locks(effective, locked)
        self.profileForm.show(self._key_profile_id)

        self.buttonBox = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttonBox.setObjectName("buttonBox")
        self.buttonBox.button(QDialogButtonBox.Ok).setAccessibleDescription(self.tr("Save the settings and close"))
        self.buttonBox.button(QDialogButtonBox.Cancel).setAccessibleDescription(self.tr("Close without saving"))
        self.buttonBox.accepted.connect(self._save)
        self.buttonBox.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttonBox)
        # Wide enough for a sentence per line at any text size, if the screen is; the height follows the page.
        width = self.pageList.width() + self.fontMetrics().averageCharWidth() * 80
        if self.screen() is not None:
            width = min(width, self.screen().availableGeometry().width() * 9 // 10)
        self.resize(QSize(max(width, self.minimumSizeHint().width()), self.fontMetrics().lineSpacing() * 26))

        self._key_lookup_timer = QTimer(self)
        self._key_lookup_timer.setSingleShot(True)
        self._key_lookup_timer.setInterval(KEY_LOOKUP_DELAY_MS)
        self._key_lookup_timer.timeout.connect(self._look_up_key_state)
        self.baseUrlEdit.textChanged.connect(lambda _text: self._key_lookup_timer.start())
        # A key saved or removed (here or elsewhere): look again for the address shown here.
        controller.settings.keyStateChanged.connect(self._key_state_changed)
        if controller.settings.key_state is not None and self._key_lookup_url() == effective.effective.base_url:
            self._show_key_state(controller.settings.key_state)
        self._look_up_key_state()
        self.apiKeyEdit.setFocus()

    # --- pages ----------------------------------------------------------------------------------------

    def _connection_page(self, stored: Settings) -> QWidget:
        page = QWidget()
        form = page_form(page)
        self.profileForm.add_rows_to(form, self._label)
        self.apiKeyEdit = named(QLineEdit(), "apiKeyEdit", self.tr("API key"),
                                 self.tr("Paste the API key of your account. It is stored in the system keyring."))
        self.apiKeyEdit.setEchoMode(QLineEdit.Password)
        self.apiKeyEdit.setPlaceholderText(self.tr("Paste your API key here"))
        self.showKeyButton = named(QPushButton(self.tr("Show")), "showKeyButton", self.tr("Show key"),
                                    self.tr("Show or hide the characters of the key"))
        self.showKeyButton.setCheckable(True)
        self.showKeyButton.toggled.connect(self._toggle_key_visible)
        self.removeKeyButton = named(QPushButton(self.tr("Remove key")), "removeKeyButton", self.tr("Remove key"),
                                      self.tr("Delete the saved key for this server from the system keyring"))
        self.removeKeyButton.clicked.connect(self._remove_key)
        self.removeKeyButton.setEnabled(False)  # until the lookup says there is a key to remove
        key_row = QHBoxLayout()
        key_row.addWidget(self.apiKeyEdit, 1)
        key_row.addWidget(self.showKeyButton)
        key_row.addWidget(self.removeKeyButton)
        form.addRow(self._label(self.tr("API &key:"), self.apiKeyEdit), key_row)
        self.keyStatusLabel = named(plain_label(self.tr("Looking up the saved key…")), "keyStatusLabel",
                                     self.tr("Key status"))
        form.addRow(self.keyStatusLabel)
        self.sessionOnlyCheck = named(QCheckBox(self.tr("Use the key for this session only (do not save it)")),
                                       "sessionOnlyCheck", self.tr("Use for this session only"),
                                       self.tr("The key is kept in memory until you close the app"))
        form.addRow(self.sessionOnlyCheck)
        self.keyErrorLabel = _problem_label("keyErrorLabel", self.tr("Key problem"))
        form.addRow(self.keyErrorLabel)
        self.apiKeyEdit.textEdited.connect(lambda _text: self.keyErrorLabel.hide())

        self.baseUrlEdit = named(QLineEdit(stored.base_url), "baseUrlEdit", self.tr("Server address"),
                                  self.tr("The address of an OpenAI-compatible API, e.g. https://api.openai.com/v1"))
        form.addRow(self._label(self.tr("Server &address:"), self.baseUrlEdit), self.baseUrlEdit)
        self.urlErrorLabel = _problem_label("urlErrorLabel", self.tr("Address problem"))
        form.addRow(self.urlErrorLabel)
        self.baseUrlEdit.textEdited.connect(lambda _text: self.urlErrorLabel.hide())
        self.baseUrlEdit.editingFinished.connect(self._check_address_format)

        self.modelCombo = named(QComboBox(), "modelCombo", self.tr("Default model"),
                                 self.tr("The model new chats start with (each chat can pick its own above its "
                                         "messages); type a name or load the list from the server"))
        self.modelCombo.setEditable(True)
        self.modelCombo.setInsertPolicy(QComboBox.NoInsert)
        self.modelCombo.setCurrentText(stored.model)
        self.loadModelsButton = named(QPushButton(self.tr("Load list")), "loadModelsButton",
                                       self.tr("Load model list"), self.tr("Ask the server which models it offers"))
        self.loadModelsButton.clicked.connect(self._load_models)
        model_row = QHBoxLayout()
        model_row.addWidget(self.modelCombo, 1)
        model_row.addWidget(self.loadModelsButton)
        form.addRow(self._label(self.tr("&Default model:"), self.modelCombo), model_row)
        self.profileForm.add_header_rows_to(form, self._label)
        self.profileForm.give_hints_for(self.baseUrlEdit, self.modelCombo)
        self.connectionEnvironmentHint = plain_label(
            self.tr("Some of these settings come from environment variables; the Advanced page says which."),
            "connectionEnvironmentHint")
        self.connectionEnvironmentHint.hide()
        form.addRow(self.connectionEnvironmentHint)

        self.testConnectionButton = named(QPushButton(self.tr("Test connection")), "testConnectionButton",
                                           self.tr("Test connection"),
                                           self.tr("Send a tiny request with these settings and report the result"))
        self.testConnectionButton.clicked.connect(self._test_connection)
        self.checkConnectionButton = named(
            QPushButton(self.tr("Check connection")), "checkConnectionButton", self.tr("Check connection"),
            self.tr("Check each step to the server (name, proxy, connection, certificate, key, model) and say what "
                    "fails and how to fix it"))
        self.checkConnectionButton.clicked.connect(self._check_connection)
        test_row = QHBoxLayout()
        test_row.addWidget(self.testConnectionButton)
        test_row.addWidget(self.checkConnectionButton)
        test_row.addStretch(1)
        form.addRow(test_row)
        self.testResultLabel = named(plain_label(), "testResultLabel", self.tr("Test result"))
        self.testResultLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)  # a server message can be copied
        form.addRow(self.testResultLabel)
        self.connectionCheckView = ConnectionCheckView()
        # The report grows under the fold of a long page: each step it adds is scrolled into view.
        self.connectionCheckView.textChanged.connect(lambda: self.pages.reveal(self.connectionCheckView))
        form.addRow(self.connectionCheckView)
        self.serverQuirksView = ServerQuirksView(self._controller.settings)  # what this server refused before
        self.serverQuirksView.show_for(stored.base_url)
        self.baseUrlEdit.textChanged.connect(self.serverQuirksView.show_for)
        form.addRow(self.serverQuirksView)
        return page

    def _answers_page(self, stored: Settings) -> QWidget:
        page = QWidget()
        form = page_form(page)
        self.temperatureSpin = named(QDoubleSpinBox(), "temperatureSpin", self.tr("Temperature"),
                                      self.tr("Higher values give more varied answers; some models accept only their default"))
        self.temperatureSpin.setRange(-0.1, 2.0)
        self.temperatureSpin.setSingleStep(0.1)
        self.temperatureSpin.setDecimals(1)
        self.temperatureSpin.setSpecialValueText(self.tr("Model default"))
        self.temperatureSpin.setValue(-0.1 if stored.temperature is None else stored.temperature)
        form.addRow(self._label(self.tr("&Temperature:"), self.temperatureSpin), self.temperatureSpin)
        self.assistantForm = AssistantForm(stored, self)  # the single system prompt's place: now per assistant
        self.assistantForm.add_rows_to(form, self._label)
        self.systemPromptEdit = self.assistantForm.systemPromptEdit
        return page

    def _appearance_page(self, stored: Settings) -> QWidget:
        page = QWidget()
        form = page_form(page)
        self.languageCombo = named(QComboBox(), "languageCombo", self.tr("Language"),
                                    self.tr("The language of the app; takes effect after a restart"))
        for code, _name in LANGUAGES:
            self.languageCombo.addItem(self._language_name(code), code)
        self.languageCombo.setCurrentIndex(max(0, self.languageCombo.findData(stored.language)))
        form.addRow(self._label(self.tr("&Language:"), self.languageCombo), self.languageCombo)
        form.addRow(plain_label(self.tr("A new language takes effect after a restart.")))
        self.appearanceCombo = named(QComboBox(), "appearanceCombo", self.tr("Appearance"),
                                      self.tr("Light or dark colours; by default the same as the system"))
        for code, label in (("", self.tr("Same as the system")), ("light", self.tr("Light")),
                            ("dark", self.tr("Dark"))):
            self.appearanceCombo.addItem(label, code)
        self.appearanceCombo.setCurrentIndex(max(0, self.appearanceCombo.findData(stored.appearance)))
        form.addRow(self._label(self.tr("A&ppearance:"), self.appearanceCombo), self.appearanceCombo)
        self.announceCheck = named(
            QCheckBox(self.tr("Read answers aloud while they arrive")), "announceCheck",
            self.tr("Announce while streaming"),
            self.tr("Otherwise a screen reader hears each answer once it is complete"))
        self.announceCheck.setChecked(stored.announce_while_streaming)
        form.addRow(self._label(self.tr("Screen readers:"), self.announceCheck), self.announceCheck)
        form.addRow(plain_label(self.tr(
            "A screen reader then hears an answer sentence by sentence as it arrives, instead of once it is "
            "complete.")))
        return page

    def _advanced_page(self, stored: Settings) -> QWidget:
        page = QWidget()
        form = page_form(page)
        self.readTimeoutSpin = self._seconds_spin(
            "readTimeoutSpin", self.tr("Response timeout"),
            self.tr("How long to wait for the server to send more of an answer"), 5, 3600, stored.read_timeout)
        form.addRow(self._label(self.tr("&Response timeout:"), self.readTimeoutSpin), self.readTimeoutSpin)
        self.connectTimeoutSpin = self._seconds_spin(
            "connectTimeoutSpin", self.tr("Connection timeout"),
            self.tr("How long to wait for the server to accept the connection"), 1, 300, stored.connect_timeout)
        form.addRow(self._label(self.tr("Co&nnection timeout:"), self.connectTimeoutSpin), self.connectTimeoutSpin)
        self.keyLookupNote = plain_label(
            self.tr("Lookup order: the environment variable %1 first, then the system keyring.").replace(
                "%1", API_KEY_ENV), "keyLookupNote")
        form.addRow(plain_label(self.tr("API key:"), wrap=False), self.keyLookupNote)
        self._locked_note = plain_label(object_name="environmentNote")
        form.addRow(self._locked_note)
        return page

    def _show_environment_locks(self, effective, locked: frozenset[str]) -> None:
        """Fields the environment sets are shown, locked and explained (on Advanced, next to the key's order)."""
        env_names = {field: variable for variable, field in ENV_OVERRIDES.items()}
        for field, widget in (("base_url", self.baseUrlEdit), ("model", self.modelCombo)):
            if field in locked:
                widget.setEnabled(False)
                value = getattr(effective.effective, field)
                if field == "base_url":
                    widget.setText(value)
                else:
                    widget.setCurrentText(value)
                widget.setToolTip(self.tr("Set by environment (%1)").replace("%1", env_names[field]))
        self._locked_note.setText(", ".join(
            self.tr("%1 is set by environment (%2)").replace("%1", label).replace("%2", env_names[field])
            for field, label in (("base_url", self.tr("Server address")), ("model", self.tr("Default model")),
                                 ("log_level", self.tr("Log level")))
            if field in locked))
        self._locked_note.setVisible(bool(locked))
        self.connectionEnvironmentHint.setVisible(bool(locked & {"base_url", "model"}))

    # --- small pieces ---------------------------------------------------------------------------------

    def _seconds_spin(self, object_name: str, name: str, description: str, low: float, high: float,
                      value: float) -> QDoubleSpinBox:
        spin = named(QDoubleSpinBox(), object_name, name, description)
        spin.setRange(low, high)
        spin.setSuffix(self.tr(" s"))
        spin.setDecimals(0)
        spin.setValue(value)
        return spin

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = plain_label(text, wrap=False)
        label.setBuddy(buddy)
        return label

    def _language_name(self, code: str) -> str:
        return self.tr("System language") if code == "" else dict(LANGUAGES)[code]

    @Slot(bool)
    def _toggle_key_visible(self, visible: bool) -> None:
        self.apiKeyEdit.setEchoMode(QLineEdit.Normal if visible else QLineEdit.Password)
        self.showKeyButton.setText(self.tr("Hide") if visible else self.tr("Show"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttonBox.button(QDialogButtonBox.Ok).setEnabled(not busy)
        self._offer_key_removal(self._key_removable)

    def _offer_key_removal(self, removable: bool) -> None:
        """Remove key works when the state shown has a key, and not while the dialog is busy saving one."""
        self._key_removable = removable
        self.removeKeyButton.setEnabled(removable and not self._busy)

    def _error_text(self, error: ChatError) -> str:
        """What went wrong, what to do here, and the server's own words on a line of their own."""
        text = f"{error_title(error)} {settings_advice(error)}"
        detail = server_detail(error)
        return f"{text}\n{detail}" if detail else text

    # --- the key of the address being edited ------------------------------------------------------------

    def _key_lookup_url(self) -> str:
        return self._profile_for_requests().base_url

    @Slot()
    def _look_up_key_state(self) -> None:
        """A key is stored per endpoint: the status is the one of the address in the field, saved or not."""
        self._key_lookup_timer.stop()
        base_url = self._key_lookup_url()
        if not check_base_url(base_url).ok:
            self._key_address = ""
            self.keyStatusLabel.setText(self.tr("Enter a valid server address to see whether a key is saved for it."))
            self._offer_key_removal(False)
            return
        self._key_address = f"{self.profileForm.current_id} {endpoint_id(base_url)}"
        if self.keyStatusLabel.text() == "":
            self.keyStatusLabel.setText(self.tr("Looking up the saved key…"))
        self._controller.settings.look_up_key_state(
            base_url, lambda state, address=self._key_address: self._key_state_arrived(address, state), self,
            profile_id=self.profileForm.current_id)

    @Slot(object)
    def _key_state_changed(self, _state: KeyState) -> None:
        self._look_up_key_state()

    def _key_state_arrived(self, address: str, state: KeyState) -> None:
        if address == self._key_address and not self._busy:  # not an answer for an address typed over since
            self._show_key_state(state)

    def _show_key_state(self, state: KeyState) -> None:
        from_environment = state.source is KeySource.ENVIRONMENT  # the default profile's key only
        env_placeholder = self.tr("Set by environment (%1)").replace("%1", API_KEY_ENV)
        self.apiKeyEdit.setEnabled(not from_environment)
        self.showKeyButton.setEnabled(not from_environment)  # the field is empty then: there is nothing to show
        if not from_environment and self.apiKeyEdit.placeholderText() == env_placeholder:  # another profile now
            self.apiKeyEdit.setPlaceholderText(self.tr("Paste your API key here"))
        if from_environment:
            status = self.tr("The key comes from the environment variable %1 and cannot be changed here.").replace(
                "%1", API_KEY_ENV)
            self.apiKeyEdit.setPlaceholderText(env_placeholder)
        elif state.source is KeySource.KEYRING:
            status = self.tr("A key for this server address is saved in the system keyring. Paste a new key to "
                             "replace it.")
        elif state.source is KeySource.SESSION:
            status = self.tr("A key for this server address is in use for this session only; it is not saved.")
        else:
            status = self.tr("No key is saved for this server address yet.")
        self._offer_key_removal(state.source in (KeySource.KEYRING, KeySource.SESSION))
        if not state.keyring_usable or state.keyring_error is not None:
            status += " " + self.tr("The system keyring cannot be used here, so a key can only be kept for this session.")
            self.sessionOnlyCheck.setChecked(True)
        self.keyStatusLabel.setText(status)

    # --- what the form says -------------------------------------------------------------------------------

    def _current_settings(self) -> Settings:
        stored = self._controller.settings.current.stored
        temperature = self.temperatureSpin.value()
        with_profiles = with_assistants(stored.with_profiles(self.profileForm.profiles(), self.profileForm.default_id),
                                        self.assistantForm.assistants(), self.assistantForm.default_id)
        # What the environment sets is shown in the default profile's form, never saved (another profile
        # made the default brings its own values).
        same_default = self.profileForm.default_id == stored.default_profile_id()
        return with_profiles.replace(
            base_url=stored.base_url if "base_url" in self._locked and same_default else with_profiles.base_url,
            model=stored.model if "model" in self._locked and same_default else with_profiles.model,
            temperature=None if temperature < 0 else round(temperature, 2),
            read_timeout=self.readTimeoutSpin.value(),
            connect_timeout=self.connectTimeoutSpin.value(),
            language=self.languageCombo.currentData() or "",
            announce_while_streaming=self.announceCheck.isChecked(),
            appearance=self.appearanceCombo.currentData() or "",
            cleartext_confirmed=self._cleartext_confirmed,
            proxy=self.proxyForm.choice() or stored.proxy,
        )

    def _effective_for_requests(self) -> Settings:
        """What a request made now would use: the form's values, the environment on top."""
        current = self._current_settings()
        effective = self._controller.settings.current
        return current.replace(**{field: getattr(effective.effective, field) for field in effective.from_environment})

    def _profile_for_requests(self) -> Profile:
        """The profile shown as a request made now would go to it: the form's values, the environment's on top
        for the default profile."""
        profile = self.profileForm.current()
        if profile.id != self.profileForm.default_id:
            return profile
        effective = self._effective_for_requests()
        return dataclasses.replace(profile, base_url=effective.base_url, model=effective.model)

    # --- the profile shown ---------------------------------------------------------------------------------

    def _form_values(self) -> tuple[str, str]:
        """The address and model of the profile shown; a field the environment locks (the default profile's)
        shows the environment's value, so its stored one is the profile's."""
        stored = self._controller.settings.current.stored
        return (self.baseUrlEdit.text().strip() if self.baseUrlEdit.isEnabled() else stored.base_url,
                self.modelCombo.currentText().strip() if self.modelCombo.isEnabled() else stored.model)

    def _show_profile(self, profile: Profile) -> None:
        """Another profile in the form: a key pasted for the one before is kept for OK, the new one's fields
        are locked where the environment sets them (the default profile's only)."""
        switched = profile.id != self._key_profile_id
        typed = self.apiKeyEdit.text()
        if typed.strip() and switched:
            self._typed_keys[self._key_profile_id] = typed
        self._key_profile_id = profile.id
        self.apiKeyEdit.setText(self._typed_keys.pop(profile.id, ""))
        if self.apiKeyEdit.isEnabled():  # not while the environment sets the key
            self.apiKeyEdit.setPlaceholderText(self.tr("Paste your API key here") if preset(profile.preset).needs_key
                                               else self.tr("Not needed for this server"))
        self.keyErrorLabel.hide()
        self.urlErrorLabel.hide()
        self.testResultLabel.clear()
        is_default = profile.id == self.profileForm.default_id
        effective = self._controller.settings.current.effective
        self.baseUrlEdit.setEnabled(not (is_default and "base_url" in self._locked))
        self.modelCombo.setEnabled(not (is_default and "model" in self._locked))
        self.baseUrlEdit.setText(effective.base_url if not self.baseUrlEdit.isEnabled() else profile.base_url)
        self.modelCombo.setCurrentText(effective.model if not self.modelCombo.isEnabled() else profile.model)
        if switched:
            self.keyStatusLabel.clear()  # the lookup says it is looking
            self._look_up_key_state()

    def _show_problem(self, label: QLabel, text: str, focus: QWidget) -> None:
        self.pages.show_page("connectionPage")  # where the key and the address are
        label.setText(text)
        label.show()
        focus.setFocus()

    @Slot()
    def _check_address_format(self) -> None:
        """Say what is wrong when the field is left (Tab); the http:// question waits for Test or OK."""
        if not self.baseUrlEdit.isEnabled():
            return
        check = check_base_url(self.baseUrlEdit.text())
        if not check.ok:
            self.urlErrorLabel.setText(address_problem_text(check.problem))
            self.urlErrorLabel.show()

    def _url_ok(self) -> bool:
        """A usable address; plain http to another machine once confirmed, also when the environment sets it."""
        if not self.baseUrlEdit.isEnabled():
            # Set by OPENAI_BASE_URL: it cannot be fixed here (requests refuse it with a message),
            # but an unencrypted one can be confirmed here.
            check = check_base_url(self._effective_for_requests().base_url)
            return self._cleartext_confirmed_for(check) if check.ok else True
        check = check_base_url(self.baseUrlEdit.text())
        if not check.ok:
            self._show_problem(self.urlErrorLabel, address_problem_text(check.problem), self.baseUrlEdit)
            return False
        if AZURE_PLACEHOLDER in check.url:  # the Azure preset's address not filled in yet
            self._show_problem(self.urlErrorLabel, self.profileForm.hint_text(AzureAdvice(AzureHint.PLACEHOLDER)),
                               self.baseUrlEdit)
            return False
        return self._cleartext_confirmed_for(check)

    def _cleartext_confirmed_for(self, check: UrlCheck) -> bool:
        """Ask once per address; the answer is saved with the settings, and requests check it."""
        if address_problem(check.url, self._cleartext_confirmed) is not UrlProblem.CLEARTEXT_UNCONFIRMED:
            return True  # the requests' own rule: https, this machine, or this very address confirmed
        answer = QMessageBox.warning(
            self, self.tr("Unencrypted connection"),
            self.tr("This address uses http:// without encryption. Your API key and your messages would "
                    "travel over the network in clear text.\n\nUse this address anyway?"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        self._cleartext_confirmed = endpoint_id(check.url)
        return True

    def _typed_key(self) -> str | None:
        """The pasted key, cleaned; "" if none was typed; None (with a message) if it is unusable."""
        raw = self.apiKeyEdit.text()
        if not raw.strip():
            return ""
        check = check_api_key(raw)
        if check.problem is KeyProblem.BAD_CHARACTER:
            self._show_problem(self.keyErrorLabel, self.tr(
                "The key contains an invalid character at position %1 (%2). Keys consist of plain letters, digits "
                "and dashes; copy it again from your provider's website.")
                .replace("%1", str(check.position)).replace("%2", check.character_name), self.apiKeyEdit)
            return None
        return check.key

    # --- buttons --------------------------------------------------------------------------------------------

    @Slot()
    def _save(self) -> None:
        if self._busy:
            return
        unusable = next((p for p in self.profileForm.profiles() if p.id != self.profileForm.current_id
                         and (not check_base_url(p.base_url).ok or AZURE_PLACEHOLDER in p.base_url)), None)
        if unusable is not None:  # shown, so that the address check below says what is wrong with it
            self.profileForm.show(unusable.id)
        if not self._url_ok():
            return
        if self.proxyForm.show_problem():
            self.pages.show_page("networkPage")
            return
        if self.profileForm.proxyForm.show_problem():
            self.pages.show_page("connectionPage")
            return
        key = self._typed_key()
        if key is None:
            return
        if self.profileForm.header_problem():
            self._show_problem(self.profileForm.headersProblemLabel, self.profileForm.headersProblemLabel.text(),
                               self.profileForm.headersEdit)
            return
        if self.profileForm.duplicate_name():
            self._show_problem(self.profileForm.headersProblemLabel,
                               self.tr("Two profiles have this name; give each its own."),
                               self.profileForm.profileNameEdit)
            return
        settings = self._current_settings()
        self._controller.settings.save(settings)
        self._controller.settings.forget_profiles(self.profileForm.removed)
        typed_keys = {**self._typed_keys, **({self.profileForm.current_id: key} if key else {})}
        secrets = self.profileForm.secrets_to_save(settings, typed_keys, self._controller.settings.current.effective)
        if not secrets:
            self.accept()
            return
        self._set_busy(True)
        self.keyStatusLabel.setText(self.tr("Saving the key in the system keyring…"))
        self._controller.settings.save_secrets(secrets, self.sessionOnlyCheck.isChecked(), self._key_saved,
                                               lambda error: self._key_not_saved(error, secrets), self)

    def _key_saved(self, _result: object) -> None:
        self._set_busy(False)
        self.apiKeyEdit.clear()
        self._controller.settings.refresh_key_state()
        self.accept()

    def _key_not_saved(self, error: ChatError, secrets: list[ProfileSecret]) -> None:
        self._set_busy(False)
        if error.kind not in (ErrorKind.KEYRING_UNAVAILABLE, ErrorKind.KEYRING_LOCKED):
            self._show_problem(self.keyErrorLabel, f"{error_title(error)} {settings_advice(error)}", self.apiKeyEdit)
            return
        box = plain_message_box(QMessageBox.Warning, self.tr("Key cannot be saved"), self.tr(
            "%1 The key cannot be saved securely on this computer.\n\nUse it for this session only? You will need "
            "to paste it again after the next start.").replace("%1", error_title(error)), parent=self)
        box.setObjectName("keyringUnavailableDialog")
        session_button = box.addButton(self.tr("Use for this session only"), QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.exec()
        if box.clickedButton() is session_button:
            self._set_busy(True)
            self._controller.settings.save_secrets(secrets, True, self._key_saved,
                                                   lambda err: self._key_not_saved(err, secrets), self)

    @Slot()
    def _remove_key(self) -> None:
        self._set_busy(True)
        base_url = self._key_lookup_url()  # the key whose status is shown: the address in the field

        def removed(_result: object) -> None:
            self._set_busy(False)
            self._controller.settings.refresh_key_state()  # the window's state too; it makes this dialog look again

        def failed(error: ChatError) -> None:
            self._set_busy(False)
            self._show_problem(self.keyErrorLabel, f"{error_title(error)} {settings_advice(error)}", self.apiKeyEdit)

        self._controller.settings.remove_key(base_url, removed, failed, self, profile_id=self.profileForm.current_id)

    @Slot()
    def _test_connection(self) -> None:
        if not self._url_ok():
            return
        key = self._typed_key()
        if key is None:
            return
        self.testConnectionButton.setEnabled(False)
        self.testResultLabel.setText(self.tr("Testing…"))

        def done(_result: object) -> None:
            self.testConnectionButton.setEnabled(True)
            self.testResultLabel.setText(self.tr("Connection works: the model answered."))
            self.pages.reveal(self.testResultLabel)

        def failed(error: ChatError) -> None:
            self.testConnectionButton.setEnabled(True)
            self.testResultLabel.setText(self._error_text(error))
            self.pages.reveal(self.testResultLabel)

        self._controller.settings.test_connection(self._effective_for_requests(), key, done, failed, self,
                                                  profile=self._profile_for_requests())

    @Slot()
    def _check_connection(self) -> None:
        key = self._typed_key() if self._url_ok() else None
        if key is not None:
            self.testResultLabel.clear()
            self.connectionCheckView.run(self._controller.settings, self._effective_for_requests(), key,
                                         self.checkConnectionButton, self._profile_for_requests())

    @Slot()
    def _load_models(self) -> None:
        key = self._typed_key()
        if key is None or not self._url_ok():
            return
        self.loadModelsButton.setEnabled(False)
        self.testResultLabel.setText(self.tr("Loading the model list…"))

        def done(models: list) -> None:
            self.loadModelsButton.setEnabled(True)
            self.testResultLabel.setText(self._offer_models(models))

        def failed(error: ChatError) -> None:
            self.loadModelsButton.setEnabled(True)
            self.testResultLabel.setText(self._error_text(error))

        self._controller.settings.list_models(self._effective_for_requests(), key, done, failed, self,
                                              profile=self._profile_for_requests())

    def _offer_models(self, models: list) -> str:
        """Fill the list; a model the server does not offer is replaced by its first one, and the result says so."""
        current = self.modelCombo.currentText().strip()
        self.modelCombo.clear()
        self.modelCombo.addItems(models)
        found = counted(len(models), self.tr("1 model found."), self.tr("%1 models found."))
        if not models or current in models:
            self.modelCombo.setCurrentText(current)
            return found
        if not self.modelCombo.isEnabled():  # GENAI_DESKTOP_MODEL sets it: shown, not changed
            self.modelCombo.setCurrentText(current)
            return f"{found} " + self.tr("This server does not offer %1, which the environment variable %2 sets.") \
                .replace("%1", current).replace("%2", MODEL_VARIABLE)
        self.modelCombo.setCurrentIndex(0)
        return f"{found} " + self.tr("This server does not offer %1; %2 is selected instead.") \
            .replace("%1", current).replace("%2", models[0])
