"""Seeding a review round: the claims an ``--only`` selection picks, with their earlier answers.

The selection is made on the figures the dataset has (or would have): from the workspace, the
pulled annotations aggregated exactly as ``claimset export`` aggregates them
(``export.rows.aggregates``, the adjudicators of ``config.json`` included); from an exported
dataset directory, its ``claims`` config as written. Both give one table of the same columns
(claim id, the aggregated labels, ``num_annotations``, ``needs_adjudication`` and the
``annotations`` list), so a workspace and the dataset exported from it select the same claims.

The round number is one more than the latest round in that source (2 after a first round).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as _compute
import pyarrow.parquet as pq

from annotations.rounds import EarlierAnswer, ReviewRound, Selector
from annotations.schema import active_schema
from claims.errors import InputError
from export.annotation_store import AnnotationStore, ClaimPositions
from export.layout import MARKER, split_files
from export.rows import aggregates, annotations_list
from export.sources import (
    iter_annotation_batches,
    iter_claim_batches,
    iter_claim_key_batches,
    read_adjudicators,
)

#: ``pyarrow.compute`` typed loosely: its kernels are generated at import time.
pc: Any = _compute


def _columns() -> list[str]:
    names = list(active_schema().aggregated_names)
    return ["claim_id", *names, "num_annotations", "needs_adjudication", "annotations"]


def workspace_view(workdir: Path) -> pa.Table:
    """The selection columns of every workspace claim, aggregated as the export does."""
    ids = [b["id"].filter(b["id"].is_valid()) for b in iter_claim_key_batches(workdir)]
    if not ids or not sum(len(i) for i in ids):
        raise InputError(f"{workdir}: the workspace has no claims; run `claimset extract` first")
    positions = ClaimPositions(pa.chunked_array(ids, pa.string()).combine_chunks())
    adjudicators = read_adjudicators(workdir)
    tables = []
    with tempfile.TemporaryDirectory(prefix="claimset-round-") as scratch:
        store = AnnotationStore(
            iter_annotation_batches(workdir), positions, Path(scratch) / "annotations"
        )
        try:
            for batch in iter_claim_batches(workdir):
                claim_ids = batch["id"].filter(batch["id"].is_valid())
                if not len(claim_ids):
                    continue
                ann, offsets = store.rows_for(claim_ids, positions.lookup(claim_ids))
                tables.append(_view_table(claim_ids, ann, offsets, adjudicators))
        finally:
            store.close()
    return pa.concat_tables(tables)


def _view_table(
    ids: pa.Array, ann: pa.Table, offsets: Any, adjudicators: tuple[str, ...]
) -> pa.Table:
    """One claim batch's selection columns."""
    agg = aggregates(ann, offsets, adjudicators)
    columns: dict[str, Any] = {
        "claim_id": ids,
        **{name: pa.array(a.label, pa.int64()) for name, a in agg.fields.items()},
        "num_annotations": pa.array(agg.num_annotations, pa.int64()),
        "needs_adjudication": pa.array(agg.needs_adjudication, pa.bool_()),
        "annotations": annotations_list(ann, offsets),
    }
    return pa.table({n: columns[n] for n in _columns()})


def dataset_view(directory: Path) -> pa.Table:
    """The selection columns of an exported dataset's ``claims`` config (every split)."""
    if not (directory / MARKER).is_file():
        raise InputError(
            f"{directory}: not a dataset directory written by `claimset export` (no {MARKER})"
        )
    files = split_files(directory, "claims")
    if not files:
        raise InputError(f"{directory}: the dataset has no claims files (data/claims/)")
    tables = []
    for path in files.values():
        try:
            table = pq.read_table(path, columns=_columns())
        except (OSError, ValueError, KeyError) as e:
            raise InputError(f"{path}: not a readable claims file ({e})") from None
        tables.append(table.replace_schema_metadata(None))
    return pa.concat_tables(tables, promote_options="permissive")


def _mask(view: pa.Table, selectors: Sequence[Selector]) -> np.ndarray:
    """Rows any selector picks."""
    schema = active_schema()
    picked = np.zeros(view.num_rows, dtype=bool)
    for s in selectors:
        if s.kind == "needs-adjudication":
            column = view["needs_adjudication"].fill_null(False)
            picked |= column.to_numpy(zero_copy_only=False).astype(bool)
        elif s.kind == "unannotated":
            picked |= view["num_annotations"].fill_null(0).to_numpy() == 0
        else:
            code = schema.choice(s.field).names.index(s.value)
            picked |= view[s.field].fill_null(-1).to_numpy() == code
    return picked


def _answers(items: list[dict[str, Any]]) -> list[EarlierAnswer]:
    """The live answers of one claim's ``annotations`` list, as a review task shows them."""
    schema = active_schema()
    out = []
    for item in items:
        if item.get("was_cancelled"):
            continue
        labels = {}
        for f in schema.aggregated:
            code = item.get(f.name)
            labels[f.name] = f.names[code] if isinstance(code, int) and code >= 0 else None
        out.append(EarlierAnswer(str(item["annotator"]), int(item.get("round") or 1), labels))
    return out


def _latest_round(view: pa.Table) -> int:
    items = view["annotations"].combine_chunks().flatten()
    if "round" not in items.type.names or not len(items):
        return 1 if len(items) else 0
    latest = pc.max(items.field("round").fill_null(1)).as_py()
    return int(latest or 1)


def seed_review_round(
    workdir: Path, selectors: Sequence[Selector], from_dataset: Path | None = None
) -> ReviewRound:
    """The review round ``selectors`` pick from the workspace (or the dataset ``from_dataset``)."""
    view = dataset_view(Path(from_dataset)) if from_dataset else workspace_view(Path(workdir))
    picked = view.filter(pa.array(_mask(view, selectors)))
    review = ReviewRound(
        number=max(_latest_round(view), 1) + 1,
        selectors=list(selectors),
        seeded_from="dataset" if from_dataset else "workspace",
    )
    ids = picked["claim_id"].to_pylist()
    lists = picked["annotations"].to_pylist()
    for claim_id, items in zip(ids, lists, strict=True):
        review.claims[str(claim_id)] = _answers(items or [])
    return review
