"""`governance serve` as a real process on a free loopback port, for the tests that need several
instances or kill one."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.promulgation import works as p


def build_with_service(repo: Path, public: Path, today: str = p.TODAY.isoformat()) -> None:
    """A real `mkdocs build` of a governed repository (this project's mkdocs.yml and site/) with the
    acknowledge control: the service at the site's own origin. Into `public`, as of `today`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if not (repo / "site").exists():
        shutil.copytree(ROOT / "site", repo / "site")
        # The build's inputs, not the repository's: a later commit of the repository leaves them out.
        exclude_file = repo / ".git" / "info" / "exclude"
        exclude_file.parent.mkdir(exist_ok=True)
        with exclude_file.open("a", encoding="utf-8") as exclude:
            exclude.write("/site/\n/mkdocs-acknowledgements.yml\n")
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    with_service = re.sub(
        r"(?m)^  - regulations\b.*$", "  - regulations:\n      acknowledgements: /", mkdocs_yml
    )
    assert with_service != mkdocs_yml
    config_file = repo / "mkdocs-acknowledgements.yml"
    config_file.write_text(with_service, encoding="utf-8")
    saved = os.environ.get("GOVERNANCE_TODAY")
    os.environ["GOVERNANCE_TODAY"] = today
    try:
        build(load_config(config_file=str(config_file), site_dir=str(public)))
    finally:
        if saved is None:
            os.environ.pop("GOVERNANCE_TODAY", None)
        else:
            os.environ["GOVERNANCE_TODAY"] = saved
        config_file.unlink()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(site: Path, database: str, *extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("governance")),
        "serve",
        "--site",
        str(site),
        "--database",
        database,
    ]
    process = subprocess.Popen(
        [*command, "--port", str(port), *extra],
        env={**os.environ, "GOVERNANCE_TODAY": p.TODAY.isoformat()},
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, process)
        yield url, process
    finally:
        process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"governance serve stopped: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("governance serve did not answer within 30 s")


def acknowledge(url: str, person: str, digest: str = p.EDITORIAL_DIGEST) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        f"{url}/api/acknowledgements",
        data=json.dumps({"digest": digest}).encode(),
        headers={"X-Forwarded-Email": person, "Origin": url, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            try:
                return answer.status, json.loads(answer.read())
            except http.client.IncompleteRead:
                # The status arrived, the body did not (the server died): it still counts as answered.
                return answer.status, {}
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def status(url: str, person: str, digest: str) -> dict[str, Any]:
    """GET /api/acknowledgements/DIGEST as the proxy would send it for `person`."""
    request = urllib.request.Request(
        f"{url}/api/acknowledgements/{digest}", headers={"X-Forwarded-Email": person}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        found: dict[str, Any] = json.loads(answer.read())
        return found
