#!/usr/bin/env bash
# Regenerate the project's own ringtone and call-waiting tone with sox (no third-party audio).
# 16 kHz, mono, 16-bit PCM: what PJSIP's file player reads without resampling surprises.
# -D turns dithering off so the output is byte-for-byte reproducible.
# Usage: scripts/make-sounds.sh   (writes resources/sounds/*.wav; needs `sox`)
set -euo pipefail
cd "$(dirname "$0")/.."
out=resources/sounds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fmt=(-r 16000 -c 1 -b 16)

# Ringtone: two soft chords (E5+G#5, then C#5+E5) played twice, then a pause; loops every 3.5 s.
sox -D -n "${fmt[@]}" "$tmp/hi.wav" synth 0.4 sine 659.25 sine mix 830.61 fade q 0.02 0.4 0.08 vol 0.4
sox -D -n "${fmt[@]}" "$tmp/lo.wav" synth 0.4 sine 554.37 sine mix 659.25 fade q 0.02 0.4 0.08 vol 0.4
sox -D -n "${fmt[@]}" "$tmp/gap.wav" trim 0 0.2
sox -D -n "${fmt[@]}" "$tmp/rest.wav" trim 0 1.7
sox -D "$tmp/hi.wav" "$tmp/lo.wav" "$tmp/gap.wav" "$tmp/hi.wav" "$tmp/lo.wav" "$tmp/rest.wav" \
  "$out/ringtone.wav"

# Call waiting: two short 425 Hz beeps (ITU-T E.180 tone frequency), then silence; loops every 3 s.
sox -D -n "${fmt[@]}" "$tmp/beep.wav" synth 0.2 sine 425 fade q 0.01 0.2 0.01 vol 0.5
sox -D -n "${fmt[@]}" "$tmp/pause.wav" trim 0 0.2
sox -D -n "${fmt[@]}" "$tmp/tail.wav" trim 0 2.4
sox -D "$tmp/beep.wav" "$tmp/pause.wav" "$tmp/beep.wav" "$tmp/tail.wav" "$out/call-waiting.wav"

# Auto-answer: one short 880 Hz beep in the headset just before a call is answered by itself.
sox -D -n "${fmt[@]}" "$out/auto-answer.wav" synth 0.15 sine 880 fade q 0.01 0.15 0.02 vol 0.4

soxi -D "$out/ringtone.wav" "$out/call-waiting.wav" "$out/auto-answer.wav"
