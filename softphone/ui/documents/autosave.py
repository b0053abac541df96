"""Debounced autosave of a form's fields into the CRM's draft store, off the GUI thread.

At most one save is in flight per form, and a submit waits for it (flush_then): a save that
landed after the submit would otherwise bring back the draft the submit just removed.
A save that fails (the database is unreachable) keeps the form dirty and is tried again every
few seconds, so the typed text reaches the database once it is back even if nobody types.
With the desk's CrmLink, a save that failed because the database is unreachable is kept in
the desk's outbox instead (a file), so even a desk closed during the outage loses nothing
typed: the next start brings the form back from there and delivers it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from softphone.crm.orders.drafts import DraftStore
from softphone.ui.crm_link import CrmLink
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
DEBOUNCE_MS = 400
RETRY_MS = 3000  # after a failed save
KEPT_KIND = "form_draft"  # the CrmLink's name for a draft kept during an outage


def draft_key(form_id: str) -> int:
    """The CrmLink's key of a form's draft: positive (it needs no call row), stable."""
    return int(hashlib.sha1(form_id.encode(), usedforsecurity=False).hexdigest()[:12], 16)


def deliver_kept_draft(drafts: DraftStore) -> Callable[[int | None, dict[str, Any]], None]:
    """The CrmLink handler that writes a kept draft once the database is back."""

    def deliver(_key: int | None, kept: dict[str, Any]) -> None:
        drafts.save(kept["form_id"], kept["form_kind"], kept["data"],
                    customer_id=kept["customer_id"], operator=kept["operator"])

    return deliver


class FormAutosaver(QObject):
    saved = Signal(str)  # form id: its draft is now in the database

    def __init__(
        self,
        drafts: DraftStore,
        runner: TaskRunner,
        form_kind: str,
        collect: Callable[[], tuple[str, dict[str, Any], int | None]],
        operator: str,
        parent: QObject | None = None,
        link: CrmLink | None = None,
    ) -> None:
        super().__init__(parent)
        self.link = link
        self._drafts, self._runner = drafts, runner
        self._kind, self._collect, self._operator = form_kind, collect, operator
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._save_now)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._save_now)
        self._in_flight = False
        self._dirty = False
        self._after: list[Callable[[], None]] = []
        self.enabled = True

    def touch(self) -> None:
        """A field changed: save once typing pauses."""
        if self.enabled:
            self._dirty = True
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._dirty or self._in_flight

    def _save_now(self) -> None:
        if not self.enabled or not self._dirty:
            return
        if self._in_flight:
            self._timer.start()  # the next save goes once this one is done
            return
        form_id, data, customer_id = self._collect()
        if self.link is not None and not self.link.up:  # no use trying: kept at once
            self._dirty = False
            self._keep(form_id, data, customer_id)
            return
        self._dirty, self._in_flight = False, True
        kind, operator = self._kind, self._operator
        self._runner.run(
            lambda: self._drafts.save(
                form_id, kind, data, customer_id=customer_id, operator=operator
            ),
            lambda _r: self._done(form_id),
            on_failure=self._failed,
            label=f"autosave {kind}",
        )

    def _done(self, form_id: str) -> None:
        self._in_flight = False
        self.saved.emit(form_id)
        self._run_after()

    def _failed(self, exc: Exception) -> None:
        self._in_flight = False
        if self.enabled and self.link is not None and self.link.report(exc):
            self._keep(*self._collect())  # the link delivers it when the database is back
        else:
            self._dirty = True  # try again on the next keystroke, or after a pause
            log.warning("Draft autosave failed: %s", exc)
            if self.enabled:
                self._retry.start()
        self._run_after()

    def _keep(self, form_id: str, data: dict[str, Any], customer_id: int | None) -> None:
        assert self.link is not None
        self.link.keep(KEPT_KIND, draft_key(form_id), {
            "form_id": form_id, "form_kind": self._kind, "data": data,
            "customer_id": customer_id, "operator": self._operator,
        }, replaces=True)

    def _drop_kept(self) -> None:
        if self.link is not None:
            self.link.drop(KEPT_KIND, draft_key(self._collect()[0]))

    def _run_after(self) -> None:
        callbacks, self._after = self._after, []
        for callback in callbacks:
            callback()

    def stop(self) -> None:
        """No more saves for this form (submitted or cleared)."""
        self._timer.stop()
        self._retry.stop()
        self._dirty = False
        self.enabled = False
        self._drop_kept()

    def flush_then(self, callback: Callable[[], None]) -> None:
        """Run callback once no save is in flight (pending keystrokes are dropped); the
        callback removes the draft (submit, new form), so a kept one goes too."""
        self._timer.stop()
        self._retry.stop()
        self._dirty = False
        self._drop_kept()
        if self._in_flight:
            self._after.append(callback)
        else:
            callback()
