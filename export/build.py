"""``export_dataset``: a workspace in, a Hugging Face dataset directory out.

Streams the claims in batches (Arrow columns, never a Python dict per claim), joins each batch
with its annotations, aggregates, and writes every config and split; then the card and the
Croissant file. Everything is built in a temporary directory beside ``out`` and swapped into
place at the end, so a crash never leaves half a dataset.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as _compute
import pyarrow.ipc as ipc

from claims.errors import InputError
from claims.temps import remove_stale
from claims.workspace import remove_workspace_temps
from export import card as card_mod
from export import croissant as croissant_mod
from export.aggregate import krippendorff_alpha_nominal
from export.agreement import AgreementStats
from export.annotation_store import EMAIL_PLACEHOLDER, AnnotationStore, ClaimPositions
from export.features import arrow_schema_for
from export.keys import KeyIndex
from export.layout import DEFAULT_CONFIG, split_files
from export.license import read_license
from export.memory import lean_memory
from export.plots import write_images
from export.rows import (
    Constants,
    Documents,
    aggregates,
    annotations_table,
    claims_table,
    several_tasks,
)
from export.sources import (
    CLAIM_KEY_FIELDS,
    annotations_table_from_records,
    claims_copy_is_fresh,
    extractor_of,
    iter_annotation_batches,
    iter_claim_batches,
    read_adjudicators,
    read_documents_table,
    read_manifest,
)
from export.splits import SplitSpec, assign_splits, parse_splits
from export.target import inspect_target
from export.writer import ConfigWriters, staging_dir, swap_into_place

#: ``pyarrow.compute`` typed loosely: its kernels are generated at import time.
pc: Any = _compute

IntArray = npt.NDArray[np.int64]
#: Where the annotations are spilled, inside the export's staging directory (removed before
#: the dataset is swapped into place).
SPILL_DIR = ".annotations-by-claim"
#: The parsed claims between the two passes, in the staging directory too.
CLAIMS_COPY = ".claims.arrow"
Progress = Callable[[int], None]
_NO_IDS = pa.array([], pa.string())


def builder_version() -> str:
    """The installed claimset version (recorded in provenance and the card)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claimset")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "0.0.0"


@dataclass(slots=True)
class ExportReport:
    """What ``export_dataset`` wrote and what it left out (and why)."""

    out: str
    splits: dict[str, dict[str, int]]  # config -> split -> rows (only splits with rows)
    split_bytes: dict[str, dict[str, int]]  # config -> split -> Arrow bytes (card num_bytes)
    empty_splits: dict[str, list[str]]  # config -> requested splits left out (no rows)
    num_documents: int
    num_claims: int
    num_annotations: int  # live annotations in the dataset
    num_cancelled: int
    superseded_annotations: int  # older versions replaced by an update
    unknown_claim_annotations: int  # annotations of claims not in claims.jsonl (left out)
    unknown_claim_ids: list[str]  # a few of those claim ids
    rejected_claims: dict[str, int]  # reason -> count
    rejected_annotations: dict[str, int]  # reason -> count
    needs_adjudication: int
    agreement: dict[str, dict[str, Any]]
    annotators: dict[str, int]  # pseudonym -> live annotations
    adjudicators: list[str]
    build_time: str | None  # the latest annotation time (no wall clock anywhere)
    builder_version: str
    content_hash: str
    warnings: list[str] = field(default_factory=list)
    license: str = "unknown"  # Hub licence id (``export.license``)
    publishers: dict[str, int] = field(default_factory=dict)  # publisher -> documents
    images: list[str] = field(default_factory=list)  # pictures in the dataset (card shows them)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``claimset export --json``)."""
        return asdict(self)


@dataclass(slots=True)
class _Totals:
    """Running totals over the claim batches."""

    claims: int = 0
    live: int = 0
    cancelled: int = 0
    needs_adjudication: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    stats: AgreementStats = field(default_factory=AgreementStats)
    latest: int | None = None
    position: int = 0  # position of the next exportable claim (``ClaimPositions``)
    several_tasks: list[tuple[str, list[int]]] = field(default_factory=list)


