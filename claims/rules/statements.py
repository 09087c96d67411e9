"""STATEMENT rules: who said what (``speaker``, ``content``, ``cue``).

Forms handled, each anchored on a cue word (``said``, ``told``, ``warned``, ``according to``...):

- pre-posed: ``The Russian Defense Ministry said (in its readout ...) that ...``,
  ``White House press secretary X told reporters ...``, ``X, a Republican from Ohio, said ...``;
- post-posed and inverted: ``"...," X said.``, ``..., said ADB chief economist Ifzal Ali.``,
  ``..., the Asian Development Bank (ADB) has said.``, split quotes ``"A," he said, "B."``;
- ``According to X, ...`` and ``..., according to X.``;
- participial: ``X issued a statement, noting that ...`` (the speaker is the clause subject);
- quotes without a cue in their own sentence: attributed to the nearest attribution in the same
  paragraph (the sentence before, else the one after).

Pronoun speakers (``he said``) are resolved to the most recent person-like speaker of an
attribution earlier in the document, else the most recent person-like name. The claim span is the
whole attribution inside the sentence (speaker + cue + content); ``content`` has no surrounding
quotes; ``text`` is one self-contained sentence with relative dates resolved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from claims import lexicon
from claims.budget import check_budget
from claims.docindex import (
    DocText,
    capitalised_runs,
    doc_memo,
    doc_text,
    first_match_before,
    kept_text,
    last_match_before,
    last_matches_in,
    matches_back,
    plain_text,
    titled_matches,
)
from claims.docindex import line_end as _line_end
from claims.docindex import line_start as _line_start
from claims.model import ClaimType, Document
from claims.phrases import (
    ARTICLES,
    DETERMINERS,
    FUNCTION_WORDS,
    HONORIFICS,
    PRONOUNS,
    ROLE_NOUNS,
    Phrase,
    Token,
    backward_phrase,
    forward_phrase,
    is_capitalised,
    is_person_like,
    tokenize,
)
from claims.quotes import open_quotes, opens_quote
from claims.rules.base import Draft, RuleContext, Sentence
from claims.saidlog import Before, SaidLog
from claims.saidlog import Said as _Said
from claims.segment import segment
from claims.values.dates import MONTHS, WEEKDAYS, find_dates, rewrite_relative


def _wordset(words: str) -> frozenset[str]:
    """A set of lowercase words written as one whitespace-separated string."""
    return frozenset(words.split())


__all__ = [
    "CUE_FORMS",
    "MAX_SENTENCE",
    "SpeakerState",
    "build_speakers",
    "find_statements",
    "full_name",
    "resolve_speaker",
    "sentence_attributions",
    "speaker_state",
]

_CUES = lexicon.table("reporting_cues")
_PEOPLE_TABLE = lexicon.table("people")
#: Cue forms whose content may follow directly (``X said the talks ...``).
_BARE: dict[str, str] = {lemma: " ".join(forms) for lemma, forms in _CUES["verbs_bare"].items()}
#: Cue forms that need ``that``, a colon or a quote after them when pre-posed.
_THAT: dict[str, str] = {lemma: " ".join(forms) for lemma, forms in _CUES["verbs_that"].items()}
#: Every cue form -> (lemma, may the content follow bare?).
CUE_FORMS: dict[str, tuple[str, bool]] = {}
for _lemma, _forms in _BARE.items():
    for _form in _forms.split():
        CUE_FORMS[_form] = (_lemma, True)
for _lemma, _forms in _THAT.items():
    for _form in _forms.split():
        CUE_FORMS[_form] = (_lemma, False)
for _lemma in (*_BARE, *_THAT):
    if _lemma not in ("point", "state", "cast", "brand"):
        CUE_FORMS.setdefault(_lemma, (_lemma, _lemma in _BARE))
CUE_FORMS["according"] = ("according to", False)

_WORD = re.compile(r"[a-z]+")
#: Longer "sentences" (run-on junk, tables) are skipped: scans around cues would grow with
#: the square of their length. Real sentences stay far below.
MAX_SENTENCE = 2000
_PAST = {"saying": "said", "noting": "noted", "adding": "added", "warning": "warned"}
_SINGULAR = frozenset(
    form
    for forms in [*_BARE.values(), *_THAT.values()]
    for form in forms.split()
    if form.endswith("s") and not form.endswith(("ss", "ed"))
)
#: The past form of each lemma (its first form), for participles: ``accusing`` -> ``accused``.
_PAST_OF = {lemma: forms.split()[0] for lemma, forms in [*_BARE.items(), *_THAT.items()]}
_TO_CUES = frozenset({"vow", "promise", "pledge", "threaten", "urge", "advise"})
_EVIDENCE_NOUNS = _wordset(
    """poll polls survey surveys study studies report reports data figures research analysis
    review investigation records documents statistics numbers results"""
)
_WHEN = _wordset(
    """monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
    recently earlier later again also"""
)
#: Cues that only work before their content (``X called for ...``, never ``..., called X``).
_PRE_ONLY = frozenset(
    {"call", "describe", "cast", "brand", "accuse", "vow", "promise", "pledge", "threaten", "urge"}
    | {"blame", "demand", "advise", "hail", "praise", "criticise", "condemn", "apologise"}
)
_MODALS = frozenset(["could", "can", "may", "might", "should", "must", "cannot"])
_RAISING = frozenset(["expected", "due", "set", "likely", "going", "able", "about", "unlikely"])
_TIME = _WHEN | frozenset({"week", "month", "year", "weekend", "night", "morning"})
_OBJECT_CUES = frozenset({"tell", "ask", "warn", "urge", "promise", "assure", "remind", "advise"})
#: Words that open a clause, never an object: ``warned there could be ...``, ``warned he would``.
_SUBJECT_WORDS = frozenset({"there", "he", "she", "they", "we", "i"})
_AUX = frozenset(
    [
        "meanwhile",
        "however",
        "though",
        "instead",
        "nonetheless",
        "has",
        "have",
        "had",
        "will",
        "would",
        "also",
        "later",
        "then",
        "again",
        "previously",
        "earlier",
        "recently",
        "reportedly",
        "repeatedly",
        "publicly",
        "privately",
        "separately",
        "once",
        "further",
        "has's",
        "could",
        "may",
        "might",
        "did",
        "does",
        "do",
        "has't",
        "already",
        "initially",
        "first",
        "last",
        "week",
        "yesterday",
        "today",
    ]
)
_NEGATION = frozenset({"not", "n't", "never", "no"})
_PASSIVE = frozenset({"is", "was", "are", "were", "be", "been", "being"})
_BY_PARTICIPLES = frozenset(
    [
        "released",
        "published",
        "compiled",
        "issued",
        "provided",
        "produced",
        "commissioned",
        "conducted",
        "carried",
    ]
)
_LEAD_PREP = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "of",
        "about",
        "in",
        "on",
        "at",
        "to",
        "during",
        "after",
        "before",
        "last",
        "this",
        "earlier",
        "later",
        "yesterday",
        "today",
        "on",
        "via",
        "through",
        "over",
        "from",
        "with",
        "repeatedly",
        "also",
        "again",
        "publicly",
        "privately",
        "recently",
    ]
)
_CLAUSE_BREAKS = frozenset({"while", "but", "whereas", "although", "though", ";", "and"})
_COMMON_STARTS = frozenset(
    [
        "although",
        "though",
        "while",
        "when",
        "if",
        "because",
        "after",
        "before",
        "as",
        "since",
        "until",
        "unless",
        "despite",
        "however",
        "but",
        "and",
        "so",
        "yet",
        "still",
        "in",
        "on",
        "at",
        "for",
        "with",
        "without",
        "under",
        "over",
        "more",
        "less",
        "only",
        "nearly",
        "about",
        "around",
        "almost",
        "up",
        "down",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "any",
        "each",
        "every",
        "such",
        "what",
        "why",
        "how",
        "where",
        "who",
        "both",
        "either",
        "neither",
        "none",
        "nothing",
    ]
)
_QUOTE_CHAR = re.compile(r"[\"“”]")
_CONTINUING = re.compile(r"(?:But|And|Yet|Still|However|So)\b")
_LEAD_CONNECTIVE = re.compile(r"(?:However|But|And|Yet|So|Still|Meanwhile|Indeed),?\s+")
_MORE_QUOTED = re.compile(r",\s*[\"“](?P<more>.+?)[\"”]?\s*$")
_MORE_PLAIN = re.compile(r",\s*(?P<more>[a-z][\w'’-]*\b.*?)[.!?]?\s*$")
_GIVEN = re.compile(r"[A-Z][\w'’.-]*")
_ONE_NAME = re.compile(r"[A-Z][\w'’-]*[a-z]")
_NOT_CONTINUATION = frozenset(
    [
        "who",
        "which",
        "whose",
        "where",
        "when",
        "a",
        "an",
        "the",
        "his",
        "her",
        "its",
        "their",
        "and",
        "but",
        "while",
        "as",
        "in",
        "on",
        "at",
    ]
)
_OPEN_Q = "“"
_CLOSE_Q = "”"
_LOWER_STARTS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "there",
        "it",
        "we",
        "they",
        "he",
        "she",
        "all",
        "some",
        "many",
        "most",
        "no",
        "its",
        "their",
    ]
)


@dataclass(frozen=True, slots=True)
class _Attribution:
    """One attribution inside a sentence (local offsets)."""

    kind: str  # pre | post | according | participial | quote
    cue_start: int
    cue: str
    speaker: str
    speaker_start: int
    middle: str  # words between the cue and the content (``the BBC``, ``in a statement``)
    content_start: int
    content_end: int
    span_start: int
    span_end: int
    quoted: bool
    more: str = ""  # the second half of a split quote (``"A," he said, "B."``)
    written: str = ""  # the verb group for the claim text (``is expected to announce``)


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Half-open ``[open, close]`` regions of double-quoted text in a sentence."""
    if _QUOTE_CHAR.search(text) is None:
        return []  # most sentences: one scan in C
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_CHAR.finditer(text):
        i = m.start()
        opening = opens_quote(text, i)
        if opening and open_at is None:
            open_at = i
        elif not opening:
            regions.append((open_at if open_at is not None else 0, i + 1))
            open_at = None
    if open_at is not None:
        regions.append((open_at, len(text)))
    return regions


def _inside(pos: int, regions: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in regions)


def _is_quote(tok: Token) -> bool:
    return tok.text in ('"', _OPEN_Q, _CLOSE_Q)


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop trailing spaces, sentence punctuation and commas from ``text[start:end]``."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return end


