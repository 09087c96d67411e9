"""Extraction CPU time against its two references, in one process over the same texts.

    .venv/bin/python benchmarks/speed.py --corpus ../shared/corpora/bbc-news/news [--limit 300]
        [--repeat 2] [--out CLAIMS.jsonl] [--profile STATS] [--json PATH]

The articles are ``--limit`` ``.txt`` files of the corpus taken evenly over its sorted list (every
k-th file, so every section of the BBC corpus is in), read once before timing. Timed, one
thread, CPU seconds of this process (``time.process_time``, which a shared machine distorts far
less than wall time), each row the fastest of ``--repeat`` runs, in alternating order:

1. floor: ``spacy.blank("en")`` + ``sentencizer``, ``nlp.pipe`` over the articles (the reference
   of ``benchmarks/extract.py``);
2. extract: ``claims.parallel.extract_batch`` with ``RuleBasedExtractor()`` over the articles in
   batches of ``claims.parallel.BATCH``, as ``claimset extract --jobs 1`` runs them (claims
   serialised to their JSON lines; reading the files and writing the lines not timed);
3. full parse: the shipped syntax pipeline over every sentence the floor found, with
   ``claims.syntax.parse`` (the pipeline and settings extraction parses with; a syntax-first
   extractor would do at least this).

Model loading is done before timing, once. Prints the CPU seconds, extraction's ratio to the
floor (floor CPU / extract CPU; target >= 0.1) and how many times faster it is than the full
parse (target >= 3), the peak RSS of the process, and the fraction of sentences parsed. With
``--out`` the claims are written as JSON lines (compare two revisions byte for byte); with
``--profile`` one extraction pass runs under ``cProfile`` (timed in CPU seconds) and its stats are
written there (and the top functions printed).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")


def spread(corpus: Path, limit: int) -> list[Path]:
    """``limit`` of the corpus's ``.txt`` files, evenly over its sorted list."""
    files = sorted(corpus.rglob("*.txt"))
    if not files:
        sys.exit(f"Error: {corpus}: no .txt files (pass --corpus DIR of articles)")
    step = max(1, len(files) // max(1, limit))
    return files[::step][:limit]


def cpu_of(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="directory of .txt articles")
    parser.add_argument("--limit", type=int, default=300, help="articles (default 300)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    parser.add_argument("--out", type=Path, help="write the claims here (JSON lines)")
    parser.add_argument("--profile", type=Path, help="cProfile one extraction pass into here")
    parser.add_argument("--no-full-parse", action="store_true", help="skip the full-parse row")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)

    import spacy

    from claims import syntax
    from claims.parallel import BATCH, Extracted, extract_one

    try:
        from claims.parallel import extract_batch
    except ImportError:  # an older revision (compared with PYTHONPATH): one document at a time

        def extract_batch(  # type: ignore[misc]
            extractor: Any, documents: Any
        ) -> Any:
            return [extract_one(extractor, d) for d in documents]

    from claims.pipeline import RuleBasedExtractor
    from claims.reader import document_from_text

    paths = spread(args.corpus, args.limit)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    documents = [document_from_text(t, source=p.name) for p, t in zip(paths, texts, strict=True)]
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    extractor = RuleBasedExtractor()
    load_cpu, nlp = cpu_of(syntax.load_parser)
    extractor.extract(documents[0])  # tables, matchers and models loaded before timing

    def floor() -> list[str]:
        return [s.text for doc in blank.pipe(texts, batch_size=64) for s in doc.sents]

    def extract() -> list[Any]:
        out: list[Any] = []
        for i in range(0, len(documents), BATCH):
            for done in extract_batch(extractor, documents[i : i + BATCH]):
                assert isinstance(done, Extracted), done
                out += [line for _, _, line, _ in done.claims]
        return out

    sentences = floor()

    def full() -> int:
        return sum(len(doc) for doc in syntax.parse(sentences))  # as extraction parses

    runs: dict[str, list[float]] = {"floor": [], "extract": [], "full parse": []}
    claims: list[Any] = []
    counted = _count_parses(nlp)
    for r in range(max(1, args.repeat)):
        names = ["floor", "extract", "full parse"]
        for name in names if r % 2 == 0 else reversed(names):
            if name == "full parse" and args.no_full_parse:
                continue
            if name == "extract":
                counted.clear()
            seconds, result = cpu_of({"floor": floor, "extract": extract, "full parse": full}[name])
            runs[name].append(seconds)
            if name == "extract":
                claims, parsed = result, counted.total()
    best = {name: min(values) for name, values in runs.items() if values}
    figures: dict[str, Any] = {
        "articles": len(texts),
        "sentences": len(sentences),
        "sentences_parsed": parsed,
        "parsed_fraction": round(parsed / max(1, len(sentences)), 3),
        "claims": len(claims),
        "model_load_cpu_seconds": round(load_cpu, 2),
        "cpu_seconds": {name: round(s, 2) for name, s in best.items()},
        "ratio_to_floor": round(best["floor"] / best["extract"], 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "repeat": max(1, args.repeat),
        "version": extractor.version,
    }
    if "full parse" in best:
        figures["times_faster_than_full_parse"] = round(best["full parse"] / best["extract"], 2)
    print(json.dumps(figures, indent=2))
    if args.out:
        with args.out.open("w", encoding="utf-8") as f:
            for line in claims:
                f.write(json.dumps(json.loads(line), ensure_ascii=False, sort_keys=True) + "\n")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.profile:
        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        profiler.runcall(extract)
        profiler.dump_stats(str(args.profile))
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(40)
    return 0


class _Counter(dict[str, int]):
    def total(self) -> int:
        return self.get("sentences", 0)


def _count_parses(nlp: Any) -> _Counter:
    """Count the sentences ``nlp.pipe`` is given (wraps the loaded pipeline's ``pipe``)."""
    counter = _Counter()
    original = nlp.pipe

    def pipe(texts: Any, *a: Any, **k: Any) -> Any:
        for doc in original(texts, *a, **k):
            counter["sentences"] = counter.get("sentences", 0) + 1
            yield doc

    nlp.pipe = pipe
    return counter


if __name__ == "__main__":
    raise SystemExit(main())
