"""Speech figures for the demo's answered calls, so the caller's card and «Отчёты → Речь»
show what the live hints save: each demo operator has a manner (pace, loudness, patience)
and every call varies around it. Seeded, so the same every time."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

from sqlalchemy import select

from softphone.crm.coaching.models import CallCoachingRow
from softphone.crm.coaching.service import CallCoaching
from softphone.crm.db import Database
from softphone.crm.demo.people import SEED as PEOPLE_SEED
from softphone.crm.models import Interaction
from softphone.crm.models.base import utcnow

SEED = PEOPLE_SEED + 18


@dataclass(frozen=True)
class Manner:
    pace: float  # syllables per second
    loudness: float  # dBFS of speech
    patience: float  # 0..1: waits in silence rather than talking over the caller


def _clip(value: float) -> float:
    return round(max(0.0, min(1.0, value)), 3)


def _figures(rng: random.Random, talk_s: float, manner: Manner) -> CallCoaching:
    caller_rate = rng.uniform(4.0, 6.8)
    operator_rate = max(3.0, manner.pace + rng.gauss(0, 0.4))
    mismatch = abs(operator_rate / caller_rate - 1)
    overtalks = rng.randint(1, 3) if rng.random() > manner.patience else 0
    return CallCoaching(
        operator_rate=round(operator_rate, 2),
        caller_rate=round(caller_rate, 2),
        pace_match=_clip(1 - 2 * mismatch + rng.uniform(-0.1, 0.1)),
        operator_dbfs=round(manner.loudness + rng.gauss(0, 2), 1),
        caller_dbfs=round(rng.uniform(-34, -18), 1),
        in_band=_clip(0.95 - abs(manner.loudness + 22) / 15 - rng.uniform(0, 0.1)),
        longest_pause_s=round(rng.uniform(1.0, 4.0) + 4.0 * (rng.random() < manner.patience), 1),
        overtalk_count=overtalks,
        overtalk_s=round(overtalks * 1.2 + (rng.uniform(0, 2) if overtalks else 0), 1),
        talk_s=round(talk_s * rng.uniform(0.35, 0.55), 1),
        listen_s=round(talk_s * rng.uniform(0.3, 0.5), 1),
    )


def load_demo_speech(db: Database) -> int:
    """Figures for every answered demo call without any; how many were added."""
    rng = random.Random(SEED)
    with db.session(write=True) as session:
        done = set(session.scalars(select(CallCoachingRow.interaction_id)))
        calls = session.scalars(
            select(Interaction).where(Interaction.answered_at.is_not(None))
            .order_by(Interaction.id)
        ).all()
        manners: dict[int | None, Manner] = {}
        added = 0
        for call in calls:
            if call.id in done:
                continue
            manner = manners.setdefault(call.operator_id, Manner(
                rng.uniform(4.5, 6.5), rng.uniform(-30, -16), rng.uniform(0.2, 0.6)))
            figures = _figures(rng, max(call.duration_s, 20.0), manner)
            session.add(CallCoachingRow(interaction_id=call.id, operator_id=call.operator_id,
                                        saved_at=call.ended_at or utcnow(), **asdict(figures)))
            added += 1
        return added
