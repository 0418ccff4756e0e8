"""`governance reminders` against a real SMTP server the test starts (aiosmtpd) on the loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner, Result

from governance.cli import main
from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.servers import free_port
from tests.promulgation.test_cli import site as site

DAVE = Person("dave", "Dave Doi", "iij", None, None)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox() -> Iterator[tuple[_Inbox, int]]:
    handler = _Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def remind(port: int, store: Store, site: Path, *more: str) -> Result:
    command = ["reminders", "--smtp", f"127.0.0.1:{port}", "--sender", "compliance@iij.example"]
    return CliRunner().invoke(main, [*command, "--database", store.url, "--site", str(site), *more])


def test_one_reminder_per_person_who_owes(store: Store, site: Path, inbox: tuple[_Inbox, int]) -> None:
    handler, port = inbox
    store.replace_roster([*p.ROSTER[:2], replace(p.CAROL, email="carol@eng.example"), DAVE])
    store.acknowledge(p.ALICE.person, p.catalog().resolve(p.EDITORIAL_DIGEST, p.TODAY))
    result = remind(
        port, store, site, "--site-url", "https://regulations.iij.example/", "--today", p.TODAY.isoformat()
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "no e-mail address on the roster for dave (iij): remind them another way\n"
        f"sent 2 reminder(s) through 127.0.0.1:{port}\n"
    )
    assert sorted(handler.envelopes) == [["bob.baba@iij.example"], ["carol@eng.example"]]
    carol = next(m for m in handler.messages if "carol" in str(m["To"]))
    assert carol["Subject"] == "Please acknowledge 2 regulation(s) in force"
    body = carol.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "- Bribery Prevention Regulations (due since 2026-10-01)" in body
    assert "https://regulations.iij.example/regulations/iij-engineering/remote-work/" in body


def test_an_smtp_server_that_is_not_there(store: Store, site: Path) -> None:
    store.replace_roster(p.ROSTER)
    port = free_port()
    result = remind(port, store, site)
    assert result.exit_code == 2
    assert f"cannot send through the SMTP server 127.0.0.1:{port}" in result.output
