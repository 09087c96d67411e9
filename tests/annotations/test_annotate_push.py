"""``annotations.push`` against the real Label Studio of the session."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import EMOJI_CLAIM_SPAN, WorkspaceFactory, claim_for, make_document

from annotations.config import render_config
from annotations.offsets import LabelStudioOffsets
from annotations.pushing import existing_claims, list_tasks, push
from claims.workspace import write_jsonl

pytestmark = pytest.mark.labelstudio


def _tasks(server: LabelStudioServer, title: str) -> list[dict[str, Any]]:
    project = server.admin.projects_titled(title)[0]
    return list(list_tasks(server.admin, project["id"], include="id,data,meta"))


def test_push_creates_project_with_config_overlap_and_one_task_per_claim(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, claims = make_workspace(3)
    done: list[tuple[int, int]] = []
    report = push(
        workdir,
        project=ls_project,
        annotators=2,
        client=label_studio.admin,
        batch_size=2,
        progress=lambda d, t: done.append((d, t)),
    )
    assert (report.created_project, report.imported, report.already_present) == (True, 3, 0)
    assert report.batches == 2 and done == [(2, 3), (3, 3)]
    project = label_studio.admin.get(f"/api/projects/{report.project_id}/")
    assert project["maximum_annotations"] == 2
    assert project["label_config"].strip() == render_config().strip()
    tasks = _tasks(label_studio, ls_project)
    assert sorted(t["data"]["claim_id"] for t in tasks) == sorted(c.id for c in claims)
    data = tasks[0]["data"]
    for key in ("claim_id", "doc_id", "text", "title", "publisher", "published", "claim_text"):
        assert data[key], key
    assert data["claim_type"] == "quantity" and "unit: percent" in data["slots"]


def test_prediction_region_is_the_claim_in_label_studio_offsets(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, claims = make_workspace(1)
    report = push(workdir, project=ls_project, client=label_studio.admin)
    task_id = existing_claims(label_studio.admin, report.project_id)[claims[0].id]
    task = label_studio.admin.get(f"/api/tasks/{task_id}/")
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "claimset-rules 0.1.0-test"  # named after the extractor
    value = prediction["result"][0]["value"]
    text = documents[0].text
    assert text.index(EMOJI_CLAIM_SPAN) > text.index("🤝")  # emoji come first
    offsets = LabelStudioOffsets(text)
    assert value["start"] == offsets.to_label_studio(claims[0].start)
    assert value["end"] == offsets.to_label_studio(claims[0].end)
    # Label Studio 1.23 counts code points (the browser test checks the highlight itself).
    assert text[value["start"] : value["end"]] == value["text"] == EMOJI_CLAIM_SPAN


def test_push_is_idempotent_adds_new_claims_and_reports_stale_ones(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, claims = make_workspace(3)
    push(workdir, project=ls_project, client=label_studio.admin)
    again = push(workdir, project=ls_project, client=label_studio.admin)
    assert (again.created_project, again.imported, again.already_present) == (False, 0, 3)
    assert again.stale == []

    # The workspace changes: one claim gone, a new document with a new claim.
    extra = make_document("Another 🙂 text: exports fell by 3 percent.", 99)
    new_claim = claim_for(extra, "exports fell by 3 percent")
    write_jsonl(workdir / "documents.jsonl", (d.to_dict() for d in [*documents, extra]))
    write_jsonl(workdir / "claims.jsonl", (c.to_dict() for c in [*claims[1:], new_claim]))
    third = push(workdir, project=ls_project, client=label_studio.admin)
    assert (third.imported, third.already_present) == (1, 2)
    assert third.stale == [claims[0].id]
    ids = [t["data"]["claim_id"] for t in _tasks(label_studio, ls_project)]
    assert sorted(ids) == sorted([c.id for c in claims] + [new_claim.id])  # nothing deleted


def test_push_rejects_claims_without_document_and_reports_them(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _documents, claims = make_workspace(2)
    orphan = claim_for(make_document("Not in the workspace: 5 percent.", 7), "5 percent")
    write_jsonl(workdir / "claims.jsonl", (c.to_dict() for c in [*claims, orphan]))
    report = push(workdir, project=ls_project, client=label_studio.admin)
    assert report.imported == 2
    assert [cid for cid, _ in report.rejected] == [orphan.id]
    assert "not in documents.jsonl" in report.rejected[0][1]
