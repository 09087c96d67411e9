"""``claimset merge SHARD... --out WORKDIR``: shard workspaces into the one a single run writes.

A corpus is sharded by input: each machine (or worker) runs ``claimset extract PART --out
SHARD`` over its own consecutive slice of the inputs, and every shard is a complete workspace with
its own manifest. Merging the shards in the order of the slices gives, byte for byte, the
workspace ``claimset extract PART1 PART2 ... --out WORKDIR`` writes: documents and claims in
order; an article whose text an earlier shard already holds is dropped with its claims and
counted as a duplicate (as a single run skips it); the manifest's inputs, rejections and counts
are the shards' concatenated and summed.

A shard may hold JSON Lines or Parquet (``extract --format parquet``; a Parquet row is written
back as the JSON line it came from), and the merge writes either (``--format``). The merge
streams the shards' JSON lines as they are (no record is rebuilt); what it keeps in memory
is the set of texts seen (32 bytes of SHA-256 per document), as a single run does. The shards must
share the extractor configuration and the ``--published`` setting, or the merge refuses.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from claims.errors import InputError
from claims.model import CLAIM_FIELDS
from claims.pipeline import resolve_min_checkworthiness
from claims.temps import make_temp_file
from claims.workspace import (
    CLAIMS,
    DOCUMENTS,
    MANIFEST,
    PARQUET_NAMES,
    WorkspaceError,
    atomic_write_text,
    dumps,
    iter_records,
    jsonl_to_parquet,
    workspace_file,
)

__all__ = ["MergeReport", "merge_shards"]


@dataclasses.dataclass(slots=True)
class MergeReport:
    """What a merge wrote: the counts of the merged workspace and the cross-shard repeats."""

    workdir: str
    shards: int = 0
    documents: int = 0
    claims: int = 0
    rejected: int = 0
    duplicates: int = 0
    cross_shard_duplicates: int = 0
    min_checkworthiness: float | None = None  # applied by the merge (shards kept every claim)
    below_checkworthiness: int = 0  # claims the merge dropped below it

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data (``claimset merge --json``)."""
        return dataclasses.asdict(self)


def _manifest(shard: Path) -> dict[str, Any]:
    path = shard / MANIFEST
    if not path.is_file():
        raise InputError(
            f"{path}: not found; each SHARD must be a workspace written by `claimset extract` "
            "(a run whose articles were all rejected writes none: fix its inputs)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e}); re-run the shard's extract") from None
    if not isinstance(data, dict) or not isinstance(data.get("extractor"), dict):
        raise InputError(f"{path}: not a claimset manifest; re-run the shard's extract")
    for name in (DOCUMENTS, CLAIMS):
        if not workspace_file(shard, name).is_file():
            raise InputError(f"{shard / name}: not found; re-run the shard's extract")
    return data


def _same_setting(manifests: list[dict[str, Any]], shards: Sequence[Path]) -> None:
    """Refuse shards made with different extractors or ``--published`` dates."""
    first = manifests[0]
    for shard, manifest in zip(shards[1:], manifests[1:], strict=True):
        if manifest["extractor"].get("config_hash") != first["extractor"].get("config_hash"):
            raise InputError(
                f"{shard}: extracted with config {manifest['extractor'].get('config_hash')}, "
                f"{shards[0]} with {first['extractor'].get('config_hash')}; re-extract the "
                "shards with the same claimset version and extractor"
            )
        if manifest.get("min_checkworthiness") != first.get("min_checkworthiness"):
            raise InputError(
                f"{shard}: --min-checkworthiness {manifest.get('min_checkworthiness')}, "
                f"{shards[0]}: {first.get('min_checkworthiness')}: extract every shard with the "
                "same threshold"
            )
        if manifest.get("published") != first.get("published"):
            raise InputError(
                f"{shard}: --published {manifest.get('published')}, {shards[0]}: "
                f"{first.get('published')}; extract every shard with the same --published"
            )


def merge_shards(
    shards: Sequence[Path],
    *,
    out: Path,
    inputs: list[dict[str, Any]] | None = None,
    min_checkworthiness: float | None = None,
    fmt: str = "jsonl",
) -> MergeReport:
    """Merge the shard workspaces, in the order given, into ``out`` (replaced atomically).

    A shard holds JSON Lines or Parquet (``extract --format parquet``): either is read, and
    the merged lines are the same bytes. ``fmt="parquet"`` writes ``documents.parquet`` and
    ``claims.parquet`` (what ``extract --format parquet`` writes) instead of JSON Lines.

    ``inputs`` replaces the shards' input entries in the manifest (a distributed run's shards
    hold parts of inputs; the driver knows the inputs as given). ``min_checkworthiness`` is
    for shards extracted with every claim kept (threshold 0, as ``claims.distributed`` does):
    the merge then drops and counts the claims below it, of the documents it keeps only, as a
    single run does (a single run never extracts a repeated article).
    """
    shards = [Path(s) for s in shards]
    if fmt not in ("jsonl", "parquet"):
        raise InputError(f"unknown format {fmt!r} (choose jsonl or parquet)")
    if not shards:
        raise InputError("no shard given: name the shard workspaces to merge, in order")
    out = Path(out)
    if any(s.resolve() == out.resolve() for s in shards):
        raise InputError(f"{out}: --out is one of the shards; merge into a new directory")
    manifests = [_manifest(s) for s in shards]
    _same_setting(manifests, shards)
    report = MergeReport(workdir=str(out), shards=len(shards))
    if min_checkworthiness is not None:
        report.min_checkworthiness = resolve_min_checkworthiness(min_checkworthiness)
    by_type: Counter[str] = Counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            docs_f, docs_tmp = _temp(stack, out, DOCUMENTS)
            claims_f, claims_tmp = _temp(stack, out, CLAIMS)
            seen: set[bytes] = set()
            for shard in shards:
                dropped = _copy_documents(shard, docs_f, seen, report)
                _copy_claims(shard, claims_f, dropped, by_type, report)
            for f, tmp, name in ((claims_f, claims_tmp, CLAIMS), (docs_f, docs_tmp, DOCUMENTS)):
                if fmt == "parquet":
                    _finish_parquet(stack, f, tmp, out, name)
                else:
                    _finish(f, tmp, out / name)
                    (out / PARQUET_NAMES[name]).unlink(missing_ok=True)  # the replaced format's
    except WorkspaceError as e:
        raise InputError(f"{e}; re-run the shard's extract") from None
    except OSError as e:
        raise InputError(f"{e.filename or out}: cannot merge ({e.strerror or e})") from None
    _write_manifest(out, manifests, report, by_type, inputs)
    return report


