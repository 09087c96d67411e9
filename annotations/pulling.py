"""``claimset annotate pull``: a project's live annotations into ``WORKDIR/annotations.jsonl``.

It pages through the tasks API (never one export request, which times out on large projects)
with keyset pagination (``id > last id``, so tasks changing during the pull cannot shift a page
and be skipped). The first pull fetches every annotated task; later pulls fetch only the tasks
whose ``updated_at`` is later than the previous pull's start (Label Studio bumps a task's
``updated_at`` whenever one of its annotations is created, updated or deleted). Each fetched
task's annotations replace what the file held for it, so an updated annotation replaces its old
version and a deleted one disappears. Whole deleted tasks are detected by counting the
annotated tasks on the server; only when the count disagrees are their ids listed.

A claim whose annotations come from several tasks (two pushes at once imported it twice, and
both copies were annotated) is reported in ``duplicate_tasks``: its records keep their own
``task_id``, so nothing is merged or lost.

A pull that finds nothing changed (no task updated since the cursor, the same number of annotated
tasks, and ``annotations.jsonl`` still the file the last pull wrote: same size and modification
time as recorded in the cursor) neither reads nor rewrites the file: four small requests and no
work proportional to the project, so it stays well under a second at 100,000 tasks.

One file holds every project the workspace was pulled from (a first round and its review
rounds, ``annotations.rounds``): a pull replaces only the records of its own project and keeps
the others' as they are; each project has its own cursor.

The file is replaced atomically, then the cursor is saved: stopped anywhere, the previous file is
intact and the next run completes (at worst re-fetching a few tasks).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from annotations.client import (
    LabelStudioClient,
    connect,
    require_project,
    task_filter,
    tasks_after,
)
from annotations.config import validate_config
from annotations.duplicates import several_tasks
from annotations.model import Annotation
from annotations.paging import window_query, windowed_tasks
from annotations.state import annotator_salt, read_cursor, write_cursor
from annotations.wire import WireError, annotations_from_task
from claims.errors import InputError
from claims.wording import plural
from claims.workspace import ANNOTATIONS, WorkspaceError, read_jsonl, write_jsonl

#: ``progress(tasks_fetched, tasks_to_fetch)`` after each page.
Progress = Callable[[int, int], None]

PAGE_SIZE = 1000
#: The task and annotation fields a pull reads. ``include`` filters the nested annotations too,
#: and leaves out the predictions, drafts and data-manager columns: five times faster than
#: ``fields=all`` alone on Label Studio 1.23 (see ``benchmarks/labelstudio.py``).
PULL_FIELDS = (
    "id,data,project,annotations,result,completed_by,was_cancelled,created_at,updated_at,lead_time"
)
#: Label Studio's data-manager datetime filter format (it rejects anything else).
LS_DATETIME = "%Y-%m-%dT%H:%M:%S.%fZ"
#: The cursor is the server's ``Date`` header of the first answer of a pull: truncated to the
#: second, so it is never later than the moment the task listing starts; every change made
#: after that (even during the pull) has a later ``updated_at`` and is read by the next pull.
MARGIN = timedelta(milliseconds=1)


@dataclass
class PullReport:
    """What a pull did, for the CLI and for callers."""

    project_id: int
    project: str
    path: str
    annotations: int  # records now in annotations.jsonl
    cancelled: int  # of which skipped tasks (was_cancelled)
    full: bool  # a full pull (no usable cursor) rather than an incremental one
    tasks_fetched: int  # tasks read with their annotations by this run
    fetched: int  # annotations read by this run
    removed: int  # annotations dropped because they were deleted in Label Studio
    requests: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (task_id, reason)
    #: claims annotated on more than one task: (claim_id, task ids)
    duplicate_tasks: list[tuple[str, list[int]]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def live(self) -> int:
        """Annotations that count (records in annotations.jsonl that are not skips)."""
        return self.annotations - self.cancelled

    def counts(self) -> str:
        """``10 annotations and 1 skip``: the same count the dataset card gives."""
        return f"{plural(self.live, 'annotation')} and {plural(self.cancelled, 'skip')}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``--json``): ``annotations`` counts records, skips included."""
        return {**asdict(self), "live": self.live}


def _query(since: str | None, after_id: int) -> str:
    """Tasks after ``after_id``: annotated ones (full pull) or changed ones (incremental)."""
    if since is None:
        return tasks_after(after_id, task_filter("annotations_ids", "empty", "String", False))
    return tasks_after(after_id, task_filter("updated_at", "greater", "Datetime", since))


def _filters(since: str | None) -> tuple[dict[str, Any], ...]:
    """Annotated tasks (full pull) or tasks changed since ``since`` (incremental)."""
    if since is None:
        return (task_filter("annotations_ids", "empty", "String", False),)
    return (task_filter("updated_at", "greater", "Datetime", since),)


