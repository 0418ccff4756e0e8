"""The user's language for the messages of the command line (gettext, as Python tools do).

The catalogues are governance/locale/<language>/LC_MESSAGES/governance.mo, compiled from the .po beside
each (scripts/compile-messages; tests/cli/test_messages.py proves the two agree). The language is the
user's locale, read once a process as GNU gettext reads it: LANGUAGE, then LC_ALL, LC_MESSAGES and
LANG (`ja_JP.UTF-8` gives Japanese; none of them, `C` or `en_US.UTF-8` gives the English the messages are written in).
Messages are marked `_("... {name} ...").format(name=...)`: a catalogue translates the sentence with its
placeholders, never a sentence already filled in. A message that is a value before it is shown (a lint
finding, kept in English for JSON reports and baselines) is a `Message`: the English sentence, which also
knows its template and values, so that it can be said again in the user's language when it is printed.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

DOMAIN = "governance"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


# A language chosen for what is being written (`speaking`): an evidence pack for its auditor, an e-mail for
# its recipient; None, the user's.
_SPOKEN: contextvars.ContextVar[gettext.NullTranslations | None] = contextvars.ContextVar(
    "governance_spoken", default=None
)

LANGUAGES = ("en", "ja")  # the languages a reader may be written to in: English and each catalogue's


def _(message: str) -> str:
    """`message` in the user's language (itself when there is no catalogue or no translation)."""
    return (_SPOKEN.get() or _translation()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return (_SPOKEN.get() or _translation()).ngettext(singular, plural, count)


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def reader_language(tag: str | None) -> str | None:
    """The language of LANGUAGES a language tag (ja, ja-JP, en_US) asks for; None when none of them."""
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def accepted_language(header: str | None) -> str | None:
    """The language of LANGUAGES a browser's Accept-Language header prefers (`ja,en-US;q=0.8` gives ja),
    by its q-values, the first of equals; None when it names none of them or the header is not one."""
    best: tuple[float, str] | None = None
    for item in (header or "").split(",")[:64]:  # a browser sends a handful; the rest is not read
        tag, _semicolon, parameters = item.partition(";")
        found = reader_language(tag.strip()) if tag.strip() != "*" else None
        weight = 1.0
        name, _equals, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value.strip()[:5])
            except ValueError:
                continue
        if found is not None and 0 < weight <= 1 and (best is None or weight > best[0]):
            best = (weight, found)
    return best[1] if best else None


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, messages are said in `language` (one of LANGUAGES), whatever the user's locale:
    for a text made for another reader (a pack's auditor, an e-mail's recipient)."""
    token = _SPOKEN.set(_catalogue(language))
    try:
        yield
    finally:
        _SPOKEN.reset(token)


@functools.cache
def _translation() -> gettext.NullTranslations:
    # The user's language is read once a process (gettext reads the four variables itself): a lint
    # printing thousands of findings read them for each, a tenth of its time at a megabyte.
    return gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)


def language() -> str:
    """The language the messages are said in: the catalogue's (`ja`), else `en`, the language they are
    written in."""
    return str((_SPOKEN.get() or _translation()).info().get("language") or "en")


def reset_language() -> None:
    """Read the user's language again at the next message: for a process that changes the variables
    after it said something (a test)."""
    _translation.cache_clear()


def translate_click() -> None:
    """Let click's own messages ("Usage:", "No such option") be found in this catalogue: click calls
    gettext.gettext, which reads the process's text domain. For the command line's process only."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


# What would end the line a value is printed on, or rewrite what a reader sees of it: controls (line
# breaks, a terminal's escapes, a carriage return), line and paragraph separators, and format characters
# (bidi overrides that reorder what is shown). A name in git may hold any of them but NUL.
_UNSHOWABLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def shown(value: str) -> str:
    """`value` as it may be printed inside a line: as it is, or quoted (Python's repr, as git quotes a
    path under core.quotePath) when it holds a character that would break or rewrite the line. A path
    named `a\\nResult: every change is approved` would otherwise print a line of its own."""
    if all(char == "\t" or unicodedata.category(char) not in _UNSHOWABLE for char in value):
        return value
    return repr(value)


