"""Currencies for the number lexer: the lexicon table ``currencies.json`` compiled once.

The table (``claims/lexicon/currencies.json``) says how news writes an amount in each ISO 4217
currency: symbols before or after the number (``A$5m``, ``115USD``, ``10 €``), names after it
(``3.2 million Swiss francs``), minor units (``46 cents``, ``85p``), and forms several currencies
share (``$``, ``¥``, ``francs``, ``Rs``) with the rules that resolve them (its ``_rules`` key).
``claims.values.numbers`` builds its regular expression from ``prefix_source()``,
``suffix_source()`` and ``name_source()``, then asks ``resolve`` which currency a matched form
stands for in its sentence. Nothing here keeps a list of currencies of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from claims import lexicon
from claims.errors import ConfigError

__all__ = [
    "Form",
    "Group",
    "Money",
    "Where",
    "forms",
    "name_source",
    "prefix_source",
    "resolve",
    "suffix_source",
]

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Form:
    """One written form: its text, the currency (or ambiguity group) and how it is written."""

    text: str
    code: str | None  # the ISO code, or None when ``group`` decides
    group: str | None
    before: bool  # may stand before the number
    after: bool  # may stand after the number
    attached: bool = False  # written with no space after the number ("85p")
    name: bool = False  # a word written after the number ("francs"), not a symbol
    factor: Decimal = Decimal(1)  # 0.01 for a minor unit (cents, pence)
    needs_large: bool = False  # money only with a scale word or a value of at least 1,000


@dataclass(frozen=True, slots=True)
class OtherUnit:
    """A currency name that is also a unit of weight (``pounds``): when it is that unit."""

    unit: str
    next_words: frozenset[str]
    cues: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Group:
    """Forms several currencies share, resolved by cue words, publisher and article date."""

    name: str
    defaults: tuple[tuple[dt.date | None, str], ...]  # (used before this date, code), in order
    undated: str | None  # the code when the article's date is unknown
    cues: tuple[tuple[str, tuple[str, ...]], ...]  # (code, cue words of that currency)
    other_unit: OtherUnit | None = None
    article_cues: bool = False  # cues anywhere in the article count when the sentence has none


@dataclass(frozen=True, slots=True)
class Where:
    """What a form is resolved against: its sentence, position and the article it comes from."""

    text: str
    start: int
    end: int
    published: dt.date | None = None
    publisher: str | None = None
    article: str | None = None  # the whole article's text, for groups with article cues


@dataclass(frozen=True, slots=True)
class Money:
    """A resolved form: the ISO code (or a non-money unit such as ``lb``) and the factor."""

    unit: str
    factor: Decimal
    money: bool = True


@dataclass(frozen=True, slots=True)
class _Table:
    forms: dict[str, Form]
    groups: dict[str, Group]
    publishers: dict[str, dict[str, str]]  # publisher name (lower case) -> group -> code


def _words_source(words: Iterable[str]) -> str:
    """Any of ``words`` as a whole word (a letter edge needs a non-letter beside it); a word in
    lower case also matches with a capital first letter (``yuan``, ``Yuan``)."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        left = r"(?<![^\W\d_])" if word[0].isalpha() else ""
        right = r"(?![^\W\d_])" if word[-1].isalpha() else ""
        first = f"[{word[0]}{word[0].upper()}]" if word[0].islower() else re.escape(word[0])
        parts.append(left + first + re.escape(word[1:]) + right)
    return "|".join(parts)


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    source = _words_source(words)
    return re.compile(source) if source else None


@cache
def _cue_pattern(group: str) -> re.Pattern[str]:
    """One pattern for every cue of a group, a named alternative per currency (``c0``, ``c1``
    ...), compiled the first time a form of the group is met."""
    cues = _table().groups[group].cues
    return re.compile("|".join(f"(?P<c{i}>{_words_source(w)})" for i, (_, w) in enumerate(cues)))


def _cue_code(group: Group, m: re.Match[str]) -> str:
    return group.cues[int(str(m.lastgroup)[1:])][0]


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"claims/lexicon/currencies.json: {where}: bad date {value!r}") from None


