"""The auditor's evidence pack for a period: per regulation, the versions in force during it with the
resolutions that adopted them, the audit verdict of the branch at the period's end, when each version
was published, acknowledgement coverage per company, and the acknowledgement chain's head. Written as a
folder: evidence.pdf (PDF/A-3b, every source attached), manifest.json (the same facts, with the sha256
of every file), sources/ (the approved texts and the resolution records, byte for byte), roster.csv (who
the coverage counted as required) and, once signed, manifest.json.sig (pack_signature).

`verify_pack` re-checks a pack offline: every file against the manifest, every text against its digest,
the coverage's headcounts against the pack's roster, the manifest's signature against the allowed signers
given, and, when given, the repository (the audit again) and the store (the chain still reaches the head).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from governance import git
from governance.config import Config, load_config
from governance.errors import GovernanceError
from governance.gate.audit import run_audit
from governance.gate.rules import config_at, law_branch
from governance.gate.works import Version, Work
from governance.i18n import Message, _
from governance.promulgation import coverage, pack_roster, pack_signature
from governance.promulgation.catalog import Catalog, TranslationEntry, VersionEntry, WorkEntry, build_catalog
from governance.promulgation.store import Head, Store
from governance.records.resolutions import Resolution, parse_resolution, record_path
from governance.records.signatures import verify_signature
from governance.text.invisible import shown_plain

KIND = "governance-evidence-pack"
MANIFEST = "manifest.json"
PDF = "evidence.pdf"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise GovernanceError(
                _("--to {end} is before --from {start}").format(end=self.end, start=self.start)
            )


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def in_period(work: WorkEntry, period: Period) -> list[tuple[VersionEntry, date | None]]:
    """The versions of `work` in force on some day of the period, each with its last day (None: open)."""
    found = []
    for index, version in enumerate(work.versions):
        following = work.following(index)
        until = following - timedelta(days=1) if following is not None else None
        if until is not None and until < version.effective:
            continue  # superseded on its first day: never in force
        if version.effective <= period.end and (until is None or until >= period.start):
            found.append((version, until))
    return found


def branch_at(root: Path, branch: str, day: date) -> str:
    """The branch's commit at the end of `day` (UTC): what was promulgated then."""
    moment = f"{(day + timedelta(days=1)).isoformat()}T00:00:00Z"
    out = git.run(root, "rev-list", "-1", "--first-parent", f"--before={moment}", git.check_rev(branch), "--")
    commit = out.decode().strip()
    if not commit:
        raise GovernanceError(
            _("the branch {branch} has no commit by {day}; choose a later --to").format(
                branch=branch, day=day
            )
        )
    return commit


@dataclass(frozen=True)
class Built:
    manifest: dict[str, Any]  # without its files' hashes
    sources: dict[str, bytes]  # the approved texts and records, by their name in the pack
    roster: bytes  # roster.csv: who the coverage counted as required


def build_pack(root: Path, store: Store, period: Period, company: str | None, branch: str = "main") -> Built:
    """The manifest, the sources and the roster, read from git and the store."""
    commit = branch_at(root, branch, period.end)
    facts = repository_facts(root, commit, period)
    period_over = f"{(period.end + timedelta(days=1)).isoformat()}T00:00:00.000000Z"
    lines = coverage.summary(store, facts.catalog, period.end, company, acknowledged_before=period_over)
    people = store.people(company)
    for line in lines:
        if line.required != sum(1 for person in people if person.company == line.company):
            raise GovernanceError(_("the roster was imported again while the pack was made; make it again"))
    head = store.head()
    manifest = {
        "kind": KIND,
        "format": 2,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "company": company,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "repository": {"branch": branch, "commit": commit, "audit": facts.audit},
        "regulations": facts.regulations,
        "coverage_on": period.end.isoformat(),
        "coverage": [
            {
                "company": line.company,
                "regulation": line.regulation,
                "version": line.version,
                "required": line.required,
                "acknowledged": line.acknowledged,
                "due_since": line.since.isoformat(),
            }
            for line in lines
        ],
        "read_in": read_in(store, facts.regulations, period, company),
        "acknowledgement_chain_head": {"seq": head.seq, "hash": head.hash},
        "roster": {"file": pack_roster.FILE, "people": len(people), "columns": list(pack_roster.COLUMNS)},
    }
    return Built(manifest, facts.sources, pack_roster.roster_csv(people))


