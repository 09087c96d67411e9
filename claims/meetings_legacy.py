"""The surface MEETING rules of rules 1.4 (capitalisation and word windows), kept as the fallback
of ``claims.rules.meetings`` for sentences whose parse holds no meeting frame at all (a parse
that went wrong: ``The five unions meeting Mr Prescott`` parsed as one noun phrase).

MEETING rules: who met whom, who hosted, when and where (``host``, ``participants``,
``date``, ``place``).

Forms, each anchored on a trigger word:

- hosting: ``X hosted Y (and Z)``, ``X hosts ...``, ``X will host ...``, passives ``... is being
  hosted by British Prime Minister Tony Blair`` and ``a conference ... hosted by X``;
- meeting: ``X met (with) Y``, ``X will meet Y``, ``X and Y met in Z``, ``the unions meeting Mr
  Prescott``;
- talks: ``X held talks/a meeting with Y``, ``talks with Y`` (the clause subject is the other
  side), ``talks/meeting/summit between X and Y``, ``a meeting of X``;
- attending: ``X attends the G7 meeting``, ``Also due to attend are X, Y and Z``.

Participants keep all members of a coordination, made specific (``his counterparts from Iran,
Syria and Turkey`` with a host who is a defense minister -> ``Iran's defense minister``, ...).
``date`` is the ISO date of the nearest date expression
(``claims.values.dates.find_dates``); ``place``
the first ``in``/``at`` + proper name that is not a date. A trigger with neither host nor
participants yields nothing, except a meeting named by its date or place alone (``the December
meeting``, ``the next meeting in early February``, ``a Brussels summit``), kept for its date and
place; a named body before the noun takes part (``the European Council summit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.docindex import kept_text
from claims.model import ClaimType
from claims.phrases import (
    DETERMINERS,
    FUNCTION_WORDS,
    MODIFIERS,
    PRONOUNS,
    ROLE_NOUNS,
    Token,
    is_capitalised,
    role_of,
    split_coordination,
    tokenize,
)
from claims.rules.base import Draft, RuleContext, Sentence
from claims.rules.statements import MAX_SENTENCE, full_name, resolve_speaker
from claims.values.dates import (
    MONTHS,
    WEEKDAYS,
    DateMention,
    find_dates,
    format_date,
    rewrite_relative,
)

__all__ = ["find_meetings"]  # the fallback: claims.rules.meetings calls it

_TRIGGER = re.compile(
    r"\b(?:host(?:s|ed|ing)?|met|meet(?:s|ing)?|talks|meetings?|summit|conference|negotiations"
    r"|attend(?:s|ed|ing)?|chaired|organi[sz]ed)\b",
    re.IGNORECASE,
)
_MEETING_NOUNS = frozenset(
    [
        "seminar",
        "workshop",
        "forum",
        "meeting",
        "meetings",
        "talks",
        "summit",
        "conference",
        "negotiations",
        "gathering",
        "session",
        "round",
        "discussions",
    ]
)
_AUX = frozenset(
    [
        "has",
        "have",
        "had",
        "will",
        "would",
        "also",
        "to",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "due",
        "expected",
        "set",
        "invited",
        "scheduled",
        "later",
        "then",
        "again",
        "already",
        "recently",
        "reportedly",
        "separately",
    ]
)
_IN_TALKS = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "still", "remain", "remains", "remained"]
)
_MODALS = frozenset(
    [
        "will",
        "would",
        "to",
        "could",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "did",
        "does",
        "do",
    ]
)
_EVENTS = frozenset(
    [
        "cup",
        "games",
        "olympics",
        "olympic",
        "championship",
        "championships",
        "tournament",
        "festival",
        "awards",
        "ceremony",
        "concert",
        "show",
        "final",
        "finals",
        "league",
        "race",
        "match",
        "matches",
        "series",
        "open",
        "grand",
        "prix",
        "fixture",
        "fixtures",
        "exhibition",
        "fair",
        "expo",
        "premiere",
        "party",
        "wedding",
    ]
)
_NOUN_ONLY = frozenset({"of", "between", "summit", "dated", "planned"})
_WHEN_WORDS = frozenset([*MONTHS, *WEEKDAYS, "next", "last", "previous", "forthcoming"])
_CALENDAR = frozenset(w.lower() for w in [*MONTHS, *WEEKDAYS])
_COMING = frozenset({"next", "forthcoming"})
_PLAN = re.compile(
    r"\b(?:for|towards?|ahead of|before|prepare|preparing|plans?|planned|propose[ds]?)"
    r"\s+(?:an?|the)?\s*$"
)
_NATIONALITY_WORD = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ish|ese|ican|i|an)$")
_HOSTED = frozenset({"hosted", "chaired", "organised", "organized"})
_CLAUSE_OPENERS = frozenset(
    ["while", "but", "whereas", "as", "because", "since", "when", "although", "though"]
)
_SPEAKING_AT = frozenset(["speaking", "spoke", "addressing", "addressed", "appearing", "appeared"])
_HOLD = frozenset(["held", "hold", "holds", "holding", "have", "had", "has", "having"])
_ADJ = frozenset(
    ["private", "bilateral", "separate", "secret", "informal", "formal", "direct", "urgent"]
)
#: Last words of a named body that meets as such (``European Council summit``).
_BODY_HEADS = frozenset(
    [
        "council",
        "union",
        "commission",
        "party",
        "federation",
        "assembly",
        "league",
        "committee",
        "parliament",
        "congress",
        "senate",
        "cabinet",
        "board",
    ]
)
_ACRONYM = re.compile(r"^(?:[A-Z]{2,}\d*|G\d+|Nato|Opec|Asean|Commonwealth)$")
_SCHEDULED = re.compile(
    r"^(?:[\w'’-]+\s+){0,3}?(?P<noun>[Tt]alks|[Mm]eetings?|[Ss]ummit|[Cc]onference)\b[^.;\"“”]{0,90}?"
    r"\b(?:begin|begins|began|start|starts|started|opens?|opened|takes? place|took place"
    r"|will (?:begin|start|open|take place)|(?:is|was|are|were|will be) (?:being )?held)\b"
)
_FUTURE = frozenset({"will", "to", "due", "expected", "set", "scheduled", "invited"})
_PASSIVE = frozenset({"is", "was", "are", "were", "be", "been", "being"})
_STOP = FUNCTION_WORDS | frozenset(
    [
        "for",
        "on",
        "in",
        "at",
        "to",
        "during",
        "ahead",
        "amid",
        "over",
        "under",
        "with",
        "who",
        "which",
        "that",
        "where",
        "while",
        "when",
        "as",
        "than",
        "not",
        "no",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "said",
        "says",
        "told",
        "about",
        "into",
        "across",
    ]
)
_CONNECT = frozenset({"of", "from", "and", ","})
_SKIP_DATE_RELATIONS = frozenset({"since", "until", "before", "after", "by", "from", "to"})
_PLACE = re.compile(
    r"\b(?:in|at)\s+(?P<place>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){0,5})"
)
_NOT_PLACE = re.compile(
    r"^(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d"
    r"|The|This|That|His|Her|Its|Their|Turn|Time|Addition|Fact|Particular|Total)\b"
)


@dataclass(frozen=True, slots=True)
class _Meeting:
    """A meeting found in one sentence (local offsets)."""

    host: str | None
    participants: tuple[str, ...]
    span_start: int
    span_end: int
    trigger: int  # local offset of the trigger word
    verb: str  # hosted | met | held talks with | ... (for the claim text)


def _is_np(tok: Token) -> bool:
    """May this token sit in a participant/host phrase (lenient: any non-stop word)?"""
    low = tok.lower.rstrip("'’")
    if tok.text[:1].isalnum() is False and tok.text != "&":
        return False
    if is_capitalised(tok):
        return low not in FUNCTION_WORDS
    if low in _STOP or low in _MEETING_NOUNS:
        return False
    return low in ROLE_NOUNS or low in MODIFIERS or tok.text[:1].isdigit() or low.isalpha()


def _is_head(tok: Token) -> bool:
    return (is_capitalised(tok) and tok.lower not in FUNCTION_WORDS) or tok.lower in ROLE_NOUNS


def _phrase_back(tokens: list[Token], j: int) -> tuple[int, int] | None:
    """Token range ``[first, j]`` of the (coordinated) noun phrase ending at ``j``."""
    while j >= 0 and tokens[j].lower in _AUX:
        j -= 1
    if j >= 2 and tokens[j].lower in ("which", "who") and tokens[j - 1].text == ",":
        j -= 2
    if j < 0:
        return None
    if tokens[j].lower in PRONOUNS:
        return j, j
    if not _is_head(tokens[j]):
        return None
    first = j
    i = j - 1
    lowers = 0
    seen_and = False
    while i >= 0:
        tok = tokens[i]
        low = tok.lower
        if low in DETERMINERS:
            first = i
            if i >= 2 and tokens[i - 1].lower in _CONNECT and _is_np(tokens[i - 2]):
                i -= 1
                continue
            break
        if low in _CONNECT and i > 0 and (_is_np(tokens[i - 1]) or tokens[i - 1].lower == "and"):
            if tok.text == "," and not (seen_and and is_capitalised(tokens[i + 1])):
                break
            seen_and = seen_and or low == "and"
            i -= 1
            continue
        if _is_np(tok):
            lowers = lowers + 1 if not is_capitalised(tok) and low not in ROLE_NOUNS else 0
            if lowers > 3:
                break
            first = i
            i -= 1
            continue
        break
    while first < j and (tokens[first].lower in _CONNECT or tokens[first].text == ","):
        first += 1
    return first, j


def _phrase_forward(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """Token range of the (coordinated) noun phrase starting at ``k``."""
    n = len(tokens)
    i = k
    last = -1
    while i < n:
        tok = tokens[i]
        low = tok.lower.rstrip("'’")
        if low in DETERMINERS and low not in ("that", "this", "these", "those"):
            i += 1
            continue
        if low in _CONNECT:
            nxt = tokens[i + 1] if i + 1 < n else None
            if nxt is None or (tok.text == "," and not (is_capitalised(nxt) or nxt.lower == "and")):
                break
            if low in ("of", "from") and not (
                is_capitalised(nxt)
                or nxt.text[:1].isdigit()
                or nxt.lower in DETERMINERS | ROLE_NOUNS | MODIFIERS
            ):
                break
            i += 1
            continue
        if _is_np(tok) and (
            is_capitalised(tok)
            or tok.text[:1].isdigit()
            or low in ROLE_NOUNS
            or low in MODIFIERS
            or (i + 1 < n and tokens[i + 1].lower in ROLE_NOUNS)
        ):
            if _is_head(tok):
                last = i
            i += 1
            continue
        break
    return (k, last) if last >= k else None


def _text(text: str, tokens: list[Token], rng: tuple[int, int]) -> str:
    return text[tokens[rng[0]].start : tokens[rng[1]].end]


def _resolved(text: str, context: RuleContext, sentence: Sentence, offset: int) -> str:
    """Pronouns and ``Mr X`` resolved to a full name where the article gives one."""
    if text.lower() in PRONOUNS:
        return resolve_speaker(text, context.document, sentence.start + offset, context.state)
    return full_name(text, kept_text(context.document.text, context.state))


def _participants(phrase: str, role: str | None) -> list[str]:
    """A coordination as specific participants; a meeting-noun phrase yields its ``of`` part."""
    return [p for p in split_coordination(phrase, role=role) if p]


def _compound(phrase: str) -> list[str]:
    """``more Turkey-Syria rapprochement talks`` -> ``["Turkey", "Syria"]``."""
    m = re.search(r"\b([A-Z][\w]+)-([A-Z][\w]+)\b", phrase)
    return [m.group(1), m.group(2)] if m else []


def _meeting_object(
    text: str, tokens: list[Token], k: int, role: str | None
) -> tuple[list[str], int] | None:
    """Participants named after token ``k``: a plain object, or a meeting noun's ``of/between``."""
    n = len(tokens)
    i = k
    while i < n and tokens[i].lower in DETERMINERS | {"more", "surprise", "separate", "private"}:
        i += 1
    j = i
    while j < n and j < i + 4 and tokens[j].lower not in _MEETING_NOUNS and _is_np(tokens[j]):
        j += 1
    if j < n and tokens[j].lower in _MEETING_NOUNS:
        if j + 1 < n and tokens[j + 1].lower in ("of", "between", "with"):
            rng = _phrase_forward(tokens, j + 2)
            if rng is not None:
                return _participants(_text(text, tokens, rng), role), tokens[rng[1]].end
        pair = _compound(text[tokens[k].start : tokens[j].end])
        return (pair, tokens[j].end) if pair else None
    rng = _phrase_forward(tokens, k)
    if rng is None:
        return None
    return _participants(_text(text, tokens, rng), role), tokens[rng[1]].end


