"""Work around a reference-count bug in PySide6 6.12.0: `SignalInstance.emit()` returns
`True` without owning a reference to it.

Every `signal.emit(...)` made from Python therefore takes one reference from `True`; after a
few thousand emits (an operator's shift, or one test run) `True` is "freed" and the
interpreter aborts with "bool_dealloc: deallocating True or False" or crashes. Measured here:
-1 on sys.getrefcount(True) per emit, connected or not, blocked or not.

The fix gives the reference back after each emit. Should a later PySide6 return a properly
owned `True`, the extra reference only keeps `True` alive, which it always is: harmless.
Installed once when softphone.ui is imported, so the app, tests and benchmarks all get it.

The second workaround is for start-up time and memory. Once PySide6 is imported, its import
hook (shibokensupport.feature, for `from __feature__ import snake_case`) asks of every module
imported later whether its source mentions "PySide6", with `inspect.getsource`: each module's
whole source is read, tokenised and kept in `linecache` for the life of the process. Measured
here: importing SQLAlchemy, Alembic and numpy after PySide6 cost 29 MB more RSS and ~0.1 s
more than with the check below, which reads the file and keeps nothing (same answer; the app
never selects a __feature__ anyway).
"""

from __future__ import annotations

import ctypes
import linecache
import sys
from types import ModuleType
from typing import Any

from PySide6.QtCore import SignalInstance

_INCREF = ctypes.pythonapi.Py_IncRef
_INCREF.argtypes = [ctypes.py_object]
_INCREF.restype = None
_MARK = "_softphone_refcount_fix"


def install() -> None:
    _install_emit_fix()
    _install_light_feature_check()


def _mentions_pyside(module: ModuleType) -> bool:
    """PySide6's own test (does the source say "PySide6"?) without filling linecache."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or source-less: PySide6 answers False too
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _install_light_feature_check() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", _mentions_pyside)  # noqa: B010
        linecache.clearcache()  # what the hook read of the modules imported before this


def _install_emit_fix() -> None:
    original = SignalInstance.emit
    if getattr(original, _MARK, False):
        return

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            _INCREF(result)
        return result

    setattr(emit, _MARK, True)
    SignalInstance.emit = emit  # type: ignore[method-assign]
