"""The desk's link to the CRM database: is it up, and the writes kept while it is not.

A PostgreSQL restarted or out of reach must not stop the phone. Tasks that fail with a
connection error (`softphone.crm.db.is_connection_error`, reported by the TaskRunner's
`connection_lost`) mark the CRM unavailable; a cheap probe then runs every few seconds off
the GUI thread until the server answers again. Writes that could not be delivered (the call
log, wrap-ups, notes drafts) are kept in order in a small JSON file in the user's data folder,
one per database, so a desk closed during the outage delivers them at its next start.

A call whose log row could not even be opened gets a provisional key (a negative number)
that stands for its row: the wrap-up saves notes against it, and the replay maps it to the
real row id once the call itself has been delivered. Replays are idempotent (the call log's
`once=True` finds a call already written), so a write whose answer was lost is not doubled.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, QTimer, Signal

from softphone.crm.connection_errors import is_connection_error
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

PROBE_MS = 2000  # how often an unavailable database is tried again
# A kept write: given the real row id (None while a provisional key has no row yet) and the
# stored payload (JSON: Any), deliver it in a worker thread; return the row id it wrote.
Handler = Callable[[int | None, dict[str, Any]], int | None]


def outbox_path(database_url: str) -> Path:
    """The outbox of one database, in the user's data folder."""
    digest = hashlib.sha1(database_url.encode(), usedforsecurity=False).hexdigest()[:12]
    return Path(platformdirs.user_data_dir("softphone")) / f"crm-outbox-{digest}.json"


@dataclass
class _Op:
    seq: int
    kind: str
    key: int  # a row id, or a provisional key (< 0)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Replay:
    done: list[int]  # seqs delivered (or dropped as undeliverable)
    ids: dict[int, int]  # provisional key -> row id learnt during the replay
    error: Exception | None  # the connection error that stopped it


