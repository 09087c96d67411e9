"""Score the extractor on the public development sets, in the shapes the blind sets are scored.

    .venv/bin/python benchmarks/quality.py [DEVSETS] [--gold DIR] [--sets timeml,polnear,...]
        [--json PATH] [--markdown PATH] [--errors DIR] [--limit N] [--extractor NAME]

``DEVSETS`` defaults to ``../shared/devsets`` (its README says how the blind sets are built); the
repository's own hand-made gold (``--gold``, default ``tests/data/gold``) is scored too. Prints ONE
markdown table, a row per measure, with the counts behind every figure; ``--json`` writes the same
rows as JSON, ``--markdown`` a dated page (``benchmarks/QUALITY.md``) with the table and how each
measure is defined, ``--errors DIR`` the misses and false alarms of every set as JSONL
(``<set>.<kind>.jsonl``: ``sentence``, ``gold``, ``found``) for error analysis. Progress goes to
stderr. Speed is not measured here (``benchmarks/extract.py`` does that). Never run by unit tests.

How each measure is defined. A found claim "covers" a gold span when it overlaps at least half
of it (the blind sets' match); it "touches" a span when they share a character.

- ``timeml``: TempEval-3 TBAQ-cleaned, each document's ``<TEXT>`` with its creation time as the
  article's date. Gold: TIMEX3 ``type="DATE"`` whose value a calendar ISO value can express
  (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``: 1,044 of them); the creation-time TIMEX3 is never gold.
  Recall: gold covered by a date claim (split by the gold's precision; misses counted by a coarse
  kind of expression, datelines apart). Exact value: among those, a covering claim's ``date`` slot
  equals the TIMEX3 value (wrong values counted by kind: too coarse, other day of the same year,
  wrong year only ...). The other DATE values (``PRESENT_REF``, ``1998-W12``, ``1998-Q1``,
  ``XXXX-03``) are scored for span only. Precision: date claims touching a TIMEX3 of any type.
- ``polnear``: PolNeAR training split (one annotation file per article, the first by name), the
  ``.txt`` with ``metadata.tsv``'s publication date. Content recall: attributions whose Content
  (all its fragments) is covered by one statement claim; also for the attributions whose cue is a
  say-verb (said, told, added, according to), and, as a diagnostic, touched by any statement.
  Right speaker: a covering claim's ``speaker`` shares a word with the Source (case-insensitive;
  articles, prepositions, possessive determiners and honorifics ignored), over covered
  attributions that have a Source; the diagnostic beside it also accepts, for a bare-pronoun
  Source ("He"), the closest earlier Source of the article that is a name, since the gold keeps
  pronouns the extractor resolves. Precision: statement claims touching a gold Content (PolNeAR
  marks attributions of every kind, so this is a floor on wrong statements, not a precision).
- ``money``: the dev sets hold no money gold, and none is made here. Reported: quantity claims
  with a currency unit (and percentages) on the TimeML and PolNeAR texts, by unit; and a *silver*
  coverage of the symbol-marked forms only (``$`` before a digit, a digit before ``%``,
  ``percent``, ``per cent``): a claim with that kind of unit touches them; values not checked.
  This is not the blind measure (value within 1 % and the right currency, on all money).
- ``claimbuster`` / ``clef2019``: each sentence extracted alone, with no date. Predicted
  check-worthy when it has at least one claim: precision, recall and F1 against label 1, beside the
  baseline "the sentence contains a digit". ClaimBuster's blind set is balanced, so its F1 is also
  given with the negatives weighed to as many as the positives. CheckThat! ranks each debate's
  sentences by their best claim's check-worthiness (a claim attribute or slot ``checkworthiness``;
  while claims have none, 1 if the sentence has a claim, else 0, ties in debate order) and reports
  mean average precision over the 19 debates, beside the digit baseline. The "at
  --min-checkworthiness T" rows count only the claims ``claimset extract`` keeps by default (T is
  ``recommended_threshold()`` unless ``--min-checkworthiness`` is given): the blind measure. The
  packaged scorer was trained on these ClaimBuster and CheckThat! sentences, so those rows are
  optimistic; ``training/checkworthy/pipeline.py --held-out`` gives the held-out estimate.
- ``gold``: the repository's hand-made dev gold (``tests/data/gold``; the rules were tuned on it)
  scored with ``claims.evaluate``: a claim covers half of the gold span, has its type and carries
  its typed value; an article is scored on the types it has a gold file for (also with only the
  claims kept at the threshold).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets

from claims.checkworthiness import recommended_threshold
from claims.evaluate import TypeScore, load_gold, score
from claims.model import Claim, Document
from claims.pipeline import Extractor, config_hash, get_extractor
from claims.reader import document_from_text, read_articles
from claims.segment import segment

ROOT = Path(__file__).resolve().parents[1]
SETS = ("timeml", "polnear", "money", "claimbuster", "clef2019", "gold")
CALENDAR_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
CURRENCY_RE = re.compile(r"[A-Z]{3}")
DIGIT_RE = re.compile(r"\d")
WORD_RE = re.compile(r"[^\W_]+")


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


IGNORED_WORDS = wordset(
    "the a an of and or in on at for to by from with his her its their our my your this that "
    "these those s mr mrs ms miss dr sir"
)
PRONOUNS = wordset("i we you he she it they me us him them")

Span = tuple[tuple[int, int], ...]


# --- rows, logs, context ------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One line of the table: a measure of a set, its value and the counts behind it."""

    set: str
    measure: str
    value: float | None
    counts: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.set,
            "measure": self.measure,
            "value": self.value,
            "counts": self.counts,
        }


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def fraction_row(name: str, measure: str, part: int, whole: int, extra: str = "") -> Row:
    counts = f"{part}/{whole}" + (f"; {extra}" if extra else "")
    return Row(name, measure, ratio(part, whole), counts)


