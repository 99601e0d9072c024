"""Texts for the user: what each error means in their language (what happened, what to do), the
words for the state an answer ended in and for the app's notices (one place, so an answer reads
the same live and after reopening), and the widgets that show text from outside (chat titles,
model names, server messages, file names, folders) as plain text, never as markup."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ..core.errors import CLOSED_WITHOUT_ANSWER, ChatError, ErrorKind
from ..core.records import HistoryProblem, MessageState
from ..core.validation import UrlProblem
from ..core.vision import REMEMBERED
from .proxy_messages import PROXY_KINDS, proxy_error_advice, proxy_error_title, proxy_settings_advice
from .trust_words import certificate_detail, presented_of, tls_advice, tls_title


translate = QCoreApplication.translate


def _closed_without_answer(error: ChatError) -> bool:
    """The server was reached and closed the connection without a word: not "could not be reached"."""
    return error.kind is ErrorKind.CONNECTION and error.detail == CLOSED_WITHOUT_ANSWER


def error_title(error: ChatError) -> str:
    kind = error.kind
    if kind in PROXY_KINDS:
        return proxy_error_title(error)
    if kind is ErrorKind.NO_KEY:
        return translate("ErrorMessages", "No API key is set up yet.")
    if kind is ErrorKind.INVALID_KEY:
        return translate("ErrorMessages", "The API key contains characters that cannot be sent.")
    if kind is ErrorKind.AUTH:
        return translate("ErrorMessages", "The server rejected the API key.")
    if kind is ErrorKind.PERMISSION:
        return translate("ErrorMessages", "This API key is not allowed to do that.")
    if kind is ErrorKind.NOT_FOUND:
        return translate("ErrorMessages", "The server does not know this model or address.")
    if kind is ErrorKind.RATE_LIMIT:
        return translate("ErrorMessages", "Too many requests: the server asks you to slow down.")
    if kind is ErrorKind.QUOTA:
        return translate("ErrorMessages", "The account has no quota or credit left.")
    if kind is ErrorKind.CONTEXT_TOO_LONG:
        return translate("ErrorMessages", "The conversation is too long for this model.")
    if kind is ErrorKind.PICTURES_UNSUPPORTED:
        if error.detail == REMEMBERED:
            return translate("ErrorMessages", "This model cannot read pictures: it refused them before, so nothing "
                                              "was sent.")
        return translate("ErrorMessages", "This model cannot read pictures.")
    if kind is ErrorKind.BAD_REQUEST:
        return translate("ErrorMessages", "The server refused the request.")
    if kind is ErrorKind.SERVER:
        return translate("ErrorMessages", "The server had a problem.")
    if _closed_without_answer(error):
        return translate("ErrorMessages", "The server closed the connection without answering.")
    if kind is ErrorKind.CONNECTION:
        return translate("ErrorMessages", "The server could not be reached.")
    if kind is ErrorKind.TLS:
        if presented_of(error) is not None:
            return tls_title(presented_of(error), translate)
        return translate("ErrorMessages", "The server's certificate could not be verified.")
    if kind is ErrorKind.TIMEOUT:
        return translate("ErrorMessages", "The server stopped responding.")
    if kind is ErrorKind.STREAM_CUT:
        return translate("ErrorMessages", "The connection was lost in the middle of the answer.")
    if kind is ErrorKind.STREAM_ERROR:
        return translate("ErrorMessages", "The server reported an error in the middle of the answer.")
    if kind is ErrorKind.INCOMPLETE:
        return translate("ErrorMessages", "The answer is incomplete: the server stopped without finishing it.")
    if kind is ErrorKind.NOT_OPENAI:
        return translate("ErrorMessages", "This address is not an OpenAI-compatible API.")
    if kind is ErrorKind.REDIRECTED:
        if error.location:
            return translate("ErrorMessages", "The server tried to send the request to another address: %1").replace(
                "%1", error.location)
        return translate("ErrorMessages", "The server tried to send the request to another address.")
    if kind is ErrorKind.RESPONSE_TOO_LARGE:
        if not error.limit:  # an error given again from its kind alone (a stored answer)
            return translate("ErrorMessages", "The server sent more than the app reads for one answer.")
        return translate("ErrorMessages", "The server sent more than %1 MB; the app stopped reading there.").replace(
            "%1", number_text(max(1, error.limit // 2**20)))
    if kind is ErrorKind.ANSWER_TOO_LONG:
        if not error.limit:
            return translate("ErrorMessages", "The answer was longer than the app keeps; it was stopped there.")
        return translate("ErrorMessages", "The answer is longer than %1 characters; it was stopped there.").replace(
            "%1", number_text(error.limit))
    if kind is ErrorKind.KEYRING_UNAVAILABLE:
        return translate("ErrorMessages", "The system keyring is not available.")
    if kind is ErrorKind.KEYRING_LOCKED:
        return translate("ErrorMessages", "The system keyring is locked.")
    if kind is ErrorKind.UNSAFE_ADDRESS:
        if error.detail == UrlProblem.CLEARTEXT_UNCONFIRMED.value:
            return translate("ErrorMessages", "The server address is not encrypted: nothing was sent.")
        if error.detail == UrlProblem.USER_INFO.value:
            return translate("ErrorMessages", "The server address contains a user name or password: nothing was sent.")
        return translate("ErrorMessages", "The server address cannot be used: nothing was sent.")
    return translate("ErrorMessages", "Something unexpected went wrong.")


def error_advice(error: ChatError) -> str:
    kind = error.kind
    if kind in PROXY_KINDS:
        return proxy_error_advice(error)
    if kind is ErrorKind.NO_KEY:
        return translate("ErrorMessages", "Open Settings and paste your API key.")
    if kind in (ErrorKind.INVALID_KEY, ErrorKind.AUTH):
        return translate("ErrorMessages", "Open Settings and paste your API key again.")
    if kind is ErrorKind.PERMISSION:
        return translate("ErrorMessages", "Check the key's permissions or the model name in Settings.")
    if kind is ErrorKind.NOT_FOUND:
        return translate("ErrorMessages", "Check the model name and the server address in Settings.")
    if kind is ErrorKind.RATE_LIMIT:
        if error.retry_after and error.retry_after != "0":
            return translate("ErrorMessages", "Wait %1 seconds, then click Retry.").replace("%1", error.retry_after)
        return translate("ErrorMessages", "Wait a moment, then click Retry.")
    if kind is ErrorKind.QUOTA:
        return translate("ErrorMessages", "Check the plan and billing of your account, then click Retry.")
    if kind is ErrorKind.CONTEXT_TOO_LONG:
        return translate("ErrorMessages", "Start a new chat or shorten your message.")
    if kind is ErrorKind.PICTURES_UNSUPPORTED and error.detail == REMEMBERED:
        return translate("ErrorMessages", "Pick a model that reads pictures in the Model list above the chat, then "
                                          "click Retry (with this model, Retry asks it once more). Your message and "
                                          "its pictures are kept.")
    if kind is ErrorKind.PICTURES_UNSUPPORTED:
        return translate("ErrorMessages", "Pick a model that reads pictures in the Model list above the chat, then "
                                          "click Retry. Your message and its pictures are kept.")
    if kind is ErrorKind.BAD_REQUEST:
        return translate("ErrorMessages", "Check the model and temperature in Settings.")
    if kind is ErrorKind.SERVER and error.retry_after and error.retry_after != "0":  # longer than the app waits
        return translate("ErrorMessages", "Wait %1 seconds, then click Retry.").replace("%1", error.retry_after)
    if kind in (ErrorKind.SERVER, ErrorKind.STREAM_ERROR, ErrorKind.INCOMPLETE, ErrorKind.STREAM_CUT):
        return translate("ErrorMessages", "Click Retry to ask again.")
    if _closed_without_answer(error):
        return translate("ErrorMessages", "Click Retry to ask again. If it keeps happening, a proxy on the way may "
                                          "end long requests.")
    if kind is ErrorKind.CONNECTION:
        return translate("ErrorMessages", "Check your internet connection and the server address, then click Retry.")
    if kind is ErrorKind.TLS:
        return tls_advice(error, translate)
    if kind is ErrorKind.TIMEOUT:
        return translate("ErrorMessages", "Click Retry, or increase the timeout in Settings.")
    if kind is ErrorKind.NOT_OPENAI:
        return translate("ErrorMessages", "You may need to sign in to your network first (hotel or guest Wi-Fi), or the address in Settings is wrong.")
    if kind is ErrorKind.REDIRECTED:
        return translate("ErrorMessages", "Redirects are not followed, so your conversation stays with the server you chose. If the new address is right, enter it in Settings.")
    if kind is ErrorKind.RESPONSE_TOO_LARGE:
        return translate("ErrorMessages", "Any text that arrived before is kept. Click Retry to ask again; if it happens again, check the server address in Settings.")
    if kind is ErrorKind.ANSWER_TOO_LONG:
        return translate("ErrorMessages", "The text up to there is kept. Ask for a shorter answer, or for the rest in a new message.")
    if kind is ErrorKind.KEYRING_UNAVAILABLE:
        return translate("ErrorMessages", "Your key can be used for this session only; it is not saved.")
    if kind is ErrorKind.KEYRING_LOCKED:
        return translate("ErrorMessages", "Unlock the keyring and try again.")
    if kind is ErrorKind.UNSAFE_ADDRESS:
        if error.detail == UrlProblem.CLEARTEXT_UNCONFIRMED.value:
            return translate("ErrorMessages", "With http:// your API key and your messages would travel over the "
                                              "network in clear text. Use https://, or open Settings and confirm "
                                              "this address.")
        if error.detail == UrlProblem.USER_INFO.value:
            return translate("ErrorMessages", "Remove them from the address in Settings (or in OPENAI_BASE_URL); "
                                              "the API key is sent on its own.")
        check = translate("ErrorMessages", "Check the server address in Settings (or in OPENAI_BASE_URL).")
        problem = next((p for p in UrlProblem if p.value == error.detail), None)
        wording = address_problem_text(problem) if problem is not None else ""
        return f"{wording} {check}" if wording else check
    return translate("ErrorMessages", "Click Retry. If it happens again, the log file has details.")


def error_kind_title(kind: ErrorKind) -> str:
    """What went wrong, from the error's kind alone: the words a stored answer can be given again
    (the history keeps the kind, not the facts such as a byte limit or a redirect target)."""
    return error_title(ChatError(kind))


def address_problem_text(problem: UrlProblem) -> str:
    """What is wrong with a server address, in one sentence: the settings dialog's and the banner's words
    ("" for a plain-http address, which is a question, not a mistake)."""
    texts = {
        UrlProblem.EMPTY: translate("ErrorMessages", "Please enter the server address."),
        UrlProblem.SCHEME: translate("ErrorMessages", "The address must start with https:// (or http://)."),
        UrlProblem.NO_HOST: translate("ErrorMessages", "The address has no valid server name."),
        UrlProblem.USER_INFO: translate("ErrorMessages", "The address must not contain a user name or password."),
        UrlProblem.SPACES: translate("ErrorMessages", "The address must not contain spaces."),
    }
    return texts.get(problem, "")


# Errors whose message text came from the server; the others' text comes from a local library.
SERVER_WORDS = {
    ErrorKind.AUTH, ErrorKind.PERMISSION, ErrorKind.NOT_FOUND, ErrorKind.RATE_LIMIT, ErrorKind.QUOTA,
    ErrorKind.BAD_REQUEST, ErrorKind.CONTEXT_TOO_LONG, ErrorKind.SERVER, ErrorKind.STREAM_ERROR,
    ErrorKind.PICTURES_UNSUPPORTED,
}


def server_detail(error: ChatError) -> str:
    """The server's own words and ids (or a library's, for local failures), redacted and shortened by the core."""
    parts = []
    if error.server_message and error.kind in SERVER_WORDS:
        parts.append(translate("ErrorMessages", "Server message: %1").replace("%1", error.server_message))
    elif error.server_message:
        parts.append(translate("ErrorMessages", "Details: %1").replace("%1", error.server_message))
    if error.status:
        parts.append(translate("ErrorMessages", "HTTP status %1").replace("%1", str(error.status)))
    if error.request_id:
        parts.append(translate("ErrorMessages", "Request ID: %1").replace("%1", error.request_id))
    if error.kind is ErrorKind.NOT_OPENAI and error.detail:
        parts.append(translate("ErrorMessages", "Content type: %1").replace("%1", error.detail))
    if presented_of(error) is not None:
        parts.append(certificate_detail(presented_of(error), translate))
    return " · ".join(parts)


def plain_tooltip(text: str) -> str:
    """Qt shows a tooltip as rich text when it looks like HTML: text from a chat or a model is escaped first."""
    return f"<p>{html.escape(text)}</p>"


def plain_label(text: str = "", object_name: str = "", wrap: bool = True) -> QLabel:
    """A label that shows its text as written: a QLabel renders text that looks like HTML as HTML
    (and loads the images it names), and most labels show something from outside at some point."""
    label = QLabel(text)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(wrap)
    if object_name:
        label.setObjectName(object_name)
    return label


def plain_message_box(icon: QMessageBox.Icon, title: str, text: str,
                      buttons: QMessageBox.StandardButton = QMessageBox.NoButton,
                      parent: QWidget | None = None) -> QMessageBox:
    """A message box whose text is plain text (a QMessageBox shows text that looks like HTML as HTML)."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.PlainText)
    box.setText(text)
    return box


