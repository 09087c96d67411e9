"""``--push-to-hub``: upload a built dataset directory with ``huggingface_hub``."""

from __future__ import annotations

import os
from pathlib import Path

from claims.errors import ClaimsetError, ConfigError


def push_to_hub(root: Path | str, repo: str) -> str:
    """Upload ``root`` to the dataset repo ``repo``; return its id. One-line errors offline."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        raise ConfigError(f"cannot push to {repo}: HF_HUB_OFFLINE is set (unset it to upload)")
    try:
        from huggingface_hub import HfApi

        api = HfApi()
        api.create_repo(repo, repo_type="dataset", exist_ok=True)
        api.upload_folder(folder_path=str(root), repo_id=repo, repo_type="dataset")
    except Exception as e:  # network, auth or permission: all one line for the user
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ClaimsetError(f"cannot push to {repo}: {first[:200]}") from None
    return repo
