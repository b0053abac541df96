"""One direction of a call: voice activity, speech loudness, syllable rate and talk time.

Fed 20 ms frames of 16 kHz mono s16. Voice activity is WebRTC's detector (webrtcvad). The
speaking rate counts syllable nuclei: in Russian every syllable has exactly one vowel, and
vowels are where the speech energy peaks. So the envelope is the energy of 300-2500 Hz (the
vowels' first formants) in 10 ms hops, smoothed over 50 ms, and a peak counts when it rises
and then falls by PROMINENCE_DB (hysteresis, as in de Jong & Wempe's syllable-nuclei
method), inside speech and no more than FLOOR_DB under the side's speech level. Rate =
nuclei per second of speech, where gaps under BRIDGE_S between words count as speech (the
pace of talking, not of pausing). Tuned on espeak-ng Russian at 110, 160 and 230 words/min:
within ±8 % of the text's vowel count over its speech time (tests/coaching).

numpy (~15 MB, 50-120 ms to import here) is loaded by `load_numpy`, not at import: an idle desk
has no call to analyse (issue #15). The first SideAnalyzer loads it if nobody did; the desk
loads it ahead on the coach's own thread when a call starts ringing or dialling
(CoachTap.prepare), never on the audio threads.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

import webrtcvad

if TYPE_CHECKING:  # imported for real by load_numpy
    import numpy as np

RATE = 16000
FRAME_SAMPLES = 320  # 20 ms
FRAME_S = 0.02
HOP = 160  # 10 ms envelope steps
BAND = (3, 26)  # rfft bins of a 160-sample hop (100 Hz each): 300-2500 Hz
SMOOTH_HOPS = 5
PROMINENCE_DB = 3.0
FLOOR_DB = 8.0  # peaks this far under the speech level are noise or consonants
BRIDGE_FRAMES = 15  # 0.3 s: shorter gaps inside speech count as speaking time
HANGOVER_FRAMES = 15  # "speaking now" lasts 0.3 s past the last voiced frame
LIVE_WINDOW_FRAMES = 400  # the live rate and loudness look at the last 8 s of speech
MIN_RATE_S = 1.5  # no rate before this much speech
_FULL_SCALE = 32768.0
_WINDOW: np.ndarray | None = None  # np.hanning(HOP), made by load_numpy
_loading = threading.Lock()


def numpy_loaded() -> bool:
    """Whether load_numpy has run (an analyzer can be made without importing anything)."""
    return _WINDOW is not None


def load_numpy() -> np.ndarray:
    """Import numpy and make the FFT window, once (any thread; the first caller pays)."""
    global np, _WINDOW
    with _loading:
        if _WINDOW is None:
            import numpy as np

            _WINDOW = np.hanning(HOP)
        return _WINDOW


def dbfs(mean_square: float) -> float:
    """RMS level against full scale (a full-scale square wave is 0 dBFS)."""
    return 10.0 * math.log10(max(mean_square, 1e-12) / _FULL_SCALE**2)


@dataclass(frozen=True, slots=True)
class SideFigures:
    """One side over the whole call."""

    talk_s: float  # speaking time, short gaps included
    dbfs: float | None  # loudness of speech only
    rate: float | None  # syllable nuclei per second of speech
    nuclei: int


class SideAnalyzer:
    """Everything one side's audio says, updated frame by frame (one thread uses it)."""

    def __init__(self, vad_mode: int = 2) -> None:
        self._window = load_numpy()
        self._vad = webrtcvad.Vad(vad_mode)
        self._env: deque[float] = deque(maxlen=SMOOTH_HOPS)
        self._rising = False
        self._low = math.inf
        self._high = -math.inf
        self._high_voiced = False
        self._level_db: float | None = None  # running speech envelope level (dB)
        self._since_voice = BRIDGE_FRAMES  # frames since the last voiced one
        self.speech_frames = 0  # voiced plus bridged gaps
        self.nuclei = 0
        self._energy = 0.0  # sum of squares over voiced frames
        self._voiced = 0
        # live: per speech frame (nucleus found?, mean square or -1 for a bridged gap)
        self._recent: deque[tuple[int, float]] = deque(maxlen=LIVE_WINDOW_FRAMES)
        self.voiced_now = False

    @property
    def speaking(self) -> bool:
        """Talking now: a voiced frame within the last HANGOVER_FRAMES."""
        return self._since_voice < HANGOVER_FRAMES

    def feed(self, pcm: bytes) -> bool:
        """One 20 ms frame; returns whether it was voiced."""
        samples = np.frombuffer(pcm, dtype="<i2")
        if samples.size != FRAME_SAMPLES:
            return False
        voiced = bool(self._vad.is_speech(pcm, RATE))
        floats = samples.astype(np.float64)
        found = self._envelope(floats, voiced)
        mean_square = float(np.mean(floats * floats))
        if voiced:
            if self._since_voice < BRIDGE_FRAMES:  # the gap was inside speech
                self.speech_frames += self._since_voice
                self._recent.extend([(0, -1.0)] * self._since_voice)
            self._since_voice = 0
            self.speech_frames += 1
            self._energy += mean_square
            self._voiced += 1
            self._recent.append((found, mean_square))
        else:
            self._since_voice += 1
            if found and self._recent:  # a nucleus confirmed just after the voice stopped
                nucleus, energy = self._recent[-1]
                self._recent[-1] = (nucleus + found, energy)
        self.nuclei += found
        self.voiced_now = voiced
        return voiced

    def _envelope(self, floats: np.ndarray, voiced: bool) -> int:
        """Advance the syllable-nuclei detector by two 10 ms hops; nuclei found."""
        spectrum = np.abs(np.fft.rfft(floats.reshape(2, HOP) * self._window, axis=1)) ** 2
        band = spectrum[:, BAND[0] : BAND[1]].sum(axis=1)
        found = 0
        for energy in band:
            self._env.append(10.0 * math.log10(float(energy) + 1e-9))
            value = sum(self._env) / len(self._env)
            if voiced:
                old = self._level_db
                self._level_db = value if old is None else old + 0.02 * (value - old)
            found += self._hysteresis(value, voiced)
        return found

    def _hysteresis(self, value: float, voiced: bool) -> int:
        if not self._rising:
            self._low = min(self._low, value)
            if value >= self._low + PROMINENCE_DB:
                self._rising, self._high, self._high_voiced = True, value, voiced
            return 0
        if value > self._high:
            self._high, self._high_voiced = value, voiced
        if value > self._high - PROMINENCE_DB:
            return 0
        self._rising, self._low = False, value
        level = self._level_db
        loud_enough = level is not None and self._high > level - FLOOR_DB
        return 1 if self._high_voiced and loud_enough else 0

    # --- figures ---------------------------------------------------------------------------
    @property
    def talk_s(self) -> float:
        return self.speech_frames * FRAME_S

    def live_rate(self) -> float | None:
        """Nuclei per second over the last LIVE_WINDOW_FRAMES of speech (None: too little)."""
        if len(self._recent) * FRAME_S < MIN_RATE_S:
            return None
        return sum(n for n, _ in self._recent) / (len(self._recent) * FRAME_S)

    def live_dbfs(self) -> float | None:
        """Loudness of the recent voiced frames (None: nobody spoke yet)."""
        energies = [e for _, e in list(self._recent)[-100:] if e >= 0.0]
        return dbfs(sum(energies) / len(energies)) if energies else None

    def figures(self) -> SideFigures:
        speech_s = self.speech_frames * FRAME_S
        return SideFigures(
            talk_s=round(speech_s, 2),
            dbfs=round(dbfs(self._energy / self._voiced), 1) if self._voiced else None,
            rate=round(self.nuclei / speech_s, 2) if speech_s >= MIN_RATE_S else None,
            nuclei=self.nuclei,
        )
