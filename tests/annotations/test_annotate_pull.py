"""``annotations.pull``: three annotators with their own tokens, then incremental pulls."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import httpx
import pytest
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import EMOJI_CLAIM_SPAN, WorkspaceFactory

from annotations import load_annotations_dataframe
from annotations.config import render_config
from annotations.model import Annotation
from annotations.offsets import LabelStudioOffsets
from annotations.pulling import pull
from annotations.pushing import existing_claims, push
from annotations.wire import annotations_from_export
from claims.errors import ConfigError
from claims.workspace import read_jsonl
from export.binary import is_fresh, read_copy
from export.sources import _stream, annotation_json_schema, claim_json_schema

pytestmark = pytest.mark.labelstudio


def _records(workdir: Path) -> list[Annotation]:
    return [Annotation.from_dict(r) for _, r in read_jsonl(workdir / "annotations.jsonl")]


def _copy_rows(workdir: Path) -> list[dict[str, object]]:
    """The rows of the fresh binary copy of ``annotations.jsonl`` (fails when stale)."""
    copy = read_copy(workdir / "annotations.jsonl", annotation_json_schema())
    assert copy is not None
    return [row for batch in copy for row in batch.to_pylist()]


def _parsed_rows(workdir: Path) -> list[dict[str, object]]:
    path = workdir / "annotations.jsonl"
    return [row for batch in _stream(path, annotation_json_schema()) for row in batch.to_pylist()]


def _next_second() -> None:
    """Wait until the server clock's second changes (the pull cursor's resolution)."""
    time.sleep(1.05 - time.time() % 1)


def _span_ls(text: str, span: str) -> tuple[int, int, str]:
    """``span``'s region in Label Studio's offsets (as the editor would save it)."""
    start = text.index(span)
    m = LabelStudioOffsets(text)
    return m.to_label_studio(start), m.to_label_studio(start + len(span)), span


def test_three_annotators_skip_update_delete_drafts_incrementally(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, claims = make_workspace(3)
    report = push(workdir, project=ls_project, client=label_studio.admin)
    task_of = existing_claims(label_studio.admin, report.project_id)
    t1, t2 = task_of[claims[0].id], task_of[claims[1].id]
    a1, a2, a3 = label_studio.annotators
    text = documents[0].text
    adjusted = "rose by 12 percent"  # annotator 1 narrows the span
    ann1 = label_studio.annotate(
        a1, t1, verdict="supported", quality="correct", span=_span_ls(text, adjusted), notes="ok"
    )
    ann2 = label_studio.annotate(
        a2, t1, verdict="refuted", quality="not_atomic", span=_span_ls(text, EMOJI_CLAIM_SPAN)
    )
    ann3 = label_studio.annotate(a3, t1, cancelled=True)  # skips the task
    ann4 = label_studio.annotate(a1, t2, verdict="not_enough_evidence", quality="correct")
    draft = httpx.post(
        f"{label_studio.url}/api/tasks/{t2}/drafts",
        json={"result": [], "lead_time": 1.0},
        headers={"Authorization": f"Token {a2.token}"},
    )
    assert draft.status_code == 201  # a draft exists, and must not be pulled
    _next_second()  # the pull's cursor has one-second resolution: let changes settle in

    first = pull(workdir, project=ls_project, client=label_studio.admin)
    assert first.full and first.annotations == 4 and first.cancelled == 1
    got = {a.annotation_id: a for a in _records(workdir)}
    assert sorted(got) == sorted([ann1, ann2, ann3, ann4])
    assert got[ann1].verdict == "supported" and got[ann1].claim_quality == "correct"
    assert got[ann1].notes == "ok" and got[ann1].lead_time == 12.5
    start = text.index(adjusted)
    assert (got[ann1].span_start, got[ann1].span_end) == (start, start + len(adjusted))
    assert (got[ann2].span_start, got[ann2].span_end) == (claims[0].start, claims[0].end)
    assert got[ann3].was_cancelled and got[ann3].verdict is None
    assert got[ann4].claim_id == claims[1].id and got[ann4].task_id == t2
    assert len({got[ann1].annotator, got[ann2].annotator, got[ann3].annotator}) == 3
    assert got[ann1].annotator == got[ann4].annotator  # stable pseudonym per user
    content = (workdir / "annotations.jsonl").read_text(encoding="utf-8")
    assert "@" not in content and a1.token not in content
    salt = workdir / ".claimset" / "annotator-salt"
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    assert _copy_rows(workdir) == _parsed_rows(workdir)  # the binary copy the export reads
    assert is_fresh(workdir / "claims.jsonl", claim_json_schema())  # and the claims' one

    # Nothing changed: the next pull reads no task at all.
    idle = pull(workdir, project=ls_project, client=label_studio.admin)
    assert not idle.full and idle.tasks_fetched == 0 and idle.annotations == 4

    # Annotator 2 changes their mind later, with their own token.
    changed = httpx.patch(
        f"{label_studio.url}/api/annotations/{ann2}/",
        json={
            "result": [
                {
                    "from_name": "verdict",
                    "to_name": "article",
                    "type": "choices",
                    "value": {"choices": ["conflicting_evidence"]},
                }
            ]
        },
        headers={"Authorization": f"Token {a2.token}"},
    )
    assert changed.status_code == 200
    _next_second()
    second = pull(workdir, project=ls_project, client=label_studio.admin)
    assert (second.full, second.tasks_fetched, second.annotations) == (False, 1, 4)
    updated = {a.annotation_id: a for a in _records(workdir)}[ann2]
    assert updated.verdict == "conflicting_evidence" and updated.updated_at > got[ann2].updated_at
    assert _copy_rows(workdir) == _parsed_rows(workdir)  # rewritten with the file
    assert "conflicting_evidence" in [r["verdict"] for r in _copy_rows(workdir)]

    # An annotation is deleted: it disappears.
    label_studio.admin.request("DELETE", f"/api/annotations/{ann4}/")
    _next_second()
    third = pull(workdir, project=ls_project, client=label_studio.admin)
    assert third.tasks_fetched == 1 and third.removed == 1
    assert sorted(a.annotation_id for a in _records(workdir)) == sorted([ann1, ann2, ann3])

    # A whole task is deleted: its annotations disappear too.
    label_studio.admin.request("DELETE", f"/api/tasks/{t1}/")
    fourth = pull(workdir, project=ls_project, client=label_studio.admin)
    assert fourth.removed == 3 and _records(workdir) == []


def test_pull_matches_the_ui_json_export(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, documents, _ = make_workspace(2)
    report = push(workdir, project=ls_project, client=label_studio.admin)
    a1, a2, _ = label_studio.annotators
    for task_id in existing_claims(label_studio.admin, report.project_id).values():
        label_studio.annotate(
            a1,
            task_id,
            verdict="supported",
            quality="correct",
            span=_span_ls(documents[0].text, EMOJI_CLAIM_SPAN),
        )
        label_studio.annotate(a2, task_id, cancelled=True)
    pull(workdir, project=ls_project, client=label_studio.admin)
    raw = label_studio.admin.request(
        "GET", f"/api/projects/{report.project_id}/export", params={"exportType": "JSON"}
    ).json()
    salt = (workdir / ".claimset" / "annotator-salt").read_text().strip()
    exported = sorted(
        annotations_from_export(raw, salt=salt, project_id=report.project_id),
        key=lambda a: (a.task_id, a.annotation_id),
    )
    assert exported == _records(workdir) and len(exported) == 4
    frame = load_annotations_dataframe(workdir)
    assert list(frame["annotation_id"]) == [a.annotation_id for a in exported]
    assert str(frame["created_at"].dt.tz) == "UTC" and frame["was_cancelled"].sum() == 2


def test_pull_refuses_a_config_edited_by_hand(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(1)
    report = push(workdir, project=ls_project, client=label_studio.admin)
    edited = render_config().replace('alias="refuted"', 'alias="false"')
    label_studio.admin.patch(f"/api/projects/{report.project_id}/", {"label_config": edited})
    with pytest.raises(ConfigError) as info:
        pull(workdir, project=ls_project, client=label_studio.admin)
    message = str(info.value)
    assert "no longer fits the claimset schema" in message and "verdict" in message
    assert "\n" not in message
    # A push restores the schema's config; the pull works again.
    assert push(workdir, project=ls_project, client=label_studio.admin).config_updated
    assert pull(workdir, project=ls_project, client=label_studio.admin).annotations == 0
    assert json.loads((workdir / ".claimset" / f"pull-{report.project_id}.json").read_text())
