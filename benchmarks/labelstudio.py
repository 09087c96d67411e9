"""Benchmark: claimset's push and pull against Label Studio's own bulk calls, at several sizes.

For each size N (``--claims 10000,30000,100000``), on one server:

- push: ``annotations.push`` of N claims against one raw ``import_tasks`` of the same payloads;
- push with nothing new: the fast path (the saved confirmation, two small requests) against the
  full listing it replaces (``full=True``), ``--repeats`` times each, in alternating order;
- full pull of N annotated tasks against the raw JSON export download (the reference),
  ``--repeats`` times each, alternating; the pull's seconds waiting for the server are given
  apart from the total, and its time per task is compared across sizes (it must stay flat);
- the full listing of the project's tasks (the push's scan), in id windows against the plain
  keyset listing it replaces, alternating;
- pull with nothing changed against the old path of that case (reading and rewriting
  ``annotations.jsonl``), alternating.

Figures are medians of the repeats. Required: the no-op push and the no-change pull under 10 s,
the pull at least 0.5 of the raw export's speed. The annotated project is built by importing
tasks that carry their ``annotations`` inline (Label Studio creates them with the tasks: the
benchmark checks the count it reports), 10,000 per request.

    python benchmarks/labelstudio.py [--claims 10000,30000] [--repeats 3]
        [--url URL --api-key KEY] [--json OUT]

Without ``--url`` it starts its own Label Studio in a temporary directory (first start:
about 40 s of migrations, not timed). Runtime is dominated by the imports and the full pulls
and exports, all linear: about 4 minutes per 10,000 claims with 2 repeats on a shared 2-core
machine (so 10k+30k take about 16 minutes, 100k alone about 40).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.client import Connection, LabelStudioClient, tasks_after  # noqa: E402
from annotations.duplicates import SCAN_FIELDS, list_tasks  # noqa: E402
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


class Timing:
    """Wraps a client's ``request`` to add up the seconds spent waiting for the server."""

    def __init__(self, client: LabelStudioClient) -> None:
        self.server = 0.0
        original = client.request

        def request(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.server += time.perf_counter() - started

        client.request = request  # type: ignore[method-assign]


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _import_annotated(client: LabelStudioClient, project_id: int, payloads: list[Any]) -> None:
    """Import the tasks with their annotations inline, 10,000 per request."""
    for i in range(0, len(payloads), 10_000):
        answer = client.sdk.projects.import_tasks(
            id=project_id, request=annotated_payloads(payloads[i : i + 10_000], 1)
        )
        assert answer.annotation_count == len(payloads[i : i + 10_000]), answer


def run(
    client: LabelStudioClient, workdir: Path, claims: int, repeats: int, *, raw_import: bool = True
) -> dict[str, Any]:
    """Every measurement at one size, on one server; returns the figures (medians)."""
    sdk = client.sdk
    stamp = f"{claims}-{int(time.time())}"
    synthetic_workspace(workdir, claims)
    payloads = list(workspace_tasks(workdir, []).values())
    title = f"bench-push-{stamp}"
    push_s, report = timed(lambda: push(workdir, project=title, client=client))
    assert report.imported == claims, report
    raw_push_s = float("nan")
    if raw_import:
        raw = sdk.projects.create(title=f"bench-raw-{stamp}", label_config=_config(client))
        raw_push_s, _ = timed(
            lambda: sdk.projects.import_tasks(id=raw.id, request=payloads, return_task_ids=True)
        )
    fast, full, fast_requests = [], [], 0
    for i in range(repeats):  # alternating: the full listing (the old push) is the reference
        for mode in ("fast", "full") if i % 2 == 0 else ("full", "fast"):
            before = client.requests
            seconds, again = timed(
                lambda m=mode: push(workdir, project=title, client=client, full=m == "full")
            )
            assert (
                again.imported == 0
                and again.already_present == claims
                and again.fast == (mode == "fast")
            ), again
            (fast if mode == "fast" else full).append(seconds)
            if mode == "fast":
                fast_requests = client.requests - before

    windowed, plain = [], []
    for i in range(repeats):  # the full listing: id windows against the old plain keyset
        for mode in ("windows", "plain") if i % 2 == 0 else ("plain", "windows"):
            pid = report.project_id
            listing = (
                list_tasks(client, pid, include=SCAN_FIELDS)
                if mode == "windows"
                else _plain_keyset(client, pid)
            )
            seconds, listed = timed(lambda it=listing: sum(1 for _ in it))
            assert listed == claims, listed
            (windowed if mode == "windows" else plain).append(seconds)

    pull_title = f"bench-pull-{stamp}"
    project = sdk.projects.create(title=pull_title, label_config=_config(client))
    setup_s, _ = timed(lambda: _import_annotated(client, int(project.id), payloads))
    timing = Timing(client)
    pulls, server, exports = [], [], []
    for i in range(repeats):  # alternating with the raw JSON export, the reference
        for mode in ("pull", "export") if i % 2 == 0 else ("export", "pull"):
            if mode == "pull":
                shutil.rmtree(workdir / ".claimset", ignore_errors=True)  # a full pull
                timing.server = 0.0
                seconds, pulled = timed(lambda: pull(workdir, project=pull_title, client=client))
                assert pulled.full and pulled.annotations == claims, pulled
                pulls.append(seconds)
                server.append(timing.server)
            else:
                seconds, body = timed(
                    lambda: b"".join(
                        sdk.projects.exports.download_sync(
                            id=project.id, export_type="JSON", download_all_tasks=True
                        )
                    )
                )
                assert len(json.loads(body)) == claims
                exports.append(seconds)
    time.sleep(1.05 - time.time() % 1)  # the cursor is the server's second
    pull(workdir, project=pull_title, client=client)
    idle, idle_old, idle_requests = [], [], 0
    for i in range(repeats):  # the old no-change pull (reads and rewrites the file) alternating
        for mode in ("new", "old") if i % 2 == 0 else ("old", "new"):
            if mode == "old":
                _forget_file_mark(workdir)
            seconds, report_idle = timed(lambda: pull(workdir, project=pull_title, client=client))
            assert report_idle.tasks_fetched == 0 and report_idle.annotations == claims
            (idle if mode == "new" else idle_old).append(seconds)
            if mode == "new":
                idle_requests = report_idle.requests
    return {
        "claims": claims,
        "repeats": repeats,
        "push_seconds": round(push_s, 2),
        "raw_import_seconds": round(raw_push_s, 2),
        "push_ratio": round(raw_push_s / push_s, 2),
        "push_batches": report.batches,
        "noop_push_seconds": _median(fast),
        "noop_push_requests": fast_requests,
        "noop_push_full_listing_seconds": _median(full),
        "listing_windows_seconds": _median(windowed),
        "listing_plain_keyset_seconds": _median(plain),
        "annotated_setup_seconds": round(setup_s, 1),
        "pull_seconds": _median(pulls),
        "pull_server_seconds": _median(server),
        "pull_ms_per_task": round(1000 * statistics.median(pulls) / claims, 3),
        "raw_export_seconds": _median(exports),
        "pull_ratio": round(statistics.median(exports) / statistics.median(pulls), 2),
        "idle_pull_seconds": _median(idle),
        "idle_pull_requests": idle_requests,
        "idle_pull_reading_file_seconds": _median(idle_old),
    }


def _plain_keyset(client: LabelStudioClient, project_id: int) -> Any:
    """The listing as it was before id windows: ``id > last id`` only (the reference)."""
    after = 0
    while True:
        body = client.get(
            "/api/tasks/", project=project_id, fields="task_only", include=SCAN_FIELDS,
            page=1, page_size=1000, query=tasks_after(after),
        )  # fmt: skip
        tasks = body.get("tasks") or []
        yield from tasks
        if len(tasks) < 1000:
            return
        after = int(tasks[-1]["id"])


def _forget_file_mark(workdir: Path) -> None:
    """Make the next pull take the path of the old no-change pull (read and rewrite the file)."""
    for path in (workdir / ".claimset").glob("pull-*.json"):
        cursor = json.loads(path.read_text())
        cursor.pop("file", None)
        path.write_text(json.dumps(cursor))


def _config(client: LabelStudioClient) -> str:
    from annotations.config import render_config

    return render_config()


def table(results: list[dict[str, Any]]) -> str:
    """The figures as a markdown table, one row per size (medians of the repeats)."""
    rows = [
        "| tasks | push-no-op (requests) | old full-listing no-op | pull-no-change (requests) "
        "| old no-change (file read) | full pull | of which server | ms/task | raw export "
        "| pull ratio | listing: id windows | listing: plain keyset |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['claims']:,} | {r['noop_push_seconds']} s ({r['noop_push_requests']}) "
            f"| {r['noop_push_full_listing_seconds']} s "
            f"| {r['idle_pull_seconds']} s ({r['idle_pull_requests']}) "
            f"| {r['idle_pull_reading_file_seconds']} s | {r['pull_seconds']} s "
            f"| {r['pull_server_seconds']} s | {r['pull_ms_per_task']} "
            f"| {r['raw_export_seconds']} s | {r['pull_ratio']} "
            f"| {r['listing_windows_seconds']} s | {r['listing_plain_keyset_seconds']} s |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", default="10000", help="Sizes, comma-separated: 10000,30000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--no-raw-import", action="store_true", help="Skip the raw import_tasks reference"
    )
    parser.add_argument("--url", help="An existing Label Studio (else one is started)")
    parser.add_argument("--api-key")
    parser.add_argument("--data-dir", type=Path, help="Data directory of the started studio")
    parser.add_argument("--json", type=Path, help="Write the figures as JSON here")
    args = parser.parse_args()
    sizes = [int(n) for n in str(args.claims).split(",")]
    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="claimset-bench-") as tmp:
        studio = None
        if args.url:
            client = LabelStudioClient(Connection(args.url, args.api_key or ""), timeout=1800)
        else:
            studio = Studio(args.data_dir or Path(tmp) / "studio", port=free_port(0)).start()
            client = LabelStudioClient(studio.connection, timeout=1800)
        try:
            for n in sizes:
                work = Path(tmp) / f"work-{n}"
                raw = not args.no_raw_import
                results.append(run(client, work, n, args.repeats, raw_import=raw))
                print(json.dumps(results[-1]), file=sys.stderr, flush=True)
        finally:
            if studio is not None:
                studio.stop()
    print(table(results))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average at the end: {load}; total {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    ok = all(
        r["noop_push_seconds"] < 10
        and r["idle_pull_seconds"] < 10
        and r["pull_ratio"] >= 0.5
        and not r["push_ratio"] < 0.5  # nan (skipped) passes
        for r in results
    )
    per_task = [r["pull_ms_per_task"] for r in results]
    print("per-task full pull, largest / smallest size:", round(per_task[-1] / per_task[0], 2))
    print("required: no-op push and no-change pull < 10 s, pull ratio >= 0.5:",
          "met" if ok else "NOT met")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