def f1_rows(name: str, label: str, tp: int, fp: int, fn: int) -> list[Row]:
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = 2 * p * r / (p + r) if p and r else 0.0
    return [
        Row(name, f"{label}: F1", f1, f"tp {tp}, fp {fp}, fn {fn}"),
        fraction_row(name, f"{label}: precision", tp, tp + fp),
        fraction_row(name, f"{label}: recall", tp, tp + fn),
    ]


def top(counter: Counter[str], n: int = 6) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.most_common(n)) or "none"


@dataclass(slots=True)
class ErrorLog:
    """Misses and false alarms per set and kind, written as JSONL when a directory is given."""

    directory: Path | None
    records: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, kind: str, **record: Any) -> None:
        if self.directory is not None:
            self.records[f"{name}.{kind}"].append(record)

    def write(self) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for key, records in sorted(self.records.items()):
            with (self.directory / f"{key}.jsonl").open("w", encoding="utf-8") as f:
                for record in records:
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")


class Context:
    """The sentences of a text (the project's segmenter), to show a span in its sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        parts = segment(text)
        self.sentences = sorted((s.start, s.end) for s in (*parts.headline, *parts.body))

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentences touching ``[start, end)``; else the line(s) holding it."""
        hit = [(s, e) for s, e in self.sentences if s < end and start < e]
        if hit:
            return min(s for s, _ in hit), max(e for _, e in hit)
        lo = self.text.rfind("\n", 0, start) + 1
        hi = self.text.find("\n", end)
        return lo, len(self.text) if hi < 0 else hi

    def sentence(self, start: int, end: int) -> str:
        s, e = self.around(start, end)
        return self.text[s:e]


def overlap(start: int, end: int, span: Span) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in span)


def covers_half(claim: Claim, span: Span) -> bool:
    """The blind sets' match: the claim overlaps at least half of the gold span."""
    length = sum(e - s for s, e in span)
    return length > 0 and 2 * overlap(claim.start, claim.end, span) >= length


def touches(claim: Claim, span: Span) -> bool:
    return overlap(claim.start, claim.end, span) > 0


def found_record(claim: Claim, text: str) -> dict[str, Any]:
    span = text[claim.start : claim.end]
    return {"type": str(claim.type), "span": span, "start": claim.start, "slots": claim.slots}


def progress(name: str, done: int, total: int, started: float) -> None:
    if done == total or done % max(1, total // 10) == 0:
        took = time.perf_counter() - started
        print(f"{name}: {done}/{total} ({took:.0f} s)", file=sys.stderr, flush=True)


Extract = Callable[[str, str | None], list[Claim]]


def make_extract(extractor: Extractor) -> Extract:
    def run(text: str, published: str | None) -> list[Claim]:
        return extractor.extract(document_from_text(text, published=published))

    return run


# --- TimeML: dates against TIMEX3 ---------------------------------------------------------------


def value_error(gold: str, found: list[str | None]) -> str:
    """Why no covering claim has the gold value: the closest claim's kind of mistake."""
    values = [v for v in found if v]
    if not values:
        return "no value"
    if any(gold.startswith(v) for v in values):
        return "too coarse"
    if any(v.startswith(gold) for v in values):
        return "too fine"
    if any(v[:4] == gold[:4] for v in values):
        return "same year, other month/day"
    if any(len(v) == len(gold) and v[4:] == gold[4:] for v in values):
        return "wrong year only"
    return "other"


MONTH_WORDS = wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
WEEKDAY_WORDS = wordset("monday tuesday wednesday thursday friday saturday sunday")
NUMBER_WORDS = wordset("nineteen twenty thousand hundred ninety eighty seventy sixty fifty")
ANAPHORIC_WORDS = wordset(
    "earlier later following previous that the same current latest coming ago end year-end "
    "year-earlier year-ago then"
)
RELATIVE_WORDS = wordset("today yesterday tomorrow tonight now last next this")


DATELINE_RE = re.compile(r"^[A-Z][A-Z .'-]+,.{0,40}(?:--|_|—)\s*$")


def date_class(expression: str, line: str) -> str:
    """A coarse class of a date expression, to count misses by kind (first rule that applies)."""
    if DATELINE_RE.match(line.strip()):
        return "dateline (PLACE, August 7 (Agency) --)"
    found = set(re.findall(r"[a-z]+(?:-[a-z]+)?", expression.casefold()))
    plain = {w for part in found for w in part.split("-")}
    if "fiscal" in plain:
        return "fiscal year"
    if found & ANAPHORIC_WORDS or (found & {"the", "a"} and not plain & MONTH_WORDS):
        return "anaphoric or period (a year earlier, the year)"
    if plain & NUMBER_WORDS and not DIGIT_RE.search(expression):
        return "spelled-out year"
    if found & RELATIVE_WORDS:
        return "deictic (today, last week)"
    if found & WEEKDAY_WORDS:
        return "weekday"
    if plain & MONTH_WORDS:
        return "month name"
    if DIGIT_RE.search(expression):
        return "numeric"
    return "other"


@dataclass(slots=True)
class TimemlTally:
    gold: Counter[str] = field(default_factory=Counter)  # by precision: year, month, day
    covered: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)  # value_error classes
    missed: Counter[str] = field(default_factory=Counter)  # date_class of missed expressions
    other_gold: int = 0
    other_covered: int = 0
    claims: int = 0
    touching: Counter[str] = field(default_factory=Counter)  # claims by the TIMEX3 type touched


