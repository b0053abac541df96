"""Admin editing: validation in Russian, and the index following every change."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from softphone.crm.kb.drafts import ItemDraft, KbValidationError, PlanDraft
from softphone.crm.kb.service import KbNotFound, KnowledgeBaseService
from tests.crm.kb.conftest import CATALOGUE, days


def codes(kb: KnowledgeBaseService, query: str, **filters: object) -> list[str]:
    return [h.code for h in kb.search(query, **filters)]  # type: ignore[arg-type]


def test_edit_reindexes_the_item(kb: KnowledgeBaseService, catalogue: dict[str, int]) -> None:
    item_id = catalogue["SRV-SETUP"]
    draft = kb.draft(item_id)
    kb.update(item_id, replace(draft, title="Подключение телевидения", body="Монтаж кабеля."))
    assert "SRV-SETUP" in codes(kb, "телевидением ")
    assert "SRV-SETUP" not in codes(kb, "настройка ")
    assert kb.item(item_id).title == "Подключение телевидения"


def test_renaming_a_product_reindexes_promotions_that_cover_it(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    router = catalogue["RT-AX55"]
    kb.update(router, replace(kb.draft(router), title="Маршрутизатор «Домашний»"))
    assert set(codes(kb, "маршрутизатором ")) == {"RT-AX55", "PR-NOW"}


def test_retire_hides_and_restore_brings_back(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    item_id = catalogue["ART-DELIVERY"]
    kb.retire(item_id)
    assert "ART-DELIVERY" not in codes(kb, "курьером ")
    assert "ART-DELIVERY" not in codes(kb, "")
    assert kb.item(item_id).retired
    kb.restore(item_id)
    assert codes(kb, "курьером ") == ["ART-DELIVERY"]


def test_reindex_rebuilds_the_same_results(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    kb.retire(catalogue["PR-OLD"])
    before = codes(kb, "акция ")
    assert kb.reindex() == len(catalogue) - 1
    assert codes(kb, "акция ") == before == ["PR-NOW", "PR-SOON"]


def test_details_render_safely_and_copy_as_plain_text(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    item_id = kb.create(
        ItemDraft(
            kind="article",
            code="ART-X",
            title="Проверка",
            body='<script>alert("x")</script> **важно**\n- <img src="http://evil">',
        )
    )
    details = kb.item(item_id)
    assert "<script>" not in details.body_html and "&lt;script&gt;" in details.body_html
    assert "<img" not in details.body_html and "<b>важно</b>" in details.body_html
    copied = kb.item(catalogue["TF-HOME"]).clipboard_text()
    assert "Базовый: 490 ₽ / мес." in copied and "<" not in copied
    router = kb.item(catalogue["RT-AX55"]).clipboard_text()
    assert "Цена: 4\u202f990 ₽ за шт." in router and "Артикул: RT-AX55" in router


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "укажите название"),
        ({"code": ""}, "укажите код"),
        ({"price": None}, "укажите цену"),
        ({"price": Decimal("-1")}, "неотрицательная"),
        ({"price": Decimal("1.005")}, "двух знаков"),
        ({"unit": ""}, "единицу"),
        ({"availability": "maybe"}, "наличие"),
        ({"kind": "gadget"}, "неизвестный вид"),
    ],
)
def test_product_validation_speaks_russian(
    kb: KnowledgeBaseService, change: dict[str, object], message: str
) -> None:
    with pytest.raises(KbValidationError, match=message):
        kb.create(replace(CATALOGUE[0], **change))  # type: ignore[arg-type]


def test_promotion_and_tariff_validation(kb: KnowledgeBaseService) -> None:
    promo = next(d for d in CATALOGUE if d.code == "PR-NOW")
    with pytest.raises(KbValidationError, match="раньше, чем начинается"):
        kb.create(replace(promo, applies_to=(), ends_on=days(-30)))
    with pytest.raises(KbValidationError, match="от 0 до 100"):
        kb.create(replace(promo, applies_to=(), discount_value=Decimal("150")))
    with pytest.raises(KbValidationError, match="неизвестные коды: NOPE"):
        kb.create(replace(promo, applies_to=("NOPE",)))
    tariff = next(d for d in CATALOGUE if d.code == "TF-HOME")
    with pytest.raises(KbValidationError, match="хотя бы один план"):
        kb.create(replace(tariff, plans=()))
    twin = (PlanDraft("А", Decimal(1)), PlanDraft("А", Decimal(2)))
    with pytest.raises(KbValidationError, match="повторяются"):
        kb.create(replace(tariff, plans=twin))
    error = None
    try:
        kb.create(ItemDraft(kind="promotion", code="", title=""))
    except KbValidationError as exc:
        error = exc
    assert error is not None and len(error.problems) >= 4  # everything at once


def test_codes_are_unique_and_missing_items_are_reported(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    with pytest.raises(KbValidationError, match="уже занят"):
        kb.create(replace(CATALOGUE[1], title="Другая услуга"))
    with pytest.raises(KbValidationError, match="уже занят"):
        kb.update(catalogue["SRV-SETUP"], replace(CATALOGUE[1], code="RT-AX55"))
    with pytest.raises(KbNotFound, match="не найдена"):
        kb.item(999_999)
    with pytest.raises(KbNotFound):
        kb.retire(999_999)
