"""The auditor's evidence pack for a period: per regulation, the versions in force during it with the
resolutions that adopted them, the audit verdict of the branch at the period's end, when each version
was published, acknowledgement coverage per company, and the acknowledgement chain's head. Written as a
folder: evidence.pdf (PDF/A-3b, every source attached), manifest.json (the same facts, with the sha256
of every file) and sources/ (the approved texts and the resolution records, byte for byte).

`verify_pack` re-checks a pack offline: every file against the manifest, every text against its digest,
and, when given, the repository (the audit again) and the store (the chain still reaches the head).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from governance import git
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate.audit import run_audit
from governance.gate.rules import config_at
from governance.gate.works import Version, Work
from governance.i18n import Message, _
from governance.promulgation import coverage
from governance.promulgation.catalog import Catalog, TranslationEntry, VersionEntry, WorkEntry, build_catalog
from governance.promulgation.store import Head, Store
from governance.records.resolutions import Resolution, parse_resolution, record_path
from governance.records.signatures import verify_signature

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
        following = work.versions[index + 1].effective if index + 1 < len(work.versions) else work.rescinded
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


def build_pack(
    root: Path, store: Store, period: Period, company: str | None, branch: str = "main"
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest (without its files' hashes) and the sources, read from git and the store."""
    commit = branch_at(root, branch, period.end)
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
                stored = _stored_version(report.works, work.id, version.digest)
                versions.append(
                    {
                        "digest": version.digest,
                        "source": _source(sources, stored),
                        "in_force_from": version.effective.isoformat(),
                        "in_force_until": until.isoformat() if until else None,
                        "acknowledgement_required": version.acknowledgement_required,
                        "applies_to": list(version.applies_to) if version.applies_to else "the whole group",
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
    period_over = f"{(period.end + timedelta(days=1)).isoformat()}T00:00:00.000000Z"
    lines = coverage.summary(store, catalog, period.end, company, acknowledged_before=period_over)
    digests = [version["digest"] for regulation in regulations for version in regulation["versions"]]
    read = coverage.languages(store, digests, company, acknowledged_before=period_over)
    head = store.head()
    manifest = {
        "kind": KIND,
        "format": 1,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "company": company,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "repository": {
            "branch": branch,
            "commit": commit,
            "audit": {
                "approved": report.ok,
                "commits_walked": report.walked,
                "unapproved_commits": [c.commit for c in report.bad_commits],
                "problems": report.problems,
            },
        },
        "regulations": regulations,
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
        "read_in": [
            {
                "company": line.company,
                "regulation": line.regulation,
                "version": line.version,
                "language": line.language,
                "text_read": line.read_digest,
                "acknowledged": line.count,
            }
            for line in read
        ],
        "acknowledgement_chain_head": {"seq": head.seq, "hash": head.hash},
    }
    return manifest, sources


def _stored_version(works: list[Work], work_id: str, digest: str) -> Version:
    for work in works:
        if work.id == work_id:
            for version in work.versions:
                if version.digest == digest:
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
    if config.signatures != "required":
        return "signatures off: the record counts because it was merged on the branch before the change"
    signature = objects.blob(f"{arrival}:{record_name}.sig")
    if signature is None:
        return f"NOT verified: no signature {record_name}.sig at {arrival[:12]}"
    for rev in (f"{arrival}^", arrival):
        signers = objects.blob(f"{rev}:{config.allowed_signers_file}")
        if signers is None:
            continue
        check = verify_signature(record, signature, signers.decode("utf-8"), config.signature_namespace)
        if check.valid:
            return f"signature verified: the key of {check.signer} in {config.allowed_signers_file} at {rev}"
    return f"NOT verified: no key of {config.allowed_signers_file} at {arrival[:12]}^ made the signature"


def write_pack(out: Path, manifest: dict[str, Any], sources: dict[str, bytes], pdf: bytes) -> None:
    """The folder, whole or not at all: written beside `out`, then renamed into place."""
    if out.exists():
        raise GovernanceError(
            _("the evidence pack already exists; choose another --out or remove it"), path=out
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 is for the staging; the pack is for the auditor to read
    try:
        files = {PDF: pdf, **sources}
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        complete = {**manifest, "files": {name: sha256(data) for name, data in sorted(files.items())}}
        (staging / MANIFEST).write_text(
            json.dumps(complete, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
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
    except (ValueError, UnicodeDecodeError) as exc:
        raise GovernanceError(_("the manifest is not JSON: {error}").format(error=exc), path=path) from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("kind") != KIND
        or not isinstance(manifest.get("files"), dict)
    ):
        raise GovernanceError(_("not the manifest of an evidence pack"), path=path)
    return manifest


def verify_pack(pack: Path, *, root: Path | None = None, store: Store | None = None) -> list[str]:
    """What no longer matches; empty when the pack is intact (and the repository and store agree)."""
    manifest = load_manifest(pack)
    problems: list[str] = []
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
    if root is not None:
        problems.extend(_against_repository(manifest, root))
    if store is not None:
        head = manifest["acknowledgement_chain_head"]
        report = store.verify(Head(int(head["seq"]), str(head["hash"])))
        problems.extend(
            Message("acknowledgements: {problem}", problem=problem) for problem in report.problems
        )
    return problems


def _against_repository(manifest: dict[str, Any], root: Path) -> list[str]:
    commit = manifest["repository"]["commit"]
    end = date.fromisoformat(manifest["period"]["to"])
    report = run_audit(root, commit, today=end)
    problems: list[str] = []
    if report.ok != manifest["repository"]["audit"]["approved"]:
        problems.append(
            Message(
                "the audit of {commit} now says approved={ok}, the pack says otherwise",
                commit=commit[:12],
                ok=report.ok,
            )
        )
    approved = {(work.id, version.digest) for work in report.works for version in work.versions}
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
    return problems


def _texts(manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every text the pack includes, with the id of its regulation: the versions and their translations."""
    found = []
    for regulation in manifest["regulations"]:
        for version in regulation["versions"]:
            found.append((regulation["id"], version))
            found.extend((translation["id"], translation) for translation in version.get("translations", []))
    return found
