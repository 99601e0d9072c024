"""Texts for the user: what each error means in their language (what happened, what to do),
and the widgets that show text from outside (chat titles, model names, server messages, file
names, folders) as plain text, never as markup."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ..core.errors import ChatError, ErrorKind
from ..core.validation import UrlProblem


translate = QCoreApplication.translate


def error_title(error: ChatError) -> str:
    kind = error.kind
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
    if kind is ErrorKind.BAD_REQUEST:
        return translate("ErrorMessages", "The server refused the request.")
    if kind is ErrorKind.SERVER:
        return translate("ErrorMessages", "The server had a problem.")
    if kind is ErrorKind.CONNECTION:
        return translate("ErrorMessages", "The server could not be reached.")
    if kind is ErrorKind.PROXY:
        return translate("ErrorMessages", "The proxy server refused the connection.")
    if kind is ErrorKind.TLS:
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
        return translate("ErrorMessages", "The server sent more than %1 MB; the app stopped reading there.").replace(
            "%1", number_text(max(1, error.limit // 2**20)))
    if kind is ErrorKind.ANSWER_TOO_LONG:
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
    if kind is ErrorKind.BAD_REQUEST:
        return translate("ErrorMessages", "Check the model and temperature in Settings.")
    if kind in (ErrorKind.SERVER, ErrorKind.STREAM_ERROR, ErrorKind.INCOMPLETE, ErrorKind.STREAM_CUT):
        return translate("ErrorMessages", "Click Retry to ask again.")
    if kind is ErrorKind.CONNECTION:
        return translate("ErrorMessages", "Check your internet connection and the server address, then click Retry.")
    if kind is ErrorKind.PROXY:
        return translate("ErrorMessages", "Check the proxy settings of your system, then click Retry.")
    if kind is ErrorKind.TLS:
        return translate("ErrorMessages", "Your network may inspect encrypted traffic: ask your IT department to install its certificate in the system.")
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


def settings_advice(error: ChatError) -> str:
    """What to do, worded for the settings dialog: it has no Retry button and is itself the settings, so
    the advice names its own fields and pages (error_advice is the banner's, in the main window)."""
    kind = error.kind
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
    if kind in (ErrorKind.SERVER, ErrorKind.STREAM_ERROR, ErrorKind.INCOMPLETE, ErrorKind.STREAM_CUT):
        return translate("SettingsAdvice", "Try again in a moment.")
    if kind is ErrorKind.CONNECTION:
        return translate("SettingsAdvice", "Check your internet connection and the server address above, "
                                           "then try again.")
    if kind is ErrorKind.PROXY:
        return translate("SettingsAdvice", "Check the proxy settings of your system, then try again.")
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
