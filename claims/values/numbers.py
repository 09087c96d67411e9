"""Numbers as news writes them: ``500,000``, ``10 000``, ``43%``, ``43 per cent``, ``6 1/4%``,
``$3bn``, ``$846.8million``, ``€10M``, ``£5.2m``, ``USD 200``, ``115USD``, ``10 €``, ``3.2 million
Swiss francs``, ``46 cents``, ``3 dollars 50 cents``, ``($99.99)``, ``nearly two million``,
``a hundred and two``, ``twenty-three``, ``a dozen``, ``half``, ``two thirds``, ``12-year``.

``find_numbers(text)`` returns each number with its value, unit and qualifier (``nearly``, ``more
than``, ...). The unit is ``percent`` or ``percentage points``, an ISO 4217 code for money (the
value then in the currency's main unit: ``85p`` is 0.85 GBP), or a written unit such as ``year``
or ``km``. Currencies come from the lexicon table ``currencies.json`` through
``claims.values.currencies``, which also resolves shared forms (``$``, ``¥``, ``francs``) by the
article's cues, publisher and date. ``one in five`` is a share (0.2, unit ``share``). A range
written with one unit or currency gives it to both numbers (``15-20 percent``, ``$5-10 billion``);
a poll's pair (``89%-6%``) is two numbers. ``pounds`` of weight are ``lb``, not money.

Not amounts, so not numbers here: scores (``4-2``, ``beat them 3-1``: two numbers, no single value
a checker could verify), times (``10:30``, ``between 2000 and 2100 GMT``), telephone numbers
(``0800 028 9276``), codes with a leading zero, model and product names (``M4``, ``Halo 2``,
``Boeing's 777``), chart positions (``number eight``, ``in the top 10``, ``held its own at
three``), decades (``the 1990s``: neither an amount nor an ISO date), vague amounts (``hundreds
of``, ``thousands of``: no value), ordinals and style sheets (``width: 100%;``). Years are left
to ``claims.values.dates`` (the quantity rule drops numbers that overlap a date, which also drops
day numbers of ``2 and 9 July``).
Compound adjectives (``a two-day summit``, ``30-year-old``) stay: hand-made gold marks them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from claims.values import currencies
from claims.values.currencies import Money, Where

__all__ = ["NumberMention", "find_numbers", "parse_number_words"]

_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_ONES["nine"] = 9
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15}
_TEENS.update({"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19})
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS.update({"eighty": 80, "ninety": 90})
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "bln": 1_000_000_000,
    "b": 1_000_000_000,
    "t": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_FRACTIONS.update({"fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10})
#: ``6¼%``, ``3¾``: vulgar fraction characters after a whole number.
_FRACTION_CHARS = {"¼": "0.25", "½": "0.5", "¾": "0.75", "⅛": "0.125", "⅜": "0.375"}
_FRACTION_CHARS.update({"⅝": "0.625", "⅞": "0.875", "⅓": "0.3333", "⅔": "0.6667"})

_W_ONES = "one|two|three|four|five|six|seven|eight|nine"
_W_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_W_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_W_NUM = rf"(?:(?:{_W_TENS})(?:[-\s](?:{_W_ONES}))?|{_W_TEENS}|{_W_ONES})"
_W_FRACTION = (
    rf"(?:(?:a|one|{_W_ONES}|{_W_TEENS})[-\s](?:halves|half|thirds?|quarters?|fifths?|tenths?)"
    r"(?!-)|half)"
)
_W_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
#: ``half a million``, ``a quarter of a billion``, ``half a dozen``: a part of a scale word.
_W_PART = (
    r"(?:half|a\s+quarter|three\s+quarters)\s+(?:of\s+)?a\s+(?:dozen|million|billion|trillion)"
)
_QUALIFIER = (
    r"(?:nearly|almost|about|around|approximately|roughly|some|more than|over|under|less than|"
    r"fewer than|at least|at most|up to|as many as|as much as|as few as|as little as|close to|"
    r"just over|just under|well over|well under|an estimated|estimated|only|just|a further|"
    r"another|exactly|precisely|barely|below|above|in excess of|upwards of|a record|a total of|"
    r"an additional|a mere)"
)
_UNIT_WORDS = (
    r"year|month|week|day|hour|minute|second|mile|metre|meter|kilometre|km|kg|tonne|ton|"
    r"pound|point|game|match|seat|storey|man|member|strong|page|acre|inch|foot|ft|percent|%|"
    r"time"
)
_W_HUNDREDS = (
    rf"(?:a|an|one|{_W_NUM})\s+hundred(?:\s+(?:and\s+)?(?:{_W_NUM})(?![\w-])(?!\s+hundred))?"
)
#: Thousands grouped by commas, no-break or thin spaces, or plain spaces beside a currency.
_CURRENCY_NAMES = currencies.name_source()
_CURRENCY_AFTER = rf"(?:{currencies.suffix_source()})(?![^\W\d_])(?![ \u00a0]?\d)(?!\.[a-z])"
#: Plain spaces group thousands only beside a currency (``€25 000``, ``10 000 euros``):
#: elsewhere ``10 737-800 planes`` and ``0845 8 505 505`` are numbers side by side.
_SPACED = r"\d{1,3}(?: \d{3}(?![\d,]))+"
_INTEGER = (
    r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u2009\u202f]\d{3}(?![\d,]))+"
    rf"|(?(cur){_SPACED}|(?!))|{_SPACED}(?=(?:\s(?:million|billion)|bn|m)?"
    rf"(?:{_CURRENCY_AFTER}|\s+(?:{_CURRENCY_NAMES})(?![^\W\d_])))|\d+"
)
#: ``6 1/4``, ``3¾``: a whole number and a fraction; ``1/2`` alone only before a percent sign.
_MIXED = rf"[ \u00a0]\d{{1,2}}/(?:2|3|4|8|16|32)(?![\d/])|[{''.join(_FRACTION_CHARS)}]"
_LONE_FRACTION = r"\d{1,2}/(?:2|3|4|8|16|32)(?=\s?(?:%|per\s?cent|percent))"
_CURRENCY_NAME = (
    rf"\s+(?P<name_text>{_CURRENCY_NAMES})(?![^\W\d_])"
    rf"(?:,?\s+(?:and\s+)?(?P<minor>\d{{1,2}})\s+(?P<minor_name>{currencies.name_source(True)})"
    r"(?![^\W\d_]))?"
)
#: One number from a given position: currency, digits or words, scale and unit.
_NUMBER_RE = re.compile(
    rf"(?:(?P<cur>{currencies.prefix_source()})[ \u00a0]?)?"
    rf"(?:(?P<digits>{_LONE_FRACTION}|(?:{_INTEGER})(?:\.\d+)?(?:{_MIXED})?)"
    rf"|(?P<words>(?i:(?:{_W_PART}|{_W_FRACTION}|{_W_HUNDREDS}|(?:a|an)\s+{_W_SCALE}|(?:a|{_W_NUM})\s+dozen"
    rf"|{_W_NUM}(?:\s+and\s+a\s+half)?)(?![\w])(?!-(?:{_W_ONES})\b))))"
    r"(?P<scale>(?:\s?(?:bn|mn|mln|bln|m|k|tn|trn)\b"
    r"|[\s-]?(?i:hundred|thousand|million|billion|trillion)(?:\s+(?i:million|billion))?"
    r"|\s(?:crores?|lakhs?)\b"
    r"|(?(cur)(?:BN|Bn|MN|Mn|MLN|TN|Tn|TRN|[MBTK])\b|(?!)))(?!\w))?"
    rf"(?:(?P<after>{_CURRENCY_AFTER})"
    r"|(?P<unit>\s?%|(?<=\d)pc\b|\s+(?i:per\s?cent|percentage\s+points?)\b"
    r"|\s?(?:km|kg|cm|mm|mph|kph|ft|lbs?|mg|GB|MB|TB|GHz|MHz|Mbps|kbps|bps)\b"
    rf"|-(?i:{_UNIT_WORDS})s?\b(?:-old\b)?)"
    rf"|(?P<name>{_CURRENCY_NAME}))?"
    r"(?:-plus\b|-odd\b|\+)?"
)


def _cap(words: str) -> str:
    """``one|two`` -> ``[Oo]ne|[Tt]wo``: a case-insensitive first letter that scans fast."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words.split("|"))


