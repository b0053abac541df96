"""Russian words to search terms: one lemma per word, the same for the index and the query.

Both databases index the lemmas this module produces (FTS5 on SQLite, the `russian`
configuration on PostgreSQL), so "акция", "акции" and "акциями" all meet at "акция" on either.
Only letters and digits make tokens: whatever else a user types (quotes, asterisks, NEAR,
parentheses) never reaches a full-text query as syntax.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

from softphone.crm.kb.mapped_dictionary import mapped_reads

_WORD = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
# Parts of speech that carry no meaning for a catalogue search ("и", "в", "не", "ой").
_SKIPPED_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
MAX_TERM = 48  # longer "words" are junk (pasted hashes); keep the index small

_morph_lock = threading.Lock()
_morph: pymorphy3.MorphAnalyzer | None = None


def _analyzer() -> pymorphy3.MorphAnalyzer:
    """Loaded once on first use: importing softphone.crm must stay quick. Its files are
    mapped rather than read (mapped_dictionary: ~16 MB less once loaded)."""
    global _morph
    with _morph_lock:
        if _morph is None:
            with mapped_reads():
                _morph = pymorphy3.MorphAnalyzer(lang="ru")
        return _morph


def load_dictionary() -> None:
    """Load the dictionary now (the app does it on a worker once its window is up)."""
    _analyzer()


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # offsets into the original text, for highlighting
    end: int
    word: str  # folded surface form
    lemma: str  # "" for words that are skipped (prepositions, conjunctions...)


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Folded lemma of one folded word, or "" for function words that are not indexed."""
    if len(word) > MAX_TERM:
        return ""
    if word.isdigit() or not any("а" <= ch <= "я" for ch in word):
        return word  # numbers, Latin brand names: as typed
    parse = _analyzer().parse(word)[0]
    if parse.tag.POS in _SKIPPED_POS and len(word) <= 3:
        return ""
    normal_form: str = parse.normal_form  # pymorphy3 has no type hints
    return normal_form.replace("ё", "е")


def tokens(text: str) -> Iterator[Token]:
    """Every word of `text` with its position and lemma."""
    for match in _WORD.finditer(text):
        # Same as folding.fold for one word, minus its whitespace pass (a hot path).
        word = match.group().lower().replace("ё", "е")
        yield Token(match.start(), match.end(), word, lemma(word))


def fold(word: str) -> str:
    """One word as the index spells it (lower case, ё as е)."""
    return word.lower().replace("ё", "е")


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """The words of `text` as regex matches, not yet folded or lemmatised: callers that meet
    the same word many times (passages) fold and look it up once."""
    return _WORD.finditer(text)


def word_list(text: str) -> list[str]:
    """The words of `text` as written (neither folded nor lemmatised), without positions."""
    return _WORD.findall(text)


def words(text: str) -> Iterator[tuple[int, int, str, str]]:
    """tokens() as plain tuples (start, end, word, lemma): the cheaper form for hot loops."""
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("ё", "е")
        yield match.start(), match.end(), word, lemma(word)


def lemmas(text: str) -> list[str]:
    """The lemmas of `text` in order, function words dropped."""
    return [t.lemma for t in tokens(text) if t.lemma]


def lemma_text(text: str) -> str:
    """What the full-text index stores for `text`: its lemmas separated by spaces."""
    return " ".join(lemmas(text))


@lru_cache(maxsize=100_000)
def analyses(word: str) -> tuple[tuple[str, str], ...]:
    """Every reading of one folded word as (folded lemma, part of speech), likeliest first.

    For matching where one reading is not enough: "права" is both the noun "право" and the
    short adjective "правый", and only the part of speech tells "лучше" (COMP of "хороший")
    from "хорошо". Function words are kept here, unlike in `lemma`.
    """
    if len(word) > MAX_TERM or not any("а" <= ch <= "я" for ch in word):
        return ((word, ""),)
    seen: dict[tuple[str, str], None] = {}
    for parse in _analyzer().parse(word):
        seen[(parse.normal_form.replace("ё", "е"), str(parse.tag.POS or ""))] = None
    return tuple(seen) or ((word, ""),)
