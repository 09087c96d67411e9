"""Benchmark ``claimset check`` against reading the same Parquet files with pyarrow.

    .venv/bin/python benchmarks/check.py [--claims 1000000] [--json PATH] [--dataset DIR]

1. Builds a dataset (not timed): a synthetic workspace (``export.synthetic``: 25 claims per
   document, 3 annotations each) exported with ``export_dataset``. ``--dataset DIR`` reuses a
   dataset built before (``--keep`` keeps the one built here).
2. Baseline: ``pyarrow.parquet.read_table`` of every Parquet file of the dataset.
3. ``export.check.check`` of the dataset (every rule; it reads the same files itself).

Both are timed alternately, twice each, in this process; the best of each counts. Prints a
markdown table (with the time of each rule) and JSON; exits 1 if check takes more than
``MAX_RATIO`` times the read time or finds an error in the clean dataset.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# ``benchmarks/export.py`` would shadow the ``export`` package: keep this folder off the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

MAX_RATIO = 3.0
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


def read_all(dataset: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds to read every Parquet file of ``dataset`` with pyarrow; rows read."""
    import pyarrow.parquet as pq

    files = sorted((dataset / "data").rglob("*.parquet"))
    wall, cpu = time.perf_counter(), time.process_time()
    rows = sum(pq.read_table(f).num_rows for f in files)
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def run_check(dataset: Path) -> tuple[float, float, Any]:
    """Wall and CPU seconds for ``check(dataset)``, and its report."""
    from export.check import check

    wall, cpu = time.perf_counter(), time.process_time()
    report = check(dataset)
    return time.perf_counter() - wall, time.process_time() - cpu, report


def measure(dataset: Path, repeats: int = 3) -> dict[str, Any]:
    """Alternate read and check ``repeats`` times; keep the best of each.

    The machine may be shared: wall times then vary from run to run, so CPU times (all
    threads of this process) are reported too.
    """
    import export.check.api  # noqa: F401  (imports are not part of the timing)

    reads, checks, read_cpu, check_cpu, report, rows = [], [], [], [], None, 0
    read_all(dataset)  # warm the page cache for both contenders
    for _ in range(repeats):
        seconds, cpu, rows = read_all(dataset)
        reads.append(seconds)
        read_cpu.append(cpu)
        seconds, cpu, report = run_check(dataset)
        checks.append(seconds)
        check_cpu.append(cpu)
    assert report is not None
    return {
        "claims": _claims(dataset),
        "rows_read": rows,
        "parquet_mb": round(sum(f.stat().st_size for f in dataset.rglob("*.parquet")) / 1e6, 1),
        "read_seconds": round(min(reads), 3),
        "check_seconds": round(min(checks), 3),
        "ratio": round(min(checks) / min(reads), 2),
        "read_cpu_seconds": round(min(read_cpu), 3),
        "check_cpu_seconds": round(min(check_cpu), 3),
        "cpu_ratio": round(min(check_cpu) / min(read_cpu), 2),
        "all_read_seconds": [round(x, 2) for x in reads],
        "all_check_seconds": [round(x, 2) for x in checks],
        "max_ratio": MAX_RATIO,
        "check_ok": report.ok,
        "errors": report.error_count,
        "rules": {r.rule: round(r.seconds, 3) for r in report.results},
    }


def _claims(dataset: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in (dataset / "data/claims").glob("*"))


def table(result: dict[str, Any]) -> str:
    """The result as a markdown table."""
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| claims | {result['claims']:,} |",
        f"| rows read (all configs) | {result['rows_read']:,} |",
        f"| Parquet size | {result['parquet_mb']} MB |",
        f"| pyarrow read_table, all files | {result['read_seconds']:.2f} s |",
        f"| claimset check, all rules | {result['check_seconds']:.2f} s |",
        f"| ratio (required <= {MAX_RATIO}) | {result['ratio']:.2f} |",
        f"| CPU seconds: read / check / ratio | {result['read_cpu_seconds']:.2f} / "
        f"{result['check_cpu_seconds']:.2f} / {result['cpu_ratio']:.2f} |",
    ]
    lines += [f"| rule `{rule}` (last run) | {s:.3f} s |" for rule, s in result["rules"].items()]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="Also write the result as JSON here.")
    parser.add_argument("--dataset", type=Path, help="Check this dataset instead of building.")
    parser.add_argument("--keep", type=Path, help="Build the dataset here and keep it.")
    args = parser.parse_args()
    tmp = None
    if args.dataset is not None:
        dataset = args.dataset
    else:
        root = args.keep or Path(tempfile.mkdtemp(prefix="claimset-check-bench-"))
        tmp = None if args.keep else root
        started = time.perf_counter()
        dataset = build(args.claims, root)
        print(f"built {dataset} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    try:
        result = measure(dataset)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    print(table(result))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["ratio"] <= MAX_RATIO and result["check_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
