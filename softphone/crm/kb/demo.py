"""The demo catalogue of a fictitious provider (resources/demo/kb-catalogue.json).

Promotion dates in the file are offsets from the day of loading, so the demo always has a
current, an upcoming and an expired promotion, whatever the date.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from softphone.crm.db import Database
from softphone.crm.kb.drafts import ItemDraft, from_dict
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.crm.kb.views import ImportSummary
from softphone.resources import resource_path


def catalogue_path() -> Path:
    return resource_path("demo", "kb-catalogue.json")


def demo_drafts(today: date, path: Path | None = None) -> list[ItemDraft]:
    document = json.loads((path or catalogue_path()).read_text(encoding="utf-8"))
    drafts = []
    for raw in document["items"]:
        data: dict[str, Any] = dict(raw)  # Any: a record as json.loads gives it
        for offset_key, date_key in (("starts_in_days", "starts_on"), ("ends_in_days", "ends_on")):
            if offset_key in data:
                offset = data.pop(offset_key)
                data[date_key] = None if offset is None else today + timedelta(days=offset)
                data[date_key] = data[date_key] and data[date_key].isoformat()
        drafts.append(from_dict(data))
    return drafts


def load_demo_catalogue(db: Database, *, today: date | None = None) -> ImportSummary:
    """Import the demo catalogue (idempotent: items are matched by code)."""
    today = today or date.today()
    return KnowledgeBaseService(db, today=lambda: today).import_drafts(demo_drafts(today))
