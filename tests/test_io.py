"""Reading and writing: decoding, atomic writes, and chunked cleaning of large inputs (the chunked package).

A streamed run must give the same bytes as a whole-text run: the tests use a
tiny chunk size so that an ordinary article is cut into many chunks.
"""

import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual import Config, InputError, Lang, process
from bilingual import chunked
from bilingual import workers
from bilingual.chunked import cleaning
from bilingual.cli import cli
from bilingual.errors import OutputError
from bilingual.files import decode_article, write_files
from bilingual.report import report_json

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "input" / "article.txt").read_text(encoding="utf-8")
CONFIG = Config(engine="builtin")


def long_article(newline: str = "\n") -> str:
    """The sample with its body repeated, a closing chatter line, and the given line ends."""
    body = ARTICLE.split("\n", 1)[1]
    text = ARTICLE + "\n\n".join([body] * 2) + "\nI hope this helps!\n"
    return text.replace("\n", newline)


def without_notes(report: str) -> dict:
    data = json.loads(report)
    data.pop("notes")
    return data


@pytest.mark.parametrize(
    "newline,encoding,bom",
    [
        pytest.param("\n", "utf-8", b"", id="lf"),
        pytest.param("\r\n", "utf-8", b"\xef\xbb\xbf", id="crlf-bom"),
        pytest.param("\n", "utf-16-le", b"\xff\xfe", id="utf16"),
    ],
)
def test_streamed_run_gives_the_same_bytes_as_a_whole_run(tmp_path, newline, encoding, bom):
    text = long_article(newline)
    src = tmp_path / "a.txt"
    src.write_bytes(bom + text.encode(encoding))
    whole = process(text, CONFIG)
    s = chunked.clean_file(src, tmp_path / "out", CONFIG, chunk_chars=3000)
    assert s.chunks > 5
    for lang in Lang:
        assert (tmp_path / "out" / f"a.{lang.value}.txt").read_bytes() == whole.output(lang).encode("utf-8")
    streamed = (tmp_path / "out" / "a.report.json").read_text(encoding="utf-8")
    assert without_notes(streamed) == without_notes(report_json(whole, str(src)))
    assert "chunks" in json.loads(streamed)["notes"][-1]
    assert s.base_lang == whole.base_lang
    assert sorted(os.listdir(tmp_path / "out")) == ["a.en.txt", "a.fr.txt", "a.report.json"]


def test_chatter_only_at_the_document_edges(tmp_path):
    """A chunk that happens to start with an opener or end with a closer keeps it."""
    middle = "Here is what the trial showed:\nLe foie est un organe.\n\nIf you have questions, ask your doctor.\n\n"
    text = "Title\n\nThe liver is an organ.\n\n" + middle * 40 + "End.\n"
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    chunked.clean_file(src, tmp_path / "out", CONFIG, chunk_chars=len(middle) * 2)
    en = (tmp_path / "out" / "a.en.txt").read_text(encoding="utf-8")
    assert en.count("Here is what the trial showed:") == 40
    assert en.count("If you have questions") == 40


@pytest.mark.parametrize("chunk", [7, 50, 1000])
def test_chunks_join_to_the_decoded_text(tmp_path, chunk):
    text = "Line one.\r\n\r\nLine two é.\n\n\n  \nThree " + "x" * 120 + " four\rfive\n\n"
    src = tmp_path / "a.txt"
    src.write_bytes(b"\xef\xbb\xbf" + text.encode())
    chunks = list(chunked.read_chunks(src, chunk_chars=chunk))
    assert "".join(chunks) == text == decode_article(src.read_bytes(), "a")
    assert all(c for c in chunks)


@pytest.mark.parametrize(
    "text,first",
    [
        ("a b c\n\nd e f\ng h\n\ni j k l m n o p q r s t", "a b c\n\nd e f\ng h\n\n"),  # after a blank line
        ("a b c d e f g h\ni j k l m n o p q r s t", "a b c d e f g h\n"),  # else after a line break
        ("a b c d e f g h i j k l m n o p q r s t", "a b c d e f g h i j k l m n o "),  # else after a space
        ("x" * 45, "x" * 30),  # else at the size
    ],
)
def test_chunks_are_cut_after_blank_lines(text, first):

    chunks = list(chunked.read_chunks_from(io.BytesIO(text.encode()), "x.txt", chunk_chars=30))
    assert chunks[0] == first and "".join(chunks) == text