PRECISION = {4: "year", 7: "month", 10: "day"}


def timeml_doc(doc: devsets.TimemlDoc, claims: list[Claim], t: TimemlTally, log: ErrorLog) -> None:
    dates = [c for c in claims if c.type == "date"]
    ctx = Context(doc.text)
    for x in doc.timexes:
        if x.type != "DATE":
            continue
        span = ((x.start, x.end),)
        hits = [c for c in dates if covers_half(c, span)]
        if not CALENDAR_RE.fullmatch(x.value):
            t.other_gold += 1
            t.other_covered += bool(hits)
            continue
        kind = PRECISION[len(x.value)]
        t.gold[kind] += 1
        gold = {
            "span": x.text,
            "value": x.value,
            "precision": kind,
            "doc": doc.name,
            "dct": doc.dct,
        }
        if not hits:
            line_start = doc.text.rfind("\n", 0, x.start) + 1
            line_end = doc.text.find("\n", x.end)
            gold["class"] = date_class(x.text, doc.text[line_start:line_end])
            t.missed[gold["class"]] += 1
            s, e = ctx.around(x.start, x.end)
            near = [found_record(c, doc.text) for c in dates if c.start < e and s < c.end]
            log.add("timeml", "misses", sentence=doc.text[s:e], gold=gold, found=near)
            continue
        t.covered[kind] += 1
        if any(c.slots.get("date") == x.value for c in hits):
            t.right[kind] += 1
            continue
        why = value_error(x.value, [c.slots.get("date") for c in hits])
        t.wrong[why] += 1
        found = [found_record(c, doc.text) for c in hits]
        log.add(
            "timeml",
            "wrong-values",
            sentence=ctx.sentence(x.start, x.end),
            gold=gold,
            found=found,
            error=why,
        )
    timeml_precision(doc, dates, ctx, t, log)


def timeml_precision(
    doc: devsets.TimemlDoc, dates: list[Claim], ctx: Context, t: TimemlTally, log: ErrorLog
) -> None:
    for c in dates:
        t.claims += 1
        kinds = {x.type for x in doc.timexes if touches(c, ((x.start, x.end),))}
        t.touching[min(kinds) if kinds else "none"] += 1
        if not kinds:
            log.add(
                "timeml",
                "false-alarms",
                sentence=ctx.sentence(c.start, c.end),
                gold=None,
                found=[found_record(c, doc.text)],
                doc=doc.name,
                dct=doc.dct,
            )


def timeml_rows(t: TimemlTally) -> list[Row]:
    n, covered, right = sum(t.gold.values()), sum(t.covered.values()), sum(t.right.values())
    by = "; ".join(
        f"{k}: {t.covered[k]}/{t.gold[k]} found, {t.right[k]} right"
        for k in ("day", "month", "year")
    )
    ok = t.claims - t.touching["none"]
    touched = ", ".join(f"{k} {v}" for k, v in sorted(t.touching.items()))
    name = "timeml"
    return [
        fraction_row(name, "date recall (calendar DATE covered)", covered, n, by),
        Row(name, "missed calendar DATEs by kind", None, top(t.missed, 8)),
        fraction_row(name, "exact value, of those found", right, covered, f"wrong: {top(t.wrong)}"),
        fraction_row(name, "found with the exact value, of all", right, n),
        fraction_row(
            name,
            "span recall, other DATE values (not scored for value)",
            t.other_covered,
            t.other_gold,
        ),
        fraction_row(
            name,
            "precision (date claims touching a TIMEX3)",
            ok,
            t.claims,
            f"by type touched: {touched}",
        ),
    ]


def run_timeml(
    folder: Path,
    extract: Extract,
    log: ErrorLog,
    limit: int | None,
    keep: list[tuple[str, list[Claim]]],
) -> list[Row]:
    docs = devsets.read_timeml(folder)[:limit]
    tally, started = TimemlTally(), time.perf_counter()
    for i, doc in enumerate(docs, 1):
        claims = extract(doc.text, doc.dct)
        keep.append((doc.text, claims))
        timeml_doc(doc, claims, tally, log)
        progress("timeml", i, len(docs), started)
    return timeml_rows(tally)


