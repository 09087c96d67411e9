"""Faults: Label Studio stopped in the middle of a push or a pull, then a re-run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import WorkspaceFactory

import annotations.pulling as pull_module
from annotations.client import LabelStudioClient
from annotations.pulling import pull
from annotations.pushing import list_tasks, push
from claims.errors import ServerError

pytestmark = pytest.mark.labelstudio


def _claim_counts(server: LabelStudioServer, title: str) -> Counter[str]:
    (project,) = server.admin.projects_titled(title)
    tasks = list_tasks(server.admin, project["id"], include="id,meta")
    return Counter(t["meta"]["claim_id"] for t in tasks)


def test_server_killed_in_the_middle_of_a_push_then_rerun(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(7)

    def kill_after_first_batch(done: int, total: int) -> None:
        if done == 2:
            label_studio.studio.kill()

    with pytest.raises(ServerError, match=r"not reachable|stopped answering"):
        push(
            workdir,
            project=ls_project,
            client=label_studio.client(),
            batch_size=2,
            progress=kill_after_first_batch,
        )
    label_studio.restart()
    assert sum(_claim_counts(label_studio, ls_project).values()) == 2
    report = push(workdir, project=ls_project, client=label_studio.client(), batch_size=2)
    assert (report.imported, report.already_present) == (5, 2)
    assert _claim_counts(label_studio, ls_project) == Counter(c.id for c in claims)


class LosesImportAnswers(LabelStudioClient):
    """Stores the second import batch on the server, then acts as if the answer was lost."""

    imports = 0

    def post(self, path: str, body: Any, **params: Any) -> Any:
        answer = super().post(path, body, **params)
        if path.endswith("/import"):
            self.imports += 1
            if self.imports == 2:
                raise ServerError(f"Label Studio at {self.url} stopped answering (ReadError)")
        return answer


def test_a_batch_stored_but_unanswered_is_not_imported_twice(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(6)
    flaky = LosesImportAnswers(label_studio.studio.connection)
    with pytest.raises(ServerError, match="stopped answering"):
        push(workdir, project=ls_project, client=flaky, batch_size=2)
    assert sum(_claim_counts(label_studio, ls_project).values()) == 4  # batch 2 did land
    report = push(workdir, project=ls_project, client=label_studio.client(), batch_size=2)
    assert (report.imported, report.already_present) == (2, 4)
    assert _claim_counts(label_studio, ls_project) == Counter(c.id for c in claims)


def test_server_killed_in_the_middle_of_a_pull_keeps_the_previous_file(
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workdir, _, _ = make_workspace(6)
    report = push(workdir, project=ls_project, client=label_studio.admin)
    (project,) = label_studio.admin.projects_titled(ls_project)
    task_ids = [t["id"] for t in list_tasks(label_studio.admin, project["id"], include="id")]
    annotator = label_studio.annotators[0]
    label_studio.annotate(annotator, task_ids[0], verdict="supported", quality="correct")
    pull(workdir, project=ls_project, client=label_studio.admin)
    path: Path = workdir / "annotations.jsonl"
    before = path.read_bytes()
    for task_id in task_ids[1:]:
        label_studio.annotate(annotator, task_id, verdict="refuted", quality="correct")

    monkeypatch.setattr(pull_module, "PAGE_SIZE", 2)

    def kill_after_first_page(done: int, total: int) -> None:
        label_studio.studio.kill()

    with pytest.raises(ServerError):
        pull(
            workdir,
            project=ls_project,
            client=label_studio.client(),
            progress=kill_after_first_page,
        )
    assert path.read_bytes() == before  # untouched, no temporary file left beside it
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".annotations")) == []
    label_studio.restart()
    again = pull(workdir, project=ls_project, client=label_studio.client())
    assert again.annotations == 6 and report.project_id == again.project_id
