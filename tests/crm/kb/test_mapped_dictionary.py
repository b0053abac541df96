"""The mapped dictionary answers exactly as the copied one (no database)."""

from __future__ import annotations

import re
from pathlib import Path

import pymorphy3
import pytest
from dawg_python import wrapper

from softphone.crm.kb import text
from softphone.crm.kb.mapped_dictionary import mapped_reads

ROOT = Path(__file__).resolve().parents[3]
# The operators' script (from their FAQ) and the demo catalogue: the words desks really meet.
SOURCES = [ROOT / "softphone/crm/guide/seed.py", ROOT / "resources/demo/kb-catalogue.json"]


def _desk_words() -> list[str]:
    found = "".join(p.read_text(encoding="utf-8") for p in SOURCES).lower()
    words = sorted(set(re.findall(r"[а-яё]+", found)))
    assert len(words) > 300
    # As-you-type prefixes and made-up words take the unknown-word path (prediction suffixes).
    return words + [w[:4] for w in words if len(w) > 6] + ["смартфончиками", "интернетище"]


def _readings(morph: pymorphy3.MorphAnalyzer, word: str) -> list[tuple[str, str, str, float]]:
    return [(p.word, str(p.tag), p.normal_form, p.score) for p in morph.parse(word)]


def test_the_desk_analyzer_is_mapped_not_copied() -> None:
    morph = text._analyzer()
    units = [
        morph.dictionary.words.dct._units,
        morph.dictionary.words.guide._units,
        morph.prob_estimator.p_t_given_w.dct._units,
        *(dawg.dct._units for dawg in morph.dictionary.prediction_suffixes_dawgs),
    ]
    assert all(isinstance(u, memoryview) for u in units)
    # The replacement lasted only while the analyzer was built.
    assert wrapper.Dictionary.read.__module__ == "dawg_python.wrapper"
    assert wrapper.Guide.read.__module__ == "dawg_python.wrapper"


def test_mapped_analyzer_reads_every_word_as_the_copied_one() -> None:
    copied = pymorphy3.MorphAnalyzer(lang="ru")
    with mapped_reads():
        mapped = pymorphy3.MorphAnalyzer(lang="ru")
    assert isinstance(copied.dictionary.words.dct._units, wrapper.array.array)
    for word in _desk_words():
        assert _readings(mapped, word) == _readings(copied, word), word


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "words.dawg"
    broken.write_bytes((1000).to_bytes(4, "little") + bytes(40))  # says 1000 units, has 10
    with mapped_reads(), pytest.raises(ValueError, match="truncated"):
        wrapper.Dictionary.load(str(broken))
