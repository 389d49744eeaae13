"""Reading articles and writing outputs: the only module that touches user files.

Outputs are written atomically (a temporary file in the same folder, then
``os.replace``), all of one run's files together (:class:`AtomicFiles`, the one
mechanism every writer uses), so a failure or Ctrl-C never leaves a partial
output; the input is never overwritten.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, BinaryIO, Iterable, Optional

from .errors import InputError, OutputError

# The byte order is explicit: once the BOM is cut off, plain "utf-16" would assume little-endian.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_bom(head: bytes) -> tuple[str, int]:
    """The encoding a file's first bytes announce, and the BOM's length (UTF-8 and 0 without one)."""
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc, len(bom)
    return "utf-8", 0


def open_input(path: str | os.PathLike, name: str | None = None) -> BinaryIO:
    """Open an input for binary reading; failures become a one-line :class:`InputError`."""
    name = str(path) if name is None else name
    problem = not_regular(path)
    if problem:
        raise InputError(f"{name}: {problem}")
    try:
        return open(path, "rb")
    except OSError as err:
        raise InputError(f"{name}: {read_problem(err)}") from None


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular(path: str | os.PathLike, kind: str = "") -> str:
    """Why ``path`` must not be opened for reading, checked before it is opened (a FIFO with
    no writer would wait forever, ``/dev/zero`` never ends), or "" for a regular file.

    A folder, and a path that cannot be looked at, give "": opening it says what is wrong.

    >>> not_regular("/dev/null")
    "not a regular file (it is a character device); use '-' to read standard input"
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    what = next((name for test, name in _KINDS if test(mode)), "a special file")
    hint = "" if kind else "; use '-' to read standard input"
    return f"not a regular {kind}file (it is {what}){hint}"


def read_problem(err: OSError, kind: str = "") -> str:
    """What went wrong opening a file to read it, in a few words; ``kind`` ("glossary ") says what file."""
    if isinstance(err, FileNotFoundError):
        return f"no such {kind}file"
    if isinstance(err, IsADirectoryError):
        return f"is a directory, expected a {kind or 'text '}file"
    if isinstance(err, PermissionError):
        return "permission denied"
    return f"cannot read {kind}({err.strerror or err})"


def not_utf8(err: UnicodeDecodeError, skip: int = 0) -> str:
    """What every error message says of bytes that are not UTF-8: the first bad byte and its
    offset in the file (``skip``: bytes before the decoded ones, a BOM or earlier blocks)."""
    return f"not valid UTF-8 (byte 0x{err.object[err.start]:02x} at offset {skip + err.start})"


def decode_article(data: bytes, name: str) -> str:
    """Decode the bytes of an article: UTF-8 (a BOM is removed), or UTF-16/32 with a BOM.

    Raises :class:`InputError` with a one-line message naming ``name`` for
    empty, binary or undecodable input. Line endings are kept as they are.
    """
    encoding, skip = sniff_bom(data[:4])
    data = data[skip:]
    if encoding == "utf-8" and b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        if encoding == "utf-8":
            raise InputError(f"{name}: {not_utf8(err, skip)}; convert it to UTF-8 first") from None
        raise InputError(f"{name}: not valid {encoding.upper()}") from None
    if "\x00" in text:
        raise InputError(f"{name}: binary file (contains NUL characters), expected text")
    if not text.strip():
        raise InputError(
            f"{name}: empty file, nothing to clean"
            if not text
            else f"{name}: file has only white space, nothing to clean"
        )
    return text


def read_article(path: str | os.PathLike) -> str:
    """Read and decode one article, raising :class:`InputError` with a one-line message."""
    name = str(path)
    with open_input(path, name) as fh:
        try:
            data = fh.read()
        except OSError as err:
            raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    return decode_article(data, name)


def shown_name(path: str | os.PathLike) -> str:
    """A path as text that can be written in UTF-8: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) become U+FFFD. For reports; the files
    themselves are named by their bytes.

    >>> shown_name(os.fsdecode(b"caf\\xe9.txt"))
    'caf\ufffd.txt'
    """
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown(path: str | os.PathLike, forced: bool | None = False) -> bool:
    """Whether ``path`` is read as Markdown: always with ``--markdown`` (``forced``), else by its suffix."""
    return bool(forced) or Path(path).suffix.lower() in MARKDOWN_SUFFIXES


def output_paths(input_path: str | os.PathLike, out_dir: str | os.PathLike, suffixes: Iterable[str]) -> dict[str, Path]:
    """Where the outputs of ``input_path`` go: ``out_dir/<stem><suffix>`` for each suffix."""
    stem = Path(input_path).stem
    return {s: Path(out_dir) / f"{stem}{s}" for s in suffixes}