def _hosted_by(text: str, tokens: list[Token], k: int) -> _Meeting | None:
    """``... is being hosted by X``, ``a conference hosted by X``, ``the G8 summit, chaired by X``:
    the host follows ``by``; people in the subject (not a meeting noun) are the participants."""
    by = _phrase_forward(tokens, k + 2)
    if by is None:
        return None
    host = _text(text, tokens, by)
    subj = _phrase_back(tokens, k - 1)
    participants: list[str] = []
    if subj is not None:
        start = tokens[subj[0]].start
        words = {t.lower for t in tokens[subj[0] : subj[1] + 1]}
        if not words & _MEETING_NOUNS:
            participants = _participants(_text(text, tokens, subj), role_of(host))
    else:
        start = _meeting_np_start(tokens, k)
    back = range(k - 1, max(0, k - 10), -1)
    noun = next((i for i in back if tokens[i].lower in _MEETING_NOUNS), None)
    if noun is None and tokens[k].lower.startswith("organi"):
        return None  # "organised by" a meeting only
    if not participants and noun is not None and _ACRONYM.match(tokens[noun - 1].text):
        participants = [tokens[noun - 1].text]  # "the G8 summit ... chaired by X"
    speaking = next((i for i in back if tokens[i].lower in _SPEAKING_AT), None)
    if not participants and speaking is not None:
        speaker = _phrase_back(tokens, speaking - 1)  # "Ms Hewitt was speaking at a seminar"
        if speaker is not None:
            participants = [_text(text, tokens, speaker)]
            start = min(start, tokens[speaker[0]].start)
    end = tokens[by[1]].end
    return _Meeting(host, tuple(participants), start, end, tokens[k].start, tokens[k].lower)


