"""Rules on the text itself: spans, document hashes and privacy.

Spans are compared byte for byte without building a Python string per claim: code-point offsets
become UTF-8 byte offsets through the positions of the lead bytes of each document block, then
the document bytes of every span are gathered with numpy and compared with ``span_text``.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from claims.model import make_doc_id
from export.check.arrays import (
    IntArray,
    Leaf,
    bools,
    ints,
    is_null,
    pc,
    string_bytes,
    string_leaves,
)
from export.check.engine import Emitter, Options, Where
from export.check.hashing import index_of
from export.check.report import clip
from export.check.source import DatasetSource, Stack
from export.check.structure import document_mismatches


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
    if "span_text" not in claims.table.column_names:
        return  # a workspace: claims carry offsets only
    differs = span_mismatches(text, doc, start, end, claims.column("span_text"), known & ~bad)
    claims.emit(
        out,
        "text",
        differs,
        lambda i: (
            f"span_text {clip(claims.table['span_text'][i].as_py())} is not the document's "
            f"text[{start[i]}:{end[i]}]"
        ),
    )


def span_mismatches(
    text: pa.Array,
    doc: IntArray,
    start: IntArray,
    end: IntArray,
    span_text: pa.Array,
    good: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Where ``text[doc][start:end] != span_text``, for the rows in ``good`` (spans known to lie
    within their documents); code-point offsets, compared on the UTF-8 bytes."""
    data, offsets = string_bytes(text)
    byte_start, byte_end = _byte_offsets(data, offsets, doc, start, end, good)
    span_data, span_offsets = string_bytes(span_text)
    differs = _differs(data, byte_start, byte_end, span_data, span_offsets, good)
    return differs | (good & is_null(span_text))


def _byte_offsets(
    data: npt.NDArray[np.uint8],
    offsets: IntArray,
    doc: IntArray,
    start: IntArray,
    end: IntArray,
    good: npt.NDArray[np.bool_],
) -> tuple[IntArray, IntArray]:
    """UTF-8 byte offsets (into ``data``) of each good claim's code-point span.

    Only the continuation bytes (``10xxxxxx``) are located: news text is mostly ASCII, so they
    are few. Counting code points over the whole buffer, continuation byte ``k`` at byte ``p``
    has ``q = p - k``; the character with code point index ``c`` starts at byte
    ``c + #{k: q_k <= c}``.
    """
    cont = np.flatnonzero(data.view(np.int8) < -64)  # bytes 0x80..0xBF
    q = cont - np.arange(len(cont), dtype=np.int64)
    doc_cp = offsets[:-1] - np.searchsorted(cont, offsets[:-1])  # code point of each doc start
    d = np.maximum(doc, 0)
    byte_start = np.zeros(len(doc), dtype=np.int64)
    byte_end = np.zeros(len(doc), dtype=np.int64)
    for target, cp in ((byte_start, start), (byte_end, end)):
        c = doc_cp[d[good]] + cp[good]
        target[good] = c + np.searchsorted(q, c, side="right")
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
    """For spans of at least 8 bytes: whether ``data[start:start+size]`` differs from the span."""
    words = (size + 7) // 8
    first = np.cumsum(words) - words
    step = np.arange(int(words.sum()), dtype=np.int64) - np.repeat(first, words)
    last = step == np.repeat(words - 1, words)
    offset = np.where(last, np.repeat(size - 8, words), step * 8)
    ours = _unaligned_words(data)[np.repeat(start, words) + offset]
    theirs = _unaligned_words(span_data)[np.repeat(span_start, words) + offset]
    return np.add.reduceat((ours != theirs).astype(np.int64), first) > 0


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
    raw = data.tobytes()
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
    stated = pc.struct_field(pc.struct_field(claims.column("provenance"), "document"), "sha256")
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


EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
#: Secrets by shape: known token prefixes, JWTs, and key-like words followed by a long value.
#: Every alternative contains a run of 20 characters of ``[A-Za-z0-9_~+-]`` (see ``SCREEN``).
TOKEN = (
    r"\b(hf_[A-Za-z0-9]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
    r"|glpat-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{15,}"
    r"|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{17,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"
    r"|(?i:\b(token|bearer|api[_-]?key|secret|password|passwd)\b\s*[:=]?\s*[A-Za-z0-9_~+-]{20,})"
)
#: A bare 40-hex string (a Label Studio legacy token) outside URL-like columns.
HEX_TOKEN = r"\b[0-9a-fA-F]{40}\b"
#: A cheap screen every e-mail and token match contains (a literal, a keyword or a hex run). It
#: runs over blocks of concatenated values; joining values cannot hide any of these, it can
#: only add rare false candidates, which the exact patterns then clear value by value.
SCREEN = (
    r"@|hf_|gh[pousr]_|github_pat_|glpat-|sk-|xox[abprs]-|AKIA|eyJ|[0-9a-fA-F]{40}"
    r"|(?i:token|bearer|api[_-]?key|secret|passw)"
)
#: Identifier and hash columns: machine-made, and hex by design.
SKIP = {"claim_id", "doc_id", "sha256", "claim_type", "provenance.document.sha256"}
URL_LIKE = ("url", "source")
#: Rows and bytes per screened block.
BLOCK_ROWS, BLOCK_BYTES = 256, 1 << 16


