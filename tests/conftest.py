"""Hermetic git for every test: fixed identity, no user or system config, no real home directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from governance.i18n import reset_language
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import Governed, governed_copy
from tests.testing.sshkeys import Keys, generate

ROOT = Path(__file__).resolve().parent.parent

# Property tests (hypothesis) have a fixed budget: "ci" tries the same examples on every run, so a run
# never fails on an input no earlier run saw; the inputs that once failed are kept as @example cases.
# HYPOTHESIS_PROFILE=explore searches further, at random, to find new ones.
settings.register_profile(
    "ci",
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def hermetic_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    template = tmp_path_factory.mktemp("git-template")
    saved = dict(os.environ)
    os.environ.update(
        {
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TEMPLATE_DIR": str(template),
            "GIT_AUTHOR_NAME": "Test Author",
            "GIT_AUTHOR_EMAIL": "author@example.com",
            "GIT_COMMITTER_NAME": "Test Committer",
            "GIT_COMMITTER_EMAIL": "committer@example.com",
            "TZ": "UTC",
            "LANG": "C.UTF-8",  # messages in English, whatever the developer's locale (tests/cli/test_messages.py)
        }
    )
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GOVERNANCE_TODAY",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        os.environ.pop(name, None)
    reset_language()  # read once a process: what collection read was the developer's locale
    yield
    os.environ.clear()
    os.environ.update(saved)
    reset_language()


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo.init(tmp_path / "repo")


@pytest.fixture
def seed_text() -> str:
    return (ROOT / "regulations" / "bribery-prevention.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    folder = tmp_path_factory.mktemp("keys")
    return Keys(
        secretary=generate(folder, "secretary", "hanako.sato@example.com"),
        outsider=generate(folder, "outsider", "mallory@example.com"),
    )


@pytest.fixture
def gov(tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Governed:
    """A governed repository: a copy of the session's adopted template (real keys, signed baseline)."""
    return governed_copy(tmp_path, keys, tmp_path_factory)
