"""The annotation stage: claims into Label Studio, annotations back, without loss.

Public API (the same functions the CLI calls)::

    from annotations import push, pull, Studio, load_annotations, load_annotations_dataframe

    with Studio("studio-data", port=8080) as studio:          # embedded Label Studio
        push("work", project="My claims", annotators=3)       # idempotent, crash-safe
        pull("work", project="My claims")                     # incremental
    frame = load_annotations_dataframe("work")
    push("work", project="My claims", url="https://ls.example.org", api_key=KEY)  # another server

``push`` and ``pull`` find the server as every command does (``annotations.discovery``):
``url``/``api_key``, else ``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY``, else the running studio
(a ``Studio`` or ``claimset studio`` records itself while it runs), or take a ``client``.

``push`` and ``pull`` are bound at import; the heavier modules (studio, pandas) load on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.model import Annotation

# The functions live in ``pushing``/``pulling``: a submodule named like a function of its package
# would replace that function the first time anything imported it.
from annotations.pulling import pull
from annotations.pushing import push
from annotations.schema import LABEL_SCHEMA

if TYPE_CHECKING:
    import pandas

    from annotations.client import LabelStudioClient
    from annotations.pulling import PullReport
    from annotations.pushing import PushReport
    from annotations.studio import Studio

__all__ = [
    "LABEL_SCHEMA",
    "Annotation",
    "LabelStudioClient",
    "PullReport",
    "PushReport",
    "Studio",
    "load_annotations",
    "load_annotations_dataframe",
    "pull",
    "push",
]


def load_annotations(workdir: Path | str) -> list[Annotation]:
    """The records of ``WORKDIR/annotations.jsonl`` (written by ``pull``)."""
    from claims.workspace import ANNOTATIONS, read_jsonl

    return [Annotation.from_dict(r) for _, r in read_jsonl(Path(workdir) / ANNOTATIONS)]


def load_annotations_dataframe(workdir: Path | str) -> pandas.DataFrame:
    """``WORKDIR/annotations.jsonl`` as a DataFrame: one row per annotation, UTC timestamps."""
    import pandas as pd

    from annotations.model import record_keys

    columns = record_keys()
    frame = pd.DataFrame([a.to_dict() for a in load_annotations(workdir)], columns=columns)
    for column in ("created_at", "updated_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return frame


def __getattr__(name: str) -> Any:
    """``Studio``, ``LabelStudioClient`` and the reports load their modules on first access."""
    if name == "LabelStudioClient":
        from annotations.client import LabelStudioClient

        return LabelStudioClient
    if name == "Studio":
        from annotations.studio import Studio

        return Studio
    if name == "PushReport":
        from annotations.pushing import PushReport

        return PushReport
    if name == "PullReport":
        from annotations.pulling import PullReport

        return PullReport
    raise AttributeError(f"module 'annotations' has no attribute {name!r}")