@settings(deadline=None)  # examples: the Hypothesis profile's (tests/conftest.py)
@given(
    st.binary(max_size=200) | st.text(max_size=60).map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
    st.integers(3, 40),
)
def test_streamed_decoding_agrees_with_whole_decoding(tmp_path_factory, data, bom, chunk):
    data = bom + data
    src = tmp_path_factory.mktemp("d") / "x.txt"
    src.write_bytes(data)
    try:
        expected = decode_article(data, "x.txt")
    except InputError as err:
        with pytest.raises(InputError) as got:
            list(chunked.read_chunks(src, "x.txt", chunk_chars=chunk))
        assert str(got.value) == str(err)
        return
    assert "".join(chunked.read_chunks(src, "x.txt", chunk_chars=chunk)) == expected


def test_invalid_utf8_far_into_a_large_file_names_the_right_offset(tmp_path):
    data = ("Bonjour le monde.\n" * 70_000).encode() + b"caf\xe9\n"  # past the first block read
    src = tmp_path / "a.txt"
    src.write_bytes(data)
    offset = data.index(b"\xe9")
    with pytest.raises(InputError, match=rf"byte 0xe9 at offset {offset}\)"):
        list(chunked.read_chunks(src, chunk_chars=50_000))
    small = tmp_path / "b.txt"
    small.write_bytes(data[-300:])
    with pytest.raises(InputError, match=rf"byte 0xe9 at offset {offset - (len(data) - 300)}\)"):
        chunked.clean_file(small, tmp_path / "out", CONFIG, chunk_chars=50)
    assert not (tmp_path / "out").exists() or os.listdir(tmp_path / "out") == []


def test_interrupted_streamed_run_leaves_nothing(tmp_path, monkeypatch):
    src = tmp_path / "a.txt"
    src.write_text(long_article(), encoding="utf-8")
    import bilingual.pipeline

    calls = []
    real = bilingual.pipeline.process

    def interrupt_on_third(*a, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **kw)

    monkeypatch.setattr("bilingual.pipeline.process", interrupt_on_third)
    with pytest.raises(KeyboardInterrupt):
        chunked.clean_file(src, tmp_path / "out", CONFIG, chunk_chars=3000)
    assert os.listdir(tmp_path / "out") == []


def test_streamed_output_next_to_its_input_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    real = out / "a.en.txt"
    real.write_text("Title\n\nBody text here.\n", encoding="utf-8")
    (tmp_path / "a.txt").symlink_to(real)
    with pytest.raises(OutputError, match="input"):
        chunked.clean_file(tmp_path / "a.txt", out, CONFIG)
    assert real.read_text(encoding="utf-8") == "Title\n\nBody text here.\n"


def test_cli_streams_inputs_above_the_threshold(tmp_path, monkeypatch):
    text = long_article()
    src = tmp_path / "big.txt"
    src.write_text(text, encoding="utf-8")
    monkeypatch.setattr(chunked, "THRESHOLD", 10_000)
    monkeypatch.setattr(chunked, "CHUNK_CHARS", 4000)
    r = CliRunner().invoke(
        cli, ["clean", str(src), "-o", str(tmp_path / "out"), "-e", "builtin"], catch_exceptions=False
    )
    assert r.exit_code == 0, r.output
    assert r.output.startswith("wrote ")
    whole = process(text, CONFIG)
    assert (tmp_path / "out" / "big.en.txt").read_text(encoding="utf-8") == whole.output(Lang.EN)
    report = json.loads((tmp_path / "out" / "big.report.json").read_text(encoding="utf-8"))
    assert "chunks" in report["notes"][-1]
    assert report["summary"]["en"]["changes"] == len(whole.changes_for(Lang.EN))


def test_outputs_have_a_normal_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        write_files({tmp_path / "a.txt": "x"})
        src = tmp_path / "in.txt"
        src.write_text(long_article(), encoding="utf-8")
        chunked.clean_file(src, tmp_path / "s", CONFIG, chunk_chars=5000)
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "s").iterdir()} == {0o644}


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    real = os.replace
    done = []

    def fail_second(a, b):
        if done:
            raise OSError(5, "Input/output error")
        done.append(b)
        return real(a, b)

    monkeypatch.setattr(os, "replace", fail_second)
    with pytest.raises(OutputError, match="Input/output error"):
        write_files({tmp_path / "a.txt": "a", tmp_path / "b.txt": "b"})
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


