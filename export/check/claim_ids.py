"""The ``claim_ids`` rule: every ``claim_id`` is the id its document hash, span and type give.

Extraction builds a claim's id with ``claims.model.make_claim_id`` from the document's SHA-256,
``start``, ``end`` and the claim type; this rule calls that same function on the stored values.
So a span moved (``start``/``end`` shifted, ``span_text`` edited to match: the ``spans`` rule
cannot see it), a type changed, or an id forged consistently in ``claims`` and ``annotations``
all leave a claim whose id is not the one its fields give. The document hash is the documents
config's ``sha256`` (the ``documents`` rule checks it against the text), or the claim's
``provenance.document.sha256`` when its document is absent.

The ids are recomputed a block of rows at a time: the keys ``make_claim_id`` hashes are built by
Arrow kernels, only the SHA-256 itself runs per claim in Python (``hashlib``, the digest
truncated to the 10 bytes the id shows), and the stored ids are compared as those 10 bytes:
their hex digits decoded by numpy (an id not of ``make_claim_id``'s form, ``claim-`` and 20
lowercase hex digits, equals no expected id). ``make_claim_id`` itself only names the expected
id of a reported row (the test suite checks both agree).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from claims.model import make_claim_id
from export.check.arrays import BoolArray, IntArray, ints, is_null, pc, string_bytes
from export.check.engine import Emitter, Options, RuleUnavailable
from export.check.report import clip
from export.check.source import DatasetSource, Stack

#: Claims recomputed per block (bounds the Python lists alive at once).
BLOCK_ROWS = 1 << 12


def check_claim_ids(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """``claim_id == make_claim_id(document sha256, start, end, claim_type)`` for every claim."""
    if not ds.parts_of("claims"):
        return
    claims = ds.stack("claims")
    hashes, which = document_hashes(ds)
    ids = claims.column("claim_id")
    kinds = pc.dictionary_encode(claims.column("claim_type"))
    kind = ints(kinds.indices, null=-1)
    start = ints(claims.column("start"), null=-1)
    end = ints(claims.column("end"), null=-1)
    known = (which >= 0) & ~is_null(ids) & (kind >= 0) & (start >= 0) & (end >= 0)
    inputs = _Inputs(hashes, which, kinds.dictionary.to_pylist(), kind, start, end)
    wrong = np.zeros(len(ids), dtype=bool)
    for lo in range(0, len(ids), BLOCK_ROWS):
        hi = min(lo + BLOCK_ROWS, len(ids))
        stated, well_formed = _stated_digests(ids.slice(lo, hi - lo))
        same = (stated == inputs.digests(lo, hi)).all(axis=1)
        wrong[lo:hi] = ~(well_formed & same)
    wrong &= known  # rows with a null input (or a null id) got a junk id above
    claims.emit(
        out,
        "derived",
        wrong,
        lambda i: (
            f"claim_id {clip(ids[i].as_py())} is not the id of its document hash, span "
            f"[{start[i]}, {end[i]}) and type {clip(inputs.types[kind[i]])} "
            f"(that would be {inputs.ids(i, i + 1)[0]}): the id, span or type was edited"
        ),
    )


@dataclass(frozen=True)
class _Inputs:
    """What each claim's id is made from: distinct hashes and types, and per-claim indices."""

    hashes: list[Any]  # str, None where unknown
    which: IntArray  # index into ``hashes`` per claim, -1 when unknown
    types: list[Any]
    kind: IntArray  # index into ``types`` per claim, -1 when null
    start: IntArray
    end: IntArray

    def expected(self, lo: int, hi: int) -> pa.Array:
        """The ids of claims ``lo:hi`` as ``make_claim_id`` gives them (junk where unknown), as
        one string array (the digests of ``digests`` in hex, by numpy)."""
        return _claim_id_strings(self.digests(lo, hi))

    def digests(self, lo: int, hi: int) -> npt.NDArray[np.uint8]:
        """The ``(hi - lo, 10)`` bytes of SHA-256 that the ids of claims ``lo:hi`` show in hex
        (junk where unknown): keys joined by Arrow, one ``sha256`` call per claim."""
        which = self.which[lo:hi]
        hashes, kinds = self.arrays
        parts = [
            hashes.take(pa.array(np.where(which >= 0, which, len(self.hashes) - 1))),
            pa.array(self.start[lo:hi]).cast(pa.string()),
            pa.array(self.end[lo:hi]).cast(pa.string()),
            kinds.take(pa.array(np.where(self.kind[lo:hi] >= 0, self.kind[lo:hi], len(kinds) - 1))),
        ]
        joined = pc.binary_join_element_wise(*parts, ":").cast(pa.binary())
        digests = b"".join(map(_DIGEST, map(hashlib.sha256, _binaries(joined))))
        full = np.frombuffer(digests, dtype=np.uint8).reshape(-1, _SHA_BYTES)
        return full[:, :_ID_BYTES]

    @cached_property
    def arrays(self) -> tuple[pa.Array, pa.Array]:
        """``hashes`` and ``types`` (a null appended) as Arrow strings, nulls as ``""``."""
        hashes = pa.array(self.hashes, pa.string()).fill_null("")
        kinds = pa.array([*self.types, None], pa.string()).fill_null("")
        return hashes, kinds

    def ids(self, lo: int, hi: int) -> list[str]:
        """The ids of claims ``lo:hi`` recomputed with ``make_claim_id`` (junk where unknown)."""
        return list(
            map(
                make_claim_id,
                map(self.hashes.__getitem__, self.which[lo:hi].tolist()),
                self.start[lo:hi].tolist(),
                self.end[lo:hi].tolist(),
                map(self.types.__getitem__, self.kind[lo:hi].tolist()),
            )
        )


