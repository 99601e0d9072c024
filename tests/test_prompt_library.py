"""The prompt library through the real window: opened by Ctrl+T, the button and "/" in an empty message box,
searched, a template filled through its form and sent to the loopback server, the user's own templates
added, changed and deleted (kept in the settings file), a course's templates marked."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from conftest import activate, wait_idle
from test_translations import compiled_catalogue, german  # noqa: F401 - fixtures: the German catalogue installed
from genai_desktop.ui.prompt_library import builtin_values

COURSE = {"id": "course-ki", "title": "KI im Büro", "templates": ["course-t1"]}
COURSE_TEMPLATE = {"id": "course-t1", "name": "Meeting notes", "text": "Turn {{Notes}} into minutes.",
                   "course": "course-ki"}
OWN_TEMPLATE = {"id": "own-1", "name": "Weekly report", "text": "Write my weekly report for {{Team}} as of {{Date}}."}


def library_of(qtbot, window):
    qtbot.waitUntil(lambda: window.composer.promptLibrary is not None and window.composer.promptLibrary.isVisible())
    return window.composer.promptLibrary


def listed(library) -> list[tuple[str, str]]:
    tree = library.templateList
    return [(tree.topLevelItem(row).text(0), tree.topLevelItem(row).text(1)) for row in range(tree.topLevelItemCount())]


def choose(qtbot, library, search: str) -> None:
    library.searchEdit.setText(search)
    assert library.templateList.topLevelItemCount() >= 1
    qtbot.keyClick(library.searchEdit, Qt.Key_Return)


def test_a_filled_template_goes_into_the_box_and_the_server_sees_the_filled_text(qtbot, make_window, api_server):
    window = make_window(system_prompt="Be brief.")
    activate(window)
    rows = dict(window.windowActions.shortcut_rows())  # Help → Keyboard shortcuts lists both ways
    assert rows["Prompt templates"] == "Ctrl+T" and rows["Prompt templates in an empty message"] == "/"
    qtbot.keyClick(window, Qt.Key_T, Qt.ControlModifier)
    library = library_of(qtbot, window)
    assert [origin for _name, origin in listed(library)] == ["Starter set"] * 6
    choose(qtbot, library, "translate")
    assert library.pages.currentIndex() == 1 and library.formTitle.text() == "Translate"
    language, text = (edit for _field, edit in library._field_edits)
    assert isinstance(language, QLineEdit) and isinstance(text, QPlainTextEdit)  # {{Text}} gets room for a text
    assert not library.insertButton.isEnabled()  # every field is to be filled
    qtbot.keyClicks(language, "German")
    text.setPlainText("The meeting moves to Friday.\nPlease bring the slides.")
    assert "into this language: German." in library.filledPreview.toPlainText()
    qtbot.keyClick(language, Qt.Key_Return)  # Enter in a one-line field puts it in (once)
    qtbot.waitUntil(lambda: window.composer.promptLibrary is None)
    filled = ("Translate the following text into this language: German. Keep its meaning and tone, and reply with "
              "the translation only.\n\nThe meeting moves to Friday.\nPlease bring the slides.")
    assert window.promptEdit.toPlainText() == filled
    assert not api_server.chat_requests()  # put into the box, not sent: the user reads it first
    assert window.promptEdit.hasFocus()
    qtbot.keyClick(window.promptEdit, Qt.Key_Return)
    wait_idle(qtbot, window)
    messages = api_server.chat_requests()[-1].json["messages"]
    assert messages[0] == {"role": "system", "content": "Be brief."}
    assert messages[-1] == {"role": "user", "content": filled}


def test_slash_in_an_empty_box_opens_the_library_and_cancel_gives_the_slash_back(qtbot, make_window):
    window = make_window()
    window.promptEdit.setFocus()
    qtbot.keyClick(window.promptEdit, Qt.Key_Slash)
    library = library_of(qtbot, window)
    assert window.promptEdit.toPlainText() == ""
    qtbot.keyClicks(library.searchEdit, "etc")
    assert listed(library) == []
    assert not library.useButton.isEnabled()
    qtbot.keyClick(library.searchEdit, Qt.Key_Escape)
    qtbot.waitUntil(lambda: window.composer.promptLibrary is None)
    assert window.promptEdit.toPlainText() == "/etc"  # a message may begin with a slash
    qtbot.keyClicks(window.promptEdit, "/hosts")  # not empty: a slash is a slash
    assert window.composer.promptLibrary is None and window.promptEdit.toPlainText() == "/etc/hosts"


def test_the_button_opens_it_and_a_template_is_put_where_the_cursor_is(qtbot, make_window):
    window = make_window(prompt_templates=[{"id": "own-2", "name": "Sign-off", "text": "Kind regards, {{Datum}}"}])
    window.promptEdit.setPlainText("Thanks! ")
    window.promptEdit.moveCursor(window.promptEdit.textCursor().MoveOperation.End)
    qtbot.mouseClick(window.composer.templatesButton, Qt.LeftButton)
    library = library_of(qtbot, window)
    choose(qtbot, library, "sign")  # no field to fill: no form
    qtbot.waitUntil(lambda: window.composer.promptLibrary is None)
    assert window.promptEdit.toPlainText() == "Thanks! Kind regards, " + builtin_values()["date"]  # once, today


def test_search_moves_with_the_arrow_keys_and_escape_in_the_form_goes_back(qtbot, make_window):
    window = make_window()
    window.composer.open_templates()
    library = library_of(qtbot, window)
    qtbot.keyClicks(library.searchEdit, "text")  # in the texts, not only the names
    names = [name for name, _origin in listed(library)]
    assert names == ["Summarise", "Translate", "Polite e-mail", "Proofread"]
    assert library.current_entry().template.name == "Summarise"
    qtbot.keyClick(library.searchEdit, Qt.Key_Down)
    qtbot.keyClick(library.searchEdit, Qt.Key_Down)
    assert library.current_entry().template.name == "Polite e-mail"
    assert "{{Recipient}}" in library.templatePreview.toPlainText()
    qtbot.keyClick(library.searchEdit, Qt.Key_Return)
    assert [field.name for field, _edit in library._field_edits] == ["Recipient", "Text"]
    qtbot.keyClick(library._field_edits[0][1], Qt.Key_Escape)
    assert library.isVisible() and library.pages.currentIndex() == 0  # back to the list, not closed
    assert library.searchEdit.text() == "text"
    library.use_current()
    library.close()  # the window's close button closes it from the form too
    qtbot.waitUntil(lambda: window.composer.promptLibrary is None)
    assert window.promptEdit.toPlainText() == ""  # opened by the button, not by "/": nothing comes back


def test_course_templates_are_marked_and_only_own_ones_can_be_changed(qtbot, make_window):
    window = make_window(courses=[COURSE], prompt_templates=[COURSE_TEMPLATE, OWN_TEMPLATE])
    window.composer.open_templates()
    library = library_of(qtbot, window)
    rows = listed(library)
    assert rows[:2] == [("Meeting notes", "Course “KI im Büro”"), ("Weekly report", "My templates")]
    assert rows[2:] and all(origin == "Starter set" for _name, origin in rows[2:])
    for row, changeable in ((0, False), (1, True), (2, False)):
        library.templateList.setCurrentItem(library.templateList.topLevelItem(row))
        assert library.editButton.isEnabled() is changeable and library.deleteButton.isEnabled() is changeable
    library.searchEdit.setText("büro")  # the course's title finds its templates
    assert listed(library) == [("Meeting notes", "Course “KI im Büro”")]


def test_own_templates_are_added_changed_and_deleted_in_the_settings(qtbot, make_window, app_home):
    window = make_window(prompt_templates=[COURSE_TEMPLATE], courses=[COURSE])
    window.composer.open_templates()
    library = library_of(qtbot, window)
    qtbot.mouseClick(library.newButton, Qt.LeftButton)
    editor = library.templateEditor
    save = editor.buttons.button(editor.buttons.StandardButton.Save)
    assert not save.isEnabled()  # a name and a text first
    qtbot.keyClicks(editor.nameEdit, "Bug report")
    editor.textEdit.setPlainText("Write a bug report about {{Problem}} for {{Product}}.")
    qtbot.mouseClick(save, Qt.LeftButton)

    def stored() -> list[dict]:
        return json.loads((app_home / "config" / "settings.json").read_text(encoding="utf-8"))["prompt_templates"]

    assert [entry["name"] for entry in stored()] == ["Meeting notes", "Bug report"]
    assert stored()[0] == COURSE_TEMPLATE  # the course's stays as it came
    assert library.current_entry().template.name == "Bug report"  # the new one is chosen
    qtbot.mouseClick(library.editButton, Qt.LeftButton)
    editor = library.templateEditor
    editor.nameEdit.setText("Bug report (short)")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    assert [entry["name"] for entry in stored()] == ["Meeting notes", "Bug report (short)"]
    assert ("Bug report (short)", "My templates") in listed(library)

    library.confirm_delete = lambda box: None  # Cancel
    library.deleteButton.click()
    assert len(stored()) == 2
    library.confirm_delete = lambda box: next(button for button in box.buttons()
                                              if box.buttonRole(button) == box.ButtonRole.DestructiveRole)
    library.deleteButton.click()
    assert stored() == [COURSE_TEMPLATE]
    assert "Bug report (short)" not in [name for name, _origin in listed(library)]


def test_the_library_button_is_reached_with_tab_before_the_paper_clip(qtbot, make_window):
    from test_accessibility import tab_chain

    window = make_window()
    chain = tab_chain(window.promptEdit, 30)
    assert chain.index("templatesButton") + 1 == chain.index("attachButton")
    assert tab_chain(window.attachButton, 2) == ["attachButton", "promptEdit"]
    assert window.composer.templatesButton.accessibleName() == "Prompt templates"


def test_in_german_the_starter_set_and_its_fields_are_german(qtbot, german, make_window, api_server):
    """Needs the merged catalogue: the starter set's names, texts and field names come from it."""
    from test_translations import _english_leftovers, _widget_texts

    window = make_window()
    window.composer.open_templates()
    library = library_of(qtbot, window)
    assert library.windowTitle() == "Prompt-Vorlagen"
    assert [name for name, _origin in listed(library)] == ["Zusammenfassen", "Übersetzen", "Höfliche E-Mail",
                                                          "Einfach erklären", "Korrekturlesen", "Vor- und Nachteile"]
    leftovers = _english_leftovers(_widget_texts(library))
    choose(qtbot, library, "übersetzen")
    assert [field.name for field, _edit in library._field_edits] == ["Sprache", "Text"]
    leftovers += _english_leftovers(_widget_texts(library))
    assert not leftovers, leftovers
    qtbot.keyClicks(library._field_edits[0][1], "Englisch")
    library._field_edits[1][1].setPlainText("Guten Morgen")
    qtbot.keyClick(library._field_edits[0][1], Qt.Key_Return)
    assert window.promptEdit.toPlainText().startswith("Übersetzen Sie den folgenden Text in diese Sprache: Englisch.")
    qtbot.waitUntil(lambda: window.composer.promptLibrary is None)


