"""Course packages (``*.genai-course``, issue 14): one JSON file from a course leader that sets up
everything except the key: endpoint profiles, assistants, prompt templates, a company CA for its
hosts and a few preset settings.

Pure functions, no file or keyring I/O: read_package() checks a file's bytes completely and refuses
it with the reason and the place (PackageRefused) before anything changes; preview() says what
importing would add, change and remove; applied() and removed() return the new Settings (the caller
trusts or untrusts the CAs named and saves); export_package() writes the other way round.

The format (README "Course packages"): a JSON object with "format": "genai-course" and "version"
(1, or "1.x": a higher minor adds keys an older build ignores; a higher major is refused). Unknown
keys are ignored everywhere. Entries are matched by name: importing the same course (its "id", else
its title) again updates what it added, and drops what the new version no longer has.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from enum import Enum

from .assistants import with_first_assistant_named
from .certificates import TrustRefused, facts_of, normal_host, read_certificate, refusal
from .course_content import NAME_CHARACTERS, PROMPT_CHARACTERS, Assistant, Course, PromptTemplate
from .presets import guess_preset
from .profiles import PROFILES_KEPT, HEADERS_KEPT, Profile, is_header_name, is_header_value, unique_name
from .redaction import redact
from .validation import check_base_url, endpoint_id

FORMAT = "genai-course"
FORMAT_MAJOR, FORMAT_MINOR = 1, 0
MAX_PACKAGE_BYTES = 1024 * 1024  # a course is a few kilobytes; a bigger file is no course package
ITEMS_PER_KIND = 100  # profiles are limited further by PROFILES_KEPT
CERTIFICATES_PER_PACKAGE = 5
TITLE_CHARACTERS = 200
# Names a JSON key carries when its value is a key or a password: never in a file that gets mailed around.
_SECRET_NAMES = ("apikey", "api_key", "api-key", "key", "secret", "password", "passwd", "token", "authorization",
                 "bearer", "credential", "credentials", "client_secret", "access_token")
_SECRET_HEADER_WORDS = ("key", "secret", "token", "auth", "password", "credential", "cookie", "session")


class Refusal(str, Enum):
    """Why a package is refused; where (PackageRefused.where) says which entry."""

    TOO_BIG = "too_big"  # more than MAX_PACKAGE_BYTES
    NOT_JSON = "not_json"  # not UTF-8 JSON, or not an object
    NOT_A_COURSE = "not_a_course"  # "format" is not "genai-course"
    NO_VERSION = "no_version"
    NEWER_VERSION = "newer_version"  # a major version this build does not know (detail: the version)
    WRONG_TYPE = "wrong_type"  # a value of the wrong kind, or missing where it is needed
    BAD_VALUE = "bad_value"  # the right kind, not usable (an empty name, a malformed address, a bad header)
    TOO_MANY = "too_many"
    DUPLICATE = "duplicate"  # two entries of one kind with one name
    KEY_INSIDE = "key_inside"  # a key-like value: a key must never travel in a file
    CERTIFICATE = "certificate"  # detail: core.certificates.Refusal's value (not_ca, expired, …)
    UNKNOWN_NAME = "unknown_name"  # settings name a profile or assistant the package does not hold
    CLEARTEXT = "cleartext"  # more than one http:// address to another machine: only one can be confirmed


class PackageRefused(Exception):
    def __init__(self, reason: Refusal, where: str = "", detail: str = "",
                 certificate: TrustRefused | None = None) -> None:
        super().__init__(f"{reason.value} at {where or 'package'}: {detail}" if detail else
                         f"{reason.value} at {where or 'package'}")
        self.reason = reason
        self.where = where  # the place in the file, e.g. profiles[1].headers.X-Api-Key
        self.detail = detail[:200]
        self.certificate = certificate  # for CERTIFICATE: why core.certificates refused it


@dataclass(frozen=True)
class PackageCertificate:
    der: bytes = field(repr=False)
    hosts: tuple[str, ...]
    subject: str
    sha256: str


@dataclass(frozen=True)
class CoursePackage:
    course_id: str  # stable across versions of the same course: its "id", else its title
    title: str
    welcome: str
    profiles: tuple[Profile, ...]  # ids derived from the course and the name: a re-import finds them again
    assistants: tuple[Assistant, ...]
    templates: tuple[PromptTemplate, ...]
    certificates: tuple[PackageCertificate, ...]
    language: str | None = None  # None: the package leaves the language as it is
    default_profile: str = ""  # an id in profiles ("" : the first)
    default_assistant: str = ""  # an id in assistants ("": none preset)

    @property
    def cleartext_address(self) -> str:
        """The http:// address to another machine a profile uses ("" if none): it needs the user's confirmation."""
        return next((profile.base_url for profile in self.profiles if check_base_url(profile.base_url).cleartext_remote),
                    "")


