"""Benchmark ``claimset export`` against an Arrow-to-Parquet copy of the same rows.

    .venv/bin/python benchmarks/export.py [--claims 100000 300000 1000000] [--json PATH]

For each ``--claims`` size:

1. Generates a synthetic workspace (20 claims per document, 3 annotations each, annotation
   lines shuffled in blocks; not timed, reused from ``--workdir`` when kept), with the binary
   copies of ``annotations.jsonl`` and ``claims.jsonl`` that ``pull`` writes
   (``export.binary``; not timed either: pull's work). ``--json-lines`` removes them
   instead: the export then decodes the JSON Lines, as after an edit by hand.
2. Export: ``export_dataset`` in a child process.
3. Reference: in another child process, the files the export wrote copied Parquet to Parquet
   as Arrow batches (same schema, same writer options), reading included: the practical floor
   of any Parquet writer, and cheap to prepare (nothing is converted to Python objects).

Each child runs under its own small wrapper process, so ``getrusage(RUSAGE_CHILDREN)`` of the
wrapper is the peak RSS and CPU time of that child alone. The machine may be shared: wall
times then swing by minutes with the load (a child that gets 10 % of a core takes ten times
as long), so CPU seconds are reported and the time ratio is taken on them. Prints a markdown
table (time and peak memory per size) and JSON; exits 1 if a requirement (export CPU time <=
``MAX_RATIO`` x the copy's, peak RSS <= ``MAX_PEAK_MB``) is not met at some size.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# This file is called export.py: keep its folder off the import path so that ``import export``
# finds the claimset package, not this script.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

MAX_RATIO = 2.0
MAX_PEAK_MB = 1024
CLAIMS_PER_DOC = 20


def _child_export(workdir: Path, out: Path) -> dict[str, float]:
    from export.build import export_dataset

    start = time.perf_counter()
    report = export_dataset(workdir, out=out)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "claims": report.num_claims, "annotations": report.num_annotations}


def _child_copy(src: Path, out: Path) -> dict[str, float]:
    """Copy the rows of every config and split of ``src`` with ``ParquetWriter`` as Arrow
    batches, reading included (the same row groups, schema and options as the export)."""
    import pyarrow.parquet as pq

    from export.features import CONFIGS, arrow_schema_for
    from export.layout import config_dir, split_files
    from export.writer import ROW_GROUP_ROWS, WRITER_OPTIONS

    start = time.perf_counter()
    rows = 0
    for config in CONFIGS:
        schema = arrow_schema_for(config)
        for path in split_files(src, config).values():
            target = config_dir(out, config) / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            batches = pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP_ROWS)
            with pq.ParquetWriter(target, schema, **WRITER_OPTIONS) as writer:
                for batch in batches:
                    writer.write_batch(batch)
                    rows += batch.num_rows
    return {"seconds": time.perf_counter() - start, "rows": rows}


def _measure(argv: list[str]) -> dict[str, float]:
    """Run ``argv`` as the only child of this process; its result plus its peak RSS."""
    start = time.perf_counter()
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    cpu = usage.ru_utime + usage.ru_stime
    return {**result, "wall_seconds": wall, "cpu_seconds": cpu, "peak_mb": usage.ru_maxrss / 1024}


def _run_measured(mode: str, a: Path, b: Path) -> dict[str, float]:
    """Spawn a wrapper (fresh RUSAGE_CHILDREN) that spawns the child doing ``mode``."""
    me = [sys.executable, str(Path(__file__).resolve())]
    done = subprocess.run(
        [*me, "--wrap", mode, str(a), str(b)], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--json", type=Path, help="Also write the results to this file.")
    parser.add_argument("--workdir", type=Path, help="Where to build (default: a temp dir).")
    parser.add_argument("--repeat", type=int, default=1, help="Runs of each; least CPU kept.")
    parser.add_argument(
        "--json-lines",
        action="store_true",
        help="Export without the binary copies of the inputs (decode the JSON Lines).",
    )
    parser.add_argument("--wrap", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, a, b = args.child
        child = _child_export if mode == "export" else _child_copy
        print(json.dumps(child(Path(a), Path(b))))
        return 0
    if args.wrap:
        mode, a, b = args.wrap
        me = [sys.executable, str(Path(__file__).resolve())]
        print(json.dumps(_measure([*me, "--child", mode, a, b])))
        return 0
    results = [_bench(claims, args) for claims in args.claims]
    print(
        "| claims | export CPU s | export wall s | export peak RSS MB | copy CPU s | "
        "copy peak RSS MB | CPU ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        e, c = r["export"], r["arrow_copy"]
        print(
            f"| {r['claims']:,} | {e['cpu_seconds']:.1f} | {e['wall_seconds']:.1f} | "
            f"{e['peak_mb']:.0f} | {c['cpu_seconds']:.1f} | {c['peak_mb']:.0f} | "
            f"{r['cpu_ratio']:.2f} |"
        )
    print(f"\nrequired: CPU ratio <= {MAX_RATIO}, export peak <= {MAX_PEAK_MB} MB")
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(r["ok_time"] and r["ok_memory"] for r in results) else 1


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the least CPU, with the highest peak RSS of all runs."""
    best = dict(min(runs, key=lambda r: r["cpu_seconds"]))
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    best["runs"] = len(runs)
    return best


