"""Editing a proxy choice (issue 13 point 3): the form the settings' Network page shows for the global
choice and a profile's form reuses for its own, and the login prompt a proxy's 407 opens."""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from ..core.errors import ChatError
from ..core.profiles import ProxyChoice, ProxyMode
from ..core.proxies import ProxyProblem, parse_proxy_address, split_bypass
from ..core.settings import KeySource
from ..qt.settings_service import SettingsService
from .fitting_pages import PROBLEM_STYLE, named, page_form
from .messages import plain_label

log = logging.getLogger(__name__)


class ProxyChoiceForm(QWidget):
    """How requests reach the server: the system's settings, a configuration script (PAC), a manual
    proxy with its exceptions, or none. choice() is what the form shows; problem() says what is wrong
    with it ("" when nothing is). The proxy login's user name is kept as it was (the login prompt sets it)."""

    changed = Signal()

    def __init__(self, choice: ProxyChoice | None = None, parent: QWidget | None = None,
                 inherit_text: str = "", mnemonics: bool = True) -> None:
        """inherit_text: a first entry meaning "no choice of its own" (a profile: the global choice).
        mnemonics=False: labels without Alt+letter (a page whose other fields have taken the letters)."""
        super().__init__(parent)
        self._user = ""
        self._mnemonics = mnemonics
        self.modeCombo = named(QComboBox(), "proxyModeCombo", self.tr("Proxy"),
                                self.tr("How the app reaches the server"))
        # Item data are the modes' values: Qt gives a str-Enum back as a plain str.
        if inherit_text:
            self.modeCombo.addItem(inherit_text, "")
        self.modeCombo.addItem(self.tr("The system's proxy settings"), ProxyMode.SYSTEM.value)
        self.modeCombo.addItem(self.tr("Automatic configuration script (PAC)"), ProxyMode.PAC.value)
        self.modeCombo.addItem(self.tr("Manual proxy"), ProxyMode.MANUAL.value)
        self.modeCombo.addItem(self.tr("No proxy"), ProxyMode.NONE.value)
        self.pacUrlEdit = named(QLineEdit(), "proxyPacUrlEdit", self.tr("Configuration script address"),
                                 self.tr("The address of the PAC file; empty: find it automatically (WPAD)"))
        self.pacUrlEdit.setPlaceholderText(self.tr("Empty: find it automatically (WPAD)"))
        self.addressEdit = named(QLineEdit(), "proxyAddressEdit", self.tr("Proxy address"),
                                  self.tr("The proxy as host:port"))
        self.addressEdit.setPlaceholderText(self.tr("proxy.example.com:8080"))
        self.bypassEdit = named(QLineEdit(), "proxyBypassEdit", self.tr("No proxy for"),
                                 self.tr("Hosts, domains and networks reached directly, separated by commas"))
        self.bypassEdit.setPlaceholderText(self.tr("localhost, 127.0.0.1, .corp.example, 10.0.0.0/8"))
        self.problemLabel = named(plain_label(), "proxyProblemLabel", self.tr("Problem with the proxy"))
        self.problemLabel.setStyleSheet(PROBLEM_STYLE)
        self.problemLabel.hide()

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._label(self.tr("Pro&xy:"), self.modeCombo), self.modeCombo)
        self._pac_label = self._label(self.tr("&Script address:"), self.pacUrlEdit)
        form.addRow(self._pac_label, self.pacUrlEdit)
        self._address_label = self._label(self.tr("Proxy addr&ess:"), self.addressEdit)
        form.addRow(self._address_label, self.addressEdit)
        self._bypass_label = self._label(self.tr("No proxy &for:"), self.bypassEdit)
        form.addRow(self._bypass_label, self.bypassEdit)
        form.addRow(self.problemLabel)

        self.set_choice(choice)
        self.modeCombo.currentIndexChanged.connect(self._mode_changed)
        for edit in (self.pacUrlEdit, self.addressEdit, self.bypassEdit):
            edit.textChanged.connect(self._edited)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = plain_label(text if self._mnemonics else text.replace("&", ""), wrap=False)
        label.setBuddy(buddy)
        return label

    def set_choice(self, choice: ProxyChoice | None) -> None:
        """Show choice; None: the inherit entry where there is one, else the default choice."""
        inherit = choice is None and self.modeCombo.itemData(0) == ""
        choice = choice or ProxyChoice()
        self._user = choice.user
        self.modeCombo.setCurrentIndex(0 if inherit else max(self.modeCombo.findData(choice.mode.value), 0))
        self.pacUrlEdit.setText(choice.pac_url)
        self.addressEdit.setText(choice.address)
        self.bypassEdit.setText(", ".join(choice.bypass))
        self._mode_changed()

    def mode(self) -> ProxyMode | None:
        """The mode chosen; None for the inherit entry."""
        value = self.modeCombo.currentData()
        return ProxyMode(value) if value else None

    def choice(self) -> ProxyChoice | None:
        """The choice shown; None for the inherit entry."""
        mode = self.mode()
        if mode is None:
            return None
        return ProxyChoice(mode=mode, pac_url=self.pacUrlEdit.text().strip(), address=self.addressEdit.text().strip(),
                           bypass=split_bypass(self.bypassEdit.text()), user=self._user)

    def problem(self) -> str:
        """What is wrong with the choice shown, in the user's words ("" if nothing is)."""
        mode = self.mode()
        if mode is ProxyMode.MANUAL:
            try:
                parse_proxy_address(self.addressEdit.text())
            except ProxyProblem as problem:
                if problem.what == "scheme":
                    return self.tr("Only http:// proxies are supported.")
                return self.tr("Enter the proxy as host:port, for example proxy.example.com:8080.")
        if mode is ProxyMode.PAC and self.pacUrlEdit.text().strip():
            url = self.pacUrlEdit.text().strip().lower()
            if not url.startswith(("http://", "https://")):
                return self.tr("The script's address must start with http:// or https://.")
        return ""

    def show_problem(self) -> bool:
        """Show what is wrong (focus on its field); True when something is."""
        text = self.problem()
        self.problemLabel.setText(text)
        self.problemLabel.setVisible(bool(text))
        if text:
            (self.addressEdit if self.mode() is ProxyMode.MANUAL else self.pacUrlEdit).setFocus()
        return bool(text)

    def _mode_changed(self, _index: int = 0) -> None:
        mode = self.mode()
        for widget, shown in ((self._pac_label, mode is ProxyMode.PAC), (self.pacUrlEdit, mode is ProxyMode.PAC),
                              (self._address_label, mode is ProxyMode.MANUAL),
                              (self.addressEdit, mode is ProxyMode.MANUAL),
                              (self._bypass_label, mode is ProxyMode.MANUAL),
                              (self.bypassEdit, mode is ProxyMode.MANUAL)):
            widget.setVisible(shown)
        self._edited()

    def _edited(self, _text: str = "") -> None:
        if self.problemLabel.isVisibleTo(self):
            self.show_problem()
        self.changed.emit()