class Message(str):
    """A sentence in English (the string itself) that can be said in the user's language (`localized`).

    `template` is the literal the catalogue translates (tests/cli/test_messages.py extracts every
    `Message("...")` of the code), `params` the values of its placeholders; a value that is itself a
    Message is said in the same language. Braces that are text are doubled ({{ }}), as str.format wants.
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, /, **params: object) -> Message:
        # A value that is plain text (a path, a name, a subject) is shown inside the sentence's line; a
        # sentence (Message, Joined) is already made of shown values.
        params = {key: shown(value) if type(value) is str else value for key, value in params.items()}
        said = super().__new__(cls, template.format(**params))
        said.template = template
        said.params = params
        return said

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:  # copy and pickle keep the template
        return (self.template,), dict(self.params)

    def localized(self) -> str:
        """The sentence in the user's language (the English when the catalogue has no translation)."""
        values = {
            key: localized(value) if isinstance(value, str) else value for key, value in self.params.items()
        }
        # gettext("") is the catalogue's header, not an empty message
        return _(self.template).format(**values) if self.template else ""


class Joined(str):
    """Sentences said one after another (the gate's reasons): the English joined by '; ', which says each
    part again in the user's language when it is printed (`localized`), joined as that language writes
    sentences one after another (Japanese: each ends with 。)."""

    parts: tuple[str, ...]
    separator: str

    def __new__(cls, parts: Iterable[str], separator: str = "; ") -> Joined:
        parts = tuple(parts)
        said = super().__new__(cls, separator.join(parts))
        said.parts = parts
        said.separator = separator
        return said

    def __getnewargs_ex__(self) -> tuple[tuple[tuple[str, ...], str], dict[str, Any]]:  # copy, pickle
        return (self.parts, self.separator), {}

    def localized(self) -> str:
        return join_sentences([localized(part) for part in self.parts], self.separator)


_JAPANESE_ENDS = ("。", "！", "？")  # a sentence that ends so needs no 。 after it


def join_sentences(sentences: list[str], separator: str = "; ") -> str:
    """Sentences said one after another in the user's language: English (and any language without a rule
    here) joins them by `separator`; Japanese ends each but the last with 。 (a sentence ending in a
    。 already is left as it is) and writes the next straight after it."""
    if language() != "ja" or separator != "; ":
        return separator.join(sentences)
    ended = [
        sentence if not sentence or sentence.endswith(_JAPANESE_ENDS) else sentence + "。"
        for sentence in sentences[:-1]
    ]
    return "".join(ended + sentences[-1:])


# A body's names by its id ({language: name}, "en" its English name), as bodies.yml gives them: set by the
# face that judged by those bodies (name_bodies), read when a BodyName is said.
_BODY_NAMES: dict[str, Mapping[str, str]] = {}


def name_bodies(names: Mapping[str, Mapping[str, str]]) -> None:
    """From now on, say each body of `names` (id -> {language: name}) by its name in the user's language."""
    _BODY_NAMES.clear()
    _BODY_NAMES.update(names)


class BodyName(str):
    """A body as a message names it: in English the id (what --body and bodies.yml take, what JSON and the
    English guides show), or the English words given; in another language the body's name in it (bodies.yml
    `names: {ja: 取締役会}`), else its English name, else the id."""

    body: str

    def __new__(cls, body: str, english: str | None = None) -> BodyName:
        said = super().__new__(cls, english if english is not None else body)
        said.body = body
        return said

    def __getnewargs_ex__(self) -> tuple[tuple[str, str], dict[str, Any]]:  # copy, pickle
        return (self.body, str(self)), {}

    def localized(self) -> str:
        said = language()
        if said == "en":
            return str(self)
        names = _BODY_NAMES.get(self.body, {})
        return names.get(said) or names.get("en") or self.body


def localized(text: str) -> str:
    """`text` in the user's language when it is a Message, Joined or BodyName; any other string as it is
    (a path, an id, a sentence that was never a message)."""
    return text.localized() if isinstance(text, (Message, Joined, BodyName)) else text
