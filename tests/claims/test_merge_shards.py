"""``claimset merge``: shard workspaces merged give the single run's workspace, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claims.budget import TimeBudget
from claims.extract import extract
from claims.pipeline import RuleBasedExtractor
from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests/data/bbc"
FILES = ("documents.jsonl", "claims.jsonl", "manifest.json")


def workspace_bytes(workdir: Path) -> dict[str, bytes]:
    return {name: (workdir / name).read_bytes() for name in FILES}


def parts(tmp_path: Path) -> list[list[Path]]:
    """Three consecutive slices of a corpus with bad inputs and a text repeated across slices."""
    files = sorted(BBC.rglob("*.txt"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": ""}\n{oops\n', encoding="utf-8")
    again = tmp_path / "again.txt"
    again.write_bytes(files[3].read_bytes())  # the same text as a file of the first slice
    return [[ORIGINAL, *files[:20]], [bad, *files[20:40], again], files[40:]]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_merged_shards_equal_the_single_run(tmp_path: Path) -> None:
    slices = parts(tmp_path)
    single = extract([p for part in slices for p in part], out=tmp_path / "single")
    assert single.duplicates and single.rejected  # both reach the manifest
    shards = []
    for i, part in enumerate(slices):
        shard = tmp_path / "shards" / f"{i:05d}"
        extract(part, out=shard, jobs=2)
        shards.append(str(shard))
    code, out, err = run("merge", *shards, "--out", str(tmp_path / "merged"), "--json")
    assert code == 0, err
    assert workspace_bytes(tmp_path / "merged") == workspace_bytes(tmp_path / "single")
    report = json.loads(out)
    assert report["cross_shard_duplicates"] == 1 and report["documents"] == single.documents


def test_merge_refuses_shards_of_different_extractors(tmp_path: Path) -> None:
    files = sorted(BBC.rglob("*.txt"))
    extract(files[:5], out=tmp_path / "a")
    other = RuleBasedExtractor(time_budget=TimeBudget(base_seconds=31.0))
    extract(files[5:10], out=tmp_path / "b", extractor=other)
    code, _, err = run(
        "merge", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "m")
    )
    assert code == 2
    assert err.startswith("Error: ") and "same claimset version and extractor" in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "m").exists()


def test_merge_names_a_shard_that_is_no_workspace(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run("merge", str(tmp_path / "empty"), "--out", str(tmp_path / "m"))
    assert code == 2 and "manifest.json: not found" in err and err.startswith("Error: ")


def test_parquet_shards_merge_like_json_lines_shards(tmp_path: Path) -> None:
    slices = parts(tmp_path)
    extract([p for part in slices for p in part], out=tmp_path / "single")
    extract([p for part in slices for p in part], out=tmp_path / "single-pq", fmt="parquet")
    shards = []
    for i, part in enumerate(slices):  # a mix: Parquet, JSON Lines, Parquet
        shard = tmp_path / "shards" / f"{i:05d}"
        extract(part, out=shard, fmt="jsonl" if i == 1 else "parquet")
        shards.append(str(shard))
    code, out, err = run("merge", *shards, "--out", str(tmp_path / "merged"), "--json")
    assert code == 0, err
    assert workspace_bytes(tmp_path / "merged") == workspace_bytes(tmp_path / "single")
    assert json.loads(out)["cross_shard_duplicates"] == 1
    code, _, err = run("merge", *shards, "--out", str(tmp_path / "pq"), "--format", "parquet")
    assert code == 0, err
    for name in ("documents.parquet", "claims.parquet", "manifest.json"):
        assert (tmp_path / "pq" / name).read_bytes() == (tmp_path / "single-pq" / name).read_bytes()
    assert not (tmp_path / "pq" / "claims.jsonl").exists()
