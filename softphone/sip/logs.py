"""PJSIP's log goes through Python logging, with secrets removed before anything is written.

Digest credentials never travel in clear, but the Authorization header still carries the
user name, nonce and response hash; they are redacted as a whole header value. Passwords
handed to the engine are registered here too, so a PJSIP message that echoes one is scrubbed.
"""

from __future__ import annotations

import logging
import re
import sys
import threading

import pjsua2 as pj

PJSIP_LOGGER = "softphone.sip.pjsip"
REDACTED = "<скрыто>"

_AUTH_HEADER = re.compile(r"(?im)^(\s*(?:proxy-)?authorization\s*:\s*)\S.*?(\r?)$")
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(secret: str) -> None:
    """Remember a password so any log line containing it is scrubbed."""
    if secret:
        with _secrets_lock:
            _secrets.add(secret)


def forget_secret(secret: str) -> None:
    with _secrets_lock:
        _secrets.discard(secret)


def redact(text: str) -> str:
    text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{REDACTED}{m.group(2)}", text)
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class RedactSecretsFilter(logging.Filter):
    """Attach to handlers: it sees records from every logger, not only one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


_LEVELS = {0: logging.CRITICAL, 1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO}


class PjLogWriter(pj.LogWriter):
    """Receives every PJSIP log line (possibly on PJSIP's media thread) and logs it."""

    def __init__(self) -> None:
        super().__init__()
        self._logger = logging.getLogger(PJSIP_LOGGER)

    def write(self, entry: pj.LogEntry) -> None:
        if sys.is_finalizing():  # PJSIP logging from an exit-time destructor
            return
        try:
            level = _LEVELS.get(entry.level, logging.DEBUG)
            if self._logger.isEnabledFor(level):
                self._logger.log(level, "%s", redact(entry.msg.rstrip()))
        except Exception:  # never let an exception into PJSIP's C stack
            pass


def pj_log_level_for(logger_level: int) -> int:
    """PJSIP verbosity that produces what the Python logger would keep anyway."""
    if logger_level <= logging.DEBUG:
        return 5
    if logger_level <= logging.INFO:
        return 3
    return 2
