"""The duplicate rule (which task of a claim survives) and the retry of a busy server."""

from __future__ import annotations

import pytest

import annotations.busy as busy
from annotations.busy import retry_busy
from annotations.duplicates import TaskRef, plan, several_tasks
from claims.errors import ServerError


def refs(*tasks: tuple[int, bool]) -> list[TaskRef]:
    return [TaskRef(task_id, annotated) for task_id, annotated in tasks]


@pytest.mark.parametrize(
    ("tasks", "deleted", "kept"),
    [
        ([(5, False)], [], []),
        ([(5, False), (9, False)], [9], []),  # the oldest stays
        ([(5, False), (9, True)], [5], []),  # the annotated one stays
        ([(5, True), (9, False), (12, False)], [9, 12], []),
        ([(5, True), (9, True)], [], [[5, 9]]),  # both annotated: both stay, reported
        ([(5, False), (9, True), (12, True)], [5], [[9, 12]]),
    ],
)
def test_the_survivor_rule(
    tasks: list[tuple[int, bool]], deleted: list[int], kept: list[list[int]]
) -> None:
    delete, several = plan({"claim-a": refs(*tasks), "claim-b": refs((1, False))})
    assert delete == deleted
    assert several == [("claim-a", ids) for ids in kept]


def test_every_pusher_reaches_the_same_survivor_whatever_it_saw_first() -> None:
    # One pusher listed before task 9 was annotated, another after: neither deletes task 9.
    early, _ = plan({"c": refs((5, False), (9, False))})
    late, _ = plan({"c": refs((5, False), (9, True))})
    assert early == [9] and late == [5]  # the server refuses early's delete once 9 is annotated


def test_several_tasks_lists_claims_on_more_than_one_task() -> None:
    pairs = [("a", 3), ("a", 3), ("b", 4), ("b", 8), ("c", 9), ("b", 4)]
    assert several_tasks(pairs) == [("b", [4, 8])]


def test_a_busy_server_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(busy, "DELAYS", (0.0, 0.0, 0.0))
    answers: list[object] = [
        ServerError("Label Studio at http://x: POST /api/import failed with HTTP 500: locked"),
        ServerError("Label Studio at http://x: POST /api/import failed with HTTP 503: busy"),
        "stored",
    ]

    def call(path: str, *, body: int) -> object:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return (answer, path, body)

    assert retry_busy(call, "/api/import", body=1) == ("stored", "/api/import", 1)


@pytest.mark.parametrize(
    "message",
    [
        "Label Studio at http://x: GET /api/tasks/ failed with HTTP 404: not found",
        "Label Studio is not reachable at http://x: start it with `claimset studio`",
        "Label Studio at http://x stopped answering (ReadError); run the command again",
    ],
)
def test_other_failures_are_not_retried(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    monkeypatch.setattr(busy, "DELAYS", (0.0, 0.0))
    calls: list[int] = []

    def call() -> None:
        calls.append(1)
        raise ServerError(message)

    with pytest.raises(ServerError, match="Label Studio"):
        retry_busy(call)
    assert calls == [1]


def test_a_server_busy_for_too_long_fails_with_its_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(busy, "DELAYS", (0.0, 0.0))
    calls: list[int] = []

    def call() -> None:
        calls.append(1)
        raise ServerError("Label Studio at http://x: POST p failed with HTTP 500: locked")

    with pytest.raises(ServerError, match="HTTP 500"):
        retry_busy(call)
    assert len(calls) == 3
