"""Where the app's non-code files (sounds, translations, icons) live.

One function so no module hard-codes a path: today it is the checkout's resources/ (editable
install); when the files ship as package data only this module changes.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO_RESOURCES = Path(__file__).resolve().parent.parent / "resources"
_PACKAGED_RESOURCES = Path(__file__).resolve().parent / "resources"


def resources_root() -> Path:
    """The resources directory: $SOFTPHONE_RESOURCES, packaged data, or the checkout's."""
    override = os.environ.get("SOFTPHONE_RESOURCES")
    if override:
        return Path(override)
    if _PACKAGED_RESOURCES.is_dir():
        return _PACKAGED_RESOURCES
    return _REPO_RESOURCES


def resource_path(*parts: str) -> Path:
    """Path of a resource file, e.g. resource_path("sounds", "ringtone.wav"); may not exist."""
    return resources_root().joinpath(*parts)
