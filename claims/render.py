"""Claim texts: one short self-contained sentence per claim, each distinct within its document.

The quantity and date rules find a value in a sentence; the sentence itself is no claim text (a
59-word sentence read three times for three facts). ``render_texts`` gives each such claim the
clause that carries its value, from the surface of the sentence alone (no parse: parsing is the
extractor's cost): clauses end at semicolons and dashes, at a comma before ``and``/``but`` and
a verb, before ``and`` with a second verb of the same subject (``and displaced half ...``), at
subordinators (``while``, ``because``; ``since``/``after`` when a verb follows and they are no
date's preposition), at relative pronouns (``which``, ``who``, ``that`` before a verb), at a
participle after a comma (``, teaming up with``) and at an absolute clause after a clause with
its verb (``, with the Nasdaq also falling``: a value in it keeps the clause it goes with). A
clause without its own subject takes the subject of the clause before it; a relative clause
takes its antecedent (``the civil war that has killed nearly 500,000 people`` -> ``The civil
war has killed nearly 500,000 people.``); a leading ``he``/``she`` (``his``/``her``) becomes
the person it stands for when a given name or honorific of theirs agrees (the statements'
speaker resolution; without it, the person the article named just before with a title).
Relative dates are written out as in the sentence text; an opening word that only links to the
sentence before (``Separately,``, ``However,``: ``discourse_openers``) is left out where no
other claim has that text. When a clause holds several values, an earlier one ends at its own
span where its phrase ends (``... closed two factories | in 2021``; never ``the 2008 | and 2012
cycles``). A value inside a direct quotation that a statement of the sentence holds is said by
its speaker (``Ana Ruiz said: "Our sales rose 5%".``). The word lists are data
(``claims/lexicon/clauses.json``).

Texts the other families build (meetings, statements, facts from the parse) are kept, an
action, comparison or fact opening with a pronoun named as above. No two claims of one document
share a text: claims are served in a fixed order (kept texts first, then rendered ones, each in
claim order), and a claim whose text is taken takes the next rung of its ladder (the clause
without an opening phrase), then its clause with the span in brackets (``[date: on
Friday]``); no rung adds a neighbouring clause, which would state a second fact. The result
is deterministic and ``check_distinct`` always holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from claims import lexicon
from claims.docindex import doc_text, last_match_before
from claims.fact_texts import TEXT_TYPES, agreeing, own_value, tidy
from claims.model import ClaimType
from claims.phrases import DETERMINERS, Token, token_texts, tokenize
from claims.quotes import QUOTE_MARKS, open_quotes, opens_quote
from claims.rules.base import Draft, Sentence
from claims.text_refs import People, TextRefs
from claims.values.dates import DateMention, find_dates, format_date, rewrite_relative

__all__ = [
    "RENDERED_TYPES",
    "Quoted",
    "Resolver",
    "check_distinct",
    "clauses",
    "has_verb",
    "quoted_region",
    "render_texts",
]

#: The claim types whose rule gives the sentence as text: these get a clause of their own.
RENDERED_TYPES = frozenset({ClaimType.QUANTITY, ClaimType.DATE})


@dataclass(frozen=True, slots=True)
class _Words:
    coordinators: frozenset[str]
    subordinators: frozenset[str]
    ambiguous: frozenset[str]
    relatives: frozenset[str]
    not_participles: frozenset[str]
    verbs: frozenset[str]
    not_past: frozenset[str]
    adverbs: frozenset[str]
    auxiliaries: frozenset[str]
    pronouns: frozenset[str]
    stops: frozenset[str]
    person_title: re.Pattern[str]
    person_words: frozenset[str]  # honorifics and titles: a person is named
    cut_before: frozenset[str]
    relative_preps: frozenset[str]
    noun_before: frozenset[str]
    relative_quantifiers: frozenset[str]
    subject_pronouns: frozenset[str]
    coordinated_subjects: frozenset[str]
    possessives: dict[str, str]
    gender: dict[str, str]  # a word of a name -> "he" or "she" (people.json)
    says: frozenset[str]  # the forms of the reporting verbs (reporting_cues.json)
    neutral_says: frozenset[str]  # "said", "added": the speaker's words in the writer's
    contraction: re.Pattern[str]  # a pronoun and its verb in one token: "it's", "there’s"
    gerund_after: frozenset[str]  # prepositions: "with a view to buying" holds no absolute
    linking: re.Pattern[str]  # an opening "Separately, ", "However, ": links to the sentence before
    timing: re.Pattern[str]  # an opening "Earlier, ", "Then, ": times from the sentence before


@cache
def _words() -> _Words:
    t = lexicon.table("clauses")
    calendar, closed, actions = (lexicon.table(n) for n in ("calendar", "closed_class", "actions"))
    titles = lexicon.table("titles")
    people = lexicon.table("people")
    forms = [f for table in ("verbs", "change_verbs") for fs in actions[table].values() for f in fs]
    verbs = {*t["auxiliaries"], *t["verb_forms"], *calendar["past_cues"], *closed["common_verbs"]}
    heads = sorted(
        {w.capitalize() for w in [*titles["honorifics"], *titles["person_titles"]]}
        | set(titles["abbreviated_titles"]),
        key=lambda w: (-len(w), w),
    )
    name = r"[A-Z][\w’'-]*[a-z][\w’'-]*"
    person = re.compile(
        rf"\b(?:{'|'.join(map(re.escape, heads))})\.?\s+(?P<name>{name}(?:\s+{name}){{0,3}})"
    )
    joined = t["contractions"]
    contraction = re.compile(
        rf"(?:{'|'.join(map(re.escape, joined['subjects']))})['’]"
        rf"(?:{'|'.join(map(re.escape, joined['clitics']))})",
        re.IGNORECASE,
    )
    return _Words(
        contraction=contraction,
        gerund_after=frozenset(t["gerund_after"]),
        linking=_opener(t["discourse_openers"]),
        timing=_opener([*t["discourse_openers"], *t["time_openers"]]),
        coordinators=frozenset(t["coordinators"]),
        subordinators=frozenset(t["subordinators"]),
        ambiguous=frozenset(t["ambiguous_subordinators"]),
        relatives=frozenset(t["relative_pronouns"]),
        not_participles=frozenset(t["not_participles"]),
        verbs=frozenset(verbs | {f.lower() for f in forms}),
        not_past=frozenset(calendar["not_past_ed"]),
        adverbs=frozenset(t["adverbs"]),
        auxiliaries=frozenset(t["auxiliaries"]),
        pronouns=frozenset(t["pronoun_subjects"]),
        stops=frozenset(t["antecedent_stops"]) | DETERMINERS,
        person_title=person,
        person_words=frozenset(
            x.lower().rstrip(".")
            for k in ("honorifics", "person_titles", "abbreviated_titles")
            for x in titles[k]
        ),
        cut_before=frozenset(t["cut_before"]),
        relative_preps=frozenset(t["relative_prepositions"]),
        noun_before=frozenset(t["noun_before"]),
        relative_quantifiers=frozenset(t["relative_quantifiers"]),
        subject_pronouns=frozenset(closed["pronouns"]),
        coordinated_subjects=frozenset(t["coordinated_subjects"]),
        possessives=dict(t["possessive_pronouns"]),
        neutral_says=frozenset(t["neutral_says"]),
        says=frozenset(
            f.lower()
            for table in ("verbs_that", "verbs_bare")
            for forms in lexicon.table("reporting_cues")[table].values()
            for f in forms
        ),
        gender={
            **{x: "she" for x in (*people["female_given_names"], *people["female_words"])},
            **{x: "he" for x in (*people["male_given_names"], *people["male_words"])},
        },
    )


def _opener(words: Sequence[str]) -> re.Pattern[str]:
    """An opening word or phrase of ``words`` before its comma (``However, ``)."""
    alts = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in sorted(words, key=len)[::-1])
    return re.compile(rf"(?:{alts}),\s+(?=\S)", re.IGNORECASE)


def _without_opener(text: str, opener: re.Pattern[str]) -> str:
    """``text`` without an opening word that links it to the sentence before (``Separately,
    Citadel posted a loss`` -> ``Citadel posted a loss``): a claim text stands on its own;
    unchanged when what is left would be no clause of three words with a verb."""
    m = opener.match(text)
    if m is None:
        return text
    rest = text[m.end() :]
    if len(rest.split()) < 3 or not has_verb(rest):
        return text
    return rest[:1].upper() + rest[1:] if text[:1].isupper() else rest


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a sentence: ``body``..``end`` (sentence offsets) is its text without the
    word that links it (``and``, ``which``); ``subject`` is what it says it of when it has no
    subject of its own (None when it has one); ``own`` is the subject it has (or inherits)."""

    first: int  # index of its first token (the linking word, if any)
    body: int
    end: int
    kind: str  # "main", "vp" (shares a subject), "sub", "rel", "comp", "abs" (", with X doing")
    subject: str | None
    own: str | None
    says: bool = False  # ends with its verb ("the IMF had said", "saying"): its content follows


def _verbish(tok: Token, w: _Words) -> bool:
    return _verbish_word(tok.lower, tok.text, w)


