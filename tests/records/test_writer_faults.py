"""Faults injected into real writer processes: killed mid-write, a read-only folder, a full disk, the
umask, two signers at once, `init` killed between the baseline and its signature.

Each runs the real `governance` command (or the writer) in a child process. A kill is placed exactly by
a pause the child announces on stdout before the step the parent then kills it at. A read-only folder
and a full disk are real: a read-only bind mount and a 64 KiB tmpfs in a user and mount namespace
(`unshare`); where namespaces are not allowed, a file size limit (RLIMIT_FSIZE) makes the write fail.
"""

from __future__ import annotations

import os
import resource
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.records.signatures import verify_signature
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed
from tests.testing.sshkeys import NAMESPACE, Keys

TODAY = "2026-12-01"
_GOVERNANCE = [sys.executable, "-c", "from governance.cli import main; main()"]
_RECORD = "resolutions/BD-2026-007.yml"


def _env() -> dict[str, str]:
    return {**os.environ, "GOVERNANCE_TODAY": TODAY}


def _governance(
    cwd: Path, *args: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own (`preexec` runs in the child before it starts)."""
    return subprocess.run(
        [*_GOVERNANCE, *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=preexec,
    )


def _namespaces() -> bool:
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True, check=False
    )
    return done.returncode == 0


NAMESPACES = _namespaces()


def _confined(setup: str, argv: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `argv` after the shell commands `setup`, in a user and mount namespace of its own."""
    script = f"set -e; {setup}; exec {shlex.join(argv)}"
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def _new_args(*extra: str) -> list[str]:
    return [
        "resolution",
        "new",
        "--id",
        "BD-2026-007",
        "--body",
        "board-of-directors",
        "--date",
        "2026-11-20",
        "--written-consent",
        "--recorded-by",
        "Hanako Sato",
        "--head",
        "proposal",
        *extra,
    ]


@pytest.fixture
def proposal(gov: Governed) -> Governed:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    return gov


def _listing(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def _untracked(repo: GitRepo) -> str:
    return repo.git("status", "--porcelain", "--untracked-files=all")


_PAUSE = """
import os, sys, time
def pause(*args, **kwargs):
    print("paused", flush=True)
    time.sleep(600)
"""


def _killed_at_pause(script: str, args: Sequence[str], cwd: Path) -> None:
    """Run `script` (which calls pause() at the step to interrupt), kill it there with SIGKILL."""
    child = subprocess.Popen(
        [sys.executable, "-c", _PAUSE + script, *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line != "paused\n":
        child.kill()
        raise AssertionError(f"the child did not reach the pause: {line!r} {child.communicate()[1]}")
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL


def test_a_writer_killed_before_the_file_is_named_leaves_nothing_to_commit(proposal: Governed) -> None:
    before = _listing(proposal.path / "resolutions")
    script = """
from governance.records import writer
writer.os.link = pause  # the content is written; the file is not named yet
from governance.cli import main
sys.argv[0] = "governance"
main()
"""
    _killed_at_pause(script, _new_args(), proposal.path)

    assert _listing(proposal.path / "resolutions") == before
    proposal.repo.git("add", "resolutions")
    assert _untracked(proposal.repo) == ""
    rerun = CliRunner().invoke(
        main, [*_new_args(), "--root", str(proposal.path)], env={"GOVERNANCE_TODAY": TODAY}
    )
    assert rerun.exit_code == 0, rerun.output  # nothing stands in the way of running it again


def test_a_run_after_a_killed_named_fallback_says_what_to_do(proposal: Governed) -> None:
    """Where the file system makes no unnamed files, a writer killed between writing and naming leaves
    its hidden temporary file: running the command again names it and says to delete it, and the gate
    refuses it if it is committed anyway (tests/gate/test_record_litter.py) (issue 12, H1)."""
    script = """
from governance.records import writer
def unsupported(*args, **kwargs):
    raise writer._Unsupported
writer._write_unnamed = unsupported  # a file system without O_TMPFILE
writer.os.link = pause  # the temporary file is written; the record is not named yet
from governance.cli import main
sys.argv[0] = "governance"
main()
"""
    _killed_at_pause(script, _new_args(), proposal.path)
    left = sorted((proposal.path / "resolutions").glob(".BD-2026-007.yml.*.tmp"))
    assert len(left) == 1

    rerun = CliRunner().invoke(
        main, [*_new_args(), "--root", str(proposal.path)], env={"GOVERNANCE_TODAY": TODAY}
    )
    assert rerun.exit_code == 2, rerun.output
    assert left[0].name in rerun.output and "delete it, then run the command again" in rerun.output
    assert not (proposal.path / _RECORD).exists()
    left[0].unlink()
    again = CliRunner().invoke(
        main, [*_new_args(), "--root", str(proposal.path)], env={"GOVERNANCE_TODAY": TODAY}
    )
    assert again.exit_code == 0, again.output
    assert (proposal.path / _RECORD).is_file()


def test_the_named_fallback_removes_its_temporary_file_on_failure(tmp_path: Path) -> None:
    from governance.records.writer import _write_named

    (tmp_path / "taken.yml").write_bytes(b"first\n")
    with pytest.raises(FileExistsError):
        _write_named(tmp_path / "taken.yml", b"second\n")
    _write_named(tmp_path / "new.yml", b"new\n")
    assert _listing(tmp_path) == ["new.yml", "taken.yml"]
    assert (tmp_path / "taken.yml").read_bytes() == b"first\n"


@pytest.mark.skipif(
    not NAMESPACES and os.geteuid() == 0, reason="no mount namespaces, and root ignores modes"
)
def test_a_read_only_records_folder_is_exit_2_and_says_so(proposal: Governed) -> None:
    folder = proposal.path / "resolutions"
    before = _listing(folder)
    if NAMESPACES:
        setup = f"mount --bind {folder} {folder}; mount -o remount,bind,ro {folder}"
        done = _confined(setup, [*_GOVERNANCE, *_new_args()], proposal.path)
        expected = "resolutions: the file system is read-only; run it in a writable clone"
    else:
        folder.chmod(0o555)
        try:
            done = _governance(proposal.path, *_new_args())
        finally:
            folder.chmod(0o755)
        expected = (
            "resolutions: permission denied; run it where you may write, or fix the folder's permissions"
        )

    assert done.returncode == 2, done.stderr
    assert done.stderr == f"error: {expected}\n"
    assert _listing(folder) == before


def test_a_full_disk_is_exit_2_and_leaves_nothing(proposal: Governed) -> None:
    folder = proposal.path / "resolutions"
    before = _listing(folder)
    if NAMESPACES:
        # A 64 KiB tmpfs over the records folder, holding its files and a filler that takes the rest.
        keep = proposal.path.parent / "kept"
        subprocess.run(["cp", "-a", str(folder), str(keep)], check=True)
        setup = (
            f"mount -t tmpfs -o size=64k tmpfs {folder}; cp -a {keep}/. {folder}/; "
            f"dd if=/dev/zero of={folder}/filler bs=1k count=1024 2>/dev/null || true"
        )
        done = _confined(setup, [*_GOVERNANCE, *_new_args()], proposal.path)
        expected = "the disk is full; free some space and run it again"
    else:

        def small_files() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

        done = _governance(proposal.path, *_new_args(), preexec=small_files)
        expected = "File too large"

    assert done.returncode == 2, done.stderr
    assert expected in done.stderr and len(done.stderr.splitlines()) == 1
    assert _listing(folder) == before  # outside the namespace: the real folder is untouched either way


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_respect_the_umask(proposal: Governed, umask: int, mode: int) -> None:
    def with_umask() -> None:
        os.umask(umask)

    done = _governance(proposal.path, *_new_args(), preexec=with_umask)
    key = str(proposal.keys.secretary.private)
    signed = _governance(proposal.path, "resolution", "sign", "BD-2026-007", "--key", key, preexec=with_umask)

    assert done.returncode == 0 and signed.returncode == 0, done.stderr + signed.stderr
    assert (proposal.path / _RECORD).stat().st_mode & 0o777 == mode
    assert (proposal.path / f"{_RECORD}.sig").stat().st_mode & 0o777 == mode
    # A board pack handed to the board: the same mode, not a temporary file's 0600, and no temporary left.
    packed = _governance(
        proposal.path, "pack", "--head", "HEAD", "--out", "out/pack.html", preexec=with_umask
    )
    assert packed.returncode == 0, packed.stderr
    assert (proposal.path / "out" / "pack.html").stat().st_mode & 0o777 == mode
    assert [path.name for path in (proposal.path / "out").iterdir()] == ["pack.html"]


def _signer(key: Path, cwd: Path, go: Path) -> subprocess.Popen[str]:
    """`governance resolution sign` that pauses after signing, before judging its signature, until `go`."""
    script = f"""
import pathlib, sys, time
from governance.records import signatures
real = signatures.verify_signature
def paused(*args, **kwargs):
    print("signed", flush=True)
    deadline = time.monotonic() + 120  # a test that failed before `go` must not leave this running for ever
    while not pathlib.Path({str(go)!r}).exists():
        if time.monotonic() > deadline:
            sys.exit("never told to go on")
        time.sleep(0.02)
    return real(*args, **kwargs)
signatures.verify_signature = paused
from governance.cli import main
sys.argv[0] = "governance"
main()
"""
    return subprocess.Popen(
        [sys.executable, "-c", script, "resolution", "sign", "BD-2026-007", "--key", str(key)],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until_signed(process: subprocess.Popen[str]) -> str:
    """The lines `sign` printed before its pause (what it signs: resolution sign shows it first), read up
    to the pause's own line."""
    assert process.stdout is not None
    before: list[str] = []
    for line in iter(process.stdout.readline, ""):
        if line == "signed\n":
            return "".join(before)
        before.append(line)
    raise AssertionError(f"sign ended before signing: {''.join(before)}")


def test_two_signers_at_once_never_delete_the_valid_signature(proposal: Governed, keys: Keys) -> None:
    created = CliRunner().invoke(
        main, [*_new_args(), "--root", str(proposal.path)], env={"GOVERNANCE_TODAY": TODAY}
    )
    assert created.exit_code == 0, created.output
    go = proposal.path.parent / "go"
    outsider = _signer(keys.outsider.private, proposal.path, go)
    secretary = _signer(keys.secretary.private, proposal.path, go)
    shown = [_until_signed(outsider), _until_signed(secretary)]  # both past the check
    assert all(said.startswith("signing resolutions/BD-2026-007.yml: BD-2026-007 of ") for said in shown)
    go.touch()
    secretary_out, secretary_err = secretary.communicate(timeout=60)
    _, outsider_err = outsider.communicate(timeout=60)

    assert secretary.returncode == 0, secretary_err
    assert f"signed by {keys.secretary.identity}" in secretary_out
    assert outsider.returncode == 2 and "this key may not sign records" in outsider_err
    record = (proposal.path / _RECORD).read_bytes()
    signature = (proposal.path / f"{_RECORD}.sig").read_bytes()
    allowed = keys.secretary.allowed_signers()
    assert verify_signature(record, signature, allowed, NAMESPACE).signer == keys.secretary.identity


def test_of_two_valid_signers_the_second_is_told_it_is_signed_already(proposal: Governed, keys: Keys) -> None:
    created = CliRunner().invoke(
        main, [*_new_args(), "--root", str(proposal.path)], env={"GOVERNANCE_TODAY": TODAY}
    )
    assert created.exit_code == 0, created.output
    go = proposal.path.parent / "go"
    first, second = (_signer(keys.secretary.private, proposal.path, go) for _ in range(2))
    shown = [_until_signed(first), _until_signed(second)]
    assert all(said.startswith("signing resolutions/BD-2026-007.yml: BD-2026-007 of ") for said in shown)
    go.touch()
    results = [process.communicate(timeout=60) for process in (first, second)]

    assert sorted([first.returncode, second.returncode]) == [0, 2], results
    assert any("the record is already signed; a signature is never replaced" in err for _, err in results)
    record = (proposal.path / _RECORD).read_bytes()
    signature = (proposal.path / f"{_RECORD}.sig").read_bytes()
    assert verify_signature(record, signature, keys.secretary.allowed_signers(), NAMESPACE).valid


def _init_args(keys: Keys) -> list[str]:
    return [
        "init",
        "--key",
        str(keys.secretary.private),
        "--identity",
        keys.secretary.identity,
        "--members",
        "9",
    ]


def _init_killed_before_signing(folder: Path, keys: Keys) -> GitRepo:
    """A repository where `governance init` was killed after writing the baseline, before signing it."""
    repo = GitRepo.init(folder / "repo")
    repo.write(REGULATION, SEED)
    repo.commit("The regulations in force")
    script = """
from governance.records import signatures
signatures.sign_and_verify = pause  # the baseline is written, not signed
from governance.cli import main
sys.argv[0] = "governance"
main()
"""
    _killed_at_pause(script, _init_args(keys), repo.path)
    return repo


def test_init_killed_between_the_baseline_and_its_signature_resumes(tmp_path: Path, keys: Keys) -> None:
    repo = _init_killed_before_signing(tmp_path, keys)
    baseline = repo.path / "resolutions" / "BL-2026-001.yml"
    assert baseline.exists() and not baseline.with_name("BL-2026-001.yml.sig").exists()

    resumed = _governance(repo.path, *_init_args(keys))

    assert resumed.returncode == 0, resumed.stderr
    assert "resolutions/BL-2026-001.yml.sig" in resumed.stdout
    signature = baseline.with_name("BL-2026-001.yml.sig").read_bytes()
    allowed = (repo.path / "resolutions" / "allowed_signers").read_text(encoding="utf-8")
    assert verify_signature(baseline.read_bytes(), signature, allowed, NAMESPACE).valid


def test_init_refuses_a_stale_unsigned_baseline_and_says_what_to_do(tmp_path: Path, keys: Keys) -> None:
    repo = _init_killed_before_signing(tmp_path, keys)
    repo.write(REGULATION, AMENDED)  # the texts changed before the second run

    again = _governance(repo.path, *_init_args(keys))

    assert again.returncode == 2
    assert (
        "resolutions/BL-2026-001.yml: an unsigned baseline, left by an interrupted `governance init`"
        in again.stderr
    )
    assert "delete it and run governance init again" in again.stderr


def _read_only(folder: Path, argv: Sequence[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    """`argv` run with `folder` read-only (a read-only bind mount, else its permissions), and the line of
    advice the error must carry."""
    if NAMESPACES:
        setup = f"mount --bind {folder} {folder}; mount -o remount,bind,ro {folder}"
        return _confined(setup, argv, cwd), "the file system is read-only; run it in a writable clone"
    folder.chmod(0o555)
    try:
        return (
            subprocess.run(list(argv), cwd=cwd, env=_env(), capture_output=True, text=True, check=False),
            "permission denied; run it where you may write, or fix the folder's permissions",
        )
    finally:
        folder.chmod(0o755)


def test_init_in_a_read_only_repository_is_exit_2_and_leaves_nothing(tmp_path: Path, keys: Keys) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write(REGULATION, SEED)
    repo.commit("The regulations in force")
    before = _listing(repo.path)

    # --root: a path from / crosses the mount, where the child's working folder would not.
    done, advice = _read_only(
        repo.path, [*_GOVERNANCE, *_init_args(keys), "--root", str(repo.path)], repo.path
    )

    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("error: ") and line.endswith(advice), line
    assert _listing(repo.path) == before


def test_sign_into_a_read_only_records_folder_is_exit_2_and_leaves_nothing(
    proposal: Governed, keys: Keys
) -> None:
    created = _governance(proposal.path, *_new_args())
    assert created.returncode == 0, created.stderr
    folder = proposal.path / "resolutions"
    before = _listing(folder)
    sign = ["resolution", "sign", "BD-2026-007", "--key", str(keys.secretary.private)]

    done, advice = _read_only(folder, [*_GOVERNANCE, *sign], proposal.path)

    assert done.returncode == 2, done.stderr
    assert done.stderr == f"error: resolutions: {advice}\n"
    assert _listing(folder) == before
