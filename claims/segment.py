"""Lines, paragraphs and sentences of an article, with boilerplate marked.

Articles are split into lines first (a sentence never crosses a line break), lines are grouped into
paragraphs at blank lines, and each line is classified: ``headline``, ``dateline``
(``AP , Tuesday 25 Apr 2023``; a news dateline such as ``HAVANA (AP) --`` or ``LONDON, March
2 -`` is cut off the line it opens), ``tags`` (``Russia - Syria - Turkey``), ``caption`` (a
photo caption ending with a credit such as ``AFP``), ``shortlink`` (``Short link:``) or ``body``.
Boilerplate lines yield no sentences. Sentences come from a precompiled regular expression that
knows common abbreviations; it is several times faster than spaCy's sentencizer and needs no
tokenizer. Every offset is into the raw document text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from claims import lexicon
from claims.rules.base import Sentence

__all__ = [
    "Header",
    "Line",
    "Segmented",
    "classify_lines",
    "news_dateline",
    "parse_header",
    "segment",
]

_CALENDAR = lexicon.table("calendar")
_ORGANISATIONS = lexicon.table("organisations")
#: News agencies as datelines and credits write them (``(AP)``, ``Reuters``).
_AGENCIES: list[str] = _ORGANISATIONS["news_agencies"]
#: A month by its first three letters (``Dec.``, ``December``) -> its number.
_MONTH3 = {m[:3]: i for i, m in enumerate(_CALENDAR["months"], 1)}
_DATELINE_RE = re.compile(
    r"^(?P<publisher>[^\n,]{1,80}?)\s*,\s*(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|"
    r"Sun)(?:day)?,?\s+)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3})[a-z]*\.?,?\s+(?P<year>\d{4})\s*$"
)
#: A news dateline opening the body: ``LONDON, March 2 -``, ``WASHINGTON, Dec. 8 (UPI) —``,
#: ``NICOSIA, 2 March 2004 (Reuters) --``: a place in capitals (or any place before an agency in
#: brackets), a day and month, maybe a year, then a dash. Never a sentence, so never a claim.
_NEWS_DATELINE_RE = re.compile(
    r"(?P<place>[A-Z][\w.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.]{1,15})?)\s*,\s*"
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
    r"(?:(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]{2,8})\.?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\s*(?:\((?P<agency>[^()\n]{1,40})\)\s*)?"
    r"(?:--|—|–|-|_|:)(?:\s+|$)"
)
#: An undated news dateline: ``HAVANA (AP) --``, ``DAR ES SALAAM, Tanzania (AP) _``: a place in
#: capitals (maybe a state or country after a comma), a news agency of the lexicon in brackets,
#: then a dash. The place is read; never a sentence, so never a claim.
_UNDATED_DATELINE_RE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.]{1,15}(?:\s[A-Z][A-Za-z.]{1,15})?)?)"
    r"\s*\((?P<agency>" + "|".join(re.escape(name) for name in _AGENCIES) + r")\s*\)\s*"
    r"(?:--|—|–|-|_|:)(?:\s+|$)"
)
#: A dateline without a place: ``Dec 29 (Reuters) -`` (the day, then a news agency of the lexicon).
_PLACELESS_DATELINE_RE = re.compile(
    r"(?P<place>)(?:(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]{2,8})\.?)(?:,?\s+(?P<year>(?:19|20)\d\d))?\s*"
    r"\((?P<agency>" + "|".join(re.escape(name) for name in _AGENCIES) + r")\s*\)\s*"
    r"(?:--|—|–|-|_|:)(?:\s+|$)"
)
#: How many lines from the top a dateline may sit on.
_DATELINE_LINES = 6
#: A year written in the text (a dateline without one takes the year the article names most).
_YEAR_RE = re.compile(r"(?<![\w$£€.,-])((?:19|20)\d\d)(?![\w%]|[.,]\d)")
_TAGS_RE = re.compile(
    r"^[^\W\d][\w'’.&]*(?: [^\W\d][\w'’.&]*){0,3}(?: - [^\W\d][\w'’.&]*"
    r"(?: [^\W\d][\w'’.&]*){0,3})+\s*$"
)
#: A photo credit: a news agency or photo credit of the lexicon, or ``Photo ...``/``File photo``.
_CREDIT = (
    "(?:"
    + "|".join(re.escape(name) for name in [*_AGENCIES, *_ORGANISATIONS["photo_credits"]])
    + r"|Photo[^\n]{0,40}|File photo)"
)
_CAPTION_RE = re.compile(rf"(?:[.!?”\")]\s*|\s)(?:\(?{_CREDIT}\)?)\s*$|^(?:Photo|File photo)\s*:")
_SHORTLINK_RE = re.compile(r"^\s*Short link\s*:", re.IGNORECASE)
_LINE_RE = re.compile(r"[^\n]+")

#: Words whose full stop ends no sentence (the lexicon's abbreviations, in lower case).
_ABBREVIATIONS = lexicon.abbreviations()
#: A candidate sentence end: . ! ? (plus closing quotes/brackets) before space and an opening
#: capital, digit or quote. ``_is_boundary`` then rejects abbreviations and initials.
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_SENTENCE_ENDS = (".", "!", "?", ":", '"', "”", "’", "'", ")")
_LAST_WORD_RE = re.compile(r"([\w.]+)$")


def _is_boundary(chunk: str, m: re.Match[str]) -> bool:
    """Whether a candidate end really ends a sentence (not ``Mr.``, ``U.S.``, ``J.``)."""
    if chunk[m.start()] != "." or m.end() - m.start() > 1:
        return True
    word = _LAST_WORD_RE.search(chunk, max(0, m.start() - 12), m.start())
    if word is None:
        return True
    token = word.group(1).lower()
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "J. Smith"
    return token not in _ABBREVIATIONS


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line: offsets into the document, its paragraph and what kind of line it is."""

    start: int
    end: int
    paragraph: int
    kind: str  # headline | dateline | tags | caption | shortlink | body


