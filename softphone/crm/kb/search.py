"""From what the operator typed to ranked hits with highlighted passages.

Database-independent: index.py finds candidate ids; this module decides what the words mean,
which items go first and which passage to show. Highlights are offsets into plain text, never
markup, so the widget escapes the text and makes only those spans bold.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain

from softphone.crm.kb.index import Alternative, Group
from softphone.crm.kb.text import Token, fold, lemma, tokens, word_list, word_matches

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
    """All query words at once: is this word any of them, and which? (Hot path of passages
    and ranking.) Made once per search and shared by its hits: a word met again, as written,
    costs one dictionary lookup instead of folding and lemmatising it anew."""

    def __init__(self, groups: Sequence[Group]) -> None:
        self.groups = tuple(groups)
        self.exact = frozenset(a.term for g in groups for a in g if not a.prefix)
        self.prefixes = tuple(a.term for g in groups for a in g if a.prefix)
        self._any: dict[str, bool] = {}  # word as written -> matches some group
        self._which: dict[str, frozenset[int]] = {}  # word as written -> groups it matches

    def __call__(self, word: str, lemma: str) -> bool:
        if lemma in self.exact or word in self.exact:
            return True
        return bool(self.prefixes) and (
            word.startswith(self.prefixes) or lemma.startswith(self.prefixes)
        )

    def _matches(self, written: str) -> bool:
        hit = self._any.get(written)
        if hit is None:
            word = fold(written)
            hit = self._any[written] = self(word, lemma(word))
        return hit

    def spans(self, text: str) -> list[Span]:
        return list(self.iter_spans(text))

    def iter_spans(self, text: str) -> Iterator[Span]:
        if not self.groups:
            return
        for m in word_matches(text):
            if self._matches(m.group()):
                yield m.span()

    def missing(self, text: str) -> int:
        """How many query words `text` lacks: 0 means every word is in it."""
        found: set[int] = set()
        for written in word_list(text):
            which = self._which.get(written)
            if which is None:
                word = fold(written)
                token = Token(0, 0, word, lemma(word))
                which = frozenset(i for i, g in enumerate(self.groups) if token_matches(token, g))
                self._which[written] = which
            found |= which
        return len(self.groups) - len(found)


def snippet(
    text: str, groups: Sequence[Group], matcher: Matcher | None = None
) -> tuple[str, list[Span]]:
    """A one-line passage around the first match, with the matches' offsets within it.

    `matcher` (for `groups`) lets the hits of one search share what they learnt of words."""
    # Passages come from the start of long texts: tokenising a whole manual would cost more
    # than the search itself.
    flat = text[:SNIPPET_SCAN_CHARS].replace("\n", " ")
    if not flat:
        return "", []
    found = (matcher or Matcher(groups)).iter_spans(flat)
    first = next(found, None)  # one pass: the passage's other matches follow the first
    start = 0
    if first is not None and first[0] > SNIPPET_BEFORE:
        start = flat.rfind(" ", 0, first[0] - SNIPPET_BEFORE) + 1
    end = min(len(flat), start + SNIPPET_CHARS)
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    spans: list[Span] = []
    if first is not None:
        shift = len(prefix) - start
        for a, b in chain((first,), found):
            if b > end:
                break
            spans.append((a + shift, b + shift))
    return prefix + flat[start:end] + suffix, spans


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


def rank_key(
    state: PromoState | None, title_missing: int, position: int
) -> tuple[bool, int, bool, int]:
    """Expired promotions last; then title matches before body matches; then current
    promotions before everything else; then the database's own relevance order."""
    return (state is PromoState.EXPIRED, title_missing, state is not PromoState.CURRENT, position)
