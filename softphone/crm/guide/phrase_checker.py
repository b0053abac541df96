"""Finds phrases to avoid in what an operator writes, in any word form, with the suggestion.

Each phrase word becomes its likeliest (lemma, part of speech); a word of the text matches when
any of its readings is that pair. So "проблемами" and "Вы были не правы" are caught, while
"проблематика", "нетто" or "возможность" (other words that merely share letters) are not, and
"хорошо" is not taken for "лучше". Words of a phrase may be split by one other word ("это
очень сложно") but never across the end of a sentence. Qt-free: the UI highlights the spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from softphone.crm.guide.phrases import PhraseRule
from softphone.crm.kb.text import analyses, tokens

MAX_GAP = 1  # other words allowed between two words of a phrase
_SENTENCE_END = re.compile(r"[.!?;:\n]")

Reading = tuple[str, str]  # (lemma, part of speech)
_BY: Reading = ("бы", "PRCL")


@dataclass(frozen=True, slots=True)
class Flag:
    start: int  # offsets into the checked text
    end: int
    phrase: str  # the rule's phrase as the admin wrote it
    suggestion: str


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    readings: frozenset[Reading]
    boundary_before: bool  # a sentence ended between the previous word and this one


@dataclass(frozen=True, slots=True)
class _Rule:
    keys: tuple[Reading, ...]
    source: PhraseRule


def _key(word: str) -> Reading:
    return analyses(word)[0]


def _compile(rule: PhraseRule) -> _Rule | None:
    keys = tuple(_key(t.word) for t in tokens(rule.phrase))
    return _Rule(keys, rule) if keys else None


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    previous_end = 0
    for token in tokens(text):
        gap = text[previous_end : token.start]
        readings = frozenset(analyses(token.word)) | {(token.word, "")}
        boundary = bool(words) and bool(_SENTENCE_END.search(gap))
        words.append(_Word(token.start, token.end, readings, boundary))
        previous_end = token.end
    return words


def _matches(key: Reading, word: _Word) -> bool:
    if key in word.readings:
        return True
    return key[1] == "" and (key[0], "") in word.readings


def _match_at(rule: _Rule, words: Sequence[_Word], first: int) -> int | None:
    """Index of the last word of `rule` matched from words[first], or None."""
    if not _matches(rule.keys[0], words[first]):
        return None
    position = first
    for key in rule.keys[1:]:
        for candidate in range(position + 1, min(position + 2 + MAX_GAP, len(words))):
            if words[candidate].boundary_before:
                return None
            if _matches(key, words[candidate]):
                position = candidate
                break
        else:
            return None
    if _softened(rule, words, position):
        return None
    return position


def _softened(rule: _Rule, words: Sequence[_Word], last: int) -> bool:
    """ "Не могли бы Вы…" is a polite request, not a refusal: a phrase followed by "бы" is not
    flagged unless the phrase itself says "бы"."""
    after = last + 1
    if after >= len(words) or words[after].boundary_before:
        return False
    return _BY in words[after].readings and _BY not in rule.keys


class PhraseChecker:
    """Built once from the admin's list (the UI rebuilds it when the list changes)."""

    def __init__(self, rules: Iterable[PhraseRule]) -> None:
        compiled = (_compile(r) for r in rules)
        # Longer phrases first: "Не в моей зоне ответственности" wins over a bare "Не ..." rule.
        self._rules = sorted((r for r in compiled if r), key=lambda r: -len(r.keys))

    @property
    def rules(self) -> list[PhraseRule]:
        return [r.source for r in self._rules]

    def check(self, text: str) -> list[Flag]:
        """Flagged spans of `text` in order, none overlapping."""
        if not text or not self._rules:
            return []
        words = _words(text)
        found: list[Flag] = []
        for rule in self._rules:
            for first in range(len(words)):
                last = _match_at(rule, words, first)
                if last is not None:
                    found.append(
                        Flag(
                            words[first].start,
                            words[last].end,
                            rule.source.phrase,
                            rule.source.suggestion,
                        )
                    )
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[Flag] = []
        for flag in found:
            if not kept or flag.start >= kept[-1].end:
                kept.append(flag)
        return kept