def _binaries(array: pa.Array) -> list[bytes]:
    """The values of a binary array without nulls as ``bytes``.

    ASCII values (the usual keys) are padded with NUL bytes to the longest by Arrow and read
    as one numpy array of fixed-width bytes, whose ``tolist`` makes every ``bytes`` in C (and
    drops the padding); other values (or one holding a NUL byte itself, which would lose a
    trailing one) are slices of one copy of the data.
    """
    data, offsets = string_bytes(array)
    data = data[offsets[0] : offsets[-1]]
    sizes = np.diff(offsets)
    width = int(sizes.max()) if len(sizes) else 0
    if width and data.all() and int(data.max()) < 128:
        padded = pc.ascii_rpad(array.cast(pa.string()), width, "\x00")
        _, offsets_buffer, buffer = padded.buffers()
        start = int(np.frombuffer(offsets_buffer, np.int32)[padded.offset])
        values: list[bytes] = np.frombuffer(buffer, f"S{width}", len(padded), start).tolist()
        return values
    raw = data.tobytes()
    bounds = (offsets - offsets[0]).tolist()
    return list(map(raw.__getitem__, map(slice, bounds[:-1], bounds[1:])))


def _stated_digests(ids: pa.Array) -> tuple[npt.NDArray[np.uint8], BoolArray]:
    """The ``(n, 10)`` bytes each stored id shows in hex, and whether it is well formed
    (``claim-`` and 20 lowercase hex digits, as ``make_claim_id`` writes it; junk bytes
    where not): an id equals an expected one exactly when it is well formed and shows the
    same bytes."""
    n = len(ids)
    width = len(_ID_PREFIX) + 2 * _ID_BYTES
    data, offsets = string_bytes(ids)
    sizes = np.diff(offsets)
    if n and (sizes == width).all() and int(offsets[-1]) <= len(data):
        text = data[int(offsets[0]) : int(offsets[0]) + n * width].reshape(n, width)
        well_formed = np.ones(n, dtype=bool)
    else:  # some ids of another length: each row's first bytes, those ids not well formed
        well_formed = sizes == width
        at = np.minimum(offsets[:-1, None] + np.arange(width), max(len(data) - 1, 0))
        text = data[at] if len(data) else np.zeros((n, width), dtype=np.uint8)
    if ids.null_count:
        well_formed &= ~is_null(ids)
    prefix = np.frombuffer(_ID_PREFIX, dtype=np.uint8)
    well_formed &= (text[:, : len(_ID_PREFIX)] == prefix).all(axis=1)
    nibbles = _NIBBLE[text[:, len(_ID_PREFIX) :]]
    well_formed &= (nibbles < 16).all(axis=1)
    stated = np.asarray((nibbles[:, 0::2] << 4) | (nibbles[:, 1::2] & 15), dtype=np.uint8)
    return stated, np.asarray(well_formed, dtype=bool)


_DIGEST = type(hashlib.sha256()).digest
_SHA_BYTES = 32
_ID_PREFIX = b"claim-"
_ID_BYTES = 10  # ``make_claim_id`` keeps 20 hex digits of the SHA-256
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
#: The value of each lowercase hex digit's byte; 16 for every other byte.
_NIBBLE = np.full(256, 16, dtype=np.uint8)
_NIBBLE[_HEX] = np.arange(16, dtype=np.uint8)


def _claim_id_strings(digests: np.ndarray) -> pa.Array:
    """``"claim-" + hex(digest)`` for each row of an ``(n, 10)`` uint8 array, as Arrow strings."""
    n = digests.shape[0]
    width = len(_ID_PREFIX) + 2 * _ID_BYTES
    data = np.empty((n, width), dtype=np.uint8)
    data[:, : len(_ID_PREFIX)] = np.frombuffer(_ID_PREFIX, dtype=np.uint8)
    data[:, len(_ID_PREFIX) :: 2] = _HEX[digests >> 4]
    data[:, len(_ID_PREFIX) + 1 :: 2] = _HEX[digests & 15]
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data.tobytes())]
    )


def document_hashes(ds: DatasetSource) -> tuple[list[str | None], IntArray]:
    """The distinct document hashes and, per claim, the index of its document's (-1: unknown).

    The hash is the documents config's ``sha256``; a claim whose document is absent falls back
    to its ``provenance.document.sha256``.
    """
    claims: Stack = ds.stack("claims")
    stated = _provenance_hash(claims)
    if not pa.types.is_dictionary(stated.type):
        stated = pc.dictionary_encode(stated)
    hashes: list[str | None] = stated.dictionary.to_pylist()
    which = ints(stated.indices, null=-1)
    if ds.parts_of("documents"):
        doc = ds.lookup("claims", "doc_id", "documents", "doc_id")
        found = doc >= 0
        which = np.where(found, doc + len(hashes), which)
        hashes += ds.stack("documents").column("sha256").to_pylist()
    known = np.array([h is not None for h in hashes] + [False], dtype=bool)
    return [*hashes, None], np.where(known[which], which, -1)


def _provenance_hash(claims: Stack) -> pa.Array:
    """``provenance.document.sha256`` of each claim (nulls when the dataset has no provenance)."""
    table = claims.table
    if "provenance" not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    try:
        return claims.encoded("provenance.document.sha256")
    except RuleUnavailable:  # a provenance struct without that field: the provenance rule says so
        return pa.nulls(table.num_rows, pa.string())
