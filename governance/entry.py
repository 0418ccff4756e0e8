"""The `governance` program. The server's hook (`governance hook pre-receive`, on every push), the
check of a pull request (`governance check --base B ...`, on every push to one) and the audit of a branch
(`governance audit [REV] --since T ...`, in CI and before every publication) start without the command
line's library: click and the command group cost them about a tenth of their time (issue 14). Any other
command line (and a check or audit written otherwise: `--base=B`, `--help`, an unknown option) goes to
governance.cli, which runs the same functions below."""

from __future__ import annotations

import atexit
import gc
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from governance.clock import today
from governance.collector import collection_paused
from governance.exits import exit_codes, printable

HOOK = ["hook", "pre-receive"]
FORMATS = ("text", "json", "github")
_CHECK_OPTIONS = {"--base": "base", "--head": "head", "--format": "fmt", "--root": "root"}
_AUDIT_OPTIONS = {"--since": "since", "--adoption": "adoption", "--format": "fmt", "--root": "root"}
# What click.echo leaves out of text written to anything but a terminal (click._compat.strip_ansi).
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")
# At the exit, before the interpreter's own collections, what is alive is frozen, as governance.cli does:
# they would walk every object of the modules and of the audit's report for cycles, none of them garbage
# (about 3 % of the CPU of an audit at 1,000 x 1,000, issue 14). The check and the hook pass here too.
atexit.register(gc.freeze)


def main() -> None:
    arguments = sys.argv[1:]
    if arguments == HOOK:
        sys.exit(pre_receive())
    options = check_options(arguments)
    if options is not None:
        with exit_codes(debug=False):
            sys.exit(check(**options))
    audit_given = audit_options(arguments)
    if audit_given is not None:
        with exit_codes(debug=False):
            sys.exit(audit(**audit_given))
    from governance.cli import main as command_line

    command_line()


def check_options(arguments: list[str]) -> dict[str, str] | None:
    """The options of `check --base B [--head H] [--format F] [--root R]` (each once, each value a word of
    its own), or None for any other command line, which click then reads (and words its errors)."""
    if arguments[:1] != ["check"]:
        return None
    options = _plain_options(arguments[1:], _CHECK_OPTIONS, {"head": "HEAD", "fmt": "text", "root": "."})
    if options is None or "base" not in options:
        return None  # click says what is wrong
    return options


def audit_options(arguments: list[str]) -> dict[str, str] | None:
    """The options of `audit [REV] [--since T] [--adoption C] [--format F] [--root R]` (REV first when
    given, each option once, each value a word of its own), or None for any other command line."""
    if arguments[:1] != ["audit"]:
        return None
    rest, rev = arguments[1:], "HEAD"
    if len(rest) % 2 == 1:
        rev, rest = rest[0], rest[1:]
        if not rev or rev.startswith("-"):
            return None
    options = _plain_options(rest, _AUDIT_OPTIONS, {"fmt": "text", "root": "."})
    return None if options is None else {"rev": rev, **options}


def _plain_options(
    words: list[str], names: dict[str, str], defaults: dict[str, str]
) -> dict[str, str] | None:
    """`--name value` pairs of the known `names`, each once, each value a word of its own that is no
    option; None for anything else (and for a format click would refuse or a root that is a file)."""
    if len(words) % 2 == 1:
        return None
    options = dict(defaults)
    given: set[str] = set()
    for name, value in zip(words[0::2], words[1::2], strict=True):
        if name not in names or name in given or value.startswith("-") or not value:
            return None
        given.add(name)
        options[names[name]] = value
    if options["fmt"] not in FORMATS or Path(options["root"]).is_file():
        return None  # click says what is wrong
    return options


def check(*, base: str, head: str, fmt: str, root: str) -> int:
    """`governance check`: judge the pull request, print the report in `fmt`; its exit code."""
    from governance.gate import report as render
    from governance.gate.check import run_check
    from governance.i18n import name_bodies

    result = run_check(Path(root), base, head, today=today())
    name_bodies(result.body_names)  # the reasons name each body as bodies.yml names it in the user's language
    emit(
        fmt,
        render.check_text(result),
        lambda: render.check_json(result),
        lambda: render.check_github(result),
        lambda: render.check_summary(result),
    )
    return result.exit_code


