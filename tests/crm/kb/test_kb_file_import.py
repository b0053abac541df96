"""Loading a catalogue file from the editor: good records in, each bad one reported in Russian;
and the editor's list of every item, retired ones included. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from softphone.crm.auth import PermissionDenied, Principal, Role
from softphone.crm.db import Database
from softphone.crm.kb import exchange
from softphone.crm.kb.catalogue import catalogue_rows
from softphone.crm.kb.file_import import import_file
from softphone.crm.kb.service import KnowledgeBaseService
from tests.crm.kb.conftest import TODAY

OPERATOR = Principal(user_id=7, operator_id=7, login="anna", display_name="Анна",
                     role=Role.OPERATOR)


def _write(path: Path, items: list[dict]) -> Path:
    path.write_text(json.dumps({"items": items}, ensure_ascii=False), encoding="utf-8")
    return path


GOOD_NEW = {"kind": "product", "code": "CAM-1", "title": "Камера «Глаз»", "price": "4990",
            "unit": "шт.", "availability": "in_stock", "category": "Оборудование"}


def test_good_records_are_imported_and_bad_ones_reported(
    kb: KnowledgeBaseService, catalogue: dict[str, int], database: Database, tmp_path: Path
) -> None:
    path = _write(tmp_path / "catalogue.json", [
        GOOD_NEW,
        {"kind": "product", "code": "NO-TITLE", "title": "", "price": "1", "unit": "шт.",
         "availability": "in_stock"},
        {**GOOD_NEW, "title": "Камера ещё раз"},
        {"kind": "promotion", "code": "PR-GHOST", "title": "Скидка на то, чего нет",
         "starts_on": TODAY.isoformat(), "discount_kind": "percent", "discount_value": "5",
         "conditions": "Только сегодня", "applies_to": ["NOPE-1"]},
        {"kind": "promotion", "code": "PR-CAM", "title": "Камера со скидкой",
         "starts_on": TODAY.isoformat(), "discount_kind": "amount", "discount_value": "500",
         "conditions": "При покупке с роутером", "applies_to": ["CAM-1", "RT-AX55"]},
        {"kind": "product", "code": "RT-AX55", "title": "Роутер Wi-Fi 6 «Домашний»",
         "price": "4490", "unit": "шт.", "availability": "on_order"},
        {"kind": "product", "code": "BAD-PRICE", "title": "Цена словами", "price": "дорого"},
    ])
    report = import_file(kb, database, path)
    assert (report.created, report.updated) == (2, 1)
    assert [(r.where, r.reason) for r in report.rejected] == [
        ("запись 2", "укажите название"),
        ("запись 3", "код «CAM-1» уже встречался в файле (запись 1)"),
        ("запись 4", "акция ссылается на неизвестные коды: NOPE-1"),
        ("запись 7", "цена: «дорого» — не число"),
    ]
    codes = {row.code for row in catalogue_rows(database)}
    assert {"CAM-1", "PR-CAM"} <= codes and not codes & {"NO-TITLE", "PR-GHOST", "BAD-PRICE"}
    promo = kb.item(next(r.item_id for r in catalogue_rows(database) if r.code == "PR-CAM"))
    assert {code for code, _title in promo.applies_to} == {"CAM-1", "RT-AX55"}
    assert kb.item(catalogue["RT-AX55"]).availability == "on_order"
    assert [h.code for h in kb.search("камера глаз")][:1] == ["CAM-1"]


def test_an_unusable_file_and_an_operator_are_refused_whole(
    database: Database, catalogue: dict[str, int], tmp_path: Path
) -> None:
    before = catalogue_rows(database)
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,name\nproduct,x\n", encoding="utf-8")
    with pytest.raises(Exception, match="в CSV нет столбцов"):
        import_file(KnowledgeBaseService(database), database, bad)
    good = _write(tmp_path / "good.json", [GOOD_NEW])
    as_operator = KnowledgeBaseService(database, principal=OPERATOR)
    with pytest.raises(PermissionDenied, match="изменять базу знаний"):
        import_file(as_operator, database, good)
    assert catalogue_rows(database) == before


def test_csv_rows_carry_their_own_problems(tmp_path: Path) -> None:
    path = tmp_path / "tariffs.csv"
    path.write_text(
        "kind,code,title,plans\n"
        'tariff,TF-1,Домашний,"[{""name"": ""Старт"", ""price"": ""500""}]"\n'
        "tariff,TF-2,Сломанный,[не json\n",
        encoding="utf-8",
    )
    rows = exchange.read_file_rows(path)
    assert rows[0].draft is not None and rows[0].draft.plans[0].name == "Старт"
    assert (rows[1].where, rows[1].draft, rows[1].problem) == (
        "строка 3", None, "планы тарифа — не JSON-список"
    )
    with pytest.raises(Exception, match="строка 3: планы тарифа"):
        exchange.read_file(path)  # the all-or-nothing reader keeps its word


def test_the_editor_lists_every_item_retired_ones_too(
    kb: KnowledgeBaseService, catalogue: dict[str, int], database: Database
) -> None:
    kb.retire(catalogue["PR-OLD"])
    rows = catalogue_rows(database)
    assert {r.code for r in rows} == set(catalogue)
    assert [r.code for r in rows if r.retired] == ["PR-OLD"]
    assert [r.kind for r in rows] == sorted(r.kind for r in rows)
    router = next(r for r in rows if r.code == "RT-AX55")
    assert (router.category, router.unit, str(router.price)) == ("Оборудование", "шт.", "4990.00")


def test_a_csv_saved_by_russian_excel_is_read(tmp_path: Path) -> None:
    """Excel in a Russian Windows saves "CSV" in Windows-1251 with ';' between columns."""
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "kind;code;title;price;unit;availability\r\n"
        "product;CAM-2;Камера «Ёж»;1\xa0990,50;шт.;in_stock\r\n".encode("cp1251")
    )
    [row] = exchange.read_file_rows(path)
    assert row.draft is not None and row.draft.title == "Камера «Ёж»"
    assert str(row.draft.price) == "1990.50" and row.draft.unit == "шт."