def write_files(files: dict[Path, str], *, protect: Iterable[str | os.PathLike] = ()) -> None:
    """Write every file or none (see :class:`AtomicFiles`).

    ``protect`` lists paths (the inputs) that must never be overwritten.
    """
    protected = {same_file_key(p) for p in protect}
    for path in files:
        if same_file_key(path) in protected:
            raise OutputError(f"{path}: output path is the input file; choose another --out-dir")
    with interrupts_deferred(), AtomicFiles() as out:
        for path, content in files.items():
            fh = out.open(path)
            try:
                fh.write(content)
            except OSError as err:  # a full disk (ENOSPC), a quota (EDQUOT), an I/O error
                raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
        out.commit()


class AtomicFiles:
    """Files written under temporary names next to their destinations, then renamed into
    place together by :meth:`commit`: a failure or Ctrl-C before it leaves none of them.

    A temporary file opened without a destination is scratch space (the parts of a
    report, say): it is only removed. Leaving the ``with`` block removes every
    temporary file that was not renamed.
    """

    def __init__(self) -> None:
        self._temps: list[tuple[str, Optional[Path], IO]] = []
        self._renamed: set[str] = set()

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self, dest: Optional[Path], folder: Optional[Path] = None, binary: bool = False) -> IO:
        """A new temporary file in ``folder`` (default: ``dest``'s), open for writing and reading
        back (text in UTF-8, line ends as written, unless ``binary``)."""
        folder = folder if folder is not None else Path(dest).parent if dest is not None else Path(".")
        with interrupts_deferred():  # made and recorded together: close() finds every one
            fd, tmp = temp_file(folder, dest.name if dest is not None else "part")
            try:
                fh = os.fdopen(fd, "wb+") if binary else os.fdopen(fd, "w+", encoding="utf-8", newline="")
            except BaseException:
                os.close(fd)
                os.unlink(tmp)
                raise
            self._temps.append((tmp, dest, fh))
        return fh

    def commit(self) -> None:
        """Close every file (a full disk may show only now, with the last buffered bytes), then
        rename those with a destination into place; :class:`OutputError` naming the file if
        either fails."""
        with interrupts_deferred():  # all the outputs renamed into place, or none
            for tmp, dest, fh in self._temps:
                try:
                    fh.close()
                except OSError as err:
                    raise OutputError(f"{dest or tmp}: cannot write ({err.strerror or err})") from None
            for tmp, dest, _ in self._temps:
                if dest is not None:
                    try:
                        os.replace(tmp, dest)
                    except OSError as err:
                        raise OutputError(f"{dest}: cannot write ({err.strerror or err})") from None
                    self._renamed.add(tmp)

    def close(self) -> None:
        """Close and remove every temporary file not renamed into place."""
        with interrupts_deferred():
            for tmp, _, fh in self._temps:
                try:
                    fh.close()
                except OSError:  # the buffered rest could not be written (a full disk): it goes anyway
                    pass
                if tmp not in self._renamed:
                    try:
                        os.unlink(tmp)
                    except OSError:
                        pass
            self._temps.clear()


@contextlib.contextmanager
def interrupts_deferred():
    """Ctrl-C waits until the block is done, then takes effect: making, renaming or removing
    a set of output files is never cut in the middle (a temporary file made but not yet
    recorded for clean-up, or half a set renamed). Only the main thread handles signals;
    elsewhere this does nothing."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(signal.SIGINT, None)  # Python's default handler raises KeyboardInterrupt
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)


def temp_file(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file ``folder/.NAME.<host>-<pid>.*.bilingual.tmp`` (folder created),
    with the mode a normal new file gets (``mkstemp`` makes it 0600), or :class:`OutputError`.

    The first time a process writes in a folder, the temporary files that a killed run
    left there (their process is gone) are removed: see :func:`bilingual.tempnames.sweep`.
    """
    from . import tempnames

    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempnames.sweep(folder)
        fd, tmp = tempfile.mkstemp(prefix=tempnames.temp_prefix(name), suffix=tempnames.SUFFIX, dir=folder)
    except OSError as err:
        raise OutputError(f"{folder}: cannot write output folder ({err.strerror or err})") from None
    try:
        os.chmod(tmp, 0o666 & ~_umask())
    except OSError:
        pass
    return fd, tmp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def same_file_key(path: str | os.PathLike) -> str:
    """What two paths of the same file have in common (links resolved, case folded where
    the system ignores case): an output must never have its input's key."""
    return os.path.normcase(os.path.realpath(path))
