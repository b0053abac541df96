"""The admin's knowledge-base editor in a real offscreen window over a real SQLite CRM, with
the operator's search panel beside it: what the admin saves, the operator finds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from softphone.crm.auth import Permission, PermissionDenied
from softphone.crm.kb.catalogue import CatalogueRow, catalogue_rows
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.ui.kb.editor.model import CatalogueModel
from softphone.ui.kb.editor.window import KnowledgeBaseEditor
from tests.ui.kb_editor_helpers import (
    EditorDesk,
    make_template,
    open_desk,
    open_editor,
    open_panel,
    search,
    wait_idle,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory):
    return make_template(tmp_path_factory.mktemp("kb_editor"))


@pytest.fixture
def desk(template, tmp_path: Path) -> Iterator[EditorDesk]:
    path, admin, operator = template
    desk = open_desk(path, tmp_path, admin, operator)
    yield desk
    desk.runner.shutdown()
    desk.db.dispose()


@pytest.fixture
def editor(qtbot, desk: EditorDesk) -> KnowledgeBaseEditor:
    return open_editor(qtbot, desk, desk.admin)


def _rows(desk: EditorDesk) -> list[CatalogueRow]:
    return catalogue_rows(desk.db)


def item_id(desk: EditorDesk, code: str) -> int:
    return next(row.item_id for row in _rows(desk) if row.code == code)


def pick(qtbot, editor: KnowledgeBaseEditor, text: str) -> None:
    """Filter the list the way the admin does and click the first row."""
    editor.catalogue.filter_edit.setText(text)
    wait_idle(qtbot, editor)  # the filter waits for a pause in typing
    assert editor.catalogue.proxy.rowCount() >= 1
    with qtbot.waitSignal(editor.item_shown, timeout=10000):
        editor.catalogue.table.selectRow(0)
    wait_idle(qtbot, editor)


def save(qtbot, editor: KnowledgeBaseEditor) -> None:
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, editor)


def test_an_item_made_in_the_form_is_found_by_the_operator(qtbot, desk, editor) -> None:
    panel = open_panel(qtbot, desk)
    before = len(editor.rows())
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    form = editor.form
    assert form.item_id is None and form.sellable.isVisible() and not form.tariff.isVisible()
    form.code.setText("SD-TV-BOX")
    form.title.setText("Медиаприставка «Связь-ТВ 4K»")
    form.category.setEditText("Телевидение")
    form.price.setText("3 490,50")
    form.unit.setEditText("шт.")
    form.availability.setCurrentIndex(form.availability.findData("on_order"))
    form.body.edit.setPlainText("Пульт в комплекте. <script>alert(1)</script>")
    cursor = form.body.edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    form.body.edit.setTextCursor(cursor)
    qtbot.mouseClick(form.body.bold_button, Qt.MouseButton.LeftButton)  # Qt's own bold
    with qtbot.waitSignal(editor.saved, timeout=10000) as saved:
        save(qtbot, editor)
    new_id = saved.args[0]
    wait_idle(qtbot, editor)
    assert len(editor.rows()) == before + 1 and form.item_id == new_id and not form.dirty

    details = KnowledgeBaseService(desk.db).item(new_id)
    assert details.price == Decimal("3490.50") and details.availability == "on_order"
    assert details.category == "Телевидение"
    assert details.body == "**Пульт** в комплекте. <script>alert(1)</script>"
    assert "<b>Пульт</b>" in details.body_html and "&lt;script&gt;" in details.body_html
    # The operator's panel refreshed itself on "kb" and its search finds the new item.
    assert "Медиаприставка «Связь-ТВ 4K»" in search(qtbot, panel, "медиаприставка")
    assert "Медиаприставка «Связь-ТВ 4K»" in search(qtbot, panel, "SD-TV-BOX")


def test_a_changed_price_is_what_the_operator_sees(qtbot, desk, editor) -> None:
    panel = open_panel(qtbot, desk)
    pick(qtbot, editor, "N300")
    form = editor.form
    assert form.code.text() == "SD-RT-N300" and form.price.text() == "1990" and not form.dirty
    form.price.setText("2 190")
    form.price.textEdited.emit("2 190")  # what typing emits; setText alone does not
    assert form.dirty
    save(qtbot, editor)
    assert editor.status_label.text() and not editor.error_label.isVisible()
    assert KnowledgeBaseService(desk.db).item(form.item_id).price == Decimal("2190")
    search(qtbot, panel, "N300")
    hit = next(h for h in panel.hits if h.code == "SD-RT-N300")
    assert hit.price == Decimal("2190")


def test_validation_problems_are_shown_and_nothing_typed_is_lost(qtbot, desk, editor) -> None:
    before = len(editor.rows())
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    form = editor.form
    form.code.setText("SD-NEW-1")
    form.title.setText("Кабель витая пара, 10 м")
    form.price.setText("десять")
    save(qtbot, editor)
    assert "десять" in form.problems_label.text() and form.price in form.marked_fields()
    form.price.setText("")
    form.availability.setCurrentIndex(form.availability.findData(""))
    save(qtbot, editor)
    problems = form.problems_label.text()
    assert "укажите цену" in problems and "укажите наличие" in problems  # the service's Russian
    assert form.price in form.marked_fields() and form.availability in form.marked_fields()
    assert form.title not in form.marked_fields()
    # Everything typed is still there, and nothing was created.
    assert form.code.text() == "SD-NEW-1" and form.title.text() == "Кабель витая пара, 10 м"
    assert form.item_id is None and len(_rows(desk)) == before
    # A code that another item has is refused by the service, next to the code field.
    form.code.setText("SD-RT-N300")
    form.price.setText("150")
    form.availability.setCurrentIndex(form.availability.findData("in_stock"))
    save(qtbot, editor)
    assert "уже занят" in form.problems_label.text() and form.code in form.marked_fields()
    form.code.setText("SD-NEW-1")
    save(qtbot, editor)
    assert form.item_id is not None and not form.problems_label.isVisible()
    assert form.marked_fields() == []


def test_retire_hides_from_the_operator_and_restore_brings_back(qtbot, desk, editor) -> None:
    panel = open_panel(qtbot, desk)
    title = "Перерасчёт абонентской платы"
    assert title in search(qtbot, panel, "перерасчет")
    pick(qtbot, editor, "перерасчёт")
    assert editor.form.title.text() == title and editor.retire_button.text() == "Retire"
    qtbot.mouseClick(editor.retire_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, editor)
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
    assert title not in search(qtbot, panel, "перерасчет")
    row = next(r for r in editor.rows() if r.title == title)
    assert row.retired and editor.retire_button.text() == "Restore"
    # Still listed for the admin, greyed and marked; hidden when retired items are not wanted.
    model = editor.catalogue.model
    kind = model.index(model.row_of(row.item_id), CatalogueModel.KIND)
    assert "retired" in kind.data() and kind.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert any(r.item_id == row.item_id for r in editor.catalogue.visible_rows())
    editor.catalogue.show_retired.setChecked(False)
    assert all(r.item_id != row.item_id for r in editor.catalogue.visible_rows())
    editor.catalogue.show_retired.setChecked(True)
    qtbot.mouseClick(editor.retire_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, editor)
    assert title in search(qtbot, panel, "перерасчет")
    assert editor.retire_button.text() == "Retire"


def test_csv_import_reports_each_rejected_line(qtbot, desk, editor, tmp_path: Path) -> None:
    panel = open_panel(qtbot, desk)
    path = tmp_path / "каталог.csv"
    path.write_text(
        "kind;code;title;category;price;unit;availability\n"
        "product;SD-CAM-1;Камера видеонаблюдения «Глаз»;Оборудование;4 990;шт.;in_stock\n"
        "product;SD-BAD-1;Товар без цены;Оборудование;;шт.;in_stock\n"
        "product;SD-RT-N300;Роутер Wi-Fi «Связь-Дом N300»;Оборудование;1790;шт.;in_stock\n"
        "product;SD-BAD-2;Товар с ценой словами;Оборудование;много;шт.;in_stock\n",
        encoding="utf-8-sig",
    )
    editor.import_file(path)
    qtbot.waitUntil(lambda: editor.files.report_dialog is not None, timeout=10000)
    wait_idle(qtbot, editor)
    report = editor.files.report_dialog
    assert report is not None and report.isVisible()
    assert "Created: 1. Updated: 1." in report.summary.text()
    rejected = report.rejected_rows()
    assert [where for where, _ in rejected] == ["строка 3", "строка 5"]
    assert "укажите цену" in rejected[0][1] and "«много» — не число" in rejected[1][1]
    codes = {r.code for r in editor.rows()}
    assert "SD-CAM-1" in codes and not codes & {"SD-BAD-1", "SD-BAD-2"}
    assert "Камера видеонаблюдения «Глаз»" in search(qtbot, panel, "камера")
    assert KnowledgeBaseService(desk.db).item(item_id(desk, "SD-RT-N300")).price == 1790


def test_json_export_holds_every_item(qtbot, desk, editor, tmp_path: Path) -> None:
    KnowledgeBaseService(desk.db).retire(item_id(desk, "SD-RT-N300"))
    target = tmp_path / "kb.json"
    with qtbot.waitSignal(editor.files.exported, timeout=10000):
        editor.export_file(target)
    document = json.loads(target.read_text(encoding="utf-8"))
    items = {item["code"]: item for item in document["items"]}
    assert set(items) == {r.code for r in _rows(desk)}
    assert items["SD-RT-N300"]["retired"] is True and items["SD-RT-N300"]["price"] == "1990.00"
    assert str(target) in editor.status_label.text()


def test_an_operator_is_refused_with_the_services_words(qtbot, desk) -> None:
    editor = open_editor(qtbot, desk, desk.operator)
    expected = str(PermissionDenied(Permission.EDIT_KNOWLEDGE_BASE, desk.operator))
    assert editor.error_label.isVisible() and editor.error_label.text() == expected
    assert "Недостаточно прав" in expected and "изменять базу знаний" in expected
    assert editor.rows() == []
    for button in (editor.save_button, editor.new_button, editor.retire_button,
                   editor.import_button, editor.export_button):
        assert not button.isEnabled()


def test_the_tools_menu_offers_the_editor_to_admins_only(qtbot, desk, engine) -> None:
    from softphone.settings import Settings
    from softphone.ui.bridge import EngineBridge
    from softphone.ui.kb.setup import install_kb_editor
    from softphone.ui.main_window import MainWindow
    from tests.ui.session_helpers import desk_of

    bridge = EngineBridge(engine)
    windows = []
    for principal in (desk.admin, desk.operator):
        window = MainWindow(bridge, Settings(), desk.runner)
        qtbot.addWidget(window)
        windows.append((window, install_kb_editor(desk_of(window, desk.db, principal))))
    (admin_window, admin_launcher), (operator_window, operator_launcher) = windows
    assert admin_launcher.action in admin_window.tools_menu.actions()
    assert operator_launcher.action not in operator_window.tools_menu.actions()
    admin_launcher.action.trigger()
    editor = admin_launcher.editor
    assert editor is not None and editor.isVisible()
    wait_idle(qtbot, editor)
    assert len(editor.rows()) == len(_rows(desk)) and editor.save_button.isEnabled()
    assert admin_launcher.open_editor() is editor  # one editor at a time
    # Even reached some other way, the operator's editor shows the refusal and nothing else.
    refused = operator_launcher.open_editor()
    wait_idle(qtbot, refused)
    assert "Недостаточно прав" in refused.error_label.text() and refused.rows() == []


@pytest.mark.parametrize(
    "code", ["SD-TF-NETTV", "SD-PR-ROUTER", "SD-PR-NY", "SD-ART-PAYMENT", "SD-RT-N300"]
)
def test_saving_an_untouched_item_changes_nothing(qtbot, desk, editor, code: str) -> None:
    """Every field of every kind makes the round trip through the form."""
    kb = KnowledgeBaseService(desk.db)
    ident = item_id(desk, code)
    before = kb.draft(ident)
    editor.open_item(ident)
    qtbot.waitUntil(lambda: editor.form.item_id == ident, timeout=10000)
    form = editor.form
    assert form.tariff.isVisible() == (before.kind == "tariff")
    assert form.promotion.isVisible() == (before.kind == "promotion")
    assert form.topic.isVisible() == (before.kind == "article")
    save(qtbot, editor)
    assert not form.problems_label.isVisible() and not editor.error_label.isVisible()
    assert kb.draft(ident) == before


def test_a_tariff_plan_and_a_promotions_products_are_edited_in_the_form(
    qtbot, desk, editor
) -> None:
    kb = KnowledgeBaseService(desk.db)
    tariff = next(r for r in _rows(desk) if r.kind == "tariff")
    editor.open_item(tariff.item_id)
    qtbot.waitUntil(lambda: editor.form.item_id == tariff.item_id, timeout=10000)
    plans = editor.form.plans
    plans.add_plan(None)
    row = plans.table.rowCount() - 1
    for column, text in enumerate(["Ночной", "199,90", "мес.", "100 Мбит/с; ТВ 50 каналов"]):
        plans.table.item(row, column).setText(text)
    save(qtbot, editor)
    added = kb.draft(tariff.item_id).plans[-1]
    assert (added.name, str(added.price), added.includes) == (
        "Ночной", "199.90", "100 Мбит/с\nТВ 50 каналов"
    )
    promo = next(r for r in _rows(desk) if r.kind == "promotion")
    editor.open_item(promo.item_id)
    qtbot.waitUntil(lambda: editor.form.item_id == promo.item_id, timeout=10000)
    editor.form.targets.tick("SD-RT-N300")
    save(qtbot, editor)
    assert "SD-RT-N300" in kb.draft(promo.item_id).applies_to


def test_the_list_filters_by_words_kind_and_category(qtbot, editor) -> None:
    catalogue = editor.catalogue
    everything = catalogue.visible_rows()
    assert len(everything) == len(editor.rows()) > 20
    catalogue.kind_filter.setCurrentIndex(catalogue.kind_filter.findData("service"))
    services = catalogue.visible_rows()
    assert services and all(r.kind == "service" for r in services)
    assert f"{len(services)} " in catalogue.count_label.text()
    catalogue.kind_filter.setCurrentIndex(0)
    catalogue.category_filter.setCurrentIndex(catalogue.category_filter.findData("Оборудование"))
    equipment = catalogue.visible_rows()
    assert equipment and all(r.category == "Оборудование" for r in equipment)
    catalogue.filter_edit.setText("роутер СВЯЗЬ-ДОМ")  # every word, any case, in title or code
    wait_idle(qtbot, editor)
    assert {r.code for r in catalogue.visible_rows()} == {"SD-RT-N300", "SD-RT-AX3000"}
    catalogue.filter_edit.setText("sd-rt-n3")
    wait_idle(qtbot, editor)
    assert [r.code for r in catalogue.visible_rows()] == ["SD-RT-N300"]


def _answer_next_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Click `button` in the question box the editor is about to open (a real modal box)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(20, click)


def test_typed_changes_are_not_dropped_by_picking_another_item(qtbot, editor) -> None:
    pick(qtbot, editor, "N300")
    form, first = editor.form, editor.form.item_id
    form.title.setText("Роутер с новым названием")
    form.title.textEdited.emit(form.title.text())
    seen: list[str] = []
    _answer_next_question(QMessageBox.StandardButton.Cancel, seen)
    editor.catalogue.filter_edit.setText("AX3000")
    wait_idle(qtbot, editor)
    editor.catalogue.table.selectRow(0)
    wait_idle(qtbot, editor)
    qtbot.waitUntil(lambda: not editor.catalogue.table.selectionModel().hasSelection())
    assert seen and "unsaved" in seen[0]
    assert form.item_id == first and form.title.text() == "Роутер с новым названием"
    _answer_next_question(QMessageBox.StandardButton.Discard, seen)
    editor.new_item()
    assert len(seen) == 2 and form.item_id is None and form.title.text() == ""
