"""A built dataset as the checker sees it: the card, the Parquet parts, their tables.

The files are read directly with pyarrow, never through a ``datasets`` cache that may be stale.
Parts are listed from the card's ``configs`` (``data_files`` per split), falling back to the Hub
layout ``data/<config>/<split>-*.parquet`` when the card lists none. Each file is read once, on
first use, so a run of only the ``croissant`` rule never touches the Parquet files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
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
from export.check.arrays import IntArray, pc
from export.check.engine import Emitter, RuleUnavailable, Severity, Where
from export.check.hashing import index_of
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


@dataclass
class Part:
    """One Parquet file: the rows of one split of one config."""

    config: str
    split: str | None  # None for a workspace file (no splits before export)
    path: Path
    rel: str  # path relative to the dataset root, as CI annotations show it
    _table: pa.Table | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def table(self) -> pa.Table:
        """The whole file, read on first use."""
        with self._lock:  # rules may run in parallel threads: read each file once
            if self._table is None:
                try:
                    self._table = pq.read_table(self.path)
                except (OSError, pa.ArrowException) as e:
                    raise InputError(f"{self.path}: not a readable Parquet file ({e})") from None
            return self._table

    @cached_property
    def schema(self) -> pa.Schema:
        """The file's Arrow schema (from the footer; does not read the rows)."""
        try:
            return pq.read_schema(self.path)
        except (OSError, pa.ArrowException) as e:
            raise InputError(f"{self.path}: not a readable Parquet file ({e})") from None

    @cached_property
    def num_rows(self) -> int:
        """The row count from the footer (does not read the rows)."""
        if self._table is not None:
            return int(self._table.num_rows)
        try:
            return int(pq.ParquetFile(self.path).metadata.num_rows)
        except (OSError, pa.ArrowException) as e:
            raise InputError(f"{self.path}: not a readable Parquet file ({e})") from None

    def where(self, table: pa.Table | None = None) -> Where:
        """The location of this part's rows, with their ``claim_id`` if the config has one."""
        t = self.table if table is None else table
        ids = t.column("claim_id") if "claim_id" in t.column_names else None
        return Where(self.config, self.split, self.rel, ids)


@dataclass(slots=True)
class Stack:
    """One config's parts concatenated, with the row range of each part."""

    config: str
    parts: list[Part]
    table: pa.Table
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
        for k, part in enumerate(self.parts):
            lo, hi = int(self.bounds[k]), int(self.bounds[k + 1])
            if not bad[lo:hi].any():
                continue
            total += out.rows(
                code, bad[lo:hi], part.where(), _shifted(message, lo), severity=severity
            )
        return total

    def split_of(self, i: int) -> str | None:
        """The split of stack row ``i``."""
        return self.parts[int(np.searchsorted(self.bounds, i, side="right")) - 1].split

    def column(self, name: str) -> pa.Array:
        """One column as a single contiguous array (the rule is unavailable if it is missing).

        Combined once and cached: several rules read the same columns.
        """
        return self.columns.get(name, lambda: self.chunked(name).combine_chunks())

    def chunked(self, name: str) -> pa.ChunkedArray:
        """One column as read (one chunk per row group): no copy."""
        if name not in self.table.column_names:
            raise RuleUnavailable(f"config {self.config!r} has no column {name!r}")
        return self.table.column(name)

    def offsets(self, name: str) -> IntArray:
        """The offsets of list column ``name`` (null lists empty): row ``i`` owns flattened
        values ``offsets[i]:offsets[i+1]`` of ``child(name + ".field")``."""

        def compute() -> IntArray:
            lengths = pc.fill_null(pc.list_value_length(self.chunked(name)), 0)
            sizes = np.asarray(lengths.to_numpy(), dtype=np.int64)
            return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)

        return self.columns.get(("offsets", name), compute)

    def child(self, path: str) -> pa.Array:
        """A field inside a nested column as one contiguous array, copying only that field.

        ``"provenance.document.sha256"`` is a struct field (null where a parent is null);
        ``"annotations.verdict"`` a field of a list of structs, flattened over all rows.
        """

        def compute() -> pa.Array:
            head, *names = path.split(".")
            array: Any = self.chunked(head)
            for name in names:
                if pa.types.is_list(array.type) or pa.types.is_large_list(array.type):
                    array = pc.list_flatten(array)
                if not pa.types.is_struct(array.type) or array.type.get_field_index(name) < 0:
                    raise RuleUnavailable(f"config {self.config!r} has no field {path!r}")
                array = pc.struct_field(array, name)
            return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array

        return self.columns.get(("child", path), compute)


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
        self.parts.setdefault(config, []).append(Part(config, split, path, rel))

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
        tables = [p.table for p in parts]
        try:
            table = pa.concat_tables(tables, promote_options="permissive")
        except pa.ArrowException as e:
            raise RuleUnavailable(f"the splits of {config!r} do not share a schema ({e})") from e
        sizes = np.array([0] + [t.num_rows for t in tables], dtype=np.int64)
        return Stack(config, parts, table, np.cumsum(sizes))

    def lookup(self, config: str, column: str, target: str, target_column: str) -> IntArray:
        """For each row of ``config``, the row of ``target`` whose ``target_column`` equals its
        ``column`` (-1 when none): the joins several rules share, computed once."""
        key = ("lookup", config, column, target, target_column)

        def compute() -> IntArray:
            values = self.stack(config).column(column)
            keys = self.stack(target).column(target_column)
            return index_of(values, keys, self._guess(config, column, target))

        return self.cache.get(key, compute)

    def _guess(self, config: str, column: str, target: str) -> IntArray | None:
        """The likely owner claim of each ``annotations`` row: the exporter writes that config
        in the order of the claims' ``annotations[]`` lists."""
        if (config, column, target) != ("annotations", "claim_id", "claims"):
            return None
        claims = self.stack("claims")
        if "annotations" not in claims.table.column_names:
            return None
        lengths = pc.list_value_length(claims.table.column("annotations"))
        sizes = np.asarray(pc.fill_null(lengths, 0).to_numpy(), dtype=np.int64)
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