def _strip_content(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """Content bounds without surrounding quotes/punctuation; True when it was quoted."""
    end = _trim_end(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    quoted = False
    if start < end and text[start] in '"“' and not _QUOTE_CHAR.search(text, start + 1, end):
        return start + 1, _trim_end(text, start + 1, end), True
    if start < end and text[start] in '"“':
        close = end - 1
        while close > start and text[close] in '.,!?"”':
            close -= 1
        if text[end - 1] in '"”' and not _QUOTE_CHAR.search(text, start + 1, close + 1):
            quoted = True
            start += 1
            end = _trim_end(text, start, end - 1)
    return start, end, quoted


def _manner_adverb(tok: Token) -> bool:
    """``defiantly``, ``angrily``: a lowercase ``-ly`` adverb between a subject and its cue (not
    a noun like ``family``, ``ally``)."""
    low = tok.lower
    return (
        len(low) > 5
        and low.endswith("ly")
        and tok.text.islower()
        and tok.text.isalpha()
        and low not in _LY_NOUNS
    )


def _skip_back_aux(tokens: list[Token], j: int) -> int:
    while j >= 0 and (tokens[j].lower in _AUX or _manner_adverb(tokens[j])):
        if j > 0 and tokens[j].text[:1].isupper() and is_capitalised(tokens[j - 1]):
            break  # "Prime Minister Theresa May said": a name, no modal
        j -= 1
    return j


def _skip_appositive(tokens: list[Token], j: int) -> int:
    """``X, a Republican from Ohio, said``: from the comma before the cue to the token before X."""
    commas = _appositive_commas(tokens, j)
    return commas[0] - 1 if commas else j


#: Words opening a relative clause, which may hold a cue of its own (``X, who says ..., said``).
_RELATIVES = frozenset({"who", "which", "whose"})
#: At most this many comma-enclosed segments stand between a subject and its cue
#: (``X, 39, a teacher from Ohio, said``).
_MAX_APPOSITIVES = 4


def _appositive_commas(tokens: list[Token], j: int) -> list[int]:
    """The commas that may open an appositive between a subject and the comma at ``j`` before
    its cue, nearest first: each segment has no quotation mark, and a cue word only inside a
    relative clause (``X, who says ..., said ...``: the relative clause's cue is no boundary)."""
    if j < 1 or tokens[j].text != ",":
        return []
    found: list[int] = []
    end = j
    for p in range(j - 1, max(-1, j - 40), -1):
        tok = tokens[p]
        if tok.text in ";:":
            break
        if tok.text != ",":
            continue
        segment = tokens[p + 1 : end]
        if not segment:
            break
        if any(_is_quote(t) for t in segment) and not segment[0].text.islower():
            break  # a quotation ends here; "X, citing "...", said" quotes inside a participle
        if _clause_segment(segment):
            break  # "..., with voters, candidates have more room ..., said X": no appositive
        if end - p > 25:
            break
        found.append(p)
        end = p
        if len(found) == _MAX_APPOSITIVES:
            break
    return found


#: Finite verbs that make a comma-enclosed segment a clause (data: ``clause_finites``).
_CLAUSE_FINITES = frozenset(_CUES["clause_finites"])
#: Words that make a later finite verb of a segment part of an appositive (data).
_APPOSITIVE_OPENERS = frozenset(_CUES["appositive_clause_openers"])


def _clause_segment(segment: list[Token]) -> bool:
    """Is a comma-enclosed segment before a cue a clause of its own, not an appositive: a
    finite cue (``..., X says, ...``) or a finite verb after a subject (``candidates have more
    room``) that no relative word before it makes part of the appositive (``X, a lawyer who
    advised Obama, said``, ``X, who has ..., said``)?"""
    for i, tok in enumerate(segment):
        if tok.lower in _APPOSITIVE_OPENERS:
            return False
        if _finite_cue(tok) or (i > 0 and tok.text in _CLAUSE_FINITES):
            return True
    return False


def _finite_cue(tok: Token) -> bool:
    """A cue word that may head a clause of its own (``said``, ``tells``), not a participle
    (``X, writing for the majority, said``)."""
    return tok.lower in CUE_FORMS and not tok.lower.endswith("ing")


def _appositive_subject(tokens: list[Token], j: int, text: str) -> Phrase | None:
    """The subject before one or more appositives ending at the comma ``j`` before the cue:
    ``X, a Republican from Ohio, said``, ``X, 39, a teacher, said``, ``X, who says ..., said``;
    ``the chairman, John Smith, said`` -> the name in the appositive (a role before a name)."""
    commas = _appositive_commas(tokens, j)
    if commas:
        named = _name_after_description(tokens, commas[0], j, text)
        if named is not None:
            return named
    for comma in commas:  # "X, who lost ... in Aurora, Colorado, in 2012, said": X
        if tokens[comma + 1].lower in _RELATIVES:
            j2 = _skip_back_aux(tokens, comma - 1)
            phrase = backward_phrase(tokens, j2, text) or _common_subject(tokens, j2, text)
            if phrase is not None and _opens_subject(tokens, phrase):
                return _named_in_appositive(tokens, phrase, text) or phrase
            break
    nearest: Phrase | None = None  # the phrase before the nearest comma, as a fallback
    for n, comma in enumerate(commas):
        j2 = _skip_back_aux(tokens, comma - 1)
        if j2 >= 2 and tokens[j2].text == ")":
            return _parenthesised(tokens, j2, text) if n == 0 else None
        phrase = backward_phrase(tokens, j2, text)
        if phrase is None and n > 0:
            phrase = _common_subject(tokens, j2, text)
        if phrase is None:
            continue
        if n == 0:
            nearest = phrase
        if len(commas) > 1 and not _opens_subject(tokens, phrase):
            continue  # "X, a welder from Toledo, Ohio, said": Toledo opens no clause
        return _named_in_appositive(tokens, phrase, text) or phrase
    return nearest


def _name_after_description(tokens: list[Token], comma: int, j: int, text: str) -> Phrase | None:
    """``Another delegate on the slate, Jim Poolman, said``, ``The party's chairman, John
    Smith, said``: the appositive right before the cue is a person's full name (two or more
    capitalised words) after a description ending in a lowercase noun: the name speaks."""
    words = tokens[comma + 1 : j]
    if len(words) < 2 or len(words) > 5 or not all(is_capitalised(t) for t in words):
        return None
    before = tokens[comma - 1] if comma > 0 else None
    if before is None or not before.text.isalpha() or not before.text.islower():
        return None
    if before.lower in FUNCTION_WORDS or before.lower in CUE_FORMS:
        return None
    start, end = words[0].start, words[-1].end
    name = text[start:end]
    return Phrase(comma + 1, j - 1, start, end, name) if _is_person(name) else None


def _relative_content_end(
    tokens: list[Token], k: int, speaker: Phrase, text: str, c_start: int, c_end: int
) -> int:
    """``X, who says A, said B``: the relative clause's content ends where the main clause's
    cue comes back (``, said``), so that the main cue keeps its own content."""
    i = speaker.last + 1
    if i + 1 >= k or tokens[i].text != "," or tokens[i + 1].lower not in _RELATIVES:
        return c_end
    for p in range(k + 1, len(tokens) - 1):
        if tokens[p].text != "," or tokens[p].start < c_start:
            continue
        q = p + 1
        while q < len(tokens) - 1 and tokens[q].lower in _AUX:
            q += 1
        if (
            tokens[q].lower in CUE_FORMS
            and tokens[q].text.islower()
            and tokens[q].lower[-3:] != "ing"
        ):
            return min(c_end, _trim_end(text, c_start, tokens[p].start))
    return c_end


def _description_start(tokens: list[Token], speaker: Phrase) -> int:
    """The token before a post-posed speaker's phrase, or before the description its name
    follows (``"...," the chairman, John Smith, said``: the content ends before the role)."""
    b = speaker.first - 1
    if b < 2 or tokens[b].text != "," or not tokens[b - 1].text.islower():
        return b
    if speaker.first == speaker.last and tokens[speaker.first].lower in PRONOUNS:
        return b  # "..., the deficit will grow, they argue": no description before a pronoun
    for p in range(b - 1, max(-1, b - 10), -1):
        if tokens[p].lower in _AUX or tokens[p].lower in _MODALS:
            return b  # "..., the recovery might have been sluggish, X said": a clause
        if tokens[p].text == "," or _is_quote(tokens[p]):
            return p
    return b


def _opens_subject(tokens: list[Token], phrase: Phrase) -> bool:
    """Does ``phrase`` stand where a clause's subject may: at the sentence start, or after a
    comma, a quotation mark or a word that opens a clause?"""
    if phrase.first == 0:
        return True
    before = tokens[phrase.first - 1]
    return before.text in ",;:—–(" or _is_quote(before) or before.lower in _SUBJECT_OPENERS


def _is_role_phrase(tokens: list[Token], phrase: Phrase) -> bool:
    """A role with no name: ``the party's chairman``, ``the spokesman``, ``a top aide``."""
    head = tokens[phrase.last]
    return head.text.islower() and (
        head.lower in _PERSON_ROLES or head.lower in ROLE_NOUNS or head.lower in _HOLDER_ROLES
    )


def _named_in_appositive(tokens: list[Token], role: Phrase, text: str) -> Phrase | None:
    """``the chairman, John Smith, said``, ``said the spokesman, John Doe``: the person's name
    in the appositive right after a role phrase (two or more capitalised words, up to the next
    comma or the sentence end), else None."""
    if not _is_role_phrase(tokens, role):
        return None
    i = role.last + 1
    if i + 2 >= len(tokens) or tokens[i].text != ",":
        return None
    name = forward_phrase(tokens, i + 1, text)
    if name is None or name.last == name.first:
        return None
    after = tokens[name.last + 1].text if name.last + 1 < len(tokens) else "."
    words = tokens[name.first : name.last + 1]
    if after not in (",", *_STOPS) or not all(is_capitalised(t) for t in words):
        return None
    return name if _is_person(name.text) else None


def _pre_speaker(tokens: list[Token], k: int, text: str) -> Phrase | None:
    """The subject before cue ``k`` (skipping auxiliaries, adverbs and an appositive)."""
    j = _skip_back_aux(tokens, k - 1)
    for words in _INSERTED:  # "Trump at the time said", "X in a statement said"
        n = len(words)
        if j - n >= 0 and tuple(t.lower for t in tokens[j - n + 1 : j + 1]) == words:
            j = _skip_back_aux(tokens, j - n)
            break
    if tokens[k].lower.endswith("ing"):  # "is insisting", "has been saying"
        if _clause_verb(tokens, j):  # "The senator left saying": the verb is no subject
            j -= 2 if tokens[j].lower in _PARTICLES and j >= 2 else 1
        while j >= 1 and tokens[j].lower in _PASSIVE:
            j = _skip_back_aux(tokens, j - 1)
    if j >= 2 and tokens[j].lower == "to" and tokens[j - 1].lower in _RAISING:
        j = _skip_back_aux(tokens, j - 2)  # "He is expected to say"
        j -= 1 if j >= 0 and tokens[j].lower in _PASSIVE else 0
    if j >= 0 and (tokens[j].lower in _NEGATION or tokens[j].lower in _PASSIVE):
        return None
    while j >= 1 and tokens[j].lower in _WHEN:
        j -= 1
        if tokens[j].lower in ("on", "by", "until") and j >= 1:
            j -= 1  # "The Times on Monday said"
    if j >= 2 and tokens[j].lower in _TIME and tokens[j - 1].lower in ("last", "this", "next"):
        j -= 2  # "Research conducted by the EOC last year revealed"
    if j >= 1 and tokens[j].lower in _BY_PARTICIPLES:
        j -= 1  # "A Quinnipiac poll released Tuesday found ..."
    if j >= 2 and tokens[j].text == ")":
        return _parenthesised(tokens, j, text)
    if j >= 1 and tokens[j].lower == "and":
        return _clause_subject(tokens, j, text)
    if j >= 2 and tokens[j].lower in ("who", "which") and tokens[j - 1].text == ",":
        j -= 2
    phrase = backward_phrase(tokens, j, text)
    common = _common_subject(tokens, j, text)
    lone_role = (
        phrase is not None and phrase.first == phrase.last and _is_role_phrase(tokens, phrase)
    )
    if phrase is None or (lone_role and common is not None and common.first < phrase.first):
        phrase = common  # "..., law enforcement officials say": the whole common phrase
    if phrase is not None and tokens[k].lower.endswith("s") and tokens[k].lower in _SINGULAR:
        ands = [i for i in range(phrase.first, phrase.last) if tokens[i].lower == "and"]
        if ands:  # "Tote King and Manuel Millan says": one speaker, the last conjunct
            first = ands[-1] + 1
            start = tokens[first].start
            phrase = Phrase(first, phrase.last, start, phrase.end, text[start : phrase.end])
    if phrase is not None:
        phrase = _before_relative(tokens, phrase, text) or phrase
        modified = _postmodified(tokens, j, text)  # "officials who spoke with The Post said"
        if modified is not None and modified.first < phrase.first:
            phrase = modified
    if phrase is None:
        phrase = _postmodified(tokens, j, text)
    if phrase is None:
        phrase = _appositive_subject(tokens, j, text)
        if phrase is not None and tokens[phrase.last].text == ")":
            return phrase
    return _with_place(tokens, phrase, text)


#: Reporting nouns that take ``that`` -> the verb of their claim text (``claim`` -> ``claimed``).
_NOUNS_THAT: dict[str, str] = dict(_CUES["nouns_that"])
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "I"}
_REPEATING = _wordset("""repeated reiterated made renewed restated stood doubled defended echoed""")


def _nominal(tokens: list[Token], k: int, text: str) -> _Attribution | None:
    """``Trump's claim that the vote was rigged``, ``X repeated his claim that ...``: a reporting
    noun followed by ``that``; the speaker is the possessor (a possessive pronoun stands for the
    clause subject when a repeating verb comes before it: ``X repeated his claim``)."""
    if k < 1 or k + 2 >= len(tokens) or tokens[k + 1].lower != "that":
        return None
    prev = tokens[k - 1]
    if prev.lower in _POSSESSIVE_PRONOUNS:
        speaker: Phrase | None = None
        if k >= 3 and tokens[k - 2].lower in _REPEATING:
            speaker = backward_phrase(tokens, k - 3, text)
            if speaker is not None and (
                speaker.first > 0 and tokens[speaker.first - 1].text not in ",;:(—–-"
            ):
                speaker = None
        if speaker is None:
            return None  # "her warning that": whose, the text does not say near enough
    elif prev.text.endswith(("'s", "’s")) and prev.text[:1].isupper():
        phrase = backward_phrase(tokens, k - 1, text)
        if phrase is None:
            return None
        if any(
            t.text.islower() and t.lower not in FUNCTION_WORDS
            for t in tokens[phrase.first : phrase.last + 1]
        ):
            return None  # "Officials questioned Y's warning": a verb inside, no name
        if phrase.first > 0 and not (
            tokens[phrase.first - 1].lower in _SUBJECT_OPENERS
            or tokens[phrase.first - 1].text in ",;:(—–-"
        ):
            return None  # "X sought to clarify Y's comment that": the object of X's words
        end = phrase.end - 2
        speaker = Phrase(phrase.first, phrase.last, phrase.start, end, text[phrase.start : end])
    else:
        return None
    if not speaker.text:
        return None
    c_start, c_end, quoted = _strip_content(text, tokens[k + 2].start, len(text))
    if c_end - c_start < 10 or _inside(tokens[k].start, _quote_regions(text)):
        return None
    return _Attribution(
        "nominal", tokens[k].start, tokens[k].text, speaker.text, speaker.start, "that",
        c_start, c_end, speaker.start, _trim_end(text, 0, len(text)), quoted, "",
        _NOUNS_THAT[tokens[k].lower],
    )  # fmt: skip


#: Nouns ending in ``-ly`` that are subjects, never manner adverbs (``the family said``).
_LY_NOUNS = frozenset(_CUES["ly_nouns"])
#: Post-modifiers of a speaker (``people familiar with ...``), as two lowercase words.
_POSTMODIFIERS = frozenset(tuple(p.split()) for p in _CUES["subject_postmodifiers"])


def _postmodified(tokens: list[Token], j: int, text: str) -> Phrase | None:
    """``A person familiar with the planning for Thursday's meeting says``: a speaker with a
    post-modifier (data: ``subject_postmodifiers``) whose words run up to the cue."""
    for i in range(j - 1, max(0, j - 16), -1):
        tok = tokens[i]
        if tok.text in ",;:()—–" or _is_quote(tok) or tok.lower in CUE_FORMS:
            return None
        if (tok.lower, tokens[i + 1].lower) not in _POSTMODIFIERS:
            continue
        head = backward_phrase(tokens, i - 1, text) or _common_subject(tokens, i - 1, text)
        if head is None:
            return None
        end = tokens[j].end
        return Phrase(head.first, j, head.start, end, text[head.start : end])
    return None


#: Phrases between a subject and its cue (``Trump at the time said``), longest first.
_INSERTED = sorted((tuple(p.split()) for p in _CUES["inserted_phrases"]), key=lambda w: -len(w))
#: Adverb particles of a phrasal verb before a participle (``hit back saying``).
_PARTICLES = frozenset(_CUES["verb_particles"])


def _clause_verb(tokens: list[Token], j: int) -> bool:
    """Is token ``j``, right before an ``-ing`` cue with no auxiliary, the finite verb of the
    clause (``The senator left saying``, ``Trump hit back saying``), so the subject ends before
    it? A lowercase word (not a function word, quantifier or plural-looking noun) with a phrase
    before it; ``is saying`` and ``officials saying`` are not."""
    if j < 1:
        return False
    tok = tokens[j]
    if tok.lower in _PARTICLES and j >= 2:
        tok, j = tokens[j - 1], j - 1
    low = tok.lower
    if not (tok.text.isalpha() and tok.text.islower()) or low in FUNCTION_WORDS:
        return False
    if low in _PASSIVE or low in _AUX or low in CUE_FORMS or low in _QUANTIFIER_SUBJECTS:
        return False
    if low.endswith(("s", "ly", "ing")) and not low.endswith("ss"):
        return False
    prev = tokens[j - 1]
    return prev.text[:1].isalpha() and not (
        prev.lower in FUNCTION_WORDS or prev.lower in DETERMINERS
    )


#: Words that may stand before a subject phrase of common nouns (``, the scientist says``).
_SUBJECT_OPENERS = frozenset(_CUES["subject_openers"])
#: Quantifiers that are a whole subject (``many say``, ``most said``).
_QUANTIFIER_SUBJECTS = frozenset(_CUES["quantifier_subjects"])


def _name_modifier_word(tok: Token) -> bool:
    """A capitalised word modifying a common noun (``Republican``, ``GOP``, ``Pro-Trump``)."""
    return tok.text[:1].isupper() and tok.text.replace("-", "").isalpha()


def _modified_noun(tokens: list[Token], first: int, modified: int, j: int) -> bool:
    """After capitalised modifiers, at most three lowercase words and no ``to`` (``wanted to``
    is a verb's), opened by no ``that``/``this`` (a conjunction there, often)."""
    after = tokens[modified + 1 : j + 1]
    return (
        tokens[first].lower not in ("that", "this")
        and len(after) <= 3
        and not any(t.lower == "to" for t in after)
    )


def _common_subject(tokens: list[Token], j: int, text: str) -> Phrase | None:
    """A subject of common nouns the name phrases miss, opened by a determiner, a number or a
    quantifier: ``The 57-year-old scientist says``, ``A mere 9 percent say``, ``most voters
    said``, ``Trump and his attorneys have said``; only where a clause can start before it."""
    if j < 0 or not tokens[j].text.isalpha() or not tokens[j].text.islower():
        return None
    if tokens[j].lower in FUNCTION_WORDS and tokens[j].lower not in _QUANTIFIER_SUBJECTS:
        return None
    first = None
    modified = None  # the first capitalised modifier (``The Republican incumbent``)
    bare = None  # the first word of a run of lowercase words before the head
    for i in range(j, max(-1, j - 6), -1):
        tok = tokens[i]
        low = tok.lower
        if low in DETERMINERS or low in _QUANTIFIER_SUBJECTS or tok.text[:1].isdigit():
            first = i
            if low in DETERMINERS:
                break
            continue
        if low in FUNCTION_WORDS or low in CUE_FORMS or low in _AUX or low in _PASSIVE:
            break
        if i < j and _name_modifier_word(tok):
            modified = i if modified is None else modified
            continue  # "The Republican incumbent", "Several Democratic operatives"
        if not (tok.text[:1].islower() and tok.text.replace("-", "").isalnum()):
            break
        if low.endswith("ly") and low not in _LY_NOUNS:
            break
        bare = i if modified is None and j - i < 3 else bare
    head = tokens[j].lower
    if first is None and bare is not None and head in ROLE_NOUNS and head not in _EVIDENCE_NOUNS:
        first = bare  # "..., law enforcement officials say", "former employees said"
    if first is None:
        return None
    if modified is not None and not _modified_noun(tokens, first, modified, j):
        return None  # "that President Obama wanted to": a clause, no noun phrase
    before = tokens[first - 1] if first > 0 else None
    if before is not None and before.lower == "and" and first >= 2:
        named = backward_phrase(tokens, first - 2, text)
        if named is not None and is_capitalised(tokens[named.last]):
            first, before = named.first, (tokens[named.first - 1] if named.first else None)
    if before is not None and before.lower not in _SUBJECT_OPENERS and before.text not in ",;:(—–-":
        return None
    start, end = tokens[first].start, tokens[j].end
    return Phrase(first, j, start, end, text[start:end])


def _parenthesised(tokens: list[Token], j: int, text: str) -> Phrase | None:
    """``the Asian Development Bank (ADB)``: the phrase before the parenthesis that ends at
    ``j``, with the parenthesis."""
    p = next((i for i in range(j - 1, max(-1, j - 8), -1) if tokens[i].text == "("), None)
    inner = backward_phrase(tokens, p - 1, text) if p else None
    if inner is None:
        return None
    close = tokens[j].end
    return Phrase(inner.first, j, inner.start, close, text[inner.start : close])


def _with_place(tokens: list[Token], phrase: Phrase | None, text: str) -> Phrase | None:
    """``a spokeswoman for the St David's Centre in Cardiff said``: a place after ``in``/``at``
    belongs to the role phrase before it, not the speaker on its own."""
    if phrase is None or phrase.first < 2 or tokens[phrase.first - 1].lower not in ("in", "at"):
        return phrase
    longer = backward_phrase(tokens, phrase.first - 2, text)
    if longer is None or not any(
        tokens[i].lower in _PERSON_ROLES for i in range(longer.first, longer.last + 1)
    ):
        return phrase
    return Phrase(
        longer.first, phrase.last, longer.start, phrase.end, text[longer.start : phrase.end]
    )


def _before_relative(tokens: list[Token], phrase: Phrase, text: str) -> Phrase | None:
    """``Mr Galloway, who on Thursday won damages from the Daily Telegraph said ...``: an
    unclosed relative clause; the speaker is the phrase before ``, who``."""
    for i in range(phrase.first - 1, max(0, phrase.first - 25), -1):
        tok = tokens[i]
        if tok.text == "," or _is_quote(tok) or tok.lower in CUE_FORMS:
            return None
        if tok.lower in ("who", "which") and i >= 2 and tokens[i - 1].text == ",":
            before = backward_phrase(tokens, i - 2, text)
            if (before is not None and before.first == 0) or (
                before is not None and tokens[before.first - 1].text in (",", ";")
            ):
                return before
            return None
    return None


def _boundary_before(tokens: list[Token], phrase: Phrase) -> str | None:
    """The token before a speaker phrase: None at sentence start, else its text."""
    i = phrase.first - 1
    while i >= 0 and tokens[i].text in ("(", ")"):
        i -= 1
    return None if i < 0 else tokens[i].text


def _quotation_before(text: str, boundary: str | None) -> bool:
    """Does the sentence open with a quotation that closes right before the speaker (``"...,"
    Smith said answering a question at ...``)? Its words are the content, whatever follows."""
    return boundary is not None and boundary in '”"' and text.lstrip()[:1] in ('"', "“")


def _tail_is_short(tokens: list[Token], k: int, text: str) -> bool:
    """After a post-posed cue only a short object/adverbial may follow (``the conference``,
    ``in a statement``, ``on Monday``), or the second half of a split quote."""
    if k + 1 < len(tokens) and tokens[k + 1].text in (".", "!", "?"):
        return True  # '"...," X said. "..."': a stop ends the attribution, another quote follows
    tail = [t for t in tokens[k + 1 :] if t.text not in ".!?"]
    if tail and tail[0].text == "," and (len(tail) == 1 or _is_quote(tail[1])):
        return True
    if _participle_at(tail, 1) or _participle_at(tail, _adverbial_end(tail)):
        return True  # "..., X said, adding that ...": the participle is an attribution of its own
    if len(tail) > 10:
        return False
    if any(t.lower == "that" or t.text in (":",) or t.text == _OPEN_Q for t in tail):
        return False
    if not tail or tail[0].lower in _LEAD_PREP or tail[0].text == ",":
        return True
    if CUE_FORMS[tokens[k].lower][0] not in _OBJECT_CUES:
        return False
    obj = forward_phrase(tokens, k + 1, text)
    if obj is None:
        return False
    rest = [t for t in tokens[obj.last + 1 :] if t.text not in ".!?"]
    return not rest or rest[0].lower in _LEAD_PREP or rest[0].text == ","


def _participle_at(tail: list[Token], i: int) -> bool:
    """Is ``tail[i]`` a participial cue after a comma (``, adding``, ``, saying``)?"""
    return (
        0 < i < len(tail)
        and tail[i - 1].text == ","
        and tail[i].lower.endswith("ing")
        and tail[i].lower in CUE_FORMS
    )


def _adverbial_end(tail: list[Token]) -> int:
    """The index just past a short adverbial opening ``tail`` (``in a statement``, ``Tuesday
    in Paris``) and its comma, or 0 when it opens otherwise."""
    if not tail or (tail[0].lower not in _LEAD_PREP and not is_capitalised(tail[0])):
        return 0
    for i, tok in enumerate(tail[:7]):
        if tok.text == ",":
            return i + 1
        if _is_quote(tok) or tok.lower in CUE_FORMS or tok.lower == "that":
            return 0
    return 0


def _pp_lead(between: list[Token]) -> bool:
    """Do the words between a cue and ``that`` open with an adverbial (``in its readout of``,
    ``to reporters``, ``Monday``) rather than a verb phrase (``to accept X's denials``)?"""
    first = between[0].lower
    if first not in _LEAD_PREP:
        return False
    if first != "to" or len(between) == 1:
        return True
    nxt = between[1]
    return is_capitalised(nxt) or nxt.lower in DETERMINERS or nxt.lower in ROLE_NOUNS


def _content_after(
    tokens: list[Token], k: int, text: str, bare_ok: bool, lemma: str
) -> tuple[int, str] | None:
    """Where the content of a pre-posed cue starts, and the words between cue and content."""
    n = len(tokens)
    p = k + 1
    if p >= n:
        return None
    found = _that_clause(tokens, k, text, lemma)
    if found is not None:
        return found
    if tokens[p].text in ('"', _OPEN_Q) or tokens[p].text == ",":
        q = p + 1 if tokens[p].text == "," else p
        if q < n and _is_quote(tokens[q]):
            return tokens[q].start, ""
    if lemma in _OBJECT_CUES and not (bare_ok and tokens[p].lower in _SUBJECT_WORDS):
        return _after_object(tokens, k, text, lemma)
    if lemma in _TO_CUES and tokens[p].lower == "to" and n - p >= 4:
        return tokens[p].start, ""
    if lemma == "call" and tokens[p].lower in ("for", "on") and n - p >= 3:
        return tokens[p + 1].start, tokens[p].text
    if lemma == "call" and any(_is_quote(t) for t in tokens[p : p + 5]) and n - p >= 3:
        return tokens[p].start, ""  # called the plans "dangerous"
    if not bare_ok or (lemma == "blame" and tokens[p].lower in ("for", "on", "by")):
        return None
    while p < n and tokens[p].lower in _WHEN:
        p += 1
    if p + 1 < n and tokens[p].lower in ("on", "last", "this") and tokens[p + 1].lower in _TIME:
        p += 2  # "said on Friday he hoped ..."
    if n - p < 3:
        return None
    evaluative = ("describe", "cast", "hail", "praise", "criticise", "condemn")
    if lemma in evaluative and not any(t.lower == "as" for t in tokens[p : p + 12]):
        return None  # "hailed a deal ... as important" says something; "praised the move" not
    return tokens[p].start, text[tokens[k].end : tokens[p].start].strip()


def _that_clause(tokens: list[Token], k: int, text: str, lemma: str) -> tuple[int, str] | None:
    """Content after ``that``/``:`` (``whether`` for ``asked``) a few adverbial words on."""
    n = len(tokens)
    p = k + 1
    for q in range(p, min(n, p + 14)):
        tok = tokens[q]
        if (
            tok.lower == "that"
            or tok.text == ":"
            or (lemma == "ask" and tok.lower in ("whether", "if") and q == p)
        ):
            between = tokens[p:q]
            lead_ok = not between or _pp_lead(between) or lemma in _OBJECT_CUES
            commas = any(t.text == "," and lemma != "tell" for t in between)
            if lead_ok and q + 1 < n and not commas:
                return tokens[q + 1].start, text[tokens[k].end : tokens[q + 1].start].strip()
        if _is_quote(tok) or tok.lower in CUE_FORMS:
            break
    return None


def _after_object(tokens: list[Token], k: int, text: str, lemma: str) -> tuple[int, str] | None:
    """``told the BBC (on Monday) ...``: the content starts after the object and adverbials;
    ``urged Congress to act``: the content is ``Congress to act``."""
    n = len(tokens)
    obj = forward_phrase(tokens, k + 1, text) or _common_object(tokens, k + 1, text)
    if obj is None or obj.last + 1 >= n:
        return None
    q = obj.last + 1
    while q < n and tokens[q].lower in _LEAD_PREP and q + 3 < n:
        nxt = forward_phrase(tokens, q + 1, text)
        if nxt is None:
            break
        q = nxt.last + 1
    if q < n and tokens[q].text == ",":
        q += 1
    if q >= n - 1:
        return None
    if tokens[q].lower == "to" and lemma != "tell":
        return tokens[obj.first].start, ""
    return tokens[q].start, text[tokens[k].end : tokens[q].start].strip()


def _common_object(tokens: list[Token], begin: int, text: str) -> Phrase | None:
    """``told donors``, ``told the packed hall``: an object of common nouns (one word, or up to
    three after a determiner) that the name phrases miss."""
    determined = begin < len(tokens) and tokens[begin].lower in DETERMINERS
    i = begin + determined
    last = None
    for q in range(i, min(len(tokens), i + (3 if determined else 1))):
        tok = tokens[q]
        low = tok.lower
        if not (tok.text.isalpha() and tok.text.islower()) or low in FUNCTION_WORDS:
            break
        if low in DETERMINERS or low in _LEAD_PREP or low in ("to", "of", "for", "by"):
            break
        if low in CUE_FORMS or low in _AUX or low in _PASSIVE or low in _SUBJECT_WORDS:
            break
        last = q
    if last is None:
        return None
    start, end = tokens[begin].start, tokens[last].end
    return Phrase(begin, last, start, end, text[start:end])


def _find_opening_back(doc: str, before: int) -> int | None:
    """Document offset of the quote opening a quotation that ends in this sentence (same line)."""
    line_start = _line_start(doc, before)
    window = doc[max(line_start, before - 2000) : before]
    for i in range(len(window) - 1, -1, -1):
        ch = window[i]
        if ch == _OPEN_Q or (ch == '"' and (i == 0 or window[i - 1].isspace())):
            return before - len(window) + i
        if ch == _CLOSE_Q:
            return None
    return None


#: Articles: a cue word right after one is a noun (``a claim``, ``the estimated cost``).


def _attributions(text: str, tokens: list[Token]) -> list[_Attribution]:
    """All attributions anchored on cue words in one sentence (before overlap resolution)."""
    regions = _quote_regions(text)
    found: list[_Attribution] = []
    for k, tok in enumerate(tokens):
        low = tok.lower
        if low in _NOUNS_THAT and not _inside(tok.start, regions):
            nominal = _nominal(tokens, k, text)
            if nominal is not None:
                found.append(nominal)
                continue
            before = tokens[k - 1] if k else None
            if before is not None and (
                before.lower in _POSSESSIVE_PRONOUNS or before.text.endswith(("'s", "’s"))
            ):
                continue  # "Y's warning", "her claims": a noun after a possessor, no verb
        if low not in CUE_FORMS or _inside(tok.start, regions):
            continue
        if k > 0 and tokens[k - 1].lower in ARTICLES:
            continue  # "a claim not recognized", "the think tank": a noun after an article
        if low == "according":
            attr = _according(tokens, k, text)
        elif low.endswith("ing") and k > 0 and tokens[k - 1].text == ",":
            attr = _participial(tokens, k, text)
        elif low.endswith("ing") and _follows_object(tokens, k):
            attr = _participial(tokens, k, text)  # "X emailed supporters saying: ..."
        elif not tok.text[:1].islower():
            continue
        else:
            attr = _around_cue(tokens, k, text)
        if attr is not None:
            found.append(attr)
    return found


def _follows_object(tokens: list[Token], k: int) -> bool:
    """Does the participle at ``k`` follow a verb's object (``emailed supporters saying``), so
    that the clause's subject speaks, not the word before it? Read from the words before: a
    lowercase word, and before it a past-tense verb of the clause (not a subject's auxiliary)."""
    if k < 3 or tokens[k - 1].lower in _PASSIVE or tokens[k - 1].lower in _AUX:
        return False
    prev, verb = tokens[k - 1], tokens[k - 2]
    return (
        prev.text.isalpha()
        and prev.text.islower()
        and prev.lower not in FUNCTION_WORDS
        and verb.text.islower()
        and verb.lower.endswith("ed")
        and verb.lower not in CUE_FORMS
    )


def _according(tokens: list[Token], k: int, text: str) -> _Attribution | None:
    """``According to X, ...`` and ``..., according to X.``"""
    if k + 2 >= len(tokens) or tokens[k + 1].lower != "to":
        return None
    source = forward_phrase(tokens, k + 2, text)
    if source is None:
        return None
    q = source.last + 1
    if q + 2 < len(tokens) and tokens[q].lower in _BY_PARTICIPLES and tokens[q + 1].lower == "by":
        agent = forward_phrase(tokens, q + 2, text)
        if agent is not None:
            end = tokens[agent.last].end
            source = Phrase(source.first, agent.last, source.start, end, text[source.start : end])
    first = k
    while first > 0 and tokens[first - 1].lower in ("but", "and", "yet", "so"):
        first -= 1
    if first == 0:
        q = source.last + 1
        while q < len(tokens) and tokens[q].text != ",":
            q += 1
        if q + 1 >= len(tokens):
            return None
        c_start, c_end = tokens[q + 1].start, len(text)
    else:
        if tokens[k - 1].text not in (",", "(", "—", "-"):
            return None
        c_start, c_end = 0, tokens[k - 1].start
    c_start, c_end, quoted = _strip_content(text, c_start, c_end)
    if c_end <= c_start:
        return None
    end = _trim_end(text, 0, len(text))
    return _Attribution(
        "according", tokens[k].start, "according to", source.text, source.start, "",
        c_start, c_end, 0 if first else tokens[first].start, end, quoted,
    )  # fmt: skip


#: Words opening a lead phrase up to a comma before a clause's subject (``Back in 1999, X``).
_LEAD_OPENERS = frozenset(_CUES["lead_openers"])
#: Sentence adverbs before a clause's subject (``Separately, X ...``).
_LEAD_ADVERBS = frozenset(_CUES["lead_adverbs"])
#: Documents a speaker issues: no speaker as the object before a cue (``issued a statement
#: saying``).
_DOCUMENT_OBJECTS = frozenset(_CUES["document_objects"])


def _document_issuer(tokens: list[Token], document: Phrase, text: str) -> Phrase | None:
    """The subject of the verb before a document object (``The town released a statement``,
    ``X's campaign sent out a press release``)."""
    v = document.first - 1
    if tokens[v].lower in _PARTICLES and v >= 2:
        v -= 1
    j = _skip_back_aux(tokens, v - 1)
    if j < 0:
        return None
    return (
        backward_phrase(tokens, j, text)
        or _common_subject(tokens, j, text)
        or _appositive_subject(tokens, j, text)
        or _clause_subject(tokens, v, text)
    )


def _document_object(tokens: list[Token], phrase: Phrase) -> bool:
    """Is the phrase before a cue a document its clause's subject issued (``X issued a statement
    saying``, ``X released a new report showing``): a lowercase document noun, opened by a
    determiner, right after a lowercase verb?"""
    first, head = tokens[phrase.first], tokens[phrase.last]
    if head.lower not in _DOCUMENT_OBJECTS or not head.text.islower():
        return False
    if first.lower not in ("a", "an", "the") or phrase.first < 2:
        return False
    verb = tokens[phrase.first - 1]
    if verb.lower in _PARTICLES and phrase.first >= 3:
        verb = tokens[phrase.first - 2]  # "sent out a press release saying"
    return (
        verb.text.isalpha()
        and verb.text.islower()
        and verb.lower not in FUNCTION_WORDS
        and verb.lower not in _AUX
        and verb.lower not in _PASSIVE
        and verb.lower not in CUE_FORMS
    )


def _clause_subject(tokens: list[Token], k: int, text: str) -> Phrase | None:
    """The subject of the clause a participle (``, noting that``) hangs on."""
    starts = [0] + [i + 1 for i in range(k) if tokens[i].lower in _CLAUSE_BREAKS]
    for s in reversed(starts):
        if s >= k:
            continue
        while s + 2 < k and tokens[s].lower in _LEAD_ADVERBS and tokens[s + 1].text == ",":
            s += 2  # "Separately, X issued a statement, saying ..."
        if (
            tokens[s].lower in _LEAD_PREP
            or tokens[s].lower in _LEAD_OPENERS
            or _participle_lead(tokens, s, k)
        ):
            comma = next((i for i in range(s, k) if tokens[i].text == ","), None)
            if comma is None:
                continue
            s = comma + 1
        phrase = forward_phrase(tokens, s, text)
        for _ in range(2):  # "Hours later, X ...", "DECATUR, Ill. — X ...": past the lead
            if phrase is None or not _is_lead(tokens, phrase):
                break
            stop = next((i for i in range(phrase.last + 1, k) if tokens[i].text in ",—–"), None)
            if stop is None:
                break
            phrase = forward_phrase(tokens, stop + 1, text)
        if phrase is not None:
            return phrase
    return None


def _participle_lead(tokens: list[Token], s: int, k: int) -> bool:
    """Does a participle open a lead phrase at ``s`` (``Walking to the car, X ...``,
    ``Continuing to explain, X ...``)? A capitalised ``-ing`` word before a lowercase word that
    is no verb of its own (``Beijing has said``, ``Manning told``, ``King insists``: a name)."""
    word = tokens[s]
    if s + 1 >= k or not word.text[:1].isupper() or not word.lower.endswith("ing"):
        return False
    if len(word.lower) < 6:
        return False  # "King", "Ewing"
    nxt = tokens[s + 1]
    return (
        nxt.text.isalpha()
        and nxt.text.islower()
        and nxt.lower not in _AUX
        and nxt.lower not in CUE_FORMS
        and not nxt.lower.endswith(("s", "ed"))
    )


#: Words of a time lead before a clause's subject (``Hours later, X ...``).
_LEAD_TIME = _TIME | frozenset({"hours", "days", "weeks", "months", "years", "minutes", "moments"})


def _is_lead(tokens: list[Token], phrase: Phrase) -> bool:
    """Is this phrase a dateline or a time lead (``DECATUR``, ``Hours later``, ``Monday``), not
    a clause's subject?"""
    nxt = phrase.last + 1
    nxt += nxt < len(tokens) and tokens[nxt].text == "."  # "Ill. —"
    after = tokens[nxt].lower if nxt < len(tokens) else ""
    words = [t.lower for t in tokens[phrase.first : phrase.last + 1]]
    dateline = all(
        t.text.isupper() and len(t.text) > 1 for t in tokens[phrase.first : phrase.last + 1]
    )
    # "Eight years ago, he ...": a number before a time unit and ``ago``/``later``
    unit = after in _LEAD_TIME and nxt + 1 < len(tokens) and tokens[nxt + 1].lower in _AGO
    return (
        dateline
        or words[-1] in _LEAD_TIME
        or words[-1] in WEEKDAYS
        or after in _AGO
        or after in ("—", "–")
        or unit
    )


_AGO = frozenset({"later", "earlier", "ago"})


def _reporter_before(tokens: list[Token], k: int, text: str) -> Phrase | None:
    """``"...," X said (in a statement), adding that ...`` and ``..., said X, adding ...``: the
    participle continues a post-posed attribution, whose speaker it shares (not the subject of
    the reported clause before it)."""
    j = k - 2  # before the comma
    for _ in range(7):  # back over a short adverbial: "said in a statement, adding"
        if j < 1 or tokens[j].text in ',;:"”“' or tokens[j].lower == "that":
            return None
        if tokens[j].lower in CUE_FORMS and tokens[j].text.islower():
            break
        j -= 1
    else:
        return None
    if j < 1 or tokens[j].lower.endswith("ing") or CUE_FORMS[tokens[j].lower][0] in _PRE_ONLY:
        return None
    if tokens[j - 1].text in ',"”' or _is_quote(tokens[j - 1]):  # "..., said X, adding"
        after = forward_phrase(tokens, j + 1, text)
        return after if after is not None and after.last == k - 2 else None
    speaker = backward_phrase(tokens, _skip_back_aux(tokens, j - 1), text)
    if speaker is None or speaker.first == 0:
        return None
    before = tokens[speaker.first - 1]
    return speaker if before.text == "," or _is_quote(before) else None


def _participial(
    tokens: list[Token], k: int, text: str, subject: Phrase | None = None
) -> _Attribution | None:
    """``X issued a statement, noting that ...``: the speaker is the clause subject (or the
    ``subject`` given)."""
    lemma, bare_ok = CUE_FORMS[tokens[k].lower]
    if subject is None:
        subject = _reporter_before(tokens, k, text) or _clause_subject(tokens, k - 1, text)
    if subject is None:
        return None
    where = _content_after(tokens, k, text, bare_ok, lemma)
    if where is None:
        return None
    c_start, c_end, quoted = _strip_content(text, where[0], len(text))
    if c_end <= c_start:
        return None
    cue = _PAST.get(tokens[k].lower) or _PAST_OF.get(lemma, tokens[k].text)
    return _Attribution(
        "participial", tokens[k].start, cue, subject.text, subject.start, where[1],
        c_start, c_end, subject.start, _trim_end(text, 0, len(text)), quoted,
    )  # fmt: skip


def _around_cue(tokens: list[Token], k: int, text: str) -> _Attribution | None:
    """Pre-posed, post-posed and inverted attributions around a cue verb."""
    lemma, bare_ok = CUE_FORMS[tokens[k].lower]
    prev = tokens[k - 1] if k > 0 else None
    if prev is not None and prev.lower in _PASSIVE and not tokens[k].lower.endswith("ing"):
        return None
    nxt = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    if tokens[k].lower.endswith("ed") and nxt in _PASSIVE_AGENTS:
        return None  # "A movement accused of financing ...": a passive participle, no speaker
    if tokens[k].lower == lemma and any(t.lower in _MODALS for t in tokens[max(0, k - 3) : k]):
        return None  # "workers could claim their pensions": no attribution
    speaker = _pre_speaker(tokens, k, text)
    if speaker is not None and _document_object(tokens, speaker):
        issuer = _document_issuer(tokens, speaker, text)  # "X issued a statement saying ...": X
        return _participial(tokens, k, text, issuer) if issuer is not None else None
    if speaker is not None and lemma in ("show", "find"):
        bare_ok = tokens[speaker.last].lower.rstrip("'’") in _EVIDENCE_NOUNS
    if speaker is not None:
        boundary = _boundary_before(tokens, speaker)
        post_ok = lemma not in _PRE_ONLY and (
            _tail_is_short(tokens, k, text)
            or (
                _quotation_before(text, boundary)
                and not any(t.lower in CUE_FORMS for t in tokens[k + 1 :])  # "report said"
            )
        )
        inserted = boundary == "," and k + 1 < len(tokens) and tokens[k + 1].text == ","
        if boundary is not None and boundary in ',”"' and (post_ok or inserted):
            # "CONTENT, X said, GOES ON ...": an attribution inserted into its content
            return _post(tokens, k, text, speaker, _description_start(tokens, speaker))
        if boundary is None or boundary not in '”"' or not _tail_is_short(tokens, k, text):
            where = _content_after(tokens, k, text, bare_ok, lemma)
            if where is None:
                return None
            c_start, c_end, quoted = _strip_content(text, where[0], len(text))
            c_end = _relative_content_end(tokens, k, speaker, text, c_start, c_end)
            stop = _stop_before_quote(text, c_start, c_end)
            c_end = stop if stop is not None else c_end
            if c_end <= c_start:
                return None
            written = (
                text[speaker.end : tokens[k].end].strip() if prev and prev.lower == "to" else ""
            )
            return _Attribution(
                "pre", tokens[k].start, tokens[k].text, speaker.text, speaker.start, where[1],
                c_start, c_end, speaker.start,
                _trim_end(text, 0, len(text)) if stop is None else stop + 1, quoted, "", written,
            )  # fmt: skip
    if lemma in _PRE_ONLY:
        return None  # "..., called the Operating and Financial Review": a name, not a cue
    if prev is not None and (prev.text in ',”"' or _is_quote(prev)):
        inverted = forward_phrase(tokens, k + 1, text)
        if inverted is not None and _ends_inversion(tokens, inverted):
            if _opens_said_words(tokens, k, inverted):
                return None
            inverted = _named_in_appositive(tokens, inverted, text) or inverted
            return _post(tokens, k, text, inverted, k - 1)
    return None


#: Words right after an ``-ed`` cue that make it a passive participle (data).
_PASSIVE_AGENTS = frozenset(_CUES["passive_participle_followers"])
#: Words that may follow an inverted pronoun speaker (``..., said he on Tuesday``).
_INVERSION_FOLLOWERS = frozenset(_CUES["inversion_followers"])
#: Words after a phrase that make it no inverted speaker (``..., told reporters that``).
_INVERSION_BREAKERS = frozenset(_CUES["inversion_breakers"])


def _ends_inversion(tokens: list[Token], speaker: Phrase) -> bool:
    """Is the phrase after a cue an inverted speaker (``..., said Smith.``, ``..., said the
    spokesman, John Doe``, ``..., said he in a statement``), not the object or the subject of
    another clause (``..., told reporters that ...``, ``..., said the council should ...``,
    ``..., said he holds ...``)?"""
    i = speaker.last + 1
    if i >= len(tokens):
        return True
    tok = tokens[i]
    if tok.lower in _INVERSION_BREAKERS:
        return False
    if speaker.first != speaker.last or tokens[speaker.first].lower not in PRONOUNS:
        return not _opens_clause_after(tokens, i)
    return (
        tok.text in (",", ";", ":", "(", ")", "—", "–", "-", *_STOPS)
        or _is_quote(tok)
        or tok.lower in _INVERSION_FOLLOWERS
        or not tok.text.isalpha()
    )


#: Adverbs between a phrase after a cue and the verb that makes it a subject (data).
_INVERSION_ADVERBS = frozenset(_CUES["inversion_adverbs"])


def _opens_clause_after(tokens: list[Token], i: int) -> bool:
    """Does the phrase ending before token ``i`` open a clause (``..., said Trump's remarks
    have had ...``: a possessor; ``..., said Obamacare so far has been ...``: a verb after
    adverbs), so that it is the subject of what was said, no inverted speaker?"""
    if tokens[i - 1].text.endswith(("'s", "’s")) and tokens[i].text.islower():
        return True
    while i < len(tokens) and tokens[i].lower in _INVERSION_ADVERBS:
        i += 1
    return i < len(tokens) and tokens[i].lower in _INVERSION_BREAKERS


def _opens_said_words(tokens: list[Token], k: int, phrase: Phrase) -> bool:
    """After unquoted words, is the phrase after the cue the subject of what was said, with a
    quoted fragment (``..., said Mr Blair "should butt out of" the row``), not an inverted
    speaker (``"We won," said Mr Blair "and ..."`` closes a quotation: inverted)?"""
    quoted_before = _is_quote(tokens[k - 1]) or (k >= 2 and _is_quote(tokens[k - 2]))
    i = phrase.last + 1
    return (
        not quoted_before
        and i + 1 < len(tokens)
        and _is_quote(tokens[i])
        and tokens[i + 1].text[:1].islower()
    )


#: The tokens that end a sentence.
_STOPS = (".", "!", "?")


def _post(
    tokens: list[Token],
    k: int,
    text: str,
    speaker: Phrase,
    boundary: int,
) -> _Attribution | None:
    """``CONTENT, X said [, "MORE"].`` / ``CONTENT, said X.``: content before the boundary."""
    start = 0
    while start < len(text) and text[start].isspace():
        start += 1
    c_end = tokens[boundary].start if boundary >= 0 else 0
    said_from = _reopened_at(text, start, c_end)  # the span keeps the writer's sentence
    lead = _LEAD_CONNECTIVE.match(text[said_from:c_end])
    c_start = said_from + lead.end() if lead else said_from
    c_start, c_end2, quoted = _strip_content(text, c_start, c_end)
    if text[c_start : c_start + 1] in '"“':
        c_start += 1
        quoted = True
    if c_end2 <= c_start:
        return None
    span_end = _trim_end(text, 0, len(text))
    after = max(speaker.last, k) + 1
    ends = after + 1 < len(tokens) and tokens[after].text in _STOPS
    middle = ""
    if speaker.start < tokens[k].start:
        stop = next(
            (i for i in range(k + 1, len(tokens)) if tokens[i].text in (",", *_STOPS)),
            len(tokens),
        )
        middle = text[tokens[k].end : _trim_end(text, tokens[k].end, tokens[stop - 1].end)]
        middle = middle.strip()
    if (boundary >= 0 and _is_quote(tokens[boundary])) or (
        boundary >= 1 and _is_quote(tokens[boundary - 1]) and tokens[boundary].text == ","
    ):
        quoted = quoted or not _QUOTE_CHAR.search(text, c_start, c_end2)
    rest = text[tokens[after].start :] if after < len(tokens) else ""
    if ends:  # '"A," X said. "B."': B, a sentence of its own, goes on with what X said
        rest = "," + rest[1:]
    extra = _MORE_QUOTED.match(rest)
    more = extra.group("more").rstrip('.,!?"” ') if extra else ""
    if not more and boundary >= 0 and tokens[boundary].text == "," and k > boundary:
        plain = _MORE_PLAIN.match(rest)
        first = plain.group("more").split(" ", 1)[0] if plain else ""
        if plain and first not in _NOT_CONTINUATION and not first.endswith("ing"):
            more = plain.group("more")
    return _Attribution(
        "post", tokens[k].start, tokens[k].text, speaker.text, speaker.start, middle,
        c_start, c_end2, start, span_end, quoted, more,
    )  # fmt: skip


_QUOTE_AFTER_STOP = re.compile(r"[.!?]\s+(?=[\"“])")


def _reopened_at(text: str, start: int, end: int) -> int:
    """Where the quotation a post-posed cue closes opens, when the writer's own sentence comes
    before it (``X said A. "B," he said.``: at ``"B``, so that ``X said A`` stays an
    attribution of its own); ``start`` otherwise (``"A. "B," he said.``: A is quoted too)."""
    found = [m.end() for m in _QUOTE_AFTER_STOP.finditer(text, start, end)]
    if not found or _QUOTE_CHAR.match(text, start) or _odd_quotes(text, start, found[-1]):
        return start
    return found[-1]


def _odd_quotes(text: str, start: int, end: int) -> bool:
    """Is a quotation open at ``end`` (an odd number of marks since ``start``)?"""
    return len(_QUOTE_CHAR.findall(text, start, end)) % 2 == 1


def _stop_before_quote(text: str, start: int, end: int) -> int | None:
    """Where an unquoted pre-posed content ends at a sentence stop that a quotation follows
    (``X said A. "B," he said.``: at ``A``'s stop), or None."""
    m = _QUOTE_AFTER_STOP.search(text, start, end)
    if m is None or _QUOTE_CHAR.match(text, start) or _odd_quotes(text, start, m.start()):
        return None
    if not _CLOSED_BY_CUE.search(text, m.end(), end):
        return None  # 'X said A. "B."': the quotation goes on with what X said
    return m.start()


#: A quotation closed by a comma and its own post-posed cue (``"B," he said``).
_CLOSED_BY_CUE = re.compile(
    r"[,!?][\"”]\s+(?:\S+\s+){0,5}?(?:"
    + "|".join(sorted((re.escape(c) for c in CUE_FORMS if " " not in c), key=len, reverse=True))
    + r")\b"
)


def _resolve_overlaps(found: list[_Attribution]) -> list[_Attribution]:
    """Drop attributions whose cue sits inside another attribution's content.

    ``Mr Straw said he hoped ...`` keeps only ``said``; ``ministers believe ..., our correspondent
    added`` keeps only the outer, post-posed ``added``.
    """
    outer = {"post", "according"}
    keep: list[_Attribution] = []
    for a in found:
        dominated = False
        for b in found:
            if b is a:
                continue
            a_in_b = b.content_start <= a.cue_start < b.content_end
            b_in_a = a.content_start <= b.cue_start < a.content_end
            if a_in_b and not b_in_a:
                dominated = not _named_inner(a, b)
            elif a_in_b and b_in_a:
                dominated = (b.kind in outer) > (a.kind in outer) or (
                    (b.kind in outer) == (a.kind in outer) and b.cue_start < a.cue_start
                )
            if dominated:
                break
        if not dominated:
            keep.append(a)
    return keep


def _named_inner(inner: _Attribution, outer: _Attribution) -> bool:
    """A nested attribution kept as a claim of its own: a named speaker inside the reported
    content (``The Times said Lynton Crosby told the leader to ...``), never a pronoun."""
    words = inner.speaker.split()
    return (
        inner.kind == "pre"
        and inner.speaker_start >= outer.content_start
        and words[0][:1].isupper()
        and words[0].lower() not in PRONOUNS
        and words[0].lower() not in DETERMINERS
        and (
            any(w[:1].isupper() for w in words[1:])
            or (len(words) == 1 and not words[0].endswith(("'s", "’s")))  # "BA's estimated"
        )
    )


_CLAUSE_CUT = re.compile(r",\s+(?:while|whereas|although|though|but|and)\b|;\s")


def _cut_clause(text: str, a: _Attribution, cues: list[int]) -> _Attribution:
    """End a pre-posed content at a following contrastive clause that holds an attribution of
    its own (``Thailand has said ..., while India has ..., saying ...``)."""
    if a.kind not in ("pre", "participial"):
        return a
    m = _CLAUSE_CUT.search(text, a.content_start, a.content_end)
    if m is None or _inside(m.start(), _quote_regions(text)):
        return a
    if not any(c > m.start() for c in cues):
        return a
    end = _trim_end(text, a.content_start, m.start())
    return replace(a, content_end=end, span_end=end)


@lru_cache(maxsize=8192)
def sentence_attributions(text: str) -> tuple[_Attribution, ...]:
    """The attributions of one sentence, overlaps resolved, in text order (memoised: the
    document-level speaker pass and the per-sentence rule see the same sentences)."""
    if len(text) > MAX_SENTENCE:
        return ()
    words = _WORD.findall(text.lower())
    if CUE_FORMS.keys().isdisjoint(words) and _NOUNS_THAT.keys().isdisjoint(words):
        return ()
    tokens = tokenize(text)
    raw = _attributions(text, tokens)
    cues = [a.cue_start for a in raw]
    found = sorted(
        _resolve_overlaps([_cut_clause(text, a, cues) for a in raw]), key=lambda a: a.span_start
    )
    found = [_uncontracted(a) for a in found]
    if found and found[0].kind == "pre" and found[0].span_start > 0:
        lead = len(text) - len(text.lstrip())
        found[0] = replace(found[0], span_start=lead)
    return tuple(found)


_CONTRACTED_PRONOUN = re.compile(r"(?i:(he|she|it))['’]s|(?i:(they))['’](?:re|ve)")


def _uncontracted(a: _Attribution) -> _Attribution:
    """``He’s predicting``, ``She's said``: the speaker is the pronoun, not its contraction."""
    m = _CONTRACTED_PRONOUN.fullmatch(a.speaker)
    return a if m is None else replace(a, speaker=m.group(1) or m.group(2))


# --- speakers across the document -------------------------------------------------------------

#: No sentence ends after a title abbreviation or an initial (``Rep. Henry Cuellar``,
#: ``Arizona Gov. Katie Hobbs``, ``George W. Bush``): fixed-width look-behinds, one per form,
#: placed after the stop so that they only run where there is one.
_NOT_AFTER_ABBREVIATION = (
    "".join(
        rf"(?<!\b{a}\.)"
        for a in [
            "Mr",
            "Mrs",
            "Ms",
            "Dr",
            "St",
            "Sen",
            "Rep",
            "Gov",
            "Gen",
            "Lt",
            "Col",
            "Sgt",
            "Capt",
            "Prof",
            "Rev",
            "Jr",
            "Sr",
            "Mt",
            "Ft",
            "No",
        ]
    )
    + r"(?<!\b[A-Z]\.)"
)
_NAIVE_SENTENCE = re.compile(
    r"[^\n]+?(?:[.!?]" + _NOT_AFTER_ABBREVIATION + r"[.!?]*[\"”’]?(?=\s)|$)", re.MULTILINE
)
_HONORIFIC_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sir|Lord|President|Prime Minister|Senator|Sen\.|Rep\.|Governor|Gov\.)"
    r"\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
)


