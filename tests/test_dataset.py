"""JSON Lines data sets (--text-field), --on-error, --shard, and --scheduler without Dask."""

import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

import bilingual
from bilingual import dataset
from bilingual.cli import cli

EN = "Stem cells hold great promise. The liver can regenerate, notamment après une lésion."
FR = "Les cellules souches sont prometteuses, especially for the liver."


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def write_rows(path: Path, lines) -> Path:
    path.write_text("".join(l + "\n" for l in lines), encoding="utf-8")
    return path


def rows(path: Path) -> list:
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]


def good_rows(n: int) -> list[str]:
    return [
        json.dumps({"id": i, "text": (EN, FR)[i % 2] + f" ({i})", "tags": ["a", i]}, ensure_ascii=False)
        for i in range(n)
    ]


def test_rows_keep_every_field_and_get_the_clean_text(tmp_path):
    data = write_rows(tmp_path / "data.jsonl", good_rows(2))
    r = run("clean", data, "--text-field", "text", "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == (
        f"wrote {tmp_path}/out/data.en.jsonl, {tmp_path}/out/data.fr.jsonl, "
        f"{tmp_path}/out/data.report.jsonl; 2 rows cleaned, 2 need review"
    )
    en, fr = rows(tmp_path / "out" / "data.en.jsonl"), rows(tmp_path / "out" / "data.fr.jsonl")
    assert [list(r) for r in en] == [["id", "text", "tags", "bilingual"]] * 2
    assert en[0]["tags"] == ["a", 0] and en[1]["id"] == 1
    assert en[0]["text"] == "Stem cells hold great promise. The liver can regenerate, notably after a lesion. (0)"
    assert en[1]["text"] == "Stem cells are promising, especially for the liver. (1)"
    assert en[1]["bilingual"] == {"base_lang": "en", "changes": 1, "flags": 0, "input_flags": 0, "needs_review": False}
    assert fr[1]["text"] == FR + " (1)"  # the builtin engine cannot translate "especially for the liver"
    assert fr[1]["bilingual"] == {"base_lang": "en", "changes": 0, "flags": 1, "input_flags": 0, "needs_review": True}
    assert set(fr[0]["bilingual"]) == {"base_lang", "changes", "flags", "input_flags", "needs_review"}
    report = rows(tmp_path / "out" / "data.report.jsonl")
    assert [x["source"] for x in report] == [f"{data}:1", f"{data}:2"]
    assert report[0]["summary"]["en"]["changes"] == en[0]["bilingual"]["changes"]
    # a row's report is the report of `bilingual clean` on its text
    single = tmp_path / "one.txt"
    single.write_text(EN + " (0)", encoding="utf-8")
    run("clean", single, "-o", tmp_path / "single", "--no-html")
    whole = json.loads((tmp_path / "single" / "one.report.json").read_text(encoding="utf-8"))
    assert {**whole, "source": report[0]["source"]} == report[0]


def test_nested_field_path(tmp_path):
    data = write_rows(tmp_path / "d.jsonl", [json.dumps({"meta": {"body": FR, "n": 1}, "x": 2})])
    r = run("clean", data, "--text-field", "meta.body", "-o", tmp_path, "--to", "en")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.glob("d.*.jsonl")) == ["d.en.jsonl", "d.report.jsonl"]
    (row,) = rows(tmp_path / "d.en.jsonl")
    assert row["meta"] == {"body": "Stem cells are promising, especially for the liver.", "n": 1}
    assert row["x"] == 2 and row["bilingual"]["base_lang"] == "en"


BAD = ["not json", '{"id": 2}', "[1, 2]", '{"text": 5}', '{"text": "\\ud800 x"}']


def test_bad_rows_are_reported_counted_and_skipped(tmp_path):
    data = write_rows(tmp_path / "data.jsonl", [good_rows(1)[0], *BAD, "", good_rows(2)[1]])
    r = run("clean", data, "--text-field", "text", "-o", tmp_path / "out")
    assert r.exit_code == 3  # rows are missing from the outputs
    assert r.stderr.splitlines() == [
        f"Error: {data}:2: not valid JSON (Expecting value at column 1) (row skipped)",
        f"Error: {data}:3: no field 'text' (row skipped)",
        f"Error: {data}:4: not a JSON object (list) (row skipped)",
        f"Error: {data}:5: field 'text' is not a string (int) (row skipped)",
        f"Error: {data}:6: field 'text': unpaired surrogate U+D800 at offset 0, not valid Unicode (row skipped)",
    ]
    assert r.stdout.strip().endswith("2 rows cleaned, 2 need review, 5 bad rows skipped")
    assert [x["id"] for x in rows(tmp_path / "out" / "data.en.jsonl")] == [0, 1]
    report = rows(tmp_path / "out" / "data.report.jsonl")  # every row, the blank line (7) is not one
    assert [x["source"].rsplit(":", 1)[1] for x in report] == ["1", "2", "3", "4", "5", "6", "8"]
    assert report[2] == {"schema_version": 1, "source": f"{data}:3", "error": "no field 'text'", "action": "skipped"}


