"""Benchmark: extraction time against article length (100 KB to 10 MB), linear or not.

    .venv/bin/python benchmarks/scaling.py [CORPUS | --corpus CORPUS] [--sizes 100K,200K,...]
        [--join paragraph|line|space] [--timeout S] [--json PATH]

``CORPUS`` is a directory of ``.txt`` articles (default ``../shared/corpora/bbc-news`` when it
exists, else the checkout's ``tests/data/bbc``). For each size, the real articles are
concatenated in sorted path order (blank line between them, starting over when the corpus is
exhausted) up to that many bytes (UTF-8, cut at an article boundary past the size), and one
child process extracts that single long article with the default extractor. The child's CPU
time of the extraction alone (reading and imports excluded) is reported, with the time per byte
as a ratio to the 100 KB article's time per byte (the first size): a linear extractor stays
near 1.0 at every size, a quadratic one doubles with each doubling of the size.

A child that exceeds ``--timeout`` wall seconds is killed and its row says so (the larger sizes
are then skipped: they would only take longer). A document the extractor rejects (its time
budget, ``claims.budget``) is reported as rejected. This is a benchmark, not a test: it prints
a markdown table and exits 0 unless an article could not be built.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path("../shared/corpora/bbc-news")
FALLBACK_CORPUS = ROOT / "tests" / "data" / "bbc"
DEFAULT_SIZES = "100K,200K,400K,1M,2M,10M"

#: Extracts one article file and prints JSON: CPU and wall seconds of the extraction alone.
_CHILD = """
import json, sys, time
from pathlib import Path
from claims.pipeline import get_extractor
from claims.reader import document_from_text
text = Path(sys.argv[1]).read_text(encoding="utf-8")
document = document_from_text(text, source="scaling")
extractor = get_extractor()
wall, cpu = time.perf_counter(), time.process_time()
result = {"claims": None, "error": None}
try:
    result["claims"] = len(extractor.extract(document))
except Exception as e:
    result["error"] = f"{type(e).__name__}: {e}"
result["cpu_seconds"] = time.process_time() - cpu
result["seconds"] = time.perf_counter() - wall
print(json.dumps(result))
"""


def parse_size(value: str) -> int:
    """``100K`` -> 100,000 bytes, ``2M`` -> 2,000,000 (decimal units, like the issue's)."""
    value = value.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(value[-1:], 1)
    number = value[:-1] if scale != 1 else value
    return int(float(number) * scale)


def corpus_texts(corpus: Path) -> list[str]:
    """The corpus's articles, in sorted path order (empty files left out)."""
    paths = sorted(p for p in corpus.rglob("*.txt") if p.is_file())
    texts = [p.read_text(encoding="utf-8").strip() for p in paths]
    return [t for t in texts if t]


#: How the articles are joined: as paragraphs, as lines of one paragraph, or as one long line
#: (every line break of the articles replaced by a space: a JSONL text without line breaks).
JOINERS = {"paragraph": "\n\n", "line": "\n", "space": " "}


def build_article(texts: list[str], size: int, joiner: str = "paragraph") -> str:
    """Whole articles joined by ``JOINERS[joiner]`` until the UTF-8 size reaches ``size``."""
    sep = JOINERS[joiner]
    if joiner != "paragraph":
        texts = [
            " ".join(t.split()) if joiner == "space" else re.sub(r"\n+", "\n", t) for t in texts
        ]
    parts: list[str] = []
    total = 0
    while total < size:
        for text in texts:
            parts.append(text)
            total += len(text.encode("utf-8")) + len(sep)
            if total >= size:
                break
    return sep.join(parts) + "\n"


def run_child(path: Path, timeout: float) -> dict[str, Any]:
    """Extract the article at ``path`` in a fresh interpreter (no caches carried over)."""
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "?"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _row(label: str, size: int, result: dict[str, Any], base: float | None) -> str:
    if result.get("timeout"):
        return f"| {label} | {size:,} | > timeout | | | killed |"
    seconds = result.get("cpu_seconds")
    if seconds is None:
        return f"| {label} | {size:,} | | | | {result.get('error')} |"
    per_mb = seconds / size * 1e6
    ratio = f"{per_mb / base:.2f}" if base else ""
    outcome = f"{result['claims']:,} claims" if result.get("claims") is not None else ""
    outcome = outcome or f"rejected: {result.get('error')}"
    return f"| {label} | {size:,} | {seconds:.2f} | {per_mb:.2f} | {ratio} | {outcome} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=None)
    parser.add_argument(
        "--corpus",
        dest="corpus_option",
        type=Path,
        default=None,
        help="the same as CORPUS (as benchmarks/extract.py takes it)",
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated, e.g. 100K,1M")
    parser.add_argument(
        "--join",
        choices=sorted(JOINERS),
        default="paragraph",
        help="articles as paragraphs (default), lines, or one long line",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="wall seconds per size")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    corpus = args.corpus or args.corpus_option
    corpus = corpus or (DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else FALLBACK_CORPUS)
    texts = corpus_texts(corpus)
    if not texts:
        print(f"error: {corpus}: no .txt articles found", file=sys.stderr)
        return 2
    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    print(
        f"corpus: {len(texts)} articles joined as {args.join}s; "
        "extraction CPU seconds in a fresh process per size\n"
    )
    print("| size | bytes | CPU s | s per MB | per-byte ratio to first | result |")
    print("|---|---:|---:|---:|---:|---|")
    results: list[dict[str, Any]] = []
    base: float | None = None
    with tempfile.TemporaryDirectory(prefix="claimset-scaling-") as tmp:
        for label in labels:
            article = build_article(texts, parse_size(label), args.join)
            size = len(article.encode("utf-8"))
            path = Path(tmp) / f"article-{label}.txt"
            path.write_text(article, encoding="utf-8")
            result = run_child(path, args.timeout)
            if base is None and result.get("cpu_seconds"):
                base = result["cpu_seconds"] / size * 1e6
            print(_row(label, size, result, base), flush=True)
            results.append({"size": label, "bytes": size, **result})
            path.unlink()
            if result.get("timeout"):
                print(f"\n(sizes after {label} skipped: it exceeded {args.timeout:.0f} s)")
                break
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
