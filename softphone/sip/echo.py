"""Echo cancellation, noise suppression and gain control for the operator's microphone (no Qt).

Operators without a headset hear the caller from the speakers, and the microphone picks that
up: the caller hears themselves back. WebRTC's audio processing (AEC3, NS, AGC2, via the
`pywebrtc-audio` wheel) removes it; measured in docs/echo-cancellation.md (ERLE 43-63 dB on
PulseAudio echo paths, about 1 % of one core).

How to wire it: every captured 10 ms (or 20 ms) frame of microphone goes through `process`
together with the far-end frame handed to the playback device at that moment (the reference);
the canceller finds the remaining delay itself (checked with the reference 80 and 210 ms ahead
of the echo). Keep near-end and reference at 16 kHz mono s16le, the bridge's format.

numpy is imported when a processor is made (the canceller switched on), not with this module:
the canceller is off by default and an idle desk needs none of numpy's ~15 MB (issue #15).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np  # bound for real by _load_numpy
    from pywebrtc_audio import AudioProcessor

RATE = 16000
FRAME_SAMPLES = RATE // 100  # WebRTC's APM works on 10 ms frames
FRAME_BYTES = FRAME_SAMPLES * 2


def _load_numpy() -> None:
    """Bind numpy in this module once, so `process` pays no import statement per frame."""
    global np
    import numpy as np


class EchoUnavailable(RuntimeError):
    """The audio-processing library is missing or refused the settings."""


@dataclass(frozen=True, slots=True)
class EchoSettings:
    """Switches for the settings dialog; all off means the microphone is passed through."""

    echo_cancellation: bool = True
    noise_suppression: bool = False
    noise_level: int = 1  # 0..3: 6, 12, 18, 21 dB of suppression
    auto_gain_control: bool = False
    high_pass_filter: bool = True  # removes hum and DC; always on under echo cancellation

    @property
    def active(self) -> bool:
        return self.echo_cancellation or self.noise_suppression or self.auto_gain_control


def available() -> bool:
    """Whether the library is installed (the settings can grey the switches out if not)."""
    try:
        import pywebrtc_audio  # noqa: F401
    except ImportError:
        return False
    return True


class EchoCanceller:
    """Cleans microphone frames against the far-end reference; safe to share between threads.

    `process` runs on whichever thread moves the microphone (the library releases the GIL);
    `configure` may come from the GUI thread at any time and resets the adaptive state.
    """

    def __init__(self, settings: EchoSettings | None = None, delay_hint_ms: int = 0) -> None:
        self._lock = threading.Lock()
        self._delay_hint_ms = delay_hint_ms
        self.settings = settings or EchoSettings()
        self._apm = self._make(self.settings)

    def _make(self, settings: EchoSettings) -> AudioProcessor | None:
        if not settings.active:
            return None
        try:
            from pywebrtc_audio import AudioProcessor
        except ImportError as exc:
            raise EchoUnavailable(
                "echo cancellation needs the pywebrtc-audio package (pip install pywebrtc-audio)"
            ) from exc
        if not 0 <= settings.noise_level <= 3:
            raise EchoUnavailable(f"noise suppression level {settings.noise_level} is not 0..3")
        _load_numpy()  # on the thread that switches it on, before any frame needs it
        return AudioProcessor(
            sample_rate=RATE,
            num_channels=1,
            echo_cancellation=settings.echo_cancellation,
            noise_suppression=settings.noise_suppression,
            high_pass_filter=settings.high_pass_filter,
            auto_gain_control=settings.auto_gain_control,
            ns_level=settings.noise_level,
            stream_delay_ms=self._delay_hint_ms,
        )

    def configure(self, settings: EchoSettings) -> None:
        """Apply new switches (a fresh processor: the old adaptation does not carry over)."""
        apm = self._make(settings)
        with self._lock:
            self.settings, self._apm = settings, apm

    def set_settings(self, **changes: object) -> None:
        """configure() with some switches changed, e.g. set_settings(noise_suppression=True)."""
        self.configure(replace(self.settings, **changes))  # type: ignore[arg-type]

    def reset(self) -> None:
        """Forget the adapted echo path (a new call, another device)."""
        with self._lock:
            if self._apm is not None:
                self._apm.reset()

    def process(self, near: bytes, far: bytes | None = None) -> bytes:
        """Microphone PCM (a whole number of 10 ms frames) cleaned against the reference.

        `far` is what the playback device got for the same span of time; None or a short
        buffer counts as silence there. Output has the same length as `near`.
        """
        if len(near) % FRAME_BYTES:
            raise ValueError(f"near-end must be whole 10 ms frames ({FRAME_BYTES} bytes each)")
        if not near:
            return near
        with self._lock:
            apm = self._apm
            if apm is None:
                return near
            mic = np.frombuffer(near, dtype="<i2")
            ref = np.zeros_like(mic)
            if far:
                given = np.frombuffer(far[: len(near) // 2 * 2], dtype="<i2")
                ref[: given.size] = given
            out = apm.process(mic, ref) if self.settings.echo_cancellation else apm.process(mic)
            return np.asarray(out, dtype="<i2").tobytes()

    @property
    def speech_probability(self) -> float:
        """0..1 from the last frames: is the operator talking (for a VAD-driven meter)."""
        with self._lock:
            return float(self._apm.speech_probability) if self._apm is not None else 0.0

    @property
    def gain_db(self) -> float:
        """Gain the AGC applies now (0 with AGC off)."""
        with self._lock:
            if self._apm is None or not self.settings.auto_gain_control:
                return 0.0
            return float(self._apm.gain_db)
