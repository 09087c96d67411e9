"""The byte scan that skips the e-mail regex agrees with ``match_substring`` on every layout."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as _compute
import pytest

from export.annotation_store import StoreStats, _has_byte, _redact

#: ``pyarrow.compute`` typed loosely: its kernels are generated at import time.
pc: Any = _compute


@pytest.mark.parametrize("type_", [pa.string(), pa.large_string()])
def test_scan_matches_match_substring_on_slices(type_: pa.DataType) -> None:
    column = pa.array(["plain", None, "a@b", "", "more text", "x@y.org"], type_)
    for lo in range(len(column)):
        for hi in range(lo, len(column) + 1):
            part = column.slice(lo, hi - lo)
            exact = bool(pc.any(pc.match_substring(part, "@")).as_py())
            # The scan may say yes where the kernel says no (bytes of a null slot), never no
            # where it says yes.
            assert _has_byte(part, ord("@")) or not exact
            if part.null_count == 0:
                assert _has_byte(part, ord("@")) == exact


def test_at_sign_hidden_in_a_null_slot_changes_nothing() -> None:
    valid = pa.array([True, False, True]).buffers()[1]
    data = pa.py_buffer(b"abme@x.orgcd")
    offsets = pa.array([0, 2, 10, 12], pa.int32()).buffers()[1]
    column = pa.Array.from_buffers(pa.string(), 3, [valid, offsets, data], null_count=1)
    assert _has_byte(column, ord("@"))
    stats = StoreStats()
    assert _redact(column, stats).equals(column)
    assert stats.redacted_emails == 0


def test_redaction_still_replaces_addresses() -> None:
    stats = StoreStats()
    out = _redact(pa.array(["mail me@example.org now", "none", None]), stats)
    assert out.to_pylist() == ["mail [e-mail removed] now", "none", None]
    assert stats.redacted_emails == 1