@dataclass(frozen=True)
class RepositoryFacts:
    """What the pack says of the repository at one commit and period: the audit's verdict, and per
    regulation the versions in force with their resolutions and translations (and their sources). Made
    again from the repository by `verify_pack`, which holds the manifest to it."""

    audit: dict[str, Any]
    regulations: list[dict[str, Any]]
    sources: dict[str, bytes]
    catalog: Catalog


def repository_facts(root: Path, commit: str, period: Period) -> RepositoryFacts:
    report = run_audit(root, commit, today=period.end)
    catalog = build_catalog(report.works)
    sources: dict[str, bytes] = {}
    regulations: list[dict[str, Any]] = []
    with git.Objects(root) as objects:
        config = config_at(objects, commit)
        approvals = _Approvals(objects, commit, config, sources)
        for work in sorted(catalog.works.values(), key=lambda w: w.id):
            versions: list[dict[str, Any]] = []
            for version, until in in_period(work, period):
                stored = _stored_version(report.works, work.id, version.digest, version.commit)
                versions.append(
                    {
                        "digest": version.digest,
                        "source": _source(sources, stored),
                        "in_force_from": version.effective.isoformat(),
                        "in_force_until": until.isoformat() if until else None,
                        "acknowledgement_required": version.acknowledgement_required,
                        "applies_to": list(version.applies_to)
                        if version.applies_to
                        else pack_roster.WHOLE_GROUP,
                        "published": {"commit": version.commit, "date": _commit_date(root, version.commit)},
                        "resolution": approvals.of(stored),
                        "translations": [
                            {
                                "language": translation.language,
                                "id": translation.work,
                                "digest": translation.digest,
                                "source": _source(sources, text),
                                "approved_from": text.approval.effective.isoformat(),
                                "published": {"commit": text.commit, "date": _commit_date(root, text.commit)},
                                "resolution": approvals.of(text),
                            }
                            for translation in _translations_of(catalog, work.id, version.digest)
                            for text in [_stored_version(report.works, translation.work, translation.digest)]
                        ],
                    }
                )
            if versions:
                regulations.append({"id": work.id, "title": work.versions[-1].title, "versions": versions})
    audit = {
        "approved": report.ok,
        "commits_walked": report.walked,
        "unapproved_commits": [c.commit for c in report.bad_commits],
        "problems": report.problems,
    }
    return RepositoryFacts(audit, regulations, sources, catalog)


def read_in(
    store: Store, regulations: list[dict[str, Any]], period: Period, company: str | None
) -> list[dict[str, Any]]:
    """What was read in which language, of the versions the pack lists, acknowledged by the period's end:
    from the store's records alone, so `verify_pack` can count it again."""
    period_over = f"{(period.end + timedelta(days=1)).isoformat()}T00:00:00.000000Z"
    digests = [version["digest"] for regulation in regulations for version in regulation["versions"]]
    return [
        {
            "company": line.company,
            "regulation": line.regulation,
            "version": line.version,
            "language": line.language,
            "text_read": line.read_digest,
            "acknowledged": line.count,
        }
        for line in coverage.languages(store, digests, company, acknowledged_before=period_over)
    ]


def _stored_version(works: list[Work], work_id: str, digest: str, commit: str | None = None) -> Version:
    """The version of `work_id` holding `digest`; with `commit`, the one that arrived there: a text amended
    back to earlier words holds an earlier version's digest, and the first of them is not its approval."""
    for work in works:
        if work.id == work_id:
            for version in work.versions:
                if version.digest == digest and commit in (None, version.commit):
                    return version
    raise GovernanceError(
        _("the text {digest} of {work} is not in the audited history").format(digest=digest, work=work_id)
    )


def _translations_of(catalog: Catalog, work: str, digest: str) -> list[TranslationEntry]:
    """The approved translations of `work` that follow its text `digest`, by language (a translation of
    another regulation stating that digest follows nothing: catalog.Catalog.resolve)."""
    found = [t for t in catalog.translations.values() if t.original == work and t.original_digest == digest]
    return sorted(found, key=lambda t: (t.language, t.work, t.digest))


