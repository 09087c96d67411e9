"""``--from-label-studio-export FILE``: annotations from a JSON export saved in the UI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from fixtures.datasets import claims_of, document, make_workspace

from export.build import export_dataset
from export.cli import cli
from export.tables import load_claims_table


def _result(verdict: str, quality: str) -> list[dict]:
    return [
        {
            "from_name": "verdict",
            "to_name": "article",
            "type": "choices",
            "value": {"choices": [verdict]},
        },
        {
            "from_name": "claim_quality",
            "to_name": "article",
            "type": "choices",
            "value": {"choices": [quality]},
        },
        {
            "from_name": "evidence_url",
            "to_name": "article",
            "type": "textarea",
            "value": {"text": ["https://example.org/a"]},
        },
    ]


def _export_file(tmp_path: Path) -> tuple[Path, Path, list]:
    doc = document(0, emoji=True)
    claims = claims_of(doc)
    ws = make_workspace(tmp_path / "ws", [doc], claims, None)  # nothing pulled
    tasks = []
    for n, claim in enumerate(claims[:2]):
        annotations = [
            {
                "id": 100 + 10 * n + k,
                "completed_by": user,
                "result": _result(verdict, "correct"),
                "was_cancelled": False,
                "created_at": "2024-06-01T10:00:00.123456Z",
                "updated_at": "2024-06-01T10:05:00Z",
                "lead_time": 4.5,
                "project": 9,
            }
            for k, (user, verdict) in enumerate(
                [(1, "supported"), (2, "supported"), (3, "refuted")]
            )
        ]
        tasks.append(
            {
                "id": 500 + n,
                "project": 9,
                "annotations": annotations,
                "drafts": [],
                "data": {"claim_id": claim.id, "doc_id": doc.doc_id, "text": doc.text},
            }
        )
    tasks.append(
        {
            "id": 502,
            "project": 9,
            "annotations": [],
            "data": {"claim_id": claims[2].id, "doc_id": doc.doc_id, "text": doc.text},
        }
    )
    path = tmp_path / "project-9-export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return ws, path, claims


def test_export_from_label_studio_file(tmp_path: Path) -> None:
    ws, path, claims = _export_file(tmp_path)
    report = export_dataset(
        ws, out=tmp_path / "ds", splits="train=1", from_label_studio_export=path
    )
    assert report.num_annotations == 6
    rows = {r["claim_id"]: r for r in load_claims_table(tmp_path / "ds").to_pylist()}
    first = rows[claims[0].id]
    assert first["verdict"] == 0 and first["num_annotations"] == 3
    assert first["provenance"]["label_studio"] == {
        "project_id": 9,
        "task_id": 500,
        "task_ids": [500],
    }
    assert rows[claims[2].id]["num_annotations"] == 0
    annotators = {a["annotator"] for r in rows.values() for a in r["annotations"]}
    assert len(annotators) == 3
    assert all(re.fullmatch(r"annotator-[0-9a-f]{12}", a) for a in annotators)
    # Pseudonyms are stable: the salt lives in the workspace and is reused.
    again = export_dataset(
        ws, out=tmp_path / "ds2", splits="train=1", from_label_studio_export=path
    )
    assert again.annotators == report.annotators


def test_cli_from_label_studio_file_and_errors(tmp_path: Path) -> None:
    ws, path, _ = _export_file(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(
        cli,
        ["export", str(ws), "--out", str(tmp_path / "ds"), "--from-label-studio-export", str(path)],
    )
    assert ok.exit_code == 0, ok.output
    assert "6 annotations and " in ok.output
    path.write_text('{"not": "a list"}')
    bad = runner.invoke(
        cli,
        ["export", str(ws), "--out", str(tmp_path / "ds"), "--from-label-studio-export", str(path)],
    )
    assert bad.exit_code == 2
    assert "expected a Label Studio JSON export" in bad.output
