"""``claimset extract`` and ``claimset claims`` through click's runner and a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests/data/bbc"
CLAIMSET = Path(sys.executable).parent / "claimset"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_extract_prints_a_summary_and_writes_the_workspace(tmp_path: Path) -> None:
    code, out, err = run("extract", str(ORIGINAL), "--out", str(tmp_path))
    assert code == 0, err
    assert out == ""
    assert "1 document," in err and "0 rejected" in err
    assert (tmp_path / "claims.jsonl").read_text(encoding="utf-8").count("\n") > 10


def test_json_report(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(ORIGINAL), str(BBC), "--out", str(tmp_path), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["documents"] == 1 + len(list(BBC.rglob("*.txt")))
    assert report["rejected"] == [] and report["extractor"]["name"] == "rules"
    assert report["claims"] == sum(report["claims_by_type"].values())


def test_show_prints_a_table(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(ORIGINAL), "--out", str(tmp_path), "--show", "--quiet")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["TYPE", "SPAN", "VALUES"]
    assert any("since September 2015" in line and "date=2015-09" in line for line in lines)
    assert any("value=500000" in line for line in lines)
    code, again, _ = run("claims", str(tmp_path), "--type", "date")
    assert code == 0 and "date=2023-04-25" in again and "value=" not in again


def test_bad_inputs_one_line_each_others_processed_exit_1(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(10 * 1024 * 1024 + 1)
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"id": "x", "text": "Profits rose 5%."}\n{oops\n', encoding="utf-8")
    inputs = [latin1, empty, binary, huge, ORIGINAL, jsonl, tmp_path / "missing.txt"]
    code, _, err = run("extract", *map(str, inputs), "--out", str(tmp_path / "w"))
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert errors == [
        f"Error: {latin1}: not UTF-8 (byte 3 is 0xe9) (re-encode it as UTF-8, e.g. iconv -t UTF-8)",
        f"Error: {empty}: empty file (remove it or add the article text)",
        f"Error: {binary}: binary file (NUL bytes) (pass plain-text articles only)",
        f"Error: {huge}: too large (10.0 MB > 10 MB) (split it into one article per file)",
        f"Error: {jsonl}:2: not valid JSON (Expecting property name enclosed in double quotes)"
        " (fix or remove the line)",
        f"Error: {tmp_path / 'missing.txt'}: no such file or directory (check the path)",
    ]
    assert "Traceback" not in err
    assert "2 documents" in err and "6 rejected" in err
    docs = (tmp_path / "w/documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == 2


def test_bad_published_date_is_one_error_line(tmp_path: Path) -> None:
    code, _, err = run("extract", str(ORIGINAL), "--out", str(tmp_path), "--published", "May")
    assert code == 2
    assert err.strip() == "Error: --published 'May' is not a date (use YYYY-MM-DD)"


def test_unknown_extractor(tmp_path: Path) -> None:
    code, _, err = run("extract", str(ORIGINAL), "--out", str(tmp_path), "--extractor", "llm")
    assert code == 2 and "unknown extractor 'llm'" in err and "Traceback" not in err


def test_claims_command_without_workspace(tmp_path: Path) -> None:
    code, _, err = run("claims", str(tmp_path / "nothing"))
    assert code == 2 and "claimset extract" in err


def test_real_subprocess(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    proc = subprocess.run(
        [
            str(CLAIMSET),
            "extract",
            str(ORIGINAL),
            str(bad),
            "--out",
            str(tmp_path / "w"),
            "--published",
            "2023-04-25",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0].startswith(f"Error: {bad}: not UTF-8")
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert report["documents"] == 1 and len(report["rejected"]) == 1
    claims = [json.loads(x) for x in (tmp_path / "w/claims.jsonl").read_text().splitlines()]
    assert {"quantity", "date"} <= {c["type"] for c in claims}


def test_out_is_a_file_is_one_error_line(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, _, err = run("extract", str(ORIGINAL), "--out", str(target / "sub"))
    assert code == 2 and err.startswith("Error: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_json_and_show_are_exclusive(tmp_path: Path) -> None:
    code, _, err = run("extract", str(ORIGINAL), "--out", str(tmp_path), "--json", "--show")
    assert code == 2 and "choose one" in err