def changed_tasks(
    client: LabelStudioClient,
    project_id: int,
    *,
    since: str | None,
    progress: Progress | None = None,
) -> Iterator[dict[str, Any]]:
    """The tasks to re-read, with their annotations, in id order.

    Pages bounded by id windows (``annotations.paging``): the server's per-page counts then
    cover one window, not the rest of the project, and a pull's time per task stays flat.
    """
    done, total = 0, 0
    if progress is not None:  # one count, only for a display
        total = _count(client, project_id, _filters(since))
    pages = windowed_tasks(
        client,
        project_id,
        params={"fields": "all", "include": PULL_FIELDS},
        filters=_filters(since),
        page_size=PAGE_SIZE,
    )
    for tasks in pages:
        yield from tasks
        done += len(tasks)
        if progress is not None:
            progress(done, max(total, done))


def _count(client: LabelStudioClient, project_id: int, filters: tuple[dict[str, Any], ...]) -> int:
    """How many tasks match ``filters`` (one request of one task)."""
    query = window_query(0, None, filters)
    body = client.get(
        "/api/tasks/", project=project_id, fields="task_only", include="id", page=1,
        page_size=1, query=query,
    )  # fmt: skip
    return int(body.get("total") or 0)


def annotated_task_ids(client: LabelStudioClient, project_id: int) -> set[int]:
    """Ids of every task that has annotations (submitted or cancelled), light listing."""
    ids: set[int] = set()
    after_id = 0
    while True:
        body = client.get(
            "/api/tasks/",
            project=project_id,
            fields="task_only",
            include="id",
            page=1,
            page_size=5000,
            query=_query(None, after_id),
        )
        tasks = body.get("tasks") or []
        ids.update(int(t["id"]) for t in tasks)
        if len(tasks) < 5000:
            return ids
        after_id = int(tasks[-1]["id"])


def _tiny_count(client: LabelStudioClient, project_id: int, since: str | None) -> tuple[int, bool]:
    """``(total, any task on the page)`` of the pull query: one tiny request."""
    body = client.get(
        "/api/tasks/",
        project=project_id,
        fields="task_only",
        include="id",
        page=1,
        page_size=1,
        query=_query(since, 0),
    )
    return int(body.get("total") or 0), bool(body.get("tasks"))


def count_annotated(client: LabelStudioClient, project_id: int) -> int:
    """How many tasks have annotations (one tiny request)."""
    return _tiny_count(client, project_id, None)[0]


def _previous(path: Path, project_id: int) -> tuple[dict[int, list[Annotation]], list[Annotation]]:
    """The file's annotations of ``project_id`` by task, and every other project's records.

    A damaged file seeds nothing (the pull is then a full one of this project); its records
    are not kept either, as before: a pull rewrites the file it cannot read.
    """
    by_task: dict[int, list[Annotation]] = {}
    others: list[Annotation] = []
    if not path.exists():
        return by_task, others
    try:
        for _, record in read_jsonl(path):
            annotation = Annotation.from_dict(record)
            if annotation.project_id != project_id:
                others.append(annotation)
            else:
                by_task.setdefault(annotation.task_id, []).append(annotation)
    except (WorkspaceError, TypeError):
        return {}, []
    return by_task, others


def _server_now(client: LabelStudioClient, project_id: int) -> tuple[dict[str, Any], datetime]:
    """The project (with its labeling config) and the server's clock from the same answer."""
    response = client.request("GET", f"/api/projects/{project_id}/")
    date = response.headers.get("Date")
    now = parsedate_to_datetime(date).astimezone(UTC) if date else datetime.now(UTC)
    return dict(response.json()), now


def _apply_changes(
    by_task: dict[int, list[Annotation]],
    tasks: Iterator[dict[str, Any]],
    *,
    salt: str,
    project_id: int,
    report: PullReport,
) -> None:
    """Replace each fetched task's annotations in ``by_task`` (none left: the task goes)."""
    for task in tasks:
        report.tasks_fetched += 1
        task_id = int(task["id"])
        by_task.pop(task_id, None)
        try:
            fresh = list(annotations_from_task(task, salt=salt, project_id=project_id))
        except WireError as e:
            report.rejected.append((task_id, str(e)))
            continue
        report.fetched += len(fresh)
        if fresh:
            by_task[task_id] = fresh


def _drop_deleted_tasks(
    client: LabelStudioClient, project_id: int, by_task: dict[int, list[Annotation]]
) -> None:
    """Forget tasks deleted in Label Studio: one count, and a listing only if it disagrees."""
    if len(by_task) != count_annotated(client, project_id):
        live = annotated_task_ids(client, project_id)
        for task_id in [t for t in by_task if t not in live]:
            del by_task[task_id]