def _load_documents(workdir: Path, spec: SplitSpec) -> Documents:
    table = read_documents_table(workdir)
    ids = table["doc_id"]
    if ids.null_count:
        raise InputError(f"{workdir / 'documents.jsonl'}: a document has no doc_id")
    if pc.count_distinct(ids).as_py() != table.num_rows:
        counts = pc.value_counts(ids).to_pylist()
        dup = sorted(c["values"] for c in counts if c["counts"] > 1)[0]
        raise InputError(f"{workdir / 'documents.jsonl'}: doc_id {dup!r} appears more than once")
    column = table["text"]
    # The table's own array when it has one chunk (``combine_chunks`` would copy every text).
    texts = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    if texts.null_count:  # a copy of every text otherwise, beside the table's
        texts = texts.fill_null("")
    split = assign_splits(ids.to_pylist(), spec)
    lengths = pc.utf8_length(texts).to_numpy().astype(np.int64)
    return Documents(table, texts, lengths, split, KeyIndex(ids))


def _load_annotations(workdir: Path, label_studio_export: Path | None) -> Iterable[pa.RecordBatch]:
    """The annotation records as Arrow batches: ``annotations.jsonl`` or a Label Studio export."""
    if label_studio_export is None:
        return iter_annotation_batches(workdir)
    from annotations.state import annotator_salt
    from annotations.wire import annotations_from_export

    path = Path(label_studio_export)
    if not path.is_file():
        raise InputError(f"{path}: not found; save the JSON export from the Label Studio UI")
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    if not isinstance(tasks, list):
        raise InputError(f"{path}: expected a Label Studio JSON export (a list of tasks)")
    salt = annotator_salt(Path(workdir))
    records = [a.to_dict() for a in annotations_from_export(tasks, salt=salt, project_id=None)]
    return annotations_table_from_records(records).to_batches()


def _valid_claims(
    batch: pa.RecordBatch, docs: Documents, totals: _Totals
) -> tuple[pa.RecordBatch, IntArray]:
    """Drop (and count, by reason) claims that cannot be exported; return doc indices too."""
    doc_index = docs.ids.lookup_runs(batch["doc_id"])
    start = batch["start"].fill_null(-1).to_numpy()
    end = batch["end"].fill_null(-1).to_numpy()
    doc_len = np.append(docs.lengths, -1)[np.where(doc_index >= 0, doc_index, len(docs.lengths))]
    checks = [
        ("no claim id", ~batch["id"].is_valid().to_numpy(zero_copy_only=False)),
        ("no claim type", ~batch["type"].is_valid().to_numpy(zero_copy_only=False)),
        ("doc_id not in documents.jsonl", doc_index < 0),
        ("span outside the document", (start < 0) | (end <= start) | (end > doc_len)),
    ]
    bad = np.zeros(batch.num_rows, dtype=bool)
    for reason, mask in checks:
        new = mask & ~bad
        if new.any():
            totals.rejected[reason] += int(new.sum())
        bad |= mask
    if not bad.any():
        return batch, doc_index
    keep = ~bad
    return batch.filter(pa.array(keep)), doc_index[keep]


def _export_batch(
    batch: pa.RecordBatch,
    *,
    docs: Documents,
    store: AnnotationStore,
    spec: SplitSpec,
    const: Constants,
    writers: dict[str, ConfigWriters],
    totals: _Totals,
) -> None:
    """Join, aggregate and write one batch of claims."""
    batch, doc_index = _valid_claims(batch, docs, totals)
    if batch.num_rows == 0:
        return
    # Claims grouped by split (file order kept within a split): each split is then a slice
    # of the claims and of the annotation rows, with no filtering of nested columns.
    split_of_claim = docs.split[doc_index]
    order = np.argsort(split_of_claim, kind="stable")
    if (np.diff(split_of_claim) < 0).any():
        batch, doc_index, split_of_claim = (
            batch.take(order),
            doc_index[order],
            split_of_claim[order],
        )
    bounds = np.searchsorted(split_of_claim, np.arange(len(spec.names) + 1))
    ann, offsets = store.rows_for(batch["id"], _positions(batch, order, store, totals))
    agg = aggregates(ann, offsets, const.adjudicators)
    table = claims_table(batch, docs, doc_index, ann, offsets, agg, const)
    totals.several_tasks.extend(several_tasks(table))
    ann_rows = annotations_table(ann)
    for i, name in enumerate(spec.names):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        writers["claims"].write(name, table.slice(lo, hi - lo))
        a_lo, a_hi = int(offsets[lo]), int(offsets[hi])
        writers["annotations"].write(name, ann_rows.slice(a_lo, a_hi - a_lo))
    totals.claims += batch.num_rows
    totals.live += int(agg.num_annotations.sum())
    totals.cancelled += int(ann.num_rows - agg.num_annotations.sum())
    totals.needs_adjudication += int(agg.needs_adjudication.sum())
    totals.stats.add(ann, offsets, agg, batch["type"])
    if ann.num_rows:
        latest = pc.max(ann["updated_at"].cast(pa.int64())).as_py()
        if latest is not None:
            totals.latest = latest if totals.latest is None else max(totals.latest, latest)


