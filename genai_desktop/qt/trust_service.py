"""The trusted company certificate authorities for the window: list, trust one for hosts, remove one.

A few kilobytes in the config folder, written like the settings (atomically, on the GUI thread);
the requests read the same folder (core/trust.py) when they build their TLS context.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core.certificates import TrustedAuthority
from ..core.trust import TrustStore, default_store, read_certificate_file

log = logging.getLogger(__name__)


class TrustService(QObject):
    changed = Signal()  # an authority was trusted (or got more hosts) or removed

    def __init__(self, store: TrustStore | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store or default_store()  # the one core.llm reads: the app's config folder

    def authorities(self) -> list[TrustedAuthority]:
        return self.store.authorities()

    def read_file(self, path: Path) -> bytes:
        """A certificate file's bytes (bounded); core.certificates.TrustRefused UNREADABLE with the reason."""
        return read_certificate_file(path)

    def trust(self, der: bytes, hosts: tuple[str, ...]) -> TrustedAuthority:
        """Trust the authority for hosts; core.certificates.TrustRefused (with its reason) if it may not be,
        OSError if it could not be written."""
        added = self.store.add(der, hosts)
        self.changed.emit()
        return added

    def remove(self, sha256: str) -> bool:
        removed = self.store.remove(sha256)
        if removed:
            self.changed.emit()
        return removed
