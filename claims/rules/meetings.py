"""MEETING rules: who met, hosted or talked with whom, when and where (``host``, ``participants``,
``date``, ``place``), read from the dependency parse.

Only sentences holding a meeting trigger (``claims/lexicon/meeting_triggers.json``) are parsed
(``wants_parse``), all of a document's in one ``claims.syntax.parse`` call with the other
families' (the document's ``RuleContext.parses``). The frames (``claims.meeting_frames``,
patterns in ``claims/patterns/meetings.json``) give each trigger its roles; this module reads them:

- ``X met (with) Y``, ``X and Y met``, ``X had earlier met Y``: every subject, object and
  ``with`` party takes part (a subject left out by control comes from the governing clause:
  ``X is expected to meet Y``, ``X ..., meeting with Y``, ``the unions meeting Y``);
- ``X hosted Y``, ``Y was received by X``, ``a conference hosted by X``: host and guests;
  ``X hosted a meeting of Y``: the meeting noun's parties are the guests;
- ``X held talks with Y``, ``X attends the G7 summit``, ``X took part in talks with Y``;
- ``talks between X and Y``, ``a meeting with Y`` (the clause subject is the other side),
  ``a summit of X leaders``, ``X's meeting with Y``, ``the European Council summit``;
- ``the meetings X had with Y`` (a light verb's relative clause), ``the talks held by X with Y``;
- no meeting when it is refused or its governing verb denied (``refused to meet``, ``did not
  want to meet``);
- a meeting named by its date alone (``the December meeting``) or scheduled with no party
  (``talks begin on Monday``) is kept for its date and place.

Participants are whole noun phrases (``Prime Minister Theresa May``, ``five Cuban officials``)
whose head the tagger calls a proper noun, a pronoun, or a person or group noun; ``in``/``at``
phrases are places, date words are dates. Pronouns (``he``) and role nouns (``the pontiff``) are
resolved to the person named earlier in the document (a subject ``he``/``she`` to the subject of
the clause governing it: ``the senator said he met Y``), a role set off by a name to the name
(``the foreign minister, Anna Lindqvist,``), bare surnames (``Mr Prescott``) to the
full name (``_Names``: one linear scan per document). ``date`` is the date mention of the
meeting's clause nearest the trigger (``claims.values.dates.find_dates``, resolved against the
article's
date); ``place`` the ``in``/``at`` proper-noun phrase on the trigger. The claim text is one short
sentence of the fact (``Xi Jinping met Vladimir Putin in Moscow on 21 March 2023.``).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from claims import lexicon
from claims import meetings_legacy as legacy
from claims.meeting_frames import Frame, find_frames, trigger_words, words
from claims.model import ClaimType
from claims.phrases import (
    DETERMINERS,
    FUNCTION_WORDS,
    HONORIFICS,
    PRONOUNS,
    ROLE_NOUNS,
    ROLE_QUALIFIERS,
    is_nationality,
    is_person_like,
    role_of,
    singular,
    split_coordination,
)
from claims.rules.base import Draft, RuleContext, Sentence
from claims.values.dates import DateMention, find_dates, format_date

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["DocumentMeetings", "find_meetings", "wants_parse"]

#: Longer sentences are not parsed (a run-on table row is no meeting report).
MAX_SENTENCE = 2000

_PERSONAL = frozenset(["he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "me"])
_POSSESSIVE = frozenset(["his", "her", "their", "our", "my", "its"])
_RELATIVE = frozenset(["who", "whom", "that", "which", "whose"])
_NEGATION = frozenset(["not", "n't", "n’t", "never"])
_SKIP_DATE_RELATIONS = frozenset({"since", "until", "before", "after", "by", "from", "to"})
_KEEP_PP = frozenset(["of", "from", "'s", "’s"])
_DROP_DEPS = frozenset(
    ["acl:relcl", "acl", "appos", "parataxis", "advmod", "advcl", "dep", "discourse", "punct"]
)


def _calendar_words() -> frozenset[str]:
    cal = lexicon.table("calendar")
    return frozenset(w.lower() for w in [*cal["months"], *cal["weekdays"]])


@dataclass(frozen=True, slots=True)
class _Lex:
    """The word lists this module reads, once per process."""

    symmetric: frozenset[str]
    host: frozenset[str]
    guest_needed: frozenset[str]
    attend: frozenset[str]
    light: frozenset[str]
    nouns: frozenset[str]
    visit: frozenset[str]
    meals: frozenset[str]
    meal_verbs: frozenset[str]
    scheduling: frozenset[str]
    when: frozenset[str]
    coming: frozenset[str]
    state: frozenset[str]
    future: frozenset[str]
    bodies: frozenset[str]
    not_meetings: frozenset[str]
    groups: frozenset[str]
    person_suffixes: tuple[str, ...]
    not_person: frozenset[str]
    things: frozenset[str]
    object_meeting: frozenset[str]
    process: frozenset[str]
    purpose: frozenset[str]
    setting: frozenset[str]
    control: frozenset[str]
    quote_cues: frozenset[str]
    belief: frozenset[str]
    refusal: frozenset[str]
    several: frozenset[str]
    calendar: frozenset[str]
    aliases: dict[str, list[str]]
    counts: dict[str, int]
    earlier: frozenset[str]
    earlier_dets: frozenset[str]
    not_earlier: frozenset[str]
    for_whom: frozenset[str]
    partitive: frozenset[str]
    wish: frozenset[str]
    again: frozenset[str]

    @property
    def roles(self) -> frozenset[str]:
        """Role words of ``role_aliases``: the keys and every title they stand for."""
        out = set(self.aliases)
        for titles in self.aliases.values():
            out.update(t.split()[-1] for t in titles)
        return frozenset(out)


_LEX: list[_Lex] = []
_LEX_LOCK = threading.Lock()


def _lex() -> _Lex:
    with _LEX_LOCK:
        if not _LEX:
            aliases = lexicon.table("meeting_triggers")["role_aliases"]
            counts = lexicon.table("meeting_triggers")["party_counts"]
            _LEX.append(
                _Lex(
                    symmetric=words("symmetric_verbs"),
                    host=words("host_verbs"),
                    guest_needed=words("guest_needed"),
                    attend=words("attend_verbs"),
                    light=words("light_verbs"),
                    nouns=words("meeting_nouns") | words("meal_nouns"),
                    visit=words("visit_nouns") | words("meal_nouns"),
                    meals=words("meal_nouns"),
                    meal_verbs=words("meal_verbs"),
                    scheduling=words("scheduling_verbs"),
                    when=words("when_words"),
                    coming=words("coming_words"),
                    state=words("negotiation_state"),
                    future=words("future_cues"),
                    bodies=words("body_heads"),
                    not_meetings=words("not_meetings"),
                    groups=words("group_nouns"),
                    person_suffixes=tuple(sorted(words("person_suffixes"))),
                    not_person=words("not_person_plurals"),
                    things=words("thing_nouns"),
                    object_meeting=words("meeting_object_needed"),
                    process=words("process_verbs"),
                    purpose=words("purpose_verbs"),
                    setting=words("setting_verbs"),
                    control=words("control_verbs"),
                    quote_cues=words("quote_cues"),
                    belief=words("belief_verbs"),
                    refusal=words("refusal_verbs"),
                    several=words("several_words"),
                    calendar=_calendar_words(),
                    counts={k: int(v) for k, v in counts.items() if not k.startswith("_")},
                    earlier=words("earlier_meeting_nouns"),
                    earlier_dets=words("earlier_meeting_determiners"),
                    not_earlier=words("not_earlier_words"),
                    for_whom=words("for_whom_nouns"),
                    partitive=words("partitive_heads"),
                    wish=words("wish_verbs"),
                    again=words("again_words"),
                    aliases={k: list(v) for k, v in aliases.items() if not k.startswith("_")},
                )
            )
        return _LEX[0]


# --- noun phrases ------------------------------------------------------------------------------


def _first_word(tok: Token) -> Token:
    """The first word of ``tok``'s phrase (a comma before ``along with China`` or a
    conjunction before ``and with Y`` skipped)."""
    first = tok.left_edge
    while (first.is_punct or first.dep_ == "cc") and first.i < tok.i:
        first = first.nbor(1)
    return first


def _case(tok: Token) -> str | None:
    """The preposition opening ``tok``'s phrase (``with``, ``of``), lower-cased, if any."""
    first = _first_word(tok)
    return first.lower_ if first.dep_ == "case" and first.i < tok.i else None