def _positions(
    batch: pa.RecordBatch, order: IntArray, store: AnnotationStore, totals: _Totals
) -> IntArray:
    """The positions of the claims of ``batch`` (rows in ``order``) among the exportable
    claims, checked against the first pass: the file must not change in between."""
    lo, n = totals.position, batch.num_rows
    totals.position += n
    expected = store.positions.ids.slice(lo, n)
    reordered = bool((np.diff(order) < 0).any())
    pos = lo + (order if reordered else np.arange(n, dtype=np.int64))
    ids = batch["id"] if not reordered else batch["id"].take(pa.array(np.argsort(order)))
    if len(expected) != n or not ids.equals(expected):
        raise InputError(
            "claims.jsonl changed while the export read it; run `claimset export` again"
        )
    return pos.astype(np.int64)


def _claim_positions(workdir: Path, docs: Documents, staged: Path) -> ClaimPositions:
    """First pass over the claims: the exportable claims' ids in file order. Refuses a
    repeated claim id before anything is written.

    ``claims.jsonl`` is parsed once: the batches are kept in an Arrow IPC file in the staging
    directory (``CLAIMS_COPY``, removed before the swap) that the second pass reads back;
    with a fresh binary copy in the workspace (``export.binary``) both passes read that.
    """
    ids: list[pa.Array] = []
    scratch = _Totals()  # the rejections are counted by the second pass
    writer: Any = None
    stage = not claims_copy_is_fresh(workdir)
    try:
        for batch in iter_claim_batches(workdir):
            if stage:
                if writer is None:
                    writer = ipc.new_file(str(staged / CLAIMS_COPY), batch.schema)
                writer.write_batch(batch)
            valid, _ = _valid_claims(batch.select(list(CLAIM_KEY_FIELDS)), docs, scratch)
            # A copy: a batch read from an Arrow file is one buffer, which a slice of it (the
            # ids) would keep whole until the end of the pass (every claim's text and slots).
            ids.append(pa.concat_arrays([valid["id"], _NO_IDS]))
    finally:
        if writer is not None:
            writer.close()
    positions = ClaimPositions(pa.chunked_array(ids, pa.string()).combine_chunks())
    if positions.keys.has_duplicates():
        _check_unique_claims(ids, workdir)
    return positions


def _staged_claims(staged: Path) -> Iterator[pa.RecordBatch]:
    """The claim batches of the first pass, read back one at a time (then removed)."""
    path = staged / CLAIMS_COPY
    if not path.exists():
        return
    try:
        with pa.OSFile(str(path)) as f:
            reader = ipc.open_file(f)
            for i in range(reader.num_record_batches):
                yield reader.get_batch(i)
    finally:
        path.unlink(missing_ok=True)


def _check_unique_claims(claim_ids: list[pa.Array], workdir: Path) -> None:
    """A claim id twice would make two rows of one claim: refuse (nothing is written)."""
    if not claim_ids:
        return
    ids = pa.chunked_array(claim_ids, pa.string())
    if pc.count_distinct(ids).as_py() == len(ids):
        return
    counts = pc.value_counts(ids)
    dup = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    raise InputError(
        f"{workdir / 'claims.jsonl'}: claim id {sorted(dup.to_pylist())[0]!r} appears more "
        "than once; re-run `claimset extract`"
    )


