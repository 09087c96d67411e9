"""Several pushes of one workspace at once, and duplicates left by earlier runs.

Concurrent pushes run as separate ``claimset annotate push`` processes against the session's
Label Studio, with a small batch size so that each needs many import requests; afterwards every
claim must be on exactly one task.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import WorkspaceFactory, claim_for, make_document, write_workspace

from annotations.cli import annotate
from annotations.client import LabelStudioClient
from annotations.duplicates import list_tasks
from annotations.pushing import push, racing_twins, workspace_tasks
from claims.model import Claim, Document

pytestmark = pytest.mark.labelstudio

CLAIMSET = str(Path(sys.executable).with_name("claimset"))

ARTICLE = "The ministers met on 25 April 2023. Trade rose by 12 percent last year, they said."
SPAN = "Trade rose by 12 percent last year"


def small_workspace(workdir: Path, n: int) -> tuple[list[Document], list[Claim]]:
    """``n`` short articles with one claim each (small tasks: the test is about the count)."""
    documents = [make_document(f"{ARTICLE} Report {i}.", i) for i in range(n)]
    claims = [claim_for(d, SPAN) for d in documents]
    write_workspace(workdir, documents, claims)
    return documents, claims


def tasks_per_claim(server: LabelStudioServer, title: str) -> Counter[str]:
    """How many tasks each claim has in the one project titled ``title``."""
    (project,) = server.admin.projects_titled(title)
    tasks = list_tasks(server.admin, int(project["id"]), include="id,meta")
    return Counter(str(t["meta"]["claim_id"]) for t in tasks)


def concurrent_pushes(
    server: LabelStudioServer, workdir: Path, title: str, *, processes: int, batch_size: int
) -> list[dict[str, Any]]:
    """Start ``processes`` pushes at once; wait; return their JSON reports (all must exit 0)."""
    env = {
        **os.environ,
        "LABEL_STUDIO_URL": server.url,
        "LABEL_STUDIO_API_KEY": server.admin_token,
    }
    command = [CLAIMSET, "annotate", "push", str(workdir)]
    command += ["--project", title, "--batch-size", str(batch_size), "--json"]
    runs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        reports.append(json.loads(out))
    return reports


def test_two_pushes_at_once_leave_every_claim_on_one_task(
    label_studio: LabelStudioServer, ls_project: str, tmp_path: Path
) -> None:
    _, claims = small_workspace(tmp_path / "first", 10)
    push(tmp_path / "first", project=ls_project, client=label_studio.admin)  # project exists
    workdir = tmp_path / "work"
    _, claims = small_workspace(workdir, 400)
    reports = concurrent_pushes(label_studio, workdir, ls_project, processes=2, batch_size=25)
    assert tasks_per_claim(label_studio, ls_project) == Counter(c.id for c in claims)
    # Each push's duplicates_removed is the server's count: racing deletes (and a delete retried
    # after a busy server's HTTP 500) make the sum approximate, so the test counts the tasks.
    assert sum(r["imported"] for r in reports) >= 390
    assert all(r["duplicates_kept"] == [] for r in reports)


def test_three_pushes_at_once_into_a_new_project(
    label_studio: LabelStudioServer, ls_project: str, tmp_path: Path
) -> None:
    workdir = tmp_path / "work"
    _, claims = small_workspace(workdir, 300)
    reports = concurrent_pushes(label_studio, workdir, ls_project, processes=3, batch_size=20)
    assert len(label_studio.admin.projects_titled(ls_project)) == 1  # no twin project left
    assert tasks_per_claim(label_studio, ls_project) == Counter(c.id for c in claims)
    assert len({r["project_id"] for r in reports}) == 1
    assert sum(r["imported"] for r in reports) >= 300


def _import_again(
    server: LabelStudioServer, workdir: Path, project_id: int, claim_ids: list[str]
) -> list[int]:
    """A second task for each claim, imported through the API as a racing push would."""
    payloads = workspace_tasks(workdir, [])
    answer = server.admin.post(
        f"/api/projects/{project_id}/import",
        [payloads[c] for c in claim_ids],
        return_task_ids="true",
    )
    return [int(t) for t in answer["task_ids"]]


def _task_ids(server: LabelStudioServer, project_id: int) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {}
    for task in list_tasks(server.admin, project_id, include="id,meta"):
        ids.setdefault(str(task["meta"]["claim_id"]), []).append(int(task["id"]))
    return ids


def test_a_push_repairs_earlier_duplicates_keeping_the_annotated_or_the_oldest(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(4)
    first = push(workdir, project=ls_project, client=label_studio.admin)
    pid = first.project_id
    original = {c: ids[0] for c, ids in _task_ids(label_studio, pid).items()}
    a, b, c = (claims[i].id for i in range(3))
    dup_a, dup_b, dup_c = _import_again(label_studio, workdir, pid, [a, b, c])
    user = label_studio.annotators[0]
    label_studio.annotate(user, dup_b, verdict="supported")  # only the newer copy is annotated
    label_studio.annotate(user, original[c], verdict="supported")  # only the older copy
    report = push(workdir, project=ls_project, client=label_studio.admin)
    assert (report.imported, report.duplicates_removed, report.duplicates_kept) == (0, 3, [])
    assert _task_ids(label_studio, pid) == {
        a: [original[a]],  # no annotations: the oldest stays
        b: [dup_b],  # the annotated copy stays, its annotation with it
        c: [original[c]],
        claims[3].id: [original[claims[3].id]],
    }
    assert label_studio.admin.get(f"/api/tasks/{dup_b}/")["total_annotations"] == 1
    assert (
        dup_a not in _task_ids(label_studio, pid)[a]
        and dup_c not in _task_ids(label_studio, pid)[c]
    )


def test_duplicates_annotated_on_both_tasks_are_kept_and_reported(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(2)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    claim = claims[0].id
    (older,) = _task_ids(label_studio, pid)[claim]
    (newer,) = _import_again(label_studio, workdir, pid, [claim])
    one, two = label_studio.annotators[:2]
    label_studio.annotate(one, older, verdict="supported")
    label_studio.annotate(two, newer, verdict="refuted", cancelled=True)  # a skip counts too
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.admin_token}
    result = CliRunner().invoke(annotate, ["push", str(workdir), "--project", ls_project], env=env)
    assert result.exit_code == 0, result.output
    assert _task_ids(label_studio, pid)[claim] == [older, newer]  # nothing deleted
    warning = f"warning: claim {claim} is on 2 Label Studio tasks ({older}, {newer}): more than"
    assert warning in result.stderr
    report = push(workdir, project=ls_project, client=label_studio.admin)
    assert report.duplicates_kept == [(claim, [older, newer])]
    assert report.duplicates_removed == 0


class AnnotatesBeforeDelete(LabelStudioClient):
    """An annotator submits on the task about to be deleted, between listing and delete."""

    def __init__(self, server: LabelStudioServer, victim: int) -> None:
        super().__init__(server.studio.connection)
        self.server, self.victim, self.deletes = server, victim, 0

    def post(self, path: str, body: Any, **params: Any) -> Any:
        if path == "/api/dm/actions" and self.deletes == 0:
            self.deletes += 1
            assert self.victim in body["selectedItems"]["included"]
            self.server.annotate(self.server.annotators[2], self.victim, verdict="supported")
        return super().post(path, body, **params)


def test_a_task_annotated_while_judged_a_duplicate_is_not_deleted(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(3)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    claim = claims[1].id
    (older,) = _task_ids(label_studio, pid)[claim]
    newer, other = _import_again(label_studio, workdir, pid, [claim, claims[2].id])
    racing = AnnotatesBeforeDelete(label_studio, newer)
    report = push(workdir, project=ls_project, client=racing)
    assert racing.deletes == 1
    assert label_studio.admin.get(f"/api/tasks/{newer}/")["total_annotations"] == 1
    # The unannotated older copy goes on the next look; the other claim's extra copy went.
    ids = _task_ids(label_studio, pid)
    assert ids[claim] == [newer] and older != newer and other not in ids[claims[2].id]
    assert report.duplicates_removed == 2 and report.duplicates_kept == []


class CreatesATwinFirst(LabelStudioClient):
    """Another push creates the same project just before this one does (it gets a lower id)."""

    twin: dict[str, Any] | None = None

    def post(self, path: str, body: Any, **params: Any) -> Any:
        if path == "/api/projects/":
            self.twin = super().post(path, body, **params)
        return super().post(path, body, **params)


def test_two_pushes_creating_the_project_end_in_the_older_one(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(3)
    racing = CreatesATwinFirst(label_studio.studio.connection)
    report = push(workdir, project=ls_project, client=racing)
    (project,) = label_studio.admin.projects_titled(ls_project)
    assert racing.twin is not None
    assert project["id"] == racing.twin["id"] == report.project_id
    assert tasks_per_claim(label_studio, ls_project) == Counter(c.id for c in claims)


def test_pull_export_and_check_report_a_claim_annotated_on_two_tasks(
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    tmp_path: Path,
    hf_offline: Path,
) -> None:
    from export.cli import cli

    workdir, _, claims = make_workspace(3)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    claim = claims[0].id
    (older,) = _task_ids(label_studio, pid)[claim]
    (newer,) = _import_again(label_studio, workdir, pid, [claim])
    one, two = label_studio.annotators[:2]
    label_studio.annotate(one, older, verdict="supported")
    label_studio.annotate(two, newer, verdict="refuted")
    label_studio.annotate(one, _task_ids(label_studio, pid)[claims[1].id][0], verdict="supported")
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.admin_token}
    runner = CliRunner()
    pulled = runner.invoke(
        cli, ["annotate", "pull", str(workdir), "--project", ls_project], env=env
    )
    assert pulled.exit_code == 0, pulled.output
    named = f"claim {claim} has annotations on 2 Label Studio tasks ({older}, {newer})"
    assert f"warning: {named}" in pulled.stderr
    assert claims[1].id not in pulled.stderr
    out = tmp_path / "dataset"
    exported = runner.invoke(cli, ["export", str(workdir), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert f"warning: claim {claim} has annotations from 2 Label Studio tasks" in exported.stdout
    rows = {r["claim_id"]: r for r in datasets_rows(out, hf_offline)}
    assert rows[claim]["provenance"]["label_studio"]["task_ids"] == [older, newer]
    assert rows[claim]["num_annotations"] == 2  # both tasks' annotations, none lost
    assert rows[claims[1].id]["provenance"]["label_studio"]["task_ids"] == [
        _task_ids(label_studio, pid)[claims[1].id][0]
    ]
    checked = runner.invoke(cli, ["check", str(out)])
    assert checked.exit_code == 1, checked.output
    assert "tasks.several" in checked.output and claim in checked.output


def datasets_rows(out: Path, cache: Path) -> list[dict[str, Any]]:
    """The ``claims`` rows as ``datasets.load_dataset`` reads them (offline, local files)."""
    from datasets import load_dataset

    loaded = load_dataset(str(out), "claims", cache_dir=str(cache))
    return [row for split in loaded.values() for row in split]


def test_a_duplicate_with_a_draft_is_not_deleted(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(2)
    pid = push(workdir, project=ls_project, client=label_studio.admin).project_id
    claim = claims[0].id
    (older,) = _task_ids(label_studio, pid)[claim]
    (newer,) = _import_again(label_studio, workdir, pid, [claim])
    user = label_studio.annotators[0]
    draft = httpx.post(
        f"{label_studio.url}/api/tasks/{newer}/drafts",
        json={"result": [], "lead_time": 3.0},
        headers={"Authorization": f"Token {user.token}"},
        timeout=30,
    )
    draft.raise_for_status()  # an annotator's unsaved work on the newer copy
    report = push(workdir, project=ls_project, client=label_studio.admin)
    assert _task_ids(label_studio, pid)[claim] == [older, newer]
    assert report.duplicates_kept == [(claim, [older, newer])]


def test_a_push_waits_while_a_slow_racing_push_deletes_its_twin(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    """Another push created the project at the same time and takes seconds to delete its twin
    (a loaded server): this push waits for it instead of failing on two projects."""
    workdir, _, claims = make_workspace(2)
    first = label_studio.admin.post("/api/projects/", {"title": ls_project})
    twin = label_studio.admin.post("/api/projects/", {"title": ls_project})
    deleter = label_studio.client()
    late_delete = threading.Timer(6.0, deleter.request, ("DELETE", f"/api/projects/{twin['id']}/"))
    late_delete.start()
    try:
        report = push(workdir, project=ls_project, client=label_studio.client())
    finally:
        late_delete.join()
    assert report.project_id == first["id"] and not report.created_project
    assert tasks_per_claim(label_studio, ls_project) == Counter(c.id for c in claims)


def _project(pid: int, created: str, tasks: int = 0) -> dict[str, Any]:
    return {"id": pid, "title": "t", "created_at": created, "task_number": tasks}


def test_racing_twins_are_young_and_empty() -> None:
    oldest = _project(4, "2026-01-01T10:00:00.000Z", tasks=7)
    assert racing_twins([_project(5, "2026-01-01T10:00:01.500Z"), oldest])
    assert not racing_twins([oldest, _project(5, "2026-01-01T10:00:01Z", tasks=1)])
    assert not racing_twins([oldest, _project(9, "2026-01-01T10:30:00Z")])  # the user's own
    assert racing_twins([{"id": 1, "title": "t"}, {"id": 2, "title": "t"}])  # fields missing
