"""`bilingual models install PAIR` and `models available`: the real download path, against an
HTTP server this test starts on 127.0.0.1 (a generated index and tiny models)."""

import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from bilingual import model_index, models
from bilingual.cli import cli
from tinymodel import build_argosmodel


def run(*args, **kw):
    return CliRunner().invoke(cli, ["models", *[str(a) for a in args]], catch_exceptions=False, **kw)


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list = []

    def do_GET(self):
        self.hits.append(self.path)
        body = self.routes.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        if isinstance(body, tuple):  # ("truncated", bytes): announce more than is sent
            data = body[1]
            self.send_response(200)
            self.send_header("Content-Length", str(len(data) * 2))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("index-server")
    fr_en = build_argosmodel(
        root / "fr_en.argosmodel", "fr", "en", top="translate-fr_en-0_2", version="0.2"
    ).read_bytes()
    en_fr = build_argosmodel(root / "en_fr.argosmodel", "en", "fr", seed=1, top="translate-en_fr-0_1").read_bytes()
    bad = root / "bad.argosmodel"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("pkg/metadata.json", "{}")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def entry(src, tgt, version, *links):
        return {
            "package_version": version,
            "argos_version": "1.9.0",
            "from_code": src,
            "from_name": src.upper(),
            "to_code": tgt,
            "to_name": tgt.upper(),
            "links": [f"{base}{x}" for x in links],
        }

    index = [
        entry("fr", "en", "0.1", "/old/translate-fr_en-0_1.argosmodel"),  # older: 404, never asked
        entry("fr", "en", "0.2", "/pkg/translate-fr_en-0_2.argosmodel"),
        entry("en", "fr", "0.1", "/missing/translate-en_fr-0_1.argosmodel", "/pkg/translate-en_fr-0_1.argosmodel"),
        {"package_version": "1.0", "from_code": "de", "to_code": "en"},  # no links: left out
        entry("de", "en", "1.0", "/missing/translate-de_en-1_0.argosmodel"),
        entry("es", "en", "1.0", "/cut/translate-es_en-1_0.argosmodel"),
        entry("it", "en", "1.0", "/bad/translate-it_en-1_0.argosmodel"),
    ]
    _Handler.routes = {
        "/index.json": json.dumps(index).encode(),
        "/broken.json": b"<html>not json</html>",
        "/pkg/translate-fr_en-0_2.argosmodel": fr_en,
        "/pkg/translate-en_fr-0_1.argosmodel": en_fr,
        "/cut/translate-es_en-1_0.argosmodel": ("truncated", fr_en[:5000]),
        "/bad/translate-it_en-1_0.argosmodel": bad.read_bytes(),
    }
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)  # quick shutdown
    thread.start()
    yield SimpleNamespace(base=base, index=f"{base}/index.json", fr_en=fr_en, hits=_Handler.hits)
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def store(tmp_path, monkeypatch, server):
    d = tmp_path / "store"
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(d))
    monkeypatch.setenv("BILINGUAL_MODEL_INDEX", server.index)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.chdir(tmp_path)  # no settings file of the checkout applies
    server.hits.clear()
    return d


def _leftovers(store):
    return sorted(p.name for p in store.iterdir() if p.name.startswith(".")) if store.is_dir() else []


def test_install_a_pair_downloads_the_newest_package(store, server):
    r = run("install", "fr-en")
    assert r.exit_code == 0, r.output + r.stderr
    assert r.output == f"installed translate-fr_en-0_2 (fr->en, argos) in {store}\n"
    assert r.stderr == ""  # not a terminal: no progress bar
    assert models.find("fr", "en").name == "translate-fr_en-0_2"
    assert server.hits == ["/index.json", "/pkg/translate-fr_en-0_2.argosmodel"]
    assert _leftovers(store) == []


def test_install_both_directions_at_once_tries_the_mirrors(store, server):
    r = run("install", "fr-en", "en-fr")
    assert r.exit_code == 0, r.stderr
    assert r.output.splitlines() == [
        f"installed translate-fr_en-0_2 (fr->en, argos) in {store}",
        f"installed translate-en_fr-0_1 (en->fr, argos) in {store}",
    ]
    assert server.hits.count("/index.json") == 1  # read once for both
    assert "/missing/translate-en_fr-0_1.argosmodel" in server.hits  # the first link 404s: the next one is used
    r = run("install", "fr-en")  # again: nothing downloaded
    assert r.exit_code == 0
    assert r.output == (
        f"fr-en: translate-fr_en-0_2 (version 0.2) is installed already in {store}; --force downloads it again\n"
    )