def _verbish_word(low: str, text: str, w: _Words) -> bool:
    if low in w.verbs or w.contraction.fullmatch(low):
        return True
    return len(low) > 4 and low.endswith("ed") and text.islower() and low not in w.not_past


def has_verb(text: str) -> bool:
    """Does ``text`` hold a verb form in lower case (``Visa decision 'every 11 minutes'``:
    none, a headline fragment whose figure has no clause to be told in)? (A word in lower case
    is its own lower-case form: the token texts suffice.)"""
    w = _words()
    return any(t.islower() and _verbish_word(t, t, w) for t in token_texts(text))


def _starts_vp(tokens: Sequence[Token], i: int, w: _Words) -> bool:
    """Does a verb group start at token ``i`` (after adverbs: ``also made``)?"""
    while i < len(tokens) and tokens[i].lower in w.adverbs:
        i += 1
    if i + 1 < len(tokens) and _plural_noun(tokens[i], tokens[i + 1], w):
        return False  # "and links of three articles": a noun, no second verb
    if i < len(tokens) and w.contraction.fullmatch(tokens[i].lower):
        return False  # "and it's": a subject of its own
    return i < len(tokens) and tokens[i].text.islower() and _verbish(tokens[i], w)


def _plural_noun(tok: Token, nxt: Token, w: _Words) -> bool:
    """A verb form in -s before ``of`` (``links of``, ``accounts of``): a plural noun."""
    low = tok.lower
    return low.endswith("s") and low not in w.auxiliaries and nxt.lower in w.noun_before


def _verb_within(tokens: Sequence[Token], i: int, w: _Words, span: int = 7) -> bool:
    """A verb in the next ``span`` tokens from ``i``, before a comma or a relative pronoun."""
    for j in range(i, min(len(tokens), i + span)):
        tok = tokens[j]
        if tok.text in (",", ";") or (j > i and tok.lower in w.relatives):
            return False
        if _verbish(tok, w) and tok.text.islower():
            return True
    return False


_LEADS = frozenset({"and", "but", "even"})
#: How near its verb must be for ``since``/``after``/``as`` to open a clause (``since Syria's
#: uprising began``; not ``profits after tax for the year to March would be``).
_AMBIGUOUS_REACH = 4


def _boundaries(
    tokens: Sequence[Token], protected: Sequence[tuple[int, int]], w: _Words
) -> tuple[list[tuple[int, str, int]], int]:
    """``(first token, kind, linking tokens dropped)`` of every clause after the first, and
    how many tokens the first clause drops (``While``, ``But even as``: a subordinate clause
    opening the sentence, up to the comma before the main clause)."""

    def inside(tok: Token) -> bool:
        return any(s <= tok.start < e for s, e in protected)

    found: list[tuple[int, str, int]] = []
    opening = 0
    in_relative = False  # after ", which": a comma and a verb resume the main clause
    in_that = False  # after "that" opening a relative clause: a comma and a clause resume
    lead = 0
    while lead < len(tokens) and tokens[lead].lower in _LEADS:
        lead += 1
    opens_sub = lead < len(tokens) and (
        tokens[lead].lower in w.subordinators
        or (tokens[lead].lower in w.ambiguous and not inside(tokens[lead]))
    )
    n = len(tokens)
    depth = 0  # inside brackets: "($8.6bn; £4.5bn)" is no boundary
    paired = _paired_dashes(tokens, w)
    for i, tok in enumerate(tokens):
        low = tok.lower
        nxt = tokens[i + 1] if i + 1 < n else None
        if tok.text in ("(", "["):
            depth += 1
        elif tok.text in (")", "]"):
            depth = max(0, depth - 1)
        if depth:
            continue
        if i in paired:
            continue  # "a quarter of the committee – 28 members – can ask": an insertion
        if tok.text in (";", "—", "–", "--") and nxt is not None:
            found.append((i + 1, "main", 0))
        elif tok.text == "-" and nxt is not None and i > 0 and _spaced_dash(tokens, i):
            found.append((i + 1, "main", 0))  # a spaced hyphen as a dash: "closer - 57 percent"
        elif tok.text == "," and nxt is not None:
            if (in_that or in_relative) and _clause_after(tokens, i + 1, w):
                found.append((i + 1, "main", 0))  # "In rallies that have gone on, the mood is"
                in_that = in_relative = False
            elif in_relative and _starts_vp(tokens, i + 1, w):
                found.append((i + 1, "vp", 0))  # "The flood, which destroyed 300 homes, hit"
                in_relative = False
            elif opens_sub and _verb_within(tokens, i + 1, w):
                found.append((i + 1, "main", 0))
                opens_sub, opening = False, lead + 1
            elif nxt.lower in w.coordinators:
                that = i + 2 < n and tokens[i + 2].lower == "that"  # ", and that it hopes"
                if _starts_vp(tokens, i + 2, w):
                    found.append((i + 1, "vp", 1))
                elif _verb_within(tokens, i + 2, w):
                    found.append((i + 1, "comp" if that else "main", 2 if that else 1))
            elif nxt.lower in w.subordinators or (nxt.lower in w.ambiguous and not inside(nxt)):
                span = 7 if nxt.lower in w.subordinators else _AMBIGUOUS_REACH
                if _verb_within(tokens, i + 2, w, span):
                    found.append((i + 1, "sub", 1))
            elif nxt.lower in ("which", "who"):
                found.append((i + 1, "rel", 1))
                in_relative = True
            elif (
                nxt.lower == "with"
                and _absolute_at(tokens, i + 2, w)
                and _has_verb_since(tokens, found, i, w)
            ):
                found.append((i + 1, "abs", 0))  # ", with the Nasdaq also falling": a 2nd fact
            elif (
                nxt.text.islower()
                and nxt.lower.endswith("ing")
                and nxt.lower not in w.not_participles
            ):
                found.append((i + 1, "vp", 0))
        elif i == 0 or tokens[i - 1].text == "," or inside(tok):
            continue
        elif low in w.coordinators and nxt is not None and nxt.text == ",":
            if any(_verbish(t, w) and t.text.islower() for t in tokens[i + 2 :]):
                found.append((i, "main", 2))  # "... games and, just like ..., the game could"
        elif low in w.coordinators and nxt is not None and nxt.lower == "that":
            if _verb_within(tokens, i + 2, w) and not _starts_vp(tokens, i + 2, w):
                found.append((i, "comp", 2))  # "said A and that B": B is a clause of its own
        elif (
            low in w.coordinators
            and nxt is not None
            and nxt.lower in w.coordinated_subjects
            and _starts_vp(tokens, i + 2, w)
        ):
            found.append((i, "main", 1))  # "... on Sunday and it goes on sale in June"
        elif low in w.coordinators and _new_subject(tokens, i, found, w):
            found.append((i, "main", 1))  # "... the Arsenal side but Chelsea appeared ..."
        elif low in w.coordinators and _starts_vp(tokens, i + 1, w):
            if not (i > 1 and _verbish(tokens[i - 1], w) and tokens[i - 2].lower in w.auxiliaries):
                found.append((i, "vp", 1))  # not "was shot and stabbed": one verb group
        elif (low in w.subordinators or low in w.ambiguous) and i > lead:
            span = 7 if low in w.subordinators else _AMBIGUOUS_REACH
            if _verb_within(tokens, i + 1, w, span) and not (nxt and nxt.text[:1].isdigit()):
                found.append((i, "sub", 1))
        elif low in ("which", "whom") and tokens[i - 1].lower in w.relative_preps and i > 1:
            # "..., in which the prince's purchases were documented": the clause starts at the
            # preposition and has a subject of its own; "neither of whom shifted" at its
            # quantifier
            q = i - 2 if tokens[i - 2].lower in w.relative_quantifiers else i - 1
            found.append((q, "sub", i + 1 - q))
            in_relative = tokens[q - 1].text == ","  # "The film, in which ..., took": resumes
        elif low in ("which", "who"):
            found.append((i, "rel", 1))
            in_relative = True
        elif low == "that" and nxt is not None:
            if _starts_vp(tokens, i + 1, w) and tokens[i - 1].lower not in _lead_in_words():
                found.append((i, "rel", 1))
                in_that = True  # not "below that seen in September": a pronoun
            elif _verbish(tokens[i - 1], w) or tokens[i - 1].lower.endswith("ing"):
                found.append((i, "comp", 1))
    return [m for m in sorted(set(found)) if not _in_list(tokens, m, found)], opening


def _new_subject(
    tokens: Sequence[Token], i: int, found: Sequence[tuple[int, str, int]], w: _Words
) -> bool:
    """Does the coordinator at ``i`` (no comma before it) open a clause with a subject of its
    own: a noun phrase of up to five words (``Chelsea``, ``the new plans``, ``20,000
    workers``) and then a verb, after a clause that has its verb and reports nobody's words
    (``said voters and lawmakers are angry`` is one clause)?"""
    start = max((m[0] for m in found if m[0] < i), default=0)
    before = tokens[start:i]
    if not any(_verbish(t, w) and t.text.islower() for t in before):
        return False
    if any(t.lower in w.says or t.lower == "that" for t in before):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or not (
        nxt.lower in DETERMINERS or nxt.text[:1].isupper() or nxt.text[:1].isdigit()
    ):
        return False
    return _verb_after_head(tokens, i + 1, w)