def _group(name: str, spec: dict[str, Any]) -> Group:
    defaults = tuple(
        (_date(d.get("before"), f"ambiguous.{name}"), str(d["code"])) for d in spec["default"]
    )
    undated = spec["undated"] if "undated" in spec else (defaults[-1][1] if defaults else None)
    cues = tuple((code, tuple(words)) for code, words in spec.get("cues", {}).items() if words)
    other = spec.get("other_unit")
    other_unit = None
    if other:
        other_unit = OtherUnit(
            unit=other["unit"],
            next_words=frozenset(other.get("next", ())),
            cues=_words_pattern(other.get("cues", ())),
        )
    article = spec.get("cues_in", "sentence") == "article"
    return Group(name, defaults, undated, cues, other_unit, article)


def _entry_forms(spec: dict[str, Any], code: str | None, group: str | None) -> list[Form]:
    """The forms of one currency or group: its symbols, names and minor units."""
    out: list[Form] = []
    for kind in ("symbols", "names", "minor"):
        for item in spec.get(kind, ()):
            if isinstance(item, dict):
                out.append(_form(item["form"], code, group, kind, item))
            elif isinstance(item, list):
                out += [_form(text, code, group, kind, {}) for text in item if text]
                out += _capitalised(item, code, group, kind)
            else:
                out.append(_form(item, code, group, kind, {}))
    return out


def _capitalised(
    pair: list[str | None], code: str | None, group: str | None, kind: str
) -> list[Form]:
    """Rule 8: ``Euros`` beside ``euros`` (a plural name with a capital first letter)."""
    plural = pair[-1]
    if kind == "symbols" or not plural or not plural[0].islower():
        return []
    if plural in lexicon.table("currencies").get("names_case_sensitive", ()):
        return []
    return [_form(plural[0].upper() + plural[1:], code, group, kind, {})]


def _form(
    text: str, code: str | None, group: str | None, kind: str, options: dict[str, Any]
) -> Form:
    """Rules 2-3 of the table: where a form may stand unless its entry says otherwise."""
    attached = bool(options.get("attached"))
    name = kind != "symbols" and not attached and any(c.isalpha() for c in text)
    if name:
        default = "after"
    elif text.replace(".", "").isalpha() and text != code:
        default = "before"  # "Rs", "DM", "KSh": letters that are no ISO code
    else:
        default = "both"
    position = options.get("position", default)
    return Form(
        text=text,
        code=code,
        group=group,
        before=position in ("before", "both"),
        after=position in ("after", "both"),
        attached=attached,
        name=name,
        factor=HUNDREDTH if kind == "minor" else Decimal(1),
        needs_large=options.get("needs") == "large",
    )


@cache
def _table() -> _Table:
    data = lexicon.table("currencies")
    unwritten = set(data.get("codes_not_written", ()))
    found: dict[str, Form] = {}
    for code, spec in data["currencies"].items():
        if code not in unwritten:
            found.setdefault(code, _form(code, code, None, "symbols", {}))
        for form in _entry_forms(spec, code, None):
            found.setdefault(form.text, form)
    groups = {name: _group(name, spec) for name, spec in data["ambiguous"].items()}
    for name, spec in data["ambiguous"].items():
        for form in _entry_forms(spec, None, name):
            if found.setdefault(form.text, form).group != name:
                raise ConfigError(f"claims/lexicon/currencies.json: {form.text!r} listed twice")
    publishers: dict[str, dict[str, str]] = {}
    for entry in data.get("publishers", ()):
        for publisher in entry["names"]:
            publishers[_publisher_key(publisher)] = dict(entry["defaults"])
    return _Table(found, groups, publishers)


def _publisher_key(name: str) -> str:
    key = " ".join(name.lower().split())
    return key.removeprefix("the ")


def forms() -> dict[str, Form]:
    """Every written form by its text."""
    return _table().forms


def _alternation(texts: Iterable[str]) -> str:
    """Literal alternatives as a character trie (``R(?:s|\\$)?``): the engine tests one
    character per branch instead of every form in turn, and the longest form wins."""
    tree: dict[str, Any] = {}
    for text in set(texts):
        node = tree
        for ch in text:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(tree) or "(?!)"


