"""Review rounds: which claims go to a second (third...) round, and what their tasks show.

A review round is a normal claimset project whose tasks carry ``data.round`` (2, 3...) and
``data.earlier_verdicts``: the earlier rounds' answers as one read-only line of pseudonyms and
labels (never an e-mail or a name), shown above the choices (``annotations.config`` renders the
block for review projects only). The answers of the latest round decide a claim's labels in the
export (``export.aggregate``), and ``provenance.adjudication`` records it.

Which claims: selectors, evaluated by ``export.rounds`` on the same aggregates the export
computes (the workspace's pulled annotations, or an exported dataset directory):

- ``needs-adjudication``: annotated claims without a strict majority (``needs_adjudication``);
- ``quality:VALUE``: claims whose aggregated ``claim_quality`` is VALUE (the majority label, the
  one the dataset shows: a single dissenting annotator does not send a claim back);
- ``FIELD:VALUE``: the same for any aggregated field of the label schema (``verdict:refuted``);
- ``unannotated``: claims nobody has annotated yet (``num_annotations`` 0).

Several selectors (repeated ``--only`` or a comma list) select the union.

The workspace keeps a record per project (``WORKDIR/.claimset/project-<server>-<id>.json``,
``annotations.state``): its title and round, and for a review round the selectors it was
seeded with, so a later push of the same project keeps its round number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotations.schema import LabelSchema, active_schema
from claims.errors import InputError

NEEDS_ADJUDICATION = "needs-adjudication"
UNANNOTATED = "unannotated"
#: ``quality:VALUE`` is short for the extraction-quality field.
QUALITY_FIELD = "claim_quality"


@dataclass(frozen=True, slots=True)
class Selector:
    """One ``--only`` selector: a kind, and for ``label`` the field and its stored value."""

    kind: str  # "needs-adjudication", "unannotated" or "label"
    field: str = ""
    value: str = ""

    def __str__(self) -> str:
        if self.kind != "label":
            return self.kind
        name = "quality" if self.field == QUALITY_FIELD else self.field
        return f"{name}:{self.value}"


def parse_selectors(values: Iterable[str], schema: LabelSchema | None = None) -> list[Selector]:
    """``--only`` values (each may be a comma list) as selectors; ``InputError`` if one is bad."""
    schema = schema or active_schema()
    fields = {f.name: f for f in schema.aggregated}
    out: list[Selector] = []
    for raw in values:
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            selector = _one(part, fields)
            if selector not in out:
                out.append(selector)
    if not out:
        raise InputError("--only: no selector given")
    return out


def _one(part: str, fields: Mapping[str, object]) -> Selector:
    if part in (NEEDS_ADJUDICATION, UNANNOTATED):
        return Selector(part)
    name, sep, value = part.partition(":")
    name = QUALITY_FIELD if name == "quality" else name
    known = ", ".join(
        [NEEDS_ADJUDICATION, UNANNOTATED, "quality:VALUE"]
        + [f"{n}:VALUE" for n in fields if n != QUALITY_FIELD]
    )
    if not sep or name not in fields:
        raise InputError(f"--only {part!r}: not a selector; use one of {known}")
    names = active_schema().choice(name).names
    if value not in names:
        raise InputError(
            f"--only {part!r}: {value!r} is not a value of {name}; use one of {', '.join(names)}"
        )
    return Selector("label", name, value)


@dataclass(frozen=True, slots=True)
class EarlierAnswer:
    """One live answer of an earlier round, as a review task shows it."""

    annotator: str  # pseudonym
    round: int
    labels: Mapping[str, str | None]  # aggregated field -> stored value (None: not given)


@dataclass(slots=True)
class ReviewRound:
    """The claims of a review round, in queue order, with what their tasks show."""

    number: int  # 2, 3...
    selectors: list[Selector]
    #: claim_id -> its earlier answers (ordered: the push keeps this order for the queue)
    claims: dict[str, list[EarlierAnswer]] = field(default_factory=dict)
    seeded_from: str = "workspace"  # "workspace" or "dataset"

    def earlier_text(self, claim_id: str) -> str:
        """The read-only line of a claim's task (``data.earlier_verdicts``)."""
        return earlier_verdicts_text(self.claims.get(claim_id, []))


def earlier_verdicts_text(
    answers: Sequence[EarlierAnswer], schema: LabelSchema | None = None
) -> str:
    """``annotator-3f2a…: Supported, extraction Wrong span or values (round 1) · ...``.

    Choice labels as annotators see them on the page; pseudonyms only.
    """
    schema = schema or active_schema()
    if not answers:
        return "No earlier answers: nobody has annotated this claim yet."
    parts = []
    for answer in answers:
        shown = []
        for f in schema.aggregated:
            value = answer.labels.get(f.name)
            alias = {c.value: c.alias for c in f.choices}.get(value or "", "no answer")
            shown.append(alias if f.name == schema.agreement_field else f"{_short(f.name)} {alias}")
        parts.append(f"{answer.annotator}: {', '.join(shown)} (round {answer.round})")
    return " · ".join(parts)


def _short(name: str) -> str:
    return "extraction" if name == QUALITY_FIELD else name.replace("_", " ")
