"""The TimeML calendar dates the extractor gets wrong or misses, by class: an error-analysis aid.

    .venv/bin/python benchmarks/date_errors.py DEVSETS [--show wrong,missed] [--grep REGEX]
        [--save PATH] [--against PATH] [--extractor NAME]

Scores every calendar TIMEX3 DATE of ``DEVSETS/timeml`` as ``benchmarks/quality.py`` does (a
date claim covering half of it; its ``date`` slot equal to the value) and gives each one a status:
``right``, ``wrong: <kind>`` (quality.py's value-error classes) or ``missed: <kind>`` (its coarse
kinds of expression). Prints the counts by status, then the items of the statuses asked for with
``--show`` (default ``wrong,missed``; ``right`` too if wanted), grouped by status, each with its
document, creation date, span, gold value, the covering claims' values and the sentence.
``--grep`` keeps items whose span or sentence matches. ``--save`` writes every item's status as
JSON; ``--against`` reads such a file (an earlier run) and lists the items whose status changed,
with how many moved each way: this is how a fix reports how many dev items it moved.
Never run by unit tests (the dev sets are not in the repository).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets
import quality

from claims.pipeline import get_extractor
from claims.reader import document_from_text


def items(root: Path, extractor_name: str) -> list[dict[str, Any]]:
    """Every calendar DATE of the TimeML set with its status and what covered it."""
    extractor = get_extractor(extractor_name)
    out: list[dict[str, Any]] = []
    for doc in devsets.read_timeml(root / "timeml"):
        claims = extractor.extract(document_from_text(doc.text, published=doc.dct))
        dates = [c for c in claims if c.type == "date"]
        ctx = quality.Context(doc.text)
        for x in doc.timexes:
            if x.type != "DATE" or not quality.CALENDAR_RE.fullmatch(x.value):
                continue
            span = ((x.start, x.end),)
            hits = [c for c in dates if quality.covers_half(c, span)]
            values = [c.slots.get("date") for c in hits]
            if not hits:
                line_start = doc.text.rfind("\n", 0, x.start) + 1
                line_end = doc.text.find("\n", x.end)
                status = "missed: " + quality.date_class(x.text, doc.text[line_start:line_end])
            elif x.value in values:
                status = "right"
            else:
                status = "wrong: " + quality.value_error(x.value, values)
            out.append(
                {
                    "key": f"{doc.name}:{x.start}",
                    "doc": doc.name,
                    "dct": doc.dct,
                    "span": x.text,
                    "value": x.value,
                    "status": status,
                    "found": [[doc.text[c.start : c.end], c.slots.get("date")] for c in hits],
                    "sentence": " ".join(ctx.sentence(x.start, x.end).split()),
                }
            )
    return out


def show(item: dict[str, Any]) -> str:
    found = ", ".join(f"{span!r} -> {value}" for span, value in item["found"]) or "nothing"
    return (
        f"  {item['doc']} (DCT {item['dct']}) {item['span']!r} = {item['value']}; found {found}\n"
        f"      {item['sentence'][:300]}"
    )


def moved(before: dict[str, str], now: list[dict[str, Any]]) -> list[str]:
    """The items whose status changed since ``before`` (key -> status), and a summary."""
    lines: list[str] = []
    ways: Counter[str] = Counter()
    for item in now:
        old = before.get(item["key"])
        if old is None or old == item["status"]:
            continue
        gained = item["status"] == "right" or (
            old.startswith("missed") and "wrong" in item["status"]
        )
        way = (
            "better"
            if gained
            else ("worse" if old == "right" or "missed" in item["status"] else "other")
        )
        ways[way] += 1
        lines.append(f"  [{way}] {old} -> {item['status']}\n{show(item)}")
    lines.append(
        f"moved: {sum(ways.values())} items ({ways['better']} better, {ways['worse']} worse, "
        f"{ways['other']} between wrong kinds)"
    )
    return lines


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("devsets", type=Path, help="the dev sets folder (holding timeml/)")
    p.add_argument("--show", default="wrong,missed", help="statuses to list: right,wrong,missed")
    p.add_argument("--grep", help="only items whose span or sentence matches this regex")
    p.add_argument("--save", type=Path, help="write every item's status here (JSON)")
    p.add_argument("--against", type=Path, help="an earlier --save file: list what moved")
    p.add_argument("--extractor", default="rules")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.devsets / "timeml").is_dir():
        print(
            f"Error: {args.devsets}/timeml: no such directory (pass the devsets path)",
            file=sys.stderr,
        )
        return 2
    before: dict[str, str] = {}
    if args.against is not None:
        try:
            before = {i["key"]: i["status"] for i in json.loads(args.against.read_text())}
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f"Error: {args.against}: not a --save file of this script ({e})", file=sys.stderr)
            return 2
    found = items(args.devsets, args.extractor)
    pattern = re.compile(args.grep) if args.grep else None
    wanted = {s.strip() for s in args.show.split(",") if s.strip()}
    counts = Counter(i["status"] for i in found)
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in found:
        if item["status"].split(":")[0] not in wanted:
            continue
        if pattern and not (pattern.search(item["span"]) or pattern.search(item["sentence"])):
            continue
        groups.setdefault(item["status"], []).append(item)
    for status, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"{status} ({len(group)})")
        print("\n".join(show(i) for i in group))
    if args.against is not None:
        print("\n".join(moved(before, found)))
    right = counts["right"]
    covered = sum(v for k, v in counts.items() if not k.startswith("missed"))
    print(f"\n{len(found)} calendar DATEs: {covered} found, {right} right")
    for status, n in counts.most_common():
        print(f"  {n:5d}  {status}")
    if args.save is not None:
        args.save.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
