"""Where things live in a dataset directory written by ``claimset export`` (a contract).

Layout (the Hugging Face Hub layout, so ``load_dataset(DIR)`` works offline)::

    DIR/README.md                                      card: YAML front matter + body
    DIR/croissant.json                                 Croissant JSON-LD (with RAI fields)
    DIR/data/{config}/{split}-00000-of-00001.parquet   one file per config and non-empty split
    DIR/.claimset-export.json                          marker: the files the export wrote

Configs are ``export.features.CONFIGS`` (``claims`` is the default); a split with no rows in a
config has no file and is left out of that config in the card. The checker imports these helpers
instead of spelling paths itself.

Conventions of the ``claims`` rows the checker relies on:

- ``annotations`` holds the latest version of every annotation of the claim, cancelled ones
  included (``was_cancelled`` true, labels -1), ordered by ``annotation_id``.
- ``num_annotations`` counts the live (not cancelled) annotations; ``verdict``, ``claim_quality``
  and ``agreement`` come from ``export.aggregate.aggregate_claims`` over the live ones, with the
  adjudicators listed in the card (``claimset.adjudicators``) and each annotation's ``round``
  (the claim's latest round decides; ``provenance.adjudication`` records a review round that did).
- ``agreement`` is null when a claim has no live verdict; ``needs_adjudication`` is true when a
  claim has live annotations and ``verdict`` or ``claim_quality`` is -1; an unannotated claim
  (``num_annotations`` 0) is -1 without it.
"""

from __future__ import annotations

from pathlib import Path

from export.features import CONFIGS, DEFAULT_CONFIG

CARD = "README.md"
CROISSANT = "croissant.json"
DATA_DIR = "data"
MARKER = ".claimset-export.json"
DEFAULT_SPLITS: tuple[str, ...] = ("train", "validation", "test")
SPLIT_NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"

__all__ = [
    "CARD",
    "CONFIGS",
    "CROISSANT",
    "DATA_DIR",
    "DEFAULT_CONFIG",
    "DEFAULT_SPLITS",
    "MARKER",
    "card_path",
    "config_dir",
    "croissant_path",
    "data_file",
    "data_file_pattern",
    "split_file_name",
    "split_files",
]


def split_file_name(split: str) -> str:
    """The file name of one split of one config: ``{split}-00000-of-00001.parquet``."""
    return f"{split}-00000-of-00001.parquet"


def data_file(config: str, split: str) -> str:
    """The path of a split's Parquet file relative to the dataset dir (POSIX, as in the card)."""
    return f"{DATA_DIR}/{config}/{split_file_name(split)}"


def data_file_pattern(config: str) -> str:
    """A glob matching every Parquet file of ``config``, relative to the dataset dir."""
    return f"{DATA_DIR}/{config}/*.parquet"


def config_dir(root: Path, config: str) -> Path:
    """The directory holding the Parquet files of ``config``."""
    return Path(root) / DATA_DIR / config


def card_path(root: Path) -> Path:
    """``DIR/README.md``."""
    return Path(root) / CARD


def croissant_path(root: Path) -> Path:
    """``DIR/croissant.json``."""
    return Path(root) / CROISSANT


def split_files(root: Path, config: str) -> dict[str, Path]:
    """The split files of ``config`` present on disk, ``{split: path}``, sorted by split name."""
    suffix = "-00000-of-00001.parquet"
    found = sorted(config_dir(root, config).glob(f"*{suffix}"))
    return {p.name[: -len(suffix)]: p for p in found}