def _host_forms(text: str, tokens: list[Token], k: int) -> _Meeting | None:
    """``X hosted Y``, ``X will host Y`` and the passives of ``_hosted_by``."""
    n = len(tokens)
    if k + 1 < n and tokens[k].lower in _HOSTED and tokens[k + 1].lower == "by":
        return _hosted_by(text, tokens, k)
    if tokens[k].lower == "host" and (k == 0 or tokens[k - 1].lower not in _MODALS):
        return None  # "Ex-chatshow host Robert Kilroy-Silk": a noun
    subj = _phrase_back(tokens, k - 1)
    if subj is None or (tokens[k - 1].lower in _PASSIVE and tokens[k].lower == "hosted"):
        return None
    host = _text(text, tokens, subj)
    if _hosts_an_event(tokens, k + 1):
        return None  # "the country hosts the World Cup": an event, not a meeting
    obj = _meeting_object(text, tokens, k + 1, role_of(host))
    if obj is None or not obj[0]:
        return None
    verb = "will host" if _future(tokens, k) else "hosted"
    return _Meeting(host, tuple(obj[0]), tokens[subj[0]].start, obj[1], tokens[k].start, verb)


def _hosts_an_event(tokens: list[Token], k: int) -> bool:
    """Is the object a sporting or cultural event (``the World Cup``, ``the 2012 Olympics``)?"""
    for tok in tokens[k : k + 6]:
        if tok.lower in _EVENTS:
            return True
        if not (tok.text[:1].isalnum() or tok.text in ("'", "’")):
            return False
    return False


