"""Per-document indexes that replace whole-document rescans in the statement rules.

Speaker resolution asks the same document questions again and again: *where is the first
``Given Surname`` of this surname* (``full_name``), *which is the last honorific name before this
offset*, *the last newspaper name*, *the last ``minister X``*. Asked by scanning the text each
time, the cost grows with the square of the article's length (a 2 MB article did not finish in
300 s). Here each question is answered from an index built once per document (lazily, on the
first question of its kind), so that a document costs time linear in its length. The indexes
are the document's own state: they live on its text (``DocText``), never in a module cache.

Every answer equals the rescan's answer exactly (the tests compare them): ``last_match_before``
is ``list(pattern.finditer(doc, 0, offset))[-1]``; ``capitalised_runs`` lists exactly the
positions ``str.find`` would accept for a surname.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = [
    "DocText",
    "capitalised_runs",
    "doc_memo",
    "doc_text",
    "first_match_before",
    "kept_text",
    "last_match_before",
    "last_matches_in",
    "line_end",
    "line_start",
    "matches_back",
    "plain_text",
    "titled_matches",
]

T = TypeVar("T")
Finder = Callable[[], list[re.Match[str]]]


class DocText(str):
    """A document's text that carries the document's indexes: the explicit per-document
    state of this module (no module-level cache). Equal to its text in every way; built
    lazily, one index per question, and dropped with the document. A caller that asks many
    questions of one document (the statement rules: ``claims.rules.statements``) passes the
    same ``DocText`` each time; a plain ``str`` gets the same answers, each from an index
    built for that one call (linear per call, so only for a few questions)."""

    memo: dict[Any, Any]
    #: The plain ``str`` it was made from (equal to it): the key of memos kept per text
    #: elsewhere (``functools.lru_cache`` keys a ``str`` subclass apart from its ``str``).
    plain: str

    def __new__(cls, text: str) -> DocText:
        self = super().__new__(cls, text)
        self.memo = {}
        self.plain = str(text) if isinstance(text, DocText) else text
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (DocText, (str(self),))  # the indexes are never pickled (matches are not)


def plain_text(text: str) -> str:
    """The plain ``str`` of ``text`` (a ``DocText``'s own, else ``text``)."""
    return text.plain if isinstance(text, DocText) else text


def doc_text(text: str) -> DocText:
    """``text`` as a ``DocText`` (itself when it is one already)."""
    return text if isinstance(text, DocText) else DocText(text)


#: The key of a text's ``DocText`` in a ``RuleContext.state`` (with the text itself).
_STATE_KEY = "docindex.text"


def kept_text(text: str, state: dict[Any, Any] | None) -> DocText:
    """The ``DocText`` of ``text`` kept in ``state`` (the document's ``RuleContext.state``),
    made on first use, so that every stage of one document asks the same indexes; without a
    ``state``, a new one."""
    if isinstance(text, DocText):
        return text
    if state is None:
        return DocText(text)
    key = (_STATE_KEY, text)
    known = state.get(key)
    if not isinstance(known, DocText):
        known = state[key] = DocText(text)
    return known


def doc_memo(doc: str, key: Any, build: Callable[[], T]) -> T:
    """The value ``build()`` computed once for ``(doc, key)``, kept in the ``DocText``'s own
    indexes (a plain ``str`` keeps nothing: the value is built for this call)."""
    if not isinstance(doc, DocText):
        return build()
    memo = doc.memo
    if key not in memo:
        memo[key] = build()
    value: T = memo[key]
    return value


class _Matches:
    """Every match of a pattern over the whole document, with their starts and ends."""

    def __init__(self, pattern: re.Pattern[str], doc: str, finder: Finder | None = None) -> None:
        self.matches = finder() if finder is not None else list(pattern.finditer(doc))
        self.starts = [m.start() for m in self.matches]
        self.ends = [m.end() for m in self.matches]


def _matches(pattern: re.Pattern[str], doc: str, finder: Finder | None = None) -> _Matches:
    key = ("matches", pattern.pattern, pattern.flags)
    return doc_memo(doc, key, lambda: _Matches(pattern, doc, finder))


def _mid_word(doc: str, offset: int) -> bool:
    """Is ``offset`` inside a word? There a ``\\b`` at the cut could match where the whole
    document has none, so the index cannot stand in for a scan cut at ``offset``."""
    return 0 < offset < len(doc) and _WORDISH(doc[offset - 1]) and _WORDISH(doc[offset])


def _WORDISH(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _cut_matches(
    pattern: re.Pattern[str], doc: str, offset: int, finder: Finder | None = None
) -> tuple[_Matches, int, int]:
    """``(index, n, resume)``: the whole document's first ``n`` matches are the cut scan's too,
    and the cut scan may find more only from ``resume`` on (a match crossing ``offset``).

    A scan of ``doc[:offset]`` agrees with the whole document's matches that end at or before
    ``offset`` (these patterns read nothing past their match but a ``\\b``); a match crossing
    ``offset`` may come back shorter, so the cut scan is redone from its start.
    """
    index = _matches(pattern, doc, finder)
    n = bisect.bisect_right(index.ends, offset)
    crossing = n < len(index.starts) and index.starts[n] < offset
    return index, n, index.starts[n] if crossing else -1


def last_matches_in(
    pattern: re.Pattern[str], doc: str, start: int, end: int, count: int
) -> list[tuple[int, int]]:
    """The spans of the last ``count`` matches of ``pattern.finditer(doc, start, end)``.

    For patterns without ``^`` or empty matches (a look-behind sees the whole document either
    way) that read nothing past their end but a ``\b``. Where a whole-document match straddles
    ``start`` the scan is done directly (it may align differently)."""
    index = _matches(pattern, doc)
    before = bisect.bisect_left(index.starts, start)
    if _mid_word(doc, end) or (before and index.ends[before - 1] > start):
        found = list(pattern.finditer(doc, start, end))
        return [m.span() for m in found[max(0, len(found) - count) :]]
    _, n, resume = _cut_matches(pattern, doc, end)
    spans = [(index.starts[i], index.ends[i]) for i in range(max(before, n - count), n)]
    if resume >= 0:
        spans += [m.span() for m in pattern.finditer(doc, resume, end)]
    return spans[max(0, len(spans) - count) :]


def matches_back(
    pattern: re.Pattern[str], doc: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """``reversed(list(pattern.finditer(doc, start, end)))``, lazily: from the whole document's
    matches, last first (under the conditions of ``last_matches_in``; ``^`` is allowed when
    ``start`` is a line start, where it matches either way)."""
    index = _matches(pattern, doc)
    before = bisect.bisect_left(index.starts, start)
    if _mid_word(doc, end) or (before and index.ends[before - 1] > start):
        yield from reversed(list(pattern.finditer(doc, start, end)))
        return
    _, n, resume = _cut_matches(pattern, doc, end)
    if resume >= 0:
        yield from reversed(list(pattern.finditer(doc, resume, end)))
    for i in range(n - 1, before - 1, -1):
        yield index.matches[i]


def last_match_before(
    pattern: re.Pattern[str], doc: str, offset: int, finder: Finder | None = None
) -> re.Match[str] | None:
    """The last match of ``pattern.finditer(doc, 0, offset)``, from a whole-document index
    (``finder``, when given, returns what ``list(pattern.finditer(doc))`` would, faster)."""
    if _mid_word(doc, offset):
        return next(reversed(list(pattern.finditer(doc, 0, offset))), None)
    index, n, resume = _cut_matches(pattern, doc, offset, finder)
    if resume >= 0:
        tail = list(pattern.finditer(doc, resume, offset))
        if tail:
            return tail[-1]
    return index.matches[n - 1] if n else None


def first_match_before(pattern: re.Pattern[str], doc: str, offset: int) -> re.Match[str] | None:
    """``pattern.search(doc, 0, offset)`` from a whole-document index."""
    if _mid_word(doc, offset):
        return pattern.search(doc, 0, offset)
    index, n, resume = _cut_matches(pattern, doc, offset)
    if n:
        return index.matches[0]
    return pattern.search(doc, resume, offset) if resume >= 0 else None


def _newlines(doc: str) -> list[int]:
    return doc_memo(doc, "newlines", lambda: [m.start() for m in re.finditer("\n", doc)])


def line_start(doc: str, pos: int) -> int:
    """``doc.rfind("\n", 0, pos) + 1`` from an index of the document's line breaks (a
    document of one 10 MB line made every such search scan megabytes)."""
    breaks = _newlines(doc)
    i = bisect.bisect_left(breaks, pos)  # breaks[:i] are before pos
    return breaks[i - 1] + 1 if i else 0


def line_end(doc: str, pos: int) -> int:
    """``doc.find("\n", pos)``, or ``len(doc)`` when no line break follows."""
    breaks = _newlines(doc)
    i = bisect.bisect_left(breaks, max(pos, 0))
    return breaks[i] if i < len(breaks) else len(doc)


#: A word, the white space after it, and a capitalised word after that (``minister Tony``).
_WORD_BEFORE_NAME = re.compile(r"(?<!\w)(\w+)(\s+)(?=[A-Z][a-z])")
_NON_ASCII = "\0non-ascii"


def _words_before_names(doc: str) -> dict[str, list[int]]:
    """Where each word (lower case; non-ASCII ones together) ends before a capitalised word."""
    index: dict[str, list[int]] = {}
    for m in _WORD_BEFORE_NAME.finditer(doc):
        word = m.group(1)
        index.setdefault(word.lower() if word.isascii() else _NON_ASCII, []).append(m.start(2))
    return index


def titled_matches(pattern: re.Pattern[str], title: str, doc: str) -> list[re.Match[str]]:
    """``list(pattern.finditer(doc))`` for ``pattern`` = the literal ``title`` in any case,
    white space, then a name starting ``[A-Z][a-z]`` (``\b(?i:TITLE)\\s+(?P<name>...)``), found
    from where the title's last word stands before a capitalised word instead of a scan per
    title (a long article has hundreds of titles: ``the country's new president``)."""
    words = title.split()
    last = words[-1] if words else ""
    if not (last.isascii() and re.fullmatch(r"\w+", last) and title.endswith(last)):
        return list(pattern.finditer(doc))
    index = doc_memo(doc, "words before names", lambda: _words_before_names(doc))
    found: list[re.Match[str]] = []
    for space in sorted(index.get(last.lower(), []) + index.get(_NON_ASCII, [])):
        at = space - len(title)
        m = pattern.match(doc, at) if at >= 0 else None
        if m is not None and (not found or at >= found[-1].end()):
            found.append(m)  # finditer's matches never overlap
    return found


#: A capitalised run of name characters right after a space (where a surname may be found).
_RUN = re.compile(r"(?<= )[A-Z][\w'’-]*")
_INNER_STOPS = frozenset("_'’-")


def _runs(doc: str) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for m in _RUN.finditer(doc):
        run, at = m.group(), m.start()
        for i in range(1, len(run)):
            if run[i] in _INNER_STOPS:  # "Smith's", "Smith-Jones": "Smith" ends there too
                positions.setdefault(run[:i], []).append(at)
        positions.setdefault(run, []).append(at)
    return positions


def capitalised_runs(doc: str, word: str) -> list[int]:
    """Every offset ``at`` where ``doc`` has ``word`` after a space and not followed by a letter
    or digit, in order: what ``doc.find(word)`` in a loop accepts as a whole-word mention, for a
    ``word`` of name characters (``[A-Z][\\w'’-]*``)."""
    return doc_memo(doc, "runs", lambda: _runs(doc)).get(word, [])
