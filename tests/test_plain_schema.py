"""The plain builders against their pydantic schemas, the oracle (governance.plain_schema): on generated
inputs around each schema (the config, records, bodies, lint baseline, before-adoption file and a
regulation's front matter), whatever a builder accepts the schema accepts with the same values; whatever
it is unsure of, the public reader answers as the schema does (its error, word for word, or its values);
and the real files of this repository are all read without pydantic."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from governance import strict_yaml
from governance.config import build_config
from governance.config_schema import ConfigSchema
from governance.errors import GovernanceError
from governance.lint.baseline import build_baseline
from governance.lint.baseline_schema import BaselineFile
from governance.plain_schema import Unsure, validated
from governance.records.before_adoption import build_before_adoption
from governance.records.bodies import build_bodies
from governance.records.resolutions import build_resolution
from governance.records.schemas import BeforeAdoptionFile, BodiesFile
from governance.records.schemas import Resolution as ResolutionSchema
from governance.text import front_matter
from governance.text.front_matter import build_front_matter, validate_front_matter
from governance.text.front_matter_schema import FrontMatter as FrontMatterSchema
from governance.text.model import FrontMatter

ROOT = Path(__file__).resolve().parent.parent
DIGEST = "sha256:" + "ab" * 32
OBJECT = "0123456789abcdef" * 2 + "01234567"

# Values a hand-written file may hold where another is expected: the types YAML gives, their edges, and
# strings that look like other types, patterns nearly met, dates nearly real.
ODD = st.sampled_from(
    [
        None,
        True,
        False,
        0,
        1,
        -1,
        7,
        2**70,
        1.0,
        0.5,
        "",
        " ",
        "x",
        "1",
        "true",
        "off",
        "required",
        "meeting",
        "written-consent",
        "amend",
        "all",
        "two-thirds",
        "2026-11-20",
        "2026-02-30",
        "2026-1-1",
        "20261120",
        date(2026, 11, 20),
        "BD-2026-007",
        "bd-2026-007",
        "board-of-directors",
        "Board",
        "a/../b",
        "/abs",
        ".hidden",
        "site/*",
        "ja",
        "JA",
        "取締役会",
        "line\n",
        "ok\n",
        DIGEST,
        DIGEST + "\n",
        "sha256:" + "AB" * 32,
        OBJECT,
        "ENC004",
        "enc004",
        "0123456789abcdef",
        "[",
        "a*b",
        [],
        ["x"],
        [""],
        {},
        {"x": 1},
    ]
)

DECISION = {"regulation": "bribery-prevention", "action": "amend", "digest": DIGEST}
MEETING: dict[str, Any] = {
    "id": "BD-2026-007",
    "repository": "iij-group/regulations",
    "body": "board-of-directors",
    "date": "2026-11-20",
    "form": "meeting",
    "attendance": {"members": 9, "present": 7},
    "votes": {"for": 6, "against": 1, "abstain": 0},
    "decisions": [
        DECISION,
        {"file": "mkdocs.yml", "action": "enact", "digest": DIGEST, "effective": "2027-01-01"},
    ],
    "consultations": [
        {
            "representative": "過半数代表者 山田太郎",
            "date": "2026-11-18",
            "opinion": "resolutions/o.pdf",
            "digest": DIGEST,
        }
    ],
    "notifications": [{"office": "渋谷労働基準監督署", "date": "2026-11-19"}],
    "recorded_by": "Hanako Sato",
}
CONSENT: dict[str, Any] = {
    "id": "BD-2026-008",
    "body": "board-of-directors",
    "date": "2026-11-20",
    "form": "written-consent",
    "consents": 9,
    "decisions": [{**DECISION, "acknowledgement": "not-required"}],
    "recorded_by": "Hanako Sato",
}
BODIES: dict[str, Any] = {
    "bodies": {
        "board-of-directors": {
            "name": "Board of Directors",
            "names": {"ja": "取締役会"},
            "members": 9,
            "quorum": "majority",
            "majority": "simple",
            "written_consent": True,
            "requires": {"consultations": ["*就業規則"], "notifications": ["*就業規則"]},
        },
        "compliance-department": {"name": "Compliance", "members": 3, "quorum": 2, "majority": "two-thirds"},
    }
}
CONFIG: dict[str, Any] = {
    "repository": "iij-group/regulations",
    "regulations": "./rules/",
    "regulations_pattern": "[0-9]{2}_.+\\.md",
    "records": "resolutions",
    "branch": "main",
    "signatures": False,
    "signature_namespace": "regulation-governance",
    "default_body": "board-of-directors",
    "translations_body": None,
    "governed_paths": ["mkdocs.yml", {"pattern": "site/guides/*", "body": "site-editors"}],
    "records_by_year": True,
    "front_matter": "lenient",
    "lint": {"ENC004": "warning", "STR001": False},
    "sections": {"hr": "Human resources", "hr/leave": "Leave"},
}
BASELINE: dict[str, Any] = {
    "findings": [{"path": "regulations/a.md", "line": 3, "code": "ENC004", "digest": "0123456789abcdef"}]
}
BEFORE: dict[str, Any] = {
    "versions": [{"regulation": "a", "date": "2019-04-01", "commit": OBJECT, "blob": OBJECT}]
}

Build = Callable[[Mapping[str, Any]], Any]
CASES: list[tuple[str, Build, type[BaseModel], dict[str, Any]]] = [
    ("config", build_config, ConfigSchema, CONFIG),
    ("meeting", build_resolution, ResolutionSchema, MEETING),
    ("written consent", build_resolution, ResolutionSchema, CONSENT),
    ("bodies", build_bodies, BodiesFile, BODIES),
    ("lint baseline", build_baseline, BaselineFile, BASELINE),
    ("before adoption", build_before_adoption, BeforeAdoptionFile, BEFORE),
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a nested value: the keys and indexes leading to it."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _edited(value: Any, path: tuple[Any, ...], edit: str, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if not rest and edit == "delete":
            del copy[head]
        elif not rest and edit == "add":
            copy[new if isinstance(new, str) else "unknown"] = 1
        else:
            copy[head] = _edited(value[head], rest, edit, new)
        return copy
    copy_list = list(value)
    if not rest and edit == "delete":
        del copy_list[head]
    elif not rest and edit == "add":
        copy_list.append(new)
    else:
        copy_list[head] = _edited(value[head], rest, edit, new)
    return copy_list


@st.composite
def mutants(draw: st.DrawFn, sample: dict[str, Any]) -> dict[str, Any]:
    """The sample with one to three of its values replaced, deleted or joined by another."""
    data: Any = sample
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = _paths(data)
        if not places:
            break
        place = draw(st.sampled_from(places))
        data = _edited(data, place, draw(st.sampled_from(["replace", "replace", "delete", "add"])), draw(ODD))
    assert isinstance(data, dict)
    return data


def _judged_alike(build: Build, schema: type[BaseModel], data: dict[str, Any]) -> None:
    try:
        plain = build(data)
    except Unsure:
        plain = None
    try:
        oracle = schema.model_validate(data)
    except ValidationError as exc:
        assert plain is None, f"the builder accepted what the schema refuses: {exc.errors()[0]}"
        document = strict_yaml.Document(data)
        with pytest.raises(GovernanceError) as refused:
            validated(build, lambda: schema, document, "f.yml")
        expected = strict_yaml.schema_error(exc, document, "f.yml")
        assert (refused.value.message, refused.value.line) == (expected.message, expected.line)
        return
    from_oracle = build(oracle.model_dump(by_alias=True))
    if plain is not None:
        assert plain == from_oracle
    assert validated(build, lambda: schema, strict_yaml.Document(data), "f.yml") == from_oracle


@pytest.mark.parametrize(("name", "build", "schema", "sample"), CASES, ids=[case[0] for case in CASES])
def test_each_sample_is_read_by_plain_code(
    name: str, build: Build, schema: type[BaseModel], sample: dict[str, Any]
) -> None:
    assert build(sample) == build(schema.model_validate(sample).model_dump(by_alias=True))


@pytest.mark.parametrize(("name", "build", "schema", "sample"), CASES, ids=[case[0] for case in CASES])
def test_the_builder_accepts_only_what_the_schema_accepts_with_the_same_values(
    name: str, build: Build, schema: type[BaseModel], sample: dict[str, Any]
) -> None:
    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutants(sample))
    def judged_alike(data: dict[str, Any]) -> None:
        _judged_alike(build, schema, data)

    judged_alike()


def test_this_repositorys_records_and_config_are_read_without_pydantic() -> None:
    probe = (
        "import sys\nfrom pathlib import Path\n"
        "from governance.config import load_config\n"
        "from governance.records.bodies import parse_bodies\n"
        "from governance.records.resolutions import load_resolution\n"
        "from governance.lint.baseline import parse_baseline\n"
        f"root = Path({str(ROOT)!r})\n"
        "config = load_config(root)\n"
        "parse_bodies((root / config.bodies_file).read_text(), config.bodies_file)\n"
        "records = sorted((root / config.records).glob('*.yml'))\n"
        "n = sum(1 for p in records if p.name not in ('bodies.yml', 'lint-baseline.yml', 'before-adoption.yml')"
        " and load_resolution(p.read_text(), p.name))\n"
        "baseline = root / config.lint_baseline_file\n"
        "baseline.is_file() and parse_baseline(baseline.read_text(), config.lint_baseline_file)\n"
        "print(n, sorted(m for m in sys.modules if m.startswith('pydantic')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) > 10
    assert loaded.strip() == "[]"


FRONT_MATTER: dict[str, Any] = {
    "title": "Bribery Prevention Regulations",
    "issuer": "Board of Directors",
    "enacted": "2012-04-01",
    "governed_by": "board-of-directors",
    "language": "ja",
    "translation_of": "en",
    "original_digest": DIGEST,
    "applies_to": ["co-012", "jp-0042"],
}


def test_the_front_matter_is_read_by_plain_code() -> None:
    assert validate_front_matter(FRONT_MATTER) == (build_front_matter(FRONT_MATTER), None)


def _refusing(data: Mapping[str, Any]) -> FrontMatter:
    raise Unsure


def test_a_front_matter_builder_refusing_what_the_schema_accepted_is_named_a_defect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The front matter asks the schema through plain_schema as every reader does: a builder out of step
    # with its schema is this tool's defect, said as one (exit 2), never a bare Unsure escaping.
    monkeypatch.setattr(front_matter, "build_front_matter", _refusing)
    with pytest.raises(AssertionError, match="FrontMatter: the plain builder refused the schema's values"):
        validate_front_matter(FRONT_MATTER)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants(FRONT_MATTER) | mutants({key: FRONT_MATTER[key] for key in list(FRONT_MATTER)[:4]}))
def test_the_front_matter_builder_accepts_only_what_the_schema_accepts(data: dict[str, Any]) -> None:
    try:
        plain = build_front_matter(data)
    except Unsure:
        plain = None
    found, refused = validate_front_matter(data)
    try:
        oracle = FrontMatterSchema.model_validate(data)
    except ValidationError as exc:
        assert plain is None and found is None
        assert refused is not None and refused.errors() == exc.errors()  # the findings FM002-FM004 word
        return
    assert refused is None and found == FrontMatter(**oracle.model_dump())
    assert plain is None or plain == found
