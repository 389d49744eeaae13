"""Loaded at start-up by Python subprocesses of the test session (PYTHONPATH): no network there either."""
import importlib.util as _util
import os as _os

_spec = _util.spec_from_file_location(
    "_bilingual_test_netguard", _os.path.join(_os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))), "netguard.py"))
_guard = _util.module_from_spec(_spec)
_spec.loader.exec_module(_guard)
_guard.install(on=True)
