"""The phrase checker: every seed phrase in several word forms inside longer sentences, and
no flags on harmless words that merely contain the same letters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softphone.crm.guide.phrase_checker import PhraseChecker
from softphone.crm.guide.phrases import PhraseRule
from softphone.crm.guide.seed import AVOID_PHRASES

CHECKER = PhraseChecker(PhraseRule(p, s) for p, s in AVOID_PHRASES)

# Seed phrase -> sentences that must flag it; the flagged text must equal the given fragment.
FORMS: dict[str, list[tuple[str, str]]] = {
    "Не знаю": [
        ("Я не знаю, когда приедет курьер.", "не знаю"),
        ("Мы пока не знаем точной даты.", "не знаем"),
        ("Честно, я не знала об этом тарифе.", "не знала"),
    ],
    "Вы должны": [
        ("Вы должны оплатить счёт до пятницы.", "Вы должны"),
        ("Для этого вы были должны прийти лично.", "вы были должны"),
        ("Вы должна подписать договор.", "Вы должна"),
    ],
    "Нет": [
        ("Нет, так сделать нельзя.", "Нет"),
        ("К сожалению, такой услуги нет в нашем списке.", "нет"),
        ("Ответ — нет.", "нет"),
    ],
    "На Вашем месте": [
        ("На Вашем месте, я бы сменил тариф.", "На Вашем месте"),
        ("на вашем месте я подождал бы", "на вашем месте"),
        ("На ваших местах я бы не спешил.", "На ваших местах"),
    ],
    "Вы не правы": [
        ("Простите, но вы не правы насчёт цены.", "вы не правы"),
        ("Вы не права, тариф другой.", "Вы не права"),
        ("Вы были не правы в прошлый раз.", "Вы были не правы"),
    ],
    "Проблема": [
        ("У вас какая-то проблема с роутером?", "проблема"),
        ("Мы решим ваши проблемы сегодня.", "проблемы"),
        ("Сейчас разберёмся с этой проблемой.", "проблемой"),
    ],
    "Это сложно": [
        ("Это сложно сделать сегодня.", "Это сложно"),
        ("Понимаете, это очень сложно.", "это очень сложно"),
        ("Это было сложно объяснить.", "Это было сложно"),
    ],
    "Не могу": [
        ("Я не могу изменить тариф.", "не могу"),
        ("Мы не можем вернуть деньги.", "не можем"),
        ("Оператор не мог ответить раньше.", "не мог"),
    ],
    "Не в моей зоне ответственности": [
        ("Это не в моей зоне ответственности, звоните в банк.", "не в моей зоне ответственности"),
        ("Увы, вопрос не в моей зоне ответственности.", "не в моей зоне ответственности"),
    ],
    "Кажется": [
        ("Мне кажется, счёт уже оплачен.", "кажется"),
        ("Казалось, всё работает.", "Казалось"),
        ("Мне показалось бы странным, но кажутся верными данные.", "кажутся"),
    ],
    "Возможно": [
        ("Возможно, курьер задержится.", "Возможно"),
        ("Это, возможно, ошибка сети.", "возможно"),
    ],
    "Вам лучше": [
        ("Вам лучше перезвонить завтра.", "Вам лучше"),
        ("Думаю, вам будет лучше на другом тарифе.", "вам будет лучше"),
    ],
    "Минуточку": [
        ("Подождите минуточку, я проверю.", "минуточку"),
        ("Буквально пару минуточек.", "минуточек"),
    ],
    "Секундочку": [("Секундочку, соединяю.", "Секундочку")],
    "Документик": [("Пришлите, пожалуйста, документики на почту.", "документики")],
    "Заявочка": [("Ваша заявочка принята.", "заявочка"), ("Оформим заявочку?", "заявочку")],
    "Звоночек": [("Ждите звоночка от курьера.", "звоночка")],
    "Номерочек": [("Продиктуйте номерочек договора.", "номерочек")],
}

HARMLESS = [
    "Вес нетто указан на упаковке.",
    "Интернет работает без перебоев.",
    "Проблематика этой темы широка.",
    "Договор беспроблемный и простой.",
    "Есть возможность оплатить картой.",
    "Возможные варианты я отправлю письмом.",
    "Вам хорошо слышно?",
    "Это решение лучше всего подходит.",
    "Мне показалось интересным ваше предложение.",
    "Сначала знакомство, потом договор.",
    "Не могли бы Вы продиктовать номер?",
    "Вы правы, давайте так и сделаем.",
    "Минута в минуту приедет курьер.",
    "Ваши документы готовы, звонок зафиксирован.",
    "Вы должник? Нет-нет, это шутка.",  # "нет" is flagged: a real "нет" stays flagged
]


def test_every_seed_phrase_is_covered_here() -> None:
    assert set(FORMS) == {p for p, _ in AVOID_PHRASES}


@pytest.mark.parametrize(
    ("phrase", "sentence", "fragment"),
    [(p, s, f) for p, forms in FORMS.items() for s, f in forms],
)
def test_phrase_is_found_in_its_word_forms(phrase: str, sentence: str, fragment: str) -> None:
    flags = [f for f in CHECKER.check(sentence) if f.phrase == phrase]
    assert [sentence[f.start : f.end] for f in flags] == [fragment], CHECKER.check(sentence)
    suggestion = dict(AVOID_PHRASES)[phrase]
    assert flags[0].suggestion == suggestion and suggestion


@pytest.mark.parametrize("sentence", HARMLESS[:-1])
def test_harmless_words_are_not_flagged(sentence: str) -> None:
    assert CHECKER.check(sentence) == []


def test_only_the_real_no_is_flagged_next_to_lookalikes() -> None:
    sentence = HARMLESS[-1]
    flags = CHECKER.check(sentence)
    assert [sentence[f.start : f.end] for f in flags] == ["Нет", "нет"]


def test_phrase_words_do_not_match_across_sentences() -> None:
    assert CHECKER.check("Это нормально. Сложно сказать, сколько ждать.") == []
    assert CHECKER.check("Вам. Лучше всего подойдёт тариф «Дом».") == []


def test_spans_are_in_order_and_do_not_overlap() -> None:
    text = "Нет, я не знаю. Это сложно, возможно, вам лучше перезвонить."
    flags = CHECKER.check(text)
    assert [text[f.start : f.end] for f in flags] == [
        "Нет", "не знаю", "Это сложно", "возможно", "вам лучше",
    ]


def test_empty_rules_and_text() -> None:
    assert PhraseChecker([]).check("Нет") == []
    assert CHECKER.check("") == []
    assert PhraseChecker([PhraseRule("…", "x")]).rules == []  # no words: nothing to match


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_valid_spans(text: str) -> None:
    flags = CHECKER.check(text)
    previous_end = 0
    for flag in flags:
        assert previous_end <= flag.start < flag.end <= len(text)
        previous_end = flag.end
