"""Models by name: the Argos Translate package index, and downloads from it.

The only module of bilingual that opens a network connection, and only when
``bilingual models install fr-en`` or ``bilingual models available`` asks it to:
cleaning and checking never come here.

The index is a JSON list (the ``index.json`` of argosopentech/argospm-index);
each entry has ``from_code``, ``to_code``, ``package_version`` and ``links``
(download addresses of the ``.argosmodel``; older entries have none and are
skipped). Its address is, first found: ``--index URL``, ``$BILINGUAL_MODEL_INDEX``,
the ``model-index`` setting, else :data:`DEFAULT_INDEX`. ``http(s)://`` and
``file://`` addresses are read with :mod:`urllib` (proxies from the usual
``*_proxy`` variables).

A download goes to a temporary file in a temporary folder inside the models
folder, and is installed from there exactly as a local file is
(:func:`bilingual.models.install`); the folder is removed whatever happens,
Ctrl-C included, so a partial download never stays behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .errors import BilingualError, ExitCode
from .models import ModelInfo, PathLike, models_dir, version_key

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
ENV = "BILINGUAL_MODEL_INDEX"
TIMEOUT = 30.0  # seconds without an answer before a connection or read gives up
_CHUNK = 1 << 16
PAIR = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")

Progress = Callable[[int, Optional[int]], None]  # (bytes so far, total bytes or None)


class DownloadError(BilingualError):
    """The index or a package cannot be fetched, or what came is not usable (exit 5)."""

    exit_code = ExitCode.ENGINE_ERROR


@dataclass(frozen=True)
class Package:
    """One entry of the index that can be downloaded."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    from_name: str = ""
    to_name: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def file_name(self) -> str:
        """The name of the ``.argosmodel`` file its first link points to."""
        return self.links[0].rstrip("/").rsplit("/", 1)[-1]


def index_url(explicit: Optional[str] = None, configured: Optional[str] = None) -> str:
    """``explicit`` (``--index``), else ``$BILINGUAL_MODEL_INDEX``, else ``configured``
    (the ``model-index`` setting), else :data:`DEFAULT_INDEX`."""
    return explicit or os.environ.get(ENV) or configured or DEFAULT_INDEX


def parse_pair(name: str) -> Optional[tuple[str, str]]:
    """``"fr-en"`` -> ``("fr", "en")``; ``None`` for anything else.

    >>> parse_pair("fr-en"), parse_pair("model.argosmodel")
    (('fr', 'en'), None)
    """
    m = PAIR.match(name)
    return (m.group(1), m.group(2)) if m else None


def fetch_index(url: str, timeout: float = TIMEOUT) -> list[Package]:
    """The downloadable packages the index at ``url`` lists (entries without links are left out)."""
    data = _read_url(url, timeout)
    try:
        entries = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DownloadError(f"{url}: not a package index (not JSON: {err})") from None
    if not isinstance(entries, list):
        raise DownloadError(f"{url}: not a package index (expected a JSON list of packages)")
    out = []
    for e in entries:
        if not isinstance(e, dict) or e.get("type", "translate") != "translate":
            continue
        links = e.get("links")
        src, tgt = e.get("from_code"), e.get("to_code")
        if not (isinstance(src, str) and isinstance(tgt, str) and isinstance(links, list) and links):
            continue
        links = tuple(str(x) for x in links if isinstance(x, str) and x)
        if links:
            out.append(
                Package(
                    src,
                    tgt,
                    str(e.get("package_version") or ""),
                    links,
                    str(e.get("from_name") or ""),
                    str(e.get("to_name") or ""),
                )
            )
    return out


def newest(packages: list[Package], from_code: str, to_code: str) -> Optional[Package]:
    """The package with the highest ``package_version`` for the pair (the last listed on a tie)."""
    hits = [(i, p) for i, p in enumerate(packages) if (p.from_code, p.to_code) == (from_code, to_code)]
    return max(hits, key=lambda ip: (version_key(ip[1].version), ip[0]))[1] if hits else None


def pairs(packages: list[Package]) -> list[Package]:
    """The newest package of every pair, sorted by pair."""
    best: dict[tuple[str, str], Package] = {}
    for p in packages:
        found = newest(packages, p.from_code, p.to_code)
        assert found is not None  # p itself is one
        best[(p.from_code, p.to_code)] = found
    return [best[k] for k in sorted(best)]


