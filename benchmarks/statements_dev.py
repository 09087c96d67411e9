"""Error classes of STATEMENT claims on the PolNeAR training split (a diagnostic, never a score).

    .venv/bin/python benchmarks/statements_dev.py ../shared/devsets [--limit N] [--examples K]
        [--seed S] [--json PATH]

Runs the default extractor over every PolNeAR article (``DEVSETS/polnear-train``) and sorts each
attribution ``benchmarks/quality.py`` counts as an error into one coarse class, so that a fix can
aim at the biggest class and show how many items it moved:

- missed contents (no statement claim covers half of the Content): ``partial`` when some claim
  touches it (split quotes, multi-sentence quotes, a claim cut short), else by the kind of cue:
  a say-verb, another verb the cue lexicon knows, a verb it does not know, a nominal or
  prepositional cue (``concerns about``, ``accused X of``, ``called for``), ``according to``, no
  cue; each also split by where the cue stands (same sentence as the Content or another one)
  and whether the Content is quoted;
- wrong speakers (a covering claim, none of whose speakers shares a word with the Source): a
  pronoun Source resolved to its named antecedent (right for a reader, wrong for the strict
  measure) or to another name; a found pronoun, weekday or month; the Source inside the claim's
  span (picked the wrong phrase) or outside it (another attribution's claim covers this Content:
  nested attributions, or the speaker is named elsewhere); a role Source (``the senator``)
  answered by a name.

Prints one table per family with counts and, with ``--examples K``, K seeded examples per class
(the dev texts are read, never copied into the repository). Never run by unit tests.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets
from quality import (
    PRONOUNS,
    SAY_CUES,
    Context,
    covers_half,
    make_extract,
    named_antecedents,
    same_speaker,
    touches,
    words,
    wordset,
)

from claims.model import Claim
from claims.pipeline import get_extractor
from claims.rules.statements import CUE_FORMS

CALENDAR = wordset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
PREPOSITIONS = wordset("about of for on to over with against from in at as by that")
QUOTES = "\"“”'‘’"


def cue_kind(cue: list[str]) -> str:
    """A coarse kind of cue from its words (case-folded)."""
    if not cue:
        return "no cue"
    if "according" in cue:
        return "according to"
    if SAY_CUES.intersection(cue):
        return "say-verb"
    last = cue[-1].strip(",.:")
    if last in PREPOSITIONS:
        return "nominal/prepositional"
    if any(w.strip(",.:") in CUE_FORMS for w in cue):
        return "lexicon verb"
    if re.search(r"(?:ed|es|s|ing)$", last):
        return "other verb"
    return "nominal/prepositional"


def miss_class(
    article: devsets.BratArticle, a: devsets.Attribution, statements: list[Claim], ctx: Context
) -> str:
    if any(touches(c, a.content) for c in statements):
        return "partial (touched, not half covered)"
    cue = " ".join(article.text[s:e] for s, e in a.cue).casefold().split()
    kind = cue_kind(cue)
    where = ctx.around(a.content[0][0], a.content[-1][1])
    same = all(where[0] <= s and e <= where[1] for s, e in a.cue) if a.cue else True
    first = article.text[a.content[0][0] : a.content[0][0] + 1]
    quoted = "quoted" if first in QUOTES else "plain"
    return f"{kind} / cue {'same' if same else 'other'} sentence / {quoted}"


def speaker_class(
    article: devsets.BratArticle,
    a: devsets.Attribution,
    hits: list[Claim],
    antecedent: str,
) -> str:
    speakers = [str(c.slots.get("speaker") or "") for c in hits]
    source = words(a.source_text)
    if source and source <= PRONOUNS:
        if antecedent and any(same_speaker(s, antecedent) for s in speakers):
            return "pronoun Source, found its named antecedent"
        return "pronoun Source, found another name"
    found = set().union(*(words(s) for s in speakers))
    if not found:
        return "no speaker found"
    if found <= PRONOUNS:
        return "found a pronoun"
    if found & CALENDAR:
        return "found a weekday or month"
    inside = any(c.start <= a.source[0][0] and a.source[-1][1] <= c.end for c in hits)
    role = a.source_text[:1].islower() or a.source_text.split()[0].casefold() in ("the", "a")
    place = "Source inside the claim" if inside else "Source outside the claim"
    return f"{place} / {'role or common noun' if role else 'name'} Source"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("devsets", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", type=Path, default=None, help="write every error as JSONL")
    args = parser.parse_args(argv)
    folder = args.devsets / "polnear-train"
    if not folder.is_dir():
        print(f"Error: {folder} is not a folder; give the devsets folder", file=sys.stderr)
        return 2
    extract = make_extract(get_extractor("rules"))
    misses: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    total = covered = 0
    for article in devsets.read_polnear(folder)[: args.limit]:
        claims = extract(article.text, article.published)
        statements = [c for c in claims if c.type == "statement"]
        ctx = Context(article.text)
        antecedents = named_antecedents(article)
        for a in article.attributions:
            total += 1
            where = ctx.around(a.content[0][0], a.content[-1][1])
            record: dict[str, Any] = {
                "doc": article.name,
                "sentence": article.text[slice(*where)][:400],
                "source": a.source_text,
                "cue": " ".join(article.text[s:e] for s, e in a.cue),
                "content": a.content_text[:300],
            }
            hits = [c for c in statements if covers_half(c, a.content)]
            if not hits:
                kind = "miss: " + miss_class(article, a, statements, ctx)
                misses[kind] += 1
            else:
                covered += 1
                speakers_found = [str(c.slots.get("speaker") or "") for c in hits]
                if not a.source or any(same_speaker(s, a.source_text) for s in speakers_found):
                    continue
                kind = "speaker: " + speaker_class(article, a, hits, antecedents.get(a.id, ""))
                speakers[kind] += 1
                record["found"] = speakers_found
                record["antecedent"] = antecedents.get(a.id, "")
            record["class"] = kind
            examples[kind].append(record)
    print(f"attributions {total}, covered {covered}\n")
    for title, counter in (("missed contents", misses), ("wrong speakers", speakers)):
        print(f"| {title} | count |\n| --- | ---: |")
        for kind, n in counter.most_common():
            print(f"| {kind} | {n} |")
        print()
    rng = random.Random(args.seed)
    for _, found in sorted(examples.items()):
        for record in rng.sample(found, min(args.examples, len(found))):
            print(json.dumps(record, ensure_ascii=False))
    if args.json is not None:
        with args.json.open("w", encoding="utf-8") as f:
            for found in examples.values():
                for record in found:
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
