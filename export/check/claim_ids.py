"""The ``claim_ids`` rule: every ``claim_id`` is the id its document hash, span and type give.

Extraction builds a claim's id with ``claims.model.make_claim_id`` from the document's SHA-256,
``start``, ``end`` and the claim type; this rule calls that same function on the stored values.
So a span moved (``start``/``end`` shifted, ``span_text`` edited to match: the ``spans`` rule
cannot see it), a type changed, or an id forged consistently in ``claims`` and ``annotations``
all leave a claim whose id is not the one its fields give. The document hash is the documents
config's ``sha256`` (the ``documents`` rule checks it against the text), or the claim's
``provenance.document.sha256`` when its document is absent.

The ids are recomputed a block of rows at a time (``make_claim_id`` is one SHA-256 per claim:
Python work, but bounded memory and no per-row objects kept).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from claims.model import make_claim_id
from export.check.arrays import IntArray, bools, ints, is_null, pc
from export.check.engine import Emitter, Options, RuleUnavailable
from export.check.report import clip
from export.check.source import DatasetSource, Stack

#: Claims recomputed per block (bounds the Python lists alive at once).
BLOCK_ROWS = 1 << 16


def check_claim_ids(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """``claim_id == make_claim_id(document sha256, start, end, claim_type)`` for every claim."""
    if not ds.parts_of("claims"):
        return
    claims = ds.stack("claims")
    sha = document_hashes(ds)
    ids, kinds = claims.column("claim_id"), claims.column("claim_type")
    start = ints(claims.column("start"), null=-1)
    end = ints(claims.column("end"), null=-1)
    known = ~is_null(sha) & ~is_null(ids) & ~is_null(kinds) & (start >= 0) & (end >= 0)
    wrong = np.zeros(len(ids), dtype=bool)
    for lo in range(0, len(ids), BLOCK_ROWS):
        hi = min(lo + BLOCK_ROWS, len(ids))
        wrong[lo:hi] = _wrong_ids(sha, ids, kinds, start, end, lo, hi)
    wrong &= known
    claims.emit(
        out,
        "derived",
        wrong,
        lambda i: (
            f"claim_id {clip(ids[i].as_py())} is not the id of its document hash, span "
            f"[{start[i]}, {end[i]}) and type {clip(kinds[i].as_py())} "
            f"({_expected(sha, kinds, start, end, i)}): the id, span or type was edited"
        ),
    )


def _wrong_ids(
    sha: pa.Array, ids: pa.Array, kinds: pa.Array, start: IntArray, end: IntArray, lo: int, hi: int
) -> np.ndarray:
    """Rows ``lo:hi`` whose stored id differs from the recomputed one."""
    n = hi - lo
    expected = list(
        map(
            make_claim_id,
            sha.slice(lo, n).to_pylist(),
            start[lo:hi].tolist(),
            end[lo:hi].tolist(),
            kinds.slice(lo, n).to_pylist(),
        )
    )
    # Rows with a null input give a junk id here; the caller masks them out.
    same = pc.equal(ids.slice(lo, n), pa.array(expected, pa.string()))
    return ~bools(same, null=True)


def _expected(sha: pa.Array, kinds: pa.Array, start: IntArray, end: IntArray, i: int) -> str:
    return make_claim_id(str(sha[i].as_py()), int(start[i]), int(end[i]), str(kinds[i].as_py()))


def document_hashes(ds: DatasetSource) -> pa.Array:
    """The SHA-256 of each claim's document: the documents config's, else its provenance's."""
    claims: Stack = ds.stack("claims")
    stated = _provenance_hash(claims)
    if not ds.parts_of("documents"):
        return stated
    doc = ds.lookup("claims", "doc_id", "documents", "doc_id")
    found = doc >= 0
    from_docs = pc.take(ds.stack("documents").column("sha256"), pa.array(np.maximum(doc, 0)))
    return pc.if_else(pa.array(found), from_docs, stated)


def _provenance_hash(claims: Stack) -> pa.Array:
    """``provenance.document.sha256`` of each claim (nulls when the dataset has no provenance)."""
    table = claims.table
    if "provenance" not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    try:
        return claims.child("provenance.document.sha256")
    except RuleUnavailable:  # a provenance struct without that field: the provenance rule says so
        return pa.nulls(table.num_rows, pa.string())
