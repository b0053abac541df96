"""Import and export, CSV and JSON: a company loads its catalogue and gets it back intact."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.db import Database
from softphone.crm.kb import exchange
from softphone.crm.kb.drafts import KbValidationError
from softphone.crm.kb.service import KnowledgeBaseService
from tests.crm.kb.conftest import CATALOGUE, TODAY


@pytest.fixture
def other_kb(tmp_path: Path) -> Iterator[KnowledgeBaseService]:
    """A second, empty desk database (SQLite) to import into."""
    db = Database.open(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        yield KnowledgeBaseService(db, today=lambda: TODAY)
    finally:
        db.dispose()


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_export_import_round_trip(
    kb: KnowledgeBaseService,
    catalogue: dict[str, int],
    other_kb: KnowledgeBaseService,
    tmp_path: Path,
    suffix: str,
) -> None:
    kb.record_use(catalogue["TF-HOME"])
    kb.retire(catalogue["PR-OLD"])
    exported = kb.export_drafts()
    path = tmp_path / f"catalogue{suffix}"
    exchange.export_file(exported, path)
    loaded = exchange.read_file(path)
    assert loaded == exported

    summary = other_kb.import_drafts(loaded)
    assert (summary.created, summary.updated) == (len(CATALOGUE), 0)
    assert other_kb.export_drafts() == exported
    assert [h.code for h in other_kb.search("акциями ")] == ["PR-NOW", "PR-SOON"]

    again = kb.import_drafts(loaded)  # importing the same file again updates, never duplicates
    assert (again.created, again.updated) == (0, len(CATALOGUE))
    assert kb.export_drafts() == exported


def test_import_is_all_or_nothing_with_line_numbers(kb: KnowledgeBaseService) -> None:
    text = (
        "kind;code;title;price;unit;availability\n"
        "product;A-1;Кабель;150;м;in_stock\n"
        "product;A-2;;abc;шт.;in_stock\n"
    )
    with pytest.raises(KbValidationError, match="строка 3"):
        kb.import_drafts(exchange.read_csv(io.StringIO(text)))
    ok = "kind;code;title;price;unit;availability\nproduct;A-1;Кабель;150,50;м;in_stock\n"
    drafts = exchange.read_csv(io.StringIO(ok))
    twice = [*drafts, *drafts]
    with pytest.raises(KbValidationError, match="коды повторяются: A-1"):
        kb.import_drafts(twice)
    assert kb.search("") == []  # nothing was half-imported
    assert kb.import_drafts(drafts).created == 1
    hit = kb.search("кабеля ")[0]
    assert str(hit.price) == "150.50"


def test_bad_files_give_readable_errors() -> None:
    with pytest.raises(KbValidationError, match="не JSON"):
        exchange.read_json(io.StringIO("{oops"))
    with pytest.raises(KbValidationError, match="нет списка"):
        exchange.read_json(io.StringIO('{"items": 5}'))
    with pytest.raises(KbValidationError, match="нет столбцов: code, title"):
        exchange.read_csv(io.StringIO("kind,name\nproduct,x\n"))
    with pytest.raises(KbValidationError, match="не дата"):
        exchange.read_json(io.StringIO('[{"kind": "promotion", "starts_on": "вчера"}]'))
