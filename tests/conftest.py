import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def article_path(tmp_path) -> Path:
    p = tmp_path / "article.txt"
    shutil.copy(ROOT / "input" / "article.txt", p)
    return p


# --- no network in tests -------------------------------------------------------------------
# An audit hook (it cannot be removed, so it checks a switch) refuses socket.connect to
# anything but loopback / Unix sockets and name lookups of anything but local names.

class NetworkBlocked(RuntimeError):
    """A test tried to use the network (not an OSError, so no code can swallow it as 'offline')."""


_NET = {"guard": False}
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}


def _is_local(host, any_address: bool = False) -> bool:
    """Loopback (or, for lookups, ``any_address``: any numeric address, which needs no DNS)."""
    import ipaddress

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


def _network_guard(event, args):
    if not _NET["guard"] or not event.startswith("socket."):
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[-1] if event != "socket.connect" else args[1]
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise NetworkBlocked(f"tests must not use the network: {event} to {address!r}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr", "socket.getnameinfo"):
        host = args[0][0] if event == "socket.getnameinfo" else args[0]
        if not _is_local(host, any_address=event != "socket.gethostbyaddr"):
            raise NetworkBlocked(f"tests must not use the network: {event} for {host!r}")


sys.addaudithook(_network_guard)


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Session-wide: any non-local socket use raises :class:`NetworkBlocked`."""
    _NET["guard"] = True
    yield
    _NET["guard"] = False


@pytest.fixture(autouse=True, scope="session")
def empty_models_dir(tmp_path_factory):
    """No test sees the user's installed MT models: BILINGUAL_MODELS_DIR is an empty folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BILINGUAL_MODELS_DIR", str(tmp_path_factory.mktemp("no-models")))
        yield


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    """Tiny random models (tests/tinymodel.py): an fr->en .argosmodel file, an en->fr OPUS-MT
    folder, and a models folder with both installed. Built once, in well under a second."""
    from bilingual import models
    from tinymodel import build_argosmodel, build_opus_folder

    root = tmp_path_factory.mktemp("tiny-models")
    argos = build_argosmodel(root / "files" / "translate-fr_en-tiny.argosmodel", "fr", "en")
    opus = build_opus_folder(root / "files" / "opus-mt-en-fr")
    store = root / "store"
    models.install(argos, store)
    models.install(opus, store)
    return SimpleNamespace(argosmodel=argos, opus=opus, store=store)
