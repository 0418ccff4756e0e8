"""What can be acknowledged: every approved version of every regulation, with its digest, effective date,
scope (Article 8) and whether its resolution asked for a new acknowledgement. Pure: works in, values out.

The catalog is derived from the audit's works; the site's build writes it beside the pages
(promulgation/catalog.json) so the service acknowledges exactly the versions the site shows. A
translation's page is acknowledged as the original version it follows (its `original_digest`): only the
original binds, and the language read is recorded beside it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from governance.errors import GovernanceError
from governance.gate.works import Work
from governance.i18n import Message, _
from governance.promulgation.chain import Acknowledgement
from governance.text.invisible import shown_plain
from governance.text.parser import title_and_metadata

CATALOG_URI = "promulgation/catalog.json"
GROUP = None  # a version without `applies_to` applies to the whole group (Article 8)


@dataclass(frozen=True)
class VersionEntry:
    digest: str
    effective: date
    adopted: date
    resolution: str
    body: str
    commit: str
    acknowledgement_required: bool  # False: an editorial change, earlier acknowledgements still count
    applies_to: tuple[str, ...] | None  # company ids; None for the whole group
    language: str
    # As a reader sees it: a character no reader sees (a bidi override, a zero-width space) as its mark,
    # `[U+202E]`, as every page shows it (governance.text.invisible). The title is a label for people
    # (the compliance page, reminders, the evidence pack, whatever reads catalog.json); the digest binds.
    title: str


@dataclass(frozen=True)
class WorkEntry:
    id: str
    path: str
    versions: tuple[VersionEntry, ...]  # ordered by effect; of one effective date the later adopted last
    rescinded: date | None
    # The effective dates of rescissions the work was enacted again after, in order: each ends the version
    # in force on that day, and nothing is in force until the next version's effective date. Written in
    # catalog.json only when there is one: a catalog without them (every catalog before) has none.
    past_rescissions: tuple[date, ...] = ()

    def in_force(self, day: date) -> VersionEntry | None:
        if self.rescinded is not None and self.rescinded <= day:
            return None
        current = None
        for version in self.versions:
            if version.effective <= day:
                current = version
        if current is not None and any(current.effective < ended <= day for ended in self.past_rescissions):
            return None
        return current

    def following(self, index: int) -> date | None:
        """The day the version at `index` stops being in force (the next version's effective date, or a
        rescission's), None while nothing ends it."""
        version = self.versions[index]
        following = self.versions[index + 1].effective if index + 1 < len(self.versions) else self.rescinded
        for ended in self.past_rescissions:
            if version.effective < ended and (following is None or ended < following):
                following = ended
        return following

    def accepted_digests(self, version: VersionEntry) -> tuple[frozenset[str], date]:
        """The digests whose acknowledgement counts for `version`, and since when one is required: a
        version whose resolution needs no new acknowledgement keeps the earlier ones valid."""
        index = self.versions.index(version)
        digests = {version.digest}
        while not self.versions[index].acknowledgement_required and index > 0:
            index -= 1
            digests.add(self.versions[index].digest)
        return frozenset(digests), self.versions[index].effective


@dataclass(frozen=True)
class TranslationEntry:
    digest: str
    work: str
    original: str
    original_digest: str
    language: str


@dataclass(frozen=True)
class Resolved:
    """An acknowledgeable text: the original's version in force, and the language the person read."""

    work: WorkEntry
    version: VersionEntry
    language: str
    read_digest: str


class Refusal(Exception):
    """Why a digest cannot be acknowledged (today, by this person): a user's mistake, said plainly."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


# The zones of the world lie from UTC-12 to UTC+14.
_MAX_OFFSET = 14 * 60


@dataclass(frozen=True)
class Catalog:
    works: dict[str, WorkEntry]
    translations: dict[str, TranslationEntry]
    # Minutes east of UTC of the days the site was built by (its TZ: the publish workflow's Asia/Tokyo):
    # the service judges what is in force on the same day as the pages it serves say. None: a catalog
    # written before it was recorded (the service's own day).
    utc_offset: int | None = None

    @cached_property
    def _by_digest(self) -> dict[str, list[tuple[WorkEntry, VersionEntry]]]:
        # Every acknowledgement looks its digest up: once a dictionary, not a walk of every version. Two
        # regulations may hold byte-identical texts (one digest): each is kept, in the order of a walk.
        found: dict[str, list[tuple[WorkEntry, VersionEntry]]] = {}
        for work in self.works.values():
            for version in work.versions:
                found.setdefault(version.digest, []).append((work, version))
        return found

    def version_of(
        self, digest: str, day: date | None = None, work_id: str | None = None
    ) -> tuple[WorkEntry, VersionEntry] | None:
        """The version a digest names: of the regulation `work_id` when it holds that text; else, of the
        regulations holding it, the first whose acknowledgement counts on `day`; else the first. A text
        shared by two regulations is not the first one's alone: rescinded, it left the other's readers
        unable to acknowledge what is in force."""
        found = self._by_digest.get(digest)
        if not found:
            return None
        named = [item for item in found if item[0].id == work_id]
        valid = [item for item in found if day is not None and _counts_on(*item, day)]
        # Of one regulation's versions holding the text (amended back to earlier words), the one in force:
        # the first would record another version's date in force.
        current = [item for item in (named or valid) if day is not None and item[0].in_force(day) == item[1]]
        return (current or named or valid or found)[0]

    def resolve(self, digest: str, day: date, regulation: str | None = None) -> Resolved:
        """The version a page's digest acknowledges on `day`, or a Refusal saying why not. `regulation`:
        the page's own (its control says it), which a text two regulations hold is acknowledged as."""
        translation = self.translations.get(digest)
        target = translation.original_digest if translation else digest
        found = self.version_of(target, day, translation.original if translation else regulation)
        if found is None:
            if translation:
                raise Refusal(
                    "outdated-translation",
                    f"this translation follows a text of {translation.original} that was never in force; "
                    "read the original",
                )
            raise Refusal("unknown-version", f"{digest} is not a published version of any regulation")
        work, version = found
        if translation and work.id != translation.original:
            # The digest a translation states is its translators' word, approved by the translations body:
            # it may name a text of its own original only, never make its readers acknowledge another.
            raise Refusal(
                "not-a-translation",
                f"this translation of {translation.original} says it follows a text of {work.id}; it "
                f"acknowledges nothing: read and acknowledge {translation.original} itself",
            )
        # A text that an editorial successor keeps valid (a translation not yet updated) still counts.
        if not _counts_on(work, version, day):
            if version.effective > day:
                raise Refusal(
                    "not-in-force",
                    f"this version of {work.id} comes into force on {version.effective}; "
                    "acknowledge it from that day",
                )
            raise Refusal(
                "not-in-force",
                f"this version of {work.id} is no longer in force; read and acknowledge the version in force",
            )
        language = translation.language if translation else version.language
        return Resolved(work, version, language, digest)

    def unpublished(self, record: Acknowledgement) -> Message | None:
        """Why the stored `record` acknowledges no text this catalog publishes, None when it does. The
        chain shows a record was not changed after it was written, not that the service wrote it: whoever
        can write to the database can append a record that chains, for any digest. The service writes only
        a version of the regulation it names, with that version's date in force, read in its original or
        in a published translation of it."""
        work = self.works.get(record.regulation)
        holding = [v for v in work.versions if v.digest == record.digest] if work else []
        # A text amended back to earlier words is held by several versions: the record names one of them.
        version = next(
            (v for v in holding if v.effective == record.effective), holding[0] if holding else None
        )
        if version is None:
            return Message(
                "acknowledgement {seq} is of {digest}, which is no published version of {regulation}: "
                "the service never wrote it",
                seq=record.seq,
                digest=record.digest,
                regulation=record.regulation,
            )
        if record.effective != version.effective:
            return Message(
                "acknowledgement {seq} says its version of {regulation} came into force on {said}; it did on "
                "{effective}: the service never wrote it",
                seq=record.seq,
                regulation=record.regulation,
                said=record.effective.isoformat(),
                effective=version.effective.isoformat(),
            )
        translation = self.translations.get(record.read_digest)
        if (record.read_digest, record.language) == (record.digest, version.language) or (
            translation is not None
            and (translation.original, translation.original_digest, translation.language)
            == (record.regulation, record.digest, record.language)
        ):
            return None
        return Message(
            "acknowledgement {seq} says it was read as {read_digest} ({language}), which is neither that "
            "version of {regulation} nor a published translation of it: the service never wrote it",
            seq=record.seq,
            read_digest=record.read_digest,
            language=record.language,
            regulation=record.regulation,
        )

    def applicable(self, company: str, day: date) -> list[tuple[WorkEntry, VersionEntry]]:
        """The regulations in force on `day` that apply to `company` (Article 8), sorted by id."""
        found = []
        for work_id in sorted(self.works):
            work = self.works[work_id]
            version = work.in_force(day)
            if version is not None and applies(version, company):
                found.append((work, version))
        return found


def _counts_on(work: WorkEntry, version: VersionEntry, day: date) -> bool:
    """Whether an acknowledgement of `version` counts on `day`: it is in force, or kept valid by the
    editorial versions after it."""
    current = work.in_force(day)
    return current is not None and version.digest in work.accepted_digests(current)[0]


def applies(version: VersionEntry, company: str) -> bool:
    return version.applies_to is None or company in version.applies_to


def not_applicable(resolved: Resolved, company: str) -> Refusal | None:
    """Why `company`'s people cannot acknowledge this version (Article 8), or None: they can."""
    if applies(resolved.version, company):
        return None
    return Refusal(
        "not-applicable",
        f"{resolved.work.id} applies to {', '.join(resolved.version.applies_to or ())}, "
        f"not to {company} (Article 8)",
    )


def build_catalog(works: Iterable[Work], utc_offset: int | None = None) -> Catalog:
    entries: dict[str, WorkEntry] = {}
    translations: dict[str, TranslationEntry] = {}
    for work in works:
        ordered = sorted(enumerate(work.versions), key=lambda item: (item[1].approval.effective, item[0]))
        versions = []
        for _position, version in ordered:
            title, meta = title_and_metadata(version.text, version.path, work.id)
            language = str(meta.get("language") or "en")
            original_digest = meta.get("original_digest")
            if meta.get("translation_of") and isinstance(original_digest, str):
                suffix = f".{language}"
                original = work.id[: -len(suffix)] if work.id.endswith(suffix) else work.id.rsplit(".", 1)[0]
                translations[version.digest] = TranslationEntry(
                    version.digest, work.id, original, original_digest, language
                )
                continue
            versions.append(
                VersionEntry(
                    digest=version.digest,
                    effective=version.approval.effective,
                    adopted=version.approval.date,
                    resolution=version.approval.resolution,
                    body=version.approval.body,
                    commit=version.commit,
                    acknowledgement_required=version.approval.acknowledgement_required,
                    applies_to=_companies(meta.get("applies_to")),
                    language=language,
                    title=shown_plain(title),
                )
            )
        if versions:
            rescinded = work.rescission.approval.effective if work.rescission else None
            past = tuple(rescission.approval.effective for rescission in work.past_rescissions)
            entries[work.id] = WorkEntry(work.id, work.path, tuple(versions), rescinded, past)
    return Catalog(entries, translations, utc_offset)


def _companies(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return None


def catalog_json(catalog: Catalog) -> str:
    works = [
        {
            "id": work.id,
            "path": work.path,
            "rescinded": work.rescinded.isoformat() if work.rescinded else None,
            "versions": [
                {
                    "digest": v.digest,
                    "effective": v.effective.isoformat(),
                    "adopted": v.adopted.isoformat(),
                    "resolution": v.resolution,
                    "body": v.body,
                    "commit": v.commit,
                    "acknowledgement_required": v.acknowledgement_required,
                    "applies_to": list(v.applies_to) if v.applies_to is not None else None,
                    "language": v.language,
                    "title": v.title,
                }
                for v in work.versions
            ],
        }
        | (
            {"past_rescissions": [day.isoformat() for day in work.past_rescissions]}
            if work.past_rescissions
            else {}
        )
        for work in catalog.works.values()
    ]
    translations = [
        {
            "digest": t.digest,
            "work": t.work,
            "original": t.original,
            "original_digest": t.original_digest,
            "language": t.language,
        }
        for t in catalog.translations.values()
    ]
    data: dict[str, Any] = {"works": works, "translations": translations}
    if catalog.utc_offset is not None:
        data["utc_offset_minutes"] = catalog.utc_offset
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def parse_catalog(text: str, source: str) -> Catalog:
    try:
        data: Any = json.loads(text)
        works = {}
        for work in data["works"]:
            versions = tuple(
                VersionEntry(
                    digest=v["digest"],
                    effective=date.fromisoformat(v["effective"]),
                    adopted=date.fromisoformat(v["adopted"]),
                    resolution=v["resolution"],
                    body=v["body"],
                    commit=v["commit"],
                    acknowledgement_required=bool(v["acknowledgement_required"]),
                    applies_to=tuple(v["applies_to"]) if v["applies_to"] is not None else None,
                    language=v["language"],
                    # A catalog built before titles were marked holds the characters themselves.
                    title=shown_plain(v["title"]),
                )
                for v in work["versions"]
            )
            rescinded = date.fromisoformat(work["rescinded"]) if work["rescinded"] else None
            past = tuple(date.fromisoformat(day) for day in work.get("past_rescissions", ()))
            works[work["id"]] = WorkEntry(work["id"], work["path"], versions, rescinded, past)
        translations = {
            t["digest"]: TranslationEntry(
                t["digest"], t["work"], t["original"], t["original_digest"], t["language"]
            )
            for t in data["translations"]
        }
        utc_offset = data.get("utc_offset_minutes")
        if utc_offset is not None and not (
            type(utc_offset) is int and -_MAX_OFFSET <= utc_offset <= _MAX_OFFSET
        ):
            raise KeyError("utc_offset_minutes")  # said as a key missing: no time zone is that far
    except (ValueError, KeyError, TypeError) as exc:
        raise GovernanceError(
            _(
                "not a catalog of published versions ({error}); build the site again with `mkdocs build`"
            ).format(error=exc),
            path=source,
        ) from None
    return Catalog(works, translations, utc_offset)
