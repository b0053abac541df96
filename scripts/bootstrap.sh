#!/usr/bin/env bash
# Prepare a fresh Debian 12 machine: system programs, the virtualenv, compiled translations.
# Usage: scripts/bootstrap.sh run|test   (idempotent: installs only what is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

# Qt's xcb/offscreen plugins need these; Xvfb gives the app a screen on a headless machine.
run_pkgs=(python3-venv xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 fonts-dejavu-core
  libpulse0)  # libpulse-simple: the sound path's device streams (PipeWire desktops serve it too)
# Independent SIP peers, a PostgreSQL server and audio tools the test suite runs against.
test_pkgs=(sip-tester kamailio kamailio-tls-modules baresip postgresql espeak-ng sox openssl
  chromium chromium-driver
  pulseaudio pulseaudio-utils libasound2-plugins  # a private sound server (tests/pulse_server.py)
  dbus-daemon trayer  # a private session bus and an XEmbed tray host for the notification tests
  x11-utils)  # xev, xprop: bench startup sees when a window is mapped

pkgs=("${run_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$mode
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip >/dev/null
  if [ "$mode" = test ]; then .venv/bin/pip install -q -e '.[test]'; else .venv/bin/pip install -q -e .; fi
  touch "$stamp"
fi

# Compile Qt translations (.ts kept in git, .qm built here).
if compgen -G "resources/translations/*.ts" >/dev/null; then
  for ts in resources/translations/*.ts; do
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"
  done
fi