def counted(number: int, one: str, many: str) -> str:
    """The text for exactly one, or the other with %1 replaced by the number (both already translated)."""
    return one if number == 1 else many.replace("%1", number_text(number))


def number_text(number: int) -> str:
    """1,234 in English, 1.234 in German: the language the app shows."""
    return QLocale().toString(number)


# --- answer states ----------------------------------------------------------------------------
# Made only from what the history keeps of an answer (its state, whether text arrived, the error's
# kind), so that the note under an answer is word for word the same live and after reopening.

def answer_note(state: MessageState | None, has_text: bool, error_kind: ErrorKind | None = None) -> str:
    """The app's words under an answer that did not end normally ("" for one that did)."""
    if state is MessageState.STOPPED:
        return (translate("Notices", "Stopped. The answer above is incomplete.") if has_text
                else translate("Notices", "Stopped before the answer began."))
    if state is MessageState.INTERRUPTED:
        return translate("Notices", "The answer was interrupted: the app was closed or the connection ended.")
    if state is MessageState.TRUNCATED:
        return translate("Notices", "The answer ended before it was complete.")
    if state is MessageState.FAILED:
        if error_kind is not None:
            return (translate("Notices", "Answer cut off: %1") if has_text
                    else translate("Notices", "No answer: %1")).replace("%1", error_kind_title(error_kind))
        return translate("Notices", "The answer failed.")
    return ""


