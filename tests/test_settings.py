"""Typed settings: defaults, validation with readable text, tolerant loading, atomic saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softphone.settings import CONFIG_ENV, Settings, SettingsError, settings_path


def test_defaults_are_russian_port_5060_and_valid() -> None:
    settings = Settings()
    settings.validate()
    assert settings.language == "ru"
    assert settings.sip.local_port == 5060
    assert settings.database_url is None
    assert settings.dial_plan.region == "RU"


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    settings = Settings(language="en", database_url="sqlite:////tmp/x.db")
    settings.audio.capture_device = "USB Headset"
    settings.audio.ring_volume = 0.3
    settings.sip.local_port = 5070
    path = settings.save(tmp_path / "s.json")
    loaded = Settings.load(path)
    assert loaded == settings
    assert loaded.path == path


def test_config_dir_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path))
    assert settings_path() == tmp_path / "settings.json"
    Settings(language="en").save()
    assert json.loads((tmp_path / "settings.json").read_text())["language"] == "en"


def test_no_password_field_anywhere() -> None:
    text = json.dumps(Settings().to_dict()).lower()
    assert "password" not in text and "secret" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: setattr(s, "language", "de"), "language"),
        (lambda s: setattr(s.audio, "ring_volume", 1.5), "Ring volume"),
        (lambda s: setattr(s.audio, "ringtone", "ring.mp3"), "WAV"),
        (lambda s: setattr(s.audio, "echo_cancellation", "yes"), "echo_cancellation"),
        (lambda s: setattr(s.sip, "local_port", 70000), "port"),
        (lambda s: setattr(s.dial_plan, "output_format", "roman"), "format"),
        (lambda s: setattr(s.dial_plan, "add_prefix", "9x"), "add_prefix"),
        (lambda s: setattr(s, "database_url", "not a url"), "URL"),
    ],
)
def test_bad_values_are_refused_on_save_with_the_value_named(change, message, tmp_path) -> None:
    settings = Settings()
    change(settings)
    with pytest.raises(SettingsError, match=message):
        settings.save(tmp_path / "s.json")
    assert not (tmp_path / "s.json").exists()


def test_damaged_file_gives_defaults_and_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text(json.dumps({
        "language": "xx", "audio": {"ring_volume": 7, "capture_device": "Mic"},
        "sip": {"local_port": "five"}, "unknown": 1,
    }), encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded.language == "ru" and loaded.audio.ring_volume == 0.8
    assert loaded.audio.capture_device == "Mic"  # the good value next to a bad one is kept
    assert loaded.sip.local_port == 5060


@given(st.dictionaries(st.sampled_from(["language", "database_url", "offer_demo", "audio", "sip",
                                        "dial_plan", "x"]),
                       st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                                    lambda inner: st.dictionaries(st.text(), inner), max_leaves=8)))
def test_any_json_object_loads_into_valid_settings(data: dict) -> None:
    Settings.from_dict(data).validate()
