"""The hashed lock of a release: every dependency of the wheel, at the version requirements.lock pins,
with the sha256 of the file pip installs, so an adopting repository's workflows install the tool with
`pip install --require-hashes` and fetch nothing unpinned.

Usage (the release workflow; run by the Python the adopters' runners have, ubuntu-24.04's python3, as
the files of a compiled dependency differ by Python version and platform):
    python3 scripts/release_requirements.py WHEEL requirements.lock > dist/requirements-X.Y.Z.txt

The dependencies are those pip resolves for the wheel under the lock (pip download, binary files only:
an sdist would run its build, fetching build tools unpinned). A dependency the lock does not pin is an
error: the release installs exactly what the project's tests ran with.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def canonical(name: str) -> str:
    """A project name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, str]:
    """requirements.lock's `name==version` lines, by canonical name."""
    found: dict[str, str] = {}
    for line in lock.splitlines():
        match = _PIN.match(line.strip())
        if match:
            found[canonical(match.group(1))] = match.group(2)
    return found


def lock_lines(files: list[Path], pinned: dict[str, str], wheel: Path) -> list[str]:
    """One `name==version --hash=sha256:...` line per downloaded file other than the wheel itself."""
    lines: list[str] = []
    for file in sorted(files):
        if file.name == wheel.name:
            continue
        if not file.name.endswith(".whl"):
            raise SystemExit(f"error: {file.name} is not a wheel; every dependency must install as one")
        name, version = file.name.split("-")[:2]
        if pinned.get(canonical(name)) != version:
            raise SystemExit(
                f"error: {name} {version} is not pinned by requirements.lock; pin it there (==) and test"
            )
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        lines.append(f"{canonical(name)}=={version} --hash=sha256:{digest}")
    return lines


def main(wheel: Path, lock: Path) -> int:
    pinned = pins(lock.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--only-binary=:all:",
                "--constraint",
                str(lock),
                "--dest",
                folder,
                str(wheel),
            ],
            check=True,
        )
        lines = lock_lines(list(Path(folder).iterdir()), pinned, wheel)
    python = ".".join(str(part) for part in sys.version_info[:2])
    print(f"# The dependencies of {wheel.name}, for CPython {python} on {sys.platform}: pip install")
    print("# --require-hashes --no-deps --only-binary :all: -r this file, with the wheel by its sha256.")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: release_requirements.py WHEEL requirements.lock")
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