def _has_verb_since(
    tokens: Sequence[Token], found: Sequence[tuple[int, str, int]], i: int, w: _Words
) -> bool:
    """Does the clause before token ``i`` (from the last boundary found) hold its verb (``The
    Dow fell 1%, with ...``; not ``In the 2008 primary, with ...``, ``A town of 21,000, with
    ...``: the absolute clause leads into the main clause or comments on a phrase)?"""
    start = max((m[0] for m in found), default=0)
    return any(_verbish(t, w) and t.text.islower() for t in tokens[start:i])


#: How many words the noun phrase of an absolute clause may have before its participle.
_ABSOLUTE_REACH = 6


def _absolute_at(tokens: Sequence[Token], k: int, w: _Words) -> bool:
    """Does an absolute clause open at token ``k`` (after ``, with``): a noun phrase of up to
    ``_ABSOLUTE_REACH`` words and then its participle in -ing (``with the Nasdaq also falling``,
    ``with 158 others missing``, ``with Healthdyne owning about 65%``), not a gerund after a
    preposition (``with a view to buying``) nor a participle right after ``with``?"""
    lead_in = _lead_in_words()
    for j in range(k, min(len(tokens), k + _ABSOLUTE_REACH + 1)):
        tok = tokens[j]
        if not tok.text[:1].isalnum() or tok.lower in w.coordinators:
            return False
        if j > k and tok.text.islower() and tok.lower.endswith("ing") and len(tok.lower) > 4:
            if tok.lower in w.not_participles:
                return False
            if tokens[j - 1].lower in w.gerund_after:
                return False  # "with a view to buying": a gerund, the phrase goes on
            if tokens[j - 1].lower in lead_in and tokens[j - 1].lower not in w.adverbs:
                continue  # "with any remaining holders receiving": an adjective
            return True
        if _verbish(tok, w) and tok.text.islower():
            return False  # "with the firm that owns": a clause of its own, no absolute
    return False


def _spaced_dash(tokens: Sequence[Token], i: int) -> bool:
    """Is the hyphen at ``i`` (not first or last) a dash: spaced on both sides (not
    ``U.N.-run``) and no range between two figures (``9 - 5``, ``$5 - $10``)?"""
    prev, tok, nxt = tokens[i - 1], tokens[i], tokens[i + 1]
    if prev.end >= tok.start or tok.end >= nxt.start:
        return False
    return not (prev.text[-1:].isdigit() and nxt.text.lstrip("$£€")[:1].isdigit())


def _paired_dashes(tokens: Sequence[Token], w: _Words) -> set[int]:
    """The dashes that enclose an insertion with no verb of its own (``- 28 members -``): a
    dash and the next one within eight tokens, no verb between them."""
    dashes = [i for i, t in enumerate(tokens) if t.text in ("—", "–", "--", "-")]
    paired: set[int] = set()
    for a, b in itertools.pairwise(dashes):
        inner = tokens[a + 1 : b]
        if a in paired or not inner or b - a > 9:
            continue
        if not any(_verbish(t, w) and t.text.islower() for t in inner):
            paired.update((a, b))
    return paired


def _in_list(
    tokens: Sequence[Token], mark: tuple[int, str, int], found: Sequence[tuple[int, str, int]]
) -> bool:
    """A relative clause without a comma inside a list (``discussed the issue of X, the
    concrete steps that can be taken to Y, the fight against Z``): the list goes on after it,
    so it is no clause boundary."""
    first, kind, _ = mark
    if kind != "rel" or (first and tokens[first - 1].text == ","):
        return False
    end = min((m[0] for m in found if m[0] > first), default=len(tokens))
    w = _words()
    for j in range(first, end - 1):
        if tokens[j].text != ",":
            continue
        k = j + 2 if tokens[j + 1].lower in w.coordinators and j + 2 < len(tokens) else j + 1
        if tokens[k].lower in DETERMINERS and not _clause_after(tokens, k, w):
            return True
    return False


def _clause_after(tokens: Sequence[Token], k: int, w: _Words) -> bool:
    """Does a clause open at token ``k``: a determiner or a name, up to four more words of its
    noun phrase, then a verb (``the mood is``), not a list's next item (``the fight against
    terror``)?"""
    if k >= len(tokens):
        return False
    head = tokens[k]
    if not (head.lower in DETERMINERS or head.text[:1].isupper()):
        return False
    return _verb_after_head(tokens, k, w)


#: How many words after the head of a noun phrase its clause's verb may come (``the new
#: plans | are``, ``20,000 workers | walked``).
_PHRASE_REACH = 5


def _verb_after_head(tokens: Sequence[Token], head: int, w: _Words) -> bool:
    """Does a finite verb follow the head word at ``head`` of a noun phrase (a determiner, a
    name, a figure) within ``_PHRASE_REACH`` words, before any punctuation or coordinator: a
    lower-case verb form that is no adjective (``the Russian state-owned company``, ``its
    revised proposal``) and does not follow an auxiliary? (``_new_subject`` and
    ``_clause_after`` share this look-ahead.)"""
    for j in range(head + 1, min(len(tokens), head + 1 + _PHRASE_REACH)):
        tok = tokens[j]
        if not tok.text[:1].isalnum() or tok.lower in w.coordinators:
            return False
        if _verbish(tok, w) and tok.text.islower():
            if "-" in tok.text:
                return False  # "the Russian state-owned company": an adjective
            return not _adjectival(tokens, j) and tokens[j - 1].lower not in w.auxiliaries
    return False


def _own_subject(
    tokens: Sequence[Token],
    first: int,
    last: int,
    text: str,
    w: _Words,
    protected: Sequence[tuple[int, int]] = (),
) -> str:
    """The words before the clause's first verb (after an opening phrase ending in a comma,
    or an opening date phrase without one: ``In 1998 the union said``)."""
    start = first
    for j in range(first, last):
        tok = tokens[j]
        if j == start and tok.lower in w.cut_before and j + 1 < last:
            date = next((e for s, e in protected if s <= tokens[j + 1].start < e), None)
            if date is not None:
                while start < last and tokens[start].start < date:
                    start += 1
                continue
        if j < start:
            continue
        if tok.text == ",":
            start = j + 1
        elif tok.lower == "that" and j > start and _reports(tokens[j - 1], w):
            start = j + 1  # "The firm estimates that the market will": what it estimates
        elif _verbish(tok, w) and tok.text.islower() and not _adjectival(tokens, j):
            if j == start or j - start > 12:
                return ""
            return text[tokens[start].start : tokens[j - 1].end]
    return ""


def _said_subject(
    tokens: Sequence[Token],
    before: tuple[int, str, int],
    end: int,
    text: str,
    w: _Words,
    protected: Sequence[tuple[int, int]] = (),
) -> tuple[str, str] | None:
    """The subject a verb group after the clause ``before`` (up to token ``end``) shares when
    that clause reports what its speaker said in a complement with a subject of its own
    (``Ms Berg said the firm closed two plants | and cut 300 jobs``): the speaker, the verb and
    the complement's subject (``Ms Berg said the firm``: what was said, by whom) and the
    complement's subject; None when the clause reports nothing so, when that subject is a
    pronoun (most often the speaker) or the verb group opens with ``but`` (a contrast with
    what was said: the speaker's own act)."""
    if tokens[end].lower == "but":
        return None  # "said it would not go back but did so": the speaker's own act, in contrast
    first, _, drop = before
    start = first + drop
    speaker = _own_subject(tokens, start, end, text, w, protected)
    if not speaker or _QUOTE_MARKS.search(text, tokens[start].start, tokens[end].start):
        return None  # a quotation: whose words go on is not plain
    for j in range(start, end - 1):
        tok = tokens[j]
        if tok.text in (",", ";", ":"):
            return None  # "said, ...": no plain complement
        if not (tok.text.islower() and tok.lower in _words().neutral_says):
            continue
        if not text[tokens[start].start : tok.start].rstrip().endswith(speaker):
            return None  # the verb is not the speaker's: "the report that officials said"
        at = j + 1 + (tokens[j + 1].lower == "that")
        own = _own_subject(tokens, at, end, text, w, protected)
        if not own or own.split()[0].lower() in _lead_in_words() - DETERMINERS:
            return None  # "wrote in both listings he was": the complement's subject is unclear
        if own.lower() in w.subject_pronouns:
            return None  # "The company said it closed ... and cut": most often the speaker
        return f"{speaker} {tok.text} {own}", own
    return None


def _reports(tok: Token, w: _Words) -> bool:
    """A lower-case verb form before ``that`` (``estimates that``, ``said that``)."""
    return tok.text.islower() and (_verbish(tok, w) or tok.lower.endswith("s"))


def _adjectival(tokens: Sequence[Token], j: int) -> bool:
    """A form in -ed right after a determiner modifies a noun (``its revised proposal``)."""
    return j > 0 and tokens[j].lower.endswith("ed") and tokens[j - 1].lower in DETERMINERS


