"""Reminders by e-mail: one message per person who owes acknowledgements, listing what to read, sent
through the group's SMTP server. Composing is pure; only `send` talks to the server."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr

from governance.errors import GovernanceError
from governance.promulgation.coverage import Missing


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    starttls: bool = False
    user: str | None = None
    password: str | None = None


def reminders(
    missing: Iterable[Missing], *, sender: str, site_url: str | None
) -> tuple[list[EmailMessage], list[Missing]]:
    """The messages, and the people who could not be reminded (no e-mail address on the roster), once each."""
    owed: dict[str, list[Missing]] = {}
    for row in missing:
        owed.setdefault(row.person, []).append(row)
    messages, unreachable = [], []
    for rows in owed.values():
        first = rows[0]
        if not first.email:
            unreachable.append(first)
            continue
        message = EmailMessage()
        message["From"] = sender
        message["To"] = formataddr((first.name, first.email))
        message["Subject"] = f"Please acknowledge {len(rows)} regulation(s) in force"
        message.set_content("\n".join(_body(first.name, rows, site_url)))
        messages.append(message)
    return messages, unreachable


def _body(name: str, rows: list[Missing], site_url: str | None) -> Iterator[str]:
    yield f"Dear {name},"
    yield ""
    yield "The following regulations apply to you and are waiting for your acknowledgement"
    yield '("I have read and will comply") on the regulations site:'
    yield ""
    for row in rows:
        yield f"- {row.title} (due since {row.since})"
        if site_url:
            yield f"  {site_url.rstrip('/')}/regulations/{row.regulation}/"
    yield ""
    yield "Open each page, read the text and press the acknowledgement button at its end."
    yield "This message was sent by the compliance department's regulation service."


def send(messages: list[EmailMessage], smtp: Smtp) -> None:
    """Send every message over one connection; a refused recipient stops nothing else but is reported."""
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                # The password follows: the server's certificate is checked, as smtplib does not by default.
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            refused: list[str] = []
            for message in messages:
                try:
                    server.send_message(message)
                except smtplib.SMTPRecipientsRefused:
                    refused.append(str(message["To"]))
    except (OSError, smtplib.SMTPException) as exc:
        raise GovernanceError(f"cannot send through the SMTP server {smtp.host}:{smtp.port}: {exc}") from None
    if refused:
        raise GovernanceError(
            f"the SMTP server refused {len(refused)} recipient(s): {', '.join(refused[:10])}"
        )
