"""Turning what an operator types into search terms shared by customer and call search."""

from __future__ import annotations

from dataclasses import dataclass

from softphone.crm.folding import fold
from softphone.crm.phone import is_number_fragment


@dataclass(frozen=True)
class SearchTerms:
    words: list[str]  # folded name words; each must appear somewhere in the name
    numbers: list[str]  # number fragments as typed ("8 912 345"), each must appear in a number


def parse_query(text: str) -> SearchTerms:
    """Neighbouring number-like words form one fragment: "8 912 345" is one number, not three."""
    words: list[str] = []
    numbers: list[str] = []
    pending: list[str] = []
    for word in fold(text).split():
        if is_number_fragment(word):
            pending.append(word)
            continue
        if pending:
            numbers.append(" ".join(pending))
            pending = []
        words.append(word)
    if pending:
        numbers.append(" ".join(pending))
    return SearchTerms(words, numbers)