_PERSON_ROLES = _wordset(
    """manager spokesman spokeswoman spokesperson secretary minister president chairman
    chairwoman director chief leader official economist analyst correspondent adviser aide
    lawyer executive editor reporter governor mayor senator"""
)
_ORG_ROLES = frozenset(
    [
        "company",
        "group",
        "bank",
        "firm",
        "airline",
        "carrier",
        "retailer",
        "insurer",
        "lender",
        "club",
        "union",
    ]
)
_COMMON_SPEAKERS = ROLE_NOUNS | DETERMINERS | frozenset({"other", "most"})


@dataclass(slots=True)
class SpeakerState:
    """The speaker stage's explicit state for one document (no module-level cache).

    Built by one linear pass over the document's body sentences (``build_speakers``): every
    attribution's speaker, in order, resolved against the speakers before it (``said``, the
    people, organisations and roles seen so far with the names the pass gave them), and the
    pass's answer for each mention ``(raw, offset)`` that saw every earlier speaker
    (``resolved``). ``documents`` is the document's named reports and statements, found on first
    use. A rule keeps one in its ``RuleContext.state`` (``speaker_state``), so that the rule,
    the claim texts and the other families resolve a mention against the same pass."""

    doc: DocText
    said: SaidLog
    resolved: dict[tuple[str, int], str] = field(default_factory=dict)
    documents: dict[str, tuple[list[int], list[str]]] | None = None

    def named_documents(self) -> dict[str, tuple[list[int], list[str]]]:
        """Every ``OWNER report|statement|study|survey`` of the document (found once)."""
        if self.documents is None:
            self.documents = _named_documents(self.doc)
        return self.documents


