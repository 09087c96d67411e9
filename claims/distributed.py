"""Extraction on a Ray cluster (``claimset extract --engine ray``, ``extract_with_ray``).

``pip install 'claimset[ray]'``. The driver lists the inputs' units of reading
(``claims.reader.input_units``: one per ``.txt`` file, JSONL or Parquet file; paths or URIs
only, no text) and cuts them into consecutive shards. A Ray Data dataset of the shards is
mapped with ``map_batches`` over a pool of ``num_workers`` actors: each actor unpickles the
extractor once, in its constructor (its parser is then loaded once per worker), and for each
shard it is given reads the shard's articles itself (from the local disk, or from any file
system ``pyarrow.fs`` opens: ``claims.filesystems``) and returns one Arrow table: a row per
input outcome, with the ``documents.jsonl`` line, the claims' lines, ids, types and scores as
Arrow columns, or the rejection. No article text and no Python object crosses a process
boundary, only the paths in and the finished lines out, as Arrow.

The driver takes the tables back in shard order (Ray Data's ``preserve_order``), while the
actors go on with the next shards, drops an article whose text came earlier (in this shard or
an earlier one: a single run skips it) and writes through ``claims.extract.extract``'s own
writer, so the workspace, manifest included, is byte for byte what
``claimset extract INPUTS --out WORKDIR`` writes (``--format parquet`` too).

On a cluster, ``RAY_ADDRESS`` (or ``address=``) names it. The inputs must be readable from every
node: a path every node mounts at the same place, or a URI (``s3://bucket/corpus``); the
workspace is written by the driver only, so ``WORKDIR`` is an ordinary local directory.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from claims.errors import ConfigError
from claims.extract import ExtractReport, check_published, extract
from claims.model import Document
from claims.parallel import Extracted, extract_one
from claims.pipeline import Extractor, get_extractor
from claims.reader import Rejected, Unit, input_units, read_unit
from claims.shards import MergeReport

__all__ = ["SHARD_UNITS", "ShardExtractor", "extract_with_ray"]

#: Units of reading (files) per shard at most: large enough to amortise a Ray task's cost
#: (a few milliseconds), small enough that every actor gets several shards to balance.
SHARD_UNITS = 64
#: Shards per actor at least, when the corpus is small enough to need smaller shards.
SHARDS_PER_WORKER = 4


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("--engine ray needs Ray Data: pip install 'claimset[ray]'") from None
    return ray


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("shard", pa.int64()),
            ("source", pa.string()),
            ("sha256", pa.string()),  # null: rejected when read (no document)
            ("document", pa.binary()),  # null: rejected, or a repeat within the shard
            ("reason", pa.string()),
            ("hint", pa.string()),
            ("claim_ids", pa.list_(pa.string())),
            ("claim_types", pa.list_(pa.string())),
            ("claim_lines", pa.list_(pa.binary())),
            ("claim_scores", pa.list_(pa.float64())),
        ]
    )


class ShardExtractor:
    """A Ray actor: the extractor built once; each batch row is a shard of units to read and
    extract, answered as an Arrow table with a row per outcome (``_schema``)."""

    def __init__(self, extractor: bytes, published: str | None, filesystem: Any) -> None:
        self.extractor: Extractor = pickle.loads(extractor)
        self.published = published
        self.filesystem = filesystem
        self.schema = _schema()

    def __call__(self, batch: dict[str, Any]) -> Any:
        """Every shard of the batch, read and extracted, its outcomes in input order."""
        import pyarrow as pa

        rows: dict[str, list[Any]] = {name: [] for name in self.schema.names}
        for number, units in zip(batch["shard"], batch["units"], strict=True):
            seen: set[str] = set()
            for unit in json.loads(units):
                for item in read_unit(tuple(unit), self.filesystem):
                    self._add(rows, int(number), item, seen)
        return pa.Table.from_pydict(rows, schema=self.schema)

    def _add(self, rows: dict[str, list[Any]], shard: int, item: Any, seen: set[str]) -> None:
        outcome: Extracted | Rejected | None = item if isinstance(item, Rejected) else None
        sha = None
        if isinstance(item, Document):
            if self.published is not None:
                item = dataclasses.replace(item, published=self.published)
            sha = item.sha256
            if sha not in seen:  # a repeat within the shard is not extracted (the driver drops it)
                seen.add(sha)
                outcome = extract_one(self.extractor, item)
            source = item.source or item.doc_id
        else:
            source = item.source
        claims = outcome.claims if isinstance(outcome, Extracted) else []
        row = {
            "shard": shard,
            "source": source,
            "sha256": sha,
            "document": outcome.document if isinstance(outcome, Extracted) else None,
            "reason": outcome.reason if isinstance(outcome, Rejected) else None,
            "hint": outcome.hint if isinstance(outcome, Rejected) else None,
            "claim_ids": [c[0] for c in claims],
            "claim_types": [c[1] for c in claims],
            "claim_lines": [c[2] for c in claims],
            "claim_scores": [c[3] for c in claims],
        }
        for name, value in row.items():
            rows[name].append(value)


def _shards(units: Iterable[Unit], size: int) -> Iterator[dict[str, Any]]:
    iterator = iter(units)
    number = 0
    while chunk := list(islice(iterator, size)):
        yield {"shard": number, "units": json.dumps(chunk)}
        number += 1


def _shard_size(units: int, workers: int, most: int) -> int:
    """Units per shard: ``most``, or fewer so that each worker gets a few shards."""
    return max(1, min(most, math.ceil(units / (workers * SHARDS_PER_WORKER))))


@dataclasses.dataclass(slots=True)
class _Counts:
    shards: int = 0
    cross_shard: int = 0


def _outcomes(
    tables: Iterable[Any], report: ExtractReport, counts: _Counts
) -> Iterator[Extracted | Rejected]:
    """The actors' rows in order as the writer takes them; repeated texts dropped and noted
    (``report.duplicates``) as a single run notes them."""
    seen: dict[str, tuple[str, int]] = {}
    for table in tables:
        columns = table.to_pydict()
        for i in range(table.num_rows):
            row = {name: values[i] for name, values in columns.items()}
            sha, source = row["sha256"], row["source"]
            if sha is not None:
                if sha in seen:
                    first, shard = seen[sha]
                    report.duplicates.append(f"{source}: same text as {first}")
                    counts.cross_shard += shard != row["shard"]
                    continue
                seen[sha] = (source, row["shard"])
            if row["document"] is None:
                assert row["reason"] is not None, f"{source}: neither a document nor a reason"
                yield Rejected(source, row["reason"], row["hint"] or "")
                continue
            claims = zip(
                row["claim_ids"], row["claim_types"], row["claim_lines"], row["claim_scores"],
                strict=True,
            )  # fmt: skip
            yield Extracted(source, row["document"], list(claims))


def extract_with_ray(
    inputs: Sequence[str | Path],
    *,
    out: Path,
    num_workers: int | None = None,
    published: str | None = None,
    extractor: Extractor | None = None,
    address: str | None = None,
    shard_units: int = SHARD_UNITS,
    min_checkworthiness: float | None = None,
    fmt: str = "jsonl",
    filesystem: Any | None = None,
) -> MergeReport:
    """Extract ``inputs`` (paths, or URIs of any file system ``pyarrow.fs`` opens) into the
    workspace ``out`` with Ray Data; the bytes written are those of
    ``claims.extract.extract(inputs, out=out)``.

    ``num_workers`` actors (default: the cluster's CPUs) each hold one extractor. Ray is started
    locally unless ``address`` (or ``RAY_ADDRESS``) names a cluster, or it is already running.
    ``filesystem`` (a ``pyarrow.fs.FileSystem``) is where every input path is read. Rejected
    inputs are in the returned report's count and the manifest's ``rejected`` list.
    """
    ray = _ray()
    extractor = extractor or get_extractor()
    published = check_published(published)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not ray.is_initialized():
        ray.init(
            address=address,
            num_cpus=num_workers if address is None else None,
            include_dashboard=False,
            log_to_driver=False,
        )
    workers = num_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    units = list(input_units(inputs, filesystem))
    size = _shard_size(len(units), workers, shard_units)
    shards = list(_shards(units, size))
    counts = _Counts()
    counts.shards = len(shards)
    constructor = {
        "extractor": pickle.dumps(extractor),
        "published": published,
        "filesystem": filesystem,
    }

    def engine(report: ExtractReport) -> Iterator[Extracted | Rejected]:
        if shards:
            tables = _map(ray, shards, constructor, min(workers, len(shards)))
            yield from _outcomes(tables, report, counts)

    report = extract(
        inputs,
        out=Path(out),
        published=published,
        extractor=extractor,
        fmt=fmt,
        min_checkworthiness=min_checkworthiness,
        outcomes=engine,
        filesystem=filesystem,
    )
    return MergeReport(
        workdir=str(out),
        shards=counts.shards,
        documents=report.documents,
        claims=report.claims,
        rejected=len(report.rejected),
        duplicates=len(report.duplicates),
        cross_shard_duplicates=counts.cross_shard,
        min_checkworthiness=report.min_checkworthiness,
        below_checkworthiness=report.below_checkworthiness,
    )


def _map(ray: Any, shards: list[dict[str, Any]], constructor: dict[str, Any], workers: int) -> Any:
    """The actors' Arrow tables, one per shard, in shard order, as they are done."""
    from ray.data import DataContext

    context = DataContext.get_current()
    context.enable_progress_bars = False
    keep = context.execution_options.preserve_order
    context.execution_options.preserve_order = True
    try:
        dataset = ray.data.from_items(shards, override_num_blocks=len(shards)).map_batches(
            ShardExtractor,
            fn_constructor_kwargs=constructor,
            batch_size=1,
            concurrency=workers,
            num_cpus=1,
            batch_format="numpy",
        )
        yield from dataset.iter_batches(batch_size=None, batch_format="pyarrow")
    finally:
        context.execution_options.preserve_order = keep
