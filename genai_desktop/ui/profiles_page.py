"""The profile part of the settings' Connection page: which profile the form below shows, new ones from a
preset, removing one, the default one, its name, context size, extra headers and proxy choice, and the
hints of the Azure preset.

The key, address and model fields stay the dialog's (they were the single endpoint's form): this part
asks the dialog for their values when another profile is shown (read_form) and fills them (show_form).
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QMenu, QPlainTextEdit, QPushButton, QSpinBox, QWidget,
)

from ..core.context_sizes import CONTEXT_SIZE_MAX
from ..core.presets import PRESETS, AzureAdvice, AzureHint, azure_advice, guess_preset, preset
from ..core.profiles import (Profile, is_header_name, is_header_value, new_profile_id, profile_with_id,
                             unique_name)
from ..core.settings import Settings
from ..core.validation import check_api_key
from ..qt.settings_service import ProfileSecret
from .fitting_pages import named, show_choices
from .messages import plain_label
from .proxy_form import ProxyChoiceForm

FormValues = tuple[str, str]  # the address and model the form shows


def parse_headers(text: str) -> tuple[tuple[tuple[str, str], ...], int]:
    """"Name: value" lines as headers, and the number of the first unusable line (0: none)."""
    headers = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not colon or not is_header_name(name) or not is_header_value(value):
            return tuple(headers), number
        headers.append((name, value))
    return tuple(headers), 0


class ProfileForm(QObject):
    """Holds the profiles being edited; the widgets go into the dialog's page (add_rows_to)."""

    shown = Signal(object)  # Profile: now in the form (the dialog looks up its key)

    def __init__(self, profiles: tuple[Profile, ...], default_id: str, read_form: Callable[[], FormValues],
                 show_form: Callable[[Profile], None], parent: QObject | None = None):
        super().__init__(parent)
        self._profiles = list(profiles)
        self._default_id = default_id
        self._current_id = default_id
        self._read_form, self._show_form = read_form, show_form
        self.removed: list[Profile] = []  # their keys go at OK
        self._secret_values: dict[str, tuple[str, str]] = {}  # of the profiles shown before: see typed_secret_values
        self._advice: tuple[AzureAdvice, ...] = ()

        self.profileCombo = named(QComboBox(), "profileCombo", self.tr("Profile"),
                                        self.tr("The server profile shown below; each has its own key"))
        self.newProfileButton = named(QPushButton(self.tr("New profile")), "newProfileButton",
                                            self.tr("New profile"),
                                            self.tr("Add a profile, filled in for the kind of server you choose"))
        menu = QMenu(self.newProfileButton)
        menu.setObjectName("newProfileMenu")
        for choice in PRESETS:
            menu.addAction(self.preset_name(choice.id), lambda chosen=choice.id: self.add(chosen))
        self.newProfileButton.setMenu(menu)
        self.removeProfileButton = named(QPushButton(self.tr("Remove profile")), "removeProfileButton",
                                               self.tr("Remove profile"),
                                               self.tr("Delete this profile and its saved key"))
        self.removeProfileButton.clicked.connect(self._remove_current)
        self.profileNameEdit = named(QLineEdit(), "profileNameEdit", self.tr("Profile name"),
                                           self.tr("What you call this server, e.g. 'Course gateway'"))
        self.profileNameEdit.setMaxLength(80)
        self.profileNameEdit.textEdited.connect(self._rename)
        self.defaultProfileCheck = named(QCheckBox(self.tr("New chats use this profile")),
                                               "defaultProfileCheck", self.tr("Default profile"),
                                               self.tr("New chats start with this profile; each chat keeps its own"))
        self.defaultProfileCheck.toggled.connect(self._make_default)
        self.headersEdit = named(QPlainTextEdit(), "headersEdit", self.tr("Extra headers"),
                                       self.tr("Sent with every request to this server, one 'Name: value' per line"))
        self.headersEdit.setTabChangesFocus(True)
        self.headersEdit.setPlaceholderText(self.tr("Header-Name: value"))
        self.headersEdit.setFixedHeight(self.headersEdit.fontMetrics().lineSpacing() * 3 + 12)
        self.headersProblemLabel = plain_label(object_name="headersProblemLabel")
        self.headersProblemLabel.hide()
        self.secretHeaderNameEdit = named(QLineEdit(), "secretHeaderNameEdit", self.tr("Secret header name"),
                                                self.tr("A header whose value is kept in the system keyring, "
                                                        "e.g. Ocp-Apim-Subscription-Key"))
        self.secretHeaderValueEdit = named(QLineEdit(), "secretHeaderValueEdit", self.tr("Secret header value"),
                                                 self.tr("Saved in the system keyring; leave empty to keep the "
                                                         "saved value"))
        self.secretHeaderValueEdit.setEchoMode(QLineEdit.Password)
        self.contextSpin = named(QSpinBox(), "contextTokensSpin", self.tr("Context size"),
                                       self.tr("How many tokens the server takes in one request; a local Ollama "
                                               "server cuts a longer chat without saying so"))
        self.contextSpin.setRange(0, CONTEXT_SIZE_MAX)
        self.contextSpin.setSingleStep(1024)
        self.contextSpin.setGroupSeparatorShown(True)
        self.contextSpin.setSpecialValueText(self.tr("The model's known size"))
        self.contextSpin.setSuffix(self.tr(" tokens"))
        self.proxyForm = ProxyChoiceForm(None, inherit_text=self.tr("As on the Network page"), mnemonics=False)
        self.proxyForm.setObjectName("profileProxyForm")
        self.presetHintLabel = plain_label(object_name="presetHintLabel")
        self.presetHintLabel.hide()
        self.applyHintButton = named(QPushButton(self.tr("Use the suggested address")), "applyHintButton",
                                           self.tr("Use the suggested address"),
                                           self.tr("Put the address (and deployment) named above into the form"))
        self.applyHintButton.hide()
        self.profileCombo.activated.connect(lambda index: self.show(self._profiles[index].id))
        self._fill_combo()

    def preset_name(self, preset_id: str) -> str:
        return preset(preset_id).name or self.tr("Other OpenAI-compatible server")

    def add_rows_to(self, form: QFormLayout, label: Callable[[str, QWidget], QWidget]) -> None:
        """The rows above the key (which profile) go here; add_header_rows_to puts the rest below the model."""
        form.addRow(label(self.tr("Pro&file:"), self.profileCombo), self.profileCombo)
        row = QHBoxLayout()
        row.addWidget(self.newProfileButton)
        row.addWidget(self.removeProfileButton)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(label(self.tr("Profile nam&e:"), self.profileNameEdit), self.profileNameEdit)
        form.addRow(self.defaultProfileCheck)

    def add_header_rows_to(self, form: QFormLayout, label: Callable[[str, QWidget], QWidget]) -> None:
        form.addRow(self.presetHintLabel)
        form.addRow(self.applyHintButton)
        form.addRow(label(self.tr("E&xtra headers:"), self.headersEdit), self.headersEdit)
        form.addRow(self.headersProblemLabel)
        form.addRow(label(self.tr("Secret &header:"), self.secretHeaderNameEdit), self.secretHeaderNameEdit)
        form.addRow(label(self.tr("Secret header val&ue:"), self.secretHeaderValueEdit), self.secretHeaderValueEdit)
        form.addRow(label(self.tr("Con&text size:"), self.contextSpin), self.contextSpin)
        form.addRow(self.proxyForm)

    # --- which profile ---------------------------------------------------------------------------------

    @property
    def current_id(self) -> str:
        return self._current_id

    @property
    def default_id(self) -> str:
        return self._default_id

    def current(self) -> Profile:
        """The profile shown, with what the form says now (headers as far as they are usable)."""
        base_url, model = self._read_form()
        headers, _problem = parse_headers(self.headersEdit.toPlainText())
        secret = self.secretHeaderNameEdit.text().strip()
        stored = profile_with_id(tuple(self._profiles), self._current_id)
        return dataclasses.replace(
            stored, name=self.profileNameEdit.text().strip() or stored.name, base_url=base_url, model=model,
            headers=headers, secret_headers=(secret,) if is_header_name(secret) else (),
            context_tokens=self.contextSpin.value(), proxy=self.proxyForm.choice())

    def profiles(self) -> tuple[Profile, ...]:
        """Every profile, the one shown with the form's values."""
        current = self.current()
        return tuple(current if p.id == current.id else p for p in self._profiles)

    def header_problem(self) -> int:
        """The first line of the extra headers that is no header (0: none); said under the field."""
        _headers, line = parse_headers(self.headersEdit.toPlainText())
        secret = self.secretHeaderNameEdit.text().strip()
        if line:
            self.headersProblemLabel.setText(self.tr("Line %1 is not a header. Write one 'Name: value' per line.")
                                             .replace("%1", str(line)))
        elif secret and not is_header_name(secret):
            self.headersProblemLabel.setText(self.tr("The secret header's name is not a header name."))
        self.headersProblemLabel.setVisible(bool(line) or bool(secret and not is_header_name(secret)))
        return line or int(bool(secret and not is_header_name(secret)))

    def typed_secret_values(self) -> dict[str, tuple[str, str]]:
        """profile id -> (secret header, value typed): to be saved in the keyring at OK."""
        typed = dict(self._secret_values)
        current = self.current()
        value = self.secretHeaderValueEdit.text()
        if value and current.secret_headers:
            typed[current.id] = (current.secret_headers[0], value)
        return typed

    def secrets_to_save(self, settings: Settings, typed_keys: dict[str, str],
                        effective: Settings) -> list[ProfileSecret]:
        """The keys pasted (profile id -> key) and the secret header values typed, each for its profile's
        address as requests use it (the default profile's: the environment's, if it sets one)."""
        typed_secrets = self.typed_secret_values()
        secrets = []
        for profile in settings.profile_list():
            base_url = effective.base_url if profile.id == settings.default_profile else profile.base_url
            check = check_api_key(typed_keys.get(profile.id, ""))
            if check.ok:
                secrets.append(ProfileSecret(base_url, profile.id, check.key))
            header, value = typed_secrets.get(profile.id, ("", ""))
            if value and header in profile.secret_headers:
                secrets.append(ProfileSecret(base_url, profile.id, value, header))
        return secrets

    def _take_form(self) -> None:
        self._secret_values = self.typed_secret_values()
        current = self.current()
        self._profiles = [current if p.id == current.id else p for p in self._profiles]

    def show(self, profile_id: str) -> None:
        if profile_id != self._current_id:
            self._take_form()
            self._current_id = profile_id
        profile = profile_with_id(tuple(self._profiles), profile_id)
        self.profileCombo.setCurrentIndex(self._profiles.index(profile))
        self.profileNameEdit.setText(profile.name)
        self.defaultProfileCheck.blockSignals(True)
        self.defaultProfileCheck.setChecked(profile.id == self._default_id)
        self.defaultProfileCheck.setEnabled(profile.id != self._default_id)  # another one is made the default
        self.defaultProfileCheck.blockSignals(False)
        self.headersEdit.setPlainText("\n".join(f"{name}: {value}" for name, value in profile.headers))
        self.headersProblemLabel.hide()
        self.secretHeaderNameEdit.setText(profile.secret_headers[0] if profile.secret_headers else "")
        pending = self._secret_values.get(profile.id)
        self.secretHeaderValueEdit.setText(pending[1] if pending else "")
        self.contextSpin.setValue(profile.context_tokens)
        self.proxyForm.set_choice(profile.proxy)
        self.removeProfileButton.setEnabled(len(self._profiles) > 1)
        self._show_form(profile)
        self.shown.emit(profile)

    def add(self, preset_id: str) -> Profile:
        chosen = preset(preset_id)
        self._take_form()
        profile = Profile(new_profile_id(), unique_name(self.preset_name(preset_id), tuple(self._profiles)),
                          chosen.base_url, chosen.model, preset=chosen.id)
        self._profiles.append(profile)
        self._fill_combo()
        self._current_id = profile.id
        self.show(profile.id)
        return profile

    @Slot()
    def _remove_current(self) -> None:
        if len(self._profiles) < 2:
            return
        gone = self.current()
        self._profiles = [p for p in self._profiles if p.id != gone.id]
        self.removed.append(gone)
        self._secret_values.pop(gone.id, None)
        if self._default_id == gone.id:
            self._default_id = self._profiles[0].id
        self._fill_combo()
        self._current_id = self._default_id
        self.show(self._default_id)

    def _rename(self, text: str) -> None:
        self.profileCombo.setItemText(self.profileCombo.currentIndex(), text.strip() or "…")

    def _make_default(self, checked: bool) -> None:
        if checked:
            self._default_id = self._current_id
            self.defaultProfileCheck.setEnabled(False)
            self._fill_combo()

    def _fill_combo(self) -> None:
        show_choices(self.profileCombo, self._profiles, self._current_id, self._default_id, self.tr("%1 (default)"))

    def duplicate_name(self) -> bool:
        names = [p.name.casefold() for p in self.profiles()]
        return len(names) != len(set(names))

    # --- the Azure preset's hints ----------------------------------------------------------------------

    def give_hints_for(self, address: QLineEdit, model: QComboBox) -> None:
        """Hints follow what is typed into the dialog's address and model fields; the button fixes them."""
        def show(_text: str = "") -> None:
            self.show_hints(address.text(), model.currentText())

        def apply() -> None:
            advice = self.suggestion()
            if advice is not None:
                address.setText(advice.base_url)
                if advice.model:
                    model.setCurrentText(advice.model)

        address.textChanged.connect(show)
        model.currentTextChanged.connect(show)
        self.applyHintButton.clicked.connect(apply)

    def show_hints(self, base_url: str, model: str) -> None:
        """Under the model: what the Azure form needs instead of what was pasted (any profile at Azure)."""
        current = profile_with_id(tuple(self._profiles), self._current_id)
        is_azure = (current is not None and current.preset == "azure") or guess_preset(base_url) == "azure"
        self._advice = azure_advice(base_url, model) if is_azure else ()
        texts = [self.hint_text(advice) for advice in self._advice]
        self.presetHintLabel.setText("\n".join(texts))
        self.presetHintLabel.setVisible(bool(texts))
        self.applyHintButton.setVisible(any(advice.base_url for advice in self._advice))

    def suggestion(self) -> AzureAdvice | None:
        return next((advice for advice in self._advice if advice.base_url), None)

    def hint_text(self, advice: AzureAdvice) -> str:
        if advice.hint is AzureHint.PLACEHOLDER:
            return self.tr("Replace <resource> with the name of your Azure OpenAI resource.")
        if advice.hint is AzureHint.DEPLOYMENT_URL:
            return self.tr("This is the address of one deployment. Azure's v1 address is %1, with the "
                           "deployment's name %2 as the model.").replace("%1", advice.base_url).replace(
                               "%2", advice.model)
        if advice.hint is AzureHint.NOT_V1:
            return self.tr("Azure OpenAI answers under %1.").replace("%1", advice.base_url)
        return self.tr("Azure expects the name of your deployment as the model, which you chose when you "
                       "deployed it; it is not always the model's name.")
