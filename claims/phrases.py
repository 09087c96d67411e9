"""Shared helpers for who-said/who-met rules: tokens, noun phrases, titles, coordinations.

The statement and meeting rules work on one sentence at a time. They tokenise it with one
compiled regex (tokens keep their offsets into the sentence, never normalised text) and scan a
few tokens left or right of a cue word to find the noun phrase that names a person or an
organisation: ``ADB chief economist Ifzal Ali``, ``The Russian Defense Ministry``, ``a spokesman
for Mr Blair``, ``officials``. Scans are bounded by the sentence, so the cost is linear in its
length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claims import lexicon

__all__ = [
    "ARTICLES",
    "DETERMINERS",
    "PRONOUNS",
    "Phrase",
    "Token",
    "backward_phrase",
    "forward_phrase",
    "is_capitalised",
    "is_nationality",
    "is_person_like",
    "role_of",
    "singular",
    "split_coordination",
    "token_texts",
    "tokenize",
]


_TITLES = lexicon.table("titles")
_CLOSED = lexicon.table("closed_class")
_ORGS = lexicon.table("organisations")
_PLACES = lexicon.table("places")


def _alternation(words: list[str]) -> str:
    """``a|b|c`` for a regular expression, each word taken literally, in the table's order."""
    return "|".join(re.escape(w) for w in words)


#: A title abbreviation keeps its stop (``Gov.``), then numbers, initialisms, words (with inner
#: hyphens, apostrophes, ``&``, stops and a possessive ``s'``) and single punctuation marks.
_TOKEN = re.compile(
    rf"(?:{_alternation(_TITLES['abbreviated_titles'])})\.(?=\s)"
    r"|\d+(?:[.,]\d+)+|(?:[A-Za-z]\.){2,}|\w+(?:[-'’&.]\w+)*(?:(?<=s)['’](?!\w))?|[^\w\s]"
)

#: Determiners that open (and so close, scanning leftwards) a noun phrase.
DETERMINERS = frozenset(_CLOSED["determiners"])
ARTICLES = frozenset(_CLOSED["articles"])
PRONOUNS = frozenset(_CLOSED["pronouns"])
_PRONOUN_FORMS: dict[str, str] = _CLOSED["pronoun_object_forms"]
#: Lowercase words that may head or sit inside a speaker/participant noun phrase.
ROLE_NOUNS = frozenset(_TITLES["role_nouns"])
#: Words that open a title of two or more words (``Prime Minister``, ``Foreign Secretary``).
ROLE_QUALIFIERS = frozenset(_TITLES["role_qualifiers"])
#: Lowercase modifiers allowed inside a speaker/participant phrase.
MODIFIERS = frozenset(_TITLES["role_modifiers"])
#: Titles that precede a name (``Mr Ali``, ``President Bush``).
HONORIFICS = frozenset(_TITLES["honorifics"])
#: Capitalised words that never start a noun phrase (sentence openers, adverbs, prepositions).
FUNCTION_WORDS = frozenset(_CLOSED["function_words"])
_ORG_HEADS = frozenset(_ORGS["org_heads"])
_NOT_PERSON = frozenset(_ORGS["not_person"])
_COMMON_VERBS = frozenset(_CLOSED["common_verbs"])
_PREPOSITIONS = frozenset(_CLOSED["prepositions"])
_PLACE_NAMES = re.compile(rf"\b(?:{_alternation(_PLACES['multiword_places'])})\b")
#: Singular role words that title a person (``editor Paul Rees``; not ``website Mr X``).
_PERSON_TITLES = frozenset(_TITLES["person_titles"])
_ROLE_HEADS = tuple(_TITLES["role_heads"])
_ROLE = re.compile(
    rf"(?i:(?:(?:{_alternation(_TITLES['role_qualifiers'])})\s+)*"
    rf"(?:{_alternation(list(_ROLE_HEADS))}))\b"
)
_NATIONALITY = re.compile(
    rf"^(?:[A-Z][a-z]+(?:ian|ean|ish|ese|ican|i)|{_alternation(_PLACES['nationalities'])})$"
)


_new_tuple = tuple.__new__


