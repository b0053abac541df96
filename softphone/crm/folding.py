"""Text folding for search: case and ё/е must not matter to an operator typing a name.

SQLite's lower() only knows ASCII, so we store a folded copy of searchable text and fold the
query the same way in Python; both databases then compare plain strings.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, ё -> е, single spaces: "  Ёлкин  Пётр" -> "елкин петр"."""
    folded = text.casefold().replace("ё", "е")
    return _SPACES.sub(" ", folded).strip()


def like_pattern(text: str, escape: str = "\\") -> str:
    """`%text%` for LIKE with the wildcards the user typed taken literally."""
    for char in (escape, "%", "_"):
        text = text.replace(char, escape + char)
    return f"%{text}%"
