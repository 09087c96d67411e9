"""The Hugging Face features of the three dataset configs, derived from the domain model and the
label schema (never kept by hand).

``claims`` (default), ``documents`` and ``annotations`` each get ``datasets.Features`` and the
matching Arrow schema; the exporter writes with them, the card declares them and the checker
compares the Parquet files against them.
"""

from __future__ import annotations

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

from annotations.schema import LABEL_SCHEMA
from claims.model import SLOT_FIELDS

CONFIGS: tuple[str, ...] = ("claims", "documents", "annotations")
DEFAULT_CONFIG = "claims"

_PY_TO_VALUE = {
    "float": Value("float64"),
    "str": Value("string"),
    "list[str]": List(Value("string")),
}


def class_label(name: str) -> ClassLabel:
    """The ``ClassLabel`` of a choice field of the label schema."""
    return ClassLabel(names=LABEL_SCHEMA.choice(name).names)


def slots_feature() -> dict[str, object]:
    """The ``slots`` struct: every slot of every claim type, null where a type lacks it."""
    return {name: _PY_TO_VALUE[kind] for name, kind in SLOT_FIELDS.items()}


def annotation_feature(*, with_claim_id: bool) -> dict[str, object]:
    """One annotation: the schema's fields plus who and when (pseudonymous annotator)."""
    feature: dict[str, object] = {}
    if with_claim_id:
        feature["claim_id"] = Value("string")
    feature["annotation_id"] = Value("int64")
    feature["annotator"] = Value("string")
    for field in LABEL_SCHEMA.choices:
        feature[field.name] = class_label(field.name)
    for text in LABEL_SCHEMA.texts:
        feature[text.name] = Value("string")
    feature["span_start"] = Value("int64")
    feature["span_end"] = Value("int64")
    feature["was_cancelled"] = Value("bool")
    feature["created_at"] = Value("timestamp[us, tz=UTC]")
    feature["updated_at"] = Value("timestamp[us, tz=UTC]")
    feature["lead_time"] = Value("float64")
    if with_claim_id:
        feature["task_id"] = Value("int64")
    return feature


def provenance_feature() -> dict[str, object]:
    """Where a claim came from: document, extractor, Label Studio task and dataset builder."""
    return {
        "document": {
            "sha256": Value("string"),
            "title": Value("string"),
            "publisher": Value("string"),
            "published": Value("string"),
            "source": Value("string"),
        },
        "extractor": {"name": Value("string"), "version": Value("string")},
        # ``task_id``: the task of the claim's first annotation; ``task_ids``: every task its
        # annotations came from (more than one means the claim was imported twice).
        "label_studio": {
            "project_id": Value("int64"),
            "task_id": Value("int64"),
            "task_ids": List(Value("int64")),
        },
        "builder": {"name": Value("string"), "version": Value("string")},
    }


def claims_features() -> Features:
    """Config ``claims``: one row per claim with aggregates, annotations and provenance."""
    return Features(
        {
            "claim_id": Value("string"),
            "doc_id": Value("string"),
            "claim_type": Value("string"),
            "claim_text": Value("string"),
            "span_text": Value("string"),
            "start": Value("int64"),
            "end": Value("int64"),
            "checkworthiness": Value("float64"),
            "slots": slots_feature(),
            "verdict": class_label("verdict"),
            "claim_quality": class_label("claim_quality"),
            "num_annotations": Value("int64"),
            "agreement": Value("float64"),
            "needs_adjudication": Value("bool"),
            "annotations": List(annotation_feature(with_claim_id=False)),
            "provenance": provenance_feature(),
        }
    )


def documents_features() -> Features:
    """Config ``documents``: the articles, text exactly as extracted."""
    return Features(
        {
            "doc_id": Value("string"),
            "title": Value("string"),
            "publisher": Value("string"),
            "published": Value("string"),
            "source": Value("string"),
            "sha256": Value("string"),
            "text": Value("string"),
        }
    )


def annotations_features() -> Features:
    """Config ``annotations``: one row per annotation, with its ``claim_id``."""
    return Features(annotation_feature(with_claim_id=True))


FEATURES_BY_CONFIG = {
    "claims": claims_features,
    "documents": documents_features,
    "annotations": annotations_features,
}


def features_for(config: str) -> Features:
    """The features of ``config`` (one of ``CONFIGS``)."""
    return FEATURES_BY_CONFIG[config]()


def arrow_schema_for(config: str) -> pa.Schema:
    """The Arrow schema of ``config``, carrying the ``huggingface`` metadata ``datasets`` reads."""
    return features_for(config).arrow_schema
