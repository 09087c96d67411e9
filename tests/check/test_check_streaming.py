"""The checker reads what the rules need, column by column, and keeps only shared columns.

Peak memory is measured by ``benchmarks/check.py``; these tests pin the behaviour that keeps
it low: nested columns (``annotations``, ``provenance``) are never held whole, each nested
field is read from its own Parquet leaves, and a split without a column reads as nulls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corruptions import annotated_rows, nested, part, reseal, set_value
from fixtures.datasets import copy_dataset

from export.check import check
from export.check.api import open_source
from export.check.engine import Options, run_rules
from export.check.report import CheckReport, Severity


def test_nested_columns_are_never_held_whole(dataset: Path) -> None:
    _, source, rules = open_source(dataset)
    results = run_rules(source, rules, Options(), workers=2)
    assert not [f for r in results for f in r.findings if f.severity.name == "ERROR"]
    claims = source.stack("claims").table.cached()
    assert "claim_id" in claims
    assert "annotations" not in claims
    assert "provenance" not in claims


def test_a_nested_field_equals_the_field_of_the_whole_column(dataset: Path) -> None:
    _, source, _ = open_source(dataset)
    claims = source.stack("claims")
    whole = pa.concat_tables([pq.read_table(p.path) for p in claims.parts])
    for path in ("annotations.verdict", "provenance.document.sha256", "provenance.label_studio"):
        head, *names = path.split(".")
        expected = whole.column(head)
        for name in names:
            if pa.types.is_list(expected.type):
                expected = pa.compute.list_flatten(expected)
            expected = pa.compute.struct_field(expected, name)
        assert claims.field(path).combine_chunks().equals(expected.combine_chunks()), path
    sizes = pa.compute.list_value_length(whole.column("annotations")).fill_null(0)
    assert (
        claims.offsets("annotations")[1:].tolist() == pa.compute.cumulative_sum(sizes).to_pylist()
    )


def test_a_split_without_a_column_reads_as_nulls(dataset: Path) -> None:
    files = sorted((dataset / "data" / "claims").glob("*.parquet"))
    assert len(files) > 1
    pq.write_table(pq.read_table(files[-1]).drop_columns(["agreement"]), files[-1])
    _, source, _ = open_source(dataset)
    claims = source.stack("claims")
    rows = pq.ParquetFile(files[-1]).metadata.num_rows
    values = claims.column("agreement")
    assert len(values) == claims.table.num_rows
    assert values.slice(len(values) - rows).null_count == rows
    report = check(dataset, rules=["aggregates"])
    assert not report.ok  # the nulls are reported, as when the splits were concatenated


def test_shared_leaves_are_decoded_once_per_file(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The provenance rule, the privacy screen, the claim ids and the list offsets share their
    reads: a provenance leaf or a nested annotation id is decoded once per row group of a file."""
    reads: Counter[tuple[str, int, str]] = Counter()
    read, read_group, init = (
        pq.ParquetFile.read,
        pq.ParquetFile.read_row_group,
        pq.ParquetFile.__init__,
    )
    paths: dict[int, str] = {}

    def opening(self: pq.ParquetFile, source: object, *args: object, **kw: object) -> None:
        paths[id(self)] = str(source)
        init(self, source, *args, **kw)

    def counting(self: pq.ParquetFile, columns: list[str] | None = None, **kw: object) -> pa.Table:
        for i in range(self.metadata.num_row_groups):
            for column in columns or ["*"]:
                reads[(paths.get(id(self), "?"), i, column)] += 1
        return read(self, columns=columns, **kw)

    def counting_group(
        self: pq.ParquetFile, i: int, columns: list[str] | None = None, **kw: object
    ) -> pa.Table:
        for column in columns or ["*"]:
            reads[(paths.get(id(self), "?"), i, column)] += 1
        return read_group(self, i, columns=columns, **kw)

    monkeypatch.setattr(pq.ParquetFile, "__init__", opening)
    monkeypatch.setattr(pq.ParquetFile, "read", counting)
    monkeypatch.setattr(pq.ParquetFile, "read_row_group", counting_group)
    report = check(dataset, workers=1)
    assert report.ok
    once = [
        "provenance.document.sha256",
        "provenance.builder.name",
        "provenance.builder.version",
        "provenance.extractor.name",
        "provenance.extractor.version",
        "annotations.list.element.annotation_id",
    ]
    for leaf in once:
        counts = [n for (_, _, column), n in reads.items() if column == leaf]
        assert counts, leaf
        assert max(counts) == 1, (leaf, counts)


def _small_row_groups(root: Path, rows: int = 3) -> None:
    """Rewrite every Parquet file of the dataset with row groups of ``rows`` rows."""
    for path in sorted((root / "data").rglob("*.parquet")):
        pq.write_table(pq.read_table(path), path, row_group_size=rows)
    reseal(root)


