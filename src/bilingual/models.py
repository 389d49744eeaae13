"""The model store: where ``nmt`` models are installed, and what is installed.

Models live in one folder per model under :func:`models_dir`: the
``BILINGUAL_MODELS_DIR`` environment variable if set, else the per-user data
folder (``platformdirs.user_data_path("bilingual") / "models"``, on Linux
``~/.local/share/bilingual/models``). Nothing here downloads anything and
nothing imports CTranslate2: this module only copies, checks and lists files.

Two layouts are understood:

* an Argos Translate package (``.argosmodel`` zip with one top-level folder,
  or that folder unpacked): ``metadata.json`` (``type`` "translate",
  ``from_code``, ``to_code``, optional ``target_prefix``), ``model/`` (a
  CTranslate2 model) and ``sentencepiece.model``;
* a CTranslate2-converted OPUS-MT folder: the CTranslate2 model files plus
  ``source.spm`` and ``target.spm``. Its language pair comes from
  ``metadata.json`` or ``bilingual.json`` if present, else from a name ending
  in ``SRC-TGT`` (``opus-mt-fr-en``), else from ``--from``/``--to`` at install.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Optional, Union

from .errors import BilingualError, InputError

ENV = "BILINGUAL_MODELS_DIR"
PAIR_FILE = "bilingual.json"  # written for OPUS-MT folders: {"from_code": .., "to_code": ..}
_NAME_PAIR = re.compile(r"(?:^|[-_.])([a-z]{2,3})[-_]([a-z]{2,3})$")
_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?")  # fullmatch: "en\n" is not a code
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")  # a model's folder name (fullmatch)
_VERSION = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9}){0,3}", re.ASCII)  # "1.9", "0.1.0" (fullmatch)
_MAX_PREFIX = 64  # characters of a target_prefix (Argos: "__en__" and the like)
MAX_MODEL_BYTES = 4 << 30  # what an install may copy or unpack (real models: 100-400 MB)
MAX_MODEL_FILES = 10_000  # files in one model (real ones: about 10)

PathLike = Union[str, os.PathLike]


class ModelError(InputError):
    """A model file or folder cannot be installed, or a name is not installed (exit 3)."""


@dataclass(frozen=True)
class ModelInfo:
    """One installed (or about to be installed) model."""

    name: str
    path: Path  # the model's own folder
    kind: str  # "argos" | "opus-mt"
    from_code: str
    to_code: str
    model_path: Path  # the folder holding CTranslate2's model.bin
    source_spm: Path
    target_spm: Path
    target_prefix: str = ""
    version: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def models_dir(explicit: Optional[PathLike] = None) -> Path:
    """``explicit``, else ``$BILINGUAL_MODELS_DIR``, else the per-user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("bilingual", appauthor=False) / "models"


def inspect(folder: PathLike, from_code: Optional[str] = None, to_code: Optional[str] = None) -> ModelInfo:
    """Check that ``folder`` holds a usable model; :class:`ModelError` (one line) if not."""
    folder = Path(folder)
    name = folder.name
    if not folder.is_dir():
        raise ModelError(f"{folder}: not a model folder")
    _check_name(name)
    meta = _read_json(folder / "metadata.json")
    if meta is not None and meta.get("type", "translate") != "translate":
        raise ModelError(f"{name}: an Argos package of type {meta.get('type')!r}, not a translation model")
    if (folder / "sentencepiece.model").is_file():
        kind, src_spm, tgt_spm = "argos", folder / "sentencepiece.model", folder / "sentencepiece.model"
    elif (folder / "source.spm").is_file() and (folder / "target.spm").is_file():
        kind, src_spm, tgt_spm = "opus-mt", folder / "source.spm", folder / "target.spm"
    elif (folder / "bpe.model").is_file():
        raise ModelError(f"{name}: uses BPE tokenization (bpe.model); only SentencePiece models are supported")
    else:
        raise ModelError(
            f"{name}: no tokenizer: expected sentencepiece.model (Argos) or source.spm and target.spm (OPUS-MT)"
        )
    model_path = folder / "model" if (folder / "model" / "model.bin").is_file() else folder
    if not (model_path / "model.bin").is_file():
        raise ModelError(f"{name}: no CTranslate2 model (model.bin) in {'model/' if kind == 'argos' else 'the folder'}")
    if not _has_vocabulary(model_path):
        raise ModelError(
            f"{name}: the CTranslate2 model has no vocabulary file (shared_vocabulary.json or source/target_vocabulary.json)"
        )
    src, tgt = _pair(name, folder, meta, from_code, to_code)
    meta = meta or {}
    return ModelInfo(
        name,
        folder,
        kind,
        src,
        tgt,
        model_path,
        src_spm,
        tgt_spm,
        _prefix(name, meta.get("target_prefix")),
        _version(name, meta.get("package_version")),
    )


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise ModelError(
            f"{name!r}: not a usable model name (letters, digits, '.', '_', '+', '-'; "
            "at most 100 characters); rename the folder"
        )


