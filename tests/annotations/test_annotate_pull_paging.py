"""Id-window paging (``annotations.paging``) against the real server: every task once, in order.

Ids are global to the server: the test interleaves two projects' tasks and leaves a hole of
deleted tasks wider than a window, so windows come back partly full, sparse and empty.
"""

from __future__ import annotations

import pytest
from fixtures.labelstudio import LabelStudioServer

from annotations.client import task_filter
from annotations.config import render_config
from annotations.duplicates import list_tasks
from annotations.paging import windowed_tasks

pytestmark = pytest.mark.labelstudio


def _project(server: LabelStudioServer, title: str) -> int:
    body = {"title": title, "label_config": render_config()}
    return int(server.admin.post("/api/projects/", body)["id"])


def _import(server: LabelStudioServer, project_id: int, n: int, tag: str) -> list[int]:
    tasks = [{"data": {"text": f"{tag} {i}", "claim_id": f"{tag}-{i}"}} for i in range(n)]
    answer = server.admin.post(f"/api/projects/{project_id}/import", tasks, return_task_ids="true")
    return [int(t) for t in answer["task_ids"]]


def test_windows_list_every_task_once_across_interleaved_ids_and_holes(
    label_studio: LabelStudioServer, ls_project: str
) -> None:
    ours = _project(label_studio, ls_project)
    theirs = _project(label_studio, ls_project + "-other")
    try:
        expected: list[int] = []
        for round_ in range(4):
            expected += _import(label_studio, ours, 3, f"o{round_}")
            _import(label_studio, theirs, 2, f"t{round_}")  # ids between ours
        hole = _import(label_studio, ours, 12, "hole")  # wider than a window, then deleted
        for task_id in hole:
            label_studio.admin.request("DELETE", f"/api/tasks/{task_id}/")
        expected += _import(label_studio, ours, 5, "after")
        pages = list(
            windowed_tasks(
                label_studio.admin, ours, params={"fields": "task_only", "include": "id"},
                page_size=2,
            )
        )  # fmt: skip
        listed = [int(t["id"]) for page in pages for t in page]
        assert listed == expected
        assert all(0 < len(page) <= 2 for page in pages)
        plain = [int(t["id"]) for t in list_tasks(label_studio.admin, ours, include="id")]
        assert plain == expected
        # With a filter beside the window's own bounds: the tasks above the middle one.
        middle = expected[len(expected) // 2]
        above = task_filter("id", "greater", "Number", middle)
        filtered = windowed_tasks(
            label_studio.admin, ours, params={"fields": "task_only", "include": "id"},
            filters=(above,), page_size=3,
        )  # fmt: skip
        assert [int(t["id"]) for page in filtered for t in page] == [
            t for t in expected if t > middle
        ]
        last = expected[-1]
        assert list(windowed_tasks(label_studio.admin, ours, params={}, after_id=last)) == []
    finally:
        label_studio.admin.request("DELETE", f"/api/projects/{theirs}/")
