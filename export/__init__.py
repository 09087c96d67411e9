"""The ``export`` stage: a workspace in, a Hugging Face dataset out.

Public API (imports are lazy so that ``import export`` stays light)::

    from export import export_dataset, ExportReport
    report = export_dataset("work", out="dataset")
    table = load_claims_table("dataset")      # pyarrow.Table of every split, no datasets cache
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from export.build import ExportReport, export_dataset
    from export.tables import load_claims_frame, load_claims_table, load_config_table

__all__ = [
    "ExportReport",
    "export_dataset",
    "load_claims_frame",
    "load_claims_table",
    "load_config_table",
]

_WHERE = {
    "ExportReport": "export.build",
    "export_dataset": "export.build",
    "load_claims_frame": "export.tables",
    "load_claims_table": "export.tables",
    "load_config_table": "export.tables",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'export' has no attribute {name!r}")
