"""Reading a built dataset straight from its Parquet files (no ``datasets`` cache involved)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from claims.errors import InputError
from export.features import CONFIGS, arrow_schema_for
from export.layout import split_files

if TYPE_CHECKING:
    import pandas as pd


def load_config_table(
    root: Path | str, config: str = "claims", *, with_split: bool = True
) -> pa.Table:
    """Every split of ``config`` as one table (split order: file name), plus a ``split`` column."""
    if config not in CONFIGS:
        raise InputError(f"unknown config {config!r}; one of {', '.join(CONFIGS)}")
    files = split_files(Path(root), config)
    if not files:
        raise InputError(f"{root}: no Parquet files for config {config!r}; run `claimset export`")
    tables = []
    for split, path in files.items():
        table = pq.read_table(path, schema=arrow_schema_for(config))
        if with_split:
            table = table.append_column("split", pa.array([split] * table.num_rows, pa.string()))
        tables.append(table)
    return pa.concat_tables(tables)


def load_claims_table(root: Path | str) -> pa.Table:
    """The ``claims`` config of a built dataset, every split, as a ``pyarrow.Table``."""
    return load_config_table(root, "claims")


def load_claims_frame(root: Path | str) -> pd.DataFrame:
    """The ``claims`` config as a pandas DataFrame (labels as ClassLabel indices)."""
    return load_claims_table(root).to_pandas()
