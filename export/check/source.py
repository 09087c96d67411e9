"""A built dataset as the checker sees it: the card, the Parquet parts, their tables.

The files are read directly with pyarrow, never through a ``datasets`` cache that may be stale.
Parts are listed from the card's ``configs`` (``data_files`` per split), falling back to the Hub
layout ``data/<config>/<split>-*.parquet`` when the card lists none. Each file is read on first
use, so a run of only the ``croissant`` rule never touches the Parquet files, and a row group at a
time on the calling thread: the columns several rules share are cached, the large ones a rule
scans once (``Columns.pieces``) are streamed and never held.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from datasets import Features
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCardData

from claims.errors import InputError
from export.check.arrays import IntArray, contiguous, ints, pc
from export.check.engine import Emitter, RuleUnavailable, Severity, Where
from export.check.hashing import index_of, index_of_pieces
from export.check.memo import Memo
from export.features import CONFIGS
from export.layout import CARD, CROISSANT, DATA_DIR

__all__ = ["CARD", "CROISSANT", "DatasetSource", "Part", "Stack", "is_dataset", "read_card"]

try:  # the C loader parses a large card several times faster
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def is_dataset(path: Path) -> bool:
    """A built dataset: a card and a ``data`` folder."""
    return (path / CARD).is_file() and (path / DATA_DIR).is_dir()


def read_card(path: Path) -> tuple[dict[str, Any], str]:
    """The YAML front matter (a dict) and the body of ``README.md``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the dataset card ({e})") from None
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        raise InputError(f"{path}: the YAML front matter is not closed by a '---' line")
    try:
        meta = yaml.load(text[3:end], Loader=_Loader) or {}
    except yaml.YAMLError as e:
        raise InputError(f"{path}: the YAML front matter is not valid YAML ({e})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{path}: the YAML front matter is not a mapping")
    return meta, text[end + 4 :].lstrip("-\n")


class Columns:
    """A table read column by column, on first use: only the columns the rules ask for are
    ever held in memory, and each once (a combined copy replaces the chunks it came from).

    Built over Parquet files (unified schema from the footers, without reading rows) or over
    tables already in memory (a workspace). Thread-safe: rules run in parallel threads.
    """

    def __init__(
        self,
        sources: list[Path | pa.Table],
        schema: pa.Schema,
        sizes: list[int],
        names: list[list[str]] | None = None,
        footers: Footers | None = None,
    ):
        self._sources = sources
        self.footers = footers or Footers()
        self._names = names or [list(schema.names)] * len(sources)
        self.schema = schema
        self._sizes = sizes
        self.num_rows = int(sum(sizes))
        self._columns: dict[str, pa.ChunkedArray] = {}
        self._combined: set[str] = set()
        self._memo = Memo()

    @property
    def column_names(self) -> list[str]:
        """The column names, in schema order."""
        return list(self.schema.names)

    def __getitem__(self, name: str) -> pa.ChunkedArray:
        return self.column(name)

    def column(self, name: str) -> pa.ChunkedArray:
        """Column ``name`` of every source (one chunk per row group, or one when combined)."""
        if name in self._columns:
            return self._columns[name]
        self._memo.get(name, lambda: self._read(name))
        return self._columns[name]

    def cached(self) -> list[str]:
        """The columns held in memory (read by a rule that shares them), in reading order."""
        return list(self._columns)

    def peek(self, name: str) -> pa.ChunkedArray:
        """Column ``name`` as cached, or read without caching (a rule that scans it once)."""
        if name in self._columns:
            return self._columns[name]
        return self._load(name)

    def subtree(self, name: str, path: str) -> pa.ChunkedArray:
        """Column ``name`` holding only the fields under ``path`` (``"annotations.verdict"``,
        ``"provenance.document"``): read from the Parquet leaves of ``path`` alone, not cached.
        The whole cached column when a rule holds it already, or when the files differ."""
        if name in self._columns or path == name:
            return self.peek(name)
        chunks: list[pa.Array] = []
        for source, names in zip(self._sources, self._names, strict=True):
            if isinstance(source, pa.Table) or name not in names:
                return self.peek(name)
            leaves = _read_leaves(source, path, self.footers)
            if leaves is None:  # no such field: the whole column, for the rule to say so
                return self.peek(name)
            chunks.extend(leaves.chunks)
        types = {c.type for c in chunks}
        if len(types) > 1:
            return self.peek(name)
        return pa.chunked_array(chunks, chunks[0].type) if chunks else self.peek(name)

    def pieces(self, name: str, path: str | None = None) -> Iterator[pa.Array]:
        """Column ``name`` (only the fields under ``path`` when given) one row group at a time,
        in row order, not cached: for a rule that scans it once and keeps a little state.

        The cached chunks when a rule holds the column already. Pieces of different files may
        differ in type when the files do (a field only some have).
        """
        if name in self._columns:
            yield from self._columns[name].chunks
            return
        wanted = self.schema.field(name).type
        for source, size, names in zip(self._sources, self._sizes, self._names, strict=True):
            if name not in names:
                yield pa.nulls(size, wanted)
                continue
            leaves = None
            if path is not None and path != name and not isinstance(source, pa.Table):
                leaves = _leaf_paths(source, path, self.footers)
            if leaves is None:
                yield from _column_pieces(source, name, wanted, self.footers)
            else:
                yield from _row_groups(source, leaves, self.footers)

    def combined(self, name: str) -> pa.Array:
        """Column ``name`` as one contiguous array; it replaces the chunks in the cache."""

        def compute() -> pa.Array:
            array = contiguous(self.column(name))
            self._columns[name] = pa.chunked_array([array], array.type)
            self._combined.add(name)
            return array

        result: pa.Array = self._memo.get(("combined", name), compute)
        return result

    def _read(self, name: str) -> None:
        self._columns[name] = self._load(name)

    def _load(self, name: str) -> pa.ChunkedArray:
        wanted = self.schema.field(name).type
        chunks: list[pa.Array] = []
        for source, size, names in zip(self._sources, self._sizes, self._names, strict=True):
            if name not in names:  # as ``concat_tables(promote_options="permissive")``
                chunks.append(pa.nulls(size, wanted))
                continue
            column = _read_column(source, name, wanted, self.footers)
            chunks.extend(column.chunks)
        return pa.chunked_array(chunks, wanted)


