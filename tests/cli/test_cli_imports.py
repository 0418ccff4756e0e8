"""What each command imports: a command pays only for what it uses. A structural fact (sys.modules of a
fresh interpreter), never a timing; the times are printed by benchmarks/run.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# The site's, the PDF's and the acknowledgement service's libraries: never paid by the gate or lint.
SITE_AND_SERVICE = {
    "mkdocs",
    "material",
    "janome",
    "jinja2",
    "markdown",
    "weasyprint",
    "sqlalchemy",
    "alembic",
    "starlette",
    "uvicorn",
    "psycopg",
}


def modules_after(code: str) -> set[str]:
    """The modules in sys.modules after running `code` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def imported_by(code: str) -> set[str]:
    """The top-level packages in sys.modules after running `code` in a fresh interpreter."""
    return {name.split(".")[0] for name in modules_after(code)}


def command(name: str) -> str:
    """Code that loads the command `name` as `governance NAME` does, before it runs."""
    return f"from governance.cli import main\nmain.get_command(None, {name!r})"


def test_the_command_group_imports_no_library_but_click() -> None:
    heavy = {"pydantic", "yaml", "markdown_it", "cryptography", *SITE_AND_SERVICE}
    assert imported_by("import governance.cli") & heavy == set()


@pytest.mark.parametrize("name", ["check", "audit", "hook", "lint"])
def test_the_gate_and_lint_never_import_the_site_or_the_service(name: str) -> None:
    code = command(name) + (
        "\nimport governance.gate.check, governance.gate.audit, governance.gate.hook, governance.lint.runner"
    )
    imported = imported_by(code)
    assert "governance" in imported
    assert imported & SITE_AND_SERVICE == set()


def test_the_hook_and_the_audit_leave_the_markdown_parser_alone() -> None:
    # They judge texts by their digest and front matter; only lint (and check, which lints) parse them.
    imported = imported_by(command("audit") + "\nimport governance.gate.hook, governance.gate.audit")
    assert "markdown_it" not in imported


def test_the_hook_and_the_audit_build_no_model_of_a_text() -> None:
    # The text model's schemas and the front matter's are pydantic models: the hook on every push would
    # pay for building them, and it reads a text's front matter keys only (governance.gate.changes).
    imported = modules_after(command("audit") + "\nimport governance.gate.hook, governance.gate.audit")
    text_model = {"governance.text.model", "governance.text.parser", "governance.text.front_matter"}
    assert imported & text_model == set()


def test_lint_reads_no_history_no_records_and_verifies_no_signature() -> None:
    # `lint` of one file runs in an editor or pre-commit on every save: the gate's, git's and the
    # records' modules (and cryptography with them) are the check's and the audit's to pay for.
    imported = modules_after(command("lint") + "\nimport governance.lint.runner")
    gate_side = ("governance.gate", "governance.git", "governance.records", "cryptography")
    assert sorted(name for name in imported if name.startswith(gate_side)) == []


def test_lint_renders_no_text_unless_a_link_names_an_anchor_of_another() -> None:
    # The renderer reads another regulation only to know its anchors (governance.lint.links).
    imported = modules_after(command("lint") + "\nimport governance.lint.runner")
    assert "governance.text.html" not in imported


def test_the_hook_and_the_audit_read_the_config_and_records_without_pydantic() -> None:
    # governance.yml, bodies.yml and the records are read by plain code (governance.plain_schema); the
    # pydantic schemas are imported only to word a refusal (tests/test_plain_schema.py runs them on files).
    imported = imported_by(command("audit") + "\nimport governance.gate.hook, governance.gate.audit")
    assert "pydantic" not in imported


def test_the_server_hook_starts_without_click() -> None:
    # `governance hook pre-receive` runs on every push: the program's entry point judges it without the
    # command line's library (tests/gate/test_hook.py and the pushes of test_repository_binding.py run it).
    imported = imported_by("import governance.entry, governance.gate.hook")
    assert imported & {"click", "pydantic", "markdown_it"} == set()


@pytest.mark.parametrize("name", ["check", "lint"])
def test_check_and_lint_read_texts_and_records_without_pydantic(name: str) -> None:
    # The front matter is read by plain code too (governance.text.front_matter); the text model is the
    # parser's named tuples.
    code = command(name) + "\nimport governance.gate.check, governance.lint.runner, governance.text.parser"
    assert "pydantic" not in imported_by(code)


def test_the_audit_verifies_in_process_without_the_signers_tools() -> None:
    # A plain Ed25519 signature is verified in-process: ssh-keygen's thread pool (concurrent.futures,
    # which brings logging) and the record writer are the secretary's, and the audit's start-up is a
    # share of every audit of a short history (issue 14).
    imported = modules_after(command("audit") + "\nimport governance.gate.hook, governance.gate.audit")
    assert "governance.records.signatures" in imported
    assert imported & {"concurrent.futures", "logging", "governance.records.writer"} == set()


def test_the_gate_loads_no_temporary_files_randomness_or_tracebacks_before_it_needs_them() -> None:
    # tempfile, secrets and traceback (with random, shutil, bz2 and lzma) were a sixth of the audit's and
    # the check's imports: they are loaded where ssh-keygen runs, a file is written or --debug prints a
    # traceback (issue 14).
    imported = modules_after(
        "import governance.entry, governance.gate.audit, governance.gate.check, governance.gate.hook,"
        " governance.gate.report"
    )
    assert imported & {"tempfile", "secrets", "random", "traceback", "shutil"} == set()


def test_the_audit_and_the_hook_build_no_finding_and_read_no_shell_script_before_they_need_to() -> None:
    # Findings (an ordered dataclass: ten generated methods) are the check's and lint's; the audit's
    # reports annotate with them only in the github format. The shell reader of run: steps is loaded when
    # a workflow is read (issue 14).
    imported = modules_after(
        command("audit") + "\nimport governance.entry, governance.gate.audit, governance.gate.hook,"
        " governance.gate.report"
    )
    assert "governance.gate.report" in imported
    assert imported & {"governance.text.findings", "governance.gate.run_steps"} == set()