class CrmLink(QObject):
    state_changed = Signal(bool)  # True: the CRM answers
    kept_changed = Signal(int)  # how many writes wait for the database

    def __init__(
        self,
        runner: TaskRunner,
        probe: Callable[[], None],
        store: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._probe, self._store = runner, probe, store
        self.up = True
        self._ops: list[_Op] = []
        self._ids: dict[int, int] = {}  # provisional key -> real row id
        self._handlers: dict[str, Handler] = {}
        self._seq = itertools.count(1)
        self._last_key = 0
        self._probing = self._flushing = False
        self._flushed_upto = 0
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._try_probe)
        runner.connection_lost.connect(self.report)
        self._load()

    # -- state ----------------------------------------------------------------------------------

    def report(self, exc: BaseException) -> bool:
        """A task failed with `exc`: True (and the CRM is marked unavailable) if the database
        could not be reached, False for any other error."""
        if not is_connection_error(exc):
            return False
        if self.up:
            log.warning("CRM database unavailable: %s", exc)
            self.up = False
            self._timer.start()
            self.state_changed.emit(False)
        return True

    def _try_probe(self) -> None:
        if self._probing:
            return
        self._probing = True
        self._runner.run(self._probe, self._probe_ok, on_failure=self._probe_failed,
                         label="CRM probe")

    def _probe_ok(self, _result: object) -> None:
        self._probing = False
        self._timer.stop()
        if not self.up:
            log.warning("CRM database reachable again; %d kept write(s) to deliver",
                        len(self._ops))
            self.up = True
            self.state_changed.emit(True)
        self.flush()

    def _probe_failed(self, exc: Exception) -> None:
        self._probing = False
        if not is_connection_error(exc):
            log.warning("CRM probe failed: %s", exc)

    # -- kept writes ----------------------------------------------------------------------------

    @property
    def kept(self) -> int:
        return len(self._ops)

    def handle(self, kind: str, handler: Handler) -> None:
        """Who delivers the kept writes of `kind` (registered before any is kept)."""
        self._handlers[kind] = handler
        self._again = True  # kept writes of this kind may wait in a replay running now
        if self._ops and self.up:
            self.flush()

    def new_key(self) -> int:
        """A provisional key for a call with no row yet: negative, unique across restarts."""
        key = -int(time.time() * 1000)
        key = min(key, self._last_key - 1)
        self._last_key = key
        return key

    def resolve(self, key: int) -> int | None:
        """The row id a key stands for, None while its call is not delivered."""
        return key if key > 0 else self._ids.get(key)

    def keep(self, kind: str, key: int, data: dict[str, Any], *, replaces: bool = False) -> None:
        """Keep one write to deliver in order; `replaces` drops earlier ones of the same kind
        and key (a newer draft of the same notes)."""
        if replaces:
            self._ops = [op for op in self._ops if (op.kind, op.key) != (kind, key)]
        self._ops.append(_Op(next(self._seq), kind, key, data))
        self._save()
        if self.up:
            self.flush()

    def drop(self, kind: str, key: int) -> None:
        """Forget the kept writes of `kind` and `key` (a form submitted or cleared: its
        draft must not come back when the database does)."""
        ops = [op for op in self._ops if (op.kind, op.key) != (kind, key)]
        if len(ops) != len(self._ops):
            self._ops = ops
            self._save()

    def kept_of(self, kind: str) -> list[dict[str, Any]]:
        """The payloads of the kept writes of `kind`, oldest first."""
        return [op.data for op in self._ops if op.kind == kind]

    def flush(self) -> None:
        """Deliver what is kept (one background task at a time, in order)."""
        if self._flushing or not self._ops:
            return
        self._flushing, self._again = True, False
        self._flushed_upto = self._ops[-1].seq
        ops, ids, handlers = list(self._ops), dict(self._ids), dict(self._handlers)
        self._runner.run(lambda: _replay(ops, ids, handlers), self._replayed,
                         on_failure=self._replay_failed, changes="calls", label="kept CRM writes")

    def _replayed(self, replay: _Replay) -> None:
        self._flushing = False
        self._ids.update(replay.ids)
        done = set(replay.done)
        self._ops = [op for op in self._ops if op.seq not in done]
        self._save()
        if replay.error is not None:
            self.report(replay.error)
        elif self._again or any(op.seq > self._flushed_upto for op in self._ops):
            self.flush()  # kept, or made deliverable, while this replay ran

    def _replay_failed(self, exc: Exception) -> None:
        self._flushing = False
        log.error("Delivering kept CRM writes failed: %s", exc)

    # -- the file -------------------------------------------------------------------------------

    def _load(self) -> None:
        if self._store is None or not self._store.exists():
            return
        try:
            saved = json.loads(self._store.read_text(encoding="utf-8"))
            self._ops = [_Op(next(self._seq), o["kind"], int(o["key"]), o["data"])
                         for o in saved["ops"]]
            self._ids = {int(k): int(v) for k, v in saved.get("ids", {}).items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.error("The kept CRM writes in %s cannot be read: %s", self._store, exc)
            return
        log.warning("%d CRM write(s) kept from an earlier outage", len(self._ops))
        self.kept_changed.emit(len(self._ops))

    def _save(self) -> None:
        self.kept_changed.emit(len(self._ops))
        if self._store is None:
            return
        try:
            if not self._ops:
                with contextlib.suppress(FileNotFoundError):
                    self._store.unlink()
                return
            self._store.parent.mkdir(parents=True, exist_ok=True)
            ops = [{"kind": op.kind, "key": op.key, "data": op.data} for op in self._ops]
            temp = self._store.with_suffix(".tmp")
            with temp.open("w", encoding="utf-8") as out:
                json.dump({"ops": ops, "ids": {str(k): v for k, v in self._ids.items()}}, out,
                          ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            temp.replace(self._store)
        except OSError as exc:  # still kept in memory for this session
            log.error("Could not keep CRM writes in %s: %s", self._store, exc)


def _replay(ops: list[_Op], ids: dict[int, int], handlers: dict[str, Handler]) -> _Replay:
    """In a worker thread: deliver `ops` in order until the database goes away again. A
    write for a call not delivered yet (a draft typed before the call ended) waits for the
    pass after its call's row is written."""
    replay = _Replay([], {}, None)
    pending = ops
    while pending:
        waiting: list[_Op] = []
        for op in pending:
            handler = handlers.get(op.kind)
            row_id = op.key if op.key > 0 else ids.get(op.key)
            if handler is None or (row_id is None and op.kind != "finish"):
                waiting.append(op)  # its call is still going, or nobody delivers it yet
                continue
            try:
                written = handler(row_id, op.data)
            except Exception as exc:
                if is_connection_error(exc):
                    replay.error = exc
                    return replay
                log.error("A kept CRM write (%s) cannot be delivered, dropped: %s %r", op.kind,
                          exc, op.data)
            else:
                if op.key < 0 and written is not None:
                    ids[op.key] = replay.ids[op.key] = written
            replay.done.append(op.seq)
        if len(waiting) == len(pending):
            break  # no progress: the rest waits for later
        pending = waiting
    return replay
