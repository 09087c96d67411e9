"""The connection to Label Studio: a client with errors a user can act on.

Where the server and key come from (flags, environment, a running ``claimset studio``) is
``annotations.discovery``'s job; ``connect`` asks it. Legacy tokens and personal access tokens
(JWT refresh tokens) both work: a PAT is exchanged for a short-lived access token through the
SDK's public ``tokens.refresh`` and renewed shortly before it expires.

Every failure becomes a one-line ``ServerError`` or ``ConfigError`` naming the server, what the
server said and what to do; the key itself never appears in a message, a log or a repr.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

from annotations.discovery import (
    CREDENTIALS_FILE,
    KEY_ENV,
    STUDIO_DIR_ENV,
    URL_ENV,
    WORKSPACE_STUDIO,
    Connection,
    NoServerError,
    default_studio_dir,
    read_studio_credentials,
    resolve_connection,
)
from claims.errors import ConfigError, ServerError

__all__ = [
    "CREDENTIALS_FILE",
    "KEY_ENV",
    "STUDIO_DIR_ENV",
    "URL_ENV",
    "WORKSPACE_STUDIO",
    "Connection",
    "LabelStudioClient",
    "NoServerError",
    "connect",
    "default_studio_dir",
    "find_project",
    "read_studio_credentials",
    "require_project",
    "resolve_connection",
]

_KEY_HINT = "a legacy token or a personal access token, from Account & Settings in Label Studio"


class LabelStudioClient:
    """A thin HTTP client over the Label Studio API with claimset's error messages.

    ``requests`` counts the HTTP requests made (tests and benchmarks read it).
    """

    def __init__(self, connection: Connection, *, timeout: float = 300.0) -> None:
        self.connection = connection
        self.url = connection.url
        self.timeout = timeout
        self.requests = 0
        self._sdk: Any = None
        self._access: str | None = None  # the current access token of a PAT
        self._access_until = 0.0  # time.monotonic() after which it is renewed
        self._http = httpx.Client(base_url=self.url, timeout=timeout)

    def __repr__(self) -> str:
        return f"LabelStudioClient(url={self.url!r})"

    @property
    def sdk(self) -> Any:
        """The ``label_studio_sdk.LabelStudio`` client on the same connection."""
        if self._sdk is None:
            from label_studio_sdk import LabelStudio

            self._sdk = LabelStudio(
                base_url=self.url, api_key=self.connection.api_key, timeout=self.timeout
            )
        return self._sdk

    def _headers(self) -> dict[str, str]:
        """Auth headers: ``Token KEY`` for a legacy token, ``Bearer ACCESS`` for a PAT."""
        key = self.connection.api_key
        if _jwt_expiry(key) is None:
            return {"Authorization": f"Token {key}", "Accept": "application/json"}
        if self._access is None or time.monotonic() >= self._access_until:
            self._access = self._refresh(key)
            lifetime = (_jwt_expiry(self._access) or time.time() + 300) - time.time()
            # renew a little early, so that no request carries a token about to expire
            self._access_until = time.monotonic() + max(lifetime - 30, 5)
        return {"Authorization": f"Bearer {self._access}", "Accept": "application/json"}

    def _refresh(self, key: str) -> str:
        """A fresh access token for personal access token ``key`` (SDK ``tokens.refresh``)."""
        from label_studio_sdk.core.api_error import ApiError

        try:
            return str(self.sdk.tokens.refresh(refresh=key).access)
        except ApiError as e:
            raise self._refused(e.status_code or 401) from None
        except httpx.HTTPError as e:
            raise self._unreachable(e) from None

    def _unreachable(self, error: Exception) -> ServerError:
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
            return ServerError(
                f"Label Studio is not reachable at {self.url}: start it with `claimset studio`, "
                f"or set {URL_ENV} (or --url) to a running server"
            )
        return ServerError(
            f"Label Studio at {self.url} stopped answering ({type(error).__name__}); "
            "run the command again once it is back: it resumes where it stopped"
        )

    def _refused(self, status: int) -> ServerError:
        source = self.connection.source
        return ServerError(
            f"Label Studio at {self.url} refused the API key (HTTP {status}) from {source}: "
            f"check --api-key or {KEY_ENV} ({_KEY_HINT})"
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
    ) -> httpx.Response:
        """One API request; any failure raises a ``ServerError`` naming the server."""
        headers = self._headers()
        self.requests += 1
        try:
            response = self._http.request(
                method, path, params=params, json=json_body, headers=headers
            )
        except httpx.HTTPError as e:
            raise self._unreachable(e) from None
        if response.status_code in (401, 403):
            raise self._refused(response.status_code)
        if response.status_code >= 400:
            raise ServerError(
                f"Label Studio at {self.url}: {method} {path} failed with HTTP "
                f"{response.status_code}: {server_reason(response, secret=self.connection.api_key)}"
            )
        return response

    def get(self, path: str, **params: Any) -> Any:
        """GET ``path`` and decode the JSON answer."""
        return self.request("GET", path, params=params).json()

    def post(self, path: str, body: Any, **params: Any) -> Any:
        """POST a JSON body and decode the JSON answer."""
        return self.request("POST", path, params=params, json_body=body).json()

    def patch(self, path: str, body: Any) -> Any:
        """PATCH a JSON body and decode the JSON answer."""
        return self.request("PATCH", path, json_body=body).json()

    def whoami(self) -> dict[str, Any]:
        """The user the key belongs to (checks the server and the key in one request)."""
        return dict(self.get("/api/current-user/whoami"))

    def projects_titled(self, title: str) -> list[dict[str, Any]]:
        """Every project whose title is exactly ``title`` (the server filter is a substring)."""
        found: list[dict[str, Any]] = []
        fields = "id,title,created_at,task_number"
        for project in self._pages("/api/projects/", title=title, include=fields):
            if project.get("title") == title:
                found.append(project)
        return found

    def _pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """The ``results`` of a paginated list endpoint, page after page."""
        page = 1
        while True:
            body = self.get(path, page=page, page_size=100, **params)
            yield from body.get("results") or []
            if not body.get("next"):
                return
            page += 1

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def __enter__(self) -> LabelStudioClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _flatten(errors: Any, prefix: str = "") -> list[str]:
    """``{"title": ["too short"]}`` -> ``["title: too short"]`` (nested fields dotted)."""
    if isinstance(errors, dict):
        out: list[str] = []
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, name))
        return out
    if isinstance(errors, list):
        return [line for item in errors for line in _flatten(item, prefix)]
    text = " ".join(str(errors).split())
    return [f"{prefix}: {text}" if prefix and prefix != "non_field_errors" else text]


def server_reason(response: httpx.Response, *, secret: str = "", limit: int = 400) -> str:
    """The server's own explanation of an error on one line: its ``detail`` and every field's
    ``validation_errors``; ``secret`` (the API key) is masked should the server echo it."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and (body.get("detail") or body.get("validation_errors")):
        fields = "; ".join(_flatten(body.get("validation_errors") or {}))
        detail = " ".join(str(body.get("detail") or "").split())
        text = f"{detail}: {fields}" if detail and fields else detail or fields
    elif body is not None:
        text = json.dumps(body, ensure_ascii=False)
    else:
        text = " ".join(response.text.split()) or response.reason_phrase
    if secret and len(secret) >= 8:
        text = text.replace(secret, "***")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def task_filter(name: str, operator: str, kind: str, value: object) -> dict[str, Any]:
    """One item of a Label Studio data-manager filter on a task column."""
    return {"filter": f"filter:tasks:{name}", "operator": operator, "type": kind, "value": value}


