"""Make sure no pjsua2 object's C++ destructor runs after libDestroy.

With PJSIP's assertions on, a Call (or player, recorder, port) destroyed after the library
aborts the interpreter (exit 134). The engine drops its own references before libDestroy;
anything still alive then is held by someone else (a traceback, a test, a debugger). Those
survivors are disowned: Python will never run their destructor, a few bytes leak instead.
"""

from __future__ import annotations

import gc
import logging
import weakref
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger("softphone.sip")
_tracked: weakref.WeakSet[Any] = weakref.WeakSet()


def track(obj: T) -> T:
    """Remember a pjsua2 object this process created; returns it for chaining."""
    _tracked.add(obj)
    return obj


def untrack(obj: object) -> None:
    """The owner disposes of this object itself (see SoundPorts.close)."""
    _tracked.discard(obj)


def disarm_survivors() -> int:
    """Call right before libDestroy; returns how many objects had to be disowned."""
    gc.collect()
    survivors = list(_tracked)
    for obj in survivors:
        try:
            obj.thisown = False
        except Exception:  # a half-constructed proxy: nothing to disown
            log.debug("could not disown %r", obj)
    if survivors:
        log.warning(
            "%d PJSIP objects were still referenced at shutdown; left undestroyed to avoid "
            "an abort: %s",
            len(survivors),
            ", ".join(sorted({type(o).__name__ for o in survivors})),
        )
    _tracked.clear()
    return len(survivors)
