"""A dev measure for MEETING claims, hand-judged on sentences of the public dev sets.

    .venv/bin/python benchmarks/meetings_dev.py sample ../shared/devsets [--n 120] [--seed 11]
        [--exclude benchmarks/data/meetings-dev*.jsonl]
    .venv/bin/python benchmarks/meetings_dev.py score ../shared/devsets
        [--gold benchmarks/data/meetings-dev.jsonl] [--errors]

There is no public meeting gold, so one is made here, honestly: ``sample`` collects every sentence
of the TimeML (``DEVSETS/timeml``) and PolNeAR training (``DEVSETS/polnear-train``) texts that
holds a meeting word (the fixed ``COLLECT`` pattern below, chosen before the extractor was
changed and independent of its lexicon), draws a seeded random sample (leaving out the sentences
of any ``--exclude`` gold files, so that a new sample is blind to the judged ones) and prints each
with the sentence before it, for a person to judge. The judgements go to ``--gold`` as JSONL, one
line per sampled sentence, holding only where the sentence is (set, document name, offsets) and the
judgement, never the dev texts (they cannot be copied)::

    {"set": "timeml", "doc": "APW19980807.0261", "start": 10, "end": 90,
     "meetings": [{"participants": ["Bill Clinton", "Boris Yeltsin"]}]}

``meetings`` lists the meetings the sentence states (people or bodies meeting, hosting, holding
talks or a summit), each by everyone taking part (a host included, as written in the article, a
pronoun by the person it refers to); ``[]`` when the sentence states none. ``partial: true`` on a
meeting means its list names only the parties the judge could tell (a found claim must include
those).

``score`` runs the default extractor over each judged document (the whole document, so that names
resolve as in production) and compares, per sentence, the meeting claims that start inside it:
a gold meeting is recalled when one claim's participants (``host`` with ``participants``) equal
its set (``claims.evaluate.names_match``: case-insensitive, lenient on titles); a claim is right
when it equals some gold meeting of its sentence (claims naming nobody, a meeting known by its
date or place alone, are not scored: the gold judges participants). Prints recall and
precision with counts, and with ``--errors`` every miss and false alarm. Never run by unit tests.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets

from claims.evaluate import names_match
from claims.model import Claim, Document
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text
from claims.segment import segment

GOLD = Path(__file__).resolve().parent / "data" / "meetings-dev.jsonl"

#: Sentences worth judging: a meeting word (fixed for the sample's sake; never tuned).
COLLECT = re.compile(
    r"\b(?:met|meet(?:s|ing|ings)?|talks|summit(?:s)?|host(?:s|ed|ing)?|conferred"
    r"|received|visit(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Article:
    """One dev document: its set, name, text and date."""

    set: str
    name: str
    text: str
    published: str


def read_articles(devsets_dir: Path) -> Iterator[Article]:
    """The TimeML and PolNeAR training documents, in a fixed order."""
    for doc in devsets.read_timeml(devsets_dir / "timeml"):
        yield Article("timeml", doc.name, doc.text, doc.dct)
    for art in devsets.read_polnear(devsets_dir / "polnear-train"):
        yield Article("polnear", art.name, art.text, art.published)


def candidates(articles: list[Article]) -> list[tuple[Article, int, int, int]]:
    """Every body sentence with a meeting word: (article, start, end, previous start)."""
    out = []
    for art in articles:
        sentences = segment(art.text).body
        for i, s in enumerate(sentences):
            if COLLECT.search(s.text):
                prev = sentences[i - 1].start if i else s.start
                out.append((art, s.start, s.end, prev))
    return out


def cmd_sample(args: argparse.Namespace) -> int:
    """Print the seeded sample for judging (texts on stdout only, never written)."""
    articles = list(read_articles(args.devsets))
    judged = {
        (g["set"], g["doc"], g["start"])
        for path in args.exclude
        for g in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    pool = [c for c in candidates(articles) if (c[0].set, c[0].name, c[1]) not in judged]
    rng = random.Random(args.seed)
    picked = sorted(rng.sample(range(len(pool)), min(args.n, len(pool))))
    print(
        f"# {len(pool)} candidate sentences ({len(judged)} judged before left out), "
        f"{len(picked)} sampled (seed {args.seed})"
    )
    for n, i in enumerate(picked):
        art, start, end, prev = pool[i]
        context = " ".join(art.text[prev:start].split())
        key = {"set": art.set, "doc": art.name, "start": start, "end": end}
        print(f"\n[{n}] {json.dumps(key)}\n  before: {context[-300:]}")
        print("  >>", " ".join(art.text[start:end].split()))
    return 0


def _people(claim: Claim) -> list[str]:
    host = claim.slots.get("host")
    return ([host] if host else []) + list(claim.slots.get("participants") or [])


def _same(gold: dict[str, Any], found: list[str]) -> bool:
    want = list(gold["participants"])
    covered = all(any(names_match(w, f) for f in found) for w in want)
    if gold.get("partial"):
        return covered
    return covered and all(any(names_match(w, f) for w in want) for f in found)


def cmd_score(args: argparse.Namespace) -> int:
    """Recall and precision of meeting participants on the judged sentences."""
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line]
    wanted = {(g["set"], g["doc"]) for g in gold}
    docs = {(a.set, a.name): a for a in read_articles(args.devsets) if (a.set, a.name) in wanted}
    extractor = RuleBasedExtractor()
    claims: dict[tuple[str, str], list[Claim]] = {}
    for key, art in docs.items():
        document: Document = document_from_text(art.text, published=art.published)
        claims[key] = [c for c in extractor.extract(document) if c.type == "meeting"]
    n_gold = n_hit = n_found = n_right = 0
    for g in gold:
        art = docs[(g["set"], g["doc"])]
        if art.text[g["start"] : g["end"]] == "" or g["end"] > len(art.text):
            raise SystemExit(f"Error: {args.gold}: {g['doc']} {g['start']}: offsets out of range")
        here = [
            c
            for c in claims[(g["set"], g["doc"])]
            if g["start"] <= c.start < g["end"] and _people(c)
        ]
        found = [_people(c) for c in here]
        n_gold += len(g["meetings"])
        n_found += len(found)
        for m in g["meetings"]:
            ok = any(_same(m, f) for f in found)
            n_hit += ok
            if not ok and args.errors:
                print(f"MISS  {g['doc']}:{g['start']} {m['participants']} found {found}")
        for c, f in zip(here, found, strict=True):
            ok = any(_same(m, f) for m in g["meetings"])
            n_right += ok
            if not ok and args.errors:
                print(f"FALSE {g['doc']}:{g['start']} {f} {c.text!r}")
    recall = n_hit / n_gold if n_gold else 0.0
    precision = n_right / n_found if n_found else 0.0
    print("| sentences | gold meetings | recall | precision |\n| --- | --- | --- | --- |")
    print(
        f"| {len(gold)} | {n_gold} | {recall:.3f} ({n_hit}/{n_gold}) "
        f"| {precision:.3f} ({n_right}/{n_found}) |"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sample = sub.add_parser("sample", help="print the seeded sample to judge")
    sample.add_argument("devsets", type=Path)
    sample.add_argument("--n", type=int, default=120)
    sample.add_argument("--seed", type=int, default=11)
    sample.add_argument(
        "--exclude",
        type=Path,
        nargs="*",
        default=[],
        help="gold files whose sentences are left out of the pool (a blind sample)",
    )
    scoring = sub.add_parser("score", help="score the extractor on the judged sample")
    scoring.add_argument("devsets", type=Path)
    scoring.add_argument("--gold", type=Path, default=GOLD)
    scoring.add_argument("--errors", action="store_true", help="print misses and false alarms")
    args = parser.parse_args(argv)
    return int(cmd_sample(args) if args.command == "sample" else cmd_score(args))


if __name__ == "__main__":
    raise SystemExit(main())
