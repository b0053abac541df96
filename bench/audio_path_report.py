"""bench audio_path's figures of one call and how they are printed (bench/audio_path.py)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

TARGET_MS = 60.0  # issue 13: added latency <= 60 ms per direction
CPU_TARGET_PCT = 5.0  # issue 13: <= 5 % of one core per call
PAREC_MS = 10  # tests/test_audio_path_bench.py: FIFO -> parec reads -10..+10 ms around ~0


@dataclass
class Figures:
    name: str
    down_ms: list[float] = field(default_factory=list)  # end to end: far end -> ear
    up_ms: list[float] = field(default_factory=list)  # end to end: mouth -> far end
    # at the conference bridge's boundary (our UA only, bench/audio_tap_stamps.py):
    down_added_ms: list[float] = field(default_factory=list)  # headset port -> ear
    up_added_ms: list[float] = field(default_factory=list)  # mouth -> headset port
    down_before_ms: list[float] = field(default_factory=list)  # far end -> headset port
    up_after_ms: list[float] = field(default_factory=list)  # headset port -> far end
    down_sent: int = 0
    up_sent: int = 0
    minutes: float = 0.0
    underruns: dict[str, int] = field(default_factory=dict)  # by stream name
    overruns: int = 0
    cpu_pct: float = float("nan")
    idle_cpu_pct: float = float("nan")  # the same process before the call (streams open)
    own_counters: str = ""
    threads: list[tuple[str, float]] = field(default_factory=list)  # (name/tid, % of a core)
    pulse_buffers: str = ""
    note: str = ""

    @property
    def tapped(self) -> bool:
        return bool(self.down_added_ms or self.up_added_ms)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _latency(values: list[float], sent: int) -> str:
    if not values:
        return f"none of {sent} arrived"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    lost = f", {sent - len(values)} lost" if sent > len(values) else ""
    return (
        f"median {statistics.median(values):6.1f}  p95 {p95:6.1f}  max {ordered[-1]:6.1f} ms"
        f" ({len(values)} clicks{lost})"
    )


def report(figures: Figures) -> None:
    print(f"  {figures.name}")
    if figures.note:
        print(f"    {figures.note}")
        if not figures.minutes:
            return
    per_min = 1 / figures.minutes if figures.minutes else float("nan")
    print(f"    down (caller -> ear), end to end:  {_latency(figures.down_ms, figures.down_sent)}")
    if figures.tapped:
        print(f"      added by our path (bridge -> headset port -> ear): "
              f"{_latency(figures.down_added_ms, figures.down_sent)}")
        print(f"      before it (far end, network, RTP jitter buffer, bridge): median "
              f"{median(figures.down_before_ms):.1f} ms; end to end minus added: "
              f"{median(figures.down_ms) - median(figures.down_added_ms):.1f} ms")
    print(f"    up   (mouth -> caller), end to end: {_latency(figures.up_ms, figures.up_sent)}")
    if figures.tapped:
        print(f"      added by our path (mouth -> headset port -> bridge): "
              f"{_latency(figures.up_added_ms, figures.up_sent)}")
        print(f"      after it (bridge, network, far end's jitter buffer): median "
              f"{median(figures.up_after_ms):.1f} ms; end to end minus added: "
              f"{median(figures.up_ms) - median(figures.up_added_ms):.1f} ms")
        print(f"      (stamps have ~{PAREC_MS} ms granularity: the downlink's added figure "
              "includes parec's own reading of the sink, calibrated at -10..+10 ms, "
              "the uplink's starts at the FIFO write)")
    runs = ", ".join(
        f"{name!r} {count * per_min:.1f}/min" for name, count in sorted(figures.underruns.items())
    )
    print(
        f"    PulseAudio over {figures.minutes:.1f} min: playback underruns {runs or 'none'}; "
        f"capture overruns {figures.overruns * per_min:.1f}/min"
    )
    print(f"    PulseAudio buffer+device latency of the UA's streams: {figures.pulse_buffers}")
    if figures.own_counters:
        print(f"    own counters: {figures.own_counters}")
    print(
        f"    CPU, % of one core (the UA process without the deliberate GUI load): "
        f"{figures.cpu_pct:.1f} % during the call, {figures.idle_cpu_pct:.1f} % before it "
        f"(idle), so the call adds {figures.cpu_pct - figures.idle_cpu_pct:.1f} %"
    )
    if figures.threads:
        print("    busiest threads during the call, % of one core (GUI load included): "
              + ", ".join(f"{name} {pct:.2f}" for name, pct in figures.threads))


def verdict(figures: Figures) -> str:
    """Our path against the targets: the added latency (at the boundary) and what a call adds."""
    if not figures.down_ms or not figures.up_ms:
        return "no figures"
    down, up = median(figures.down_ms), median(figures.up_ms)
    call_cpu = figures.cpu_pct - figures.idle_cpu_pct
    cpu = (f"CPU a call adds {call_cpu:.1f} % (target {CPU_TARGET_PCT:.0f} %: "
           f"{'OK' if call_cpu <= CPU_TARGET_PCT else 'ABOVE TARGET'}; whole process "
           f"{figures.cpu_pct:.1f} % during the call, {figures.idle_cpu_pct:.1f} % idle)")
    if not figures.tapped:
        ok = down <= TARGET_MS and up <= TARGET_MS
        return (f"end-to-end medians {down:.0f} / {up:.0f} ms: {'OK' if ok else 'ABOVE TARGET'}"
                f"; {cpu}")
    added_down, added_up = median(figures.down_added_ms), median(figures.up_added_ms)
    ok = added_down <= TARGET_MS and added_up <= TARGET_MS
    return (f"added by our path, medians down {added_down:.0f} / up {added_up:.0f} ms "
            f"(target {TARGET_MS:.0f}): {'OK' if ok else 'ABOVE TARGET'}; end to end "
            f"{down:.0f} / {up:.0f} ms; {cpu}")
