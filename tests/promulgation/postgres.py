"""A real PostgreSQL server for the tests, from Debian's package: initdb into a temporary folder, started
on a free loopback port, stopped at the end. As root the server runs as the `postgres` user (PostgreSQL
refuses to run as root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg


def server_binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[4]))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Server:
    """A private PostgreSQL server: its data folder, port and options. Stopped and started again on the
    same port and data (a database outage and its end)."""

    def __init__(self, binaries: Path, folder: Path, port: int, *, durable: bool) -> None:
        self.binaries = binaries
        self.data = folder / "data"
        self.log = folder / "log"
        fsync = "on" if durable else "off"
        self.options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync={fsync} -c max_connections=200"
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def start(self) -> None:
        subprocess.run(
            _as_server_user(
                [
                    str(self.binaries / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    self.options,
                    "-w",
                    "-l",
                    str(self.log),
                    "start",
                ]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=True,
        )

    def stop(self, mode: str = "fast") -> None:
        """fast: sessions are ended and the server shuts down cleanly; immediate: as if killed."""
        subprocess.run(
            _as_server_user([str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


@contextlib.contextmanager
def running_server(*, durable: bool = False) -> Iterator[str]:
    """Yields the URL of the server's `postgres` database (superuser, trust on loopback only). Not
    durable unless asked (fsync off: the tests' server); durable, a commit waits for the disk."""
    with server_process(durable=durable) as server:
        yield server.url


@contextlib.contextmanager
def server_process(*, durable: bool = False) -> Iterator[Server]:
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError(
            "PostgreSQL is missing: run scripts/install-system-deps (apt-get install postgresql)"
        )
    folder = Path(tempfile.mkdtemp(prefix="governance-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = Server(binaries, folder, _free_port(), durable=durable)
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(server.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=True,
        )
        server.start()
        try:
            yield server
        finally:
            server.stop("immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str, name: str, *, template: str = "template0") -> str:
    """A new database; from `template` (a migrated one) it is a copy of it, faster than migrating."""
    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return server_url.rsplit("/", 1)[0] + "/" + name