@dataclass(frozen=True, slots=True)
class Header:
    """What the top of an article tells: its headline, publisher, ISO publication date and the
    place of its dateline (``LONDON, March 2 -``)."""

    title: str | None
    publisher: str | None
    published: str | None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Segmented:
    """The sentences of a document: ``headline`` ones apart, boilerplate left out (tuples: one
    segmentation is shared by the pipeline and the rules that look across the document)."""

    headline: tuple[Sentence, ...]
    body: tuple[Sentence, ...]


def _dateline_date(m: re.Match[str]) -> str | None:
    month = _MONTH3.get(m.group("month")[:3].lower())
    if month is None:
        return None
    try:
        return dt.date(int(m.group("year")), month, int(m.group("day"))).isoformat()
    except ValueError:
        return None


def news_dateline(line: str) -> re.Match[str] | None:
    """The news dateline a line starts with (``WASHINGTON, Dec. 8 (UPI) —``, ``HAVANA (AP) --``),
    or ``None``."""
    m = _NEWS_DATELINE_RE.match(line) or _PLACELESS_DATELINE_RE.match(line)
    if m is None:
        undated = _UNDATED_DATELINE_RE.match(line)
        return undated if undated is not None and _in_capitals(undated.group("place")) else None
    month = (m.group("month") or m.group("month2") or "")[:3].lower()
    if month not in _MONTH3 or not (m.group("place").isupper() or m.group("agency")):
        return None
    return m


def _in_capitals(place: str) -> bool:
    """``DAR ES SALAAM, Tanzania``: the place before the comma is written in capitals."""
    return place.split(",")[0].isupper()


def _news_dateline_date(m: re.Match[str], text: str) -> str | None:
    """The ISO date of a news dateline; without a year, the year the text names most often
    (the latest of equals), ``None`` when it names none or the dateline has no date."""
    if "month" not in m.re.groupindex:
        return None
    year = m.group("year")
    if year is None:
        counts: dict[str, int] = {}
        for y in _YEAR_RE.findall(text):
            counts[y] = counts.get(y, 0) + 1
        if not counts:
            return None
        year = max(counts, key=lambda y: (counts[y], y))
    month = _MONTH3[(m.group("month") or m.group("month2"))[:3].lower()]
    try:
        return dt.date(int(year), month, int(m.group("day") or m.group("day2"))).isoformat()
    except ValueError:
        return None


def _is_headline(first: str, has_more: bool) -> bool:
    """A first line is a headline when more follows and it reads as a title, not a sentence."""
    stripped = first.strip()
    return has_more and 0 < len(stripped) <= 250 and not stripped.endswith((".", "!", "?", ":"))


