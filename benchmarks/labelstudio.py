"""Benchmark: claimset's push and pull against Label Studio's own bulk calls, same run.

- push: ``annotations.push`` of N claims (reading the workspace, listing the project, importing
  in batches) against one raw ``import_tasks`` call with the same task payloads.
- pull: ``annotations.pull`` of N annotated tasks (paging through the tasks API, writing
  ``annotations.jsonl``) against the raw JSON export download (``exports.download_sync``).

Required: claimset at least 0.5 of the raw speed for each (ratio = raw seconds / claimset
seconds). The annotated project is prepared quickly by importing tasks that already carry
their ``annotations`` (Label Studio accepts them in the import payload).

    python benchmarks/labelstudio.py [--claims 10000] [--url URL --api-key KEY] [--json OUT]

Without ``--url`` it starts its own Label Studio in a temporary directory (first start:
about 40 s of migrations, not timed).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.client import Connection, LabelStudioClient  # noqa: E402
from annotations.pulling import pull  # noqa: E402
from annotations.pushing import push, workspace_tasks  # noqa: E402
from annotations.studio import Studio, free_port  # noqa: E402
from claims.model import Claim, ClaimType, Document, make_claim_id  # noqa: E402
from claims.workspace import write_jsonl  # noqa: E402

WORDS = [
    *("minister", "talks", "trade", "percent", "rose", "fell", "agreement", "Moscow"),
    *("Ankara", "Damascus", "meeting", "officials", "said", "week", "year", "border"),
    *("security", "economy", "exports", "imports", "energy", "gas"),
]


def synthetic_workspace(workdir: Path, claims: int, per_doc: int = 5) -> None:
    """``claims`` claims over ``claims / per_doc`` articles of about 1 KB, emoji included."""
    rng = random.Random(7)
    documents: list[Document] = []
    records: list[Claim] = []
    for d in range((claims + per_doc - 1) // per_doc):
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + f" by {i + 2} percent."
            for i in range(per_doc)
        ]
        text = f"Report {d} 🤝. " + " ".join(sentences)
        doc = Document.from_text(text, title=f"Article {d}", publisher="Bench", published=None)
        documents.append(doc)
        for sentence in sentences[: claims - len(records)]:
            start = text.index(sentence)
            end = start + len(sentence)
            records.append(
                Claim(
                    id=make_claim_id(doc.sha256, start, end, "quantity"),
                    doc_id=doc.doc_id,
                    type=ClaimType.QUANTITY,
                    text=sentence,
                    start=start,
                    end=end,
                    slots={"value": 2, "unit": "percent", "qualifier": None, "measure": None},
                )
            )
    workdir.mkdir(parents=True, exist_ok=True)
    write_jsonl(workdir / "documents.jsonl", (d.to_dict() for d in documents))
    write_jsonl(workdir / "claims.jsonl", (c.to_dict() for c in records))
    (workdir / "manifest.json").write_text('{"extractor": {"version": "bench"}}\n')


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by ``fn()`` and its result."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def annotated_payloads(payloads: list[dict[str, Any]], per_task: int) -> list[dict[str, Any]]:
    """The same tasks, each carrying ``per_task`` submitted annotations."""
    out = []
    for i, payload in enumerate(payloads):
        region = payload["predictions"][0]["result"][0]
        annotations = []
        for j in range(per_task):
            verdict = ("supported", "refuted", "not_enough_evidence")[(i + j) % 3]
            result = [
                {**region, "id": f"r{j}"},
                {"from_name": "verdict", "to_name": "article", "type": "choices",
                 "value": {"choices": [verdict]}},
                {"from_name": "claim_quality", "to_name": "article", "type": "choices",
                 "value": {"choices": ["correct"]}},
            ]  # fmt: skip
            annotations.append({"result": result, "lead_time": 10.0 + j})
        out.append({**payload, "annotations": annotations})
    return out


def run(client: LabelStudioClient, workdir: Path, claims: int, per_task: int) -> dict[str, Any]:
    """Both comparisons on one server; returns the figures."""
    sdk = client.sdk
    stamp = int(time.time())
    synthetic_workspace(workdir, claims)
    payloads = list(workspace_tasks(workdir, []).values())

    push_s, report = timed(lambda: push(workdir, project=f"bench-push-{stamp}", client=client))
    assert report.imported == claims, report
    raw_project = sdk.projects.create(title=f"bench-raw-{stamp}", label_config=_config(client))
    raw_push_s, _ = timed(
        lambda: sdk.projects.import_tasks(id=raw_project.id, request=payloads, return_task_ids=True)
    )
    repush_s, again = timed(lambda: push(workdir, project=f"bench-push-{stamp}", client=client))
    assert again.imported == 0 and again.already_present == claims

    # The annotated project: tasks imported with their annotations.
    title = f"bench-pull-{stamp}"
    project = sdk.projects.create(title=title, label_config=_config(client))
    answer = sdk.projects.import_tasks(
        id=project.id, request=annotated_payloads(payloads, per_task)
    )
    assert answer.annotation_count == claims * per_task, answer
    pull_s, pulled = timed(lambda: pull(workdir, project=title, client=client))
    assert pulled.annotations == claims * per_task, pulled
    raw_pull_s, body = timed(
        lambda: b"".join(
            sdk.projects.exports.download_sync(
                id=project.id, export_type="JSON", download_all_tasks=True
            )
        )
    )
    assert len(json.loads(body)) == claims
    idle_s, idle = timed(lambda: pull(workdir, project=title, client=client))
    return {
        "claims": claims,
        "annotations_per_task": per_task,
        "push_seconds": round(push_s, 2),
        "raw_import_seconds": round(raw_push_s, 2),
        "push_ratio": round(raw_push_s / push_s, 2),
        "push_batches": report.batches,
        "repush_seconds": round(repush_s, 2),
        "pull_seconds": round(pull_s, 2),
        "raw_export_seconds": round(raw_pull_s, 2),
        "pull_ratio": round(raw_pull_s / pull_s, 2),
        "pull_requests": pulled.requests,
        "incremental_pull_seconds": round(idle_s, 2),
        "incremental_pull_requests": idle.requests,
        "annotations_pulled": pulled.annotations,
    }


def _config(client: LabelStudioClient) -> str:
    from annotations.config import render_config

    return render_config()


def table(r: dict[str, Any]) -> str:
    """The figures as a markdown table."""
    n = f"{r['claims']:,}"
    return "\n".join(
        [
            "| operation | claimset | raw Label Studio | ratio (raw / claimset) |",
            "|---|---|---|---|",
            f"| push {n} claims | {r['push_seconds']} s ({r['push_batches']} batches) "
            f"| {r['raw_import_seconds']} s (one import_tasks) | {r['push_ratio']} |",
            f"| pull {n} annotated tasks | {r['pull_seconds']} s ({r['pull_requests']} requests) "
            f"| {r['raw_export_seconds']} s (JSON export) | {r['pull_ratio']} |",
            f"| re-push, nothing new | {r['repush_seconds']} s | | |",
            f"| incremental pull, nothing changed | {r['incremental_pull_seconds']} s "
            f"({r['incremental_pull_requests']} requests) | | |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--annotations-per-task", type=int, default=1)
    parser.add_argument("--url", help="An existing Label Studio (else one is started)")
    parser.add_argument("--api-key")
    parser.add_argument("--data-dir", type=Path, help="Data directory of the started studio")
    parser.add_argument("--json", type=Path, help="Write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimset-bench-") as tmp:
        studio = None
        if args.url:
            client = LabelStudioClient(Connection(args.url, args.api_key or ""), timeout=900)
        else:
            studio = Studio(args.data_dir or Path(tmp) / "studio", port=free_port(0)).start()
            client = LabelStudioClient(studio.connection, timeout=900)
        try:
            result = run(client, Path(tmp) / "work", args.claims, args.annotations_per_task)
        finally:
            if studio is not None:
                studio.stop()
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    ok = result["push_ratio"] >= 0.5 and result["pull_ratio"] >= 0.5
    print("\nrequired: ratio >= 0.5 for each:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
