"""Which release of the tool `init --github` pins: the one installed here, by the files its release
attached (.github/workflows/release.yml: the wheel, requirements-X.Y.Z.txt, SHA256SUMS).

Where the release's files are, first found wins:
1. `--tool-release URL`, the address of the folder of the release's files;
2. the address the installed wheel was installed from (pip records it, PEP 610 direct_url.json), when
   it was installed by its address;
3. the package's `Releases` project URL (`https://github.com/OWNER/REPO/releases`), to which the
   release's tag is added (`/download/vX.Y.Z`).
The sha256 of each file is read from the release's SHA256SUMS; when pip recorded the sha256 of the
wheel installed here, it must be the one SHA256SUMS lists (else the tool that wrote the workflows is
not the one they would install).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from importlib import metadata

from governance.errors import GovernanceError
from governance.gate.workflows import Release
from governance.i18n import _

DISTRIBUTION = "regulation-governance"
_SUMS_LIMIT = 64 * 1024  # SHA256SUMS of a release lists three files
_SUM_LINE = re.compile(r"([0-9a-f]{64}) [ *](\S+)")


def installed_release(folder: str | None, distribution: metadata.Distribution | None = None) -> Release:
    """The release of the installed version (of `distribution`: the installed regulation-governance
    unless given), its files at `folder` or found as the module says."""
    distribution = distribution or metadata.distribution(DISTRIBUTION)
    version = distribution.version
    installed_from, installed_sha256 = _direct_url(distribution)
    folder = folder or installed_from or _releases_folder(distribution, version)
    if folder is None:
        raise GovernanceError(
            _(
                "--github pins the release of the version installed here ({version}), and where its files are "
                "is not known: give --tool-release URL, the address of the release's files (for a release on "
                "GitHub: https://github.com/OWNER/REPO/releases/download/v{version})"
            ).format(version=version)
        )
    folder = folder.rstrip("/")
    sums = _sha256sums(folder + "/SHA256SUMS")
    wheels = [
        name
        for name in sums
        if name.startswith(f"regulation_governance-{version}-") and name.endswith(".whl")
    ]
    requirements = f"requirements-{version}.txt"
    if len(wheels) != 1 or requirements not in sums:
        raise GovernanceError(
            _(
                "{folder}/SHA256SUMS does not list the wheel of version {version} and {requirements}: it is not "
                "the release of the version installed here; give --tool-release the address of that one"
            ).format(folder=folder, version=version, requirements=requirements)
        )
    wheel = wheels[0]
    if installed_sha256 is not None and installed_sha256 != sums[wheel]:
        raise GovernanceError(
            _(
                "the wheel installed here (sha256 {installed}) is not {wheel} of {folder} (sha256 {listed}): the "
                "workflows would run another tool than this one; install the release's wheel, then run init "
                "again"
            ).format(installed=installed_sha256, wheel=wheel, folder=folder, listed=sums[wheel])
        )
    return Release(version, f"{folder}/{wheel}", sums[wheel], f"{folder}/{requirements}", sums[requirements])


def _direct_url(distribution: metadata.Distribution) -> tuple[str | None, str | None]:
    """(folder of the address the wheel was installed from, its sha256), as pip recorded them; None for
    what was not recorded (installed from an index, from a source tree, editable)."""
    text = distribution.read_text("direct_url.json")
    if text is None:
        return None, None
    try:
        data = json.loads(text)
    except ValueError:
        return None, None
    archive = data.get("archive_info") if isinstance(data, dict) else None
    if not isinstance(archive, dict):
        return None, None
    hashes = archive.get("hashes")
    sha256 = hashes.get("sha256") if isinstance(hashes, dict) else None
    url = data.get("url")
    folder = None
    if isinstance(url, str) and url.startswith("https://") and url.endswith(".whl"):
        folder = url.rsplit("/", 1)[0]
    return folder, sha256 if isinstance(sha256, str) else None


def _releases_folder(distribution: metadata.Distribution, version: str) -> str | None:
    for entry in distribution.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "releases" and url.strip().startswith("https://"):
            return f"{url.strip().rstrip('/')}/download/v{version}"
    return None


def _sha256sums(url: str) -> dict[str, str]:
    if not url.startswith(("https://", "file://")):
        raise GovernanceError(
            _("{url}: give an https:// (or file://) address of the release's files").format(url=url)
        )
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read(_SUMS_LIMIT + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise GovernanceError(
            _(
                "cannot read {url} ({error}); check the address of the release's files (--tool-release)"
            ).format(url=url, error=error)
        ) from None
    if len(data) > _SUMS_LIMIT:
        raise GovernanceError(
            _("{url} is larger than {limit:,} bytes: not a release's SHA256SUMS").format(
                url=url, limit=_SUMS_LIMIT
            )
        )
    sums: dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").split("\n"):  # as sha256sum -c reads it
        match = _SUM_LINE.fullmatch(line.strip())
        if match:
            sums[match.group(2)] = match.group(1)
    return sums
