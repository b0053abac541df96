"""Text folding for search: case and ё/е must not matter to an operator typing a name.

SQLite's lower() only knows ASCII, so we store a folded copy of searchable text and fold the
query the same way in Python; both databases then compare plain strings.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")
# C0 controls except tab/newline: PostgreSQL refuses NUL in text, and none belong in a name.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Text safe to store: control characters (pasted or from SIP headers) removed."""
    return _CONTROLS.sub("", text)


def fold(text: str) -> str:
    """Lower-case, ё -> е, single spaces: "  Ёлкин  Пётр" -> "елкин петр"."""
    folded = clean(text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", folded).strip()


def like_pattern(text: str, escape: str = "\\") -> str:
    """`%text%` for LIKE with the wildcards the user typed taken literally."""
    for char in (escape, "%", "_"):
        text = text.replace(char, escape + char)
    return f"%{text}%"