@pytest.mark.slow
@pytest.mark.parametrize("jobs,fork", [(2, True), (3, True), (2, False)], ids=["fork-2", "fork-3", "spawn-2"])
def test_chunks_in_worker_processes_give_the_same_bytes(tmp_path, monkeypatch, jobs, fork):
    """--jobs N on a large input: worker processes (forked warm, or spawned where forking is
    unsafe) clean the chunks; the same files, byte for byte, and no scratch file left."""
    monkeypatch.setattr(workers, "can_fork", lambda: fork)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))  # where hand-off files go
    (tmp_path / "scratch").mkdir()
    src = tmp_path / "big.txt"
    src.write_text(ARTICLE * 3, encoding="utf-8")
    one = chunked.clean_file(src, tmp_path / "one", CONFIG, chunk_chars=4000, jobs=1)
    many = chunked.clean_file(src, tmp_path / "many", CONFIG, chunk_chars=4000, jobs=jobs)
    assert one.chunks == many.chunks > 4
    assert one.counts == many.counts
    for f in ("big.en.txt", "big.fr.txt", "big.report.json"):
        assert (tmp_path / "many" / f).read_bytes() == (tmp_path / "one" / f).read_bytes(), f
    assert sorted(os.listdir(tmp_path / "many")) == ["big.en.txt", "big.fr.txt", "big.report.json"]
    assert os.listdir(tmp_path / "scratch") == []


def test_no_temporary_folder_cleans_in_one_process(tmp_path, monkeypatch):
    """Workers need a scratch folder; without one the chunks are cleaned here, same bytes."""

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    src = tmp_path / "big.txt"
    src.write_text(ARTICLE * 2, encoding="utf-8")
    chunked.clean_file(src, tmp_path / "one", CONFIG, chunk_chars=4000, jobs=1)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(workers, "Pool", refuse)  # no worker may start either
    chunked.clean_file(src, tmp_path / "two", CONFIG, chunk_chars=4000, jobs=2)
    for f in ("big.en.txt", "big.fr.txt", "big.report.json"):
        assert (tmp_path / "two" / f).read_bytes() == (tmp_path / "one" / f).read_bytes(), f


def _die(*args):
    os._exit(9)


@pytest.mark.slow
def test_a_worker_killed_midway_gives_one_error_and_no_output(tmp_path, monkeypatch):
    """A worker that dies (out of memory, kill -9) fails the file with one line, nothing written."""
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    monkeypatch.setattr(cleaning, "clean_in_worker", _die)  # what the forked workers are asked to run
    src = tmp_path / "big.txt"
    src.write_text(ARTICLE * 2, encoding="utf-8")
    with pytest.raises(OutputError, match="big.txt: a worker process stopped") as err:
        chunked.clean_file(src, tmp_path / "out", CONFIG, chunk_chars=4000, jobs=2)
    assert err.value.exit_code == 6
    assert not (tmp_path / "out").exists() or os.listdir(tmp_path / "out") == []


def test_ctrl_c_during_an_atomic_write_waits_for_it(tmp_path, monkeypatch):
    """Ctrl-C between making a temporary file and recording it leaves nothing behind: the
    write finishes, then the interrupt comes."""
    import signal

    from bilingual import files

    made = []
    real = files.temp_file

    def temp_file_then_ctrl_c(folder, name):
        fd, tmp = real(folder, name)
        made.append(tmp)
        os.kill(os.getpid(), signal.SIGINT)  # arrives before write_files has recorded tmp
        return fd, tmp

    monkeypatch.setattr(files, "temp_file", temp_file_then_ctrl_c)
    out = {tmp_path / "a.en.txt": "English\n", tmp_path / "a.fr.txt": "Français\n"}
    with pytest.raises(KeyboardInterrupt):
        write_files(out)
    assert sorted(os.listdir(tmp_path)) == ["a.en.txt", "a.fr.txt"]  # complete, and no .tmp left
    assert (tmp_path / "a.fr.txt").read_text(encoding="utf-8") == "Français\n"
    assert len(made) == 2


@pytest.mark.parametrize("fork", [True, pytest.param(False, marks=pytest.mark.slow)], ids=["fork", "spawn"])
def test_an_error_midway_stops_the_workers_at_once(tmp_path, monkeypatch, fork):
    """When the run stops early (an error, Ctrl-C), the workers are ended mid-chunk: none is
    left running, and no chunk they were on is waited for."""
    import multiprocessing
    import time

    from bilingual.pipeline import make_engine

    monkeypatch.setattr(workers, "can_fork", lambda: fork)
    src = tmp_path / "big.txt"
    src.write_text(ARTICLE * 40, encoding="utf-8")
    before = set(multiprocessing.active_children())
    done = cleaning.pieces(chunked.read_chunks(src, chunk_chars=20_000), CONFIG, make_engine(CONFIG), (Lang.EN,), 2)
    next(done)
    next(done)  # the workers are busy with the next chunks now
    assert set(multiprocessing.active_children()) - before
    started = time.monotonic()
    done.close()
    assert time.monotonic() - started < 2
    assert not set(multiprocessing.active_children()) - before