class Footers:
    """The parsed footers of the Parquet files of one check run, each parsed once.

    The rules read a file column by column, dozens of times, and a large file's footer costs
    milliseconds to parse. Each thread keeps one reader per file (readers are not shared
    between threads): making a reader costs about as much as decoding a small column of a
    row group (the nested paths of the schema are rebuilt each time), and the rules make
    hundreds. The Parquet leaf paths of each file are listed once. Scoped to a run: a file
    rewritten between two runs is read afresh.
    """

    def __init__(self) -> None:
        self._metadata: dict[Path, pq.FileMetaData] = {}
        self._leaves: dict[Path, list[tuple[str, str]]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def open(self, path: Path) -> pq.ParquetFile:
        """This thread's reader of ``path``, over the cached footer."""
        readers: dict[Path, pq.ParquetFile] | None = getattr(self._local, "readers", None)
        if readers is None:
            readers = self._local.readers = {}
        reader = readers.get(path)
        if reader is None:
            reader = readers[path] = pq.ParquetFile(path, metadata=self._footer(path))
        return reader

    def leaves(self, path: Path) -> list[tuple[str, str]]:
        """The Parquet leaf paths of the file at ``path`` (``a.list.element.b``), in order,
        each with its path without the list levels (``a.b``)."""
        leaves = self._leaves.get(path)
        if leaves is None:
            schema = self._footer(path).schema
            paths = [schema.column(i).path for i in range(len(schema))]
            leaves = [(leaf, _logical(leaf)) for leaf in paths]
            with self._lock:
                self._leaves.setdefault(path, leaves)
        return leaves

    def _footer(self, path: Path) -> pq.FileMetaData:
        metadata = self._metadata.get(path)
        if metadata is None:
            metadata = pq.read_metadata(path)
            with self._lock:
                self._metadata.setdefault(path, metadata)
        return metadata


def _read_column(source: Path | pa.Table, name: str, wanted: pa.DataType, footers: Footers) -> Any:
    """One column of one file (or table), as the unified type: one chunk per row group."""
    return pa.chunked_array(list(_column_pieces(source, name, wanted, footers)), wanted)


def _column_pieces(
    source: Path | pa.Table, name: str, wanted: pa.DataType, footers: Footers
) -> Iterator[pa.Array]:
    """Column ``name`` of one file (or table) as the unified type, a row group at a time.

    Each row group is decoded on the calling thread (``use_threads=False``): the decoder's
    buffers of one row group are reused by the next, where a whole-column read faults in
    fresh pages for all of them at once.
    """
    if isinstance(source, pa.Table):
        chunks: Iterator[pa.Array] = iter(source.column(name).chunks)
    else:
        chunks = _row_groups(source, [name], footers)
    for chunk in chunks:
        if chunk.type != wanted:
            try:
                chunk = chunk.cast(wanted)
            except pa.ArrowException as e:
                raise RuleUnavailable(f"column {name!r} of {source} is not {wanted} ({e})") from e
        yield chunk


def _row_groups(path: Path, columns: list[str], footers: Footers) -> Iterator[pa.Array]:
    """The first (top-level) column of ``columns`` (Parquet leaf paths or a column name) of
    the file at ``path``, one row group at a time, decoded on the calling thread."""
    try:
        parquet = footers.open(path)
        for i in range(parquet.metadata.num_row_groups):
            table = parquet.read_row_group(i, columns=columns, use_threads=False)
            yield from table.column(0).chunks
    except (OSError, pa.ArrowException) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from None


def _leaf_paths(path: Path, field_path: str, footers: Footers) -> list[str] | None:
    """The Parquet leaves of the file at ``path`` under ``field_path`` (None: none)."""
    try:
        leaves = footers.leaves(path)
    except (OSError, pa.ArrowException) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from None
    wanted = [leaf for leaf, logical in leaves if _under(logical, field_path)]
    return wanted or None


def _read_leaves(path: Path, field_path: str, footers: Footers) -> pa.ChunkedArray | None:
    """The top-level column of ``field_path`` with only the Parquet leaves under it."""
    wanted = _leaf_paths(path, field_path, footers)
    if wanted is None:
        return None
    chunks = list(_row_groups(path, wanted, footers))
    if not chunks:
        return footers.open(path).read(columns=wanted).column(0)
    return pa.chunked_array(chunks, chunks[0].type)


def _logical(leaf: str) -> str:
    """A Parquet leaf path without the list levels: ``a.list.element.b`` -> ``a.b``."""
    parts = leaf.split(".")
    out: list[str] = []
    i = 0
    while i < len(parts):
        if parts[i] == "list" and i + 1 < len(parts) and parts[i + 1] in ("element", "item"):
            i += 2
            continue
        out.append(parts[i])
        i += 1
    return ".".join(out)


def _under(leaf: str, path: str) -> bool:
    return leaf == path or leaf.startswith(path + ".")


@dataclass
class Part:
    """One Parquet file: the rows of one split of one config."""

    config: str
    split: str | None  # None for a workspace file (no splits before export)
    path: Path
    rel: str  # path relative to the dataset root, as CI annotations show it
    _table: pa.Table | None = None  # rows already in memory (a workspace file)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _columns: Columns | None = field(default=None, repr=False, compare=False)
    footers: Footers = field(default_factory=Footers, repr=False, compare=False)

    @property
    def table(self) -> Columns:
        """The file's columns, each read on first use."""
        with self._lock:
            if self._columns is None:
                self._columns = Columns(
                    [self.source], self.schema, [self.num_rows], footers=self.footers
                )
            return self._columns

    @property
    def source(self) -> Path | pa.Table:
        """Where the rows are: the file, or the table in memory."""
        return self.path if self._table is None else self._table

    @cached_property
    def schema(self) -> pa.Schema:
        """The file's Arrow schema (from the footer; does not read the rows)."""
        if self._table is not None:
            return self._table.schema
        try:
            return self.footers.open(self.path).schema_arrow
        except (OSError, pa.ArrowException) as e:
            raise InputError(f"{self.path}: not a readable Parquet file ({e})") from None

    @cached_property
    def num_rows(self) -> int:
        """The row count from the footer (does not read the rows)."""
        if self._table is not None:
            return int(self._table.num_rows)
        try:
            return int(self.footers.open(self.path).metadata.num_rows)
        except (OSError, pa.ArrowException) as e:
            raise InputError(f"{self.path}: not a readable Parquet file ({e})") from None

    def where(self, claim_ids: Any = None) -> Where:
        """The location of this part's rows, with their ``claim_id`` if the config has one."""
        if claim_ids is None and "claim_id" in self.schema.names:
            claim_ids = self.table.column("claim_id")
        return Where(self.config, self.split, self.rel, claim_ids)


@dataclass(slots=True)
class Stack:
    """One config's parts concatenated, with the row range of each part."""

    config: str
    parts: list[Part]
    table: Columns
    bounds: npt.NDArray[np.int64]  # part i owns rows bounds[i]:bounds[i+1]
    columns: Memo = field(default_factory=Memo)

    def emit(
        self,
        out: Emitter,
        code: str,
        bad: npt.NDArray[np.bool_],
        message: Callable[[int], str],
        *,
        severity: Severity = Severity.ERROR,
    ) -> int:
        """Report the rows where ``bad`` is true, part by part; ``message(i)`` takes a stack row."""
        total = 0
        if not bad.any():
            return total
        ids = self.table.column("claim_id") if "claim_id" in self.table.column_names else None
        for k, part in enumerate(self.parts):
            lo, hi = int(self.bounds[k]), int(self.bounds[k + 1])
            if not bad[lo:hi].any():
                continue
            where = part.where(None if ids is None else ids.slice(lo, hi - lo))
            total += out.rows(code, bad[lo:hi], where, _shifted(message, lo), severity=severity)
        return total

    def split_of(self, i: int) -> str | None:
        """The split of stack row ``i``."""
        return self.parts[int(np.searchsorted(self.bounds, i, side="right")) - 1].split

    def column(self, name: str) -> pa.Array:
        """One column as a single contiguous array (the rule is unavailable if it is missing).

        Combined once and cached: several rules read the same columns.
        """
        if name not in self.table.column_names:
            raise RuleUnavailable(f"config {self.config!r} has no column {name!r}")
        return self.table.combined(name)

    def chunked(self, name: str) -> pa.ChunkedArray:
        """One column as read (one chunk per row group): no copy."""
        if name not in self.table.column_names:
            raise RuleUnavailable(f"config {self.config!r} has no column {name!r}")
        return self.table.column(name)

    def offsets(self, name: str) -> IntArray:
        """The offsets of list column ``name`` (null lists empty): row ``i`` owns flattened
        values ``offsets[i]:offsets[i+1]`` of ``child(name + ".field")``."""

        def compute() -> IntArray:
            lengths = pc.fill_null(pc.list_value_length(self.lists(name)), 0)
            sizes = np.asarray(lengths.to_numpy(), dtype=np.int64)
            return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)

        return self.columns.get(("offsets", name), compute)

    def type_of(self, name: str) -> pa.DataType:
        """The type of column ``name`` (from the footers; the rule is unavailable if missing)."""
        if name not in self.table.column_names:
            raise RuleUnavailable(f"config {self.config!r} has no column {name!r}")
        return self.table.schema.field(name).type

    def lists(self, name: str) -> pa.ChunkedArray:
        """List column ``name`` with a single leaf kept: its lengths and nulls, cheaply."""
        if name not in self.table.column_names:
            raise RuleUnavailable(f"config {self.config!r} has no column {name!r}")
        t = self.table.schema.field(name).type
        if not (pa.types.is_list(t) or pa.types.is_large_list(t)):
            return self.chunked(name)
        inner = t.value_type
        path = name
        while pa.types.is_struct(inner) and inner.num_fields:
            leaf = _cheapest_field(inner)
            path, inner = f"{path}.{leaf.name}", leaf.type
        return self.table.subtree(name, path)

    def field(self, path: str) -> Any:
        """A field inside a nested column (flattened as ``child``), not cached: the cached copy
        if a rule made one, else read from that field's Parquet leaves alone."""
        if ("child", path) in self.columns:
            return self.child(path)
        return self._descend(path)

    def _descend(self, path: str) -> Any:
        head = path.split(".")[0]
        if head not in self.table.column_names:
            raise RuleUnavailable(f"config {self.config!r} has no column {head!r}")
        return self.descend(self.table.subtree(head, path), path)

    def descend(self, array: Any, path: str) -> Any:
        """Field ``path`` from ``array``, column ``path``'s head as read (a subtree of it):
        lists flattened, struct fields taken (``child`` without the read)."""
        for name in path.split(".")[1:]:
            if pa.types.is_list(array.type) or pa.types.is_large_list(array.type):
                array = pc.list_flatten(array)
            if not pa.types.is_struct(array.type) or array.type.get_field_index(name) < 0:
                raise RuleUnavailable(f"config {self.config!r} has no field {path!r}")
            array = pc.struct_field(array, name)
        return array

    def encoded(self, path: str) -> pa.DictionaryArray:
        """A string field inside a nested column (as ``child``) dictionary-encoded, read a
        row group at a time: for a field of few distinct values per many rows (a claim's
        document hash), held as one small index per row instead of the strings. Cached."""

        def compute() -> pa.DictionaryArray:
            head = path.split(".")[0]
            if head not in self.table.column_names:
                raise RuleUnavailable(f"config {self.config!r} has no column {head!r}")
            dictionaries: list[pa.Array] = []
            indices: list[IntArray] = []
            for piece in self.table.pieces(head, path):
                local = pc.dictionary_encode(contiguous(self.descend(piece, path)))
                dictionaries.append(local.dictionary)
                indices.append(ints(local.indices, null=-1))
            if not dictionaries:
                empty = pa.array([], pa.int32())
                return pa.DictionaryArray.from_arrays(empty, pa.array([], pa.string()))
            # one code per distinct value in the order of first appearance, as the pieces'
            # dictionaries list them: the local dictionaries encoded once, together
            value_type = dictionaries[-1].type
            dictionaries = [d if d.type == value_type else d.cast(value_type) for d in dictionaries]
            unified = pc.dictionary_encode(pa.concat_arrays(dictionaries))
            mapping = np.append(ints(unified.indices), -1)  # the -1: a piece of nulls only
            starts = np.cumsum([0] + [len(d) for d in dictionaries[:-1]]).tolist()
            index = np.concatenate(
                [
                    np.where(local >= 0, mapping[np.maximum(local, 0) + start], -1)
                    for local, start in zip(indices, starts, strict=True)
                ]
            )
            mask = np.asarray(index < 0)
            return pa.DictionaryArray.from_arrays(
                pa.array(index.astype(np.int32), mask=mask), unified.dictionary
            )

        result: pa.DictionaryArray = self.columns.get(("encoded", path), compute)
        return result

    def child(self, path: str) -> pa.Array:
        """A field inside a nested column as one contiguous array, copying only that field.

        ``"provenance.document.sha256"`` is a struct field (null where a parent is null);
        ``"annotations.verdict"`` a field of a list of structs, flattened over all rows.
        """

        def compute() -> pa.Array:
            array = self._descend(path)
            return contiguous(array)

        return self.columns.get(("child", path), compute)