def test_the_installed_model_translates(store, server, monkeypatch, tmp_path):
    assert run("install", "fr-en", "en-fr").exit_code == 0
    monkeypatch.setenv("BILINGUAL_NMT_MAX_DECODING_LENGTH", "12")
    article = tmp_path / "a.txt"
    article.write_text("Le foie est un organe. The liver regenerates.\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["clean", str(article), "-o", str(tmp_path / "out"), "-e", "nmt", "-q"])
    assert r.exit_code == 0, r.stderr
    report = json.loads((tmp_path / "out" / "a.report.json").read_text())
    assert any(c["engine"] == "nmt" for c in report["changes"])


def test_sha256_checks_the_download(store, server):
    good = hashlib.sha256(server.fr_en).hexdigest()
    assert run("install", "fr-en", "--sha256", good).exit_code == 0
    r = run("install", "fr-en", "--force", "--sha256", "0" * 64)
    assert r.exit_code == 5
    assert r.stderr == (
        f"Error: {server.base}/pkg/translate-fr_en-0_2.argosmodel: SHA-256 mismatch: got {good}, expected {'0' * 64}\n"
    )
    assert _leftovers(store) == []
    r = run("install", "fr-en", "en-fr", "--sha256", good)
    assert r.exit_code == 2 and "one target only" in r.stderr


@pytest.mark.parametrize(
    "pair, message",
    [
        pytest.param("de-en", "/missing/translate-de_en-1_0.argosmodel: HTTP 404 Not Found", id="404"),
        pytest.param("es-en", "/cut/translate-es_en-1_0.argosmodel: download cut off after", id="cut-off"),
        pytest.param(
            "it-en",
            "/bad/translate-it_en-1_0.argosmodel: not a usable model package (pkg: no tokenizer",
            id="bad-package",
        ),
        pytest.param("fr-de", "fr-de: no package for this pair in the index", id="unknown-pair"),
    ],
)
def test_failures_one_line_exit_5_nothing_left(store, server, pair, message):
    r = run("install", pair)
    assert r.exit_code == 5, r.output
    assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1 and message in r.stderr, r.stderr
    assert models.installed() == ([], [])
    assert _leftovers(store) == []


def test_no_network_one_line_exit_5(store, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run("install", "fr-en", "--index", f"http://127.0.0.1:{port}/index.json")
    assert r.exit_code == 5
    assert r.stderr.startswith(f"Error: http://127.0.0.1:{port}/index.json: cannot connect (")
    assert r.stderr.endswith("check the network, or use --index / $BILINGUAL_MODEL_INDEX for a mirror\n")
    assert r.stderr.count("\n") == 1


def test_index_that_is_not_json(store, server):
    r = run("available", "--index", f"{server.base}/broken.json")
    assert r.exit_code == 5
    assert r.stderr.startswith(f"Error: {server.base}/broken.json: not a package index (not JSON: ")


def test_available_lists_the_newest_of_each_pair(store, server):
    r = run("available")
    assert r.exit_code == 0, r.stderr
    assert r.output.splitlines() == [
        f"packages in {server.index}:",
        "  de-en    1.0     DE -> EN",
        "  en-fr    0.1     EN -> FR",
        "  es-en    1.0     ES -> EN",
        "  fr-en    0.2     FR -> EN",
        "  it-en    1.0     IT -> EN",
        "bilingual uses fr-en (for the English output) and en-fr (for the French output): "
        "bilingual models install fr-en en-fr",
    ]


def test_index_address_option_env_setting_default(store, server, monkeypatch, tmp_path):
    monkeypatch.delenv("BILINGUAL_MODEL_INDEX")
    assert model_index.index_url() == model_index.DEFAULT_INDEX
    (tmp_path / "bilingual.toml").write_text(f'model-index = "{server.base}/from-settings.json"\n')
    r = run("available")
    assert r.exit_code == 5 and "/from-settings.json: HTTP 404" in r.stderr
    monkeypatch.setenv("BILINGUAL_MODEL_INDEX", f"{server.base}/from-env.json")
    assert "/from-env.json: HTTP 404" in run("available").stderr
    assert run("available", "--index", server.index).exit_code == 0


def test_a_file_index_for_an_internal_mirror(store, server, tmp_path):
    pkg = tmp_path / "translate-fr_en-0_2.argosmodel"
    pkg.write_bytes(server.fr_en)
    index = tmp_path / "index.json"
    index.write_text(
        json.dumps([{"from_code": "fr", "to_code": "en", "package_version": "0.2", "links": [pkg.as_uri()]}])
    )
    r = run("install", "fr-en", "--index", index.as_uri())
    assert r.exit_code == 0, r.stderr
    assert server.hits == []


def test_ctrl_c_during_a_download_leaves_nothing(store, server):
    def interrupt(done, total):
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        model_index.install_pair("fr", "en", server.index, progress=interrupt)
    assert models.installed() == ([], []) and _leftovers(store) == []


def test_sha256_of_a_local_file(store, tiny_models):
    r = run("install", tiny_models.argosmodel, "--sha256", "a" * 64)
    assert r.exit_code == 3 and "SHA-256 mismatch" in r.stderr
    good = hashlib.sha256(Path(tiny_models.argosmodel).read_bytes()).hexdigest()
    assert run("install", tiny_models.argosmodel, "--sha256", good).exit_code == 0
    r = run("install", tiny_models.opus, "--sha256", good)
    assert r.exit_code == 2 and "is a folder" in r.stderr


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal(store, server, tmp_path):
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "BILINGUAL_MODELS_DIR": str(store), "BILINGUAL_MODEL_INDEX": server.index}
    env.pop("CI", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bilingual", "models", "install", "fr-en"],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        shown += data
    os.close(master)
    assert proc.returncode == 0, shown
    assert b"downloading fr-en" in shown and b"100%" in shown


def test_clean_and_check_never_read_the_index(store, server, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Le foie est un organe. The liver regenerates.\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["clean", str(article), "-o", str(tmp_path / "out"), "-q"]).exit_code == 0
    CliRunner().invoke(cli, ["check", str(article)])
    assert server.hits == []
