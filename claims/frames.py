"""pandas views of a workspace: one row per claim (slots as columns) or per document.

pandas is imported when these functions are called, so ``import claims`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from claims.model import SLOT_FIELDS
from claims.workspace import read_claims, read_documents

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load_claims_dataframe", "load_documents_dataframe"]

CLAIM_COLUMNS = ["id", "doc_id", "type", "text", "start", "end", *SLOT_FIELDS]
DOCUMENT_COLUMNS = ["doc_id", "title", "publisher", "published", "source", "sha256", "text"]


def load_claims_dataframe(workdir: str | Path) -> pd.DataFrame:
    """``WORKDIR/claims.jsonl`` as a DataFrame; every slot of ``SLOT_FIELDS`` is a column."""
    import pandas as pd

    rows = []
    for claim in read_claims(Path(workdir)):
        row = {k: v for k, v in claim.to_dict().items() if k != "slots"}
        row.update({slot: claim.slots.get(slot) for slot in SLOT_FIELDS})
        rows.append(row)
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def load_documents_dataframe(workdir: str | Path) -> pd.DataFrame:
    """``WORKDIR/documents.jsonl`` as a DataFrame, one row per document."""
    import pandas as pd

    rows = [d.to_dict() for d in read_documents(Path(workdir))]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
