"""Where each operator left the workspace's splitters (softphone/ui/widgets/per_login_store)."""

from __future__ import annotations

from pathlib import Path

from softphone.ui.widgets.per_login_store import PerLoginStore

FILE_NAME = "workspace-layout.json"


class LayoutStore(PerLoginStore):
    def __init__(self, folder: Path | None, login: str) -> None:
        super().__init__(folder, login, FILE_NAME)
