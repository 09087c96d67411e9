"""FACT claims: check-worthy sentences that no rule family found a claim in.

The rule families find figures, dates, meetings, statements, actions and comparisons. A
sentence can state a checkable fact with none of them ("Incomes went up for everybody",
"Syria is fighting ISIS"): when the check-worthiness model (``claims.checkworthiness``) scores
such a sentence at least ``min_sentence_score``, the sentence becomes one FACT claim. Its span
is the sentence without leading fillers ("And", "uh -") and final punctuation; its ``cues`` slot
names what makes it check-worthy. The not-claim filter (``claims.not_claims``) applies to it as
to every draft (a question is no fact). Settings: ``claims/patterns/sentence_facts.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from claims import patterns
from claims.checkworthiness import fired_cues, score_sentence
from claims.model import ClaimType
from claims.rules.base import Draft, Sentence

__all__ = ["SentenceFacts", "settings"]

_WORD_RE = re.compile(r"[\w'’-]+")
_OPEN_RE = re.compile(r"[\s\"'“‘«\-–—]*")
_FILLER_GAP = re.compile(r"[\s,;:.\-–—]*")
_END_RE = re.compile(r"[\s.!?;:,\"'”’)\]]+$")


_STOPPED_RE = re.compile(r"[.!?][\"”’']+$")


def _closing_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` taking in the closing quotation mark the trimmed end left out (a claim
    never opens a quotation it does not close)."""
    core = text[start:end]
    for opening, closing in (("“", "”"), ('"', '"')):
        unclosed = (
            core.count(opening) > core.count(closing)
            if opening != closing
            else core.count(opening) % 2 == 1
        )
        at = text.find(closing, end)
        if unclosed and at >= 0 and not text[end:at].strip(" .!?,;:"):
            return start, at + 1
    return start, end


@dataclass(frozen=True)
class SentenceFacts:
    """The settings of the FACT stage (``claims/patterns/sentence_facts.json``)."""

    min_sentence_score: float
    min_words: int
    leading: frozenset[str]
    skip_sentence: re.Pattern[str]
    before_comma: frozenset[str] = frozenset()  # leading only when a comma follows

    def config(self) -> dict[str, object]:
        """The thresholds, for the extractor's manifest."""
        return {"min_sentence_score": self.min_sentence_score, "min_words": self.min_words}

    def span(self, text: str) -> tuple[int, int] | None:
        """The claim's ``[start, end)`` within the sentence ``text``, None if nothing is left."""
        start = _OPEN_RE.match(text).end()  # type: ignore[union-attr]
        while True:
            m = _WORD_RE.match(text, start)
            if m is None:
                break
            word = m.group().lower()
            comma = text.startswith(",", m.end())
            if word not in self.leading and not (comma and word in self.before_comma):
                break
            start = _FILLER_GAP.match(text, m.end()).end()  # type: ignore[union-attr]
        tail = _END_RE.search(text, start)
        end = tail.start() if tail else len(text)
        return (start, end) if end > start else None

    def draft(self, sentence: Sentence, logits: dict[str, float] | None = None) -> Draft | None:
        """The FACT draft of ``sentence`` if it is check-worthy enough, else None (``logits``:
        the document's texts scored so far, as for ``score_sentence``)."""
        text = sentence.text
        if len(_WORD_RE.findall(text)) < self.min_words or self.skip_sentence.search(text):
            return None
        if score_sentence(text, logits) < self.min_sentence_score:
            return None
        span = self.span(text)
        if span is None or len(_WORD_RE.findall(text[span[0] : span[1]])) < self.min_words:
            return None
        start, end = _closing_quote(text, *span)
        core = text[start:end]
        return Draft(
            type=ClaimType.FACT,
            start=sentence.start + start,
            end=sentence.start + end,
            text=core[0].upper() + core[1:] + ("" if _STOPPED_RE.search(core) else "."),
            slots={"cues": fired_cues(text)},
        )

    def drafts(
        self,
        sentences: Sequence[Sentence],
        covered: Iterable[int],
        logits: dict[str, float] | None = None,
    ) -> list[tuple[Draft, Sentence]]:
        """A FACT draft for each sentence whose ``start`` is not in ``covered`` (the sentences
        some rule family already found a claim in), in order (``logits``: see ``draft``)."""
        taken = set(covered)
        out: list[tuple[Draft, Sentence]] = []
        for sentence in sentences:
            if sentence.start not in taken:
                found = self.draft(sentence, logits)
                if found is not None:
                    out.append((found, sentence))
        return out


@cache
def settings() -> SentenceFacts:
    """The packaged settings, read once."""
    raw = patterns.load("sentence_facts")
    return SentenceFacts(
        min_sentence_score=float(raw["min_sentence_score"]),
        min_words=int(raw["min_words"]),
        leading=frozenset(str(w).lower() for w in raw["leading"]),
        skip_sentence=re.compile(str(raw["skip_sentence"]), re.IGNORECASE),
        before_comma=frozenset(str(w).lower() for w in raw.get("leading_before_comma", ())),
    )
