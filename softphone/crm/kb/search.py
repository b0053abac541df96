"""From what the operator typed to ranked hits with highlighted passages.

Database-independent: index.py finds candidate ids; this module decides what the words mean,
which items go first and which passage to show. Highlights are offsets into plain text, never
markup, so the widget escapes the text and makes only those spans bold.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from softphone.crm.kb.index import Alternative, Group
from softphone.crm.kb.text import Token, tokens, words

MAX_GROUPS = 8  # words beyond this add nothing but cost
MAX_QUERY_CHARS = 500
SNIPPET_CHARS = 200
SNIPPET_BEFORE = 60
SNIPPET_SCAN_CHARS = 3000

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


class Matcher:
    """All query words at once: is this token any of them? (Hot path of passages.)"""

    def __init__(self, groups: Sequence[Group]) -> None:
        self.exact = frozenset(a.term for g in groups for a in g if not a.prefix)
        self.prefixes = tuple(a.term for g in groups for a in g if a.prefix)

    def __call__(self, word: str, lemma: str) -> bool:
        if lemma in self.exact or word in self.exact:
            return True
        return bool(self.prefixes) and (
            word.startswith(self.prefixes) or lemma.startswith(self.prefixes)
        )

    def spans(self, text: str) -> list[Span]:
        return [(a, b) for a, b, word, lemma in words(text) if self(word, lemma)]

    def first(self, text: str) -> int | None:
        return next((a for a, _b, word, lemma in words(text) if self(word, lemma)), None)


def matching_spans(text: str, groups: Sequence[Group]) -> list[Span]:
    return Matcher(groups).spans(text) if groups else []


def groups_missing(text: str, groups: Sequence[Group]) -> int:
    """How many query words `text` lacks: 0 means every word is in the title."""
    toks = [Token(a, b, word, lemma) for a, b, word, lemma in words(text)]
    return sum(1 for g in groups if not any(token_matches(t, g) for t in toks))


def snippet(text: str, groups: Sequence[Group]) -> tuple[str, list[Span]]:
    """A one-line passage around the first match, with the matches' offsets within it."""
    # Passages come from the start of long texts: tokenising a whole manual would cost more
    # than the search itself.
    flat = text[:SNIPPET_SCAN_CHARS].replace("\n", " ")
    if not flat:
        return "", []
    matches = Matcher(groups)
    first = matches.first(flat) if groups else None
    start = 0
    if first is not None and first > SNIPPET_BEFORE:
        start = flat.rfind(" ", 0, first - SNIPPET_BEFORE) + 1
    end = min(len(flat), start + SNIPPET_CHARS)
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    passage = flat[start:end]
    spans: list[Span] = []
    if first is not None:
        shift = len(prefix)
        spans = [(a + shift, b + shift) for a, b in matches.spans(passage)]
    return prefix + passage + suffix, spans


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