def _antecedent(tokens: Sequence[Token], before: int, text: str, w: _Words) -> str:
    """The noun phrase ending at token ``before`` (``the civil war`` of ``... that has``)."""
    j = before
    if j >= 0 and tokens[j].text in (",", "-", "–", "—", "--"):
        j -= 1
    last = j
    first = -1
    while j >= 0 and last - j < 6:
        tok = tokens[j]
        if not (tok.text[:1].isalnum()) or _verbish(tok, w):
            break
        if _inner_and(tokens, j, first, last, w):
            j -= 1  # "the Syrian and Iraqi refugee crisis", "rallies and protests": one phrase
            continue
        if tok.lower in w.stops and tok.lower not in DETERMINERS:
            break
        first = j
        if tok.lower in DETERMINERS:
            break
        j -= 1
    if first < 0:
        return ""
    return text[tokens[first].start : tokens[last].end]


def _inner_and(tokens: Sequence[Token], j: int, first: int, last: int, w: _Words) -> bool:
    """Is the ``and``/``or`` at ``j`` (before an antecedent's words from ``first``) inside its
    noun phrase: between two words of one phrase (``Syrian and Iraqi``), not before a second
    phrase's determiner nor after a verb or a preposition?"""
    if tokens[j].lower not in ("and", "or") or first != j + 1 or j == 0:
        return False
    before = tokens[j - 1]
    if tokens[first].text[:1].isupper() and first == last:
        return False  # "Harel Levy and Bogdanovic, who": the name before "who" is its own
    return (
        tokens[first].lower not in DETERMINERS
        and before.text[:1].isalnum()
        and not _verbish(before, w)
        and before.lower not in w.stops
    )