def _new_log() -> SaidLog:
    """An empty log of speakers with the kinds the resolution asks for."""
    return SaidLog(
        {
            "person": lambda s: s.person,
            "thing": lambda s: not s.person,
            "organisation": lambda s: _is_organisation(s),
            "role": lambda s: _role_speaker(s.speaker),
            "single": lambda s: _single_name(s.speaker),
            "any": lambda s: True,
        }
    )


_NO_SPEAKERS = _new_log().freeze()
#: The key of a document's ``SpeakerState`` in a ``RuleContext.state`` (with its sha256).
_STATE_KEY = "statements.speakers"


def build_speakers(text: str) -> SpeakerState:
    """The document's ``SpeakerState``: one pass over its body sentences in order (``text``
    a ``DocText``, or made one: the pass asks its indexes)."""
    doc_text = text if isinstance(text, DocText) else DocText(text)
    state = SpeakerState(doc_text, _new_log())
    log = state.said
    answers: list[tuple[tuple[str, int], str, int]] = []  # mention, speaker, len(said) then
    for sentence in segment(plain_text(doc_text)).body:
        check_budget()
        for a in sentence_attributions(sentence.text):
            offset = sentence.start + a.speaker_start
            speaker = _resolve_with(a.speaker, log, offset, state)
            answers.append(((a.speaker, offset), speaker, len(log.items)))
            if speaker.lower() not in PRONOUNS:
                log.append(_Said(offset, speaker, _is_person(speaker)))
    # An answer saw every earlier speaker unless one was added after it (same sentence).
    said = log.items
    later_min = [len(doc_text) + 1] * (len(said) + 1)
    for i in range(len(said) - 1, -1, -1):
        later_min[i] = min(said[i].offset, later_min[i + 1])
    state.resolved = {m: speaker for m, speaker, seen in answers if later_min[seen] >= m[1]}
    log.freeze()
    return state


