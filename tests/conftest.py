import os
import shutil
import signal
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis: "dev" (100 examples a property) for the inner loop, "ci" (1,000) where CI is set
# (.ci/run sets it); HYPOTHESIS_PROFILE chooses either. Property tests take their number of
# examples from the profile: their @settings name no max_examples.
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# The Ctrl-C tests send SIGINT to this process and to `bilingual` subprocesses. A run started in the
# background of a non-interactive shell (`pytest &`) inherits SIGINT ignored, and so would they:
# Python's handler is put back.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Markers (registered in pyproject.toml): `slow` for subprocess runs, worker pools, 1 MB-scale
# inputs and model builds; `browser` for headless chromium. The inner loop,
# `pytest -m "not slow and not browser"`, runs in under 15 s; CI (.ci/run) runs everything.
CHROMIUM = "/usr/bin/chromium"  # Debian's package, as tests/test_html.py uses it
CHROMIUM_HINT = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)"


def pytest_runtest_setup(item):
    """A `browser` test skips, with the install command, where chromium is missing; under CI
    (``CI`` set) it fails instead, so that CI never passes without rendering the page."""
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(CHROMIUM_HINT, pytrace=False)
        pytest.skip(CHROMIUM_HINT)


@pytest.fixture
def article_path(tmp_path) -> Path:
    p = tmp_path / "article.txt"
    shutil.copy(ROOT / "input" / "article.txt", p)
    return p


# --- no network in tests (tests/netguard.py), here and in Python subprocesses -------------
from netguard import NetworkBlocked, install as _install_netguard  # noqa: E402,F401

_install_netguard(on=False)
collect_ignore = ["netguard_site"]  # its sitecustomize.py is for subprocesses, not for collection


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Session-wide: any non-local socket use raises :class:`NetworkBlocked`, in this process and,
    through ``tests/netguard_site/sitecustomize.py`` on PYTHONPATH, in Python subprocesses."""
    site = str(Path(__file__).resolve().parent / "netguard_site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [site, os.environ.get("PYTHONPATH")])))
        _install_netguard(on=True)
        yield
        _install_netguard(on=False)


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
