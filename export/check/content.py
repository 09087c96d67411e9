"""Rules on the text itself: spans and document hashes.

Spans are compared byte for byte without building a Python string per claim: code-point offsets
become UTF-8 byte offsets through the positions of the lead bytes of each document block, then
the document bytes of every span are gathered with numpy and compared with ``span_text``.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from claims.model import make_doc_id
from export.check.arrays import (
    IntArray,
    bools,
    ints,
    is_null,
    pc,
    string_bytes,
)
from export.check.engine import Emitter, Options
from export.check.report import clip
from export.check.screen import Scan, Screener
from export.check.source import DatasetSource, Stack


def check_spans(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """0 <= start < end <= len(text) and ``text[start:end] == span_text`` for every claim."""
    if not ds.parts_of("claims") or not ds.parts_of("documents"):
        return
    claims, docs = ds.stack("claims"), ds.stack("documents")
    text = docs.column("text")
    doc = ds.lookup("claims", "doc_id", "documents", "doc_id")
    start = ints(claims.column("start"), null=-1)
    end = ints(claims.column("end"), null=-1)
    length = ints(pc.utf8_length(text), null=0)
    known = doc >= 0
    doc_len = np.where(known, length[np.maximum(doc, 0)], 0)
    bad = known & ((start < 0) | (start >= end) | (end > doc_len))
    claims.emit(
        out,
        "out_of_range",
        bad,
        lambda i: (
            f"span [{start[i]}, {end[i]}) is not within the document "
            f"{clip(claims.table['doc_id'][i].as_py())} of length {doc_len[i]}"
        ),
    )
    if "sentence_start" in claims.table.column_names:
        check_sentences(claims, start, end, doc_len, known & ~bad, out)
    if "span_text" not in claims.table.column_names:
        return  # a workspace: claims carry offsets only
    good = known & ~bad
    index = TextIndex.of(text)
    differs = np.zeros(len(good), dtype=bool)
    compared: list[bool] = []

    def compare(screener: Screener | None) -> None:
        lo = 0
        for piece in claims.table.pieces("span_text"):  # a row group at a time, never held
            if screener is not None:
                screener.feed(piece)
            hi = lo + len(piece)
            rows = slice(lo, hi)
            differs[rows] = span_mismatches(
                text, doc[rows], start[rows], end[rows], piece, good[rows], index
            )
            lo = hi
        compared.append(True)

    def screened() -> Scan:
        screener = Screener("span_text", "span_text")
        compare(screener)
        return screener.result()

    # screened for the ``privacy`` rule while held, so that rule does not decode it again
    claims.columns.get(("scan", "span_text"), screened)
    if not compared:  # the privacy rule screened it already
        compare(None)
    claims.emit(
        out,
        "text",
        differs,
        lambda i: (
            f"span_text {clip(claims.table['span_text'][i].as_py())} is not the document's "
            f"text[{start[i]}:{end[i]}]"
        ),
    )


def check_sentences(
    claims: Stack,
    start: IntArray,
    end: IntArray,
    doc_len: IntArray,
    good: npt.NDArray[np.bool_],
    out: Emitter,
) -> None:
    """``sentence_start <= start < end <= sentence_end <= len(text)`` where the sentence is
    given (both null: a claim extracted before sentence offsets existed)."""
    first = ints(claims.column("sentence_start"), null=-1)
    last = ints(claims.column("sentence_end"), null=-1)
    given = (first >= 0) | (last >= 0)
    bad = good & given & ((first < 0) | (first > start) | (last < end) | (last > doc_len))
    claims.emit(
        out,
        "sentence",
        bad,
        lambda i: (
            f"sentence [{first[i]}, {last[i]}) does not hold the span [{start[i]}, {end[i]}) "
            f"within the document of length {doc_len[i]}"
        ),
    )


@dataclass(frozen=True, slots=True)
class TextIndex:
    """The documents' UTF-8 bytes and where their multi-byte characters are, computed once
    for every block of claims compared against them."""

    data: npt.NDArray[np.uint8]
    offsets: IntArray
    q: IntArray  # continuation byte ``k`` at byte ``p``: ``p - k``
    doc_cp: IntArray  # the code point index of each document's first character

    @classmethod
    def of(cls, text: pa.Array) -> TextIndex:
        """The index of ``text`` (the documents config's ``text`` column)."""
        data, offsets = string_bytes(text)
        cont = _continuation_bytes(data)
        q = cont - np.arange(len(cont), dtype=np.int64)
        doc_cp = offsets[:-1] - np.searchsorted(cont, offsets[:-1])
        return cls(data, offsets, q, doc_cp)


#: Bytes of text scanned for continuation bytes at a time: the mask of a block is reused heap
#: memory, where one mask of all the documents' bytes (100 MB at a million claims) was a fresh
#: mapping, its pages zeroed by the kernel first.
SCAN_BYTES = 1 << 20


def _continuation_bytes(data: npt.NDArray[np.uint8]) -> IntArray:
    """The positions of the UTF-8 continuation bytes (``0x80..0xBF``) of ``data``, in order,
    found a block at a time."""
    signed = data.view(np.int8)
    found = [
        np.flatnonzero(signed[lo : lo + SCAN_BYTES] < -64) + lo
        for lo in range(0, len(signed), SCAN_BYTES)
    ]
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(found).astype(np.int64, copy=False)


def span_mismatches(
    text: pa.Array,
    doc: IntArray,
    start: IntArray,
    end: IntArray,
    span_text: pa.Array,
    good: npt.NDArray[np.bool_],
    index: TextIndex | None = None,
) -> npt.NDArray[np.bool_]:
    """Where ``text[doc][start:end] != span_text``, for the rows in ``good`` (spans known to lie
    within their documents); code-point offsets, compared on the UTF-8 bytes. ``index`` is
    ``TextIndex.of(text)`` when the caller compares several blocks of claims."""
    index = index if index is not None else TextIndex.of(text)
    byte_start, byte_end = _byte_offsets(index, doc, start, end, good)
    span_data, span_offsets = string_bytes(span_text)
    differs = _differs(index.data, byte_start, byte_end, span_data, span_offsets, good)
    return differs | (good & is_null(span_text))


def _byte_offsets(
    index: TextIndex,
    doc: IntArray,
    start: IntArray,
    end: IntArray,
    good: npt.NDArray[np.bool_],
) -> tuple[IntArray, IntArray]:
    """UTF-8 byte offsets (into ``index.data``) of each good claim's code-point span.

    Only the continuation bytes (``10xxxxxx``) are located: news text is mostly ASCII, so they
    are few. Counting code points over the whole buffer, continuation byte ``k`` at byte ``p``
    has ``q = p - k``; the character with code point index ``c`` starts at byte
    ``c + #{k: q_k <= c}``.
    """
    d = np.maximum(doc, 0)
    byte_start = np.zeros(len(doc), dtype=np.int64)
    byte_end = np.zeros(len(doc), dtype=np.int64)
    for target, cp in ((byte_start, start), (byte_end, end)):
        c = index.doc_cp[d[good]] + cp[good]
        target[good] = c + np.searchsorted(index.q, c, side="right")
    return byte_start, byte_end


def _differs(
    data: npt.NDArray[np.uint8],
    byte_start: IntArray,
    byte_end: IntArray,
    span_data: npt.NDArray[np.uint8],
    span_offsets: IntArray,
    good: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """True where the document bytes of a good span differ from its ``span_text`` bytes.

    Compared eight bytes at a time through unaligned 64-bit views (word ``i`` is the eight
    bytes from byte ``i``): a span of ``L >= 8`` bytes is the words at ``0, 8, ...`` and one at
    ``L - 8``. Spans shorter than a word are compared byte by byte.
    """
    n = byte_end - byte_start
    differs = good & (n != np.diff(span_offsets))
    same_length = good & ~differs & (n > 0)
    long = np.flatnonzero(same_length & (n >= 8))
    if len(long):
        differs[long] = _words_differ(
            data, byte_start[long], span_data, span_offsets[long], n[long]
        )
    short = np.flatnonzero(same_length & (n < 8))
    for k in range(1, 8):  # a few spans at most: one vector comparison per byte position
        rows = short[n[short] > k - 1]
        differs[rows] |= data[byte_start[rows] + k - 1] != span_data[span_offsets[rows] + k - 1]
    return differs


def _words_differ(
    data: npt.NDArray[np.uint8],
    start: IntArray,
    span_data: npt.NDArray[np.uint8],
    span_start: IntArray,
    size: IntArray,
) -> npt.NDArray[np.bool_]:
    """For spans of at least 8 bytes: whether ``data[start:start+size]`` differs from the span.

    Word ``k`` of every span still that long is compared in one vector step (the last word of
    a span at ``size - 8``), so no array longer than the spans is ever built.
    """
    ours_words, theirs_words = _unaligned_words(data), _unaligned_words(span_data)
    differs = np.zeros(len(size), dtype=bool)
    words = (size + 7) // 8
    rows = np.arange(len(size), dtype=np.int64)
    k = 0
    while len(rows):
        offset = np.minimum(k * 8, size[rows] - 8)
        differs[rows] |= ours_words[start[rows] + offset] != theirs_words[span_start[rows] + offset]
        k += 1
        rows = rows[(words[rows] > k) & ~differs[rows]]
    return differs


def _unaligned_words(data: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    """Element ``i``: the little-endian 64-bit word of ``data[i:i+8]`` (a view, no copy)."""
    count = max(len(data) - 7, 0)
    return np.ndarray((count,), dtype="<u8", buffer=data, offset=0, strides=(1,))


def check_documents(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """SHA-256 of ``text`` equals ``sha256`` and every claim's ``provenance.document.sha256``."""
    if not ds.parts_of("documents"):
        return
    docs = ds.stack("documents")
    text, sha = docs.column("text"), docs.column("sha256")
    data, offsets = string_bytes(text)
    raw = data.data  # each text hashed in place, from the Arrow buffer: no copy
    # One hash per document (not per claim): hashlib has no vectorised form.
    bounds = offsets.tolist()
    actual = [hashlib.sha256(raw[a:b]).hexdigest() for a, b in itertools.pairwise(bounds)]
    stored = sha.to_pylist()
    wrong = np.array([x != y for x, y in zip(actual, stored, strict=True)], dtype=bool)
    wrong |= is_null(text)
    docs.emit(
        out,
        "sha256",
        wrong,
        lambda i: f"sha256 {stored[i]!r} is not the SHA-256 of the text ({actual[i]})",
    )
    ids = docs.column("doc_id").to_pylist()
    wrong_id = np.array([d != make_doc_id(h) for d, h in zip(ids, actual, strict=True)], dtype=bool)
    docs.emit(
        out,
        "doc_id",
        wrong_id & ~wrong,
        lambda i: f"doc_id {ids[i]!r} is not derived from the text hash ({make_doc_id(actual[i])})",
    )
    if ds.parts_of("claims") and "provenance" in ds.stack("claims").table.column_names:
        _claims_hashes(ds, out, pa.array(actual, pa.string()))


def _claims_hashes(ds: DatasetSource, out: Emitter, actual: pa.Array) -> None:
    """Each claim's ``provenance.document.sha256`` is the hash of its document's text."""
    claims = ds.stack("claims")
    doc = ds.lookup("claims", "doc_id", "documents", "doc_id")
    known = doc >= 0
    expected = pc.take(actual, pa.array(np.maximum(doc, 0)))
    stated = claims.encoded("provenance.document.sha256")
    wrong = known & ~bools(pc.equal(stated, expected), null=False)
    claims.emit(
        out,
        "provenance_sha256",
        wrong,
        lambda i: (
            f"provenance.document.sha256 {clip(stated[i].as_py())} is not the hash of document "
            f"{clip(claims.table['doc_id'][i].as_py())}"
        ),
    )
