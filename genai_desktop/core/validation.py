"""Checks on what users paste and what models write: keys, endpoint URLs, links."""

from __future__ import annotations

import ipaddress
import unicodedata
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qsl, unquote, urlsplit

from .redaction import without_user_info  # the address as it may be shown: the same rule as redact()


class KeyProblem(Enum):
    EMPTY = "empty"
    BAD_CHARACTER = "bad_character"


@dataclass(frozen=True)
class KeyCheck:
    key: str = ""
    problem: KeyProblem | None = None
    position: int = 0  # 1-based position of the offending character
    character: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def character_name(self) -> str:
        """A readable name, e.g. 'U+201D RIGHT DOUBLE QUOTATION MARK'."""
        if not self.character:
            return ""
        name = unicodedata.name(self.character, "")
        code = f"U+{ord(self.character):04X}"
        return f"{code} {name}" if name else code


def check_api_key(raw: str) -> KeyCheck:
    """Strip surrounding whitespace; reject control and non-ASCII characters inside.

    A trailing newline or a smart quote from a PDF otherwise ends up in the HTTP header,
    where it fails with a misleading error whose text contains the whole key.
    """
    key = raw.strip()
    if not key:
        return KeyCheck(problem=KeyProblem.EMPTY)
    for index, char in enumerate(key):
        if not (0x21 <= ord(char) <= 0x7E):
            return KeyCheck(problem=KeyProblem.BAD_CHARACTER, position=index + 1, character=char)
    return KeyCheck(key=key)


MAX_MODEL_NAME_CHARS = 200  # a longer name from a server's list is not offered


def is_model_name(name: object) -> bool:
    """A name a server's model list may offer: text, not blank, at most MAX_MODEL_NAME_CHARS, without
    control or format characters (no model is named so; they would garble the picker and the headings)."""
    return (isinstance(name, str) and bool(name.strip()) and len(name) <= MAX_MODEL_NAME_CHARS
            and not any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name))


class UrlProblem(Enum):
    EMPTY = "empty"
    SCHEME = "scheme"
    NO_HOST = "no_host"
    USER_INFO = "user_info"
    SPACES = "spaces"
    # Only from address_problem: plain http to another machine the user has not confirmed.
    CLEARTEXT_UNCONFIRMED = "cleartext_unconfirmed"


@dataclass(frozen=True)
class UrlCheck:
    url: str = ""
    problem: UrlProblem | None = None
    cleartext_remote: bool = False  # http:// to a host that is not this machine

    @property
    def ok(self) -> bool:
        return self.problem is None


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(raw: str) -> UrlCheck:
    url = raw.strip()
    if not url:
        return UrlCheck(problem=UrlProblem.EMPTY)
    if any(c.isspace() or ord(c) < 0x20 for c in url):
        return UrlCheck(problem=UrlProblem.SPACES)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # raises ValueError on a malformed port
    except ValueError:
        return UrlCheck(problem=UrlProblem.NO_HOST)
    if parts.scheme.lower() not in ("http", "https"):
        return UrlCheck(problem=UrlProblem.SCHEME)
    if "@" in parts.netloc:
        return UrlCheck(problem=UrlProblem.USER_INFO)
    if not host:
        return UrlCheck(problem=UrlProblem.NO_HOST)
    cleartext = parts.scheme.lower() == "http" and not is_loopback_host(host)
    return UrlCheck(url=url.rstrip("/"), cleartext_remote=cleartext)


def address_problem(base_url: str, confirmed_cleartext: str = "") -> UrlProblem | None:
    """The one rule for the address every request goes to, whatever set it (the settings dialog,
    settings.json, OPENAI_BASE_URL): well-formed, no user info (the SDK would send it as Basic auth,
    and it is a password in a place that gets printed), and plain http to another machine only if
    the user confirmed that very address (confirmed_cleartext is its endpoint_id)."""
    check = check_base_url(base_url)
    if not check.ok:
        return check.problem
    if check.cleartext_remote and endpoint_id(check.url) != confirmed_cleartext:
        return UrlProblem.CLEARTEXT_UNCONFIRMED
    return None


def refuse_unsafe_address(base_url: str, confirmed_cleartext: str = "") -> None:
    """Raise ChatError(UNSAFE_ADDRESS) unless address_problem allows base_url; called by core/llm.py
    before any request uses the key (chat, Test connection, model list, --self-test --ping)."""
    from .errors import ChatError, ErrorKind

    problem = address_problem(base_url, confirmed_cleartext)
    if problem is not None:
        raise ChatError(ErrorKind.UNSAFE_ADDRESS, detail=problem.value,
                        server_message=without_user_info(base_url.strip())[:300])


def endpoint_id(base_url: str) -> str:
    """The name a key is stored under: one keyring entry per endpoint."""
    try:
        parts = urlsplit(base_url.strip())
    except ValueError:  # "http://[::1/v1": refused by address_problem when used, but still a name
        return base_url.strip()
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}{path}"


class LinkVerdict(Enum):
    ALLOWED = "allowed"
    BLOCKED_SCHEME = "blocked_scheme"
    MALFORMED = "malformed"
    # A mailto: link asking the mail program to attach files (attach=, attachment=, any case or
    # encoding): some mail programs attach a local file, say ~/.ssh/id_rsa, to a prepared mail.
    MAILTO_ATTACHMENT = "mailto_attachment"


