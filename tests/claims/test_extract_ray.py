"""``--engine ray`` on a local Ray runtime (2 CPUs): the single-process workspace, byte for byte.

Needs ``claimset[ray]``; skipped without Ray only when ``CLAIMSET_REQUIRE_RAY`` is not ``1``
(CI sets it, so there the test runs or fails).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.distributed import extract_with_ray
from claims.extract import extract
from export.cli import cli

if os.environ.get("CLAIMSET_REQUIRE_RAY") != "1":
    pytest.importorskip(
        "ray", reason="pip install 'claimset[ray]' (CI sets CLAIMSET_REQUIRE_RAY=1)"
    )
import ray

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests/data/bbc"
FILES = ("documents.jsonl", "claims.jsonl", "manifest.json")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        address="local",
        _node_ip_address="127.0.0.1",
    )
    yield
    ray.shutdown()


def workspace_bytes(workdir: Path) -> dict[str, bytes]:
    return {name: (workdir / name).read_bytes() for name in FILES}


def test_ray_engine_writes_the_single_process_workspace(tmp_path: Path, local_ray: None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted(BBC.rglob("*.txt"))
    table = pa.table(
        {
            "id": [f"p{i}" for i in range(10)],
            "text": [p.read_text(encoding="utf-8") for p in files[:9]] + [""],  # one rejected
        }
    )
    articles = tmp_path / "articles.parquet"
    pq.write_table(table, articles)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "Short news: 5 people came."}\n{oops\n', encoding="utf-8")
    inputs = [str(ORIGINAL), str(BBC), str(articles), str(bad), str(tmp_path / "missing.txt")]
    single = extract(inputs, out=tmp_path / "single")
    result = CliRunner().invoke(
        cli, ["extract", *inputs, "--out", str(tmp_path / "ray"), "--engine", "ray", "--jobs", "2"]
    )
    assert result.exit_code == 1, result.stderr  # rejected inputs, as with the local engine
    assert workspace_bytes(tmp_path / "ray") == workspace_bytes(tmp_path / "single")
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [f"Error: {r.message()}" for r in single.rejected]
    assert single.duplicates  # the Parquet rows repeat the BBC files' texts across shards
    assert not (tmp_path / "ray" / "shards").exists()
    # many small shards: repeats across shards are dropped by the merge, as a single run skips them
    report = extract_with_ray(inputs, out=tmp_path / "api", num_workers=2, shard_units=7)
    assert report.shards >= 8 and report.cross_shard_duplicates > 0
    assert workspace_bytes(tmp_path / "api") == workspace_bytes(tmp_path / "single")


def test_ray_reads_uris_and_a_pyarrow_filesystem(tmp_path: Path, local_ray: None) -> None:
    import pyarrow.fs as pafs

    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"id": 1, "text": "Short news: 5 people came."}\n', encoding="utf-8")
    single = tmp_path / "single"
    extract([str(BBC), str(articles)], out=single)
    uris = [f"file://{BBC}", f"local://{articles}"]
    extract_with_ray(uris, out=tmp_path / "uris", num_workers=2)
    assert workspace_bytes(tmp_path / "uris") == workspace_bytes(single)
    # a file system object (pickled to the actors), and the Parquet workspace
    extract_with_ray(
        [str(BBC), str(articles)],
        out=tmp_path / "object",
        num_workers=2,
        filesystem=pafs.LocalFileSystem(),
        fmt="parquet",
    )
    extract([str(BBC), str(articles)], out=tmp_path / "single-parquet", fmt="parquet")
    for name in ("documents.parquet", "claims.parquet", "manifest.json"):
        assert (tmp_path / "object" / name).read_bytes() == (
            tmp_path / "single-parquet" / name
        ).read_bytes()
