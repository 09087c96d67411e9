"""From articles through a real Label Studio to ``datasets.load_dataset``, with the real CLI.

Every step is the installed ``claimset`` command in a subprocess, as a user would run it; the
annotators are three real Label Studio users submitting with their own tokens.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotations.pushing import existing_claims

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "claims" / "sample_data" / "ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests" / "data" / "bbc" / "politics"
CLAIMSET = str(Path(sys.executable).with_name("claimset"))

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def run(*args: str, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real ``claimset`` command; fail the test with its stderr if it fails."""
    done = subprocess.run(
        [CLAIMSET, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if ok:
        assert done.returncode == 0, f"claimset {' '.join(args)}\n{done.stderr}"
    return done


def test_articles_to_label_studio_to_load_dataset(
    tmp_path: Path, label_studio: Any, ls_project: str, hf_offline: Path
) -> None:
    env = {
        **os.environ,
        "LABEL_STUDIO_URL": label_studio.url,
        "LABEL_STUDIO_API_KEY": label_studio.admin_token,
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
    }
    work, out = tmp_path / "work", tmp_path / "dataset"
    run("extract", str(SAMPLE), str(BBC), "--out", str(work), env=env)
    claims = [json.loads(line) for line in (work / "claims.jsonl").read_text().splitlines()]
    assert len(claims) >= 10

    pushed = json.loads(
        run("annotate", "push", str(work), "--project", ls_project, "--json", env=env).stdout
    )
    assert pushed["imported"] == len(claims)
    again = json.loads(
        run("annotate", "push", str(work), "--project", ls_project, "--json", env=env).stdout
    )
    assert again["imported"] == 0 and again["already_present"] == len(claims)

    tasks = existing_claims(label_studio.admin, pushed["project_id"])
    first, second, third = (c["id"] for c in claims[:3])
    a, b, c = label_studio.annotators
    # claim 1: unanimous; claim 2: a 1-1 tie plus a skip; claim 3: majority 2-1.
    for user in (a, b, c):
        label_studio.annotate(user, tasks[first], verdict="supported", quality="correct")
    label_studio.annotate(a, tasks[second], verdict="supported", quality="correct")
    label_studio.annotate(b, tasks[second], verdict="refuted", quality="not_atomic")
    label_studio.annotate(c, tasks[second], cancelled=True)
    label_studio.annotate(a, tasks[third], verdict="refuted", quality="correct")
    label_studio.annotate(b, tasks[third], verdict="refuted", quality="correct")
    label_studio.annotate(c, tasks[third], verdict="supported", quality="not_checkable")

    pulled = json.loads(
        run("annotate", "pull", str(work), "--project", ls_project, "--json", env=env).stdout
    )
    assert pulled["annotations"] == 9 and pulled["live"] == 8 and pulled["cancelled"] == 1
    summary = run("annotate", "pull", str(work), "--project", ls_project, env=env).stdout
    assert "8 annotations and 1 skip" in summary  # the same count as the card's, below
    records = (work / "annotations.jsonl").read_text(encoding="utf-8")
    for annotator in label_studio.annotators:
        assert annotator.email not in records

    exported = run("export", str(work), "--out", str(out), env=env).stdout
    assert "8 annotations and 1 skip" in exported
    import yaml

    card = yaml.safe_load((out / "README.md").read_text(encoding="utf-8").split("---")[1])
    assert card["claimset"]["counts"]["annotations"] == 8
    checked = run("check", str(out), "--format", "json", env=env)
    assert json.loads(checked.stdout)["ok"] is True

    from datasets import load_dataset

    ds = load_dataset(str(out), cache_dir=str(hf_offline))
    rows = {r["claim_id"]: r for split in ds.values() for r in split}
    assert set(rows) == {c["id"] for c in claims}
    names = ds[next(iter(ds))].features["verdict"].names
    assert names[rows[first]["verdict"]] == "supported"
    assert rows[first]["agreement"] == 1.0 and rows[first]["num_annotations"] == 3
    assert rows[second]["verdict"] == -1 and rows[second]["needs_adjudication"] is True
    assert rows[second]["num_annotations"] == 2
    unannotated = [r for r in rows.values() if r["num_annotations"] == 0]
    assert unannotated and not any(r["needs_adjudication"] for r in unannotated)
    assert names[rows[third]["verdict"]] == "refuted"
    assert rows[third]["agreement"] == pytest.approx(2 / 3)
    prov = rows[third]["provenance"]
    task = tasks[third]
    assert prov["label_studio"] == {
        "project_id": pushed["project_id"],
        "task_id": task,
        "task_ids": [task],
    }
    assert prov["document"]["sha256"] and prov["extractor"]["name"]
    docs = load_dataset(str(out), "documents", cache_dir=str(hf_offline))
    doc = next(r for s in docs.values() for r in s if r["doc_id"] == rows[third]["doc_id"])
    assert doc["text"][rows[third]["start"] : rows[third]["end"]] == rows[third]["span_text"]
    for text in (out / "README.md", out / "croissant.json"):
        body = text.read_text(encoding="utf-8")
        assert label_studio.admin_token not in body
        assert all(u.email not in body for u in label_studio.annotators)