def check_privacy(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """No e-mail address or token-like string in any text column, nested ones included."""
    patterns = {"email": re.compile(EMAIL), "token": re.compile(f"{TOKEN}|{HEX_TOKEN}")}
    work: list[tuple[Stack, Leaf]] = []
    for config in ds.configs:
        stack = ds.stack(config)
        strings = (
            n
            for n, t in zip(stack.table.column_names, stack.table.schema.types, strict=True)
            if _has_strings(t)
        )
        for leaf in string_leaves({n: stack.column(n) for n in strings if n not in SKIP}):
            if leaf.path in SKIP or _copy_of_scanned(ds, config, leaf.path):
                continue
            work.append((stack, leaf))
    # The kernels release the GIL: screen the columns on every core, as pyarrow reads them.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        hits = list(pool.map(lambda item: _matches(item[1].values, _regex(item[1].path)), work))
    for (stack, leaf), hit in zip(work, hits, strict=True):
        if not hit.any():
            continue
        if leaf.rows is None:
            rows, first = hit, np.arange(len(hit))
        else:
            rows = np.zeros(stack.table.num_rows, dtype=bool)
            rows[leaf.rows[hit]] = True
            first = np.full(stack.table.num_rows, -1, dtype=np.int64)
            index = np.flatnonzero(hit)
            first[leaf.rows[index[::-1]]] = index[::-1]
        message = _privacy_message(leaf.path, leaf.values, first, patterns)
        stack.emit(out, "", rows, message)


def _regex(path: str) -> str:
    """The exact pattern for a column: no bare-hex rule in URL-like columns."""
    url_like = any(word in path.rsplit(".", 1)[-1] for word in URL_LIKE)
    return f"({EMAIL})|{TOKEN}" if url_like else f"({EMAIL})|{TOKEN}|{HEX_TOKEN}"


def _copy_of_scanned(ds: DatasetSource, config: str, path: str) -> bool:
    """Whether the column repeats, value for value, a column scanned anyway: config
    ``annotations`` repeats the claims' ``annotations[]``; ``provenance.document.*`` repeats
    the documents config (when the provenance rule finds every value equal)."""
    if config == "annotations":
        return _same_as_nested(ds, path)
    prefix = "provenance.document."
    if config == "claims" and path.startswith(prefix) and ds.parts_of("documents"):
        differs = document_mismatches(ds).get(path.removeprefix(prefix))
        return differs is not None and not differs.any()
    return False


def _same_as_nested(ds: DatasetSource, name: str) -> bool:
    """Whether column ``name`` of config ``annotations`` repeats the claims' ``annotations[]``
    field value for value (as the exporter writes it): then scanning one copy is enough."""
    nested, align = _nested_alignment(ds)
    if nested is None or name not in nested.type.names:
        return False
    theirs = pc.struct_field(nested, name)
    if align is not None:
        theirs = pc.take(theirs, pa.array(align))
    ours = ds.stack("annotations").column(name)
    if len(ours) != len(theirs) or ours.type != theirs.type:
        return False
    nulls = is_null(ours)
    if not np.array_equal(nulls, is_null(theirs)):
        return False
    return bool(bools(pc.equal(ours, theirs), null=True).all())


def nested_annotations(ds: DatasetSource) -> pa.Array | None:
    """The claims' annotations flattened, when every row of config ``annotations`` is one of
    them (``ds.cache["nested_alignment"]``: None when in the same order, else the positions)."""
    nested, _ = _nested_alignment(ds)
    return nested


def _nested_alignment(ds: DatasetSource) -> tuple[pa.Array | None, IntArray | None]:
    """(flattened nested annotations or None, positions of the config rows in it or None)."""

    def compute() -> tuple[pa.Array | None, IntArray | None]:
        if not (ds.parts_of("claims") and ds.parts_of("annotations")):
            return None, None
        claims = ds.stack("claims")
        if "annotations" not in claims.table.column_names:
            return None, None
        nested = claims.column("annotations").flatten()
        ids = ds.stack("annotations").column("annotation_id")
        nested_ids = pc.struct_field(nested, "annotation_id")
        if len(ids) == len(nested_ids) and np.array_equal(ints(ids), ints(nested_ids)):
            return nested, None
        align = index_of(ids, nested_ids)
        if len(align) != len(nested) or not (align >= 0).all():
            return None, None
        return nested, align

    result: tuple[pa.Array | None, IntArray | None] = ds.cache.get("nested", compute)
    return result


def _has_strings(t: pa.DataType) -> bool:
    """Whether a type is or contains a string."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return True
    if pa.types.is_struct(t):
        return any(_has_strings(f.type) for f in t)
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _has_strings(t.value_type)
    return False


def _matches(values: pa.Array, regex: str) -> npt.NDArray[np.bool_]:
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


def _privacy_message(
    path: str, values: pa.Array, first: np.ndarray, patterns: dict[str, re.Pattern[str]]
) -> Callable[[int], str]:
    """The message for a row: what its first matching value holds."""
    return lambda i: _privacy_msg(path, values[int(first[i])].as_py(), patterns)


def _privacy_msg(path: str, value: str, patterns: dict[str, re.Pattern[str]]) -> str:
    """Name what was found without repeating the secret itself."""
    kind = "an e-mail address" if patterns["email"].search(value) else "a token-like string"
    return f"{path} contains {kind}; remove it or replace it by a pseudonym"


__all__ = ["Where", "check_documents", "check_privacy", "check_spans"]
