"""References left in claim texts, resolved from the document: pronouns, roles, relative dates.

``claims.render`` gives each claim a clause of its sentence; a clause cut from its sentence
may still lean on the text before it: ``He joined the shadow cabinet in 1980.``, ``Its shares
were down 10%.``, ``The company said ...``, ``The following year Bournemouth hosted the
event.``. ``TextRefs`` holds one document's explicit state for naming them, built once per
document by one linear pass (``People``: every person the text names with a given name,
honorific or title, and every later mention of them, in order) and asked for each claim text:

- a ``he``/``she`` (``his``, ``her``, ``him``) opening a text, or inside it with no person
  named in the text, becomes the person it stands for: the one person of its gender (a given
  name or honorific tells it: ``people.json``) that its sentence, before it, and the sentence
  before name; never when a person of unknown gender is named there (a word that opens
  sentences as a subject after a first name elsewhere, ``Ray Charles ... Charles turned``), or
  another name opens either sentence; a pronoun of that gender before the name (or with no
  name there) is followed back the same way, up to six sentences, and must name the same
  person (``She ... . She ... . She walks in``);
- an opening ``It``/``Its`` (not an expletive ``It is``, ``It takes ... to``), and an opening
  role of an organisation or person (``The company``, ``The minister``: the role words of
  ``claims/lexicon/text_refs.json``), become what the statement family's speaker resolution
  names (``claims.rules.statements.resolve_speaker``, passed in as the renderer's resolver),
  only when that name is written in the text just before the pronoun or role (a name found
  farther back is no confident reading);
- a relative date another claim of the sentence resolved (``The following year`` read as 2003
  from the year before it) is written out in the text as the date claims' own texts are
  (``claims.values.dates.rewrite_relative``).

Words inside quotation marks are never changed (a quotation keeps its words). What cannot be
resolved confidently stays as written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from claims import lexicon
from claims.docindex import doc_memo
from claims.model import ClaimType
from claims.quotes import opens_quote
from claims.rules.base import Draft, Sentence
from claims.values.dates import DateMention, rewrite_relative

__all__ = ["People", "TextRefs"]

#: Resolves a mention at a document offset to what it names (``claims.render.Resolver``).
Resolver = Callable[[str, int], str]

#: The claim types whose texts are resolved here (statements name their speaker themselves).
_TYPES = frozenset(
    {ClaimType.QUANTITY, ClaimType.DATE, ClaimType.ACTION, ClaimType.FACT, ClaimType.COMPARISON}
)
_QUOTES = re.compile('["\u201c\u201d]')
_SENTENCE_END = re.compile(r"[.!?][\"”’']*\s+(?=[\"“‘'(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class _Words:
    gender: dict[str, str]  # a given name or gendered word -> "he" / "she"
    given: dict[str, str]  # a given name -> "he" / "she"
    not_names: frozenset[str]  # last words that end no person's name (arena, senate)
    titles: frozenset[str]  # words that title a person named after them (gender unknown)
    closed: frozenset[str]  # determiners, prepositions, pronouns, function words
    name_re: re.Pattern[str]
    org_roles: frozenset[str]
    person_roles: frozenset[str]
    expletive_re: re.Pattern[str]
    window: int


@cache
def _words() -> _Words:
    people, titles, closed = (lexicon.table(n) for n in ("people", "titles", "closed_class"))
    refs = lexicon.table("text_refs")
    gender = {
        **{x: "she" for x in (*people["female_given_names"], *people["female_words"])},
        **{x: "he" for x in (*people["male_given_names"], *people["male_words"])},
    }
    given = {
        **{x: "she" for x in people["female_given_names"]},
        **{x: "he" for x in people["male_given_names"]},
    }
    heads = sorted(
        {w.lower().rstrip(".") for k in ("honorifics", "person_titles") for w in titles[k]}
        | {w.lower() for w in titles["abbreviated_titles"]}
        | set(refs["gendered_titles"]),
        key=lambda w: (-len(w), w),
    )
    cap = r"[A-Z][a-z][\w'’]*(?:-[A-Z][\w'’]*)*"  # not "Bush-spent"
    name_re = re.compile(
        rf"(?<![\w'’.-])(?:(?P<title>(?i:{'|'.join(map(re.escape, heads))}))\.?\s+)?"
        rf"(?P<name>{cap}(?:\s+(?:[A-Z]\.\s+)?{cap}){{0,3}})"
    )
    return _Words(
        gender=gender,
        given=given,
        not_names=frozenset(
            [*people["not_name_heads"], *lexicon.table("organisations")["org_heads"]]
        ),
        titles=frozenset(heads),
        closed=frozenset(
            x.lower()
            for k in ("determiners", "prepositions", "pronouns", "function_words")
            for x in closed[k]
        ),
        name_re=name_re,
        org_roles=frozenset(refs["organisation_roles"]),
        person_roles=frozenset(refs["person_roles"]),
        expletive_re=re.compile(refs["expletive_it"]),
        window=int(refs["window"]),
    )


@dataclass(slots=True)
class _Person:
    name: str  # as the text names them in full (``Neil Kinnock``, else ``Mr Kinnock``)
    gender: str | None  # "he", "she", or None (unknown or both: ``Bill``/``Hillary Clinton``)
    full: bool  # ``name`` holds a given name


@dataclass(slots=True)
class People:
    """The persons a document names and where it mentions them, in document order: built by
    one pass over the text (``build``); the explicit state of the pronoun resolution."""

    persons: dict[str, _Person] = field(default_factory=dict)  # by surname
    offsets: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # the surname of each mention
    names: list[str] = field(default_factory=list)  # whom each mention names in full
    genders: list[str | None] = field(default_factory=list)  # and that person's gender

    @classmethod
    def of(cls, doc: str) -> People:
        """The persons of ``doc``, built once per document (kept in its ``DocText``
        indexes: the claim texts' renderer and ``TextRefs`` share them)."""
        return doc_memo(doc, "text_refs.people", lambda: cls.build(doc))

    @classmethod
    def build(cls, doc: str) -> People:
        w = _words()
        out = cls()
        unknown = _surname_subjects(doc, w)
        latest: dict[str, tuple[str, str | None]] = {}  # surname -> the last full mention's
        for m in w.name_re.finditer(doc):
            title = (m.group("title") or "").lower()
            spans = [(x.start(), x.group()) for x in re.finditer(r"\S+", m.group("name"))]
            if spans[0][1].lower() in w.closed:  # "But Sanders", "While Trump": the name after
                if title or len(spans) == 1:
                    continue
                spans = spans[1:]
            at = m.start("name") + spans[0][0]
            words = [x.removesuffix("'s").removesuffix("’s") for _, x in spans]
            if words[0].lower() in w.closed:
                continue
            given = w.given.get(words[0].lower()) if len(words) > 1 else None
            told = w.gender.get(title) or given
            surname = words[-1]
            if surname.lower() in w.not_names:
                continue
            known = out.persons.get(surname)
            if title or given:
                full = given is not None
                name = " ".join(words) if full else f"{m.group('title')} {surname}"
                if known is None:
                    out.persons[surname] = _Person(name, told, full)
                else:
                    if told and known.gender and told != known.gender:
                        known.gender = None  # "Bill Clinton" and "Hillary Clinton": unknown
                    elif told and known.gender is None and not known.full:
                        known.gender = told
                    if full and not known.full:
                        known.name, known.full = name, True
            elif known is None and surname in unknown:
                out.persons[surname] = _Person(" ".join(words), None, len(words) > 1)
            elif known is None or (len(words) > 1 and words[0] not in known.name.split()):
                continue
            person = out.persons[surname]
            if given is not None:  # "Hillary Clinton" ... "Clinton": hers until another
                latest[surname] = (" ".join(words), given)
            named, gender = latest.get(surname, (person.name, person.gender))
            out.offsets.append(at)
            out.keys.append(surname)
            out.names.append(named)
            out.genders.append(gender)
        return out

    def vouch(self, pronoun: str, offset: int, doc: str, name: str) -> str | None:
        """Whether another reading may name ``name`` for ``he``/``she`` at ``offset``: the one
        person this state finds when it finds one (a reading that disagrees with it is wrong),
        else ``name`` when it opens the pronoun's sentence or the sentence before as its
        subject (``Gowdy earlier said ... . He promised``), or when its surname is the last
        person of that gender the text mentions before the pronoun and no given name of that
        gender outside ``name`` is written between them (``Bob said he``, ``Santilli's
        insistence that he``: the nearer person). Never for a pronoun inside a quotation."""
        if _in_quote(doc, offset):
            return None  # the quoted speaker's "he": the words of a quotation stay
        sure = self.person(pronoun, offset, doc)
        surname = name.split()[-1]
        if sure is not None:
            return name if sure.split()[-1] == surname else sure
        here = _sentence_start(doc, offset)
        opener = re.compile(
            rf"[\"“‘']?(?:[A-Z][\w.'’-]*\s+){{0,4}}?{re.escape(surname)}(?=\s*(?:[a-z]|[—–,-]))"
        )
        w = _words()
        own = set(name.split())
        if self._other_before(pronoun, here, offset, doc, surname, own, w):
            return None  # "Later, Bob Marsh said he": the person of its own clause
        for at in (here, _sentence_start(doc, max(0, here - 2))):
            if at < offset and opener.match(doc, at, offset):
                return name  # the subject opening this or the sentence before: its pronoun
        last = doc.rfind(surname, 0, offset)  # a name this state does not hold (no given name)
        for k in range(bisect.bisect_left(self.offsets, offset) - 1, -1, -1):
            if surname not in self.persons and self.offsets[k] < last:
                break  # only the persons named after that name
            if self.genders[k] not in (pronoun, None) or _in_quote(doc, self.offsets[k]):
                continue
            if self.keys[k] != surname:
                return None  # a nearer person the pronoun may stand for
            last = self.offsets[k]
            break
        if last < 0 or self._other_before(pronoun, last, offset, doc, surname, own, w):
            return None
        return name

    def _other_before(
        self, pronoun: str, lo: int, hi: int, doc: str, surname: str, own: set[str], w: _Words
    ) -> bool:
        """Does ``doc[lo:hi]`` name another person the pronoun may stand for: a person of
        its gender (or of unknown gender) this state holds, or a given name of its gender
        outside ``own``?"""
        for k in range(bisect.bisect_left(self.offsets, lo), bisect.bisect_left(self.offsets, hi)):
            key = self.keys[k]
            other = key != surname and self.genders[k] in (pronoun, None)
            if other and not _in_quote(doc, self.offsets[k]):
                return True
        for m in re.finditer(r"(?<![\w'’-])([A-Z][a-z]+)(?![\w'’-])", doc[lo:hi]):
            if w.given.get(m.group(1).lower()) == pronoun and m.group(1) not in own:
                return True
        return False

    def person(self, pronoun: str, offset: int, doc: str, depth: int = 0) -> str | None:
        """The person ``he``/``she`` at ``offset`` stands for, or None when not sure: the one
        person of that gender the pronoun's sentence (before it) and the sentence before name,
        when no person of unknown gender is named there and neither sentence opens with another
        name; a pronoun of that gender before that name (or with no name there) goes on from
        farther back, and is read the same way (a chain of ``He ... . He ...``), and must name
        the same person."""
        here = _sentence_start(doc, offset)
        start = _sentence_start(doc, max(0, here - 2))
        lo = bisect.bisect_left(self.offsets, start)
        hi = bisect.bisect_left(self.offsets, offset)
        found: dict[str, tuple[int, str]] = {}  # surname -> its first mention, named in full
        for k in range(lo, hi):
            if _in_quote(doc, self.offsets[k]) and not _in_quote(doc, offset):
                continue  # a name quoted from someone's words: no antecedent of the writer's
            if self.genders[k] is None:
                return None  # a person the words do not tell: the pronoun may be theirs
            if self.genders[k] == pronoun:
                found.setdefault(self.keys[k], (self.offsets[k], self.names[k]))
        if len(found) > 1:
            return None  # two persons of that gender ("Donald J. Trump" and "Trump" are one)
        surname, (first, key) = next(iter(found.items())) if found else ("", (offset, ""))
        own = key.split()
        for at in (start, here):
            lead = re.match(r"[\"“‘']?([A-Z][\w'’-]+)", doc[at : at + 40])
            if lead is None or lead.group(1).lower() in _words().closed:
                continue
            word = lead.group(1)
            other = word not in own and not _FORMS[pronoun].match(word)
            if other and (word in self.persons or _is_name(word, doc)):
                return None  # another name opens the sentence: its subject may be it
        chained = _FORMS[pronoun].search(doc, start, first)
        if chained is None:
            return key or None
        if depth >= _CHAIN or chained.start() >= offset:
            return None
        earlier = self.person(pronoun, chained.start(), doc, depth + 1)
        same = earlier is not None and (not key or earlier.split()[-1] == surname)
        return earlier if same else None


#: How many sentences of pronouns back a chain (``She ... . She ... .``) is followed.
_CHAIN = 6

_FORMS = {
    "he": re.compile(r"(?<![\w'’-])(?:[Hh]e|[Hh]is|[Hh]im|[Hh]imself)(?![\w'’-])"),
    "she": re.compile(r"(?<![\w'’-])(?:[Ss]he|[Hh]er|[Hh]erself|[Hh]ers)(?![\w'’-])"),
}


def _in_quote(doc: str, offset: int) -> bool:
    """Is ``offset`` inside a direct quotation of its paragraph (the last quotation mark
    before it opens one, read by ``claims.quotes.opens_quote``)?"""
    para = doc.rfind("\n", 0, offset) + 1
    last = None
    for m in _QUOTES.finditer(doc, para, offset):
        last = m.start()
    return last is not None and opens_quote(doc, last)


def _is_name(word: str, doc: str) -> bool:
    """Is ``word`` written capitalised after a lowercase word somewhere (a name, not a word
    capitalised for opening its sentence)?"""
    at = doc.find(word, 2)
    while at >= 0:  # the search of ``(?<=[a-z,] )WORD(?![\w'’-])``, without a pattern a word
        after = doc[at + len(word) : at + len(word) + 1]
        before = doc[at - 2]
        if doc[at - 1] == " " and ("a" <= before <= "z" or before == ",") and not _word_char(after):
            return True
        at = doc.find(word, at + 1)
    return False


def _word_char(ch: str) -> bool:
    r"""Does the one character ``ch`` (or "") match ``[\w'’-]`` (``\w``: ``str.isalnum``, or
    ``_``)?"""
    return ch.isalnum() or ch in ("_", "'", "’", "-")


#: A capitalised word opening a sentence before a lowercase word (``Charles turned ...``).
_OPENER_RE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s))([A-Z][a-z'’-]+)\s+[a-z]", re.M)


def _surname_subjects(doc: str, w: _Words) -> frozenset[str]:
    """Words that open a sentence as its subject and follow another capitalised word
    elsewhere (``Ray Charles ... Charles turned ...``): people whose given name the word lists
    may not know, so that a pronoun near them is not read as someone else's."""
    openers = {m.group(1) for m in _OPENER_RE.finditer(doc)}
    openers = {x for x in openers if x.lower() not in w.closed and x.lower() not in w.not_names}
    full = {m.group(1) for m in re.finditer(r"\b[A-Z][a-z'’-]+ (?=([A-Z][a-z'’-]+))", doc)}
    return frozenset(openers & full)


def _sentence_start(doc: str, offset: int) -> int:
    last = 0  # the match may look at the character at ``offset`` (a sentence it opens)
    for m in _SENTENCE_END.finditer(doc, max(0, offset - 600), min(len(doc), offset + 2)):
        if m.end() <= offset:
            last = m.end()
    return last


_PRONOUN = {"he": "he", "she": "she", "his": "he", "her": "she", "him": "he"}
_INNER_RE = re.compile(r"(?<![\w'’-])(?:he|she|his|her|him)(?![\w'’-])")
_OPENING_RE = re.compile(r"(?P<word>He|She|His|Her|It|Its)(?![\w'’-])")
_ROLE_RE = re.compile(r"The\s+(?P<words>[a-z][a-z'’]*(?:[\s-]+[a-z][a-z'’]*){0,3})")


class TextRefs:
    """One document's reference resolution for its claim texts (see the module's doc)."""

    def __init__(
        self, doc: str, items: Sequence[tuple[Draft, Sentence]], resolve: Resolver | None
    ) -> None:
        self.doc = doc
        self.resolve = resolve
        self._people: People | None = None
        self.dates: dict[int, list[tuple[str, str, str | None]]] = {}
        for draft, s in items:
            iso, said = draft.slots.get("date"), draft.slots.get("expression")
            dated = draft.type == ClaimType.DATE and isinstance(iso, str) and isinstance(said, str)
            if dated and not re.search(r"\b\d{4}\b", str(said)):
                relation = draft.slots.get("relation")
                rel = relation if isinstance(relation, str) else None
                self.dates.setdefault(s.start, []).append((str(said), str(iso), rel))

    @property
    def people(self) -> People:
        if self._people is None:
            self._people = People.of(self.doc)
        return self._people

    def texts(self, draft: Draft, s: Sentence, rungs: list[str]) -> list[str]:
        """The rungs of a claim's text ladder with their references resolved."""
        if draft.type not in _TYPES:
            return rungs
        return [self.text(r, draft, s) for r in rungs]

    def text(self, text: str, draft: Draft, s: Sentence) -> str:
        out = self._dated(text, s)
        out = self._opening(out, draft, s)
        return self._inner(out, draft, s)

    # --- relative dates ---------------------------------------------------------------------

    def _dated(self, text: str, s: Sentence) -> str:
        mentions: list[DateMention] = []
        for said, iso, relation in self.dates.get(s.start, ()):
            m = re.search(rf"(?<![\w-]){re.escape(said)}(?![\w-]|,?\s+(?:of\s+)?\d)", text, re.I)
            if m is None or _quoted(text, m.start()):
                continue
            if any(x.start <= m.end() + 4 and m.start() <= x.end + 4 for x in mentions):
                continue  # "January of that year": one date, not two
            mentions.append(DateMention(m.start(), m.end(), m.group(), iso, relation, True))
        return rewrite_relative(text, mentions) if mentions else text

    # --- pronouns and roles -----------------------------------------------------------------

    def _at(self, word: str, draft: Draft, s: Sentence, nth: int = 0) -> int | None:
        """The document offset of ``word`` (any case) in the claim's sentence: its ``nth``
        occurrence from the start of the draft's span back to the sentence start, else
        forward."""
        found = [
            s.start + m.start()
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", s.text, re.I)
        ]
        if not found:
            return None
        before = [x for x in found if x <= max(draft.start, s.start)]
        if before and nth == 0:
            return before[-1]
        return found[min(nth, len(found) - 1)]

    def _opening(self, text: str, draft: Draft, s: Sentence) -> str:
        m = _OPENING_RE.match(text)
        if m is not None:
            word = m.group("word")
            at = self._at(word, draft, s)
            if at is None:
                return text
            if word in ("It", "Its"):
                if w_expletive(text):
                    return text
                name = self._named("it", at)
            elif _in_quote(self.doc, at):
                return text  # a quoted speaker's pronoun: the quotation's words stay
            else:
                name = self.people.person(_PRONOUN[word.lower()], at, self.doc)
            if not name:
                return text
            if word in ("His", "Her", "Its"):
                name += "’s" if "’" in text else "'s"
            return name + text[m.end() :]
        r = _ROLE_RE.match(text)
        if r is None:
            return text
        w = _words()
        words = [x.removesuffix("'s").removesuffix("’s") for x in r.group("words").split()]
        n = next((k + 1 for k, x in enumerate(words) if x in w.org_roles or x in w.person_roles), 0)
        if not n:
            return text
        # the role as written (its words a space or hyphen apart), with a possessive ending
        m = re.match(r"The\s+" + r"[\s-]+".join(map(re.escape, words[:n])) + r"(['’]s)?", text)
        at = self._at("the", draft, s)
        if m is None or at is None:
            return text
        name = self._named(f"the {' '.join(words[:n])}", at)
        if not name:
            return text
        return name + (m.group(1) or "") + text[m.end() :]

    def _named(self, raw: str, at: int) -> str | None:
        """What the speaker resolution names ``raw`` at ``at``, when the text writes that name
        in the stretch just before it (else None)."""
        if self.resolve is None:
            return None
        name = " ".join(self.resolve(raw, at).split())
        if not name or name.lower() == raw.lower() or not name[:1].isupper():
            return None
        if "'" in name or "’" in name or name.split()[0].lower() in _words().closed:
            return None
        if name.split()[0].endswith("ing"):
            return None
        near = self.doc[max(0, at - _words().window) : at]
        written = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-]|\s+[A-Z])")
        if not written.search(near) or len(written.findall(self.doc, 0, at)) < 2:
            return None  # named once, or not just before: no confident reading
        return name

    def _inner(self, text: str, draft: Draft, s: Sentence) -> str:
        """``text`` with its first ``he``/``she``/``him``/``his``/``her`` after its first
        word named, when no person is named before it in the text."""
        m = _INNER_RE.search(text, 1)
        if m is None or _quoted(text, m.start()):
            return text
        lead = text[: m.start()]
        w = _words()
        for k, found in enumerate(re.finditer(r"[\w’'.-]+", text)):
            word = found.group().removesuffix("'s").removesuffix("’s")
            low = word.lower().rstrip(".")
            if low in w.gender or low in w.titles or low in w.person_roles:
                return text  # a person the text names may be the pronoun's own
            if word in self.people.persons:
                return text  # a person named before or after it may be its own
            before = found.start() < m.start() and word[:1].isupper() and low not in w.closed
            if before and (k > 0 or _is_name(word, self.doc)):
                return text  # a name before it may be its own
        if re.match(r"The\s+[a-z0-9]", text):
            return text  # "The rapper opened ... his songs": the subject may be its own
        word = m.group()
        nth = len(re.findall(rf"(?<![\w'’-]){word}(?![\w'’-])", lead, re.I))
        at = self._at(word, draft, s, nth)
        if at is None:
            return text
        person = self.people.person(_PRONOUN[word], at, self.doc)
        if not person or person.split()[-1] in text:
            return text
        if word == "his" or (word == "her" and _possessive_her(text, m.end(), w)):
            person += "’s" if "’" in text else "'s"
        return text[: m.start()] + person + text[m.end() :]


def w_expletive(text: str) -> bool:
    """Is the opening ``It`` of ``text`` an expletive (``It is``, ``It takes 1,237 to``)?"""
    return _words().expletive_re.match(text) is not None


def _possessive_her(text: str, end: int, w: _Words) -> bool:
    """Is the ``her`` ending at ``end`` a possessive (``her nomination``), not an object
    (``see her for four days``)?"""
    nxt = re.match(r"\s+([A-Za-z][\w'’-]*)", text[end:])
    if nxt is None or nxt.group(1).endswith("ing"):
        return False  # "led to her being arrested": the object
    return nxt.group(1).lower() not in w.closed


def _quoted(text: str, at: int) -> bool:
    """Is ``at`` inside a quotation of ``text``?"""
    return len(_QUOTES.findall(text, 0, at)) % 2 == 1
