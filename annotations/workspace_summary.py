"""What a push's task payloads depend on, summarised without reading a single claim.

A push with nothing new must not cost the workspace's size: building 100,000 task payloads
(reading and parsing every claim and article) took 33 s. The payloads are a function of

- ``claims.jsonl`` and ``documents.jsonl`` (or their Parquet twins, whichever the readers use:
  ``claims.workspace.workspace_file``), byte for byte: a claim, its span, an article's text or
  title, a claim dropped or added, a document missing;
- the extractor's name and version in ``manifest.json`` (the prediction's ``model_version``);
- the payload format of ``annotations.tasks`` (``TASK_FORMAT``);
- for a review round, its claims in queue order with the earlier verdicts each task shows, and
  the round number (kept beside the digest by ``annotations.pushing``).

``WorkspaceSummary.digest`` hashes all of them (the files streamed through SHA-256, about 0.1 s
per 50 MB), so any change to any payload changes the digest. The push saves it with its
confirmation, and a later push with the same digest knows the claim count, the rejected claims
and the set of claim ids without building anything.

The files are replaced atomically by every writer (``claims.workspace``), so a file that changed
while a push read it has another inode, size or modification time: ``still_current`` compares
them with what they were before hashing, and a push records the digest only if nothing moved.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotations.rounds import ReviewRound
from annotations.tasks import TASK_FORMAT, extractor_version
from claims.errors import InputError
from claims.workspace import CLAIMS, DOCUMENTS, MANIFEST, workspace_file

#: ``(name, inode, size, mtime_ns)`` of a file, None if it is missing.
Stat = tuple[str, int, int, int] | None


def _files(workdir: Path) -> list[Path]:
    return [workspace_file(workdir, CLAIMS), workspace_file(workdir, DOCUMENTS), workdir / MANIFEST]


def _stat(path: Path) -> Stat:
    try:
        stat = path.stat()
    except OSError:
        return None
    return path.name, stat.st_ino, stat.st_size, stat.st_mtime_ns


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    """A digest of everything the push's payloads depend on, and the files' stat before it."""

    digest: str
    stats: tuple[Stat, ...]

    @classmethod
    def of(cls, workdir: Path, review: ReviewRound | None = None) -> WorkspaceSummary:
        """Hash the workspace (``InputError`` if it has no claims or documents file)."""
        files = _files(workdir)
        stats = tuple(_stat(path) for path in files)
        digest = hashlib.sha256(f"claimset tasks {TASK_FORMAT}\n".encode())
        for path in files[:2]:
            try:
                with path.open("rb") as f:
                    content = hashlib.file_digest(f, "sha256").hexdigest()
            except FileNotFoundError:
                raise InputError(f"{path}: not found; run `claimset extract` first") from None
            digest.update(f"{path.name} {content}\n".encode())
        digest.update(f"extractor {extractor_version(workdir)}\n".encode())
        if review is not None:
            for claim_id in review.claims:
                line = json.dumps([claim_id, review.earlier_text(claim_id)], ensure_ascii=False)
                digest.update(f"review {line}\n".encode())
        return cls(digest.hexdigest(), stats)

    def record(self, round_number: int) -> dict[str, Any]:
        """The keys a saved confirmation must carry to be this workspace's."""
        return {"digest": self.digest, "round": round_number}

    def still_current(self, workdir: Path) -> bool:
        """Whether no workspace file was replaced or written since the digest was taken."""
        return tuple(_stat(path) for path in _files(workdir)) == self.stats
