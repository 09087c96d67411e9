"""``--push-to-hub``: upload a built dataset directory with ``huggingface_hub``.

The card is validated (``export.card_check``) before anything is sent. The upload is one commit
(to ``revision``, a branch created when missing), tagged ``claimset-<first 12 hex of the content
hash>`` so a dataset version can be loaded by its tag. The export's own marker file
(``.claimset-export.json``: which local files the export wrote) is not uploaded.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.errors import ClaimsetError, ConfigError, InputError
from export.card_check import card_problems
from export.layout import CARD, MARKER

if TYPE_CHECKING:
    from export.build import ExportReport


@dataclass(frozen=True, slots=True)
class Pushed:
    """Where the dataset went."""

    repo: str
    revision: str
    tag: str
    commit: str | None
    commit_message: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``claimset export --json``)."""
        return asdict(self)


def tag_for(content_hash: str) -> str:
    """The tag naming a dataset version: ``claimset-`` and 12 hex digits of its content hash."""
    return f"claimset-{content_hash[:12]}"


def default_message(report: ExportReport) -> str:
    """``claimset 0.1.0 export, content 1a2b3c4d5e6f``."""
    return f"claimset {report.builder_version} export, content {report.content_hash[:12]}"


def _validate_card(root: Path) -> None:
    path = root / CARD
    if not path.is_file():
        raise InputError(f"{CARD} is missing in the dataset; re-run claimset export")
    problems = card_problems(path.read_text(encoding="utf-8"))
    if problems:
        raise InputError(f"{CARD}: not a valid dataset card ({'; '.join(problems)}); not pushed")


def push_to_hub(
    root: Path | str,
    repo: str,
    *,
    report: ExportReport,
    private: bool = False,
    revision: str | None = None,
    commit_message: str | None = None,
) -> Pushed:
    """Upload ``root`` to the dataset repo ``repo`` as one tagged commit. One-line errors."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        raise ConfigError(f"cannot push to {repo}: HF_HUB_OFFLINE is set (unset it to upload)")
    _validate_card(Path(root))
    message = commit_message or default_message(report)
    tag = tag_for(report.content_hash)
    branch = revision or "main"
    try:
        from huggingface_hub import HfApi

        api = HfApi()
        api.create_repo(repo, repo_type="dataset", private=private, exist_ok=True)
        if revision:
            api.create_branch(repo, branch=revision, repo_type="dataset", exist_ok=True)
        info = api.upload_folder(
            repo_id=repo,
            folder_path=str(root),
            repo_type="dataset",
            revision=revision,
            commit_message=message,
            ignore_patterns=[MARKER],
        )
        commit = getattr(info, "oid", None)
        api.create_tag(repo, tag=tag, revision=commit or branch, repo_type="dataset", exist_ok=True)
    except Exception as e:  # network, auth or permission: all one line for the user
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ClaimsetError(f"cannot push to {repo}: {first[:200]}") from None
    return Pushed(repo, branch, tag, commit, message)
