"""Train the claimset syntax pipeline and install it into the package (``claims/models/syntax``).

Three steps, each can be run alone::

    python training/parser/train_parser.py convert  [--ud ../shared/devsets/ud-english]
    python training/parser/train_parser.py train    [--max-steps N]
    python training/parser/train_parser.py package  [--best training/parser/output/model-best]
    python training/parser/train_parser.py all      (the three in turn; ``make parser`` runs this)

Training is single-threaded and niced so that it can run on a shared 2-core machine (about
90 minutes on the busy shared box; never in CI). ``package`` copies only what spaCy needs to load
the pipeline, writes its meta.json (name, version, sources, licence) and the CC BY-SA 4.0 LICENSE
(the model derives from the UD English EWT and GUM treebanks), and prints the folder's size.
Run it from the repository root; the treebank path is an argument, never copied into the repo.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PACKAGE_DIR = REPO / "claims" / "models" / "syntax"
NAME = "claimset_syntax"
VERSION = "1.0.0"
SOURCES = [
    {
        "name": "UD English EWT 2.16 (commit 15d613d), training split",
        "url": "https://github.com/UniversalDependencies/UD_English-EWT",
        "license": "CC BY-SA 4.0",
    },
    {
        "name": "UD English GUM (commit afb41ee), training split, CC BY / public-domain genres",
        "url": "https://github.com/UniversalDependencies/UD_English-GUM",
        "license": "CC BY 4.0",
    },
]
SPACY_RANGE = ">=3.7.0,<3.9.0"
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def convert(ud: Path, corpus: Path) -> None:
    """CoNLL-U documents listed in files.* -> .spacy files (see convert.py)."""
    command = [sys.executable, str(HERE / "convert.py"), "--ud", str(ud), "--out", str(corpus)]
    subprocess.run(command, check=True)


def spacy_train(config: str, output: Path, overrides: list[str]) -> None:
    """``spacy train`` with one of the repo's configs, niced and on one thread."""
    command = ["nice", "-n", "10", sys.executable, "-m", "spacy", "train", str(HERE / config)]
    command += ["--output", str(output), *overrides]
    subprocess.run(command, check=True, env={**os.environ, **SINGLE_THREAD})


def train(corpus: Path, output: Path, max_steps: int) -> None:
    """Stage 1 (config.cfg, ``max_steps``), then stage 2 (finetune.cfg: decaying learning rate)."""
    data = [
        "--paths.train",
        str(corpus / "train.spacy"),
        "--paths.dev",
        str(corpus / "ewt-dev.spacy"),
    ]
    spacy_train("config.cfg", output / "stage1", [*data, "--training.max_steps", str(max_steps)])
    source = ["--paths.source", str(output / "stage1" / "model-best")]
    spacy_train("finetune.cfg", output / "stage2", [*data, *source])


def package(best: Path, target: Path = PACKAGE_DIR) -> None:
    """Write the loadable pipeline, its meta.json and LICENSE into the package folder."""
    import spacy

    nlp = spacy.load(best)
    nlp.meta.update(
        name=NAME,
        version=VERSION,
        license="CC BY-SA 4.0",
        description="claimset tagger, morphologizer and dependency parser (UD English EWT + GUM)",
        sources=SOURCES,
        author="claimset",
        # The package's own spaCy range: the model was checked to load and score the same on 3.7.5.
        spacy_version=SPACY_RANGE,
    )
    nlp.meta.pop("performance", None)
    if target.exists():
        shutil.rmtree(target)
    # Training-time paths (corpora, stage-1 model) are not needed to load and leak local paths.
    for key in ("train", "dev", "source"):
        if key in nlp.config["paths"]:
            nlp.config["paths"][key] = None
    nlp.to_disk(target)
    header = (HERE / "MODEL_LICENSE.header").read_text(encoding="utf-8")
    legal = (HERE / "CC-BY-SA-4.0.txt").read_text(encoding="utf-8")
    (target / "LICENSE").write_text(header + legal, encoding="utf-8")
    size = subprocess.run(["du", "-sh", str(target)], capture_output=True, text=True).stdout
    print(f"packaged {best} -> {target.relative_to(REPO)}: {size.split()[0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["convert", "train", "package", "all"])
    parser.add_argument("--ud", type=Path, default=Path("../shared/devsets/ud-english"))
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--output", type=Path, default=HERE / "output")
    parser.add_argument("--max-steps", type=int, default=5500, help="stage 1 steps")
    parser.add_argument("--best", type=Path, default=None, help="default: OUTPUT/stage2/model-best")
    args = parser.parse_args(argv)
    if args.step in ("convert", "all"):
        convert(args.ud, args.corpus)
    if args.step in ("train", "all"):
        train(args.corpus, args.output, args.max_steps)
    if args.step in ("package", "all"):
        package(args.best or args.output / "stage2" / "model-best")
    return 0


if __name__ == "__main__":
    sys.exit(main())
