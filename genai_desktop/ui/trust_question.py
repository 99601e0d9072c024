"""The question after a TLS failure with an unknown issuer: trust this certificate authority for these hosts?

Typical of TLS inspection in company networks: the proxy shows certificates its own CA issued. The
question names the authority (subject, issuer, validity) and its SHA-256 fingerprint, and Trust is
enabled only once the user says they compared the fingerprint with the one from their IT department.
The authority is trusted only for the hosts written in the question (the failed request's host to
start with). Everything shown is plain text: the names come from the server.

A server certificate that is not issued by a CA, that is expired or not made for the host gets no
question at all (authority_offer says why): there is no way to accept one from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ..core.certificates import CertificateFacts, Refusal, TrustRefused, normal_host, offered_authority
from .messages import plain_label, translate
from .trust_words import authority_offer, fingerprint_lines, presented_of, refusal_text


def trusted_notice(hosts: tuple[str, ...]) -> tuple[str, str]:
    return (translate("TrustQuestion", "The certificate authority is trusted for %1.").replace("%1", ", ".join(hosts)),
            translate("TrustQuestion", "Click Retry to ask again. You can remove it in Settings, on the "
                                       "Certificates page."))


def ask_to_trust(error, service, parent: QWidget, choose_file: Callable[[], str]) -> "TrustQuestion | None":
    """Open the question for the authority a TLS error offers (its file chosen first where the server sent
    none); None when there is nothing to ask: the reason is then in the banner of parent (a ChatPane)."""
    offer = authority_offer(error)
    if isinstance(offer, TrustRefused) and offer.reason is Refusal.NEEDS_FILE:
        path = choose_file()
        if not path:
            return None
        try:
            offer = offered_authority(presented_of(error), service.read_file(Path(path)))
        except TrustRefused as refused:
            parent.errorBanner.replace_advice(refusal_text(refused, translate))  # another file may be chosen
            return None
    if not isinstance(offer, CertificateFacts):
        return None
    question = TrustQuestion(offer, presented_of(error).host, service, parent)
    question.finished.connect(question.deleteLater)
    question.open()
    return question


def split_hosts(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


class TrustQuestion(QDialog):
    """Trust this certificate authority for these hosts? Emits trusted(TrustedAuthority) once it is."""

    trusted = Signal(object)

    def __init__(self, authority: CertificateFacts, host: str, service, parent: QWidget | None = None):
        """service: the controller's TrustService (it writes the file; this dialog only asks)."""
        super().__init__(parent)
        self.setObjectName("trustQuestion")
        self.setWindowTitle(self.tr("Trust this certificate authority?"))
        self.setAccessibleName(self.tr("Trust this certificate authority?"))
        self.authority, self._service = authority, service
        intro = plain_label(self.tr(
            "The server %1 showed a certificate issued by the authority below, which this computer does not "
            "know. Networks that inspect encrypted traffic replace certificates this way; so would an attacker. "
            "Trust it only if your IT department confirms the fingerprint.").replace("%1", host),
            object_name="trustIntroLabel")
        mono = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        self.subjectLabel = plain_label(authority.subject, "trustSubjectLabel")
        self.issuerLabel = plain_label(authority.issuer, "trustIssuerLabel")
        self.validLabel = plain_label(QLocale().toString(authority.not_after.date(), QLocale.LongFormat),
                                      "trustValidLabel")
        self.fingerprintLabel = plain_label(fingerprint_lines(authority.sha256), "trustFingerprintLabel", wrap=False)
        self.fingerprintLabel.setFont(mono)
        self.fingerprintLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.fingerprintLabel.setAccessibleName(self.tr("SHA-256 fingerprint"))
        self.hostsEdit = QLineEdit(host)
        self.hostsEdit.setObjectName("trustHostsEdit")
        self.hostsEdit.setAccessibleName(self.tr("Trusted only for these hosts"))
        self.hostsEdit.setToolTip(self.tr("Server names separated by commas, such as api.example.com"))
        form = QFormLayout()
        form.addRow(self.tr("Authority:"), self.subjectLabel)
        form.addRow(self.tr("Issued by:"), self.issuerLabel)
        form.addRow(self.tr("Valid until:"), self.validLabel)
        form.addRow(self.tr("SHA-256 fingerprint:"), self.fingerprintLabel)
        form.addRow(self.tr("Only for these hosts:"), self.hostsEdit)
        self.comparedBox = QCheckBox(self.tr("I compared the fingerprint with the one from my IT department"))
        self.comparedBox.setObjectName("trustComparedBox")
        self.problemLabel = plain_label(object_name="trustProblemLabel")
        self.problemLabel.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.trustButton = QPushButton(self.tr("Trust for these hosts"))
        self.trustButton.setObjectName("trustConfirmButton")
        self.trustButton.setEnabled(False)
        self.buttons.addButton(self.trustButton, QDialogButtonBox.AcceptRole)
        self.buttons.button(QDialogButtonBox.Cancel).setDefault(True)  # Enter never trusts
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.comparedBox.toggled.connect(self._update)
        self.hostsEdit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.comparedBox)
        layout.addWidget(self.problemLabel)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _update(self) -> None:
        self.problemLabel.hide()
        self.trustButton.setEnabled(self.comparedBox.isChecked() and bool(split_hosts(self.hostsEdit.text())))

    def _say(self, text: str) -> None:
        self.problemLabel.setText(text)
        self.problemLabel.show()

    def confirm(self) -> None:
        if not self.trustButton.isEnabled():
            return
        try:
            hosts = tuple(normal_host(host) for host in split_hosts(self.hostsEdit.text()))
            added = self._service.trust(self.authority.der, hosts)
        except TrustRefused as refused:
            self._say(refusal_text(refused, translate))
            return
        except OSError as error:
            self._say(self.tr("The certificate could not be saved: %1").replace("%1", error.strerror or str(error)))
            return
        self.trusted.emit(added)
        self.accept()
