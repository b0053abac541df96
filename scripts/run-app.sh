#!/usr/bin/env bash
# Start the app; on a machine with no screen, give it a virtual one (Xvfb) and say so.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No screen found: starting the softphone on a virtual X display (xvfb-run)." >&2
  exec xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/softphone "$@"
fi
exec .venv/bin/softphone "$@"
