"""Hand-judge claim texts: a seeded random sample of the default extractor's claims, and its score.

    .venv/bin/python benchmarks/judge_sample.py sample PATH [PATH ...] [--n 60] [--seed 1]
        [--template OUT.jsonl] [--min-checkworthiness X]
    .venv/bin/python benchmarks/judge_sample.py score JUDGED.jsonl [PATH ...]

The blind measure this mirrors is the share of claims a person judges *correct* (the text states
what the article says, with the right type and values), *atomic* (one checkable fact, stated
once) and *checkable* (a fact, not an opinion, with no unresolved pronoun). ``sample`` reads the
articles of each PATH (a ``.txt`` file or directory, a JSONL or Parquet file of articles as
``claimset extract`` reads them; or a dev-set folder holding ``timeml/`` or ``polnear-train/``,
whose documents are read with their dates), visits them in a seeded random order, extracts each with
the default extractor (claims below ``--min-checkworthiness`` dropped, as ``claimset extract``
does) and draws up to ``--per-doc`` of its claims at random, until it has ``--n`` (so that a few
long articles do not make the whole sample). Each is printed with its type, slots and sentence
(and the text before it) for a person to judge. ``--template`` writes one JSONL line per
sampled claim to fill in, holding only where the claim is and a hash of its text, never the
article's text (dev texts must not be copied)::

    {"doc": "timeml/APW19980807.0261", "start": 10, "end": 14, "type": "quantity",
     "text_sha": "3f0a9c2e51d4", "ok": null, "class": null}

Set ``ok`` to true or false, and on a false one ``class`` to the failure class (free text, such
as ``two facts``, ``garbled``, ``opinion``, ``unquoted figure``, ``pronoun``, ``wrong type``,
``speaker``). ``doc`` is ``timeml/NAME`` or ``polnear/NAME`` for a dev-set document, else the
document's ``source`` (``bbc/business/NAME.txt``).

``score`` prints the judged share with its counts and the failures by class; given the PATHs
again, it also extracts the judged documents and says how many judged claims the extractor still
makes with the same text (a judgement of a text that changed is stale: judge a new sample).
The judgements made so far (``benchmarks/data/``, each a fresh seed, 60 claims, judged strictly
on BBC sample articles and the dev-set texts together): ``judged-seed1-before.jsonl`` before the
claim-text fixes of rules 1.11.0 (33/60), ``judged-seed2.jsonl`` (34/60), ``judged-seed3.jsonl``
(33/60) and ``judged-seed4.jsonl`` (29/60) after them; later ones ``judged-seed5.jsonl``
(19/40), ``judged-seed6.jsonl`` (22/60, rules 1.15.0), ``judged-seed9.jsonl`` (15/60, rules
1.16.0), ``judged-seed307.jsonl`` (17/60, rules 1.27.0) and ``judged-seed503.jsonl`` (12/50,
rules 1.39.0; its changed texts re-judged on rules 1.42.0 in ``judged-seed503-1.42.0.jsonl``:
14/50);
``score`` prints each one's classes. The BBC articles are keyed ``bbc/...``: pass their folder
as a directory named ``bbc`` (its subfolders ``business``, ``tech`` ...).
Never run by unit tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets

from claims.model import Claim, Document
from claims.pipeline import RuleBasedExtractor, keep_checkworthy, resolve_min_checkworthiness
from claims.reader import Rejected, document_from_text, read_articles
from claims.workspace import WorkspaceError, read_jsonl

KEY_FIELDS = ("doc", "start", "end", "type")


@dataclass(frozen=True, slots=True)
class Article:
    """A document to sample from, with the key it is judged under."""

    key: str
    document: Document


def text_sha(text: str) -> str:
    """The short hash a judgement keeps of the claim text it judged."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_inputs(paths: Sequence[Path]) -> Iterator[Article]:
    """The documents of every path, in a fixed order."""
    for path in paths:
        if path.is_dir() and ((path / "timeml").is_dir() or (path / "polnear-train").is_dir()):
            if (path / "timeml").is_dir():
                for doc in devsets.read_timeml(path / "timeml"):
                    document = document_from_text(doc.text, published=doc.dct)
                    yield Article(f"timeml/{doc.name}", document)
            if (path / "polnear-train").is_dir():
                for art in devsets.read_polnear(path / "polnear-train"):
                    document = document_from_text(art.text, published=art.published)
                    yield Article(f"polnear/{art.name}", document)
            continue
        for item in read_articles([path]):
            if isinstance(item, Rejected):
                raise SystemExit(f"Error: {item.message()}")
            yield Article(item.source or item.doc_id, item)


def claims_of(extractor: RuleBasedExtractor, document: Document, minimum: float) -> list[Claim]:
    """The claims ``claimset extract`` keeps for a document at threshold ``minimum``."""
    kept, _ = keep_checkworthy(extractor.extract(document), minimum)
    return kept


def key_of(article: str, claim: Claim) -> dict[str, Any]:
    return {"doc": article, "start": claim.start, "end": claim.end, "type": str(claim.type)}


