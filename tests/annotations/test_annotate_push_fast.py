"""The push that knows nothing changed, and the pull with nothing changed, on a real server.

A push after a confirmed one checks the project in two small requests instead of listing every
task; each case where that check must not be trusted (another push added tasks, a task was
deleted, a racing push left duplicates) must end in the same state as a full push. The listing's
page size is lowered so that a full listing takes several requests here, as it does at scale.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import WorkspaceFactory, claim_for, make_document, write_workspace

from annotations import duplicates, pushing
from annotations.duplicates import list_tasks
from annotations.pulling import pull
from annotations.pushing import PushReport, existing_claims, push, workspace_tasks

pytestmark = pytest.mark.labelstudio

#: Requests of a push whose confirmation holds: project by title, the project, tasks above M.
FAST_REQUESTS = 3


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 2 tasks: a full listing of the test's project needs several requests."""
    monkeypatch.setattr(duplicates, "LIST_PAGE_SIZE", 2)


def _counted_push(server: LabelStudioServer, workdir: Path, title: str) -> tuple[PushReport, int]:
    before = server.admin.requests
    report = push(workdir, project=title, client=server.admin)
    return report, server.admin.requests - before


def _per_claim(server: LabelStudioServer, project_id: int) -> Counter[str]:
    tasks = list_tasks(server.admin, project_id, include="id,meta")
    return Counter(str(t["meta"]["claim_id"]) for t in tasks)


def _outcome(report: PushReport) -> tuple[int, int, list[str], list[tuple[str, list[int]]]]:
    return report.imported, report.already_present, report.stale, report.duplicates_kept


