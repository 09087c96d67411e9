"""One lexicon (issue 11): the word tables of ``claims/lexicon/*.json`` are the only copy.

A module that writes four or more words of one title, abbreviation or agency table in one
literal (a list or set of strings, a ``"mr mrs ms"`` word string, a ``Mr|Mrs|Ms`` regular
expression) keeps a copy of the table; it should read ``claims.lexicon.table(...)`` instead.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

from claims import lexicon, phrases, segment
from claims.values import date_math
from claims.values.dates import find_dates

CLAIMS = Path(__file__).resolve().parents[2] / "claims"

#: The tables whose words must not be written again in Python (table, key).
GUARDED = [
    ("titles", "honorifics"),
    ("titles", "courtesy_titles"),
    ("titles", "abbreviated_titles"),
    ("titles", "person_titles"),
    ("titles", "role_heads"),
    ("organisations", "news_agencies"),
    ("organisations", "newspaper_names"),
]
#: How many words of one table in one literal make a copy.
COPY = 4
#: Modules still keeping copies, being rewritten on other branches of issue 11 (remove an entry
#: when its module reads the tables: the test fails while a listed module is clean, too).
PENDING = {"claims/rules/statements.py"}

_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*[A-Za-z]|[A-Za-z]")


def _docstrings(tree: ast.AST) -> set[int]:
    """``id`` of every docstring constant (prose, not a table)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def literal_word_sets(source: str) -> list[set[str]]:
    """The lower-case words of each string literal and of each list/set/tuple of strings."""
    tree = ast.parse(source)
    prose = _docstrings(tree)
    sets: list[set[str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            sets.append({w.lower().rstrip(".") for w in _WORD.findall(node.value)})
        elif isinstance(node, ast.List | ast.Set | ast.Tuple):
            strings = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            sets.append({s.lower() for s in strings if isinstance(s, str)})
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            sets.append({w.lower() for p in parts for w in _WORD.findall(str(p))})
    return sets


def copies_in(source: str) -> list[str]:
    """``table.key`` of each guarded table that ``source`` writes out (again)."""
    guarded = {f"{t}.{k}": {w.lower() for w in lexicon.table(t)[k]} for t, k in GUARDED}
    found = set()
    for words in literal_word_sets(source):
        for name, table in guarded.items():
            if len(words & table) >= COPY:
                found.add(name)
    return sorted(found)


def test_no_module_under_claims_keeps_a_copy_of_a_lexicon_table() -> None:
    copies = {}
    for path in sorted(CLAIMS.rglob("*.py")):
        relative = path.relative_to(CLAIMS.parent).as_posix()
        found = copies_in(path.read_text(encoding="utf-8"))
        if found:
            copies[relative] = found
    unexpected = {k: v for k, v in copies.items() if k not in PENDING}
    assert unexpected == {}, "read claims.lexicon.table(...) instead of a word list in code"
    clean = PENDING - set(copies)
    assert not clean, f"{sorted(clean)} keep no copy any more: remove them from PENDING"


def test_the_copy_finder_sees_each_way_a_table_is_written() -> None:
    assert "titles.honorifics" in copies_in('X = frozenset(["mr", "mrs", "ms", "dr"])\n')
    assert "titles.abbreviated_titles" in copies_in('R = r"(?<!\\b(?:Mr|Mrs|Sen|Gov)\\.)"\n')
    assert "organisations.news_agencies" in copies_in('C = "(?:AFP|AP|Reuters|Xinhua)"\n')
    assert copies_in('X = ["mr", "mrs", "ms"]\n') == []  # three words are no table
    assert copies_in('def f():\n    """Mr, Mrs, Ms and Dr Smith."""\n') == []  # prose


def test_the_rules_use_the_tables_they_were_given() -> None:
    """The loaded tables reach the code that used to keep copies (a word added to a table is
    seen): the tokenizer keeps a title's stop, the splitter and the clause reader skip it."""
    titles = lexicon.table("titles")
    assert frozenset(titles["honorifics"]) == phrases.HONORIFICS
    assert phrases.tokenize("Adm. Harris spoke")[0].text == "Adm."
    assert "adm" in lexicon.abbreviations() and "sept" in lexicon.abbreviations()
    text = "Adm. Harris said on Friday. He left."
    assert [s.text for s in segment.segment(text).body] == [
        "Adm. Harris said on Friday.",
        "He left.",
    ]
    assert date_math._SENTENCE_BREAK_RE.search("Gov. Hobbs") is None
    assert date_math._SENTENCE_BREAK_RE.search("left. He") is not None


def test_a_clock_time_does_not_cut_the_clause_a_date_is_read_in() -> None:
    """``a.m.`` is an abbreviation of the lexicon, so the clause reader sees the ``will`` before
    it: ``will fly out at 9 a.m. on Friday`` is the coming Friday (it was the last one)."""
    reference = dt.date(2000, 4, 5)  # a Wednesday
    found = find_dates("The group will fly out at 9 a.m. on Friday, he said.", reference)
    assert [(m.expression, m.date) for m in found] == [("on Friday", "2000-04-07")]
    found = find_dates("He will leave at 4 in the morning (4 a.m. EDT Thursday).", reference)
    assert [m.date for m in found] == ["2000-04-06"]


def test_an_abbreviated_title_does_not_end_a_sentence() -> None:
    """``Cmdr.`` is an abbreviated title of the lexicon (the splitter's own list lacked it)."""
    text = "The unit was directed by then-Cmdr. Jon Burge, the report said."
    assert [s.text for s in segment.segment(text).body] == [text]
