"""Lexers and parsers of values: numbers and money (``numbers``, ``currencies``), dates
(``dates``) and the calendar arithmetic that resolves relative ones (``date_math``).

They find and normalise values in a sentence and know nothing of claims; the rule families of
``claims.rules`` call them.
"""
