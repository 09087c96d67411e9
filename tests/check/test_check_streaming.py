"""The checker reads what the rules need, column by column, and keeps only shared columns.

Peak memory is measured by ``benchmarks/check.py``; these tests pin the behaviour that keeps
it low: nested columns (``annotations``, ``provenance``) are never held whole, each nested
field is read from its own Parquet leaves, and a split without a column reads as nulls.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from export.check import check
from export.check.api import open_source
from export.check.engine import Options, run_rules


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
