"""``claimset annotate push``: the workspace's claims into a Label Studio project, once each.

Idempotent and crash-safe by construction: before importing anything, the push lists the
``claim_id`` of every task already in the project (paging through the tasks API), and imports
only the claims missing there. A batch the server stored but whose answer was lost (the server
stopped mid-request) is therefore found by the next run's listing and never imported twice.
Claims in Label Studio that are no longer in the workspace are reported, never deleted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annotations.client import LabelStudioClient, connect, find_project, tasks_after
from annotations.config import render_config
from annotations.offsets import LabelStudioOffsets
from annotations.tasks import extractor_version, task_payload
from claims.errors import InputError
from claims.model import Claim, Document
from claims.workspace import WorkspaceError, read_claims, read_documents

#: ``progress(done, total)`` after each imported batch.
Progress = Callable[[int, int], None]

LIST_PAGE_SIZE = 1000


@dataclass
class PushReport:
    """What a push did, for the CLI and for callers."""

    project_id: int
    project: str
    created_project: bool
    config_updated: bool
    claims: int  # distinct claims in the workspace
    imported: int  # tasks created by this run
    already_present: int  # claims whose task existed before this run
    stale: list[str] = field(default_factory=list)  # claim_ids in Label Studio, not in workspace
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (claim_id, reason)
    batches: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``--json``)."""
        return asdict(self)


def ensure_project(
    client: LabelStudioClient, title: str, *, annotators: int
) -> tuple[dict[str, Any], bool, bool]:
    """Find or create the project; set its labeling config and overlap.

    Returns ``(project, created, config_updated)``.
    """
    config = render_config()
    settings = {
        "label_config": config,
        "maximum_annotations": annotators,
        "overlap_cohort_percentage": 100,
        "show_skip_button": True,
    }
    found = find_project(client, title)
    if found is None:
        body = {"title": title, "description": "Claims extracted by claimset", **settings}
        return dict(client.post("/api/projects/", body)), True, False
    project = dict(client.get(f"/api/projects/{found['id']}/"))
    changed = {k: v for k, v in settings.items() if project.get(k) != v}
    if changed:
        project = dict(client.patch(f"/api/projects/{found['id']}/", changed))
    return project, False, "label_config" in changed


def list_tasks(
    client: LabelStudioClient, project_id: int, *, include: str
) -> Iterator[dict[str, Any]]:
    """Every task of a project in id order, asking only for ``include``.

    Keyset pagination (``id > last id``): tasks added or deleted meanwhile cannot shift a page
    and hide a task, which would make the push import its claim twice.
    """
    after_id = 0
    while True:
        body = client.get(
            "/api/tasks/",
            project=project_id,
            fields="task_only",
            include=include if "id" in include.split(",") else f"id,{include}",
            page=1,
            page_size=LIST_PAGE_SIZE,
            query=tasks_after(after_id),
        )
        tasks = body.get("tasks") or []
        yield from tasks
        if len(tasks) < LIST_PAGE_SIZE:
            return
        after_id = int(tasks[-1]["id"])


def existing_claims(client: LabelStudioClient, project_id: int) -> dict[str, int]:
    """``claim_id -> task_id`` of every claimset task already in the project."""
    found: dict[str, int] = {}
    unlabelled = 0
    for task in list_tasks(client, project_id, include="id,meta"):
        claim_id = (task.get("meta") or {}).get("claim_id")
        if claim_id:
            found[str(claim_id)] = int(task["id"])
        else:
            unlabelled += 1
    if unlabelled:  # tasks imported another way: their claim_id is only in data
        for task in list_tasks(client, project_id, include="id,data"):
            claim_id = (task.get("data") or {}).get("claim_id")
            if claim_id:
                found.setdefault(str(claim_id), int(task["id"]))
    return found


def workspace_tasks(workdir: Path, rejected: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """``claim_id -> task payload`` for every valid claim (bad ones go to ``rejected``)."""
    try:
        documents: dict[str, Document] = {d.doc_id: d for d in read_documents(workdir)}
        claims: list[Claim] = list(read_claims(workdir))
    except WorkspaceError as e:
        raise InputError(f"{e}; run `claimset extract` first") from None
    version = extractor_version(workdir)
    offsets: dict[str, LabelStudioOffsets] = {}
    payloads: dict[str, dict[str, Any]] = {}
    for claim in claims:
        document = documents.get(claim.doc_id)
        if document is None:
            rejected.append((claim.id, f"document {claim.doc_id} not in documents.jsonl"))
        elif not 0 <= claim.start < claim.end <= len(document.text):
            rejected.append((claim.id, f"span [{claim.start}, {claim.end}) outside the article"))
        elif claim.id not in payloads:
            if document.doc_id not in offsets:
                offsets[document.doc_id] = LabelStudioOffsets(document.text)
            payloads[claim.id] = task_payload(
                claim, document, model_version=version, offsets=offsets[document.doc_id]
            )
    return payloads


def push(
    workdir: Path | str,
    *,
    project: str,
    annotators: int = 3,
    client: LabelStudioClient | None = None,
    url: str | None = None,
    api_key: str | None = None,
    batch_size: int = 500,
    progress: Progress | None = None,
) -> PushReport:
    """Create or update the project titled ``project`` with one task per workspace claim.

    Without ``client`` the server is ``url``/``api_key``, else the environment, else the running
    ``claimset studio`` (the order of ``annotations.discovery``).
    """
    if annotators < 1:
        raise InputError(f"--annotators must be at least 1, not {annotators}")
    started = time.perf_counter()
    workdir = Path(workdir)
    rejected: list[tuple[str, str]] = []
    payloads = workspace_tasks(workdir, rejected)
    client = client or connect(url=url, api_key=api_key, workdir=workdir)
    info, created, config_updated = ensure_project(client, project, annotators=annotators)
    project_id = int(info["id"])
    present = {} if created else existing_claims(client, project_id)
    missing = [cid for cid in payloads if cid not in present]
    report = PushReport(
        project_id=project_id,
        project=project,
        created_project=created,
        config_updated=config_updated,
        claims=len(payloads),
        imported=0,
        already_present=len(payloads) - len(missing),
        stale=sorted(cid for cid in present if cid not in payloads),
        rejected=rejected,
    )
    path = f"/api/projects/{project_id}/import"
    for i in range(0, len(missing), batch_size):
        batch = [payloads[cid] for cid in missing[i : i + batch_size]]
        client.post(path, batch, return_task_ids="true")
        report.imported += len(batch)
        report.batches += 1
        if progress is not None:
            progress(report.imported, len(missing))
    report.seconds = round(time.perf_counter() - started, 3)
    return report