def _np_tokens(head: Token, top: bool = True) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``: no coordinated members (when ``top``),
    relative clauses, appositions or prepositional phrases other than ``of``/``from``."""
    out = [head]
    if top and head.dep_ in ("compound", "amod"):  # "European" + "Council" before "summit"
        i = head.i - 1
        while i >= 0 and _name_part(head.doc[i], head.head):
            out.append(head.doc[i])
            i -= 1
    for child in head.children:
        dep = child.dep_
        if top and dep in ("conj", "cc"):
            continue
        if dep == "appos" and top and child.pos_ == "PROPN" and head.pos_ != "PROPN":
            out.extend(_np_tokens(child, top=False))  # "Deutsche Boerse's rival Euronext"
            continue
        if dep in _DROP_DEPS or (top and dep == "case"):
            continue
        whose = _case(child) == "for" and head.lower_ in _lex().for_whom  # "lawyers for X"
        kept = _case(child) in _KEEP_PP or dep == "nmod:poss" or whose
        if dep in ("nmod", "obl") and not kept:
            continue
        out.extend(_np_tokens(child, top=False) if dep != "case" else [child])
    return sorted(out, key=lambda t: t.i)


def _name_part(tok: Token, meeting: Token) -> bool:
    """Is ``tok`` a capitalised word of the name before ``meeting`` (``European`` Council)?"""
    same = tok.head == meeting and tok.dep_ in ("compound", "amod")
    return same and tok.text[:1].isupper() and tok.pos_ in ("PROPN", "ADJ")


def _span_text(doc: Doc, tokens: list[Token]) -> str:
    while len(tokens) > 1 and tokens[0].dep_ in ("case", "cc"):
        tokens = tokens[1:]  # "by" hung on the title of "by President Xi"
    first, last = tokens[0], tokens[-1]
    text = doc.text[first.idx : last.idx + len(last.text)]
    return text.strip(" ,;:-—–\"“”'")


def _members(head: Token) -> list[Token]:
    """``head`` and the members coordinated with it (``Modi and Abe``)."""
    out = [head]
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
            out.extend(_members(child))
        elif child.dep_ == "appos" and child.left_edge.dep_ == "cc" and child.pos_ == "PROPN":
            out.extend(_members(child))  # "Kohl and President Chirac" parsed as an apposition
        elif child.dep_ in ("nmod", "obl") and _along(child):
            out.extend(_members(child))  # "India, along with China and Brazil,"
    return out


def _along(tok: Token) -> bool:
    first = _first_word(tok)
    nxt = first.nbor(1) if first.i + 1 < len(first.doc) else first
    return first.lower_ in ("along", "together") and nxt.lower_ == "with"


def _is_party(tok: Token) -> bool:
    """May the phrase headed by ``tok`` take part in a meeting: a name, a person or group?"""
    lex, low = _lex(), tok.lower_
    if _partitive(tok):
        return True  # "one of the ministers", "some of the rating agencies"
    if tok.pos_ == "PRON":
        if low in _RELATIVE:
            return tok.head.dep_ == "acl:relcl" and tok.dep_ in ("nsubj", "nsubj:pass", "obj")
        return low in _PERSONAL or low in _POSSESSIVE
    if _is_body(tok) and not tok.like_num:
        return True
    if low in lex.calendar or low in lex.not_meetings or low in lex.nouns:
        return False
    if tok.pos_ == "NOUN" and low in lex.things:
        return False  # "received the report": a thing, though a speaker role
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ in ("ADJ", "X") and any(c.pos_ == "PROPN" for c in tok.children):
        return True  # "Deutsche Boerse's rival Euronext" with "rival" tagged an adjective
    if _counted_nationality(tok):
        return True  # "five Cuban and two American officials": Cuban officials
    if any(t.lower_ in _RELATIVE and t.i < tok.i for t in tok.subtree):
        return False  # "(of) which he is a member": a relative clause, not a party
    if tok.pos_ == "NOUN":
        base = singular(low)
        if base in ROLE_NOUNS or low in ROLE_NOUNS or low in lex.groups or base in lex.aliases:
            return True
        return _people_plural(tok)
    return False


def _partitive(tok: Token) -> bool:
    """A quantity word over an ``of`` party that is no pronoun (``one of the ministers``, ``a lot
    of Bernie supporters``; not ``some of them``, ``one of the issues``)."""
    if tok.lower_ not in _lex().partitive:
        return False
    return any(
        c.dep_ == "nmod" and _case(c) == "of" and c.pos_ != "PRON" and _is_party(c)
        for c in tok.children
    )


def _counted_nationality(tok: Token) -> bool:
    """``five Cuban`` of ``five Cuban and two American officials``: a counted nationality
    adjective coordinated with a plural party that lends it its noun (``_headed``)."""
    if tok.pos_ != "ADJ" or not is_nationality(tok.text):
        return False
    if not any(c.dep_ == "nummod" for c in tok.children):
        return False
    return any(c.dep_ == "conj" and c.tag_ == "NNS" and _is_party(c) for c in tok.children)


def _people_plural(tok: Token) -> bool:
    """A plural with a person ending (``lobbyists``, ``developers``, ``Cubans``) that is not one
    of the plurals naming things (``numbers``)."""
    return tok.tag_ in ("NNS", "NNPS") and _people_word(tok.lower_)


def _people_word(low: str) -> bool:
    lex = _lex()
    return low.endswith(lex.person_suffixes) and len(low) > 5 and low not in lex.not_person


# --- document state: parsed sentences and the names that pronouns and roles stand for -----------


_NAME_RUN = re.compile(
    r"[A-Z][\w'’-]*\.?(?:[ \t]+(?:(?:de|van|von|bin|al|da)[ \t]+)?[A-Z][\w'’-]*\.?)*"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘']?[A-Z])")


@dataclass(frozen=True, slots=True)
class _Mention:
    """A person named in the document: where, its sentence, its title words and name words."""

    start: int
    end: int
    sentence: int
    titles: tuple[str, ...]
    name: tuple[str, ...]
    possessor: bool = False  # "Hillary Clinton's email scandal": rarely the one a pronoun is


def _leading_word(low: str, calendar: frozenset[str]) -> bool:
    """A lower-cased word that opens no name (``On Thursday Mr Straw``): a function word, a
    determiner or a calendar word."""
    return low in FUNCTION_WORDS or low in DETERMINERS or low in calendar


def _runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Capitalised runs of ``text``, cut after a word ending a sentence (``Havana. Smith``)."""
    out = []
    for m in _NAME_RUN.finditer(text):
        start, piece = m.start(), []
        for w in re.finditer(r"\S+", m.group()):
            piece.append(w.group())
            word = w.group()
            stem = word.rstrip(".").lower()
            possessor = word.endswith(("'s", "’s"))  # "Iraq's Saddam": the name ends there
            if possessor or (word.endswith(".") and len(stem) > 1 and stem not in HONORIFICS):
                out.append((start, m.start() + w.end(), piece))
                piece, start = [], m.start() + w.end() + 1
        if piece:
            out.append((start, m.end(), piece))
    return out


def _extended_titles(words_: list[str], titles_known: Container[str]) -> list[str]:
    """The title words of a name that opens with a nationality or a title qualifier before its
    title (``Jordanian King Hussein``, ``Prime Minister Jane Doe``), lower-cased; else []."""
    at = 1 if len(words_) > 2 and is_nationality(words_[0]) else 0
    first = words_[at].lower() if len(words_) > at + 1 else ""
    if not (first in ROLE_QUALIFIERS or (at and first in titles_known)):
        return []
    titles = []
    for word in words_[at:-1]:
        low = word.lower()
        if low not in titles_known and low not in ROLE_QUALIFIERS:
            break
        titles.append(low)
    return titles if any(t in titles_known for t in titles) else []


def _without_title_lines(text: str) -> str:
    """``text`` with its title-case lines (headlines: ``Cole Meets Blaine In Ottawa``) blanked
    out, same length: every capitalised word there reads as a name."""
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        titled = _sentence_case(body) != body
        out.append(" " * len(body) + line[len(body) :] if titled else line)
    return "".join(out)