def _meeting_np_start(tokens: list[Token], k: int) -> int:
    """Start of ``a conference on developing enterprise`` before a reduced ``hosted by``."""
    for i in range(k - 1, max(-1, k - 10), -1):
        if tokens[i].lower in _MEETING_NOUNS:
            j = i
            while j > 0 and (tokens[j - 1].lower in DETERMINERS or _is_np(tokens[j - 1])):
                j -= 1
            return tokens[j].start
    return tokens[k].start


def _future(tokens: list[Token], k: int) -> bool:
    return any(t.lower in _FUTURE for t in tokens[max(0, k - 4) : k])


def _meet_forms(text: str, tokens: list[Token], k: int) -> _Meeting | None:
    """``X met (with) Y``, ``X and Y met in Z``, ``the unions meeting Mr Prescott``."""
    n = len(tokens)
    low = tokens[k].lower
    if low == "meeting" and (
        k == 0
        or not _is_head(tokens[k - 1])
        or k + 1 >= n
        or not (is_capitalised(tokens[k + 1]) or tokens[k + 1].lower in DETERMINERS)
    ):
        return None
    subj = _phrase_back(tokens, k - 1)
    if subj is None and low != "meeting":
        subj = _group_subject(tokens, k)
    if subj is None:
        return None
    left = _text(text, tokens, subj)
    participants = _participants(left, None)
    end = tokens[k].end
    nxt = k + 1
    if nxt < n and tokens[nxt].lower == "with":
        nxt += 1
    calendar = nxt < n and tokens[nxt].lower in _CALENDAR  # "the board meets June 16": a date
    obj = _phrase_forward(tokens, nxt) if nxt < n and tokens[nxt].lower not in _STOP else None
    obj = None if calendar else obj
    if obj is not None:
        participants += _participants(_text(text, tokens, obj), role_of(left))
        end = tokens[obj[1]].end
    elif len(participants) < 2 or (
        nxt < n and tokens[nxt].text[:1].isalnum() and tokens[nxt].lower not in _STOP
    ):
        return None  # "X and Y met" needs no object; "... to meet the needs" is no meeting
    verb = "will meet" if _future(tokens, k) else "met"
    return _Meeting(None, tuple(participants), tokens[subj[0]].start, end, tokens[k].start, verb)


