"""The demo catalogue: every kind, every service-terms topic, promotions dated around today."""

from __future__ import annotations

from softphone.crm.db import Database
from softphone.crm.kb.demo import demo_drafts, load_demo_catalogue
from softphone.crm.kb.search import PromoState
from softphone.crm.kb.service import KnowledgeBaseService
from tests.crm.kb.conftest import TODAY


def test_demo_catalogue_loads_and_answers_typical_questions(database: Database) -> None:
    summary = load_demo_catalogue(database, today=TODAY)
    drafts = demo_drafts(TODAY)
    assert summary.created == len(drafts) >= 30
    assert load_demo_catalogue(database, today=TODAY).updated == len(drafts)  # idempotent
    kb = KnowledgeBaseService(database, today=lambda: TODAY)
    assert {d.kind for d in drafts} == {"product", "service", "promotion", "tariff", "article"}
    topics = {d.topic for d in drafts if d.kind == "article"}
    assert {"ordering", "delivery", "returns", "recalculation", "compensation", "faq"} <= topics
    states = [h.promo_state for h in kb.search("акции ")]
    assert states[0] is PromoState.CURRENT and states[-1] is PromoState.EXPIRED
    assert PromoState.UPCOMING in states
    for question, title in [
        ("перерасчет абонентской платы", "Перерасчёт абонентской платы"),
        ("компенсация за перерыв ", "Компенсация за перерыв в связи"),
        ("вернуть оборудование ", "Возврат и обмен оборудования"),
        ("тайна связи ", "Тайна связи и персональные данные"),
        ("как оформить заказ ", "Как оформить заказ"),
    ]:
        hits = kb.search(question)
        assert hits and hits[0].title == title, (question, [h.title for h in hits])
