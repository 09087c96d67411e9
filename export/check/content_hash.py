"""The ``content_hash`` rule: the card's ``claimset.content_hash`` is the hash of the data files.

The exporter hashes the names and bytes of every Parquet file it wrote
(``export.build.content_hash``) and records the digest in the card; this rule recomputes it
with that same function over the files on disk. An edited hash, or data files changed after
the export (a row rewritten, a file added or removed), no longer match. The files are read in
1 MiB chunks, so memory does not grow with the dataset.
"""

from __future__ import annotations

from export.build import content_hash
from export.check.engine import Emitter, Options, Where
from export.check.source import CARD, DatasetSource
from export.features import CONFIGS


def check_content_hash(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """``claimset.content_hash`` equals the SHA-256 recomputed from the data files."""
    where = Where(file=CARD)
    stated = ds.claimset.get("content_hash")
    if stated is None:
        out.add("missing", "the 'claimset:' block has no content_hash", where=where)
        return
    actual = content_hash(ds.root, {config: {} for config in hashed_configs(ds)})
    if str(stated) != actual:
        out.add(
            "mismatch",
            f"content_hash {str(stated)[:16]}... is not the hash of the data files "
            f"({actual[:16]}...): the card or the data changed after the export",
            where=where,
        )


def hashed_configs(ds: DatasetSource) -> list[str]:
    """The configs the exporter hashed: those of the card's ``claimset.splits``."""
    splits = ds.claimset.get("splits")
    if isinstance(splits, dict) and splits:
        return [str(config) for config in splits]
    return [config for config in CONFIGS if ds.parts_of(config)]
