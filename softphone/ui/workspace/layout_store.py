"""Where each operator left the workspace's splitters: one small JSON file beside the settings,
keyed by login, so a shared desk gives every operator their own layout back."""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
FILE_NAME = "workspace-layout.json"


class LayoutStore:
    def __init__(self, folder: Path | None, login: str) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self.login = login

    def _read_all(self) -> dict[str, dict[str, str]]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # a broken file costs the layout, nothing else
            log.warning("Workspace layout %s is unreadable (%s); using the default", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def load(self) -> dict[str, bytes]:
        """Splitter name -> its saved state, for this operator."""
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
            fd, tmp = tempfile.mkstemp(prefix=".workspace-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(everyone, out, indent=1)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("Could not keep the workspace layout in %s: %s", self.path, exc)
