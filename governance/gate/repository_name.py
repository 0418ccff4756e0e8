"""The name `governance init` binds a repository's records to, when the administrator gives none.

A group may keep one repository per company, or several repositories whose records one secretary signs
with one key: each record then names the repository it was made for (governance.yml's `repository:`),
and counts nowhere else. The default is the origin remote's `owner/name` (what a GitHub or GitLab clone
has: `iij-group/bribery-regulations`), else the work tree's folder name; written once into governance.yml,
so later clones elsewhere do not change it.
"""

from __future__ import annotations

import re
from pathlib import Path

from governance import git
from governance.config import REPOSITORY_RULE, is_repository_name
from governance.errors import GovernanceError
from governance.i18n import _, localized

# scheme://[user@]host[:port]/path, or scp-like [user@]host:path (git's two forms of a remote address)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*(?P<path>/.*)$")
_SCP = re.compile(r"^(?:[^@/:]+@)?[^/:]+:(?P<path>.*)$")


def name_from_remote(url: str) -> str | None:
    """`owner/name` of a remote address (its last two path parts, without `.git`); None when that is not
    a repository name."""
    found = _URL.match(url) or _SCP.match(url)
    path = found.group("path") if found else url
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if not parts:
        return None
    parts[-1] = parts[-1].removesuffix(".git")
    name = "/".join(parts[-2:])
    return name if is_repository_name(name) else None


def default_repository(root: Path) -> str:
    """The origin remote's owner/name, else the work tree's folder name."""
    url = git.remote_url(root, "origin")
    name = name_from_remote(url) if url is not None else None
    if name is not None:
        return name
    folder = root.resolve().name
    if is_repository_name(folder):
        return folder
    raise GovernanceError(
        _(
            "name this repository with --repository NAME (records made for it will name it); neither the "
            "origin remote nor the folder '{folder}' gives one: {rule}"
        ).format(folder=folder, rule=localized(REPOSITORY_RULE)),
        path=root,
    )
