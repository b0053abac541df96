"""Search as the operator types, on SQLite (FTS5) and PostgreSQL (`russian` tsvector)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from softphone.crm.kb.search import PromoState, SearchHit
from softphone.crm.kb.service import KnowledgeBaseService


def codes(hits: list[SearchHit]) -> list[str]:
    return [h.code for h in hits]


@pytest.mark.parametrize("form", ["акция", "акции", "акциями", "акцию", "АКЦИЙ"])
def test_any_word_form_finds_the_promotions(
    kb: KnowledgeBaseService, catalogue: dict[str, int], form: str
) -> None:
    assert set(codes(kb.search(form))) == {"PR-NOW", "PR-OLD", "PR-SOON"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("возвратом товаров", "ART-RETURNS"),
        ("доставки курьером", "ART-DELIVERY"),
        ("роутеры wi-fi", "RT-AX55"),
        ("настройкой", "SRV-SETUP"),
        ("rt-ax55", "RT-AX55"),  # the article number
    ],
)
def test_inflected_words_find_their_item_first(
    kb: KnowledgeBaseService, catalogue: dict[str, int], query: str, expected: str
) -> None:
    hits = kb.search(query + " ")
    assert hits and hits[0].code == expected, codes(hits)


def test_the_word_being_typed_matches_as_a_prefix(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    assert "ART-DELIVERY" in codes(kb.search("доставк"))
    assert "ART-DELIVERY" in codes(kb.search("курь"))
    assert codes(kb.search("курь ")) == []  # a finished word is not a prefix any more


@pytest.mark.parametrize("typo", ["ротуер", "роутре", "доствка", "возрват"])
def test_a_typo_still_finds_the_item(
    kb: KnowledgeBaseService, catalogue: dict[str, int], typo: str
) -> None:
    hits = kb.search(typo + " ")
    assert hits, typo
    assert all(h.fuzzy for h in hits)
    assert any(h.title_spans for h in hits)  # the corrected word is highlighted


def test_when_no_item_has_every_word_any_word_will_do(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    hits = kb.search("роутер бегемот ")
    assert "RT-AX55" in codes(hits)
    assert kb.search("бегемот жираф ") == []


def test_title_matches_rank_before_body_matches(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    hits = kb.search("доставка ")
    # "Доставка курьером" has it in the title; "Возврат товара" only in the body.
    assert codes(hits)[:2] == ["ART-DELIVERY", "ART-RETURNS"]
    assert hits[0].title_spans and not hits[1].title_spans
    assert hits[1].snippet_spans


def test_current_promotions_first_and_expired_ones_last_and_marked(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    hits = kb.search("акция ")
    assert codes(hits) == ["PR-NOW", "PR-SOON", "PR-OLD"]
    states = [h.promo_state for h in hits]
    assert states == [PromoState.CURRENT, PromoState.UPCOMING, PromoState.EXPIRED]
    assert hits[2].ends_on is not None and hits[0].starts_on is not None


def test_highlights_point_at_the_matching_words(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    hit = next(h for h in kb.search("бесплатной доставкой ") if h.code == "ART-RETURNS")
    marked = [hit.snippet[a:b].lower() for a, b in hit.snippet_spans]
    assert marked == ["бесплатная", "доставка"]
    title = kb.search("роутеров ", kind="product")[0]
    assert [title.title[a:b] for a, b in title.title_spans] == ["Роутер"]


def test_result_shows_price_or_period_at_a_glance(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    by_code = {h.code: h for h in kb.search("роутер ")}
    assert str(by_code["RT-AX55"].price) == "4990.00" and by_code["RT-AX55"].unit == "шт."
    assert str(by_code["TF-HOME"].price) == "490.00"  # cheapest plan of the tariff
    assert by_code["TF-HOME"].unit == "мес."
    assert by_code["PR-NOW"].starts_on is not None


def test_filters_by_kind_and_category(kb: KnowledgeBaseService, catalogue: dict[str, int]) -> None:
    assert codes(kb.search("роутер ", kind="product")) == ["RT-AX55"]
    assert set(codes(kb.search("роутер ", kind="promotion"))) == {"PR-NOW"}
    terms = {c.name: c.id for c in kb.categories()}
    assert set(terms) == {"Оборудование", "Услуги", "Условия", "Тарифы"}
    assert set(codes(kb.search("", category_id=terms["Условия"]))) == {
        "ART-DELIVERY",
        "ART-RETURNS",
    }
    assert codes(kb.search("роутер ", category_id=terms["Условия"])) == []


def test_empty_query_lists_the_most_used_items(
    kb: KnowledgeBaseService, catalogue: dict[str, int]
) -> None:
    for _ in range(3):
        kb.record_use(catalogue["ART-RETURNS"])
    kb.record_use(catalogue["TF-HOME"])
    hits = kb.search("   ")
    assert codes(hits)[:2] == ["ART-RETURNS", "TF-HOME"]
    assert hits[0].uses == 3
    assert codes(hits)[-1] == "PR-OLD"  # expired last even here
    assert len(hits) == len(catalogue)


# Pieces of FTS5 and tsquery syntax, SQL, NUL, and real words to glue them to.
_PUNCTUATION = "\" ' * ( ) ^ : - + ! & | { } \\ % _ \x00 <-> NEAR( title: :* '; --"
FTS_SYNTAX = st.sampled_from(
    [" ", "NEAR", "AND", "OR", "NOT", "акция", "роут", *_PUNCTUATION.split()]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.one_of(st.text(max_size=60), st.lists(FTS_SYNTAX, max_size=12).map("".join)))
def test_arbitrary_text_never_raises(
    kb: KnowledgeBaseService, catalogue: dict[str, int], query: str
) -> None:
    hits = kb.search(query)
    assert len(hits) <= 30
    for hit in hits:
        for a, b in hit.snippet_spans:
            assert 0 <= a < b <= len(hit.snippet)


@pytest.mark.parametrize(
    "query",
    [
        '"акция',
        "акция*",
        "(роутер",
        "роутер NEAR доставка",
        "NOT акция",
        "a OR b",
        "акция AND",
        "title:акция",
        "'; DROP TABLE kb_items; --",
        "роутер & | !",
    ],
)
def test_fts_syntax_is_taken_as_words(
    kb: KnowledgeBaseService, catalogue: dict[str, int], query: str
) -> None:
    kb.search(query)  # never raises
    assert kb.search("роутер ")  # and the tables are still there
