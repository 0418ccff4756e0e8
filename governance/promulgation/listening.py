"""The socket `governance serve` listens on, bound before the server starts: a port in use, a port the
user may not open or an address that is not this machine's is the operator's mistake, said in one line in
the user's language with exit code 2, instead of uvicorn's English log line and its exit code 3."""

from __future__ import annotations

import errno
import os
import socket

from governance.errors import GovernanceError
from governance.i18n import _


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to `host`:`port` and listening (SO_REUSEADDR, as uvicorn binds its own)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise GovernanceError(
            _("--host {host}: no address of that name; give an address of this machine (127.0.0.1)").format(
                host=host
            )
        ) from None
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise GovernanceError(bind_error(host, port, exc)) from None


def bind_error(host: str, port: int, error: OSError) -> str:
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if error.errno == errno.EADDRINUSE:
        return _(
            "cannot listen on {address}: another program uses that port (another governance serve?); "
            "stop it, or give another --port"
        ).format(address=address)
    if error.errno == errno.EACCES:
        return _(
            "cannot listen on {address}: this user may not open port {port} (below 1024 only the system "
            "may); give --port 1024 or above and let the proxy listen on 443"
        ).format(address=address, port=port)
    if error.errno == errno.EADDRNOTAVAIL:
        return _(
            "cannot listen on {address}: {host} is not an address of this machine; give one of its "
            "addresses with --host (127.0.0.1 behind a proxy on the same machine)"
        ).format(address=address, host=host)
    said = (
        os.strerror(error.errno) if error.errno else str(error)
    )  # without Python's "(while attempting ...)"
    return _("cannot listen on {address}: {error}").format(address=address, error=said)
