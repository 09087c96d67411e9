"""Rules on computed figures: aggregates, card, coverage and agreement.

The per-claim aggregates are recomputed from the ``annotations`` list column with the exporter's
own function (``export.aggregate.aggregate_claims``) over the flat child arrays and the list
offsets; the dataset-level alpha with ``krippendorff_alpha_nominal``. A dataset whose stored
figures disagree with the recomputation was edited by hand or built by a different rule set.
"""

from __future__ import annotations

import dataclasses
import decimal
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from annotations.schema import active_schema
from export.aggregate import (
    ClaimAggregates,
    aggregate_claims,
    krippendorff_alpha_nominal,
    row_sums,
)
from export.check.arrays import bools, floats, ints, pc
from export.check.engine import Emitter, Options, RuleUnavailable, Where
from export.check.report import Severity
from export.check.source import CARD, DatasetSource, Stack


def _fields() -> tuple[str, ...]:
    """The aggregated choice fields of the active label schema."""
    return active_schema().aggregated_names


@dataclass(frozen=True, slots=True)
class Recomputed:
    """The aggregates recomputed from the annotations of every claim (all splits)."""

    claims: Stack
    agg: ClaimAggregates
    alphas: dict[str, float | None] = dataclasses.field(default_factory=dict)

    def alpha(self, field: str) -> float | None:
        """Krippendorff's alpha (nominal) of ``field`` over claims with two or more values."""
        if field not in self.alphas:
            self.alphas[field] = krippendorff_alpha_nominal(self.agg[field].counts)
        return self.alphas[field]


def recompute(ds: DatasetSource) -> Recomputed:
    """Aggregate the live annotations of every claim (cached on ``ds``)."""

    def compute() -> Recomputed:
        claims = ds.stack("claims")
        item = claims.type_of("annotations")
        names = item.value_type.names if pa.types.is_list(item) else []
        schema = active_schema()
        for needed in (*schema.aggregated_names, "was_cancelled", "annotator"):
            if needed not in names:
                raise RuleUnavailable(f"annotations[] has no field {needed!r}")
        offsets = claims.offsets("annotations")
        adjudicators = [str(a) for a in ds.claimset.get("adjudicators") or []]
        adjudicator = None
        if adjudicators:
            annotator = claims.child("annotations.annotator")
            adjudicator = bools(pc.is_in(annotator, value_set=pa.array(adjudicators)))
        n_classes = {f.name: len(f.names) for f in schema.aggregated}
        # review rounds decide (``export.aggregate``); a dataset built before rounds: round 1
        rounds = ints(claims.child("annotations.round"), null=1) if "round" in names else None
        agg = aggregate_claims(
            offsets,
            {
                name: _in_range(ints(claims.child(f"annotations.{name}")), n)
                for name, n in n_classes.items()
            },
            bools(claims.child("annotations.was_cancelled")),
            n_classes=n_classes,
            adjudicator=adjudicator,
            agreement_field=schema.agreement_field,
            rounds=rounds,
        )
        return Recomputed(claims, agg)

    return ds.cache.get("recomputed", compute)


def _in_range(labels: np.ndarray, n: int) -> np.ndarray:
    """Labels outside ``0..n-1`` as -1 (the ``labels`` rule reports them)."""
    return np.where((labels >= 0) & (labels < n), labels, -1)