def test_keep_copies_bad_rows_through_unchanged(tmp_path):
    lines = [good_rows(1)[0], *BAD, good_rows(2)[1]]
    data = write_rows(tmp_path / "data.jsonl", lines)
    r = run("clean", data, "--text-field", "text", "-o", tmp_path / "out", "--on-error", "keep")
    assert r.exit_code == 0, r.output
    assert len(r.stderr.splitlines()) == 5 and r.stderr.splitlines()[0].endswith("(row kept)")
    for lang in ("en", "fr"):
        out = (tmp_path / "out" / f"data.{lang}.jsonl").read_text(encoding="utf-8").splitlines()
        assert out[1:6] == BAD and json.loads(out[6])["id"] == 1
    assert rows(tmp_path / "out" / "data.report.jsonl")[1]["action"] == "kept"


def test_missing_dataset_and_usage_errors(tmp_path):
    r = run("clean", tmp_path / "nope.jsonl", "--text-field", "text", "-o", tmp_path / "out")
    assert (r.exit_code, r.stderr) == (3, f"Error: {tmp_path}/nope.jsonl: no such file\n")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    r = run("clean", tmp_path / "x.txt", "--on-error", "keep")
    assert r.exit_code == 2 and "Error: --on-error applies to data sets: give --text-field too" in r.stderr
    r = run("clean", "-", "--text-field", "text")
    assert r.exit_code == 2 and "'-' (stdin) cannot be used with --text-field" in r.stderr
    r = run("clean", tmp_path / "x.jsonl", "--text-field", "a..b")
    assert r.exit_code == 2 and "empty key in the field path" in r.stderr


def test_strict_exits_1_when_a_row_needs_review(tmp_path):
    data = write_rows(tmp_path / "data.jsonl", good_rows(2))
    assert run("clean", data, "--text-field", "text", "-o", tmp_path, "--strict").exit_code == 1


