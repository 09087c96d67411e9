"""The ``tasks`` rule: one Label Studio task per claim, one claim per task.

A push that raced another one can leave two tasks for one claim (the export then merges their
annotations into one row), and an edited dataset can point two claims at one task. Both are seen
in the data: each claim's ``provenance.label_studio`` names its task (project and task id), and
each row of config ``annotations`` names the task its annotation was made in. So:

- ``tasks.shared``: two claims whose provenance names the same task (one task for two
  claims); in a workspace (no provenance), annotation rows of one task that belong to
  different claims;
- ``tasks.several``: a claim annotated in more than one task (two tasks for one claim), seen in
  its ``provenance.label_studio.task_ids`` (every task the export saw its annotations come from)
  and, independently, in its rows of config ``annotations`` (so an older build's dataset or an
  edited provenance is caught too);
- ``tasks.provenance``: an annotation row whose task is not the one its claim's provenance
  names (reported only for claims with a single task; ``tasks.several`` covers the others).

Review rounds (``round`` 2, 3... of an annotation row) are other projects: a claim has one task
per round, so tasks are compared within a round, and ``provenance.label_studio`` names the task
of the claim's first round (``provenance.adjudication`` the review's).

The copies of the annotations nested in ``claims`` carry no task id.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from export.check.arrays import BoolArray, IntArray, ints, pc
from export.check.engine import Emitter, Options, RuleUnavailable
from export.check.report import clip
from export.check.source import DatasetSource, Stack

SEVERAL_HINT = "delete the extra task in Label Studio (after keeping what you need), pull, export"


def check_tasks(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """No task shared by two claims; no claim annotated in two tasks; provenance names the task."""
    if not ds.parts_of("claims"):
        return
    claims = ds.stack("claims")
    project, task = _provenance_task(claims)
    if task is not None:
        _shared(out, claims, project, task)
    listed = _several_listed(claims)
    if listed is not None:
        _emit_listed(out, claims, listed)
    if not ds.parts_of("annotations"):
        return
    ann = ds.stack("annotations")
    if "task_id" not in ann.table.column_names:
        return
    owner = ds.lookup("annotations", "claim_id", "claims", "claim_id")
    ann_task = ints(ann.column("task_id"), null=-1)
    ann_project = _ints_or(ann, "project_id")
    ann_round = _ints_or(ann, "round")  # -1: a dataset built before rounds
    if task is None:  # a workspace: its annotation rows are all that names the tasks
        _shared_by_annotations(out, ann, owner, ann_project, ann_task)
    scope = np.maximum(ann_project, 0) * 1_000_003 + ann_round  # equal: same project and round
    several = _several(out, claims, owner, scope, ann_task, listed)
    if task is not None:
        first = _first_round(owner, ann_round, claims.table.num_rows)
        # later rounds' rows name the review's task: not compared with label_studio's
        _provenance_mismatch(out, ann, np.where(first, owner, -1), ann_task, task, several)


def _several_listed(claims: Stack) -> BoolArray | None:
    """Claims whose ``provenance.label_studio.task_ids`` lists several tasks (None: no field)."""
    try:
        lists = claims.child("provenance.label_studio.task_ids")
    except RuleUnavailable:  # a dataset built before task_ids: the annotation rows tell
        return None
    lengths = pc.list_value_length(lists).fill_null(0).to_numpy(zero_copy_only=False)
    return np.asarray(lengths > 1)


def _emit_listed(out: Emitter, claims: Stack, listed: BoolArray) -> None:
    lists = claims.child("provenance.label_studio.task_ids")

    def message(i: int) -> str:
        ids = lists[i].as_py()
        return (
            f"annotated in {len(ids)} Label Studio tasks ({', '.join(map(str, ids))}): two "
            f"tasks for one claim; {SEVERAL_HINT}"
        )

    claims.emit(out, "several", listed, message)


def _provenance_task(claims: Stack) -> tuple[IntArray, IntArray | None]:
    """Each claim's ``(project_id, task_id)`` from its provenance (-1 for null; None: no field)."""
    n = claims.table.num_rows
    try:
        task = ints(claims.child("provenance.label_studio.task_id"), null=-1)
    except RuleUnavailable:  # the provenance rule reports the missing field
        return np.full(n, -1, dtype=np.int64), None
    try:
        project = ints(claims.child("provenance.label_studio.project_id"), null=-1)
    except RuleUnavailable:
        project = np.full(n, -1, dtype=np.int64)
    return project, task


def _ints_or(stack: Stack, column: str) -> IntArray:
    if column not in stack.table.column_names:
        return np.full(stack.table.num_rows, -1, dtype=np.int64)
    return ints(stack.column(column), null=-1)


