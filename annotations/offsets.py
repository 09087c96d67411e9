"""Code points <-> UTF-16 code units: the one place offsets change system.

Python (and every claimset file) indexes text by code point; Label Studio's ``<Text>`` regions
are JavaScript string indices, i.e. UTF-16 code units. The two differ after every character
outside the Basic Multilingual Plane (emoji, some CJK, math letters), each of which is one code
point but two code units. Converting anywhere else than here is a bug.

``OffsetMap`` records where the astral characters are once (a C-speed regex scan) and converts
each offset with a binary search, so converting many offsets into a long article stays cheap;
text without astral characters (the common case) converts as the identity.
"""

from __future__ import annotations

import re
from bisect import bisect_left

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
