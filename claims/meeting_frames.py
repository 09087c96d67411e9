"""Meeting frames over the dependency parse: which words of a parsed sentence meet, host or talk.

The frames are data: spaCy ``DependencyMatcher`` patterns in ``claims/patterns/meetings.json``,
whose ``@name`` word lists come from ``claims/lexicon/meeting_triggers.json`` (the shipped parser
has no lemmatizer, so triggers are listed as word forms). Each pattern ties a trigger word to one
role node (``party``, ``host``, ``guest``, ``meeting``, ``name``, ``place``); the matches of one
trigger make one ``Frame``. A ``case_X`` node (``with``, ``by``, ``in``) is looked for
anywhere under ``X`` and must be the first word of ``X``'s phrase. What the roles mean (whose
subject, which noun phrase) is decided by
``claims.rules.meetings``.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from claims import lexicon
from claims.errors import ConfigError

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

__all__ = ["Frame", "find_frames", "trigger_words", "words"]

#: Role nodes a pattern may name (every other node only constrains the match).
ROLES = ("party", "host", "guest", "meeting", "name", "place")


@dataclass(slots=True)
class Frame:
    """One trigger of a sentence and the tokens each of its roles matched (in sentence order)."""

    trigger: Token
    kinds: set[str] = field(default_factory=set)  # meet, host, light, attend, noun, place
    roles: dict[str, list[Token]] = field(default_factory=dict)

    def get(self, role: str) -> list[Token]:
        """The tokens of ``role`` (none: ``[]``)."""
        return self.roles.get(role, [])


def words(name: str) -> frozenset[str]:
    """Word list ``name`` of ``meeting_triggers.json`` (its ``forms``)."""
    entry = lexicon.table("meeting_triggers").get(name)
    if not isinstance(entry, dict) or not isinstance(entry.get("forms"), list):
        raise ConfigError(f"claims/lexicon/meeting_triggers.json: no word list {name!r}")
    return frozenset(str(w).lower() for w in entry["forms"])


@cache
def trigger_words() -> frozenset[str]:
    """The words a sentence needs to hold a meeting (a sentence without one is never parsed):
    meeting, hosting and attending verbs, meeting nouns and meals (``had breakfast with``,
    ``dined with``). ``took part`` and light verbs (``held``) only count with a meeting noun,
    so they open no sentence on their own."""
    return (
        words("symmetric_verbs")
        | words("host_verbs")
        | words("attend_verbs")
        | words("meeting_nouns")
        | words("meal_nouns")
        | words("meal_verbs")
    )


def _fill(value: Any) -> Any:
    """A pattern with each ``"@name"`` replaced by its word list."""
    if isinstance(value, dict):
        return {k: _fill(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        name = value[1:]
        forms = trigger_words() | words("light_verbs") if name == "all_triggers" else words(name)
        return sorted(forms)
    return value


def _patterns() -> list[dict[str, Any]]:
    path = resources.files("claims.patterns").joinpath("meetings.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        patterns = data["patterns"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ConfigError(f"claims/patterns/meetings.json cannot be read: {e}") from None
    return [dict(p, pattern=_fill(p["pattern"])) for p in patterns]


@dataclass(frozen=True, slots=True)
class _Group:
    """The patterns that need the same words: each node of theirs that names its words
    (``LOWER``) needs one of them in the sentence, the trigger (every pattern's root) too."""

    needs: tuple[frozenset[str], ...]  # per such node, the words it matches
    matcher: DependencyMatcher

    def may_match(self, lowers: set[str]) -> bool:
        """Can a sentence of these lower-case words match the patterns? (No: none can.)"""
        return all(not words.isdisjoint(lowers) for words in self.needs)


#: The compiled matchers, grouped by the words they need, with the vocabulary they were built on
#: (rebuilt if the parser is reloaded): a sentence runs only the groups whose words it holds.
_COMPILED: list[tuple[Vocab, list[_Group], dict[int, dict[str, Any]]]] = []
_LOCK = threading.Lock()


def _needs(p: dict[str, Any]) -> tuple[frozenset[str], ...]:
    """The words each node of pattern ``p`` that names them (``LOWER``: a word or an ``IN``
    list, filled) matches; a token's ``LOWER`` is its lower-case text, so a sentence none of
    whose lower-case words is among them cannot match ``p``. Distinct sets, sorted."""
    found: set[frozenset[str]] = set()
    for node in p["pattern"]:
        lower = node.get("RIGHT_ATTRS", {}).get("LOWER")
        if isinstance(lower, str):
            found.add(frozenset([lower]))
        elif isinstance(lower, dict) and set(lower) == {"IN"} and isinstance(lower["IN"], list):
            found.add(frozenset(map(str, lower["IN"])))
    return tuple(sorted(found, key=sorted))


def _matcher(vocab: Vocab) -> tuple[list[_Group], dict[int, dict[str, Any]]]:
    """The matchers for ``vocab`` and each pattern by its match id (built once per parser).
    A match needs a word of each ``LOWER`` node of its pattern in the sentence, so skipping the
    groups whose words a sentence lacks changes no frame."""
    from spacy.matcher import DependencyMatcher

    with _LOCK:
        if _COMPILED and _COMPILED[0][0] is vocab:
            return _COMPILED[0][1], _COMPILED[0][2]
        groups: dict[tuple[frozenset[str], ...], DependencyMatcher] = {}
        by_id: dict[int, dict[str, Any]] = {}
        for p in _patterns():
            matcher = groups.setdefault(_needs(p), DependencyMatcher(vocab))
            try:
                matcher.add(p["name"], [p["pattern"]])
            except ValueError as e:
                raise ConfigError(
                    f"claims/patterns/meetings.json: pattern {p['name']}: {e}"
                ) from None
            by_id[vocab.strings.add(p["name"])] = p
        compiled = [_Group(needs, matcher) for needs, matcher in groups.items()]
        _COMPILED[:] = [(vocab, compiled, by_id)]
        return compiled, by_id


def _first_word(tok: Token) -> int:
    """Index of the first word of ``tok``'s phrase (a leading comma or conjunction skipped:
    ``and with Y``)."""
    first = tok.left_edge
    while (first.is_punct or first.dep_ == "cc") and first.i < tok.i:
        first = first.nbor(1)
    return first.i


def _cases_lead(doc: Doc, nodes: list[str], token_ids: list[int]) -> bool:
    """A ``case_X`` node (a preposition anywhere under ``X``: the parser often hangs it on a
    title word) must open ``X``'s phrase: ``by President Xi``, not ``Xi ... by``."""
    where = dict(zip(nodes, token_ids, strict=True))
    return all(
        _first_word(doc[where[n.removeprefix("case_")]]) == i
        for n, i in where.items()
        if n.startswith("case_")
    )


def find_frames(doc: Doc) -> list[Frame]:
    """The frames of one parsed sentence, one per trigger token, in sentence order."""
    groups, by_id = _matcher(doc.vocab)
    lowers = {t.lower_ for t in doc}
    matches = [m for g in groups if g.may_match(lowers) for m in g.matcher(doc)]
    frames: dict[int, Frame] = {}
    for match_id, token_ids in matches:
        p = by_id[match_id]
        nodes = [n["RIGHT_ID"] for n in p["pattern"]]
        if not _cases_lead(doc, nodes, token_ids):
            continue
        trigger = doc[token_ids[nodes.index("trigger")]]
        frame = frames.setdefault(trigger.i, Frame(trigger))
        frame.kinds.add(p["frame"])
        for node, i in zip(nodes, token_ids, strict=True):
            if node in ROLES:
                got = frame.roles.setdefault(node, [])
                if doc[i] not in got:
                    got.append(doc[i])
    for frame in frames.values():
        for got in frame.roles.values():
            got.sort(key=lambda t: t.i)
    return [frames[i] for i in sorted(frames)]
