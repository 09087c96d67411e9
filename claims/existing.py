"""What ``claimset extract --append`` needs to know about the workspace it adds to.

The existing lines are kept byte for byte; this module only reads which texts (SHA-256) and
claim ids are already there, how many claims of each type, and the manifest, and refuses a
workspace made by another extractor (its claims would not be comparable with the new ones).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

from claims.errors import InputError
from claims.workspace import (
    CLAIMS,
    DOCUMENTS,
    MANIFEST,
    PARQUET_NAMES,
    WorkspaceError,
    read_jsonl,
)

__all__ = ["Existing", "read_existing"]


@dataclasses.dataclass(slots=True)
class Existing:
    """The workspace before an ``--append`` run (empty for a replacing run or a new workspace)."""

    documents_path: Path | None = None
    claims_path: Path | None = None
    sources: dict[str, str] = dataclasses.field(default_factory=dict)  # sha256 -> source
    claim_ids: set[str] = dataclasses.field(default_factory=set)
    claims_by_type: Counter[str] = dataclasses.field(default_factory=Counter)
    documents: int = 0
    claims: int = 0
    manifest: dict[str, Any] | None = None


def read_existing(out: Path, extractor: dict[str, Any]) -> Existing:
    """The documents, claims and manifest already in ``out``; ``InputError`` if unusable."""
    docs, claims, manifest_path = out / DOCUMENTS, out / CLAIMS, out / MANIFEST
    if any((out / name).exists() for name in PARQUET_NAMES.values()):
        raise InputError(
            f"{out}: holds Parquet (extract --format parquet); --append adds JSON Lines: "
            "re-run without --append over all the articles"
        )
    if not docs.exists() and not claims.exists():
        return Existing()  # nothing to add to: the same as a first run
    for path in (docs, claims):
        if not path.exists():
            raise InputError(
                f"{path}: missing, so --append cannot add to {out}; "
                "re-run without --append to rebuild the workspace"
            )
    existing = Existing(documents_path=docs, claims_path=claims)
    try:
        for _, record in read_jsonl(docs):
            sha = str(record.get("sha256") or record.get("doc_id") or "")
            existing.sources.setdefault(sha, str(record.get("source") or record.get("doc_id")))
            existing.documents += 1
        for _, record in read_jsonl(claims):
            existing.claim_ids.add(str(record.get("id")))
            existing.claims_by_type[str(record.get("type"))] += 1
            existing.claims += 1
    except WorkspaceError as e:
        raise InputError(f"{e}; --append keeps every existing line, so fix it first") from None
    existing.manifest = _read_manifest(manifest_path)
    _check_same_extractor(existing.manifest, extractor, out)
    return existing


def _read_manifest(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e}); re-run without --append") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object; re-run without --append")
    return data


def _check_same_extractor(
    manifest: dict[str, Any] | None, extractor: dict[str, Any], out: Path
) -> None:
    """Refuse to mix the claims of two extractors (or configurations) in one workspace."""
    before = (manifest or {}).get("extractor")
    if not isinstance(before, dict) or "config_hash" not in before:
        return  # a workspace written by other tools: nothing to compare with
    if before.get("config_hash") == extractor["config_hash"]:
        return
    was = f"{before.get('name')} {before.get('version')} (config {before.get('config_hash')})"
    now = f"{extractor['name']} {extractor['version']} (config {extractor['config_hash']})"
    raise InputError(
        f"{out}: its claims were extracted with {was}, this run uses {now}; --append would mix "
        "them: re-run without --append over all the articles"
    )
