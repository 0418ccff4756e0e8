"""Who is asking, and may they: identity from the single sign-on proxy's header, accepted only from the
proxy's own addresses; writes only from the site's own origin (CSRF). Pure: addresses and headers in,
an identity or a Denied out."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from governance.i18n import _

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_IDENTITY = 320


class Denied(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(message)


@lru_cache(maxsize=1024)  # every request asks; the addresses are the proxies', a few
def _within(client: str, networks: tuple[IpNetwork, ...]) -> bool:
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    return any(address in network for network in networks)


def networks(values: Iterable[str]) -> tuple[IpNetwork, ...]:
    """`--trusted-proxy` values: addresses or networks (10.0.0.0/8, ::1)."""
    found = []
    for value in values:
        try:
            found.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(
                _("'{value}' is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)").format(
                    value=value
                )
            ) from None
    return tuple(found)


@dataclass(frozen=True)
class AccessPolicy:
    identity_header: str = "X-Forwarded-Email"
    groups_header: str = "X-Forwarded-Groups"
    compliance_group: str = "compliance"
    trusted_proxies: tuple[IpNetwork, ...] = field(default_factory=lambda: networks(["127.0.0.1", "::1"]))
    origins: tuple[str, ...] = ()  # the site's public origins; empty: the origin the request was sent to

    def trusted(self, client: str | None) -> bool:
        return client is not None and _within(client, self.trusted_proxies)

    def identity(self, client: str | None, headers: Mapping[str, str]) -> str:
        """The person signed in, as the proxy says; never a header from anyone else."""
        value = headers.get(self.identity_header.lower(), headers.get(self.identity_header))
        if not self.trusted(client):
            if value is not None:
                raise Denied(
                    403,
                    "untrusted-identity",
                    f"an identity header from {client}, which is not a trusted proxy: refused. Reach the "
                    "service through the single sign-on proxy (administrators: --trusted-proxy)",
                )
            raise Denied(403, "not-through-proxy", "reach the service through the single sign-on proxy")
        if value is None or not value.strip():
            raise Denied(401, "not-signed-in", "not signed in: the single sign-on proxy sent no identity")
        identity = value.strip()
        if len(identity) > MAX_IDENTITY or any(ord(char) < 32 or ord(char) == 127 for char in identity):
            raise Denied(400, "bad-identity", "the identity header is not a plain name")
        return identity

    def sent_once(self, raw: Iterable[tuple[bytes, bytes]]) -> None:
        """The identity and groups headers each came at most once (`raw`: the request's headers as sent).
        Of two, which is the proxy's cannot be told: a proxy that adds its header after the browser's,
        instead of replacing it, would leave a browser's first, the one a reader of the first takes."""
        names = {self.identity_header.lower(), self.groups_header.lower()}
        seen: set[str] = set()
        for name, _value in raw:
            lowered = name.decode("latin-1").lower()
            if lowered in names:
                if lowered in seen:
                    header = (
                        self.identity_header
                        if lowered == self.identity_header.lower()
                        else self.groups_header
                    )
                    raise Denied(
                        400,
                        "header-twice",
                        f"the {header} header was sent twice: the single sign-on proxy must replace the "
                        "header a browser sends, not add its own (administrators: configure the proxy to set it)",
                    )
                seen.add(lowered)

    def in_compliance(self, headers: Mapping[str, str]) -> bool:
        """The proxy's group header (comma-separated) names the compliance group."""
        value = headers.get(self.groups_header.lower(), headers.get(self.groups_header)) or ""
        return self.compliance_group in {group.strip() for group in value.split(",")}

    def check_same_origin(self, headers: Mapping[str, str], own_origin: str) -> None:
        """A write must come from a page of the site itself: a cross-site form or script is refused
        (Fetch Metadata, then the Origin header, then a JSON body a form cannot send)."""
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            raise Denied(403, "cross-site", f"a cross-site request ({site}) cannot acknowledge: refused")
        origin = headers.get("origin")
        allowed = self.origins or (own_origin,)
        if origin is None or origin.rstrip("/") not in {o.rstrip("/") for o in allowed}:
            raise Denied(
                403,
                "cross-site",
                f"a request from origin {origin or '(none)'} cannot acknowledge: only {', '.join(allowed)}",
            )
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise Denied(415, "not-json", "send the acknowledgement as application/json")
