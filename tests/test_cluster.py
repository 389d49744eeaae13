"""--scheduler on a real Dask LocalCluster of two worker processes (127.0.0.1, no dashboard).

Nothing is mocked: the workers are separate processes that import bilingual and
clean; one of them is killed with SIGKILL in the middle of a run.
"""

import importlib.util
import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual import dataset
from bilingual.cli import cli
from bilingual.config import Config

if importlib.util.find_spec("distributed") is None:  # the test extra installs it: never skipped in CI
    pytest.skip("Dask distributed is not installed: pip install -e '.[test]'", allow_module_level=True)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "input" / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cluster():
    import distributed  # here, not at collection: a third of a second

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=40
    ) as lc:
        with distributed.Client(lc) as client:
            yield client


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _tree(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make_docs(root: Path) -> Path:
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    paras = [p for p in ARTICLE.split("\n\n") if p.strip()]
    for i in range(6):
        (docs / f"a{i}.txt").write_text("\n\n".join(paras[i:] + paras[:i]), encoding="utf-8")
    (docs / "sub" / "b.md").write_text(
        "# Titre\n\nLes cellules souches, `code`, especially for the liver.\n", encoding="utf-8"
    )
    (docs / "bad.txt").write_bytes(b"\xff\xfe\x00")
    return docs


def make_dataset(path: Path, n: int) -> Path:
    paras = [p for p in ARTICLE.split("\n\n") if p.strip()]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = "\n\n".join(paras[i % len(paras) :] + paras[: i % len(paras)])
            fh.write(json.dumps({"id": i, "meta": {"body": text}}, ensure_ascii=False) + "\n")
        fh.write("not json\n")
    return path


def test_files_on_the_cluster_equal_a_local_run(tmp_path, cluster, monkeypatch):
    from bilingual import cluster as bc

    monkeypatch.setattr(bc, "FILES_MAX", 2)  # 4 tasks of 2 files, not one of 7: both workers clean
    docs = make_docs(tmp_path)
    local = run("clean", docs, "-o", tmp_path / "local", "--xliff")
    remote = run("clean", docs, "-o", tmp_path / "remote", "--xliff", "--scheduler", cluster.scheduler.address)
    assert (local.exit_code, remote.exit_code) == (3, 3)  # bad.txt fails in both
    assert remote.stderr.splitlines()[0] == f"Error: {docs}/bad.txt: not valid UTF-16-LE"
    assert remote.stdout.replace("/remote/", "/local/") == local.stdout
    tree = _tree(tmp_path / "remote")
    assert len(tree) == 7 * 6 and tree == _tree(tmp_path / "local")  # en, fr, report.json, .html, 2 .xlf


def test_dataset_on_the_cluster_equals_a_local_run_on_both_workers(tmp_path, cluster):
    data = make_dataset(tmp_path / "data.jsonl", 100)
    args = ["clean", data, "--text-field", "meta.body", "--on-error", "keep"]
    local = run(*args, "-o", tmp_path / "local")
    from distributed import get_task_stream

    with get_task_stream(client=cluster) as tasks:  # what the scheduler ran, and where
        remote = run(*args, "-o", tmp_path / "remote", "--scheduler", cluster.scheduler.address)
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert (
        remote.stderr == local.stderr == f"Error: {data}:101: not valid JSON (Expecting value at column 1) (row kept)\n"
    )
    assert _tree(tmp_path / "remote") == _tree(tmp_path / "local")
    # both workers cleaned partitions (100 rows of about 6 kB: 3 partitions of at most 256 kB)
    assert len(tasks.data) >= 3 and len({t["worker"] for t in tasks.data}) == 2
    # each worker built its engine once, at its first task
    assert sorted(cluster.run(_engines).values()) == [1, 1]


def _engines() -> int:
    from bilingual import workers

    return workers.engines_held()


def test_an_engine_a_worker_cannot_build_stops_the_run_with_one_line(tmp_path, cluster):
    data = make_dataset(tmp_path / "data.jsonl", 3)
    r = run(
        "clean",
        data,
        "--text-field",
        "meta.body",
        "-o",
        tmp_path / "out",
        "--engine",
        "nmt",
        "--scheduler",
        cluster.scheduler.address,
    )  # no nmt model in BILINGUAL_MODELS_DIR (conftest)
    assert r.exit_code == 5
    assert r.stderr.startswith("Error: no nmt model installed for ") and len(r.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_local_n_starts_its_own_cluster(tmp_path):
    data = make_dataset(tmp_path / "data.jsonl", 6)
    local = run("clean", data, "--text-field", "meta.body", "-o", tmp_path / "local", "--to", "fr")
    remote = run(
        "clean", data, "--text-field", "meta.body", "-o", tmp_path / "remote", "--to", "fr", "--scheduler", "local:2"
    )
    assert local.exit_code == remote.exit_code == 3  # a bad row skipped
    assert _tree(tmp_path / "remote") == _tree(tmp_path / "local")
    assert sorted(_tree(tmp_path / "remote")) == ["data.fr.jsonl", "data.report.jsonl"]


def test_unreachable_scheduler(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = make_dataset(tmp_path / "data.jsonl", 1)
    r = run(
        "clean", data, "--text-field", "meta.body", "-o", tmp_path / "out", "--scheduler", f"tcp://127.0.0.1:{port}"
    )
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Error: --scheduler tcp://127.0.0.1:{port}: cannot reach the scheduler (")
    assert not (tmp_path / "out").exists()


def test_a_killed_worker_loses_nothing(tmp_path, cluster):
    """SIGKILL one worker while both clean: Dask runs its task again elsewhere (or on the
    worker its nanny restarts); every row is written once, and no temporary file is left."""
    from bilingual import cluster as bc

    data = make_dataset(tmp_path / "data.jsonl", 24)
    config = Config(engine="builtin")
    want = dataset.clean_dataset(str(data), tmp_path / "local", config, "meta.body", on_error="keep", part_rows=2)
    pids = cluster.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed = []

    def kill_once(part):
        if not killed:  # the first partition is back: both workers are busy with the next ones
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    submit, ahead = bc.dataset_submit(cluster)
    got = dataset.clean_dataset(
        str(data),
        tmp_path / "remote",
        config,
        "meta.body",
        on_error="keep",
        submit=submit,
        ahead=ahead,
        on_part=kill_once,
        part_rows=2,
    )
    assert killed and victim not in cluster.run(os.getpid).values()  # it did die (a new one took its place)
    # the scheduler marked a partition that was on the dead worker as suspicious and ran it again
    assert cluster.run_on_scheduler(_suspicious, "clean_lines") >= 1
    assert (got.rows, got.errors) == (want.rows, want.errors) == (24, 1)
    assert sorted(os.listdir(tmp_path / "remote")) == ["data.en.jsonl", "data.fr.jsonl", "data.report.jsonl"]
    assert _tree(tmp_path / "remote") == _tree(tmp_path / "local")


def _suspicious(prefix: str, dask_scheduler=None) -> int:
    """How many times tasks of ``prefix`` were on a worker that died (and were rescheduled)."""
    return dask_scheduler.task_prefixes[prefix].suspicious
