"""A body per pattern of governed_paths: engineers record a light decision for the files delegated to them,
the board's stays required for the rest and for the rules themselves. Real repositories, real signatures."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from governance.cli import main
from governance.config import build_config, parse_config
from governance.errors import GovernanceError
from governance.gate.changes import governing_body
from tests.testing.governed import BOARD, BODIES, Governed, digest, record_text

EDITORS = "site-editors"
DELEGATING = (
    "translations_body: compliance-department\n"
    "governed_paths:\n"
    "  - mkdocs.yml\n"
    f"  - {{pattern: 'site/guides/*', body: {EDITORS}}}\n"
    "  - site/*\n"
)
WITH_EDITORS = (
    BODIES + f"  {EDITORS}: {{name: Site Editors, members: 3, quorum: majority, majority: simple, "
    "written_consent: true}\n"
)
GUIDE = "site/guides/legal.md"


def _check(gov: Governed) -> Result:
    return CliRunner().invoke(
        main, ["check", "--base", "main", "--root", str(gov.path)], env={"GOVERNANCE_TODAY": "2026-12-01"}
    )


def _editors_record(gov: Governed, ident: str, path: str, text: str) -> None:
    gov.record(ident, record_text(ident, [(f"file:{path}", "enact", digest(text))], body=EDITORS, consents=3))


def _delegate(gov: Governed, config: str = DELEGATING, bodies: str = WITH_EDITORS) -> Result:
    """The board's decision to delegate the guides to the site editors (a change of the rules)."""
    files = {"governance.yml": config, "resolutions/bodies.yml": bodies}
    approvals = tuple(
        (f"BD-2026-{n:03d}", f"file:{path}", "amend", text)
        for n, (path, text) in enumerate(files.items(), 20)
    )
    gov.pull_request("delegate", "Delegate the guides to the site editors", files=files, approvals=approvals)
    return _check(gov)


def test_a_delegated_file_needs_the_delegated_bodys_decision_and_the_rest_the_boards(gov: Governed) -> None:
    assert _delegate(gov).exit_code == 0
    gov.merge("delegate")

    guide = "# Legal staff\n\nHow to propose an amendment.\n"
    gov.branch("guide")
    gov.repo.write(GUIDE, guide)
    _editors_record(gov, "SE-2026-001", GUIDE, guide)
    gov.repo.commit("A guide for legal staff, decided by the site editors")
    assert _check(gov).exit_code == 0

    # The board's decision does not stand in for the editors' on their files: each body decides its own.
    gov.repo.git("checkout", "-q", "main")
    gov.branch("guide-by-board")
    gov.repo.write(GUIDE, guide)
    gov.approve("BD-2026-030", f"file:{GUIDE}", "enact", guide)
    gov.repo.commit("A guide, decided by the board")
    refused = _check(gov)
    assert refused.exit_code == 1
    assert f"BD-2026-030 is a resolution of the {BOARD}; this change needs the {EDITORS}" in refused.stdout

    # A page outside the delegated pattern, and the rules themselves, stay the board's.
    for path in ["site/index.md", "governance.yml", ".github/workflows/gate.yml"]:
        gov.repo.git("checkout", "-q", "main")
        gov.branch(f"by-editors-{path.replace('/', '-')}")
        text = "# Changed by the site editors\n"
        gov.repo.write(path, text)
        action = "enact" if path != "governance.yml" else "amend"
        gov.record(
            "SE-2026-002",
            record_text("SE-2026-002", [(f"file:{path}", action, digest(text))], body=EDITORS, consents=3),
        )
        gov.repo.commit(f"{path}, decided by the site editors")
        refused = _check(gov)
        assert refused.exit_code == 1, path
        assert (
            f"SE-2026-002 is a resolution of the {EDITORS}; this change needs the {BOARD}" in refused.stdout
        )


def test_delegating_to_a_body_that_bodies_yml_does_not_define_is_refused(gov: Governed) -> None:
    refused = _delegate(gov, bodies=BODIES)  # the board approves it, but the editors are not a body

    assert refused.exit_code == 1
    assert (
        f"governed_paths names the body '{EDITORS}' for 'site/guides/*', which resolutions/bodies.yml does "
        "not define (it defines: board-of-directors, compliance-department)"
    ) in refused.stdout

    # Merged around the gate anyway: a change of a delegated file says why no record can cover it.
    gov.merge("delegate")
    guide = "# Legal staff\n"
    gov.branch("guide")
    gov.repo.write(GUIDE, guide)
    _editors_record(gov, "SE-2026-001", GUIDE, guide)
    gov.repo.commit("A guide")
    stopped = _check(gov)
    assert stopped.exit_code == 1
    assert (
        f"{GUIDE} needs a decision of '{EDITORS}' (governance.yml governed_paths), which "
        "resolutions/bodies.yml does not define"
    ) in stopped.stdout


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("site/guides/legal.md", EDITORS),
        ("site/guides/images/flow.svg", EDITORS),  # `*` also matches `/`
        ("site/index.md", BOARD),
        ("mkdocs.yml", BOARD),
        ("governance.yml", BOARD),  # the rules' own files: always the default body
        ("resolutions/bodies.yml", BOARD),
        (".github/workflows/gate.yml", BOARD),
        ("governance/judge.py", None),
    ],
)
def test_the_first_pattern_that_matches_decides_and_the_rules_stay_the_default_bodys(
    path: str, body: str | None
) -> None:
    assert governing_body(path, parse_config(DELEGATING)) == body


def test_a_pattern_after_one_that_covers_it_delegates_nothing_and_the_rules_are_never_delegated() -> None:
    shadowed = build_config({"governed_paths": ["site/*", {"pattern": "site/guides/*", "body": EDITORS}]})
    assert governing_body("site/guides/legal.md", shadowed) == BOARD  # the first match decides

    everything = build_config({"governed_paths": [{"pattern": "*", "body": EDITORS}]})
    assert governing_body("site/index.md", everything) == EDITORS
    for rules in [
        "governance.yml",
        "resolutions/bodies.yml",
        "resolutions/allowed_signers",
        ".github/CODEOWNERS",
        "CODEOWNERS",
        "docs/CODEOWNERS",
    ]:
        assert governing_body(rules, everything) == BOARD
    assert governing_body(".github/workflows/gate.yml", everything) == BOARD


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{pattern: 'site/*', bodyy: x}", "unknown key 'governed_paths.1.bodyy'"),
        ("{pattern: 'site/*', body: Site Editors}", "'Site Editors' is not a body's id"),
        ("{body: site-editors}", "the key 'governed_paths.1.pattern' is missing"),
        ("{pattern: '', body: site-editors}", "'governed_paths.1.pattern'"),
    ],
)
def test_a_governed_paths_entry_of_another_form_is_refused_with_its_line(entry: str, message: str) -> None:
    with pytest.raises(GovernanceError) as refused:
        parse_config(f"governed_paths:\n  - mkdocs.yml\n  - {entry}\n", "governance.yml")
    rendered = refused.value.render()
    assert rendered.startswith("governance.yml:3") and message in rendered


def test_a_pattern_listed_twice_is_refused() -> None:
    with pytest.raises(GovernanceError) as refused:
        parse_config(
            "governed_paths: ['site/*', {pattern: 'site/*', body: site-editors}]\n", "governance.yml"
        )
    assert "the pattern 'site/*' is listed twice; keep one (the first decides)" in refused.value.render()