def cmd_sample(args: argparse.Namespace) -> int:
    """Print the seeded sample (texts on stdout only) and write the template when asked."""
    articles = list(read_inputs(args.paths))
    if not articles:
        raise SystemExit("Error: no articles in the given paths: point at article files")
    minimum = resolve_min_checkworthiness(args.min_checkworthiness)
    rng = random.Random(args.seed)
    order = list(range(len(articles)))
    rng.shuffle(order)
    extractor = RuleBasedExtractor()
    picked: list[tuple[Article, Claim]] = []
    visited = made = 0
    for i in order:
        if len(picked) >= args.n:
            break
        visited += 1
        claims = claims_of(extractor, articles[i].document, minimum)
        made += len(claims)
        take = min(args.per_doc, len(claims), args.n - len(picked))
        chosen = sorted(rng.sample(range(len(claims)), take))
        picked.extend((articles[i], claims[k]) for k in chosen)
    print(
        f"# {len(picked)} of the {made} claims of {visited} of {len(articles)} documents "
        f"(seed {args.seed}, at most {args.per_doc} a document, min check-worthiness {minimum:g})"
    )
    template = []
    for n, (art, claim) in enumerate(picked):
        text = art.document.text
        key = key_of(art.key, claim)
        before = " ".join(
            text[max(0, claim.sentence_start - args.context) : claim.sentence_start].split()
        )
        sentence = " ".join(text[claim.sentence_start : claim.sentence_end].split())
        span = " ".join(text[claim.start : claim.end].split())
        print(f"\n[{n}] {json.dumps(key)}")
        print(f"  before: ...{before}")
        print(f"  sentence: {sentence}")
        print(f"  span: {span!r}")
        print(f"  {claim.type}: {claim.text}")
        print(f"  slots: {json.dumps(claim.slots, ensure_ascii=False)}")
        template.append({**key, "text_sha": text_sha(claim.text), "ok": None, "class": None})
    if args.template:
        if args.template.exists():
            raise SystemExit(f"Error: {args.template} exists: give another path (judgements kept)")
        lines = "".join(json.dumps(t) + "\n" for t in template)
        args.template.write_text(lines, encoding="utf-8")
        print(f"\n# template -> {args.template}", file=sys.stderr)
    return 0


def read_judged(path: Path) -> list[dict[str, Any]]:
    """The judgement lines of ``path``; ``SystemExit`` naming the line of a bad one."""
    out = []
    seen: set[tuple[Any, ...]] = set()
    try:
        rows = list(read_jsonl(path))
    except WorkspaceError as e:
        raise SystemExit(f"Error: {e}: fix the line") from None
    for n, row in rows:
        missing = [k for k in (*KEY_FIELDS, "ok") if k not in row]
        if missing or not isinstance(row.get("ok"), bool):
            raise SystemExit(
                f"Error: {path}:{n}: needs {', '.join(KEY_FIELDS)} and ok true/false "
                f"(missing or unset: {', '.join(missing) or 'ok'}): judge the claim"
            )
        key = tuple(row[k] for k in KEY_FIELDS)
        if key in seen:
            raise SystemExit(f"Error: {path}:{n}: {key} judged twice: keep one line")
        seen.add(key)
        out.append(row)
    return out


def cmd_score(args: argparse.Namespace) -> int:
    """The judged share, failures by class, and (given paths) how many judgements are current."""
    rows = read_judged(args.judged)
    if not rows:
        raise SystemExit(f"Error: {args.judged}: no judgements")
    good = sum(r["ok"] for r in rows)
    classes = Counter(str(r.get("class") or "unclassified") for r in rows if not r["ok"])
    by_type: Counter[tuple[str, bool]] = Counter((r["type"], r["ok"]) for r in rows)
    print(f"judged: {good}/{len(rows)} = {good / len(rows):.3f} correct, atomic and checkable")
    for kind in sorted({t for t, _ in by_type}):
        ok, bad = by_type[(kind, True)], by_type[(kind, False)]
        print(f"  {kind}: {ok}/{ok + bad}")
    print("failures by class:")
    for name, count in classes.most_common():
        print(f"  {count:3d}  {name}")
    if args.paths:
        wanted = {r["doc"] for r in rows}
        minimum = resolve_min_checkworthiness(args.min_checkworthiness)
        extractor = RuleBasedExtractor()
        texts: dict[tuple[Any, ...], str] = {}
        for art in read_inputs(args.paths):
            if art.key in wanted:
                for c in claims_of(extractor, art.document, minimum):
                    texts[tuple(key_of(art.key, c).values())] = c.text
        same = sum(
            texts.get(tuple(r[k] for k in KEY_FIELDS)) is not None
            and text_sha(texts[tuple(r[k] for k in KEY_FIELDS)]) == r.get("text_sha")
            for r in rows
        )
        gone = sum(tuple(r[k] for k in KEY_FIELDS) not in texts for r in rows)
        print(
            f"current: {same}/{len(rows)} judged claims made with the same text now, "
            f"{gone} no longer made, {len(rows) - same - gone} with another text (stale)"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sample = sub.add_parser("sample", help="print a seeded sample of claims to judge")
    sample.add_argument("paths", type=Path, nargs="+")
    sample.add_argument("--n", type=int, default=60)
    sample.add_argument("--seed", type=int, default=1)
    sample.add_argument("--per-doc", type=int, default=2, help="claims drawn from one document")
    sample.add_argument("--context", type=int, default=240, help="characters shown before")
    sample.add_argument("--template", type=Path, help="write the judgement lines to fill in")
    sample.add_argument("--min-checkworthiness", type=float, default=None)
    scoring = sub.add_parser("score", help="score the judgements")
    scoring.add_argument("judged", type=Path)
    scoring.add_argument("paths", type=Path, nargs="*")
    scoring.add_argument("--min-checkworthiness", type=float, default=None)
    args = parser.parse_args(argv)
    if args.command == "sample" and (args.n < 1 or args.per_doc < 1):
        parser.error("--n and --per-doc must be at least 1")
    return int(cmd_sample(args) if args.command == "sample" else cmd_score(args))


if __name__ == "__main__":
    raise SystemExit(main())