def _bench(claims: int, args: argparse.Namespace) -> dict[str, Any]:
    """Export ``claims`` claims and copy the result; the measures of both."""
    from export.synthetic import SyntheticSpec, write_workspace

    base_root = args.workdir or Path(tempfile.mkdtemp(prefix="claimset-bench-"))
    root = base_root / str(claims)
    root.mkdir(parents=True, exist_ok=True)
    workdir, out, copy = root / "work", root / "dataset", root / "copy"
    docs = max(1, claims // CLAIMS_PER_DOC)
    spec = SyntheticSpec(documents=docs, claims_per_document=CLAIMS_PER_DOC, seed=1)
    marker = workdir / ".bench-spec.json"
    t = time.perf_counter()
    if not (marker.exists() and marker.read_text() == repr(spec)):  # reuse a kept workspace
        shutil.rmtree(workdir, ignore_errors=True)
        write_workspace(workdir, spec)
        marker.write_text(repr(spec))
    from claims.workspace import ANNOTATIONS, CLAIMS
    from export.binary import remove_copy
    from export.sources import annotations_copy_is_fresh, write_annotations_copy, write_claims_copy

    if args.json_lines:
        remove_copy(workdir / ANNOTATIONS)
        remove_copy(workdir / CLAIMS)
    else:  # what pull does after writing annotations.jsonl
        write_claims_copy(workdir)
        if not annotations_copy_is_fresh(workdir):
            write_annotations_copy(workdir)
    generate = time.perf_counter() - t
    try:
        runs: dict[str, list[dict[str, float]]] = {"export": [], "arrow": []}
        for _ in range(args.repeat):  # interleaved: both see the same load
            runs["export"].append(_run_measured("export", workdir, out))
            shutil.rmtree(copy, ignore_errors=True)
            runs["arrow"].append(_run_measured("arrow", out, copy))
        export, arrow_copy = _best(runs["export"]), _best(runs["arrow"])
    finally:
        if args.workdir is None:
            shutil.rmtree(base_root, ignore_errors=True)
    ratio = export["cpu_seconds"] / max(arrow_copy["cpu_seconds"], 1e-9)
    return {
        "claims": int(export["claims"]),
        "annotations": int(export["annotations"]),
        "generate_seconds": round(generate, 2),
        "export": {k: round(v, 2) for k, v in export.items()},
        "arrow_copy": {k: round(v, 2) for k, v in arrow_copy.items()},
        "cpu_ratio": round(ratio, 3),
        "wall_ratio": round(export["seconds"] / max(arrow_copy["seconds"], 1e-9), 3),
        "ok_time": ratio <= MAX_RATIO,
        "ok_memory": export["peak_mb"] <= MAX_PEAK_MB,
    }


if __name__ == "__main__":
    sys.exit(main())
