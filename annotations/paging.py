"""Listing a project's tasks in pages whose cost does not grow with the project.

Label Studio's tasks API computes, for every page, three counts over *all* the tasks the
filter matches (the page count, the predictions and the annotations of the filtered set). A
keyset listing (``id > last id``) therefore costs O(remaining tasks) per page and O(N²) over a
project of N tasks: measured, the time per task of a full pull grew with the project
(``benchmarks/labelstudio.py``). Here each request is also bounded above, ``after < id <=
after + width``: its counts cover at most ``width`` ids, so every page costs the same and a
listing is linear.

Ids are global to the server (other projects' tasks sit between ours, deleted tasks leave
holes), so the window adapts: it doubles while windows come back sparse, and an empty window
asks for the next id above it (one unbounded request of one task) and jumps there. The listing
ends when no task lies above the last window, so every task present throughout the listing is
returned once, in id order, exactly as by the plain keyset listing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from annotations.client import LabelStudioClient, task_filter

#: ``get(path, **params)``: the client's GET (possibly wrapped in retries).
Getter = Callable[..., Any]


def window_query(after_id: int, upto: int | None, filters: tuple[dict[str, Any], ...]) -> str:
    """The ``query`` of tasks with ``after_id < id <= upto`` (no bound if None), by id."""
    items = [task_filter("id", "greater", "Number", after_id)]
    if upto is not None:
        items.append(task_filter("id", "less_or_equal", "Number", upto))
    conditions = {"conjunction": "and", "items": [*items, *filters]}
    body = {"filters": conditions, "ordering": ["tasks:id"]}
    return json.dumps(body, separators=(",", ":"))


def next_task_id(
    get: Getter, project_id: int, after_id: int, filters: tuple[dict[str, Any], ...]
) -> int | None:
    """The lowest id above ``after_id`` of a task matching ``filters``, None if there is none."""
    body = get(
        "/api/tasks/",
        project=project_id,
        fields="task_only",
        include="id",
        page=1,
        page_size=1,
        query=window_query(after_id, None, filters),
    )
    tasks = body.get("tasks") or []
    return int(tasks[0]["id"]) if tasks else None


def windowed_tasks(
    client: LabelStudioClient,
    project_id: int,
    *,
    params: dict[str, Any],
    filters: tuple[dict[str, Any], ...] = (),
    page_size: int = 1000,
    after_id: int = 0,
    get: Getter | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Pages of the project's tasks above ``after_id`` matching ``filters``, in id order.

    ``params`` are the other request parameters (``fields``, ``include``).
    """
    get = get or client.get
    width = 2 * page_size
    start = next_task_id(get, project_id, after_id, filters)
    if start is None:
        return
    after = start - 1
    while True:
        body = get(
            "/api/tasks/",
            project=project_id,
            page=1,
            page_size=page_size,
            query=window_query(after, after + width, filters),
            **params,
        )
        tasks = body.get("tasks") or []
        if tasks:
            yield tasks
        if len(tasks) == page_size:  # the window holds more: go on inside it
            after = int(tasks[-1]["id"])
            continue
        after += width
        if len(tasks) < page_size // 2:
            width *= 2  # sparse ids: wider windows
        if not tasks:
            following = next_task_id(get, project_id, after, filters)
            if following is None:
                return
            after = following - 1
            width = 2 * page_size
