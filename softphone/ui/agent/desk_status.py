"""The desk's agent status: what it is, what callers get because of it, and the after-call work
that follows an answered call.

The refusal itself is the engine's (`refuse_incoming`): a caller turned away never rings here and
is logged as missed with the status as its reason. This object only decides the policy from the
operator's choice and the team's rules, stores every change (in the background), and counts the
after-call work down to «Готов» by itself. While the CRM database is unreachable, changes are
kept in the desk's outbox (CrmLink) with their own time and delivered when it is back, so the
status report loses nothing; the phone goes on with the last rules it knew (or the defaults).
"""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, datetime
from typing import Any

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
from softphone.ui.crm_link import CrmLink
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
TICK_MS = 250
# A status kept over a restart: an operator on a break who restarts the program stays on it.
KEPT_OVER_RESTART = (AgentStatus.BREAK, AgentStatus.DND)
KEPT_KIND = "agent_status"  # the outbox's name for a status change kept during an outage


def _tr(text: str) -> str:
    return QCoreApplication.translate("AgentDesk", text)


class AgentDesk(QObject):
    changed = Signal()  # status, reason, countdown or policy changed: redraw
    failed = Signal(str)  # a change could not be stored (not an outage): the window shows it
    # the operator changed their own name for the script («Оператор» tab); the script follows
    name_saved = Signal(str)

    def __init__(
        self,
        bridge: EngineBridge,
        runner: TaskRunner,
        agents: AgentService,
        policies: AgentPolicyService,
        parent: QObject | None = None,
        *,
        operator_id: int,
        link: CrmLink | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._runner, self._link = bridge, runner, link
        self._agents, self._policies = agents, policies
        self.operator_id = operator_id
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
        if link is not None:
            link.handle(KEPT_KIND, self._deliver_kept)
            link.state_changed.connect(lambda up: self._fetch_rules() if up else None)

    # -- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        """The team policy, the operator's options and the status kept from the last run."""
        def fetch() -> tuple[AgentPolicy, OperatorOptions, StatusChange | None]:
            # the status held when the program last closed (the row before its «не в сети»)
            last = next((c for c in self._agents.history(limit=2)
                         if c.status is not AgentStatus.OFFLINE), None)
            return self._policies.policy(), self._agents.options(), last

        self._runner.run(fetch, self._loaded, label="agent status",
                         on_failure=lambda exc: self._load_failed(exc))

    def _loaded(self, found: tuple[AgentPolicy, OperatorOptions, StatusChange | None]) -> None:
        self.policy, self.options, last = found
        self.loaded = True
        if last is not None and last.status in KEPT_OVER_RESTART:
            self.set_status(last.status, last.reason)
        else:
            self.set_status(AgentStatus.READY, force=True)
        self.changed.emit()

    def _load_failed(self, exc: Exception) -> None:
        """No database at start: work with the default rules, ready; the rules come once the
        database answers again."""
        if self._link is None or not self._link.report(exc):
            self.failed.emit(str(exc) or type(exc).__name__)
        log.warning("agent status: rules not loaded (%s); using the defaults", exc)
        self.loaded = True
        self.set_status(AgentStatus.READY, force=True)

    def _fetch_rules(self) -> None:
        def fetch() -> tuple[AgentPolicy, OperatorOptions]:
            return self._policies.policy(), self._agents.options()

        def fetched(found: tuple[AgentPolicy, OperatorOptions]) -> None:
            self.policy, self.options = found
            self._apply()
            self.changed.emit()

        self._runner.run(fetch, fetched, on_failure=lambda _exc: None, label="agent rules")

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
        self._record(status, reason)
        self.changed.emit()

    def go_offline(self) -> None:
        """The program is closing: the time from now on is not working time."""
        self._tick.stop()
        self._record(AgentStatus.OFFLINE, "")

    def _record(self, status: AgentStatus, reason: str) -> None:
        """Store the change with the time it happened; kept on the desk during an outage."""
        at = datetime.now(UTC)
        op = self.operator_id

        def failed(exc: Exception) -> None:
            if self._link is not None and self._link.report(exc):
                self._link.keep(KEPT_KIND, op, {"status": status.value, "reason": reason,
                                                "at": at.isoformat()})
            else:
                self.failed.emit(str(exc) or type(exc).__name__)

        self._runner.run(lambda: self._agents.record(status, reason, operator_id=op, at=at),
                         on_failure=failed, label="agent status")

    def _deliver_kept(self, operator_id: int | None, data: dict[str, Any]) -> int | None:
        """A worker thread: a change kept during the outage, stored with its own time."""
        assert operator_id is not None
        self._agents.record(AgentStatus(data["status"]), str(data.get("reason", "")),
                            operator_id=operator_id, at=datetime.fromisoformat(data["at"]))
        return None

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