def _stable_id(*parts: str) -> str:
    return "c" + hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:15]


# --- reading -------------------------------------------------------------------------------------

class _Reader:
    """Strict reading of one package: every refusal names the place."""

    def fail(self, reason: Refusal, where: str, detail: str = "") -> PackageRefused:
        return PackageRefused(reason, where, detail)

    def text(self, value: object, where: str, limit: int, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(Refusal.WRONG_TYPE, where)
        if len(value) > limit or "\0" in value:
            raise self.fail(Refusal.BAD_VALUE, where)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise self.fail(Refusal.BAD_VALUE, where) from None
        if required and not value.strip():
            raise self.fail(Refusal.BAD_VALUE, where)
        return value

    def items(self, data: dict, name: str, limit: int) -> list:
        value = data.get(name, [])
        if not isinstance(value, list):
            raise self.fail(Refusal.WRONG_TYPE, name)
        if len(value) > limit:
            raise self.fail(Refusal.TOO_MANY, name, str(len(value)))
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self.fail(Refusal.WRONG_TYPE, f"{name}[{index}]")
        return value


MAX_DEPTH = 20  # a package nests four levels deep; deeper is no package (and no deep recursion here)


def _find_keys(value: object, where: str, depth: int = 0) -> None:
    """Refuse a key-like value anywhere: a secret-named field with a value, or text the log redaction
    would redact (sk-…, Bearer …, api_key=…, a password in an address)."""
    if depth > MAX_DEPTH:
        raise PackageRefused(Refusal.TOO_MANY, where)
    if isinstance(value, dict):
        for name, item in value.items():
            inner = f"{where}.{name}" if where else str(name)
            if redact(str(name)) != str(name):
                raise PackageRefused(Refusal.KEY_INSIDE, inner)
            if str(name).lower() in _SECRET_NAMES and item not in (None, "", [], {}):
                raise PackageRefused(Refusal.KEY_INSIDE, inner)
            _find_keys(item, inner, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _find_keys(item, f"{where}[{index}]", depth + 1)
    elif isinstance(value, str) and _key_like(value):
        raise PackageRefused(Refusal.KEY_INSIDE, where)


# The log redaction's "key-…" token also takes words ("key-value-store", "key-points-of-the-course"), which
# is harmless in a log and would refuse a course: here such a token counts only with a digit in it.
_KEY_WORD = re.compile(r"\bkey-[A-Za-z_-]{8,}\b")


def _key_like(text: str) -> bool:
    """Text the log redaction would redact (sk-…, Bearer …, api_key=…, a password in an address)."""
    words_left_out = _KEY_WORD.sub(" ", text)
    return redact(words_left_out) != words_left_out


def _version(data: dict) -> None:
    version = data.get("version")
    if version is None:
        raise PackageRefused(Refusal.NO_VERSION, "version")
    if isinstance(version, bool) or not isinstance(version, (int, str)):
        raise PackageRefused(Refusal.WRONG_TYPE, "version")
    major_text = str(version).split(".", 1)[0].strip()
    if not major_text.isdigit() or not major_text.isascii():
        raise PackageRefused(Refusal.BAD_VALUE, "version", str(version)[:20])
    major = int(major_text)
    if major > FORMAT_MAJOR:
        raise PackageRefused(Refusal.NEWER_VERSION, "version", str(version)[:20])
    if major < 1:
        raise PackageRefused(Refusal.BAD_VALUE, "version", str(version)[:20])


def _profile(reader: _Reader, entry: dict, where: str, course_id: str) -> Profile:
    name = reader.text(entry.get("name"), f"{where}.name", NAME_CHARACTERS).strip()
    address = reader.text(entry.get("base_url"), f"{where}.base_url", 2000)
    check = check_base_url(address)
    if not check.ok:
        raise reader.fail(Refusal.BAD_VALUE, f"{where}.base_url", check.problem.value)
    model = reader.text(entry.get("model", ""), f"{where}.model", 300, required=False).strip()
    context = entry.get("context_tokens", 0)
    if context is None:
        context = 0
    if isinstance(context, bool) or not isinstance(context, int):
        raise reader.fail(Refusal.WRONG_TYPE, f"{where}.context_tokens")
    if not 0 <= context <= 100_000_000:
        raise reader.fail(Refusal.BAD_VALUE, f"{where}.context_tokens")
    headers = entry.get("headers", {})
    if headers is None:
        headers = {}
    if not isinstance(headers, dict):
        raise reader.fail(Refusal.WRONG_TYPE, f"{where}.headers")
    if len(headers) > HEADERS_KEPT:
        raise reader.fail(Refusal.TOO_MANY, f"{where}.headers")
    kept = []
    for header, value in headers.items():
        place = f"{where}.headers.{header}"
        if any(word in header.lower() for word in _SECRET_HEADER_WORDS) and value:
            raise reader.fail(Refusal.KEY_INSIDE, place)  # api-key, X-Auth-Token: a secret's place
        if not isinstance(value, str):
            raise reader.fail(Refusal.WRONG_TYPE, place)
        if not is_header_name(header) or not is_header_value(value):
            raise reader.fail(Refusal.BAD_VALUE, place)
        kept.append((header, value))
    return Profile(_stable_id(course_id, "profile", name.casefold()), name, check.url, model,
                   preset=guess_preset(check.url), context_tokens=context, headers=tuple(kept))


def _certificate(reader: _Reader, entry: dict, where: str, now: datetime.datetime) -> PackageCertificate:
    pem = reader.text(entry.get("pem"), f"{where}.pem", 64 * 1024)
    hosts = entry.get("hosts")
    if not isinstance(hosts, list) or not all(isinstance(host, str) for host in hosts):
        raise reader.fail(Refusal.WRONG_TYPE, f"{where}.hosts")
    try:
        names = tuple(dict.fromkeys(normal_host(host) for host in hosts if host.strip()))
        certificate = read_certificate(pem.encode("utf-8"))
        problem = refusal(certificate, names, now)
    except TrustRefused as error:
        raise PackageRefused(Refusal.CERTIFICATE, where, error.reason.value, error) from None
    if problem is not None:
        raise PackageRefused(Refusal.CERTIFICATE, where, problem.reason.value, problem)
    facts = facts_of(certificate)
    return PackageCertificate(facts.der, names, facts.subject_cn or facts.subject, facts.sha256)


def _named_entries(reader: _Reader, data: dict, kind: str, text_name: str) -> list[tuple[str, str]]:
    """(name, text) of each assistant or template, names unique."""
    read, seen = [], set()
    for index, entry in enumerate(reader.items(data, kind, ITEMS_PER_KIND)):
        where = f"{kind}[{index}]"
        name = reader.text(entry.get("name"), f"{where}.name", NAME_CHARACTERS).strip()
        body = reader.text(entry.get(text_name, ""), f"{where}.{text_name}", PROMPT_CHARACTERS, required=False)
        if name.casefold() in seen:
            raise reader.fail(Refusal.DUPLICATE, f"{where}.name", name)
        seen.add(name.casefold())
        read.append((name, body))
    return read


def read_package(data: bytes, now: datetime.datetime | None = None) -> CoursePackage:
    """The package in data, checked completely; PackageRefused with the reason and the place otherwise."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageRefused(Refusal.TOO_BIG, "", str(len(data)))
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackageRefused(Refusal.NOT_JSON) from None
    if not isinstance(parsed, dict):
        raise PackageRefused(Refusal.NOT_JSON)
    if parsed.get("format") != FORMAT:
        raise PackageRefused(Refusal.NOT_A_COURSE, "format")
    _version(parsed)
    _find_keys(parsed, "")
    reader = _Reader()
    title = reader.text(parsed.get("title"), "title", TITLE_CHARACTERS).strip()
    welcome = reader.text(parsed.get("welcome", ""), "welcome", PROMPT_CHARACTERS, required=False)
    course_id = _stable_id("course", reader.text(parsed.get("id", title), "id", TITLE_CHARACTERS).strip().casefold())

    profiles, seen = [], set()
    for index, entry in enumerate(reader.items(parsed, "profiles", PROFILES_KEPT)):
        profile = _profile(reader, entry, f"profiles[{index}]", course_id)
        if profile.name.casefold() in seen:
            raise reader.fail(Refusal.DUPLICATE, f"profiles[{index}].name", profile.name)
        seen.add(profile.name.casefold())
        profiles.append(profile)
    if sum(1 for profile in profiles if check_base_url(profile.base_url).cleartext_remote) > 1:
        raise PackageRefused(Refusal.CLEARTEXT, "profiles")
    assistants = tuple(Assistant(_stable_id(course_id, "assistant", name.casefold()), name, prompt, course_id)
                       for name, prompt in _named_entries(reader, parsed, "assistants", "system_prompt"))
    templates = tuple(PromptTemplate(_stable_id(course_id, "template", name.casefold()), name, text, course_id)
                      for name, text in _named_entries(reader, parsed, "templates", "text"))
    certificates = tuple(_certificate(reader, entry, f"certificates[{index}]", now) for index, entry
                         in enumerate(reader.items(parsed, "certificates", CERTIFICATES_PER_PACKAGE)))

    preset_settings = parsed.get("settings", {})
    if preset_settings is None:
        preset_settings = {}
    if not isinstance(preset_settings, dict):
        raise PackageRefused(Refusal.WRONG_TYPE, "settings")
    language = preset_settings.get("language")
    if language is not None and language not in ("", "de", "en"):
        raise PackageRefused(Refusal.WRONG_TYPE if not isinstance(language, str) else Refusal.BAD_VALUE,
                             "settings.language")

    def named(kind: str, entries: tuple) -> str:
        wanted = preset_settings.get(kind)
        if wanted is None or wanted == "":
            return ""
        if not isinstance(wanted, str):
            raise PackageRefused(Refusal.WRONG_TYPE, f"settings.{kind}")
        found = next((entry.id for entry in entries if entry.name.casefold() == wanted.strip().casefold()), None)
        if found is None:
            raise PackageRefused(Refusal.UNKNOWN_NAME, f"settings.{kind}", wanted)
        return found

    return CoursePackage(course_id, title, welcome, tuple(profiles), assistants, templates, certificates,
                         language, named("default_profile", tuple(profiles)), named("default_assistant", assistants))


# --- what an import changes ----------------------------------------------------------------------

class Change(str, Enum):
    ADD = "add"
    UPDATE = "update"
    REMOVE = "remove"  # the course's earlier version had it, this one no longer does


@dataclass(frozen=True)
class Preview:
    """What importing the package does to the settings, entry by entry (names are outside text)."""

    title: str
    updating: bool  # this course was imported before
    profiles: tuple[tuple[Change, str], ...]
    assistants: tuple[tuple[Change, str], ...]
    templates: tuple[tuple[Change, str], ...]
    certificates: tuple[tuple[str, str, tuple[str, ...]], ...]  # subject, fingerprint, hosts
    default_profile: str  # the profile new chats will use (its name as it will be); "": unchanged
    default_assistant: str  # "" : unchanged
    language: str | None  # None: unchanged
    cleartext_address: str  # "" or the http:// address to confirm


def _course(settings, course_id: str) -> Course | None:
    return next((course for course in settings.courses if course.id == course_id), None)


def _changes(new: tuple, old_ids: tuple[str, ...], existing: tuple) -> tuple[tuple[Change, str], ...]:
    present = {entry.id: entry for entry in existing}
    new_ids = {entry.id for entry in new}
    changes = [(Change.UPDATE if entry.id in present else Change.ADD, entry.name) for entry in new]
    changes += [(Change.REMOVE, present[old].name) for old in old_ids if old not in new_ids and old in present]
    return tuple(changes)


def preview(settings, package: CoursePackage) -> Preview:
    earlier = _course(settings, package.course_id) or Course(package.course_id, package.title)
    result = applied(settings, package, confirm_cleartext=True)
    default_id = result.default_profile_id()
    default_profile = result.profile(default_id).name if default_id != settings.default_profile_id() or \
        default_id in {profile.id for profile in package.profiles} else ""
    assistant = next((entry.name for entry in result.assistants if entry.id == package.default_assistant), "")
    return Preview(
        package.title, _course(settings, package.course_id) is not None,
        _changes(tuple(p for p in result.profile_list() if p.id in {q.id for q in package.profiles}),
                 earlier.profiles, settings.profile_list()),
        _changes(package.assistants, earlier.assistants, settings.assistants),
        _changes(package.templates, earlier.templates, settings.prompt_templates),
        tuple((c.subject, c.sha256, c.hosts) for c in package.certificates),
        default_profile, assistant,
        package.language if package.language is not None and package.language != settings.language else None,
        package.cleartext_address)


def _merged(existing: tuple, old_ids: tuple[str, ...], new: tuple) -> tuple:
    """existing with the course's earlier entries replaced in place by new ones (or dropped), the rest appended."""
    by_id = {entry.id: entry for entry in new}
    merged = [by_id.pop(entry.id) if entry.id in by_id else entry for entry in existing
              if entry.id not in old_ids or entry.id in by_id]
    return tuple(merged) + tuple(entry for entry in new if entry.id in by_id)


def applied(settings, package: CoursePackage, confirm_cleartext: bool = False,
            certificates_added: tuple[str, ...] = (), first_assistant_name: str = "General"):
    """The settings with the package imported: new chats use its default profile and assistant; the user's
    assistants stay (the one an older build's single system prompt became is stored as first_assistant_name).

    certificates_added: the fingerprints the caller newly trusted for this import (removing the course
    untrusts those, not an authority the user trusted already). PackageRefused CLEARTEXT when a profile
    uses http:// to another machine and confirm_cleartext is False."""
    settings = with_first_assistant_named(settings, first_assistant_name)
    earlier = _course(settings, package.course_id) or Course(package.course_id, package.title)
    if package.cleartext_address and not confirm_cleartext:
        raise PackageRefused(Refusal.CLEARTEXT, "profiles", package.cleartext_address)
    listed = settings.profile_list()
    others = tuple(profile for profile in listed if profile.id not in earlier.profiles)
    profiles = tuple(replace(profile, name=unique_name(profile.name, others)) for profile in package.profiles)
    listed = _merged(listed, earlier.profiles, profiles)
    default = package.default_profile or (profiles[0].id if profiles else settings.default_profile_id())
    if settings.default_profile_id() in earlier.profiles and default not in {p.id for p in listed}:
        default = listed[0].id
    result = settings.with_profiles(listed, default) if listed else settings
    assistants = _merged(settings.assistants, earlier.assistants, package.assistants)
    templates = _merged(settings.prompt_templates, earlier.templates, package.templates)
    kept_certificates = tuple(sha for sha in earlier.certificates
                              if sha in {c.sha256 for c in package.certificates}) + certificates_added
    course = Course(package.course_id, package.title, package.welcome, tuple(p.id for p in profiles),
                    tuple(a.id for a in package.assistants), tuple(t.id for t in package.templates),
                    tuple(dict.fromkeys(kept_certificates)))
    courses = tuple(course if entry.id == course.id else entry for entry in settings.courses)
    if earlier not in settings.courses:
        courses += (course,)
    changes = dict(assistants=assistants, prompt_templates=templates, courses=courses)
    if package.default_assistant:
        changes["default_assistant"] = package.default_assistant
    elif settings.default_assistant in earlier.assistants and settings.default_assistant not in \
            {a.id for a in package.assistants}:
        changes["default_assistant"] = ""
    if package.language is not None:
        changes["language"] = package.language
    if package.cleartext_address:
        changes["cleartext_confirmed"] = endpoint_id(package.cleartext_address)
    return result.replace(**changes)


def certificates_dropped(settings, package: CoursePackage) -> tuple[str, ...]:
    """The fingerprints this course trusted before that its new version no longer brings."""
    earlier = _course(settings, package.course_id)
    keep = {c.sha256 for c in package.certificates}
    return tuple(sha for sha in earlier.certificates if sha not in keep) if earlier else ()


def removed(settings, course_id: str):
    """(settings without what the course added, the profiles removed, the CA fingerprints to untrust)."""
    course = _course(settings, course_id)
    if course is None:
        return settings, (), ()
    listed = settings.profile_list()
    gone = tuple(profile for profile in listed if profile.id in course.profiles)
    kept = tuple(profile for profile in listed if profile.id not in course.profiles)
    result = settings.with_profiles(kept, settings.default_profile_id()) if kept else settings.replace(
        profiles=(), default_profile="")
    changes = dict(assistants=tuple(a for a in settings.assistants if a.id not in course.assistants),
                   prompt_templates=tuple(t for t in settings.prompt_templates if t.id not in course.templates),
                   courses=tuple(c for c in settings.courses if c.id != course_id))
    if settings.default_assistant in course.assistants:
        changes["default_assistant"] = ""
    if any(endpoint_id(profile.base_url) == settings.cleartext_confirmed for profile in gone):
        changes["cleartext_confirmed"] = ""
    return result.replace(**changes), gone, course.certificates


# --- writing ---------------------------------------------------------------------------------------

def export_package(settings, title: str, welcome: str = "", authorities=(),
                   first_assistant_name: str = "General") -> bytes:
    """A package of the current profiles (without keys and secret headers), assistants and templates,
    and the trusted authorities (TrustedAuthority) for their hosts. PackageRefused KEY_INSIDE when
    something to export looks like a key (a header value, a system prompt): the leader is told where."""
    import ssl
    from .certificates import host_of_url

    settings = with_first_assistant_named(settings, first_assistant_name)
    profiles = settings.profile_list()
    hosts = {host_of_url(profile.base_url) for profile in profiles}
    data = {
        "format": FORMAT, "version": f"{FORMAT_MAJOR}.{FORMAT_MINOR}", "title": title, "welcome": welcome,
        "profiles": [{"name": p.name, "base_url": p.base_url, "model": p.model, "context_tokens": p.context_tokens,
                      "headers": dict(p.headers)} for p in profiles],
        # an assistant without instructions (the plain chat every user has) adds nothing to a course
        "assistants": [{"name": a.name, "system_prompt": a.system_prompt} for a in settings.assistants
                       if a.system_prompt.strip()],
        "templates": [{"name": t.name, "text": t.text} for t in settings.prompt_templates],
        "certificates": [{"pem": ssl.DER_cert_to_PEM_cert(authority.facts.der),
                          "hosts": [host for host in authority.hosts if host in hosts]}
                         for authority in authorities if hosts & set(authority.hosts)],
        "settings": {"default_profile": settings.profile(settings.default_profile_id()).name},
    }
    if settings.language:
        data["settings"]["language"] = settings.language
    exported = {entry["name"] for entry in data["assistants"]}
    default_assistant = next((a.name for a in settings.assistants
                              if a.id == settings.default_assistant and a.name in exported), "")
    if default_assistant:
        data["settings"]["default_assistant"] = default_assistant
    encoded = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    read_package(encoded)  # what this build writes, it reads: a refusal says what to change first
    return encoded


def read_package_file(path) -> CoursePackage:
    """The package in the file at path (a regular file, at most MAX_PACKAGE_BYTES read); PackageRefused, or
    OSError when it cannot be read."""
    from .config_file import _read_regular_file  # the settings file's careful reading: no FIFO, bounded

    data = _read_regular_file(path, MAX_PACKAGE_BYTES + 1)
    if data is None:
        raise OSError(f"not a regular file: {path}")
    return read_package(data)
