"""Benchmark the shipped syntax pipeline against spaCy's blank English tokenizer + sentencizer.

    .venv/bin/python benchmarks/syntax.py --corpus ../shared/corpora/bbc-news/news [--limit 200]

Same run, same texts (the first ``--limit`` .txt files of the corpus in sorted order, read once
before timing), one process, one thread:

1. floor: ``spacy.blank("en")`` + ``sentencizer``, ``nlp.pipe`` over the articles;
2. full pass: the shipped pipeline (``claims.syntax.load_parser()``) over the whole articles;
3. sentences: the floor's sentences parsed one doc each with ``claims.syntax.parse`` (what the
   extractor does for the sentences that need syntax, here for all of them).

Sentences/s use the floor's sentence count for every row so that the rows compare the same work.
Rates are per CPU second of this process (``time.process_time``), which a busy shared machine
distorts far less than wall time; wall seconds are printed too. Model loading is not included.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")


@contextmanager
def timed(runs: dict[str, tuple[float, float]], name: str) -> Iterator[None]:
    """Record (CPU seconds, wall seconds) of the block under ``name``."""
    cpu, wall = time.process_time(), time.perf_counter()
    yield
    runs[name] = (time.process_time() - cpu, time.perf_counter() - wall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args(argv)
    import spacy

    from claims import syntax

    paths = sorted(args.corpus.rglob("*.txt"))[: args.limit]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    sentences: list[str] = []
    runs: dict[str, tuple[float, float]] = {}
    with timed(runs, "blank('en') + sentencizer (floor)"):
        sentences += [s.text for doc in blank.pipe(texts, batch_size=64) for s in doc.sents]
    with timed(runs, "model load"):
        nlp = syntax.load_parser()
    with timed(runs, "shipped pipeline, whole articles"):
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    with timed(runs, "shipped pipeline, `parse(sentences)`"):
        parsed = sum(1 for _ in syntax.parse(sentences))
    assert parsed == len(sentences)
    load_cpu, _ = runs.pop("model load")
    print(f"{len(texts)} articles, {len(sentences)} sentences, {words} tokens;", end=" ")
    print(f"model load {load_cpu:.2f} CPU s")
    print("| run | CPU s | wall s | articles/s | sentences/s | vs floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    floor = runs["blank('en') + sentencizer (floor)"][0]
    for name, (cpu, wall) in runs.items():
        print(
            f"| {name} | {cpu:.2f} | {wall:.2f} | {len(texts) / cpu:.1f} | "
            f"{len(sentences) / cpu:.0f} | {floor / cpu:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
