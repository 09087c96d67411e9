"""Benchmark: what the duplicate scan and repair of ``claimset annotate push`` cost.

Every push now lists the project with the fields the duplicate rule needs (id, meta and the
two annotation counters) instead of id and meta only. On one server, same run:

- the re-push of N claims with nothing new (the figure a user waits for);
- the scan listing against the listing the push made before (``include=id,meta``), best of
  three each: the ratio is the scan's extra cost;
- the repair: D duplicate tasks imported through the API, then the push that deletes them.

    python benchmarks/duplicate_scan.py [--claims 10000] [--duplicates 1000]
        [--url URL --api-key KEY] [--json OUT]

Without ``--url`` it starts its own Label Studio in a temporary directory (first start:
about 40 s of migrations, not timed).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from labelstudio import synthetic_workspace, timed  # noqa: E402

from annotations.client import Connection, LabelStudioClient  # noqa: E402
from annotations.duplicates import SCAN_FIELDS, list_tasks  # noqa: E402
from annotations.pushing import push, workspace_tasks  # noqa: E402
from annotations.studio import Studio, free_port  # noqa: E402


def best_listing(client: LabelStudioClient, project_id: int, include: str) -> float:
    """The fastest of three full listings of the project with ``include``."""
    return min(
        timed(lambda: sum(1 for _ in list_tasks(client, project_id, include=include)))[0]
        for _ in range(3)
    )


def run(client: LabelStudioClient, workdir: Path, claims: int, duplicates: int) -> dict[str, Any]:
    """All three figures on one server."""
    synthetic_workspace(workdir, claims)
    title = f"bench-scan-{int(time.time())}"
    first = push(workdir, project=title, client=client)
    repush_s, again = timed(lambda: push(workdir, project=title, client=client))
    assert again.imported == 0 and again.duplicates_removed == 0
    before_s = best_listing(client, first.project_id, "id,meta")
    scan_s = best_listing(client, first.project_id, SCAN_FIELDS)
    payloads = list(workspace_tasks(workdir, []).values())[:duplicates]
    client.post(f"/api/projects/{first.project_id}/import", payloads)
    repair_s, fixed = timed(lambda: push(workdir, project=title, client=client))
    assert fixed.duplicates_removed == len(payloads), fixed
    return {
        "claims": claims,
        "repush_seconds": round(repush_s, 2),
        "listing_id_meta_seconds": round(before_s, 2),
        "scan_listing_seconds": round(scan_s, 2),
        "scan_ratio": round(scan_s / before_s, 2),
        "duplicates": len(payloads),
        "repair_push_seconds": round(repair_s, 2),
        "repair_ms_per_duplicate": round(1000 * (repair_s - repush_s) / max(len(payloads), 1), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--duplicates", type=int, default=1_000)
    parser.add_argument("--url", help="An existing Label Studio (else one is started)")
    parser.add_argument("--api-key")
    parser.add_argument("--json", type=Path, help="Write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimset-bench-") as tmp:
        studio = None
        if args.url:
            client = LabelStudioClient(Connection(args.url, args.api_key or ""), timeout=900)
        else:
            studio = Studio(Path(tmp) / "studio", port=free_port(0)).start()
            client = LabelStudioClient(studio.connection, timeout=900)
        try:
            result = run(client, Path(tmp) / "work", args.claims, args.duplicates)
        finally:
            if studio is not None:
                studio.stop()
    for key, value in result.items():
        print(f"{key:>28}: {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
