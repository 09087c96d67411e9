"""The project settings a push applies survive a busy Label Studio (a 5xx for a moment): the
settings PATCH is asked again, and the ``Claims`` tab is added once even when its POST landed
before the server answered 500. The fault is injected: a real server cannot be made busy on cue."""

from __future__ import annotations

from typing import Any

import pytest

from annotations import busy
from annotations.project_settings import apply_project_settings, project_settings
from claims.errors import ServerError


class BusyOnce:
    """A client whose first PATCH and first view POST fail with HTTP 500 (the POST after it
    landed, as SQLite's lock timeout does)."""

    def __init__(self) -> None:
        self.project: dict[str, Any] = {"id": 7}
        self.views: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.failed: set[str] = set()

    def _busy(self, method: str) -> None:
        if method not in self.failed:
            self.failed.add(method)
            raise ServerError(f"Label Studio at http://x: {method} failed with HTTP 500: locked")

    def get(self, path: str, **params: Any) -> Any:
        self.calls.append(f"GET {path}")
        return self.views if path == "/api/dm/views/" else dict(self.project)

    def patch(self, path: str, body: Any) -> Any:
        self.calls.append(f"PATCH {path}")
        self._busy("PATCH")
        self.project.update(body)
        return dict(self.project)

    def post(self, path: str, body: Any, **params: Any) -> Any:
        self.calls.append(f"POST {path}")
        self.views.append(body)  # it lands, and then the answer is a 500
        self._busy("POST")
        return body


def test_settings_and_the_claims_tab_survive_a_busy_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(busy, "DELAYS", (0.0, 0.0))
    client = BusyOnce()
    apply_project_settings(client, 7)  # type: ignore[arg-type]
    assert client.calls.count("PATCH /api/projects/7/") == 2
    assert all(client.project.get(k) == v for k, v in project_settings().items())
    assert [v["data"]["title"] for v in client.views] == ["Claims"]


def test_a_refusal_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(busy, "DELAYS", (0.0, 0.0))

    class Refusing(BusyOnce):
        def patch(self, path: str, body: Any) -> Any:
            self.calls.append(f"PATCH {path}")
            raise ServerError("Label Studio at http://x: PATCH failed with HTTP 400: bad field")

    client = Refusing()
    with pytest.raises(ServerError, match="HTTP 400"):
        apply_project_settings(client, 7)  # type: ignore[arg-type]
    assert client.calls.count("PATCH /api/projects/7/") == 1
