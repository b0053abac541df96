"""Typo tolerance: the closest title lemmas to a word nobody's titles contain.

Kept in memory (the title vocabulary is small next to the items: thousands of words) and
rebuilt only when kb_terms grew (softphone.crm.kb.vocabulary decides when to look), so a typo
costs Python set work; the same code serves SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def allowed_typos(word: str) -> int:
    """Short words are too easily confused: none under 4 letters, two from 8 letters on."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


class TermIndex:
    """Trigram lookup over a vocabulary; thread-safe refresh, lock-free reads of a snapshot."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.size = -1  # vocabulary size this snapshot was built from
        self._terms: frozenset[str] = frozenset()
        self._grams: dict[str, frozenset[str]] = {}

    def rebuild(self, terms: Iterable[str]) -> None:
        grams: dict[str, set[str]] = defaultdict(set)
        vocabulary = frozenset(terms)
        for term in vocabulary:
            for gram in trigrams(term):
                grams[gram].add(term)
        with self._lock:
            self._terms = vocabulary
            self._grams = {g: frozenset(ts) for g, ts in grams.items()}
            self.size = len(vocabulary)

    def __contains__(self, term: str) -> bool:
        return term in self._terms

    def has_prefix(self, prefix: str) -> bool:
        return any(term.startswith(prefix) for term in self._prefix_candidates(prefix))

    def _prefix_candidates(self, prefix: str) -> Iterable[str]:
        first = self._grams.get(f"  {prefix[:1]}", frozenset())
        return first

    def closest(self, *words: str, limit: int = 3) -> list[str]:
        """Up to `limit` vocabulary terms within allowed_typos of any of `words`, nearest first."""
        grams_of = self._grams
        scored: dict[str, int] = {}
        for word in words:
            typos = allowed_typos(word)
            if not typos:
                continue
            shared: dict[str, int] = defaultdict(int)
            for gram in trigrams(word):
                for term in grams_of.get(gram, ()):
                    shared[term] += 1
            # Each typo spoils at most four trigrams (a swap of neighbours); the rest are shared.
            needed = max(1, len(word) + 1 - 4 * typos)
            for term, count in shared.items():
                if count < needed:
                    continue
                distance = edit_distance(word, term, typos)
                if distance <= typos:
                    scored[term] = min(distance, scored.get(term, distance))
        return sorted(scored, key=lambda t: (scored[t], -len(t), t))[:limit]