def _corrupt_copies(root: Path) -> None:
    set_value(root, "annotations", "verdict", 0, lambda v: (v + 1) % 4)
    set_value(root, "annotations", "notes", 4, lambda v: "edited in one copy only")


def _corrupt_nested_email(root: Path) -> None:
    row = annotated_rows(root)[1]
    set_value(root, "claims", "annotations", row, nested("notes", "write to a.b@example.org"))


def _corrupt_provenance(root: Path) -> None:
    set_value(root, "claims", "provenance", 5, nested("document.title", "Another title"))
    set_value(root, "claims", "provenance", 7, nested("document.sha256", "0" * 64))


def _corrupt_span(root: Path) -> None:
    set_value(root, "claims", "span_text", 6, lambda v: v[:-1] + "#")


def _corrupt_span_email(root: Path) -> None:
    set_value(root, "claims", "span_text", 3, lambda v: v + " write to a.b@example.org")


def _corrupt_annotation_claim(root: Path) -> None:
    ids = pq.read_table(part(root, "annotations")).column("claim_id").to_pylist()
    other = next(c for c in ids if c != ids[0])
    set_value(root, "annotations", "claim_id", 0, lambda v: other)
    set_value(root, "annotations", "claim_id", 5, lambda v: "claim-not-a-claim")


@pytest.mark.parametrize(
    "corrupt",
    [
        None,
        _corrupt_copies,
        _corrupt_nested_email,
        _corrupt_provenance,
        _corrupt_span,
        _corrupt_span_email,
        _corrupt_annotation_claim,
    ],
)
def test_row_groups_change_no_finding(
    dataset: Path, tmp_path: Path, corrupt: Callable[[Path], None] | None
) -> None:
    """The rules that read a row group at a time (privacy, annotation copies, spans, the
    document fields, the annotations' join) find the same, row for row, whatever the row
    groups: every file rewritten with groups of 3 rows."""
    if corrupt is not None:
        corrupt(dataset)
        reseal(dataset)
    want = _findings(check(dataset, workers=1))
    small = copy_dataset(dataset, tmp_path / "small")
    _small_row_groups(small)
    assert pq.ParquetFile(part(small, "claims")).metadata.num_row_groups > 3
    assert _findings(check(small, workers=2)) == want
    assert bool(want) == (corrupt is not None)


def _findings(report: CheckReport) -> list[tuple[object, ...]]:
    """Every error and its counts, minus the rules about the files' bytes."""
    skip = {"content_hash", "croissant"}
    found: list[tuple[object, ...]] = []
    for r in report.results:
        if r.rule in skip:
            continue
        found += [
            (f.rule, f.config, f.split, f.row, f.claim_id, f.message)
            for f in r.findings
            if f.severity is Severity.ERROR
        ]
        found += [(rule, n) for (rule, sev), n in sorted(r.counts.items()) if sev is Severity.ERROR]
    return found


def test_the_claims_document_hash_is_held_encoded(dataset: Path) -> None:
    """The document hash several rules share is kept as a small index per claim, and equals
    the field as read."""
    _, source, rules = open_source(dataset)
    run_rules(source, rules, Options(), workers=2)
    claims = source.stack("claims")
    encoded = claims.encoded("provenance.document.sha256")
    assert pa.types.is_dictionary(encoded.type)
    whole = claims.field("provenance.document.sha256")
    assert encoded.dictionary_decode().equals(pa.chunked_array(whole).combine_chunks())
    assert ("child", "provenance.document.sha256") not in claims.columns
    assert "span_text" not in claims.table.cached()
    assert "claim_id" not in source.stack("annotations").table.cached()


def test_span_text_is_screened_once_for_both_rules(dataset: Path) -> None:
    """The spans rule screens ``span_text`` for the privacy rule while it holds it: the
    privacy findings are the same as when privacy reads the column itself, whichever runs
    first, and the column is decoded once."""
    _corrupt_span_email(dataset)
    reseal(dataset)
    alone = check(dataset, rules=["privacy"], workers=1)
    (finding,) = alone.results[0].findings
    assert finding.rule == "privacy" and finding.row == 3 and "span_text" in finding.message
    for workers in (1, 2):
        both = check(dataset, rules=["spans", "privacy"], workers=workers)
        privacy = next(r for r in both.results if r.rule == "privacy")
        assert privacy.findings == alone.results[0].findings
        assert privacy.counts == alone.results[0].counts
    _, source, rules = open_source(dataset)
    reads: list[str] = []
    table = source.stack("claims").table
    pieces = table.pieces

    def counted(name: str, path: str | None = None) -> Iterator[pa.Array]:
        reads.append(name)
        return pieces(name, path)

    table.pieces = counted  # type: ignore[method-assign]
    run_rules(source, [r for r in rules if r.id in ("spans", "privacy")], Options(), workers=1)
    assert reads.count("span_text") == 1