_TRIGGER_CHARS = "".join(
    re.escape(c) for c in sorted(set(currencies.first_characters() + "OoTtFfSsEeNnHhdqmb"))
)
#: Where a number may start; the lookahead lets the engine skip other text quickly. A digit
#: after a hyphen only after a percent sign or a digit (``89%-6%``, ``15-20 percent``).
_TRIGGER_RE = re.compile(
    rf"(?=[\d{_TRIGGER_CHARS}])"
    r"(?:(?<![\w.,/:#])(?<![^%\d]-)(?<!&#x)"
    rf"(?:{currencies.prefix_source(letters=False)}|(?:{currencies.prefix_source(letters=True)})"
    r"(?=[ \u00a0]?\d)|\d)"
    rf"|\b(?:{_cap(_W_ONES + '|' + _W_TEENS + '|' + _W_TENS + '|half')}"
    r"|dozen|thirds?|quarters?|fifths?|tenths?|hundred|thousand|million|billion|trillion)\b)"
)


def _article_start(text: str, pos: int) -> int:
    """``a dozen``, ``an eighth``: the start of the article before ``pos``, else ``pos``."""
    for article in ("a ", "an "):
        begin = pos - len(article)
        before_ok = begin == 0 or (begin > 0 and not text[begin - 1].isalnum())
        if begin >= 0 and before_ok and text[begin:pos].lower() == article:
            return begin
    return pos


