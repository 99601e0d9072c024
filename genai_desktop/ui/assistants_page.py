"""The assistants on the settings' Answers page: which one the fields below show, new ones, removing one,
the default one (new chats start with it), its name and its system prompt (systemPromptEdit, the field the
single system prompt had). A course's assistant says which course added it.

The assistant the single system prompt became (no name of its own yet) is named here, so saving stores it
named; a name left empty keeps the one before.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, \
    QWidget

from ..core.assistants import assistant_list, assistant_with_id, default_assistant, new_assistant
from ..core.course_content import NAME_CHARACTERS, Assistant
from ..core.profiles import unique_name
from ..core.settings import Settings
from .assistant_picker import assistant_name
from .fitting_pages import named, show_choices
from .messages import plain_label


class AssistantForm(QObject):
    """Holds the assistants being edited; the widgets go into the dialog's page (add_rows_to)."""

    def __init__(self, stored: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self._assistants = [dataclasses.replace(assistant, name=assistant_name(assistant))
                            for assistant in assistant_list(stored)]
        self._default_id = default_assistant(stored).id
        self._current_id = self._default_id
        self._course_titles = {course.id: course.title for course in stored.courses}

        self.assistantCombo = named(QComboBox(), "assistantCombo", self.tr("Assistant"),
                                          self.tr("The assistant shown below; each chat picks its own above its "
                                                  "messages"))
        self.newAssistantButton = named(QPushButton(self.tr("New assistant")), "newAssistantButton",
                                              self.tr("New assistant"),
                                              self.tr("Add an assistant with instructions of its own"))
        self.newAssistantButton.clicked.connect(self.add)
        self.removeAssistantButton = named(QPushButton(self.tr("Remove assistant")), "removeAssistantButton",
                                                 self.tr("Remove assistant"),
                                                 self.tr("Delete this assistant; its chats go on with the default "
                                                         "one"))
        self.removeAssistantButton.clicked.connect(self._remove_current)
        self.assistantNameEdit = named(QLineEdit(), "assistantNameEdit", self.tr("Assistant name"),
                                             self.tr("What you call this assistant, e.g. 'Translator'"))
        self.assistantNameEdit.setMaxLength(NAME_CHARACTERS)
        self.assistantNameEdit.textEdited.connect(self._rename)
        self.defaultAssistantCheck = named(QCheckBox(self.tr("New chats start with this assistant")),
                                                 "defaultAssistantCheck", self.tr("Default assistant"),
                                                 self.tr("New chats start with this assistant; each chat keeps "
                                                         "its own"))
        self.defaultAssistantCheck.toggled.connect(self._make_default)
        self.assistantCourseLabel = plain_label(object_name="assistantCourseLabel")
        self.assistantCourseLabel.hide()
        self.systemPromptEdit = named(QPlainTextEdit(), "systemPromptEdit", self.tr("System prompt"),
                                            self.tr("Instructions sent before every conversation with this "
                                                    "assistant, e.g. 'Answer in German.'"))
        self.systemPromptEdit.setTabChangesFocus(True)
        self.systemPromptEdit.setFixedHeight(self.systemPromptEdit.fontMetrics().lineSpacing() * 8 + 12)
        self.assistantCombo.activated.connect(lambda index: self.show(self._assistants[index].id))
        self._fill_combo()
        self.show(self._current_id)

    def add_rows_to(self, form: QFormLayout, label: Callable[[str, QWidget], QWidget]) -> None:
        form.addRow(label(self.tr("&Assistant:"), self.assistantCombo), self.assistantCombo)
        row = QHBoxLayout()
        row.addWidget(self.newAssistantButton)
        row.addWidget(self.removeAssistantButton)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(label(self.tr("Assistant &name:"), self.assistantNameEdit), self.assistantNameEdit)
        form.addRow(self.defaultAssistantCheck)
        form.addRow(self.assistantCourseLabel)
        form.addRow(label(self.tr("S&ystem prompt:"), self.systemPromptEdit), self.systemPromptEdit)

    # --- which assistant ---------------------------------------------------------------------------------

    @property
    def default_id(self) -> str:
        return self._default_id

    def current(self) -> Assistant:
        """The assistant shown, with what the fields say now."""
        stored = assistant_with_id(tuple(self._assistants), self._current_id)
        return dataclasses.replace(stored, name=self.assistantNameEdit.text().strip()[:NAME_CHARACTERS] or stored.name,
                                   system_prompt=self.systemPromptEdit.toPlainText())

    def assistants(self) -> tuple[Assistant, ...]:
        """Every assistant, the one shown with the fields' values."""
        current = self.current()
        return tuple(current if assistant.id == current.id else assistant for assistant in self._assistants)

    def show(self, assistant_id: str) -> None:
        if assistant_id != self._current_id:
            self._take_fields()
            self._current_id = assistant_id
        assistant = assistant_with_id(tuple(self._assistants), assistant_id)
        self.assistantCombo.setCurrentIndex(self._assistants.index(assistant))
        self.assistantNameEdit.setText(assistant.name)
        self.systemPromptEdit.setPlainText(assistant.system_prompt)
        self.defaultAssistantCheck.blockSignals(True)
        self.defaultAssistantCheck.setChecked(assistant.id == self._default_id)
        self.defaultAssistantCheck.setEnabled(assistant.id != self._default_id)  # another one is made the default
        self.defaultAssistantCheck.blockSignals(False)
        course = self._course_titles.get(assistant.course, "") if assistant.course else ""
        self.assistantCourseLabel.setText(self.tr("Added by the course “%1”.").replace("%1", course))
        self.assistantCourseLabel.setVisible(bool(course))
        self.removeAssistantButton.setEnabled(len(self._assistants) > 1)

    @Slot()
    def add(self) -> Assistant:
        self._take_fields()
        assistant = new_assistant(unique_name(self.tr("New assistant"), tuple(self._assistants)))
        self._assistants.append(assistant)
        self._current_id = assistant.id
        self._fill_combo()
        self.show(assistant.id)
        self.assistantNameEdit.setFocus()
        self.assistantNameEdit.selectAll()
        return assistant

    def _take_fields(self) -> None:
        current = self.current()
        self._assistants = [current if assistant.id == current.id else assistant for assistant in self._assistants]

    @Slot()
    def _remove_current(self) -> None:
        if len(self._assistants) < 2:
            return
        gone = self._current_id
        self._assistants = [assistant for assistant in self._assistants if assistant.id != gone]
        if self._default_id == gone:
            self._default_id = self._assistants[0].id
        self._current_id = self._default_id
        self._fill_combo()
        self.show(self._default_id)

    def _rename(self, _text: str) -> None:
        self._take_fields()
        self._fill_combo()

    def _make_default(self, checked: bool) -> None:
        if checked:
            self._default_id = self._current_id
            self.defaultAssistantCheck.setEnabled(False)
            self._take_fields()
            self._fill_combo()

    def _fill_combo(self) -> None:
        show_choices(self.assistantCombo, self._assistants, self._current_id, self._default_id, self.tr("%1 (default)"))
