"""Benchmark ``claimset extract`` against spaCy's blank English tokenizer + sentencizer.

    .venv/bin/python benchmarks/extract.py --corpus ../shared/corpora/bbc-news/news [--json PATH]
        [--repeat N] [--extract-jobs J]
    .venv/bin/python benchmarks/extract.py --corpus CORPUS --jobs 1,2 [--engine ray] [--repeat N]
        [--copies K]

With ``--jobs``, the scaling benchmark instead (``scaling.py`` in this folder is about article
length): ``claimset extract --jobs J`` for each J, in alternating order ``--repeat`` times, the
fastest run of each kept; articles/s, the speedup over the first J, and the peak RSS of the
largest worker process and of the parent (``VmHWM`` of every descendant, sampled). With
``--engine ray``, ``claims.distributed.extract_with_ray`` with the largest J as workers, on a
local Ray runtime: the run itself is timed (a cluster is already up) and so is the whole
process (``ray.init`` and shutdown in); its overhead against ``--jobs`` J (required <= 25 %).
The runs alternate in order (reversed every other repeat). With ``--copies K``, every run is
repeated on K copies of the corpus (each copy's texts end with a different number of newlines,
so none is skipped as a repeat and the claims are the same): the difference between the two
sizes gives each engine's steady-state articles/s, start-up cancelled out, and the fixed cost
left over; the overhead requirement then applies to the steady state. The load average is
recorded: the machine is shared.
On a machine shared with other work, the wall speedup measures the scheduler's share, not the
program; so the CPU time of every process is sampled too (``/proc``), and the "idle machine"
time of a run is ``max(total CPU / cores used, CPU of its busiest process)``: what the run takes
with its cores to itself. The requirement (speedup >= 1.7 with 2 jobs) is met by either figure.
The CPU time is also printed by process (the parent or Ray driver; the workers, ``--jobs``
workers or Ray's actors, each; the other processes: the fork server, Ray's daemons, helper
actors and idle workers, by name), with each run's extra CPU against the first run
(``--jobs 2`` against ``--jobs 1``, and Ray against ``--jobs 2``): on a shared machine these
are the figures to compare, and the speedup on idle cores is bounded by them.

1. Extract: ``claimset extract CORPUS --out TMP --quiet`` as a whole process (start-up, reading,
   extraction and writing all timed, wall clock).
2. Floor: in a child process, the same ``.txt`` files read and run through
   ``spacy.blank("en")`` + ``sentencizer`` with ``nlp.pipe`` (reading + pipe timed; the spaCy
   import is not).
3. Streaming: ``claimset extract`` over the first quarter of the files; its peak RSS must not be
   materially below the whole corpus's (peak memory must not grow with the corpus).

Each child runs under its own small wrapper process, so ``getrusage(RUSAGE_CHILDREN)`` of the
wrapper is the peak RSS of that child alone. Prints a markdown table, writes JSON with
``--json``, and exits 1 if a requirement is not met (articles/s >= 0.25 x the floor's; peak RSS
of the whole corpus <= 1.25 x the quarter's + 20 MB).
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

MIN_RATIO = 0.25
MIN_SPEEDUP = 1.7  # 2 jobs on 2 cores
MAX_ENGINE_OVERHEAD = 0.25
AIM_RATIO = 0.5
RSS_GROWTH = 1.25
RSS_SLACK_MB = 20

#: Runs a command and prints its wall time and peak RSS (KiB on Linux) as JSON.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_kb": peak,
                  "returncode": proc.returncode,
                  "stdout": proc.stdout[-2000:], "stderr": proc.stderr[-2000:]}))
"""

#: The floor: read the files, then spaCy blank English + sentencizer over them with nlp.pipe.
_FLOOR = """
import json, sys, time
from pathlib import Path
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
paths = [Path(p) for p in Path(sys.argv[1]).read_text().splitlines()]
start, cpu = time.perf_counter(), time.process_time()
texts = (p.read_text(encoding="utf-8") for p in paths)
sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
print(json.dumps({"inner_seconds": time.perf_counter() - start,
                  "inner_cpu_seconds": time.process_time() - cpu, "sentences": sentences}))
"""