def test_a_push_with_nothing_new_makes_a_handful_of_requests(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(8)
    first, _ = _counted_push(label_studio, workdir, ls_project)
    assert first.imported == 8
    again, requests = _counted_push(label_studio, workdir, ls_project)
    assert again.fast and requests <= FAST_REQUESTS, requests
    assert not again.config_updated  # the server's copy of the config is ours: no PATCH
    slow = push(workdir, project=ls_project, client=label_studio.admin, full=True)
    assert not slow.fast and _outcome(again) == _outcome(slow) == (0, 8, [], [])
    assert _per_claim(label_studio, first.project_id) == Counter(c.id for c in claims)


def test_claims_pushed_by_another_process_meanwhile_are_seen(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, claims = make_workspace(4)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    other = workdir.parent / "other"
    extra = make_document("Elsewhere 🙂: imports fell by 4 percent.", 50)
    extra_claim = claim_for(extra, "imports fell by 4 percent")
    write_workspace(other, [*documents, extra], [*claims, extra_claim])
    assert push(other, project=ls_project, client=label_studio.admin).imported == 1
    again, _ = _counted_push(label_studio, workdir, ls_project)
    assert not again.fast
    assert _outcome(again) == (0, 4, [extra_claim.id], [])
    assert _outcome(push(workdir, project=ls_project, client=label_studio.admin, full=True)) == (
        _outcome(again)
    )
    # The stale claim is remembered with the confirmation: the fast push reports it too.
    fast, _ = _counted_push(label_studio, workdir, ls_project)
    assert fast.fast and _outcome(fast) == _outcome(again)
    assert _per_claim(label_studio, pid) == Counter([*(c.id for c in claims), extra_claim.id])


def test_a_task_deleted_in_label_studio_is_imported_again(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(5)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    task_of = existing_claims(label_studio.admin, pid)
    label_studio.admin.request("DELETE", f"/api/tasks/{task_of[claims[2].id]}/")
    again, _ = _counted_push(label_studio, workdir, ls_project)
    assert not again.fast and (again.imported, again.already_present) == (1, 4)
    assert _per_claim(label_studio, pid) == Counter(c.id for c in claims)


def test_a_deletion_and_an_addition_that_keep_the_count_are_seen(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(5)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    task_of = existing_claims(label_studio.admin, pid)
    label_studio.admin.request("DELETE", f"/api/tasks/{task_of[claims[0].id]}/")
    other = workdir.parent / "other"
    extra = make_document("Elsewhere 🙂: gas exports rose by 9 percent.", 51)
    extra_claim = claim_for(extra, "gas exports rose by 9 percent")
    write_workspace(other, [extra], [extra_claim])
    push(other, project=ls_project, client=label_studio.admin)  # the count is 5 again
    assert label_studio.admin.get(f"/api/projects/{pid}/")["task_number"] == 5
    again, _ = _counted_push(label_studio, workdir, ls_project)
    assert not again.fast and (again.imported, again.stale) == (1, [extra_claim.id])
    assert _per_claim(label_studio, pid) == Counter([*(c.id for c in claims), extra_claim.id])


def test_duplicates_left_by_a_racing_push_are_repaired(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(4)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    payloads = workspace_tasks(workdir, [])
    racing = [payloads[c.id] for c in claims[:3]]  # what a racing push imported again
    label_studio.admin.post(f"/api/projects/{pid}/import", racing, return_task_ids="true")
    again, _ = _counted_push(label_studio, workdir, ls_project)
    assert not again.fast and (again.imported, again.duplicates_removed) == (0, 3)
    assert _per_claim(label_studio, pid) == Counter(c.id for c in claims)
    # Repaired (tasks deleted): the confirmation comes from the next full listing, not this one.
    assert not push(workdir, project=ls_project, client=label_studio.admin).fast
    assert push(workdir, project=ls_project, client=label_studio.admin).fast


def test_a_new_claim_in_the_workspace_takes_the_full_push(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, claims = make_workspace(3)
    push(workdir, project=ls_project, client=label_studio.admin)
    extra = make_document("Later 🙂: energy use fell by 2 percent.", 52)
    extra_claim = claim_for(extra, "energy use fell by 2 percent")
    write_workspace(workdir, [*documents, extra], [*claims, extra_claim])
    again = push(workdir, project=ls_project, client=label_studio.admin)
    assert not again.fast and (again.imported, again.already_present) == (1, 3)


def test_a_pull_with_nothing_changed_reads_and_writes_nothing(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(3)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    task_of = existing_claims(label_studio.admin, pid)
    user = label_studio.annotators[0]
    label_studio.annotate(user, task_of[claims[0].id], verdict="supported")
    time.sleep(1.05 - time.time() % 1)  # the cursor is the server's second: pull in a later one
    shown: list[tuple[int, int]] = []
    full = pull(
        workdir, project=ls_project, client=label_studio.admin,
        progress=lambda d, t: shown.append((d, t)),
    )  # fmt: skip
    assert full.full and full.annotations == 1 and shown == [(1, 1)]
    path = workdir / "annotations.jsonl"
    written = path.stat().st_mtime_ns
    idle = pull(workdir, project=ls_project, client=label_studio.admin)
    assert idle.requests <= 4 and idle.tasks_fetched == 0
    assert (idle.annotations, idle.full) == (1, False)
    assert path.stat().st_mtime_ns == written  # not rewritten
    label_studio.annotate(user, task_of[claims[1].id], verdict="refuted")
    changed = pull(workdir, project=ls_project, client=label_studio.admin)
    assert (changed.annotations, changed.tasks_fetched) == (2, 1)
    label_studio.admin.request("DELETE", f"/api/tasks/{task_of[claims[0].id]}/")
    gone = pull(workdir, project=ls_project, client=label_studio.admin)
    assert (gone.annotations, gone.removed) == (1, 1)


def test_a_pull_after_the_file_was_edited_reads_it_again(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(2)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    task_of = existing_claims(label_studio.admin, pid)
    label_studio.annotate(label_studio.annotators[0], task_of[claims[0].id], verdict="supported")
    pull(workdir, project=ls_project, client=label_studio.admin)
    path = workdir / "annotations.jsonl"
    path.unlink()  # removed by hand: the next pull must not trust the cursor's counts
    again = pull(workdir, project=ls_project, client=label_studio.admin)
    assert again.full and again.annotations == 1 and len(path.read_text().splitlines()) == 1


class _Builds:
    """Counts the pushes that built the task payloads (read and parsed the claims)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        build = pushing.workspace_tasks

        def counted(workdir: Path, rejected: list[tuple[str, str]]) -> dict[str, Any]:
            self.count += 1
            return build(workdir, rejected)

        monkeypatch.setattr(pushing, "workspace_tasks", counted)


def test_a_push_with_nothing_new_builds_no_payload(
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workdir, documents, claims = make_workspace(3)
    broken = replace(claims[2], start=0, end=len(documents[2].text) + 5)  # outside its article
    write_workspace(workdir, documents, [*claims[:2], broken])
    first = push(workdir, project=ls_project, client=label_studio.admin)
    builds = _Builds(monkeypatch)
    again, requests = _counted_push(label_studio, workdir, ls_project)
    assert builds.count == 0 and again.fast and requests <= FAST_REQUESTS
    # what the report says comes from the saved summary, the same as the full push's
    assert (again.claims, again.rejected) == (first.claims, first.rejected) == (2, first.rejected)
    assert [cid for cid, _ in again.rejected] == [broken.id]


def test_an_edited_claim_or_document_builds_the_payloads_again(
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workdir, documents, claims = make_workspace(3)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    builds = _Builds(monkeypatch)

    # One claim's wording (same id, same task): built, and still confirmed from the ids.
    reworded = replace(claims[1], text="Trade rose by twelve percent.")
    write_workspace(workdir, documents, [claims[0], reworded, claims[2]])
    edited, _ = _counted_push(label_studio, workdir, ls_project)
    assert builds.count == 1 and edited.fast and (edited.imported, edited.claims) == (0, 3)
    assert push(workdir, project=ls_project, client=label_studio.admin).fast
    assert builds.count == 1  # the new digest was saved with the confirmation

    # One document shortened under its claim: the claim is rejected, its task reported stale.
    cut = replace(documents[0], text=documents[0].text[:20])
    write_workspace(workdir, [cut, *documents[1:]], [claims[0], reworded, claims[2]])
    shortened = push(workdir, project=ls_project, client=label_studio.admin)
    assert builds.count == 2 and not shortened.fast
    assert [cid for cid, _ in shortened.rejected] == [claims[0].id]
    assert (shortened.claims, shortened.stale) == (2, [claims[0].id])

    # One claim replaced by another span of its article: built, and the new claim imported.
    moved = claim_for(documents[2], "the ministry said")
    write_workspace(workdir, documents, [claims[0], reworded, moved])
    replaced = push(workdir, project=ls_project, client=label_studio.admin)
    assert builds.count == 3 and (replaced.imported, replaced.stale) == (1, [claims[2].id])
    assert _per_claim(label_studio, pid) == Counter([*(c.id for c in claims), moved.id])

    # A new extractor version changes every prediction: built again.
    (workdir / "manifest.json").write_text('{"extractor": {"version": "9.9.9"}}\n')
    push(workdir, project=ls_project, client=label_studio.admin)
    assert builds.count == 4


def test_a_workspace_changed_while_it_is_read_is_not_recorded(
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workdir, documents, claims = make_workspace(2)
    write_workspace(workdir, documents, claims[:1])
    push(workdir, project=ls_project, client=label_studio.admin)
    write_workspace(workdir, documents, claims)  # what the next push hashes
    build = pushing.workspace_tasks
    extra = make_document("Later 🙂: energy use fell by 2 percent.", 53)
    extra_claim = claim_for(extra, "energy use fell by 2 percent")

    def racing(workdir: Path, rejected: list[tuple[str, str]]) -> dict[str, Any]:
        # an extract rewrites the workspace between the push's digest and its reading
        write_workspace(workdir, [*documents, extra], [*claims, extra_claim])
        return build(workdir, rejected)

    monkeypatch.setattr(pushing, "workspace_tasks", racing)
    assert push(workdir, project=ls_project, client=label_studio.admin).imported == 2
    monkeypatch.setattr(pushing, "workspace_tasks", build)
    # Back to the files the racing push hashed: their digest was not saved with the claims it
    # read, so this push reads them and sees the extra claim is not theirs.
    write_workspace(workdir, documents, claims)
    after = push(workdir, project=ls_project, client=label_studio.admin)
    assert (after.claims, after.stale, after.imported) == (2, [extra_claim.id], 0)
