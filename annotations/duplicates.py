"""One task per claim in a Label Studio project, kept so through the server alone.

Two pushes of one workspace at once (two people, or a re-run while a slow push still runs) both
list the project before either imports, so both import the same claims. No lock can prevent
that: two machines share only the Label Studio server. So every push ends by repairing instead:
it lists the project's tasks by ``claim_id`` (one paged listing, four small fields per task) and
deletes the extra tasks of each claim. Every pusher applies the same rule, so all of them
converge on the same survivor:

- the survivor is the claim's lowest task id that has annotations, else its lowest task id;
- the other tasks are deleted only if they have no annotation (submitted or skipped) and no
  draft, and that condition is checked by the server in the delete request itself (a Data
  Manager ``delete_tasks`` action restricted to the chosen ids *and* filtered on "no annotations,
  no draft"), not by this client after its listing: a task annotated meanwhile is left alone;
- a claim whose annotations sit on several tasks keeps them all and is reported. Moving an
  annotation would give it a new id, creation time and author field (the API cannot keep them),
  which the dataset's provenance and agreement figures rest on; a report loses nothing and the
  export keeps every task id it sees for the claim, so ``claimset check`` flags the claim.

Why concurrent repairs cannot delete the last task of a claim: a pusher deletes the lowest task
only when it saw a higher one annotated; that task stays annotated (annotations are not removed
by a push), so any other pusher's delete of it is refused by the server's filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotations.busy import retry_busy
from annotations.client import LabelStudioClient, task_filter, tasks_after
from annotations.paging import windowed_tasks
from claims.errors import ServerError

LIST_PAGE_SIZE = 1000
#: Task ids per delete request (the ids travel in the request body).
DELETE_CHUNK = 500
#: What the listing asks for: enough to group by claim and see annotations, nothing more.
SCAN_FIELDS = "id,meta,total_annotations,cancelled_annotations"
#: The server-side guard of every delete: no annotation of any kind, no draft.
UNTOUCHED = {
    "conjunction": "and",
    "items": [
        task_filter("annotations_ids", "empty", "String", True),
        task_filter("draft_exists", "equal", "Boolean", False),
    ],
}


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task as the scan sees it: its id and whether it has annotations."""

    id: int
    annotated: bool


#: ``claim_id -> tasks`` in id order.
ProjectClaims = dict[str, list[TaskRef]]


@dataclass
class Repair:
    """What a repair did: tasks deleted, and claims still on several tasks (with their ids)."""

    removed: int = 0
    kept: list[tuple[str, list[int]]] = field(default_factory=list)


def list_tasks(
    client: LabelStudioClient, project_id: int, *, include: str, after_id: int = 0
) -> Iterator[dict[str, Any]]:
    """Every task of a project with an id above ``after_id``, in id order, with ``include``.

    Keyset pagination (``id > last id``) in id windows (``annotations.paging``): tasks added or
    deleted meanwhile cannot shift a page and hide a task, and a page costs the server the same
    at any project size.
    """

    def get(path: str, **params: Any) -> Any:
        return retry_busy(client.get, path, **params)

    fields = include if "id" in include.split(",") else f"id,{include}"
    for page in windowed_tasks(
        client,
        project_id,
        params={"fields": "task_only", "include": fields},
        page_size=LIST_PAGE_SIZE,
        after_id=after_id,
        get=get,
    ):
        yield from page


def _annotated(task: dict[str, Any]) -> bool:
    return bool(task.get("total_annotations") or task.get("cancelled_annotations"))


@dataclass
class Extent:
    """How many tasks a scan saw in the project, and the highest task id among them."""

    tasks: int = 0
    max_id: int = 0


