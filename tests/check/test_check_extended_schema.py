"""One schema, really: a new aggregated choice field and a new claim type, added to a copy of the
label schema and of the claim type registry only, reach the Label Studio config, the features,
the export, ``load_dataset``, Croissant and ``claimset check`` with no other change.

The extended schema is swapped in with ``use_schema`` / ``use_claim_types`` (the explicit
mechanism every derived part reads through), never by patching a module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corruptions import annotated_rows, claim_row, reseal, set_value
from datasets import ClassLabel, load_dataset
from fixtures.datasets import ANNOTATORS, annotation, claims_of, document, make_workspace

from annotations.config import render_config, validate_config
from annotations.model import Annotation
from annotations.schema import LABEL_SCHEMA, Choice, ChoiceField, TextField, use_schema
from claims.errors import ConfigError
from claims.model import CLAIM_TYPES, Document, make_claim_id, use_claim_types
from claims.workspace import CLAIMS, write_jsonl
from export.cli import cli
from export.features import features_for

STANCE = ChoiceField(
    name="stance",
    title="Stance: does the article endorse the claim?",
    choices=(
        Choice("endorses", "Endorses", "a", "The article presents the claim as its own."),
        Choice("reports", "Reports", "s", "The article reports someone else's claim."),
        Choice("disputes", "Disputes", "d", "The article questions the claim."),
    ),
    aggregate=True,
)
EXTENDED = LABEL_SCHEMA.extended(
    choices=(STANCE,), texts=(TextField("source_name", "Source name", "Who said it", 1),)
)
TYPES = {**CLAIM_TYPES, "poll": {"pollster": "str", "share": "float"}}
POLL = "A survey by Ipsos found that 41 percent back the plan."
STANCES = ("endorses", "reports", "disputes")


@pytest.fixture
def extended() -> Iterator[None]:
    with use_schema(EXTENDED), use_claim_types(TYPES):
        yield


def _workspace(root: Path) -> tuple[Path, str]:
    """Two articles of quantity claims plus one poll claim, annotated with a stance each."""
    docs = [document(0), document(1)]
    poll_doc = Document.from_text(f"Article 9. {POLL}", title="Poll", publisher="Test Gazette")
    claims = [c.to_dict() for d in docs for c in claims_of(d)]
    start = poll_doc.text.index(POLL)
    poll_id = make_claim_id(poll_doc.sha256, start, start + len(POLL), "poll")
    claims.append(
        {
            "id": poll_id,
            "doc_id": poll_doc.doc_id,
            "type": "poll",
            "text": POLL,
            "start": start,
            "end": start + len(POLL),
            "slots": {"pollster": "Ipsos", "share": 41.0},
        }
    )
    records: list[dict[str, Any]] = []
    for n, claim in enumerate(claims):
        for k, who in enumerate(ANNOTATORS):
            stance = STANCES[(n + (k == 2)) % 3]  # two of three agree
            records.append(
                annotation(
                    claim["id"], 10 * n + k + 1, who, task_id=n + 1, stance=stance, source_name="AP"
                )
            )
    ws = make_workspace(root, [*docs, poll_doc], [], records)
    write_jsonl(ws / CLAIMS, claims)
    return ws, poll_id


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_label_studio_config_follows(extended: None) -> None:
    xml = render_config()
    assert '<Choices name="stance"' in xml and '<TextArea name="source_name"' in xml
    validate_config(xml)
    # The built-in config lacks the new field: the extended schema refuses it.
    with pytest.raises(ConfigError, match="stance"):
        validate_config(render_config(LABEL_SCHEMA))


def test_features_and_record_follow(extended: None) -> None:
    claims = features_for("claims")
    assert isinstance(claims["stance"], ClassLabel) and claims["stance"].names == list(STANCES)
    assert claims["annotations"].feature["source_name"].dtype == "string"
    assert set(claims["slots"]) >= {"pollster", "share", "value"}
    assert features_for("annotations")["stance"].names == list(STANCES)
    record = annotation("claim-x", 1, ANNOTATORS[0], stance="reports")
    assert Annotation.from_dict(record).stance == "reports"
    assert list(Annotation.from_dict(record).to_dict()) == list(record)


def test_the_default_schema_has_none_of_it() -> None:
    assert "stance" not in features_for("claims")
    assert "pollster" not in features_for("claims")["slots"]
    assert "stance" not in render_config()


def test_export_load_and_check_follow(extended: None, tmp_path: Path, hf_offline: Path) -> None:
    ws, poll_id = _workspace(tmp_path / "ws")
    out = tmp_path / "dataset"
    result = _run("export", str(ws), "--out", str(out))
    assert result.exit_code == 0, result.output
    ds = load_dataset(str(out), "claims", cache_dir=str(hf_offline))
    rows = {r["claim_id"]: r for split in ds.values() for r in split}
    assert len(rows) == 7
    first = next(iter(ds.values()))
    assert first.features == features_for("claims")
    names = first.features["stance"].names
    by_task = sorted(rows.values(), key=lambda r: r["provenance"]["label_studio"]["task_id"])
    for n, row in enumerate(by_task):
        assert names[row["stance"]] == STANCES[n % 3]  # the majority of its three stances
        assert not row["needs_adjudication"]
        assert {a["source_name"] for a in row["annotations"]} == {"AP"}
    assert rows[poll_id]["claim_type"] == "poll"
    assert rows[poll_id]["slots"]["pollster"] == "Ipsos"
    assert rows[poll_id]["slots"]["share"] == 41.0
    croissant = json.loads((out / "croissant.json").read_text(encoding="utf-8"))
    assert "stance_labels" in {r["@id"] for r in croissant["recordSet"]}
    front = (out / "README.md").read_text(encoding="utf-8")
    assert "stance" in front and "krippendorff_alpha" in front

    result = _run("check", str(out))
    assert result.exit_code == 0, result.output
    assert "OK: dataset" in result.output and "0 errors" in result.output
    # The agreement and card rules covered the new field (the card's stance alpha matched).
    assert "stance: Krippendorff's alpha 0." in result.output


def test_check_recomputes_the_new_field(extended: None, tmp_path: Path) -> None:
    ws, _ = _workspace(tmp_path / "ws")
    out = tmp_path / "dataset"
    assert _run("export", str(ws), "--out", str(out)).exit_code == 0
    row = annotated_rows(out)[0]
    stored = claim_row(out, row)["stance"]
    set_value(out, "claims", "stance", row, lambda _: (stored + 1) % 3)
    reseal(out)
    result = _run("check", str(out))
    assert result.exit_code == 1
    assert "stance is" in result.output and "recomputed from annotations" in result.output


def test_default_schema_check_rejects_the_extended_dataset(tmp_path: Path) -> None:
    """The checker really reads the schema: outside the block, the same dataset fails."""
    with use_schema(EXTENDED), use_claim_types(TYPES):
        ws, _ = _workspace(tmp_path / "ws")
        assert _run("export", str(ws), "--out", str(tmp_path / "dataset")).exit_code == 0
    result = _run("check", str(tmp_path / "dataset"))
    assert result.exit_code == 1
    assert "(failed: schema)" in result.output