def _source(sources: dict[str, bytes], version: Version) -> str:
    name = f"sources/regulations/{version.work}/{version.approval.effective}-{version.digest[7:19]}.md"
    sources[name] = version.text.encode("utf-8")
    return name


@dataclass(frozen=True)
class _Approvals:
    """The resolution that approved a text, as the pack states it; its record added to the sources."""

    objects: git.Objects
    commit: str
    config: Config
    sources: dict[str, bytes]

    def of(self, version: Version) -> dict[str, Any]:
        record_name, record = _record(
            self.objects, self.commit, self.config.records, version.approval.resolution
        )
        self.sources[f"sources/{record_name}"] = record
        resolution = parse_resolution(record.decode("utf-8"), record_name)
        return {
            **_resolution(resolution, f"sources/{record_name}"),
            "signature": _signature(self.objects, version.commit, record_name, record, self.config),
        }


def _record(objects: git.Objects, commit: str, records: str, resolution_id: str) -> tuple[str, bytes]:
    for by_year in (False, True):
        name = record_path(records, resolution_id, by_year=by_year)
        data = objects.blob(f"{commit}:{name}")
        if data is not None:
            return name, data
    raise GovernanceError(
        _("the record of {id} is not in {records}/ at {commit}").format(
            id=resolution_id, records=records, commit=commit[:12]
        )
    )


def _commit_date(root: Path, commit: str) -> str:
    return git.run(root, "show", "-s", "--format=%cI", commit, "--").decode().strip()


def _resolution(resolution: Resolution, source: str) -> dict[str, Any]:
    return {
        "id": resolution.id,
        "body": resolution.body,
        "date": resolution.date.isoformat(),
        "form": resolution.form,
        "attendance": dataclasses.asdict(resolution.attendance) if resolution.attendance else None,
        "votes": resolution.votes.as_record() if resolution.votes else None,
        "consents": resolution.consents,
        "recorded_by": resolution.recorded_by,
        "source": source,
    }


def _signature(objects: git.Objects, arrival: str, record_name: str, record: bytes, config: Config) -> str:
    """Which key signed the record, verified again with the allowed signers the audit judged the
    version's arrival by (its first parent's; the adoption commit's own for a baseline)."""
    # Messages: the manifest keeps their English; the report says them in its reader's language.
    if config.signatures != "required":
        return Message(
            "signatures off: the record counts because it was merged on the branch before the change"
        )
    signature = objects.blob(f"{arrival}:{record_name}.sig")
    if signature is None:
        return Message(
            "NOT verified: no signature {file}.sig at {commit}", file=record_name, commit=arrival[:12]
        )
    for rev in (f"{arrival}^", arrival):
        signers = objects.blob(f"{rev}:{config.allowed_signers_file}")
        if signers is None:
            continue
        check = verify_signature(record, signature, signers.decode("utf-8"), config.signature_namespace)
        if check.valid:
            return Message(
                "signature verified: the key of {signer} in {file} at {commit}",
                signer=str(check.signer),
                file=config.allowed_signers_file,
                commit=rev,
            )
    return Message(
        "NOT verified: no key of {file} at {commit}^ made the signature",
        file=config.allowed_signers_file,
        commit=arrival[:12],
    )


