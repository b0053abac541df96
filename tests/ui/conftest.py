"""UI tests run a real Qt window without a screen: the offscreen platform, set before Qt starts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
