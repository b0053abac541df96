"""The knowledge base's text markup in a QTextEdit: shown as rich text, stored as markup.

The admin edits with Qt's own rich-text editor (bold, bulleted lists, paragraphs). What is
saved is never the editor's HTML: the document is walked block by block and written back in
the tiny markup of softphone.crm.kb.richtext (**bold**, "- " list lines, blank-line
paragraphs), which the service then cleans. Whatever was pasted in (images, links, colours,
scripts) is reduced to its text on the way.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextBlock, QTextDocument
from PySide6.QtWidgets import QTextEdit

from softphone.crm.kb.richtext import render_html

_LINE_SEPARATOR = "\u2028"  # what <br> becomes inside a Qt text block
_OBJECT = "\ufffc"  # an image or other embedded object: dropped


def set_markup(editor: QTextEdit, markup: str) -> None:
    """Show stored markup as rich text (through the core's whitelist renderer)."""
    editor.setHtml(render_html(markup))


def to_markup(document: QTextDocument) -> str:
    """The document in stored markup: paragraphs, list lines and bold, nothing else."""
    out: list[str] = []
    previous_was_item: bool | None = None
    block = document.begin()
    while block.isValid():
        text = _block_markup(block).strip()
        is_item = block.textList() is not None
        if text:
            if is_item:
                text = "- " + text
            if previous_was_item is not None:
                out.append("\n" if is_item and previous_was_item else "\n\n")
            out.append(text)
            previous_was_item = is_item
        block = block.next()
    return "".join(out)


def _block_markup(block: QTextBlock) -> str:
    parts: list[str] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        text = fragment.text().replace(_OBJECT, "").replace(_LINE_SEPARATOR, "\n")
        bold = fragment.charFormat().fontWeight() >= QFont.Weight.DemiBold
        parts.extend(_bold(text) if bold else [text])
        it += 1
    return "".join(parts)


def _bold(text: str) -> list[str]:
    """Each line's words in **…**; spaces stay outside, so the markers always pair up."""
    lines = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            lines.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        lines.append(f"{lead}**{core}**{trail}")
    return ["\n".join(lines)]