def check_aggregates(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Each aggregated label, num_annotations, agreement, needs_adjudication match the data."""
    if not ds.parts_of("claims"):
        return
    r = recompute(ds)
    claims, agg = r.claims, r.agg
    expected_int = {
        **{name: a.label for name, a in agg.fields.items()},
        "num_annotations": agg.num_annotations,
    }
    for name, expected in expected_int.items():
        _compare_ints(out, claims, name, ints(claims.column(name), null=-9), expected)
    stored_flag = bools(claims.column("needs_adjudication"), null=False)
    flag = agg.needs_adjudication
    claims.emit(
        out,
        "needs_adjudication",
        stored_flag != flag,
        lambda i: f"needs_adjudication is {bool(stored_flag[i])}, recomputed: {bool(flag[i])}",
    )
    stored_agreement = floats(claims.column("agreement"))
    expected_agreement = agg.agreement
    both_nan = np.isnan(stored_agreement) & np.isnan(expected_agreement)
    close = np.isclose(stored_agreement, expected_agreement, rtol=0, atol=1e-9)
    claims.emit(
        out,
        "agreement",
        ~(both_nan | close),
        lambda i: (
            f"agreement is {_show(stored_agreement[i])}, recomputed: {_show(expected_agreement[i])}"
        ),
    )


def _compare_ints(
    out: Emitter, claims: Stack, name: str, stored: np.ndarray, expected: np.ndarray
) -> None:
    claims.emit(
        out,
        name,
        stored != expected,
        lambda i: f"{name} is {_show(stored[i])}, recomputed from annotations: {expected[i]}",
    )


def _show(value: Any) -> str:
    if isinstance(value, float | np.floating) and math.isnan(value):
        return "null"
    if isinstance(value, np.integer) and value == -9:
        return "null"
    return str(value)


def check_card(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """The card lists every file, its ``num_examples`` and agreement figures match the data."""
    card = Where(file=CARD)
    for key in ("configs", "dataset_info"):
        if key not in ds.card:
            out.add("yaml", f"the card's YAML has no {key!r}", where=card)
    for config, split, pattern in ds.missing_files:
        out.add(
            "data_files",
            f"data_files {pattern!r} matches no file",
            where=Where(config, split, CARD),
        )
    for config in ds.configs:
        _check_counts(ds, out, config)
    if not ds.claimset:
        out.add("claimset", "the card's YAML has no 'claimset:' block", where=card)
        return
    if "builder_version" not in ds.claimset:
        out.add("claimset", "the 'claimset:' block has no builder_version", where=card)
    if ds.parts_of("claims"):
        _check_agreement(ds, out)
        _check_totals(ds, out)


def _check_counts(ds: DatasetSource, out: Emitter, config: str) -> None:
    """``dataset_info.splits[].num_examples`` equal the rows of each split file."""
    info = ds.dataset_info(config)
    if info is None:
        out.add(
            "dataset_info",
            f"no dataset_info entry for config {config!r}",
            where=Where(config, file=CARD),
        )
        return
    declared = {str(s.get("name")): s.get("num_examples") for s in info.get("splits") or []}
    actual: dict[str, int] = {}
    for part in ds.parts_of(config):
        split = str(part.split)
        actual[split] = actual.get(split, 0) + part.num_rows
    for split in sorted(set(declared) | set(actual)):
        where = Where(config, split, CARD)
        if split not in actual:
            out.add(
                "num_examples", f"the card declares split {split!r} but it has no file", where=where
            )
        elif split not in declared:
            out.add(
                "num_examples",
                f"split {split!r} ({actual[split]} rows) is not in the card",
                where=where,
            )
        elif declared[split] != actual[split]:
            out.add(
                "num_examples",
                f"the card says {declared[split]} examples, the file has {actual[split]}",
                where=where,
            )


def _check_agreement(ds: DatasetSource, out: Emitter) -> None:
    """The card's Krippendorff alphas equal the ones recomputed from the annotations."""
    block = ds.claimset.get("agreement")
    where = Where("claims", file=CARD)
    if not isinstance(block, dict):
        out.add("agreement", "the 'claimset:' block has no agreement figures", where=where)
        return
    r = recompute(ds)
    for field in _fields():
        figures = block.get(field)
        if not isinstance(figures, dict) or "krippendorff_alpha" not in figures:
            out.add("agreement", f"no krippendorff_alpha for {field!r}", where=where)
            continue
        stated, actual = figures["krippendorff_alpha"], r.alpha(field)
        if not _same_figure(stated, actual):
            out.add(
                "agreement",
                f"{field} krippendorff_alpha is {stated} in the card, recomputed: {_fmt(actual)}",
                where=where,
            )
        counts = r.agg[field].counts
        pairable = counts[row_sums(counts) >= 2]
        expected = {"num_claims": len(pairable), "num_values": int(pairable.sum())}
        for key, value in expected.items():
            if key in figures and figures[key] != value:
                out.add(
                    "agreement",
                    f"{field} {key} is {figures[key]} in the card, recomputed: {value}",
                    where=where,
                )


def _check_totals(ds: DatasetSource, out: Emitter) -> None:
    """The ``claimset.counts`` figures equal the data's."""
    counts = ds.claimset.get("counts")
    if not isinstance(counts, dict):
        return
    r = recompute(ds)
    live = int(r.agg.num_annotations.sum())
    expected = {
        "claims": r.claims.table.num_rows,
        "annotations": live,
        "cancelled_annotations": int(r.claims.offsets("annotations")[-1]) - live,
        "needs_adjudication": int(r.agg.needs_adjudication.sum()),
    }
    if ds.parts_of("documents"):
        expected["documents"] = sum(p.num_rows for p in ds.parts_of("documents"))
    for key, value in expected.items():
        if key in counts and counts[key] != value:
            out.add(
                "counts",
                f"counts.{key} is {counts[key]} in the card, the data has {value}",
                where=Where(file=CARD),
            )
    splits = ds.claimset.get("splits")
    if isinstance(splits, dict):
        for config, stated in splits.items():
            actual: dict[str, int] = {}
            for part in ds.parts_of(str(config)):
                actual[str(part.split)] = actual.get(str(part.split), 0) + part.num_rows
            if isinstance(stated, dict) and stated != actual:
                out.add(
                    "counts",
                    f"splits.{config} is {stated} in the card, the files have {actual}",
                    where=Where(str(config), file=CARD),
                )


def _same_figure(stated: Any, actual: float | None) -> bool:
    """Equal up to the precision the card printed (``0.8123`` matches 0.81234...)."""
    if stated is None or actual is None:
        return stated is None and actual is None
    if not isinstance(stated, int | float) or isinstance(stated, bool):
        return False
    # The decimals the card printed, whatever the notation (YAML writes 0.000077 as 7.7e-05).
    exponent = decimal.Decimal(repr(float(stated))).as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return abs(float(stated) - actual) <= 0.5 * 10.0**-decimals + 1e-12


def _fmt(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.6f}"


def check_coverage(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """The share of claims with at least ``min_annotations`` live annotations."""
    if not ds.parts_of("claims"):
        return
    r = recompute(ds)
    n = len(r.agg.num_annotations)
    short = r.agg.num_annotations < options.min_annotations
    share = 1.0 - float(short.mean()) if n else 1.0
    k = options.min_annotations
    out.note(f"{share:.1%} of {n} claims have at least {k} live annotations")
    if not short.any():
        return
    examples = [r.claims.table["claim_id"][int(i)].as_py() for i in np.flatnonzero(short)[:3]]
    message = (
        f"{int(short.sum())} of {n} claims ({1 - share:.1%}) have fewer than {k} live "
        f"annotations (coverage {share:.1%}), e.g. {', '.join(map(str, examples))}"
    )
    if options.min_coverage is not None and share < options.min_coverage:
        out.add(
            "below_minimum",
            f"{message}; required: {options.min_coverage:.1%}",
            where=Where("claims"),
        )
    elif options.min_coverage is None:
        out.add("incomplete", message, severity=Severity.WARNING, where=Where("claims"))


def check_agreement(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Krippendorff's alpha of each label field, an error below ``min_alpha`` when given."""
    if not ds.parts_of("claims"):
        return
    r = recompute(ds)
    for field in _fields():
        alpha = r.alpha(field)
        out.note(f"{field}: Krippendorff's alpha {_fmt(alpha)}")
        if options.min_alpha is None:
            continue
        if alpha is None:
            out.add(
                "undefined",
                f"{field}: alpha is undefined (no claim with two values, or a "
                f"single class); required: {options.min_alpha}",
                where=Where("claims"),
            )
        elif alpha < options.min_alpha:
            out.add(
                "below_minimum",
                f"{field}: Krippendorff's alpha {alpha:.4f} is below the "
                f"required {options.min_alpha}",
                where=Where("claims"),
            )


__all__ = ["check_aggregates", "check_agreement", "check_card", "check_coverage"]
