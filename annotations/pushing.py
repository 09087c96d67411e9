"""``claimset annotate push``: the workspace's claims into a Label Studio project, once each.

Idempotent and crash-safe by construction: before importing anything, the push lists the
``claim_id`` of every task already in the project (paging through the tasks API), and imports
only the claims missing there. A batch the server stored but whose answer was lost (the server
stopped mid-request) is therefore found by the next run's listing and never imported twice.
Claims in Label Studio that are no longer in the workspace are reported, never deleted.

Safe when several pushes run at once, from any number of machines: each push ends by listing
the project again and deleting the extra tasks of a claim by a rule every pusher applies the
same way, with the "no annotation" condition checked by the server (``annotations.duplicates``).
A duplicate left by any earlier run is repaired by the next push; a claim whose annotations
sit on several tasks keeps them all and is reported. Two pushes that both create the project
keep the older one.

A push with nothing new costs three small requests instead of the full listing (0.7 s per 1,000
tasks). After a full listing that found every workspace claim on exactly one task and deleted
nothing, the push saves in ``WORKDIR/.claimset/`` (``annotations.state``) a fingerprint of the
workspace's claim ids, the number ``N`` of tasks the listing saw and their highest id ``M``.
The next push with the same fingerprint reads the project's live ``task_number`` (in the answer
``ensure_project`` fetches anyway), then counts the tasks with an id above ``M``. It trusts the
saved state only if the count is ``N`` and no task is above ``M``; anything else (another push
imported, someone deleted or added a task, the workspace changed, the project is new) takes the
full path, which lists, imports what is missing and repairs duplicates as before.

Nor does it read the workspace's claims: the state also keeps a digest of everything the task
payloads depend on (the claim and document files byte for byte, the extractor version, the
payload format, a review round's selection: ``annotations.workspace_summary``) with the claim
count and the rejected claims. A push whose workspace has that digest takes them from the state
and builds no payload (at 100,000 claims that building was 33 s of a 37 s no-op push); any
other digest builds the payloads and compares the claim ids as above (a claim whose text alone
changed keeps its id and its task: the confirmation holds, with the new digest saved).

Why that is enough. Task ids only grow: Django creates the table with ``AUTOINCREMENT`` on
SQLite (an id is never reused, even after the highest task is deleted), and SQLite serialises
writes, so a task committed after the listing has an id above ``M``. So if no task is above
``M``, no task was created since the confirmation (by anyone), and the tasks now present are a
subset of the ``N`` confirmed; a count of ``N`` makes it the same set. The same tasks carry the
same ``claim_id`` (task ``meta`` and ``data`` are not edited by pushes, pulls or the labeling
page), so every claim is still on exactly one task: nothing is missing and nothing can be
duplicated, and the repair would find nothing to do. Whenever a task was imported since the
confirmation, by this push or any other, its id is above ``M`` and the full path, with its
repair, runs. A concurrent push that imports after the check repairs its own duplicates at its
end, exactly as when two full pushes race. The state is written only from a listing after
which nothing was deleted and no claim is on two tasks; a listing runs while others may
delete, so its count can only be too high (a task deleted behind the listing's cursor), which
makes the next check fall back, never trust wrongly.

Limit: on a database whose ids can commit out of order (PostgreSQL sequences under concurrent
transactions), a task created with an id below ``M`` by a transaction still open during the
listing, together with a deletion of exactly as many tasks, would go unseen. The repairing
pushers only delete extra copies, never a claim's last task, so this cannot leave a claim
missing; ``--full`` (``full=True``) forces the full listing.

A review round (``review=``, ``claimset annotate push --only``; ``annotations.rounds``) is the
same push restricted to the selected claims, into a project whose labeling page shows the
earlier verdicts; each task's data says its ``round``. The workspace's project record keeps the
round of every project it pushed to, so a review project is never refilled as a first round
(nor the reverse) and keeps its round number when pushed again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from annotations.busy import retry_busy
from annotations.client import LabelStudioClient, connect, find_project
from annotations.config import render_config
from annotations.duplicates import Extent, repair, scan, tasks_above
from annotations.duplicates import list_tasks as list_tasks
from annotations.offsets import LabelStudioOffsets
from annotations.project_settings import apply_project_settings
from annotations.queue_order import by_checkworthiness
from annotations.rounds import ReviewRound
from annotations.state import (
    forget_push_state,
    read_project_record,
    read_push_state,
    saved_push_states,
    write_project_record,
    write_push_state,
)
from annotations.tasks import extractor_version, task_payload
from annotations.workspace_summary import WorkspaceSummary
from claims.errors import ConfigError, InputError
from claims.model import Claim, Document
from claims.workspace import WorkspaceError, read_claims, read_documents

#: Seconds a push waits for a concurrent push to delete the twin project it created (a busy
#: server can take several seconds to delete a project).
TWIN_WAIT = 60.0

#: Projects of one title created this many seconds apart or less, all but the oldest empty, are
#: twins of pushes that created the project at once (anything else is the user's to sort out).
TWIN_WINDOW = 120.0

#: ``progress(done, total)`` after each imported batch.
Progress = Callable[[int, int], None]


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
    #: extra tasks of a claim deleted (this run's or earlier ones'), as the server counted them:
    #: approximate when pushes race (a task two of them delete at once may count in both, a
    #: delete retried after a busy server's HTTP 500 may count in neither)
    duplicates_removed: int = 0
    #: claims left on several tasks because more than one has annotations: (claim_id, task ids)
    duplicates_kept: list[tuple[str, list[int]]] = field(default_factory=list)
    seconds: float = 0.0
    #: True when the saved confirmation was verified and no listing was needed
    fast: bool = False
    round: int = 1  # the project's annotation round (2, 3...: a review round)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``--json``)."""
        return asdict(self)


