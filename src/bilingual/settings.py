"""Project defaults from ``bilingual.toml`` or ``[tool.bilingual]`` in ``pyproject.toml``.

The nearest folder, from the current one upwards, that has a ``bilingual.toml``
or a ``pyproject.toml`` with a ``[tool.bilingual]`` table wins (``bilingual.toml``
first). Relative paths in it (``glossary``, ``out-dir``, ``allow``) and anchored
``exclude`` / ``extend-exclude`` patterns are relative to the file's folder.
Command-line flags override every setting.

>>> import tomllib
>>> parse(tomllib.loads('engine = "builtin"\\nstrict = true'), Path("/p/bilingual.toml"))
{'engine': 'builtin', 'strict': True}
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Optional

from .errors import ConfigError

FILE_NAME = "bilingual.toml"

# key -> (type check, description of the expected value); keys are the long flag names.
_STR_CHOICE = {
    "base-lang": ("en", "fr"),
    "to": ("en", "fr"),
    "format": ("text", "json", "github", "sarif"),
    "lang": ("en", "fr"),
    "typography": ("fr", "ca", "off"),
}
_PATHS = ("glossary", "out-dir")
_BOOLS = ("strict", "keep-chatter", "quiet", "html")
_INTS = ("jobs",)
_PATTERNS = ("exclude", "extend-exclude")  # gitignore-style patterns, anchored at the file's folder
_PATH_LISTS = ("allow", "memory")  # one path or a list of paths
_FLOATS = {"min-confidence": (0.0, 1.0)}
_STRS = ("model-index",)  # an address, kept as written
KEYS = ("engine",) + tuple(_STR_CHOICE) + _PATHS + _BOOLS + _INTS + _PATTERNS + _PATH_LISTS + tuple(_FLOATS) + _STRS
MAX_JOBS = 1024  # as ``--jobs`` (more is refused; a run uses at most ``workers.jobs_cap()``)


def find(start: Optional[Path] = None) -> Optional[tuple[Path, dict]]:
    """The settings file that applies in ``start`` (default: the current folder) and its raw table."""
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        own = d / FILE_NAME
        if _present(own):
            return own, _load(own)
        pyproject = d / "pyproject.toml"
        if _present(pyproject):
            table = _tool_table(_load(pyproject))
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{pyproject}: [tool.bilingual] must be a table")
                return pyproject, table
    return None


def load(start: Optional[Path] = None, path: Optional[Path] = None) -> dict[str, Any]:
    """Validated settings: ``path`` if given, else the file :func:`find` finds; ``{}`` if none."""
    if path is not None:
        p = Path(path)
        if not p.exists():
            raise ConfigError(f"{p}: no such configuration file")
        raw = _load(p)
        if p.name == "pyproject.toml":
            raw = _tool_table(raw)
            if raw is None:
                return {}
            if not isinstance(raw, dict):
                raise ConfigError(f"{p}: [tool.bilingual] must be a table")
        return parse(raw, p)
    found = find(start)
    return parse(found[1], found[0]) if found else {}


def parse(raw: dict, source: Path) -> dict[str, Any]:
    """Check every key and value; return them with paths resolved against ``source``'s folder."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("_", "-")
        if name not in KEYS:
            raise ConfigError(f"{source}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        if name == "engine":
            from .engines import engine_names, is_engine_name

            if not isinstance(value, str) or not is_engine_name(value):
                raise ConfigError(
                    f"{source}: {key} must be one of {', '.join(map(repr, engine_names()))}, not {value!r}"
                )
        elif name in _STR_CHOICE:
            if value not in _STR_CHOICE[name]:
                raise ConfigError(
                    f"{source}: {key} must be one of {', '.join(map(repr, _STR_CHOICE[name]))}, not {value!r}"
                )
        elif name in _PATHS:
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{source}: {key} must be a path (a string), not {value!r}")
            value = source.parent / Path(value).expanduser()
        elif name in _BOOLS:
            if not isinstance(value, bool):
                raise ConfigError(f"{source}: {key} must be true or false, not {value!r}")
        elif name in _INTS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"{source}: {key} must be a whole number of at least 1, not {value!r}")
            if value > MAX_JOBS:
                raise ConfigError(f"{source}: {key} must be at most {MAX_JOBS}, not {value!r}")
        elif name in _PATTERNS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ConfigError(f"{source}: {key} must be a list of patterns (strings), not {value!r}")
            from .selection import Patterns

            value = Patterns(tuple(value), source.parent)
        elif name in _PATH_LISTS:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
                raise ConfigError(f"{source}: {key} must be a path or a list of paths, not {value!r}")
            value = tuple(source.parent / Path(v).expanduser() for v in items)
        elif name in _FLOATS:
            low, high = _FLOATS[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ConfigError(f"{source}: {key} must be a number from {low:g} to {high:g}, not {value!r}")
            value = float(value)
        elif name in _STRS:
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{source}: {key} must be a string, not {value!r}")
        out[name] = value
    return out


def _present(path: Path) -> bool:
    """A file of that name is there (a FIFO or device too: :func:`_load` refuses it in one line)."""
    try:
        return path.exists() and not path.is_dir()
    except OSError:
        return False


def _tool_table(raw: dict) -> Any:
    """``[tool.bilingual]`` of a pyproject.toml, or None: a ``tool`` that is not a table
    (``tool = 1``) belongs to someone else and holds no settings of ours."""
    tool = raw.get("tool")
    return tool.get("bilingual") if isinstance(tool, dict) else None


MAX_BYTES = 1 << 20  # a settings file larger than this is refused unread (it holds a few lines)


def _load(path: Path) -> dict:
    """The TOML table of ``path``; every failure is a one-line :class:`ConfigError`."""
    from .files import not_regular, not_utf8, read_problem

    problem = not_regular(path, "configuration ")
    if problem:
        raise ConfigError(f"{path}: {problem}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise ConfigError(f"{path}: {read_problem(err, 'configuration ')}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_BYTES // (1 << 20)} MB; not a configuration file")
    if b"\x00" in data:
        raise ConfigError(f"{path}: binary file (contains NUL bytes), expected TOML text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: {not_utf8(err)}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply)") from None