def _emit(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"


@cache
def prefix_source(letters: bool | None = None) -> str:
    """A regex source matching any form written before a number (``US$``, ``CHF``, ``Rs``);
    ``letters`` True or False keeps only the forms starting with a letter, or the others."""
    return _alternation(
        f.text
        for f in forms().values()
        if f.before and not f.name and (letters is None or f.text[0].isalpha() == letters)
    )


@cache
def first_characters() -> str:
    """The characters a form before a number can start with (for a fast trigger)."""
    return "".join(sorted({f.text[0] for f in forms().values() if f.before and not f.name}))


@cache
def suffix_source() -> str:
    """A regex source for the symbols and codes written after a number (``USD``, ``€``, ``p``):
    spaced ones may take one space; attached ones none."""
    spaced = [f.text for f in forms().values() if f.after and not f.name and not f.attached]
    attached = [f.text for f in forms().values() if f.after and not f.name and f.attached]
    return rf"[ \u00a0]?(?:{_alternation(spaced)})|(?:{_alternation(attached)})"


@cache
def name_source(minor: bool | None = None) -> str:
    """A regex source for currency names written after a number (``Swiss francs``, ``cents``);
    ``minor`` True or False keeps only minor or only major units."""
    names = [
        f.text for f in forms().values() if f.name and (minor is None or (f.factor != 1) == minor)
    ]
    return _alternation(names)


def _by_cue(group: Group, where: Where) -> str | None:
    """The currency of the cue word nearest to the amount in its sentence, if any."""
    if not group.cues:
        return None
    best: tuple[int, str] | None = None
    for m in _cue_pattern(group.name).finditer(where.text):
        if where.start <= m.start() < where.end:
            continue  # the form itself ("Rs" is no cue for "Rs")
        distance = min(abs(m.start() - where.end), abs(m.end() - where.start))
        if best is None or distance < best[0]:
            best = (distance, _cue_code(group, m))
    return best[1] if best else None


def _by_article(group: Group, where: Where) -> str | None:
    """The currency whose cues the article names most often (the earliest named on a tie)."""
    if not group.article_cues or not where.article:
        return None
    counts: dict[str, list[int]] = {}  # code -> [-count, first position]
    for m in _cue_pattern(group.name).finditer(where.article):
        tally = counts.setdefault(_cue_code(group, m), [0, m.start()])
        tally[0] -= 1
    return min(counts, key=lambda code: counts[code]) if counts else None


def _by_default(group: Group, where: Where) -> str | None:
    if where.publisher:
        code = _table().publishers.get(_publisher_key(where.publisher), {}).get(group.name)
        if code:
            return code
    if where.published is None:
        return group.undated
    for before, code in group.defaults:
        if before is None or where.published < before:
            return code
    return None


_NEXT_WORD_RE = re.compile(r"\s+([^\W\d_]+)")


def _other_unit(group: Group, where: Where) -> str | None:
    other = group.other_unit
    if other is None:
        return None
    nxt = _NEXT_WORD_RE.match(where.text, where.end)
    if nxt and nxt.group(1).lower() in other.next_words:
        return other.unit
    if other.cues is not None and other.cues.search(where.text):
        return other.unit
    return None


def resolve(form: Form, where: Where, large: bool) -> Money | None:
    """The currency ``form`` stands for at ``where`` (rules 4-6 of the table's ``_rules``), a
    non-money unit instead (``500 pounds of cocaine``: ``lb``), or None when it is not money
    there (``12 won a stage``, ``5 marks`` in 2015 with no German cue)."""
    if form.needs_large and not large:
        return None
    if form.code is not None:
        return Money(form.code, form.factor)
    group = _table().groups[str(form.group)]
    other = _other_unit(group, where)
    if other is not None:
        return Money(other, Decimal(1), money=False)
    code = _by_cue(group, where) or _by_article(group, where) or _by_default(group, where)
    return Money(code, form.factor) if code else None