#: Runs a command, sampling the peak RSS (VmHWM) and CPU time of each of its descendants by role
#: (``parent``; ``workers``: the processes that extract, ``--jobs`` workers or Ray's actors;
#: ``other``: the fork server, Ray's daemons and idle workers), and prints JSON. It is the
#: descendants' subreaper, so every process of the run is reaped here and ``cpu`` (rusage of
#: the reaped children, or the samples' sum if larger) is the whole run's; the roles' figures
#: are sampled every 0.1 s (``unsampled``: what the samples missed, e.g. the last tenth of a
#: second of a process).
_SAMPLER = """
import ctypes, json, os, resource, subprocess, sys, threading, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER (Linux): orphans come here
TICK = os.sysconf('SC_CLK_TCK')
me, info = os.getpid(), {}
def read(pid, name):
    with open(f'/proc/{pid}/{name}', 'rb') as f:
        return f.read()
def sample():
    parent, cpu = {}, {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            fields = read(pid, 'stat').rsplit(b')', 1)[1].split()
            parent[int(pid)] = int(fields[1])
            cpu[int(pid)] = (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            pass
    found, todo = set(), [me]
    while todo:
        up = todo.pop()
        kids = [c for c, pp in parent.items() if pp == up and c not in found]
        found.update(kids)
        todo += kids
    for pid in found:
        d = info.setdefault(pid, {'ppid': parent[pid], 'cmd': '', 'cpu': 0.0, 'kb': 0})
        try:
            line = read(pid, 'cmdline').replace(b'\\0', b' ')
            d['cmd'] = line.decode(errors='replace')[:300] or d['cmd']
            status = read(pid, 'status').decode()
            d['kb'] = max(d['kb'], int(status.split('VmHWM:')[1].split()[0]))
        except (OSError, IndexError, ValueError):
            pass
        d['cpu'] = max(d['cpu'], cpu[pid])
    return found
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
streams = {}
readers = [threading.Thread(target=lambda n=n, f=f: streams.__setitem__(n, f.read()))
           for n, f in (('out', proc.stdout), ('err', proc.stderr))]
for t in readers:
    t.start()
while proc.poll() is None:
    sample()
    time.sleep(0.1)
seconds = time.perf_counter() - start
while sample() - {proc.pid}:  # orphans (the fork server, Ray's daemons) until they are gone
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        break
    time.sleep(0.05)
try:
    while os.waitpid(-1, 0)[0]:
        pass
except ChildProcessError:
    pass
for t in readers:
    t.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
def role(pid, d):
    if pid == proc.pid:
        return 'parent'
    up = info.get(d['ppid'], {}).get('cmd', '')
    if 'forkserver' in up or 'MapWorker' in d['cmd'] or 'ShardExtractor' in d['cmd']:
        return 'workers'
    return 'other'
roles = {'parent': [], 'workers': [], 'other': []}
others = {}
for pid, d in info.items():
    r = role(pid, d)
    roles[r].append(d)
    if r == 'other':
        words = d['cmd'].split()
        name = next((w for w in words if w.endswith('.py')), words[0] if words else '?')
        name = name.rsplit('/', 1)[-1] if not name.startswith('ray::') else name
        for known in ('forkserver', 'resource_tracker'):
            name = known if known in d['cmd'] else name
        others[name] = round(others.get(name, 0.0) + d['cpu'], 2)
sampled = sum(d['cpu'] for d in info.values())
# (a process that ignores SIGCHLD reaps its children without adding their time: then the
# samples are the larger figure)
cpu = max(usage.ru_utime + usage.ru_stime, sampled)
print(json.dumps({'seconds': seconds, 'cpu': cpu, 'unsampled_cpu': cpu - sampled,
                  'parent_cpu': sum(d['cpu'] for d in roles['parent']),
                  'workers_cpu': [d['cpu'] for d in roles['workers']],
                  'other_cpu': sum(d['cpu'] for d in roles['other']), 'others': others,
                  'max_process_cpu': max(d['cpu'] for d in info.values()),
                  'parent_kb': max([d['kb'] for d in roles['parent']], default=0),
                  'worker_kb': max([d['kb'] for d in roles['workers']], default=0),
                  'processes': len(info), 'returncode': proc.returncode,
                  'stdout': streams['out'][-4000:], 'stderr': streams['err'][-2000:]}))
"""

