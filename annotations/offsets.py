"""Offsets between claimset and Label Studio: the one place they change system.

Python (and every claimset file) indexes text by code point. JavaScript strings index by UTF-16
code unit, and the two differ after every character outside the Basic Multilingual Plane (emoji,
some CJK, math letters): one code point, two code units. Old Label Studio editors stored
``<Text>`` regions in UTF-16 units (HumanSignal/label-studio#1347, #3078, #4929); the editor of
Label Studio 1.23 stores code points (measured by ``tests/annotations/test_browser.py``: a word
selected after five emoji is saved at its code-point offset, and a prediction in UTF-16 units is
highlighted shifted). ``LabelStudioOffsets`` converts in the unit the server uses
(``LABEL_STUDIO_UNIT``; ``CLAIMSET_LABEL_STUDIO_OFFSETS=utf16`` for an old server), and
``tasks`` (push) and ``wire`` (pull, UI export) convert through it only.

``OffsetMap`` records where the astral characters are once (a C-speed regex scan) and converts
each offset with a binary search, so converting many offsets into a long article stays cheap;
text without astral characters (the common case) converts as the identity.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from typing import Literal

Unit = Literal["codepoint", "utf16"]

#: The unit of ``<Text>`` region offsets in the Label Studio this release supports (1.23).
LABEL_STUDIO_UNIT: Unit = "codepoint"

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Offsets of one text in both systems."""

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        #: code-point positions of the astral characters, ascending
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        #: their UTF-16 positions (each earlier astral character adds one unit)
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral_cp)

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset`` (0 <= offset <= len(text))."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"code-point offset {offset} outside the text (0..{self.length})")
        if not self._astral_cp:
            return offset
        return offset + bisect_left(self._astral_cp, offset)

    def to_codepoints(self, offset: int) -> int:
        """The code-point offset of UTF-16 ``offset``.

        An offset inside a surrogate pair (never produced by Label Studio for a whole-character
        selection) is rounded down to the start of that character.
        """
        if not 0 <= offset <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {offset} outside the text (0..{self.utf16_length})")
        if not self._astral_u16:
            return offset
        return offset - bisect_left(self._astral_u16, offset)


def to_utf16(text: str, start: int, end: int) -> tuple[int, int]:
    """Convert a code-point span ``[start, end)`` of ``text`` to UTF-16 code units."""
    m = OffsetMap(text)
    return m.to_utf16(start), m.to_utf16(end)


def to_codepoints(text: str, start: int, end: int) -> tuple[int, int]:
    """Convert a UTF-16 span ``[start, end)`` of ``text`` to code points."""
    m = OffsetMap(text)
    return m.to_codepoints(start), m.to_codepoints(end)


def label_studio_unit() -> Unit:
    """The offset unit of the Label Studio server (environment override for old servers)."""
    value = os.environ.get("CLAIMSET_LABEL_STUDIO_OFFSETS", LABEL_STUDIO_UNIT)
    if value not in ("codepoint", "utf16"):
        raise ValueError(f"CLAIMSET_LABEL_STUDIO_OFFSETS must be codepoint or utf16, not {value!r}")
    return "utf16" if value == "utf16" else "codepoint"


class LabelStudioOffsets:
    """Code points <-> Label Studio region offsets for one text."""

    __slots__ = ("_map", "length", "unit")

    def __init__(self, text: str, unit: Unit | None = None) -> None:
        self.unit: Unit = unit or label_studio_unit()
        self._map = OffsetMap(text) if self.unit == "utf16" else None
        self.length = len(text)

    def to_label_studio(self, offset: int) -> int:
        """The Label Studio offset of code-point ``offset``."""
        if self._map is not None:
            return self._map.to_utf16(offset)
        if not 0 <= offset <= self.length:
            raise ValueError(f"code-point offset {offset} outside the text (0..{self.length})")
        return offset

    def from_label_studio(self, offset: int) -> int:
        """The code-point offset of Label Studio ``offset``."""
        if self._map is not None:
            return self._map.to_codepoints(offset)
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside the text (0..{self.length})")
        return offset
