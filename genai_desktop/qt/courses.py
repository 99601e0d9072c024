"""Course packages for the window: read one (refused before anything changes), preview it, import it
(its CAs trusted, then the settings saved; a failure in between takes the new CAs back), remove a
course, export the current setup. The rules are core/course_package.py's; this is where they meet
the settings file and the trust store."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core import config_file
from ..core.course_content import Course
from ..core.course_package import (CoursePackage, Preview, applied, certificates_dropped, export_package, preview,
                                   read_package_file, removed)
from .settings_service import SettingsService
from .trust_service import TrustService

log = logging.getLogger(__name__)


class CourseService(QObject):
    imported = Signal(object)  # the Course record as now kept
    removedCourse = Signal(str)  # the course's title

    def __init__(self, settings: SettingsService, trust: TrustService, parent: QObject | None = None):
        super().__init__(parent)
        self._settings = settings
        self._trust = trust

    def read(self, path: Path) -> CoursePackage:
        """core.course_package.PackageRefused with reason and place, OSError when unreadable."""
        return read_package_file(path)

    def preview(self, package: CoursePackage) -> Preview:
        return preview(self._settings.current.stored, package)

    def apply(self, package: CoursePackage, confirm_cleartext: bool = False,
              first_assistant_name: str = "General") -> Course:
        """Import the package; OSError if the trust store or the settings file could not be written (what
        was trusted for it is untrusted again), PackageRefused CLEARTEXT when an unconfirmed http:// address."""
        stored = self._settings.current.stored
        applied(stored, package, confirm_cleartext)  # refuses before anything is written
        known = {authority.facts.sha256 for authority in self._trust.authorities()}
        added: list[str] = []
        try:
            for certificate in package.certificates:
                self._trust.trust(certificate.der, certificate.hosts)
                if certificate.sha256 not in known:
                    added.append(certificate.sha256)
            result = applied(stored, package, confirm_cleartext, tuple(added), first_assistant_name)
            self._settings.save(result)
        except BaseException:
            for sha256 in added:
                self._trust.remove(sha256)
            raise
        for sha256 in certificates_dropped(stored, package):
            self._trust.remove(sha256)
        self._settings.refresh_key_state()
        course = next(course for course in result.courses if course.id == package.course_id)
        self.imported.emit(course)
        return course

    def courses(self) -> tuple[Course, ...]:
        return self._settings.current.stored.courses

    def remove(self, course_id: str) -> None:
        """Remove what the course added: its profiles (and their keys), assistants, templates and the CAs it trusted."""
        stored = self._settings.current.stored
        course = next((course for course in stored.courses if course.id == course_id), None)
        if course is None:
            return
        result, gone_profiles, certificates = removed(stored, course_id)
        self._settings.save(result)
        self._settings.forget_profiles(list(gone_profiles))
        for sha256 in certificates:
            self._trust.remove(sha256)
        self._settings.refresh_key_state()
        self.removedCourse.emit(course.title)

    def export(self, path: Path, title: str, welcome: str = "", first_assistant_name: str = "General") -> None:
        """Write the current profiles, assistants and templates (no keys) as a package; PackageRefused
        KEY_INSIDE when something in them looks like a key, OSError when the file cannot be written."""
        data = export_package(self._settings.current.stored, title, welcome, self._trust.authorities(),
                              first_assistant_name)
        config_file.write_private_file_atomically(path, data)