def speaker_state(document: Document, state: dict[Any, Any] | None) -> SpeakerState:
    """The document's ``SpeakerState`` kept in ``state`` (a ``RuleContext.state``), built on
    first use; without a ``state`` to keep it in, a fresh one."""
    key = (_STATE_KEY, document.sha256)
    text = kept_text(document.text, state)
    known = state.get(key) if state is not None else None
    if isinstance(known, SpeakerState) and known.doc is text:
        return known
    built = build_speakers(text)
    if state is not None:
        state[key] = built
    return built


def _speaker_at(raw: str, offset: int, document: Document, state: dict[Any, Any] | None) -> str:
    """The speaker a mention at document ``offset`` names (see ``_resolve_with``), from the
    document pass when it answered this mention with every earlier speaker known."""
    if not _needs_context(raw):
        text = kept_text(document.text, state)
        return _resolve_with(raw, _NO_SPEAKERS, offset, SpeakerState(text, _NO_SPEAKERS))
    speakers = speaker_state(document, state)
    known = speakers.resolved.get((raw, offset))
    if known is not None:
        return known
    return _resolve_with(raw, speakers.said, offset, speakers)


def _resolve_with(raw: str, said: SaidLog, offset: int, state: SpeakerState) -> str:
    """A mention resolved to a name a checker can use: ``he`` -> the most recent person-like
    speaker before ``offset``; ``it`` -> an organisation; ``the report`` -> ``ADB report``; ``our
    correspondent`` -> the last named speaker with that role; ``Mr Ali`` -> ``Ifzal Ali``."""
    doc = state.doc
    return full_name(_no_possessive(_resolve_reference(raw, said, offset, state)), doc)


_POSSESSIVE_END = re.compile(r"(?:['’]s|(?<=s)['’])$")
#: Plural heads that do not end in ``s`` (``police``, ``people``; data: ``people.json``).
_PLURAL_HEADS = frozenset(_PEOPLE_TABLE["plural_heads"])


def _head(speaker: str) -> str:
    """The last word of a phrase, lower case, without a possessive ending or stops."""
    words = speaker.split()
    return _POSSESSIVE_END.sub("", words[-1].lower().strip(".,;:()")) if words else ""


def _plural_group(speaker: str) -> bool:
    """May ``they`` refer to this speaker: a coordination (``Trump and Lewandowski``) or a
    plural noun phrase (``some strategists``, ``Sanders’ aides``, ``Democrats``), never one
    person, an organisation's name or a stray capitalised word (``Nationally``, ``Most``)."""
    words = speaker.split()
    if not words or words[0].lower() in _NOT_GIVEN - DETERMINERS:
        return False
    if " and " in f" {speaker} " and not _is_person(speaker):
        return True
    head = _head(speaker)
    if head in _PLURAL_HEADS:
        return True
    plural = len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is"))
    if not plural:
        return False
    if words[-1][:1].islower():
        return True  # "some strategists", "1,409 teachers"
    return head in ROLE_NOUNS  # "Democrats", "Republicans"; not "Sanders"


def _single_thing(speaker: str) -> bool:
    """May ``it`` refer to this speaker: an organisation or a document (``the company``,
    ``The report``, ``Absa``), never a person, a plural or a weekday (``Thursday``)."""
    words = speaker.split()
    if not words or _plural_group(speaker) or _named_person(speaker):
        return False
    first = words[0].lower()
    if len(words) == 1 and (first in _NOT_GIVEN or first in _GIVEN_NAMES):
        return False
    if _head(speaker) in _NOT_GIVEN:
        return False
    head = _head(speaker)
    if head in _PERSON_ROLES or head in _HOLDER_ROLES:
        return False  # "the senator" is a person
    return _is_organisation(_Said(0, speaker, False)) or head in ROLE_NOUNS


_ORGANISATIONS = lexicon.table("organisations")
_NEWS_OUTLETS = frozenset(
    n.lower() for n in [*_ORGANISATIONS["news_outlets"], *_ORGANISATIONS["news_agencies"]]
)
_NEWSPAPER_ENDS = frozenset(_ORGANISATIONS["newspaper_names"])


def _news_outlet(speaker: str) -> bool:
    """A paper, broadcaster or agency that reports what others say (``the Sun-Times``, ``Fox
    News``, ``POLITICO``): no antecedent of ``the group`` or ``the company``."""
    name = _without_article(speaker)
    last = re.split(r"[\s-]", name)[-1] if name else ""
    return (
        name.lower() in _NEWS_OUTLETS
        or f"the {name.lower()}" in _NEWS_OUTLETS
        or (last in _NEWSPAPER_ENDS)
    )


def _without_article(speaker: str) -> str:
    """``The Turkish Defense Ministry`` -> ``Turkish Defense Ministry``."""
    return re.sub(r"^(?i:the)\s+", "", speaker.strip())


def _organisation_like(speaker: str, doc: str) -> bool:
    """May ``the group``, ``the company`` or ``the statement`` stand for this speaker: a
    capitalised name that names no person (no title, honorific or given name; no surname the
    article gives in full), no plural group, no role and no news outlet (``United
    Technologies``, ``Black Lives Matter``, ``the ADB``)."""
    kept = [w for w in speaker.split() if w.lower() not in DETERMINERS]
    if not kept or not kept[0][:1].isupper() or speaker.lower() in PRONOUNS:
        return False
    if _named_person(speaker) or _plural_group(speaker) or _news_outlet(speaker):
        return False
    if len(kept) == 1 and (full_name(kept[0], doc) != kept[0] or kept[0].lower() in _GIVEN_NAMES):
        return False
    head = _head(speaker)
    return not (head in _PERSON_ROLES or head in _HOLDER_ROLES or head in _NOT_GIVEN)


def _named_person(speaker: str) -> bool:
    """Is this phrase a person's name by what names people, not by capitals alone: a title or
    honorific (``Mr Ali``, ``Sen. Rubio``) or a known given name (``Jack Straw``). ``it``
    never stands for a person, so a capitalised pair with neither (``Standard Life``,
    ``Deutsche Boerse``) may be what ``it`` refers to."""
    if not is_person_like(speaker):
        return False
    words = [w.strip(".,;:()").lower() for w in speaker.split()]
    return any(w in _NAME_TITLES or w in HONORIFICS for w in words) or any(
        w in _GIVEN_NAMES for w in words[:-1]
    )


def _no_possessive(speaker: str) -> str:
    """``Mr. Obama's`` -> ``Mr. Obama``, ``Sanders’`` -> ``Sanders``: a possessor cut from the
    phrase it owned names the speaker without the ending."""
    cut = _POSSESSIVE_END.sub("", speaker)
    return cut if len(cut) > 1 else speaker


def _resolve_reference(raw: str, said: SaidLog, offset: int, state: SpeakerState) -> str:
    doc = state.doc
    low = raw.lower()
    before = said.before(offset)
    if low in ("he", "she"):
        return _resolve_person(raw, before, offset, doc)
    if low in ("it", "they"):
        fits = _plural_group if low == "they" else _single_thing
        _, previous = _sentence_bounds(doc, offset)
        recent = before.last_where("thing", lambda s: fits(s.speaker), _GENDER_LOOKBACK)
        if recent is not None and recent.offset >= previous:
            return recent.speaker
        subject = _previous_subject(doc, offset)
        if subject is not None and fits(subject):
            return subject
        return recent.speaker if recent is not None else raw
    holder = _titled_holder(raw, doc, offset)
    if holder is not None:
        return holder
    words = low.split()
    if len(words) == 2 and words[0] in ("their", "its") and words[1] in _EVIDENCE_NOUNS:
        owner = before.last("organisation")
        if owner is not None:
            return f"{owner.speaker} {words[1]}"
    if len(words) == 2 and words[0] == "the" and words[1] in ("newspaper", "paper"):
        paper = last_match_before(_NEWSPAPER, doc, offset)
        if paper is not None:
            return paper.group()
    if _definite_role(raw):  # "the minister", "The foreign secretary", "our correspondent"
        role = " ".join(words[1:])
        if words[0] == "our":  # the publication's own journalist, never one of the quoted
            return _role_holder(role, [], offset, doc) or raw
        return _role_holder(role, before, offset, doc) or _next_subject(doc, offset) or raw
    if (
        words[0] == "the"
        and raw[4:5].isupper()
        and _TITLE_ONLY.fullmatch(raw[4:])
        and words[-1] in _PERSON_ROLES | {"commissioner", "premier", "general", "mp", "mep"}
    ):
        person = before.last("person")
        last = person.speaker if person else None
        return _titled_name(raw[4:], doc) or last or _next_subject(doc, offset) or raw
    if len(words) == 2 and words[0] == "the" and words[1] in _DOCUMENT_NOUNS:
        named = _named_document(words[1], offset, state)
        if named is not None:
            return named
    if (
        len(words) == 2
        and words[0] == "the"
        and (words[1] in _ORG_ROLES or words[1] in _DOCUMENT_NOUNS)
    ):
        subject = _previous_subject(doc, offset)  # "Acme is not hurting. But the company says"
        if (
            subject is not None
            and "\n" not in subject
            and not is_person_like(subject)  # "Laurie Guzzinati ... The company says": no firm
            and _organisation_like(subject, doc)
        ):
            same = before.last_where("any", lambda s: _without_article(s.speaker) == subject, 3)
            return same.speaker if same is not None else subject  # as the speaker was written
        organisation = before.last_where(
            "thing", lambda s: _organisation_like(s.speaker, doc), _GENDER_LOOKBACK
        )
        if organisation is not None:
            return organisation.speaker
    if 1 < len(words) <= 3 and words[0] in ("our", "the", "a") and raw[:1].islower():
        head = words[-1]
        if head not in _PERSON_ROLES:
            return raw  # "the committee" is not its chairman
        for s in reversed(before):
            if s.person and head in s.speaker.lower():
                return s.speaker
    return raw


_TITLE_TABLE = lexicon.table("titles")
_HOLDER_ROLES = frozenset(_TITLE_TABLE["person_titles"]) | _PERSON_ROLES
_ABBREVIATED_ROLES: dict[str, str] = dict(_TITLE_TABLE["abbreviated_roles"])
#: ``the Arsenal manager``, ``The Florida senator``, ``Spain's manager``, ``R's campaign
#: manager``: an owner (capitalised words) and a role of up to three lowercase words.
_OWNED_ROLE = re.compile(
    r"(?:(?i:the)\s+(?P<owner>(?:[A-Z][\w.&-]*\s+){1,3})"
    r"|(?P<possessor>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})(?:['’]s|(?<=s)['’])\s+)"
    r"(?P<role>(?:[a-z][a-z-]*\s+){0,2}[a-z]+)"
)


def _titled_holder(raw: str, doc: str, offset: int) -> str | None:
    """``the Arsenal manager`` -> ``Arsenal manager Arsene Wenger``, ``The Florida senator``
    -> ``Florida Sen. Marco Rubio``, ``Spain's manager`` -> ``Spain manager Luis Aragones``:
    an owned role resolved to the person the article titles so (nearest before the mention,
    else the first after), written as the article titles them, so that the role's words stay."""
    m = _OWNED_ROLE.fullmatch(raw.strip())
    if m is None or m.group("role").split()[-1] not in _HOLDER_ROLES:
        return None
    owner = (m.group("owner") or m.group("possessor")).strip()
    role = m.group("role")
    head = role.split()[-1]
    forms = [re.escape(role)]
    if head in _ABBREVIATED_ROLES and " " not in role:
        forms.append(re.escape(_ABBREVIATED_ROLES[head]) + r"\.?")
    titled = re.compile(
        re.escape(owner)
        + r"(?:['’]s)?\s+(?i:"
        + "|".join(forms)
        + r")\s*,?\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2})"
    )
    found = [h for h in titled.finditer(doc) if is_person_like(h.group("name"))]
    if not found:
        return None
    earlier = [h for h in found if h.start() < offset]
    h = earlier[-1] if earlier else found[0]
    return " ".join(h.group().replace(",", " ").split())


