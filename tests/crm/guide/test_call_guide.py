"""Script, playbooks, phrases to avoid and wrap-up on SQLite and a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from softphone.crm.auth.roles import PermissionDenied, Principal, Role
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.crm.guide.editing import GuideService
from softphone.crm.guide.phrase_checker import PhraseChecker
from softphone.crm.guide.phrases import PhraseError, PhraseRule, PhraseService
from softphone.crm.guide.script import (
    PlaybookText,
    ScriptError,
    ScriptService,
    Step,
    fill,
    steps_for,
)
from softphone.crm.guide.seed import AVOID_PHRASES, DISPOSITIONS
from softphone.crm.guide.wrapup import WrapUpError, WrapUpService

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_seeded_script_greets_introduces_and_splits_by_direction(database: Database) -> None:
    steps = ScriptService(database).steps()
    text = " ".join(s.text for s in steps)
    assert "Здравствуйте" in steps[0].text
    assert "{operator}" in text and "{company}" in text and "{address}" in text
    inbound = " ".join(s.text for s in steps_for(steps, inbound=True))
    outbound = " ".join(s.text for s in steps_for(steps, inbound=False))
    assert "помочь" in inbound and "удобно" not in inbound
    assert "удобно" in outbound and "помочь" not in outbound
    assert "«Вы»" in inbound and "«Вы»" in outbound


def test_placeholders_are_filled_and_missing_ones_stay_visible() -> None:
    text = "Меня зовут {operator}, компания «{company}». {address}, чем помочь?"
    values = {"operator": "Анна", "company": "Связь+", "address": ""}
    assert fill(text, values) == "Меня зовут Анна, компания «Связь+». {address}, чем помочь?"
    filled = fill(text, {**values, "address": "Мария Ивановна"})
    assert filled.endswith("Мария Ивановна, чем помочь?")


def test_admin_replaces_the_script(database: Database) -> None:
    service = ScriptService(database)
    new = [Step("Привет", "Добрый день, {address}!", "inbound"), Step("", "Я {operator}.")]
    service.replace_steps(new)
    assert service.steps() == [
        Step("Привет", "Добрый день, {address}!", "inbound"),
        Step("", "Я {operator}.", "any"),
    ]
    with pytest.raises(ScriptError, match=r"Шаг 2: неизвестная подстановка \{name\}"):
        service.replace_steps([Step("a", "ok"), Step("b", "Здравствуйте, {name}")])
    with pytest.raises(ScriptError, match="Шаг 1: пустой текст"):
        service.replace_steps([Step("a", "  ")])
    with pytest.raises(ScriptError, match="направление"):
        service.replace_steps([Step("a", "x", "sideways")])
    assert len(service.steps()) == 2  # failed saves changed nothing


def test_playbooks_come_from_the_seed_and_can_be_edited(database: Database) -> None:
    service = ScriptService(database)
    books = service.playbooks()
    assert [b.title for b in books] == ["Клиент недоволен", "Клиент грубит"]
    assert any("Правильно ли я Вас понимаю" in line for line in books[0].lines)
    assert any("Спасибо за Ваше терпение" in line for line in books[0].lines)
    assert any("право клиента расстроиться" in line for line in books[1].lines)
    service.replace_playbooks([PlaybookText("Тишина", ("Спросите, слышно ли Вас", " "))])
    assert service.playbooks() == [PlaybookText("Тишина", ("Спросите, слышно ли Вас",))]
    with pytest.raises(ScriptError, match="Плейбук 1: пустое название"):
        service.replace_playbooks([PlaybookText("", ("x",))])
    with pytest.raises(ScriptError, match="Плейбук 2 «Пусто»: нужен хотя бы один пункт"):
        service.replace_playbooks([PlaybookText("Тишина", ("x",)), PlaybookText("Пусто", (" ",))])
    assert service.playbooks() == [PlaybookText("Тишина", ("Спросите, слышно ли Вас",))]


def test_phrases_are_seeded_and_editable(database: Database) -> None:
    service = PhraseService(database)
    assert service.rules() == [PhraseRule(p, s) for p, s in AVOID_PHRASES]
    saved = service.replace_rules(
        [PhraseRule("  Без   проблем… ", "«Конечно»"), PhraseRule("Ждите", "«Минуту»")]
    )
    assert saved[0].phrase == "Без проблем"
    assert service.rules() == saved
    checker = PhraseChecker(service.rules())
    assert [f.phrase for f in checker.check("Да, без проблем! Ждите ответа.")] == [
        "Без проблем", "Ждите",
    ]
    with pytest.raises(PhraseError, match="Строка 2: фраза «ждите» уже есть"):
        service.replace_rules([PhraseRule("Ждите", ""), PhraseRule("ждите", "")])
    with pytest.raises(PhraseError, match="Строка 1: пустая фраза"):
        service.replace_rules([PhraseRule("…", "")])
    assert service.rules() == saved


def _logged_call(database: Database) -> int:
    record = CallLogService(database).record_call(
        inbound=True,
        remote="sip:+79161234567@127.0.0.1",
        display_name="",
        started_at=T0,
        answered_at=T0 + timedelta(seconds=5),
        ended_at=T0 + timedelta(seconds=65),
    )
    return record.id


def test_wrap_up_is_saved_on_the_call(database: Database) -> None:
    service = WrapUpService(database)
    assert service.dispositions() == DISPOSITIONS
    call_id = _logged_call(database)
    assert service.get(call_id) is None
    callback = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
    saved = service.save(
        call_id, disposition="Нужен перезвон", notes=" Уточнить адрес \x00", callback_at=callback,
        now=T0,
    )
    assert saved.disposition == "Нужен перезвон" and saved.notes == "Уточнить адрес"
    assert service.get(call_id) == saved and saved.callback_at == callback
    history = CallLogService(database).history()
    assert history[0].disposition == "Нужен перезвон" and history[0].notes == "Уточнить адрес"
    # Saving again replaces it; no callback clears the earlier one.
    again = service.save(call_id, disposition="Вопрос решён", now=T0)
    assert service.get(call_id) == again and again.callback_at is None and again.notes == ""


def test_wrap_up_refuses_what_it_cannot_store(database: Database) -> None:
    service = WrapUpService(database)
    call_id = _logged_call(database)
    with pytest.raises(WrapUpError, match="из списка"):
        service.save(call_id, disposition="Придумал сам")
    with pytest.raises(WrapUpError, match="уже прошло"):
        service.save(call_id, disposition="Жалоба", callback_at=T0 - timedelta(minutes=1), now=T0)
    with pytest.raises(WrapUpError, match="часового пояса"):
        service.save(call_id, disposition="Жалоба", callback_at=datetime(2030, 1, 1))
    with pytest.raises(WrapUpError, match="не найден"):
        service.save(call_id + 1000, disposition="Жалоба")
    assert service.get(call_id) is None


def test_admin_edits_dispositions_and_history_keeps_old_labels(database: Database) -> None:
    service = WrapUpService(database)
    call_id = _logged_call(database)
    service.save(call_id, disposition="Жалоба")
    assert service.replace_dispositions([" Решено ", "Перезвонить"]) == ["Решено", "Перезвонить"]
    assert service.dispositions() == ["Решено", "Перезвонить"]
    assert service.get(call_id).disposition == "Жалоба"
    with pytest.raises(WrapUpError, match="уже есть"):
        service.replace_dispositions(["Решено", "решено"])
    with pytest.raises(WrapUpError, match="хотя бы один"):
        service.replace_dispositions([])
    with pytest.raises(WrapUpError, match="Строка 1: пустой"):
        service.replace_dispositions(["  "])


def test_the_whole_guide_is_saved_all_or_nothing(database: Database) -> None:
    script, phrases, outcomes = ScriptService(database), PhraseService(database), WrapUpService(
        database
    )
    before = (script.steps(), script.playbooks(), phrases.rules(), outcomes.dispositions())
    new_steps = [Step("Приветствие", "Здравствуйте! {operator}, слушаю Вас.", "any")]
    new_books = [PlaybookText("Недовольный клиент", ("Выслушайте", "Перефразируйте"))]
    new_rules = [PhraseRule("Не знаю", "Уточню и вернусь к Вам")]
    guide = GuideService(database)
    with pytest.raises(WrapUpError, match="хотя бы один итог"):  # the last list is refused
        guide.replace_all(new_steps, new_books, new_rules, [])
    assert (script.steps(), script.playbooks(), phrases.rules(), outcomes.dispositions()) == before

    guide.replace_all(new_steps, new_books, new_rules, ["Консультация"])
    assert [s.title for s in script.steps()] == ["Приветствие"]
    assert script.playbooks() == new_books
    assert [r.phrase for r in phrases.rules()] == ["Не знаю"]
    assert outcomes.dispositions() == ["Консультация"]


def test_an_operator_cannot_save_the_guide(database: Database) -> None:
    anna = Principal(3, 3, "anna", "Анна", Role.OPERATOR)
    before = ScriptService(database).steps()
    with pytest.raises(PermissionDenied, match="изменять скрипт"):
        GuideService(database, anna).replace_all(before, [], [], ["Консультация"])
    assert ScriptService(database).steps() == before