def download(
    url: str, dest: Path, progress: Optional[Progress] = None, sha256: Optional[str] = None, timeout: float = TIMEOUT
) -> Path:
    """Fetch ``url`` into the file ``dest``, which exists only if the whole download succeeded
    (and, with ``sha256``, matches it)."""
    digest = hashlib.sha256()
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        with _open_url(url, timeout) as answer, open(tmp, "wb") as fh:
            total = _length(answer)
            done = 0
            if progress:
                progress(0, total)
            while True:
                try:
                    block = answer.read(_CHUNK)
                except (OSError, http_errors()) as err:
                    raise DownloadError(f"{url}: download cut off after {done} bytes ({_reason(err)})") from None
                if not block:
                    break
                fh.write(block)
                digest.update(block)
                done += len(block)
                if progress:
                    progress(done, total)
            if total is not None and done != total:
                raise DownloadError(f"{url}: download cut off after {done} of {total} bytes")
        if sha256 and digest.hexdigest() != sha256.lower():
            raise DownloadError(f"{url}: SHA-256 mismatch: got {digest.hexdigest()}, expected {sha256.lower()}")
        os.replace(tmp, dest)
    except OSError as err:
        raise DownloadError(f"{url}: cannot save the download in {dest.parent} ({err.strerror or err})") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return dest


def install_pair(
    from_code: str,
    to_code: str,
    index: str,
    directory: Optional[PathLike] = None,
    force: bool = False,
    sha256: Optional[str] = None,
    progress: Optional[Progress] = None,
    check: Optional[Callable[[ModelInfo], None]] = None,
    packages: Optional[list[Package]] = None,
) -> tuple[ModelInfo, Optional[Package]]:
    """Download the newest package for the pair from the index and install it.

    Returns (what was installed, the package); (the installed model, ``None``) when a model
    of the same or a higher version is installed for the pair already (unless ``force``).
    ``packages``: the index, when already read. A package that cannot be installed is a
    :class:`DownloadError`, like a failed download.
    """
    from . import models

    if packages is None:
        packages = fetch_index(index)
    pkg = newest(packages, from_code, to_code)
    if pkg is None:
        known = ", ".join(p.pair for p in pairs(packages)) or "none"
        raise DownloadError(f"{from_code}-{to_code}: no package for this pair in the index {index} (pairs: {known})")
    have = models.find(from_code, to_code, directory)
    if not force and have is not None and have.version and version_key(have.version) >= version_key(pkg.version):
        return have, None
    replace = force or have is not None  # an older version of the pair: the newer one replaces it
    store = models_dir(directory)
    try:
        store.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".downloading-", dir=store))
    except OSError as err:
        raise DownloadError(f"{store}: cannot create the models folder ({err.strerror or err})") from None
    try:
        name = pkg.file_name if pkg.file_name.endswith(".argosmodel") else f"{pkg.pair}.argosmodel"
        target, failures = folder / name, []
        for link in pkg.links:  # the index may list mirrors: the first that works
            try:
                download(link, target, progress, sha256)
                break
            except DownloadError as err:
                failures.append(str(err))
                if "SHA-256 mismatch" in str(err):
                    raise
        else:
            raise DownloadError(
                failures[-1] if len(failures) == 1 else f"{pkg.pair}: every download link failed; last: {failures[-1]}"
            )
        try:
            info = models.install(target, directory, force=replace, check=check)
        except BilingualError as err:
            raise DownloadError(f"{pkg.links[0]}: not a usable model package ({err})") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return info, pkg


def file_sha256(path: PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- urllib, with one-line errors ------------------------------------------------------------


def http_errors():
    import http.client

    return http.client.HTTPException


def _open_url(url: str, timeout: float):
    if not re.match(r"^(https?|file)://", url, re.IGNORECASE):
        raise DownloadError(f"{url}: not an http://, https:// or file:// address")
    request = urllib.request.Request(url, headers={"User-Agent": "bilingual-models"})
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        raise DownloadError(f"{url}: HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        raise DownloadError(
            f"{url}: cannot connect ({_reason(err.reason)}); check the network, or use --index / ${ENV} for a mirror"
        ) from None
    except (OSError, ValueError, http_errors()) as err:
        raise DownloadError(f"{url}: cannot connect ({_reason(err)})") from None


def _read_url(url: str, timeout: float) -> bytes:
    with _open_url(url, timeout) as answer:
        try:
            return answer.read()
        except (OSError, http_errors()) as err:
            raise DownloadError(f"{url}: cannot read ({_reason(err)})") from None


def _length(answer) -> Optional[int]:
    value = answer.headers.get("Content-Length") if getattr(answer, "headers", None) else None
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _reason(err) -> str:
    if isinstance(err, BaseException):
        text = getattr(err, "strerror", None) or str(err) or type(err).__name__
    else:
        text = str(err)
    return " ".join(str(text).split())
