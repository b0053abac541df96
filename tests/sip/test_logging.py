"""Log setup and secret redaction (the end-to-end check with kamailio is in test_kamailio.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.logsetup import configure_logging
from softphone.sip.logs import REDACTED, forget_secret, redact, register_secret


@pytest.fixture
def restore_root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_authorization_headers_are_redacted_whatever_the_case() -> None:
    message = (
        "REGISTER sip:pbx SIP/2.0\r\n"
        'Authorization: Digest username="op", response="abc123"\r\n'
        'proxy-authorization: Digest username="op", response="def"\r\n'
        "Via: SIP/2.0/UDP 127.0.0.1\r\n"
    )
    cleaned = redact(message)
    assert "abc123" not in cleaned and "def" not in cleaned and 'username="op"' not in cleaned
    assert f"Authorization: {REDACTED}\r\n" in cleaned
    assert "Via: SIP/2.0/UDP 127.0.0.1" in cleaned


def test_registered_secrets_are_scrubbed_until_forgotten() -> None:
    register_secret("hunter2-secret")
    try:
        assert redact("password is hunter2-secret!") == f"password is {REDACTED}!"
    finally:
        forget_secret("hunter2-secret")
    assert redact("hunter2-secret") == "hunter2-secret"


def test_configure_logging_writes_a_redacted_file(
    tmp_path: Path, restore_root_logging: None
) -> None:
    path = configure_logging(logging.INFO, tmp_path)
    register_secret("pa55-word")
    try:
        logging.getLogger("softphone.x").info("login with %s", "pa55-word")
        logging.getLogger("softphone.x").debug("not at INFO")
    finally:
        forget_secret("pa55-word")
    text = path.read_text(encoding="utf-8")
    assert path == tmp_path / "softphone.log"
    assert f"login with {REDACTED}" in text and "pa55-word" not in text
    assert "not at INFO" not in text


def test_default_log_folder_is_the_users_log_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_root_logging: None
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    path = configure_logging()
    assert path.is_relative_to(tmp_path) and "softphone" in str(path)
    again = configure_logging()  # replaces its own handlers instead of stacking them
    assert again == path
    ours = [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(path)]
    assert len(ours) == 1
