"""Extraction on a Ray cluster (``claimset extract --engine ray``, ``extract_with_ray``).

``pip install 'claimset[ray]'``. The driver lists the inputs' units of reading
(``claims.reader.input_units``: one per ``.txt`` file, JSONL or Parquet file; paths only, no
text) and cuts them into consecutive shards of ``shard_units`` units. A Ray Data dataset of the
shards is mapped with ``map_batches`` over an actor pool of ``num_workers`` actors: each actor
unpickles the extractor once, in its constructor, then, for each shard it is given, reads its
units and writes the shard workspace ``WORKDIR/shards/NNNNN/`` (documents, claims, a manifest
with its rejections and counts). The driver then merges the shards in order
(``claims.shards.merge_shards``) into ``WORKDIR`` with the manifest of the inputs as given: the
same bytes as ``claimset extract INPUTS --out WORKDIR``. The shards are removed after the merge.

On a cluster, ``RAY_ADDRESS`` (or ``address=``) names it, and the inputs and ``WORKDIR`` must be
on a file system every node mounts at the same path (NFS, a cluster file system): the actors
read the articles and write their shards there, the driver merges them.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from claims.errors import ConfigError, InputError
from claims.extract import extract, input_digest
from claims.pipeline import Extractor, get_extractor, resolve_min_checkworthiness
from claims.reader import input_units, read_unit, relative_source
from claims.shards import MergeReport, merge_shards

__all__ = ["SHARDS", "extract_with_ray"]

#: Where the shard workspaces are written inside WORKDIR.
SHARDS = "shards"
#: Units of reading (files) per shard: small enough to balance, large enough to amortise.
SHARD_UNITS = 64


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("--engine ray needs Ray Data: pip install 'claimset[ray]'") from None
    return ray


class ShardWriter:
    """A Ray actor: the extractor built once; each batch row is a shard to read and write."""

    def __init__(self, extractor: bytes, root: str, published: str | None) -> None:
        self.extractor: Extractor = pickle.loads(extractor)
        self.root = Path(root)
        self.published = published

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        """Write every shard of the batch; return their numbers and document counts."""
        numbers, documents = [], []
        for number, units in zip(batch["shard"], batch["units"], strict=True):
            articles = chain.from_iterable(read_unit(tuple(u)) for u in json.loads(units))
            report = extract(
                [],
                out=self.root / f"{int(number):05d}",
                published=self.published,
                extractor=self.extractor,
                articles=articles,
                min_checkworthiness=0.0,  # the merge applies the threshold to the kept documents
            )
            numbers.append(int(number))
            documents.append(report.documents)
        return {"shard": numbers, "documents": documents}


def _shards(inputs: Sequence[str | Path], size: int) -> Iterator[dict[str, Any]]:
    units = input_units(inputs)
    number = 0
    while chunk := list(islice(units, size)):
        yield {"shard": number, "units": json.dumps(chunk)}
        number += 1


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
) -> MergeReport:
    """Extract ``inputs`` into the workspace ``out`` with Ray Data; the bytes written are those
    of ``claims.extract.extract(inputs, out=out)``.

    ``num_workers`` actors (default: the cluster's CPUs) each hold one extractor. Ray is started
    locally unless ``address`` (or ``RAY_ADDRESS``) names a cluster, or it is already running.
    Rejected inputs are in the returned report's manifest and ``rejected`` list.
    """
    ray = _ray()
    extractor = extractor or get_extractor()
    out = Path(out)
    root = out / SHARDS
    if root.exists():
        raise InputError(f"{root}: exists (left by an interrupted run?); remove it first")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not ray.is_initialized():
        ray.init(
            address=address,
            num_cpus=num_workers if address is None else None,
            include_dashboard=False,
            log_to_driver=False,
        )
    from ray.data import ActorPoolStrategy, DataContext

    DataContext.get_current().enable_progress_bars = False
    workers = num_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    shards = list(_shards(inputs, shard_units))
    root.mkdir(parents=True)
    try:
        if shards:
            ray.data.from_items(shards).map_batches(
                ShardWriter,
                fn_constructor_kwargs={
                    "extractor": pickle.dumps(extractor),
                    "root": str(root.resolve()),
                    "published": published,
                },
                batch_size=1,
                compute=ActorPoolStrategy(size=min(workers, len(shards))),
                num_cpus=1,
            ).take_all()
        entries = [
            {"path": relative_source(Path(p)), "sha256": input_digest(Path(p))} for p in inputs
        ]
        dirs = [root / f"{s['shard']:05d}" for s in shards]
        threshold = resolve_min_checkworthiness(min_checkworthiness)
        return merge_shards(dirs, out=out, inputs=entries, min_checkworthiness=threshold)
    finally:
        shutil.rmtree(root, ignore_errors=True)