class _Names:
    """Person names of one document, from one scan of its text (linear in its length); a lone
    surname is a mention wherever the document names the person in full."""

    def __init__(self, text: str) -> None:
        text = _without_title_lines(text)
        self.text = text
        self.mentions: list[_Mention] = []
        self.full: dict[str, str] = {}  # surname -> first "Given Surname" of the document
        self._given: dict[str, set[str]] = {}  # surname -> the first words of its full names
        titles_known = HONORIFICS | ROLE_NOUNS | _lex().roles
        calendar = _lex().calendar
        ends = self.ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        runs: list[tuple[_Mention, bool]] = []  # every capitalised run, and is it a person
        k = 0
        for start, end, raw in _runs(text):
            while k < len(ends) and ends[k] <= start:
                k += 1
            words_ = [w.rstrip(".,").replace("’s", "").replace("'s", "") for w in raw]
            while words_ and _leading_word(words_[0].lower(), calendar):
                words_ = words_[1:]  # "On Thursday Mr Straw": Mr Straw
            titles: list[str] = []
            if (
                len(words_) > 2
                and words_[0] == "State"
                and text[max(0, start - 3) : start] == "of "
            ):
                titles.append(words_.pop(0).lower())  # "Secretary of State Madeleine Albright"
            extended = _extended_titles(words_, titles_known)
            if extended:  # "Israeli Prime Minister Benjamin Netanyahu": the name kept whole
                titles.extend(extended)
            while not extended and words_ and words_[0].lower() in titles_known:
                titles.append(words_.pop(0).lower())
            if not words_ or len(words_) > 6 or any(w.lower() in calendar for w in words_):
                continue  # "the July Democratic convention": no person
            person = bool(titles) or is_person_like(" ".join(words_))
            owner = raw[-1].rstrip(".,").endswith(("'s", "’s"))
            runs.append((_Mention(start, end, k, tuple(titles), tuple(words_), owner), person))
            if person and len(words_) >= 2:
                self.full.setdefault(words_[-1], " ".join(words_))
                self._given.setdefault(words_[-1], set()).add(words_[0])
        for mention, person in runs:  # "Annan" before or after "Kofi Annan"
            if person or (len(mention.name) == 1 and mention.name[0] in self.full):
                self.mentions.append(mention)

    def person_before(
        self,
        offset: int,
        titles: Iterable[str] = (),
        pronoun: str = "",
        exclude: list[str] | None = None,
        origin: str = "",
    ) -> str | None:
        """The person a pronoun or a role at ``offset`` stands for: with ``titles``, the last
        one named with one of them; else the first person named in the last sentence before
        ``offset`` that names one (a sentence's first person is mostly its subject; one named as a
        possessor, ``Clinton's scandal``, only after the others). A
        ``pronoun``'s person is of its gender when a word of theirs tells it (people.json); an
        earlier sentence whose subject is the same pronoun is passed over (it continues the
        chain: ``Smith ... He said ... he met``); nor is the person one of ``exclude`` (the
        other side of the meeting: ``X will meet with him`` is not X). With an ``origin`` (a
        nationality: ``the Jordanian monarch``), the titled person is one named with it or
        with its country (``Jordanian King Hussein``, ``King Hussein of Jordan``)."""
        wanted = {t.split()[-1] for t in titles}
        before = [m for m in self.mentions if m.end <= offset]
        if wanted:
            before = [m for m in before if wanted & set(m.titles)]
            if origin:
                before = [m for m in before if self._from(m, origin, offset)]
            return self._text(before[-1]) if before else None
        gender = _PRONOUN_GENDER.get(pronoun.lower())
        own = bisect.bisect_right(self.ends, offset)
        by_sentence: dict[int, list[_Mention]] = {}
        for m in before:
            by_sentence.setdefault(m.sentence, []).append(m)
        for k in sorted(by_sentence, reverse=True):
            found = by_sentence[k]
            if gender is not None and k != own and self._chained(k, found[0], gender):
                continue
            found = [m for m in found if not m.possessor] + [m for m in found if m.possessor]
            for m in found:
                text = self._text(m)
                if gender is not None and self._gender(m) not in (None, gender):
                    continue
                if exclude and _overlaps(text, exclude):
                    continue
                return text
        return None

    def people_before(self, offset: int, titles: Iterable[str], count: int) -> list[str]:
        """The last ``count`` different people named before ``offset`` with one of ``titles``
        (``the two leaders``), within ``COUNTED_REACH`` sentences; [] when fewer are."""
        wanted = {t.split()[-1] for t in titles}
        own = bisect.bisect_right(self.ends, offset)
        found: list[str] = []
        for m in reversed(self.mentions):
            if m.end > offset or not wanted & set(m.titles):
                continue
            if own - m.sentence > COUNTED_REACH:
                break
            text = self._text(m)
            if not _overlaps(text, found):
                found.append(text)
            if len(found) == count:
                return found[::-1]
        return []

    def quote_speaker(self, offset: int) -> str | None:
        """The speaker of the quote holding the ``I`` at ``offset``: the attribution after the
        quote closes (``... I met with Y," Lynch said``; ``..." before X, he said``), else the
        attribution just before the quote opened in the same paragraph (``"...," he continued.
        "I've met Mr. Trump ..."``), else None (an ``I`` outside a quote is the writer)."""
        window = self.text[offset : offset + _QUOTE_REACH]
        for m in _ATTRIBUTION.finditer(window):
            if m.group("cue").lower() not in _lex().quote_cues:
                continue
            who_at = m.start("pronoun") if m.group("pronoun") else m.start("name")
            if not any(q in window[:who_at] for q in _CLOSING_QUOTES):
                return None
            return self._speaker(m, offset)
        return self._speaker_before(offset)

    def _speaker_before(self, offset: int) -> str | None:
        """The speaker of an attribution ending right before the open quote holding ``offset``,
        in its paragraph (``"...," he said during an interview. "I've voiced ..."``)."""
        para = self.text.rfind("\n", 0, offset) + 1
        head = self.text[para:offset]
        opens = list(_QUOTE_OPEN.finditer(head))
        if not opens or any(q in head[opens[-1].end() :] for q in _CLOSED):
            return None  # not inside a quote of this paragraph
        before = head[: opens[-1].start()]
        found = [m for m in _ATTRIBUTION.finditer(before) if m.group("cue") in _lex().quote_cues]
        if not found:
            return None
        last = found[-1]
        tail = before[last.end() :]
        if len(tail) > _ATTRIBUTION_TAIL or any(q in tail for q in _CLOSED):
            return None  # another quote, or a long narration, between them
        return self._speaker(last, para + last.start())

    def _speaker(self, m: re.Match[str], at: int) -> str | None:
        """The person of attribution ``m`` (found at ``at``): a name, or a pronoun's person
        named before the quote it closes opened."""
        if m.group("pronoun"):  # "she said": the person named before the quote opened
            opened = max(self.text.rfind(q, 0, at) for q in _OPENING_QUOTES)
            start = opened if opened >= 0 else at
            return self.person_before(start, pronoun=m.group("pronoun").lower())
        name = m.group("name")
        return (
            self.full.get(name.split()[-1], name)
            if is_person_like(name) or (" " not in name and name in self.full)
            else None
        )

    def _from(self, m: _Mention, origin: str, offset: int) -> bool:
        """Is mention ``m`` named with nationality ``origin`` or its country: a capitalised word
        of that stem just before or after it (``Jordan's``, ``of Jordan``, ``Jordanian``), before
        ``offset`` (where the role asked about is)?"""
        stem = _ORIGIN_SUFFIX.sub("", origin)
        if len(stem) < 3:
            return False
        around = self.text[max(0, m.start - ORIGIN_REACH) : min(offset, m.end + ORIGIN_REACH)]
        return re.search(rf"\b(?:{re.escape(origin)}|{re.escape(stem)}\w*)\b", around) is not None

    def given(self) -> frozenset[str]:
        """Surnames whose full name in the document opens with a known given name (``Trump``
        of ``Donald Trump``; not ``Network`` of ``National Action Network``)."""
        known = _gender_words()
        return frozenset(s for s, full in self.full.items() if full.split()[0].lower() in known)

    def _text(self, m: _Mention) -> str:
        full = self.full.get(m.name[-1], "")
        honorific = bool(m.titles) and m.titles[-1].rstrip(".") in HONORIFICS  # "Mr Straw"
        genders = {
            _gender_words().get(w)
            for w in (m.titles[-1] if m.titles else "", full.split()[0].lower() if full else "")
        } - {None}
        if m.titles and len(m.name) == 1 and not (honorific and full and len(genders) < 2):
            return " ".join([m.titles[-1].capitalize(), *m.name])  # "King Hussein", not Saddam
        return self.full.get(m.name[-1], " ".join(m.name))

    def _gender(self, m: _Mention) -> str | None:
        """``m``/``f`` when a title or a name word of the person tells, else None."""
        named = [*m.titles, *m.name]
        given = self._given.get(m.name[-1], set())
        if len(m.name) == 1 and len(given) == 1:  # not through a shared surname ("Clinton")
            named += list(given)
        found = {_gender_words().get(w.rstrip(".").lower()) for w in named} - {None}
        return found.pop() if len(found) == 1 else None

    def _chained(self, k: int, first: _Mention, gender: str) -> bool:
        """Does sentence ``k`` open with a subject pronoun of ``gender`` before the first
        person it names?"""
        start = self.ends[k - 1] if k > 0 else 0
        opening = self.text[start : first.start]
        return re.search(r"\bhe\b" if gender == "m" else r"\bshe\b", opening, re.I) is not None


#: The endings of a nationality that its country's name need not share (``Jordan-ian``).
_ORIGIN_SUFFIX = re.compile(r"(?:ian|ean|ican|ish|ese|an|i)$")
#: How many sentences back the people of ``the two leaders`` are looked for.
COUNTED_REACH = 3
#: How near a titled person's name its country is read (characters either side).
ORIGIN_REACH = 25


def _overlaps(name: str, others: list[str]) -> bool:
    """Is ``name`` one of ``others``, either way round (``Netanyahu``, ``Benjamin Netanyahu``)?"""
    return _same_person(name, others) or any(_same_person(o, [name]) for o in others)


#: How far after a quote's ``I`` its attribution is looked for (characters).
_QUOTE_REACH = 300
_CLOSING_QUOTES = ("”", '"', "''", "’")
_OPENING_QUOTES = ("“", '"', "``", "‘")
_ATTRIBUTION = re.compile(
    r"[,!?][”\"'’]*\s+(?:(?P<pronoun>[Hh]e|[Ss]he)|(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}))"
    r"\s+(?P<cue>[a-z]+)\b"
)

#: A quote opening: a curly or straight double mark, or two single marks, after a space.
_QUOTE_OPEN = re.compile(r"(?:^|(?<=\s))(?:“|\"|``|'')")
#: Marks that close (or stand between) quotes, not apostrophes.
_CLOSED = ("”", '"', "''")
#: Longest narration between an attribution and the next quote it still introduces.
_ATTRIBUTION_TAIL = 120

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


@cache
def _gender_words() -> dict[str, str]:
    """Lower-case word -> ``m``/``f`` (given names, honorifics, role words of people.json)."""
    people = lexicon.table("people")
    female = [*people["female_given_names"], *people["female_words"]]
    male = [*people["male_given_names"], *people["male_words"]]
    return {**{w: "f" for w in female}, **{w: "m" for w in male}}


@dataclass(slots=True)
class DocumentMeetings:
    """The meeting state of one document (in its ``RuleContext.state``): the names that
    pronouns and roles stand for, read on first use. Its trigger sentences' parses are in the
    document's shared ``RuleContext.parses``."""

    text: str
    _names: _Names | None = None
    #: The meetings told so far, in the order told.
    told: list[_Told] = field(default_factory=list)

    @property
    def names(self) -> _Names:
        if self._names is None:
            self._names = _Names(self.text)
        return self._names

    def last_before(self, offset: int) -> _Told | None:
        """The last meeting told before ``offset``, within ``EARLIER_REACH`` characters."""
        for told in reversed(self.told):
            if told.start < offset:
                return told if offset - told.start <= EARLIER_REACH else None
        return None


@dataclass(frozen=True, slots=True)
class _Told:
    """A meeting claim of the document: where it starts, everyone taking part, date, place."""

    start: int
    people: tuple[str, ...]
    date: str | None
    place: str | None


#: How far back (characters) a definite meeting noun finds the meeting it stands for.
EARLIER_REACH = 1500


#: Odd spaces read as plain ones by the parser (same length: offsets stay valid); the tokenizer
#: would make a no-break space a token of its own, even a subject.
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\u200a\u2002\u2003"})

#: A run of word characters (a trigger word is one whole run).
_WORD_RUN = re.compile(r"\w+")


