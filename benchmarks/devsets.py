"""Readers for the public development sets in ``../shared/devsets/`` (see its README).

Used by ``benchmarks/quality.py`` only; never by the package or the unit tests (users do not have
these files). Every reader returns plain dataclasses with offsets in Python code points into the
text the extractor is given, so scoring is a matter of comparing spans.

- TimeML (TempEval-3 TBAQ-cleaned): ``<TEXT>`` with its tags stripped, every ``TIMEX3`` inside it
  as a span, the document creation time (``functionInDocument="CREATION_TIME"``, in ``<DCT>``) as
  the article's date. The DCT itself is never gold: it is outside ``<TEXT>``.
- PolNeAR (brat standoff): the ``.txt`` as is, and each attribution event (``E`` line) with its
  Source, Cue and Content spans. Spans may be discontinuous (``s e;s e``); a span is kept as its
  fragments. Offsets are code points of the ``.txt`` (checked: ``text[s:e]`` equals the ``.ann``
  text for every continuous span). An article annotated by several people is read from its first
  annotation file in name order, so each article counts once.
- Check-worthiness: ClaimBuster JSONL (``sentence_id``, ``label``, ``text``) and CLEF 2019
  CheckThat! CSV (``line_number``, ``speaker``, ``text``, ``label``, ``file_name``).
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Attribution",
    "BratArticle",
    "Sentence",
    "Span",
    "TimemlDoc",
    "Timex",
    "read_claimbuster",
    "read_clef2019",
    "read_polnear",
    "read_timeml",
]

#: A span as half-open fragments ``((start, end), ...)``; most have one fragment.
Span = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Timex:
    """One TIMEX3 inside ``<TEXT>``: its span in the stripped text and its attributes."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str


@dataclass(frozen=True, slots=True)
class TimemlDoc:
    """A TimeML document: the plain text of ``<TEXT>``, its TIMEX3s and the creation date."""

    name: str
    text: str
    dct: str  # YYYY-MM-DD
    timexes: tuple[Timex, ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One PolNeAR attribution: content, cue and (unless ``Attribution-no-source``) source."""

    id: str
    content: Span
    cue: Span
    source: Span  # () when the attribution has no source
    source_text: str
    content_text: str


@dataclass(frozen=True, slots=True)
class BratArticle:
    """A PolNeAR article: its text, publication date, publisher and attributions."""

    name: str
    text: str
    published: str
    publisher: str
    annotation: str  # the .ann file name it was read from
    attributions: tuple[Attribution, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One check-worthiness sentence: its group (debate), position, text and human label."""

    group: str
    position: int
    text: str
    label: int


# --- TimeML -------------------------------------------------------------------------------------


_Tag = tuple[int, int, str, str]  # start, end, type, value


def _walk(element: ET.Element, parts: list[str], timexes: list[_Tag], offset: int) -> int:
    """Append ``element``'s text content to ``parts``; record TIMEX3 spans; return the offset."""
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _walk(child, parts, timexes, offset)
        if child.tag == "TIMEX3":
            timexes.append((start, offset, child.get("type", ""), child.get("value", "")))
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def read_timeml_file(path: Path) -> TimemlDoc:
    """One ``.tml`` file; ``ValueError`` if it has no ``<TEXT>`` or no creation time."""
    root = ET.parse(path).getroot()
    body = root.find("TEXT")
    created = (t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME")
    dct = next((t.get("value", "") for t in created), "")
    if body is None or len(dct) < 10:
        raise ValueError(f"{path}: no <TEXT> or no creation-time TIMEX3")
    parts: list[str] = []
    tags: list[_Tag] = []
    _walk(body, parts, tags, 0)
    text = "".join(parts)
    timexes = tuple(Timex(s, e, text[s:e], kind, value) for s, e, kind, value in tags)
    return TimemlDoc(path.stem, text, dct[:10], timexes)


def read_timeml(folder: Path) -> list[TimemlDoc]:
    """Every ``.tml`` under ``folder`` (TimeBank and AQUAINT), in path order."""
    return [read_timeml_file(p) for p in sorted(Path(folder).rglob("*.tml"))]


# --- PolNeAR (brat standoff) --------------------------------------------------------------------


def _fragments(offsets: str) -> Span:
    pieces = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return tuple(pieces)


def _read_ann(path: Path) -> tuple[dict[str, tuple[str, Span]], list[dict[str, list[str]]]]:
    """Text-bound annotations (id -> label, span) and events (role -> ids) of one ``.ann``.

    Lines that continue a multi-line annotation text, and notes (``#``), are skipped.
    """
    spans: dict[str, tuple[str, Span]] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) < 2 or not cells[0][1:].isdigit():
            continue
        if cells[0].startswith("T") and len(cells) >= 3:
            label, _, offsets = cells[1].partition(" ")
            spans[cells[0]] = (label, _fragments(offsets))
        elif cells[0].startswith("E"):
            roles: dict[str, list[str]] = {"_id": [cells[0]]}
            for arg in cells[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append(roles)
    return spans, events


def _span_text(text: str, span: Span) -> str:
    return " ".join(text[s:e] for s, e in span)


def _attributions(text: str, path: Path) -> tuple[Attribution, ...]:
    spans, events = _read_ann(path)
    out = []
    for roles in events:

        def joined(role: str, roles: dict[str, list[str]] = roles) -> Span:
            frags = [f for ref in roles.get(role, []) if ref in spans for f in spans[ref][1]]
            return tuple(sorted(frags))

        content = joined("Content")
        if not content:
            continue  # an attribution with no content cannot be scored
        source = joined("Source")
        out.append(
            Attribution(
                roles["_id"][0],
                content,
                joined("Cue"),
                source,
                _span_text(text, source),
                _span_text(text, content),
            )
        )
    return tuple(out)


def read_polnear(folder: Path) -> list[BratArticle]:
    """The articles of ``folder/text`` with ``folder/attributions`` and ``folder/metadata.tsv``."""
    folder = Path(folder)
    with (folder / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        meta = {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}
    annotations: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    articles = []
    for txt in sorted((folder / "text").glob("*.txt")):
        if txt.stem not in annotations or txt.stem not in meta:
            raise ValueError(f"{txt}: no annotation file or no metadata.tsv row")
        text = txt.read_text(encoding="utf-8")
        ann = annotations[txt.stem]
        row = meta[txt.stem]
        articles.append(
            BratArticle(
                txt.stem,
                text,
                row["publication_date"],
                row["publisher"],
                ann.name,
                _attributions(text, ann),
            )
        )
    return articles


# --- check-worthiness ---------------------------------------------------------------------------


def read_claimbuster(path: Path) -> Iterator[Sentence]:
    """ClaimBuster sentences in file order (one group, ``claimbuster``)."""
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                record = json.loads(line)
                yield Sentence("claimbuster", n, str(record["text"]), int(record["label"]))


def read_clef2019(path: Path) -> Iterator[Sentence]:
    """CheckThat! 2019 sentences, grouped by debate (``file_name``), in line order."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield Sentence(
                row["file_name"], int(row["line_number"]), row["text"], int(row["label"])
            )
