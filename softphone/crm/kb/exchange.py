"""Catalogue files: JSON and CSV, written and read so that export → import is lossless.

JSON is a list of objects (drafts.to_dict). CSV has one line per item with the same column
names; list-valued fields go in one cell each: `applies_to` as codes separated by spaces,
`plans` as a JSON list (spreadsheets keep it intact). Files are UTF-8; CSV gets a BOM so Excel
opens Cyrillic correctly, and reading accepts either `,` or `;` as the separator.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from softphone.crm.kb.drafts import DRAFT_FIELDS, ItemDraft, KbValidationError, from_dict, to_dict

FORMAT_VERSION = 1


def write_json(drafts: Iterable[ItemDraft], out: TextIO) -> None:
    document = {
        "format": "softphone-kb",
        "version": FORMAT_VERSION,
        "items": [to_dict(d) for d in drafts],
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")


def read_json(source: TextIO) -> list[ItemDraft]:
    return _drafts(json_rows(source))


def json_rows(source: TextIO) -> list[FileRow]:
    """Each record read on its own; only a file that is not a list of records is refused."""
    try:
        document = json.load(source)
    except json.JSONDecodeError as exc:
        raise KbValidationError([f"файл не JSON: строка {exc.lineno}, {exc.msg}"]) from None
    # Any: whatever json.load found; checked to be a list just below.
    items: Any = document.get("items") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise KbValidationError(["в файле нет списка записей (items)"])
    return [_row(raw, f"запись {n}") for n, raw in enumerate(items, 1)]


def write_csv(drafts: Iterable[ItemDraft], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=DRAFT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for draft in drafts:
        row = to_dict(draft)
        row["applies_to"] = " ".join(row["applies_to"])
        row["plans"] = json.dumps(row["plans"], ensure_ascii=False) if row["plans"] else ""
        row["retired"] = "1" if row["retired"] else "0"
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def read_csv(source: TextIO) -> list[ItemDraft]:
    return _drafts(csv_rows(source))


def csv_rows(source: TextIO) -> list[FileRow]:
    """Each line read on its own; only a file without the key columns is refused."""
    sample = source.read()
    if sample.startswith("\ufeff"):
        sample = sample[1:]
    header = sample.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(sample), delimiter=delimiter)
    missing = {"kind", "code", "title"} - set(reader.fieldnames or ())
    if missing:
        raise KbValidationError([f"в CSV нет столбцов: {', '.join(sorted(missing))}"])
    rows = []
    for row in reader:
        where = f"строка {reader.line_num}"
        # Any: csv gives str cells, and "plans" becomes what json.loads makes of its cell.
        data: dict[str, Any] = {k: v for k, v in row.items() if k is not None}
        plans = (data.get("plans") or "").strip()
        try:
            data["plans"] = json.loads(plans) if plans else []
        except json.JSONDecodeError:
            rows.append(FileRow(where, None, "планы тарифа — не JSON-список"))
            continue
        rows.append(_row(data, where))
    return rows


@dataclass(frozen=True)
class FileRow:
    """One record of a catalogue file: its draft, or why it could not be read."""

    where: str  # "строка 3" (CSV) or "запись 3" (JSON), in the admin's words
    draft: ItemDraft | None
    problem: str = ""


def _row(raw: Any, where: str) -> FileRow:  # Any: one record as json.load or csv give it
    try:
        return FileRow(where, from_dict(raw))
    except KbValidationError as exc:
        return FileRow(where, None, "; ".join(exc.problems))


def _drafts(rows: list[FileRow]) -> list[ItemDraft]:
    """All drafts, or the first unreadable record's problem (the CLI imports all or nothing)."""
    for row in rows:
        if row.draft is None:
            raise KbValidationError([row.problem], where=row.where)
    return [row.draft for row in rows if row.draft is not None]


def export_file(drafts: Iterable[ItemDraft], path: Path) -> None:
    """By extension: .json or .csv."""
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            write_csv(drafts, out)
    else:
        with path.open("w", encoding="utf-8") as out:
            write_json(drafts, out)


def read_file(path: Path) -> list[ItemDraft]:
    return _drafts(read_file_rows(path))


def read_file_rows(path: Path) -> list[FileRow]:
    """By extension, like export_file; each record with its own problem, if any."""
    if path.suffix.lower() == ".csv":
        return csv_rows(io.StringIO(_csv_text(path.read_bytes()), newline=""))
    with path.open(encoding="utf-8") as source:
        return json_rows(source)


def _csv_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251: what Russian Excel saves as "CSV"."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise KbValidationError(["CSV-файл не в кодировке UTF-8 и не в Windows-1251"]) from None