_QUALIFIERS = frozenset(_QUALIFIER.strip("(?:)").split("|"))


#: Qualifiers by their last word, longest first: "than" -> ("more than ", "less than ", ...).
_QUALIFIERS_BY_LAST: dict[str, list[str]] = {}
for _q in sorted(_QUALIFIERS, key=len, reverse=True):
    _QUALIFIERS_BY_LAST.setdefault(_q.rsplit(" ", 1)[-1], []).append(_q + " ")


def _qualifier_before(text: str, start: int) -> tuple[int, str | None]:
    """A qualifier right before ``start`` (``nearly``, ``more than``, ``as many as``)."""
    if start == 0 or text[start - 1] != " ":
        return start, None
    window = text[max(0, start - 24) : start].lower()
    candidates = _QUALIFIERS_BY_LAST.get(window[:-1].rsplit(" ", 1)[-1])
    for ending in candidates or ():
        if window.endswith(ending):
            begin = start - len(ending)
            if begin == 0 or not text[begin - 1].isalnum():
                return begin, ending[:-1]
    return start, None


#: ``4-2``, ``10:30``, ``3.30pm``, ``24/7``: numbers that are not quantities.
_SKIP_AFTER_RE = re.compile(
    r"(?:-\d|:\d|/\d|\s?(?:am|pm|GMT|BST|EST|ET|[ap]\.m\.)(?!\w)|\.\d|[A-Za-z])"
)
_ENTITY_BEFORE_RE = re.compile(r"&#?\w+;$")
#: ``15-20 percent``, ``5-10bn``: the second number of a range, with the unit or scale of both.
_RANGE_TAIL_RE = re.compile(
    r"-\d[\d.,]*(?:\s?(?:%|bn\b|m\b|mn\b)|\s(?i:per\s?cent|percent|million|billion|trillion)\b)"
)
#: ``width: 100%;``, ``{ margin: 30px }``: a style sheet property, not a statement of fact.
_CSS_BEFORE_RE = re.compile(r"[a-z][a-z-]*:\s*$")
_CSS_AFTER_RE = re.compile(r"(?:px|em|rem|pt|vh|vw)?\s*(?:[;}\"']|!important|[a-z]+\s*[;}\"'])")
#: ``a third quarter``, ``a fifth term``: an ordinal before a period or rank, not a fraction.
_ORDINAL_AFTER_RE = re.compile(
    r"\s+(?:quarter|half|term|round|place|time|year|season|day|week|month|consecutive|"
    r"successive|straight|largest|biggest|generation|party|option|way)\b"
)
_FRACTION_BLOCK_RE = re.compile(r"(?i:first|second|the|other|latter|second-|final)\s+$")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number: span (qualifier to unit), the number's own span, value, unit and qualifier."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: int | float
    unit: str | None
    qualifier: str | None
    written: bool  # spelled out in words ("five", "half")
    scale: int = 1  # the multiplier written after the number (million: 1000000), 1 if none


def _clean(value: Decimal) -> int | float:
    """An int when whole, else a float rounded to 4 decimals (``two thirds`` -> 0.6667)."""
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return round(float(value), 4)