@cache
def _trigger_re() -> re.Pattern[str]:
    forms = sorted(trigger_words(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b", re.I)


def _has_trigger(text: str) -> bool:
    """Does ``text`` hold a trigger word (any case)? Only such sentences are parsed. Every
    trigger is one run of word characters, so in ASCII text (where ``re.I`` is ``lower()``)
    the regular expression's answer is whether a run of the lower-cased text is a trigger."""
    if len(text) > MAX_SENTENCE:
        return False
    if text.isascii():
        return not trigger_words().isdisjoint(_WORD_RUN.findall(text.lower()))
    return _trigger_re().search(text) is not None


def wants_parse(sentence: Sentence) -> str | None:
    """The text to parse for ``sentence`` (odd spaces made plain, a headline in sentence case),
    or None without a trigger."""
    if not _has_trigger(sentence.text):
        return None
    return _sentence_case(sentence.text.translate(_SPACES))


#: A word of a headline (letters, inner apostrophes and hyphens).
_TITLE_WORD = re.compile(r"[A-Za-z][a-z'’-]*")


@cache
def _lower_in_titles() -> frozenset[str]:
    """Words a title-case headline capitalises that the parser reads right only in lower case:
    function words, determiners, pronouns, prepositions and the meeting triggers."""
    extra = words("headline_lower") | words("light_verbs")
    return FUNCTION_WORDS | DETERMINERS | PRONOUNS | trigger_words() | extra


def _sentence_case(text: str) -> str:
    """A title-case headline (``Trump Meets With Expert On Clinton's Past``: every word of four
    letters or more capitalised, at least three) with its function words and triggers in lower
    case, the first word kept (same length: offsets stay valid); any other text unchanged. The
    parser, trained on running text, reads a capitalised ``Meets`` as a name."""
    found = list(_TITLE_WORD.finditer(text))
    long = [m.group() for m in found if len(m.group()) >= 4]
    if len(long) < 3 or not all(w[:1].isupper() and not w.isupper() for w in long):
        return text
    out = list(text)
    lower = _lower_in_titles()
    for m in found[1:]:
        word = m.group()
        if word.lower() in lower and word[:1].isupper():
            out[m.start()] = word[0].lower()
    return "".join(out)


def _state(context: RuleContext) -> DocumentMeetings:
    """The meeting state of the context's document (made on the first sentence that needs it)."""
    state = context.state.get("meetings")
    if not isinstance(state, DocumentMeetings):
        state = context.state["meetings"] = DocumentMeetings(context.document.text)
    return state


# --- frames to meetings ------------------------------------------------------------------------


@dataclass(slots=True)
class _Meeting:
    """A meeting read from one frame (token-level; texts resolved later)."""

    trigger: Token
    host: Token | None = None
    sides: list[list[Token]] = field(default_factory=list)  # party heads, first side first
    verb: str = "met"  # met | hosted | received | ... | meeting
    clause: Token | None = None  # the token whose subtree bounds the date and place
    unspanned: tuple[int, ...] = ()  # party heads outside the claim's span (a bound possessor)


def _subject(verb: Token, depth: int = 0) -> list[Token]:
    """The subject of ``verb``, through control: ``X is due to meet``, ``X ..., meeting Y``,
    ``the unions meeting Y``, ``X, who met Y``."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if own or depth > 4:
        return own
    controlled = verb.dep_ in ("xcomp", "advcl") and verb.head.lower_ in _lex().control
    if controlled and any(c.lower_ == "to" for c in verb.children):
        objects = [c for c in verb.head.children if c.dep_ == "obj" and _is_party(c)]
        if objects:  # "bring their daughters to meet me": the daughters meet
            return objects
    if verb.dep_ in ("xcomp", "advcl", "conj") and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    gerund = verb.tag_ == "VBG"
    if gerund and verb.dep_ in ("obl", "obl:agent") and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1)  # "X cheated by meeting with Y"
    if verb.dep_ in ("acl", "acl:relcl", "appos") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        head = verb.head
        while head.dep_ == "nmod" and _case(head) in ("of", "from") and head.head is not head:
            head = head.head  # "Governors from four border states met": the governors met
        adverbial = any(c.dep_ == "mark" for c in verb.children)  # "X ... before meeting Y"
        if gerund and verb.dep_ != "acl:relcl" and (adverbial or not _is_party(head)):
            above = _governor(head)  # "X wrapped up talks on Wednesday, meeting with Y"
            return _subject(above, depth + 1) if above is not None else []
        return [head] if verb.dep_ != "appos" else []
    return []


def _governor(noun: Token) -> Token | None:
    """The verb whose clause holds ``noun`` (``held`` for ``talks`` in ``held talks with Y``)."""
    tok = noun
    for _ in range(4):
        if tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _relative(tok: Token) -> Token:
    """``who`` of ``X, who met Y`` -> ``X``."""
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "acl:relcl":
        return tok.head.head
    return tok


def _negated(tok: Token, depth: int = 0) -> bool:
    """Is ``tok`` denied, also by a denied belief over it (``I don't believe I've met him``), or
    as the infinitive or gerund of a refusal, a wish or of a denied verb (``refused to meet``,
    ``did not want to meet``, ``avoided meeting``, ``wants X to meet Y``)?"""
    if any(c.lower_ in _NEGATION for c in tok.children):
        return True
    head = tok.head
    if head.i == tok.i or depth > 3:
        return False
    if tok.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX"):
        unmet = _lex().refusal | _lex().wish  # "refused to meet", "wants X to meet Y"
        return head.lower_ in unmet or _negated(head, depth + 1)
    denied = head.lower_ in _lex().belief and _negated(head, depth + 1)
    return denied and tok.dep_ == "ccomp"


def _noun_parties(frame: Frame | None) -> list[Token]:
    if frame is None:
        return []
    names = [t for t in frame.get("name") if _possessor(t) or _named_body(t)]
    parties = frame.get("party")
    if names:  # "the G7 meeting of seven industrialised nations": the name says who
        parties = [t for t in parties if _case(t) != "of"]
    return parties + names


def _named_body(tok: Token) -> bool:
    """A body before a meeting noun that names one body: capitalised (``European Council``) or
    with a word of its own before it (``the platform committee``; not ``party meetings``,
    ``multi-party talks``)."""
    if not _is_body(tok):
        return False
    own = any(
        c.dep_ in ("compound", "amod") and c.i == tok.i - 1 and c.pos_ in ("NOUN", "PROPN", "ADJ")
        for c in tok.children
    )
    return tok.text[:1].isupper() or own


def _possessor(tok: Token) -> bool:
    """A possessor of the noun it hangs on, also when parsed as a compound (``the Jewish
    leaders' meeting``)."""
    if tok.dep_ == "nmod:poss":
        return True
    return tok.dep_ in ("compound", "amod") and any(c.tag_ == "POS" for c in tok.children)


def _is_body(tok: Token) -> bool:
    """A proper name before a meeting noun that meets as a body (``G7``, ``European Council``),
    not a place (``a Brussels summit``)."""
    text = tok.text
    return (
        (text.isupper() and len(text) > 1)
        or bool(re.fullmatch(r"G\d+", text))
        or (tok.lower_ in _lex().bodies)
    )


def _verb_meeting(frame: Frame, nouns: dict[int, Frame]) -> _Meeting | None:
    """``X met (with) Y``, ``X and Y met``."""
    trig = frame.trigger
    objects = [c for c in trig.children if c.dep_ == "obj"]
    if _negated(trig) or any(not _is_party(o) for o in objects):
        return None  # "met the standards", "hasn't met with"
    if trig.lower_ in _lex().meal_verbs and not any(_case(t) == "with" for t in frame.get("party")):
        return None  # "X dined in Paris": a meal, a meeting only with someone
    subject = [t for t in frame.get("party") if t.dep_ in ("nsubj", "nsubj:pass")] or _subject(trig)
    others = [t for t in frame.get("party") if t not in subject]
    others += [  # "had earlier met Kohl and Chirac" with the object parsed as a bare oblique
        c
        for c in trig.children
        if c.dep_ == "obl"
        and c.pos_ == "PROPN"
        and _case(c) is None
        and c not in others
        and _is_party(c)
        and not any(g.dep_ == "case" for g in c.subtree)
    ]
    if not subject and not others:
        return None
    return _Meeting(trig, None, [subject, others], "met", trig)


def _host_meeting(frame: Frame, nouns: dict[int, Frame]) -> _Meeting | None:
    """``X hosted Y``, ``Y was received by X``, ``a conference hosted by X``."""
    lex, trig = _lex(), frame.trigger
    agents = [t for t in frame.get("host") if _case(t) == "by"]
    host = agents or [t for t in frame.get("host") if t.dep_ == "nsubj"]
    if not host and trig.dep_ not in ("acl",):
        host = _subject(trig)
    guests = [t for t in frame.get("guest") if t not in host and _case(t) != "by"]
    if trig.dep_ == "acl" and not guests:
        above = _meeting_above(trig)
        if above is None:
            return None  # "a debate in Brooklyn hosted by CNN": no meeting hosted
        guests = [above]
    if _negated(trig) or not host:
        return None
    people: list[Token] = []
    for g in guests:
        if g.lower_ in lex.meals:
            return None  # "hosted a dinner": an event ("hosted dinners with X": the light reading)
        if g.lower_ in lex.nouns:
            people += _noun_parties(nouns.get(g.i))
        elif g.lower_ in lex.not_meetings or not _is_party(g):
            return None
        else:
            people.append(g)
    present = _set_at(guests[0]) if trig.dep_ == "acl" and guests else []
    if trig.lower_ in lex.guest_needed and not people + present:
        return None
    if trig.lower_ in lex.object_meeting and not any(g.lower_ in lex.nouns for g in guests):
        return None
    if not people + present and not any(g.lower_ in lex.nouns for g in guests):
        return None
    # who is at the hosted meeting ("he said at a conference hosted by X") may be X himself
    return _Meeting(trig, host[0], [present, people], _host_verb(trig.lower_), trig)


def _set_at(noun: Token) -> list[Token]:
    """Who takes part by being at the meeting: ``Ms Hewitt was speaking at a seminar ...``."""
    while noun.dep_ == "conj" and noun.head is not noun:
        noun = noun.head  # "at a gender and productivity seminar"
    verb = noun.head
    if _case(noun) in ("at", "during") and verb.lower_ in _lex().setting:
        return _subject(verb)
    return []


def _purpose_parties(verb: Token) -> list[Token]:
    """``with`` parties of a purpose clause: ``held meetings to discuss a plan with the ADB``."""
    out: list[Token] = []
    for clause in verb.children:
        if clause.dep_ in ("advcl", "xcomp", "acl") and clause.lower_ in _lex().purpose:
            objects = [c for c in clause.children if c.dep_ == "obj"]
            for head in [clause, *objects]:  # "to discuss a plan with the ADB"
                out += [
                    c for c in head.children if c.dep_ in ("obl", "nmod") and _case(c) == "with"
                ]
    return out


def _meeting_above(tok: Token) -> Token | None:
    """The meeting noun a participle hangs under (``a conference on X hosted by Y``)."""
    head = tok.head
    for _ in range(3):
        if head.lower_ in _lex().nouns:
            return head
        if head.head is head:
            return None
        conj = [c for c in head.children if c.dep_ == "conj" and c.lower_ in _lex().nouns]
        if conj:  # "a gender and productivity seminar organised by ..."
            return conj[0]
        head = head.head
    return None


def _host_verb(form: str) -> str:
    for stem, past in (("rece", "received"), ("welc", "welcomed"), ("chai", "chaired")):
        if form.startswith(stem):
            return past
    if form.startswith("conv"):
        return "convened"
    return "organised" if form.startswith("organi") else "hosted"


def _light_meeting(frame: Frame, nouns: dict[int, Frame]) -> _Meeting | None:
    """``X held talks with Y``, ``X attends the G7 summit``, ``X took part in talks``."""
    trig = frame.trigger
    meeting = frame.get("meeting") or _relative_meeting(trig)
    if not meeting or _negated(trig):
        return None
    noun = meeting[0]
    if trig.lower_ in _lex().process:
        return None
    if noun.dep_ == "obl" and any(c.dep_ == "obj" and c.lower_ != "part" for c in trig.children):
        return None  # "to join the bloc at the Madrid summit": the bloc is joined
    withs = [t for t in nouns.get(noun.i, Frame(noun)).get("party") if _case(t) == "with"]
    if noun.lower_ in _lex().meals:  # "had breakfast in New York with X": "with" on the verb
        withs += [t for t in frame.get("party") if _case(t) == "with" and _is_party(t)]
    if noun.lower_ in _lex().visit and not withs:
        return None  # "wrapped up her visit": travel, not a meeting
    subject = [t for t in frame.get("party") if t.dep_ in ("nsubj", "nsubj:pass")] or _subject(trig)
    subject = [t for t in subject if t.i != noun.i]
    others = [t for t in frame.get("party") if t not in subject] + [
        t  # "the committee had its first meeting": "its" is the committee
        for t in _noun_parties(nouns.get(noun.i))
        if not (t.lower_ in _POSSESSIVE and t.dep_ == "nmod:poss")
    ]
    others += _purpose_parties(trig) + _purpose_parties(noun)
    if not subject and not others:
        return None
    return _Meeting(noun, None, [subject, others], "met", trig)


def _relative_meeting(verb: Token) -> list[Token]:
    """The meeting noun a light verb's relative clause tells of (``the meetings X had with Y``,
    ``talks that X held with Y``): the noun is the verb's object, so none of its own."""
    lex, noun = _lex(), verb.head
    if verb.lower_ not in lex.light:
        return []
    if verb.dep_ != "acl:relcl":  # "the meetings Governor X had with Y" parsed as no relative
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        edge = subjects[0].left_edge.i if subjects else 0
        noun = verb.doc[edge - 1] if edge > 0 else verb
        if noun.tag_ not in ("NN", "NNS") or noun.i > verb.i:
            return []
    if noun.lower_ not in lex.nouns:
        return []
    for child in verb.children:
        if child.dep_ == "obj" and child.lower_ not in _RELATIVE:
            return []
        if child.dep_ in ("nsubj", "nsubj:pass") and child.lower_ in _RELATIVE:
            return []  # "meetings that have ...": the noun is the subject
    return [noun]


def _noun_meeting(frame: Frame, people: Container[str]) -> _Meeting | None:
    """``talks between X and Y``, ``a meeting with Y``, ``X's meeting``, ``the G7 summit``."""
    lex, noun = _lex(), frame.trigger
    in_talks = any(c.dep_ == "case" and c.lower_ == "in" for c in noun.children)
    if in_talks and _in_negotiation(noun):
        return None  # "is still in talks with": a negotiation
    parties = _noun_parties(frame)
    withs = [t for t in frame.get("party") if _case(t) == "with"]
    if not parties:  # "the talks held by X with Y": the holder and its "with" side take part
        parties = withs = _held_by(noun)
    if noun.lower_ in lex.visit and not withs:
        return None
    gov = _governor(noun)
    if gov is not None and gov.lower_ in lex.process and noun.dep_ in ("obj", "nsubj:pass"):
        return None  # "will open accession talks with Croatia": a process to start
    parties = [t for t in parties if not (_possessor(t) and not _is_party(t))]  # "year's"
    shared = _their_clause(noun, gov, parties)
    if shared is not None:
        return shared
    poss_only = bool(parties) and all(_possessor(t) for t in parties)
    if poss_only and _case(noun) in ("at", "in", "during"):
        return None  # "at Labour's spring conference": where another meeting is
    poss = [t for t in parties if _possessor(t)]
    bound = _bound_possessor(poss, gov, noun)
    side: list[Token] = bound or list(poss)
    if bound and not withs and gov is not None:  # "left their meeting with Y" hung on "left"
        parties += [
            c
            for c in gov.children
            if c.dep_ == "obl" and c.i > noun.i and _case(c) == "with" and _is_party(c)
        ]
    met = [  # "the Trump meeting": a person of the document named before the noun is met
        t
        for t in frame.get("name")
        if t.pos_ == "PROPN" and t.text in people and not _is_body(t) and t not in poss
    ]
    rest = [t for t in parties if t not in poss] + met
    if (withs or met) and not poss:
        side = _gerund_subject(noun) if withs else []
        if not side:
            side = [t for t in _subject(gov) if t.i != noun.i] if gov is not None else []
    if not side and not rest:
        side = [t for t in _set_at(noun) if t.pos_ != "PRON"]  # "NATO decided at the summit"
    if not side and not rest:
        return None
    far = tuple(t.i for t in bound)  # the span stays "their meeting with Y"
    return _Meeting(noun, None, [side, rest], "meeting", _governor(noun) or noun, far)


def _gerund_subject(noun: Token) -> list[Token]:
    """``footage of the former president meeting with veterans``: a gerund ``meeting`` parsed as
    a noun with its subject as a compound before it; that person noun is the first side."""
    if noun.lower_ != "meeting":
        return []
    return [
        c
        for c in noun.children
        if c.dep_ == "compound" and c.i == noun.i - 1 and c.pos_ == "NOUN" and _is_party(c)
    ]


def _bound_possessor(poss: list[Token], gov: Token | None, noun: Token) -> list[Token]:
    """``the lawyers emerged from their meeting with Y``, ``after his meeting with Y, X said``: a
    possessive pronoun on the meeting noun is the subject of the clause governing it, when that
    subject is a party of the pronoun's number (and gender, when a word of it tells)."""
    if gov is None or len(poss) != 1 or poss[0].lower_ not in ("his", "her", "their"):
        return []
    subject = [t for t in _subject(gov) if t.i != noun.i and t.pos_ != "PRON" and _is_party(t)]
    if len(subject) != 1:
        return []
    head, pron = subject[0], poss[0].lower_
    several = _plural(head) or any(c.dep_ == "conj" for c in head.children)
    if several != (pron == "their"):
        return []
    if pron != "their":
        known = {_gender_words().get(t.lower_.rstrip(".")) for t in _np_tokens(head)} - {None}
        if known and _PRONOUN_GENDER[pron] not in known:
            return []
    return subject


def _their_clause(noun: Token, gov: Token | None, parties: list[Token]) -> _Meeting | None:
    """``X warned Y during their meeting``: a meeting whose one party is ``their``, set in a
    clause (``during``, ``at``, ``in``, ``after``, ``before`` it) with a subject and an object
    party, is that subject's and that object's."""
    if gov is None or len(parties) != 1 or parties[0].lower_ != "their":
        return None
    if _case(noun) not in ("during", "at", "in", "after", "before") or noun.head.i != gov.i:
        return None
    subject = [t for t in _subject(gov) if _is_party(t) and t.lower_ not in _PERSONAL]
    objects = [c for c in gov.children if _object(c) and _is_party(c)]
    if not subject or not objects:
        return None
    return _Meeting(noun, None, [subject, objects], "meeting", gov)


def _object(tok: Token) -> bool:
    """Is ``tok`` its verb's object, also a name the parser took for a predicate (``urged Mary
    Quinn during their meeting to ...``, ``warned Mary Quinn``: a proper-name ``xcomp`` of a verb
    with no other object)?"""
    if tok.dep_ in ("obj", "iobj"):
        return True
    if tok.dep_ != "xcomp" or tok.pos_ != "PROPN":
        return False
    return not any(c.dep_ in ("obj", "iobj") for c in tok.head.children)


def _held_by(noun: Token) -> list[Token]:
    """The parties of a meeting noun's light participle with an agent and a ``with`` side:
    ``the meetings held by X with Y`` -> X and Y (the ``with`` side under the participle or the
    agent); none without a party agent or without a ``with`` side (``a conference held by the
    party``: who else took part is not told)."""
    for verb in noun.children:
        if verb.dep_ != "acl" or verb.lower_ not in _lex().light or verb.tag_ != "VBN":
            continue
        agents = [
            c
            for c in verb.children
            if c.dep_ in ("obl:agent", "obl") and _case(c) == "by" and _is_party(c)
        ]
        if not agents:
            continue
        withs = [
            c
            for head in [verb, *agents]
            for c in head.children
            if c.dep_ in ("obl", "nmod") and _case(c) == "with" and _is_party(c)
        ]
        return agents + withs if withs else []  # "a conference held by X": X hosts, not told
    return []


def _in_negotiation(noun: Token) -> bool:
    state = _lex().state
    return any(c.lower_ in state for c in [*noun.children, *noun.head.children, noun.head])


def _unnamed_meeting(frame: Frame) -> _Meeting | None:
    """``the December meeting``, ``the next meeting``, ``talks begin on Monday``: no party."""
    lex, noun = _lex(), frame.trigger
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ in lex.visit:
        return None
    dated = any(
        c.lower_ in lex.when or c.lower_ in lex.calendar or c.like_num
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nummod", "nmod:poss", "nmod:tmod")
    )
    subject = noun.head if noun.dep_ == "nmod" and _case(noun) == "of" else noun
    scheduled = subject.dep_ in ("nsubj", "nsubj:pass") and subject.head.lower_ in lex.scheduling
    undetermined = not any(c.dep_ == "det" for c in noun.children)
    if not scheduled and (not dated or undetermined):
        return None
    coming = any(c.lower_ in lex.coming for c in noun.children)
    clause = subject.head if scheduled else noun
    return _Meeting(noun, None, [], "planned" if coming else "unnamed", clause)


def _points_back(noun: Token) -> bool:
    """Does meeting noun ``noun`` stand for a meeting told before (``the meeting``, ``that
    summit``; not ``a meeting``, ``the next meeting``, ``the annual meeting`` or ``the first
    such encounter``)?"""
    lex = _lex()
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ not in lex.earlier:
        return False
    kids = list(noun.children)
    dated = [g for c in kids if c.dep_ in ("nmod:tmod", "obl:tmod") for g in c.children]
    if any(c.lower_ in lex.when or c.lower_ in lex.not_earlier for c in kids + dated):
        return False  # one of a series, one still to come ("the talks next week"), another
    return any(c.dep_ == "det" and c.lower_ in lex.earlier_dets for c in kids)


def _earlier_meeting(frame: Frame) -> _Meeting | None:
    """``Sharpton asked for the meeting``: a definite meeting noun with no party, that stands
    for the last meeting told (its parties are the document's: ``_draft``)."""
    gov = _governor(frame.trigger)
    if not _points_back(frame.trigger) or _negated(frame.trigger):
        return None
    if gov is not None and _negated(gov):
        return None  # "did not attend the meeting", "no one asked for the meeting"
    return _Meeting(frame.trigger, None, [], "earlier", gov or frame.trigger)


def _in_title(tok: Token) -> bool:
    """A capitalised trigger inside a sentence is part of a name (``Meet the Press``)."""
    if tok.i == 0 or not tok.text[:1].isupper():
        return False
    before = tok.nbor(-1)
    return not (before.is_punct and (tok.i == 1 or before.text in ".!?:;"))


def _noun_reading(tok: Token) -> bool:
    """Is this trigger a meeting noun here (``talks`` tagged as a verb still is one)?"""
    lex = _lex()
    if tok.lower_ not in lex.nouns:
        return False
    return tok.pos_ in ("NOUN", "PROPN") or not (
        tok.lower_ in lex.symmetric or tok.lower_ in lex.host
    )


def _meetings(doc: Doc, frames: list[Frame], people: Container[str] = ()) -> list[_Meeting]:
    """The meetings of one parsed sentence, one per trigger, nested triggers folded in
    (``people``: the surnames of the persons the document names)."""
    nouns = {f.trigger.i: f for f in frames if _noun_reading(f.trigger)}
    used: set[int] = set()
    found: list[_Meeting] = []
    frames = [f for f in frames if not _in_title(f.trigger)]
    for f in frames:
        m = None
        if "host" in f.kinds and f.trigger.pos_ in ("VERB", "AUX"):
            m = _host_meeting(f, nouns)
            used.update(t.i for t in f.get("guest"))
        if m is None and f.kinds & {"light", "attend"}:
            m = _light_meeting(f, nouns)
            if m is not None:
                used.update([m.trigger.i, *(t.i for t in f.get("meeting"))])
        if m is None and "meet" in f.kinds and f.trigger.pos_ in ("VERB", "AUX"):
            m = _verb_meeting(f, nouns)
        if m is not None:
            found.append(m)
    for f in frames:
        if f.trigger.i in used or not _noun_reading(f.trigger):
            continue
        if f.kinds == {"earlier"}:
            m = _earlier_meeting(f)
        else:
            m = _noun_meeting(f, people) or _unnamed_meeting(f) or _earlier_meeting(f)
        if m is not None:
            found.append(m)
    return sorted([one for m in found for one in _each_with(m)], key=lambda m: m.trigger.i)


def _each_with(m: _Meeting) -> list[_Meeting]:
    """``meeting with A at the hospital and with B``: a ``with`` said again is another meeting,
    one per ``with`` side (the first side in each)."""
    if len(m.sides) < 2:
        return [m]
    again = _with_again(m)
    withs = [t for t in m.sides[1] if _case(t) == "with"] + again
    if len(withs) < 2 or (not any(t.dep_ == "conj" for t in withs) and not again):
        return [m]
    rest = [t for t in m.sides[1] if t not in withs]
    return [
        _Meeting(m.trigger, m.host, [m.sides[0], [w, *rest]], m.verb, m.clause, m.unspanned)
        for w in withs
    ]


def _with_again(m: _Meeting) -> list[Token]:
    """The parties the parser hung on the meeting word itself after its ``with`` party: ``met
    with A ..., as well as with B`` (B a ``with`` phrase under ``met``), ``meetings with A 10 days
    ago and B last week`` (B a name conjoined to ``meetings``): each another meeting."""
    withs = [t for t in m.sides[1] if _case(t) == "with"]
    if m.host is not None or len(withs) != 1:
        return []
    first = withs[0]
    trig = m.trigger
    return [
        c
        for c in trig.children
        if c.i > first.i
        and c not in m.sides[1]
        and c.pos_ in ("NOUN", "PROPN")
        and _is_party(c)
        and (
            (c.dep_ in ("advcl", "obl", "conj") and any(_is_with(g) for g in c.children))
            or (c.dep_ == "conj" and c.pos_ == "PROPN" and _case(c) is None and trig.pos_ == "NOUN")
        )
    ]


def _is_with(tok: Token) -> bool:
    """A ``with`` case marker (also after ``as well as``, which opens the phrase)."""
    return tok.dep_ == "case" and tok.lower_ == "with"


# --- texts, resolution, date and place ---------------------------------------------------------


def _resolve(
    doc: Doc, tok: Token, names: _Names, offset: int, exclude: list[str] | None = None
) -> list[str]:
    """The participant texts of the phrase headed by ``tok`` (pronouns and roles resolved; a
    pronoun never to one of ``exclude``, the meeting's other side)."""
    tok = _relative(tok)
    low = tok.lower_
    if _partitive(tok):  # "some of the rating agencies": the phrase, not a pronoun's person
        return [_span_text(doc, _np_tokens(tok))]
    if tok.pos_ == "PRON":
        bound = _bound_subject(tok)
        if bound is not None:  # "the senator said he met Y": the senator
            who_bound = _resolve(doc, bound, names, offset, exclude)
            if who_bound and not (exclude and _overlaps(who_bound[0], exclude)):
                return who_bound
        if low in ("he", "she", "him", "her", "his"):
            who = names.person_before(offset + tok.idx, pronoun=low, exclude=exclude)
            return [who] if who else []  # no one named before: no participant
        if low in ("i", "me", "my"):
            who = names.quote_speaker(offset + tok.idx)
            return [who] if who and not (exclude and _overlaps(who, exclude)) else []
        return []  # "they", "its": no one named to stand for
    name = _appositive_name(tok)
    if name is not None:  # "the French minister, Jane Doe,": Jane Doe
        return [_full(_span_text(doc, _np_tokens(name, top=False)), names)]
    tokens = _np_tokens(tok)
    text = _span_text(doc, tokens)
    counted = _counted(tokens, tok)
    if counted:  # "the two leaders": the last two leaders named
        who_all = names.people_before(
            offset + tokens[0].idx, _lex().aliases[singular(low)], counted
        )
        if who_all:
            return who_all
    origin = _origin(tokens, tok)
    if origin:  # "the Jordanian monarch": the king last named with Jordan
        at = offset + tokens[0].idx  # its country read before the phrase only
        who = names.person_before(at, _lex().aliases[low], origin=origin)
        if who:
            return [who]
    if not any(t.pos_ == "PROPN" for t in tokens):
        aliases = _lex().aliases.get(singular(low))
        bare = len(tokens) == 2 and tokens[0].lower_ in (
            "the",
            "this",
        )  # not "the Mexican president"
        if aliases and tok.tag_ != "NNS" and bare:
            who = names.person_before(offset + tok.idx, aliases)
            if who:
                return [who]
    return [_full(text, names)]


def _counted(tokens: list[Token], head: Token) -> int:
    """How many people ``the two leaders`` / ``both presidents`` names (a plural role of
    ``role_aliases`` counted by ``party_counts``), else 0."""
    lex = _lex()
    if head.tag_ != "NNS" or singular(head.lower_) not in lex.aliases or tokens[-1].i != head.i:
        return 0
    words_ = [t.lower_ for t in tokens[:-1]]
    if words_[:1] == ["the"]:
        words_ = words_[1:]
    return lex.counts.get(words_[0], 0) if len(words_) == 1 else 0


def _origin(tokens: list[Token], head: Token) -> str:
    """The nationality of ``the <Nationality> <role>`` (``the Jordanian monarch``), else ``""``."""
    if len(tokens) != 3 or tokens[0].lower_ != "the" or tokens[2].i != head.i:
        return ""
    if head.tag_ in ("NNS", "NNPS") or head.lower_ not in _lex().aliases:
        return ""
    return tokens[1].text if is_nationality(tokens[1].text) else ""


def _bound_subject(pron: Token) -> Token | None:
    """The subject a subject ``he``/``she`` stands for: the nearest governing clause's subject
    when it names a person (``the senator said he had met Y``; ``X ..., announcing he would
    meet Y``); None when that subject is another pronoun or no person (then the document's
    last person is taken)."""
    if pron.lower_ not in ("he", "she") or pron.dep_ not in ("nsubj", "nsubj:pass"):
        return None
    gender = _PRONOUN_GENDER[pron.lower_]
    verb = pron.head
    for _ in range(4):
        if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or verb.head is verb:
            return None
        verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if not subjects:
            continue
        subj = subjects[0]
        if subj.pos_ == "PRON" or not _is_party(subj) or subj.tag_ in ("NNS", "NNPS"):
            return None
        known = {_gender_words().get(t.lower_.rstrip(".")) for t in _np_tokens(subj)} - {None}
        return subj if gender in known or not known else None
    return None


def _appositive_name(tok: Token) -> Token | None:
    """The name set off by commas after a person noun (``the foreign minister, Jane Doe,``)."""
    if tok.pos_ != "NOUN" or tok.tag_ == "NNS":
        return None
    for child in tok.children:
        if child.dep_ != "appos" or child.pos_ != "PROPN" or child.i < tok.i:
            continue
        edge = _first_word(child)  # the comma may hang inside the name: ", Xi Jinping"
        if edge.i > 0 and edge.nbor(-1).text == ",":
            return child
    return None


def _full(text: str, names: _Names) -> str:
    """``Mr Prescott`` -> ``John Prescott`` when the document names him in full."""
    words_ = text.split()
    if 1 <= len(words_) <= 2 and (len(words_) == 1 or words_[0].lower().rstrip(".") in HONORIFICS):
        return names.full.get(words_[-1], text)
    return text


def _texts(
    doc: Doc,
    heads: list[Token],
    names: _Names,
    offset: int,
    role: str | None,
    exclude: list[str] | None = None,
) -> list[str]:
    out: list[str] = []
    heads_at = {t.i for t in heads}
    absorbed: set[int] = set()  # tokens of a name read on from an earlier head
    for head in heads:
        if head.i in absorbed:
            continue
        runs = {m.i: _name_after(m, heads_at) for m in _members(_relative(head))}
        members = [m for m in _members(_relative(head)) if _is_party(m) or runs[m.i]]
        named = any(runs.values())
        for member in members:
            run = runs[member.i]
            if run:  # "Mexican President Enrique" + "PeÃ±a Nieto" cut by the parse: one name
                absorbed.update(t.i for t in run)
                found = [_full(_span_text(doc, _np_tokens(member) + run), names)]
            elif named and member.pos_ == "NOUN" and member.tag_ == "NN":
                continue  # "civil rights leader and television host Al Sharpton": one person
            else:
                found = _resolve(doc, member, names, offset, exclude)
            for text in found:
                for part in _split(text, role):
                    if part and part not in out:
                        out.append(part)
    out = _headed(out)  # "five Cuban" + "two American officials" read as members one by one
    return [p for p in out if not any(q != p and q.startswith(p + " ") for q in out)]


def _name_after(tok: Token, heads: Container[int]) -> list[Token]:
    """The capitalised words right after the phrase of a name or a singular role that the
    parse cut off: ``Mexican President Enrique`` + ``PeÃ±a Nieto`` (a mis-encoded letter
    made ``PeÃ±a`` a common noun and ``Nieto`` a second party), ``television host`` + ``Al
    Sharpton`` (hung elsewhere as an apposition). A word is read on when it is mis-tagged (not
    a proper noun), a part of a name (``flat``, ``compound``, an apposition), or another party
    head of the same side, an initial, a word under one read on, or a fragment the parse left
    as a root of its own; never a date
    word, and only up to the first other word. Empty when no proper noun follows so."""
    if (tok.pos_ == "NOUN" and tok.tag_ != "NN") or tok.pos_ not in ("NOUN", "PROPN"):
        return []
    doc = tok.doc
    i = max(t.i for t in _np_tokens(tok)) + 1
    run: list[Token] = []
    calendar = _lex().calendar
    while i < len(doc):
        t = doc[i]
        if not t.text[:1].isupper() or t.is_punct or t.lower_ in calendar:
            break
        broken = t.dep_ == "ROOT" and any(r.dep_ == "ROOT" for r in doc[: t.i])
        initial = re.fullmatch(r"[A-Z]\.", t.text) is not None  # "Vladimir V. Putin"
        initial = initial or (bool(run) and re.fullmatch(r"[A-Z]\.", run[-1].text) is not None)
        name_dep = t.dep_ in ("flat", "compound", "appos", "nmod:desc")
        part = name_dep or t.i in heads or broken or initial or (bool(run) and t.head in run)
        if t.pos_ == "PROPN" and not part:
            break
        run.append(t)
        i += 1
    if not any(t.pos_ == "PROPN" for t in run):
        return []
    return run


def _split(text: str, role: str | None) -> list[str]:
    """The members of a coordinated phrase, or the phrase whole when a member would be one
    lower-case word naming no one (``any and every group``, ``minister of trade and energy``)."""
    if " " not in text:
        return [text]
    parts = _headed(split_coordination(text, role=role))
    lex = _lex()
    kept = []
    for part in parts:
        low = part.lower()
        if " " not in part and part[:1].islower() and not (low in lex.groups or _people_word(low)):
            if re.search(rf"\band {re.escape(part)}\b|\b{re.escape(part)} and\b", text):
                return [text]  # "the minister of trade and industry": one person
            continue  # "... and China, sessions devoted to": no one
        kept.append(part)
    return kept


_HEADLESS = re.compile(r"^(?:(?:the|some|\d+|[a-z]+)\s+)?[A-Z][a-z]+(?:an|ian|ese|ish|i)$")


def _headed(parts: list[str]) -> list[str]:
    """``five Cuban`` + ``two American officials`` -> ``five Cuban officials``: a member made of
    a nationality (and a number) shares the last member's noun."""
    if len(parts) < 2:
        return parts
    head = parts[-1].split()[-1]
    if len(parts[-1].split()) < 2 or not head[:1].islower():
        return parts
    return [f"{p} {head}" if _HEADLESS.match(p) else p for p in parts[:-1]] + parts[-1:]


def _place(doc: Doc, m: _Meeting, dates: list[DateMention]) -> Token | None:
    """An ``in``/``at`` proper-noun phrase on the trigger, its clause verb or a party."""
    anchors = {m.trigger.i} | ({m.clause.i} if m.clause is not None else set())
    anchors |= {t.i for side in m.sides for t in side}
    for tok in doc:
        if tok.head.i not in anchors or tok.dep_ not in ("obl", "nmod") or tok.i == tok.head.i:
            continue
        if _case(tok) not in ("in", "at") or tok.lower_ in _lex().calendar:
            continue
        if tok.pos_ != "PROPN" or any(d.start <= tok.idx < d.end for d in dates):
            continue
        return tok
    return None


def _pick_date(doc: Doc, m: _Meeting, dates: list[DateMention]) -> DateMention | None:
    """The date mention of the meeting's clause nearest the trigger."""
    clause = m.clause or m.trigger
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
    usable = [d for d in dates if d.relation not in _SKIP_DATE_RELATIONS]
    inside = [d for d in usable if lo <= d.start < hi]
    if inside or m.verb in ("planned", "unnamed", "earlier"):
        usable = inside  # else the parse may have hung the date elsewhere: nearest in the sentence
    if not usable:
        return None
    at = m.trigger.idx
    return min(usable, key=lambda d: min(abs(d.start - at), abs(d.end - at)))


def _future(m: _Meeting) -> bool:
    """Is the meeting still to come (``will meet``, ``is due to meet``, ``plans to host``)?"""
    verb = m.clause if m.clause is not None and m.clause.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return False
    future = _lex().future - {"to"}
    if any(c.lower_ in future for c in verb.children if c.dep_ in ("aux", "aux:pass")):
        return True
    return verb.dep_ == "xcomp" and verb.head.lower_ in future


@dataclass(frozen=True, slots=True)
class _Found:
    host: str | None
    first: list[str]
    others: list[str]
    start: int
    end: int


def _read(doc: Doc, m: _Meeting, names: _Names, offset: int) -> _Found:
    """Texts of the host and both sides, and the token span they cover (sentence offsets)."""
    host = _texts(doc, [m.host], names, offset, None) if m.host is not None else []
    role = role_of(host[0]) if host else None
    named = [  # the other side's names, that a pronoun of the first side is not
        _span_text(doc, _np_tokens(t))
        for t in (m.sides[1] if len(m.sides) > 1 else [])
        if t.pos_ == "PROPN"
    ]
    first = _texts(doc, m.sides[0], names, offset, role, named) if m.sides else []
    others = _texts(doc, m.sides[1], names, offset, role, first + host) if len(m.sides) > 1 else []
    others = [o for o in others if not _same_person(o, first + host)]
    first = [p for p in first if not _same_person(p, host)]
    toks = [m.trigger] + ([m.host] if m.host is not None else [])
    for side in m.sides:
        for t in side:
            toks += [t.left_edge, t.right_edge] if t.dep_ != "conj" else [t]
    heads = [m.trigger, *(t for side in m.sides for t in side if t.i not in m.unspanned)]
    heads += [m.host] if m.host is not None else []
    spans = [tok for h in heads for tok in _np_tokens(h)] + [m.trigger]
    start = min(t.idx for t in spans)
    end = max(t.idx + len(t.text) for t in spans)
    return _Found(host[0] if host else None, first, others, start, end)


def _alone(m: _Meeting) -> bool:
    """May the one party of ``m`` meet alone: a body or a group (``the committee met``), named
    as the subject, possessor or name of the meeting, not as its ``with`` side?"""
    heads = [t for side in m.sides for t in side if _case(t) != "with"]
    groups = _lex().groups
    return any(
        t.pos_ != "PRON"
        and _is_party(t)
        and (_is_body(t) or t.lower_ in groups or (_plural(t) and t.lower_ != "people"))
        for t in heads
    )


def _takes_part(m: _Meeting) -> bool:
    """May the one person of ``m`` take part in it alone (the others not told): the subject of
    an attend verb over a meeting noun (``Clinton attended the meeting alone``) or the
    possessor of a meeting noun (``Clinton's private meetings``)?"""
    noun = m.trigger
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ in _lex().visit:
        return False
    if m.clause is not None and m.clause.lower_ in _lex().attend and m.clause.i != noun.i:
        return noun.dep_ == "obj" and noun.head.i == m.clause.i
    people = [t for side in m.sides for t in side]
    return len(people) == 1 and people[0].dep_ == "nmod:poss" and people[0].pos_ == "PROPN"


def _plural(tok: Token) -> bool:
    """A plural phrase: its head, or the last word of a name (``Nevada Democrats``)."""
    if tok.tag_ == "NNS":
        return True
    last = max(_np_tokens(tok), key=lambda t: t.i)
    return tok.pos_ == "PROPN" and last.tag_ == "NNPS" and last.head.i == tok.i


def _same_person(name: str, others: list[str]) -> bool:
    """Is ``name`` one of ``others`` (``Gordon Brown`` in ``UK finance minister Gordon Brown``)?"""
    words_ = name.lower().split()
    n = len(words_)
    for other in others:
        ow = other.lower().split()
        if any(ow[i : i + n] == words_ for i in range(len(ow) - n + 1)):
            return True
    return False


def _joined(people: list[str]) -> str:
    people = [_lower_article(p) for p in people]
    return ", ".join(people[:-1]) + " and " + people[-1] if len(people) > 1 else "".join(people)


def _lower_article(phrase: str) -> str:
    """``The delegation`` -> ``the delegation`` inside a claim sentence."""
    first, _, rest = phrase.partition(" ")
    if rest and first in ("The", "A", "An", "His", "Her", "Their", "Its", "Some", "Both"):
        return first.lower() + " " + rest
    return phrase


def _several(people: list[str]) -> bool:
    """One party that is several people meeting each other (``the two leaders``, ``both
    sides``, ``the 12 ministers``)."""
    if len(people) != 1:
        return False
    words_ = people[0].lower().split()
    while words_ and words_[0] in ("the", "all"):
        words_ = words_[1:]
    return len(words_) > 1 and (words_[0] in _lex().several or words_[0].isdigit())


def _claim_text(m: _Meeting, f: _Found, where: str, future: bool) -> str:
    """One short self-contained sentence of the fact."""
    if f.host:
        verb = m.verb if not future else "will " + m.verb.removesuffix("d").removesuffix("e") + "e"
        verb = {"will hoste": "will host", "will organise": "will organise"}.get(verb, verb)
        guests = _joined(f.others) if f.others else "a meeting"
        body = f"{_lower_article(f.host)} {verb} {guests}{where}"
    elif f.first and f.others:
        body = f"{_joined(f.first)} {'will meet' if future else 'met'} {_joined(f.others)}{where}"
    elif len(f.first + f.others) > 1 or (f.first + f.others and _several(f.first + f.others)):
        body = f"{_joined(f.first + f.others)} {'will meet' if future else 'met'}{where}"
    elif f.first or f.others:
        took = "will take" if future else "took"
        body = f"{_joined(f.first + f.others)} {took} part in a meeting{where}"
    elif m.verb == "planned" or future:
        body = f"A meeting is planned{where}"
    else:
        body = f"A meeting took place{where}"
    return body[:1].upper() + body[1:] + "."


def _coming(phrase: str) -> bool:
    """Does a date phrase tell a time still to come (``next week``, ``the coming days``)?"""
    return any(w in _lex().coming for w in phrase.lower().split())


def _told_before(m: _Meeting, f: _Found, state: DocumentMeetings, offset: int) -> _Found:
    """``f`` with the parties of the meeting told last before it when ``m`` stands for that
    one: a definite meeting noun (``the meeting``, ``that summit``) naming no one, or only
    one of its parties (``The meeting with Sharpton``, after Sanders met Sharpton)."""
    if f.host or m.verb not in ("earlier", "unnamed", "meeting") or not _points_back(m.trigger):
        return f
    named = f.first + f.others
    if len(named) > 1:
        return f
    told = state.last_before(offset + m.trigger.idx)
    before = list(told.people) if told is not None else []
    if len(before) < 2 or (named and not _same_person(named[0], before)):
        return f
    if not named:
        return replace(f, first=before, others=[])
    return replace(f, first=[p for p in before if not _overlaps(p, named)], others=named)


def _they_told(m: _Meeting, f: _Found, state: DocumentMeetings, offset: int) -> tuple[_Found, bool]:
    """``X and Y first met in 2007 ... They met again in July 2008``: a ``they`` that is the only
    party of a meet verb stands for the people of the meeting told last before it (kept, as any
    borrowed meeting, only with a date or place of its own, or an ``again`` word on the verb:
    the second value)."""
    heads = [t for side in m.sides for t in side]
    if f.host or f.first or f.others or m.verb != "met" or m.trigger.pos_ not in ("VERB", "AUX"):
        return f, False
    if len(heads) != 1 or heads[0].lower_ != "they" or heads[0].dep_ != "nsubj":
        return f, False
    told = state.last_before(offset + m.trigger.idx)
    if told is None or len(told.people) < 2:
        return f, False
    again = any(c.lower_ in _lex().again for c in m.trigger.children if c.dep_ == "advmod")
    return replace(f, first=list(told.people), others=[]), again


def _draft(sentence: Sentence, context: RuleContext, doc: Doc, m: _Meeting,
           state: DocumentMeetings, dates: list[DateMention]) -> Draft | None:  # fmt: skip
    names = state.names
    read = _read(doc, m, names, sentence.start)
    f = _told_before(m, read, state, sentence.start)
    f, again = _they_told(m, f, state, sentence.start)
    borrowed = not (read.first or read.others) and f is not read  # no one of its own named
    if m.verb == "earlier" and not f.first:
        return None  # "the meeting", no meeting told before it
    if m.verb not in ("planned", "unnamed", "earlier") and not (f.host or f.first or f.others):
        return None
    if m.host is not None and not f.host:
        return None  # "it had received 30 reports": no one hosts
    if m.verb in ("received", "welcomed") and len(m.sides) > 1 and m.sides[1] and not f.others:
        return None  # "welcomed them": the guests not known, no meeting to tell
    if not f.host and len(m.sides) > 1 and m.sides[1] and not f.others:
        return None  # "regular meetings with both of them": the other side is no party
    if not f.host and m.sides and m.sides[0] and not f.first and m.verb != "meeting":
        return None  # "When I met with A and B": the side not known, A and B did not meet
    lone = not f.host and m.verb != "unnamed" and len(f.first + f.others) == 1
    if lone and not _alone(m) and not _takes_part(m):
        return None  # one party meets only as a body: "the European Council will meet"
    future = _future(m)
    anyone = [t for side in m.sides for t in side if any(c.lower_ == "any" for c in t.children)]
    if future and anyone:
        return None  # "will meet with any candidate who asks": a willingness, not a meeting
    date = _pick_date(doc, m, dates)
    place_tok = _place(doc, m, dates)
    place = _span_text(doc, _np_tokens(place_tok)) if place_tok is not None else None
    where = ""
    if place:
        where = f" at {place}" if place.lower().startswith("the ") else f" in {place}"
    if date is not None and date.date:
        where += (" on " if len(date.date) == 10 else " in ") + format_date(date.date)
    told = state.last_before(sentence.start + m.trigger.idx) if borrowed else None
    if borrowed and date is not None and _coming(sentence.text[date.start : date.end]):
        return None  # "the talks next week": a meeting still to come, not the one told
    new_date = date is not None and date.date and (told is None or date.date != told.date)
    new_place = place and (told is None or place != told.place)
    if borrowed and not (new_date or new_place or again):
        return None  # "the meeting went well": the meeting told before, nothing new of it
    end = f.end
    if place_tok is not None and place_tok.idx - f.end < 40:
        last = max(_np_tokens(place_tok), key=lambda t: t.i)  # not "... and with Y" under it
        end = max(end, last.idx + len(last.text))
    if date is not None and 0 <= date.start - f.end < 40:
        end = max(end, date.end)
    return Draft(
        type=ClaimType.MEETING,
        start=sentence.start + f.start,
        end=sentence.start + end,
        text=_claim_text(m, f, where, future),
        slots={
            "host": f.host,
            "participants": f.first + f.others,
            "date": date.date if date is not None else None,
            "place": place,
        },
    )


def find_meetings(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """MEETING drafts for one sentence: ``host``, ``participants``, ``date``, ``place``."""
    text = wants_parse(sentence)
    if text is None:
        return []
    state = _state(context)
    doc = context.parses.get(text)
    frames = find_frames(doc)
    if all(f.kinds == {"earlier"} for f in frames):  # no frame naming anyone: the parse may
        surface = legacy.find_meetings(sentence, context)  # have gone wrong, the surface rules
        if surface or not frames:  # may still read it
            return surface
    found = _meetings(doc, frames, state.names.given())
    if not found:
        return []
    dates = find_dates(sentence.text, context.reference_date)
    drafts = [d for m in found if (d := _draft(sentence, context, doc, m, state, dates))]
    for d in drafts:
        everyone = ([d.slots["host"]] if d.slots["host"] else []) + list(d.slots["participants"])
        if len(everyone) > 1:
            state.told.append(_Told(d.start, tuple(everyone), d.slots["date"], d.slots["place"]))
    return drafts
