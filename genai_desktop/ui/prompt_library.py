"""The prompt library (issue 14): the templates a user picks from in the composer (Ctrl+T, or "/" typed
into an empty message box), searchable; a template with fill-in fields is filled through a small form,
and the filled text goes into the message box (not sent: the user reads it, may attach a document to a
"Summarise", and sends with Enter). The user's own templates are added, edited and deleted here
(Settings.prompt_templates); the starter set (starter_templates.py) and a course's templates are
marked as such and not edited here."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, QLocale, QTime, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QStackedWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ..core.course_content import NAME_CHARACTERS, PROMPT_CHARACTERS, PromptTemplate
from ..core.templates import Field, fields, fill, matches, new_template_id, with_template, without
from ..qt.settings_service import SettingsService
from .messages import plain_label, plain_message_box, plain_tooltip
from .starter_templates import starter_templates


@dataclass(frozen=True)
class LibraryEntry:
    template: PromptTemplate
    origin: str  # what the list's second column says: own, starter set, or the course's title
    own: bool


def builtin_values() -> dict[str, str]:
    """What the app puts into {{Datum}} and {{Uhrzeit}}: today and now, written as the app's language writes them."""
    locale = QLocale()
    return {"date": locale.toString(QDate.currentDate(), QLocale.LongFormat),
            "time": locale.toString(QTime.currentTime(), QLocale.ShortFormat)}


class SearchEdit(QLineEdit):
    """The library's search box: Up and Down move through the list while typing goes on here; Enter uses
    the template chosen there."""

    stepped = Signal(int)
    chosen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key_Up, Qt.Key_Down):
            self.stepped.emit(-1 if event.key() == Qt.Key_Up else 1)
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.chosen.emit()
            return
        super().keyPressEvent(event)


