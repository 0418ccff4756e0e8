"""Reminders by e-mail: one message per person who owes acknowledgements, listing what to read, sent
through the group's SMTP server. Composing is pure; only `send` talks to the server."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr

from governance.i18n import _, speaking
from governance.promulgation.coverage import Missing


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    starttls: bool = False
    user: str | None = None
    password: str | None = None


def reminders(
    missing: Iterable[Missing],
    *,
    sender: str,
    site_url: str | None,
    language: str = "en",
    companies: Mapping[str, str] | None = None,
) -> tuple[list[EmailMessage], list[Missing]]:
    """The messages, and the people who could not be reminded (no e-mail address on the roster), once each.
    Each message is written in its recipient's language: the roster's, else their company's default
    (`companies`), else `language`."""
    owed: dict[str, list[Missing]] = {}
    for row in missing:
        owed.setdefault(row.person, []).append(row)
    messages, unreachable = [], []
    for rows in owed.values():
        first = rows[0]
        if not first.email:
            unreachable.append(first)
            continue
        said = first.language or (companies or {}).get(first.company) or language
        with speaking(said):
            message = EmailMessage()
            message["From"] = sender
            message["To"] = formataddr((first.name, first.email))
            message["Subject"] = _("Please acknowledge {count} regulation(s) in force").format(
                count=len(rows)
            )
            message.set_content("\n".join(_body(first.name, rows, site_url)))
            message["Content-Language"] = said  # after set_content, which clears the Content- headers
        messages.append(message)
    return messages, unreachable


def _body(name: str, rows: list[Missing], site_url: str | None) -> Iterator[str]:
    yield _("Dear {name},").format(name=name)
    yield ""
    yield _(
        'The following regulations apply to you and are waiting for your acknowledgement ("I have read and '
        'will comply") on the regulations site:'
    )
    yield ""
    for row in rows:
        yield _("- {title} (due since {since})").format(title=row.title, since=row.since)
        if site_url:
            yield f"  {site_url.rstrip('/')}/regulations/{row.regulation}/"
    yield ""
    yield _("Open each page, read the text and press the acknowledgement button at its end.")
    yield _("This message was sent by the compliance department's regulation service.")


@dataclass
class Delivery:
    """What became of each message: sent, refused by the server (that recipient only), or not sent
    because the server failed (a connection refused, dropped, or closing) before it."""

    sent: list[EmailMessage] = field(default_factory=list)
    refused: list[tuple[EmailMessage, str]] = field(default_factory=list)
    not_sent: list[EmailMessage] = field(default_factory=list)
    failure: str | None = None  # why the server stopped taking messages


def send(messages: list[EmailMessage], smtp: Smtp) -> Delivery:
    """Send every message over one connection, in order. A recipient the server refuses stops nothing
    else; a server that fails stops the sending there, and the messages from that one on are not sent.
    Never raises for the server's sake: the delivery says what happened to each message."""
    delivery = Delivery()
    pending = iter(messages)
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                # The password follows: the server's certificate is checked, as smtplib does not by default.
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            for message in pending:
                try:
                    server.send_message(message)
                except smtplib.SMTPRecipientsRefused as exc:
                    delivery.refused.append((message, _reason(*next(iter(exc.recipients.values())))))
                    continue
                except smtplib.SMTPDataError as exc:
                    if exc.smtp_code == 421:  # "service not available, closing": the server is going
                        delivery.not_sent.append(message)
                        raise
                    delivery.refused.append((message, _reason(exc.smtp_code, exc.smtp_error)))
                    continue
                except BaseException:
                    delivery.not_sent.append(message)  # the one in flight when the server failed
                    raise
                delivery.sent.append(message)
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        delivery.failure = f"cannot send through the SMTP server {smtp.host}:{smtp.port}: {exc}"
        delivery.not_sent.extend(pending)
    return delivery


def _reason(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}".strip()
