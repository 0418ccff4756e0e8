"""The plain reader of strict YAML (governance.strict_yaml.plain_document) vouches only for what libyaml
reads the same way: on every text, generated in and around its shape, edited, or taken from this
repository and its fixtures, it answers None (libyaml reads the text) or exactly libyaml's document,
the line of every key and item included; and a text libyaml refuses, it never reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from governance import strict_yaml
from governance.errors import GovernanceError
from governance.records.resolutions import Resolution, parse_resolution
from governance.records.writer import render_resolution
from tests.records.test_record_properties import resolutions

ROOT = Path(__file__).resolve().parents[2]

# Words of the plain shape (some that YAML reads as null, a boolean, a number or a refusal), and the
# characters and spacings just outside it, which the rows below bring in now and then.
_WORDS = st.sampled_from(
    ["a", "Z", "0", "7", "19", "1.5", "null", "true", "False", "sha256:ab12", "2026-12-01", "x-y", "a.b",
     "a/b", "a+b", "a_b", "a:b", "1_000", "0x1F", "Board", "BD-2026-001"]
)  # fmt: skip
_REFUSED_WORDS = st.sampled_from(["yes", "no", "on", "y", "1e5", "0755", "007", "9" * 30])
_ODD = st.sampled_from(
    [":", " ", "  ", ",", "{", "}", "[", "]", "#", " #", "'", '"', "\t", "~", "-", "- ", ".", "é", "&a",
     "*a", "!", "|", ">", "?", "%", "@", "`", "<<", ": ", "\r", "\x85", "\u2028", "\ufeff"]
)  # fmt: skip
_KEYS = st.sampled_from(
    ["id", "body", "date", "for", "x_1", "A", "_", "no", "on", "null", "decisions", "a-b", "board-of-directors", "x-"]
)  # fmt: skip
_ODD_KEYS = st.sampled_from(["a-b", "1", "<<", "", "a b", "?", "-", "é"])


@st.composite
def _value(draw: st.DrawFn, *, flow: bool = False) -> str:
    words = draw(st.lists(_WORDS, min_size=1, max_size=3))
    if draw(st.integers(0, 15)) == 0:
        words = [draw(_REFUSED_WORDS)]
    value = " ".join(words)
    if draw(st.integers(0, 3)) == 0:  # a character or a spacing just outside the shape
        at = draw(st.sampled_from([0, len(value), draw(st.integers(0, len(value)))]))
        value = value[:at] + draw(_ODD) + value[at:]
    return value


@st.composite
def _key(draw: st.DrawFn) -> str:
    return draw(_ODD_KEYS) if draw(st.integers(0, 15)) == 0 else draw(_KEYS)


@st.composite
def _flow(draw: st.DrawFn) -> str:
    keys = draw(st.lists(_key(), min_size=1, max_size=3, unique=draw(st.integers(0, 15)) > 0))
    parts = [(key, draw(_value(flow=True))) for key in keys]
    separator = ", " if draw(st.integers(0, 5)) else draw(st.sampled_from([",", " ,", ",  "]))
    return "{" + separator.join(f"{key}: {value}" for key, value in parts) + "}"


def _off(draw: st.DrawFn, usual: int, others: list[int]) -> int:
    return usual if draw(st.integers(0, 9)) else draw(st.sampled_from(others))


@st.composite
def _block(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    """Rows of a block mapping at `indent`: values, flow mappings, deeper mappings and sequences of
    mappings, now and then indented otherwise or with a row that leaves the plain shape."""
    rows: list[str] = []
    keys = draw(st.lists(_key(), min_size=1, max_size=3, unique=draw(st.integers(0, 15)) > 0))
    for key in keys:
        pad = " " * _off(draw, indent, [max(indent - 1, 0), indent + 1, indent + 2])
        kinds = ["value", "value", "value", "flow", "mapping", "sequence"] if depth < 4 else ["value"]
        kind = draw(st.sampled_from(kinds))
        if kind == "value":
            colon = ": " if draw(st.integers(0, 9)) else draw(st.sampled_from([":", ":  ", " : "]))
            rows.append(f"{pad}{key}{colon}{draw(_value())}")
        elif kind == "flow":
            rows.append(f"{pad}{key}: {draw(_flow())}")
        elif kind == "mapping":
            rows.append(f"{pad}{key}:" + ("" if draw(st.integers(0, 9)) else " "))
            rows += draw(_block(_off(draw, indent + 2, [indent, indent + 1, indent + 4]), depth + 1))
        else:
            rows.append(f"{pad}{key}:")
            dash_at = _off(draw, indent + 2, [indent, indent + 1, indent + 3])
            for _ in range(draw(st.integers(1, 3))):
                item = draw(_block(dash_at + 2, depth + 2))
                dash = "- " if draw(st.integers(0, 9)) else draw(st.sampled_from(["-  ", "-", "-\t"]))
                item[0] = " " * dash_at + dash + item[0].lstrip(" ")
                rows += item
    if draw(st.integers(0, 15)) == 0:
        rows.insert(
            draw(st.integers(0, len(rows))), draw(st.sampled_from(["", "---", "# c", "- a", "  ", "..."]))
        )
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):  # blank rows and comments, now and then odd ones
        rows.insert(draw(st.integers(0, len(rows))), draw(_COMMENTS))
    return rows


_COMMENTS = st.sampled_from(
    ["", "#", "# c", "#c: d", "# a: b", "# - a", "#{", "# 'q", '# "q', "# #", "  # c", " #", "#\tc", "# é",
     "# \x85", "# \u2028", "# \x7f", "#\r", "# \ufeff", "\t", " "]
)  # fmt: skip


@st.composite
def _documents(draw: st.DrawFn) -> str:
    end = "\n" if draw(st.integers(0, 9)) else draw(st.sampled_from(["", "\n\n", "\r\n", " \n"]))
    return "\n".join(draw(_block())) + end


def _same_or_none(text: str) -> None:
    plain = strict_yaml.plain_document(text)
    try:
        reference = strict_yaml.libyaml_document(text, "f.yml")
    except GovernanceError:
        assert plain is None, text
        return
    if plain is not None:
        assert plain.data == reference.data, text
        assert _typed(plain.data) == _typed(reference.data), text  # 1 and True, 1.0 and 1 differ here
        assert plain.lines == reference.lines, text


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


@settings(max_examples=1500)
@given(_documents())
@example("a: b\n")
@example("a: {b: 1, c: x}\n")
@example("a:\n  - b: 1\n    c: 2\n  - b: 3\n")
@example("a:\n  b:\n    c: d e\n")
@example("a: b\nc: d e\nf: 2000-01-01\ng: 1.5\n")  # flat: read by one match of the whole text
@example("a: b\na: c\n")
@example("a: b :c\n")
@example("a: b::c\n")
@example("a: b:: c\n")
@example("a: b \n")
@example("a: b\nc: yes\n")
@example("a: b\n\nc: d\n")
@example("a: b c:d\n")
@example("a: b:\n")
@example("a: b: c\n")
@example("a: 1e5\n")
@example("a: no\n")
@example("a: 0755\n")
@example("a:\n- b: 1\n")
@example("a:\n")
@example("a: \n  b: 1\n")
@example("a: {b: c:d}\n")
@example("a: b #c\n")
@example("a: b#c\n")
@example("a: 'b'\n")
@example("a: b'c\n")
@example('a: "b"\n')
@example("a: [b]\n")
@example("a: &x b\n")
@example("a: !!str b\n")
@example("a: b\n---\n")
@example("a: b\n...\n")
@example("a: b  c\n")
@example("a:  b\n")
@example("a: b\nb: c\na: d\n")
@example("a:\n  - b: 1\n  c: 2\n")
@example("a:\n  - b: 1\n   c: 2\n")
@example("# Generated for benchmarks.\nregulations: regulations\nrecords: resolutions\n")
@example("a:\n# c\n\n  b: 1\n  c:\n    - x: 1\n# d\n    - y: 2\n")
@example("a: b\n# c\n  d\n")
@example("a: b\n  # c\nd: e\n")
@example("a:\n  # c\n  b: 1\n")
@example("# c\n")
@example("\n# c\na: b\n\n")
@example("a: b\n#\tc\n")
@example("a: b\n# \x85c: d\n")
@example("a: b\n# \u2028c: d\n")
@example("bodies:\n  board-of-directors: {name: Board of Directors, members: 9, written_consent: true}\n")
@example("a: {b: c d, e: f}\n")
@example("a: {b: c  d}\n")
@example("a: {b: c d }\n")
@example("a: {b: 1 2}\n")
@example("a: {b: c #d}\n")
@example("a-b: 1\n")
@example("-a: 1\n")
def test_the_plain_reader_reads_as_libyaml_or_not_at_all(text: str) -> None:
    _same_or_none(text)


_WRITTEN = (
    "id: BD-2024-000999\nbody: board-of-directors\ndate: 2024-08-16\nattendance: {members: 9, present: 7}\n"
    "votes: {for: 6, against: 1, abstain: 0}\ndecisions:\n  - regulation: reg-00849\n    action: amend\n"
    "    digest: sha256:883fbdd11218858a751c694dbbe2f9fcd617938bad9904f09144aa0cbdd1e725\n"
    "    effective: 2024-09-01\n  - file: mkdocs.yml\n    action: amend\n"
    "    digest: sha256:6ccc1bcb6850f5e0138bd95736d44b3445dce2e24dc934ef811bd6ae398054b4\n"
    "    acknowledgement: not-required\nrecorded_by: Benchmark Secretary\n"
)


_EDITS = st.text(alphabet=st.sampled_from("ab:-{},'\"#&*!|>?~\n\t 0123456789.eE+_é"), max_size=6)


@settings(max_examples=1500)
@given(st.integers(0, len(_WRITTEN)), st.integers(0, 4), _EDITS)
def test_an_edited_record_is_read_as_libyaml_reads_it_or_not_at_all(at: int, cut: int, inserted: str) -> None:
    _same_or_none(_WRITTEN[:at] + inserted + _WRITTEN[at + cut :])


@given(resolutions())
def test_a_written_record_is_read_as_libyaml_reads_it_or_not_at_all(resolution: Resolution) -> None:
    _same_or_none(render_resolution(resolution))


def test_the_plain_reader_reads_what_the_writer_and_the_benchmarks_write() -> None:
    """The records `governance resolution new` writes in ASCII, and the benchmark's, are read without
    libyaml (else the reader would be dead code)."""
    document = strict_yaml.plain_document(_WRITTEN)
    assert document is not None
    assert document == strict_yaml.libyaml_document(_WRITTEN, "f.yml")
    resolution = parse_resolution(_WRITTEN, "BD-2024-000999.yml")
    written = render_resolution(resolution)
    assert strict_yaml.plain_document(written) == strict_yaml.libyaml_document(written, "f.yml")
    front_matter = "title: Regulation 00001\nissuer: Benchmark Group Inc.\nenacted: 2000-01-01\n"
    assert strict_yaml.plain_document(front_matter) is not None
    # The benchmark's governance.yml (a comment first) and bodies.yml (a name of words in a flow mapping).
    config = "# Generated for benchmarks.\nregulations: regulations\nrecords: resolutions\n"
    bodies = (
        "bodies:\n  board-of-directors: {name: Board of Directors, members: 9, quorum: majority, majority: "
        "simple, written_consent: true}\n"
    )
    for text in (config, bodies):
        plain = strict_yaml.plain_document(text)
        assert plain is not None and plain == strict_yaml.libyaml_document(text, "f.yml")


def test_this_repository_s_yaml_is_read_as_libyaml_reads_it() -> None:
    """Every YAML file and Markdown front matter of this repository (its texts, records, config, the
    tests' fixtures and the seed's texts), and enough of them read without libyaml to matter."""
    skipped = {".venv", "node_modules", ".git"}
    paths = [
        path for path in ROOT.rglob("*") if path.suffix in {".yml", ".md"} and not skipped & set(path.parts)
    ]
    plain = 0
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".md":
            if not text.startswith("---\n") or "\n---\n" not in text[3:]:
                continue
            text = text[4 : text.index("\n---\n", 3) + 1]
        _same_or_none(text)
        plain += strict_yaml.plain_document(text) is not None
    assert len(paths) > 50 and plain > 10, (len(paths), plain)