def ensure_project(
    client: LabelStudioClient, title: str, *, annotators: int, review: bool = False
) -> tuple[dict[str, Any], bool, bool]:
    """Find or create the project; set its labeling config and overlap.

    ``review``: the config of a review round (with the earlier verdicts).
    Returns ``(project, created, config_updated)``.
    """
    config = render_config(review=review)
    settings = {
        "label_config": config,
        "maximum_annotations": annotators,
        "overlap_cohort_percentage": 100,
        "show_skip_button": True,
    }
    found = _settled_project(client, title)
    if found is None:
        body = {"title": title, "description": "Claims extracted by claimset", **settings}
        created = dict(retry_busy(client.post, "/api/projects/", body))
        found = _older_twin(client, title, created)
        if found is None:
            return created, True, False
    path = f"/api/projects/{found['id']}/"
    project = dict(retry_busy(client.get, path))
    changed = {k: v for k, v in settings.items() if not _same_setting(project.get(k), v)}
    if changed:
        project = dict(retry_busy(client.patch, path, changed))
    return project, False, "label_config" in changed


def _same_setting(stored: Any, wanted: Any) -> bool:
    """Whether the server's value is ours (it stores a label config without the final newline:
    compared as is, every push sent the config again)."""
    if isinstance(stored, str) and isinstance(wanted, str):
        return stored.strip() == wanted.strip()
    return bool(stored == wanted)


def existing_claims(client: LabelStudioClient, project_id: int) -> dict[str, int]:
    """``claim_id -> task_id`` (the lowest, if several) of every claimset task in the project."""
    return {claim_id: tasks[0].id for claim_id, tasks in scan(client, project_id).items()}


def _settled_project(client: LabelStudioClient, title: str) -> dict[str, Any] | None:
    """The project titled ``title``, waiting while a concurrent push removes its twin.

    Two projects of one title that are not racing twins (``racing_twins``) are a
    ``ConfigError`` at once; twins still there after ``TWIN_WAIT`` seconds are one too.
    """
    deadline = time.monotonic() + TWIN_WAIT
    pause = 0.25
    while True:
        found = retry_busy(client.projects_titled, title)
        if len(found) <= 1:
            return found[0] if found else None
        if not racing_twins(found) or time.monotonic() >= deadline:
            return find_project(client, title)  # the ConfigError naming them
        time.sleep(pause)
        pause = min(2.0, pause * 2)


