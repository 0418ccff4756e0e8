"""`governance init` in a repository that commits symbolic links where init writes (the second red-team
review's open point, H7): only its records were checked; `.github` (or `.github/workflows`) committed as a
link to any folder made `init --github` write the workflows there, and a governance.yml that is a link
was read and kept as the repository's rules. Refused, naming the link, with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gate.test_adopter_workflows import (
    REQUIREMENTS_SHA256,
    SHA256,
    VERSION,
    WHEEL_NAME,
    _init,
    _release_folder,
)
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import Keys


@pytest.mark.parametrize("linked", [".github", ".github/workflows", "governance.yml"])
def test_init_writes_nothing_through_a_symbolic_link(
    tmp_path: Path, keys: Keys, seed_text: str, linked: str
) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    outside = tmp_path / "outside"
    outside.mkdir()
    link = repo.path / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    if linked == "governance.yml":  # rules kept outside the repository, which the gate never reads
        (outside / "governance.yml").write_text("regulations: regulations\n", encoding="utf-8")
        link.symlink_to(outside / "governance.yml")
    else:
        link.symlink_to(outside)
    repo.commit("Regulations, and a link")
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if ".git" not in path.parts)
    release = _release_folder(
        tmp_path / "release",
        f"{SHA256}  {WHEEL_NAME}\n{REQUIREMENTS_SHA256}  requirements-{VERSION}.txt\n",
    )

    result = _init(repo, keys, "--github", "--tool-release", release + "/")

    assert result.exit_code == 2, result.output
    assert f"error: {linked}: a symbolic link where governance init writes" in result.stderr
    after = [
        path.relative_to(tmp_path)
        for path in tmp_path.rglob("*")
        if ".git" not in path.parts and "release" not in path.parts
    ]
    assert sorted(after) == before, "init wrote a file"