_PEOPLE = _PEOPLE_TABLE
_GENDER_WORDS: dict[str, str] = {
    **{w: "f" for w in (*_PEOPLE["female_given_names"], *_PEOPLE["female_words"])},
    **{w: "m" for w in (*_PEOPLE["male_given_names"], *_PEOPLE["male_words"])},
}
_PRONOUN_GENDER = {"he": "m", "she": "f"}
_NOT_NAME_HEADS = frozenset(_PEOPLE["not_name_heads"])
_HEADLINE_WORDS = frozenset(_PEOPLE["headline_words"])
_PLACE_OPENERS = frozenset(_PEOPLE["place_openers"])
_GIVEN_NAMES = frozenset([*_PEOPLE["female_given_names"], *_PEOPLE["male_given_names"]])


def _is_person(name: str) -> bool:
    """May ``he``/``she`` refer to this phrase: person-like (``claims.phrases``), no headline
    fragment (``Marine Le Pen Backs Trump``), and its name part (the words after a title, a role
    word or a possessor: ``Florida Sen. Marco Rubio`` -> ``Marco Rubio``) neither ends in a
    word that names no person (``Quicken Loans Arena``, ``Social Security``) nor is a short
    phrase opening like a place (``New Hampshire``) with no given name (data: ``people.json``).
    A role phrase (``the Texas senator``) stays a person."""
    if not is_person_like(name):
        return False
    words = name.split()
    if any(w[:1].isupper() and w.lower() in _HEADLINE_WORDS for w in words):
        return False
    head = _base_word(words[-1].lower().strip(".,()"))
    if head in _NOT_NAME_HEADS:
        return False
    if head in ROLE_NOUNS or head in _PERSON_ROLES:
        return True
    cut = 0
    for i, w in enumerate(words[:-1]):
        low = w.lower().rstrip(".")
        if (
            low in _NAME_TITLES
            or low in ROLE_NOUNS
            or low.endswith("-born")
            or w.endswith(("'s", "’s", "s'", "s’"))
        ):
            cut = i + 1
    part = [_base_word(w.lower().strip(".,()")) for w in words[cut:]]
    return bool(part) and not (
        part[0] in _PLACE_OPENERS and len(part) <= 3 and _GIVEN_NAMES.isdisjoint(part[1:])
    )


def _base_word(word: str) -> str:
    """A lowercase word without a possessive ending (``arena's`` -> ``arena``)."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


#: How many earlier speakers a pronoun looks back over for one of its gender.
_GENDER_LOOKBACK = 12


def _gender(speaker: str, doc: str) -> str | None:
    """``m``/``f`` when the speaker's words tell (an honorific, a role word, a given name; a lone
    surname through the article's full name), else None."""
    named = full_name(speaker, doc) if " " not in speaker.strip() else speaker
    found = {_GENDER_WORDS.get(w.rstrip(".").lower()) for w in named.split()} - {None}
    return found.pop() if len(found) == 1 else None


def _agrees(raw: str, speaker: str, doc: str) -> bool:
    """May ``he``/``she`` refer to this speaker (no gender word against it)?"""
    want = _PRONOUN_GENDER.get(raw.lower())
    return want is None or _gender(speaker, doc) in (None, want)


def _last_agreeing(raw: str, before: Before, kind: str, doc: str) -> _Said | None:
    """The last speaker of ``kind`` a pronoun may refer to (a few back at most)."""
    last = before.last(kind)
    if last is None or _agrees(raw, last.speaker, doc):
        return last
    want = _PRONOUN_GENDER[raw.lower()]  # the last one disagrees: one known to agree, else any
    known = before.last_where(kind, lambda s: _gender(s.speaker, doc) == want, _GENDER_LOOKBACK)
    if known is not None:
        return known
    return before.last_where(kind, lambda s: _agrees(raw, s.speaker, doc), _GENDER_LOOKBACK)


def _resolve_person(raw: str, before: Before, offset: int, doc: str) -> str:
    """``he``/``she``: the person just introduced, else the last person who spoke, else the last
    one-word speaker, honorific name or ``X's minister`` before ``offset`` (each of the
    pronoun's gender when a word of theirs tells it)."""
    last = _last_agreeing(raw, before, "person", doc)
    anchor = _quotation_start(doc, offset)
    introduced = _mentioned_person(raw, doc, anchor) or _introduced_person(doc, anchor)
    if introduced is not None and not _agrees(raw, introduced[1], doc):
        introduced = None
    if introduced is not None and (last is None or introduced[0] > last.offset):
        return introduced[1]
    role = _last_agreeing(raw, before, "role", doc)
    if (
        role is not None
        and (last is None or role.offset > last.offset)
        and offset - role.offset < 400
    ):
        return role.speaker  # "The Trafford Centre spokeswoman said ... she added"
    if last is not None:
        return last.speaker
    if before.last("person") is not None:  # every recent speaker is of the other gender
        named = _recent_mention(raw, doc, offset)
        if named is not None:
            return named
    single = _last_agreeing(raw, before, "single", doc)
    if single is not None:
        return single.speaker
    name = last_match_before(_HONORIFIC_NAME, doc, offset)
    if name is not None:
        return name.group()
    roles = list(_POSSESSIVE_ROLE.finditer(doc, max(0, offset - 500), offset))
    if roles:
        return roles[-1].group()
    return _recent_surname_subject(doc, offset) or raw


#: A quotation closing just before a mention (``... she was guilty," he said``).
_CLOSED_BEFORE = re.compile(r"[\"”][,.!?]?\s*$|[,.!?][\"”]\s*$")
_STOP = re.compile(r"[.!?]")


def _quotation_start(doc: str, offset: int) -> int:
    """Where the text a pronoun is read against starts: for ``"A. B. C," he said`` the
    quotation's opening, so that the people named before the quote (not inside it) stand
    before the pronoun; else ``offset``. A quotation that ended a sentence of its own (``...
    be denied." He announced``, or a line break between) is no part of the pronoun's."""
    tail = doc[max(0, offset - 4) : offset]
    m = _CLOSED_BEFORE.search(tail)
    if m is None:
        return offset
    if "\n" in m.group() or (doc[offset : offset + 1].isupper() and _STOP.search(m.group())):
        return offset
    close = offset - len(tail) + m.start()
    opening = _find_opening_back(doc, close)
    return opening if opening is not None else offset


_SURNAME_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”]\s))(?P<name>[A-Z][a-z'’-]+)\s+[a-z]", re.MULTILINE
)


def _recent_surname_subject(doc: str, offset: int) -> str | None:
    """``Den, played by Leslie Grantham ... Grantham hit the headlines ... He apologised``: the
    last sentence-opening surname in the paragraph that the article named in full before."""
    line_start = _line_start(doc, offset)
    for m in matches_back(_SURNAME_SUBJECT, doc, line_start, offset):
        name = m.group("name")
        if (low := name.lower()) in FUNCTION_WORDS or low in PRONOUNS or low in DETERMINERS:
            continue
        named = re.compile(r"\b[A-Z][a-z]+\s+" + re.escape(name) + r"\b")
        if first_match_before(named, doc, offset) is not None:
            return name
    return None


def _in_lead(name: str, doc: str) -> bool:
    """Is the person's surname in the article's first body sentence (the story's subject)?"""
    body = segment(plain_text(doc)).body
    return (
        bool(body)
        and re.search(r"\b" + re.escape(name.split()[-1]) + r"\b", body[0].text) is not None
    )


def _role_speaker(speaker: str) -> bool:
    """An unnamed spokesperson: ``The Trafford Centre spokeswoman``, ``a spokesman for X`` (a
    leader or minister has a name the article gives elsewhere; a spokesperson often has none)."""
    words = speaker.lower().split()
    return (
        len(words) >= 2
        and not _definite_role(speaker)  # "the spokesman" left unresolved: no help
        and any(w in _SPOKES for w in words[:5])
    )


_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})


def _definite_role(raw: str) -> bool:
    """``the minister``, ``The foreign secretary``, ``our correspondent``: a definite role with
    lowercase modifiers (``the Foreign Secretary`` is a title, handled with ``_TITLE_ONLY``)."""
    words = raw.split()
    return (
        2 <= len(words) <= 4
        and words[0].lower() in ("the", "our")
        and words[-1].lower() in _PERSON_ROLES
        and all(w.islower() for w in words[1:])
    )


def _role_holder(role: str, before: Iterable[_Said], offset: int, doc: str) -> str | None:
    """``the minister``: the person the article titled so (``minister X``, ``X, the minister``;
    ``Gov. X`` for ``the governor``, the nearer before the mention), else its main speaker (a
    person quoted at least twice before, or the only person quoted)."""
    titled = re.compile(  # the role in any case, the name capitalised
        r"\b(?i:" + re.escape(role) + r")\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+){1,2})"
    )
    finder = lambda: titled_matches(titled, role, doc)  # noqa: E731
    last = last_match_before(titled, doc, offset, finder)  # the name is capitalised: no filter
    abbreviation = _ABBREVIATED_ROLES.get(role)  # "the governor" after "Gov. Ada Brandt"
    if abbreviation is not None:
        short = last_match_before(_abbreviated_titled(abbreviation), doc, offset)
        if short is not None and (last is None or short.start() > last.start()):
            last = short
    if last is not None:
        return last.group("name")
    counts: dict[str, int] = {}
    for said in before:
        if said.person:
            counts[said.speaker] = counts.get(said.speaker, 0) + 1
    if len(counts) == 1 and _in_lead(next(iter(counts)), doc):
        return next(iter(counts))  # the only person quoted so far, and the one the story is about
    best = max(counts.items(), key=lambda item: item[1], default=None)
    if best is None or " " in role or best[1] < 2 or 2 * best[1] < sum(counts.values()):
        return None  # no main speaker: leave "the minister" as written
    return best[0]


@lru_cache(maxsize=64)
def _abbreviated_titled(abbreviation: str) -> re.Pattern[str]:
    """``Gov. Ada Brandt``, ``Sen Greta Holm``: an abbreviated title (as written, capitalised)
    and the name after it."""
    return re.compile(
        r"\b" + re.escape(abbreviation) + r"\.?\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+){1,2})"
    )


def _is_organisation(said: _Said) -> bool:
    """A named organisation speaker (``Absa``, ``the ADB``), not a person or a common noun."""
    kept = [w for w in said.speaker.split() if w.lower() not in DETERMINERS]
    if said.person or not kept:
        return False
    first, head = kept[0], kept[-1].lower()
    return (
        first[:1].isupper()
        and first.lower() not in _COMMON_SPEAKERS
        and (head not in _PERSON_ROLES)
    )


_POSSESSIVE_ROLE = re.compile(
    r"\b[A-Z][\w-]*['’]s\s+(?:[a-z]+\s+){0,2}(?:minister|president|leader|secretary|chancellor"
    r"|chief|governor|spokesman|spokeswoman|ambassador|envoy)\b"
)
_SENTENCE_END = re.compile(r"[.!?]" + _NOT_AFTER_ABBREVIATION + r"[\"”’]?\s+")
_PERSON_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){1,4}\b"
)


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin))*")


def _body_start(doc: str) -> int:
    """Where the article's body starts: a headline (``Classy Henman into semis``) introduces
    nobody a pronoun of the body may refer to."""
    return doc_memo(doc, "body_start", lambda: _first_body_offset(doc))


def _first_body_offset(doc: str) -> int:
    body = segment(plain_text(doc)).body
    return body[0].start if body else 0


def _ends_sentence(word: str) -> bool:
    """Does this word of a capitalised run end a sentence (``Monday.``; not ``Gov.``, ``J.``)?"""
    return (
        len(word) > 2
        and word.endswith(".")
        and "." not in word[:-1]
        and word[:-1].lower() not in lexicon.abbreviations()
    )


def _person_mentions(doc: str, start: int, end: int) -> list[tuple[int, str]]:
    """People named in ``doc[start:end]`` outside quotations, in text order, by the name the
    article gives them in full: a titled or two-word person-like name (``Sen. Ted Cruz``), or a
    surname the article names in full elsewhere (``Clinton`` -> ``Hillary Clinton``).
    Possessives (``Clinton's plan``) name no subject and are left out."""
    start = max(start, min(_body_start(doc), end))
    text = doc[start:end]
    regions = _quote_regions(text)
    found: list[tuple[int, str]] = []
    for m in _CAPITALISED_RUN.finditer(text):
        if _inside(m.start(), regions) or _POSSESSIVE_END.search(m.group().rstrip(".")):
            continue  # "Bill Clinton's years": a possessor is no subject
        if _name_modifier(text, m):
            continue  # "The Murdoch outlets", "the Clinton campaign": a modifier, no person
        words = m.group().rstrip(".").split()
        ends = [i for i, w in enumerate(words) if _ends_sentence(w)]
        if ends:  # "Monday. Workers": a run across a sentence end
            words = words[ends[-1] + 1 :]
        while words and (words[0].lower() in _NOT_GIVEN or words[0].lower() in DETERMINERS):
            words = words[1:]
        titled = [i for i, w in enumerate(words) if w.rstrip(".").lower() in _NAME_TITLES]
        if titled and titled[-1] < len(words) - 1:
            words = words[titled[0] :]  # "Arizona Gov. Katie Hobbs" -> "Gov. Katie Hobbs"
        if not words or len(words) > 5:
            continue
        name = " ".join(words)
        if len(words) == 1:
            full = full_name(name, doc)
            if full == name or not _is_person(full):
                continue
            name = full
        elif not _is_person(name):
            continue
        found.append((start + m.start(), name))
    return found


#: A lowercase word right after a capitalised run (``the Murdoch outlets``).
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")


def _name_modifier(text: str, m: re.Match[str]) -> bool:
    """Is the capitalised run ``m`` a name modifying a noun after an article (``The Murdoch
    outlets``, ``the Trump administration``), not a person? The word after it is lowercase and
    no verb a subject would take (``the Rev. Al Sharpton said``, ``... has``, ``... led``)."""
    first = m.group().split()[0].lower()
    before = text[max(0, m.start() - 4) : m.start()].lower()
    if first not in ("the", "a", "an") and not re.search(r"(?:^|\s)(?:the|a|an)\s+$", before):
        return False
    nxt = _NEXT_WORD.match(text, m.end())
    if nxt is None:
        return False
    word = nxt.group(1)
    return word not in CUE_FORMS and word not in _AUX and not word.endswith("ed")


#: Words after which a name is the subject of a clause (``Although Assange was ...``).
_CLAUSE_OPENERS = frozenset(_CUES["subject_openers"]) - {"that"}


def _opens_clause(doc: str, start: int, at: int) -> bool:
    """Does the name at ``at`` open its sentence or a clause (``After Smith left, he ...``), or
    follow the one lead phrase opening the sentence (``In April, Smith ...``), not sit in a
    phrase (``hosted by Gordon Brown, he said``)?"""
    before = doc[start:at].split()
    if not before or before[-1].lower() in _CLAUSE_OPENERS:
        return True
    # "During a visit in April, Omar Lindqvist was ...": the subject just past a lead phrase
    first = before[0].lower()
    return (
        before[-1].endswith(",")
        and (first in _LEAD_OPENERS or first in _LEAD_PREP)
        and sum(w.endswith(",") for w in before) == 1
    )


#: How far back (characters) a pronoun looks for a person of its gender no speaker is.
_MENTION_WINDOW = 1500


def _recent_mention(raw: str, doc: str, offset: int) -> str | None:
    """The last person named (outside quotations) shortly before ``offset`` whose words tell
    the pronoun's gender: ``Governor Ada Whitfield opened ... said Mr. Harlan. ... she said``."""
    want = _PRONOUN_GENDER.get(raw.lower())
    start = max(0, offset - _MENTION_WINDOW)
    for _, name in reversed(_person_mentions(doc, start, offset)):
        if _gender(name, doc) == want:
            return name
    return None