class PromptLibrary(QDialog):
    """Pick a template, fill its fields, get the text (filled); cancelled: declined."""

    filled = Signal(str, bool)  # the text; whether it takes the place of the text given (the selection)
    declined = Signal(str)  # what was typed into the search box (the "/" way gives it back to the message box)

    def __init__(self, settings: SettingsService, parent: QWidget | None = None, search: str = "", given: str = ""):
        """given: the text selected in the message box; it fills the template's first text field (Summarise
        what is selected), and the filled template takes its place."""
        super().__init__(parent)
        self.setObjectName("promptLibrary")
        self.setWindowTitle(self.tr("Prompt templates"))
        self.setAccessibleName(self.tr("Prompt templates"))
        self._settings = settings
        self._given = given
        self._given_used = False
        self._template: PromptTemplate | None = None  # the one being filled
        self._field_edits: list[tuple[Field, QLineEdit | QPlainTextEdit]] = []
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_list_page())
        self.pages.addWidget(self._build_form_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(680, 520)
        self.searchEdit.setText(search)
        self.refresh()
        self.searchEdit.setFocus()

    # --- the list -------------------------------------------------------------------------------------

    def _build_list_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("templateListPage")
        self.searchEdit = SearchEdit()
        self.searchEdit.setObjectName("templateSearch")
        self.searchEdit.setPlaceholderText(self.tr("Search templates"))
        self.searchEdit.setAccessibleName(self.tr("Search templates"))
        self.searchEdit.setClearButtonEnabled(True)
        self.templateList = QTreeWidget()
        self.templateList.setObjectName("templateList")
        self.templateList.setAccessibleName(self.tr("Templates"))
        self.templateList.setHeaderLabels([self.tr("Template"), self.tr("From")])
        self.templateList.setRootIsDecorated(False)
        self.templateList.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.templateList.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.templatePreview = QPlainTextEdit()
        self.templatePreview.setObjectName("templatePreview")
        self.templatePreview.setAccessibleName(self.tr("Text of the template"))
        self.templatePreview.setReadOnly(True)
        self.templatePreview.setMaximumHeight(140)
        self.newButton = QPushButton(self.tr("New…"))
        self.newButton.setObjectName("newTemplateButton")
        self.newButton.setAccessibleName(self.tr("New template"))
        self.editButton = QPushButton(self.tr("Edit…"))
        self.editButton.setObjectName("editTemplateButton")
        self.editButton.setAccessibleName(self.tr("Edit template"))
        self.deleteButton = QPushButton(self.tr("Delete…"))
        self.deleteButton.setObjectName("deleteTemplateButton")
        self.deleteButton.setAccessibleName(self.tr("Delete template"))
        self.useButton = QPushButton(self.tr("Use"))
        self.useButton.setObjectName("useTemplateButton")
        self.useButton.setAccessibleName(self.tr("Use template"))
        self.useButton.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setObjectName("cancelTemplatesButton")
        buttons = QHBoxLayout()
        for button in (self.newButton, self.editButton, self.deleteButton):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(self.useButton)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.searchEdit)
        layout.addWidget(self.templateList, 1)
        layout.addWidget(self.templatePreview)
        layout.addLayout(buttons)
        self.searchEdit.textChanged.connect(lambda _text: self.refresh())
        self.searchEdit.stepped.connect(self._step)
        self.searchEdit.chosen.connect(self.use_current)
        self.templateList.currentItemChanged.connect(self._show_current)
        self.templateList.itemActivated.connect(lambda _item, _column: self.use_current())
        self.useButton.clicked.connect(self.use_current)
        self.newButton.clicked.connect(self.add_template)
        self.editButton.clicked.connect(self.edit_current)
        self.deleteButton.clicked.connect(self.delete_current)
        cancel.clicked.connect(self.reject)
        return page

    def entries(self) -> list[LibraryEntry]:
        """Course templates first (what the course is about), then the user's own, then the starter set."""
        settings = self._settings.current.effective
        titles = {course.id: course.title for course in settings.courses}
        listed = []
        for template in settings.prompt_templates:
            if template.course:
                course = titles.get(template.course, "")
                origin = self.tr("Course “%1”").replace("%1", course) if course else self.tr("Course")
                listed.append(LibraryEntry(template, origin, False))
        listed += [LibraryEntry(template, self.tr("My templates"), True)
                   for template in settings.prompt_templates if not template.course]
        listed += [LibraryEntry(template, self.tr("Starter set"), False) for template in starter_templates()]
        return listed

    def refresh(self, keep: str = "") -> None:
        """The list for what is typed into the search box; the first (or the one of id keep) chosen."""
        keep = keep or (self.current_entry().template.id if self.current_entry() else "")
        query = self.searchEdit.text()
        self.templateList.clear()
        chosen = None
        for entry in self.entries():
            if not matches(entry.template, query, entry.origin):
                continue
            item = QTreeWidgetItem([entry.template.name, entry.origin])  # item text is shown as written
            item.setData(0, Qt.UserRole, entry)
            item.setToolTip(0, plain_tooltip(entry.template.text[:600]))
            self.templateList.addTopLevelItem(item)
            if chosen is None or entry.template.id == keep:
                chosen = item
        self.templateList.setCurrentItem(chosen)
        self._show_current()

    def current_entry(self) -> LibraryEntry | None:
        item = self.templateList.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    def _step(self, step: int) -> None:
        row = self.templateList.indexOfTopLevelItem(self.templateList.currentItem()) + step
        if 0 <= row < self.templateList.topLevelItemCount():
            self.templateList.setCurrentItem(self.templateList.topLevelItem(row))

    @Slot()
    def _show_current(self) -> None:
        entry = self.current_entry()
        self.templatePreview.setPlainText(entry.template.text if entry else
                                          self.tr("No template matches the search."))
        self.useButton.setEnabled(entry is not None)
        self.editButton.setEnabled(entry is not None and entry.own)
        self.deleteButton.setEnabled(entry is not None and entry.own)
        why = "" if entry is None or entry.own else self.tr("Only your own templates can be changed. Make a "
                                                            "new one to word it your way.")
        self.editButton.setToolTip(why)
        self.deleteButton.setToolTip(why)

    # --- filling --------------------------------------------------------------------------------------

    def _build_form_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("templateFormPage")
        self.formTitle = plain_label(object_name="templateFormTitle")
        font = self.formTitle.font()
        font.setBold(True)
        self.formTitle.setFont(font)
        self.fieldsForm = QFormLayout()
        self.filledPreview = QPlainTextEdit()
        self.filledPreview.setObjectName("filledPreview")
        self.filledPreview.setAccessibleName(self.tr("The message as it will be"))
        self.filledPreview.setReadOnly(True)
        self.backButton = QPushButton(self.tr("Back"))
        self.backButton.setObjectName("templateBackButton")
        self.insertButton = QPushButton(self.tr("Put into the message"))
        self.insertButton.setObjectName("insertTemplateButton")
        self.insertButton.setAccessibleName(self.tr("Put into the message"))
        self.insertButton.setToolTip(self.tr("The filled text goes into the message box; you send it with Enter"))
        row = QHBoxLayout()
        row.addWidget(self.backButton)
        row.addStretch()
        row.addWidget(self.insertButton)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.formTitle)
        layout.addLayout(self.fieldsForm)
        layout.addWidget(plain_label(self.tr("Preview"), "filledPreviewLabel"))
        layout.addWidget(self.filledPreview, 1)
        layout.addLayout(row)
        QShortcut(QKeySequence("Ctrl+Return"), page, activated=self._insert)  # Enter is a new line in a long field
        self.backButton.clicked.connect(self._back_to_list)
        self.insertButton.clicked.connect(self._insert)
        return page

    @Slot()
    def use_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        template = entry.template
        if not fields(template.text):
            self._given_used = False
            self._finish(fill(template.text, {}, builtin_values()))
            return
        self._template = template
        while self.fieldsForm.rowCount():
            self.fieldsForm.removeRow(0)
        self._field_edits = []
        for index, field in enumerate(fields(template.text)):
            edit = QPlainTextEdit() if field.long else QLineEdit()
            edit.setObjectName(f"templateField{index}")
            edit.setAccessibleName(field.name)
            if isinstance(edit, QPlainTextEdit):
                edit.setTabChangesFocus(True)
                edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 5)
                edit.textChanged.connect(self._update_preview)
            else:
                edit.textChanged.connect(self._update_preview)
                edit.returnPressed.connect(self._insert)
            self.fieldsForm.addRow(plain_label(field.name + ":", wrap=False), edit)
            self._field_edits.append((field, edit))
        # the selection goes into the first text field, or into a one-line field if it is one line
        given_to = next((edit for field, edit in self._field_edits if field.long), None) or (
            self._field_edits[0][1] if "\n" not in self._given else None)
        self._given_used = bool(self._given) and given_to is not None
        if self._given_used:
            given_to.setPlainText(self._given) if isinstance(given_to, QPlainTextEdit) else given_to.setText(
                self._given)
        self.formTitle.setText(template.name)
        self.useButton.setDefault(False)
        self.insertButton.setDefault(True)
        self.pages.setCurrentIndex(1)
        self._update_preview()
        empty = [edit for _field, edit in self._field_edits if not (
            edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text())]
        (empty or [self._field_edits[0][1]])[0].setFocus()  # the first field still to fill

    def field_values(self) -> dict[str, str]:
        return {field.name: edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
                for field, edit in self._field_edits}

    def _filled_text(self) -> str:
        return fill(self._template.text, self.field_values(), builtin_values()) if self._template else ""

    @Slot()
    def _update_preview(self) -> None:
        self.filledPreview.setPlainText(self._filled_text())
        empty = [field.name for field, _edit in self._field_edits if not self.field_values()[field.name].strip()]
        self.insertButton.setEnabled(not empty)
        self.insertButton.setToolTip(self.tr("Fill in: %1").replace("%1", ", ".join(empty)) if empty else
                                     self.tr("The filled text goes into the message box; you send it with Enter"))

    @Slot()
    def _insert(self) -> None:
        if self.insertButton.isEnabled():
            self._finish(self._filled_text())

    def _back_to_list(self) -> None:
        self._template = None
        self.pages.setCurrentIndex(0)
        self.insertButton.setDefault(False)
        self.useButton.setDefault(True)
        self.searchEdit.setFocus()

    def _finish(self, text: str) -> None:
        if self.result() == QDialog.Accepted:  # Enter may also press the default button: the text goes in once
            return
        self.filled.emit(text, self._given_used)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key_Escape and self.pages.currentIndex() == 1:  # Esc in the form: back to the list
            self._back_to_list()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        self.declined.emit(self.searchEdit.text())
        super().reject()

    # --- the user's own templates ---------------------------------------------------------------------

    def _save_templates(self, templates: tuple[PromptTemplate, ...]) -> bool:
        try:
            self._settings.save(self._settings.current.stored.replace(prompt_templates=templates))
        except OSError as exc:
            plain_message_box(QMessageBox.Warning, self.tr("Template not saved"),
                              self.tr("The settings file could not be written: %1").replace("%1", str(exc)),
                              QMessageBox.Ok, self).exec()
            return False
        return True

    @Slot()
    def add_template(self) -> None:
        self._edit(PromptTemplate(new_template_id(), "", ""))

    @Slot()
    def edit_current(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.own:
            self._edit(entry.template)

    def _edit(self, template: PromptTemplate) -> None:
        """The editor, window-modal over the library; saved when the user saves."""
        self.templateEditor = TemplateEditor(template, self)
        self.templateEditor.setAttribute(Qt.WA_DeleteOnClose)
        self.templateEditor.edited.connect(self._save_edited)
        self.templateEditor.open()

    @Slot(object)
    def _save_edited(self, edited: PromptTemplate) -> None:
        if self._save_templates(with_template(self._settings.current.stored.prompt_templates, edited)):
            self.searchEdit.clear()
            self.refresh(keep=edited.id)

    @Slot()
    def delete_current(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.own:
            return
        box = plain_message_box(QMessageBox.Warning, self.tr("Delete template?"),
                                self.tr("Delete the template “%1”? This cannot be undone.")
                                .replace("%1", entry.template.name), QMessageBox.Cancel, self)
        box.setObjectName("deleteTemplateDialog")
        delete = box.addButton(self.tr("Delete"), QMessageBox.DestructiveRole)
        box.setDefaultButton(QMessageBox.Cancel)
        if self.confirm_delete(box) is delete:
            self._save_templates(without(self._settings.current.stored.prompt_templates, entry.template.id))
            self.refresh()

    def confirm_delete(self, box: QMessageBox) -> object:
        """The button clicked in the question (tests replace this)."""
        box.exec()
        return box.clickedButton()


class TemplateEditor(QDialog):
    """A name and a text with {{fields}}: one of the user's own templates, new or changed."""

    edited = Signal(object)  # the PromptTemplate, when saved

    def __init__(self, template: PromptTemplate, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("templateEditor")
        self._template = template
        self.setWindowTitle(self.tr("Edit template") if template.name else self.tr("New template"))
        self.nameEdit = QLineEdit(template.name)
        self.nameEdit.setObjectName("templateNameEdit")
        self.nameEdit.setAccessibleName(self.tr("Name"))
        self.nameEdit.setMaxLength(NAME_CHARACTERS)
        self.textEdit = QPlainTextEdit(template.text)
        self.textEdit.setObjectName("templateTextEdit")
        self.textEdit.setAccessibleName(self.tr("Text"))
        self.textEdit.setTabChangesFocus(True)
        hint = plain_label(self.tr("Write a field to fill in as {{Name}}, for example {{Text}} or {{Language}}: "
                                   "the form asks for it when you use the template. {{Date}} and {{Time}} "
                                   "are filled in by the app."), "templateFieldsHint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.nameEdit)
        form.addRow(self.tr("Text:"), self.textEdit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(560, 400)
        self.nameEdit.textChanged.connect(self._check)
        self.textEdit.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        text = self.textEdit.toPlainText()
        self.buttons.button(QDialogButtonBox.Save).setEnabled(
            bool(self.nameEdit.text().strip()) and bool(text.strip()) and len(text) <= PROMPT_CHARACTERS
            and "\0" not in text)

    @Slot()
    def _save(self) -> None:
        if self.buttons.button(QDialogButtonBox.Save).isEnabled():
            self.edited.emit(self.template())
            self.accept()

    def template(self) -> PromptTemplate:
        return PromptTemplate(self._template.id, self.nameEdit.text().strip(), self.textEdit.toPlainText())
