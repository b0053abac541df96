"""The colleagues a call can be transferred to: active operators with an extension or SIP URI
in their profile. The transfer dialog asks on the GUI thread when it opens, so the list is kept
here and refreshed in the background (at start, after a save, and at each opening for the next)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from softphone.crm.agent.status import AgentService, Colleague
from softphone.ui.tasks import TaskRunner


class ColleagueList(QObject):
    def __init__(
        self, agents: AgentService, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._agents, self._runner = agents, runner
        self.colleagues: list[Colleague] = []
        self.refresh()

    def refresh(self, *_args: object) -> None:
        self._runner.run(self._agents.colleagues, self._loaded, label="colleagues",
                         on_failure=lambda _exc: None)  # keep the last list; the dial still works

    def _loaded(self, colleagues: list[Colleague]) -> None:
        self.colleagues = colleagues

    def offered(self) -> list[tuple[str, str]]:
        """(name, target) for the transfer dialog; the next opening gets a fresh list."""
        shown = [(c.name, c.target) for c in self.colleagues]
        self.refresh()
        return shown