def scan(client: LabelStudioClient, project_id: int, extent: Extent | None = None) -> ProjectClaims:
    """``claim_id -> tasks`` of every claimset task of the project (one paged listing).

    Tasks imported another way carry their ``claim_id`` only in ``data``: a second listing
    reads those, only when such tasks exist. ``extent``, if given, receives the number of
    tasks listed (of any kind) and the highest id.
    """
    found: ProjectClaims = {}
    unlabelled = False
    seen = extent if extent is not None else Extent()
    for task in list_tasks(client, project_id, include=SCAN_FIELDS):
        seen.tasks += 1
        seen.max_id = max(seen.max_id, int(task["id"]))
        claim_id = (task.get("meta") or {}).get("claim_id")
        if claim_id:
            found.setdefault(str(claim_id), []).append(TaskRef(int(task["id"]), _annotated(task)))
        else:
            unlabelled = True
    if unlabelled:
        for task in list_tasks(client, project_id, include=f"{SCAN_FIELDS},data"):
            if (task.get("meta") or {}).get("claim_id"):
                continue
            claim_id = (task.get("data") or {}).get("claim_id")
            if claim_id:
                ref = TaskRef(int(task["id"]), _annotated(task))
                found.setdefault(str(claim_id), []).append(ref)
        for tasks in found.values():
            tasks.sort(key=lambda t: t.id)
    return found


def tasks_above(client: LabelStudioClient, project_id: int, after_id: int) -> int:
    """How many tasks of the project have an id above ``after_id`` (one small request)."""
    body = retry_busy(
        client.get,
        "/api/tasks/",
        project=project_id,
        fields="task_only",
        include="id",
        page=1,
        page_size=1,
        query=tasks_after(after_id),
    )
    return int(body.get("total") or 0)


def plan(claims: ProjectClaims) -> tuple[list[int], list[tuple[str, list[int]]]]:
    """``(task ids to delete, claims that keep several tasks)`` by the survivor rule."""
    delete: list[int] = []
    kept: list[tuple[str, list[int]]] = []
    for claim_id, tasks in claims.items():
        if len(tasks) < 2:
            continue
        annotated = [t.id for t in tasks if t.annotated]
        survivor = annotated[0] if annotated else tasks[0].id
        delete.extend(t.id for t in tasks if t.id != survivor and not t.annotated)
        if len(annotated) > 1:
            kept.append((claim_id, annotated))
    return sorted(delete), sorted(kept)


def delete_untouched(client: LabelStudioClient, project_id: int, task_ids: list[int]) -> int:
    """Delete those of ``task_ids`` that have no annotation and no draft; return how many.

    The server applies the filter in the request that deletes, so a task annotated after the
    caller's listing survives.
    """
    deleted = 0
    for i in range(0, len(task_ids), DELETE_CHUNK):
        chunk = task_ids[i : i + DELETE_CHUNK]
        if not chunk:  # an empty selection would mean "every task" to the server
            continue
        body = {"selectedItems": {"all": False, "included": chunk}, "filters": UNTOUCHED}
        answer = retry_busy(
            client.post, "/api/dm/actions", body, id="delete_tasks", project=project_id
        )
        done = int((answer or {}).get("processed_items") or 0)
        if done > len(chunk):
            raise ServerError(
                f"Label Studio at {client.url} deleted {done} tasks when asked for at most "
                f"{len(chunk)}: stop pushing to project {project_id} and check it"
            )
        deleted += done
    return deleted


def repair(client: LabelStudioClient, project_id: int, claims: ProjectClaims) -> Repair:
    """Leave each claim on one task where no annotation forbids it (see the module docstring).

    When the server refuses some deletes (a task was annotated, drafted or deleted by another
    pusher meanwhile), the project is listed again and the rule applied once more, so the
    report says what is really left.
    """
    result = Repair()
    for _ in range(2):
        delete, kept = plan(claims)
        result.kept = kept
        if not delete:
            return result
        done = delete_untouched(client, project_id, delete)
        result.removed += done
        if done == len(delete):
            return result
        claims = scan(client, project_id)
    result.kept = several_tasks((cid, t.id) for cid, ts in claims.items() for t in ts)
    return result


def several_tasks(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    """The claims found on more than one task, with their task ids, from ``(claim, task)``."""
    tasks: dict[str, set[int]] = {}
    for claim_id, task_id in pairs:
        tasks.setdefault(claim_id, set()).add(task_id)
    return sorted((cid, sorted(ids)) for cid, ids in tasks.items() if len(ids) > 1)
