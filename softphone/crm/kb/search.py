"""From what the operator typed to ranked hits with highlighted passages.

Database-independent: index.py finds candidate ids; this module decides what the words mean,
which items go first and which passage to show. Highlights are offsets into plain text, never
markup, so the widget escapes the text and makes only those spans bold.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from softphone.crm.kb.index import Alternative, Group
from softphone.crm.kb.text import Token, tokens

MAX_GROUPS = 8  # words beyond this add nothing but cost
MAX_QUERY_CHARS = 500
SNIPPET_CHARS = 200
SNIPPET_BEFORE = 60

Span = tuple[int, int]


class PromoState(enum.StrEnum):
    CURRENT = "current"
    UPCOMING = "upcoming"
    EXPIRED = "expired"


def promo_state(starts_on: date | None, ends_on: date | None, today: date) -> PromoState:
    if starts_on is not None and today < starts_on:
        return PromoState.UPCOMING
    if ends_on is not None and today > ends_on:
        return PromoState.EXPIRED
    return PromoState.CURRENT


@dataclass(frozen=True)
class ParsedQuery:
    groups: list[Group]  # one per meaningful word; every group must match

    @property
    def empty(self) -> bool:
        return not self.groups


def parse_query(query: str) -> ParsedQuery:
    """Lemmas of the typed words; the word being typed (no space after it) also as a prefix."""
    query = query[:MAX_QUERY_CHARS]
    words = list(tokens(query))
    typing = bool(words) and words[-1].end == len(query)
    groups: list[Group] = []
    seen: set[Group] = set()
    for i, tok in enumerate(words):
        if not tok.lemma:
            continue  # prepositions and the like: not indexed either
        alts = [Alternative(tok.lemma, False)]
        if tok.word != tok.lemma:
            alts.append(Alternative(tok.word, False))
        if typing and i == len(words) - 1 and len(tok.word) >= 2:
            alts.append(Alternative(tok.word, True))
        group = tuple(alts)
        if group not in seen:
            seen.add(group)
            groups.append(group)
    return ParsedQuery(groups[:MAX_GROUPS])


def token_matches(token: Token, group: Group) -> bool:
    for alt in group:
        if alt.prefix:
            if token.word.startswith(alt.term) or token.lemma.startswith(alt.term):
                return True
        elif alt.term in (token.lemma, token.word):
            return True
    return False


def matching_spans(toks: Iterable[Token], groups: Sequence[Group]) -> list[Span]:
    return [(t.start, t.end) for t in toks if any(token_matches(t, g) for g in groups)]


def groups_missing(text: str, groups: Sequence[Group]) -> int:
    """How many query words `text` lacks: 0 means every word is in the title."""
    toks = list(tokens(text))
    return sum(1 for g in groups if not any(token_matches(t, g) for t in toks))


def snippet(text: str, groups: Sequence[Group]) -> tuple[str, list[Span]]:
    """A one-line passage around the first match, with the matches' offsets within it."""
    flat = text.replace("\n", " ")
    if not flat:
        return "", []
    spans = matching_spans(tokens(flat), groups) if groups else []
    start = 0
    if spans and spans[0][0] > SNIPPET_BEFORE:
        start = flat.rfind(" ", 0, spans[0][0] - SNIPPET_BEFORE) + 1
    end = min(len(flat), start + SNIPPET_CHARS)
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + flat[start:end] + suffix, inside


@dataclass(frozen=True)
class SearchHit:
    """One result line: enough to show price or period at a glance and to copy it."""

    item_id: int
    kind: str
    code: str
    title: str
    title_spans: tuple[Span, ...]
    snippet: str
    snippet_spans: tuple[Span, ...]
    category: str | None
    price: Decimal | None  # products and services; the cheapest plan for tariffs
    unit: str  # "шт.", "услуга"; a tariff's plan period
    availability: str | None
    starts_on: date | None
    ends_on: date | None
    promo_state: PromoState | None
    uses: int
    fuzzy: bool = False  # found after correcting a typo


def rank_key(hit: SearchHit, title_missing: int, position: int) -> tuple[int, int, int, int]:
    """Expired promotions last; then title matches before body matches; then current
    promotions before everything else; then the database's own relevance order."""
    return (
        hit.promo_state is PromoState.EXPIRED,
        title_missing,
        hit.promo_state is not PromoState.CURRENT,
        position,
    )
