"""bench/startup.py (issue #15): the table a run prints, with the RSS after a first call.

One real run (`python -m bench startup --runs 1`, ~20 s: Xvfb, the app signed in, one call it
places through a sip: link handoff to sipp on 127.0.0.1) checks that the softphone row ends in
a figure, not "failed"; the cheap checks pin how failed calls show in the column."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.startup import Run, _after_call

ROOT = Path(__file__).resolve().parents[1]


def test_the_column_says_dash_failed_or_how_many_calls_gave_a_figure() -> None:
    ok, failed = Run(300, 147, 50, 168.0), Run(300, 147, 50, None)
    assert _after_call([ok, ok], calls=False) == "-"
    assert _after_call([failed, failed], calls=True) == "failed"
    assert _after_call([ok, Run(300, 147, 50, 170.0), failed], calls=True) == "169.0 (2/3)"
    assert _after_call([ok], calls=True) == "168.0"


@pytest.mark.slow
@pytest.mark.timeout(200)
def test_one_run_prints_the_rss_after_a_real_call() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "startup", "--runs", "1"], cwd=ROOT,
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert any(re.fullmatch(r"\s+window\s+worst\s+RSS MB\s+close ms\s+after a call", line)
               for line in lines), done.stdout
    number = r"\s+\d+(?:\.\d)?"
    row = re.compile(rf"softphone{number * 2}\s+(?P<rss>\d+\.\d){number}\s+(?P<after>\d+\.\d)")
    matched = [m for line in lines if (m := row.fullmatch(line))]
    assert matched, f"{done.stdout}\n{done.stderr[-2000:]}"
    rss_at_3s, after_call = float(matched[0]["rss"]), float(matched[0]["after"])
    assert after_call > rss_at_3s  # numpy and a call's state came in: the point of the column
    for name in ("floor", "sign-in dialog"):
        assert any(re.fullmatch(rf"{name}{number * 4}\s+-", line) for line in lines), done.stdout
    assert any(line.startswith("after a call: ") for line in lines), done.stdout
