"""Work around a reference-count bug in PySide6 6.12.0: `SignalInstance.emit()` returns
`True` without owning a reference to it.

Every `signal.emit(...)` made from Python therefore takes one reference from `True`; after a
few thousand emits (an operator's shift, or one test run) `True` is "freed" and the
interpreter aborts with "bool_dealloc: deallocating True or False" or crashes. Measured here:
-1 on sys.getrefcount(True) per emit, connected or not, blocked or not.

The fix gives the reference back after each emit. Should a later PySide6 return a properly
owned `True`, the extra reference only keeps `True` alive, which it always is: harmless.
Installed once when softphone.ui is imported, so the app, tests and benchmarks all get it.
"""

from __future__ import annotations

import ctypes
from typing import Any

from PySide6.QtCore import SignalInstance

_INCREF = ctypes.pythonapi.Py_IncRef
_INCREF.argtypes = [ctypes.py_object]
_INCREF.restype = None
_MARK = "_softphone_refcount_fix"


def install() -> None:
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
