"""The one label schema.

Defined once here; the Label Studio labeling config (``annotations.config``), the Hugging Face
features (``export.features``) and the checks (``export.check``) all derive from it. The field
names and stored choice values are a contract: renaming one breaks every dataset built before.

A choice field with ``aggregate=True`` also gets a per-claim aggregate column in the ``claims``
config, a recomputation in ``claimset check``, Krippendorff's alpha and a Croissant enumeration:
adding one here is the only change those need.

Code reads the schema through ``active_schema()``; ``use_schema(schema)`` swaps in another one
(an extended copy, say) for the duration of a ``with`` block, process-wide (the checker's worker
threads see it too). Functions that take a ``schema`` argument default to the active one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Choice:
    """One stored value of a single-choice field, with the label shown to annotators."""

    value: str
    alias: str
    hotkey: str
    description: str


@dataclass(frozen=True, slots=True)
class ChoiceField:
    """A required single choice. Its values become a ``ClassLabel`` (index = position)."""

    name: str
    title: str
    choices: tuple[Choice, ...]
    required: bool = True
    aggregate: bool = False  # a per-claim majority column, alpha and checks in the dataset

    @property
    def names(self) -> list[str]:
        """The stored values in ``ClassLabel`` order."""
        return [c.value for c in self.choices]

    def index(self, value: str | None) -> int:
        """The ``ClassLabel`` index of ``value``; -1 for None. Raises ``KeyError`` if unknown."""
        if value is None:
            return -1
        return self.names.index(value) if value in self.names else _unknown(self.name, value)


def _unknown(field: str, value: str) -> int:
    raise KeyError(f"{value!r} is not a value of {field!r}")


@dataclass(frozen=True, slots=True)
class TextField:
    """A free-text area (optional)."""

    name: str
    title: str
    placeholder: str
    rows: int = 2


@dataclass(frozen=True, slots=True)
class SpanField:
    """The claim region on the article: a ``Labels`` control over the ``Text`` object."""

    name: str
    to_name: str
    label: str


@dataclass(frozen=True, slots=True)
class LabelSchema:
    """Everything an annotator records about one claim."""

    choices: tuple[ChoiceField, ...]
    texts: tuple[TextField, ...]
    span: SpanField
    guidelines: str
    agreement_field: str = "verdict"  # the field whose per-claim agreement is stored

    def choice(self, name: str) -> ChoiceField:
        """The choice field called ``name``."""
        for f in self.choices:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def aggregated(self) -> tuple[ChoiceField, ...]:
        """The choice fields with a per-claim aggregate column, in schema order."""
        return tuple(f for f in self.choices if f.aggregate)

    @property
    def aggregated_names(self) -> tuple[str, ...]:
        """The names of ``aggregated``."""
        return tuple(f.name for f in self.aggregated)

    def extended(
        self, *, choices: tuple[ChoiceField, ...] = (), texts: tuple[TextField, ...] = ()
    ) -> LabelSchema:
        """A copy with more choice and text fields appended (for tests and forks)."""
        return replace(self, choices=self.choices + choices, texts=self.texts + texts)

    @property
    def field_names(self) -> list[str]:
        """Choice fields then text fields, in schema order."""
        return [f.name for f in self.choices] + [f.name for f in self.texts]


VERDICT = ChoiceField(
    name="verdict",
    title="Verdict: is the claim true, judged on evidence outside the article?",
    aggregate=True,
    choices=(
        Choice("supported", "Supported", "1", "Reliable outside evidence confirms the claim."),
        Choice("refuted", "Refuted", "2", "Reliable outside evidence contradicts the claim."),
        Choice(
            "not_enough_evidence",
            "Not enough evidence",
            "3",
            "No reliable evidence either way could be found.",
        ),
        Choice(
            "conflicting_evidence",
            "Conflicting evidence",
            "4",
            "Reliable sources disagree about the claim.",
        ),
    ),
)

CLAIM_QUALITY = ChoiceField(
    name="claim_quality",
    title="Extraction: was the claim extracted well?",
    aggregate=True,
    choices=(
        Choice(
            "correct",
            "Correct",
            "q",
            "Span, type and values are right; the claim is checkable.",
        ),
        Choice(
            "not_checkable",
            "Not checkable",
            "w",
            "An opinion, prediction or vague statement no evidence could settle.",
        ),
        Choice("not_atomic", "Not atomic", "e", "Several claims in one; it should be split."),
        Choice(
            "wrong_span_or_values",
            "Wrong span or values",
            "r",
            "The highlighted span, the type or a typed value is wrong (fix it below).",
        ),
    ),
)

LABEL_SCHEMA = LabelSchema(
    choices=(VERDICT, CLAIM_QUALITY),
    texts=(
        TextField("evidence_url", "Evidence URL", "https://… the source you checked against", 1),
        TextField(
            "evidence_quote", "Evidence quote", "The sentence of the source that decides it", 3
        ),
        TextField(
            "corrected_claim", "Corrected claim", "The claim as it should have been extracted", 2
        ),
        TextField("notes", "Notes", "Anything else the next reader should know", 2),
    ),
    span=SpanField(name="claim_span", to_name="article", label="claim"),
    guidelines=(
        "Judge the claim sentence, not the article: look for evidence outside the article. "
        "Adjust the highlighted span if it does not cover exactly what the claim rests on. "
        "Pick a verdict and an extraction quality; give the evidence URL and quote you relied on."
    ),
)


_active: list[LabelSchema] = [LABEL_SCHEMA]
_lock = threading.Lock()


def active_schema() -> LabelSchema:
    """The label schema in force: ``LABEL_SCHEMA`` unless a ``use_schema`` block is open."""
    return _active[-1]


@contextmanager
def use_schema(schema: LabelSchema) -> Iterator[LabelSchema]:
    """Make ``schema`` the active label schema inside the ``with`` block (process-wide)."""
    with _lock:
        _active.append(schema)
    try:
        yield schema
    finally:
        with _lock:
            _active.pop(max(i for i, s in enumerate(_active) if s is schema))
