"""Record what the extractor outputs on the bundled and test articles, with its version.

``tests/claims/test_extractor_version.py`` fails when the output changed but
``RuleBasedExtractor.version`` did not: bump the version (and say why in CHANGELOG.md), then run
``python scripts/extractor_fingerprint.py`` to record the new output's hash. With ``--check`` it
records nothing: it exits 1 when the output or the version differs from the record (a change
meant to keep the output, e.g. for speed, must pass it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

from claims.extract import extract
from claims.pipeline import RuleBasedExtractor

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "tests" / "data" / "extractor-output.json"
INPUTS = [
    ROOT / "claims" / "sample_data",
    ROOT / "tests" / "data" / "bbc",
    ROOT / "tests" / "data" / "us-politics",
]


def fingerprint() -> dict[str, str | int]:
    """The extractor's version and the hash of its claims on ``INPUTS``."""
    with tempfile.TemporaryDirectory() as tmp:
        report = extract(INPUTS, out=Path(tmp))
        data = (Path(tmp) / "claims.jsonl").read_bytes()
    return {
        "version": RuleBasedExtractor.version,
        "claims": report.claims,
        "claims_sha256": hashlib.sha256(data).hexdigest(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the record, write nothing (exit 1 if it differs)",
    )
    args = parser.parse_args(argv)
    now = fingerprint()
    if args.check:
        recorded = json.loads(RECORD.read_text(encoding="utf-8"))
        if now != recorded:
            print(f"Error: the extractor's output differs from {RECORD.name}: {now} (recorded "
                  f"{recorded}); bump the version and re-record, or restore the output",
                  file=sys.stderr)  # fmt: skip
            return 1
        print(f"same output as recorded ({now['claims']} claims, version {now['version']})")
        return 0
    RECORD.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RECORD}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
