"""The call card's encryption mark: shown only while a connected call's audio is over SRTP."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QLocale

from softphone.sip.events import CallInfo, CallState, Direction
from softphone.ui.i18n import install_translator, remove_translators
from softphone.ui.phone.call_card import CallCard

ROOT = Path(__file__).resolve().parents[3]


def call(**changes: object) -> CallInfo:
    info = CallInfo(
        call_id=1, account_id="reg-1", direction=Direction.OUTBOUND, state=CallState.CONFIRMED,
        remote_uri="sip:101@pbx.example.ru", remote_number="101", display_name="Склад",
        media_active=True, started_at=datetime.now(UTC), connected_at=datetime.now(UTC),
    )
    return replace(info, **changes)


def test_the_mark_follows_secure_media_of_a_connected_call(qtbot) -> None:
    card = CallCard(call(secure_media=True), {})
    qtbot.addWidget(card)
    assert card.secure_label.isVisibleTo(card)
    card.update_call(call(secure_media=False))
    assert not card.secure_label.isVisibleTo(card)
    card.update_call(call(state=CallState.DISCONNECTED, secure_media=True, media_active=False))
    assert not card.secure_label.isVisibleTo(card)


def test_the_mark_reads_in_russian(qtbot, qapp, tmp_path: Path) -> None:
    subprocess.run(
        [Path(sys.executable).parent / "pyside6-lrelease", "-silent",
         ROOT / "resources" / "translations" / "softphone_ru.ts",
         "-qm", tmp_path / "softphone_ru.qm"],
        check=True, timeout=60,
    )
    locale = QLocale()
    installed = install_translator(qapp, "ru", directory=tmp_path)
    try:
        card = CallCard(call(secure_media=True), {})
        qtbot.addWidget(card)
        assert card.secure_label.text() == "зашифровано"
        assert "SRTP" in card.secure_label.toolTip()
    finally:
        remove_translators(qapp, installed)
        QLocale.setDefault(locale)
