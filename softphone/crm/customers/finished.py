"""A finished call in the CRM's own terms: what the phone hands the call log when a call ends.

Kept apart from the call log's SQLAlchemy code so that the UI's bridge, which builds it from
the engine's event, does not load the database layer at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FinishedCall:
    """A call as the phone saw it end, in the CRM's own terms (the UI's bridge makes it from the
    engine's event, so the CRM never depends on the SIP layer)."""

    inbound: bool
    remote: str  # the SIP URI, else the number
    display_name: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime
    status_code: int = 0
    reason: str = ""
    conference: bool = False  # a leg of a three-way call


@dataclass(frozen=True, slots=True)
class StartedCall:
    """A call that just started ringing here or was just dialled: logged open at once."""

    inbound: bool
    remote: str
    display_name: str
    started_at: datetime