def clauses(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[Clause]:
    """The clauses of a sentence, in order (``protected`` spans, such as date expressions, are
    never cut: ``later that year``)."""
    w = _words()
    tokens = tokenize(text)
    if not tokens:
        return []
    marks, opening = _boundaries(tokens, protected, w)
    starts = [(0, "sub" if opening else "main", opening), *[m for m in marks if m[0] > 0]]
    out: list[Clause] = []
    head: str | None = None  # the antecedent of "in which"/"of whom": a verb after it resumes
    for k, (first, kind, drop) in enumerate(starts):
        last = starts[k + 1][0] if k + 1 < len(starts) else len(tokens)
        body_tok = min(first + drop, last - 1)
        end_tok = last - 1
        while end_tok > body_tok and tokens[end_tok].text in (",", ";", "—", "–", "--", ":"):
            end_tok -= 1
        previous = out[-1].own if out else None
        subject: str | None = None
        if kind == "rel":
            subject = _antecedent(tokens, first - 1, text, w) or None
            own = subject
        elif kind == "vp" or _starts_vp(tokens, body_tok, w):
            subject = own = head or previous
            said = None  # ", noting ...": a participle goes on from the speaker's verb
            if k and head is None and not tokens[body_tok].lower.endswith("ing"):
                said = _said_subject(tokens, starts[k - 1], first, text, w, protected)
            if said is not None:
                subject, own = said  # "Ms Berg said the firm closed two plants and cut 300 jobs"
        else:
            own = _own_subject(tokens, body_tok, last, text, w, protected) or previous
        relative = kind == "sub" and drop > 1 and tokens[body_tok - 1].lower in ("which", "whom")
        head = _antecedent(tokens, first - 1, text, w) or None if relative else None
        tail = tokens[end_tok]
        says = tail.text.islower() and (_verbish(tail, w) or tail.lower.endswith("ing"))
        out.append(Clause(first, tokens[body_tok].start, tail.end, kind, subject, own, says))
    return out


_TERMINAL_RE = re.compile(r"[.!?][\"”’']*$")
_TRAILING_RE = re.compile(r"[\s,;:—–-]+$")
_LEAD_RE = re.compile(r"(?:(?:[Aa]nd|[Bb]ut)\s+|[-–—•*]\s*)(?=\S)")


def _balanced(text: str) -> str:
    """Drop quotation marks a cut left unpaired (``claims.quotes``: a straight mark may pair
    with a curly one)."""
    if open_quotes(text):
        text = text.translate({ord(m): None for m in QUOTE_MARKS})
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    return text


def _finish(text: str) -> str:
    """A claim sentence: one line, no leading ``And``/``But``, not wrapped in brackets,
    capitalised, with a full stop."""
    text = " ".join(text.split())
    text = _TRAILING_RE.sub("", text)
    lead = _LEAD_RE.match(text)
    if lead and len(text) > lead.end():
        text = text[lead.end() :]
    text = _balanced(text).strip()
    text = _unbracketed(text)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if not _TERMINAL_RE.search(text):
        text += "."
    return text


def _unbracketed(text: str) -> str:
    """``text`` without brackets that hold all of it (``(Mr. Gore did not run in 1992.)``)."""
    if not (text.startswith("(") and text.rstrip(".").endswith(")")):
        return text
    inner = text.rstrip(".")[1:-1]
    if "(" in inner or ")" in inner:
        return text
    return inner.strip()


@dataclass(frozen=True, slots=True)
class _Read:
    """One sentence, read once: its clauses and resolved date mentions."""

    clauses: list[Clause]
    mentions: list[DateMention]


def _person_before(doc: str, offset: int) -> str | None:
    """The person named with a title in the ~600 characters before ``offset``."""
    m = last_match_before(_words().person_title, doc, offset)
    if m is None or m.end() < offset - 600:
        return None
    name = m.group("name")
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    return name


#: A he/she inside a claim text (``his``/``her`` mostly stand for its own subject there).
_INNER_PRONOUN_RE = re.compile(r"(?<![\w'’-])(?:he|she)(?![\w'’-])")

#: Resolves a pronoun at a document offset to the person it stands for (or returns it as is).
Resolver = Callable[[str, int], str]


def _gender(name: str, w: _Words) -> str | None:
    """``he``/``she`` when a word of ``name`` tells (a given name, an honorific), else None."""
    found = {w.gender.get(x.rstrip(".").lower()) for x in name.split()} - {None}
    return found.pop() if len(found) == 1 else None


class _Renderer:
    def __init__(self, doc: str, reference: dt.date | None, resolve: Resolver | None) -> None:
        self.doc = doc_text(doc)  # the indexes ``_person_before`` asks, made once per document
        self.reference = reference
        self.resolve = resolve
        self.read: dict[tuple[int, int], _Read] = {}
        self._people: People | None = None

    @property
    def people(self) -> People:
        """The document's persons and mentions (``claims.text_refs.People``), built when a
        pronoun is first named."""
        if self._people is None:
            self._people = People.of(self.doc)
        return self._people

    def named(self, text: str, offset: int) -> str:
        """``text`` with an opening ``he``/``she`` (``his``/``her``) replaced by the person it
        stands for at document ``offset`` (``Her campaign`` -> ``Hillary Clinton's campaign``),
        unchanged when nobody is found."""
        w = _words()
        head = text.split(maxsplit=1)
        if not head:
            return text
        word = head[0].lower()
        subject = w.possessives.get(word, word)
        if subject not in w.pronouns:
            return text
        person = self.person(subject, offset)
        if person is None:
            return text
        if word in w.possessives:
            person += "’s" if "’" in text else "'s"
        return person + text[len(head[0]) :]

    def named_inside(self, text: str, draft: Draft, s: Sentence) -> str:
        """``text`` with the first ``he``/``she`` after its first word (outside a quotation)
        replaced by the person it stands for (``Sarah Palin was to attend, but the party
        announced she was not coming`` -> ``The party announced Sarah Palin was not
        coming``): only a person the sentence names before the pronoun, whom the text does
        not name already, and never after a word of the text that could be the pronoun's
        person (a given name of its gender, a title or role: ``Paul Ryan said he``); the
        pronoun is looked up in the claim's raw span."""
        w = _words()
        m = _INNER_PRONOUN_RE.search(text, 1)
        if m is None or len(_QUOTE_MARKS.findall(text, 0, m.start())) % 2:
            return text
        word = m.group().lower()
        for before in re.findall(r"[\w’'.-]+", text[: m.start()]):
            low = before.lower().rstrip(".")
            if w.gender.get(low) == word or low in w.person_words:
                return text  # "Paul Ryan said he", "the secretary said she": its own subject
        raw = re.search(rf"\b{word}\b", self.doc[draft.start : draft.end], re.IGNORECASE)
        if raw is None:
            return text
        at = draft.start + raw.start()
        person = self.person(w.possessives.get(word, word), at)
        if person is None:
            return text
        titled = w.person_title.search(person)
        person = titled.group("name") if titled else person
        last = person.split()[-1]
        if last in text or last not in self.doc[min(s.start, draft.start) : at]:
            return text
        if word in w.possessives:
            person += "’s" if "’" in text else "'s"
        return text[: m.start()] + person + text[m.end() :]

    def person(self, subject: str, offset: int) -> str | None:
        """The person ``he``/``she`` stands for at document ``offset``, or None."""
        w = _words()
        if self.resolve is not None:
            person: str | None = self.resolve(subject, offset)
            told = _gender(person, w) if person else None
            if told is None and person:  # no word tells: a name only when a title backs it
                titled = _person_before(self.doc, offset)
                if not titled or titled.split()[-1] != person.split()[-1]:
                    return None
            elif told != subject:
                return None  # a given name or honorific tells another gender: no name
        else:
            person = _person_before(self.doc, offset)
        if not person or person.lower() in w.subject_pronouns or not person[:1].isupper():
            return None
        if "'" in person or "’" in person:
            return None  # "President Bush's": no name
        return self.people.vouch(subject, offset, self.doc, person)

    def sentence(self, s: Sentence) -> _Read:
        key = (s.start, s.end)
        if key not in self.read:
            mentions = find_dates(s.text, self.reference)
            spans = [(m.start, m.end) for m in mentions]
            self.read[key] = _Read(clauses(s.text, spans), mentions)
        return self.read[key]

    def text(
        self,
        s: Sentence,
        read: _Read,
        a: int,
        b: int,
        cut: int | None = None,
        quote: Quoted | None = None,
    ) -> str:
        """Clauses ``a``..``b`` as a claim (up to sentence offset ``cut`` when given); with a
        ``quote``, only their words inside it, said by its speaker."""
        first, last = read.clauses[a], read.clauses[b]
        start, end = first.body, last.end if cut is None else cut
        subject = first.subject
        if quote is not None:
            if start < quote.start:
                start, subject = quote.start, None
            end = min(end, quote.end)
            if end <= start:
                return ""
        mentions = [
            dataclasses.replace(m, start=m.start - start, end=m.end - start)
            for m in read.mentions
            if start <= m.start and m.end <= end
        ]
        if cut is not None and s.text.count("(", start, end) > s.text.count(")", start, end):
            close = s.text.find(")", end)  # a cut inside brackets ends after them
            end = close + 1 if close >= 0 else end
        raw = s.text[start:end]
        body = rewrite_relative(raw, mentions) if mentions else raw
        if subject:
            body = f"{subject} {_finite(body)}"
        if quote is None:
            return _finish(self.named(body, s.start + start))
        inner = _finish(_QUOTE_MARKS.sub("", body)).removesuffix(".")
        return f'{quote.speaker} {quote.verb}: "{inner}".' if inner else ""

    def ladder(
        self,
        draft: Draft,
        s: Sentence,
        later: Sequence[tuple[int, int]],
        speakers: Sequence[tuple[int, int, str, str]] = (),
    ) -> list[str]:
        """The texts a claim may take, best first (``later``: the spans of the sentence's
        other values, as sentence offsets; ``speakers``: the statements of the sentence, as
        sentence offsets, speaker and cue: a value inside a quotation is said by the speaker of
        the statement that holds it)."""
        read = self.sentence(s)
        cs = read.clauses
        lo, hi = draft.start - s.start, draft.end - s.start
        if not cs or lo < 0 or hi > len(s.text):
            return [draft.text]
        a = max((k for k, c in enumerate(cs) if c.body <= lo), default=0)
        b = max((k for k, c in enumerate(cs) if c.body < hi), default=a)
        b = max(a, b)
        if a > 0 and cs[a].kind == "abs":
            a -= 1  # ", with 22 percent saying ...": no clause without the one it goes with
        while b + 1 < len(cs) and cs[b].says and cs[b + 1].kind == "comp":
            b += 1  # "In September, the IMF had said": what it said is the clause's content
        if draft.type == ClaimType.QUANTITY:
            a, b = self._with_verb(s, cs, a, b, s.text[lo:hi])
        quote = _speaker_of(quoted_region(s.text, lo, hi), lo, hi, speakers)
        said = ""  # the quotation an inverted attribution after it tells (date claims)
        if quote is None and quoted_region(s.text, lo, hi) is None:
            shifted = self._after_quotation(s, read, a, lo)
            if shifted is not read and draft.type == ClaimType.DATE:
                said = _quoted_words(s.text, cs[a].body, shifted.clauses[a].body)
            read = shifted
            cs = read.clauses
        after = [(st, e) for st, e in later if hi < e <= cs[b].end]
        that = _complement_that(s.text, cs[a].body, lo)  # "suggests that by mid-2005, it is"
        cut = (
            bool(after)
            and self._verb_before(s, cs[a].body if that < 0 else that, hi)
            and self._cuttable(s, lo, hi)
        )
        rungs: list[str] = []
        if cut:
            nxt = hi if any(st < hi for st, _ in after) else min(st for st, _ in after)
            at = _before_next(s.text, hi, nxt)
            rungs.append(self.text(s, read, a, b, cut=at, quote=quote))
        rungs.append(self.text(s, read, a, b, quote=quote))
        # no rung adds a neighbouring clause: it would state a second fact; a clause another
        # claim took is named by its value instead (``render_texts``)
        if quote is not None:  # the quoted words, said by their speaker, or nothing
            return [r for r in [*rungs, self.text(s, read, a, b, quote=quote)] if r]
        rungs.append(self._without_opening(s, read, a, b, lo))
        rungs.append(self.text(s, read, a, b))  # the clause, named by its value if taken
        if draft.type == ClaimType.DATE:
            rungs = [self._dated_verb(s, read, a, b, r) for r in rungs if r]
            if said:  # the quoted words it attributes; told from its date when another took it
                told = [
                    (q, _fronted(q, draft, self.doc))
                    for r in rungs
                    if (q := _with_quotation(r, said))
                ]
                rungs = [*(t for pair in told for t in pair if t), *rungs]
        if draft.type == ClaimType.QUANTITY:
            if a > 0:
                rungs = [_subject_named(r, cs[a - 1].own) for r in rungs]
            rungs = self._told([r for r in rungs if r])
        return [r for r in rungs if r]

    def _after_quotation(self, s: Sentence, read: _Read, a: int, lo: int) -> _Read:
        """``read`` with clause ``a`` opening after a quotation that closes before the value
        at ``lo`` (``"We want more homes," the mayor said at a rally, two hours after ...``):
        a value outside the quoted words is no part of them, and the text without its marks
        would state them as the writer's."""
        cs = read.clauses
        first = cs[a]
        at = first.body
        while at < lo and _QUOTE_MARKS.match(s.text, at):
            at += 1
        region = quoted_region(s.text, at, at + 1)
        if region is None or region.end >= lo:
            return read
        rest = s.text[region.end + 1 : lo]
        if _QUOTE_MARKS.search(rest):
            return read  # another quotation opens before the value: its speaker's words
        body = region.end + 1 + len(rest) - len(rest.lstrip(" ,"))
        if body >= lo or not s.text[body : body + 1].isalnum():
            return read
        if s.text[body:].split(maxsplit=1)[0].lower() in _words().says:
            return read  # '"...," said Ana Ruiz': an inverted attribution has no subject first
        shifted = dataclasses.replace(first, body=body, subject=None)
        return _Read([*cs[:a], shifted, *cs[a + 1 :]], read.mentions)

    def _dated_verb(self, s: Sentence, read: _Read, a: int, b: int, rung: str) -> str:
        """A date's rung with the verb of what it dates: a clause with no verb (``Late last
        year.``, ``plane in 1995.``) takes the clause whose verb it belongs to, the one before
        it when it is that verb's object or participle (``had bought | that plane in 1995``),
        else the next clause with a verb, past a relative clause (``In October, Mr. Paulson,
        | who made billions, | told investors ...``); the rung itself when none has one."""
        cs = read.clauses
        if has_verb(rung) or _agrees(s.text[cs[a].body : cs[b].end]):
            return rung  # "Cruz preps for reelection in 2018": a verb known by agreement
        if a > 0 and cs[a].kind in ("comp", "vp", "abs") and cs[a - 1].kind != "rel":
            before = self.text(s, read, a - 1, b)
            return before if has_verb(before) else rung
        k = b + 1
        skipped = False
        while k < len(cs) and cs[k].kind == "rel":
            k, skipped = k + 1, True
        if k >= len(cs) or k > b + 2 or cs[k].kind == "sub":
            return rung
        last = k
        while last + 1 < len(cs) and cs[last].says and cs[last + 1].kind == "comp":
            last += 1  # "warned | that ...": what it warned is the verb's content
        if not skipped:
            joined = self.text(s, read, a, last)
            return joined if has_verb(joined) else rung
        head = self.text(s, read, a, b).removesuffix(".")
        plain = _Read([*cs[:k], dataclasses.replace(cs[k], subject=None), *cs[k + 1 :]],
                      read.mentions)  # fmt: skip
        tail = self.text(s, plain, k, last)
        if s.text[cs[k].body : cs[k].body + 1].islower():
            tail = tail[:1].lower() + tail[1:]
        return f"{head} {tail}" if has_verb(tail) else rung

    @staticmethod
    def _told(rungs: list[str]) -> list[str]:
        """The rungs of a figure that hold a verb, the last kept whatever it holds (``From
        157,000 to 133,000.``, a clause without its opening phrase, states nothing)."""
        return [r for r in rungs[:-1] if has_verb(r) or agreeing(r)] + rungs[-1:]

    def _with_verb(
        self, s: Sentence, cs: Sequence[Clause], a: int, b: int, value: str
    ) -> tuple[int, int]:
        """Clauses ``a``..``b`` of a figure, or the clauses that tell it when they hold no verb
        (a fragment states nothing): the later clause whose subject the figure is in (``The
        18-year-old Indian, who ..., won 6-4 6-2``), or the clause before a dash that the
        fragment comments on, after a dash or comma (``... lower prices - the highest level in
        12 years``); a participle clause (``, winning all six``) with the clause it goes on from;
        unchanged when neither is there."""
        first = cs[a]
        words = f"{first.subject or ''} {s.text[first.body : cs[b].end]}"
        lead = s.text[first.body :].split(maxsplit=1)[:1]
        if a > 0 and first.kind == "vp" and lead and lead[0].endswith("ing"):
            # ", winning all six of the awards": a participle tells more of the clause before
            k = a - 1
            while k > 0 and cs[k].kind in ("sub", "rel"):
                k -= 1
            return (k, b) if lead[0] != "having" else (a, b)
        if has_verb(words) or first.subject is not None:
            return a, b
        for k in range(b + 1, len(cs)):
            if cs[k].kind == "vp" and cs[k].subject and value in str(cs[k].subject):
                return k, k
        dashed = s.text[first.body : cs[b].end].rstrip().endswith(_DASHES)
        for k in range(b + 2, min(b + 3, len(cs))):  # "Two ships - the ... Diligence - are"
            if dashed and has_verb(s.text[cs[k].body : cs[k].end].split(maxsplit=1)[0]):
                return a, k
        gap = s.text[cs[a - 1].body : first.body].rstrip() if a > 0 else ""
        if gap.endswith((*_DASHES, ",")):
            return a - 1, b
        return a, b

    def _cuttable(self, s: Sentence, lo: int, hi: int) -> bool:
        """May the clause of the value at ``lo``..``hi`` end at it? Only where its phrase ends:
        before a word that opens an adjunct (``closed two factories | in 2021``), a comma or
        the sentence's end, after a bracket (``$8.5bn (£4.4bn)``); not before a colon that
        opens what was said, nor inside a phrase (``a
        22% fall in first | quarter profits``, ``the 2008 | and 2012 cycles``, ``announced
        Wednesday | that ...``) or a range (``from £6 | to £10``)."""
        w = _words()
        at = hi
        while True:
            rest = s.text[at:].lstrip()
            if rest.startswith(")"):  # the value ends its bracket: "$38.1m (£19.8m) on ..."
                at = len(s.text) - len(rest) + 1
                continue
            if not rest.startswith("("):
                break
            close = rest.find(")")
            if close < 0:
                return False
            at = len(s.text) - len(rest) + close + 1
        tokens = tokenize(s.text[at : at + 40])
        if not tokens or tokens[0].text in (".", ",", ";", "-", "–", "—", "!", "?"):
            return True
        opening = tokenize(s.text[max(0, lo - 6) : hi])
        if tokens[0].lower == "to" and any(t.lower == "from" for t in opening):
            return False
        return tokens[0].lower in w.cut_before

    def _verb_before(self, s: Sentence, start: int, end: int) -> bool:
        """Does ``s.text[start:end]`` hold a verb (a clause cut there still says something)?"""
        w = _words()
        words = s.text[start:end]
        return any(_verbish(t, w) and t.text.islower() for t in tokenize(words)) or _agrees(words)

    def _without_opening(self, s: Sentence, read: _Read, a: int, b: int, lo: int) -> str:
        """The clauses without an opening phrase that ends in a comma and holds another date
        (``Earlier in April 2023, ...``): the claim's fact without the time the clause is
        dated by."""
        first = read.clauses[a]
        if first.subject:
            return ""
        cut = s.text.find(", ", first.body, read.clauses[b].end)
        if cut < 0 or lo < cut or not any(first.body <= m.start < cut for m in read.mentions):
            return ""
        shifted = dataclasses.replace(first, body=cut + 2)
        return self.text(s, _Read([*read.clauses[:a], shifted, *read.clauses[a + 1 :]],
                                  read.mentions), a, b)  # fmt: skip


_DASHES = ("-", "–", "—", "--")


#: The most words of a quotation a date claim of its inverted attribution quotes.
_QUOTED_WORDS = 30


def _quoted_words(text: str, start: int, body: int) -> str:
    """The words of the quotation that opens sentence ``text`` and holds offset ``start``,
    when the attribution at ``body`` follows it (``"We will not pay," Ana Ruiz said Tuesday``:
    ``We will not pay``); "" when it opens no sentence, something else comes between them or
    it holds more than ``_QUOTED_WORDS`` words."""
    while start < body and _QUOTE_MARKS.match(text, start):
        start += 1
    region = quoted_region(text, start, start + 1)
    if region is None or text[: region.start].strip(' "“”([') or region.end >= body:
        return ""
    if text[region.end + 1 : body].strip(" ,"):
        return ""  # words between the quotation and its attribution
    words = text[region.start : region.end].strip().rstrip(",").strip()
    if not words or len(words.split()) > _QUOTED_WORDS:
        return ""
    return words


def _with_quotation(rung: str, words: str) -> str:
    """A date claim whose text is only an attribution (``Ana Ruiz said on 5 April 2016.``) with
    the quoted words it attributes (``Ana Ruiz said on 5 April 2016: "We will not pay."``);
    "" unless the rung is one short clause of a reporting verb, without a quotation or a
    comma."""
    if not rung.endswith(".") or len(rung.split()) > 14 or re.search(r"[,;:\"“”]", rung):
        return ""
    if not any(t.lower() in _words().says for t in rung.split()):
        return ""
    inner = _finish(words).removesuffix(".")
    return f'{rung.removesuffix(".")}: "{inner}".'


def _complement_that(text: str, start: int, end: int) -> int:
    """Where the last ``that`` after a verb (``suggests that``, ``said that``) between
    ``start`` and ``end`` is, or -1 (``a result like that``: a pronoun)."""
    w = _words()
    for m in reversed(list(re.finditer(r"(?<=\s)that\s", text[start:end]))):
        before = text[start : start + m.start()].split()[-1:]
        if before and (before[0].lower() in w.says or _reports(tokenize(before[0])[0], w)):
            return start + m.start()
    return -1


def _agrees(clause: str) -> bool:
    """Does a clause hold a verb in -s known by its agreement with the singular word before it
    (``Cruz preps for``, ``Lumo offers a``, ``the report suggests that``), before a word that
    leads into a phrase or a figure; never after a number word (``two years later``, ``1.6
    million vehicles by``) nor in a clause opened by a participle?"""
    words = _AGREE_RE.findall(clause)
    if not words or words[0].lower().endswith("ing"):
        return False
    leading, numbers = _lead_in_words(), _number_words()
    for prev, tok, nxt in zip(words, words[1:], words[2:], strict=False):
        low, before = tok.lower(), prev.lower()
        if not (tok.isalpha() and tok.islower() and len(low) > 3) or low in leading:
            continue
        if not low.endswith("s") or low.endswith("ss") or not prev.isalpha():
            continue
        if low in _words().says:
            continue  # "the IAEA estimates the cost ... will be": its content's verb follows
        if before in leading or before in numbers or before.endswith("s"):
            continue
        if nxt.lower() in leading or nxt[:1].isdigit() or nxt[:1] in "$£€":
            return True
    return False


_AGREE_RE = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|\S")


@cache
def _number_words() -> frozenset[str]:
    """Number words (``two``, ``twenty``, ``million``): a noun after one is plural."""
    spelled = lexicon.table("calendar")["spelled_years"]
    words = {w for key in ("ones", "teens", "tens") for w in spelled[key]}
    return frozenset(words | set(lexicon.table("clauses")["figure_words"]))


def _before_next(text: str, hi: int, nxt: int) -> int:
    """Where a clause cut after the value ending at ``hi`` ends: before the next value of its
    clause, at ``nxt`` (``reallocated £512m from central to local budgets | on Thursday``: the
    phrases of the first value's own fact stay), never past a comma, a colon or a dash (``poll
    released Sunday | , his worst showing in two years``: an apposition is a second fact), and
    without the words that lead into the next value (a preposition, a conjunction, a
    determiner); at ``hi`` when none are left, when the next value opens no phrase of its own
    (``on its opening | weekend``) or a verb would end it (``a poll released | Sunday``: the
    next value completes that verb)."""
    stretch = text[hi:nxt]
    stop = re.search(r"[,;:(—–]|\s-\s", stretch)
    tokens = tokenize(stretch[: stop.start()] if stop else stretch)
    leading, w = _lead_in_words(), _words()
    ranged = [t.lower for t in tokens[:1]] == ["from"]  # "from central to local budgets"
    if any(_verbish(t, w) or (t.lower == "to" and not ranged) for t in tokens):
        return hi  # "using his 28.1% stake to vote off | three directors": the verb's object
    opens = tokenize(text[nxt : nxt + 30])[:1]
    led = bool(stop) or bool(opens and opens[0].lower in leading - DETERMINERS)
    while tokens and (tokens[-1].lower in leading or not tokens[-1].text[:1].isalnum()):
        led = led or tokens[-1].lower not in DETERMINERS
        tokens.pop()
    if not led or not tokens:
        return hi  # "a poll released | Sunday", "on its opening | weekend": one phrase
    return hi + tokens[-1].end


#: An opening pronoun of a clause that goes on from the clause before in its sentence.
_GOES_ON_RE = re.compile(r"(?P<word>It|Its|They|Their)\s(?=\S)")


def _subject_named(text: str, before: str | None) -> str:
    """``text`` (a clause after another of its sentence) with an opening ``It``/``They``
    (``Its``/``Their``) as the subject of the clause before (``The firm employs 3,000 people
    and its shares rose 5%`` -> ``The firm's shares rose 5%.``); unchanged when that subject
    is itself a pronoun, the plural does not agree, or it is an expletive ``It is``."""
    m = _GOES_ON_RE.match(text)
    if m is None or not before or not before[:1].isalnum():
        return text
    lead = before.split()[0].lower()
    if lead in _words().subject_pronouns or lead in _words().possessives or len(before) > 60:
        return text
    word = m.group("word")
    if word == "It" and re.match(r"It\s+(?:is|was|'s|’s|has been|will be|would be)\b", text):
        return text
    head = before.split(" of ")[0]
    plural = head.endswith("s") and not head.endswith("ss")
    if plural != word.startswith("The"):
        return text
    named = before[:1].upper() + before[1:]
    if word in ("Its", "Their"):
        named += "'s" if not named.endswith("s") else "'"
    return named + text[len(word) :]


def _finite(body: str) -> str:
    """A clause that opens with a perfect participle, given its subject, as a finite verb
    (``having attracted only 900 students`` -> ``had attracted only 900 students``)."""
    head, _, rest = body.partition(" ")
    return f"had {rest}" if head == "having" and rest else body


#: Quotation marks: a claim text said by a speaker quotes words without them.
_QUOTE_MARKS = re.compile('["\u201c\u201d]')


@dataclass(frozen=True, slots=True)
class Quoted:
    """A direct quotation holding a claim's value: its sentence offsets and who said it."""

    start: int
    end: int
    speaker: str = ""
    verb: str = "said"


def quoted_region(text: str, lo: int, hi: int) -> Quoted | None:
    """The direct quotation of sentence ``text`` that holds ``text[lo:hi]``, or None: a quote
    opening the sentence (or going on from the sentence before) or opened after a colon or a
    comma (``he said: "..."``); a quoted fragment inside the writer's words (``gave "between
    $1,001 and $5,000"``) is none."""
    if _QUOTE_MARKS.search(text, lo, hi):
        return None
    marks = [(m.start(), opens_quote(text, m.start())) for m in _QUOTE_MARKS.finditer(text)]
    before = [(i, opens) for i, opens in marks if i < lo]
    after = [opens for i, opens in marks if i >= hi]
    q0: int | None = None
    if before:
        if before[-1][1]:  # the last mark before the value opens a quotation
            q0 = before[-1][0] + 1
    elif after and not after[0]:
        q0 = 0  # the quotation goes on from the sentence before
    if q0 is None:
        return None
    lead = text[: max(0, q0 - 1)].rstrip()
    if q0 > 0 and lead and not lead.endswith((":", ",")) and lead.strip("([-–— ") != "":
        return None
    m = _QUOTE_MARKS.search(text, hi)
    return Quoted(q0, m.start() if m else len(text))


def _speaker_of(
    quote: Quoted | None, lo: int, hi: int, speakers: Sequence[tuple[int, int, str, str]]
) -> Quoted | None:
    """``quote`` with the speaker of the statement that holds it (the one holding the value
    first), or None when no statement of the sentence does."""
    if quote is None:
        return None
    pronouns = _words().pronouns | _words().subject_pronouns
    holding = [
        sp for sp in speakers if sp[0] <= lo and hi <= sp[1] and sp[2].lower() not in pronouns
    ]
    if not holding:
        return None
    _, _, speaker, cue = holding[0]
    verb = cue if cue.isalpha() and cue.islower() else "said"
    return dataclasses.replace(quote, speaker=speaker, verb=verb)


#: Typewriter quotation marks (TimeML's ````...''``, a paper's ``''...''``): a claim text
#: writes them as the marks they stand for.
_TICKS_RE = re.compile(r"``|''")


def _ticks(text: str) -> str:
    """``text`` with ````/``''`` as curly quotation marks (``''`` opens after a space or at the
    start, before a word); the converted marks are dropped when they do not pair up (a clause
    cut inside the quotation)."""
    if "``" not in text and "''" not in text:
        return text

    def mark(m: re.Match[str]) -> str:
        i = m.start()
        after = text[m.end() : m.end() + 1]
        opens = m.group() == "``" or (
            (i == 0 or text[i - 1].isspace() or text[i - 1] in "([") and after[:1].strip() != ""
        )
        return "\x00" if opens else "\x01"

    out = _TICKS_RE.sub(mark, text)
    if out.count("\x00") != out.count("\x01"):
        out = " ".join(out.replace("\x00", " ").replace("\x01", " ").split())
        return re.sub(r"\s+([,.;:!?])", r"\1", out)
    return out.replace("\x00", "\u201c").replace("\x01", "\u201d")


def one_fact(text: str, raw: str) -> str:
    """A kept text (an action, fact or comparison from the parse) as the one fact of its main
    clause: without the subordinator of a clause that has no main clause (``Since the war
    began in 2011.`` -> ``The war began in 2011.``; ``Even as Turkey has supported the rebels``,
    whose ``as`` the parse left out, -> ``Turkey has supported the rebels``), without an
    opening participial phrase before its subject (``Hosted by NRJ, the ceremony featured
    ...``) and without a relative clause after a comma (``..., who was accompanied by
    dancers``) or an absolute clause (``, with X taking £857m``): each states a second fact.
    Unchanged inside a quotation, and when what is left would not be a clause of three words
    with a verb."""
    w = _words()
    out = text
    lead = _subordinated_lead(text, raw, w)
    if lead:
        out = out[lead:]
    out = _without_opener(out, w.linking)
    out = _without_participial_opening(out, w)
    out = _without_comma_relative(out, w)
    out = _without_absolute(out, w)
    body = out.rstrip(".").split()
    if out == text or len(body) < 3 or not has_verb(out) or _QUOTE_MARKS.search(out):
        return text
    return _finish(out)


def _subordinated_lead(text: str, raw: str, w: _Words) -> int:
    """Where ``text`` starts once the subordinator of a clause with no main clause is left out
    (with the ``even``/``and`` before it, and the words before it that the raw span has before
    a subordinator the text already left out); 0 when none is to go."""
    tokens = tokenize(text)
    raws = tokenize(raw)
    i = 0
    while i < len(tokens) and tokens[i].lower in _LEADS:
        i += 1
    subs = w.subordinators | w.ambiguous
    dropped = i and i < len(raws) and raws[i].lower in subs and tokens[i].lower != raws[i].lower
    if dropped and [t.lower for t in tokens[:i]] == [t.lower for t in raws[:i]]:
        return tokens[i].start  # "Even Turkey has ...": the parse left out its "as"
    if i >= len(tokens) or tokens[i].lower not in subs or i + 1 >= len(tokens):
        return 0
    if clauses(text)[0].kind == "sub":
        return 0  # "Since 2012, the highway has been closed": it has its main clause
    return tokens[i + 1].start


def _without_participial_opening(text: str, w: _Words) -> str:
    """``text`` without an opening participial phrase up to the comma before its subject
    (``Hosted by radio group NRJ, the ceremony featured ...``)."""
    tokens = tokenize(text)
    if len(tokens) < 4:
        return text
    head = tokens[0].lower
    if head in w.not_participles or not head.endswith(("ed", "ing")) or head in w.not_past:
        return text
    for j in range(1, min(len(tokens), 12)):
        if tokens[j].text == ",":
            rest = text[tokens[j].end :].strip()
            return rest if _own_subject(tokens, j + 1, len(tokens), text, w) else text
        if _verbish(tokens[j], w) and tokens[j].text.islower() and j > 1:
            return text  # "Shares rose ...": the word is the subject, no phrase
    return text


def _without_comma_relative(text: str, w: _Words) -> str:
    """``text`` up to a relative clause after a comma (``..., who was accompanied by dancers
    clad in schoolgirl outfits``), which says a second thing of the noun before it."""
    tokens = tokenize(text)
    for j in range(3, len(tokens) - 2):
        if tokens[j].text == "," and tokens[j + 1].lower in ("who", "which"):
            if any(t.text in (",", ";", "-", "–", "—") for t in tokens[j + 1 :]):
                return text  # "support from the DCA, which ..., has been lacking": it resumes
            return text[: tokens[j].start]
    return text


def _without_absolute(text: str, w: _Words) -> str:
    """``text`` up to an absolute clause after a comma (``..., with the Nasdaq also falling``),
    which states a second fact."""
    tokens = tokenize(text)
    for j in range(3, len(tokens) - 3):
        if (
            tokens[j].text == ","
            and tokens[j + 1].lower == "with"
            and _absolute_at(tokens, j + 2, w)
        ):
            return text[: tokens[j].start]
    return text


#: The kept texts whose opening pronoun is named (statements resolve their speaker themselves).
_NAMED_TYPES = frozenset({ClaimType.ACTION, ClaimType.COMPARISON, ClaimType.FACT})

#: How the last rung names the claim's value after the sentence (``[date: on Tuesday]``).
_FOCUS = {ClaimType.QUANTITY: "value", ClaimType.DATE: "date"}


def render_texts(
    document_text: str,
    items: Sequence[tuple[Draft, Sentence]],
    reference: dt.date | None,
    resolve: Resolver | None = None,
) -> list[str]:
    """The claim text of each ``(draft, sentence)`` of one document, in the same order: a
    clause for quantity and date claims, the draft's own text for the others (an action,
    comparison or fact opening with ``he``/``she``/``his``/``her`` names the person); all
    distinct. ``resolve`` finds the person a pronoun stands for (default: the last person the
    article named with a title)."""
    renderer = _Renderer(document_text, reference, resolve)
    refs = TextRefs(renderer.doc, items, resolve)  # pronouns, roles, dates the text leans on
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    speakers: dict[int, list[tuple[int, int, str, str]]] = {}
    for draft, s in items:
        if draft.type in RENDERED_TYPES:
            by_sentence.setdefault(s.start, []).append((draft.start - s.start, draft.end - s.start))
        elif draft.type == ClaimType.STATEMENT:
            said = (str(draft.slots.get("speaker") or ""), str(draft.slots.get("cue") or ""))
            speakers.setdefault(s.start, []).append(
                (draft.start - s.start, draft.end - s.start, *said)
            )
    ladders: list[list[str]] = []
    for draft, s in items:
        if draft.type in RENDERED_TYPES:
            held = speakers.get(s.start, ())
            rungs = renderer.ladder(draft, s, by_sentence.get(s.start, ()), held)
        elif draft.type in _NAMED_TYPES:
            own = one_fact(draft.text, document_text[draft.start : draft.end])
            rungs = [renderer.named(own, draft.start), own, draft.text]
        else:
            rungs = [draft.text]
        rungs = [_ticks(renderer.named_inside(r, draft, s)) for r in rungs] or [draft.text]
        if draft.type in RENDERED_TYPES:  # "Separately, X posted": X posted, unless taken
            unlinked = [_without_opener(r, _words().linking) for r in rungs]
            if unlinked != rungs:  # the last rung stays last: the one a value names
                rungs = [
                    *dict.fromkeys(x for x in [*unlinked, *rungs] if x != rungs[-1]),
                    rungs[-1],
                ]
        rungs = refs.texts(draft, s, rungs)
        ladders.append([tidy(r) for r in rungs] if draft.type in TEXT_TYPES else rungs)
    order = sorted(range(len(items)), key=lambda i: (items[i][0].type in RENDERED_TYPES, i))
    taken: set[str] = set()
    texts = [""] * len(items)
    statements: dict[str, tuple[str, str]] = {}  # a statement's text -> its speaker and cue
    for i in order:
        draft, _ = items[i]
        choice = next((t for t in ladders[i] if t not in taken), None)
        if choice is None and draft.type == ClaimType.DATE:
            fronted = _fronted(ladders[i][-1], draft, document_text)
            choice = fronted if fronted and fronted not in taken else None
        span = " ".join(document_text[draft.start : draft.end].split())
        if choice is None and draft.type == ClaimType.QUANTITY:
            own = own_value(ladders[i][-1], span)  # "a $27bn (£14bn) bill": "a £14bn bill"
            choice = own if own and own not in taken else None
        if choice is None and draft.type in RENDERED_TYPES:  # a statement's text: its speaker's
            told = next(
                (
                    x
                    for t in ladders[i]
                    if t in statements and (x := _according(t, *statements[t], document_text))
                ),
                "",
            )
            choice = told if told and told not in taken else None
        if choice is None:  # every rung taken: name the value the claim is about
            focus = f"{_FOCUS.get(draft.type, 'span')}: {span}"
            choice, n = f"{ladders[i][-1]} [{focus}]", 2
            while choice in taken:
                choice, n = f"{ladders[i][-1]} [{focus}; {n}]", n + 1
        taken.add(choice)
        texts[i] = choice
        if draft.type == ClaimType.STATEMENT:
            said = (str(draft.slots.get("speaker") or ""), str(draft.slots.get("cue") or ""))
            statements[choice] = said
    check_distinct(texts)
    return texts


def _according(text: str, speaker: str, cue: str, document_text: str) -> str:
    """A figure or date claim whose clause is a statement's text, told from its speaker
    (``Ann Lee said sales rose 5%.`` -> ``According to Ann Lee, sales rose 5%.``); "" unless
    the text is the speaker, a reporting verb and what was said in the writer's words."""
    lead = f"{speaker} {cue} "
    if (
        not speaker
        or cue not in _words().neutral_says
        or not text.startswith(lead)
        or speaker[:1].isdigit()
    ):
        return ""  # "60 percent said": no source to tell it from
    head = speaker.split()[0]
    if head.lower() in _words().subject_pronouns:
        return ""
    if head.lower() in _closed_words() or re.search(
        rf"\b{re.escape(head.lower())}\b", document_text
    ):
        speaker = speaker[:1].lower() + speaker[1:]  # "The company", "Investigators": no name
    content = text[len(lead) :].removeprefix("that ")
    if not content[:1].isalnum() or _QUOTE_MARKS.search(content) or len(content.split()) < 3:
        return ""
    words = content.split()
    if re.match(rf"(?i)(?:{_FRONT_PREPS}|late|early|last|this)\s", content):
        return ""  # "said on Tuesday (that) ...": the time phrase dates the saying
    if "that" in words[:12] and not has_verb(" ".join(words[: words.index("that")])):
        return ""  # "said on Tuesday that ...": the time of saying is no part of what was said
    return f"According to {speaker}, {content}"


#: The prepositions a date phrase may be fronted with (``On 22 February 1998, Annan met ...``).
_FRONT_PREPS = "on|in|since|by|until|from|during|before|after|around"


@cache
def _closed_words() -> frozenset[str]:
    """Determiners, pronouns and prepositions: an opening word that is no name."""
    closed = lexicon.table("closed_class")
    return frozenset(
        w.lower() for key in ("determiners", "pronouns", "prepositions") for w in closed[key]
    )


@cache
def _lead_in_words() -> frozenset[str]:
    """Determiners, prepositions, quantifiers and function words: what may lead into a value
    (``or``, ``to``, ``in each of``, ``the``), never the last word of the fact before it."""
    closed, t = lexicon.table("closed_class"), lexicon.table("clauses")
    words = {w for key in ("determiners", "prepositions", "function_words") for w in closed[key]}
    words |= {*t["cut_before"], *t["relative_quantifiers"], *t["relative_prepositions"]}
    words |= {w for w in t["antecedent_stops"] if w not in _words().says}
    return frozenset(w.lower() for w in words)


def _fronted(text: str, draft: Draft, document_text: str) -> str:
    """A date claim whose clause another value of its sentence took, told from its date:
    the date phrase moved to the front (``Annan met Saddam Hussein in Baghdad on 22 February
    1998.`` -> ``On 22 February 1998, Annan met ...``); "" when the phrase is no prepositional
    phrase of the text outside a quotation, or already opens it."""
    iso = draft.slots.get("date")
    written = [" ".join(document_text[draft.start : draft.end].split())]
    if isinstance(iso, str) and iso:
        written.insert(0, format_date(iso))
    for phrase in written:
        if phrase not in text:
            continue  # the search below needs it, as written (and compiles a pattern a phrase)
        has_prep = re.match(rf"(?i)(?:{_FRONT_PREPS})\s", phrase)
        lead = "" if has_prep else rf"(?:{_FRONT_PREPS})\s+"
        m = re.search(rf"(?<=\s){lead}{re.escape(phrase)}(?![\w-]|,?\s\d)", text)
        if m is None or (not lead and not m.group().split()[0].islower()):
            continue
        if len(_QUOTE_MARKS.findall(text, 0, m.start())) % 2 or "''" in text or "``" in text:
            return ""  # inside a quotation: its words stay as they are
        rest = " ".join(f"{text[: m.start()]} {text[m.end() :]}".split())
        rest = re.sub(r"\s+([,.;:])", r"\1", rest).replace(",,", ",")
        rest = rest.removeprefix(", ").lstrip(",; ")
        rest = _without_opener(rest, _words().timing)  # "On 1 March 2016, Earlier, ...": one time
        if not rest or rest == ".":
            return ""
        if find_dates(text[: m.start()], None):
            return ""  # a date before it dates the main verb; this one a later phrase
        low = rest.split(" ", 1)[0].lower()
        if low in _closed_words() or re.search(rf"\b{re.escape(low)}\b", document_text):
            rest = rest[:1].lower() + rest[1:]  # "The", "Sales": no name
        said = m.group()
        return f"{said[:1].upper()}{said[1:]}, {rest}"
    return ""


def check_distinct(texts: Sequence[str]) -> None:
    """The invariant of a document's claim texts: ``AssertionError`` when two are the same."""
    seen: set[str] = set()
    for text in texts:
        if text in seen:
            raise AssertionError(f"two claims of one document have the text {text!r}")
        seen.add(text)