def network_page(form: ProxyChoiceForm) -> QWidget:
    """The settings' Network page: the global proxy choice."""
    page = QWidget()
    form.setObjectName("proxyForm")
    layout = page_form(page)
    layout.addRow(form)
    layout.addRow(plain_label(QCoreApplication.translate(
        "SettingsDialog", "A server's profile can have a proxy choice of its own; this one applies to the others."),
        "proxyScopeNote"))
    return page


class ProxyLoginDialog(QDialog):
    """The login a proxy asked for (407): user name and password; the password goes to the keyring."""

    def __init__(self, proxy: str, user: str, rejected: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proxyLoginDialog")
        self.setWindowTitle(self.tr("Proxy login"))
        question = (self.tr("The proxy server %1 did not accept the login. Please enter it again.") if rejected
                    else self.tr("The proxy server %1 asks for a login.")).replace("%1", proxy)
        self.questionLabel = plain_label(question, "proxyLoginQuestion")
        self.userEdit = named(QLineEdit(user), "proxyUserEdit", self.tr("Proxy user name"))
        self.passwordEdit = named(QLineEdit(), "proxyPasswordEdit", self.tr("Proxy password"),
                                   self.tr("Saved in the system keyring, never in a file"))
        self.passwordEdit.setEchoMode(QLineEdit.Password)
        self.noteLabel = plain_label(self.tr("The password is saved in the system keyring."), "proxyLoginNote")
        form = QFormLayout()
        user_label = plain_label(self.tr("&User name:"), wrap=False)
        user_label.setBuddy(self.userEdit)
        password_label = plain_label(self.tr("&Password:"), wrap=False)
        password_label.setBuddy(self.passwordEdit)
        form.addRow(user_label, self.userEdit)
        form.addRow(password_label, self.passwordEdit)
        self.buttonBox = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttonBox.setObjectName("proxyLoginButtons")
        self.buttonBox.accepted.connect(self._accept_if_filled)
        self.buttonBox.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.questionLabel)
        layout.addLayout(form)
        layout.addWidget(self.noteLabel)
        layout.addWidget(self.buttonBox)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)  # a host name and its question on a line
        (self.passwordEdit if user else self.userEdit).setFocus()

    def _accept_if_filled(self) -> None:
        if self.userEdit.text().strip() and self.passwordEdit.text():
            self.accept()
        else:
            (self.userEdit if not self.userEdit.text().strip() else self.passwordEdit).setFocus()

    def login(self) -> tuple[str, str]:
        return self.userEdit.text().strip(), self.passwordEdit.text()


def ask_proxy_login(parent: QWidget, settings: SettingsService, error: ChatError,
                    on_kept: Callable[[KeySource], None]) -> ProxyLoginDialog:
    """Open the login prompt for the proxy that refused error's request (a PROXY_LOGIN error: its
    server_message is the proxy's host:port); once the password is kept, on_kept is told where."""
    proxy = error.server_message
    dialog = ProxyLoginDialog(proxy, settings.current.stored.proxy.user, error.detail == "rejected", parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)

    def answered(result: int) -> None:
        if result != QDialog.Accepted:
            return
        user, password = dialog.login()
        settings.save_proxy_login(proxy, user, password, on_kept,
                                  lambda failed: log.warning("proxy login not kept: %s", failed.kind.value), parent)

    dialog.finished.connect(answered)
    dialog.open()
    return dialog
