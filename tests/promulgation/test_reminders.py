"""`governance reminders` against a real SMTP server the test starts (aiosmtpd) on the loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from email import message_from_bytes
from email.header import decode_header, make_header
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
    """A real SMTP server's handler: it takes `capacity` messages, then answers 421 (closing, as a server
    shutting down does); it refuses the recipients in `unknown` (550)."""

    def __init__(self, capacity: int | None = None, unknown: tuple[str, ...] = ()) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[list[str]] = []
        self.capacity = capacity
        self.unknown = unknown

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.unknown:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.capacity is not None and len(self.messages) >= self.capacity:
            return "421 4.3.2 service shutting down, closing the channel"
        self.envelopes.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox(request: pytest.FixtureRequest) -> Iterator[tuple[_Inbox, int]]:
    handler = _Inbox(**getattr(request, "param", {}))
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
    p.acknowledge(store, p.ALICE.person, p.catalog().resolve(p.EDITORIAL_DIGEST, p.TODAY))
    result = remind(
        port, store, site, "--site-url", "https://regulations.iij.example/", "--today", p.TODAY.isoformat()
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "no e-mail address on the roster for dave (iij): remind them another way\n"
        f"sent 2 of 2 reminder(s) through 127.0.0.1:{port}\n"
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


def _many(store: Store, count: int) -> list[Person]:
    people = [Person(f"p{n}", f"Person {n}", "iij", f"p{n}@iij.example", None) for n in range(count)]
    store.replace_roster(people)
    return people


@pytest.mark.parametrize("inbox", [{"capacity": 3}], indirect=True)
def test_a_server_failing_midway_says_how_many_went_and_which_did_not(
    store: Store, site: Path, inbox: tuple[_Inbox, int]
) -> None:
    handler, port = inbox
    people = _many(store, 7)
    result = remind(port, store, site, "--today", p.TODAY.isoformat())
    assert result.exit_code == 2, result.output  # could not finish: not "refused", never "done"
    sent = sorted(envelope[0] for envelope in handler.envelopes)
    assert len(sent) == 3
    lines = result.output.splitlines()
    assert lines[0] == f"sent 3 of 7 reminder(s) through 127.0.0.1:{port}"
    not_sent = sorted(line.split("<")[1].rstrip(">") for line in lines if line.startswith("not sent: "))
    assert not_sent == sorted({person.email or "" for person in people} - set(sent))
    assert lines[-1] == (
        f"error: cannot send through the SMTP server 127.0.0.1:{port}: (421, b'4.3.2 service shutting "
        "down, closing the channel'); 3 of 7 reminder(s) were sent before it failed, 4 were not (listed "
        "above). Running the command again reminds everyone who still owes, those reminded just now included"
    )


@pytest.mark.parametrize("inbox", [{"unknown": ("p1@iij.example",)}], indirect=True)
def test_a_refused_recipient_is_named_and_the_others_are_sent(
    store: Store, site: Path, inbox: tuple[_Inbox, int]
) -> None:
    handler, port = inbox
    _many(store, 3)
    result = remind(port, store, site, "--today", p.TODAY.isoformat())
    assert result.exit_code == 1, result.output
    assert sorted(envelope[0] for envelope in handler.envelopes) == ["p0@iij.example", "p2@iij.example"]
    assert result.output == (
        f"sent 2 of 3 reminder(s) through 127.0.0.1:{port}\n"
        "refused by the server: Person 1 <p1@iij.example> (550 5.1.1 no such mailbox)\n"
    )


def test_each_reminder_in_its_recipient_s_language(
    store: Store, site: Path, inbox: tuple[_Inbox, int]
) -> None:
    """The roster's language first, then the company's default (--company-language), then --language: the
    subject and the body through the catalogue, the links and titles as they are."""
    handler, port = inbox
    yumi = Person("yumi", "山田 由美", "iij", "yumi@iij.example", None, "ja")
    eve = Person("eve", "Eve Endo", "iij", "eve@iij.example", None, "en")
    frank = Person("frank", "Frank Fujii", "iij", "frank@iij.example", None)
    carol = replace(p.CAROL, email="carol@eng.example")
    store.replace_roster([yumi, eve, frank, carol])
    base = ("--site-url", "https://regulations.iij.example/", "--today", p.TODAY.isoformat())
    result = remind(port, store, site, *base, "--language", "en", "--company-language", "iij-engineering=ja")
    assert result.exit_code == 0, result.output
    by_person = {envelope[0]: m for envelope, m in zip(handler.envelopes, handler.messages, strict=True)}

    def said(address: str) -> tuple[str, str, str]:
        message = by_person[address]
        body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
        subject = str(make_header(decode_header(str(message["Subject"]))))
        return subject, str(message["Content-Language"]), body

    subject, language, body = said("yumi@iij.example")
    assert (subject, language) == ("施行中の規程 1 件の確認をお願いします", "ja")
    assert body.startswith("山田 由美 様\n\n次の規程はあなたに適用され、規程サイトでの確認")
    assert "- Bribery Prevention Regulations (2026-10-01 から確認が必要)" in body
    assert "https://regulations.iij.example/regulations/bribery-prevention/" in body
    subject, language, body = said("carol@eng.example")  # her company's default
    assert (subject, language) == ("施行中の規程 2 件の確認をお願いします", "ja")
    for english in ("eve@iij.example", "frank@iij.example"):  # her own language; his company gives none
        subject, language, body = said(english)
        assert (subject, language) == ("Please acknowledge 1 regulation(s) in force", "en")
        assert body.startswith("Dear ")
        assert "(due since 2026-10-01)" in body

    refused = remind(port, store, site, *base, "--company-language", "iij=fr")
    assert refused.exit_code == 2
    assert "--company-language iij=fr: write COMPANY=LANGUAGE, the language one of en, ja" in refused.output
    unknown = remind(port, store, site, *base, "--company-language", "nowhere=ja")
    assert unknown.exit_code == 2
    assert "--company-language: no company nowhere on the roster" in unknown.output


def test_a_company_s_default_language_set_with_the_roster_and_the_option_over_it(
    store: Store, site: Path, inbox: tuple[_Inbox, int]
) -> None:
    handler, port = inbox
    carol = replace(p.CAROL, email="carol@eng.example")
    store.replace_roster([carol], {"iij-engineering": "ja"})  # roster import --companies
    base = ("--today", p.TODAY.isoformat(), "--language", "en")
    assert remind(port, store, site, *base).exit_code == 0
    assert remind(port, store, site, *base, "--company-language", "iij-engineering=en").exit_code == 0
    first, second = handler.messages
    assert (str(first["Content-Language"]), str(second["Content-Language"])) == ("ja", "en")
    assert str(make_header(decode_header(str(first["Subject"])))) == "施行中の規程 2 件の確認をお願いします"
