"""Rich text in Qt's editor <-> the knowledge base's stored markup."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QTextEdit

from softphone.crm.kb.richtext import clean
from softphone.ui.kb.editor.markup import set_markup, to_markup

STORED = (
    "Роутер **в аренду** за 0 ₽.\n\n"
    "- настройка мастером\n"
    "- **гарантия** 3 года\n\n"
    "Первая строка\nвторая строка"
)


def test_stored_markup_survives_the_editor(qtbot) -> None:
    edit = QTextEdit()
    qtbot.addWidget(edit)
    set_markup(edit, STORED)
    assert edit.document().toPlainText().startswith("Роутер в аренду")  # shown, not marked up
    assert to_markup(edit.document()) == STORED


def test_pasted_html_is_reduced_to_text_bold_and_lists(qtbot) -> None:
    edit = QTextEdit()
    qtbot.addWidget(edit)
    edit.setHtml(
        '<p style="color:red">Скидка <a href="javascript:alert(1)">по ссылке</a>'
        '<img src="http://example.invalid/x.png"> <strong>10%</strong></p>'
        "<ol><li>раз</li><li>два</li></ol><p>&lt;script&gt;alert(2)&lt;/script&gt;</p>"
    )
    assert to_markup(edit.document()) == (
        "Скидка по ссылке **10%**\n\n- раз\n- два\n\n<script>alert(2)</script>"
    )


_LINE = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ,.!?"),
    min_size=1,
    max_size=20,
).map(str.strip).filter(bool)


_PARTS = st.lists(
    st.tuples(st.sampled_from(["text", "item", "bold"]), _LINE), min_size=1, max_size=6
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_PARTS)
def test_plain_paragraphs_and_lists_round_trip(qtbot, parts) -> None:
    markup_lines = []
    for kind, line in parts:
        text = {"text": line, "item": f"- {line}", "bold": f"**{line}**"}[kind]
        markup_lines.append(text)
    stored = clean("\n\n".join(markup_lines))
    edit = QTextEdit()
    qtbot.addWidget(edit)
    set_markup(edit, stored)
    again = to_markup(edit.document())
    set_markup(edit, again)
    assert to_markup(edit.document()) == again  # stable after one trip
    assert [w for w in again.replace("*", "").replace("- ", "").split()] == [
        w for w in stored.replace("*", "").replace("- ", "").split()
    ]
