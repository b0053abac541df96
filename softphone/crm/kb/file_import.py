"""Loading a catalogue file the way an admin wants it: good records in, bad ones reported.

`KnowledgeBaseService.import_drafts` is all or nothing, which suits scripts. A company loading
its catalogue from a spreadsheet would rather get the 995 good lines now and a list of the
five to fix, so this checks every record first (reading, validation, repeated codes,
promotions naming unknown codes), imports the rest in one transaction and reports both.
Importing is by code, so loading the corrected file again only updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from softphone.crm.db import Database
from softphone.crm.kb import exchange
from softphone.crm.kb.drafts import ItemDraft, KbValidationError, validate
from softphone.crm.kb.models import ItemKind, KbItem
from softphone.crm.kb.service import KnowledgeBaseService

_CHUNK = 500  # codes per IN (...) query


@dataclass(frozen=True)
class Rejected:
    where: str  # "строка 3"
    reason: str  # Russian, as the validation says it


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    rejected: tuple[Rejected, ...]


def import_file(kb: KnowledgeBaseService, db: Database, path: Path) -> ImportReport:
    """Import the file's good records; KbValidationError only when the file itself is unusable."""
    good: list[tuple[str, ItemDraft]] = []
    rejected: list[Rejected] = []
    seen: dict[str, str] = {}
    for row in exchange.read_file_rows(path):
        if row.draft is None:
            rejected.append(Rejected(row.where, row.problem))
            continue
        try:
            clean = validate(row.draft)
        except KbValidationError as exc:
            rejected.append(Rejected(row.where, "; ".join(exc.problems)))
            continue
        if clean.code in seen:
            reason = f"код «{clean.code}» уже встречался в файле ({seen[clean.code]})"
            rejected.append(Rejected(row.where, reason))
            continue
        seen[clean.code] = row.where
        good.append((row.where, clean))
    good, unknown = _known_targets(db, good)
    rejected += unknown
    summary = kb.import_drafts([draft for _, draft in good])  # refuses non-editors, too
    rejected.sort(key=lambda r: int(r.where.rsplit(" ", 1)[-1]))  # file order: 9 before 10
    return ImportReport(summary.created, summary.updated, tuple(rejected))


def _known_targets(
    db: Database, good: list[tuple[str, ItemDraft]]
) -> tuple[list[tuple[str, ItemDraft]], list[Rejected]]:
    """Promotions whose products are neither in the file nor in the catalogue are rejected."""
    in_file = {draft.code for _, draft in good if draft.kind != ItemKind.PROMOTION}
    wanted = sorted({code for _, d in good for code in d.applies_to if code not in in_file})
    existing: set[str] = set()
    with db.session() as session:
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            existing.update(session.scalars(select(KbItem.code).where(KbItem.code.in_(chunk))))
    known = in_file | existing
    kept, rejected = [], []
    for where, draft in good:
        missing = sorted(set(draft.applies_to) - known)
        if missing:
            reason = f"акция ссылается на неизвестные коды: {', '.join(missing)}"
            rejected.append(Rejected(where, reason))
        else:
            kept.append((where, draft))
    return kept, rejected
