"""Quotation marks in news text: which ones open a quotation.

News mixes straight and curly double quotes, sometimes within one quotation (``"reaffirmed
... refugees.\u201d``). A curly mark tells by its shape; a straight one opens when it starts the
text or follows a space, an opening bracket, a colon or a dash, and closes otherwise
(``oxygen," said``). The statement rule family and the claim texts (``claims.render``) read
quotations through this one test.
"""

from __future__ import annotations

__all__ = ["opens_quote"]

#: Characters after which a straight double quote opens a quotation.
_OPENS_AFTER = "([:—-"


def opens_quote(text: str, i: int) -> bool:
    """Does the double quotation mark at ``text[i]`` open a quotation?"""
    mark = text[i]
    if mark != '"':
        return mark == "\u201c"
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPENS_AFTER
