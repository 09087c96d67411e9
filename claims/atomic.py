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

An indirect statement whose content gives one subject two verb phrases (``said it would assess
its options and look into the recount``, ``said the firm cut 300 jobs and closed two plants``)
is split the same way, the second part with the subject and the auxiliaries the second verb
leans on (``X said it would look into the recount.``); never inside a condition, an infinitive
or a ``that`` clause of the content, in a list of three, across tenses or numbers (``is still
off her best form but remained positive``: another subject may be meant), nor before a verb
that reports (``and said``). A bare verb after a modal is known from ``bare_verbs``.

A direct quotation whose first sentence (the words the claim text quotes) joins clauses of their
own (``Ana Ruiz said: "We played well, and the second half was a disaster".``) is split the same
way, one quoted claim per clause (``claims.render.clauses``: a coordinator before a clause with
a subject of its own, or a semicolon; ``quote_joins``): each quotes the speaker's own words,
its span opening at them. An indirect statement whose content goes on with a participle after a
comma (``found that the bank misled its clients, prompting the chairman's resignation``) ends
before it: the participle states a second fact, the writer's, not what was said
(``not_participles``, ``not_after_participle``).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from claims import lexicon
from claims.model import ClaimType
from claims.render import clauses, has_verb
from claims.rules.base import Draft, Sentence

__all__ = ["split_statements"]

_QUOTES = re.compile("[\"\u201c\u201d]|``|''")


@dataclass(frozen=True, slots=True)
class _Words:
    join: re.Pattern[str]  # a join in a content: "and that", ", but added (that)"
    not_after_that: frozenset[str]
    participle: re.Pattern[str]  # ", prompting the resignation": a second fact goes on
    quote_joins: frozenset[str]
    adverbs: frozenset[str]
    not_opening: frozenset[str]  # subordinators: "and whether ..." opens no clause of its own
    auxiliaries: frozenset[str]
    modals: frozenset[str]  # "would assess ... and look into": the second verb shares it
    bare_verbs: frozenset[str]
    second_cues: frozenset[str]


@cache
def _words() -> _Words:
    t = lexicon.table("clauses")
    joins = sorted((re.escape(j).replace(r"\ ", r"\s+") for j in t["statement_joins"]), key=len)
    cues = "|".join(sorted(map(re.escape, t["second_cues"]), key=len, reverse=True))
    pattern = (
        rf"(?P<that>\s*(?:{'|'.join(reversed(joins))})\s+)"
        rf"|(?P<cue>,\s+(?:and|but)\s+(?:also\s+)?(?P<verb>{cues})\s+(?:that\s+)?)"
    )
    not_participles = "|".join(map(re.escape, t["not_participles"]))
    after = "|".join(map(re.escape, t["not_after_participle"]))
    participle = re.compile(
        rf",\s+(?!(?:{not_participles})\b)[a-z]+ing\s+(?!(?:{after})(?:\s|$))(?=\S)"
    )
    return _Words(
        re.compile(pattern),
        frozenset(t["not_after_that"]),
        participle,
        frozenset(t["quote_joins"]),
        frozenset(t["adverbs"]),
        frozenset(
            w
            for key in ("subordinators", "ambiguous_subordinators", "conditionals")
            for w in t[key]
        )
        | frozenset(t["relative_pronouns"]),
        frozenset(t["auxiliaries"]),
        frozenset(_MODALS),
        frozenset(t["bare_verbs"]),
        frozenset(t["second_cues"])
        | frozenset(
            f.lower()
            for table in ("verbs_that", "verbs_bare")
            for forms in lexicon.table("reporting_cues")[table].values()
            for f in forms
        ),
    )


#: The auxiliaries a bare verb after them shares with the verb coordinated to it.
_MODALS = ("will", "would", "can", "could", "should", "shall", "may", "might", "must")


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


def _vp_parts(draft: Draft, doc: str) -> list[Draft] | None:
    """The two claims of an indirect statement whose content coordinates two verb phrases of one
    subject (``said it would assess its options and look into the recount``, ``said the firm
    cut 300 jobs and closed two plants``), each with that subject and the auxiliary the second
    verb shares (``X said it would look into the recount.``), or None."""
    content = str(draft.slots.get("content") or "")
    speaker, cue = draft.slots.get("speaker"), draft.slots.get("cue")
    if not content or not speaker or not cue or _QUOTES.search(draft.text):
        return None
    found = _second_verb(content)
    if found is None:
        return None
    join, verb, shared = found
    head = content[:join].rstrip(" ,")
    tail = content[verb:].rstrip(" .")
    raw = doc[draft.start : draft.end]
    at = raw.find(content)
    if at < 0 or len(head.split()) < 4 or len(tail.split()) < 3:
        return None
    lead = _lead(draft.text, head)
    if lead is None or _QUOTES.search(draft.text, 0, len(lead)):
        return None
    linker = re.escape(content[join:verb].strip())
    first_word = re.escape(tail.split()[0])
    joins = list(re.finditer(rf",?\s+{linker}\s+(?={first_word}\b)", draft.text[len(lead) :]))
    if len(joins) != 1:
        return None
    cut = len(lead) + joins[0].start()
    written = draft.text[len(lead) : len(lead) + len(shared)]
    if written.lower() == shared.lower():
        shared = written  # "said the bullet ...": as the text writes it, not "The bullet"
    elif shared[:1].isupper() and draft.text[len(lead) : len(lead) + 1].islower():
        shared = shared[:1].lower() + shared[1:]
    second = f"{shared} {draft.text[len(lead) + joins[0].end() :]}"
    one = dataclasses.replace(
        draft, text=_sentence(draft.text[:cut]), slots={**draft.slots, "content": head}
    )
    two = dataclasses.replace(
        draft,
        start=draft.start + at + verb,
        text=_sentence(lead + second),
        slots={**draft.slots, "content": f"{shared} {tail}"},
    )
    return [one, two]


def _second_verb(content: str) -> tuple[int, int, str] | None:
    """Where the one coordinator before a second verb phrase of the content's subject is, where
    that verb starts, and the words it shares with the first (its subject, and the auxiliaries
    of the first verb group when the second verb leans on them: ``it would | look``, ``it had
    | raised``); None when the content is not one subject with two verb phrases in one tense
    (``is still off her best form but remained positive``, ``was a genocide and goes``: another
    subject may be meant), or the second verb reports (``... and said``: a second cue)."""
    w = _words()
    cs = clauses(content)
    subject = cs[0].own if cs else None
    if not subject or not content.startswith(subject) or len(subject.split()) > 6:
        return None
    words = subject.lower().split()
    if words[0] in w.not_opening or len(re.findall(r"\b(?:and|but)\b", content)) != 1:
        return None
    if (words[0] in _PRONOUNS and len(words) > 1) or words[-1] in _LINKING:
        return None  # "he first" (heard ...), "Sanders of" (being ...): no subject of a clause
    after = content[len(subject) :].split()
    group = []
    for word in after:
        if word.lower() not in w.auxiliaries and word.lower() not in w.adverbs:
            break
        group.append(word.lower())
    auxes = [x for x in group if x in w.auxiliaries]
    if len(cs) == 2 and cs[1].kind == "vp":
        join, verb = cs[0].end, cs[1].body
        if content[join:verb].strip(" ,").lower() not in ("and", "but"):
            return None
    elif len(cs) == 1 and any(x in w.modals for x in auxes):
        m = _bare_after(content, len(subject), w)
        if m is None:
            return None
        join, verb = m
    else:
        return None
    between = content[len(subject) : join].lower().split()
    if any(x in w.not_opening or x in ("that", "to") for x in between):
        return None  # "if agents tried to take the boy and send him": the join is theirs
    if "," in content[len(subject) : join]:
        return None  # "entered through a window, hit him in the back and exited": a list
    v1 = (after[len(group) :] or [""])[0].lower()
    v2 = content[verb:].split(maxsplit=1)[0].lower()
    if not v2.isalpha() or v2 in w.adverbs or v2 in w.second_cues or v2 in _NON_FINITE:
        return None
    if {_tense((auxes or [v1])[0]), _tense(v2)} == {"past", "present"}:
        return None
    if _disagrees(words, v2):
        return None  # "he will have a better life and have attempted": the speaker's verb
    modal = next((k for k, x in enumerate(group) if x in w.modals), None)
    if modal is not None and _tense(v2) is not None and v2 not in w.auxiliaries:
        return None  # "can be more expensive and cited ...": another subject's verb
    if v2 in w.auxiliaries or not auxes:
        return join, verb, subject
    if modal is not None and not v2.endswith("ing"):
        shared = group[: modal + 1]  # "should be based on ... and come with": "should" only
        while len(shared) < len(group) and group[len(shared)] in w.adverbs:
            shared.append(group[len(shared)])  # "would not"
        return join, verb, f"{subject} {' '.join(shared)}"
    if v2.endswith("ed") and auxes[-1] in _HAVE:
        return join, verb, f"{subject} {' '.join(group)}"
    if _tense(v2) is not None and not (auxes[-1] in _BE and v1.endswith("ed")):
        return join, verb, subject  # "he was undergoing therapy and vowed to": its own tense
    return None  # "was consulted and approved of it": a passive or a past, unknown


_HAVE = frozenset({"has", "have", "had"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
_NON_FINITE = frozenset({"be", "been", "being", "having"})
#: Words a subject never ends with (``Sanders of being inactive``).
_LINKING = frozenset({"of", "to", "for", "in", "on", "at", "by", "with", "from", "about", "as"})


def _disagrees(subject: Sequence[str], verb: str) -> bool:
    """Does ``verb`` disagree in number with a pronoun ``subject`` (``he ... have``)?"""
    if subject[-1] in ("he", "she", "it"):
        return verb in ("have", "are", "were", "do")
    if subject[-1] in ("they", "we", "i", "you"):
        return verb in ("has", "is", "does") or (verb == "was" and subject[-1] != "i")
    return False


_BE = frozenset({"is", "are", "am", "was", "were", "be", "been"})


def _tense(word: str) -> str | None:
    """``past`` or ``present`` when a verb form tells (``was``, ``closed``; ``is``, ``plans``),
    else None (a bare form, a modal)."""
    if word in ("was", "were", "had", "did") or word.endswith("ed"):
        return "past"
    if word in ("is", "are", "am", "has", "have", "does", "do"):
        return "present"
    return "present" if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else None


def _bare_after(content: str, start: int, w: _Words) -> tuple[int, int] | None:
    """The one ``and`` after ``start`` (no comma before it) followed by a bare verb
    (``bare_verbs``) and the word it leads into: where it and the verb start."""
    found = [
        m
        for m in re.finditer(r"(?<!,)\s+and\s+([a-z]+)\s+\S", content[start:])
        if m.group(1) in w.bare_verbs
    ]
    if len(found) != 1 or len(re.findall(r"\band\b", content[start:])) != 1:
        return None
    m = found[0]
    return start + m.start(), start + m.start(1)


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
        if draft.type != ClaimType.STATEMENT:
            out.append((draft, sentence))
            continue
        parts = _split(draft, doc) or _vp_parts(draft, doc) or _quoted_parts(draft, doc) or [draft]
        out.extend((_without_participle(part), sentence) for part in parts)
    return out


#: A statement text quoting its speaker's words: ``X said: "..."`` (straight or curly marks).
_DIRECT_RE = re.compile(
    r"(?P<lead>[^\"“”]+?:\s*)(?P<open>[\"“])(?P<said>[^\"“”]+)(?P<close>[\"”])\."
)


def _quoted_parts(draft: Draft, doc: str) -> list[Draft] | None:
    """One claim for each clause of its own that the quoted words of a statement's text join
    (``X said: "A, and B".`` -> ``X said: "A".``, ``X said: "B".``), or None."""
    m = _DIRECT_RE.fullmatch(draft.text)
    if m is None:
        return None
    said = m.group("said")
    cs = clauses(said)
    joins = _words().quote_joins
    cuts: list[int] = []  # the clauses that open a part
    for k in range(1, len(cs)):
        gap = said[cs[k - 1].end : cs[k].body].strip(" ,")
        if cs[k].kind == "main" and gap.lower() in joins:
            cuts.append(k)
    if not cuts:
        return None
    bounds = [0, *cuts, len(cs)]
    parts = [said[cs[a].body : cs[b - 1].end].strip(" ,;") for a, b in itertools.pairwise(bounds)]
    if any(len(p.split()) < 3 or not has_verb(p) for p in parts):
        return None
    if any(p.split()[0].lower() in _words().not_opening for p in parts[1:]):
        return None  # ", and whether you can say ...": a subordinate clause, no claim
    if any(not _has_subject(p) for p in parts[1:]):
        return None  # ", but suddenly became a priority": no subject of its own
    raw = doc[draft.start : draft.end]
    out: list[Draft] = []
    at = 0
    for n, part in enumerate(parts):
        found = raw.find(part, at)
        if found < 0:
            return None
        at = found + len(part)
        words = part[:1].upper() + part[1:]
        text = f"{m.group('lead')}{m.group('open')}{words}{m.group('close')}."
        slots = {**draft.slots, "content": part}
        start = draft.start if n == 0 else draft.start + found
        out.append(dataclasses.replace(draft, start=start, text=text, slots=slots))
    return out


def _has_subject(part: str) -> bool:
    """Does a clause open with a subject of its own (``the second half was``, ``I believe``),
    not with a verb or an adverb before one (``suddenly became``, ``didn't score``)?"""
    first = part.split(maxsplit=1)[0]
    if first.lower().endswith("ly") or first.lower() in _words().adverbs:
        return False
    return not has_verb(first) and bool(clauses(part)[0].own)


def _without_participle(draft: Draft) -> Draft:
    """An indirect statement without the participle its content goes on with after a comma
    (``..., prompting the resignation of its chairman``): what it said, not the writer's
    second fact; unchanged when it quotes its speaker or has no such participle."""
    content = str(draft.slots.get("content") or "")
    if not content or _QUOTES.search(draft.text):
        return draft
    m = _words().participle.search(content)
    if m is None or len(content[: m.start()].split()) < 3:
        return draft
    tail = content[m.start() : m.end()]
    if draft.text.count(tail) != 1:
        return draft
    text = _sentence(draft.text[: draft.text.index(tail)].rstrip(" ,"))
    return dataclasses.replace(
        draft, text=text, slots={**draft.slots, "content": content[: m.start()]}
    )
