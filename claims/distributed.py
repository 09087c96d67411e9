"""Extraction on a Ray cluster (``claimset extract --engine ray``, ``extract_with_ray``).

``pip install 'claimset[ray]'``. The driver lists the inputs' units of reading
(``claims.reader.input_units``: one per ``.txt`` file, JSONL or Parquet file; paths or URIs
only, no text) and cuts them into consecutive shards, sent to ``num_workers`` Ray actors
(``ShardExtractor``; plain Ray actors, no Ray Data: its executor, helper actors and imports
cost more CPU than the work they would schedule here). Each actor unpickles the extractor once,
in its constructor (its parser is then loaded once per worker), and for each shard it is given
reads the shard's articles itself (from the local disk, or from any file system ``pyarrow.fs``
opens: ``claims.filesystems``), extracts them ``claims.parallel.BATCH`` at a time (their
sentences parsed together, as ``--jobs`` workers do) and returns one Arrow table: a row per
input outcome, with the ``documents.jsonl`` line, the claims' lines, ids, types and scores as
Arrow columns, or the rejection. No article text and no Python object crosses a process
boundary, only the paths in and the finished lines out, as Arrow.

The driver keeps two shards in each actor's queue (so no actor waits for the next) and at most
``WINDOW_PER_WORKER`` per actor out, takes the tables back in shard order, drops an article
whose text came earlier (in this shard or an earlier one: a single run skips it) and writes
through ``claims.extract.extract``'s own writer, so the workspace, manifest included, is byte
for byte what ``claimset extract INPUTS --out WORKDIR`` writes (``--format parquet`` too).

On a cluster, ``RAY_ADDRESS`` (or ``address=``) names it. The inputs must be readable from every
node: a path every node mounts at the same place, or a URI (``s3://bucket/corpus``); the
workspace is written by the driver only, so ``WORKDIR`` is an ordinary local directory.
"""

from __future__ import annotations

import dataclasses
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
from claims.parallel import BATCH, Extracted, extract_batch
from claims.pipeline import Extractor, get_extractor
from claims.reader import Rejected, Unit, input_units, read_unit
from claims.shards import MergeReport

__all__ = ["SHARD_UNITS", "ShardExtractor", "extract_with_ray"]

#: Units of reading (files) per shard at most: large enough to amortise a Ray task's cost
#: (a few milliseconds), small enough that every actor gets several shards to balance.
SHARD_UNITS = 64
#: Shards per actor at least, when the corpus is small enough to need smaller shards.
SHARDS_PER_WORKER = 4
#: Shards in an actor's queue (the one it works on and the next, so it never waits).
QUEUED_PER_ACTOR = 2
#: Shards per actor sent and not yet written, at most (the driver's memory stays flat).
WINDOW_PER_WORKER = 4


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("--engine ray needs Ray: pip install 'claimset[ray]'") from None
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
    """A Ray actor: the extractor built once; ``extract_shard`` reads and extracts a shard of
    units and answers with an Arrow table of a row per outcome (``_schema``)."""

    def __init__(self, extractor: bytes, published: str | None, filesystem: Any) -> None:
        self.extractor: Extractor = pickle.loads(extractor)
        self.published = published
        self.filesystem = filesystem
        self.schema = _schema()

    def extract_shard(self, number: int, units: Sequence[Unit]) -> Any:
        """The shard's outcomes in input order; its documents extracted ``BATCH`` at a time
        (``claims.parallel.extract_batch``: their sentences parsed in one call, as ``--jobs``
        workers do), a text repeated within the shard not extracted (the driver drops it)."""
        import pyarrow as pa

        rows: dict[str, list[Any]] = {name: [] for name in self.schema.names}
        seen: set[str] = set()
        waiting: list[tuple[str, str | None, Document | Rejected | None]] = []
        documents = 0
        for unit in units:
            for item in read_unit(unit, self.filesystem):
                if isinstance(item, Rejected):
                    waiting.append((item.source, None, item))
                    continue
                if self.published is not None:
                    item = dataclasses.replace(item, published=self.published)
                fresh = item.sha256 not in seen
                seen.add(item.sha256)
                waiting.append((item.source or item.doc_id, item.sha256, item if fresh else None))
                documents += fresh
                if documents == BATCH:
                    self._flush(rows, number, waiting)
                    documents = 0
        self._flush(rows, number, waiting)
        return pa.Table.from_pydict(rows, schema=self.schema)

    def _flush(
        self,
        rows: dict[str, list[Any]],
        shard: int,
        waiting: list[tuple[str, str | None, Document | Rejected | None]],
    ) -> None:
        """The waiting items' rows, in order, their documents extracted together."""
        documents = [item for _, _, item in waiting if isinstance(item, Document)]
        done = iter(extract_batch(self.extractor, documents))
        for source, sha, item in waiting:
            outcome = next(done) if isinstance(item, Document) else item
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
        waiting.clear()


def _shards(units: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    iterator = iter(units)
    while chunk := list(islice(iterator, size)):
        yield chunk


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
    workspace ``out`` with Ray actors; the bytes written are those of
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


def _map(
    ray: Any, shards: list[list[Unit]], constructor: dict[str, Any], workers: int
) -> Iterator[Any]:
    """The actors' Arrow tables, one per shard, in shard order, as they are done.

    Each of ``workers`` actors has up to ``QUEUED_PER_ACTOR`` shards in its queue (the next is
    there when one is done: no actor waits for the driver), a shard going to the first actor
    with room; at most ``WINDOW_PER_WORKER`` shards per actor are out (in a queue, or done
    and waiting for an earlier one to be written), so the driver's memory stays flat."""
    actor = ray.remote(num_cpus=1)(ShardExtractor)
    actors = [actor.remote(**constructor) for _ in range(workers)]
    window = workers * WINDOW_PER_WORKER
    room = [a for _ in range(QUEUED_PER_ACTOR) for a in actors]
    out: dict[Any, tuple[int, Any]] = {}  # a shard's future: its number and actor
    done: dict[int, Any] = {}  # number: future of a finished shard not yet taken
    sent = taken = 0
    try:
        while taken < len(shards):
            while room and sent < len(shards) and sent - taken < window:
                to = room.pop(0)
                out[to.extract_shard.remote(sent, shards[sent])] = (sent, to)
                sent += 1
            if taken in done:
                table = ray.get(done.pop(taken))
                taken += 1
                yield table
                continue
            ready, _ = ray.wait(list(out), num_returns=1)
            for future in ready:
                number, by = out.pop(future)
                done[number] = future
                room.append(by)
    finally:
        for a in actors:
            ray.kill(a)
