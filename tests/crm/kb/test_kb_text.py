"""Lemmas, typo distance and safe rendering: the pieces search is built from (no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from softphone.crm.kb.fuzzy import TermIndex, edit_distance
from softphone.crm.kb.richtext import highlight_html, render_html
from softphone.crm.kb.search import parse_query, snippet
from softphone.crm.kb.text import lemma_text, lemmas


def test_word_forms_share_a_lemma_and_function_words_drop() -> None:
    assert lemmas("акция акции акциями акцию") == ["акция"] * 4
    assert lemma_text("Доставка по Москве и области") == "доставка москва область"
    assert lemmas("Перерасчёт ТВ-100 Wi-Fi") == ["перерасчет", "тв", "100", "wi", "fi"]


def test_only_letters_and_digits_reach_the_index_query() -> None:
    parsed = parse_query('"акция* NEAR(роутер) OR -x')
    terms = {alt.term for group in parsed.groups for alt in group}
    assert all(term.isalnum() for term in terms)
    assert parse_query("  ").empty and parse_query("«»()*").empty


def test_edit_distance_counts_swaps_as_one() -> None:
    assert edit_distance("ротуер", "роутер", 2) == 1
    assert edit_distance("доствка", "доставка", 2) == 1
    assert edit_distance("кот", "слон", 1) == 2  # capped at limit + 1


def test_term_index_finds_the_nearest_titles_words() -> None:
    index = TermIndex()
    index.rebuild(["роутер", "ротор", "доставка", "возврат", "акция"])
    assert index.closest("ротуер")[0] == "роутер"
    assert index.closest("акцыя") == ["акция"]
    assert index.closest("кот") == []  # too short to guess


def test_rendering_never_lets_markup_through() -> None:
    html = render_html('<b onclick="x()">hi</b>\n- **<i>bold</i>**\n\n<a href="javascript:1">x</a>')
    for tag in ("<i>", "<a ", 'onclick="', "<b onclick"):
        assert tag not in html
    assert "<li><b>&lt;i&gt;bold&lt;/i&gt;</b></li>" in html
    assert highlight_html("a<b>c", [(1, 4)]) == "a<b>&lt;b&gt;</b>c"


@given(st.text(max_size=300))
def test_rendered_text_has_only_our_tags(text: str) -> None:
    html = render_html(text)
    stripped = html
    for tag in ("<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>", "<b>", "</b>", "<br>"):
        stripped = stripped.replace(tag, "")
    assert "<" not in stripped and ">" not in stripped


def test_snippet_centres_on_the_first_match() -> None:
    body = "Вступление. " * 20 + "Возврат денег за услугу производится в течение десяти дней."
    text, spans = snippet(body, parse_query("возврата ").groups)
    assert text.startswith("…") and len(text) <= 205
    assert [text[a:b] for a, b in spans] == ["Возврат"]
