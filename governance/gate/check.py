"""The check on a pull request: is every change of merge-base..head approved by a competent body?

The changes are those of merge-base..head. Everything that decides (config, bodies, allowed_signers,
which body governs a text, the records on the branch) is read from the tip of the base as it is now,
never from the head the pull request controls, nor from the merge base: a key revoked on main after the
branch was made no longer counts for it. With signatures required, only records
ADDED by the pull request count, and each of their decisions must match one of its changes: a record on
M was consumed by the pull request that brought it. With signatures off, records count once on M and
until a later commit brought the regulation to the text they approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from governance import git
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate import changes as changes_module
from governance.gate import judge
from governance.gate.changes import Change, Sorted
from governance.gate.in_force import RecordsAt, in_force_on
from governance.gate.ledger import BaseLedger, Standing
from governance.gate.local_actions import unjudged_run, unjudged_runs
from governance.gate.rules import Rules, base_rules, body_names, config_at, touches_rules
from governance.i18n import Message
from governance.records.signatures import refuse_time_bounds
from governance.text.findings import Finding
from governance.text.model import Regulation


@dataclass(frozen=True)
class CheckReport:
    """What the check of a pull request found, for the report."""

    base: str  # the tip of the base: where the rules were read
    head: str
    mode: str  # signatures: required | off
    verdicts: list[judge.Verdict]
    violations: list[str] = field(default_factory=list)  # record problems, tampering, dangling decisions
    findings: list[Finding] = field(default_factory=list)  # lint of the changed texts, head side
    notes: list[str] = field(default_factory=list)
    body_names: dict[str, dict[str, str]] = field(default_factory=dict)  # the base's bodies, for messages

    @property
    def ok(self) -> bool:
        errors = [finding for finding in self.findings if finding.severity == "error"]
        return all(v.covered for v in self.verdicts) and not self.violations and not errors

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def proposal_range(root: Path, base: str, head: str) -> tuple[str, str]:
    """(merge base, head commit) of a proposal: the merge base is where its rules are read."""
    head_commit = git.resolve_commit(root, head)
    return git.merge_base(root, git.resolve_commit(root, base), head_commit), head_commit


def _no_time_bounds(objects: git.Objects, head: str, config: Config) -> None:
    """Refuse a proposal whose allowed_signers bounds a key in time (valid-before, valid-after): merged,
    the verdict on every record that key signs would change with the day the audit runs. Read where the
    base's config has it and where the head's has it (a proposal may move the file: merged, every later
    rules would read the new one); what else the proposal does to the files is judged as ever."""
    files = [config.allowed_signers_file]
    try:
        moved = config_at(objects, head).allowed_signers_file
    except GovernanceError:
        moved = files[0]  # an unreadable governance.yml is the judge's finding, not this one's
    if moved != files[0]:
        files.append(moved)
    for file in files:
        signers = objects.blob(f"{head}:{file}")
        if signers is not None:
            text = signers.decode("utf-8", "replace")
            refuse_time_bounds(text, Message("{file} (at {commit})", file=file, commit=head[:12]))


def run_check(root: Path, base: str, head: str = "HEAD", *, today: date) -> CheckReport:
    head_commit = git.resolve_commit(root, head)
    tip = git.resolve_commit(root, base)  # the rules and records as they are on the base today
    merge_base = git.merge_base(root, tip, head_commit)
    with git.Objects(root) as objects:
        rules = base_rules(objects, tip)
        config = rules.config
        diff = git.diff_tree(root, merge_base, head_commit)
        if touches_rules(diff, config):
            _no_time_bounds(objects, head_commit, config)
        entries = changes_module.sort_entries(diff, config)
        changes = _changes(root, objects, entries, config, merge_base, head_commit)
        required = config.signatures == "required"
        base_records = RecordsAt(root, objects, tip, config)
        standing = Standing(root, objects, tip, rules, today)  # one for the ledger and the version in force
        judgement = judge.judge_diff(
            objects,
            entries,
            changes,
            rules=rules,
            head=head_commit,
            today=today,
            recorded_before=lambda path: _read(objects, tip, path) is not None,
            verifier=judge.Verifier(config.signature_namespace) if required else None,
            ledger=None if required else BaseLedger(root, objects, tip, rules, today, standing=standing),
            nobody=Message(
                "no resolution added in this pull request decides on it; record one (the entry below) and "
                "have it signed"
                if required
                else "no resolution on the base decides on it; record one (the entry below) and have it "
                "signed"
            ),
            in_force=in_force_on(objects, entries, config, base_records, standing),
        )
        verdicts = judgement.verdicts
        if required:
            verdicts = _explain_reuse(verdicts, base_records)
        head_paths = changes_module.TreePaths(root, objects, head_commit, config)
        findings = sorted(_lint(objects, head_commit, changes, rules, tip, head_paths, verdicts))
        notes = [] if config.judge_run_steps else _unjudged_runs(objects, head_commit, tip, entries)
    return CheckReport(
        tip,
        head_commit,
        config.signatures,
        verdicts,
        judgement.violations,
        findings,
        notes,
        body_names=body_names(rules.bodies),
    )


def _unjudged_runs(objects: git.Objects, head: str, base: str, entries: Sorted) -> list[str]:
    """Notes of the changes the rule on `run:` steps would refuse, were governance.yml to turn it on."""
    return [unjudged_run(path, use) for path, use in unjudged_runs(objects, head, base, entries)]


def _read(objects: git.Objects, rev: str, path: str) -> tuple[str, str, bytes] | None:
    """`<rev>:<path>`, from the arrivals index where it knows it (a file of the records folder: git
    would read the folder's tree, 1.3 MB at 20,000 records, to find it)."""
    objects.look_up(rev, [path], listing=False)
    return objects.read(f"{rev}:{path}")


def _decided_dates(
    verdicts: list[judge.Verdict], parsed: Mapping[str, tuple[Regulation, str]]
) -> list[Finding]:
    """STR008: the last 附則 of each approved text against the decision that approves it (the rule needs
    the record, so lint alone cannot run it), on the parse lint made of it (`parsed`, by path): a text
    lint refused unparsed (beyond the limits) is not parsed here either."""
    from governance.lint.supplementary import check_supplementary_dates

    findings: list[Finding] = []
    for verdict in verdicts:
        change, record, decision = verdict.change, verdict.record, verdict.decision
        if record is None or record.resolution is None or decision is None or change.path not in parsed:
            continue
        regulation, source = parsed[change.path]
        findings += check_supplementary_dates(
            regulation,
            source,
            change.path,
            resolution=record.resolution.id,
            decided=record.resolution.date,
            effective=decision.effective_date(record.resolution),
            amendment=change.action == "amend",
        )
    return findings


def _changes(
    root: Path, objects: git.Objects, entries: Sorted, config: Config, base: str, head: str
) -> list[Change]:
    return changes_module.changes_of(
        objects,
        entries,
        config,
        base_paths=changes_module.TreePaths(root, objects, base, config),
        head_paths=changes_module.TreePaths(root, objects, head, config),
    )


def _explain_reuse(verdicts: list[judge.Verdict], base_records: RecordsAt) -> list[judge.Verdict]:
    """For an uncovered change, name a record on base that approved the same text: the likely attempt to
    use one resolution twice. Read only when something is uncovered, so a passing check stays O(changes)."""
    if all(v.covered or v.change.refusal for v in verdicts):
        return verdicts
    on_base = [(resolution.id, decision) for resolution, decision in base_records.decisions()]
    explained: list[judge.Verdict] = []
    for verdict in verdicts:
        reused = [ident for ident, d in on_base if not verdict.covered and judge.matches(d, verdict.change)]
        if reused:
            reason = Message(
                "{id} is already on the base: a record counts only in the pull request that adds it (one "
                "resolution, one pull request); record a new resolution",
                id=reused[0],
            )
            verdict = judge.Verdict(verdict.change, reasons=(reason, *verdict.reasons))
        explained.append(verdict)
    return explained


def _lint(
    objects: git.Objects,
    head: str,
    changes: list[Change],
    rules: Rules,
    base: str,
    head_paths: AbstractSet[str],
    verdicts: list[judge.Verdict],
) -> list[Finding]:
    """Lint the head side of the changed regulation texts (translations against their head original,
    links against the head's regulations) and their 附則 against the decisions (`verdicts`, STR008), as
    the base's governance.yml sets the rules, without the findings of the base's lint baseline."""
    from governance.lint.baseline import new_findings, parse_baseline
    from governance.lint.links import LinkRule
    from governance.lint.runner import configured, lint_parsed

    def original_of(regulation_id: str) -> bytes | None:
        return objects.blob(f"{head}:{rules.config.regulation_path(regulation_id)}")

    def text_at(path: str) -> str | None:
        if path not in head_paths or changes_module.regulation_id(path, rules.config) is None:
            return None
        found = objects.blob(f"{head}:{path}")
        return None if found is None else found.decode("utf-8", errors="replace")

    links = LinkRule(text_at)

    findings: list[Finding] = []
    parsed: dict[str, tuple[Regulation, str]] = {}
    for change in changes:
        if change.regulation is None or change.content is None or change.refusal is not None:
            continue
        found, parse = lint_parsed(
            change.content,
            change.path,
            change.regulation,
            lenient=rules.config.front_matter == "lenient",
            bodies=set(rules.bodies),
            original_of=original_of,
            links=links,
        )
        findings += found
        if parse is not None and not any(finding.code == "FILE006" for finding in found):
            parsed[change.path] = parse  # FILE006 stands for every rule: STR008 too
    findings = configured(findings + _decided_dates(verdicts, parsed), rules.config.lint)
    baseline_file = _read(objects, base, rules.config.lint_baseline_file)
    recorded = baseline_file[2] if baseline_file is not None and baseline_file[1] == "blob" else None
    if recorded is None:
        return findings
    baseline = parse_baseline(recorded.decode("utf-8", errors="replace"), rules.config.lint_baseline_file)
    texts = {c.path: c.content.decode("utf-8", errors="replace") for c in changes if c.content is not None}
    return new_findings(findings, baseline, lambda path: texts.get(path, "").split("\n"))[0]