def finish_reason_text(finish_reason: str | None) -> str:
    """Why the model ended early, in the words of the moment it happened ("" for a normal end)."""
    if finish_reason == "length":
        return translate("Notices", "It reached the length limit.")
    if finish_reason == "content_filter":
        return translate("Notices", "The provider's content filter stopped it.")
    if finish_reason in ("stop", None):
        return ""
    return translate("Notices", "The model gave this reason: %1").replace("%1", finish_reason)


def answer_complete_text() -> str:
    return translate("Notices", "Answer complete.")


def resume_advice() -> str:
    return translate("Notices", "Continue asks the model to go on from where it stopped; Retry asks for a new answer.")


def version_shown_text(version: int, versions: int) -> str:
    """Said to a screen reader when another version of an answer is shown."""
    return translate("Notices", "Version %1 of %2 of the answer is shown.").replace(
        "%1", number_text(version)).replace("%2", number_text(versions))


def earlier_answer_kept_text() -> str:
    return translate("Notices", "The earlier answer is kept.")


def new_answer_not_complete_title(state: MessageState) -> str:
    """A new version of the last answer did not complete: the earlier one is shown again."""
    if state is MessageState.STOPPED:
        return translate("Notices", "The new answer was stopped before it was complete.")
    return translate("Notices", "The new answer was cut off before it was complete.")