#: extract_with_ray on a local Ray runtime; prints JSON with the times of ray.init and the run.
_RAY = """
import json, os, sys, time
start = time.perf_counter()
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
import ray
ray.init(num_cpus=int(sys.argv[1]), include_dashboard=False, log_to_driver=False)
from claims.distributed import extract_with_ray
workers, out, *inputs = sys.argv[1:]
begin = time.perf_counter()
report = extract_with_ray(inputs, out=out, num_workers=int(workers))
end = time.perf_counter()
ray.shutdown()
print(json.dumps({"init_seconds": begin - start, "inner_seconds": end - begin,
                  "documents": report.documents, "shards": report.shards}))
"""


def _sampled(command: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", _SAMPLER, *command], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    if result["returncode"] != 0:
        sys.exit(f"{' '.join(command[:3])}... failed:\n{result['stderr']}")
    return result


def copied_corpus(corpus: Path, copies: int, target: Path) -> Path:
    """``copies`` copies of every ``.txt`` article of ``corpus`` under ``target``; copy ``c``
    ends with ``c`` more newlines, so every text is distinct (no copy is skipped as a repeat)
    while its claims are those of the original."""
    for file in sorted(corpus.rglob("*.txt")):
        data = file.read_bytes()
        for c in range(copies):
            path = target / f"copy{c:02d}" / file.relative_to(corpus)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data + b"\n" * c)
    return target