def _mentioned_person(raw: str, doc: str, offset: int) -> tuple[int, str] | None:
    """``Although Assange was not charged, he ...``: the last person named before the pronoun
    in its own sentence; else ``Clinton aimed her speech at Trump. "...," she said``: the first
    person (the subject, most often) of the sentence before that attributes nothing, of the
    pronoun's gender when a word tells it."""
    if raw.lower() not in _PRONOUN_GENDER:
        return None
    current, previous = _sentence_bounds(doc, offset)
    own = [
        m
        for m in _person_mentions(doc, current, offset)
        if _agrees(raw, m[1], doc) and _opens_clause(doc, current, m[0])
    ]
    if own:
        return own[-1]
    sentence = doc[previous:current]
    if previous >= current or "\n" in sentence.strip() or len(sentence) > MAX_SENTENCE:
        return None
    if sentence_attributions(sentence.rstrip()):
        return None
    earlier = [m for m in _person_mentions(doc, previous, current) if _agrees(raw, m[1], doc)]
    return earlier[0] if earlier else None


def _introduced_person(doc: str, offset: int) -> tuple[int, str] | None:
    """The last person named in the sentence just before the one at ``offset`` when that
    sentence attributes nothing (``... did not impress Tim Collins. "...," he said``)."""
    window_start = max(0, offset - 600)
    ends = [m.end() for m in _SENTENCE_END.finditer(doc, window_start, offset)]
    if len(ends) < 1:
        return None
    current = ends[-1]
    previous = ends[-2] if len(ends) > 1 else max(window_start, _line_start(doc, current))
    previous = max(previous, min(_body_start(doc), current))
    if "\n" in doc[previous:current].strip():
        return None
    sentence = doc[previous:current]
    if len(sentence) <= MAX_SENTENCE and sentence_attributions(sentence.rstrip()):
        return None  # trailing spaces change no attribution; stripped, it is usually memoised
    names: list[tuple[int, str]] = []
    for m in _PERSON_NAME.finditer(sentence):
        if _POSSESSIVE_END.search(m.group()):
            continue  # "Bill Clinton's years": a possessor is no subject
        words = m.group().split()
        skip = 0
        while skip < len(words) and words[skip].lower() in _NOT_GIVEN:
            skip += 1
        words = words[skip:]
        if words and words[0].rstrip(".").lower() in _HONORIFIC_WORDS:
            words = words[:2]
        name = " ".join(words)
        start = m.start() + m.group().find(name) if name else m.start()
        if len(words) >= 2 and _is_person(name) and _titled(sentence, start, name):
            names.append((start, name))
    if not names:
        return None
    return previous + names[-1][0], names[-1][1]


def _single_name(speaker: str) -> bool:
    """A one-word capitalised speaker that may be a surname (``O'Neill``, ``Trump``)."""
    return bool(_ONE_NAME.fullmatch(speaker)) and speaker.lower() not in ROLE_NOUNS


_HONORIFIC_WORDS = frozenset(["mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "prof"])


def _titled(sentence: str, start: int, name: str) -> bool:
    """Is this name a person's: an honorific, or a role word just before it (``secretary X``)?"""
    if name.split()[0].rstrip(".").lower() in _HONORIFIC_WORDS:
        return True
    after = sentence[start + len(name) :]
    if re.match(r",\s+(?:a|an|the)\s", after):
        return True  # "Katie Hobbs, a Democrat, ..."
    if sentence[:start].rstrip().endswith(",") and after.startswith(","):
        return True  # "The Secretary of State for Culture, Tessa Jowell, has ..."
    before = sentence[:start].split()
    return bool(before) and (
        before[-1] in ROLE_NOUNS or before[-1].rstrip(".").lower() in HONORIFICS
    )


_DOCUMENT_NOUNS = frozenset({"report", "statement", "study", "survey"})
_NEWSPAPER = re.compile(
    r"\b(?:the\s+)?(?:[A-Z][a-z]+\s+){0,2}(?:Times|Telegraph|Guardian|Post|Journal|Mail|Mirror"
    r"|Independent|Sun|Express|Observer|Herald|Standard|Tribune|Gazette|Chronicle|Scotsman)\b"
)
_TITLE_ONLY = re.compile(
    r"(?:[A-Z][a-z]+|[A-Z]{2,4}|and|of|for)(?:\s+(?:[A-Z][a-z]+|[A-Z]{2,4}|and|of|for))*"
)
_LEADING_NAME = re.compile(
    r"(?:(?:And|But|However|Yet|So|Meanwhile),?\s+)?"
    r"(?:(?:In|On|At|After|Before|During|Since|Last|This|Earlier|Later|A|An)\b[^,.]{0,40}?"
    r"(?:ago|year|week|month|day|[0-9]{4})?,\s+)?"
    r"(?:[Tt]he\s+)?(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}|[a-z]+s\b)"
)


def _sentence_bounds(doc: str, offset: int) -> tuple[int, int]:
    """Start of the sentence holding ``offset`` and start of the sentence before it (which may
    end a previous paragraph)."""
    window = max(0, offset - 800)
    ends = [m.end() for m in _SENTENCE_END.finditer(doc, window, offset)]
    current = ends[-1] if ends else _line_start(doc, offset)
    earlier = [e for e in ends if e < current]
    if earlier:
        return current, earlier[-1]
    return current, _line_start(doc, max(0, current - 2))


def _previous_subject(doc: str, offset: int) -> str | None:
    """``It said ...``: the organisation opening the sentence before (``Standard Life is ...``)."""
    current, previous = _sentence_bounds(doc, offset)
    m = _LEADING_NAME.match(doc, previous)
    if m is None or m.start("name") >= current:
        return None
    name = m.group("name")
    first = name.split()[0].lower()
    if name[:1].islower():  # "A year ago, ministers launched ...": a plural group ("they")
        return name if first in ROLE_NOUNS else None
    if first.rstrip(".") in _HONORIFIC_WORDS or first in _NOT_GIVEN or first in DETERMINERS:
        return None  # "it" is no person; "Meanwhile", "A" are no names
    return None if first.endswith("ing") or first in ROLE_NOUNS else name


def _next_subject(doc: str, offset: int) -> str | None:
    """``..., the Trade and Industry Secretary has said. Patricia Hewitt said ...``: the person
    opening the next sentence."""
    m = _SENTENCE_END.search(doc, offset)
    if m is None or ("\n\n" in doc[offset : m.end()].strip("\n") and False):
        return None
    follow = _LEADING_NAME.match(doc, m.end() + (1 if doc[m.end() : m.end() + 1] == "\n" else 0))
    if follow is None:
        return None
    name = follow.group("name")
    return name if is_person_like(name) else None


def _titled_name(title: str, doc: str) -> str | None:
    """``Trade and Industry Secretary`` -> ``Patricia Hewitt`` when the article writes the title
    before the name somewhere."""
    return doc_memo(doc, ("titled_name", title), lambda: _first_titled(title, doc))


def _first_titled(title: str, doc: str) -> str | None:
    m = re.search(re.escape(title) + r"\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+){1,2})", doc)
    return m.group("name") if m else None


_NOT_GIVEN = FUNCTION_WORDS | frozenset([*MONTHS, *WEEKDAYS, "christmas", "easter"])
_PLACE_LIKE = re.compile(r"(?:Analysts|Officials|Critics|Experts|Police|Democrats|Republicans)$")
_NAMED_DOCUMENT = re.compile(
    r"\b(?P<owner>(?:[A-Z][\w.&'’-]*\s+){1,5})(?P<noun>report|statement|study|survey)\b"
)
_HONORIFIC_ONLY = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Prof)\.?\s+(?P<surname>[A-Z][\w'’-]+)"
)
_TITLE_WORDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "lord",
        "lady",
        "prof",
        "minister",
        "secretary",
        "president",
        "prime",
        "chancellor",
        "leader",
        "chief",
        "director",
        "foreign",
        "defence",
        "defense",
        "general",
        "deputy",
        "senator",
        "governor",
        "king",
        "queen",
        "prince",
        "judge",
        "justice",
        "ambassador",
        "the",
        "a",
        "an",
        "former",
        "state",
    ]
)
#: Titles a name may follow in a run of capitalised words (``Gov.``, ``Senator``, ``Mr``).
_NAME_TITLES = (
    _TITLE_WORDS
    | frozenset(w.lower() for w in lexicon.table("titles")["abbreviated_titles"])
    | HONORIFICS
)


def _named_document(noun: str, offset: int, state: SpeakerState) -> str | None:
    """``the report`` -> ``ADB report`` when the article names it (nearest, earlier first: a
    later one counts ten times its distance). The nearest earlier and later candidates are
    found by bisection in the document's list of named documents."""
    starts, owners = state.named_documents().get(noun, ([], []))
    i = bisect.bisect_left(starts, offset)  # starts[:i] are before the mention
    before = (offset - starts[i - 1], owners[i - 1]) if i else None
    after = (10 * (starts[i] - offset), owners[i]) if i < len(starts) else None
    if before is not None and (after is None or before[0] <= after[0]):
        return f"{before[1]} {noun}"  # a tie goes to the earlier (the scan kept the first)
    return f"{after[1]} {noun}" if after is not None else None


def _named_documents(doc: str) -> dict[str, tuple[list[int], list[str]]]:
    """Every ``OWNER report|statement|study|survey`` of a document: for each noun, the starts
    (ascending) and owners (kept in the document's ``SpeakerState``)."""
    found: dict[str, tuple[list[int], list[str]]] = {}
    for m in _NAMED_DOCUMENT.finditer(doc):
        owner = [w for w in m.group("owner").split() if w.lower() not in _TITLE_WORDS]
        if owner:
            starts, owners = found.setdefault(m.group("noun"), ([], []))
            starts.append(m.start())
            owners.append(" ".join(owner))
    return found


def full_name(name: str, doc: str) -> str:
    """``Mr Abbas`` (or ``Johnson``) -> ``Mahmoud Abbas`` (``Jade Johnson``) when the article
    names the person in full (its first whole-word mention with given names before it); else
    ``name``. Answered from a per-document index of capitalised words (``claims.docindex``):
    a rescan of the text per statement made long articles quadratic."""
    m = _HONORIFIC_ONLY.fullmatch(name)
    want = None
    if m is not None:
        surname = m.group("surname")
        want = _GENDER_WORDS.get(name.split()[0].rstrip(".").lower())  # Mrs. Clinton: a woman
    elif _ONE_NAME.fullmatch(name) and not _PLACE_LIKE.match(name):
        surname = name
    else:
        return name
    key = ("full_name", surname, want)
    given = doc_memo(doc, key, lambda: _first_given(surname, doc, want))
    return f"{given} {surname}" if given else name


def _first_given(surname: str, doc: str, want: str | None = None) -> str:
    """The given names before the first whole-word mention of ``surname`` that has any (of
    the gender ``want``, ``m`` or ``f``, when given: no given name of the other one)."""
    for at in capitalised_runs(doc, surname):
        given = _given_before(doc, at)
        told = {_GENDER_WORDS.get(w.rstrip(".").lower()) for w in given} - {None}
        if given and (want is None or told <= {want}):
            return " ".join(given)
    return ""


#: Common verbs that open a question before a surname and name nobody (``Is``, ``Can``), apart
#: from the given names among them (``Will``).
_VERBS_NOT_GIVEN = frozenset(lexicon.table("closed_class")["common_verbs"]) - _GIVEN_NAMES


def _given_before(doc: str, at: int) -> list[str]:
    """The capitalised given names (up to four words, same line) just before offset ``at``."""
    words = doc[max(0, at - 80) : at].split()
    if at > 80:
        words = words[1:]
    given: list[str] = []
    if "\n" in doc[max(0, at - 80) : at]:
        words = doc[doc.rfind("\n", 0, at) + 1 : at].split()
    for word in reversed(words[-4:]):
        low = word.lower().rstrip(".")
        if low in _TITLE_WORDS or low in _NOT_GIVEN or not _GIVEN.fullmatch(word):
            break
        if low in _VERBS_NOT_GIVEN:
            break  # "Is Sanders finally connecting ...?", "Does Clinton ...": a verb opening
        if word.endswith(".") and len(word) > 2:
            break  # "Party." ends the previous sentence; "J." is an initial
        if word.isupper() and len(word) > 1:
            break  # "Labour MP Oona King": MP is no given name
        given.insert(0, word)
    return given


def _needs_context(raw: str) -> bool:
    """Does resolving this mention need the document's earlier speakers (pronoun, role only)?"""
    words = raw.lower().split()
    return bool(words) and (
        (len(words) == 1 and words[0] in PRONOUNS)
        or (len(words) <= 3 and words[0] in ("the", "our", "a", "their", "its"))
        or (len(words) <= 6 and words[0] == "the" and raw[4:5].isupper())
    )


def resolve_speaker(
    raw: str, document: Document, offset: int, state: dict[Any, Any] | None = None
) -> str:
    """Resolve a pronoun or role-only mention at document ``offset`` to a named speaker;
    ``state`` (a ``RuleContext.state``) keeps the document's ``SpeakerState`` between calls
    (without it, each call makes the document pass anew)."""
    if not _needs_context(raw):
        return full_name(raw, kept_text(document.text, state))
    return _speaker_at(raw, offset, document, state)


# --- claims -----------------------------------------------------------------------------------


def _claim_text(a: _Attribution, speaker: str, content: str, sentence_start_quote: bool) -> str:
    """One self-contained sentence for a checker (of a quotation of several sentences, the
    first that states something: one fact, not a speech)."""
    if a.quoted:
        body = f'"{_first_said(content)}"'
    else:
        content = _one_sentence(content)
        first = content.split(" ", 1)[0]
        low = first.lower()
        common = low in _LOWER_STARTS or low.endswith("ly") or low in _COMMON_STARTS
        body = content[:1].lower() + content[1:] if common and first != "I" else content
    if a.kind == "according":
        text = f"According to {speaker}, {body}"
    else:
        middle = a.middle.strip()
        if a.quoted and not middle.endswith((":", "that")):
            middle = f"{middle}:" if middle else ":"
        text = f"{speaker} {a.written or a.cue} {middle} {body}".replace(" :", ":")
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    if not text.endswith((".", "!", "?", '."', '!"', '?"', ".”")):
        text += "."
    return text


#: The shortest quoted sentence a claim text is told by (``"No. We sold 5,000 cars."``: the
#: second).
_MIN_SAID_WORDS = 4


def _one_sentence(content: str) -> str:
    """An unquoted content as one clause of a sentence: no opening comma (``found that ,
    on average, ...``), only its first sentence, a quotation it opens closed (``adds "an
    important building block`` -> ``... block"``)."""
    content = content.lstrip(", ")
    for m in _SENTENCE_END.finditer(content):
        if content[m.end() :].lstrip('"“” ')[:1].isupper():
            content = content[: m.end()].rstrip()
            break
    if open_quotes(content) > 0:
        closer = "”" if content.count("“") > content.count("”") else '"'
        content = content.rstrip(".,;: ") + closer
    return content


def _first_said(content: str) -> str:
    """The first sentence of quoted ``content`` that is no question nor a few words
    (``"Yes. Sales rose. We are proud."`` -> ``Sales rose.``); all of it when it is one sentence
    or none is."""
    pieces: list[str] = []
    at = 0
    for m in _SENTENCE_END.finditer(content):
        rest = content[m.end() :].lstrip('"“” ')
        if not rest[:1].isupper():
            continue  # "Mr. Smith", "5 p.m. on": no sentence ends here
        pieces.append(content[at : m.end()])
        at = m.end()
    if not pieces:
        return content
    pieces.append(content[at:])
    for piece in pieces:
        said = piece.strip().strip('"“”').strip()
        if len(said.split()) >= _MIN_SAID_WORDS and not said.endswith("?"):
            return said.rstrip(".,;: ")
    return content


def _with_dates(text: str, context: RuleContext) -> str:
    """A claim text with its relative dates resolved. In an undated article no relative date
    resolves (``claims.values.dates``), so there is nothing to rewrite and the date scan is
    skipped."""
    if context.reference_date is None:
        return text
    found = find_dates(text, context.reference_date)
    regions = _quote_regions(text)
    if not regions or not found:
        return rewrite_relative(text, found)
    # a date outside the quotation is read without the quoted words' tense ('said Thursday:
    # "We will win"' is a past Thursday); one inside it, with them
    masked = list(text)
    for a, b in regions:
        masked[a:b] = " " * (b - a)
    outside = find_dates("".join(masked), context.reference_date)
    inside = [m for m in found if _inside(m.start, regions)]
    return rewrite_relative(text, sorted([*outside, *inside], key=lambda m: m.start))


