"""The ``claim_ids`` rule's vectorised id recomputation agrees with ``make_claim_id``."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from claims.model import make_claim_id
from export.check.claim_ids import _Inputs


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