def _group_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """``Governors from four border states met ...``: a sentence-initial subject that starts with
    a capitalised plural or group noun and runs to the verb through ``of``/``from`` phrases."""
    j = k - 1
    while j >= 0 and tokens[j].lower in _AUX:
        j -= 1
    if j < 1 or j > 7:
        return None
    words = tokens[: j + 1]
    head = words[0]
    if not is_capitalised(head) or head.lower in FUNCTION_WORDS or not head.lower.endswith("s"):
        return None
    if not any(t.lower in ("of", "from") for t in words[1:]):
        return None
    if not all(t.text[:1].isalnum() for t in words) or not words[-1].lower.endswith("s"):
        return None
    return 0, j


def _noun_forms(text: str, tokens: list[Token], k: int) -> _Meeting | None:
    """``talks with Y`` (the clause subject is the other side), ``talks between X and Y``,
    ``a meeting of X``."""
    n = len(tokens)
    if k > 1 and tokens[k - 1].lower == "in" and tokens[k - 2].lower in _IN_TALKS:
        return None  # "is still in talks with": a negotiation, not a meeting
    w = k + 1
    if (k > 0 and tokens[k - 1].lower in _HOLD | _ADJ) or (k > 1 and tokens[k - 2].lower in _HOLD):
        w = next((i for i in range(k + 1, min(n, k + 12)) if tokens[i].lower == "with"), w)
    if w + 1 >= n or tokens[w].lower not in ("with", "between", "of"):
        return _acronym_meeting(tokens, k)
    k = w - 1
    link = tokens[k + 1].lower
    obj = _phrase_forward(tokens, k + 2)
    if obj is None:
        return None
    others = _participants(_text(text, tokens, obj), None)
    start = tokens[k].start
    if link == "with":
        subj = _clause_subject(tokens, k)
        if subj is None:
            return None
        others = _participants(_text(text, tokens, subj), None) + others
        start = tokens[subj[0]].start
    elif link == "of" and tokens[k].lower == "talks":
        return None
    verb = "will meet" if link == "with" and _future(tokens, k) else link
    return _Meeting(None, tuple(others), start, tokens[obj[1]].end, tokens[k].start, verb)


def _body_before(tokens: list[Token], k: int) -> int | None:
    """Index of the first word of a named body just before the meeting noun at ``k``: an acronym
    (``G7``, ``EU``) or a capitalised name ending in a body word (``European Council``)."""
    if k == 0:
        return None
    if _ACRONYM.match(tokens[k - 1].text):
        return k - 1
    if tokens[k - 1].lower not in _BODY_HEADS or not is_capitalised(tokens[k - 1]):
        return None
    first = k - 1
    while first > 0 and is_capitalised(tokens[first - 1]) and k - first < 5:
        if tokens[first - 1].lower in FUNCTION_WORDS or tokens[first - 1].text.endswith("'s"):
            break
        first -= 1
    return first if first < k - 1 else None