def _cheapest_field(t: pa.StructType) -> pa.Field:
    """The struct field cheapest to read: the narrowest fixed-width one (a flag, a small
    integer), else the first. Any leaf of a list column carries the lists' lengths."""
    fixed = [f for f in t if pa.types.is_primitive(f.type)]
    return min(fixed, key=lambda f: f.type.bit_width) if fixed else t.field(0)


def _shifted(message: Callable[[int], str], lo: int) -> Callable[[int], str]:
    """``message`` for rows numbered from ``lo``."""
    return lambda i: message(lo + i)


@dataclass(slots=True)
class DatasetSource:
    """A built dataset directory, loaded lazily."""

    root: Path
    card: dict[str, Any]
    body: str
    parts: dict[str, list[Part]]
    missing_files: list[tuple[str, str, str]] = field(default_factory=list)  # config, split, path
    #: Results several rules share (stacks, joins, the recomputed aggregates), computed once.
    cache: Memo = field(default_factory=Memo)
    footers: Footers = field(default_factory=Footers)

    @classmethod
    def open(cls, root: Path) -> DatasetSource:
        """Read the card and list the Parquet parts (rows are read later, on first use)."""
        card, body = read_card(root / CARD)
        source = cls(root=root, card=card, body=body, parts={})
        listed = card.get("configs")
        if isinstance(listed, list) and listed:
            source._parts_from_card(listed)
        else:
            source._parts_from_layout()
        return source

    def _parts_from_card(self, listed: list[Any]) -> None:
        for entry in listed:
            if not isinstance(entry, dict) or "config_name" not in entry:
                continue
            config = str(entry["config_name"])
            files = entry.get("data_files") or []
            if isinstance(files, str | dict):
                files = [files]
            for spec in files:
                split, pattern = _split_and_pattern(spec)
                for pat in pattern:
                    matches = sorted(self.root.glob(pat))
                    if not matches:
                        self.missing_files.append((config, split, pat))
                    for path in matches:
                        self._add(config, split, path)

    def _parts_from_layout(self) -> None:
        for config in CONFIGS:
            for path in sorted((self.root / DATA_DIR / config).glob("*.parquet")):
                self._add(config, path.name.split("-", 1)[0], path)

    def _add(self, config: str, split: str, path: Path) -> None:
        rel = path.relative_to(self.root).as_posix()
        part = Part(config, split, path, rel, footers=self.footers)
        self.parts.setdefault(config, []).append(part)

    @property
    def configs(self) -> list[str]:
        """The configs that have at least one Parquet part."""
        return list(self.parts)

    def parts_of(self, config: str) -> list[Part]:
        """The parts of ``config`` (none if the config is absent)."""
        return self.parts.get(config, [])

    def stack(self, config: str) -> Stack:
        """``config`` with all its splits concatenated (cached)."""
        return self.cache.get(("stack", config), lambda: self._stack(config))

    def _stack(self, config: str) -> Stack:
        parts = self.parts_of(config)
        if not parts:
            raise RuleUnavailable(f"the dataset has no Parquet files for config {config!r}")
        try:
            schema = pa.unify_schemas([p.schema for p in parts], promote_options="permissive")
        except pa.ArrowException as e:
            raise RuleUnavailable(f"the splits of {config!r} do not share a schema ({e})") from e
        rows = [p.num_rows for p in parts]
        names = [list(p.schema.names) for p in parts]
        table = Columns([p.source for p in parts], schema, rows, names, parts[0].footers)
        sizes = np.array([0, *rows], dtype=np.int64)
        return Stack(config, parts, table, np.cumsum(sizes))

    def lookup(self, config: str, column: str, target: str, target_column: str) -> IntArray:
        """For each row of ``config``, the row of ``target`` whose ``target_column`` equals its
        ``column`` (-1 when none): the joins several rules share, computed once."""
        key = ("lookup", config, column, target, target_column)

        def compute() -> IntArray:
            stack = self.stack(config)
            keys = self.stack(target).column(target_column)
            guess = self._guess(config, column, target)
            if guess is not None and column not in stack.table.cached():
                if column not in stack.table.column_names:
                    raise RuleUnavailable(f"config {config!r} has no column {column!r}")
                # the queries a row group at a time: only the join is kept
                return index_of_pieces(stack.table.pieces(column), keys, guess)
            return index_of(stack.column(column), keys, guess)

        return self.cache.get(key, compute)

    def _guess(self, config: str, column: str, target: str) -> IntArray | None:
        """The likely owner claim of each ``annotations`` row: the exporter writes that config
        in the order of the claims' ``annotations[]`` lists."""
        if (config, column, target) != ("annotations", "claim_id", "claims"):
            return None
        claims = self.stack("claims")
        if "annotations" not in claims.table.column_names:
            return None
        sizes = np.diff(claims.offsets("annotations"))
        if sizes.sum() != self.stack("annotations").table.num_rows:
            return None
        return np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)

    @property
    def claimset(self) -> dict[str, Any]:
        """The card's ``claimset:`` block (empty when absent)."""
        block = self.card.get("claimset")
        return block if isinstance(block, dict) else {}

    def dataset_info(self, config: str) -> dict[str, Any] | None:
        """The card's ``dataset_info`` entry of ``config``."""
        info = self.card.get("dataset_info")
        entries = info if isinstance(info, list) else [info] if isinstance(info, dict) else []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("config_name", "default") == config:
                return entry
        if isinstance(info, dict) and len(self.parts) == 1 and "config_name" not in info:
            return info
        return None

    def declared_features(self, config: str) -> Features | None:
        """The features the card declares for ``config``, parsed back into ``datasets.Features``."""
        info = self.dataset_info(config)
        if info is None or "features" not in info:
            return None
        card_data = DatasetCardData(dataset_info=[{**info, "config_name": config}])
        declared = DatasetInfosDict.from_dataset_card_data(card_data).get(config)
        return None if declared is None else declared.features


def _split_and_pattern(spec: Any) -> tuple[str, list[str]]:
    """``{"split": "train", "path": "data/claims/train-*"}`` -> ("train", [pattern])."""
    if isinstance(spec, str):
        return "train", [spec]
    split = str(spec.get("split", "train"))
    path = spec.get("path", [])
    return split, [path] if isinstance(path, str) else [str(p) for p in path]
