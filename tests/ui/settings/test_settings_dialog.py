"""Settings dialog: saves to the real settings file, refuses bad values with a clear message."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_profile
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from softphone.resources import resource_path
from softphone.settings import Settings
from softphone.ui.settings.audio_page import wav_problem
from softphone.ui.settings.dialog import SettingsDialog

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("SOFTPHONE_CONFIG_DIR", str(tmp_path / "config"))
    return Settings.load()


def _dialog(qtbot, settings, engine=None) -> SettingsDialog:
    dialog = SettingsDialog(settings, engine)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click_ok(qtbot, dialog: SettingsDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _saved(settings: Settings) -> dict:
    return json.loads(settings.path.read_text(encoding="utf-8"))


def test_ok_saves_volume_language_and_ringtone(qtbot, settings, tmp_path) -> None:
    own = tmp_path / "мелодия.wav"
    own.write_bytes(resource_path("sounds", "ringtone.wav").read_bytes())
    dialog = _dialog(qtbot, settings)
    dialog.audio_page.volume_slider.setValue(35)
    assert dialog.audio_page.volume_label.text() == "35 %"
    dialog.audio_page.select_ringtone(str(own))
    combo = dialog.language_page.language_combo
    assert dialog.language_page.restart_note.isHidden()  # (its tab is not the current one)
    combo.setCurrentIndex(combo.findData("en"))
    assert not dialog.language_page.restart_note.isHidden()

    with qtbot.waitSignals([dialog.saved, dialog.restart_required], timeout=2000):
        _click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (settings.audio.ring_volume, settings.language) == (0.35, "en")
    assert settings.audio.ringtone == str(own)
    on_disk = _saved(settings)
    assert on_disk["audio"]["ring_volume"] == 0.35
    assert on_disk["audio"]["ringtone"] == str(own)
    assert on_disk["language"] == "en"
    assert Settings.load().audio.ringtone == str(own)


def test_reopening_shows_saved_values(qtbot, settings) -> None:
    settings.audio.ring_volume = 0.6
    settings.language = "en"
    dialog = _dialog(qtbot, settings)
    assert dialog.audio_page.volume_slider.value() == 60
    assert dialog.language_page.language_combo.currentData() == "en"
    assert dialog.audio_page.ringtone() == ""  # the standard ringtone
    assert dialog.audio_page.ringtone_combo.currentText() == "Standard ringtone"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "does not exist"), ("не звук", "uncompressed 16-bit WAV")],
)
def test_bad_ringtone_is_refused_with_a_message(qtbot, settings, tmp_path, content,
                                                message) -> None:
    bad = tmp_path / "bad.wav"
    if content is not None:
        bad.write_text(content)
    dialog = _dialog(qtbot, settings)
    dialog.audio_page.volume_slider.setValue(10)
    dialog.audio_page.select_ringtone(str(bad))
    _click_ok(qtbot, dialog)

    assert dialog.isVisible()  # not closed: the operator can fix it
    assert message in dialog.last_error and str(bad) in dialog.last_error
    box = dialog.findChild(QMessageBox, "settings_warning")
    assert box is not None and box.isVisible() and message in box.text()
    assert dialog.tabs.currentWidget() is dialog.audio_page
    assert settings.audio.ring_volume == 0.8 and settings.audio.ringtone == ""
    assert not Path(settings.path).exists()


def test_cancel_changes_nothing(qtbot, settings) -> None:
    dialog = _dialog(qtbot, settings)
    dialog.audio_page.volume_slider.setValue(5)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert settings.audio.ring_volume == 0.8
    assert not Path(settings.path).exists()


def test_without_engine_sound_test_is_off_and_saying_why(qtbot, settings) -> None:
    dialog = _dialog(qtbot, settings)
    assert not dialog.audio_page.test_button.isEnabled()
    assert dialog.audio_page.notice.isVisibleTo(dialog)


def test_add_page_seam_takes_part_in_validation(qtbot, settings) -> None:
    from softphone.ui.settings.pages import SettingsPage

    class AccountPage(SettingsPage):  # what the admin issue will plug in
        def title(self) -> str:
            return "Account"

        def validate(self) -> str | None:
            return "Enter the SIP server"

    dialog = _dialog(qtbot, settings)
    page = AccountPage()
    dialog.add_page(page)
    assert dialog.tabs.tabText(dialog.tabs.count() - 1) == "Account"
    _click_ok(qtbot, dialog)
    assert dialog.last_error == "Enter the SIP server"
    assert dialog.tabs.currentWidget() is page


# -- with a real SIP engine (null sound device) ----------------------------------------------

def test_test_tone_plays_the_chosen_ringtone_for_two_seconds(qtbot, settings, engine) -> None:
    dialog = _dialog(qtbot, settings, engine)
    page = dialog.audio_page
    page.volume_slider.setValue(40)
    started = time.monotonic()
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert engine.tone_playing and page.test_tone_playing
    assert not page.test_button.isEnabled()
    assert engine.tones == [(str(resource_path("sounds", "ringtone.wav")), True, 0.4, True)]
    qtbot.waitUntil(lambda: not engine.tone_playing, timeout=4000)
    assert 1.8 <= time.monotonic() - started <= 3.5
    assert page.test_button.isEnabled()


def test_closing_stops_the_test_tone_and_the_meter(qtbot, settings, engine) -> None:
    dialog = _dialog(qtbot, settings, engine)
    page = dialog.audio_page
    qtbot.wait(250)  # let the meter poll the real engine a couple of times
    assert page.level_meter.value() == 0 and page.level_meter.isEnabled()  # null device: silence
    page.play_test_tone()
    assert engine.tone_playing
    dialog.reject()
    assert not engine.tone_playing
    assert not page._meter_timer.isActive()


def test_unplugged_device_is_kept_and_applied_without_error(qtbot, settings, engine) -> None:
    settings.audio.capture_device = "USB Headset"
    dialog = _dialog(qtbot, settings, engine)
    combo = dialog.audio_page.capture_combo
    assert combo.itemText(0) == "System default"
    assert combo.currentText() == "USB Headset (not connected)"
    dialog.audio_page.playback_combo.setCurrentIndex(0)
    _click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _saved(settings)["audio"]["capture_device"] == "USB Headset"
    assert engine.audio_status.null_device  # the engine fell back instead of raising


@settings_profile(max_examples=60, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=256), as_wav_header=st.booleans())
def test_ringtone_check_never_raises_on_any_file(tmp_path_factory, data, as_wav_header) -> None:
    """Whatever the operator picks, the check answers (a reason or None) instead of crashing."""
    path = tmp_path_factory.mktemp("wav") / "x.wav"
    path.write_bytes((b"RIFF\x24\x00\x00\x00WAVEfmt " if as_wav_header else b"") + data)
    problem = wav_problem(path)
    assert problem is None or isinstance(problem, str)


@settings_profile(max_examples=25, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(volume=st.integers(0, 100))
def test_any_slider_volume_round_trips_through_the_file(qtbot, tmp_path_factory, volume) -> None:
    folder = tmp_path_factory.mktemp("config")
    live = Settings.load(folder / "settings.json")
    dialog = SettingsDialog(live, None)
    qtbot.addWidget(dialog)
    dialog.audio_page.volume_slider.setValue(volume)
    assert dialog.save()
    assert Settings.load(folder / "settings.json").audio.ring_volume == volume / 100


class _ProcessingEngine:
    """Records what the sound page switches (the bridge's set_sound_processing)."""

    def __init__(self) -> None:
        self.switched: list[tuple[bool, bool, bool]] = []

    def start_tone(self, *args, **kwargs) -> bool:
        return True

    def stop_tone(self) -> None:
        pass

    def capture_level(self) -> float:
        return 0.0

    def set_sound_processing(self, echo: bool, noise: bool, gain: bool) -> str:
        self.switched.append((echo, noise, gain))
        return ""


def test_microphone_processing_is_off_by_default_saved_and_switched_at_once(
    qtbot, settings
) -> None:
    engine = _ProcessingEngine()
    dialog = _dialog(qtbot, settings, engine)
    page = dialog.audio_page
    assert not page.echo_check.isChecked() and not page.noise_check.isChecked()
    assert "headset" in page.echo_check.text()  # says who it is for
    page.echo_check.setChecked(True)
    page.gain_check.setChecked(True)
    _click_ok(qtbot, dialog)
    audio = _saved(settings)["audio"]
    assert (audio["echo_cancellation"], audio["noise_suppression"], audio["gain_control"]) == (
        True, False, True)
    assert engine.switched == [(True, False, True)]
    again = _dialog(qtbot, settings, engine)
    assert again.audio_page.echo_check.isChecked() and again.audio_page.gain_check.isChecked()
