"""The knowledge base panel in a real offscreen window over a real SQLite knowledge base."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from softphone.crm.db import Database
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.kb.drafts import ItemDraft
from softphone.crm.kb.search import PromoState
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.ui.kb.panel import KnowledgeBasePanel
from softphone.ui.tasks import TaskRunner
from tests.ui.session_helpers import ADMIN, principal_of, sign_in_desk

TODAY = date(2026, 11, 25)


class GatedKnowledgeBase(KnowledgeBaseService):
    """The real service; a test can hold searches at a gate to see the window stay live.

    Not a mock: every search still runs the real query. It only notes the thread it ran on.
    """

    def __init__(self, db: Database) -> None:
        super().__init__(db, today=lambda: TODAY)
        self.gate = threading.Event()
        self.gate.set()
        self.held: dict[str, threading.Event] = {}  # query -> its own gate (one search late)
        self.threads: list[threading.Thread] = []
        self.queries: list[str] = []

    def search(self, query: str, **filters: object):  # type: ignore[override]
        self.threads.append(threading.current_thread())
        self.queries.append(query)
        if not self.gate.wait(10) or not self.held.get(query, self.gate).wait(10):
            raise TimeoutError("test gate was never opened")
        return super().search(query, **filters)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = Path(tmp_path_factory.mktemp("kb")) / "kb.sqlite3"
    db = Database.open(f"sqlite:///{path}")
    load_demo_catalogue(db, today=TODAY)
    sign_in_desk(db)  # an operator's desk, roles enforced as in the app
    yield db
    db.dispose()


@pytest.fixture
def panel(qtbot, kb_db: Database) -> Iterator[KnowledgeBasePanel]:
    runner = TaskRunner()
    kb = GatedKnowledgeBase(kb_db)
    widget = KnowledgeBasePanel(kb, runner)
    widget.kb = kb  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading and widget.results.count() > 0, timeout=5000)
    yield widget
    kb.gate.set()
    runner.shutdown()


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying Cyrillic text (QTest.keyClicks asserts on non-ASCII in Qt 6)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def search(qtbot, panel: KnowledgeBasePanel, text: str) -> None:
    panel.search_edit.setText(text)
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)


def titles(panel: KnowledgeBasePanel) -> list[str]:
    return [hit.title for hit in panel.hits]


def row_text(panel: KnowledgeBasePanel, row: int) -> str:
    label = panel.results.itemWidget(panel.results.item(row))
    assert isinstance(label, QLabel)
    return label.text()


@pytest.mark.timeout(30)
def test_typing_shows_results_while_typing_off_the_gui_thread(qtbot, panel) -> None:
    kb = panel.kb
    kb.gate.clear()
    type_text(panel.search_edit, "акци")
    qtbot.waitUntil(lambda: "акци" in kb.queries, timeout=3000)
    # The search is held in the worker: the window still takes keystrokes and paints.
    assert panel.loading
    type_text(panel.search_edit, "и")
    QApplication.processEvents()
    assert panel.search_edit.text() == "акции"
    assert all(t is not threading.main_thread() for t in kb.threads)
    kb.gate.set()
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
    assert kb.queries[-1] == "акции"  # the newest text was searched, and it is what shows
    states = [hit.promo_state for hit in panel.hits]
    assert states and all(s is not None for s in states)
    assert states[0] is PromoState.CURRENT and states[-1] is PromoState.EXPIRED
    assert "expired" in row_text(panel, panel.results.count() - 1)
    assert "<b>" in row_text(panel, 0) or "акци" in row_text(panel, 0).lower()


@pytest.mark.timeout(30)
def test_a_stale_answer_never_replaces_a_newer_one(qtbot, panel) -> None:
    """The older search answers last (held until the newer one is shown): it is dropped."""
    kb = panel.kb
    kb.held["роутер"] = late = threading.Event()
    panel.search_edit.setText("роутер")
    panel.refresh()
    panel.search_edit.setText("перерасчет ")
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)  # the newer answer is shown
    assert titles(panel)[0] == "Перерасчёт абонентской платы"
    late.set()
    assert panel._runner.wait_idle()  # the older search has answered too...
    qtbot.wait(50)  # ...and its answer has reached the GUI thread
    assert set(kb.queries[-2:]) == {"роутер", "перерасчет "}  # both searches ran
    assert titles(panel)[0] == "Перерасчёт абонентской платы"


@pytest.mark.timeout(30)
def test_filters_and_details_and_copy(qtbot, panel) -> None:
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("product"))
    search(qtbot, panel, "роутер")
    assert panel.hits and all(h.kind == "product" for h in panel.hits)
    assert "₽" in row_text(panel, 0)
    before = panel.kb.item(panel.hits[0].item_id).uses
    with qtbot.waitSignal(panel.item_opened, timeout=5000):
        panel.results.setCurrentRow(0)
    details = panel.current_details
    assert details is not None and details.item_id == panel.hits[0].item_id
    assert details.title in panel.details.toPlainText()
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == details.clipboard_text())
    assert panel.kb.item(details.item_id).uses == before + 2  # opened, then copied


@pytest.mark.timeout(30)
def test_stored_markup_is_shown_as_text(qtbot, panel, kb_db: Database) -> None:
    editor = KnowledgeBaseService(kb_db, principal=principal_of(kb_db, ADMIN))  # the admin's desk
    item_id = editor.create(
        ItemDraft(
            kind="article",
            code="UI-XSS",
            title='Памятка <img src="http://example.invalid/x.png"> <b>жирно</b>',
            body='<script>alert(1)</script> <a href="javascript:alert(2)">ссылка</a>',
        )
    )
    search(qtbot, panel, "памятка")
    assert "<img" not in row_text(panel, 0) and "&lt;img" in row_text(panel, 0)
    with qtbot.waitSignal(panel.item_opened, timeout=5000):
        panel.results.setCurrentRow(0)
    assert panel.current_details is not None and panel.current_details.item_id == item_id
    shown = panel.details.toHtml()
    assert "<script" not in shown and "javascript:" not in shown.replace("javascript:alert(2)", "")
    assert "<script>alert(1)</script>" in panel.details.toPlainText()


@pytest.mark.timeout(30)
def test_add_to_order_hands_products_to_the_order_form(qtbot, panel) -> None:
    assert not panel.order_button.isVisibleTo(panel)  # no order form wired: no button
    added: list[tuple[int, str]] = []
    panel.enable_add_to_order(lambda item_id, code: added.append((item_id, code)))
    assert panel.order_button.isVisibleTo(panel)
    search(qtbot, panel, "роутер")
    kinds = [h.kind for h in panel.hits]
    promo_row = kinds.index("promotion")
    panel.results.setCurrentRow(promo_row)
    assert not panel.order_button.isEnabled()  # a promotion is not something to order
    product_row = kinds.index("product")
    panel.results.setCurrentRow(product_row)
    assert panel.order_button.isEnabled()
    qtbot.mouseClick(panel.order_button, Qt.MouseButton.LeftButton)
    hit = panel.hits[product_row]
    assert added == [(hit.item_id, hit.code)]
    assert hit.title in panel.status_label.text()
