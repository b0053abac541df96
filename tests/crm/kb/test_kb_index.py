"""What the speed-ups keep true: the index's own copies (titles, kind, category) follow every
change, an upgraded database finds what it found before, and a new title word is correctable
at once on the database it was added to."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from softphone.crm import migrate
from softphone.crm.db import Database
from softphone.crm.kb.service import KnowledgeBaseService
from tests.crm.kb.conftest import CATALOGUE, TODAY


def codes(kb: KnowledgeBaseService, query: str, **filters: object) -> list[str]:
    return [h.code for h in kb.search(query, **filters)]  # type: ignore[arg-type]


def test_filters_follow_an_item_whose_kind_and_category_change(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    item_id = catalogue["SRV-SETUP"]
    kb.update(item_id, replace(kb.draft(item_id), kind="product", category="Оборудование"))
    assert codes(kb, "настройка ", kind="service") == []
    assert codes(kb, "настройка ", kind="product") == ["SRV-SETUP"]
    category = {c.name: c.id for c in kb.categories()}
    assert codes(kb, "настройка ", category_id=category["Оборудование"]) == ["SRV-SETUP"]
    assert codes(kb, "настройка ", category_id=category["Услуги"]) == []


def test_title_matches_still_come_first_when_the_title_changes(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    # "курьер" is in ART-DELIVERY's title and in nobody's body but its own.
    returns = catalogue["ART-RETURNS"]
    kb.update(returns, replace(kb.draft(returns), title="Возврат товара курьером"))
    hits = kb.search("курьер ")
    assert {h.code for h in hits} == {"ART-DELIVERY", "ART-RETURNS"}
    assert all(h.title_spans for h in hits)
    kb.update(returns, replace(kb.draft(returns), title="Возврат товара"))
    assert codes(kb, "курьер ") == ["ART-DELIVERY"]


def test_an_upgraded_database_finds_what_it_found_before(database: Database) -> None:
    """Items indexed before the title table and the filter columns existed (revision 0008)."""
    kb = KnowledgeBaseService(database, today=lambda: TODAY)
    for draft in CATALOGUE:
        kb.create(draft)
    migrate.downgrade(database, "0008")  # what an older install's index looks like
    migrate.upgrade(database, "head")
    if database.dialect == "sqlite":  # the titles' own table was filled from kb_fts
        with database.session() as session:
            titles = session.execute(text("SELECT count(*) FROM kb_fts_title")).scalar_one()
        assert titles == len(CATALOGUE)
    kb = KnowledgeBaseService(database, today=lambda: TODAY)
    assert codes(kb, "доставка ")[:2] == ["ART-DELIVERY", "ART-RETURNS"]
    assert codes(kb, "роутер ", kind="product") == ["RT-AX55"]
    terms = {c.name: c.id for c in kb.categories()}
    assert codes(kb, "курьер", category_id=terms["Условия"]) == ["ART-DELIVERY"]


def test_a_new_title_word_is_correctable_at_once_on_another_service(
    database: Database, catalogue: dict[str, int]
) -> None:
    """The panel's service has its typo vocabulary; the editor's service adds a word."""
    panel = KnowledgeBaseService(database, today=lambda: TODAY)
    assert panel.search("ротуер ")  # the vocabulary is loaded now
    editor = KnowledgeBaseService(database, today=lambda: TODAY)
    editor.create(replace(CATALOGUE[0], code="CAM-1", title="Видеокамера уличная"))
    hits = panel.search("видеокамира ")
    assert [h.code for h in hits] == ["CAM-1"] and hits[0].fuzzy