def classify_lines(text: str) -> list[Line]:
    """Every non-empty line of ``text`` with its paragraph index and kind."""
    lines: list[Line] = []
    paragraph, prev_end, seen_dateline, seen_news = 0, 0, False, False
    for m in _LINE_RE.finditer(text):
        raw = m.group()
        if not raw.strip():
            continue
        if lines and text.count("\n", prev_end, m.start()) > 1:
            paragraph += 1
        prev_end = m.end()
        kind = "body"
        news = news_dateline(raw.lstrip()) if len(lines) < _DATELINE_LINES else None
        if not lines and _is_headline(raw, m.end() < len(text.rstrip())) and news is None:
            kind = "headline"
        elif len(lines) < 4 and not seen_dateline and _DATELINE_RE.match(raw.strip()):
            kind, seen_dateline = "dateline", True
        elif news is not None and not seen_news:  # may follow a publisher's dateline
            seen_dateline = seen_news = True
            cut = m.start() + len(raw) - len(raw.lstrip()) + news.end()
            lines.append(
                Line(
                    m.start(),
                    cut if raw[cut - m.start() :].strip() else m.end(),
                    paragraph,
                    "dateline",
                )
            )
            if raw[cut - m.start() :].strip():  # "LONDON, March 2 - The ...": the rest is body
                lines.append(Line(cut, m.end(), paragraph, "body"))
            continue
        elif _SHORTLINK_RE.match(raw):
            kind = "shortlink"
        elif len(raw) <= 120 and _TAGS_RE.match(raw.strip()) and " - " in raw:
            kind = "tags"
        elif len(raw) <= 600 and _CAPTION_RE.search(raw.rstrip()) and _after_tags(lines):
            kind = "caption"
        lines.append(Line(m.start(), m.end(), paragraph, kind))
    return lines


def _after_tags(lines: list[Line]) -> bool:
    """Captions sit near the top, right after the tags or dateline block."""
    return bool(lines) and lines[-1].kind in ("tags", "dateline", "headline")


def parse_header(text: str) -> Header:
    """Headline, publisher and published date from the first lines (``None`` where absent)."""
    title = publisher = published = place = None
    for line in classify_lines(text[:2000])[:5]:
        raw = text[line.start : line.end].strip()
        if line.kind == "headline":
            title = raw
        elif line.kind == "dateline":
            m = _DATELINE_RE.match(raw)
            news = None if m else news_dateline(raw)
            if m:
                publisher = m.group("publisher").strip()
                published = _dateline_date(m)
            elif news is not None:  # "LONDON, March 2 (Reuters) -": the date and the place
                place = news.group("place").strip() or None
                published = published or _news_dateline_date(news, text)
    return Header(title, publisher, published, place)


def _sentences_of_line(text: str, line: Line) -> list[Sentence]:
    out: list[Sentence] = []
    chunk = text[line.start : line.end]
    pos = 0
    for b in _BOUNDARY_RE.finditer(chunk):
        if not _is_boundary(chunk, b):
            continue
        _append(out, chunk, pos, b.end(), line)
        pos = b.end()
    _append(out, chunk, pos, len(chunk), line)
    return out


def _append(out: list[Sentence], chunk: str, start: int, end: int, line: Line) -> None:
    piece = chunk[start:end]
    text = piece.strip()  # the same white space as str.isspace
    if text:
        s = line.start + start + len(piece) - len(piece.lstrip())
        out.append(Sentence(s, s + len(text), text, line.paragraph))


def _join_wrapped(text: str, lines: list[Line]) -> list[Line]:
    """Body lines of one paragraph joined where a sentence was hard-wrapped across them.

    A line continues the previous one when that one does not end a sentence and this one starts
    in lower case (``... the civil war that has\nkilled nearly 500,000 people``).
    """
    joined: list[Line] = []
    for line in lines:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and line.kind == "body"
            and prev.kind == "body"
            and prev.paragraph == line.paragraph
            and not text[prev.start : prev.end].rstrip().endswith(_SENTENCE_ENDS)
            and text[line.start : line.start + 1].islower()
        ):
            joined[-1] = Line(prev.start, line.end, prev.paragraph, "body")
        else:
            joined.append(line)
    return joined


@lru_cache(maxsize=32)
def segment(text: str) -> Segmented:
    """Sentences of the headline and of the body; boilerplate lines yield none.

    Memoised for the last few texts: the pipeline, the date rules' document-order pass and the
    statement rules' document-wide speaker pass segment the same document, and the result is
    immutable. Room for two batches of ``claims.parallel.BATCH`` (16) documents: a batch is
    segmented (and parsed) before its first document's rules run, so a smaller memo had
    dropped the batch's first documents by then and they were segmented twice.
    """
    headline: list[Sentence] = []
    body: list[Sentence] = []
    for line in _join_wrapped(text, classify_lines(text)):
        if line.kind == "headline":
            headline.extend(_sentences_of_line(text, line))
        elif line.kind == "body":
            body.extend(_sentences_of_line(text, line))
    return Segmented(tuple(headline), tuple(body))
