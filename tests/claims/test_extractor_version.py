"""The extractor's version changes whenever its output does (an honest manifest)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from claims.pipeline import RuleBasedExtractor, config_hash

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import extractor_fingerprint  # noqa: E402


def test_output_changes_come_with_a_new_version() -> None:
    recorded = json.loads(extractor_fingerprint.RECORD.read_text(encoding="utf-8"))
    now = extractor_fingerprint.fingerprint()
    if now["claims_sha256"] != recorded["claims_sha256"]:
        assert now["version"] != recorded["version"], (
            "the extractor's output changed but RuleBasedExtractor.version did not: bump it, "
            "then run python scripts/extractor_fingerprint.py"
        )
        raise AssertionError(
            "output and version changed: run python scripts/extractor_fingerprint.py"
        )
    assert now == recorded, "run python scripts/extractor_fingerprint.py"


def test_config_hash_covers_the_lexicon_and_the_rule_code() -> None:
    config = RuleBasedExtractor().config()
    assert len(config["lexicon"]) == 16 and len(config["code"]) == 16
    assert config_hash(RuleBasedExtractor()) == config_hash(RuleBasedExtractor())


def test_check_mode_fails_on_another_output_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = extractor_fingerprint.RECORD.read_bytes()
    recorded = json.loads(before)
    monkeypatch.setattr(
        extractor_fingerprint, "fingerprint", lambda: {**recorded, "claims_sha256": "0" * 64}
    )
    assert extractor_fingerprint.main(["--check"]) == 1
    assert "Error: the extractor's output differs" in capsys.readouterr().err
    monkeypatch.setattr(extractor_fingerprint, "fingerprint", lambda: dict(recorded))
    assert extractor_fingerprint.main(["--check"]) == 0
    assert extractor_fingerprint.RECORD.read_bytes() == before
