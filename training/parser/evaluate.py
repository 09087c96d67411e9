"""Score a syntax pipeline on the UD English EWT and GUM dev and test splits as a markdown table.

    python training/parser/evaluate.py [--model claims/models/syntax]
        [--corpus training/parser/corpus]

The .spacy files come from convert.py. Scoring is spaCy's own (``Language.evaluate``): the
pipeline tokenizes the raw text itself and is scored against the gold tokens through spaCy's
alignment, so tokenization errors count against it (as they will on news). UAS and LAS exclude
punctuation attachment as spaCy's scorer does (``dep_uas`` / ``dep_las``); UPOS is ``pos_acc``,
TAG (the treebank XPOS, PTB tags) is ``tag_acc``; sentence F1 is from the parser's boundaries.
The columns ``UAS*`` and ``LAS*`` parse each gold sentence alone from its gold tokens, as the
extractor does (punctuation excluded, like spaCy's scorer); ``UAS+p`` is the same with every
token counted, punctuation included (the CoNLL shared-task convention).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.training import Example

HERE = Path(__file__).resolve().parent
SPLITS = ("ewt-dev", "ewt-test", "gum-dev", "gum-test")
COLUMNS = (("UAS", "dep_uas"), ("LAS", "dep_las"), ("UPOS", "pos_acc"), ("TAG", "tag_acc"))
EXTRA = (("morph", "morph_acc"), ("sent F1", "sents_f"))
GOLD_TOKENS = ("UAS*", "LAS*", "UAS+p")


def gold_sentence_scores(nlp: Language, examples: list[Example]) -> dict[str, float]:
    """UAS and LAS parsing each gold sentence alone (punctuation excluded, and included: UAS+p).

    This is how the extractor uses the parser (``claims.syntax.parse`` on given sentences) and how
    parsers are usually compared (gold tokens and sentences); it leaves segmentation out.
    """
    from spacy.tokens import Doc

    sents = [sent for eg in examples for sent in eg.reference.sents]
    inputs = (
        Doc(nlp.vocab, words=[t.text for t in s], spaces=[bool(t.whitespace_) for t in s])
        for s in sents
    )
    counts = {"heads": 0, "labels": 0, "words": 0, "heads_p": 0, "tokens": 0}
    for sent, pred in zip(sents, nlp.pipe(inputs, batch_size=256), strict=True):
        for gold, guess in zip(sent, pred, strict=True):
            head = gold.head.i - sent.start == guess.head.i
            label = head and gold.dep_.lower() == guess.dep_.lower()
            counts["heads_p"] += head
            counts["tokens"] += 1
            if gold.dep_.lower() not in ("punct", "p"):
                counts["heads"] += head
                counts["labels"] += label
                counts["words"] += 1
    return {
        "UAS*": counts["heads"] / counts["words"],
        "LAS*": counts["labels"] / counts["words"],
        "UAS+p": counts["heads_p"] / counts["tokens"],
    }


def score(model: Path, corpus: Path) -> list[tuple[str, int, dict[str, Any], float]]:
    """(split, words, scores, words per second) for each split present in ``corpus``."""
    import spacy
    from spacy.training import Corpus

    nlp = spacy.load(model)
    rows = []
    for split in SPLITS:
        path = corpus / f"{split}.spacy"
        if not path.exists():
            print(f"Error: {path} is missing; run convert.py first", file=sys.stderr)
            sys.exit(2)
        examples = list(Corpus(str(path))(nlp))
        words = sum(len(eg.reference) for eg in examples)
        start = time.perf_counter()
        scores = nlp.evaluate(examples)
        scores.update(gold_sentence_scores(nlp, examples))
        rows.append((split, words, scores, words / (time.perf_counter() - start)))
    return rows


def table(rows: list[tuple[str, int, dict[str, Any], float]]) -> str:
    """The scores as a markdown table, percentages with one decimal."""
    keys = [key for _, key in COLUMNS + EXTRA] + list(GOLD_TOKENS)
    names = [name for name, _ in COLUMNS + EXTRA] + list(GOLD_TOKENS)
    lines = ["| split | words | " + " | ".join(names) + " |"]
    lines.append("| --- | ---: | " + " | ".join("---:" for _ in names) + " |")
    for split, words, scores, _ in rows:
        cells = [f"{100 * float(scores.get(key) or 0.0):.1f}" for key in keys]
        lines.append(f"| {split} | {words} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_model = HERE.parents[1] / "claims" / "models" / "syntax"
    parser.add_argument("--model", type=Path, default=default_model)
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    args = parser.parse_args(argv)
    print(table(score(args.model, args.corpus)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
