"""Offline validation of a dataset card before it is written or uploaded.

``huggingface_hub.RepoCard.validate`` asks the Hub (network); this checks locally what the Hub
would: ``huggingface_hub.DatasetCard`` parses the text (front matter present, a YAML mapping),
and the standard keys hold values the Hub accepts (licence ids of ``export.license``, the Hub's
size buckets, and the task, creator and multilinguality values this dataset can carry).
"""

from __future__ import annotations

from typing import Any

from export.license import HUB_LICENSES

#: The values the Hub documents for each key, limited to the ones that can apply here.
ALLOWED: dict[str, frozenset[str]] = {
    "annotations_creators": frozenset(
        {"crowdsourced", "expert-generated", "found", "machine-generated", "no-annotation", "other"}
    ),
    "language_creators": frozenset(
        {"crowdsourced", "expert-generated", "found", "machine-generated", "other"}
    ),
    "multilinguality": frozenset({"monolingual", "multilingual", "translation", "other"}),
    "size_categories": frozenset(
        {
            "n<1K",
            "1K<n<10K",
            "10K<n<100K",
            "100K<n<1M",
            "1M<n<10M",
            "10M<n<100M",
            "100M<n<1B",
            "1B<n<10B",
            "10B<n<100B",
            "100B<n<1T",
            "n>1T",
        }
    ),
    "task_categories": frozenset(
        {"text-classification", "token-classification", "question-answering", "other"}
    ),
    "task_ids": frozenset(
        {"fact-checking", "fact-checking-retrieval", "natural-language-inference", "other"}
    ),
    "license": frozenset(HUB_LICENSES),
}
REQUIRED = ("license", "language", "pretty_name", "configs", "dataset_info", "task_categories")


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def card_problems(text: str) -> list[str]:
    """What is wrong with the card ``text`` (empty when it is fine)."""
    from huggingface_hub import DatasetCard

    if not text.startswith("---\n"):
        return ["no YAML front matter"]
    try:
        data = DatasetCard(text).data.to_dict()
    except Exception as e:  # huggingface_hub raises ValueError or a YAML error
        return [f"huggingface_hub cannot parse it ({str(e).splitlines()[0][:200]})"]
    problems = [f"no {key!r}" for key in REQUIRED if not data.get(key)]
    for key, allowed in ALLOWED.items():
        bad = [v for v in _values(data.get(key, [])) if v not in allowed]
        if bad:
            problems.append(f"{key} {bad[0]!r} is not a value the Hub accepts")
    default = [c for c in data.get("configs") or [] if isinstance(c, dict) and c.get("default")]
    if len(default) != 1:
        problems.append("exactly one config must be the default")
    return problems
