"""No network in tests: an audit hook that refuses non-local socket use.

``install()`` adds a ``sys.addaudithook`` hook (hooks cannot be removed, so it
checks a switch, :data:`STATE`) that raises :class:`NetworkBlocked` on
``socket.connect`` / ``sendto`` / ``sendmsg`` to anything but loopback or Unix
sockets, and on name lookups (``getaddrinfo``, ``gethostbyname``, ...) of
anything but local names and numeric addresses (which need no DNS).

``tests/conftest.py`` turns it on for the whole session, and puts
``tests/netguard_site`` on ``PYTHONPATH`` so that Python subprocesses (CLI runs,
worker processes) install it too, through its ``sitecustomize.py``.
"""

from __future__ import annotations

import ipaddress
import sys

STATE = {"on": False, "installed": False}
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}
_LOOKUPS = (
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
)


class NetworkBlocked(RuntimeError):
    """A test tried to use the network (not an OSError, so no code can swallow it as 'offline')."""


def is_local(host, any_address: bool = False) -> bool:
    """Loopback (or, with ``any_address``, any numeric address) or a local name."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%", 1)[0].strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any_address or address.is_loopback


def _hook(event: str, args: tuple) -> None:
    if not STATE["on"] or not event.startswith("socket."):
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if event == "socket.connect" else args[-1]
        if isinstance(address, tuple) and not is_local(address[0]):
            raise NetworkBlocked(f"tests must not use the network: {event} to {address!r}")
    elif event in _LOOKUPS:
        host = args[0][0] if event == "socket.getnameinfo" else args[0]
        if not is_local(host, any_address=event != "socket.gethostbyaddr"):
            raise NetworkBlocked(f"tests must not use the network: {event} for {host!r}")


def install(on: bool = True) -> None:
    """Add the hook once (idempotent) and switch it ``on`` or off."""
    if not STATE["installed"]:
        sys.addaudithook(_hook)
        STATE["installed"] = True
    STATE["on"] = on
