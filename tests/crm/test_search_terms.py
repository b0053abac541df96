"""Query parsing: what is a name and what is (part of) a number."""

from __future__ import annotations

from softphone.crm.folding import fold, like_pattern
from softphone.crm.search import parse_query


def test_neighbouring_number_words_are_one_fragment() -> None:
    terms = parse_query("Ёлкина 8 912 345 Мария +7(916)")
    assert terms.words == ["елкина", "мария"]
    assert terms.numbers == ["8 912 345", "+7(916)"]


def test_fold_and_like_escaping() -> None:
    assert fold("  ЁЛКИН\tПётр ") == "елкин петр"
    assert like_pattern("50%_x\\") == "%50\\%\\_x\\\\%"