def busy_text(busy: bool, elsewhere: bool) -> str:
    if elsewhere:
        return translate("Notices", "Answering in another chat…")
    return translate("Notices", "Answering…") if busy else ""


def key_ready_notice() -> tuple[str, str]:
    """After "no API key": a key is set up now (the red error no longer holds)."""
    return (translate("Notices", "An API key is set up now."),
            translate("Notices", "Click Retry to ask your question again."))


# --- notices about the app's files --------------------------------------------------------------

def link_not_opened_text(target: str, asks_for_attachments: bool) -> str:
    """Why a link in an answer was not opened (target: the address, never rendered as markup)."""
    if asks_for_attachments:
        return translate("Notices", "This e-mail link was not opened: it asks to attach files from your computer.")
    return translate("Notices", "This link was not opened: only web and e-mail links can be opened (%1).").replace(
        "%1", target[:200])


def copied_text() -> str:
    return translate("Notices", "Copied to the clipboard.")


def settings_moved_aside_text(where: str) -> str:
    return translate("Notices", "The settings file could not be read and was moved to %1. Default settings are "
                                "in use.").replace("%1", where)


def history_damaged_notice(salvaged: int) -> tuple[str, str]:
    """At start: the history file was damaged, moved aside, and a new one started (title, advice)."""
    title = translate("Notices", "The chat history was damaged and could not be read.")
    if salvaged:
        return title, counted(salvaged, translate("Notices", "1 message could still be read and is in the new "
                                                             "history. The damaged file was kept under a new name:"),
                              translate("Notices", "%1 messages could still be read and are in the new history. "
                                                   "The damaged file was kept under a new name:"))
    return title, translate("Notices", "The damaged file was kept under a new name, and a new, empty history was "
                                       "started. The old file:")


