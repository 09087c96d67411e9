"""Benchmark ``claimset check`` against reading the same Parquet files with pyarrow.

    .venv/bin/python benchmarks/check.py [--claims 100000 300000 1000000] [--json PATH]
    .venv/bin/python benchmarks/check.py --dataset DIR

For each size:

1. Builds a dataset (not timed): a synthetic workspace (``export.synthetic``: 25 claims per
   document, 3 annotations each) exported with ``export_dataset``. ``--dataset DIR`` checks a
   dataset built before; ``--keep DIR`` builds them under DIR once and reuses them next time.
2. Baseline: ``pyarrow.parquet.read_table`` of every Parquet file of the dataset.
3. ``export.check.check`` of the dataset (every rule; it reads the same files itself).

Each run is a fresh child process that reports its wall and CPU seconds and its peak RSS
(``ru_maxrss``), alternately, ``--repeat`` times each (after one read to warm the page cache);
the least CPU time of each counts (the machine may be shared: wall times swing with the load,
and the 1-minute load average before and after each size is printed with it).
Prints a markdown table (time and peak memory per size) and JSON; exits 1 if check takes more
than ``MAX_RATIO`` times the read's CPU time, peaks above ``MAX_PEAK_MB``, or finds an error
in the clean dataset.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# ``benchmarks/export.py`` would shadow the ``export`` package: keep this folder off the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

MAX_RATIO = 2.0
MAX_PEAK_MB = 1536
CLAIMS_PER_DOC = 25


def build(claims: int, root: Path) -> Path:
    """Write a synthetic workspace under ``root`` and export it; return the dataset dir."""
    from export.build import export_dataset
    from export.synthetic import SyntheticSpec, write_workspace

    spec = SyntheticSpec(
        documents=max(claims // CLAIMS_PER_DOC, 1), claims_per_document=CLAIMS_PER_DOC
    )
    write_workspace(root / "workspace", spec)
    out = root / "dataset"
    export_dataset(root / "workspace", out=out)
    shutil.rmtree(root / "workspace")
    return out


def read_all(dataset: Path) -> dict[str, Any]:
    """Read every Parquet file of ``dataset`` with pyarrow (in this process)."""
    import pyarrow.parquet as pq

    files = sorted((dataset / "data").rglob("*.parquet"))
    rows = sum(pq.read_table(f).num_rows for f in files)
    return {"rows": rows}


def run_check(dataset: Path) -> dict[str, Any]:
    """``check(dataset)`` (in this process): whether it passed, and the time of each rule."""
    from export.check import check

    report = check(dataset)
    rules = {r.rule: round(r.seconds, 3) for r in report.results}
    return {"ok": report.ok, "errors": report.error_count, "rules": rules}


def _child(mode: str, dataset: Path) -> dict[str, Any]:
    import resource

    import pyarrow.parquet  # noqa: F401  (imports are not part of the timing)

    if mode == "check":
        import export.check.api  # noqa: F401
    wall, cpu = time.perf_counter(), time.process_time()
    result = read_all(dataset) if mode == "read" else run_check(dataset)
    result["seconds"] = time.perf_counter() - wall
    result["cpu_seconds"] = time.process_time() - cpu
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _spawn(mode: str, dataset: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(dataset)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(dataset: Path, repeats: int = 2) -> dict[str, Any]:
    """Alternate read and check ``repeats`` times, each in a fresh process; keep the least CPU
    of each (and the highest peak RSS)."""
    load_before = os.getloadavg()[0]
    _spawn("read", dataset)  # warm the page cache for both contenders
    reads, checks = [], []
    for _ in range(repeats):
        reads.append(_spawn("read", dataset))
        checks.append(_spawn("check", dataset))
    read = min(reads, key=lambda r: r["cpu_seconds"])
    chk = min(checks, key=lambda r: r["cpu_seconds"])
    peak = max(r["peak_mb"] for r in checks)
    return {
        "claims": _claims(dataset),
        "rows_read": read["rows"],
        "parquet_mb": round(sum(f.stat().st_size for f in dataset.rglob("*.parquet")) / 1e6, 1),
        "read_seconds": round(read["seconds"], 3),
        "check_seconds": round(chk["seconds"], 3),
        "ratio": round(chk["seconds"] / read["seconds"], 2),
        "read_cpu_seconds": round(read["cpu_seconds"], 3),
        "check_cpu_seconds": round(chk["cpu_seconds"], 3),
        "cpu_ratio": round(chk["cpu_seconds"] / read["cpu_seconds"], 2),
        "read_peak_mb": round(max(r["peak_mb"] for r in reads)),
        "check_peak_mb": round(peak),
        "all_read_cpu_seconds": [round(r["cpu_seconds"], 2) for r in reads],
        "all_check_cpu_seconds": [round(r["cpu_seconds"], 2) for r in checks],
        "max_ratio": MAX_RATIO,
        "max_peak_mb": MAX_PEAK_MB,
        "check_ok": chk["ok"],
        "errors": chk["errors"],
        "rules": chk["rules"],
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def _claims(dataset: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in (dataset / "data/claims").glob("*"))


def table(results: list[dict[str, Any]]) -> str:
    """The results as a markdown table, one line per size."""
    lines = [
        "| claims | Parquet MB | read CPU s | check CPU s | CPU ratio | read wall s | "
        "check wall s | read peak MB | check peak MB | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['claims']:,} | {r['parquet_mb']} | {r['read_cpu_seconds']:.2f} | "
            f"{r['check_cpu_seconds']:.2f} | {r['cpu_ratio']:.2f} | {r['read_seconds']:.2f} | "
            f"{r['check_seconds']:.2f} | {r['read_peak_mb']} | {r['check_peak_mb']} | "
            f"{r['load_1min'][0]:.1f}-{r['load_1min'][1]:.1f} |"
        )
    lines.append(f"\nrequired: CPU ratio <= {MAX_RATIO}, check peak <= {MAX_PEAK_MB} MB")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--json", type=Path, help="Also write the results as JSON here.")
    parser.add_argument("--dataset", type=Path, help="Check this dataset instead of building.")
    parser.add_argument("--keep", type=Path, help="Build the datasets here and keep them.")
    parser.add_argument("--repeat", type=int, default=2, help="Runs of each; least CPU kept.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child[0], Path(args.child[1]))))
        return 0
    results = []
    if args.dataset is not None:
        results.append(measure(args.dataset, args.repeat))
    for claims in [] if args.dataset is not None else args.claims:
        results.append(_measure_size(claims, args))
    print(table(results))
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    ok = all(
        r["cpu_ratio"] <= MAX_RATIO and r["check_peak_mb"] <= MAX_PEAK_MB and r["check_ok"]
        for r in results
    )
    return 0 if ok else 1


def _measure_size(claims: int, args: argparse.Namespace) -> dict[str, Any]:
    """Build a dataset of ``claims`` claims (kept under ``--keep``), measure, clean up."""
    root = (args.keep / str(claims)) if args.keep else Path(tempfile.mkdtemp(prefix="cs-check-"))
    dataset = root / "dataset"
    try:
        if not dataset.is_dir():
            started = time.perf_counter()
            build(claims, root)
            print(f"built {dataset} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return measure(dataset, args.repeat)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
