"""Convert the UD English EWT and GUM treebanks (CoNLL-U per document) into spaCy's .spacy files.

Why: spaCy trains from DocBin files. The treebanks list their documents per split in
``files.train`` / ``files.dev`` / ``files.test``; this script reads those lists (not a glob), so the
splits are exactly the official ones, and groups sentences into docs of ``--n-sents`` sentences
within one document (never across documents) so the parser also learns sentence boundaries.

Usage (from the repository root)::

    python training/parser/convert.py [--ud ../shared/devsets/ud-english]
        [--out training/parser/corpus]

Writes ``{ewt,gum}-{train,dev,test}.spacy`` and ``train.spacy`` (EWT + GUM training splits).
GUM lists the whole corpus but only its CC BY genres are present: missing documents are skipped
and counted in the printed summary.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.training.converters import conllu_to_docs

TREEBANKS = ("ewt", "gum")
SPLITS = ("train", "dev", "test")


def document_path(sources: Path, name: str) -> Path:
    """The CoNLL-U file of one listed document (EWT lists paths with extension, GUM bare names)."""
    path = sources / name
    return path if name.endswith(".conllu") else path.with_name(path.name + ".conllu")


def split_docs(treebank_dir: Path, split: str, n_sents: int) -> tuple[list[Doc], int, int]:
    """The docs of one split, with the number of documents read and of listed documents missing."""
    names = (treebank_dir / f"files.{split}").read_text(encoding="utf-8").split()
    docs: list[Doc] = []
    missing = 0
    for name in names:
        path = document_path(treebank_dir / "sources", name)
        if not path.exists():
            missing += 1
            continue
        text = path.read_text(encoding="utf-8")
        docs.extend(conllu_to_docs(text, n_sents=n_sents, no_print=True))
    return docs, len(names) - missing, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ud", type=Path, default=Path("../shared/devsets/ud-english"))
    parser.add_argument("--out", type=Path, default=Path("training/parser/corpus"))
    parser.add_argument("--n-sents", type=int, default=10)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    train = DocBin(store_user_data=False)
    for bank in TREEBANKS:
        for split in SPLITS:
            docs, read, missing = split_docs(args.ud / bank, split, args.n_sents)
            if not docs:
                print(f"Error: no documents for {bank} {split} under {args.ud}", file=sys.stderr)
                return 2
            DocBin(docs=docs).to_disk(args.out / f"{bank}-{split}.spacy")
            if split == "train":
                for doc in docs:
                    train.add(doc)
            sents = sum(len(list(d.sents)) for d in docs)
            words = sum(len(d) for d in docs)
            print(f"{bank}-{split}: {read} documents ({missing} listed but absent),", end=" ")
            print(f"{sents} sentences, {words} words")
    train.to_disk(args.out / "train.spacy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