def parse_number_words(words: str) -> Decimal | None:
    """``twenty-three`` -> 23, ``two thirds`` -> 0.6667.., ``a dozen`` -> 12, ``half`` -> 0.5."""
    tokens = re.split(r"[\s-]+", words.lower().strip())
    whole_words = ("dozen", "million", "billion", "trillion")
    part_of = len(tokens) > 2 and tokens[-2] == "a" and tokens[-1] in whole_words
    if part_of and tokens[0] in ("half", "a", "three"):
        part = {"half": Decimal("0.5"), "a": Decimal("0.25"), "three": Decimal("0.75")}
        whole = parse_number_words(tokens[-1])  # "half a million", "a quarter of a billion"
        return None if whole is None else part[tokens[0]] * whole
    if tokens[-2:] == ["a", "half"] and tokens[-3:-2] == ["and"]:
        base = parse_number_words(" ".join(tokens[:-3]))
        return None if base is None else base + Decimal("0.5")
    if tokens[-1] in _FRACTIONS:
        numerator = Decimal(1)
        if len(tokens) > 1 and tokens[0] not in ("a", "an", "one"):
            parsed = parse_number_words(" ".join(tokens[:-1]))
            if parsed is None:
                return None
            numerator = parsed
        return numerator / Decimal(_FRACTIONS[tokens[-1]])
    total = Decimal(0)
    current = Decimal(0)
    for token in tokens:
        if token in ("a", "an"):
            current = Decimal(1)
        elif token in _ONES:
            current += _ONES[token]
        elif token in _TEENS:
            current += _TEENS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "dozen":
            current = (current or Decimal(1)) * 12
        elif token == "hundred":
            current = (current or Decimal(1)) * 100
        elif token in _SCALES:
            total += (current or Decimal(1)) * _SCALES[token]
            current = Decimal(0)
        elif token != "and":
            return None
    return total + current


def _scale(scale: str | None) -> Decimal:
    """``bn`` -> 10**9, `` thousand million`` -> 10**9, ``-billion`` (``$2.5-billion``)."""
    factor = Decimal(1)
    for word in (scale or "").replace("-", " ").split():
        factor *= _SCALES.get(word.lower(), 1)
    return factor


_ATTACHED_UNITS = {"lbs": "lb", "kph": "km/h", "mph": "mph"}


def _currency_marked(m: re.Match[str]) -> bool:
    """Whether a currency form is written with the number (before it, after it or by name)."""
    return bool(m.group("cur") or m.group("after") or m.group("name"))


def _unit(m: re.Match[str], metres: bool) -> str | None:
    """The unit written with the number, currencies apart (``percent``, ``metre``, ``year``)."""
    if metres:
        return "metre"
    raw = m.group("unit")
    if not raw:
        return None
    unit = raw.strip().lower()
    if unit in ("%", "pc", "per cent", "percent") or unit.startswith("per"):
        return "percent" if "point" not in unit else "percentage points"
    if unit.startswith("percentage"):
        return "percentage points"
    raw = raw.strip()
    if raw[0].isalpha():
        return _ATTACHED_UNITS.get(raw, raw)
    if unit.startswith("-"):
        word = unit[1:].removesuffix("-old")
        if word in ("%", "percent"):
            return "percent"
        return word[:-1] if word.endswith("s") and len(word) > 3 else word
    return None


_SPORT_AFTER_RE = re.compile(
    r"\s+(?:race|final|finals|hurdles|champion|championship|title|record|event|freestyle|"
    r"relay|sprint|run|gold|silver|bronze|world|breaststroke|backstroke|butterfly|medley|"
    r"individual|indoor|outdoor|heat|heats|semi|season|personal|place|runners?|hurdlers?|"
    r"swimmers?|specialists?)\b"
)


_RACE_DISTANCES = frozenset({50, 60, 100, 110, 200, 300, 400, 800, 1500, 3000, 5000, 10000})
_LOWER_WORD_AFTER_RE = re.compile(r"\s+(?!and\b|or\b|in\b|at\b|on\b|to\b|for\b)[a-z]")


def _is_metres(text: str, m: re.Match[str]) -> bool:
    """``5000m champion`` (metres) versus ``10m households`` or ``2.5m viewers`` (millions)."""
    scale = m.group("scale")
    if not scale or scale.strip() != "m" or _currency_marked(m) or m.group("unit"):
        return False
    if not m.group("digits"):
        return False
    if _SPORT_AFTER_RE.match(text, m.end()):
        return True
    digits = m.group("digits").replace(",", "")
    if not digits.isdecimal() or int(digits) not in _RACE_DISTANCES:
        return False
    if int(digits) >= 1000:
        return True  # "5,000m crown": 5,000 million would be written 5bn
    return not _LOWER_WORD_AFTER_RE.match(text, m.end())  # "the 800m and 1500m", not "800m people"


