"""pymorphy3's dictionary mapped from its files instead of copied into the process.

pymorphy3 keeps its DAWGs (the words, the probabilities, the suffixes of unknown words:
14 MB for Russian) as arrays that `dawg_python` fills by reading each file whole. Mapping the
same bytes read-only gives identical lookups (`dawg_python` only indexes its unit arrays)
while only the pages a lookup touches become resident; they are clean file pages that the
kernel may drop under memory pressure and that every desk process on one machine (a
terminal server) shares. Measured (README, "Memory at 3 s"): the dictionary costs 7.5 MB
instead of 23.8 MB once loaded, about 20.7 instead of 25 MB after ~900 distinct words, and it
loads faster (no 14 MB read).

`dawg_python`'s file format is dawgdic's: a native 32-bit unit count, then the units.
Only its two `read` methods are replaced, and only while the analyzer is being built (under
the caller's lock), so nothing else in the process is affected; the version range is pinned in
pyproject.toml and tests/crm/kb/test_mapped_dictionary.py checks the mapped analyzer against
the copied one word for word.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, Literal

from dawg_python import wrapper

_COUNT = struct.Struct("=I")  # as dawg_python reads it


def _mapped(fp: BinaryIO, count: int, item_format: Literal["I", "B"], item_size: int
            ) -> memoryview:
    """`count` items at the file's current position, mapped; the file is left after them."""
    offset = fp.tell()
    end = offset + count * item_size
    whole = mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ)
    if end > len(whole):
        raise ValueError(f"{getattr(fp, 'name', 'dictionary file')}: truncated")
    fp.seek(end)
    return memoryview(whole)[offset:end].cast(item_format)


def _read_dictionary(self: Any, fp: BinaryIO) -> None:
    (count,) = _COUNT.unpack(fp.read(_COUNT.size))
    self._units = _mapped(fp, count, "I", 4)


def _read_guide(self: Any, fp: BinaryIO) -> None:
    (count,) = _COUNT.unpack(fp.read(_COUNT.size))
    self._units = _mapped(fp, count * 2, "B", 1)


@contextmanager
def mapped_reads() -> Iterator[None]:
    """DAWGs loaded inside this block are mapped; the caller serialises the block."""
    saved = wrapper.Dictionary.read, wrapper.Guide.read
    wrapper.Dictionary.read = _read_dictionary
    wrapper.Guide.read = _read_guide
    try:
        yield
    finally:
        wrapper.Dictionary.read, wrapper.Guide.read = saved