def _one(name: str, corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    """One run: ``jobs J`` (the CLI as a whole process) or ``ray`` (extract_with_ray)."""
    shutil.rmtree(out, ignore_errors=True)
    if name == "ray":
        result = _sampled([sys.executable, "-c", _RAY, str(workers), str(out), str(corpus)])
        result.update(json.loads(result["stdout"].strip().splitlines()[-1]))
        result["total_seconds"] = result["seconds"]  # the whole process: Ray's start-up in
        result["seconds"] = result["inner_seconds"]  # Ray already up, as on a cluster
        return result
    jobs = name.split()[1]
    command = [_claimset(), "extract", str(corpus), "--out", str(out), "--quiet", "--jobs", jobs]
    result = _sampled(command)
    result["total_seconds"] = result["seconds"]
    return result


def _size(
    corpus: Path, names: list[str], workers: int, repeat: int, work: Path
) -> tuple[dict[str, list[dict[str, Any]]], list[float], dict[str, bool]]:
    """Every run of one corpus, in alternating order ``repeat`` times; whether each run's
    claims are the first run's bytes."""
    runs: dict[str, list[dict[str, Any]]] = {}
    loads = [os.getloadavg()[0]]
    for r in range(max(1, repeat)):
        for name in names if r % 2 == 0 else list(reversed(names)):
            out = work / name.replace(" ", "-")
            runs.setdefault(name, []).append(_one(name, corpus, out, workers))
            loads.append(os.getloadavg()[0])
            figures = {k: v for k, v in runs[name][-1].items() if k not in ("stdout", "stderr")}
            print(json.dumps({"run": name, "corpus": str(corpus), **figures}), file=sys.stderr)
    first = (work / names[0].replace(" ", "-") / "claims.jsonl").read_bytes()
    same = {n: (work / n.replace(" ", "-") / "claims.jsonl").read_bytes() == first for n in names}
    return runs, loads, same


def _rows(
    runs: dict[str, list[dict[str, Any]]], same: dict[str, bool], n: int, jobs: list[int]
) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    cores = os.cpu_count() or 1
    for name, results in runs.items():
        best = min(float(x["seconds"]) for x in results)
        used = 1 if name == "jobs 1" else min(cores, max(jobs))
        ideal = min(max(x["cpu"] / used, x["max_process_cpu"]) for x in results)
        least = min(results, key=lambda x: float(x["cpu"]))  # its breakdown by process
        rows[name] = {
            "cpu_seconds": round(float(least["cpu"]), 2),
            "parent_cpu_seconds": round(float(least["parent_cpu"]), 2),
            "workers_cpu_seconds": round(sum(least["workers_cpu"]), 2),
            "worker_cpu_seconds": [round(w, 2) for w in least["workers_cpu"]],
            "other_cpu_seconds": round(float(least["other_cpu"]), 2),
            "other_cpu": least["others"],
            "unsampled_cpu_seconds": round(float(least["unsampled_cpu"]), 2),
            "idle_machine_seconds": round(ideal, 2),
            "seconds": round(best, 3),
            "total_seconds": round(min(float(x["total_seconds"]) for x in results), 3),
            "articles_per_s": round(n / best, 1),
            "worker_peak_mb": round(max(int(x["worker_kb"]) for x in results) / 1024, 1),
            "parent_peak_mb": round(max(int(x["parent_kb"]) for x in results) / 1024, 1),
            "same_output": same[name],
        }
    base = rows[f"jobs {jobs[0]}"]
    for row in rows.values():
        row["speedup"] = round(base["seconds"] / row["seconds"], 2)
        row["cpu_speedup"] = round(base["idle_machine_seconds"] / row["idle_machine_seconds"], 2)
        row["cpu_overhead"] = round(row["cpu_seconds"] / base["cpu_seconds"] - 1, 3)
    return rows


def scaling(
    corpus: Path, jobs: list[int], engine: str | None, repeat: int, copies: int = 1
) -> dict[str, Any]:
    """``--jobs`` for each J (and the Ray engine), alternating, fastest of ``repeat`` kept; on
    the corpus, and with ``copies`` > 1 on that many copies of it too: the difference of the
    two sizes is the steady-state throughput (start-up cancels out)."""
    names = [f"jobs {j}" for j in jobs] + (["ray"] if engine == "ray" else [])
    workers = max(jobs)
    result: dict[str, Any] = {"corpus": str(corpus), "repeat": repeat, "copies": copies}
    loads: list[float] = []
    sizes: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="claimset-bench-") as tmp:
        work = Path(tmp)
        corpora = {"corpus": corpus}
        if copies > 1:
            corpora["copies"] = copied_corpus(corpus, copies, work / "copied")
        for label, path in corpora.items():
            n = sum(1 for _ in path.rglob("*.txt"))
            runs, seen_loads, same = _size(path, names, workers, repeat, work / f"out-{label}")
            loads += seen_loads
            sizes[label] = {"articles": n, "runs": _rows(runs, same, n, jobs)}
    result["sizes"] = sizes
    result["articles"] = sizes["corpus"]["articles"]
    result["runs"] = sizes["corpus"]["runs"]
    largest = sizes.get("copies", sizes["corpus"])
    if 1 in jobs and workers > 1:
        one, many = largest["runs"]["jobs 1"], largest["runs"][f"jobs {workers}"]
        overhead = round(many["cpu_seconds"] / one["cpu_seconds"] - 1, 3)
        result["jobs_cpu_overhead"] = {"jobs": workers, "overhead": overhead}
    if "ray" in names:
        local = largest["runs"][f"jobs {workers}"]
        ray = largest["runs"]["ray"]
        result["ray_overhead"] = round(ray["seconds"] / local["seconds"] - 1, 3)
        result["ray_total_overhead"] = round(ray["total_seconds"] / local["total_seconds"] - 1, 3)
        result["ray_cpu_overhead"] = round(ray["cpu_seconds"] / local["cpu_seconds"] - 1, 3)
    if "copies" in sizes:
        result["steady"] = _steady(sizes["corpus"], sizes["copies"], names)
        if "ray" in names:
            steady = result["steady"]
            result["ray_steady_overhead"] = round(
                steady[f"jobs {workers}"]["articles_per_s"] / steady["ray"]["articles_per_s"] - 1,
                3,
            )
            result["ray_steady_cpu_overhead"] = round(
                steady["ray"]["cpu_ms_per_article"]
                / steady[f"jobs {workers}"]["cpu_ms_per_article"]
                - 1,
                3,
            )
    result["load_average"] = {"min": min(loads), "max": max(loads), "cpus": os.cpu_count()}
    return result


