"""The ``claim_ids`` rule's vectorised id recomputation agrees with ``make_claim_id``."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from claims.model import make_claim_id
from export.check.claim_ids import _binaries, _Inputs, _stated_digests


def test_expected_ids_are_make_claim_id() -> None:
    hashes = ["a" * 64, "0f" * 32, "é-not-hex", None]
    types = ["quantity", "quote", "événement"]
    rng = np.random.default_rng(3)
    n = 500
    which = rng.integers(0, 3, n).astype(np.int64)
    kind = rng.integers(0, 3, n).astype(np.int64)
    start = rng.integers(0, 10**12, n).astype(np.int64)
    end = start + rng.integers(1, 1000, n).astype(np.int64)
    inputs = _Inputs(hashes, which, types, kind, start, end)
    got = inputs.expected(0, n).to_pylist()
    want = [
        make_claim_id(hashes[w], int(s), int(e), types[k])
        for w, s, e, k in zip(which, start, end, kind, strict=True)
    ]
    assert got == want
    assert got[7:9] == inputs.ids(7, 9)
    assert inputs.expected(3, 3).equals(pa.array([], pa.string()))


def test_stated_ids_compared_as_bytes() -> None:
    hashes = ["a" * 64, None]
    inputs = _Inputs(hashes, np.zeros(6, dtype=np.int64), ["quantity"], *_spans(6))
    good = inputs.expected(0, 6).to_pylist()
    stored = [
        good[0],  # equal
        good[1].upper(),  # uppercase hex: another string
        good[2][:-1],  # a digit short
        good[3] + "0",  # a digit long
        None,
        "x" + good[5][1:],  # another prefix
    ]
    digests, well_formed = _stated_digests(pa.array(stored, pa.string()))
    same = well_formed & (digests == inputs.digests(0, 6)).all(axis=1)
    assert same.tolist() == [True, False, False, False, False, False]
    digests, well_formed = _stated_digests(pa.array(good, pa.string()).slice(2, 3))
    assert well_formed.all() and (digests == inputs.digests(2, 5)).all()


def test_keys_with_nul_bytes_hash_unchanged() -> None:
    keys = pa.array([b"a\x00", b"", b"abc", b"\x00"], pa.binary())
    assert _binaries(keys) == [b"a\x00", b"", b"abc", b"\x00"]
    assert _binaries(pa.array([b"ab", b"", b"c"], pa.binary()).slice(1)) == [b"", b"c"]


def _spans(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    start = np.arange(n, dtype=np.int64) * 7
    return np.zeros(n, dtype=np.int64), start, start + 3
