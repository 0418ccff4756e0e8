"""Adopting the gate in a repository: the rules, the secretary's key, and a signed baseline.

The baseline is the competent body's decision that the regulations in force are the texts as they
stand. It is recorded as a unanimous written consent (`BL-<year>-001`), because the tool cannot know
the figures of a meeting that took place before it; a secretary who has them may record the baseline
by hand instead. Regulations that different bodies govern (a translation, a policy of the compliance
department) get one baseline per body: BL-<year>-002, ... The audit trusts the allowed_signers of the
adoption commit itself ("trust on first use"): whoever merges the adoption commit vouches for the key.

Nothing is ever overwritten: an existing governance.yml, bodies.yml or allowed_signers is kept (and read).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from governance import git
from governance.config import (
    CONFIG_FILE,
    REPOSITORY_RULE,
    Config,
    is_body_id,
    is_repository_name,
    load_config,
    parse_config,
    read_utf8,
)
from governance.errors import GovernanceError
from governance.gate import changes, release_adoption
from governance.gate.repository_name import default_repository
from governance.gate.rules import body_names
from governance.git.process import completed
from governance.i18n import BodyName, Message, _, join_sentences, localized, name_bodies, shown
from governance.records import signatures
from governance.records.before_adoption import EarlierVersion, render_before_adoption
from governance.records.bodies import Body, parse_bodies
from governance.records.procedures import Requires, step_problems
from governance.records.resolutions import Consultation, Decision, Notification, Resolution, record_path
from governance.records.writer import in_records, in_work_tree, render_resolution, write_new
from governance.text import recognisers
from governance.text.digests import digest_bytes

BOARD = "board-of-directors"


def adopt(
    root: Path,
    *,
    secretary_key: Path,
    secretary_identity: str,
    today: date,
    regulations: str | None = None,
    body: str | None = None,
    members: int | None = None,
    body_name: str | None = None,
    history: bool = False,
    workflows: Mapping[str, str] | None = None,
    pattern: str | None = None,
    repository: str | None = None,
    from_tag: str | None = None,
    from_tags: str | None = None,
    requires: Mapping[str, list[str]] | None = None,
    steps: Mapping[str, list[dict[str, object]]] | None = None,
    releases: list[release_adoption.Release] | None = None,
) -> list[Path]:
    """Write the gate's files under `root` and sign the baseline records; returns the files written.

    `secretary_key` is the private key (its public half is `<key>.pub`, or the key itself when it is a
    .pub held by ssh-agent). An existing governance.yml and bodies.yml are read; for new ones,
    `regulations` is the folder of the texts (`pattern`: the regular expression that selects them,
    required at the root), `body` the body that approves them (the default body)
    and `members` its number of members. `history`: also record the texts' earlier versions from git
    (before-adoption.yml), which the site shows apart as not verified. `workflows`: more files to write
    (path -> text: governance.gate.workflows), refused if one exists. `repository`: the name records are
    bound to, for a new governance.yml (default: governance.gate.repository_name). `from_tag`: enact the
    texts of that release tag (effective from its 施行日) instead of the work tree's; `from_tags`: of the
    latest tag matching that glob, the earlier ones becoming the versions before adoption
    (governance.gate.release_adoption); `releases`: the releases they chose (release_adoption.chosen), so
    that what init says it enacted is what it enacted. `requires`: the steps beyond the vote the body requires (step ->
    regulation id patterns), for a new bodies.yml; `steps`: the consultations and notifications the baseline
    records for the texts that need them (as `governance resolution new` takes them), since the baseline is
    judged by the same rules as every record. A new bodies.yml of a Japanese original names the known
    bodies in Japanese too (names: {ja: 取締役会})."""
    config, config_text = _config(root, regulations, body, pattern, repository)
    public_key = _public_key(secretary_key)
    allowed_path = root / config.allowed_signers_file
    new_allowed = signatures.allowed_signers_line(secretary_identity, public_key, config.signature_namespace)
    allowed = read_utf8(allowed_path) if allowed_path.exists() else new_allowed
    signatures.refuse_time_bounds(allowed, config.allowed_signers_file)
    bodies_path = root / config.bodies_file
    if bodies_path.exists():
        written_before = members is not None and read_utf8(bodies_path) == _new_bodies(
            root, config, members, body_name, requires
        )  # by an interrupted run of this very command: it resumes
        if (members is not None or body_name is not None or requires) and not written_before:
            raise GovernanceError(
                _(
                    "bodies.yml exists and says who the members are; leave out --members, --body-name and "
                    "--requires (or edit bodies.yml)"
                ),
                path=config.bodies_file,
            )
        bodies_text = read_utf8(bodies_path)
    else:
        bodies_text = _new_bodies(root, config, members, body_name, requires)
    setup = _Setup(
        config,
        parse_bodies(bodies_text, config.bodies_file),
        secretary_key,
        steps or {},
        allowed,
        [(root / CONFIG_FILE, config_text), (bodies_path, bodies_text), (allowed_path, new_allowed)],
    )
    if releases is None:
        releases = release_adoption.chosen(root, from_tag, from_tags, history=history)
    adoption = release_adoption.from_releases(root, config, releases) if releases else None
    if adoption is None:
        return _adopt(root, setup, today, history, workflows, None)
    with release_adoption.release_in_work_tree(root, config, adoption.release) as restored:
        written = _adopt(root, setup, today, history, workflows, adoption)
    return [*(root / path for path in restored), *written]


@dataclass(frozen=True)
class _Setup:
    config: Config
    bodies: dict[str, Body]
    secretary_key: Path
    steps: Mapping[str, list[dict[str, object]]]  # the baseline's consultations and notifications
    allowed: str  # the allowed_signers the baseline's signature is verified with
    files: list[tuple[Path, str]]  # governance.yml, bodies.yml, allowed_signers: written unless present


def _adopt(
    root: Path,
    setup: _Setup,
    today: date,
    history: bool,
    workflows: Mapping[str, str] | None,
    adoption: release_adoption.Adoption | None,
) -> list[Path]:
    config = setup.config
    effective = adoption.effective if adoption is not None else None
    baselines = baseline_resolutions(
        root, config, setup.bodies, today, effective=effective, steps=setup.steps
    )
    lint_baseline = _lint_baseline(root, config)
    if history:
        earlier_list = earlier_versions(root, config, adoption.release.commit if adoption else "HEAD")
    else:
        earlier_list = adoption.earlier if adoption is not None else []
    earlier = render_before_adoption(earlier_list) if history or earlier_list else ""

    planned: list[tuple[Path, str]] = [
        *setup.files,
        (root / config.lint_baseline_file, lint_baseline or ""),
        (root / config.before_adoption_file, earlier),
    ]
    planned += [(root / relative, text) for relative, text in (workflows or {}).items()]
    for path, _text in planned:  # before anything is written, as for the records below
        in_work_tree(root, path.relative_to(root).as_posix())
    _no_governed_links(root, config)
    planned = [(path, text) for path, text in planned if text and not path.exists()]
    for relative in workflows or {}:
        if (root / relative).exists():
            raise GovernanceError(_("exists already; remove it, or adopt without --github"), path=relative)
    records = [
        (
            in_records(root, record_path(config.records, record.id, by_year=config.records_by_year)),
            render_resolution(record),
        )
        for record in baselines
    ]
    resumed = _unsigned_baselines(records)
    written: list[Path] = []
    try:
        for path, text in planned + records:
            if path not in resumed:
                write_new(path, text.encode("utf-8"))
                written.append(path)
        for path, _text in records:
            signatures.sign_and_verify(path, setup.secretary_key, setup.allowed, config.signature_namespace)
            written.append(path.with_name(path.name + ".sig"))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)  # only what this run created: never a file that was there
        raise
    return [*resumed, *written]


def _unsigned_baselines(records: list[tuple[Path, str]]) -> list[Path]:
    """The baselines an interrupted `governance init` wrote and did not sign: signed now (the run resumes)
    when they are exactly what this run would write; otherwise the user is told to remove them."""
    resumed = []
    for path, text in records:
        signature = path.with_name(path.name + ".sig")
        if signature.exists():
            raise GovernanceError(_("already exists: this repository is adopted already"), path=signature)
        if not path.exists():
            continue
        if path.read_bytes() != text.encode("utf-8"):
            raise GovernanceError(
                _(
                    "an unsigned baseline, left by an interrupted `governance init` on another day or before "
                    "the texts changed; it was never signed: delete it and run governance init again"
                ),
                path=path,
            )
        resumed.append(path)
    return resumed


def baseline_resolutions(
    root: Path,
    config: Config,
    bodies: dict[str, Body],
    today: date,
    *,
    effective: Mapping[str, date] | None = None,
    steps: Mapping[str, list[dict[str, object]]] | None = None,
) -> list[Resolution]:
    """One baseline per deciding body, enacting every regulation text present as it stands, effective
    from `effective[path]` (a release's 施行日), else the front matter's `enacted`, else today. `steps`:
    the consultations and notifications recorded in each baseline whose body requires them for one of its
    texts (governance.records.procedures); a baseline the rules would refuse stops the adoption here."""
    folder = root / config.regulations
    if not folder.is_dir():
        raise GovernanceError(
            _("the regulations folder does not exist; create it or give another"), path=folder
        )
    by_body: dict[str, list[Decision]] = {}
    paths = sorted(_regulation_files(root, config))
    _refuse_executables(root, paths)
    unnamed = [path for path in paths if changes.regulation_id(path, config) is None]
    if unnamed:
        # The first, and how many more: a folder of policies named with spaces was renamed one file a run.
        problem = recognisers.name_problem(unnamed[0]).localized()
        if len(unnamed) > 1:
            problem += _(" ({others} more file(s) too: `governance lint` lists each)").format(
                others=len(unnamed) - 1
            )
        raise GovernanceError(problem, path=unnamed[0])
    _refuse_case_twins(root, config, paths)
    _refuse_converted(root, config, paths)
    known = set(paths)
    for path in paths:
        content = (root / path).read_bytes()
        ident = changes.regulation_id(path, config)
        assert ident is not None  # every unnamed one is refused above
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise GovernanceError(_("not UTF-8 text; save it as UTF-8"), path=path) from None
        meta = changes.front_matter(content)
        body = changes.deciding_body(path, content, config, known.__contains__)
        enacted = meta.get("enacted")
        since = date.fromisoformat(enacted) if isinstance(enacted, str) and _is_date(enacted) else today
        decision = Decision(
            regulation=ident,
            action="enact",
            digest=digest_bytes(content),
            effective=(effective or {}).get(path, since),
        )
        by_body.setdefault(body, []).append(decision)
    if not by_body:
        raise GovernanceError(
            _("no regulation (.md file) to adopt; add the texts in force first"), path=folder
        )
    # Who recorded it, as the resolution's page shows it: a Japanese company's reads it in Japanese.
    recorded_by = (
        "規程管理の導入時の基準決議録"
        if "ja" in _original_languages(root, config)
        else "Baseline at adoption of regulation governance"
    )
    baselines = []
    for number, (body, decisions) in enumerate(sorted(by_body.items(), key=_board_first), start=1):
        if body not in bodies:
            raise GovernanceError(
                _unknown_body(body, str(decisions[0].regulation), config, bodies), path=config.bodies_file
            )
        if not bodies[body].written_consent:
            raise GovernanceError(
                _(
                    "the baseline is a unanimous written consent, which '{body}' does not allow: set "
                    "'written_consent: true' for it in bodies.yml, or record the baseline by hand "
                    "(administrator guide, 'Adopt governance')"
                ).format(body=body),
                path=config.bodies_file,
            )
        baseline = Resolution(
            id=f"BL-{today.year}-{number:03d}",
            body=body,
            date=today,
            form="written-consent",
            consents=bodies[body].members,
            decisions=decisions,
            recorded_by=recorded_by,
            repository=config.repository,
        )
        baselines.append(_with_steps(baseline, bodies[body], steps or {}, today, config))
    unused = [
        step
        for step, done in (steps or {}).items()
        if done and not any(getattr(baseline, step) for baseline in baselines)
    ]
    if unused:
        raise GovernanceError(
            _(
                "bodies.yml requires no {step} for the texts adopted: leave out the options that record "
                "them, or say what the procedure requires with --requires {step}"
            ).format(step=unused[0]),
            path=config.bodies_file,
        )
    return baselines


def _with_steps(
    baseline: Resolution,
    body: Body,
    steps: Mapping[str, list[dict[str, object]]],
    today: date,
    config: Config,
) -> Resolution:
    """The baseline with the steps its body requires for one of its texts, refused (before anything is
    written) when one is missing or cannot have happened, as the gate would refuse it."""
    # The baseline has no step yet: a step is needed when the rule of that step alone finds it missing.
    needed = {
        step: [dict(entry) for entry in steps.get(step, [])]
        for step in STEPS
        if step_problems(baseline, _only(body.requires, step), today)
    }
    completed = replace(
        baseline,
        consultations=[Consultation(**entry) for entry in needed.get("consultations", [])],  # type: ignore[arg-type]
        notifications=[Notification(**entry) for entry in needed.get("notifications", [])],  # type: ignore[arg-type]
    )
    problems = step_problems(completed, body.requires, today)
    if problems:
        name_bodies(body_names({baseline.body: body}))  # the body as its Japanese name says it
        raise GovernanceError(
            _(
                "the baseline of the {body} would be refused: {problems}. The texts in force went through "
                "that procedure when they were made: record its last occurrence with init's --consulted, "
                "--consulted-on, --opinion (the 意見書, committed with the adoption) and --notified, "
                "--notified-on"
            ).format(
                body=localized(BodyName(baseline.body)),
                problems=join_sentences([localized(problem) for problem in problems]),
            ),
            path=config.bodies_file,
        )
    return completed


def _only(requires: Requires, step: str) -> Requires:
    return Requires(**{step: getattr(requires, step)})


def _unknown_body(body: str, regulation: str, config: Config, bodies: dict[str, Body]) -> str:
    known = ", ".join(sorted(bodies))
    if body == config.default_body:
        return _(
            "bodies.yml does not define '{body}', the default body (governance.yml's default_body), which "
            "decides on texts whose front matter names no body, such as {regulation}: set default_body to "
            "the body that approves your regulations (bodies.yml defines: {known}), or add '{body}' to "
            "bodies.yml"
        ).format(body=body, regulation=regulation, known=known)
    return _(
        "{regulation} names '{body}' (governed_by in its front matter), which bodies.yml does not define "
        "(it defines: {known}): write bodies.yml with every body your texts name before init, which "
        "reads it (administrator guide, 'bodies.yml'), or correct governed_by"
    ).format(body=body, regulation=regulation, known=known)


# The bodies a company's regulations commonly name, by the id `init --body` takes, in Japanese: a new
# bodies.yml of a Japanese original gives them (names: {ja: ...}), so that its pages name them so.
JAPANESE_NAMES = {
    "board-of-directors": "取締役会",
    "chief-executive": "代表取締役社長",
    "president": "社長",
    "management-committee": "経営会議",
    "executive-committee": "常務会",
    "general-meeting": "株主総会",
    "shareholders-meeting": "株主総会",
    "audit-and-supervisory-board": "監査役会",
    "compliance-committee": "コンプライアンス委員会",
    "compliance-department": "コンプライアンス部",
    "human-resources-department": "人事部",
    "general-affairs-department": "総務部",
}
STEPS = ("consultations", "notifications")


def _new_bodies(
    root: Path,
    config: Config,
    members: int | None,
    name: str | None,
    requires: Mapping[str, list[str]] | None,
) -> str:
    japanese = JAPANESE_NAMES.get(config.default_body) if "ja" in _original_languages(root, config) else None
    names = {"ja": japanese} if japanese is not None and japanese != name else {}
    return bodies_yaml(config.default_body, members, name, names=names, requires=requires)


def _original_languages(root: Path, config: Config) -> set[str]:
    """The languages the original texts (not translations) are written in: as their front matter states,
    else as their headings are written (Regulation.language)."""
    from governance.text.parser import parse_regulation

    if not (root / config.regulations).is_dir():
        return set()  # the baseline says so, with what to do
    languages = set()
    for path in _regulation_files(root, config):
        content = (root / path).read_bytes()
        ident = changes.regulation_id(path, config)
        if ident is None or changes.front_matter(content).get("translation_of"):
            continue
        try:
            regulation = parse_regulation(content.decode("utf-8"), path, ident, lenient=True)
        except (GovernanceError, UnicodeDecodeError):
            continue  # the baseline refuses it, naming the file
        languages.add(regulation.language)
    return languages


def bodies_yaml(
    body: str,
    members: int | None,
    name: str | None = None,
    *,
    names: Mapping[str, str] | None = None,
    requires: Mapping[str, list[str]] | None = None,
) -> str:
    """A bodies.yml with the one body that approves the regulations (written consent allowed): `names`,
    its name in other languages; `requires`, the steps beyond the vote it requires (step -> regulation id
    patterns)."""
    if not is_body_id(body):
        raise GovernanceError(
            _("--body '{body}': a body's id is lower-case letters, digits and '-' (chief-executive)").format(
                body=body
            )
        )
    if members is None:
        raise GovernanceError(
            _(
                "say how many members the {body} has: --members N. If your regulations are approved by "
                "someone else (a chief executive, a management committee), name that body instead: "
                "--body chief-executive --members 1"
            ).format(body=body)
        )
    if members < 1:
        raise GovernanceError(_("--members: a body has at least one member"))
    title = name or _title(body)
    text = yaml_comment(
        _(
            "The bodies that decide on regulations. quorum: majority | two-thirds | all | a number;\n"
            "majority: simple | two-thirds; written_consent: true allows unanimous resolutions without a meeting."
        )
    )
    text += f"bodies:\n  {body}:\n    name: {json.dumps(title, ensure_ascii=False)}\n"
    if names:
        text += f"    names: {json.dumps(dict(names), ensure_ascii=False)}\n"
    text += f"    members: {members}\n    quorum: majority\n    majority: simple\n    written_consent: true\n"
    if requires:
        comment = _("regulation ids (fnmatch patterns) whose records must carry the step")
        text += f"    requires:  # {' '.join(comment.split())}\n"
        text += "".join(
            f"      {step}: {json.dumps(list(patterns), ensure_ascii=False)}\n"
            for step, patterns in requires.items()
        )
    return text


def yaml_comment(text: str) -> str:
    """`text` (in the user's language: the files init writes are read by the people who adopt it) as YAML
    comment lines, one per line of the text."""
    return "".join(f"# {line}".rstrip() + "\n" for line in text.split("\n"))


def adoption_summary(
    root: Path,
    written: list[Path],
    branch: str = "main",
    releases: list[release_adoption.Release] | None = None,
) -> str:
    """What `governance init` prints: the files and the next step (`branch`: the protected branch), in the
    user's language; with `releases` (oldest first, the last enacted), each tag with the commit it names."""
    lines = [_("wrote:")] + [
        f"  {shown(path.relative_to(root).as_posix())}"
        + (
            ""
            if path.suffix != ".md"
            else " " + _("(as the release holds it)")
            if path.exists()
            else " " + _("(removed: not in the release)")
        )
        for path in written
    ]
    lines += _releases_said(root, releases or [])
    if any(path.suffix == ".md" for path in written):
        lines.append(
            _(
                "release: the texts are what the release holds; a later draft stays in git's history, to be "
                "proposed as an amendment through the gate after the adoption"
            )
        )
    if any(path.name == "lint-baseline.yml" for path in written):
        lines.append(
            _(
                "lint: the findings of the texts as they stand are recorded in lint-baseline.yml and do not "
                "fail; only new ones do (`governance lint --all` lists them all)"
            )
        )
    lines.append(
        _(
            "next: review them, commit them all in one commit (the adoption commit) and merge it into "
            "{branch}; from then on every change of a regulation needs a signed resolution"
        ).format(branch=branch)
    )
    return "\n".join(lines)


def _releases_said(root: Path, releases: list[release_adoption.Release]) -> list[str]:
    """Each tag the baseline reads, with the commit it names (its id, date and subject): whoever may push a
    tag may put one on a draft of the branch's history, and the secretary signs what the tags name."""
    lines = []
    for release in releases:
        committed, subject = git.commit_line(root, release.commit)
        said = {
            "tag": shown(release.tag),
            "commit": release.commit[:12],
            "committed": committed.isoformat(),
            "subject": shown(subject),
            "effective": release.effective.isoformat(),
        }
        if release is releases[-1]:
            template = _(
                "enacts the tag {tag}: commit {commit} of {committed} ({subject}), in force from {effective}"
            )
        else:
            template = _(
                "reads the tag {tag}: commit {commit} of {committed} ({subject}), in force from {effective}: "
                "its texts become the versions before adoption"
            )
        lines.append(template.format(**said))
    if releases:
        lines.append(
            _(
                "check that each tag names the commit that was released (git show TAG): the baseline you sign "
                "enacts what they name, a draft too"
            )
        )
    return lines


def _config(
    root: Path,
    regulations: str | None,
    body: str | None,
    pattern: str | None = None,
    repository: str | None = None,
) -> tuple[Config, str]:
    """The existing governance.yml (the options must agree with it), or a new one from the options."""
    if (root / CONFIG_FILE).exists():
        config = load_config(root)
        if regulations is not None and config.regulations.rstrip("/") != regulations.rstrip("/"):
            raise GovernanceError(
                _(
                    "governance.yml names the regulations folder '{folder}', not '{regulations}': leave out "
                    "--regulations (init reads governance.yml), or change 'regulations:' there"
                ).format(folder=config.regulations, regulations=regulations),
                path=CONFIG_FILE,
            )
        if pattern is not None and pattern != config.regulations_pattern:
            raise GovernanceError(
                _(
                    "governance.yml selects the regulations with {written}, not {pattern}: leave out "
                    "--regulations-pattern, or change 'regulations_pattern:' there"
                ).format(written=repr(config.regulations_pattern), pattern=repr(pattern)),
                path=CONFIG_FILE,
            )
        if body is not None and body != config.default_body:
            raise GovernanceError(
                _(
                    "governance.yml names '{default}' as the default body, not '{body}': leave out --body, or "
                    "change 'default_body:' there"
                ).format(default=config.default_body, body=body),
                path=CONFIG_FILE,
            )
        if repository is not None and repository != config.repository:
            named = (
                _("governance.yml names the repository '{named}', not '{repository}'")
                if config.repository
                else _("governance.yml names no repository, not '{repository}'")
            ).format(named=config.repository, repository=repository)
            raise GovernanceError(
                _(
                    "{named}: leave out --repository (init reads governance.yml), or write 'repository: "
                    "{repository}' there"
                ).format(named=named, repository=repository),
                path=CONFIG_FILE,
            )
        return config, ""
    folder = (regulations or "regulations").rstrip("/")
    if not (root / folder).is_dir():
        found = ", ".join(_markdown_folders(root)) or "none"
        raise GovernanceError(
            _(
                "there is no folder '{folder}' with the regulations: give yours with --regulations FOLDER "
                "(folders with Markdown files here: {found})"
            ).format(folder=folder, found=found),
            path=root / folder,
        )
    if folder.strip("/.") == "" and pattern is None:
        raise GovernanceError(
            _(
                "the texts are at the repository root: say which files are regulations with "
                "--regulations-pattern REGEX (their path must match it whole, such as "
                "'[0-9]{{2}}_.+(規則|規程)\\.md'), so that README.md and the guides stay what they are"
            ).format(),
            path=root,
        )
    name = repository if repository is not None else default_repository(root)
    if not is_repository_name(name):
        raise GovernanceError(
            _("--repository '{name}': {rule}").format(name=name, rule=localized(REPOSITORY_RULE))
        )
    defaults = Config()
    selection = f"regulations: {json.dumps(folder, ensure_ascii=False)}\n"
    if pattern is not None:
        selection += f"regulations_pattern: {json.dumps(pattern, ensure_ascii=False)}\n"
    # The repository's main line is the branch it protects (a company's `master`): the hook, the
    # workflows and `resolution new` read it from here, and `main` would leave `master` unguarded.
    branch = git.main_line(root, None)
    text = yaml_comment(
        _(
            "Regulation governance: every key is optional; see the documentation for the defaults.\n"
            "The records made for this repository name it; a record naming another counts nowhere here."
        )
    ) + (
        # Quoted: a repository named after its folder may be `no`, `on`, `2024` or `null`, which YAML
        # reads as no name at all (init refused its own governance.yml).
        f"repository: {json.dumps(name, ensure_ascii=False)}\n"
        f"branch: {json.dumps(branch, ensure_ascii=False)}\n"
        f"{selection}"
        f"records: {defaults.records}\n"
        f"signatures: {defaults.signatures}\n"
        f"signature_namespace: {defaults.signature_namespace}\n"
        f"default_body: {json.dumps(body or BOARD)}\n"
        "judge_run_steps: true\n"
    )
    # Read back as governance check will read it: a pattern that is no regular expression stops here.
    return parse_config(text, "governance.yml"), text


def _markdown_folders(root: Path) -> list[str]:
    """The top folders of the work tree that hold Markdown files, for the error that suggests one."""
    return sorted(
        path.name
        for path in root.iterdir()
        if path.is_dir() and not path.name.startswith(".") and next(path.rglob("*.md"), None) is not None
    )


def earlier_versions(root: Path, config: Config, rev: str = "HEAD") -> list[EarlierVersion]:
    """Every text the first-parent history of HEAD held for a regulation present now, oldest first, less
    the text as it stands (which the baseline enacts). One walk of the log, whatever the number of texts."""
    try:
        git.resolve_commit(root, "HEAD")
    except GovernanceError:
        raise GovernanceError(
            _("--history: the repository has no commit yet; commit the texts first"), path=root
        ) from None
    present = {path: git.blob_id((root / path).read_bytes()) for path in _regulation_files(root, config)}
    dates = git.commit_dates(root, rev)
    by_path: dict[str, list[EarlierVersion]] = {}
    for commit in git.first_parent_log(root, rev):
        for entry in commit.entries:
            if entry.path not in present or entry.status == "D":
                continue
            versions = by_path.setdefault(entry.path, [])
            if versions and versions[-1].blob == entry.new_blob:
                continue
            ident = changes.regulation_id(entry.path, config)
            assert ident is not None, "the baseline refused a path no record could name"
            versions.append(
                EarlierVersion(
                    regulation=ident, date=dates[commit.sha], commit=commit.sha, blob=entry.new_blob
                )
            )
    earlier: list[EarlierVersion] = []
    for path, versions in sorted(by_path.items()):
        if versions and versions[-1].blob == present[path]:
            versions = versions[:-1]  # the text in force: the baseline enacts it
        earlier += versions
    return earlier


def _lint_baseline(root: Path, config: Config) -> str | None:
    """The lint baseline for the texts as they stand (None when they have no finding)."""
    from governance.lint.baseline import file_lines, render_baseline
    from governance.lint.runner import lint_paths

    findings = lint_paths(root, config)
    beyond = sorted({finding.path: finding for finding in findings if finding.code == "FILE006"}.items())
    if beyond:
        # A text beyond a limit is never linted, so lint never counts its FILE006 as known: baselined, it
        # failed lint on every pull request for ever while init said the findings recorded do not fail,
        # and no amendment of it could pass. Split before adopting, while changes need no decision.
        path, finding = beyond[0]
        problem = _("{problem}, before adopting: the gate reads no text beyond its limits").format(
            problem=finding.said.rstrip(".")
        )
        if len(beyond) > 1:
            problem += _(" ({others} more file(s) too: `governance lint` lists each)").format(
                others=len(beyond) - 1
            )
        raise GovernanceError(problem, path=path)
    return render_baseline(findings, file_lines(root.absolute())) if findings else None


def _title(body: str) -> str:
    small = {"of", "and", "the", "for"}
    words = body.split("-")
    return " ".join(w if w in small and i else w.capitalize() for i, w in enumerate(words))


_PROBES = ("index.md", "main.html", "extra.css", "extra.js", "action.yml", "run.sh", ".hidden/x")


def _no_governed_links(root: Path, config: Config) -> None:
    """Refuse a symbolic link among the files a decision will govern. One cannot arrive later (a governed
    file must be a plain file), but one committed before the adoption would stay: whoever reads it from a
    checkout (the site build, the runner) reads the file it points to, which changes without a decision,
    since a decision approves a file's bytes and a link's bytes are only a path. The files asked are those
    git holds or would add (tracked, or untracked and not ignored): a link is one path to git."""
    for relative in _files_to_commit(root):
        if not (root / relative).is_symlink():
            continue
        # A link to a folder stands for the files below it: any that a pattern would govern.
        below = [f"{relative}/{probe}" for probe in _PROBES]
        if any(changes.is_governed_file(path, config) for path in [relative, *below]):
            raise GovernanceError(
                _(
                    "is a symbolic link among the files a decision governs: whoever reads it from a checkout "
                    "reads the file it points to, which would then change without a decision; put a copy of "
                    "the file there instead of the link, then adopt"
                ),
                path=relative,
            )


def _files_to_commit(root: Path) -> list[str]:
    """The files git holds or would add, as repository paths; every file below `root` (but .git) when it
    is no git work tree yet (init writes its files before the first commit too)."""
    try:
        listed = git.run(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name")
    except GovernanceError:
        found: list[str] = []
        for folder, folders, files in os.walk(root):
            folders[:] = [name for name in folders if name != ".git"]
            found += [(Path(folder) / name).relative_to(root).as_posix() for name in [*files, *folders]]
        return found
    return [git.decode_path(raw) for raw in listed.split(b"\0") if raw]


def _public_key(key: Path) -> str:
    public = key if key.suffix == ".pub" else key.with_name(key.name + ".pub")
    if not key.is_file():
        raise GovernanceError(_("the secretary's key does not exist"), path=key)
    if not public.is_file():
        raise GovernanceError(
            _("the public half of the key is missing; it is expected beside it"), path=public
        )
    return read_utf8(public)


def _regulation_files(root: Path, config: Config) -> list[str]:
    """The regulations' .md files in the work tree, as lint finds them (Config.regulation_relative)."""
    from governance.lint.runner import regulation_files

    found = []
    for path, problem in regulation_files(root, config, [root / config.regulations]):
        relative = path.relative_to(root).as_posix()
        if problem is not None and problem[0] == "FILE001":
            raise GovernanceError(
                _("a symbolic link under the regulations folder; replace it by the file"), path=relative
            )
        if problem is not None and problem[0] == "FILE002":
            # A pipe named like a regulation made init wait for ever, reading it for the lint baseline; a
            # submodule or a folder named x.md is no text either: none can be tolerated as a finding.
            raise GovernanceError(problem[1], path=relative)
        if problem is None:
            found.append(relative)
    return found


def _refuse_executables(root: Path, paths: list[str]) -> None:
    """Refuse texts that would be committed executable (mode 100755: git's index says so, or the work
    tree's mode, which git commits where it reads modes). The gate takes only plain files under the
    regulations folder: init wrote a baseline the audit refused at once, and no change could make the
    files plain again (from an executable file, every change is refused), so nothing was ever published."""
    # Outside a git work tree (a folder adopted before `git init`) only the files' own modes count.
    found = completed(root, "ls-files", "-s", "-z", "--", *paths) if paths else None
    listed = found.stdout if found is not None and found.returncode == 0 else b""
    executable = {
        entry.split(b"\t", 1)[1].decode("utf-8", "surrogateescape")
        for entry in listed.split(b"\0")
        if entry.startswith(b"100755 ")
    }
    executable.update(path for path in paths if (root / path).stat().st_mode & 0o111)
    if executable:
        first = sorted(executable)[0]
        raise GovernanceError(
            Message(
                "an executable file (mode 100755), with {others} more under the regulations folder; the gate "
                "takes only plain files there: run `chmod -x` and `git update-index --chmod=-x` on each, "
                "commit, then run init again",
                others=len(executable) - 1,
            ),
            path=first,
        )


def _refuse_converted(root: Path, config: Config, paths: list[str]) -> None:
    """Refuse texts whose bytes in the adoption commit would not be the files' bytes: git keeps the blob
    of a file it sees unchanged (a Windows clone's CRLF files of LF blobs, with core.autocrlf), and stores
    another file as its attributes turn it (eol, text, working-tree-encoding, ident, filter). The
    baseline enacts the files' bytes, so the audit refused the adoption ("matches no change here") as soon
    as it was committed."""
    if not paths:
        return
    names = "".join(f"{path}\n" for path in paths).encode("utf-8", "surrogateescape")
    held = completed(root, "hash-object", "--no-filters", "--stdin-paths", stdin=names)
    stored = completed(root, "hash-object", "--stdin-paths", stdin=names)
    listed = completed(root, "ls-files", "-s", "-z", "--", *paths)
    changed = completed(root, "diff", "--name-only", "-z", "--no-renames", "--", *paths)
    if any(done.returncode != 0 for done in (held, stored, listed, changed)):
        return  # outside a git work tree: what will be committed is the files' bytes
    indexed = {}
    for entry in listed.stdout.split(b"\0"):
        if entry:
            info, _tab, name = entry.partition(b"\t")
            indexed[name.decode("utf-8", "surrogateescape")] = info.split()[1].decode()
    edited = {name.decode("utf-8", "surrogateescape") for name in changed.stdout.split(b"\0") if name}
    raw, filtered = held.stdout.decode().split(), stored.stdout.decode().split()
    converted = [
        path
        for path, file_id, added_id in zip(paths, raw, filtered, strict=False)
        if file_id != (indexed[path] if path in indexed and path not in edited else added_id)
    ]
    if converted:
        problem = _(
            "git would commit this text as other bytes than the file holds (by .gitattributes: eol, text, "
            "working-tree-encoding, ident or filter; or core.autocrlf): the baseline would enact bytes that are "
            "never committed; remove those attributes for the regulations, set `git config core.autocrlf "
            "false`, commit your edits, write the texts again as git holds them (`git rm -r -q --cached "
            "{folder} && git checkout HEAD -- {folder}`) and run init again"
        ).format(folder=config.regulations)
        if len(converted) > 1:
            problem += _(" ({others} more file(s) too)").format(others=len(converted) - 1)
        raise GovernanceError(problem, path=converted[0])


def _refuse_case_twins(root: Path, config: Config, paths: list[str]) -> None:
    """Refuse two texts whose names differ only in case (`Leave.md`, `leave.md`), as the gate refuses a
    change that makes one: a checkout on Windows or macOS writes both into one file, so employees there
    would read a text other than the one adopted, and the baseline would enact both. The names git's
    index holds count too: on such a checkout the disk has one file where the index has both."""
    # Outside a git work tree (a folder adopted before `git init`) only the files on disk count.
    found = completed(root, "ls-files", "-z", "--", f":(literal){config.regulations}")
    listed = found.stdout if found is not None and found.returncode == 0 else b""
    indexed = {
        name
        for name in listed.decode("utf-8", "surrogateescape").split("\0")
        if name and changes.regulation_id(name, config) is not None
    }
    names = sorted(indexed.union(paths))
    folded = changes.CaseFolded(frozenset(names))
    for path in names:
        twins = folded.twins(path)
        if twins:
            raise GovernanceError(
                Message(
                    "differs from {twin} only in case; on Windows and macOS one overwrites the other on "
                    "checkout: rename or merge one of them, commit, then run init again",
                    twin=twins[0],
                ),
                path=path,
            )


def _board_first(item: tuple[str, list[Decision]]) -> tuple[bool, str]:
    return item[0] != BOARD, item[0]


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
