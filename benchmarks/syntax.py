"""Benchmark the shipped syntax pipeline against spaCy's blank English tokenizer + sentencizer.

    .venv/bin/python benchmarks/syntax.py --corpus ../shared/corpora/bbc-news/news [--limit 200]

Same run, same texts (the first ``--limit`` .txt files of the corpus in sorted order, read once
before timing), one process, one thread:

1. floor: ``spacy.blank("en")`` + ``sentencizer``, ``nlp.pipe`` over the articles;
2. full pass: the shipped pipeline (``claims.syntax.load_parser()``) over the whole articles;
3. sentences: the floor's sentences parsed one doc each with ``claims.syntax.parse`` (what the
   extractor does for the sentences that need syntax, here for all of them).

Sentences/s use the floor's sentence count for every row so that the rows compare the same work.
Prints a markdown table. Model loading is timed separately and not included in the rates.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")


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
    start = time.perf_counter()
    sentences = [s.text for doc in blank.pipe(texts, batch_size=64) for s in doc.sents]
    floor = time.perf_counter() - start
    start = time.perf_counter()
    nlp = syntax.load_parser()
    load = time.perf_counter() - start
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    full = time.perf_counter() - start
    start = time.perf_counter()
    parsed = sum(1 for _ in syntax.parse(sentences))
    per_sentence = time.perf_counter() - start
    assert parsed == len(sentences)
    print(f"{len(texts)} articles, {len(sentences)} sentences, {words} tokens;", end=" ")
    print(f"model load {load:.2f} s")
    print("| run | seconds | articles/s | sentences/s | vs floor |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, seconds in (
        ("blank('en') + sentencizer (floor)", floor),
        ("shipped pipeline, whole articles", full),
        ("shipped pipeline, `parse(sentences)`", per_sentence),
    ):
        print(
            f"| {name} | {seconds:.2f} | {len(texts) / seconds:.1f} | "
            f"{len(sentences) / seconds:.0f} | {floor / seconds:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