def history_not_opened_notice(problem: HistoryProblem) -> tuple[str, str]:
    if problem is HistoryProblem.NEWER_SCHEMA:
        return (translate("Notices", "The chat history was saved by a newer version of GenAI Desktop."),
                translate("Notices", "This version does not change it and does not save the chats of this session. "
                                     "Please use the newer version of GenAI Desktop."))
    if problem is HistoryProblem.LINKED:
        return (translate("Notices", "The chat history was not opened: it is a link to another place."),
                translate("Notices", "GenAI Desktop does not follow links in its own folders, so that no one can "
                                     "redirect your chats. Chats of this session are not saved. Remove the link, or "
                                     "move the file it points to in its place."))
    return (translate("Notices", "The chat history could not be opened."),
            translate("Notices", "Chats of this session are not saved. Another program may be using the file."))


def history_repair_notice() -> tuple[str, str]:
    return (translate("Notices", "Part of the chat history is damaged."),
            translate("Notices", "Restart GenAI Desktop to repair it: what can still be read is kept, and the "
                                 "damaged file is kept as well."))


def history_save_failed_notice(problem: HistoryProblem) -> tuple[str, str]:
    if problem is HistoryProblem.DISK_FULL:
        title = translate("Notices", "The chat could not be saved: the disk is full or cannot be written to.")
    elif problem is HistoryProblem.LOCKED:
        title = translate("Notices", "The chat could not be saved: the history file is busy.")
    else:
        title = translate("Notices", "The chat could not be saved.")
    advice = translate("Notices", "The messages that could not be saved stay in this window until you close it. "
                                  "The app keeps trying to save new messages.")
    if problem is HistoryProblem.DISK_FULL:
        advice += " " + translate("Notices", "Free up disk space (or check that the drive is still connected), then "
                                             "keep chatting.")
    return title, advice


