"""Small per-operator UI state (the workspace's splitters, the window's size and place): one
JSON file beside the settings, keyed by login, so a shared desk gives every operator their own
back. A broken or unwritable file costs the remembered state, nothing else."""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


class PerLoginStore:
    """Named byte strings (Qt's saveState/saveGeometry) per login in `folder`/`file_name`."""

    def __init__(self, folder: Path | None, login: str, file_name: str) -> None:
        self.path = folder / file_name if folder is not None else None
        self.login = login

    def _read_all(self) -> dict[str, dict[str, str]]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # a broken file costs the layout, nothing else
            log.warning("%s is unreadable (%s); using the defaults", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def load(self) -> dict[str, bytes]:
        """Name -> its saved state, for this operator."""
        mine = self._read_all().get(self.login, {})
        states: dict[str, bytes] = {}
        if isinstance(mine, dict):
            for name, text in mine.items():
                try:
                    states[name] = base64.b64decode(str(text), validate=True)
                except ValueError:
                    continue
        return states

    def save(self, states: dict[str, bytes]) -> None:
        if self.path is None:
            return
        everyone = self._read_all()
        everyone[self.login] = {k: base64.b64encode(v).decode("ascii") for k, v in states.items()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.stem}-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(everyone, out, indent=1)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("Could not keep %s: %s", self.path, exc)
