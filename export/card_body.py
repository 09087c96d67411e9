"""The prose of the dataset card: how the data was made, labels, agreement, provenance, limits.

Generated from the report and the label schema only, so it is deterministic and never drifts
from the data or the labeling config.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotations.project_settings import CARD_SENTENCE
from annotations.schema import ChoiceField, active_schema

if TYPE_CHECKING:
    from export.build import ExportReport

PROVENANCE_FIELDS = (
    ("document.sha256", "SHA-256 of the article text (UTF-8); equals `sha256` in `documents`."),
    ("document.title / publisher / published / source", "The article's metadata as given."),
    ("extractor.name / version", "The extractor that proposed the claim (`manifest.json`)."),
    (
        "label_studio.project_id / task_id",
        "Where the claim was annotated; null if never annotated.",
    ),
    (
        "label_studio.task_ids",
        "Every task the claim's annotations came from: one, or several if the claim was "
        "imported twice (`claimset check` flags it).",
    ),
    (
        "adjudication.round / project_id / task_id",
        "The review round whose answers decided the claim's labels, over the first round's, "
        "and its Label Studio project and task; null when no review round did.",
    ),
    (
        "adjudication.annotators",
        "The pseudonyms of that review round's annotators (empty when none).",
    ),
    (
        "adjudication.overridden_<label> (one per aggregated label)",
        "The first round's majority label the review replaced (null: there was none).",
    ),
    ("builder.name / version", "The claimset version that built this dataset."),
)


def _alpha(value: Any) -> str:
    return "undefined" if value is None else f"{float(value):.3f}"


def _labels(field: ChoiceField) -> list[str]:
    lines = [
        f"**`{field.name}`** — {field.title}",
        "",
        "| index | value | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| {i} | `{c.value}` | {c.description} |" for i, c in enumerate(field.choices)]
    lines += [
        "| -1 | — | unresolved: no strict majority (`needs_adjudication`), or not annotated yet "
        "(`num_annotations` 0) |",
        "",
    ]
    return lines


def _splits(report: ExportReport) -> list[str]:
    lines = ["| config | " + " | ".join(_split_names(report)) + " |"]
    lines.append("|---|" + "---|" * len(_split_names(report)))
    for config, splits in report.splits.items():
        cells = [str(splits.get(s, "—")) for s in _split_names(report)]
        lines.append(f"| {config} | " + " | ".join(cells) + " |")
    return lines


def _split_names(report: ExportReport) -> list[str]:
    names: list[str] = []
    for splits in report.splits.values():
        names += [s for s in splits if s not in names]
    return names


def body(report: ExportReport) -> str:
    """Markdown body of ``README.md``."""
    c = report.splits.get("claims", {})
    lines = [
        "# claimset: fact claims from news articles, verified by people",
        "",
        f"{report.num_claims} atomic, typed claims from {report.num_documents} news articles, "
        f"with {report.num_annotations} live human annotations by {len(report.annotators)} "
        "pseudonymous annotators. Built by claimset "
        f"{report.builder_version}; data as of {report.build_time or 'no annotation yet'} "
        "(the latest annotation).",
        "",
        "```python",
        "from datasets import load_dataset",
        'claims = load_dataset("PATH_OR_REPO")              # config "claims" (default)',
        'docs = load_dataset("PATH_OR_REPO", "documents")',
        'annotations = load_dataset("PATH_OR_REPO", "annotations")',
        "```",
        "",
        "## How the data was made",
        "",
        "1. **Extraction.** Articles were split into sentences and a rule-based extractor proposed "
        "atomic, checkable claims of four types (quantity, date, meeting, statement), each with "
        "its span `[start, end)` in code points of the raw text and typed `slots`. Each claim's "
        "`checkworthiness` (0 to 1) is a trained model's estimate of how much it needs checking, "
        "from the sentence it came from and what its type knows; extraction dropped claims "
        "below the workspace's `min_checkworthiness` (see its manifest).",
        "2. **Annotation.** Each claim became a Label Studio task showing the article with the "
        "claim highlighted. Several annotators judged it: "
        + active_schema().guidelines
        + " "
        + CARD_SENTENCE,
        "3. **Aggregation.** Per claim, over live annotations (cancelled ones are kept in the "
        "`annotations` list with `was_cancelled` true but not counted; an updated annotation "
        "counts in its latest version): each label is the strict majority (more than half), "
        "otherwise -1 and `needs_adjudication` is true. A claim nobody has annotated yet has "
        "`num_annotations` 0 and -1 labels, and `needs_adjudication` false. "
        "Review rounds (`round` 2, 3... of an annotation; `claimset annotate push --only`) showed "
        "their annotators the earlier verdicts under pseudonyms: where one answered, the "
        "strict majority of the claim's latest round decides its labels, and "
        "`provenance.adjudication` says so; agreement and alpha use the first, independent "
        "round only. "
        + (
            "Labels of the adjudicators ("
            + ", ".join(f"`{a}`" for a in report.adjudicators)
            + ") override the majority. "
            if report.adjudicators
            else "No adjudicator was named. "
        )
        + "`agreement` is the share of first-round verdicts equal to the aggregate verdict (for an "
        "unresolved claim, the share of its most frequent verdict; null without any verdict).",
        "4. **Splits.** By document (every claim of an article in one split), from a hash of the "
        "document id, so splits are stable when articles are added.",
        "",
        "| config | " + " | ".join(_split_names(report)) + " |",
    ]
    lines = lines[:-1] + _splits(report) + [""]
    left_out = [
        f"{s} ({c})"
        for c, names in report.empty_splits.items()
        if c in report.splits
        for s in names
    ]
    if left_out:
        lines += [
            "Splits with no rows are left out (no empty files): " + ", ".join(left_out) + ".",
            "",
        ]
    lines += ["## Labels", ""]
    for field in active_schema().choices:
        lines += _labels(field)
    lines += [
        "Free-text fields of each annotation: "
        + ", ".join(f"`{t.name}` ({t.title.lower()})" for t in active_schema().texts)
        + ".",
        "",
        "## Agreement",
        "",
        "Krippendorff's alpha (nominal) over claims with at least two live annotations.",
        "",
        "| field | alpha | claims | values |",
        "|---|---|---|---|",
    ]
    for name, a in report.agreement.items():
        lines.append(
            f"| {name} | {_alpha(a['krippendorff_alpha'])} "
            f"| {a['num_claims']} | {a['num_values']} |"
        )
    lines += [
        "",
        f"Claims needing adjudication: {report.needs_adjudication} of {sum(c.values())}.",
        "",
    ]
    lines += agreement_details(report)
    lines += [
        "## Provenance (`provenance` column of `claims`)",
        "",
        "| field | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{k}` | {v} |" for k, v in PROVENANCE_FIELDS]
    lines += ["", *licence_section(report)]
    lines += [
        "## Limitations",
        "",
        "- Claims are only those the rule-based extractor found; other claims in the articles "
        "are missing, and some extracted claims are flawed (see `claim_quality`).",
        "- Verdicts reflect the outside evidence annotators found when they annotated; they can "
        "change as new evidence appears.",
        "- Few annotators per claim: a majority of two out of three is weak evidence; use "
        "`num_annotations`, `agreement` and the individual `annotations`.",
        "- Annotators appear as salted pseudonyms only; no demographic data was recorded.",
        "- `num_bytes` in the YAML is the in-memory Arrow size of each split.",
        "",
    ]
    return "\n".join(lines)


def _images(report: ExportReport) -> list[str]:
    titles = {
        "images/labels.png": "Claims per aggregate label",
        "images/agreement.png": "Histogram of per-claim verdict agreement",
    }
    return [f"![{titles.get(p, p)}]({p})" for p in report.images] + ([""] if report.images else [])


def _counts_table(name: str, a: dict[str, Any]) -> list[str]:
    votes = a.get("value_counts", {})
    lines = [f"**`{name}`**", "", "| label | claims (aggregate) | annotations |", "|---|---|---|"]
    for label, n in a.get("label_counts", {}).items():
        lines.append(f"| `{label}` | {n} | {votes.get(label, '—')} |")
    return [*lines, ""]


def _by_type_table(report: ExportReport) -> list[str]:
    fields = [n for n, a in report.agreement.items() if "by_claim_type" in a]
    if not fields:
        return []
    types = sorted({t for n in fields for t in report.agreement[n]["by_claim_type"]})
    lines = [
        "Krippendorff's alpha per claim type (claims with 2+ values in brackets):",
        "",
        "| claim type | " + " | ".join(fields) + " |",
        "|---|" + "---|" * len(fields),
    ]
    for t in types:
        cells = []
        for n in fields:
            fig = report.agreement[n]["by_claim_type"].get(t, {})
            cells.append(f"{_alpha(fig.get('krippendorff_alpha'))} ({fig.get('num_claims', 0)})")
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _annotators_table(report: ExportReport) -> list[str]:
    a = report.agreement.get("verdict", {}).get("annotators", {})
    if not a:
        return []
    lines = [
        "Each annotator's verdicts equal to the claim's final verdict (majority, or an "
        "adjudicator's), over claims with 2+ verdicts and a resolved verdict:",
        "",
        "| annotator | compared | agree | rate |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{who}` | {f['compared']} | {f['agree']} | {f['rate']:.3f} |" for who, f in a.items()
    ]
    return [*lines, ""]


def _confusion_table(report: ExportReport) -> list[str]:
    conf = report.agreement.get("verdict", {}).get("confusion")
    if not conf:
        return []
    labels = conf["labels"]
    lines = [
        "Verdicts of two different annotators on the same claim (each pair counted once in "
        "each order, so the table is symmetric):",
        "",
        "| | " + " | ".join(f"`{x}`" for x in labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    lines += [
        f"| `{x}` | " + " | ".join(str(v) for v in row) + " |"
        for x, row in zip(labels, conf["counts"], strict=True)
    ]
    return [*lines, ""]


def agreement_details(report: ExportReport) -> list[str]:
    """Label counts, alpha per claim type, annotators against the majority, confusion."""
    lines = ["### Labels and agreement in detail", "", *_images(report)]
    for name, a in report.agreement.items():
        if "label_counts" in a:
            lines += _counts_table(name, a)
    return lines + _by_type_table(report) + _annotators_table(report) + _confusion_table(report)


def _cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def licence_section(report: ExportReport) -> list[str]:
    """The licence (a workspace setting) and who published the articles."""
    if report.license == "unknown":
        stated = (
            "**Licence: unknown.** The builder did not state one (`license` in the workspace "
            "`config.json`, or `claimset export --license`). Do not redistribute the articles "
            "until their publishers' terms are known."
        )
    elif report.license == "other":
        stated = "**Licence: other** (see the terms given by the dataset's builder)."
    else:
        stated = f"**Licence: `{report.license}`**, as stated by the dataset's builder."
    lines = [
        "## Licence and sources",
        "",
        stated,
        "",
        "The article texts belong to their publishers; documents per publisher:",
        "",
        "| publisher | documents |",
        "|---|---|",
    ]
    lines += [f"| {_cell(p)} | {n} |" for p, n in report.publishers.items()]
    return [*lines, ""]