def audit(*, rev: str, since: str | None = None, adoption: str | None = None, fmt: str, root: str) -> int:
    """`governance audit`: audit the first-parent history of `rev`, print the report in `fmt`; its exit
    code."""
    if since is None:
        _log_early(Path(root), rev)
    # The program ends after its report: nothing the collector would free matters, and its collections
    # walked every object the walk kept, at its end (35,000 of them at 1,000 x 1,000, none garbage) and
    # again while the report was written (issue 14). The walk still collects every few thousand commits.
    # Back on afterwards for a caller that goes on (click's test runner, in the same process).
    with collection_paused():
        from governance.gate import report as render
        from governance.gate.audit import run_audit
        from governance.i18n import name_bodies

        result = run_audit(Path(root), rev, today=today(), since=since, adoption=adoption, works=False)
        name_bodies(result.body_names)
        emit(
            fmt,
            render.audit_text(result),
            lambda: render.audit_json(result),
            lambda: render.audit_github(result),
            lambda: render.audit_summary(result),
        )
        return result.exit_code


def _log_early(root: Path, rev: str) -> None:
    """Start git on the full audit's log before the gate's modules load (`git.log.start_early`); any
    problem is left to the audit, which says what it is."""
    from governance import git
    from governance.errors import GovernanceError
    from governance.git.log import start_early

    try:
        start_early(root, git.resolve_commit(root, rev))
    except GovernanceError:
        return


def emit(
    fmt: str,
    text: str,
    as_json: Callable[[], str],
    github: Callable[[], str],
    summary: Callable[[], str],
) -> None:
    """Print the report in the asked format; for GitHub, also append the job summary. A path that is not
    UTF-8 (kept as surrogates) is printed with its bytes escaped, never crashes the report."""
    if fmt == "json":
        _echo(as_json())
    elif fmt == "github":
        _echo(github())
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if target:
            append_job_summary(Path(target), printable(summary()))
    else:
        _echo(text)


def append_job_summary(target: Path, text: str) -> None:
    """Append the job summary to the file GitHub names. The summary is a courtesy beside the judgement:
    a target that is not a regular file (a pipe nobody reads would block the check forever, a device
    would swallow it) or cannot be written gets one line on stderr, and the exit code stays the
    judgement's."""
    from governance.exits import os_error_message
    from governance.i18n import _

    try:
        # O_NONBLOCK: opening a pipe without a reader fails at once instead of waiting for one.
        handle = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        _warn(_("the job summary was not written: {reason}").format(reason=os_error_message(exc)))
        return
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            reason = _("{path}: not a regular file; point GITHUB_STEP_SUMMARY at a file").format(path=target)
            _warn(_("the job summary was not written: {reason}").format(reason=reason))
            return
        os.set_blocking(handle, True)
        from governance.files import write_all

        write_all(handle, text.encode("utf-8"))
    except OSError as exc:
        _warn(_("the job summary was not written: {reason}").format(reason=os_error_message(exc)))
    finally:
        os.close(handle)


def _warn(message: str) -> None:
    from governance.i18n import _

    print(_("warning: {message}").format(message=printable(message)), file=sys.stderr, flush=True)


def _echo(text: str) -> None:
    """As click.echo writes a report: escape sequences left out unless it goes to a terminal."""
    text = printable(text)
    if not sys.stdout.isatty():
        text = _ANSI.sub("", text)
    sys.stdout.write(text)
    sys.stdout.flush()


def pre_receive(*, debug: bool = False) -> int:
    """Judge the updates git gives on stdin: the refusals on stderr, 1 when there is one (the command
    line's `governance hook pre-receive` runs this too)."""
    with exit_codes(debug=debug):
        from governance.gate.hook import parse_updates
        from governance.gate.hook import pre_receive as judge

        # Bytes: a ref name need not be UTF-8 (kept as surrogates, as git gave it).
        given = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        notes: list[str] = []
        refusals = judge(Path.cwd(), parse_updates(given), today=today(), notes=notes)
    if notes or refusals:
        from governance.i18n import _, localized

        for note in notes:
            said = _("governance: note: {note}").format(note=printable(localized(note)))
            print(said, file=sys.stderr, flush=True)
        for refusal in refusals:
            said = _("governance: refused: {refusal}").format(refusal=printable(localized(refusal)))
            print(said, file=sys.stderr, flush=True)
    return 1 if refusals else 0