def _shared(out: Emitter, claims: Stack, project: IntArray, task: IntArray) -> None:
    """Claims whose provenance names a task another claim's provenance names too."""
    rows = np.flatnonzero(task >= 0)
    order = rows[np.lexsort((task[rows], project[rows]))]
    eq = (task[order][1:] == task[order][:-1]) & (project[order][1:] == project[order][:-1])
    if not eq.any():
        return
    partner = np.full(len(task), -1, dtype=np.int64)
    partner[order[1:][eq]] = order[:-1][eq]
    partner[order[:-1][eq]] = order[1:][eq]
    ids = claims.column("claim_id")
    claims.emit(
        out,
        "shared",
        partner >= 0,
        lambda i: (
            f"Label Studio task {task[i]} (project {project[i]}) is also the task of claim "
            f"{clip(ids[int(partner[i])].as_py())}: one task for two claims"
        ),
    )


def _shared_by_annotations(
    out: Emitter, ann: Stack, owner: IntArray, project: IntArray, task: IntArray
) -> None:
    """Annotation rows whose task also holds annotations of another claim.

    A workspace has no provenance: this is how it shows one task for two claims.
    """
    rows = np.flatnonzero((owner >= 0) & (task >= 0))
    order = rows[np.lexsort((owner[rows], task[rows], project[rows]))]
    p, t, c = project[order], task[order], owner[order]
    start = np.flatnonzero(np.concatenate([[True], (p[1:] != p[:-1]) | (t[1:] != t[:-1])]))
    end = np.concatenate([start[1:], [len(order)]]) - 1
    mixed = c[start] != c[end]  # sorted by claim within a task: first != last means several
    bad = np.zeros(len(task), dtype=bool)
    bad[order[np.repeat(mixed, end - start + 1)]] = True
    ids: pa.Array = ann.column("annotation_id")
    ann.emit(
        out,
        "shared",
        bad,
        lambda i: (
            f"annotation {ids[i].as_py()} was made in task {task[i]} (project {project[i]}), "
            "which holds annotations of another claim too: one task for two claims"
        ),
    )


def _several(
    out: Emitter,
    claims: Stack,
    owner: IntArray,
    project: IntArray,
    task: IntArray,
    listed: BoolArray | None,
) -> BoolArray:
    """Claims whose rows in config ``annotations`` name more than one task; returns the mask
    (claims already reported from their provenance's ``task_ids`` are not reported twice)."""
    several = np.zeros(claims.table.num_rows, dtype=bool)
    rows = np.flatnonzero((owner >= 0) & (task >= 0))
    if len(rows) == 0:
        return several
    # every row known (the usual case): the columns themselves, without gathering copies
    every = len(rows) == len(owner)
    own, scope = (owner, project) if every else (owner[rows], project[rows])
    # ``project`` is the scope within which a claim has one task (project and round)
    if (np.diff(own) >= 0).all() and (scope == scope[0]).all():
        # the exporter's order (grouped by claim already), one scope
        claim, t = own, task if every else task[rows]
        change = (claim[1:] == claim[:-1]) & (t[1:] != t[:-1])
    else:
        order = rows[np.lexsort((task[rows], scope, own))]
        claim, t, p = owner[order], task[order], project[order]
        change = (claim[1:] == claim[:-1]) & (p[1:] == p[:-1]) & (t[1:] != t[:-1])
    several[claim[1:][change]] = True

    def message(i: int) -> str:
        tasks = sorted(set(task[owner == i].tolist()))
        shown = ", ".join(str(t) for t in tasks[:5]) + (", ..." if len(tasks) > 5 else "")
        return (
            f"the claim's rows in config 'annotations' come from {len(tasks)} Label Studio "
            f"tasks ({shown}): two tasks for one claim; {SEVERAL_HINT}"
        )

    new = several if listed is None else several & ~listed
    claims.emit(out, "several", new, message)
    return several if listed is None else several | listed


def _first_round(owner: IntArray, rounds: IntArray, n_claims: int) -> BoolArray:
    """The annotation rows of their claim's earliest round."""
    if len(rounds) == 0 or rounds.min() == rounds.max():  # one round: every row is its first
        return np.asarray(owner >= 0)
    slot = np.where(owner >= 0, owner, n_claims)
    low = np.full(n_claims + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(low, slot, rounds)
    return np.asarray((owner >= 0) & (rounds == low[slot]))


def _provenance_mismatch(
    out: Emitter,
    ann: Stack,
    owner: IntArray,
    ann_task: IntArray,
    claim_task: IntArray,
    several: BoolArray,
) -> None:
    """Annotation rows of a single-task claim whose task is not its provenance's."""
    known = (owner >= 0) & (ann_task >= 0)
    stated = np.where(known, claim_task[np.maximum(owner, 0)], -1)
    bad = known & (stated >= 0) & (ann_task != stated) & ~several[np.maximum(owner, 0)]
    ids: pa.Array = ann.column("annotation_id")
    ann.emit(
        out,
        "provenance",
        bad,
        lambda i: (
            f"annotation {ids[i].as_py()} was made in task {ann_task[i]} but its claim's "
            f"provenance.label_studio.task_id is {stated[i]}"
        ),
    )
