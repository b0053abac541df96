"""One place that sends the application's logs to a file in the user's log folder.

The file handler carries the secret-redaction filter, so nothing any module logs (PJSIP's
SIP messages included) writes an Authorization value or a registered password to disk.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from softphone.sip.logs import RedactSecretsFilter

LOG_FILE_NAME = "softphone.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_installed: list[logging.Handler] = []


def configure_logging(level: int | str = logging.INFO, log_dir: Path | str | None = None) -> Path:
    """Log to `<log_dir>/softphone.log` (rotated) and warnings to stderr; return the file path.

    Calling it again replaces the handlers it installed before (tests, settings changes).
    """
    folder = Path(log_dir) if log_dir is not None else Path(platformdirs.user_log_dir("softphone"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()

    redactor = RedactSecretsFilter()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler.addFilter(redactor)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter(_FORMAT))
    console.addFilter(redactor)
    for handler in (file_handler, console):
        root.addHandler(handler)
        _installed.append(handler)
    root.setLevel(level)
    return path
