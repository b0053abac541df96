"""PySide6 6.12.0's Signal.emit() takes a reference from True on every call; after a few
thousand emits the interpreter aborts. softphone.ui patches it on import (qt_workarounds)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal

import softphone.ui  # noqa: F401  (installs the workaround)


class _Source(QObject):
    text = Signal(str)
    nothing = Signal()


def test_emitting_leaves_the_refcount_of_true_alone() -> None:
    source = _Source()
    source.text.connect(lambda _t: None)
    before = sys.getrefcount(True)
    for _ in range(1000):
        source.text.emit("x")
        source.nothing.emit()
    # Unpatched this is -2000; a stray +-1 comes from caches elsewhere in the interpreter.
    assert abs(sys.getrefcount(True) - before) < 50


def test_many_emits_no_longer_crash_the_interpreter_at_exit() -> None:
    script = textwrap.dedent(
        """
        import softphone.ui
        from PySide6.QtCore import QObject, Signal
        class S(QObject):
            s = Signal(int)
        s = S()
        for i in range(50_000):
            s.s.emit(i)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]


def test_modules_imported_after_pyside6_leave_no_source_in_linecache() -> None:
    """PySide6's import hook read every later module's source into linecache (29 MB more RSS
    for SQLAlchemy, Alembic and numpy); the lighter check gives the same answer, keeps none."""
    script = textwrap.dedent(
        """
        import linecache, sys
        import softphone.ui
        import email.mime.multipart, xml.dom.minidom  # not imported by PySide6 or softphone.ui
        feature = sys.modules["shibokensupport.feature"]
        kept = [name for name in linecache.cache if name.endswith(("minidom.py", "multipart.py"))]
        check = feature._mod_uses_pyside
        print(kept, check(sys.modules["xml.dom.minidom"]),
              check(sys.modules["softphone.ui.qt_workarounds"]), check(sys))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["[]", "False", "True", "False"]
