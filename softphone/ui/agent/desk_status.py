"""The desk's agent status: what it is, what callers get because of it, and the after-call work
that follows an answered call.

The refusal itself is the engine's (`refuse_incoming`): a caller turned away never rings here and
is logged as missed with the status as its reason. This object only decides the policy from the
operator's choice and the team's rules, stores every change (in the background), and counts the
after-call work down to «Готов» by itself.
"""

from __future__ import annotations

import logging
import math
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from softphone.crm.agent.policy import AgentPolicy, AgentPolicyService, Refusal
from softphone.crm.agent.status import (
    AgentService,
    AgentStatus,
    OperatorOptions,
    StatusChange,
    refusal_reason,
)
from softphone.sip.events import CallEnded, CallState
from softphone.ui.bridge import EngineBridge
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
TICK_MS = 250
# A status kept over a restart: an operator on a break who restarts the program stays on it.
KEPT_OVER_RESTART = (AgentStatus.BREAK, AgentStatus.DND)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AgentDesk", text)


class AgentDesk(QObject):
    changed = Signal()  # status, reason, countdown or policy changed: redraw

    def __init__(
        self,
        bridge: EngineBridge,
        runner: TaskRunner,
        agents: AgentService,
        policies: AgentPolicyService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._runner = bridge, runner
        self._agents, self._policies = agents, policies
        self.status = AgentStatus.READY
        self.reason = ""
        self.policy = AgentPolicy()
        self.options = OperatorOptions(False, "")
        self.loaded = False
        self._unregistered = False
        self._wrap_up_until = 0.0  # monotonic end of the after-call work
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._count_down)
        bridge.call_ended.connect(self._on_call_ended)

    # -- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        """The team policy, the operator's options and the status kept from the last run."""
        def fetch() -> tuple[AgentPolicy, OperatorOptions, StatusChange | None]:
            return self._policies.policy(), self._agents.options(), self._agents.current()

        self._runner.run(fetch, self._loaded, label="agent status")

    def _loaded(self, found: tuple[AgentPolicy, OperatorOptions, StatusChange | None]) -> None:
        self.policy, self.options, last = found
        self.loaded = True
        if last is not None and last.status in KEPT_OVER_RESTART:
            self.set_status(last.status, last.reason)
        else:
            self.set_status(AgentStatus.READY, force=True)
        self.changed.emit()

    def policy_saved(self, policy: AgentPolicy) -> None:
        """The admin changed the rules: apply them to the status held now."""
        self.policy = policy
        self._apply()
        self.changed.emit()

    def options_saved(self, options: OperatorOptions) -> None:
        self.options = options
        self.changed.emit()

    # -- status -----------------------------------------------------------------------------

    def set_status(self, status: AgentStatus, reason: str = "", *, force: bool = False) -> None:
        """The operator's choice (or the after-call work's): applied at once, stored in the
        background."""
        reason = reason if status is AgentStatus.BREAK else ""
        if not force and (status, reason) == (self.status, self.reason):
            return
        self.status, self.reason = status, reason
        if status is not AgentStatus.WRAP_UP:
            self._tick.stop()
        self._apply()
        log.info("agent status: %s %s", status, reason)
        self._runner.run(lambda: self._agents.record(status, reason), label="agent status")
        self.changed.emit()

    def go_offline(self) -> None:
        """The program is closing: the time from now on is not working time."""
        self._tick.stop()
        self._runner.run(lambda: self._agents.record(AgentStatus.OFFLINE), label="agent offline")

    @property
    def ready(self) -> bool:
        return self.status is AgentStatus.READY

    def _apply(self) -> None:
        """Tell the engine what new callers get now."""
        unregister = not self.ready and self.policy.refusal is Refusal.UNREGISTER
        if self.ready:
            self._bridge.accept_incoming()
        else:
            code = self.policy.refusal.status_code or 480  # a direct call still reaching us
            self._bridge.refuse_incoming(code, refusal_reason(self.status, self.reason))
        if unregister != self._unregistered:
            self._unregistered = unregister
            self._bridge.set_registered(not unregister)

    def callers_get(self) -> str:
        """What a caller gets now, in the operator's words."""
        if self.ready:
            return _tr("Calls come in")
        refusal = self.policy.refusal
        if refusal is Refusal.BUSY:
            return _tr("Callers hear busy (486)")
        if refusal is Refusal.UNAVAILABLE:
            return _tr("Callers hear unavailable (480)")
        return _tr("Unregistered: no calls are offered")

    # -- after-call work --------------------------------------------------------------------

    def seconds_left(self) -> int:
        """Of the after-call work; 0 when there is none."""
        if self.status is not AgentStatus.WRAP_UP or not self._tick.isActive():
            return 0
        return max(0, math.ceil(self._wrap_up_until - time.monotonic()))

    def start_wrap_up(self) -> None:
        seconds = self.policy.wrap_up_s
        if seconds <= 0:
            return
        self._wrap_up_until = time.monotonic() + seconds
        self.set_status(AgentStatus.WRAP_UP)
        self._tick.start()
        self.changed.emit()

    def wrap_up_saved(self, *_args: object) -> None:
        """The wrap-up is saved: the after-call work is done."""
        if self.status is AgentStatus.WRAP_UP:
            self.set_status(AgentStatus.READY)

    def _count_down(self) -> None:
        if self.seconds_left() <= 0:
            self.set_status(AgentStatus.READY)
        else:
            self.changed.emit()

    def _on_call_ended(self, event: CallEnded) -> None:
        """An answered call ended with no other call up: after-call work, if the operator was
        ready (a break chosen during the call stays)."""
        if not event.answered or not self.ready or not self.loaded:
            return
        others = [c for c in self._bridge.calls()
                  if c.call_id != event.call.call_id and c.state is not CallState.DISCONNECTED]
        if not others:
            self.start_wrap_up()
