"""Benchmark: claimset's push and pull against Label Studio's own bulk calls, at several sizes.

For each size N (``--claims 10000,30000,100000``), on one server:

- push: ``annotations.push`` of N claims against one raw ``import_tasks`` of the same payloads;
- push with nothing new: the fast path (the saved confirmation and workspace digest, three small
  requests) against the full listing it replaces (``full=True``) and against the same check
  made after building every task payload (the no-op push before the workspace digest),
  ``--repeats`` times each, in alternating order;
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
        [--skip full-listing,listings,raw-export,...] [--url URL --api-key KEY] [--json OUT]
        [--reuse --work-dir DIR --data-dir DIR --port PORT]

``--skip`` leaves out parts (their figures are None, "—" in the table). ``--reuse`` splits a
long run into several on one server and workspace: fixed project titles, and a later run uses
the projects, workspace, push state and pull cursor the earlier one left (e.g. at 100,000: one
run pushes and times the no-op push, the next builds the annotated project, the next pulls).

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
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
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


#: Parts a run can leave out (``--skip``): the references and the slow full pull/export;
#: ``pull-project`` is the annotated project every pull part uses (skipped: no pull at all;
#: with the three pull parts skipped, a run only builds it, for a later ``--reuse`` run).
PARTS = (
    *("raw-import", "full-listing", "listings"),
    *("pull-project", "full-pull", "raw-export", "idle-pull"),
)


def _project_id(client: LabelStudioClient, title: str) -> int | None:
    found = client.projects_titled(title)
    return int(found[0]["id"]) if found else None


def run(
    client: LabelStudioClient,
    workdir: Path,
    claims: int,
    repeats: int,
    *,
    skip: frozenset[str] = frozenset(),
    reuse: bool = False,
) -> dict[str, Any]:
    """Every measurement at one size, on one server; returns the figures (medians).

    ``skip``: parts (``PARTS``) not measured (their figures are None). ``reuse``: fixed project
    titles, and a workspace (with its push state and pull cursor) and projects left by an
    earlier run are used as they are, so a long run can be split into several.
    """
    sdk = client.sdk
    stamp = str(claims) if reuse else f"{claims}-{int(time.time())}"
    if not (reuse and (workdir / "claims.jsonl").exists()):
        synthetic_workspace(workdir, claims)
    cached: list[list[dict[str, Any]]] = []

    def payloads() -> list[dict[str, Any]]:
        if not cached:
            cached.append(list(workspace_tasks(workdir, []).values()))
        return cached[0]

    title = f"bench-push-{stamp}"
    push_s, report = timed(lambda: push(workdir, project=title, client=client))
    assert report.imported + report.already_present == claims, report
    out: dict[str, Any] = {"claims": claims, "repeats": repeats, "load_start": _load()}
    out["push_seconds"] = round(push_s, 2) if report.imported == claims else None
    out["push_batches"] = report.batches
    out["raw_import_seconds"] = out["push_ratio"] = None
    if "raw-import" not in skip:
        raw = sdk.projects.create(title=f"bench-raw-{stamp}", label_config=_config(client))
        every = payloads()
        raw_push_s, _ = timed(
            lambda: sdk.projects.import_tasks(id=raw.id, request=every, return_task_ids=True)
        )
        out["raw_import_seconds"] = round(raw_push_s, 2)
        out["push_ratio"] = round(raw_push_s / push_s, 2)

    fast: list[float] = []
    full: list[float] = []
    fast_cpu: list[float] = []
    fast_requests = 0
    built: list[float] = []
    modes = ["fast", "built"] if "full-listing" in skip else ["fast", "built", "full"]
    for i in range(repeats):  # alternating with the references: the full listing (the old
        # push), and the check after building the payloads (the no-op push before the digest)
        for mode in modes if i % 2 == 0 else modes[::-1]:
            if mode == "built":
                _forget_workspace_digest(workdir)
            before, cpu = client.requests, time.process_time()
            seconds, again = timed(
                partial(push, workdir, project=title, client=client, full=mode == "full")
            )
            assert (
                again.imported == 0
                and again.already_present == claims
                and again.fast == (mode != "full")
            ), again
            {"fast": fast, "built": built, "full": full}[mode].append(seconds)
            if mode == "fast":
                fast_requests = client.requests - before
                fast_cpu.append(time.process_time() - cpu)
    out["noop_push_seconds"] = _median(fast)
    out["noop_push_cpu_seconds"] = _median(fast_cpu)
    out["noop_push_requests"] = fast_requests
    out["noop_push_building_payloads_seconds"] = _median(built)
    out["noop_push_full_listing_seconds"] = _median(full) if full else None

    windowed: list[float] = []
    plain: list[float] = []
    for i in range(repeats if "listings" not in skip else 0):  # id windows against plain keyset
        for mode in ("windows", "plain") if i % 2 == 0 else ("plain", "windows"):
            pid = report.project_id
            listing = (
                list_tasks(client, pid, include=SCAN_FIELDS)
                if mode == "windows"
                else _plain_keyset(client, pid)
            )
            seconds, listed = timed(partial(_length, listing))
            assert listed == claims, listed
            (windowed if mode == "windows" else plain).append(seconds)
    out["listing_windows_seconds"] = _median(windowed) if windowed else None
    out["listing_plain_keyset_seconds"] = _median(plain) if plain else None

    out.update(pull_figures(client, workdir, stamp, claims, repeats, skip, payloads))
    out["load_end"] = _load()
    return out


def pull_figures(
    client: LabelStudioClient,
    workdir: Path,
    stamp: str,
    claims: int,
    repeats: int,
    skip: frozenset[str],
    payloads: Callable[[], list[dict[str, Any]]],
) -> dict[str, Any]:
    """Full pull against the raw export, and the pull with nothing changed against the old
    path of that case, on a project of ``claims`` annotated tasks (made if missing)."""
    sdk = client.sdk
    out: dict[str, Any] = dict.fromkeys(
        ("annotated_setup_seconds", "pull_seconds", "pull_server_seconds", "pull_ms_per_task",
         "raw_export_seconds", "pull_ratio", "idle_pull_seconds", "idle_pull_cpu_seconds",
         "idle_pull_requests", "idle_pull_reading_file_seconds")
    )  # fmt: skip
    if "pull-project" in skip:
        return out
    pull_title = f"bench-pull-{stamp}"
    found = _project_id(client, pull_title)
    if found is None:
        found = int(sdk.projects.create(title=pull_title, label_config=_config(client)).id)
        every = payloads()
        setup_s, _ = timed(partial(_import_annotated, client, found, every))
        out["annotated_setup_seconds"] = round(setup_s, 1)
    project_id = found
    if {"full-pull", "raw-export", "idle-pull"} <= skip:
        return out
    timing = Timing(client)
    pulls: list[float] = []
    server: list[float] = []
    exports: list[float] = []
    modes = [m for m in ("pull", "export") if f"{'full-pull' if m == 'pull' else 'raw-export'}"
             not in skip]  # fmt: skip
    for i in range(repeats if modes else 0):  # alternating with the raw JSON export
        for mode in modes if i % 2 == 0 else modes[::-1]:
            if mode == "pull":
                _forget_cursors(workdir)  # a full pull
                timing.server = 0.0
                seconds, pulled = timed(lambda: pull(workdir, project=pull_title, client=client))
                assert pulled.full and pulled.annotations == claims, pulled
                pulls.append(seconds)
                server.append(timing.server)
            else:
                seconds, body = timed(
                    lambda: b"".join(
                        sdk.projects.exports.download_sync(
                            id=project_id, export_type="JSON", download_all_tasks=True
                        )
                    )
                )
                assert len(json.loads(body)) == claims
                exports.append(seconds)
    if pulls:
        out["pull_seconds"] = _median(pulls)
        out["pull_server_seconds"] = _median(server)
        out["pull_ms_per_task"] = round(1000 * statistics.median(pulls) / claims, 3)
    if exports:
        out["raw_export_seconds"] = _median(exports)
    if pulls and exports:
        out["pull_ratio"] = round(statistics.median(exports) / statistics.median(pulls), 2)
    if "idle-pull" in skip:
        return out
    time.sleep(1.05 - time.time() % 1)  # the cursor is the server's second
    pull(workdir, project=pull_title, client=client)  # a full one if no cursor was left
    idle: list[float] = []
    idle_old: list[float] = []
    idle_cpu: list[float] = []
    idle_requests = 0
    for i in range(repeats):  # the old no-change pull (reads and rewrites the file) alternating
        for mode in ("new", "old") if i % 2 == 0 else ("old", "new"):
            if mode == "old":
                _forget_file_mark(workdir)
            cpu = time.process_time()
            seconds, report_idle = timed(lambda: pull(workdir, project=pull_title, client=client))
            assert report_idle.tasks_fetched == 0 and report_idle.annotations == claims
            (idle if mode == "new" else idle_old).append(seconds)
            if mode == "new":
                idle_requests = report_idle.requests
                idle_cpu.append(time.process_time() - cpu)
    out["idle_pull_seconds"] = _median(idle)
    out["idle_pull_cpu_seconds"] = _median(idle_cpu)
    out["idle_pull_requests"] = idle_requests
    out["idle_pull_reading_file_seconds"] = _median(idle_old)
    return out


def _length(items: Any) -> int:
    return sum(1 for _ in items)


def _load() -> float:
    return round(os.getloadavg()[0], 1)


def _forget_workspace_digest(workdir: Path) -> None:
    """Make the next push build every payload before its check (the no-op push as it was
    before the workspace digest); it saves the digest again."""
    for path in (workdir / ".claimset").glob("push-*.json"):
        state = json.loads(path.read_text())
        state.pop("workspace", None)
        path.write_text(json.dumps(state))


def _forget_cursors(workdir: Path) -> None:
    """Drop the pull cursors (the next pull is a full one); the push state stays."""
    for path in (workdir / ".claimset").glob("pull-*.json"):
        path.unlink()


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


def _s(value: Any, unit: str = " s") -> str:
    return "—" if value is None else f"{value}{unit}"


def table(results: list[dict[str, Any]]) -> str:
    """The figures as a markdown table, one row per size (medians of the repeats)."""
    rows = [
        "| tasks | push-no-op (requests; CPU) | old: payloads built first | old full-listing no-op "
        "| pull-no-change (requests; CPU) | old no-change (file read) | full pull "
        "| of which server | ms/task | raw export | pull ratio | listing: id windows "
        "| listing: plain keyset | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['claims']:,} | {r['noop_push_seconds']} s ({r['noop_push_requests']}; "
            f"{r['noop_push_cpu_seconds']} s) | {_s(r['noop_push_building_payloads_seconds'])} "
            f"| {_s(r['noop_push_full_listing_seconds'])} "
            f"| {_s(r['idle_pull_seconds'])} ({_s(r['idle_pull_requests'], '')}; "
            f"{_s(r['idle_pull_cpu_seconds'])}) | {_s(r['idle_pull_reading_file_seconds'])} "
            f"| {_s(r['pull_seconds'])} | {_s(r['pull_server_seconds'])} "
            f"| {_s(r['pull_ms_per_task'], '')} | {_s(r['raw_export_seconds'])} "
            f"| {_s(r['pull_ratio'], '')} | {_s(r['listing_windows_seconds'])} "
            f"| {_s(r['listing_plain_keyset_seconds'])} | {r['load_start']}-{r['load_end']} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", default="10000", help="Sizes, comma-separated: 10000,30000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--skip",
        default="",
        help=f"Parts not measured, comma-separated, of: {', '.join(PARTS)} (e.g. the slow "
        "references at 100,000 tasks: full-listing,listings,raw-export)",
    )
    parser.add_argument(
        "--no-raw-import", action="store_true", help="Skip the raw import_tasks reference"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Fixed project titles; use the workspaces, push states, pull cursors and projects "
        "an earlier run left (with --work-dir and --data-dir/--port or --url): a long run in parts",
    )
    parser.add_argument("--work-dir", type=Path, help="Keep the workspaces here (else a temp dir)")
    parser.add_argument("--url", help="An existing Label Studio (else one is started)")
    parser.add_argument("--api-key")
    parser.add_argument("--data-dir", type=Path, help="Data directory of the started studio")
    parser.add_argument("--port", type=int, default=0, help="Port of the started studio")
    parser.add_argument("--json", type=Path, help="Write the figures as JSON here")
    args = parser.parse_args()
    sizes = [int(n) for n in str(args.claims).split(",")]
    skip = frozenset(p.strip() for p in str(args.skip).split(",") if p.strip())
    if skip - set(PARTS):
        parser.error(f"--skip: unknown part {', '.join(sorted(skip - set(PARTS)))}")
    if args.no_raw_import:
        skip |= {"raw-import"}
    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="claimset-bench-") as tmp:
        studio = None
        if args.url:
            client = LabelStudioClient(Connection(args.url, args.api_key or ""), timeout=1800)
        else:
            port = free_port(args.port)
            studio = Studio(args.data_dir or Path(tmp) / "studio", port=port).start()
            client = LabelStudioClient(studio.connection, timeout=1800)
        try:
            for n in sizes:
                work = (args.work_dir or Path(tmp)) / f"work-{n}"
                results.append(run(client, work, n, args.repeats, skip=skip, reuse=args.reuse))
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
        and (r["idle_pull_seconds"] is None or r["idle_pull_seconds"] < 10)
        and (r["pull_ratio"] is None or r["pull_ratio"] >= 0.5)
        and (r["push_ratio"] is None or r["push_ratio"] >= 0.5)
        for r in results
    )
    per_task = [r["pull_ms_per_task"] for r in results if r["pull_ms_per_task"] is not None]
    if len(per_task) > 1:
        print("per-task full pull, largest / smallest size:", round(per_task[-1] / per_task[0], 2))
    unchecked = " (parts skipped are not checked)" if skip else ""
    print(f"required: no-op push and no-change pull < 10 s, pull ratio >= 0.5{unchecked}:",
          "met" if ok else "NOT met")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
