"""The "open this link?" question shows where a link really goes: whole, at a fixed width, look-alikes unmasked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton

from genai_desktop.core.validation import LinkVerdict, check_link, describe_link_host, registrable_domain

MOST_WIDTH = 600  # px: the dialog stays about this narrow, whatever the link (the screen is 800 px wide offscreen)
LONG_HOST = ".".join(["secure-login.bank.example.com", "a" * 59, "b" * 60, "c" * 60, "evil.example"])


def ask_and_read(qtbot, view, address: str) -> dict:
    """Click-free: ask the real dialog about address, read what it shows, answer Cancel."""
    seen: dict = {}

    def read():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, read)
            return
        labels = [label for label in box.findChildren(QLabel) if label.isVisible() and label.text()]
        seen["title"] = box.windowTitle()
        seen["labels"] = [(label.text().replace("\u200b", ""), label) for label in labels]
        seen["texts"] = [text for text, _label in seen["labels"]] + [
            edit.toPlainText() for edit in box.findChildren(QPlainTextEdit)]
        seen["width"] = box.width()
        seen["bold"] = [text for text, label in seen["labels"] if label.font().bold()]
        seen["clipped"] = [text for text, label in seen["labels"]
                           if label.minimumSizeHint().width() > label.width()
                           or (label.wordWrap() and label.heightForWidth(label.width()) > label.height())
                           or label.geometry().right() > box.width()]
        cancels = [button for button in box.findChildren(QPushButton) if button.text().replace("&", "") == "Cancel"]
        if cancels:
            cancels[0].click()
        else:  # never leave a test waiting on an open dialog
            box.close()

    QTimer.singleShot(0, read)
    assert view._ask_before_opening(QUrl(address)) is False
    return seen


def test_a_very_long_server_name_is_shown_whole_at_a_fixed_width(qtbot, make_window):
    assert len(LONG_HOST) == 224
    window = make_window()
    seen = ask_and_read(qtbot, window.transcriptView, f"https://{LONG_HOST}/login?next=%2F")
    assert seen["width"] <= MOST_WIDTH, seen["width"]
    assert any(f"https://{LONG_HOST}/login?next=%2F" in text for text in seen["texts"])
    assert any(text.endswith(LONG_HOST) and "Server" in text for text in seen["texts"]), seen["texts"]
    assert seen["clipped"] == []
    assert any(text.endswith(" evil.example") for text in seen["bold"]), seen["bold"]  # the domain, set apart


def test_each_question_is_deleted_after_it_is_answered(qtbot, make_window):
    from genai_desktop.ui.link_dialog import LinkConfirmationDialog

    window = make_window()
    view = window.transcriptView
    for number in range(3):
        ask_and_read(qtbot, view, f"https://example.com/{number}")
    qtbot.waitUntil(lambda: not window.findChildren(LinkConfirmationDialog))


def test_look_alike_letters_are_shown_in_their_xn_form_with_a_warning(qtbot, make_window):
    window = make_window()
    seen = ask_and_read(qtbot, window.transcriptView, "https://\u0430pple.com/login")  # Cyrillic а
    server = next(text for text in seen["texts"] if text.startswith("Server"))
    assert server == "Server: xn--pple-43d.com"
    assert any(text.startswith("Warning") and "xn--" in text for text in seen["texts"])
    assert any(text.endswith("xn--pple-43d.com") for text in seen["bold"])


def test_a_single_script_international_name_is_shown_as_written(qtbot, make_window):
    window = make_window()
    seen = ask_and_read(qtbot, window.transcriptView, "https://www.m\u00fcller.de/")
    assert "Server: www.m\u00fcller.de" in seen["texts"]
    assert not any(text.startswith("Warning") for text in seen["texts"])
    assert any(text.endswith(" m\u00fcller.de") for text in seen["bold"])


@pytest.mark.parametrize("address", [
    "mailto:me@example.org?attach=/home/me/.ssh/id_rsa",
    "mailto:me@example.org?subject=Hi&ATTACHMENT=%2Fetc%2Fpasswd",
    "mailto:me@example.org?%61ttach=~/.gnupg/secring.gpg",
    "mailto:me@example.org?Attach",
])
def test_mailto_links_that_attach_files_are_refused(qtbot, make_window, address):
    window = make_window()
    view = window.transcriptView
    asked, opened, notices = [], [], []
    view.confirm_link = lambda url: asked.append(url) or True
    view.open_link = lambda url: opened.append(url) or True
    view.notice.connect(notices.append)
    view.anchorClicked.emit(QUrl(address))
    assert asked == [] and opened == [] and notices and "attach files" in notices[-1]
    assert check_link(address) is LinkVerdict.MAILTO_ATTACHMENT


def test_a_plain_mailto_link_is_still_asked_about(qtbot, make_window):
    window = make_window()
    seen = ask_and_read(qtbot, window.transcriptView, "mailto:me@example.org?subject=attachments%20follow")
    assert "E-mail to: me@example.org" in seen["texts"]
    assert check_link("mailto:me@example.org?subject=attachments%20follow") is LinkVerdict.ALLOWED


@pytest.mark.parametrize("host, domain", [
    ("www.bbc.co.uk", "bbc.co.uk"), ("a.b.evil.example", "evil.example"), ("example.com", "example.com"),
    ("shop.example.com.au", "example.com.au"), ("localhost", "localhost"), ("192.168.1.10", "192.168.1.10"),
    ("evil.example.", "evil.example"), ("[::1]", "[::1]"),
])
def test_registrable_domain(host, domain):
    assert registrable_domain(host) == domain


# A label starting "xn--" is not plain: it is an encoded one (shown raw and deceptive if it is not valid IDNA).
ascii_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20).filter(
    lambda label: not label.startswith("xn--"))


@settings(max_examples=300, deadline=None)
@given(labels=st.lists(ascii_label, min_size=1, max_size=6), spoof_at=st.integers(min_value=0, max_value=19),
       look_alike=st.sampled_from("\u0430\u0435\u043e\u0440\u0441\u0445\u03bf\u03b1\u0578"))
def test_look_alikes_are_always_unmasked(labels, spoof_at, look_alike):
    host = ".".join(labels)
    plain = describe_link_host(host)
    assert plain.shown == host and not plain.deceptive and host.endswith(plain.registrable)
    # One look-alike letter put into a Latin label: always shown in the xn-- form, the domain too.
    first = labels[0]
    if not any(char.isalpha() for char in first):
        first = "a" + first
    position = spoof_at % len(first)
    spoofed = ".".join([first[:position] + look_alike + first[position + 1:], *labels[1:]])
    ace = QUrl(f"https://{spoofed}/").host(QUrl.FullyEncoded)
    if not ace:
        return  # not a valid host for a URL parser: no link could lead there
    described = describe_link_host(ace)
    assert described.deceptive and described.shown == ace and described.shown.isascii()
    assert described.shown.endswith(described.registrable)


def raw_punycode(label: str) -> str:
    """The xn-- form of label made with plain punycode, as a hostile link would: no IDNA checks."""
    return "xn--" + label.encode("punycode").decode("ascii")


@pytest.mark.parametrize("label", [
    "apple\u202ecom",  # RIGHT-TO-LEFT OVERRIDE: shows as "applemoc"
    "a\u200bpple",  # ZERO WIDTH SPACE: shows as "apple"
    "a\u2060pple",  # WORD JOINER, invisible
    "paypal\u2044login",  # FRACTION SLASH, looks like "/"
    "apple\u3002com",  # IDEOGRAPHIC FULL STOP, looks like "."
    "apple\uff0ecom",  # FULLWIDTH FULL STOP
    "apple\u2024com",  # ONE DOT LEADER
    "pay\u2010pal",  # HYPHEN, not the ASCII one
])
def test_invisible_and_symbol_characters_are_unmasked(label):
    ace = raw_punycode(label) + ".evil.example"
    described = describe_link_host(ace)
    assert described.deceptive and described.shown == ace, described
    assert described.registrable == "evil.example"


@pytest.mark.parametrize("ace", [
    "xn--apple-.evil.example",  # decodes to plain "apple": poses as an ASCII label
    raw_punycode("\u00dcber") + ".evil.example",  # IDNA would have lower-cased the Ü
    raw_punycode("\uff41pple") + ".evil.example",  # fullwidth a: IDNA maps it to "a"
    "xn--",  # an empty encoded label (found by the look-alike property test)
])
def test_labels_that_decode_but_are_not_idna_are_unmasked(ace):
    described = describe_link_host(ace)
    assert described.deceptive and described.shown == ace.lower() and described.shown.isascii()


def test_a_bidi_override_in_a_link_is_shown_in_its_xn_form_with_a_warning(qtbot, make_window):
    window = make_window()
    ace = raw_punycode("apple\u202ecom") + ".evil.example"
    seen = ask_and_read(qtbot, window.transcriptView, f"https://{ace}/login")
    assert f"Server: {ace}" in seen["texts"], seen["texts"]
    assert any(text.startswith("Warning") for text in seen["texts"])
    assert not any("\u202e" in text for text in seen["texts"])


@settings(max_examples=300, deadline=None)
@given(label=ascii_label, at=st.integers(min_value=0, max_value=19),
       odd=st.characters(min_codepoint=0x80, exclude_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me",
                                                                 "Nd", "Cs")))
def test_any_non_letter_character_unmasks_a_label(label, at, odd):
    position = at % (len(label) + 1)
    ace = raw_punycode(label[:position] + odd + label[position:]) + ".example"
    described = describe_link_host(ace)
    assert described.deceptive and described.shown == ace and described.shown.isascii()


def test_enter_in_the_link_question_never_opens_the_link(qtbot, make_window):
    """Cancel is the default and has the focus: Enter (or Space) right after the question appears cancels."""
    window = make_window()
    view = window.transcriptView
    outcome = {}

    def press_enter():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, press_enter)
            return
        focused = box.focusWidget()  # offscreen windows are never active: the dialog's own focus widget
        outcome["focus"] = focused.text().replace("&", "") if isinstance(focused, QPushButton) else repr(focused)
        outcome["defaults"] = [button.text().replace("&", "") for button in box.findChildren(QPushButton)
                               if button.isDefault()]
        try:
            qtbot.keyClick(focused or box, Qt.Key_Return)
        finally:
            if QApplication.activeModalWidget() is box:  # Enter did nothing: do not leave the test waiting
                box.done(2)

    QTimer.singleShot(0, press_enter)
    assert view._ask_before_opening(QUrl("https://example.org/page")) is False
    assert outcome["focus"] == "Cancel" and outcome["defaults"] == ["Cancel"]
