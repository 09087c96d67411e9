"""The dataset card, ``README.md``: YAML front matter the Hub and ``datasets`` read, and a body
people read.

The YAML declares every config (``configs`` with ``data_files`` per split, ``default: true`` on
``claims``) and its exact features (``dataset_info``), so ``load_dataset(DIR)`` gives the
declared types offline. The ``claimset:`` block carries counts, agreement and a content hash of
the data: ``datasets`` keys its cache on this YAML, so a re-export with new rows always changes
the card and never serves stale rows. No wall-clock time: the build time is the latest
annotation time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from datasets import DatasetInfo, SplitDict, SplitInfo
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCardData

from claims.errors import ClaimsetError
from export.card_body import body
from export.card_check import card_problems
from export.features import CONFIGS, DEFAULT_CONFIG, features_for
from export.layout import card_path, data_file

if TYPE_CHECKING:
    from export.build import ExportReport

LANGUAGE = ["en"]
PRETTY_NAME = "claimset: human-verified fact claims from news articles"
#: The Hub's standard keys. Annotations: people chosen by the project judged each claim in its
#: own Label Studio (``expert-generated``, not a crowd platform); the claims themselves were
#: proposed by a rule-based extractor (``machine-generated``). The texts are news articles
#: as published (``found``), English only, collected for this dataset (``original``).
ANNOTATIONS_CREATORS = ["expert-generated", "machine-generated"]
LANGUAGE_CREATORS = ["found"]
MULTILINGUALITY = ["monolingual"]
SOURCE_DATASETS = ["original"]
TASK_CATEGORIES = ["text-classification"]
TASK_IDS = ["fact-checking"]
TAGS = ["fact-checking", "claim-detection", "news", "label-studio", "croissant"]
SIZE_CATEGORIES = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
)


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` bucket for ``n`` rows."""
    for bound, name in SIZE_CATEGORIES:
        if n < bound:
            return name
    return "100M<n<1B"


def card_data(report: ExportReport) -> DatasetCardData:
    """The front matter as ``huggingface_hub``'s ``DatasetCardData`` (custom keys as kwargs)."""
    configs = [c for c in CONFIGS if c in report.splits]
    return DatasetCardData(
        pretty_name=PRETTY_NAME,
        license=report.license,
        language=LANGUAGE,
        annotations_creators=ANNOTATIONS_CREATORS,
        language_creators=LANGUAGE_CREATORS,
        multilinguality=MULTILINGUALITY,
        size_categories=[size_category(report.num_claims)],
        source_datasets=SOURCE_DATASETS,
        task_categories=TASK_CATEGORIES,
        task_ids=TASK_IDS,
        tags=TAGS,
        configs=[
            {
                "config_name": c,
                **({"default": True} if c == DEFAULT_CONFIG else {}),
                "data_files": [{"split": s, "path": data_file(c, s)} for s in report.splits[c]],
            }
            for c in configs
        ],
        dataset_info=dataset_info(report, configs),
        claimset=claimset_block(report),
    )


def front_matter(report: ExportReport) -> dict[str, Any]:
    """The YAML front matter as a dict (key order is kept when dumped)."""
    return card_data(report).to_dict()


def dataset_info(report: ExportReport, configs: list[str]) -> list[dict[str, Any]]:
    """The ``dataset_info`` list: each config's features and splits, in the YAML form the Hub and
    ``datasets`` read, written by ``datasets``' own (public) ``DatasetInfosDict``."""
    infos = DatasetInfosDict()
    for c in configs:
        splits = SplitDict()
        for s, n in report.splits[c].items():
            splits.add(SplitInfo(name=s, num_bytes=report.split_bytes[c][s], num_examples=n))
        infos[c] = DatasetInfo(features=features_for(c), splits=splits)
    card_data = DatasetCardData()
    infos.to_dataset_card_data(card_data)
    entries = card_data.to_dict()["dataset_info"]
    return entries if isinstance(entries, list) else [entries]


def claimset_block(report: ExportReport) -> dict[str, Any]:
    """The ``claimset:`` block: builder, counts, agreement, annotators, content hash."""
    return {
        "license": report.license,
        "publishers": report.publishers,
        "builder_version": report.builder_version,
        "build_time": report.build_time,
        "content_hash": report.content_hash,
        "counts": {
            "documents": report.num_documents,
            "claims": report.num_claims,
            "annotations": report.num_annotations,
            "cancelled_annotations": report.num_cancelled,
            "needs_adjudication": report.needs_adjudication,
            "annotators": len(report.annotators),
        },
        "splits": report.splits,
        "agreement": report.agreement,
        "adjudicators": report.adjudicators,
        "annotators": report.annotators,
    }


def render(report: ExportReport) -> str:
    """The whole card as text (deterministic for a given report)."""
    yaml_text = yaml.safe_dump(front_matter(report), sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{yaml_text}---\n\n{body(report)}"


def write_card(root: Path, report: ExportReport) -> Path:
    """Write ``README.md`` under ``root``, after checking it (``export.card_check``)."""
    text = render(report)
    problems = card_problems(text)
    if problems:  # a bug of ours, not of the input: refuse rather than publish a bad card
        raise ClaimsetError("the dataset card does not validate: " + "; ".join(problems))
    path = card_path(root)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def read_front_matter(root: Path) -> dict[str, Any]:
    """The YAML front matter of a dataset's card (for tests and the checker)."""
    text = card_path(root).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.index("\n---\n", 4)
    data = yaml.safe_load(text[4:end])
    return data if isinstance(data, dict) else {}
