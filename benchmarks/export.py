"""Benchmark ``claimset export`` against plain pyarrow ``ParquetWriter`` on the same rows.

    .venv/bin/python benchmarks/export.py [--claims 1000000] [--json PATH] [--workdir DIR]

1. Generates a synthetic workspace (``--claims`` claims, 20 per document, 3 annotations each,
   annotation lines shuffled in blocks; not timed).
2. Export: ``export_dataset`` in a child process.
3. Baseline: in another child process, the same rows (the claims, documents and annotations
   configs the export wrote) streamed from Parquet in 50,000-row batches and written with
   ``pyarrow.parquet.ParquetWriter`` (same schema, same options): reading + writing timed.

Each child runs under its own small wrapper process, so ``getrusage(RUSAGE_CHILDREN)`` of the
wrapper is the peak RSS of that child alone. Prints a markdown table and JSON; exits 1 if a
requirement (time <= 1.5x baseline, peak <= 1.5 GB) is not met.
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

# This file is called export.py: keep its folder off the import path so that ``import export``
# finds the claimset package, not this script.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

MAX_RATIO = 1.5
MAX_PEAK_MB = 1536
CLAIMS_PER_DOC = 20


def _child_export(workdir: Path, out: Path) -> dict[str, float]:
    from export.build import export_dataset

    start = time.perf_counter()
    report = export_dataset(workdir, out=out)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "claims": report.num_claims, "annotations": report.num_annotations}


def _child_baseline(src: Path, out: Path) -> dict[str, float]:
    import pyarrow.parquet as pq

    from export.features import CONFIGS, arrow_schema_for
    from export.layout import config_dir, split_files
    from export.writer import ROW_GROUP_ROWS, WRITER_OPTIONS

    start = time.perf_counter()
    rows = 0
    for config in CONFIGS:
        schema = arrow_schema_for(config)
        for split, path in split_files(src, config).items():
            target = config_dir(out, config) / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with pq.ParquetWriter(target, schema, **WRITER_OPTIONS) as writer:  # type: ignore[arg-type]
                for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP_ROWS):
                    writer.write_batch(batch)
                    rows += batch.num_rows
            del split
    return {"seconds": time.perf_counter() - start, "rows": rows}


def _measure(argv: list[str]) -> dict[str, float]:
    """Run ``argv`` as the only child of this process; its result plus its peak RSS."""
    start = time.perf_counter()
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {**result, "wall_seconds": wall, "peak_mb": peak_kb / 1024}


def _run_measured(mode: str, a: Path, b: Path) -> dict[str, float]:
    """Spawn a wrapper (fresh RUSAGE_CHILDREN) that spawns the child doing ``mode``."""
    me = [sys.executable, str(Path(__file__).resolve())]
    done = subprocess.run(
        [*me, "--wrap", mode, str(a), str(b)], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="Also write the results to this file.")
    parser.add_argument("--workdir", type=Path, help="Where to build (default: a temp dir).")
    parser.add_argument("--wrap", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, a, b = args.child
        fn = _child_export if mode == "export" else _child_baseline
        print(json.dumps(fn(Path(a), Path(b))))
        return 0
    if args.wrap:
        mode, a, b = args.wrap
        me = [sys.executable, str(Path(__file__).resolve())]
        print(json.dumps(_measure([*me, "--child", mode, a, b])))
        return 0
    return _bench(args)


def _bench(args: argparse.Namespace) -> int:
    from export.synthetic import SyntheticSpec, write_workspace

    root = args.workdir or Path(tempfile.mkdtemp(prefix="claimset-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    workdir, out, base = root / "work", root / "dataset", root / "baseline"
    docs = max(1, args.claims // CLAIMS_PER_DOC)
    spec = SyntheticSpec(documents=docs, claims_per_document=CLAIMS_PER_DOC, seed=1)
    marker = workdir / ".bench-spec.json"
    t = time.perf_counter()
    if not (marker.exists() and marker.read_text() == repr(spec)):  # reuse a kept workspace
        shutil.rmtree(workdir, ignore_errors=True)
        write_workspace(workdir, spec)
        marker.write_text(repr(spec))
    generate = time.perf_counter() - t
    try:
        export = _run_measured("export", workdir, out)
        shutil.rmtree(base, ignore_errors=True)
        baseline = _run_measured("baseline", out, base)
    finally:
        if args.workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    ratio = export["seconds"] / baseline["seconds"]
    results = {
        "claims": export["claims"],
        "annotations": export["annotations"],
        "generate_seconds": round(generate, 2),
        "export": {k: round(v, 2) for k, v in export.items()},
        "baseline": {k: round(v, 2) for k, v in baseline.items()},
        "time_ratio": round(ratio, 3),
        "ok_time": ratio <= MAX_RATIO,
        "ok_memory": export["peak_mb"] <= MAX_PEAK_MB,
    }
    print("| run | seconds (work) | seconds (process) | peak RSS MB |")
    print("|---|---|---|---|")
    for name in ("export", "baseline"):
        r = results[name]
        print(f"| {name} | {r['seconds']} | {r['wall_seconds']} | {r['peak_mb']} |")
    print(f"\nratio export/baseline = {results['time_ratio']} (<= {MAX_RATIO}); "
          f"export peak {results['export']['peak_mb']} MB (<= {MAX_PEAK_MB})")
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if results["ok_time"] and results["ok_memory"] else 1


if __name__ == "__main__":
    sys.exit(main())