def agreement_summary(stats: AgreementStats) -> dict[str, dict[str, Any]]:
    """Krippendorff's alpha (nominal) per field over claims with at least two values, and the
    detailed figures of ``export.agreement`` (per class, claim type and annotator)."""
    out: dict[str, dict[str, Any]] = {}
    details = stats.summary()
    for name, (table, weights) in stats.pairable_tables().items():
        alpha = krippendorff_alpha_nominal(table, weights)
        out[name] = {
            "krippendorff_alpha": None if alpha is None else round(alpha, 6),
            "num_claims": int(weights.sum()),
            "num_values": int((table * weights[:, None]).sum()),
            "level": "nominal",
            **details[name],
        }
    return out


def content_hash(root: Path, splits: dict[str, dict[str, int]]) -> str:
    """SHA-256 over the data files' names and bytes: changes whenever any row changes."""
    digest = hashlib.sha256()
    for config in sorted(splits):
        for split, path in split_files(root, config).items():
            digest.update(f"{config}/{split}\n".encode())
            with path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    digest.update(chunk)
    return digest.hexdigest()


def _iso(micros: int | None) -> str | None:
    if micros is None:
        return None
    value = pa.scalar(micros, pa.timestamp("us", tz="UTC")).as_py()
    return str(value.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


def export_dataset(
    workdir: Path | str,
    *,
    out: Path | str,
    splits: str | SplitSpec | None = None,
    from_label_studio_export: Path | str | None = None,
    adjudicators: Sequence[str] = (),
    progress: Progress | None = None,
    force: bool = False,
    license: str | None = None,
) -> ExportReport:
    """Build the dataset of ``workdir`` into ``out`` (replacing a previous build there).

    ``out`` must be absent, empty or a previous export (``export.target``); ``force`` allows
    any directory, still never deleting a file the export did not write.

    ``splits`` is ``"train=0.8,validation=0.1,test=0.1"`` style; ``from_label_studio_export``
    reads annotations from a Label Studio JSON export instead of ``annotations.jsonl``;
    ``adjudicators`` (pseudonyms) are added to the workspace ``config.json`` ones. Raises
    ``InputError`` for unreadable input; rejected records are counted in the report.
    ``license`` (a Hub or SPDX id) overrides ``config.json``'s; ``unknown`` without either.
    """
    licence = read_license(Path(workdir), license) if Path(workdir).is_dir() else "unknown"
    with lean_memory():
        return _export(
            Path(workdir),
            Path(out),
            splits,
            None if from_label_studio_export is None else Path(from_label_studio_export),
            tuple(adjudicators),
            progress,
            force,
            licence,
        )


def _export(
    workdir: Path,
    out: Path,
    splits: str | SplitSpec | None,
    lse: Path | None,
    adjudicators: tuple[str, ...],
    progress: Progress | None,
    force: bool,
    licence: str,
) -> ExportReport:
    """``export_dataset`` with plain arguments, inside the lean memory pool."""
    if not workdir.is_dir():
        raise InputError(f"{workdir}: workspace not found; run `claimset extract` first")
    target = out.resolve()
    inspect_target(target, force=force, shown=str(out))  # refuse before the work, not after
    removed = remove_workspace_temps(workdir) + remove_stale(target.parent, target=target.name)
    spec = parse_splits(splits)
    manifest = read_manifest(workdir)
    name, version = extractor_of(manifest)
    const = Constants(name, version, builder_version(), read_adjudicators(workdir, adjudicators))
    docs = _load_documents(workdir, spec)
    annotations = _load_annotations(workdir, lse)
    staged = staging_dir(target)
    try:
        positions = _claim_positions(workdir, docs, staged)
        store = AnnotationStore(annotations, positions, staged / SPILL_DIR)
        try:
            report = _build(staged, workdir, spec, docs, store, const, progress, licence)
        finally:
            store.close()
        report.out = str(out)
        report.warnings.extend(swap_into_place(staged, target, force=force, shown=str(out)))
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if removed:
        report.warnings.append(
            f"removed {len(removed)} temporary file(s) left by an interrupted run"
        )
    return report


def _build(
    root: Path,
    workdir: Path,
    spec: SplitSpec,
    docs: Documents,
    store: AnnotationStore,
    const: Constants,
    progress: Progress | None,
    licence: str,
) -> ExportReport:
    """Write data, card, pictures and Croissant file under ``root``; return the report."""
    writers = {
        c: ConfigWriters(root, c, arrow_schema_for(c))
        for c in ("claims", "documents", "annotations")
    }
    for i, split in enumerate(spec.names):
        writers["documents"].write(split, docs.table.filter(pa.array(docs.split == i)))
    writers["documents"].close()
    docs.table = docs.table.drop_columns(["text"])  # ``docs.texts`` keeps them
    totals = _Totals()
    staged = (root / CLAIMS_COPY).exists()
    for batch in _staged_claims(root) if staged else iter_claim_batches(workdir):
        _export_batch(
            batch, docs=docs, store=store, spec=spec, const=const, writers=writers, totals=totals
        )
        if progress is not None:
            progress(totals.claims)
    store.finish()  # the spilled annotations are gone before the card lists the files
    rows = {c: w.close() for c, w in writers.items()}
    rows = {c: {s: rows[c][s] for s in spec.names if s in rows[c]} for c in rows if rows[c]}
    sizes = {c: {s: writers[c].nbytes()[s] for s in rows[c]} for c in rows}
    report = _report(root, spec, docs, store, const, totals, rows)
    report.split_bytes = sizes
    report.license = licence
    if licence == "unknown":
        report.warnings.append(
            "licence unknown: set 'license' in config.json or pass --license (the articles "
            "belong to their publishers)"
        )
    report.images = write_images(root, report.agreement)
    card_mod.write_card(root, report)
    croissant_mod.write_croissant(root, report)
    return report


def _report(
    root: Path,
    spec: SplitSpec,
    docs: Documents,
    store: AnnotationStore,
    const: Constants,
    totals: _Totals,
    rows: dict[str, dict[str, int]],
) -> ExportReport:
    unknown, unknown_claims, unknown_ids = store.unknown_claims()
    annotators = store.live_annotator_counts()
    empty = {
        c: [s for s in spec.names if s not in rows.get(c, {})]
        for c in ("claims", "documents", "annotations")
    }
    warnings = [
        f"split {s!r} of config {c!r} has no rows: left out of the card and files"
        for c, names in empty.items()
        for s in names
        if c != "annotations" or c in rows
    ]
    if "annotations" not in rows:
        warnings.append("no annotations: config 'annotations' left out (pull them first)")
    if store.stats.redacted_emails:
        warnings.append(
            f"{store.stats.redacted_emails} annotation text field(s) held an e-mail address: "
            f"replaced by {EMAIL_PLACEHOLDER!r}"
        )
    if unknown:
        warnings.append(
            f"{unknown} annotation(s) of {unknown_claims} claim(s) not in claims.jsonl left "
            f"out (re-run extract, or pull from the right project), e.g. {', '.join(unknown_ids)}"
        )
    warnings += [
        f"claim {claim_id} has annotations from {len(ids)} Label Studio tasks "
        f"({', '.join(map(str, ids))}): it was imported twice; its row keeps all of them "
        "(provenance.label_studio.task_ids) and `claimset check` flags it"
        for claim_id, ids in totals.several_tasks
    ]
    if DEFAULT_CONFIG not in rows:
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(totals.rejected.items()))
        raise InputError(
            "no claim could be exported: "
            + (f"every claim was rejected ({why})" if why else "claims.jsonl is empty")
        )
    publishers = pc.value_counts(docs.table["publisher"].fill_null("(not given)")).to_pylist()
    return ExportReport(
        publishers={
            str(p["values"]): int(p["counts"])
            for p in sorted(publishers, key=lambda p: (-p["counts"], p["values"]))
        },
        out=str(root),
        splits=rows,
        split_bytes={},
        empty_splits=empty,
        num_documents=docs.table.num_rows,
        num_claims=totals.claims,
        num_annotations=totals.live,
        num_cancelled=totals.cancelled,
        superseded_annotations=store.stats.superseded,
        unknown_claim_annotations=unknown,
        unknown_claim_ids=unknown_ids,
        rejected_claims=dict(sorted(totals.rejected.items())),
        rejected_annotations=dict(sorted(store.stats.rejected.items())),
        needs_adjudication=totals.needs_adjudication,
        agreement=agreement_summary(totals.stats),
        annotators=dict(sorted(annotators.items())),
        adjudicators=list(const.adjudicators),
        build_time=_iso(totals.latest),
        builder_version=const.builder_version,
        content_hash=content_hash(root, rows),
        warnings=warnings,
    )
