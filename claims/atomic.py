"""One fact per claim: an indirect statement that joins two things its speaker said becomes two.

``Rubio said voters are angry and that there is a hunger for new faces`` states two facts, each
checkable on its own; its claim is split at the join into ``Rubio said voters are angry.`` and
``Rubio said there is a hunger for new faces.`` (each with the speaker and cue of the
statement), and ``A spokesman says X is close to a deal, but added it is not done yet`` into
``A spokesman says X is close to a deal.`` and ``A spokesman added it is not done yet.``.
The first keeps the statement's span (the attribution it rests on: speaker, cue and all it
said); the second's span is its stretch of the sentence (from the join's ``that``, or the
second verb's clause, to the statement's end); each ``content`` slot holds its part. Only
indirect speech is split (a join inside a quotation is the speaker's own wording) and only
where the joined part is a clause of its own (``and that is why`` is no join: ``that`` is a
pronoun there). The words are data (``claims/lexicon/clauses.json``: ``statement_joins``,
``second_cues``, ``not_after_that``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from claims import lexicon
from claims.model import ClaimType
from claims.rules.base import Draft, Sentence

__all__ = ["split_statements"]

_QUOTES = re.compile("[\"\u201c\u201d]|``|''")


@dataclass(frozen=True, slots=True)
class _Words:
    join: re.Pattern[str]  # a join in a content: "and that", ", but added (that)"
    not_after_that: frozenset[str]


@cache
def _words() -> _Words:
    t = lexicon.table("clauses")
    joins = sorted((re.escape(j).replace(r"\ ", r"\s+") for j in t["statement_joins"]), key=len)
    cues = "|".join(sorted(map(re.escape, t["second_cues"]), key=len, reverse=True))
    pattern = (
        rf"(?P<that>\s*(?:{'|'.join(reversed(joins))})\s+)"
        rf"|(?P<cue>,\s+(?:and|but)\s+(?:also\s+)?(?P<verb>{cues})\s+(?:that\s+)?)"
    )
    return _Words(re.compile(pattern), frozenset(t["not_after_that"]))


def _the_join(content: str) -> re.Match[str] | None:
    """The one join of a content, or None (none, several, or inside a quotation)."""
    w = _words()
    found = list(w.join.finditer(content))
    if len(found) != 1:
        return None
    m = found[0]
    if _QUOTES.search(content, 0, m.start()) or m.start() == 0:
        return None
    rest = content[m.end() :].split(maxsplit=1)
    if not rest or rest[0].lower() in w.not_after_that or not re.match(r"[\w\"“]", rest[0]):
        return None
    return m


def _split(draft: Draft, doc: str) -> list[Draft] | None:
    """The two claims of a statement whose content joins two things said, or None."""
    content = str(draft.slots.get("content") or "")
    speaker = str(draft.slots.get("speaker") or "")
    cue = str(draft.slots.get("cue") or "")
    if not content or not speaker or not cue or not content[:1].isalnum():
        return None
    m = _the_join(content)
    if m is None:
        return None
    raw = doc[draft.start : draft.end]
    at = raw.find(content)
    text = draft.text
    head = content[: m.start()].rstrip(" ,")
    tail = content[m.end() :].rstrip(" .")
    if at < 0 or len(head.split()) < 3 or len(tail.split()) < 3:
        return None
    # the text says the content after its speaker and cue: "X said [that] A and that B."
    lead = _lead(text, content[: m.start()])
    if lead is None or _QUOTES.search(text, 0, len(lead)):
        return None
    joined = text.find(m.group(), len(lead))
    if joined < 0 or text.count(m.group()) != 1:
        return None
    first = _sentence(text[:joined].rstrip(" ,"))
    second_body = text[joined + len(m.group()) :]
    verb = m.group("verb")
    second = _sentence(f"{speaker} {verb} {second_body}" if verb else lead + second_body)
    resume = draft.start + at + m.end()
    if verb is None:
        resume -= len("that ")  # the second claim's span opens at its "that"
    one = dataclasses.replace(draft, text=first, slots={**draft.slots, "content": head})
    two = dataclasses.replace(
        draft,
        start=resume,
        text=second,
        slots={**draft.slots, "content": tail, "cue": verb or cue},
    )
    return [one, two]


def _lead(text: str, head: str) -> str | None:
    """The words of ``text`` before where its content begins (``X said that ``), found by the
    content's first words (dates in the text may be written out: only its first three words
    are looked for)."""
    words = head.split()[:3]
    if len(words) < 3:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text, re.IGNORECASE)
    if m is None or m.start() == 0:
        return None
    return text[: m.start()]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", '."', ".”")) else text + "."


def split_statements(
    drafts: Sequence[tuple[Draft, Sentence]], doc: str
) -> list[tuple[Draft, Sentence]]:
    """``drafts`` with every indirect statement that joins two things said split in two."""
    out: list[tuple[Draft, Sentence]] = []
    for draft, sentence in drafts:
        parts = _split(draft, doc) if draft.type == ClaimType.STATEMENT else None
        if parts is None:
            out.append((draft, sentence))
        else:
            out.extend((part, sentence) for part in parts)
    return out