def _version(name: str, value) -> str:
    """``package_version`` checked strictly: up to four dot-separated whole numbers, or none."""
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value) if 0 <= value < 10**9 else None
    if text is None or not _VERSION.fullmatch(text):
        raise ModelError(f'{name}: package_version must be like "1.9" (up to four whole numbers), not {_shown(value)}')
    return text


def _prefix(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > _MAX_PREFIX or not value.isprintable() or value.strip() != value:
        raise ModelError(f"{name}: target_prefix must be a short printable string, not {_shown(value)}")
    return value


def _shown(value) -> str:
    """A value of a model's metadata for an error message: one short line whatever it is."""
    try:
        text = repr(value) if not isinstance(value, (int, float)) or isinstance(value, bool) else type(value).__name__
    except (ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


def install(
    path: PathLike,
    directory: Optional[PathLike] = None,
    from_code: Optional[str] = None,
    to_code: Optional[str] = None,
    force: bool = False,
    check: Optional[Callable[[ModelInfo], None]] = None,
) -> ModelInfo:
    """Install an ``.argosmodel`` file or a model folder into the store; returns what was installed.

    ``check`` (e.g. :func:`bilingual.engines.nmt.check`) is called on the unpacked copy before it
    is moved into place; a :class:`BilingualError` it raises cancels the install.
    """
    src = Path(path)
    if not src.exists():
        raise ModelError(f"{path}: no such file or folder")
    from .files import not_regular

    problem = not_regular(src)
    if problem:
        raise ModelError(f"{path}: {problem.split(';')[0]}; expected an .argosmodel file or a model folder")
    store = models_dir(directory)
    try:
        store.mkdir(parents=True, exist_ok=True)
        from . import tempnames

        tempnames.sweep(store, ".installing-", "")  # what an install killed midway left
        staging = Path(tempfile.mkdtemp(prefix=f".installing-{tempnames.tag()}-", dir=store))
    except OSError as err:
        raise ModelError(f"{store}: cannot create the models folder ({err.strerror or err})") from None
    try:
        if src.is_dir():
            name = src.resolve().name
            _check_name(name)
            _copy_folder(src, staging / name)
        elif zipfile.is_zipfile(src):
            name = _extract(src, staging)
        else:
            raise ModelError(f"{path}: not an .argosmodel (zip) file or a model folder")
        info = inspect(staging / name, from_code, to_code)
        if check is not None:
            try:
                check(info)
            except BilingualError as err:
                raise ModelError(str(err)) from None
        if info.kind == "opus-mt" and not (staging / name / PAIR_FILE).exists():
            (staging / name / PAIR_FILE).write_text(
                json.dumps({"from_code": info.from_code, "to_code": info.to_code}) + "\n", encoding="utf-8"
            )
        final = store / name
        if final.exists():
            if not force:
                raise ModelError(
                    f"{name} is already installed in {store}; "
                    f"use --force to replace it, or: bilingual models remove {name}"
                )
            shutil.rmtree(final)
        os.replace(staging / name, final)
    except OSError as err:
        raise ModelError(f"{path}: cannot install ({err.strerror or err})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return inspect(final)


def installed(directory: Optional[PathLike] = None) -> tuple[list[ModelInfo], list[str]]:
    """The valid installed models (sorted by name) and one-line problems with the others."""
    store = models_dir(directory)
    if not store.is_dir():
        return [], []
    good, bad = [], []
    try:
        folders = sorted(store.iterdir())
    except OSError as err:
        return [], [f"{store}: cannot read the models folder ({err.strerror or err})"]
    for folder in folders:
        try:
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            good.append(inspect(folder))
        except ModelError as err:
            bad.append(str(err))
        except (OSError, ValueError) as err:  # a damaged store never stops `models list` or `clean`
            bad.append(f"{folder.name!r}: unreadable ({getattr(err, 'strerror', None) or err})")
    return good, bad


def find(
    source: str, target: str, directory: Optional[PathLike] = None, among: Optional[list[ModelInfo]] = None
) -> Optional[ModelInfo]:
    """The installed model for ``source`` -> ``target`` (the highest version, then the last name).

    ``among``: the models of :func:`installed`, when already read (the folder is not read again).
    """
    candidates = installed(directory)[0] if among is None else among
    hits = [m for m in candidates if (m.from_code, m.to_code) == (str(source), str(target))]
    return max(hits, key=lambda m: (version_key(m.version), m.name)) if hits else None


def remove(name: str, directory: Optional[PathLike] = None) -> Path:
    """Delete the installed model ``name``; returns the folder removed."""
    store = models_dir(directory)
    folder = store / name
    if not name or name.startswith(".") or Path(name).name != name or not folder.is_dir():
        known = ", ".join(m.name for m in installed(directory)[0]) or "none"
        raise ModelError(f"{name}: no such model in {store} (installed: {known})")
    try:
        shutil.rmtree(folder)
    except OSError as err:
        raise ModelError(f"{name}: cannot remove ({err.strerror or err})") from None
    return folder


def _extract(archive: Path, dest: Path) -> str:
    """Extract a zip that has exactly one top-level folder; returns that folder's name."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = z.infolist()
            tops = set()
            for m in members:
                p = PurePosixPath(m.filename)
                if p.is_absolute() or ".." in p.parts or "\\" in m.filename or not p.parts:
                    raise ModelError(f"{archive}: unsafe path in archive: {m.filename}")
                if stat.S_ISLNK(m.external_attr >> 16):
                    raise ModelError(f"{archive}: the archive contains a symbolic link: {m.filename}")
                tops.add(p.parts[0])
                if len(p.parts) == 1 and not m.is_dir():
                    raise ModelError(
                        f"{archive}: a file at the top of the archive ({m.filename}); "
                        "an .argosmodel holds exactly one top-level folder"
                    )
            if len(tops) != 1:
                raise ModelError(f"{archive}: expected exactly one top-level folder, found {len(tops)}")
            if len(members) > MAX_MODEL_FILES:
                raise ModelError(f"{archive}: {len(members):,} files; a model has at most {MAX_MODEL_FILES:,}")
            size = sum(m.file_size for m in members)  # zipfile never unpacks more than a member says
            if size > MAX_MODEL_BYTES:
                raise ModelError(
                    f"{archive}: unpacks to {_size(size)}, more than the {_size(MAX_MODEL_BYTES)} a model may take"
                )
            _check_name(next(iter(tops)))
            z.extractall(dest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as err:
        raise ModelError(f"{archive}: damaged archive ({str(err)[:200]})") from None
    return tops.pop()


def _size(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.1f} MiB"


def _copy_folder(src: Path, dest: Path) -> None:
    """Copy a model folder without following any link: a symbolic link, FIFO or device in it
    is refused (a link to /etc/shadow would copy a secret into the store, one to /dev/zero
    would fill the disk), and so is more than :data:`MAX_MODEL_BYTES`."""
    total = files = 0
    for root, dirs, names in os.walk(src, followlinks=False):
        rel = Path(root).relative_to(src)
        (dest / rel).mkdir(parents=True, exist_ok=True)
        for entry in sorted(dirs + names):
            path = Path(root) / entry
            st = path.lstat()
            shown = rel / entry
            if stat.S_ISLNK(st.st_mode):
                raise ModelError(f"{src}: the model folder contains a symbolic link: {shown}; copy the real file in")
            if stat.S_ISDIR(st.st_mode):
                continue
            if not stat.S_ISREG(st.st_mode):
                raise ModelError(f"{src}: the model folder contains a special file: {shown}")
            files += 1
            total += st.st_size
            if files > MAX_MODEL_FILES:
                raise ModelError(f"{src}: more than {MAX_MODEL_FILES:,} files; a model has about ten")
            if total > MAX_MODEL_BYTES:
                raise ModelError(f"{src}: more than the {_size(MAX_MODEL_BYTES)} a model may take")
            with open(path, "rb") as fin, open(dest / rel / entry, "xb") as fout:
                left = st.st_size  # never more than was measured: the file may grow meanwhile
                while left > 0 and (block := fin.read(min(left, 1 << 20))):
                    fout.write(block)
                    left -= len(block)
            shutil.copymode(path, dest / rel / entry)


MAX_JSON_BYTES = 1 << 20  # metadata.json / bilingual.json: a few hundred bytes in real packages
MAX_JSON_DEPTH = 20  # nesting of arrays and objects (real metadata: 2)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"')
_JSON_BRACKET = re.compile(r"[][{}]")


def _read_json(path: Path) -> Optional[dict]:
    """A model's small JSON file, or None if absent; bounded in size and nesting, so that
    no file can exhaust memory or the interpreter's stack (:class:`ModelError` instead)."""
    from .files import not_regular, not_utf8

    if not path.exists() and not path.is_symlink():
        return None
    where = f"{path.parent.name}: {path.name}"
    problem = not_regular(path).split(";")[0]
    if problem or not path.is_file():
        raise ModelError(f"{where}: {problem or 'not a file'}")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_JSON_BYTES + 1)
    except OSError as err:
        raise ModelError(f"{where}: cannot read ({err.strerror or err})") from None
    if len(raw) > MAX_JSON_BYTES:
        raise ModelError(f"{where} is larger than {MAX_JSON_BYTES >> 20} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ModelError(f"{where}: {not_utf8(err)}") from None
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ModelError(f"{where} is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as err:
        raise ModelError(f"{where} is not valid JSON ({str(err).splitlines()[0][:200]})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path.parent.name}: {path.name} is not a JSON object")
    return data


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of JSON ``text`` nest (brackets in strings do not count);
    linear time, no recursion, so it can be asked before parsing.

    >>> json_depth('{"a": [1, {"b": "]]"}]}'), json_depth("[[[[")
    (3, 4)
    """
    depth = deepest = 0
    for m in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        if m.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _has_vocabulary(model_path: Path) -> bool:
    def any_of(stem):
        return any((model_path / f"{stem}.{ext}").is_file() for ext in ("json", "txt"))

    return any_of("shared_vocabulary") or (any_of("source_vocabulary") and any_of("target_vocabulary"))


def _pair(name: str, folder: Path, meta: Optional[dict], from_code: Optional[str], to_code: Optional[str]):
    recorded = meta or _read_json(folder / PAIR_FILE)
    if recorded and recorded.get("from_code") and recorded.get("to_code"):
        src, tgt = recorded["from_code"], recorded["to_code"]
        for code in (src, tgt):
            if not isinstance(code, str) or not _CODE.fullmatch(code):
                raise ModelError(f"{name}: {_shown(code)} is not a language code")
        if (from_code and from_code != src) or (to_code and to_code != tgt):
            raise ModelError(f"{name}: the model translates {src}->{tgt}, not {from_code or src}->{to_code or tgt}")
    elif from_code and to_code:
        src, tgt = from_code, to_code
    elif m := _NAME_PAIR.search(name):
        src, tgt = m.group(1), m.group(2)
    else:
        raise ModelError(
            f"{name}: cannot tell the language pair; name the folder like opus-mt-fr-en or pass --from and --to"
        )
    for code in (src, tgt):
        if not _CODE.fullmatch(code):
            raise ModelError(f"{name}: {_shown(code)} is not a language code")
    return src, tgt


def version_key(version: str) -> tuple:
    """A version's numbers for comparison; whatever the text (an old store's "²"), never an error."""
    return (
        tuple(int(p[:9]) if p.isascii() and p.isdigit() else 0 for p in re.split(r"[._-]", version)) if version else ()
    )