def racing_twins(projects: list[dict[str, Any]]) -> bool:
    """Whether same-titled ``projects`` look like the twins of pushes that created the project
    at once: every one but the oldest without tasks, all created within ``TWIN_WINDOW`` seconds
    of the oldest. A listing without those fields counts as twins (the wait is bounded)."""
    oldest = min(projects, key=lambda p: int(p["id"]))
    first = _created(oldest)
    for project in projects:
        if project is oldest:
            continue
        if int(project.get("task_number") or 0):
            return False
        created = _created(project)
        if first is not None and created is not None and created - first > TWIN_WINDOW:
            return False
    return True


def _created(project: dict[str, Any]) -> float | None:
    """A project's ``created_at`` as a POSIX timestamp, None if absent or unreadable."""
    try:
        return datetime.fromisoformat(str(project["created_at"]).replace("Z", "+00:00")).timestamp()
    except (KeyError, ValueError):
        return None


def _older_twin(
    client: LabelStudioClient, title: str, created: dict[str, Any]
) -> dict[str, Any] | None:
    """After creating ``created``: the older project of the same title if a concurrent push
    made one (ours, still empty, is deleted), else None.

    Every push that created one keeps the lowest id, so all of them end in the same project.
    """
    twins = retry_busy(client.projects_titled, title)
    oldest = min(twins, key=lambda p: int(p["id"]), default=created)
    if int(oldest["id"]) >= int(created["id"]):
        return None
    ours = int(created["id"])
    if int(retry_busy(client.get, f"/api/projects/{ours}/").get("task_number") or 0):
        raise ConfigError(
            f"Label Studio at {client.url} has projects {oldest['id']} and {ours} titled "
            f"{title!r}, both with tasks (two pushes created it at once): delete one"
        )
    retry_busy(client.request, "DELETE", f"/api/projects/{ours}/")
    return oldest


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
    annotators: int | None = None,
    client: LabelStudioClient | None = None,
    url: str | None = None,
    api_key: str | None = None,
    batch_size: int = 500,
    progress: Progress | None = None,
    full: bool = False,
    review: ReviewRound | None = None,
) -> PushReport:
    """Create or update the project titled ``project`` with one task per workspace claim.

    Without ``client`` the server is ``url``/``api_key``, else the environment, else the running
    ``claimset studio`` (the order of ``annotations.discovery``).

    Ends with every claim on one task, also when other pushes ran at the same time, except
    claims annotated on several tasks (kept, listed in ``duplicates_kept``). ``full`` skips
    the check of the saved confirmation and always lists the project.

    ``review`` makes it a review round of the selected claims (``annotations.rounds``);
    ``annotators`` defaults to 3, or 1 for a review round.
    """
    if annotators is None:
        annotators = 1 if review is not None else 3
    if annotators < 1:
        raise InputError(f"--annotators must be at least 1, not {annotators}")
    started = time.perf_counter()
    workdir = Path(workdir)
    rejected: list[tuple[str, str]] = []
    summary = WorkspaceSummary.of(workdir, review)
    payloads = None
    if full or not _seen_before(workdir, summary.digest):  # never seen: errors before connecting
        payloads = _workspace_payloads(workdir, review, rejected)
    client = client or connect(url=url, api_key=api_key, workdir=workdir)
    info, created, config_updated = ensure_project(
        client, project, annotators=annotators, review=review is not None
    )
    project_id = int(info["id"])
    number = _project_round(client, workdir, project, project_id, review)
    report = PushReport(
        project_id=project_id,
        project=project,
        created_project=created,
        config_updated=config_updated,
        claims=0,
        imported=0,
        already_present=0,
        rejected=rejected,
        round=number,
    )
    state = {} if created or full else read_push_state(workdir, client.url, project_id)
    known = summary.record(number)
    fast = checked = False
    if payloads is None and _same_workspace(state, known):
        # The workspace is byte for byte the one the confirmation was made from: its claims,
        # rejections and tasks are the ones saved, nothing needs reading or building.
        report.claims = int(state["workspace"]["claims"])
        report.rejected = [(str(c), str(why)) for c, why in state["workspace"]["rejected"]]
        fast = _confirmed(client, info, state, str(state["fingerprint"]), report)
        checked = True
    if not fast:
        if payloads is None:
            payloads = _workspace_payloads(workdir, review, rejected)
        _set_round(payloads, review, number)
        report.claims, report.rejected = len(payloads), rejected
        fingerprint = claims_fingerprint(payloads)
        fast = not (created or full or checked) and _confirmed(
            client, info, state, fingerprint, report
        )
        # recorded only if no workspace file changed while the payloads were built
        workspace = {**known, "claims": report.claims, "rejected": rejected}
        if not summary.still_current(workdir):
            workspace = {}
        if not fast:
            _full_push(
                client, workdir, payloads, fingerprint, report, batch_size, progress, workspace
            )
        elif workspace:  # confirmed from the ids alone (e.g. only a claim's text changed)
            write_push_state(workdir, client.url, project_id, {**state, "workspace": workspace})
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _seen_before(workdir: Path, digest: str) -> bool:
    """Whether a confirmation of this workspace is saved (for any project): it was read and
    its payloads built without error, so building them can wait until the server is asked."""
    for state in saved_push_states(workdir):
        workspace = state.get("workspace")
        if isinstance(workspace, dict) and workspace.get("digest") == digest:
            return True
    return False