def _temp(stack: ExitStack, out: Path, name: str) -> tuple[IO[bytes], Path]:
    fd, tmp = make_temp_file(out, name)
    stack.callback(lambda: tmp.unlink(missing_ok=True))
    return stack.enter_context(os.fdopen(fd, "wb")), tmp


def _finish(f: IO[bytes], tmp: Path, path: Path) -> None:
    f.flush()
    os.fsync(f.fileno())
    f.close()
    os.replace(tmp, path)


def _finish_parquet(stack: ExitStack, f: IO[bytes], tmp: Path, out: Path, name: str) -> None:
    """The merged JSON Lines temporary converted to ``out``'s Parquet file, renamed into place;
    the JSON Lines file of a previous merge there removed."""
    f.close()
    fd, parquet_tmp = make_temp_file(out, PARQUET_NAMES[name])
    os.close(fd)
    stack.callback(lambda: parquet_tmp.unlink(missing_ok=True))
    jsonl_to_parquet(tmp, parquet_tmp, name)
    os.replace(parquet_tmp, out / PARQUET_NAMES[name])
    (out / name).unlink(missing_ok=True)


#: The key order of a ``claims.jsonl`` record (``Claim.to_dict``): Parquet stores ``slots``
#: last, so a Parquet shard's rows are put back in this order to give the JSON Lines bytes.
CLAIM_KEYS = CLAIM_FIELDS


def _lines(shard: Path, name: str) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """``(JSON line, record)`` of a shard's documents or claims, from either format."""
    path = workspace_file(shard, name)
    if path.suffix == ".parquet":
        for _, record in iter_records(shard, name):
            if name == CLAIMS:
                record = {key: record.get(key) for key in CLAIM_KEYS}
            yield (dumps(record) + "\n").encode("utf-8"), record
        return
    with path.open("rb") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                yield (line if line.endswith(b"\n") else line + b"\n"), _record(line, path, n)


def _record(line: bytes, path: Path, n: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}:{n}: not valid JSON ({e}); re-run the shard's extract") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}:{n}: expected a JSON object; re-run the shard's extract")
    return record


def _copy_documents(shard: Path, out: IO[bytes], seen: set[bytes], report: MergeReport) -> set[str]:
    """Copy a shard's document lines; return the ids of those an earlier shard already had."""
    dropped: set[str] = set()
    for line, record in _lines(shard, DOCUMENTS):
        digest = bytes.fromhex(str(record.get("sha256") or ""))
        if digest in seen:
            dropped.add(str(record.get("doc_id")))
            report.cross_shard_duplicates += 1
            continue
        seen.add(digest)
        out.write(line)
        report.documents += 1
    return dropped


def _copy_claims(
    shard: Path, out: IO[bytes], dropped: set[str], by_type: Counter[str], report: MergeReport
) -> None:
    for line, record in _lines(shard, CLAIMS):
        if str(record.get("doc_id")) in dropped:
            continue
        score = record.get("checkworthiness")
        minimum = report.min_checkworthiness
        if minimum is not None and isinstance(score, int | float) and score < minimum:
            report.below_checkworthiness += 1
            continue
        out.write(line)
        by_type[str(record.get("type"))] += 1
        report.claims += 1


def _write_manifest(
    out: Path,
    manifests: list[dict[str, Any]],
    report: MergeReport,
    by_type: Counter[str],
    inputs: list[dict[str, Any]] | None,
) -> None:
    """The manifest a single run over all the shards' inputs writes (``claims.extract``)."""
    rejected = [r for m in manifests for r in _list(m.get("rejected"))]
    duplicates = sum(_count(m, "duplicates") for m in manifests) + report.cross_shard_duplicates
    report.rejected, report.duplicates = len(rejected), duplicates
    manifest = {
        "extractor": manifests[0]["extractor"],
        "published": manifests[0].get("published"),
        "inputs": inputs
        if inputs is not None
        else [e for m in manifests for e in _list(m.get("inputs"))],
        "counts": {
            "documents": report.documents,
            "claims": report.claims,
            "claims_by_type": dict(sorted(by_type.items())),
            "rejected": len(rejected),
            "duplicates": duplicates,
            # (shards extracted with a threshold: a document repeated across shards counts its
            # dropped claims in its own shard)
            "below_checkworthiness": sum(_count(m, "below_checkworthiness") for m in manifests)
            + report.below_checkworthiness,
        },
        "min_checkworthiness": manifests[0].get("min_checkworthiness")
        if report.min_checkworthiness is None
        else report.min_checkworthiness,
        "rejected": rejected,
    }
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _count(manifest: dict[str, Any], key: str) -> int:
    counts = manifest.get("counts")
    value = counts.get(key) if isinstance(counts, dict) else None
    return value if isinstance(value, int) else 0