# --- PolNeAR: statements against attributions ---------------------------------------------------


def words(text: str) -> set[str]:
    """Content words of a name, case-folded, possessive ``'s`` dropped."""
    text = re.sub(r"['’]s\b", "", text.casefold())
    return {w for w in WORD_RE.findall(text) if w not in IGNORED_WORDS}


def same_speaker(speaker: Any, source: str) -> bool:
    return isinstance(speaker, str) and bool(words(speaker) & words(source))


#: Cue words of plain reported speech ("said", "told", "according to"), for the breakdown row.
SAY_CUES = wordset("say says said saying tell tells told telling add adds added according")


@dataclass(slots=True)
class PolnearTally:
    gold: int = 0
    covered: int = 0
    touched: int = 0  # some statement claim touches the Content (split or short spans)
    say_gold: int = 0
    say_covered: int = 0
    with_source: int = 0
    covered_with_source: int = 0
    speaker_right: int = 0
    speaker_lenient: int = 0  # also right when a pronoun Source's named antecedent matches
    pronoun_only: int = 0  # right speakers resting on a pronoun alone ("He" for "He")
    claims: int = 0
    touching: int = 0
    missed_cues: Counter[str] = field(default_factory=Counter)
    wrong_speakers: Counter[str] = field(default_factory=Counter)


def cue_words(article: devsets.BratArticle, a: devsets.Attribution) -> list[str]:
    return " ".join(article.text[s:e] for s, e in a.cue).casefold().split()


def speaker_kind(speakers: list[str]) -> str:
    """A coarse class of the speakers a claim gave when they share no word with the source."""
    if not any(words(s) for s in speakers):
        return "no speaker"
    if all(words(s) <= PRONOUNS for s in speakers):
        return "pronoun"
    return "other name"


def named_antecedents(article: devsets.BratArticle) -> dict[str, str]:
    """Attribution id -> the closest earlier Source that is not a bare pronoun (for pronouns)."""
    out: dict[str, str] = {}
    last = ""
    for a in sorted((a for a in article.attributions if a.source), key=lambda a: a.source):
        if words(a.source_text) <= PRONOUNS:
            out[a.id] = last
        else:
            last = a.source_text
    return out


def polnear_speaker(
    a: devsets.Attribution, hits: list[Claim], antecedent: str, t: PolnearTally
) -> bool:
    """Count the speaker of a covered attribution; True when it shares a word with the Source."""
    t.covered_with_source += 1
    speakers = [str(c.slots.get("speaker") or "") for c in hits]
    right = [s for s in speakers if same_speaker(s, a.source_text)]
    if right:
        t.speaker_right += 1
        t.speaker_lenient += 1
        t.pronoun_only += all(words(s) & words(a.source_text) <= PRONOUNS for s in right)
        return True
    t.speaker_lenient += bool(antecedent) and any(same_speaker(s, antecedent) for s in speakers)
    t.wrong_speakers[speaker_kind(speakers)] += 1
    return False


def polnear_attribution(
    article: devsets.BratArticle,
    a: devsets.Attribution,
    statements: list[Claim],
    ctx: Context,
    t: PolnearTally,
    log: ErrorLog,
    antecedent: str,
) -> None:
    t.gold += 1
    t.with_source += bool(a.source)
    hits = [c for c in statements if covers_half(c, a.content)]
    said = bool(SAY_CUES.intersection(cue_words(article, a)))
    t.say_gold += said
    t.touched += any(touches(c, a.content) for c in statements)
    cue = " ".join(article.text[s:e] for s, e in a.cue)
    gold = {"source": a.source_text, "cue": cue, "content": a.content_text, "doc": article.name}
    where = ctx.around(a.content[0][0], a.content[-1][1])
    near = [found_record(c, article.text) for c in statements if touches(c, (where,))]
    if not hits:
        t.missed_cues[(cue_words(article, a) or ["(none)"])[-1]] += 1
        log.add("polnear", "misses", sentence=article.text[slice(*where)], gold=gold, found=near)
        return
    t.covered += 1
    t.say_covered += said
    if a.source and not polnear_speaker(a, hits, antecedent, t):
        gold["named_antecedent"] = antecedent
        found = [found_record(c, article.text) for c in hits]
        log.add(
            "polnear",
            "wrong-speakers",
            sentence=article.text[slice(*where)],
            gold=gold,
            found=found,
        )


def polnear_article(
    article: devsets.BratArticle, claims: list[Claim], t: PolnearTally, log: ErrorLog
) -> None:
    statements = [c for c in claims if c.type == "statement"]
    ctx = Context(article.text)
    antecedents = named_antecedents(article)
    for a in article.attributions:
        polnear_attribution(article, a, statements, ctx, t, log, antecedents.get(a.id, ""))
    for c in statements:
        t.claims += 1
        if any(touches(c, a.content) for a in article.attributions):
            t.touching += 1
            continue
        near = [
            a.content_text[:200]
            for a in article.attributions
            if touches(c, (ctx.around(c.start, c.end),))
        ]
        log.add(
            "polnear",
            "false-alarms",
            sentence=ctx.sentence(c.start, c.end),
            gold={"contents_in_sentence": near, "doc": article.name},
            found=[found_record(c, article.text)],
        )