# --- files: export and import -------------------------------------------------------------------

def export_failed_notice(reason: str) -> tuple[str, str]:
    return (translate("Notices", "Export failed"),
            translate("Notices", "The file could not be written: %1").replace("%1", reason))


def import_unreadable_notice(detail: str) -> tuple[str, str]:
    return (translate("Notices", "Nothing was imported"), translate(
        "Notices", "This file is not a chat export that GenAI Desktop can read (its own JSON export or "
                   "ChatGPT's conversations.json). Nothing was imported.\n\nDetails: %1").replace("%1", detail[:300]))


def import_too_large_notice(limit_bytes: int) -> tuple[str, str]:
    return (translate("Notices", "Nothing was imported"), translate(
        "Notices", "This file is too large to import: GenAI Desktop imports files of up to %1 MB.")
        .replace("%1", number_text(limit_bytes // (1024 * 1024))))


def settings_advice(error: ChatError) -> str:
    """What to do, worded for the settings dialog: it has no Retry button and is itself the settings, so
    the advice names its own fields and pages (error_advice is the banner's, in the main window)."""
    kind = error.kind
    if kind in PROXY_KINDS:
        return proxy_settings_advice(error)
    if kind is ErrorKind.NO_KEY:
        return translate("SettingsAdvice", "Paste your API key in the field above; a key is saved per server address.")
    if kind in (ErrorKind.INVALID_KEY, ErrorKind.AUTH):
        return translate("SettingsAdvice", "Paste your API key again in the field above.")
    if kind is ErrorKind.PERMISSION:
        return translate("SettingsAdvice", "Check the key's permissions, or choose another model above.")
    if kind is ErrorKind.NOT_FOUND:
        return translate("SettingsAdvice", "Check the model name and the server address above.")
    if kind is ErrorKind.BAD_REQUEST:
        return translate("SettingsAdvice", "Check the model above and the temperature on the Answers page.")
    if kind is ErrorKind.RATE_LIMIT:
        if error.retry_after and error.retry_after != "0":
            return translate("SettingsAdvice", "Wait %1 seconds, then try again.").replace("%1", error.retry_after)
        return translate("SettingsAdvice", "Wait a moment, then try again.")
    if kind is ErrorKind.QUOTA:
        return translate("SettingsAdvice", "Check the plan and billing of your account, then try again.")
    if kind in (ErrorKind.SERVER, ErrorKind.STREAM_ERROR, ErrorKind.INCOMPLETE, ErrorKind.STREAM_CUT) or \
            _closed_without_answer(error):
        return translate("SettingsAdvice", "Try again in a moment.")
    if kind is ErrorKind.CONNECTION:
        return translate("SettingsAdvice", "Check your internet connection and the server address above, "
                                           "then try again.")
    if kind is ErrorKind.TIMEOUT:
        return translate("SettingsAdvice", "Try again, or increase the timeouts on the Advanced page.")
    if kind is ErrorKind.NOT_OPENAI:
        return translate("SettingsAdvice", "You may need to sign in to your network first (hotel or guest Wi-Fi), "
                                           "or the server address above is wrong.")
    if kind is ErrorKind.REDIRECTED:
        return translate("SettingsAdvice", "Redirects are not followed, so your conversation stays with the server "
                                           "you chose. If the new address is right, enter it above.")
    if kind is ErrorKind.RESPONSE_TOO_LARGE:
        return translate("SettingsAdvice", "Check the server address above.")
    if kind is ErrorKind.UNSAFE_ADDRESS:
        problem = next((p for p in UrlProblem if p.value == error.detail), None)
        wording = address_problem_text(problem) if problem is not None else ""
        return wording or translate("SettingsAdvice", "Check the server address above.")
    if kind is ErrorKind.UNEXPECTED:
        return translate("SettingsAdvice", "Try again. If it happens again, the log file has details.")
    return error_advice(error)  # TLS, keyring, a too long answer: that advice names no control