class Token(NamedTuple):
    """A token of a sentence with its offsets into the sentence text (a tuple: cheap to make)."""

    text: str
    start: int
    end: int
    lower: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """A noun phrase found by a scan: token indices ``[first, last]`` and sentence offsets."""

    first: int
    last: int
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens of ``text`` (possessive ``'s`` stays on its word)."""
    spans = [m.span() for m in _TOKEN.finditer(text)]
    low = text.lower()
    if len(low) == len(text) and "Σ" not in text:
        # Lower-casing maps character to character here (no expansion such as "İ", no
        # context-dependent final sigma), so slicing the lowered text equals lowering each word.
        return [_new_tuple(Token, (text[s:e], s, e, low[s:e])) for s, e in spans]
    return [_new_tuple(Token, (w := text[s:e], s, e, w.lower())) for s, e in spans]


def token_texts(text: str) -> list[str]:
    """The texts of ``tokenize(text)``'s tokens, in order (no offsets: cheaper)."""
    return _TOKEN.findall(text)


def is_capitalised(token: Token) -> bool:
    """A word starting with an upper-case letter (``ADB``, ``Ifzal``, ``U.S.``)."""
    return token.text[:1].isupper()


def _base(word: str) -> str:
    """A word without a possessive ending: ``Syria's`` -> ``syria``."""
    low = word.lower().rstrip("'’")
    for suffix in ("'s", "’s"):
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


def _is_np_word(token: Token) -> bool:
    """May this token sit inside a speaker/participant phrase?"""
    base = _base(token.text)
    if is_capitalised(token):
        return base not in FUNCTION_WORDS or base in ("us",)
    if base in ROLE_NOUNS or base in MODIFIERS:
        return base not in ("of", "for")
    return token.text[:1].isdigit() or token.text == "&"


def _is_head(token: Token) -> bool:
    """May this token end a speaker/participant phrase?"""
    base = _base(token.text)
    if is_capitalised(token):
        return base not in FUNCTION_WORDS
    return base in ROLE_NOUNS


def backward_phrase(tokens: list[Token], end: int, text: str) -> Phrase | None:
    """The noun phrase ending at token ``end`` (inclusive), scanning leftwards; None if none.

    Accepts ``The Russian Defense Ministry``, ``a spokesman for Mr Blair``, ``Syria's Defense
    Ministry``, ``Mr Blair and Mr Brown``, a pronoun (``he``), ``officials``, and a list of
    names ``Sri Lanka, Indonesia and the Seychelles``.
    """
    phrase = _backward_one(tokens, end, text)
    if phrase is None or not is_capitalised(tokens[phrase.last]):
        return phrase
    first = phrase.first
    if first >= 2 and tokens[first - 1].lower == "and":
        prev = _backward_one(tokens, first - 2, text)
        if prev is None or not is_capitalised(tokens[prev.last]):
            return phrase
        first = prev.first
        while first >= 2 and tokens[first - 1].text == ",":
            prev = _backward_one(tokens, first - 2, text)
            if prev is None or not is_capitalised(tokens[prev.last]) or prev.last - prev.first > 3:
                break
            if prev.first > 0 and tokens[prev.first - 1].lower in _PREPOSITIONS:
                break
            first = prev.first
    start = tokens[first].start
    return Phrase(first, phrase.last, start, phrase.end, text[start : phrase.end])


def _backward_one(tokens: list[Token], end: int, text: str) -> Phrase | None:
    """One noun phrase (no list) ending at token ``end``."""
    if end < 0:
        return None
    head = tokens[end]
    if head.lower in PRONOUNS:
        return Phrase(end, end, head.start, head.end, head.text)
    if not _is_head(head):
        return None
    first = end
    i = end - 1
    while i >= 0:
        tok = tokens[i]
        low = tok.lower
        if low in DETERMINERS and low not in ("that", "this", "these", "those"):
            first = i
            link = tokens[i - 1].lower if i > 1 else ""
            if link in ("for", "of", "at", "from", "by") and _is_np_word(tokens[i - 2]):
                i -= 2
                continue
            break
        if _is_np_word(tok) or (
            tok.text.isalpha()
            and tok.text.islower()
            and low not in FUNCTION_WORDS
            and low not in _COMMON_VERBS
            and i > 0
            and is_capitalised(tokens[i - 1])
            and tokens[i - 1].lower not in FUNCTION_WORDS
        ):
            first = i
            i -= 1
            continue
        if low in ("of", "for", "at", "from", "and", "de", "al", "del", "von", "van", "bin"):
            prev = tokens[i - 1] if i > 0 else None
            if prev is not None and (_is_np_word(prev) or prev.lower in DETERMINERS):
                if low == "and" and not (is_capitalised(prev) and is_capitalised(tokens[i + 1])):
                    break
                i -= 1
                continue
        break
    while first <= end and (
        tokens[first].lower in ("of", "for", "and")
        or (is_capitalised(tokens[first]) and tokens[first].lower in FUNCTION_WORDS)
    ):
        first += 1
    if first > end:
        return None
    return Phrase(first, end, tokens[first].start, head.end, text[tokens[first].start : head.end])


def forward_phrase(tokens: list[Token], begin: int, text: str) -> Phrase | None:
    """The noun phrase starting at token ``begin``, scanning rightwards; None if none.

    Used after inverted cues (``said ADB chief economist Ifzal Ali``), ``according to`` and the
    ``by`` of a passive. Connectors (``of``, ``for``, ``by``, ``from``) are taken when a capitalised
    word or a determiner follows: ``a report by the Congressional Budget Office``.
    """
    n = len(tokens)
    if begin >= n:
        return None
    first = begin
    tok = tokens[first]
    if tok.lower in PRONOUNS or tok.lower in _PRONOUN_FORMS:
        return Phrase(first, first, tok.start, tok.end, tok.text)
    i = first
    last = -1
    if tok.lower in DETERMINERS and tok.lower not in ("that", "this", "these", "those"):
        i += 1
        if i < n and tokens[i].lower == tok.lower:
            i += 1  # "according to the the report": a doubled article
    while i < n:
        tok = tokens[i]
        if _is_np_word(tok) or _title_word_ahead(tokens, i):
            if _is_head(tok):
                last = i
            i += 1
            continue
        if tok.lower in ("of", "for", "by", "from", "at", "and", "de", "al", "von", "van", "bin"):
            nxt = tokens[i + 1] if i + 1 < n else None
            if nxt is not None and (
                is_capitalised(nxt) or (nxt.lower in DETERMINERS and tok.lower != "and")
            ):
                if tok.lower == "and" and not is_capitalised(tokens[i - 1]):
                    break
                i += 1
                if nxt.lower in DETERMINERS:
                    i += 1
                continue
        break
    if last < first:
        return None
    start = tokens[first].start
    return Phrase(first, last, start, tokens[last].end, text[start : tokens[last].end])


def _title_word_ahead(tokens: list[Token], i: int) -> bool:
    """A lowercase title word (``energy`` in ``energy analyst Orin Middleton``): followed within
    three lowercase words by a role noun or a capitalised name."""
    tok = tokens[i]
    if not _plain_lower(tok):
        return False
    for nxt in tokens[i + 1 : i + 3]:
        if nxt.lower in ROLE_NOUNS or (is_capitalised(nxt) and nxt.lower not in FUNCTION_WORDS):
            return True
        if not _plain_lower(nxt):
            return False
    return False


def _plain_lower(tok: Token) -> bool:
    """A lowercase word that may be part of a title: no function word, no verb-looking word."""
    low = tok.lower
    return (
        tok.text.isalpha()
        and tok.text.islower()
        and low not in FUNCTION_WORDS
        and low not in DETERMINERS  # "met the workers": a determiner opens a phrase of its own
        and low not in _COMMON_VERBS
        and not low.endswith(("ed", "ing"))
    )


@lru_cache(maxsize=4096)
def is_nationality(word: str) -> bool:
    """A nationality or region adjective (``Jordanian``, ``Israeli``, ``French``)."""
    return _NATIONALITY.match(word) is not None


def is_person_like(phrase: str) -> bool:
    """A name of a person rather than an organisation or a group (``Mr Ali``, ``Jack Straw``).

    Memoised: the same speakers come back in every attribution of a document."""
    words = [w for w in re.findall(r"[\w'’.-]+", phrase)]
    if not words:
        return False
    tail = _titled_tail(phrase)
    if tail is not None and tail != phrase:
        return is_person_like(tail)
    bases = [_base(w) for w in words]
    if any(b in _ORG_HEADS or b in _NOT_PERSON for b in bases) or "," in phrase:
        return False
    if _PLACE_NAMES.search(phrase):
        return False
    if any(b.rstrip(".") in HONORIFICS for b in bases):
        return True
    if bases[0] in ("the", "a", "an"):
        return False
    caps = [w for w in words if w[:1].isupper() and not w.isupper()]
    return len(caps) >= 2 and words[-1][:1].isupper() and not words[-1].isupper()


def _titled_tail(phrase: str) -> str | None:
    """The name after the last role word of a titled phrase, as in ``White House press
    secretary Karine Jean-Pierre`` or ``Judiciary Committee Chairman Chuck Grassley`` -> the
    two to four capitalised words after the role (the organisation before the role only says
    whom the person works for); None when the phrase does not end so."""
    if "," in phrase:
        return None
    words = phrase.split()
    for i in range(len(words) - 3, -1, -1):
        if words[i].lower() in _PERSON_TITLES:
            name = words[i + 1 :]
            if len(name) <= 4 and all(_NAME_WORD.fullmatch(w) for w in name):
                return " ".join(name)
            return None
    return None


_NAME_WORD = re.compile(r"[A-Z][\w'’-]+")


def role_of(phrase: str) -> str | None:
    """The role in a titled phrase: ``Russian Defense Minister Sergei Shoigu`` -> ``defense
    minister``; ``Russia's defense minister`` -> ``defense minister``; None when there is none."""
    m = _ROLE.search(phrase)
    if m is None:
        return None
    role = m.group().lower()
    if role.endswith("s") and role[:-1].endswith(_ROLE_HEADS):  # "foreign ministers"
        role = role[:-1]
    return role


def singular(word: str) -> str:
    """``ministers`` -> ``minister``, ``counterparts`` -> ``counterpart`` (regular plurals only)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_SPLIT = re.compile(r",(?!\d)\s*(?:and\s+|as well as\s+)?|\s+(?:and|as well as|&)\s+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_FROM = re.compile(r"^(?P<head>.*?\b(?:from|of))\s+(?P<place>.+)$")
_COUNTERPART_NAME = re.compile(r"^(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+counterparts?\s+(?=[A-Z])")


def _country_role(place: str, role: str) -> str:
    """``Iran`` + ``defense minister`` -> ``Iran's defense minister``."""
    return f"{place}'s {role}"


def split_coordination(phrase: str, *, role: str | None = None) -> list[str]:
    """All members of a coordination, made specific.

    ``his counterparts from Iran, Syria and Turkey`` with role ``defense minister`` ->
    ``["Iran's defense minister", "Syria's defense minister", "Turkey's defense minister"]``;
    ``senior diplomats from Russia, Turkey and Iran`` -> ``["senior diplomats from Russia", ...]``;
    ``the Turkish and Syrian defense ministers`` -> ``["Turkish defense minister", "Syrian
    defense minister"]``; ``foreign ministers from 23 European and Arab countries`` stays one.
    """
    parts = [p.strip() for p in _SPLIT.split(phrase.strip()) if p and p.strip()]
    parts = [_COUNTERPART_NAME.sub("", p) for p in parts]
    parts = _merge_adjective_pairs(parts)
    out: list[str] = []
    carried: str | None = None  # "his counterparts from" waiting to be distributed
    for part in parts:
        m = _FROM.match(part)
        if m is not None and re.search(r"\b(?:from|of)\s+[A-Z]", part):
            carried = m.group("head")
            out.append(_specific(carried, m.group("place"), role))
            continue
        if carried is not None and _is_bare_name(part):
            out.append(_specific(carried, part, role))
            continue
        carried = None
        out.append(part)
    return _distribute_adjectives(out)


def _merge_adjective_pairs(parts: list[str]) -> list[str]:
    """Glue back ``European and Arab countries`` split inside a prepositional phrase."""
    merged: list[str] = []
    for part in parts:
        if merged:
            prev = merged[-1]
            last_word = prev.split()[-1]
            if (
                _NATIONALITY.match(last_word)
                and re.search(r"\b(?:from|of|in)\b", prev)
                and not re.search(r"\b(?:from|of|in)\b", part)
            ):
                merged[-1] = f"{prev} and {part}"
                continue
        merged.append(part)
    return merged


def _distribute_adjectives(parts: list[str]) -> list[str]:
    """``the Turkish`` + ``Syrian defense ministers`` -> both with the shared head, singular."""
    if len(parts) < 2:
        return parts
    last_words = _ARTICLE.sub("", parts[-1]).split()
    bare = [_ARTICLE.sub("", p) for p in parts[:-1]]
    if len(last_words) >= 2 and all(len(b.split()) == 1 and _NATIONALITY.match(b) for b in bare):
        head = " ".join(last_words[1:])
        head_words = head.split()
        head_words[-1] = singular(head_words[-1])
        head = " ".join(head_words)
        return [f"{b} {head}" for b in bare] + [f"{last_words[0]} {head}"]
    return parts


def _is_bare_name(part: str) -> bool:
    """A bare proper name such as ``Syria`` or ``South Africa`` (no head noun of its own)."""
    words = part.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)


def _specific(head: str, place: str, role: str | None) -> str:
    """One member of a distributed coordination, as specific as the sentence allows."""
    head_bare = re.sub(r"^(?:his|her|its|their|the)\s+", "", head, flags=re.IGNORECASE)
    if role and re.match(r"(?i)counterparts?\b", head_bare):
        return _country_role(place, role)
    words = head_bare.split()
    if words and words[0].lower() == "counterparts":
        words[0] = "counterpart"
    return f"{' '.join(words)} {place}"