def _acronym_meeting(tokens: list[Token], k: int) -> _Meeting | None:
    """``the G7 meeting``, ``an EU summit``, ``the European Council summit``: the named body is
    the participant; with ``X (, along with Y,) ... to take part in the G7 meeting`` X and Y
    take part too."""
    first = _body_before(tokens, k)
    if first is None:
        return None
    prefix = tokens[first]
    people = [" ".join(t.text for t in tokens[first:k])]
    start = prefix.start
    for i in range(first - 1, max(0, first - 5), -1):
        if tokens[i].lower in ("part", "attend", "join") and (
            tokens[i].lower != "part" or tokens[i - 1].lower in ("take", "taking", "took")
        ):
            verb = i - 1 if tokens[i].lower == "part" else i
            subject = _subject_with_along(tokens, verb - 1)
            if subject is not None:
                people = subject[0] + people
                start = subject[1]
            break
    return _Meeting(None, tuple(people), start, tokens[k].end, tokens[k].start, "summit")


def _subject_with_along(tokens: list[Token], j: int) -> tuple[list[str], int] | None:
    """Names of ``India, along with China, Brazil and Russia, has been invited to``."""
    while j >= 0 and tokens[j].lower in _AUX:
        j -= 1
    text_of = [t.text for t in tokens]
    along: list[str] = []
    if j >= 0 and tokens[j].text == ",":
        w = next((i for i in range(j - 1, max(0, j - 20), -1) if tokens[i].lower == "along"), None)
        if w is None or w + 2 > j or tokens[w + 1].lower != "with":
            return None
        inner = " ".join(text_of[w + 2 : j]).replace(" ,", ",")
        along = split_coordination(inner)
        j = w - 1
        if j >= 0 and tokens[j].text == ",":
            j -= 1
    rng = _phrase_back(tokens, j)
    if rng is None:
        return None
    head = split_coordination(" ".join(text_of[rng[0] : rng[1] + 1]).replace(" ,", ","))
    return head + along, tokens[rng[0]].start


def _scheduled(text: str) -> _Meeting | None:
    """``Talks aimed at ... will take place this weekend``, ``Two days of talks ... begin at ...``:
    a meeting with no named participants (host and participants stay empty)."""
    m = _SCHEDULED.search(text)
    if m is None:
        return None
    return _Meeting(None, (), m.start(), m.end(), m.start("noun"), "scheduled")


