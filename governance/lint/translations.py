"""Translations (TRN001-TRN004): `<id>.<lang>.md` beside the original `<id>.md`.

A translation states which text it follows (`original_digest`); when the original changes, the
translation is stale until someone checks it and records the new digest. Its articles and paragraphs
must match the original's one for one, so that an anchor means the same provision in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from governance.i18n import Message
from governance.text.digests import digest_bytes
from governance.text.findings import Finding
from governance.text.front_matter import key_line
from governance.text.model import Article, Regulation
from governance.text.parser import parse_with_findings
from governance.text.recognisers import is_digest, split_translation_id

# The bytes of a regulation by id, None when it does not exist (a work tree, or a git revision).
OriginalLookup = Callable[[str], bytes | None]

_REQUIRED = ("language", "translation_of", "original_digest")


def is_translation(regulation: Regulation, lookup: OriginalLookup) -> bool:
    """A text that says it is a translation (`translation_of`), or is named `<original>.<language>.md`
    beside its original: the gate takes it for a translation only when both hold, so lint reports
    either one alone."""
    if "translation_of" in regulation.metadata:
        return True
    parts = split_translation_id(regulation.id)
    return parts is not None and lookup(parts[0]) is not None


def check_translation(regulation: Regulation, text: str, lookup: OriginalLookup) -> list[Finding]:
    """Findings for a translation; none for a text that is not one."""
    if not is_translation(regulation, lookup):
        return []
    return list(_check(regulation, text, lookup))


def _check(regulation: Regulation, text: str, lookup: OriginalLookup) -> Iterator[Finding]:
    path = regulation.path
    metadata = regulation.metadata
    parts = split_translation_id(regulation.id)
    if parts is None:
        yield Finding(
            path,
            key_line(text, "translation_of"),
            1,
            "TRN004",
            Message(
                "a translation must be named <original>.<language>.md (e.g. {id}.ja.md); rename it",
                id=regulation.id,
            ),
        )
        return
    original_id, language = parts
    missing = [key for key in _REQUIRED if not metadata.get(key)]
    if missing:
        keys = ", ".join(missing)
        yield Finding(
            path,
            1,
            1,
            "TRN004",
            Message(
                "translation front matter lacks {keys}; add language: {language}, translation_of and "
                "original_digest",
                keys=keys,
                language=language,
            ),
        )
    elif metadata.get("language") != language:
        yield Finding(
            path,
            key_line(text, "language"),
            1,
            "TRN004",
            Message(
                "language is '{stated}' but the file name says '{language}'; make them agree",
                stated=metadata.get("language"),
                language=language,
            ),
        )
    original_bytes = lookup(original_id)
    if original_bytes is None:
        yield Finding(
            path,
            1,
            1,
            "TRN001",
            Message(
                "the original '{original}.md' of this translation does not exist; add it or remove the "
                "translation",
                original=original_id,
            ),
        )
        return
    stated = metadata.get("original_digest")
    current = digest_bytes(original_bytes)
    if isinstance(stated, str) and is_digest(stated) and stated != current:
        yield Finding(
            path,
            key_line(text, "original_digest"),
            1,
            "TRN002",
            Message(
                "stale translation: '{original}.md' has changed since; update the translation, then set "
                "original_digest: {digest}",
                original=original_id,
                digest=current,
            ),
            # A warning: the original's amendment must not wait for its translators; the site says
            # which version of the original a stale translation follows.
            severity="warning",
        )
    original, _ = parse_with_findings(
        original_bytes.decode("utf-8", errors="replace"), f"{original_id}.md", original_id, lenient=True
    )
    stated_language = metadata.get("translation_of")
    if original.front_matter and stated_language and stated_language != original.front_matter.language:
        yield Finding(
            path,
            key_line(text, "translation_of"),
            1,
            "TRN004",
            Message(
                "translation_of is '{stated}' but the original is in '{language}'",
                stated=stated_language,
                language=original.front_matter.language,
            ),
        )
    yield from _compare(regulation, original.articles)


def _compare(translation: Regulation, original: list[Article]) -> Iterator[Finding]:
    path = translation.path
    for index, article in enumerate(original):
        if index >= len(translation.articles):
            line = translation.articles[-1].line if translation.articles else translation.body_line
            yield Finding(
                path,
                line,
                1,
                "TRN003",
                Message(
                    "Article {number} of the original is missing here; translate it", number=article.number
                ),
            )
            return
        mine = translation.articles[index]
        if mine.number != article.number:
            yield Finding(
                path,
                mine.line,
                1,
                "TRN003",
                Message(
                    "Article {number} here stands where the original has Article {original}",
                    number=mine.number,
                    original=article.number,
                ),
            )
            return
        if len(mine.paragraphs) != len(article.paragraphs):
            yield Finding(
                path,
                mine.line,
                1,
                "TRN003",
                Message(
                    "Article {number} has {here} paragraph(s) here and {original} in the original; keep the "
                    "paragraphs one for one",
                    number=mine.number,
                    here=len(mine.paragraphs),
                    original=len(article.paragraphs),
                ),
            )
    for extra in translation.articles[len(original) :]:
        message = Message("Article {number} is not in the original; remove it", number=extra.number)
        yield Finding(path, extra.line, 1, "TRN003", message)