def _digits_value(digits: str) -> Decimal | None:
    """``1,250``, ``10 000``, ``6 1/4``, ``3¾``, ``1/2`` as a number."""
    whole, fraction = digits, Decimal(0)
    if digits[-1] in _FRACTION_CHARS:
        whole, fraction = digits[:-1], Decimal(_FRACTION_CHARS[digits[-1]])
    elif "/" in digits:
        whole, _, part = digits.rpartition(" ") if " " in digits else ("0", "", digits)
        numerator, denominator = part.split("/")
        fraction = Decimal(numerator) / Decimal(denominator)
    try:
        return Decimal(re.sub(r"[,\s\u00a0\u2009\u202f]", "", whole) or "0") + fraction
    except InvalidOperation:
        return None


def _value(m: re.Match[str], metres: bool) -> Decimal | None:
    if m.group("digits"):
        base = _digits_value(m.group("digits"))
    else:
        base = parse_number_words(m.group("words"))
    if base is None or metres:
        return base
    return base * _scale(m.group("scale"))


def _keep(text: str, m: re.Match[str]) -> bool:
    """Drop scores, times, model names, ``one of``, ``first half``, ``half-time``."""
    end = m.end()
    marked = _currency_marked(m)
    plain = not m.group("unit") and not m.group("scale")
    if m.group("digits") and plain and _SKIP_AFTER_RE.match(text, end):
        hyphen = text.startswith("-", end)  # "$5-10 billion", "15-20 percent": one unit for both
        if not (hyphen and (m.group("cur") or _RANGE_TAIL_RE.match(text, end))):
            return False
    if _CSS_BEFORE_RE.search(text, max(0, m.start() - 24), m.start()) and _CSS_AFTER_RE.match(
        text, end
    ):
        return False  # "width: 100%;", "margin: 0 auto;": a style sheet, not a statement
    digits = m.group("digits") or ""
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit() and "." not in digits:
        return False  # "0800", "007": a code, not an amount
    compound = text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha()
    if compound and not m.group("unit") and not marked:
        return False  # a compound adjective: "four-party talks" (but "£3m-plus" is money)
    if text[m.start() - 1 : m.start()] == ";" and _ENTITY_BEFORE_RE.search(
        text, max(0, m.start() - 10), m.start()
    ):
        return False  # "&#163;8m": an HTML entity left in the text, not a number
    words = (m.group("words") or "").lower()
    if words in ("one", "a", "an") and not (m.group("scale") or m.group("unit") or marked):
        return False
    if words.endswith(("third", "fifth", "tenth", "quarter")) and _ORDINAL_AFTER_RE.match(
        text, end
    ):
        return False
    return not (
        words.endswith("half")
        and " " not in words
        and (
            text.startswith("-", m.end("words"))
            or _FRACTION_BLOCK_RE.search(text, max(0, m.start() - 12), m.start("words"))
        )
    )


_RANK_BEFORE_RE = re.compile(r"\b(?:[Nn]umber|No\.?)\s$")
#: ``in the top 10``, ``the top 40 singles chart``: a region of a ranking, not an amount.
_TOP_BEFORE_RE = re.compile(r"(?<!\bto )(?<!\bwill )\b[Tt]op\s$")  # not "sales to top 500,000"
#: ``the top two from each group advancing``: a count of those who go through, not a rank.
_TOP_COUNT_AFTER_RE = re.compile(
    r"\s+(?:(?:from|in|of)\s+each|advanc|qualif|progress|go\s+through|going\s+through)"
)
#: ``dropped one place to two,``, ``held its own at three.``, ``moved from 13 to number four``:
#: a bare chart position (a written number after at/to/from with nothing counted after it).
_POSITION_BEFORE_RE = re.compile(r"\b(?:at|to|from)\s$")
_POSITION_AFTER_RE = re.compile(r"\s*(?:[,;.)]|$|\s(?:while|and|but|with)\b)")
_CHART_RE = re.compile(
    r"\b(?:[Cc]harts?|places?|position|spots?|number (?:one|two|three)|top \w+)\b"
)
_FROM_TO_NUMBER_RE = re.compile(r"\s+to\s+(?:[Nn]umber|No\.?)\s")
_NAME_BEFORE_RE = re.compile(r"[A-Z][\w.'’-]*\s$")
#: Capitalised words that may open a sentence before an amount (not a product name).
_OPENER_WORDS = """
    the a an all some just only about around nearly almost over under by of in at on for from
    with and but to after before since its his her their our these those another each every
    another exactly roughly perhaps maybe if when while as yet so still now then also last
    this next than between both among during until within per almost more fewer less up down
    there here well indeed already meanwhile overall however otherwise instead finally thus
    hence therefore again certainly today yesterday altogether surely even
"""
OPENERS = frozenset(_OPENER_WORDS.split())