def _workspace_payloads(
    workdir: Path, review: ReviewRound | None, rejected: list[tuple[str, str]]
) -> dict[str, dict[str, Any]]:
    """The task payloads the push would place (a review round's selection only)."""
    payloads = workspace_tasks(workdir, rejected)
    return payloads if review is None else _selected(payloads, review, rejected)


def _set_round(
    payloads: dict[str, dict[str, Any]], review: ReviewRound | None, number: int
) -> None:
    """A review round's tasks say their round and show the earlier verdicts."""
    if review is not None:
        for claim_id, payload in payloads.items():
            payload["data"]["round"] = number
            payload["data"]["earlier_verdicts"] = review.earlier_text(claim_id)


def _selected(
    payloads: dict[str, dict[str, Any]], review: ReviewRound, rejected: list[tuple[str, str]]
) -> dict[str, dict[str, Any]]:
    """The payloads of the review's claims, in its order; a selected claim the workspace does
    not have (a dataset from another workspace) is rejected, never silently dropped."""
    chosen: dict[str, dict[str, Any]] = {}
    for claim_id in review.claims:
        if claim_id in payloads:
            chosen[claim_id] = payloads[claim_id]
        elif not any(cid == claim_id for cid, _ in rejected):
            why = "selected for review but not a claim of this workspace (wrong dataset?)"
            rejected.append((claim_id, why))
    return chosen


def _project_round(
    client: LabelStudioClient,
    workdir: Path,
    title: str,
    project_id: int,
    review: ReviewRound | None,
) -> int:
    """The project's round from the workspace's record (written on first push); refuses to
    mix a first round and a review round in one project."""
    record = read_project_record(workdir, client.url, project_id)
    known = record.get("round")
    if isinstance(known, int) and review is None and known > 1:
        raise ConfigError(
            f"project {title!r} is review round {known} of this workspace: push it with "
            "--only, or give the first round another --project title"
        )
    if isinstance(known, int) and review is not None and known == 1:
        raise ConfigError(
            f"project {title!r} holds round 1 of this workspace: give the review round its "
            'own --project title (e.g. "... review")'
        )
    if isinstance(known, int):
        if review is not None:
            review.number = known
        return known
    fresh: dict[str, Any] = {"title": title, "round": 1 if review is None else review.number}
    if review is not None:
        fresh["selectors"] = [str(s) for s in review.selectors]
        fresh["seeded_from"] = review.seeded_from
    write_project_record(workdir, client.url, project_id, fresh)
    return int(fresh["round"])