def _draft(sentence: Sentence, context: RuleContext, a: _Attribution) -> Draft:
    """A STATEMENT draft from one attribution (document offsets, resolved speaker)."""
    doc = context.document
    offset = sentence.start + a.speaker_start
    speaker = _speaker_at(a.speaker, offset, doc, context.state)
    content = sentence.text[a.content_start : a.content_end]
    start = sentence.start + a.span_start
    opening = _continued_quote(sentence, a, doc.text)
    if opening is not None:
        start = opening
        content = " ".join(doc.text[opening + 1 : sentence.start + a.content_end].split())
    end = sentence.start + a.span_end
    if a.kind in ("pre", "participial") and _open_at_end(sentence.text, a.content_end):
        close = _quote_close_after(doc.text, sentence.end)
        if close is not None:  # "X said: "A. B. C."" over several sentences: one claim
            end = close
            content = _joined_quote(doc.text[sentence.start + a.content_start : close])
    if a.more:
        after_cue = sentence.text[a.cue_start + len(a.cue) :].lstrip()
        content = f"{content}{'.' if after_cue[:1] in _STOPS else ''} {a.more}"
    text = _claim_text(a, speaker, content, False)
    text = _with_dates(text, context)
    return Draft(
        type=ClaimType.STATEMENT,
        start=start,
        end=end,
        text=text,
        slots={"speaker": speaker, "content": content, "cue": a.cue.lower()},
    )


def _open_at_end(text: str, after: int) -> bool:
    """Does a quotation opened in ``text`` (at or before ``after``) run past its end?"""
    regions = _quote_regions(text)
    if not regions:
        return False
    start, end = regions[-1]
    closed_at_end = text[-1:] in ('"', _CLOSE_Q) and end - 1 > start  # '... the console."'
    return end == len(text) and start <= after and not closed_at_end


#: Line prefixes shorter than this are scanned directly; longer ones (a document of one long
#: line) are answered from per-line indexes, so that each sentence costs no more than its length.
_LONG_PREFIX = 2000


def _last_region(doc: str, line_start: int, end: int) -> tuple[int, int] | None:
    """``_quote_regions(doc[line_start:end])[-1]`` (or None): the last quotation of a line's
    prefix, relative to the line."""
    if end - line_start < _LONG_PREFIX:
        regions = _quote_regions(doc[line_start:end])
        return regions[-1] if regions else None
    quotes = doc_memo(doc, ("quotes", line_start), lambda: _LineQuotes(doc, line_start))
    return quotes.last_region(end)


class _LineQuotes:
    """The quotation state of a line after each of its quote marks (``_quote_regions`` run
    once over the whole line: the state at a mark depends only on the line before it)."""

    def __init__(self, doc: str, line_start: int) -> None:
        self.line_start = line_start
        self.positions: list[int] = []
        self.open_at: list[int | None] = []  # open quotation after each mark (line offsets)
        self.closed: list[tuple[int, int] | None] = []  # last closed region so far
        open_at: int | None = None
        closed: tuple[int, int] | None = None
        for m in _QUOTE_CHAR.finditer(doc, line_start, _line_end(doc, line_start)):
            ch, i = m.group(), m.start() - line_start
            prev = doc[m.start() - 1] if i else ""
            opening = ch == _OPEN_Q or (ch == '"' and (i == 0 or prev.isspace() or prev in "([:—-"))
            if ch == _CLOSE_Q:
                opening = False
            if opening and open_at is None:
                open_at = i
            elif not opening:
                closed, open_at = (open_at if open_at is not None else 0, i + 1), None
            self.positions.append(m.start())
            self.open_at.append(open_at)
            self.closed.append(closed)

    def last_region(self, end: int) -> tuple[int, int] | None:
        """The last region of the line's prefix ending at document offset ``end``."""
        k = bisect.bisect_left(self.positions, end)  # the marks before ``end``
        if not k:
            return None
        open_at = self.open_at[k - 1]
        return (open_at, end - self.line_start) if open_at is not None else self.closed[k - 1]


def _prefix_open_at_end(doc: str, line_start: int, end: int) -> bool:
    """``_open_at_end(doc[line_start:end], end - line_start)``: does a quotation opened earlier
    in the line run up to ``end``?"""
    region = _last_region(doc, line_start, end)
    if region is None:
        return False
    start, stop = region
    length = end - line_start
    closed_at_end = length > 0 and doc[end - 1] in ('"', _CLOSE_Q) and stop - 1 > start
    return stop == length and start <= length and not closed_at_end


def _quote_close_after(doc: str, start: int) -> int | None:
    """Document offset just after the quote that closes an open quotation, searching from
    ``start`` to the end of the line (a re-opening quote before a new sentence is skipped)."""
    line_end = _line_end(doc, start)
    for m in _QUOTE_CHAR.finditer(doc, start, line_end):
        i = m.start()
        ch = doc[i]
        opening = ch == _OPEN_Q or (ch == '"' and (i == 0 or doc[i - 1].isspace()))
        if not opening:
            return i + 1
    return None


def _joined_quote(raw: str) -> str:
    """A multi-sentence quotation as one content string: no quote marks, one space."""
    text = " ".join(_QUOTE_CHAR.sub(" ", raw).split())
    return text.rstrip(",.")


def _continued_quote(sentence: Sentence, a: _Attribution, doc: str) -> int | None:
    """Where a quotation opened in an earlier sentence of the same line starts, when this
    post-posed attribution closes it (``"A. B," he said.`` or, re-opened at a new sentence,
    ``"A. "B," he said.``): the claim then covers it all."""
    if a.kind != "post" or not a.quoted:
        return None
    if _QUOTE_CHAR.search(sentence.text, 0, a.content_start - 1 if a.content_start else 0):
        return None
    line_start = _line_start(doc, sentence.start)
    region = _last_region(doc, line_start, sentence.start)
    if region is None or region[1] != sentence.start - line_start:
        return None
    if doc[line_start + region[0]] not in '"“':
        return None
    return line_start + region[0]


def _quote_only(sentence: Sentence, context: RuleContext) -> Draft | None:
    """A sentence that is only a quotation: the speaker of the nearest attribution in its line."""
    text = sentence.text
    stripped = text.lstrip()
    if not stripped.startswith(('"', _OPEN_Q)):
        return None
    lead = len(text) - len(stripped)
    regions = _quote_regions(text)
    closes = bool(regions) and text[regions[0][1] - 1] in '"”' and regions[0][1] - regions[0][0] > 1
    doc = context.document.text
    line_start = _line_start(doc, sentence.start)
    line_end = _line_end(doc, sentence.end)
    if _prefix_open_at_end(doc, line_start, sentence.start):
        return None  # continues a quotation an earlier claim of this line already covers
    before = _last_attribution(doc, line_start, sentence.start)
    after = _first_attribution(doc, sentence.end, line_end)
    if not closes and after is not None:
        return None  # the sentence closing the quotation claims it whole (see _continued_quote)
    source = before if closes else (after or before)
    source = source or after
    if source is None and doc[line_start : sentence.start].strip() == "":
        source = _previous_paragraph_attribution(doc, line_start)
    if source is None:
        return None
    a, offset = source
    c_start, c_end, _ = _strip_content(text, lead, len(text))
    if closes and re.search(r"\w", text[regions[0][1] :]):
        c_end = min(c_end, regions[0][1])  # '"...," he continued, citing ...': the quote only
    c_start += 1 if text[c_start : c_start + 1] in '"“' else 0
    c_end = _trim_end(text, c_start, c_end - (1 if text[c_end - 1 : c_end] in '"”' else 0))
    if c_end <= c_start:
        return None
    speaker = _speaker_at(a.speaker, offset, context.document, context.state)
    content = text[c_start:c_end]
    cue = _PAST.get(a.cue.lower(), a.cue.lower())
    if cue == "according to" or CUE_FORMS.get(cue, ("", False))[0] in _OBJECT_CUES:
        cue = "said"  # the quote stands alone: "X told: ..." would read badly
    quote = _Attribution("quote", 0, cue, speaker, 0, "", c_start, c_end, lead, len(text), True)
    claim = _claim_text(quote, speaker, content, True)
    claim = _with_dates(claim, context)
    end = _trim_end(text, lead, len(text))
    end += 1 if text[end : end + 1] in '"”' else 0
    end = sentence.start + max(end, c_end)
    close = None if closes else _quote_close_after(doc, sentence.end)
    if close is not None:
        end = close
        content = _joined_quote(doc[sentence.start + c_start : close])
        claim = _claim_text(quote, speaker, content, True)
        claim = _with_dates(claim, context)
    return Draft(
        type=ClaimType.STATEMENT,
        start=sentence.start + lead,
        end=end,
        text=claim,
        slots={"speaker": speaker, "content": content, "cue": cue},
    )


def _previous_paragraph_attribution(
    doc: str, line_start: int, hops: int = 3
) -> tuple[_Attribution, int] | None:
    """A paragraph opening with a quotation and naming no speaker continues the speaker of the
    previous paragraph when that paragraph ENDS with an attribution (``... Mr Blair said. /
    "We are stating ..."``), looking back over at most ``hops`` quote-only paragraphs."""
    end = line_start
    for _ in range(hops):
        stop = end  # doc[:end].rstrip(), without copying the document's beginning
        while stop > 0 and doc[stop - 1].isspace():
            stop -= 1
        if not stop:
            return None
        start = _line_start(doc, stop)
        sentences = list(_NAIVE_SENTENCE.finditer(doc, start, stop))
        if not sentences:
            return None
        last = sentences[-1]
        found = _last_attribution(doc, last.start(), last.end())
        if found is not None:  # not a "said" quoted inside someone else's quotation
            inside = _inside(found[1] - start, _quote_regions(doc[start:stop]))
            return None if inside else found
        if not all(m.group().lstrip().startswith(('"', _OPEN_Q)) for m in sentences):
            return None
        end = start
    return None


def _last_attribution(doc: str, start: int, end: int) -> tuple[_Attribution, int] | None:
    """The last attribution in ``doc[start:end]`` and the document offset of its speaker
    (sentences are asked from the last one back: a long line costs one regular-expression scan;
    a long prefix of a line is answered from the line's index, ``_LineAttributions``)."""
    if end - start >= _LONG_PREFIX and start == _line_start(doc, start):
        line = doc_memo(doc, ("naive", start), lambda: _LineAttributions(doc, start))
        return line.last_before(end)
    for m in reversed(list(_NAIVE_SENTENCE.finditer(doc, start, end))):
        chunk = m.group().lstrip()
        found = sentence_attributions(chunk)
        if found:
            return found[-1], m.end() - len(chunk) + found[-1].speaker_start
    return None


def _chunk_attribution(doc: str, start: int, end: int) -> tuple[_Attribution, int] | None:
    """The last attribution of the naive sentence ``doc[start:end]`` with its speaker offset."""
    chunk = doc[start:end].lstrip()
    found = sentence_attributions(chunk)
    return (found[-1], end - len(chunk) + found[-1].speaker_start) if found else None


class _LineAttributions:
    """A line's naive sentences, and for each the nearest one at or before it that attributes
    (filled in lazily as ``_last_attribution`` walks back, so each is examined once)."""

    def __init__(self, doc: str, line_start: int) -> None:
        self.doc = doc
        self.line_start = line_start
        line = _NAIVE_SENTENCE.finditer(doc, line_start, _line_end(doc, line_start))
        spans = [m.span() for m in line]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.nearest: list[int | None] = [None] * len(spans)  # None: not known yet; -1: none

    def last_before(self, end: int) -> tuple[_Attribution, int] | None:
        """``_last_attribution(doc, line_start, end)``: the sentences of a scan cut at ``end``
        are the line's that end by then, and the cut remainder of the next one."""
        k = bisect.bisect_right(self.ends, end)
        cut = self.ends[k - 1] if k else self.line_start
        if cut < end:
            found = _chunk_attribution(self.doc, cut, end)
            if found is not None:
                return found
        i = self._nearest(k - 1)
        return _chunk_attribution(self.doc, self.starts[i], self.ends[i]) if i >= 0 else None

    def _nearest(self, i: int) -> int:
        walked: list[int] = []
        while i >= 0 and self.nearest[i] is None:
            if _chunk_attribution(self.doc, self.starts[i], self.ends[i]) is not None:
                self.nearest[i] = i
                break
            walked.append(i)
            i -= 1
        answer = -1 if i < 0 else self.nearest[i]
        assert answer is not None
        for j in walked:
            self.nearest[j] = answer
        return answer


def _first_attribution(doc: str, start: int, end: int) -> tuple[_Attribution, int] | None:
    """The first post-posed attribution closing a quotation in ``doc[start:end]``."""
    for m in _NAIVE_SENTENCE.finditer(doc, start, end):
        found = sentence_attributions(m.group())
        if found:
            a = found[0]
            return (a, m.start() + a.speaker_start) if a.kind == "post" else None
        if not m.group().lstrip().startswith(('"', _OPEN_Q)):
            return None
    return None


#: Quotation marks typed as two characters (two apostrophes, two backticks): each is read as
#: one double quote and a space (the space on the side away from the quoted words), so that
#: the text keeps its length and every offset.
_TWO_CHAR_QUOTES = re.compile(r"''|``")


def _one_quote(m: re.Match[str]) -> str:
    text, at = m.string, m.start()
    after = text[m.end() : m.end() + 1]
    opening = (at == 0 or text[at - 1].isspace() or text[at - 1] in "([") and after.strip()
    return ' "' if opening else '" '


def _one_char_quotes(text: str) -> str:
    return _TWO_CHAR_QUOTES.sub(_one_quote, text) if "''" in text or "``" in text else text


def _quote_normalised(sentence: Sentence, context: RuleContext) -> tuple[Sentence, RuleContext]:
    """The sentence and its document with two-character quotation marks read as ``"``, the
    document's text a ``DocText`` (kept in the context's state: the indexes of the statement
    rules are the document's own, made once)."""
    doc = context.document
    known = context.state.get(_CONTEXT_KEY)
    if isinstance(known, tuple) and known[0] is doc:  # the document's, made for its first
        ready: RuleContext = known[1]
    else:
        text = kept_text(doc.text, context.state)
        normal = doc_memo(text, "one_char_quotes", lambda: doc_text(_one_char_quotes(text)))
        if normal is doc.text:
            ready = context
        elif normal is text:
            ready = replace(context, document=replace(doc, text=text))
        else:
            quoted = replace(doc, text=normal, sha256=doc.sha256 + ":quotes")
            ready = replace(context, document=quoted)
        context.state[_CONTEXT_KEY] = (doc, ready)
    if ready.document.sha256 == doc.sha256:
        return sentence, ready
    said = ready.document.text[sentence.start : sentence.end]
    return replace(sentence, text=said), ready


#: The key of the statement rules' context (its text a ``DocText``) in a ``RuleContext.state``.
_CONTEXT_KEY = "statements.context"


def find_statements(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """STATEMENT drafts for one sentence: ``speaker``, ``content`` (unquoted) and ``cue``."""
    if len(sentence.text) > MAX_SENTENCE:
        return []
    sentence, context = _quote_normalised(sentence, context)
    found = sentence_attributions(sentence.text)
    if found:
        return [_draft(sentence, context, a) for a in found]
    quoted = _quote_only(sentence, context) or _quoted_fragment(sentence, context)
    return [quoted] if quoted is not None else []


def _quoted_fragment(sentence: Sentence, context: RuleContext) -> Draft | None:
    """A sentence quoting a few words with no cue right after an attribution continues it:
    ``the ADB said ... . But the blow could be "enormous".`` (speaker: the ADB)."""
    text = sentence.text
    regions = _quote_regions(text)
    if not regions or text.lstrip().startswith(('"', _OPEN_Q)) or regions[0][0] == 0:
        return None
    if any(len(text[a + 1 : b - 1].split()) > 8 for a, b in regions):
        return None
    if not _CONTINUING.match(text) or len(text.split()) > 30:
        return None
    doc = context.document.text
    line_start = _line_start(doc, sentence.start)
    ends = [e for _, e in last_matches_in(_SENTENCE_END, doc, line_start, sentence.start, 2)]
    source = _last_attribution(doc, ends[-2] if len(ends) > 1 else line_start, sentence.start)
    if source is None:
        return None
    a, offset = source
    speaker = _speaker_at(a.speaker, offset, context.document, context.state)
    lead = _LEAD_CONNECTIVE.match(text)
    c_start = lead.end() if lead else 0
    c_end = _trim_end(text, c_start, len(text))
    if c_end <= c_start:
        return None
    content = text[c_start:c_end]
    cue = _PAST.get(a.cue.lower(), a.cue.lower())
    cue = "said" if cue == "according to" else cue
    claim = _Attribution("quote", 0, cue, speaker, 0, "", c_start, c_end, 0, c_end, False)
    line = _claim_text(claim, speaker, content, False)
    line = _with_dates(line, context)
    end = c_end + (1 if text[c_end : c_end + 1] in '"”' else 0)
    return Draft(
        type=ClaimType.STATEMENT,
        start=sentence.start,
        end=sentence.start + end,
        text=line,
        slots={"speaker": speaker, "content": content, "cue": cue},
    )
