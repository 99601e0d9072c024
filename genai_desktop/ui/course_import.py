"""Course packages in the window (issue 14): File → Import course package…, a .genai-course dropped
onto the window, MainWindow.import_course_package(path); the preview that says what will be added or
changed before anything changes; afterwards the key for the course's profile and its welcome text;
File → Export as course package… and File → Remove course….

Every dialog opens window-modal with open() (no nested event loop) and has an objectName. Everything
from the package (names, the welcome text, addresses) is shown as plain text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLineEdit, QMainWindow, QMessageBox,
    QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget,
)

from ..core.course_content import Course
from ..core.course_content import COURSE_PACKAGE_SUFFIX
from ..core.course_package import Change, CoursePackage, PackageRefused, Preview, Refusal
from ..core.presets import preset
from ..core.settings import KeySource
from ..core.validation import check_api_key
from ..qt.controller import ChatController
from .attachment_tray import local_files
from .assistant_picker import first_assistant_name
from .messages import plain_label, plain_message_box
from .trust_words import fingerprint_lines, refusal_text


translate = QCoreApplication.translate  # lupdate reads translate("Context", "…") calls


def refused_text(refused: PackageRefused) -> str:
    """Why the package was refused, where, and that nothing changed."""
    reason = refused.reason
    texts = {
        Refusal.TOO_BIG: translate("CourseImport", "The file is larger than a course package can be (at most 1 MB)."),
        Refusal.NOT_JSON: translate("CourseImport", "The file is not a course package: it is not readable JSON."),
        Refusal.NOT_A_COURSE: translate("CourseImport", "The file is not a GenAI Desktop course package."),
        Refusal.NO_VERSION: translate("CourseImport",
                                      "The package does not say which format version it is written in."),
        Refusal.NEWER_VERSION: translate("CourseImport", "The package is written for a newer GenAI Desktop (format "
                                                         "version %2). Please update the app."),
        Refusal.WRONG_TYPE: translate("CourseImport", "The package holds a value of the wrong kind at %1."),
        Refusal.BAD_VALUE: translate("CourseImport", "The package holds a value that cannot be used at %1."),
        Refusal.TOO_MANY: translate("CourseImport", "The package holds too many entries at %1."),
        Refusal.DUPLICATE: translate("CourseImport", "The package gives two entries the same name at %1."),
        Refusal.KEY_INSIDE: translate("CourseImport", "The package contains something that looks like an API key or "
                                                      "a password, at %1. A key must never travel in a file that gets "
                                                      "passed around: ask the course leader for a package without "
                                                      "it, and enter your own key in the app."),
        Refusal.UNKNOWN_NAME: translate("CourseImport", "The package's settings at %1 name an entry the package does "
                                                        "not contain."),
        Refusal.CLEARTEXT: translate("CourseImport", "The package has more than one unencrypted (http://) address to "
                                                     "another machine; only one can be confirmed."),
    }
    if reason is Refusal.CERTIFICATE and refused.certificate is not None:
        text = translate("CourseImport", "The certificate at %1 cannot be trusted: %2").replace(
            "%2", refusal_text(refused.certificate, translate))
    else:
        text = texts.get(reason, texts[Refusal.BAD_VALUE]).replace("%2", refused.detail)
    return text.replace("%1", refused.where or "?") + "\n\n" + translate("CourseImport", "Nothing was changed.")


def preview_lines(shown: Preview) -> list[str]:
    """One line per change, in the order profiles, assistants, templates, authorities, settings."""
    words = {
        "profile": {
            Change.ADD: translate("CourseImport", "Adds the server profile “%1”"),
            Change.UPDATE: translate("CourseImport", "Updates the server profile “%1”"),
            Change.REMOVE: translate("CourseImport", "Removes the server profile “%1” (no longer in the course)")},
        "assistant": {
            Change.ADD: translate("CourseImport", "Adds the assistant “%1”"),
            Change.UPDATE: translate("CourseImport", "Updates the assistant “%1”"),
            Change.REMOVE: translate("CourseImport", "Removes the assistant “%1” (no longer in the course)")},
        "template": {
            Change.ADD: translate("CourseImport", "Adds the prompt template “%1”"),
            Change.UPDATE: translate("CourseImport", "Updates the prompt template “%1”"),
            Change.REMOVE: translate("CourseImport", "Removes the prompt template “%1” (no longer in the course)")},
    }
    lines = []
    for kind, changes in (("profile", shown.profiles), ("assistant", shown.assistants),
                          ("template", shown.templates)):
        lines += [words[kind][change].replace("%1", name) for change, name in changes]
    for subject, sha256, hosts in shown.certificates:
        lines.append(translate("CourseImport", "Trusts the certificate authority “%1” for %2 only, SHA-256:\n%3")
                     .replace("%1", subject).replace("%2", ", ".join(hosts)).replace("%3", fingerprint_lines(sha256)))
    if shown.default_profile:
        lines.append(translate("CourseImport", "New chats use the profile “%1”").replace("%1", shown.default_profile))
    if shown.default_assistant:
        lines.append(translate("CourseImport", "New chats start with the assistant “%1”")
                     .replace("%1", shown.default_assistant))
    if shown.language is not None:
        language = {"de": "Deutsch", "en": "English"}.get(shown.language) or translate("CourseImport",
                                                                                      "the system language")
        lines.append(translate("CourseImport", "Sets the app's language to %1 (from the next start)")
                     .replace("%1", language))
    return lines


def _scrolled(widget: QWidget, object_name: str, highest: int) -> QScrollArea:
    """widget in a frameless scroll area as tall as widget (up to highest), never scrolled sideways."""
    scroll = QScrollArea()
    scroll.setObjectName(object_name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    scroll.setWidget(widget)
    widget.setMinimumWidth(520)
    needed = widget.heightForWidth(520) if widget.hasHeightForWidth() else widget.sizeHint().height()
    scroll.setMinimumHeight(min(needed, highest))
    if needed <= highest:  # all of it shows: no room left over below it
        scroll.setMaximumHeight(needed + 4)
    return scroll


class CoursePreviewDialog(QDialog):
    """What importing the package will add, change and remove; Import only once an unencrypted address
    is confirmed."""

    def __init__(self, shown: Preview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("coursePreviewDialog")
        self.setWindowTitle(self.tr("Import course package"))
        self.setWindowModality(Qt.WindowModal)
        heading = (self.tr("Update the course “%1”?") if shown.updating else self.tr("Import the course “%1”?"))
        layout = QVBoxLayout(self)
        title = plain_label(heading.replace("%1", shown.title), "coursePreviewTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(plain_label(self.tr("Importing it changes the following:")))
        lines = QWidget()
        lines_layout = QVBoxLayout(lines)
        lines_layout.setContentsMargins(8, 0, 0, 0)
        self.lines = preview_lines(shown)
        for line in self.lines:
            lines_layout.addWidget(plain_label("• " + line))
        layout.addWidget(_scrolled(lines, "coursePreviewList", 420), 1)
        no_key = plain_label(self.tr("No key is included: the package holds no API key or password. After the "
                                     "import you enter the key for the course's server yourself."),
                             "courseNoKeyLabel")
        layout.addWidget(no_key)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.importButton = buttons.addButton(self.tr("Update") if shown.updating else self.tr("Import"),
                                              QDialogButtonBox.AcceptRole)
        self.importButton.setObjectName("courseImportButton")
        self.cleartextCheck = None
        if shown.cleartext_address:
            layout.addWidget(plain_label(self.tr("The address %1 uses http:// without encryption. Your API key and "
                                                 "your messages would travel over the network in clear text.")
                                         .replace("%1", shown.cleartext_address), "courseCleartextLabel"))
            self.cleartextCheck = QCheckBox(self.tr("Use this unencrypted address anyway"))
            self.cleartextCheck.setObjectName("courseCleartextCheck")
            layout.addWidget(self.cleartextCheck)
            self.importButton.setEnabled(False)
            self.cleartextCheck.toggled.connect(self.importButton.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Cancel).setDefault(True)
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())

    @property
    def cleartext_confirmed(self) -> bool:
        return self.cleartextCheck is not None and self.cleartextCheck.isChecked()


class CourseWelcomeDialog(QDialog):
    """After the import: the course's welcome text, and the key for its profile."""

    def __init__(self, course: Course, profile_name: str, needs_key: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("courseWelcomeDialog")
        self.setWindowTitle(course.title)
        self.setWindowModality(Qt.WindowModal)
        layout = QVBoxLayout(self)
        heading = plain_label(self.tr("The course “%1” is set up.").replace("%1", course.title), "courseWelcomeTitle")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.welcomeText = plain_label(course.welcome, "courseWelcomeText")
        self.welcomeText.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.welcomeText.setAccessibleName(self.tr("Welcome text"))
        self.welcomeText.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        welcome = _scrolled(self.welcomeText, "courseWelcomeScroll", 360)
        welcome.setVisible(bool(course.welcome.strip()))
        layout.addWidget(welcome, 1)
        self.keyEdit = QLineEdit()
        self.keyEdit.setObjectName("courseKeyEdit")
        self.keyEdit.setEchoMode(QLineEdit.Password)
        self.keyEdit.setAccessibleName(self.tr("API key"))
        self.keyEdit.setPlaceholderText(self.tr("Paste the key the course gave you"))
        self.keyError = plain_label("", "courseKeyError")
        self.keyError.hide()
        key_part = QWidget()
        key_layout = QVBoxLayout(key_part)
        key_layout.setContentsMargins(0, 8, 0, 0)
        key_label = plain_label(self.tr("API key for “%1”:").replace("%1", profile_name))
        key_label.setBuddy(self.keyEdit)
        key_layout.addWidget(key_label)
        key_layout.addWidget(self.keyEdit)
        key_layout.addWidget(self.keyError)
        key_layout.addWidget(plain_label(self.tr("Leave it empty to keep the key stored for it, or to enter one "
                                                 "later in Settings.")))
        key_part.setVisible(needs_key)
        layout.addWidget(key_part)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        buttons.accepted.connect(self._accept_if_usable)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def key(self) -> str:
        return check_api_key(self.keyEdit.text()).key

    def _accept_if_usable(self) -> None:
        check = check_api_key(self.keyEdit.text())
        if self.keyEdit.text().strip() and not check.ok:
            self.keyError.setText(self.tr("The key contains a character a key cannot have at position %1 (%2). "
                                          "Copy it again from the course material.")
                                  .replace("%1", str(check.position)).replace("%2", check.character_name))
            self.keyError.show()
            return
        self.accept()


class CourseExportDialog(QDialog):
    """The title and welcome text of the package a course leader exports."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("courseExportDialog")
        self.setWindowTitle(self.tr("Export as course package"))
        self.setWindowModality(Qt.WindowModal)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("The package holds your server profiles, assistants and prompt "
                                             "templates, never a key. Participants enter their own key.")))
        self.titleEdit = QLineEdit()
        self.titleEdit.setObjectName("courseTitleEdit")
        self.titleEdit.setAccessibleName(self.tr("Course title"))
        self.welcomeEdit = QPlainTextEdit()
        self.welcomeEdit.setObjectName("courseWelcomeEdit")
        self.welcomeEdit.setAccessibleName(self.tr("Welcome text"))
        form = QFormLayout()
        form.addRow(self.tr("Course title:"), self.titleEdit)
        form.addRow(self.tr("Welcome text:"), self.welcomeEdit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        save = self.buttons.button(QDialogButtonBox.Save)
        save.setEnabled(False)
        self.titleEdit.textChanged.connect(lambda text: save.setEnabled(bool(text.strip())))
        layout.addWidget(self.buttons)


class CourseImport(QObject):
    """The window's course packages: import (menu, drop, file argument), export, remove."""

    def __init__(self, controller: ChatController, questions, window: QMainWindow):
        super().__init__(window)
        self.controller = controller
        self.questions = questions
        self._window = window
        self.dialog: QDialog | None = None  # the one open now (tests and the screenshots reach it here)
        # After FileDrops, so a course file dropped is seen here first; the message box takes drops itself.
        for widget in (window, window.composer.promptEdit.viewport()):
            widget.installEventFilter(self)

    # --- import -----------------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        path = self.questions.choose_open_path(self.tr("Import course package"),
                                               self.tr("Course packages (*%1)").replace("%1", COURSE_PACKAGE_SUFFIX))
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path) -> None:
        """Read the package; a refusal is said (nothing changed), else the preview asks."""
        try:
            package = self.controller.courses.read(Path(path))
        except PackageRefused as refused:
            self._tell(QMessageBox.Warning, "courseRefusedDialog", self.tr("Course package not imported"),
                       refused_text(refused))
            return
        except OSError as error:
            self._tell(QMessageBox.Warning, "courseRefusedDialog", self.tr("Course package not imported"),
                       self.tr("The file could not be read: %1").replace("%1", error.strerror or str(error)) + "\n\n"
                       + translate("CourseImport", "Nothing was changed."))
            return
        dialog = CoursePreviewDialog(self.controller.courses.preview(package), self._window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(package, dialog.cleartext_confirmed))
        self._show(dialog)

    def _apply(self, package: CoursePackage, cleartext_confirmed: bool) -> None:
        try:
            course = self.controller.courses.apply(package, cleartext_confirmed, first_assistant_name())
        except (OSError, PackageRefused) as error:
            self._tell(QMessageBox.Warning, "courseRefusedDialog", self.tr("Course package not imported"),
                       refused_text(error) if isinstance(error, PackageRefused) else
                       self.tr("The settings could not be written: %1").replace("%1", str(error)))
            return
        self._window.statusBar().showMessage(self.tr("Course “%1” imported").replace("%1", course.title), 8000)
        settings = self.controller.settings.current.stored
        profile = settings.profile(settings.default_profile_id())
        needs_key = preset(profile.preset).needs_key and profile.id in course.profiles
        dialog = CourseWelcomeDialog(course, profile.name, needs_key, self._window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_key(profile, dialog.key()))
        self._show(dialog)

    def _save_key(self, profile, key: str) -> None:
        if not key:
            return
        service = self.controller.settings

        def saved(source: KeySource) -> None:
            service.refresh_key_state()
            self._window.statusBar().showMessage(self.tr("The key for “%1” is saved.").replace("%1", profile.name),
                                                 8000)

        def keyring_failed(_error) -> None:  # no usable keyring: for this session, and said so
            service.save_key(profile.base_url, key, True, lambda _source: (service.refresh_key_state(),
                             self._window.statusBar().showMessage(self.tr(
                                 "The keyring could not take the key: it is used for this session only."), 15000)),
                             lambda _error: None, self, profile.id)

        service.save_key(profile.base_url, key, False, saved, keyring_failed, self, profile.id)

    # --- drop ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Drop:
            files = [Path(name) for name in local_files(event.mimeData())]
            courses = [path for path in files if path.suffix.lower() == COURSE_PACKAGE_SUFFIX]
            if courses:
                event.acceptProposedAction()
                # whatever else came along is attached, as a drop of it alone would be; one course at a time
                for path in [path for path in files if path not in courses] + courses[:1]:
                    self._window.open_file(path)
                return True
        return False

    # --- export and remove -----------------------------------------------------------------------

    def export(self) -> None:
        dialog = CourseExportDialog(self._window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._export_to(dialog.titleEdit.text().strip(),
                                                        dialog.welcomeEdit.toPlainText()))
        self._show(dialog)

    def _export_to(self, title: str, welcome: str) -> None:
        name = "".join(char if char.isalnum() or char in "-_ " else "_" for char in title).strip() or "course"
        path = self.questions.choose_save_path(self.tr("Export as course package"), name + COURSE_PACKAGE_SUFFIX,
                                               self.tr("Course packages (*%1)").replace("%1", COURSE_PACKAGE_SUFFIX))
        if path is None:
            return
        if path.suffix.lower() != COURSE_PACKAGE_SUFFIX:
            path = path.with_name(path.name + COURSE_PACKAGE_SUFFIX)
        try:
            self.controller.courses.export(path, title, welcome, first_assistant_name())
        except PackageRefused as refused:
            self._tell(QMessageBox.Warning, "courseExportRefusedDialog", self.tr("Course package not written"),
                       refused_text(refused).rsplit("\n\n", 1)[0])
            return
        except OSError as error:
            self._tell(QMessageBox.Warning, "courseExportRefusedDialog", self.tr("Course package not written"),
                       self.tr("The file could not be written: %1").replace("%1", error.strerror or str(error)))
            return
        self._window.statusBar().showMessage(self.tr("Course package written to %1").replace("%1", str(path)), 8000)

    def remove(self) -> None:
        """Ask which course (when there are several) and whether to remove what it added."""
        courses = self.controller.courses.courses()
        if not courses:
            self._tell(QMessageBox.Information, "courseNoneDialog", self.tr("Remove course"),
                       self.tr("No course package has been imported."))
            return
        if len(courses) == 1:
            self._confirm_remove(courses[0])
            return
        dialog = QInputDialog(self._window)
        dialog.setObjectName("courseChoiceDialog")
        dialog.setWindowTitle(self.tr("Remove course"))
        dialog.setLabelText(self.tr("Which course is to be removed?"))
        dialog.setComboBoxItems([course.title for course in courses])
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.textValueSelected.connect(
            lambda title: self._confirm_remove(next(course for course in courses if course.title == title)))
        self._show(dialog)

    def _confirm_remove(self, course: Course) -> None:
        box = plain_message_box(QMessageBox.Warning, self.tr("Remove course"), self.tr(
            "Remove the course “%1”? Its server profiles (with their keys), assistants, prompt templates and "
            "certificate authorities are removed; your own settings and your chats stay.").replace("%1", course.title),
            QMessageBox.Cancel, self._window)
        box.setObjectName("courseRemoveDialog")
        remove = box.addButton(self.tr("Remove"), QMessageBox.DestructiveRole)
        box.setDefaultButton(QMessageBox.Cancel)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._remove(course) if button is remove else None)
        self._show(box)

    def _remove(self, course: Course) -> None:
        try:
            self.controller.courses.remove(course.id)
        except OSError as error:
            self._tell(QMessageBox.Warning, "courseRefusedDialog", self.tr("Remove course"),
                       self.tr("The settings could not be written: %1").replace("%1", str(error)))
            return
        self._window.statusBar().showMessage(self.tr("Course “%1” removed").replace("%1", course.title), 8000)

    # --- showing -------------------------------------------------------------------------------

    def _tell(self, icon: QMessageBox.Icon, object_name: str, title: str, text: str) -> None:
        box = plain_message_box(icon, title, text, QMessageBox.Ok, self._window)
        box.setObjectName(object_name)
        box.setAttribute(Qt.WA_DeleteOnClose)
        self._show(box)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModal)
        dialog.destroyed.connect(lambda *_args, shown=dialog: self._forget(shown))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