ALLOWED_LINK_SCHEMES = ("http", "https", "mailto")


def check_link(url: str) -> LinkVerdict:
    """Only http, https and mailto links may leave the app, and only well-formed ones."""
    if not url or url != url.strip() or url.startswith("-"):
        return LinkVerdict.MALFORMED
    if any(ord(c) < 0x20 or ord(c) == 0x7F or c.isspace() for c in url):
        return LinkVerdict.MALFORMED
    try:
        parts = urlsplit(url)
    except ValueError:
        return LinkVerdict.MALFORMED
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_LINK_SCHEMES:
        return LinkVerdict.BLOCKED_SCHEME
    if scheme == "mailto":
        if not parts.path:
            return LinkVerdict.MALFORMED
        return LinkVerdict.MAILTO_ATTACHMENT if _asks_for_attachments(parts.query) else LinkVerdict.ALLOWED
    if not parts.hostname or "@" in parts.netloc:
        return LinkVerdict.MALFORMED
    return LinkVerdict.ALLOWED


def _asks_for_attachments(query: str) -> bool:
    for name, _value in parse_qsl(query, keep_blank_values=True):
        for _ in range(3):  # %2561ttach is %61ttach is attach to a mail program that decodes again
            name = unquote(name)
        if name.strip().lower().startswith("attach"):
            return True
    return False


# --- how a link's server is shown before it is opened -------------------------------------------

# Second-level labels under which a country's registrable domains sit (example.co.uk, example.com.au).
# No public-suffix list is shipped: this covers the common cases, and the full server name is
# always shown next to the domain, so a miss shows one label too few, never hides one.
COUNTRY_SECOND_LEVELS = frozenset({
    "ac", "co", "com", "edu", "gob", "gov", "govt", "gv", "ltd", "me", "mil", "ne", "net", "nhs", "nic", "nom",
    "or", "org", "plc", "sch", "go", "gouv",
})
# Scripts with letters that look like Latin ones; a label made only of such look-alikes
# (Cyrillic "аре" for "ape") deceives as well as one that mixes scripts.
LATIN_LOOKALIKES = frozenset(
    "аеорсуххіјѕԁӏһԛԝкмнтвпгьѡүӀ"  # Cyrillic
    "αοορνικτυχεηϲϳ"  # Greek
    "օսոհցզաւ"  # Armenian
)
_CJK_SCRIPTS = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "KATAKANA-HIRAGANA"}


@dataclass(frozen=True)
class LinkHost:
    ascii: str  # the xn-- (IDNA) form
    unicode: str
    deceptive: bool  # mixed scripts or Latin look-alikes: shown in its xn-- form, with a warning

    @property
    def shown(self) -> str:
        return self.ascii if self.deceptive else self.unicode

    @property
    def registrable(self) -> str:
        """The domain someone registered (the last labels), in the form shown."""
        return registrable_domain(self.shown)


def _script(char: str) -> str | None:
    """A letter's script, by the first word of its Unicode name; None for digits, hyphens, marks."""
    if not char.isalpha():
        return None
    if char.isascii():
        return "LATIN"
    first = unicodedata.name(char, "UNKNOWN").split(" ")[0]
    return "CJK" if first in _CJK_SCRIPTS else first


def _deceptive_label(label: str) -> bool:
    if label.isascii():
        return False
    if any(not char.isascii() and unicodedata.category(char)[0] not in "LM" and unicodedata.category(char) != "Nd"
           for char in label):
        return True  # invisible (U+200B), bidi (U+202E), dot-like (U+3002, U+FF0E) or slash-like (U+2044)
    scripts = {script for script in map(_script, label) if script is not None}
    if len(scripts - {"LATIN", "CJK"}) > 1 or (scripts - {"LATIN", "CJK"} and "LATIN" in scripts):
        return True  # mixed: "аpple" is a Cyrillic а and Latin pple
    letters = [char for char in label if char.isalpha()]
    return bool(letters) and all(char in LATIN_LOOKALIKES for char in letters)


def _decoded_label(ace_label: str) -> str | None:
    """A label's Unicode form, or None if it is not what IDNA would have made of that form: raw
    punycode can hold characters IDNA refuses (U+202E) or maps away (a zero-width space, U+3002
    for "."), and such a label must never be shown decoded."""
    if not ace_label.startswith("xn--"):
        return ace_label
    try:
        label = ace_label[4:].encode("ascii").decode("punycode")
        if label.encode("idna") != ace_label.encode("ascii"):
            return None
    except (UnicodeError, ValueError):
        return None
    return label


def describe_link_host(ace_host: str) -> LinkHost:
    """How to show a link's server (given in its ASCII, xn-- form, as a URL parser returns it)."""
    host = ace_host.strip().lower()
    labels = []
    for ace_label in host.split("."):
        label = _decoded_label(ace_label)
        if label is None:
            return LinkHost(host, host, True)  # not valid IDNA: never shown decoded
        labels.append(label)
    unicode_host = ".".join(labels)
    return LinkHost(host, unicode_host, any(_deceptive_label(label) for label in labels))


def registrable_domain(host: str) -> str:
    host = host.rstrip(".")
    if not host or ":" in host or host.replace(".", "").isdigit():
        return host  # an IP address is its own "domain"
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in COUNTRY_SECOND_LEVELS else 2
    return ".".join(labels[-keep:])
