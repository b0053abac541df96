"""Keep Python exceptions out of PJSIP's C stack.

A traceback escaping into the SWIG director keeps the Call alive past libDestroy and the
process aborts at exit (exit 134), so every callback is wrapped by `guarded`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger("softphone.sip")
F = TypeVar("F", bound=Callable[..., Any])


def guarded(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:  # the whole point: nothing may escape into PJSIP
            log.exception("error in PJSIP callback %s", func.__qualname__)
            owner = getattr(args[0], "owner", None) if args else None
            report = getattr(owner, "report_failure", None)
            if report is not None:
                try:
                    report(f"{func.__qualname__}: {exc}")
                except Exception:
                    log.exception("could not report a callback failure")
            return None

    return wrapper  # type: ignore[return-value]
