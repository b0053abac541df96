"""Typed user settings: defaults and validation in one place, stored as JSON.

The file lives in platformdirs' user_config_dir("softphone") (SOFTPHONE_CONFIG_DIR overrides it,
which tests use). A damaged or partly wrong file never stops the app: bad values fall back to
their defaults with a warning in the log. SIP passwords are never part of these settings; they
belong in the system keyring.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "softphone"
CONFIG_ENV = "SOFTPHONE_CONFIG_DIR"
FILE_NAME = "settings.json"
LANGUAGES = ("ru", "en")
DIAL_FORMATS = ("e164", "national8", "digits")
DEFAULT_SIP_PORT = 5060


class SettingsError(ValueError):
    """A setting has a value the app cannot use; the text names the setting and the value."""


@dataclass
class AudioSettings:
    # stable device ids (the sound server's device names; "" = the system default)
    capture_device: str = ""
    playback_device: str = ""  # the headset: calls, beeps, ringback, key tones
    ringer_device: str = ""  # where the phone rings (the speakers)
    ringtone: str = ""  # path to a WAV file; "" = the bundled ringtone
    ring_volume: float = 0.8  # 0.0 .. 1.0
    # microphone processing (WebRTC, softphone.sip.echo). Echo cancellation is for speakers
    # without a headset; off by default: with a headset there is no echo to remove, and while
    # both talk it lowered the operator's voice (-1.3 dB overall, -7 dB in a tenth of blocks)
    echo_cancellation: bool = False
    noise_suppression: bool = False
    gain_control: bool = False
    # the live speech meters in the call view (softphone/ui/coaching); hidden, the figures are
    # still measured and saved with the call
    coach_meters: bool = True

    def validate(self) -> None:
        for name in ("echo_cancellation", "noise_suppression", "gain_control", "coach_meters"):
            if not isinstance(getattr(self, name), bool):
                raise SettingsError(f"Sound setting {name} must be true or false, "
                                    f"got {getattr(self, name)!r}")
        if not isinstance(self.ring_volume, int | float) or not 0.0 <= self.ring_volume <= 1.0:
            raise SettingsError(f"Ring volume must be between 0 and 1, got {self.ring_volume!r}")
        if self.ringtone and not self.ringtone.lower().endswith(".wav"):
            raise SettingsError(f"The ringtone must be a WAV file: {self.ringtone!r}")


@dataclass
class SipSettings:
    local_port: int = DEFAULT_SIP_PORT  # busy -> the app picks a free one and says so
    bind_address: str = ""  # "" = all interfaces

    def validate(self) -> None:
        port = self.local_port
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise SettingsError(f"The local SIP port must be 0..65535, got {port!r}")


@dataclass
class DialPlanSettings:
    region: str = "RU"  # how national numbers like 8 912 ... are read
    output_format: str = "e164"  # e164 (+79123456789) | national8 (89123456789) | digits
    strip_prefix: str = ""
    add_prefix: str = ""

    def validate(self) -> None:
        if len(self.region) != 2 or not self.region.isalpha():
            raise SettingsError(f"The dial-plan region must be two letters, got {self.region!r}")
        if self.output_format not in DIAL_FORMATS:
            raise SettingsError(
                f"Unknown dial-plan format {self.output_format!r}; expected one of {DIAL_FORMATS}"
            )
        for name in ("strip_prefix", "add_prefix"):
            value = getattr(self, name)
            if value and not value.replace("+", "").isdigit():
                raise SettingsError(f"The dial-plan {name} must be digits, got {value!r}")


@dataclass
class CallCenterSettings:
    company: str = ""  # {company} in the call script
    operator_name: str = ""  # {operator} in the call script until operators sign in
    # Service level for website requests: answer within this many minutes (admins set it).
    request_target_min: int = 15
    # An unanswered incoming call ends (480) and is logged as missed after this; 0 = never.
    ring_timeout_s: int = 30

    def validate(self) -> None:
        ring = self.ring_timeout_s
        if not isinstance(ring, int) or isinstance(ring, bool) or not 0 <= ring <= 600:
            raise SettingsError(f"The no-answer timeout must be 0..600 seconds, got {ring!r}")
        target = self.request_target_min
        if not isinstance(target, int) or isinstance(target, bool) or not 1 <= target <= 1440:
            raise SettingsError(
                f"The website request target must be 1..1440 minutes, got {target!r}"
            )
        for name in ("company", "operator_name"):
            if not isinstance(getattr(self, name), str):
                raise SettingsError(f"{name} must be text, got {getattr(self, name)!r}")


@dataclass
class Settings:
    language: str = "ru"
    database_url: str | None = None  # None -> SQLite in the user's data folder
    offer_demo: bool = True  # first start with an empty database asks once, then never again
    audio: AudioSettings = field(default_factory=AudioSettings)
    sip: SipSettings = field(default_factory=SipSettings)
    dial_plan: DialPlanSettings = field(default_factory=DialPlanSettings)
    call_center: CallCenterSettings = field(default_factory=CallCenterSettings)
    path: Path | None = field(default=None, repr=False, compare=False)  # where it was loaded from

    def validate(self) -> None:
        """Raise SettingsError for the first unusable value (the dialog shows its text)."""
        if self.language not in LANGUAGES:
            raise SettingsError(f"Unknown language {self.language!r}; expected one of {LANGUAGES}")
        if not isinstance(self.offer_demo, bool):
            raise SettingsError(f"offer_demo must be true or false, got {self.offer_demo!r}")
        if self.database_url is not None and "://" not in str(self.database_url):
            # Not echoed: a mistyped URL may still hold a password.
            raise SettingsError("The database URL is not a URL (expected scheme://…)")
        self.audio.validate()
        self.sip.validate()
        self.dial_plan.validate()
        self.call_center.validate()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("path")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Build settings from parsed JSON, keeping defaults for whatever is missing or wrong."""
        settings = cls()
        sections = {
            "audio": AudioSettings,
            "sip": SipSettings,
            "dial_plan": DialPlanSettings,
            "call_center": CallCenterSettings,
        }
        for key, value in data.items():
            if key in sections and isinstance(value, dict):
                setattr(settings, key, _section_from_dict(sections[key], value))
            elif key in ("language", "database_url", "offer_demo"):
                candidate = cls(**{key: value})
                try:
                    candidate.validate()
                except SettingsError as exc:
                    log.warning("Ignoring setting %s: %s", key, exc)
                    continue
                setattr(settings, key, value)
            elif key != "path":
                log.warning("Ignoring unknown setting %r", key)
        return settings

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read the settings file; a missing or unreadable one gives the defaults."""
        path = path or settings_path()
        data: Any = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning("Settings file %s is unreadable (%s); using defaults", path, exc)
        if not isinstance(data, dict):
            log.warning("Settings file %s does not hold an object; using defaults", path)
            data = {}
        settings = cls.from_dict(data)
        settings.path = path
        if _url_has_password(settings.database_url):
            log.warning(
                "The database URL in %s carries a password: remove it and run "
                "`softphone db password` to keep it in the OS keyring", path
            )
        return settings

    def save(self, path: Path | None = None) -> Path:
        """Validate, then write atomically so a crash never leaves half a file behind."""
        self.validate()
        path = path or self.path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, path)
        self.path = path
        return path


def _section_from_dict(kind: type, data: dict[str, Any]) -> Any:
    section = kind()
    names = {f.name for f in fields(kind)}
    for key, value in data.items():
        if key not in names:
            log.warning("Ignoring unknown setting %s.%s", kind.__name__, key)
            continue
        candidate = kind(**{key: value})
        try:
            candidate.validate()
        except (SettingsError, TypeError) as exc:
            log.warning("Ignoring setting %s.%s: %s", kind.__name__, key, exc)
            continue
        setattr(section, key, value)
    return section


def _url_has_password(url: str | None) -> bool:
    """user:secret@ in a URL (checked without parsing libraries: this module stays light)."""
    if not url or "://" not in url:
        return False
    authority = url.split("://", 1)[1].split("/", 1)[0]
    return "@" in authority and ":" in authority.rsplit("@", 1)[0]


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME))


def settings_path() -> Path:
    return config_dir() / FILE_NAME