def _steady(small: dict[str, Any], large: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Articles/s from the difference of the two sizes, and the fixed cost it leaves."""
    extra = large["articles"] - small["articles"]
    out: dict[str, Any] = {}
    for name in names:
        big, little = large["runs"][name], small["runs"][name]
        delta = big["seconds"] - little["seconds"]
        rate = extra / delta if delta > 0 else float("nan")
        fixed = little["seconds"] - small["articles"] / rate
        cpu = (big["cpu_seconds"] - little["cpu_seconds"]) / extra  # less sensitive to load
        out[name] = {
            "articles_per_s": round(rate, 1),
            "fixed_seconds": round(fixed, 2),
            "cpu_ms_per_article": round(1000 * cpu, 3),
            "fixed_cpu_seconds": round(little["cpu_seconds"] - small["articles"] * cpu, 2),
        }
    return out


def scaling_table(r: dict[str, Any]) -> str:
    """The scaling results as markdown tables, one per corpus size."""
    lines: list[str] = []
    for label, size in r["sizes"].items():
        lines += [
            f"\n{size['articles']} articles ({label}):\n",
            "| run | articles/s (wall) | speedup (wall) | CPU s (all processes) "
            "| speedup (CPU, idle machine) | peak RSS, largest worker | peak RSS, parent "
            "| whole process s | same output |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, row in size["runs"].items():
            lines.append(
                f"| {name} | {row['articles_per_s']} | {row['speedup']}x | {row['cpu_seconds']} "
                f"| {row['cpu_speedup']}x | {row['worker_peak_mb']} MB "
                f"| {row['parent_peak_mb']} MB | {row['total_seconds']} | {row['same_output']} |"
            )
        lines += [
            "\nCPU seconds by process (the run with the least CPU of each):\n",
            "| run | parent | workers (each) | other processes | all (exact) "
            "| more CPU than the first run |",
            "|---|---|---|---|---|---|",
        ]
        for name, row in size["runs"].items():
            each = ", ".join(f"{w:g}" for w in row["worker_cpu_seconds"])
            other = sorted(row["other_cpu"].items(), key=lambda kv: -kv[1])
            named = ", ".join(f"{k} {v:g}" for k, v in other[:4] if v >= 0.05)
            lines.append(
                f"| {name} | {row['parent_cpu_seconds']} | {row['workers_cpu_seconds']} ({each}) "
                f"| {row['other_cpu_seconds']}{f' ({named})' if named else ''} "
                f"| {row['cpu_seconds']} | {row['cpu_overhead'] * 100:+.1f} % |"
            )
    if "steady" in r:
        lines += ["\nsteady state (difference of the two sizes):\n",
                  "| run | articles/s | fixed cost s | CPU ms per article | fixed CPU s |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for name, row in r["steady"].items():
            lines.append(
                f"| {name} | {row['articles_per_s']} | {row['fixed_seconds']} "
                f"| {row['cpu_ms_per_article']} | {row['fixed_cpu_seconds']} |"
            )
    load = r["load_average"]
    lines.append(
        f"\nfastest of {r['repeat']}, alternating order; load average "
        f"{load['min']:.1f}-{load['max']:.1f} on {load['cpus']} CPUs"
    )
    if "jobs_cpu_overhead" in r:
        lines.append(
            f"--jobs {r['jobs_cpu_overhead']['jobs']}: "
            f"{r['jobs_cpu_overhead']['overhead'] * 100:+.1f} % CPU against --jobs 1 on the "
            "largest corpus (all processes)"
        )
    if "ray_overhead" in r:
        lines.append(
            f"Ray engine overhead against --jobs on the largest corpus: "
            f"{r['ray_overhead'] * 100:.0f} % wall with Ray already up (the run alone), "
            f"{r['ray_total_overhead'] * 100:.0f} % wall of the whole process (ray.init in), "
            f"{r['ray_cpu_overhead'] * 100:.0f} % CPU (Ray's processes included)"
        )
    if "ray_steady_overhead" in r:
        lines.append(
            f"steady state: {r['ray_steady_overhead'] * 100:.0f} % wall, "
            f"{r['ray_steady_cpu_overhead'] * 100:.0f} % CPU per article (required <= 25 %)"
        )
    return "\n".join(lines)


def _summary(found: dict[str, Any], jobs: list[int]) -> str:
    """The figures the requirements are read from, on one line each."""
    runs = found["runs"]
    lines = ["\nrequirements (measured on this machine; wall figures need idle cores):"]
    if "jobs 2" in runs and jobs[0] == 1:
        two = runs["jobs 2"]
        lines.append(
            f"- 2 jobs: speedup {two['speedup']}x wall, {two['cpu_speedup']}x from CPU times "
            f"(idle machine), {two['cpu_overhead'] * 100:+.1f} % CPU (required >= "
            f"{MIN_SPEEDUP}x); peak RSS {two['worker_peak_mb']} MB per worker"
        )
    if "ray_overhead" in found:
        ray = runs["ray"]
        lines.append(
            f"- Ray against --jobs {max(jobs)}: {found['ray_overhead'] * 100:+.0f} % wall "
            f"(Ray up), {found['ray_total_overhead'] * 100:+.0f} % wall (whole process), "
            f"{found['ray_cpu_overhead'] * 100:+.0f} % CPU (required <= "
            f"{MAX_ENGINE_OVERHEAD * 100:.0f} %); peak RSS {ray['worker_peak_mb']} MB per actor"
        )
    return "\n".join(lines)


def _wrapped(command: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout)
    if result["returncode"] != 0:
        sys.exit(f"{' '.join(command[:3])}... failed:\n{result['stderr']}")
    return result


def _claimset() -> str:
    beside = Path(sys.executable).parent / "claimset"
    return str(beside) if beside.exists() else (shutil.which("claimset") or "claimset")


def _extract(inputs: list[str], out: Path, jobs: int | None = None) -> dict[str, object]:
    more = ["--jobs", str(jobs)] if jobs else []
    return _wrapped(
        [_claimset(), "extract", *inputs, "--out", str(out), "--quiet", "--json", *more]
    )


def _fastest(runs: list[dict[str, object]], key: str) -> dict[str, object]:
    """The run with the least ``key`` (a shared machine only ever slows a run down)."""
    return min(runs, key=lambda r: float(r[key]))  # type: ignore[arg-type]


def run(corpus: Path, repeat: int = 1, jobs: int | None = None) -> dict[str, object]:
    """All measurements as one JSON-able dict; with ``repeat`` > 1, extract and floor run
    alternately that many times and each keeps its fastest wall and fastest CPU time."""
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    if not files:
        sys.exit(f"{corpus}: no .txt files (pass --corpus DIR of articles)")
    with tempfile.TemporaryDirectory(prefix="claimset-bench-") as tmp:
        work = Path(tmp)
        listing = work / "files.txt"
        listing.write_text("\n".join(files), encoding="utf-8")
        wholes, floors = [], []
        for _ in range(max(1, repeat)):
            wholes.append(_extract([str(corpus)], work / "whole", jobs))
            floor_run = _wrapped([sys.executable, "-c", _FLOOR, str(listing)])
            floors.append(json.loads(str(floor_run["stdout"])))
        report = json.loads(str(wholes[0]["stdout"]))
        quarter = _extract(files[: max(1, len(files) // 4)], work / "quarter", jobs)
    whole = dict(_fastest(wholes, "seconds"))
    whole["cpu_seconds"] = _fastest(wholes, "cpu_seconds")["cpu_seconds"]
    floor_inner: dict[str, Any] = dict(_fastest(floors, "inner_seconds"))
    floor_inner["inner_cpu_seconds"] = _fastest(floors, "inner_cpu_seconds")["inner_cpu_seconds"]
    n = len(files)
    extract_rate = n / float(whole["seconds"])  # type: ignore[arg-type]
    floor_rate = n / float(floor_inner["inner_seconds"])
    whole_mb = max(int(w["peak_kb"]) for w in wholes) / 1024  # type: ignore[call-overload]
    quarter_mb = int(quarter["peak_kb"]) / 1024  # type: ignore[call-overload]
    return {
        "corpus": str(corpus),
        "articles": n,
        "documents": report["documents"],
        "claims": report["claims"],
        "claims_by_type": report["claims_by_type"],
        "extract_seconds": round(float(whole["seconds"]), 3),  # type: ignore[arg-type]
        "extract_articles_per_s": round(extract_rate, 1),
        "floor_seconds": round(float(floor_inner["inner_seconds"]), 3),
        "floor_articles_per_s": round(floor_rate, 1),
        "ratio": round(extract_rate / floor_rate, 3),
        "extract_cpu_seconds": round(float(whole["cpu_seconds"]), 3),  # type: ignore[arg-type]
        "floor_cpu_seconds": round(float(floor_inner["inner_cpu_seconds"]), 3),
        "ratio_cpu": round(
            float(floor_inner["inner_cpu_seconds"]) / float(whole["cpu_seconds"]),  # type: ignore[arg-type]
            3,
        ),
        "repeat": max(1, repeat),
        "extract_jobs": jobs or "default",
        "peak_rss_mb": round(whole_mb, 1),
        "peak_rss_quarter_mb": round(quarter_mb, 1),
        "quarter_articles": max(1, n // 4),
    }


def table(r: dict[str, object]) -> str:
    """The results as a markdown table."""
    rows = [
        ("articles", r["articles"]),
        ("claims", r["claims"]),
        (
            "`claimset extract` (whole process)",
            f"{r['extract_articles_per_s']} articles/s ({r['extract_seconds']} s)",
        ),
        (
            "floor: spaCy blank `en` + sentencizer",
            f"{r['floor_articles_per_s']} articles/s ({r['floor_seconds']} s)",
        ),
        ("ratio (required >= 0.25, aim 0.5)", r["ratio"]),
        ("ratio of CPU times (less sensitive to a busy machine)", r["ratio_cpu"]),
        ("runs of each (fastest kept)", r["repeat"]),
        ("`claimset extract --jobs`", r["extract_jobs"]),
        ("peak RSS, whole corpus", f"{r['peak_rss_mb']} MB"),
        (
            f"peak RSS, first quarter ({r['quarter_articles']} articles)",
            f"{r['peak_rss_quarter_mb']} MB",
        ),
    ]
    lines = ["| measure | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def main() -> None:
    """Run, print the table, write JSON, exit 1 when a requirement is not met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="directory of .txt articles")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of extract and floor; the fastest counts"
    )
    parser.add_argument("--jobs", help="comma-separated job counts: the scaling benchmark")
    parser.add_argument(
        "--extract-jobs",
        type=int,
        help="without --jobs: run claimset extract with this --jobs (default: its own default)",
    )
    parser.add_argument("--engine", choices=["ray"], help="also the Ray engine (with --jobs)")
    parser.add_argument(
        "--copies",
        type=int,
        default=1,
        help="with --jobs: also run on this many copies of the corpus (texts made distinct); "
        "the difference of the two sizes gives the steady-state throughput",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.jobs:
        jobs = [int(j) for j in args.jobs.split(",")]
        found = scaling(args.corpus, jobs, args.engine, args.repeat, args.copies)
        print(scaling_table(found))
        if args.json:
            args.json.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
        ok = all(row["same_output"] for row in found["runs"].values())
        two = found["runs"].get("jobs 2", {})
        best = max(two.get("speedup", 0), two.get("cpu_speedup", 0))
        ok = ok and (2 not in jobs or best >= MIN_SPEEDUP)
        overheads = [found.get(k) for k in ("ray_steady_overhead", "ray_steady_cpu_overhead")]
        known = [o for o in overheads if o is not None and o == o]  # nan: not measured
        overhead = min(known) if known else found.get("ray_overhead", 0)
        ok = ok and overhead <= MAX_ENGINE_OVERHEAD  # wall or CPU, as for the speedup
        print(_summary(found, jobs))
        print(
            f"\n{'ok' if ok else 'NOT MET'}; benchmark took {time.perf_counter() - started:.0f} s"
        )
        sys.exit(0 if ok else 1)
    results = run(args.corpus, repeat=args.repeat, jobs=args.extract_jobs)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    ok_speed = float(results["ratio"]) >= MIN_RATIO  # type: ignore[arg-type]
    limit = float(results["peak_rss_quarter_mb"]) * RSS_GROWTH + RSS_SLACK_MB  # type: ignore[arg-type]
    ok_memory = float(results["peak_rss_mb"]) <= limit  # type: ignore[arg-type]
    print(
        f"\nspeed {'ok' if ok_speed else 'TOO SLOW'}; streaming memory "
        f"{'ok' if ok_memory else 'GROWS'}; benchmark took {time.perf_counter() - started:.0f} s"
    )
    if not (ok_speed and ok_memory):
        sys.exit(1)


if __name__ == "__main__":
    main()
