"""The ``claim_tasks`` rule: the annotations of a claim come from one Label Studio task.

A claim on two tasks happens when two pushes imported it at once and both copies got annotated:
the export keeps every annotation in the claim's row, but the annotators saw different tasks,
so the dataset should not pass as clean until someone resolves it in Label Studio. Read from
``provenance.label_studio.task_ids`` (the export lists every task a claim's annotations came
from) and, independently, from the ``task_id`` of the ``annotations`` config rows, so a claim is
caught even when its provenance was written by an older build or edited.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from export.check.arrays import pc
from export.check.engine import Emitter, Options, RuleUnavailable, Where
from export.check.source import DatasetSource

HINT = "delete the extra task in Label Studio (after keeping what you need), pull, export again"


def check_claim_tasks(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """No claim with annotations from two or more Label Studio tasks."""
    flagged: set[str] = set()
    if ds.parts_of("claims"):
        claims = ds.stack("claims")
        try:
            lists = claims.child("provenance.label_studio.task_ids")
        except RuleUnavailable:  # a dataset built before task_ids: the annotations tell
            lists = None
        if lists is not None:
            lengths = pc.list_value_length(lists).fill_null(0).to_numpy(zero_copy_only=False)
            bad = np.asarray(lengths > 1)
            ids = claims.column("claim_id")
            flagged.update(ids.filter(pa.array(bad)).to_pylist())
            claims.emit(out, "several", bad, lambda i: _message(lists[i].as_py()))
    if ds.parts_of("annotations"):
        for claim_id, task_ids in _several_in_annotations(ds.stack("annotations").table):
            if claim_id not in flagged:
                out.add(
                    "several",
                    _message(task_ids),
                    where=Where("annotations"),
                    claim_id=claim_id,
                )


def _several_in_annotations(table: pa.Table) -> list[tuple[str, list[int]]]:
    """``(claim_id, task ids)`` of claims whose ``annotations`` rows name several tasks."""
    if "claim_id" not in table.column_names or "task_id" not in table.column_names:
        return []
    pairs = pa.table({"claim_id": table["claim_id"], "task_id": table["task_id"]})
    tasks = pairs.drop_null().group_by("claim_id").aggregate([("task_id", "distinct")])
    several = pc.greater(pc.list_value_length(tasks["task_id_distinct"]), 1)
    found = tasks.filter(several)
    return [
        (str(c), sorted(t))
        for c, t in zip(
            found["claim_id"].to_pylist(), found["task_id_distinct"].to_pylist(), strict=True
        )
    ]


def _message(task_ids: list[int]) -> str:
    ids = ", ".join(map(str, task_ids))
    return f"annotated on {len(task_ids)} Label Studio tasks ({ids}): {HINT}"
