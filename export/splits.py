"""Splits: parsing ``train=0.8,validation=0.1,test=0.1`` and assigning documents to them.

A document's split depends only on its id and the ratios (a hash of the id mapped to [0, 1)
and cut at the cumulative ratios), so every claim of an article lands in the same split, the
assignment is the same on every machine, and adding documents never moves existing ones.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claims.errors import InputError
from export.layout import DEFAULT_SPLITS, SPLIT_NAME_PATTERN

DEFAULT_SPLIT_SPEC = "train=0.8,validation=0.1,test=0.1"


@dataclass(frozen=True, slots=True)
class SplitSpec:
    """Named splits with ratios summing to 1, in the order given."""

    names: tuple[str, ...]
    ratios: tuple[float, ...]

    def __str__(self) -> str:
        return ",".join(f"{n}={r:g}" for n, r in zip(self.names, self.ratios, strict=True))


def parse_splits(spec: str | SplitSpec | None) -> SplitSpec:
    """Parse ``name=ratio,...``; raise ``InputError`` saying what is wrong and how to fix it."""
    if isinstance(spec, SplitSpec):
        return spec
    text = DEFAULT_SPLIT_SPEC if spec is None else spec
    names: list[str] = []
    ratios: list[float] = []
    for part in (p.strip() for p in text.split(",")):
        name, ratio = _parse_part(part, text)
        if name in names:
            raise InputError(f"--splits {text!r}: split {name!r} is given twice")
        names.append(name)
        ratios.append(ratio)
    total = math.fsum(ratios)
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise InputError(f"--splits {text!r}: ratios sum to {total:g}, they must sum to 1")
    if all(r == 0 for r in ratios):
        raise InputError(f"--splits {text!r}: at least one ratio must be positive")
    return SplitSpec(tuple(names), tuple(ratios))


def _parse_part(part: str, text: str) -> tuple[str, float]:
    """One ``name=ratio`` item."""
    example = f"e.g. {DEFAULT_SPLIT_SPEC}"
    if part.count("=") != 1:
        raise InputError(f"--splits {text!r}: {part!r} is not name=ratio ({example})")
    name, _, raw = (s.strip() for s in part.partition("="))
    if not re.match(SPLIT_NAME_PATTERN, name):
        raise InputError(
            f"--splits {text!r}: bad split name {name!r} (letters, digits and _; "
            f"usually one of {', '.join(DEFAULT_SPLITS)})"
        )
    try:
        ratio = float(raw)
    except ValueError:
        raise InputError(f"--splits {text!r}: ratio {raw!r} of {name!r} is not a number") from None
    if not math.isfinite(ratio) or ratio < 0:
        raise InputError(f"--splits {text!r}: ratio of {name!r} must be >= 0, got {raw}")
    return name, ratio


def unit_interval(doc_id: str) -> float:
    """A stable pseudo-random number in [0, 1) derived from ``doc_id`` (SHA-256, 53 bits)."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
    return (int.from_bytes(digest[:8], "big") >> 11) / float(1 << 53)


def assign_splits(doc_ids: Iterable[str], spec: SplitSpec) -> npt.NDArray[np.int64]:
    """The split index (into ``spec.names``) of every document, in input order."""
    cuts = np.cumsum(np.asarray(spec.ratios, dtype=np.float64))
    cuts[-1] = np.inf  # rounding never pushes a document past the last split
    u = np.fromiter((unit_interval(d) for d in doc_ids), dtype=np.float64)
    index = np.searchsorted(cuts, u, side="right").astype(np.int64)
    # A zero ratio owns an empty interval; searchsorted already skips it.
    return index
