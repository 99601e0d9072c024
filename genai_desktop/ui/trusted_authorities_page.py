"""The settings page of the trusted company certificate authorities: which, for which hosts, removable.

An authority comes here from the question after a TLS failure (trust_question.py) or from an
administrator's --trust-ca. Removing one applies at once (like removing a key): the next request to
its hosts is verified with the system's trust store alone. Names come from certificates: plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from .messages import plain_label, plain_tooltip
from .trust_words import fingerprint_lines


class TrustedAuthoritiesPage(QWidget):
    def __init__(self, service, parent: QWidget | None = None):
        """service: the controller's TrustService."""
        super().__init__(parent)
        self._service = service
        intro = plain_label(self.tr(
            "Besides the certificates this computer trusts, GenAI Desktop trusts these certificate authorities, each "
            "only for the servers named with it (for example your company's, for its TLS inspection). Removing "
            "one applies at once."))
        self.authorityList = QListWidget()
        self.authorityList.setObjectName("trustedAuthoritiesList")
        self.authorityList.setAccessibleName(self.tr("Trusted certificate authorities"))
        self.authorityList.setWordWrap(True)
        self.emptyLabel = plain_label(self.tr("No certificate authorities are trusted besides the system's."),
                                      "noTrustedAuthoritiesLabel")
        self.removeButton = QPushButton(self.tr("Remove"))
        self.removeButton.setObjectName("removeAuthorityButton")
        self.removeButton.setAccessibleName(self.tr("Remove the trusted certificate authority"))
        self.removeButton.setAccessibleDescription(self.tr("Its servers are then verified with the system's "
                                                           "certificates alone"))
        self.removeButton.clicked.connect(self._remove_selected)
        self.authorityList.currentItemChanged.connect(lambda *_items: self._update_buttons())
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.removeButton)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.authorityList, 1)
        layout.addWidget(self.emptyLabel)
        layout.addLayout(buttons)
        service.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.authorityList.clear()
        for authority in self._service.authorities():
            facts = authority.facts
            text = (self.tr("%1\nonly for: %2\nvalid until %3 · SHA-256:\n%4")
                    .replace("%1", facts.subject_cn).replace("%2", ", ".join(authority.hosts))
                    .replace("%3", QLocale().toString(facts.not_after.date(), QLocale.ShortFormat))
                    .replace("%4", fingerprint_lines(facts.sha256)))
            item = QListWidgetItem(text)  # a list item's text is never markup
            item.setData(Qt.UserRole, facts.sha256)
            item.setToolTip(plain_tooltip(f"{facts.subject}\n{facts.issuer}"))
            self.authorityList.addItem(item)
        has_any = self.authorityList.count() > 0
        self.authorityList.setVisible(has_any)
        self.emptyLabel.setVisible(not has_any)
        if has_any:
            self.authorityList.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.removeButton.setEnabled(self.authorityList.currentItem() is not None)

    def _remove_selected(self) -> None:
        item = self.authorityList.currentItem()
        if item is not None:
            self._service.remove(item.data(Qt.UserRole))  # changed: the list is made again