@pytest.mark.slow
def test_reading_is_streamed(tmp_path):
    """Memory follows the row, not the file: 20 MB read in partitions peak well under 3 MB."""
    data = tmp_path / "big.jsonl"
    row = (json.dumps({"text": "word " * 100}) + "\n").encode()
    with open(data, "wb") as fh:
        for _ in range(20_000_000 // len(row)):
            fh.write(row)
    tracemalloc.start()
    n = 0
    for part in dataset.partitions(dataset.read_lines(data)):
        n += len(part)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 20_000_000 // len(row)
    assert peak < 3_000_000


@pytest.mark.parametrize("n", [2, 3, 7])
def test_dataset_shards_concatenated_are_the_unsharded_run(tmp_path, n):
    lines = good_rows(9)
    lines[4] = "oops"  # a bad row keeps its line number in its shard
    data = write_rows(tmp_path / "data.jsonl", lines)
    run("clean", data, "--text-field", "text", "-o", tmp_path / "all", "--on-error", "keep")
    errors = []
    for k in range(1, n + 1):
        r = run(
            "clean", data, "--text-field", "text", "-o", tmp_path / "sh", "--on-error", "keep", "--shard", f"{k}/{n}"
        )
        assert r.exit_code == 0, r.output
        errors += r.stderr.splitlines()
    assert errors == [f"Error: {data}:5: not valid JSON (Expecting value at column 1) (row kept)"]
    for kind in ("en", "fr", "report"):
        shards = b"".join(
            (tmp_path / "sh" / f"data.shard-{k}-of-{n}.{kind}.jsonl").read_bytes() for k in range(1, n + 1)
        )
        assert shards == (tmp_path / "all" / f"data.{kind}.jsonl").read_bytes()


def test_read_lines_shards_split_every_line_once(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_bytes(b"a\n\nbcd\r\nefghij\nk")  # no final line break
    whole = list(dataset.read_lines(data))
    assert whole == [(1, b"a\n"), (2, b"\n"), (3, b"bcd\r\n"), (4, b"efghij\n"), (5, b"k")]
    for n in range(1, 20):
        assert [x for k in range(1, n + 1) for x in dataset.read_lines(data, shard=(k, n))] == whole


def test_file_shards_together_are_the_unsharded_run(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    for i in range(5):
        (docs / f"a{i}.txt").write_text(f"{EN} ({i})\n", encoding="utf-8")
    (docs / "sub" / "b.md").write_text(f"# Titre\n\n{FR}\n", encoding="utf-8")
    assert run("clean", docs, "-o", tmp_path / "all", "-q").exit_code == 0
    seen = []
    for k in (1, 2, 3):
        r = run("clean", docs, "-o", tmp_path / "sh", "--shard", f"{k}/3")
        assert r.exit_code == 0, r.output
        seen.append(sorted(p.name for p in (tmp_path / "sh").rglob("*.report.json")))
    assert seen[0] == ["a0.report.json", "a3.report.json"]  # every 3rd file from the 1st
    assert _tree(tmp_path / "sh") == _tree(tmp_path / "all")
    r = run("clean", docs, "--shard", "4/3")
    assert r.exit_code == 2 and "'4/3': K must be between 1 and N" in r.stderr


def _tree(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_jobs_2_writes_the_same_bytes(tmp_path):
    data = write_rows(tmp_path / "data.jsonl", good_rows(30) + ["bad"])
    run("clean", data, "--text-field", "text", "-o", tmp_path / "one", "--jobs", "1")
    r = run("clean", data, "--text-field", "text", "-o", tmp_path / "two", "--jobs", "2")
    assert (
        r.exit_code == 3
        and r.stderr == f"Error: {data}:31: not valid JSON (Expecting value at column 1) (row skipped)\n"
    )
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")


def test_process_rows_is_public():
    out = list(bilingual.process_rows([{"t": FR}, {"u": 1}], bilingual.Config(engine="builtin"), "t"))
    assert out[0].en["t"] == "Stem cells are promising, especially for the liver."
    assert out[0].error is None and out[1].error == "row:2: no field 't'" and out[1].en is None


def test_scheduler_without_dask_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed: import fails
    data = write_rows(tmp_path / "data.jsonl", good_rows(1))
    for args in (["--text-field", "text"], []):
        r = run("clean", data, *args, "--scheduler", "local:2", "-o", tmp_path / "out")
        assert r.exit_code == 2
        assert r.stderr == (
            "Error: --scheduler needs Dask distributed, which is not installed: pip install 'dask[distributed]'\n"
        )
    assert not (tmp_path / "out").exists()
    r = run("clean", data, "--scheduler", "http://x")
    assert r.exit_code == 2


def test_help_does_not_import_dask():
    import subprocess

    code = (
        "import sys; from bilingual.cli import main; sys.argv=['bilingual','clean','--help']\n"
        "try: main()\nexcept SystemExit: pass\nprint('distributed' in sys.modules, 'bilingual.dataset' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "False False"


def test_the_library_example_of_the_docs_runs():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "scaling.md").read_text(encoding="utf-8")
    example = doc.split("```python\n")[1].split("```")[0]  # the first one: process_rows
    assert "process_rows" in example
    exec(compile(example, "docs/scaling.md", "exec"), {})


@pytest.mark.slow
def test_a_killed_jobs_worker_is_one_error_and_no_output(tmp_path):
    """A real process pool whose worker dies in its first partition (SIGABRT, as if killed
    from outside): the data set fails with one line, and no output file is left."""
    import os
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from bilingual.config import Config

    data = write_rows(tmp_path / "data.jsonl", good_rows(40))
    calls = []

    def submit(fn, *args):
        calls.append(fn)
        return pool.submit(os.abort) if len(calls) == 1 else pool.submit(fn, *args)

    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        out = dataset.clean_dataset(
            str(data), tmp_path / "out", Config(engine="builtin"), "text", submit=submit, part_rows=5
        )
    assert out.exit_code == 6
    assert out.error == (
        f"{data}: a worker process stopped before its rows were cleaned (out of memory?); "
        "nothing written; try again with --jobs 1"
    )
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_lone_surrogate_in_another_field_keeps_its_escape(tmp_path):
    data = write_rows(tmp_path / "d.jsonl", ['{"title": "\\ud800", "text": "Les cellules souches."}'])
    r = run("clean", data, "--text-field", "text", "-o", tmp_path / "out", "--to", "en")
    assert r.exit_code == 0, r.output
    line = (tmp_path / "out" / "d.en.jsonl").read_bytes().decode("utf-8")  # valid UTF-8
    assert line.startswith('{"title": "\\ud800", "text": "Stem cells."')