def polnear_rows(t: PolnearTally) -> list[Row]:
    name = "polnear"
    wrong = f"wrong: {top(t.wrong_speakers)}; right on a pronoun only: {t.pronoun_only}"
    return [
        fraction_row(
            name,
            "content recall (statement covers half of a Content)",
            t.covered,
            t.gold,
            f"top last cue words missed: {top(t.missed_cues)}",
        ),
        fraction_row(
            name,
            "content recall, cue a say-verb (said, told, according to ...)",
            t.say_covered,
            t.say_gold,
        ),
        fraction_row(
            name, "diagnostic: Content touched by some statement claim", t.touched, t.gold
        ),
        fraction_row(
            name,
            "right speaker, of covered attributions with a Source",
            t.speaker_right,
            t.covered_with_source,
            wrong,
        ),
        fraction_row(
            name,
            "content covered and right speaker, of attributions with a Source",
            t.speaker_right,
            t.with_source,
        ),
        fraction_row(
            name,
            "diagnostic: right speaker, pronoun Source read as its named antecedent",
            t.speaker_lenient,
            t.covered_with_source,
        ),
        fraction_row(
            name, "precision (statement claims touching a gold Content)", t.touching, t.claims
        ),
    ]


def run_polnear(
    folder: Path,
    extract: Extract,
    log: ErrorLog,
    limit: int | None,
    keep: list[tuple[str, list[Claim]]],
) -> list[Row]:
    articles = devsets.read_polnear(folder)[:limit]
    tally, started = PolnearTally(), time.perf_counter()
    for i, article in enumerate(articles, 1):
        claims = extract(article.text, article.published)
        keep.append((article.text, claims))
        polnear_article(article, claims, tally, log)
        progress("polnear", i, len(articles), started)
    return polnear_rows(tally)


# --- money and percentages: no gold in dev; counts and a silver coverage -------------------------

