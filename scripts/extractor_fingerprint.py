"""Record what the extractor outputs on the bundled and test articles, with its version.

``tests/claims/test_extractor_version.py`` fails when the output changed but
``RuleBasedExtractor.version`` did not: bump the version (and say why in CHANGELOG.md), then run
``python scripts/extractor_fingerprint.py`` to record the new output's hash.
"""

from __future__ import annotations

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


def main() -> int:
    RECORD.write_text(json.dumps(fingerprint(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RECORD}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
