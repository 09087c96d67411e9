"""``--jobs N``: worker processes write exactly what one process writes, in order."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims import parallel
from claims.budget import TimeBudget
from claims.extract import extract
from claims.model import Claim, Document
from claims.pipeline import Prepared, RuleBasedExtractor, register_extractor
from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests/data/bbc"
CLAIMSET = Path(sys.executable).parent / "claimset"
FILES = ("documents.jsonl", "claims.jsonl", "manifest.json")


def workspace_bytes(workdir: Path) -> dict[str, bytes]:
    return {name: (workdir / name).read_bytes() for name in FILES}


def mixed_corpus(tmp_path: Path) -> list[Path]:
    """Good articles, bad files, a JSONL with bad lines and a repeat, in an order that makes
    rejections interleave with documents across batches."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    texts = sorted(BBC.rglob("*.txt"))
    lines = [
        json.dumps({"id": i, "text": p.read_text(encoding="utf-8")}) for i, p in enumerate(texts)
    ]
    lines.insert(5, "{not json")
    lines.insert(30, json.dumps({"id": "x", "text": 3}))
    lines.append(lines[0])  # the same text again: a duplicate
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [ORIGINAL, corpus, bad, BBC, tmp_path / "missing.txt"]


def test_two_jobs_write_the_bytes_one_job_writes(tmp_path: Path) -> None:
    inputs = mixed_corpus(tmp_path)
    one = extract(inputs, out=tmp_path / "one", jobs=1)
    two = extract(inputs, out=tmp_path / "two", jobs=2)
    assert one.documents > 2 * parallel.BATCH  # enough to go through the worker processes
    assert workspace_bytes(tmp_path / "one") == workspace_bytes(tmp_path / "two")
    assert [r.to_dict() for r in two.rejected] == [r.to_dict() for r in one.rejected]
    assert len(one.rejected) == 5 and one.duplicates == two.duplicates != []


def test_rejections_of_workers_come_in_input_order(tmp_path: Path) -> None:
    """A document over its time budget (rejected in a worker) is reported between the
    rejections read before and after it, as with one job."""
    register_extractor(
        "no-time-parallel",
        lambda: RuleBasedExtractor(time_budget=TimeBudget(0.0, 0.0)),
    )
    inputs = mixed_corpus(tmp_path)
    runner = CliRunner()
    results = [
        runner.invoke(
            cli,
            [
                "extract",
                *map(str, inputs),
                "--out",
                str(tmp_path / f"w{j}"),
                "--jobs",
                str(j),
                "--extractor",
                "no-time-parallel",
                "--quiet",
            ],
        )
        for j in (1, 2)
    ]
    assert [r.exit_code for r in results] == [1, 1]
    assert results[0].stderr == results[1].stderr
    errors = results[1].stderr.splitlines()
    assert any("time budget" in e for e in errors) and any("not valid JSON" in e for e in errors)
    budget_first = min(i for i, e in enumerate(errors) if "time budget" in e)
    assert errors.index(next(e for e in errors if "not valid JSON" in e)) > budget_first


def test_append_with_jobs(tmp_path: Path) -> None:
    files = sorted(BBC.rglob("*.txt"))
    extract(files[:20], out=tmp_path / "one", jobs=1)
    extract(files, out=tmp_path / "one", jobs=1, append=True)
    extract(files[:20], out=tmp_path / "two", jobs=2)
    report = extract(files, out=tmp_path / "two", jobs=2, append=True)
    assert report.already_present == 20
    assert workspace_bytes(tmp_path / "one") == workspace_bytes(tmp_path / "two")


def test_the_extractor_is_built_once_per_worker(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    extractor = CountingExtractor(calls)
    extract([BBC], out=tmp_path / "w", jobs=2, extractor=extractor)
    pids = [p.name for p in calls.iterdir()]
    # one file per process that unpickled the extractor: at most the two workers
    assert 1 <= len(pids) <= 2 and str(os.getpid()) not in pids


class CountingExtractor(RuleBasedExtractor):
    """Records, on unpickling, the process that loaded it (a worker's initializer)."""

    def __init__(self, calls: Path) -> None:
        super().__init__()
        self.calls = calls

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        marker = self.calls / str(os.getpid())
        assert not marker.exists(), "extractor loaded twice in one worker"
        marker.touch()


def test_the_workers_fork_with_the_parser_loaded(tmp_path: Path) -> None:
    """The fork server loads the syntax parser once; no worker loads it again."""
    calls = tmp_path / "calls"
    calls.mkdir()
    extract([BBC], out=tmp_path / "w", jobs=2, extractor=ParserSpy(calls))
    seen = [json.loads(p.read_text()) for p in calls.iterdir()]
    assert 1 <= len(seen) <= 2
    # (misses, size) of load_parser's cache: loaded before the worker started (one miss,
    # inherited from the fork server), and no miss of the worker's own after its documents
    assert all(s["unpickled"] == [1, 1] and s["extracted"] == [1, 1] for s in seen), seen


class ParserSpy(RuleBasedExtractor):
    """Records, per worker, ``load_parser``'s cache (misses, size) when the worker unpickles
    it and after each document it extracts."""

    def __init__(self, calls: Path) -> None:
        super().__init__()
        self.calls = calls

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.unpickled = _parser_cache()

    def extract(self, document: Document, prepared: Prepared | None = None) -> list[Claim]:
        claims = super().extract(document, prepared)
        record = {"unpickled": self.unpickled, "extracted": _parser_cache()}
        (self.calls / str(os.getpid())).write_text(json.dumps(record))
        return claims


def _parser_cache() -> list[int]:
    from claims.syntax import load_parser

    info = load_parser.cache_info()
    return [info.misses, info.currsize]


def test_an_unpicklable_extractor_is_one_error_line(tmp_path: Path) -> None:
    extractor = RuleBasedExtractor(rules=[("inline", lambda sentence, context: [])])
    with pytest.raises(Exception, match=r"cannot be sent to worker processes.*--jobs 1"):
        extract([BBC], out=tmp_path / "w", jobs=2, extractor=extractor)
    assert not (tmp_path / "w").exists()


def test_default_jobs_is_the_usable_cpus() -> None:
    assert parallel.default_jobs() == len(os.sched_getaffinity(0))


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_leaves_no_file(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    text = ORIGINAL.read_text(encoding="utf-8")
    with big.open("w", encoding="utf-8") as f:
        for i in range(20_000):
            f.write(json.dumps({"id": i, "text": f"{text}\nVariant {i}."}) + "\n")
    out = tmp_path / "w"
    proc = subprocess.Popen(
        [str(CLAIMSET), "extract", str(big), "--out", str(out), "--jobs", "2", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".claims.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert list(out.iterdir()) == []  # the temporaries removed, nothing renamed into place
    left = "?"
    for _ in range(50):  # the forkserver and resource tracker see the parent gone and exit
        ps = subprocess.run(["pgrep", "-a", "-g", str(proc.pid)], capture_output=True, text=True)
        left = ps.stdout.strip()
        if not left:
            break
        time.sleep(0.1)
    assert left == ""  # no worker left behind