#: Symbol-marked money and percentages: unambiguous surface forms, used as silver coverage only.
DOLLAR_RE = re.compile(r"(?<![A-Za-z])\$\s?\d")
PERCENT_RE = re.compile(r"\d(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)


def money_units(unit: Any) -> str | None:
    if not isinstance(unit, str):
        return None
    if CURRENCY_RE.fullmatch(unit):
        return "currency"
    return "percent" if unit in ("percent", "percentage points") else None


def money_rows(docs: Sequence[tuple[str, list[Claim]]], log: ErrorLog) -> list[Row]:
    units: Counter[str] = Counter()
    silver = {"$": [0, 0], "%": [0, 0]}  # covered, total
    for text, claims in docs:
        quantities = [c for c in claims if c.type == "quantity"]
        for c in quantities:
            unit = c.slots.get("unit")
            if money_units(unit):
                units[str(unit)] += 1
        ctx: Context | None = None
        for sign, pattern, kind in (("$", DOLLAR_RE, "currency"), ("%", PERCENT_RE, "percent")):
            for m in pattern.finditer(text):
                span = ((m.start(), m.end()),)
                ok = any(
                    money_units(c.slots.get("unit")) == kind and touches(c, span)
                    for c in quantities
                )
                silver[sign][0] += ok
                silver[sign][1] += 1
                if not ok:
                    ctx = ctx or Context(text)
                    near = [
                        found_record(c, text)
                        for c in quantities
                        if touches(c, (ctx.around(m.start(), m.end()),))
                    ]
                    log.add(
                        "money",
                        "silver-misses",
                        sentence=ctx.sentence(m.start(), m.end()),
                        gold={"form": m.group(), "kind": kind},
                        found=near,
                    )
    money = sum(v for k, v in units.items() if money_units(k) == "currency")
    dollars, percents = (silver["$"][0], silver["$"][1]), (silver["%"][0], silver["%"][1])
    name = "money"
    return [
        Row(
            name,
            "value within 1 % and right currency (blind measure)",
            None,
            "not available in dev: no money gold in ../shared/devsets",
        ),
        Row(
            name,
            "quantity claims with a currency unit (TimeML + PolNeAR texts)",
            None,
            f"{money}: " + top(Counter({k: v for k, v in units.items() if len(k) == 3}), 8),
        ),
        Row(
            name,
            "percentage claims (TimeML + PolNeAR texts)",
            None,
            f"percent {units['percent']}, percentage points {units['percentage points']}",
        ),
        fraction_row(name, "silver: '$<digit>' touched by a currency claim", *dollars),
        fraction_row(
            name, "silver: '<digit>%' / 'percent' touched by a percentage claim", *percents
        ),
    ]


# --- check-worthiness ---------------------------------------------------------------------------


def claim_score(claim: Claim) -> float | None:
    """A claim's check-worthiness (attribute or slot ``checkworthiness``); None if it has none."""
    value = getattr(claim, "checkworthiness", None)
    if value is None:
        value = claim.slots.get("checkworthiness")
    return float(value) if isinstance(value, int | float) else None


def sentence_score(claims: list[Claim]) -> tuple[float, bool]:
    """The best claim's score, else 1.0 for "has a claim" (and whether a real score was used)."""
    scores = [s for s in map(claim_score, claims) if s is not None]
    if scores:
        return max(scores), True
    return (1.0 if claims else 0.0), False


def average_precision(ranked: Sequence[int]) -> float:
    """Average precision of a ranked list of 0/1 labels (0.0 when nothing is relevant)."""
    hits, total = 0, 0.0
    for k, label in enumerate(ranked, 1):
        if label:
            hits += 1
            total += hits / k
    return total / hits if hits else 0.0


def mean_ap(groups: dict[str, list[tuple[float, int, int]]]) -> float:
    """MAP over groups of (score, position, label): rank by score, ties by position."""
    aps = [
        average_precision([label for _, _, label in sorted(items, key=lambda x: (-x[0], x[1]))])
        for items in groups.values()
    ]
    return sum(aps) / len(aps) if aps else 0.0


@dataclass(slots=True)
class WorthTally:
    confusion: Counter[str] = field(default_factory=Counter)  # tp fp fn tn
    kept: Counter[str] = field(default_factory=Counter)  # the same, claims at the threshold
    digit: Counter[str] = field(default_factory=Counter)
    alarm_types: Counter[str] = field(default_factory=Counter)  # claim types in false alarms
    hit_types: Counter[str] = field(default_factory=Counter)  # claim types in true positives
    first_person: int = 0  # false alarms with a statement by I/we/you
    scored: bool = False
    ranking: dict[str, list[tuple[float, int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    digits: dict[str, list[tuple[float, int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def cell(predicted: bool, label: int) -> str:
    return ("tp" if label else "fp") if predicted else ("fn" if label else "tn")


def keep(claims: list[Claim], threshold: float) -> list[Claim]:
    """The claims ``claimset extract`` keeps at ``--min-checkworthiness threshold``."""
    scored = [(c, claim_score(c)) for c in claims]
    return [c for c, value in scored if value is None or value >= threshold]


def worth_sentence(
    name: str,
    s: devsets.Sentence,
    claims: list[Claim],
    t: WorthTally,
    log: ErrorLog,
    threshold: float,
) -> None:
    predicted = bool(claims)
    has_digit = bool(DIGIT_RE.search(s.text))
    t.confusion[cell(predicted, s.label)] += 1
    t.kept[cell(bool(keep(claims, threshold)), s.label)] += 1
    t.digit[cell(has_digit, s.label)] += 1
    value, real = sentence_score(claims)
    t.scored |= real
    t.ranking[s.group].append((value, s.position, s.label))
    t.digits[s.group].append((1.0 if has_digit else 0.0, s.position, s.label))
    types = {str(c.type) for c in claims}
    found = [found_record(c, s.text) for c in claims]
    where = {"group": s.group, "position": s.position}
    if predicted and not s.label:
        t.alarm_types.update(types)
        speakers = {str(c.slots.get("speaker", "")).casefold() for c in claims}
        t.first_person += bool(speakers & {"i", "we", "you"})
        log.add(name, "false-alarms", sentence=s.text, gold={"label": 0, **where}, found=found)
    elif s.label and not predicted:
        log.add(name, "misses", sentence=s.text, gold={"label": 1, **where}, found=[])
    elif predicted:
        t.hit_types.update(types)


def balanced_f1_row(name: str, label: str, k: Counter[str]) -> Row:
    """F1 as on a set with as many negatives as positives: false alarms weighed by pos/neg."""
    positives, negatives = k["tp"] + k["fn"], k["fp"] + k["tn"]
    fp = k["fp"] * positives / negatives if negatives else 0.0
    p = k["tp"] / (k["tp"] + fp) if k["tp"] + fp else 0.0
    r = k["tp"] / positives if positives else 0.0
    f1 = 2 * p * r / (p + r) if p and r else 0.0
    counts = f"precision {p:.3f}, recall {r:.3f}; {positives} positives, {negatives} negatives"
    return Row(name, f"{label}: F1 balanced (negatives weighed to match)", f1, counts)


def worth_rows(name: str, t: WorthTally, ranked: bool, threshold: float) -> list[Row]:
    c, d, k = t.confusion, t.digit, t.kept
    rows = f1_rows(name, "has a claim", c["tp"], c["fp"], c["fn"])
    rows[0].counts += (
        f"; false alarms by claim type: {top(t.alarm_types)} (statement by I/we/you: "
        f"{t.first_person}); true positives by type: {top(t.hit_types)}"
    )
    kept = f"has a claim at --min-checkworthiness {threshold:g}"
    rows += f1_rows(name, kept, k["tp"], k["fp"], k["fn"])[:1]
    rows += f1_rows(name, "baseline: contains a digit", d["tp"], d["fp"], d["fn"])[:1]
    if not ranked:  # the blind ClaimBuster-style set is balanced: weigh negatives to match
        for label, tally in (("has a claim", c), (kept, k), ("baseline: contains a digit", d)):
            rows.append(balanced_f1_row(name, label, tally))
    if ranked:
        how = "best claim's score" if t.scored else "fallback 1 if a claim else 0, ties in order"
        rows.append(
            Row(
                name,
                f"MAP per debate, ranked by {how}",
                mean_ap(t.ranking),
                f"{len(t.ranking)} debates",
            )
        )
        rows.append(
            Row(
                name,
                "MAP baseline: contains a digit",
                mean_ap(t.digits),
                f"{len(t.digits)} debates",
            )
        )
    return rows


def run_worth(
    name: str,
    sentences: Iterable[devsets.Sentence],
    extract: Extract,
    log: ErrorLog,
    limit: int | None,
    ranked: bool,
    threshold: float,
) -> list[Row]:
    items = list(sentences)[:limit]
    tally, started = WorthTally(), time.perf_counter()
    for i, s in enumerate(items, 1):
        worth_sentence(name, s, extract(s.text, None), tally, log, threshold)
        progress(name, i, len(items), started)
    return worth_rows(name, tally, ranked, threshold)


# --- the repository's hand-made dev gold --------------------------------------------------------

GOLD_TYPES = ("quantity", "date", "meeting", "statement")


def gold_articles(gold: Path) -> dict[str, Path]:
    """Gold directory name -> article: ``.txt`` files beside the gold and the bundled sample."""
    found = {p.stem: p for p in sorted(gold.parent.rglob("*.txt"))}
    found.update({p.stem: p for p in sorted((ROOT / "claims/sample_data").glob("*.txt"))})
    return found


def gold_record(gold: Any) -> dict[str, Any]:
    return {
        "type": gold.type,
        "span": gold.span,
        "start": gold.start,
        **gold.fields,
        "where": Path(gold.where).name,
    }


def gold_article(
    directory: Path, article: Path, extractor: Extractor, log: ErrorLog
) -> dict[str, TypeScore]:
    (document,) = read_articles([article])
    if not isinstance(document, Document):
        raise SystemExit(f"Error: {article}: {document}")
    types = [t for t in GOLD_TYPES if (directory / f"{t}.jsonl").exists()]
    gold = load_gold(directory, document.text)
    claims = extractor.extract(document)
    scores = score(claims, gold, types=types)
    ctx = Context(document.text)
    for s in scores.values():
        for g in s.missed:
            near = [
                found_record(c, document.text)
                for c in claims
                if c.type == g.type and touches(c, (ctx.around(g.start, g.end),))
            ]
            log.add(
                "gold",
                "misses",
                sentence=ctx.sentence(g.start, g.end),
                gold={**gold_record(g), "doc": directory.name},
                found=near,
            )
        for r in s.unmatched:
            log.add(
                "gold",
                "false-alarms",
                sentence=ctx.sentence(r["start"], r["end"]),
                gold={"doc": directory.name},
                found=[
                    {k: r[k] for k in ("type", "start", "slots")}
                    | {"span": document.text[r["start"] : r["end"]]}
                ],
            )
    return scores


def gold_kept(
    directory: Path, article: Path, extractor: Extractor, threshold: float
) -> dict[str, TypeScore]:
    """``score`` of the claims ``claimset extract`` keeps at the threshold."""
    (document,) = read_articles([article])
    assert isinstance(document, Document)
    types = [t for t in GOLD_TYPES if (directory / f"{t}.jsonl").exists()]
    claims = keep(extractor.extract(document), threshold)
    return score(claims, load_gold(directory, document.text), types=types)


def run_gold(
    gold: Path, extractor: Extractor, log: ErrorLog, limit: int | None, threshold: float
) -> list[Row]:
    articles = gold_articles(gold)
    directories = sorted(d for d in gold.iterdir() if d.is_dir())[:limit]
    totals = {t: TypeScore(t) for t in GOLD_TYPES}
    kept = {t: TypeScore(t) for t in GOLD_TYPES}
    started = time.perf_counter()
    for i, directory in enumerate(directories, 1):
        if directory.name not in articles:
            raise SystemExit(f"Error: {directory}: no article {directory.name}.txt for this gold")
        article = articles[directory.name]
        for t, s in gold_article(directory, article, extractor, log).items():
            totals[t].add(s)
        for t, s in gold_kept(directory, article, extractor, threshold).items():
            kept[t].add(s)
        progress("gold", i, len(directories), started)
    name = f"gold ({len(directories)} articles)"
    g = sum(s.gold for s in totals.values())
    rows = [
        fraction_row(name, "recall, all types", sum(s.matched_gold for s in totals.values()), g),
        fraction_row(
            name,
            "precision, all types",
            sum(s.matched_found for s in totals.values()),
            sum(s.found for s in totals.values()),
        ),
        fraction_row(
            name,
            f"recall, all types, at --min-checkworthiness {threshold:g}",
            sum(s.matched_gold for s in kept.values()),
            g,
            f"{sum(s.found for s in kept.values())} claims kept",
        ),
    ]
    for t, s in totals.items():
        rows.append(fraction_row(name, f"{t} recall", s.matched_gold, s.gold))
        rows.append(fraction_row(name, f"{t} precision", s.matched_found, s.found))
    return rows


# --- the run ------------------------------------------------------------------------------------


def git_commit() -> str:
    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = any(
        not line.endswith(("QUALITY.md", "quality.py", "devsets.py"))
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
    )
    return commit + (" (with uncommitted changes)" if dirty else "")


def run(args: argparse.Namespace, sets: list[str], log: ErrorLog) -> list[Row]:
    root: Path = args.devsets
    extractor = get_extractor(args.extractor)
    extract = make_extract(extractor)
    threshold = (
        recommended_threshold() if args.min_checkworthiness is None else args.min_checkworthiness
    )
    texts: list[tuple[str, list[Claim]]] = []
    rows: list[Row] = []
    if "timeml" in sets or "money" in sets:
        rows += run_timeml(root / "timeml", extract, log, args.limit, texts)
    if "polnear" in sets or "money" in sets:
        rows += run_polnear(root / "polnear-train", extract, log, args.limit, texts)
    rows = [r for r in rows if r.set in sets]
    if "money" in sets:
        rows += money_rows(texts, log)
    worth = root / "checkworthy"
    if "claimbuster" in sets:
        cb = devsets.read_claimbuster(worth / "claimbuster-train.jsonl")
        rows += run_worth("claimbuster", cb, extract, log, args.limit, False, threshold)
    if "clef2019" in sets:
        clef = devsets.read_clef2019(worth / "clef2019-task1-train.csv")
        rows += run_worth("clef2019", clef, extract, log, args.limit, True, threshold)
    if "gold" in sets:
        rows += run_gold(args.gold, extractor, log, args.limit, threshold)
    return rows


def table(rows: Sequence[Row]) -> str:
    lines = ["| set | measure | value | counts |", "| --- | --- | ---: | --- |"]
    for r in rows:
        value = "n/a" if r.value is None else f"{r.value:.3f}"
        lines.append(f"| {r.set} | {r.measure} | {value} | {r.counts.replace('|', '/')} |")
    return "\n".join(lines)


def header(extractor: Extractor, commit: str) -> dict[str, Any]:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "extractor": {
            "name": extractor.name,
            "version": extractor.version,
            "config_hash": config_hash(extractor),
        },
    }


def markdown_page(rows: Sequence[Row], info: dict[str, Any], command: str) -> str:
    """The dated QUALITY.md page: provenance, the table, and the measures' definitions."""
    e = info["extractor"]
    definitions = (__doc__ or "").split("How each measure is defined. ", 1)[-1]
    return (
        "# Extraction quality on the public development sets\n\n"
        f"Measured {info['date']} at commit `{info['commit']}`, extractor `{e['name']}` "
        f"{e['version']} (config {e['config_hash']}), with `{command}`.\n"
        "Regenerate this page with that command. These are DEV figures: the project is scored on\n"
        "blind sets of the same shapes (`../shared/devsets/README.md`), which nobody here has.\n\n"
        f"{table(rows)}\n\n"
        f"## Measures\n\n{definitions.strip()}\n"
    )


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces a run, without local paths."""
    parts = ["python benchmarks/quality.py ../shared/devsets"]
    if args.sets != ",".join(SETS):
        parts.append(f"--sets {args.sets}")
    if args.limit is not None:
        parts.append(f"--limit {args.limit}")
    if args.extractor != "rules":
        parts.append(f"--extractor {args.extractor}")
    if args.min_checkworthiness is not None:
        parts.append(f"--min-checkworthiness {args.min_checkworthiness:g}")
    return " ".join([*parts, "--markdown benchmarks/QUALITY.md"])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("devsets", nargs="?", type=Path, default=Path("../shared/devsets"))
    p.add_argument(
        "--gold",
        type=Path,
        default=ROOT / "tests/data/gold",
        help="the repository's hand-made gold (default tests/data/gold)",
    )
    p.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    p.add_argument("--extractor", default="rules")
    p.add_argument(
        "--min-checkworthiness",
        type=float,
        help="the threshold of the 'at --min-checkworthiness' rows (default: claimset extract's)",
    )
    p.add_argument("--json", type=Path, help="also write the rows as JSON here")
    p.add_argument("--markdown", type=Path, help="also write a dated page (QUALITY.md) here")
    p.add_argument("--errors", type=Path, help="write misses and false alarms as JSONL here")
    p.add_argument("--limit", type=int, help="only the first N documents/sentences of each set")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(sets) - set(SETS))
    if unknown:
        print(
            f"Error: unknown set(s) {', '.join(unknown)} (choose from {', '.join(SETS)})",
            file=sys.stderr,
        )
        return 2
    missing = [s for s in sets if s != "gold" and not args.devsets.is_dir()]
    if missing:
        print(f"Error: {args.devsets}: no such directory (pass the devsets path)", file=sys.stderr)
        return 2
    log = ErrorLog(args.errors)
    started = time.perf_counter()
    rows = run(args, sets, log)
    log.write()
    info = header(get_extractor(args.extractor), git_commit())
    print(table(rows))
    print(f"{len(rows)} measures in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.json:
        payload = {**info, "rows": [r.to_dict() for r in rows]}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    if args.markdown:
        args.markdown.write_text(markdown_page(rows, info, command_line(args)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
