"""The ``provenance`` rule: every claim says where it came from, and says it consistently.

Required fields are non-null, the Label Studio task is named once a claim is annotated, the
builder version is the card's, and ``provenance.document`` repeats its document's metadata.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from export.check.arrays import bools, ints, is_null, pc
from export.check.engine import Emitter, Options, RuleUnavailable, Where
from export.check.report import clip
from export.check.screen import SKIP, scan
from export.check.source import DatasetSource, Stack

#: Provenance fields every claim must carry (the Label Studio ids only once annotated).
REQUIRED_PROVENANCE = (
    "document.sha256",
    "extractor.name",
    "extractor.version",
    "builder.name",
    "builder.version",
)


def check_provenance(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Every required provenance field present and non-null."""
    if not ds.parts_of("claims"):
        return
    claims = ds.stack("claims")
    claims.type_of("provenance")  # the rule is unavailable without the column
    parts = _Parts(claims)
    null = is_null(parts("builder.name"))  # any one field carries the struct's nulls
    claims.emit(out, "null", null, lambda i: "provenance is null")
    for path in REQUIRED_PROVENANCE:
        values = parts.field(path)
        if values is None:
            out.add("missing_field", f"provenance has no field {path!r}", where=Where("claims"))
            continue
        _report_nulls(out, claims, is_null(values) & ~null, f"provenance.{path} is null")
    if "num_annotations" in claims.table.column_names:
        task = parts.field("label_studio.task_id")
        annotated = ints(claims.column("num_annotations"), null=0) > 0
        if task is None:
            out.add(
                "missing_field",
                "provenance has no field 'label_studio.task_id'",
                where=Where("claims"),
            )
        else:
            claims.emit(
                out,
                "missing",
                is_null(task) & annotated,
                lambda i: "provenance.label_studio.task_id is null on an annotated claim",
            )
    if ds.parts_of("documents"):
        for name, differs in document_mismatches(ds).items():
            _report_document(out, claims, name, differs)
    version = ds.claimset.get("builder_version")
    builder = parts.field("builder.version")
    if version is not None and builder is not None:
        other = bools(pc.not_equal(builder, pa.scalar(str(version))), null=False)
        claims.emit(
            out,
            "builder_version",
            other,
            lambda i: (
                f"provenance.builder.version {clip(builder[i].as_py())} differs from the card's "
                f"builder_version {version!r}"
            ),
        )


#: Document fields each claim's ``provenance.document`` repeats.
DOCUMENT_FIELDS = ("title", "publisher", "published", "source")


def document_mismatches(ds: DatasetSource) -> dict[str, np.ndarray]:
    """Per field of ``DOCUMENT_FIELDS``: claims whose ``provenance.document`` value differs
    from their document's row (computed once; the privacy rule skips fields that all match)."""

    def compute() -> dict[str, np.ndarray]:
        claims, docs = ds.stack("claims"), ds.stack("documents")
        doc = ds.lookup("claims", "doc_id", "documents", "doc_id")
        known = doc >= 0
        take = pa.array(np.maximum(doc, 0))
        claims.type_of("provenance")
        found: dict[str, np.ndarray] = {}
        for name in DOCUMENT_FIELDS:
            if name not in docs.table.column_names:
                continue
            same = _document_field(claims, docs.column(name), name, take)
            if same is not None:
                found[name] = known & ~same
        return found

    result: dict[str, np.ndarray] = ds.cache.get("document_mismatches", compute)
    return result


def _document_field(claims: Stack, theirs: pa.Array, name: str, take: pa.Array) -> Any:
    """Per claim, whether ``provenance.document.<name>`` equals ``theirs`` (the documents'
    column) at the claim's document row ``take``; read a row group at a time, that leaf
    alone. None when no file has the field."""
    path = f"document.{name}"  # that leaf alone (the hash is read by other rules)
    same: list[np.ndarray] = []
    lo, seen = 0, False
    for piece in claims.table.pieces("provenance", f"provenance.{path}"):
        n = len(piece)
        expected = pc.take(theirs, take.slice(lo, n))
        ours = _field(piece, path)
        seen |= ours is not None
        if ours is None:  # this file lacks the field: nulls, as the splits concatenated
            ours = pa.nulls(n, expected.type)
        equal = bools(pc.equal(ours, expected), null=False) | (is_null(ours) & is_null(expected))
        same.append(equal)
        lo += n
    if not seen:
        return None
    return np.concatenate(same) if same else np.zeros(0, dtype=bool)


def _report_document(out: Emitter, claims: Stack, name: str, differs: np.ndarray) -> None:
    claims.emit(
        out,
        "document",
        differs,
        lambda i: f"provenance.document.{name} differs from the document's {name}",
    )


def _report_nulls(out: Emitter, claims: Stack, bad: np.ndarray, message: str) -> None:
    claims.emit(out, "missing", bad, lambda i: message)


class _Parts:
    """Column ``provenance`` read field by field for this rule, each field once: the fields
    under one path only (the whole struct is never held), dropped with the rule. The document
    hash is the claims' cached child (the ``claim_ids`` and ``documents`` rules read it too)."""

    def __init__(self, claims: Stack) -> None:
        self.claims = claims
        self._read: dict[str, pa.ChunkedArray] = {}

    def __call__(self, path: str) -> pa.ChunkedArray:
        if path not in self._read:
            column = self.claims.table.subtree("provenance", f"provenance.{path}")
            leaf = _field(column, path)
            full = f"provenance.{path}"
            if leaf is not None and pa.types.is_string(leaf.type) and full not in SKIP:
                scan(self.claims, "provenance", full, column)  # for the privacy rule, while held
            self._read[path] = column
        return self._read[path]

    def field(self, path: str) -> pa.Array | None:
        """The field at ``path`` (None if the struct lacks it)."""
        if path in _SHARED:  # other rules read these too: the claims' cached child
            try:
                if path in _ENCODED:
                    return self.claims.encoded(f"provenance.{path}")
                return self.claims.child(f"provenance.{path}")
            except RuleUnavailable:
                return None
        return _field(self(path), path)


#: Provenance fields other rules keep as the claims' children (``claim_ids``, ``documents``,
#: ``tasks``): read once for all.
_SHARED = ("document.sha256", "label_studio.task_id")
#: Of those, the ones kept dictionary-encoded (few distinct values: ``Stack.encoded``).
_ENCODED = ("document.sha256",)


def _field(array: pa.Array, path: str) -> pa.Array | None:
    """A dotted struct field, or None if the struct lacks it."""
    for name in path.split("."):
        if not pa.types.is_struct(array.type) or array.type.get_field_index(name) < 0:
            return None
        array = pc.struct_field(array, name)
    return array