def write_pack(
    out: Path,
    built: Built,
    pdf: bytes,
    sign: Callable[[bytes], bytes] | None = None,
) -> None:
    """The folder, whole or not at all: written beside `out`, then renamed into place; with `sign`, the
    manifest's signature (pack_signature) is in it from the start."""
    manifest, sources = built.manifest, built.sources
    if out.exists():
        raise GovernanceError(
            _("the evidence pack already exists; choose another --out or remove it"), path=out
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 is for the staging; the pack is for the auditor to read
    try:
        files = {PDF: pdf, pack_roster.FILE: built.roster, **sources}
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        complete = {**manifest, "files": {name: sha256(data) for name, data in sorted(files.items())}}
        text = (json.dumps(complete, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        (staging / MANIFEST).write_bytes(text)
        if sign is not None:
            (staging / pack_signature.SIGNATURE).write_bytes(sign(text))
        staging.replace(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load_manifest(pack: Path) -> dict[str, Any]:
    path = pack / MANIFEST
    if not path.is_file():
        raise GovernanceError(
            _("no {manifest} here: not an evidence pack").format(manifest=MANIFEST), path=pack
        )
    try:
        manifest: Any = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # RecursionError: nested too deep
        raise GovernanceError(_("the manifest is not JSON: {error}").format(error=exc), path=path) from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("kind") != KIND
        or not isinstance(manifest.get("files"), dict)
    ):
        raise GovernanceError(_("not the manifest of an evidence pack"), path=path)
    return manifest


@dataclass(frozen=True)
class PackCheck:
    problems: list[str]  # what no longer matches (the signature apart)
    signature: pack_signature.PackSignature | None  # None: not judged (signed, no allowed signers given)
    notes: list[str] = field(default_factory=list)  # what was not checked, and why


def verify_pack(
    pack: Path,
    *,
    root: Path | None = None,
    store: Store | None = None,
    allowed_signers: str | None = None,
    identity: str | None = None,
    unsigned_ok: bool = False,
) -> PackCheck:
    """What no longer matches (empty problems when the pack is intact and the repository and store agree),
    and what its signature says.

    Alone, the pack's files are held to the hashes its manifest lists, each text to its digest and the
    coverage's headcounts to its roster.csv. With allowed signers, manifest.json must carry their good
    signature (an unsigned pack is a problem whatever is given). With the repository, everything the
    manifest says of it (the audit, every regulation's versions, their dates, resolutions, signatures and
    translations) is made again and must be the same; with the store, the chain must reach the pack's head
    and the languages read must count the same. A pack of format 1 (before packs kept their roster) has
    its headcounts taken as it states them: a note says so. `unsigned_ok`: the pack is about to be
    signed, its signature is not judged."""
    manifest = load_manifest(pack)
    signature: pack_signature.PackSignature | None
    if unsigned_ok:
        signature = None
    elif allowed_signers is not None:
        signature = pack_signature.check(pack, allowed_signers, identity)
    elif (pack / pack_signature.SIGNATURE).is_file():
        signature = None
    else:
        signature = pack_signature.unsigned(pack)
    try:
        problems, notes = _verify(pack, manifest, root, store)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GovernanceError(
            _("not the manifest of an evidence pack ({error}); make the pack again").format(
                error=f"{type(exc).__name__}: {exc}"
            ),
            path=pack / MANIFEST,
        ) from None
    return PackCheck(problems, signature, notes)


def _verify(
    pack: Path, manifest: dict[str, Any], root: Path | None, store: Store | None
) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    notes: list[str] = []
    for name, expected in manifest["files"].items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            problems.append(Message("{name}: not a path inside the pack", name=name))
            continue
        path = pack / relative
        if not path.is_file():
            problems.append(Message("{name}: missing", name=name))
        elif sha256(path.read_bytes()) != expected:
            problems.append(Message("{name}: changed since the pack was made (sha256 differs)", name=name))
    problems.extend(_beyond_manifest(pack, manifest["files"]))
    for work_id, text in _texts(manifest):
        if manifest["files"].get(text["source"]) != text["digest"]:
            problems.append(
                Message(
                    "{source}: is not the text of {work} {digest}",
                    source=text["source"],
                    work=work_id,
                    digest=text["digest"],
                )
            )
    period = Period(
        date.fromisoformat(manifest["period"]["from"]), date.fromisoformat(manifest["period"]["to"])
    )
    if date.fromisoformat(manifest["coverage_on"]) != period.end:
        # build_pack counts the coverage on the period's last day, and every check below counts it so.
        problems.append(
            Message(
                "coverage_on: the pack says {said}; its period ends on {end}",
                said=manifest["coverage_on"],
                end=period.end.isoformat(),
            )
        )
    found, roster = _against_roster(pack, manifest, notes)
    problems.extend(found)
    catalog = None
    if root is not None:
        found, catalog = _against_repository(manifest, root, period)
        problems.extend(found)
    if store is not None and catalog is not None and roster is not None and not problems:
        problems.extend(_acknowledged_again(manifest, catalog, roster, store, period))
    elif store is not None and roster is not None:
        notes.append(
            Message(
                "the coverage's acknowledged counts are counted again only with both --root (which versions "
                "count) and --database, and the pack otherwise intact"
            )
        )
    if store is not None:
        head = manifest["acknowledgement_chain_head"]
        report = store.verify(Head(int(head["seq"]), str(head["hash"])))
        problems.extend(
            Message("acknowledgements: {problem}", problem=problem) for problem in report.problems
        )
        counted = read_in(store, manifest["regulations"], period, manifest["company"])
        if counted != manifest["read_in"]:
            problems.append(
                _differs("read_in", manifest["read_in"], counted, Message("the store's acknowledgements"))
            )
    return problems, notes


def _beyond_manifest(pack: Path, listed: dict[str, Any]) -> list[str]:
    """What the pack holds that its manifest does not vouch for: a file it does not list (a "corrected" PDF,
    a resolution record added among the sources: the signature covers only what the manifest lists), and
    a symbolic link anywhere (what it reaches may change after the pack was verified, the pack unchanged)."""
    known = {MANIFEST, pack_signature.SIGNATURE, *(PurePosixPath(name).as_posix() for name in listed)}
    found: list[tuple[str, str]] = []
    for folder, folders, files in os.walk(pack):  # a linked folder is listed, not entered
        for name in [*folders, *files]:
            path = Path(folder, name)
            relative = path.relative_to(pack).as_posix()
            if path.is_symlink():
                found.append(
                    (
                        relative,
                        Message(
                            "{name}: a symbolic link, not a file of the pack: what it reaches can change "
                            "after the pack was verified; put the file itself in its place",
                            name=relative,
                        ),
                    )
                )
            elif name in files and relative not in known:
                found.append(
                    (
                        relative,
                        Message(
                            "{name}: not in the manifest: added after the pack was made, and vouched for by "
                            "nothing; remove it",
                            name=relative,
                        ),
                    )
                )
    return [message for _, message in sorted(found)]


def _acknowledged_again(
    manifest: dict[str, Any], catalog: Catalog, roster: dict[str, set[str]], store: Store, period: Period
) -> list[str]:
    """The coverage's acknowledged counts made again: of the pack's roster, who had acknowledged a text
    that counts for the version in force (the catalog's, as the repository holds it) by the period's end."""
    period_over = f"{(period.end + timedelta(days=1)).isoformat()}T00:00:00.000000Z"
    day = date.fromisoformat(manifest["coverage_on"])
    counting = {r.work.id: r.digests for r in coverage.requirements(catalog, day)}
    said, made = [], []
    done: dict[str, set[str]] = {}
    for line in manifest["coverage"]:
        regulation = line["regulation"]
        if regulation not in done:
            done[regulation] = coverage.acknowledgers(store, counting.get(regulation, ()), period_over)
        said.append([line["company"], regulation, line["acknowledged"]])
        made.append([line["company"], regulation, len(roster.get(line["company"], set()) & done[regulation])])
    if said == made:
        return []
    return [
        _differs(
            "coverage",
            said,
            made,
            Message("the store's acknowledgements of the people of {file}", file=pack_roster.FILE),
        )
    ]


def _against_roster(
    pack: Path, manifest: dict[str, Any], notes: list[str]
) -> tuple[list[str], dict[str, set[str]] | None]:
    """The coverage's lines and headcounts counted again from the pack's roster.csv, and its people by
    company (None when there is none to read)."""
    if "roster" not in manifest:
        notes.append(
            Message(
                "the pack was made before packs kept their roster (format {format}): the coverage's "
                '"required" counts are as the pack states them, not counted again; the roster of that day '
                "is the one kept beside the pack, if any",
                format=manifest.get("format"),
            )
        )
        return [], None
    name = manifest["roster"]["file"]
    if name != pack_roster.FILE or name not in manifest["files"]:
        return [Message("the manifest names no {file} among its files", file=pack_roster.FILE)], None
    path = pack / pack_roster.FILE
    if not path.is_file():
        return [], None  # said above: missing
    people, problems = pack_roster.members(path.read_bytes())
    if problems:
        return problems, None
    counts = pack_roster.headcounts(people)
    if sum(counts.values()) != manifest["roster"]["people"]:
        return [
            Message(
                "{file} lists {count} people, the manifest says {said}",
                file=pack_roster.FILE,
                count=sum(counts.values()),
                said=manifest["roster"]["people"],
            )
        ], None
    made = [list(line) for line in pack_roster.required(manifest, counts)]
    said = [[c["company"], c["regulation"], c["version"], c["required"]] for c in manifest["coverage"]]
    found: list[str] = [
        Message(
            "coverage: {company} {regulation}: {acknowledged} acknowledged of {required} required",
            company=c["company"],
            regulation=c["regulation"],
            acknowledged=c["acknowledged"],
            required=c["required"],
        )
        for c in manifest["coverage"]
        if not 0 <= c["acknowledged"] <= c["required"]
    ]
    if made != said:
        found.append(_differs("coverage", said, made, Message("the pack's {file}", file=pack_roster.FILE)))
    return found, people


def _against_repository(manifest: dict[str, Any], root: Path, period: Period) -> tuple[list[str], Catalog]:
    commit = manifest["repository"]["commit"]
    facts = repository_facts(root, commit, period)
    problems: list[str] = []
    # The facts are made again at the commit the pack names, so they agree with any commit: a pack made
    # from a clone reset to before an amendment says the old version stayed in force, and counts its
    # acknowledgements, all period. Only the commit the law's branch held at the period's end is the
    # promulgated law (build_pack's own choice), whatever branch name the manifest states.
    branch = law_branch(root, load_config(root))
    held = branch_at(root, branch, period.end)
    if commit != held:
        problems.append(
            Message(
                "repository.commit: the pack says {branch} was at {commit} at the end of {day}; the "
                "repository's {branch} was at {held} then",
                branch=branch,
                commit=str(commit)[:12],
                day=period.end.isoformat(),
                held=held[:12],
            )
        )
    said_audit = manifest["repository"]["audit"]
    if facts.audit["approved"] != said_audit["approved"]:
        problems.append(
            Message(
                "the audit of {commit} now says approved={ok}, the pack says otherwise",
                commit=commit[:12],
                ok=facts.audit["approved"],
            )
        )
    elif facts.audit != said_audit:
        problems.append(
            _differs(
                "repository.audit",
                said_audit,
                facts.audit,
                Message("the audit of {commit}", commit=commit[:12]),
            )
        )
    approved = {
        (work.id, version.digest) for work in facts.catalog.works.values() for version in work.versions
    }
    approved |= {(t.work, t.digest) for t in facts.catalog.translations.values()}
    for work_id, text in _texts(manifest):
        if (work_id, text["digest"]) not in approved:
            problems.append(
                Message(
                    "{work} {digest} is not an approved version at {commit}",
                    work=work_id,
                    digest=text["digest"],
                    commit=commit[:12],
                )
            )
    said_regulations = _titles_as_shown(manifest["regulations"])
    if not problems and facts.regulations != said_regulations:
        problems.append(
            _differs(
                "regulations",
                said_regulations,
                facts.regulations,
                Message("the repository at {commit}", commit=commit[:12]),
            )
        )
    return problems, facts.catalog


def _titles_as_shown(regulations: list[Any]) -> list[Any]:
    """The pack's regulations with each title as a reader sees it: a pack made before titles were marked
    holds a title's invisible characters themselves, where one made again holds their marks."""
    return [
        {**item, "title": shown_plain(item["title"])}
        if isinstance(item, dict) and isinstance(item.get("title"), str)
        else item
        for item in regulations
    ]


def _differs(where: str, said: object, made: object, source: Message) -> str:
    """The first place where what the pack says and what was made again part, as a problem."""
    path, said_value, made_value = _first_difference(where, said, made)
    return Message(
        "{path}: the pack says {said}; made again from {source}: {made}",
        path=path,
        said=json.dumps(said_value, ensure_ascii=False),
        source=source,
        made=json.dumps(made_value, ensure_ascii=False),
    )


def _first_difference(path: str, said: object, made: object) -> tuple[str, object, object]:
    if isinstance(said, dict) and isinstance(made, dict):
        for key in sorted(said.keys() | made.keys(), key=str):
            if said.get(key) != made.get(key):
                return _first_difference(f"{path}.{key}", said.get(key), made.get(key))
    if isinstance(said, list) and isinstance(made, list) and len(said) == len(made):
        for index, (one, other) in enumerate(zip(said, made, strict=True)):
            if one != other:
                return _first_difference(f"{path}[{index}]", one, other)
    return path, said, made


def _texts(manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every text the pack includes, with the id of its regulation: the versions and their translations."""
    found = []
    for regulation in manifest["regulations"]:
        for version in regulation["versions"]:
            found.append((regulation["id"], version))
            found.extend((translation["id"], translation) for translation in version.get("translations", []))
    return found
