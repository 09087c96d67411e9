"""Quotation marks in news text: which ones open a quotation.

News mixes straight and curly double quotes, sometimes within one quotation (``"reaffirmed
... refugees.\u201d``). A curly mark tells by its shape; a straight one opens when it starts the
text or follows a space, an opening bracket, a colon or a dash, and closes otherwise
(``oxygen," said``). The statement rule family and the claim texts (``claims.render``) read
quotations through this one test.
"""

from __future__ import annotations

__all__ = ["QUOTE_MARKS", "open_quotes", "opens_quote"]

#: The double quotation marks, straight and curly.
QUOTE_MARKS = '"\u201c\u201d'

#: Characters after which a straight double quote opens a quotation.
_OPENS_AFTER = "([:—-"


def opens_quote(text: str, i: int) -> bool:
    """Does the double quotation mark at ``text[i]`` open a quotation?"""
    mark = text[i]
    if mark != '"':
        return mark == "\u201c"
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPENS_AFTER


def open_quotes(text: str) -> int:
    """How many quotations ``text`` opens and does not close (negative when it closes more
    than it opens), each mark read by ``opens_quote``: ``"a\u201d`` (straight then curly)
    is one closed quotation."""
    balance = 0
    for i, ch in enumerate(text):
        if ch in QUOTE_MARKS:
            balance += 1 if opens_quote(text, i) else -1
    return balance
