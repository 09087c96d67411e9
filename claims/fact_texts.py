"""Claim texts of quantities, actions, facts and comparisons: one checkable clause each.

``claims.render`` gives each claim a text; this module holds what those four types' texts must
be to state a fact a checker can check on its own:

- ``tidy``: the text without what no sentence of the writer's holds: a TimeML dateline
  (``NEWARK, N.J. _ ``) and markup tags (``<tweet author="..." ...>``);
- ``own_value``: a figure whose clause another figure's claim took, when it is the other's
  equivalent in brackets (``a $27bn (£14bn) tax bill``), states its own fact with its own value
  (``... a £14bn tax bill.``) instead of repeating the clause with a value marker;
- ``verbless`` and ``uncheckable``: a final text that holds no verb states nothing checkable (a
  fragment such as ``The highest level in 12 years.``); the pipeline scores such a claim 0
  (kept with its values, below every threshold). The verb test is the word lists'
  (``claims.render.has_verb``), then agreement (``sales account for``), then the tagger.

The words are data (``claims/lexicon/closed_class.json``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from claims import lexicon
from claims.model import ClaimType
from claims.syntax import tag

__all__ = [
    "TEXT_TYPES",
    "agreeing",
    "doubtful_texts",
    "own_value",
    "tidy",
    "uncheckable",
    "untagged_verbs",
    "verbless",
]

#: The tags of a verb: a clause has one.
_VERB = frozenset({"VERB", "AUX"})

#: The claim types whose texts this module checks.
TEXT_TYPES = frozenset({ClaimType.QUANTITY, ClaimType.ACTION, ClaimType.FACT, ClaimType.COMPARISON})

#: A TimeML dateline opening a text: a place in capitals, its state, and an underscore.
_DATELINE_RE = re.compile(r"^[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]*){0,4}\s+_\s+(?=\S)")
#: A markup tag with or without attributes (``<tweet pic="" ...>``, ``</tweet>``).
_TAG_RE = re.compile(r"</?[a-z][\w-]*(?:\s+[\w-]+=\"[^\"]*\")*\s*/?>")


@cache
def _closed() -> frozenset[str]:
    """Determiners, prepositions, pronouns and function words (``closed_class.json``)."""
    return frozenset(
        x.lower()
        for key in ("determiners", "prepositions", "pronouns", "function_words")
        for x in lexicon.table("closed_class")[key]
    )


def tidy(text: str) -> str:
    """``text`` without a dateline opening it and without markup tags (unchanged otherwise)."""
    out = _TAG_RE.sub(" ", text) if "<" in text else text
    out = _DATELINE_RE.sub("", out)
    if out == text:
        return text
    out = " ".join(out.split())
    out = re.sub(r"\s+([,.;:!?])", r"\1", out).strip()
    out = re.sub(r"([.!?])\.$", r"\1", out)  # "...5%.</tweet>." ends once
    return out[:1].upper() + out[1:] if out.strip(" .") else text


def own_value(text: str, span: str) -> str:
    """The claim text of the figure ``span`` given in brackets after its equivalent in
    ``text`` (``a $27bn (£14bn) tax bill``, ``30bn baht (£398m; $768m)``): the text with the
    figure in place of the bracketed group (``a £14bn tax bill``); "" when ``span`` is no such
    figure of ``text``."""
    if not span or len(span) > 40:
        return ""
    for m in re.finditer(r"(\S+(?:\s+\S+)?)\s+\(([^()]*)\)", text):
        parts = [p.strip() for p in m.group(2).split(";")]
        if span not in parts:
            continue
        words = m.group(1).split()
        # the equivalent is the figure just before the bracket: "a $27bn", "417m yuan"
        if any(ch.isdigit() for ch in words[-1]):
            keep = " ".join(words[:-1])
        elif any(ch.isdigit() for ch in words[0]):
            keep = ""
        else:
            continue
        return text[: m.start()] + (keep + " " if keep else "") + span + text[m.end() :]
    return ""


_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|\S")


def agreeing(text: str) -> bool:
    """Does ``text`` hold a present-tense verb no word list knows, by its agreement with the
    noun before it and what follows it: a bare form after a plural (``sales account for``,
    ``cars total 300,000``) or a form in -s after a singular (``the firm employs 3,000``),
    before a preposition, a determiner or a figure?"""
    closed = _closed()
    tokens = _WORD_RE.findall(text)
    for prev, tok, nxt in zip(tokens, tokens[1:], tokens[2:], strict=False):
        low, before = tok.lower(), prev.lower()
        if not tok.isalpha() or not tok.islower() or low in closed or low.endswith("ly"):
            continue
        if not prev.isalpha() or before in closed:
            continue
        if not (nxt.lower() in closed or nxt[:1].isdigit() or nxt[:1] in "$£€"):
            continue
        plural = before.endswith("s") and not before.endswith("ss")
        third = low.endswith("s") and not low.endswith("ss")
        if plural != third:
            return True
    return False


def verbless(texts: Sequence[str], surface: Callable[[str], bool]) -> set[int]:
    """The indexes of ``texts`` that hold no verb: none the ``surface`` test finds
    (``claims.render.has_verb``, from word lists) and none the tagger finds either (``Christmas
    sales account for ...``: a verb no list holds); the few texts the lists miss are tagged in
    one batch."""
    doubtful = doubtful_texts(texts, surface)
    if not doubtful:
        return set()
    untagged = untagged_verbs([texts[i] for i in doubtful])
    return {i for i, none in zip(doubtful, untagged, strict=True) if none}


def doubtful_texts(texts: Sequence[str], surface: Callable[[str], bool]) -> list[int]:
    """The indexes of ``texts`` in which neither the ``surface`` test nor agreement finds a
    verb: the ones ``verbless`` tags."""
    return [i for i, t in enumerate(texts) if not surface(t) and not agreeing(t)]


def untagged_verbs(texts: Sequence[str]) -> list[bool]:
    """Per text, whether the tagger finds no verb in it, all of them tagged in one call (a
    text's tags do not depend on the others of its call: ``claims.parallel.extract_batch``
    tags a batch of documents' doubtful texts together)."""
    if not texts:
        return []
    docs = tag(texts)  # pos_ only: no parse needed
    return [not any(t.pos_ in _VERB for t in doc) for doc in docs]


def uncheckable(kind: ClaimType, text: str, has_verb: bool) -> str | None:
    """Why the final ``text`` of a claim of type ``kind`` is no checkable fact, or None:
    ``"no verb"`` when it holds none (``has_verb``: the caller's test of the text, such as
    ``verbless``), a fragment such as ``The highest level in 12 years.``.

    An opening pronoun (``It rose 5%``) is named where the sentence tells who (``claims.render``)
    and otherwise kept: scored 0, such claims took 4 points of ClaimBuster recall at the default
    threshold and 0.01 of CLEF's MAP (debaters' ``they`` and ``he`` are check-worthy)."""
    if kind not in TEXT_TYPES:
        return None
    if not has_verb:
        return "no verb"
    return None
