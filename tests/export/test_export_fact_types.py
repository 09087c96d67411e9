"""The action and comparison claim types go through the one schema with no hand-kept copy:
extracted for real, they reach the Label Studio task's slots, the dataset's features,
``load_dataset`` and a clean ``claimset check``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from datasets import load_dataset
from fixtures.datasets import ANNOTATORS, annotation, make_workspace

from annotations.tasks import slots_text
from claims.extract import extract_text
from claims.model import Claim, ClaimType, Document
from export.cli import cli
from export.features import features_for

TEXT = (
    "Senate vote\n\nThe senator voted against the bill in March. "
    "It was the briefest recession since the Second World War."
)


def _claims() -> tuple[Document, list[Claim]]:
    document = Document.from_text(TEXT, title="Senate vote", publisher="Test Gazette")
    return document, [_with_doc(c, document) for c in extract_text(TEXT)]


def _with_doc(claim: Claim, document: Document) -> Claim:
    record = claim.to_dict() | {"doc_id": document.doc_id}
    return Claim.from_dict(record)


def test_features_carry_the_new_slots() -> None:
    slots = features_for("claims")["slots"]
    assert {"subject", "predicate", "object", "degree", "standard"} <= set(slots)


def test_the_label_studio_task_shows_the_slots() -> None:
    _, claims = _claims()
    action = next(c for c in claims if c.type == ClaimType.ACTION)
    shown = slots_text(action)
    assert "voted against" in shown and "the senator" in shown.lower()


def test_export_load_and_check(tmp_path: Path, hf_offline: Path) -> None:
    document, claims = _claims()
    kinds = {c.type for c in claims}
    assert {ClaimType.ACTION, ClaimType.COMPARISON} <= kinds
    records = [
        annotation(c.id, 10 * n + k + 1, who, task_id=n + 1)
        for n, c in enumerate(claims)
        for k, who in enumerate(ANNOTATORS)
    ]
    ws = make_workspace(tmp_path / "ws", [document], claims, records)
    out = tmp_path / "dataset"
    result = CliRunner().invoke(cli, ["export", str(ws), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ds = load_dataset(str(out), "claims", cache_dir=str(hf_offline))
    rows = [r for split in ds.values() for r in split]
    comparison = next(r for r in rows if r["claim_type"] == "comparison")
    assert comparison["slots"]["degree"] == "superlative"
    assert comparison["slots"]["standard"] == "since the Second World War"
    assert comparison["slots"]["value"] is None  # another type's slot is null
    result = CliRunner().invoke(cli, ["check", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