def is_opener(word: str) -> bool:
    """A word that may open a sentence before a number: a function word or a sentence adverb
    or participle (``Meanwhile``, ``Clearly``, ``Aged``), as opposed to a name (``Halo 2``)."""
    low = word.lower()
    return low in OPENERS or low.endswith(("ly", "ever", "while", "ed", "ing"))


_COUNTED_AFTER_RE = re.compile(r"\s+[a-z]")


def _possessed_amount(text: str, m: re.Match[str]) -> bool:
    """``the Union's 70,000``, ``India's 35 states``: an amount after a possessor; but
    ``Boeing's 777 line``, ``Ocean's 12``, ``Standard and Poor's 500``: a model or a title."""
    digits = m.group("digits") or ""
    if "," in digits or "." in digits:
        return True
    return int(digits or "0") < 100 and bool(_COUNTED_AFTER_RE.match(text, m.end()))


def _mid_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a sentence (not its first word)."""
    before = text[max(0, pos - 3) : pos].rstrip()
    return bool(before) and before[-1] not in '.!?"“‘:'


def _after_name(text: str, m: re.Match[str], marked: bool) -> bool:
    """``Radio 4``, ``Formula 1``, ``(Macken 68)``, ``BBC Four``, ``Three Gorges``: names
    (``marked``: the number carries a currency)."""
    if marked or m.group("scale") or m.group("unit"):
        return False
    if m.group("words"):
        return m.group("words")[0].isupper() and _mid_sentence(text, m.start())
    name = _NAME_BEFORE_RE.search(text, max(0, m.start() - 20), m.start())
    if name is None:
        return text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"
    word = name.group().rstrip()
    if word.endswith(("'s", "’s", "'", "’")):
        return not _possessed_amount(text, m)
    if name.start() == 0 or not _mid_sentence(text, name.start()):
        return not is_opener(word)  # "Halo 2 has broken records" opens a sentence
    return True


#: ``0800 028 9276``, ``+44 20 7946 0000``, ``020-7946-0000``: telephone numbers.
_PHONE_RE = re.compile(
    r"0\d{2,4}\)?(?:[\s-]\d{2,4}){1,3}(?![\w,.]\d)|\d{3}[\s-]\d{3}[\s-]\d{4}(?!\w)"
)
#: ``between 2000 and 2100 GMT``, ``from 1130 to 1215 GMT``: clock times on the 24-hour clock.
CLOCK_RANGE_RE = re.compile(
    r"(?<![\w.,])[012]?\d[0-5]\d\s*(?:and|to|until|till|-|–)\s*[012]?\d[0-5]\d"
    r"\s?(?:GMT|BST|CET|EST|EDT|PST|UTC|hrs|hours|local time)\b"
)
#: ``one in five``, ``1 in 10,000``, ``one in every four``: a share, value 1/5.
_RATIO_RE = re.compile(
    rf"(?P<num>[Oo]ne|1)\s+in\s+(?:every\s+)?(?!(?:1[89]|20)\d\d\b)"
    rf"(?P<den>\d{{1,3}}(?:,\d{{3}})+|\d+|{_W_NUM})"
    r"(?![\w.,]\d|\w|\s+(?:weeks?|days?|months?|years?|hours?|minutes?|games?|matches)\b)"
)


def _blocked_at(text: str, pos: int, clock: bool) -> int:
    """The end of a telephone number or clock-time range starting at ``pos`` (digits but no
    amount), else 0."""
    m = _PHONE_RE.match(text, pos) or (CLOCK_RANGE_RE.match(text, pos) if clock else None)
    return m.end() if m else 0


def _ratio(text: str, pos: int) -> NumberMention | None:
    """``one in five`` at ``pos``: value 0.2 (four significant digits), unit ``share``."""
    m = _RATIO_RE.match(text, pos)
    if m is None or _RANK_BEFORE_RE.search(text, max(0, pos - 8), pos):
        return None  # "his third number one in three weeks"
    den = m.group("den")
    parsed = Decimal(den.replace(",", "")) if den[0].isdigit() else parse_number_words(den)
    if not parsed:
        return None
    start, qualifier = _qualifier_before(text, pos)
    value = float(f"{float(1 / parsed):.4g}")
    return NumberMention(start, m.end(), pos, m.end(), value, "share", qualifier, den[0].isalpha())


def _is_rank(text: str, m: re.Match[str], marked: bool) -> bool:
    """``number eight``, ``in the top 10``, ``held its own at three,``, ``from 13 to number
    four``: a position in a ranking, not an amount."""
    start = m.start()
    if _RANK_BEFORE_RE.search(text, max(0, start - 8), start):
        return True
    if m.group("unit") or m.group("scale") or marked:
        return False
    if _TOP_BEFORE_RE.search(text, max(0, start - 5), start):
        return not _TOP_COUNT_AFTER_RE.match(text, m.end())
    if not _POSITION_BEFORE_RE.search(text, max(0, start - 6), start):
        return False
    if text.startswith("from", max(0, start - 5)) and _FROM_TO_NUMBER_RE.match(text, m.end()):
        return True
    return (
        m.group("words") is not None
        and bool(_POSITION_AFTER_RE.match(text, m.end()))
        and _CHART_RE.search(text) is not None
    )


@dataclass(frozen=True, slots=True)
class _Article:
    """What resolves an ambiguous currency beyond its sentence: the article's date, publisher
    and text."""

    published: dt.date | None = None
    publisher: str | None = None
    text: str | None = None


def _is_money(unit: str | None) -> bool:
    """Whether a unit is a currency (an ISO 4217 code: three capital letters)."""
    return unit is not None and len(unit) == 3 and unit.isalpha() and unit.isupper()


def _large(m: re.Match[str], value: Decimal) -> bool:
    """A scale word (``R20bn``, ``2 trillion won``) or a value of at least 1,000 (``R2,500``); a
    bare capital letter is no scale word here (``Y2K`` is no yen)."""
    scale = (m.group("scale") or "").strip()
    if scale and not (len(scale) == 1 and scale.isupper()):
        return True
    return abs(value / _scale(m.group("scale"))) >= 1000


def _money(m: re.Match[str], value: Decimal, article: _Article) -> tuple[Money | None, int] | None:
    """The currency written with the number and where the mention ends; None when a form before
    the number is no currency there (``R2``). A form after it that is not money there (``12 won
    a stage``) is left out of the mention."""
    for group, text_group in (("cur", "cur"), ("after", "after"), ("name", "name_text")):
        written = m.group(text_group)
        if not written:
            continue
        form = currencies.forms()[written.strip()]
        start, end = m.start(text_group), m.end(text_group)
        where = Where(m.string, start, end, article.published, article.publisher, article.text)
        money = currencies.resolve(form, where, _large(m, value))
        if money is not None:
            return money, m.end()
        return None if group == "cur" else (None, m.start(group))
    return None, m.end()


#: ``was ($4.2 million)``, ``per share: ($0.12)``: an amount in brackets after a function word or a
#: colon is an accounting negative; after a noun or another amount it is an aside or a conversion.
_NEGATIVE_BEFORE_RE = re.compile(
    r"(?:^|[:=]|\b(?:of|at|was|were|is|are|be|been|to|from|by|totalled|totaled|reached|stood))"
    r"\s*$"
)


def _signed(m: re.Match[str], value: Decimal, money: Money | None) -> Decimal:
    """The value with its minor compound (``3 dollars 50 cents``) and accounting sign."""
    if money is None or not money.money:
        return value
    value *= money.factor
    minor = m.group("minor")
    if minor and money.factor == 1 and currencies.forms()[m.group("minor_name")].factor != 1:
        value += Decimal(minor) / 100
    text, start = m.string, m.start()
    bracketed = text[start - 1 : start] == "(" and text[m.end() : m.end() + 1] == ")"
    if (
        bracketed
        and m.group("cur")
        and _NEGATIVE_BEFORE_RE.search(text, max(0, start - 40), start - 1)
    ):
        return -value
    return value


def _range_second(text: str, pos: int, found: list[NumberMention]) -> bool:
    """A digit after a hyphen that starts a number: ``89%-6%`` (a poll's pair), or the second
    bound of ``15-20 percent`` whose first bound was kept."""
    if not text[pos].isdigit():
        return False
    return text[pos - 2 : pos - 1] == "%" or bool(found and found[-1].num_end == pos - 1)


def find_numbers(
    text: str,
    *,
    published: dt.date | None = None,
    publisher: str | None = None,
    article: str | None = None,
) -> list[NumberMention]:
    """Every number of ``text`` in order, with value, unit and qualifier. The article's date,
    publisher and text resolve ambiguous currencies (``francs`` are FRF before 2002, ``pesos``
    in an article about Colombia COP): see ``claims/lexicon/currencies.json``."""
    found: list[NumberMention] = []
    context = _Article(published, publisher, article)
    last_end = 0
    clock: bool | None = None  # whether the text names a time zone or hours (looked up once)
    for trigger in _TRIGGER_RE.finditer(text):
        pos = trigger.start()
        if pos < last_end or (text[pos - 1 : pos] == "-" and not _range_second(text, pos, found)):
            continue  # inside the previous number, or "second-half", "Under-21"
        if clock is None and text[pos].isdigit():
            clock = any(word in text for word in ("GMT", "BST", "hours", "hrs", "time"))
        if text[pos].isdigit() and (blocked := _blocked_at(text, pos, bool(clock))):
            last_end = blocked  # "0800 028 9276", "between 2000 and 2100 GMT"
            continue
        if text[pos] in "1Oo" and (ratio := _ratio(text, pos)) is not None:
            found.append(ratio)
            last_end = ratio.end
            continue
        m = _match_at(text, pos, last_end)
        if m is None:
            continue
        mention = _mention(text, m, context)
        if mention is None:
            continue
        last_end = mention.end
        marked = _is_money(mention.unit)
        if (mention.qualifier is None and _after_name(text, m, marked)) or _is_rank(
            text, m, marked
        ):
            continue
        found.append(mention)
    return _share_scales(text, found)


def _match_at(text: str, pos: int, last_end: int) -> re.Match[str] | None:
    """The number starting at a trigger (or at the article before it: ``a dozen``)."""
    m = None
    if text[pos].islower():  # "a dozen", "a third": the number starts at the article
        article = _article_start(text, pos)
        if article < pos and article >= last_end:
            m = _NUMBER_RE.match(text, article)
    m = m or _NUMBER_RE.match(text, pos)
    if m is None or not (m.group("digits") or m.group("words")) or not _keep(text, m):
        return None
    return m


def _keep_bare(m: re.Match[str]) -> bool:
    """Whether a number whose currency word turned out not to be one is still an amount."""
    words = (m.group("words") or "").lower()
    return bool(m.group("scale")) or words not in ("one", "a", "an")


def _mention(text: str, m: re.Match[str], article: _Article) -> NumberMention | None:
    """The mention of one match: value, unit (an ISO code for money), qualifier and span."""
    metres = _is_metres(text, m)
    value = _value(m, metres)
    if value is None:
        return None
    resolved = _money(m, value, article)
    if resolved is None:
        return None
    money, end = resolved
    if money is None and end < m.end() and not _keep_bare(m):
        return None  # "one won't": no currency after all, and "one" alone is no amount
    start, qualifier = _qualifier_before(text, m.start())
    written = _unit(m, metres)
    percent = written in ("percent", "percentage points")
    unit = written if percent or money is None else money.unit
    return NumberMention(
        start=start,
        end=end,
        num_start=m.start(),
        num_end=end,
        value=_clean(_signed(m, value, money)),
        unit=unit,
        qualifier=qualifier,
        written=m.group("words") is not None,
        scale=int(_scale(m.group("scale"))) if not metres else 1,
    )


_RANGE_JOIN_RE = re.compile(r"\s*(?:or|to|and|-|–)\s*$")


#: ``$5-10 billion``, ``$30-35``, ``$1.3 to 1.5bn``: the second number takes the currency
#: written once before the first.
_CURRENCY_JOIN_RE = re.compile(r"[-–]|\s+to\s+")


def _share_scales(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """``six or seven million``, ``between 2 and 3 billion``, ``4 or 5%``: the first number
    takes the scale (and unit) written once after the second; ``$5-10 billion``: the second
    takes the currency written once before the first."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        joint = text[a.num_end : b.num_start]
        money_range = _is_money(a.unit) and b.unit is None and not b.written
        joined = _CURRENCY_JOIN_RE.fullmatch(joint) and (joint.strip() != "to" or b.scale != 1)
        if money_range and joined:
            b = out[i + 1] = replace(b, unit=a.unit)
        shared = b.scale != 1 or b.unit in ("percent", "percentage points")
        if not shared or a.scale != 1 or a.unit not in (None, b.unit) or a.value >= 1000:
            continue
        if _RANGE_JOIN_RE.match(joint) is None:
            continue
        value = _clean(Decimal(str(a.value)) * b.scale)
        out[i] = replace(a, value=value, unit=b.unit, scale=b.scale)
    return out