def pull(
    workdir: Path | str,
    *,
    project: str,
    client: LabelStudioClient | None = None,
    url: str | None = None,
    api_key: str | None = None,
    progress: Progress | None = None,
) -> PullReport:
    """Bring ``WORKDIR/annotations.jsonl`` up to date with the project titled ``project``.

    Without ``client`` the server is ``url``/``api_key``, else the environment, else the running
    ``claimset studio`` (the order of ``annotations.discovery``).
    """
    started = time.perf_counter()
    workdir = Path(workdir)
    client = client or connect(url=url, api_key=api_key, workdir=workdir)
    requests_before = client.requests
    project_id = int(require_project(client, project)["id"])
    info, server_now = _server_now(client, project_id)
    validate_config(str(info.get("label_config") or ""), project=project)
    salt = annotator_salt(workdir)
    path = workdir / ANNOTATIONS
    cursor = read_cursor(workdir, project_id)
    since_now = (server_now - MARGIN).strftime(LS_DATETIME)
    if cursor.get("since") and _unchanged(client, project_id, path, cursor):
        report = _report_unchanged(project_id, project, path, cursor)
        _refresh_binary_copy(workdir, only_if_stale=True)
        write_cursor(workdir, project_id, {**cursor, "since": since_now})
        report.requests = client.requests - requests_before
        report.seconds = round(time.perf_counter() - started, 3)
        return report
    mine, others = _previous(path, project_id)
    previous = mine if cursor.get("since") and path.exists() else None
    by_task = previous or {}
    previous_ids = {a.annotation_id for group in mine.values() for a in group}
    report = PullReport(project_id, project, str(path), 0, 0, previous is None, 0, 0, 0)
    since = None if previous is None else str(cursor["since"])
    changed = changed_tasks(client, project_id, since=since, progress=progress)
    _apply_changes(by_task, changed, salt=salt, project_id=project_id, report=report)
    if previous is not None:
        _drop_deleted_tasks(client, project_id, by_task)
    ours = [a for group in by_task.values() for a in group]
    records = sorted(
        [*others, *ours], key=lambda a: (a.project_id or 0, a.task_id, a.annotation_id)
    )
    write_jsonl(path, (a.to_dict() for a in records))
    _refresh_binary_copy(workdir)
    report.annotations = len(records)
    report.cancelled = sum(a.was_cancelled for a in records)
    report.removed = len(previous_ids - {a.annotation_id for a in ours})
    report.duplicate_tasks = several_tasks((a.claim_id, a.task_id) for a in ours)
    written = {
        "since": since_now,
        "project": project,
        "file": _file_mark(path),
        "tasks": len(by_task),
        "annotations": report.annotations,
        "cancelled": report.cancelled,
        "duplicate_tasks": report.duplicate_tasks,
    }
    write_cursor(workdir, project_id, written)
    report.requests = client.requests - requests_before
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _refresh_binary_copy(workdir: Path, *, only_if_stale: bool = False) -> None:
    """Bring ``.claimset/annotations.arrow`` and ``claims.arrow`` in step with the JSON Lines
    (the export reads them instead of decoding the JSON; ``export.binary``). Best effort:
    without a fresh copy the export parses the file itself, with the same result."""
    from export.sources import annotations_copy_is_fresh, write_annotations_copy, write_claims_copy

    try:
        write_claims_copy(workdir)  # only when stale: claims.jsonl changes with extract alone
        if not (only_if_stale and annotations_copy_is_fresh(workdir)):
            write_annotations_copy(workdir)
    except InputError:  # a record the export cannot read: ``claimset export`` names it
        return


def _file_mark(path: Path) -> list[int]:
    """``[size, mtime_ns]`` of the file: what tells the file is still the one a pull wrote."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _unchanged(
    client: LabelStudioClient, project_id: int, path: Path, cursor: dict[str, Any]
) -> bool:
    """True if nothing changed since the cursor's pull, checked without reading the file."""
    try:
        if cursor.get("file") != _file_mark(path) or not isinstance(cursor.get("tasks"), int):
            return False
    except OSError:
        return False
    changed, listed = _tiny_count(client, project_id, str(cursor["since"]))
    if changed or listed:
        return False
    return count_annotated(client, project_id) == cursor["tasks"]


def _report_unchanged(
    project_id: int, project: str, path: Path, cursor: dict[str, Any]
) -> PullReport:
    """The report of a pull that found nothing changed: the figures the cursor recorded."""
    report = PullReport(
        project_id, project, str(path), int(cursor.get("annotations") or 0),
        int(cursor.get("cancelled") or 0), False, 0, 0, 0,
    )  # fmt: skip
    report.duplicate_tasks = [
        (str(claim), [int(t) for t in tasks])
        for claim, tasks in cursor.get("duplicate_tasks") or []
    ]
    return report
