"""The typo vocabulary of one database, shared by every knowledge-base service on it.

Only a query that found nothing asks for it. Knowing whether it is current costs a count of
kb_terms, which on PostgreSQL reads the whole table (5-15 ms at 100,000 terms, more than the
search itself), so the count is taken at most every RECHECK_SECONDS, and at once after a
write made in this process (the editor and the panel share it, so a new title word
is correctable immediately on the desk that added it, within seconds on the others).
"""

from __future__ import annotations

import threading
import time
import weakref

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from softphone.crm.db import Database
from softphone.crm.kb.fuzzy import TermIndex
from softphone.crm.kb.models import KbTerm

RECHECK_SECONDS = 5.0


class Vocabulary:
    def __init__(self) -> None:
        self._terms = TermIndex()
        self._lock = threading.Lock()
        self._checked_at = float("-inf")

    def current(self, session: Session) -> TermIndex:
        """The title words, re-read when kb_terms grew (it only ever grows)."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= RECHECK_SECONDS:
                size = session.execute(select(func.count()).select_from(KbTerm)).scalar_one()
                if size != self._terms.size:
                    self._terms.rebuild(session.execute(select(KbTerm.term)).scalars())
                self._checked_at = now
            return self._terms

    def changed(self) -> None:
        """A write in this process committed: count again at the next use."""
        with self._lock:
            self._checked_at = float("-inf")


# By URL, not by Database object: two Database objects on one database share what they know.
_shared: weakref.WeakValueDictionary[str, Vocabulary] = weakref.WeakValueDictionary()
_shared_lock = threading.Lock()


def vocabulary_of(db: Database) -> Vocabulary:
    """The one Vocabulary of db's database; it lives as long as a service holds it."""
    with _shared_lock:
        vocabulary = _shared.get(db.url)
        if vocabulary is None:
            vocabulary = _shared[db.url] = Vocabulary()
        return vocabulary
