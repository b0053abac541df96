"""Knowledge-base text: a tiny markup stored as plain text, rendered to HTML that runs nothing.

We store what the admin typed, never HTML. The renderer escapes everything first and only then
turns our own markers into a handful of tags, so `<script>`, `<img src=...>` or a `javascript:`
link in a body or an imported catalogue shows up as literal text.

Markup: blank line = new paragraph; lines starting with "- " or "* " = a bulleted list;
**bold**; everything else is text.
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^\s*[-*•]\s+")
# Control characters other than tab and newline make Qt draw boxes and PostgreSQL refuse NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Normalise stored text: \\n line ends, no control characters, no trailing spaces."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def plain_text(text: str) -> str:
    """The text without markers: what is indexed, copied to the clipboard and read out."""
    lines = [_BULLET.sub("• ", line) for line in text.split("\n")]
    return _BOLD.sub(r"\1", "\n".join(lines))


def _inline(line: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", html.escape(line, quote=True))


def render_html(text: str) -> str:
    """Safe HTML for a Qt rich-text view: only <p>, <ul>, <li>, <b> and <br> ever appear."""
    parts: list[str] = []
    for block in re.split(r"\n\s*\n", clean(text)):
        # Runs of bullet lines become lists; runs of other lines become paragraphs.
        run: list[str] = []
        run_is_list = False
        for line in [line for line in block.split("\n") if line.strip()] + [None]:
            is_item = line is not None and bool(_BULLET.match(line))
            if run and (line is None or is_item != run_is_list):
                if run_is_list:
                    parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in run) + "</ul>")
                else:
                    parts.append("<p>" + "<br>".join(run) + "</p>")
                run = []
            if line is None:
                break
            run_is_list = is_item
            run.append(_inline(_BULLET.sub("", line) if is_item else line))
    return "".join(parts)


def highlight_html(text: str, spans: list[tuple[int, int]]) -> str:
    """Escaped `text` with the given [start, end) spans in bold: a search snippet for Qt."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)
