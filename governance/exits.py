"""Exit codes without the command line's library: how an exception becomes exit 2 and one line on
stderr (governance.cli.error_handler adds click's own exits; the server's hook uses this alone).

Exit codes mean one thing in every command: 0 clean or approved, 1 findings or refused (returned by the
command itself, never raised), 2 the command could not run. A CI job or a server hook reads 1 as "not
approved": a crash must never look like that, and must never look like 0 either.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from governance.errors import GovernanceError
from governance.i18n import _, localized

CANNOT_RUN = 2
_LONGEST = 300  # characters of an unexpected exception's message shown; --debug shows all of it

# What to do about the operating system errors a user can cause and fix.
_OS_ADVICE = {
    errno.EACCES: "permission denied; run it where you may write, or fix the folder's permissions",
    errno.EPERM: "not permitted; run it where you may write, or fix the folder's permissions",
    errno.EROFS: "the file system is read-only; run it in a writable clone",
    errno.ENOSPC: "the disk is full; free some space and run it again",
    errno.EDQUOT: "the disk quota is exhausted; free some space and run it again",
    errno.ENAMETOOLONG: "the name is too long for the file system; use a shorter name or id",
    errno.ENOENT: "no such file or folder; check the path",
    errno.EISDIR: "a folder where a file is expected; check the path",
    errno.ENOTDIR: "a file where a folder is expected; check the path",
}


@contextmanager
def exit_codes(*, debug: bool, passing: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Run a command: the exceptions `passing` (a command line's own exits) pass through; anything
    else raised exits 2."""
    try:
        yield
    except passing:
        raise
    except GovernanceError as exc:
        _fail(localized(exc.render()), debug=debug)
    except KeyboardInterrupt:
        _fail(_("interrupted; nothing was judged"), debug=debug)
    except OSError as exc:
        _fail(os_error_message(exc), debug=debug)
    except Exception as exc:
        text = str(exc).splitlines()[0] if str(exc) else ""
        if len(text) > _LONGEST:
            text = text[:_LONGEST] + "..."
        _fail(
            _(
                "unexpected internal error ({kind}: {text}); nothing was judged. This is a bug: "
                "run it again with `governance --debug ...` and report the output"
            ).format(kind=type(exc).__name__, text=text),
            debug=debug,
        )


def os_error_message(exc: OSError) -> str:
    known = _OS_ADVICE.get(exc.errno or 0)
    advice = _(known) if known is not None else exc.strerror or str(exc)
    where = exc.filename if exc.filename is not None else None
    return f"{where}: {advice}" if where is not None else f"{advice}"


def _fail(message: str, *, debug: bool) -> NoReturn:
    if debug:
        import traceback  # only for --debug: every command's start-up imports this module

        traceback.print_exc()
    print(_("error: {message}").format(message=printable(message)), file=sys.stderr, flush=True)
    sys.exit(CANNOT_RUN)


def printable(text: str) -> str:
    """Text any terminal or log can take: a file name that is not UTF-8 keeps its bytes as \\x.. escapes."""
    try:  # a name git or the file system gave undecoded (surrogate escapes): its own bytes, \xff
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate of another kind
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
