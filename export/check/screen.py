"""Screening strings for secrets: the ``privacy`` rule's patterns and scanner.

A module of its own so that a rule reading a string column for another purpose (the
``annotation_copies`` rule reads the claims' nested annotations) can screen it while it holds
it, and the ``privacy`` rule then finds the result instead of reading the column again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from export.check.arrays import (
    IntArray,
    bools,
    contiguous,
    ints,
    pc,
    string_bytes,
    string_leaves,
)
from export.check.source import Stack

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
#: Secrets by shape: known token prefixes, JWTs, and key-like words followed by a long value.
#: Every alternative contains one of the literals of ``SCREEN``.
TOKEN = (
    r"\b(hf_[A-Za-z0-9]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
    r"|glpat-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{15,}"
    r"|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{17,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"
    r"|(?i:\b(token|bearer|api[_-]?key|secret|password|passwd)\b\s*[:=]?\s*[A-Za-z0-9_~+-]{20,})"
)
#: A bare 40-hex string (a Label Studio legacy token) outside URL-like columns.
HEX_TOKEN = r"\b[0-9a-fA-F]{40}\b"
#: An absolute path into someone's home directory (it names a local account: a dataset must
#: record sources relative to the input, or URLs). RE2 has no look-behind, hence the prefix.
HOME_PATH = r"(?:^|[^\w.])(?:/home/|/Users/)[A-Za-z0-9._-]+|(?:^|[^\w.])/root/|\b[A-Za-z]:\\Users\\"
#: A cheap screen every e-mail and token match contains (a literal, a keyword or a hex run). It
#: runs over blocks of concatenated values; joining values cannot hide any of these, it can
#: only add rare false candidates, which the exact patterns then clear value by value.
SCREEN = (
    r"@|hf_|gh[pousr]_|github_pat_|glpat-|sk-|xox[abprs]-|AKIA|eyJ|[0-9a-fA-F]{40}"
    r"|(?i:token|bearer|api[_-]?key|secret|passw)|/home/|/Users/|/root/|\\Users\\"
)
#: Identifier and hash columns: machine-made, and hex by design.
SKIP = {"claim_id", "doc_id", "sha256", "claim_type", "provenance.document.sha256"}
URL_LIKE = ("url", "source")
#: Rows and bytes per screened block.
BLOCK_ROWS, BLOCK_BYTES = 256, 1 << 16
#: Bytes of values screened per kernel call; a batch is screened through its distinct values
#: when at most ``DEDUPE_SHARE`` of its first ``DEDUPE_SAMPLE`` values are distinct.
FLUSH_BYTES, DEDUPE_SHARE, DEDUPE_SAMPLE = 8 << 20, 0.5, 2048


def _regex(path: str) -> str:
    """The exact pattern for a column: no bare-hex rule in URL-like columns."""
    url_like = any(word in path.rsplit(".", 1)[-1] for word in URL_LIKE)
    common = f"({EMAIL})|{TOKEN}|{HOME_PATH}"
    return common if url_like else f"{common}|{HEX_TOKEN}"


@dataclass(frozen=True, slots=True)
class Hits:
    """Where the patterns matched in one string field: the values that matched, in row order,
    and the row of the stack each belongs to (a row may hold several values of a list)."""

    path: str
    rows: IntArray
    values: pa.Array

    def first(self, num_rows: int) -> tuple[npt.NDArray[np.bool_], IntArray]:
        """Per stack row: whether a value matched, and the index (in ``values``) of its first."""
        mask = np.zeros(num_rows, dtype=bool)
        mask[self.rows] = True
        first = np.full(num_rows, -1, dtype=np.int64)
        first[self.rows[::-1]] = np.arange(len(self.rows) - 1, -1, -1, dtype=np.int64)
        return mask, first


class Screener:
    """Screens the string field ``path`` of column ``name`` piece by piece (row groups, in row
    order), keeping only the values that match and their rows.

    Pieces are screened in batches of about ``FLUSH_BYTES`` (each pattern is compiled once per
    kernel call, and a row group of a small field is a few kilobytes), and a batch of repeated
    values (an annotator, a URL, a version string) is screened through its distinct values,
    when a sample shows them few: the same verdict per value, at a hash per value instead of
    a regular expression over every byte.
    """

    def __init__(self, name: str, path: str) -> None:
        self.name, self.path = name, path
        self._regex = _regex(path)
        self._rows: list[IntArray] = []
        self._values: list[pa.Array] = []
        self._base = 0
        self._pending: list[tuple[pa.Array, IntArray | None, int]] = []
        self._pending_bytes = 0

    def feed(self, piece: pa.Array) -> None:
        """Screen the next rows of the column (``piece`` holds at least the field ``path``)."""
        for leaf in string_leaves({self.name: piece}):
            if leaf.path != self.path:
                continue
            values = contiguous(leaf.values)
            if len(values) and values.null_count < len(values):
                if self._pending and self._pending[0][0].type != values.type:
                    self._flush()
                self._pending.append((values, leaf.rows, self._base))
                self._pending_bytes += _size(values)
        self._base += len(piece)
        if self._pending_bytes >= FLUSH_BYTES:
            self._flush()

    def result(self) -> Scan:
        """What matched in the pieces fed so far (None: nothing)."""
        self._flush()
        if not self._rows:
            return None
        return Hits(self.path, np.concatenate(self._rows), pa.concat_arrays(self._values))

    def _flush(self) -> None:
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        if not pending:
            return
        values = pa.chunked_array([v for v, _, _ in pending])  # no copy
        hit = np.flatnonzero(self._matches(values))
        if not len(hit):
            return
        self._values.append(contiguous(pc.take(values, pa.array(hit))))
        start = 0
        for part, rows, base in pending:
            end = start + len(part)
            local = hit[(hit >= start) & (hit < end)] - start
            if len(local):
                self._rows.append((local if rows is None else rows[local]) + base)
            start = end

    def _matches(self, values: pa.ChunkedArray) -> npt.NDArray[np.bool_]:
        """``_matches(values)``, through the distinct values when a sample of the batch has
        few (hashing values that are all distinct would cost more than it saves)."""
        sample = values.chunk(0).slice(0, DEDUPE_SAMPLE)
        if len(pc.unique(sample)) <= DEDUPE_SHARE * len(sample):
            encoded = pc.dictionary_encode(values)  # one dictionary for every chunk
            distinct = encoded.chunk(encoded.num_chunks - 1).dictionary
            if all(len(c.dictionary) == len(distinct) for c in encoded.chunks):
                hit = np.append(_matches(distinct, self._regex), False)
                codes = [ints(c.indices, null=len(distinct)) for c in encoded.chunks]
                return hit[np.concatenate(codes)]
        return _matches(values, self._regex)


def _size(values: pa.Array) -> int:
    """The bytes of a string array's values (its data buffer's share)."""
    _, offsets = string_bytes(values)
    return int(offsets[-1] - offsets[0]) if len(offsets) else 0


def scan(stack: Stack, name: str, path: str, column: pa.ChunkedArray | None = None) -> Scan:
    """Where a pattern matches in the string field ``path`` of column ``name`` (None:
    nowhere), once per stack: ``column`` is the subtree the caller read already, if any; else
    the field is read a row group at a time and only the matching values are kept."""

    def compute() -> Scan:
        pieces = stack.table.pieces(name, path) if column is None else iter(column.chunks)
        screener = Screener(name, path)
        for piece in pieces:
            screener.feed(piece)
        return screener.result()

    result: Scan = stack.columns.get(("scan", path), compute)
    return result


Scan = Hits | None


def _matches(values: pa.Array | pa.ChunkedArray, regex: str) -> npt.NDArray[np.bool_]:
    """Where ``regex`` matches, chunk by chunk (columns are scanned as read, never copied)."""
    if isinstance(values, pa.ChunkedArray):
        parts = [_matches_array(chunk, regex) for chunk in values.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    return _matches_array(values, regex)


def _matches_array(values: pa.Array, regex: str) -> npt.NDArray[np.bool_]:
    """Where ``regex`` matches: screened block-wise first, exact on the candidate rows only.

    A pyarrow kernel costs about as much per value as per few hundred bytes, so screening
    blocks of ~256 values (a zero-copy view over the same data buffer) is several times faster
    than matching each value; clean data has few candidate blocks.
    """
    n = len(values)
    hit = np.zeros(n, dtype=bool)
    if n == 0 or values.null_count == n:
        return hit
    data, offsets = string_bytes(values)
    bounds = np.unique(
        np.concatenate(
            [
                np.arange(0, n, BLOCK_ROWS),
                np.searchsorted(offsets, np.arange(offsets[0], offsets[-1], BLOCK_BYTES)),
                [n],
            ]
        )
    )
    bounds = bounds[(bounds >= 0) & (bounds <= n)]
    blocks = pa.Array.from_buffers(
        pa.large_string(),
        len(bounds) - 1,
        [None, pa.py_buffer(offsets[bounds].astype(np.int64)), pa.py_buffer(data)],
    )
    suspect = np.flatnonzero(bools(pc.match_substring_regex(blocks, SCREEN), null=False))
    if len(suspect) == 0:
        return hit
    sizes = bounds[suspect + 1] - bounds[suspect]
    rows = np.repeat(bounds[suspect], sizes) + (
        np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    )
    exact = pc.match_substring_regex(pc.take(values, pa.array(rows)), regex)
    hit[rows] = bools(exact, null=False)
    return hit