def tasks_after(after_id: int, *filters: dict[str, Any]) -> str:
    """The ``query`` of a keyset page: tasks with ``id > after_id`` (and ``filters``), by id.

    Offset pages shift when tasks are added or deleted meanwhile and can hide a task; a keyset
    page cannot.
    """
    items = [task_filter("id", "greater", "Number", after_id), *filters]
    body = {"filters": {"conjunction": "and", "items": items}, "ordering": ["tasks:id"]}
    return json.dumps(body, separators=(",", ":"))


def connect(
    *, url: str | None = None, api_key: str | None = None, workdir: Path | None = None
) -> LabelStudioClient:
    """A client for the server given by flags, environment or the studio file."""
    return LabelStudioClient(resolve_connection(url=url, api_key=api_key, workdir=workdir))


def find_project(client: LabelStudioClient, title: str) -> dict[str, Any] | None:
    """The one project titled ``title``, None if there is none; two is a ``ConfigError``."""
    found = client.projects_titled(title)
    if len(found) > 1:
        ids = ", ".join(str(p["id"]) for p in found)
        raise ConfigError(
            f"Label Studio at {client.url} has {len(found)} projects titled {title!r} "
            f"(ids {ids}): rename or delete all but one"
        )
    return found[0] if found else None


def require_project(client: LabelStudioClient, title: str) -> dict[str, Any]:
    """The project titled ``title``; ``ConfigError`` if missing."""
    project = find_project(client, title)
    if project is None:
        raise ConfigError(
            f"no project titled {title!r} in Label Studio at {client.url}: "
            "check --project, or create it with `claimset annotate push`"
        )
    return project


def _jwt_expiry(token: str) -> float | None:
    """The ``exp`` time of a JWT (a personal access token or its access token), else None.

    Only read to schedule renewal; the server verifies the signature.
    """
    parts = token.split(".")
    if len(parts) != 3 or not token.startswith("eyJ"):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, UnicodeDecodeError):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    return float(exp) if isinstance(exp, int | float) else 0.0
