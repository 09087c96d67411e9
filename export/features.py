"""The Hugging Face features of the three dataset configs, derived from the domain model and the
label schema (never kept by hand).

``claims`` (default), ``documents`` and ``annotations`` each get ``datasets.Features`` and the
matching Arrow schema; the exporter writes with them, the card declares them and the checker
compares the Parquet files against them.
"""

from __future__ import annotations

from functools import lru_cache

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

from annotations.schema import LabelSchema, active_schema
from claims.model import active_claim_types, slot_fields

CONFIGS: tuple[str, ...] = ("claims", "documents", "annotations")
DEFAULT_CONFIG = "claims"

_PY_TO_VALUE = {
    "float": Value("float64"),
    "str": Value("string"),
    "list[str]": List(Value("string")),
}


#: A claim type registry in hashable form: ``((type, ((slot, kind), ...)), ...)``.
_Types = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def _types_key() -> _Types:
    return tuple((str(t), tuple(slots.items())) for t, slots in active_claim_types().items())


def class_label(name: str, schema: LabelSchema | None = None) -> ClassLabel:
    """The ``ClassLabel`` of a choice field of the label schema (default: the active one)."""
    return ClassLabel(names=(schema or active_schema()).choice(name).names)


def slots_feature(types: _Types | None = None) -> dict[str, object]:
    """The ``slots`` struct: every slot of every claim type, null where a type lacks it."""
    registry = {t: dict(slots) for t, slots in (types or _types_key())}
    return {name: _PY_TO_VALUE[kind] for name, kind in slot_fields(registry).items()}


def annotation_feature(
    *, with_claim_id: bool, schema: LabelSchema | None = None
) -> dict[str, object]:
    """One annotation: the schema's fields plus who and when (pseudonymous annotator)."""
    schema = schema or active_schema()
    feature: dict[str, object] = {}
    if with_claim_id:
        feature["claim_id"] = Value("string")
    feature["annotation_id"] = Value("int64")
    feature["annotator"] = Value("string")
    for field in schema.choices:
        feature[field.name] = ClassLabel(names=field.names)
    for text in schema.texts:
        feature[text.name] = Value("string")
    feature["span_start"] = Value("int64")
    feature["span_end"] = Value("int64")
    feature["was_cancelled"] = Value("bool")
    feature["created_at"] = Value("timestamp[us, tz=UTC]")
    feature["updated_at"] = Value("timestamp[us, tz=UTC]")
    feature["lead_time"] = Value("float64")
    # 1: the first, independent round; 2, 3...: review rounds (their answers override)
    feature["round"] = Value("int64")
    if with_claim_id:
        feature["task_id"] = Value("int64")
    return feature


def provenance_feature(schema: LabelSchema | None = None) -> dict[str, object]:
    """Where a claim came from: document, extractor, Label Studio task, review round, builder."""
    schema = schema or active_schema()
    return {
        "document": {
            "sha256": Value("string"),
            "title": Value("string"),
            "publisher": Value("string"),
            "published": Value("string"),
            "source": Value("string"),
        },
        "extractor": {"name": Value("string"), "version": Value("string")},
        # ``task_id``: the task of the claim's first annotation in its first round;
        # ``task_ids``: every first-round task its annotations came from (more than one means
        # the claim was imported twice).
        "label_studio": {
            "project_id": Value("int64"),
            "task_id": Value("int64"),
            "task_ids": List(Value("int64")),
        },
        # A review round whose answers overrode the first round's (all null / empty when none
        # did): its round number, project and task, its annotators (pseudonyms), and
        # ``overridden_<field>``: the first round's majority label of each aggregated field
        # before the review (null: no majority).
        "adjudication": {
            "round": Value("int64"),
            "project_id": Value("int64"),
            "task_id": Value("int64"),
            "annotators": List(Value("string")),
            **{f"overridden_{f.name}": Value("string") for f in schema.aggregated},
        },
        "builder": {"name": Value("string"), "version": Value("string")},
    }


def claims_features(schema: LabelSchema | None = None, types: _Types | None = None) -> Features:
    """Config ``claims``: one row per claim with aggregates, annotations and provenance.

    One ``ClassLabel`` column per aggregated choice field of the label schema, in schema order.
    """
    schema = schema or active_schema()
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
            "sentence_start": Value("int64"),
            "sentence_end": Value("int64"),
            "slots": slots_feature(types),
            **{f.name: ClassLabel(names=f.names) for f in schema.aggregated},
            "num_annotations": Value("int64"),
            "agreement": Value("float64"),
            "needs_adjudication": Value("bool"),
            "annotations": List(annotation_feature(with_claim_id=False, schema=schema)),
            "provenance": provenance_feature(schema),
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


def annotations_features(schema: LabelSchema | None = None) -> Features:
    """Config ``annotations``: one row per annotation, with its ``claim_id``."""
    return Features(annotation_feature(with_claim_id=True, schema=schema))


def features_for(config: str) -> Features:
    """The features of ``config`` (one of ``CONFIGS``) under the active schema and claim types."""
    return _features(config, active_schema(), _types_key()).copy()


@lru_cache(maxsize=32)
def _features(config: str, schema: LabelSchema, types: _Types) -> Features:
    if config == "claims":
        return claims_features(schema, types)
    if config == "annotations":
        return annotations_features(schema)
    if config == "documents":
        return documents_features()
    raise KeyError(config)


def arrow_schema_for(config: str) -> pa.Schema:
    """The Arrow schema of ``config``, carrying the ``huggingface`` metadata ``datasets`` reads."""
    return _arrow_schema(config, active_schema(), _types_key())


@lru_cache(maxsize=32)
def _arrow_schema(config: str, schema: LabelSchema, types: _Types) -> pa.Schema:
    return _features(config, schema, types).arrow_schema
