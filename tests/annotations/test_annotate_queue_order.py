"""The labeling queue of a real Label Studio hands out the most check-worthy claims first."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest
from fixtures.labelstudio import Annotator, LabelStudioServer
from ls_helpers import WorkspaceFactory, write_workspace

from annotations.pushing import existing_claims, push
from annotations.queue_order import by_checkworthiness
from annotations.tasks import task_payload

pytestmark = pytest.mark.labelstudio

#: Workspace order on purpose not sorted, with a tie (kept in workspace order) and no score.
SCORES = (0.2, 0.9, None, 0.5, 0.9)
EXPECTED_QUEUE = (1, 4, 3, 0, 2)  # indexes into SCORES


def _next_task(server: LabelStudioServer, user: Annotator, project_id: int) -> dict[str, Any]:
    """``GET /api/projects/P/next`` as ``user``: the task the labeling stream shows next."""
    response = httpx.get(
        f"{server.url}/api/projects/{project_id}/next",
        headers={"Authorization": f"Token {user.token}"},
        timeout=30,
    )
    response.raise_for_status()
    return dict(response.json())


def test_push_orders_the_queue_by_checkworthiness(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, claims = make_workspace(len(SCORES))
    claims = [
        dataclasses.replace(c, checkworthiness=s) for c, s in zip(claims, SCORES, strict=True)
    ]
    write_workspace(workdir, documents, claims)
    report = push(workdir, project=ls_project, client=label_studio.admin, batch_size=2)
    assert report.imported == len(SCORES)
    user = label_studio.annotators[0]
    served = []
    for _ in SCORES:
        task = _next_task(label_studio, user, report.project_id)
        served.append(task["data"]["claim_id"])
        label_studio.annotate(user, int(task["id"]), verdict="supported", quality="correct")
    assert served == [claims[i].id for i in EXPECTED_QUEUE]


def test_prediction_score_and_data_column_carry_the_checkworthiness(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, claims = make_workspace(2)
    claims = [dataclasses.replace(claims[0], checkworthiness=0.8125), claims[1]]
    write_workspace(workdir, documents, claims)
    report = push(workdir, project=ls_project, client=label_studio.admin)
    tasks = existing_claims(label_studio.admin, report.project_id)
    scored = label_studio.admin.get(f"/api/tasks/{tasks[claims[0].id]}/")
    assert scored["data"]["checkworthiness"] == 0.8125
    assert [p["score"] for p in scored["predictions"]] == [0.8125]
    unscored = label_studio.admin.get(f"/api/tasks/{tasks[claims[1].id]}/")
    assert unscored["data"]["checkworthiness"] is None
    assert [p.get("score") for p in unscored["predictions"]] == [None]


def test_order_is_stable_for_ties_and_puts_unscored_last(make_workspace: WorkspaceFactory) -> None:
    _, documents, claims = make_workspace(len(SCORES))
    payloads = {
        c.id: task_payload(dataclasses.replace(c, checkworthiness=s), d, model_version="t")
        for c, d, s in zip(claims, documents, SCORES, strict=True)
    }
    assert by_checkworthiness(payloads, payloads) == [claims[i].id for i in EXPECTED_QUEUE]
