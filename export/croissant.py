"""``croissant.json``: Croissant 1.1 JSON-LD metadata of the dataset, with RAI fields.

It describes the Parquet files (one ``FileSet`` per config, ``includes`` a glob), one
``RecordSet`` per config with every column, and the label names of the two ClassLabels as small
enumeration record sets. Nested columns (``slots``, ``annotations``, ``provenance``) are fields
with sub-fields, one per leaf, each reading its column through a JSONPath. No ``url``: the
dataset's address is only known once it is uploaded. Deterministic: no wall-clock time.

Written as plain JSON, so exporting needs no ``mlcroissant`` (an optional extra). The output is in
mlcroissant's own form: the tests parse it into ``mlcroissant.Metadata`` (its ``RecordSet``,
``Field`` with ``sub_fields``, ``FileSet`` classes) and check that serialising those objects
gives back exactly this document, context included, that ``mlcroissant validate`` accepts it
and that its records read back the Parquet rows, nested values included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datasets import ClassLabel, List, Value

from annotations.schema import active_schema
from export.features import CONFIGS, features_for
from export.layout import croissant_path, data_file_pattern
from export.license import license_url

if TYPE_CHECKING:
    from export.build import ExportReport

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

#: The Croissant version mlcroissant 1.1 writes and reads (its ``CroissantVersion.LATEST_VERSION``).
CROISSANT_VERSION = "http://mlcommons.org/croissant/1.1"

_DTYPES = {
    "string": "sc:Text",
    "int64": "sc:Integer",
    "float64": "sc:Float",
    "bool": "sc:Boolean",
    "timestamp[us, tz=UTC]": "sc:DateTime",
}
_DESCRIPTIONS = {
    "claim_id": "Stable claim id (hash of the document, span and type).",
    "doc_id": "Stable document id (hash of the text).",
    "claim_type": "quantity, date, meeting or statement.",
    "claim_text": "The claim as a self-contained sentence.",
    "span_text": "The exact article text the claim rests on: text[start:end].",
    "start": "Start of the span, code points into the document text.",
    "end": "End of the span (exclusive), code points.",
    "checkworthiness": (
        "How much the claim needs fact-checking, 0 to 1 (the extractor's trained scorer); "
        "null for claims extracted before the score existed."
    ),
    "sentence_start": (
        "Start of the sentence the claim comes from (it holds the span), code points; null for "
        "claims extracted before sentence offsets existed."
    ),
    "sentence_end": "End of the claim's sentence (exclusive), code points.",
    "num_annotations": "Live (not cancelled) annotations of the claim.",
    "agreement": "Share of live verdicts equal to the aggregate verdict.",
    "needs_adjudication": (
        "True when the claim has live annotations but verdict or claim_quality is unresolved (-1); "
        "false for unannotated claims (num_annotations 0)."
    ),
    "annotator": "Pseudonymous annotator id (salted hash; never a name or e-mail).",
    "slots": "The claim's typed values; which ones are set depends on claim_type.",
    "annotations": "Every latest annotation of the claim, cancelled ones included.",
    "provenance": (
        "Where the claim comes from: document, extractor, Label Studio, the review round that "
        "adjudicated it (if any), builder."
    ),
    "round": (
        "Annotation round: 1 is the first, independent round; 2, 3... are review rounds, whose "
        "answers decide the claim's labels."
    ),
    "adjudication": (
        "The review round whose answers overrode the first round's: round, project, task, "
        "annotators (pseudonyms) and the first round's labels it replaced; null when none did."
    ),
}


def _source(config: str, column: str, json_path: str | None = None) -> dict[str, Any]:
    source: dict[str, Any] = {
        "fileSet": {"@id": f"{config}-parquet"},
        "extract": {"column": column},
    }
    if json_path is not None:
        source["transform"] = {"jsonPath": json_path}
    return source


def _data_type(feature: Any) -> str | None:
    if isinstance(feature, ClassLabel):
        return "sc:Integer"
    if isinstance(feature, Value):
        return _DTYPES.get(feature.dtype)
    return None


def _leaf(fid: str, name: str, feature: Any, source: dict[str, Any]) -> dict[str, Any] | None:
    """A ``cr:Field`` for a scalar value (or a list of scalars), None for other types."""
    array = isinstance(feature, List) and not isinstance(feature.feature, dict)
    data_type = _data_type(feature.feature if array else feature)
    if data_type is None:
        return None
    if isinstance(feature, ClassLabel):
        description = f"ClassLabel index into {name}_labels (-1: unresolved or missing)."
    else:
        description = _DESCRIPTIONS.get(name, name.replace("_", " ").capitalize() + ".")
    field: dict[str, Any] = {"@type": "cr:Field", "@id": fid, "name": fid}
    field["description"] = description
    if array:
        field |= {"cr:arrayShape": "-1", "cr:isArray": True}
    return field | {"dataType": data_type, "source": source}


def _flat(prefix: str, struct: dict[str, Any]) -> list[tuple[str, Any]]:
    """``(dotted path, feature)`` of every leaf of a nested struct."""
    out: list[tuple[str, Any]] = []
    for key, feature in struct.items():
        path = f"{prefix}.{key}" if prefix else key
        out += _flat(path, feature) if isinstance(feature, dict) else [(path, feature)]
    return out


def _nested(config: str, name: str, feature: Any) -> dict[str, Any] | None:
    """A struct or list-of-structs column as a field with one sub-field per leaf.

    Each sub-field reads the column and picks its value with a JSONPath (``document.sha256``,
    or ``[*].verdict`` for every item of a list): one level of sub-fields, which mlcroissant
    1.1 both validates and reads back as nested records.
    """
    array = isinstance(feature, List) and isinstance(feature.feature, dict)
    struct = feature.feature if array else feature
    if not isinstance(struct, dict):
        return None
    fid = f"{config}/{name}"
    subs = []
    for path, leaf in _flat("", struct):
        source = _source(config, name, f"[*].{path}" if array else path)
        sub = _leaf(f"{fid}/{path.replace('.', '/')}", path.rsplit(".", 1)[-1], leaf, source)
        if sub is not None:
            subs.append(sub)
    field: dict[str, Any] = {"@type": "cr:Field", "@id": fid, "name": fid}
    field["description"] = _DESCRIPTIONS.get(name, name.replace("_", " ").capitalize() + ".")
    if array:
        field |= {"cr:arrayShape": "-1", "cr:isArray": True}
    return field | {"dataType": "sc:Text", "subField": subs}


def _field(config: str, name: str, feature: Any) -> dict[str, Any] | None:
    """A ``cr:Field`` for a column: scalar, list of scalars, struct or list of structs."""
    nested = _nested(config, name, feature)
    if nested is not None:
        return nested
    field = _leaf(f"{config}/{name}", name, feature, _source(config, name))
    if field is not None and isinstance(feature, ClassLabel):
        field["references"] = {"field": {"@id": f"{name}_labels/index"}}
    return field


def _record_set(config: str) -> dict[str, Any]:
    fields = [_field(config, n, f) for n, f in features_for(config).items()]
    record_set: dict[str, Any] = {
        "@type": "cr:RecordSet",
        "@id": config,
        "name": config,
        "description": f"Config {config!r} of the dataset (Parquet, one file per split).",
        "field": [f for f in fields if f is not None],
    }
    key = {"claims": "claims/claim_id", "documents": "documents/doc_id"}.get(config)
    if key:
        record_set["key"] = {"@id": key}
    return record_set


def _labels(name: str) -> dict[str, Any]:
    """An enumeration record set with the names of a ClassLabel."""
    field = active_schema().choice(name)
    rid = f"{name}_labels"
    return {
        "@type": "cr:RecordSet",
        "@id": rid,
        "name": rid,
        "description": field.title,
        "dataType": "sc:Enumeration",
        "key": {"@id": f"{rid}/index"},
        "field": [
            {
                "@type": "cr:Field",
                "@id": f"{rid}/index",
                "name": f"{rid}/index",
                "dataType": "sc:Integer",
            },
            {
                "@type": "cr:Field",
                "@id": f"{rid}/name",
                "name": f"{rid}/name",
                "dataType": "sc:Text",
            },
        ],
        "data": [{f"{rid}/index": i, f"{rid}/name": n} for i, n in enumerate(field.names)],
    }


def _rai(report: ExportReport) -> dict[str, Any]:
    """The Responsible-AI fields (Croissant RAI vocabulary)."""
    per_item = report.num_annotations / report.num_claims if report.num_claims else 0.0
    return {
        "rai:dataCollection": (
            "News articles given to the builder as text files; atomic, checkable claims "
            "(quantities, dates, meetings, statements) extracted by the rule-based claimset "
            "extractor, then verified by human annotators in Label Studio."
        ),
        "rai:dataCollectionType": ["Manual Human Curation", "Software Collection"],
        "rai:dataCollectionRawData": "The article texts, exactly as given (config documents).",
        "rai:dataPreprocessingProtocol": (
            "Texts are kept unnormalised; claim offsets are code points into them. Relative "
            "dates are resolved against the article's date."
        ),
        "rai:dataAnnotationProtocol": (
            f"{active_schema().guidelines} Labels per claim: strict majority of live "
            "annotations of the claim's latest round, else -1 (needs_adjudication when "
            "annotated, unannotated when not); a review round (annotators shown the earlier "
            "verdicts under pseudonyms) overrides the first round, recorded in "
            "provenance.adjudication; named adjudicators override."
        ),
        "rai:dataAnnotationPlatform": "Label Studio (self-hosted), claimset labeling config.",
        "rai:dataAnnotationAnalysis": (
            "Krippendorff's alpha (nominal): "
            + ", ".join(
                f"{name} {a['krippendorff_alpha']} over {a['num_claims']} claims"
                for name, a in report.agreement.items()
            )
        ),
        "rai:annotationsPerItem": f"{per_item:.2f} live annotations per claim on average",
        "rai:annotatorDemographics": (
            f"{len(report.annotators)} pseudonymous annotators; no demographics recorded."
        ),
        "rai:machineAnnotationTools": "claimset rule-based extractor (pre-annotations only).",
        "rai:dataBiases": (
            "Claims come from the publishers in the corpus and from the types the extractor "
            "knows; other kinds of claims are missing."
        ),
        "rai:dataLimitations": (
            "Verdicts reflect the evidence annotators found at annotation time; "
            "unresolved labels are -1."
        ),
        "rai:dataUseCases": "Training and evaluating claim detection and fact verification.",
        "rai:personalSensitiveInformation": (
            "Annotators appear only as salted pseudonyms. Articles may name public figures."
        ),
    }


def croissant(report: ExportReport) -> dict[str, Any]:
    """The Croissant JSON-LD document for the dataset described by ``report``."""
    configs = [c for c in CONFIGS if c in report.splits]
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "claimset",
        "description": (
            "Atomic, typed fact claims extracted from news articles, each verified by several "
            "human annotators, with aggregated labels, agreement and provenance."
        ),
        "conformsTo": CROISSANT_VERSION,
        **({"license": url} if (url := license_url(report.license)) else {}),
        "version": report.builder_version,
        **({"datePublished": report.build_time[:10]} if report.build_time else {}),
        "citeAs": "claimset dataset, built with claimset " + report.builder_version,
        "distribution": [
            {
                "@type": "cr:FileSet",
                "@id": f"{c}-parquet",
                "name": f"{c}-parquet",
                "description": f"Parquet files of config {c!r}, one per split.",
                "encodingFormat": "application/x-parquet",
                "includes": data_file_pattern(c),
            }
            for c in configs
        ],
        "recordSet": [_labels(name) for name in active_schema().aggregated_names]
        + [_record_set(c) for c in configs],
        **_rai(report),
    }


def write_croissant(root: Path, report: ExportReport) -> Path:
    """Write ``croissant.json`` under ``root`` (sorted-free, stable key order, UTF-8)."""
    path = croissant_path(root)
    text = json.dumps(croissant(report), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    return path
