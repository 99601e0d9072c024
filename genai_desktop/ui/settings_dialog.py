"""The settings dialog: key, endpoint, model and how answers are requested."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from ..core.errors import ChatError, ErrorKind
from ..core.settings import API_KEY_ENV, ENV_OVERRIDES, KeySource, Settings
from ..core.validation import (KeyProblem, UrlCheck, UrlProblem, address_problem, check_api_key, check_base_url,
                               endpoint_id)
from ..qt.controller import ChatController
from ..qt.settings_service import KeyState
from .messages import address_problem_text, error_advice, error_title, plain_label, plain_message_box

LANGUAGES = (("", "System language"), ("de", "Deutsch"), ("en", "English"))


def _named(widget: QWidget, object_name: str, accessible_name: str, description: str = "") -> QWidget:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


class SettingsDialog(QDialog):
    def __init__(self, controller: ChatController, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)
        effective = controller.settings.current
        stored, locked = effective.stored, effective.from_environment
        self._cleartext_confirmed = stored.cleartext_confirmed  # see _cleartext_confirmed_for
        self._busy = False

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)

        # API key
        self.apiKeyEdit = _named(QLineEdit(), "apiKeyEdit", self.tr("API key"),
                                 self.tr("Paste the API key of your account. It is stored in the system keyring."))
        self.apiKeyEdit.setEchoMode(QLineEdit.Password)
        self.apiKeyEdit.setPlaceholderText(self.tr("Paste your API key here"))
        self.showKeyButton = _named(QPushButton(self.tr("Show")), "showKeyButton", self.tr("Show key"),
                                    self.tr("Show or hide the characters of the key"))
        self.showKeyButton.setCheckable(True)
        self.showKeyButton.toggled.connect(self._toggle_key_visible)
        self.removeKeyButton = _named(QPushButton(self.tr("Remove key")), "removeKeyButton", self.tr("Remove key"),
                                      self.tr("Delete the saved key for this server from the system keyring"))
        self.removeKeyButton.clicked.connect(self._remove_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.apiKeyEdit, 1)
        key_row.addWidget(self.showKeyButton)
        key_row.addWidget(self.removeKeyButton)
        form.addRow(self._label(self.tr("API &key:"), self.apiKeyEdit), key_row)
        self.keyStatusLabel = _named(plain_label(self.tr("Looking up the saved key…")), "keyStatusLabel",
                                     self.tr("Key status"))
        form.addRow("", self.keyStatusLabel)
        self.sessionOnlyCheck = _named(QCheckBox(self.tr("Use the key for this session only (do not save it)")),
                                       "sessionOnlyCheck", self.tr("Use for this session only"),
                                       self.tr("The key is kept in memory until you close the app"))
        form.addRow("", self.sessionOnlyCheck)
        self.keyErrorLabel = _named(plain_label(), "keyErrorLabel", self.tr("Key problem"))
        self.keyErrorLabel.setStyleSheet("color: palette(highlighted-text); background: #b3261e; padding: 4px;")
        self.keyErrorLabel.hide()
        form.addRow("", self.keyErrorLabel)
        self.apiKeyEdit.textEdited.connect(lambda _text: self.keyErrorLabel.hide())

        # Server and model
        self.baseUrlEdit = _named(QLineEdit(stored.base_url), "baseUrlEdit", self.tr("Server address"),
                                  self.tr("The address of an OpenAI-compatible API, e.g. https://api.openai.com/v1"))
        form.addRow(self._label(self.tr("Server &address:"), self.baseUrlEdit), self.baseUrlEdit)
        self.urlErrorLabel = _named(plain_label(), "urlErrorLabel", self.tr("Address problem"))
        self.urlErrorLabel.setStyleSheet(self.keyErrorLabel.styleSheet())
        self.urlErrorLabel.hide()
        form.addRow("", self.urlErrorLabel)
        self.baseUrlEdit.textEdited.connect(lambda _text: self.urlErrorLabel.hide())

        self.modelCombo = _named(QComboBox(), "modelCombo", self.tr("Model"),
                                 self.tr("The model that answers; type a name or load the list from the server"))
        self.modelCombo.setEditable(True)
        self.modelCombo.setInsertPolicy(QComboBox.NoInsert)
        self.modelCombo.setCurrentText(stored.model)
        self.loadModelsButton = _named(QPushButton(self.tr("Load list")), "loadModelsButton",
                                       self.tr("Load model list"), self.tr("Ask the server which models it offers"))
        self.loadModelsButton.clicked.connect(self._load_models)
        model_row = QHBoxLayout()
        model_row.addWidget(self.modelCombo, 1)
        model_row.addWidget(self.loadModelsButton)
        form.addRow(self._label(self.tr("&Model:"), self.modelCombo), model_row)

        self.temperatureSpin = _named(QDoubleSpinBox(), "temperatureSpin", self.tr("Temperature"),
                                      self.tr("Higher values give more varied answers; some models accept only their default"))
        self.temperatureSpin.setRange(-0.1, 2.0)
        self.temperatureSpin.setSingleStep(0.1)
        self.temperatureSpin.setDecimals(1)
        self.temperatureSpin.setSpecialValueText(self.tr("Model default"))
        self.temperatureSpin.setValue(-0.1 if stored.temperature is None else stored.temperature)
        form.addRow(self._label(self.tr("&Temperature:"), self.temperatureSpin), self.temperatureSpin)

        self.systemPromptEdit = _named(QPlainTextEdit(stored.system_prompt), "systemPromptEdit",
                                       self.tr("System prompt"),
                                       self.tr("Instructions sent before every conversation, e.g. 'Answer in German.'"))
        self.systemPromptEdit.setTabChangesFocus(True)
        self.systemPromptEdit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self._label(self.tr("S&ystem prompt:"), self.systemPromptEdit), self.systemPromptEdit)

        self.readTimeoutSpin = self._seconds_spin(
            "readTimeoutSpin", self.tr("Response timeout"),
            self.tr("How long to wait for the server to send more of an answer"), 5, 3600, stored.read_timeout)
        form.addRow(self._label(self.tr("&Response timeout:"), self.readTimeoutSpin), self.readTimeoutSpin)
        self.connectTimeoutSpin = self._seconds_spin(
            "connectTimeoutSpin", self.tr("Connection timeout"),
            self.tr("How long to wait for the server to accept the connection"), 1, 300, stored.connect_timeout)
        form.addRow(self._label(self.tr("Co&nnection timeout:"), self.connectTimeoutSpin), self.connectTimeoutSpin)

        self.languageCombo = _named(QComboBox(), "languageCombo", self.tr("Language"),
                                    self.tr("The language of the app; takes effect after a restart"))
        for code, _name in LANGUAGES:
            self.languageCombo.addItem(self._language_name(code), code)
        self.languageCombo.setCurrentIndex(max(0, self.languageCombo.findData(stored.language)))
        form.addRow(self._label(self.tr("&Language:"), self.languageCombo), self.languageCombo)
        form.addRow("", plain_label(self.tr("A new language takes effect after a restart."), wrap=False))
        self.appearanceCombo = _named(QComboBox(), "appearanceCombo", self.tr("Appearance"),
                                      self.tr("Light or dark colours; by default the same as the system"))
        for code, label in (("", self.tr("Same as the system")), ("light", self.tr("Light")),
                            ("dark", self.tr("Dark"))):
            self.appearanceCombo.addItem(label, code)
        self.appearanceCombo.setCurrentIndex(max(0, self.appearanceCombo.findData(stored.appearance)))
        form.addRow(self._label(self.tr("A&ppearance:"), self.appearanceCombo), self.appearanceCombo)
        self.announceCheck = _named(
            QCheckBox(self.tr("Screen readers: read answers aloud sentence by sentence while they arrive")),
            "announceCheck", self.tr("Announce while streaming"),
            self.tr("Otherwise a screen reader hears each answer once it is complete"))
        self.announceCheck.setChecked(stored.announce_while_streaming)
        form.addRow("", self.announceCheck)

        # Fields the environment sets are shown, locked and explained.
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
        self._locked_note = plain_label(", ".join(
            self.tr("%1 is set by environment (%2)").replace("%1", label).replace("%2", env_names[field])
            for field, label in (("base_url", self.tr("Server address")), ("model", self.tr("Model")),
                                 ("log_level", self.tr("Log level")))
            if field in locked))
        self._locked_note.setObjectName("environmentNote")
        self._locked_note.setVisible(bool(locked))
        form.addRow("", self._locked_note)

        # Test connection
        self.testConnectionButton = _named(QPushButton(self.tr("Test connection")), "testConnectionButton",
                                           self.tr("Test connection"),
                                           self.tr("Send a tiny request with these settings and report the result"))
        self.testConnectionButton.clicked.connect(self._test_connection)
        self.testResultLabel = _named(plain_label(), "testResultLabel", self.tr("Test result"))
        test_row = QHBoxLayout()
        test_row.addWidget(self.testConnectionButton)
        test_row.addWidget(self.testResultLabel, 1)

        self.buttonBox = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttonBox.setObjectName("buttonBox")
        self.buttonBox.button(QDialogButtonBox.Ok).setAccessibleDescription(self.tr("Save the settings and close"))
        self.buttonBox.button(QDialogButtonBox.Cancel).setAccessibleDescription(self.tr("Close without saving"))
        self.buttonBox.accepted.connect(self._save)
        self.buttonBox.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.buttonBox)

        controller.settings.keyStateChanged.connect(self._show_key_state)
        if controller.settings.key_state is not None:
            self._show_key_state(controller.settings.key_state)
        controller.settings.refresh_key_state()

    def _seconds_spin(self, object_name: str, name: str, description: str, low: float, high: float,
                      value: float) -> QDoubleSpinBox:
        spin = _named(QDoubleSpinBox(), object_name, name, description)
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
        for widget in (self.buttonBox.button(QDialogButtonBox.Ok), self.removeKeyButton):
            widget.setEnabled(not busy)

    @Slot(object)
    def _show_key_state(self, state: KeyState) -> None:
        order = self.tr("Lookup order: the environment variable %1 first, then the system keyring.").replace(
            "%1", API_KEY_ENV)
        if state.source is KeySource.ENVIRONMENT:
            status = self.tr("The key comes from the environment variable %1 and cannot be changed here.").replace(
                "%1", API_KEY_ENV)
            self.apiKeyEdit.setEnabled(False)
            self.showKeyButton.setEnabled(False)  # the field is empty: there is nothing to show
            self.apiKeyEdit.setPlaceholderText(self.tr("Set by environment (%1)").replace("%1", API_KEY_ENV))
        elif state.source is KeySource.KEYRING:
            status = self.tr("A key is saved in the system keyring. Paste a new key to replace it.")
        elif state.source is KeySource.SESSION:
            status = self.tr("A key is in use for this session only; it is not saved.")
        else:
            status = self.tr("No key is saved yet.")
        self.removeKeyButton.setEnabled(state.source in (KeySource.KEYRING, KeySource.SESSION) and not self._busy)
        if not state.keyring_usable or state.keyring_error is not None:
            status += " " + self.tr("The system keyring cannot be used here, so a key can only be kept for this session.")
            self.sessionOnlyCheck.setChecked(True)
        self.keyStatusLabel.setText(f"{status}\n{order}")

    def _current_settings(self) -> Settings:
        stored = self._controller.settings.current.stored
        temperature = self.temperatureSpin.value()
        return stored.replace(
            base_url=self.baseUrlEdit.text().strip() if self.baseUrlEdit.isEnabled() else stored.base_url,
            model=self.modelCombo.currentText().strip() if self.modelCombo.isEnabled() else stored.model,
            temperature=None if temperature < 0 else round(temperature, 2),
            system_prompt=self.systemPromptEdit.toPlainText(),
            read_timeout=self.readTimeoutSpin.value(),
            connect_timeout=self.connectTimeoutSpin.value(),
            language=self.languageCombo.currentData() or "",
            announce_while_streaming=self.announceCheck.isChecked(),
            appearance=self.appearanceCombo.currentData() or "",
            cleartext_confirmed=self._cleartext_confirmed,
        )

    def _effective_for_requests(self) -> Settings:
        """What a request made now would use: the form's values, the environment on top."""
        current = self._current_settings()
        effective = self._controller.settings.current
        return current.replace(**{field: getattr(effective.effective, field) for field in effective.from_environment})

    def _show_problem(self, label: QLabel, text: str, focus: QWidget) -> None:
        label.setText(text)
        label.show()
        focus.setFocus()

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

    @Slot()
    def _save(self) -> None:
        if self._busy or not self._url_ok():
            return
        key = self._typed_key()
        if key is None:
            return
        settings = self._current_settings()
        self._controller.settings.save(settings)
        if not key:
            self.accept()
            return
        self._set_busy(True)
        self.keyStatusLabel.setText(self.tr("Saving the key in the system keyring…"))
        base_url = self._effective_for_requests().base_url  # the address in use, even if the environment sets it
        self._controller.settings.save_key(base_url, key, self.sessionOnlyCheck.isChecked(),
                                  self._key_saved, lambda error: self._key_not_saved(error, base_url, key), self)

    def _key_saved(self, _source: KeySource) -> None:
        self._set_busy(False)
        self.apiKeyEdit.clear()
        self._controller.settings.refresh_key_state()
        self.accept()

    def _key_not_saved(self, error: ChatError, base_url: str, key: str) -> None:
        self._set_busy(False)
        if error.kind not in (ErrorKind.KEYRING_UNAVAILABLE, ErrorKind.KEYRING_LOCKED):
            self._show_problem(self.keyErrorLabel, f"{error_title(error)} {error_advice(error)}", self.apiKeyEdit)
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
            self._controller.settings.save_key(base_url, key, True, self._key_saved,
                                      lambda err: self._key_not_saved(err, base_url, key), self)

    @Slot()
    def _remove_key(self) -> None:
        self._set_busy(True)
        base_url = self._controller.settings.current.effective.base_url

        def removed(_result: object) -> None:
            self._set_busy(False)
            self._controller.settings.refresh_key_state()

        def failed(error: ChatError) -> None:
            self._set_busy(False)
            self._show_problem(self.keyErrorLabel, f"{error_title(error)} {error_advice(error)}", self.apiKeyEdit)

        self._controller.settings.remove_key(base_url, removed, failed, self)

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

        def failed(error: ChatError) -> None:
            self.testConnectionButton.setEnabled(True)
            self.testResultLabel.setText(f"{error_title(error)} {error_advice(error)}")

        self._controller.settings.test_connection(self._effective_for_requests(), key, done, failed, self)

    @Slot()
    def _load_models(self) -> None:
        key = self._typed_key()
        if key is None or not self._url_ok():
            return
        self.loadModelsButton.setEnabled(False)
        self.testResultLabel.setText(self.tr("Loading the model list…"))

        def done(models: list) -> None:
            self.loadModelsButton.setEnabled(True)
            current = self.modelCombo.currentText()
            self.modelCombo.clear()
            self.modelCombo.addItems(models)
            self.modelCombo.setCurrentText(current)
            self.testResultLabel.setText(self.tr("%1 models found.").replace("%1", str(len(models))))

        def failed(error: ChatError) -> None:
            self.loadModelsButton.setEnabled(True)
            self.testResultLabel.setText(f"{error_title(error)} {error_advice(error)}")

        self._controller.settings.list_models(self._effective_for_requests(), key, done, failed, self)