def _clause_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The subject of the clause holding token ``k``: the first phrase after a clause start."""
    starts = [0] + [i + 1 for i in range(k) if tokens[i].text == ";" or tokens[i].lower in
                    _CLAUSE_OPENERS]  # fmt: skip
    for s in reversed(starts):
        i = s
        if i < k and tokens[i].lower in ("in", "on", "at", "after", "before", "and", "also"):
            comma = next((c for c in range(i, k) if tokens[c].text == ","), None)
            if comma is None:
                continue
            i = comma + 1
        rng = _phrase_forward(tokens, i)
        if rng is not None and rng[1] < k:
            return rng
    return None


def _attend_forms(text: str, tokens: list[Token], k: int) -> _Meeting | None:
    """``Also due to attend are X, Y and Z`` and ``X attends the G7 meeting``."""
    n = len(tokens)
    if k + 2 < n and tokens[k + 1].lower in ("are", "is", "will", "were"):
        j = k + 2 if tokens[k + 1].lower != "will" else k + 3
        obj = _phrase_forward(tokens, j)
        if obj is None:
            return None
        people = _participants(_text(text, tokens, obj), None)
        return _Meeting(None, tuple(people), 0, tokens[obj[1]].end, tokens[k].start, "attend")
    subj = _phrase_back(tokens, k - 1)
    if subj is None:
        return None
    people = _participants(_text(text, tokens, subj), None)
    end = tokens[k].end
    for i in range(k + 1, min(n, k + 6)):
        if tokens[i].lower in _MEETING_NOUNS:
            end = tokens[i].end
            people += [t.text for t in tokens[k + 1 : i] if t.text[:1].isupper()][:1]
            break
    return _Meeting(None, tuple(people), tokens[subj[0]].start, end, tokens[k].start, "attend")


def _find(text: str) -> list[_Meeting]:
    """Every meeting of one sentence, one per trigger, later triggers inside earlier ones
    dropped (``hosted a meeting of ...`` is one meeting)."""
    tokens = tokenize(text)
    found: list[_Meeting] = []
    for k, tok in enumerate(tokens):
        low = tok.lower
        if _TRIGGER.fullmatch(low) is None or not tok.text[:1].islower():
            continue
        if any(m.trigger < tok.start < m.span_end for m in found):
            continue
        if low.startswith("host") or low in _HOSTED:
            m = _host_forms(text, tokens, k)
        elif low in ("met", "meet", "meets", "meeting") and k > 0:
            m = _meet_forms(text, tokens, k)
            if m is None and low == "meeting":
                m = _noun_forms(text, tokens, k)
        elif low.startswith("attend"):
            m = _attend_forms(text, tokens, k)
        else:
            m = _noun_forms(text, tokens, k)
        if m is not None and (m.host or m.participants):
            found = [f for f in found if not (m.span_start <= f.trigger < m.span_end)]
            found.append(m)
    for k, tok in enumerate(tokens):
        if tok.lower in ("meeting", "summit", "conference") and not any(
            f.span_start <= tok.start < f.span_end for f in found
        ):
            dated = _dated_meeting(tokens, k)
            if dated is not None:
                found.append(dated)
    found.sort(key=lambda m: m.span_start)
    if not found:
        scheduled = _scheduled(text)
        if scheduled is not None:
            found.append(scheduled)
    return found


def _dated_meeting(tokens: list[Token], k: int) -> _Meeting | None:
    """``the December meeting``, ``the next meeting``, ``a Brussels summit``: a meeting named by
    its date or place alone (no participants written), kept for its date and place."""
    i = k - 1
    while i >= 0 and (tokens[i].lower in _WHEN_WORDS or tokens[i].text.isdigit()):
        i -= 1
    place_word = (
        i == k - 1
        and i >= 1
        and is_capitalised(tokens[i])
        and tokens[i].text.isalpha()
        and tokens[i].text[1:].islower()
        and tokens[i].lower not in FUNCTION_WORDS | _BODY_HEADS
    )
    if place_word:
        i -= 1  # one place word: "a Brussels summit"
    if i == k - 1 or i < 0 or tokens[i].lower not in ("the", "a", "an"):
        return None
    coming = any(t.lower in _COMING for t in tokens[i + 1 : k])
    verb = "planned" if coming else "dated"
    return _Meeting(None, (), tokens[i].start, tokens[k].end, tokens[k].start, verb)


def _pick_date(dates: list[DateMention], trigger: int) -> DateMention | None:
    """The date expression nearest the trigger, ignoring ``since``/``until`` ones."""
    usable = [d for d in dates if d.relation not in _SKIP_DATE_RELATIONS]
    if not usable:
        return None
    return min(usable, key=lambda d: min(abs(d.start - trigger), abs(d.end - trigger)))


def _place(text: str, trigger: int) -> tuple[str | None, int]:
    """The first ``in``/``at`` + proper name after the trigger (else before), not a date, and
    where it ends (0 when it is before the trigger)."""
    after: tuple[str, int] | None = None
    before: str | None = None
    for m in _PLACE.finditer(text):
        place = m.group("place").rstrip(".")
        if _NOT_PLACE.match(place) or place.endswith(("'s", "’s")):
            continue
        if m.start() >= trigger and after is None:
            after = (place, m.start("place") + len(place))
        elif m.start() < trigger:
            before = place
    if after is not None:
        return after
    return before, 0


def _with_article(participant: str) -> str:
    """``Turkish defense minister`` -> ``the Turkish defense minister`` (claim text only)."""
    words = participant.split()
    if len(words) >= 2 and _NATIONALITY_WORD.match(words[0]) and words[1][:1].islower():
        return f"the {participant}"
    return participant


def _planned(text: str, start: int) -> bool:
    """Is the meeting at ``start`` a purpose or a plan (``to set the stage for a meeting``)?"""
    return _PLAN.search(text[max(0, start - 40) : start]) is not None


def _near(
    m: _Meeting, date: DateMention | None, place: str | None, place_end: int
) -> tuple[DateMention | None, str | None, int]:
    """A noun-only meeting keeps only the date and place written right beside it."""
    if date is not None and not (m.span_start - 30 <= date.start <= m.span_end + 30):
        date = None
    if place is not None and not (m.span_end <= place_end <= m.span_end + 30 + len(place)):
        place, place_end = None, 0
    return date, place, place_end


def _claim_text(m: _Meeting, date: DateMention | None, place: str | None) -> str:
    """One self-contained sentence for a checker."""
    people = [_with_article(p) for p in m.participants]
    joined = ", ".join(people[:-1]) + " and " + people[-1] if len(people) > 1 else "".join(people)
    where = ""
    if place:
        where = f" in {place}" if not place.lower().startswith("the ") else f" at {place}"
    if date is not None and date.date:
        where += (" on " if len(date.date) == 10 else " in ") + format_date(date.date)
    if not m.host and not people:
        planned = m.verb == "planned"
        body = f"A meeting is planned{where}" if planned else f"A meeting took place{where}"
    elif m.host:
        verb = m.verb or "hosted"
        body = f"{m.host} {verb} {joined}" if people else f"{m.host} {verb} a meeting"
        body += where
    elif m.verb == "planned":
        body = f"A meeting of {joined} is planned{where}"
    elif m.verb in ("attend", "summit") or len(people) < 2:
        body = f"The participants of a meeting{where} include {joined}"
    else:
        verb = "will meet" if m.verb == "will meet" else "met"
        body = f"{joined} {verb}{where}"
    return body[:1].upper() + body[1:] + "."


def _has_trigger(text: str) -> bool:
    """``_TRIGGER.search(text)``, answered by substring tests where that is exact: in ASCII
    text, ignoring case is lower-casing (no ``ſ`` or Kelvin sign to match ``s`` or ``k``)."""
    if text.isascii():
        low = text.lower()  # a lower-case piece of every trigger word:
        if not (
            "host" in low
            or "met" in low
            or "meet" in low
            or "talks" in low
            or "summit" in low
            or "conference" in low
            or "negotiations" in low
            or "attend" in low
            or "chaired" in low
            or "organi" in low
        ):
            return False
    return _TRIGGER.search(text) is not None


def find_meetings(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """MEETING drafts for one sentence: ``host``, ``participants``, ``date``, ``place``."""
    text = sentence.text
    if len(text) > MAX_SENTENCE or not _has_trigger(text):
        return []
    found = _find(text)
    dates = find_dates(text, context.reference_date) if found else []
    return [_draft(sentence, context, m, dates) for m in found]


def _draft(
    sentence: Sentence, context: RuleContext, m: _Meeting, dates: list[DateMention]
) -> Draft:
    """A MEETING draft: names resolved, date and place attached, a self-contained text."""
    text = sentence.text
    date = _pick_date(dates, m.trigger)
    place, place_end = _place(text, m.trigger)
    if m.verb in _NOUN_ONLY:
        date, place, place_end = _near(m, date, place, place_end)
        if _planned(text, m.span_start):
            m = _Meeting(m.host, m.participants, m.span_start, m.span_end, m.trigger, "planned")
    host = _resolved(m.host, context, sentence, m.span_start) if m.host else None
    people = tuple(_resolved(p, context, sentence, m.span_start) for p in m.participants)
    m = _Meeting(host, people, m.span_start, m.span_end, m.trigger, m.verb)
    end = max(m.span_end, date.end if date is not None and date.start > m.trigger else 0)
    if place_end - m.span_end < 40:
        end = max(end, place_end)
    if m.verb == "scheduled":
        clause = text[m.span_start :].strip()
        claim = rewrite_relative(clause, find_dates(clause, context.reference_date))
        end = m.span_start + len(text[m.span_start :].rstrip())
    else:
        claim = _claim_text(m, date, place)
    return Draft(
        type=ClaimType.MEETING,
        start=sentence.start + m.span_start,
        end=sentence.start + end,
        text=claim,
        slots={
            "host": host,
            "participants": list(people),
            "date": date.date if date is not None else None,
            "place": place,
        },
    )