def claims_fingerprint(payloads: dict[str, dict[str, Any]]) -> str:
    """A hash of the set of claim ids a push would place (its order does not matter)."""
    digest = hashlib.sha256()
    for claim_id in sorted(payloads):
        digest.update(claim_id.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _confirmed(
    client: LabelStudioClient,
    info: dict[str, Any],
    state: dict[str, Any],
    fingerprint: str,
    report: PushReport,
) -> bool:
    """True (and ``report`` filled) if the saved confirmation still holds (module docstring)."""
    if state.get("fingerprint") != fingerprint or not isinstance(state.get("max_id"), int):
        return False
    count = info.get("task_number")
    if count is None:
        count = retry_busy(client.get, f"/api/projects/{report.project_id}/").get("task_number")
    if count != state.get("tasks"):
        return False
    if tasks_above(client, report.project_id, int(state["max_id"])):
        return False
    report.already_present = report.claims
    report.stale = [str(c) for c in state.get("stale") or []]
    report.fast = True
    return True


def _same_workspace(state: dict[str, Any], known: dict[str, Any]) -> bool:
    """Whether ``state`` was confirmed from this very workspace (and round), with its
    claim count and rejections saved."""
    workspace = state.get("workspace")
    if not isinstance(workspace, dict) or not isinstance(state.get("fingerprint"), str):
        return False
    if any(workspace.get(k) != v for k, v in known.items()):
        return False
    return isinstance(workspace.get("claims"), int) and isinstance(workspace.get("rejected"), list)


def _full_push(
    client: LabelStudioClient,
    workdir: Path,
    payloads: dict[str, dict[str, Any]],
    fingerprint: str,
    report: PushReport,
    batch_size: int,
    progress: Progress | None,
    workspace: dict[str, Any],
) -> None:
    """List the project, import what is missing, list again and repair duplicates.

    ``workspace``: the summary saved with the confirmation (empty: none, the workspace changed
    while the push read it)."""
    project_id = report.project_id
    forget_push_state(workdir, client.url, project_id)
    # independence settings and the Claims task list (restored if someone changed them)
    apply_project_settings(client, project_id)
    extent = Extent()
    present = {} if report.created_project else scan(client, project_id, extent)
    # most check-worthy first: the labeling queue serves tasks in id order
    missing = by_checkworthiness((cid for cid in payloads if cid not in present), payloads)
    report.already_present = len(payloads) - len(missing)
    report.stale = sorted(cid for cid in present if cid not in payloads)
    path = f"/api/projects/{project_id}/import"
    for i in range(0, len(missing), batch_size):
        batch = [payloads[cid] for cid in missing[i : i + batch_size]]
        retry_busy(client.post, path, batch, return_task_ids="true")
        report.imported += len(batch)
        report.batches += 1
        if progress is not None:
            progress(report.imported, len(missing))
    # A concurrent push may have imported the same claims meanwhile: look again, repair.
    if report.imported:
        extent = Extent()
        present = scan(client, project_id, extent)
    fixed = repair(client, project_id, present)
    report.duplicates_removed, report.duplicates_kept = fixed.removed, fixed.kept
    clean = not fixed.removed and not fixed.kept and all(cid in present for cid in payloads)
    if clean and extent.tasks and all(len(present[cid]) == 1 for cid in payloads):
        state = {
            "fingerprint": fingerprint,
            "tasks": extent.tasks,
            "max_id": extent.max_id,
            "stale": sorted(cid for cid in present if cid not in payloads),
        }
        if workspace:
            state["workspace"] = workspace
        write_push_state(workdir, client.url, project_id, state)