def test_a_course_templates_name_text_and_fields_are_shown_as_written(qtbot, make_window):
    """A course package comes from outside: its words are never rendered as markup (nor load what they name)."""
    from PySide6.QtWidgets import QLabel

    hostile = "<img src='file:///etc/passwd'><b>bold</b>"
    window = make_window(courses=[{**COURSE, "title": hostile}], prompt_templates=[
        {"id": "course-t1", "name": hostile, "text": hostile + " {{<i>Field</i>}} {{Text}}", "course": "course-ki"}])
    window.composer.open_templates()
    library = library_of(qtbot, window)
    item = library.templateList.topLevelItem(0)
    assert (item.text(0), item.text(1)) == (hostile, f"Course “{hostile}”")
    assert "&lt;img" in item.toolTip(0) and "<img" not in item.toolTip(0)
    assert library.templatePreview.toPlainText().startswith(hostile)
    library.use_current()
    labels = [label for label in library.findChildren(QLabel) if label.isVisible() and label.text()]
    assert {"<i>Field</i>:", hostile} <= {label.text() for label in labels}
    assert all(label.textFormat() == Qt.PlainText for label in labels
               if "<" in label.text()), [label.text() for label in labels]


def test_the_selected_text_fills_the_templates_text_field_and_the_filled_template_takes_its_place(qtbot, make_window):
    window = make_window()
    window.promptEdit.setPlainText("Note first.\nThe meeting moves to Friday.\nPlease bring the slides.")
    cursor = window.promptEdit.textCursor()
    cursor.setPosition(len("Note first.\n"))
    cursor.movePosition(cursor.MoveOperation.End, cursor.MoveMode.KeepAnchor)
    window.promptEdit.setTextCursor(cursor)
    window.composer.open_templates()
    library = library_of(qtbot, window)
    choose(qtbot, library, "summarise")
    (_field, text), = library._field_edits
    assert text.toPlainText() == "The meeting moves to Friday.\nPlease bring the slides."
    activate(library)  # offscreen windows are not activated by themselves; shortcuts need an active one
    qtbot.keyClick(text, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.composer.promptLibrary is None)
    assert window.promptEdit.toPlainText() == ("Note first.\nSummarise the following text in a few sentences. Keep "
                                               "the key facts and figures.\n\nThe meeting moves to Friday.\n"
                                               "Please bring the slides.")

    window.promptEdit.selectAll()  # a template that takes no text: the selection stays, the template follows
    window.composer.open_templates()
    library = library_of(qtbot, window)
    choose(qtbot, library, "pros")
    assert library._field_edits[0][1].text() == ""  # more than one line: no topic
    qtbot.keyClicks(library._field_edits[0][1], "remote work")
    qtbot.keyClick(library._field_edits[0][1], Qt.Key_Return)
    qtbot.waitUntil(lambda: window.composer.promptLibrary is None)
    assert window.promptEdit.toPlainText().endswith("Please bring the slides.List the pros and cons of remote work "
                                                    "as two short lists, then weigh them up in two sentences.")
