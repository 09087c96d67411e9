"""The syntax backbone: a small spaCy tagger, morphologizer and dependency parser in the package.

The pipeline lives in ``claims/models/syntax/`` (trained by ``training/parser/train_parser.py`` on
the UD English EWT and GUM training splits; CC BY-SA 4.0, see the LICENSE file there). It is loaded
from the installed package, never downloaded, and once per process: loading takes a noticeable
fraction of a second and the model is read-only. Parsing is for the few sentences that need syntax
(meeting and reporting triggers), so :func:`parse` takes sentences, not whole articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from claims.errors import ConfigError

#: Where the trained pipeline is shipped inside the package.
MODEL_DIR = Path(__file__).resolve().parent / "models" / "syntax"

#: Sentences per ``nlp.pipe`` batch: large enough to amortise the per-batch overhead.
BATCH_SIZE = 128

if TYPE_CHECKING:  # spaCy is imported lazily, on first use
    from spacy.language import Language
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def load_parser() -> Language:
    """The shipped syntax pipeline, loaded once per process (later calls return the same object)."""
    if not (MODEL_DIR / "config.cfg").is_file():
        raise ConfigError(
            "the syntax model is missing from the installed package (claims/models/syntax): "
            "reinstall claimset, or train it with training/parser/train_parser.py"
        )
    import spacy

    try:
        return spacy.load(MODEL_DIR)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"the syntax model in claims/models/syntax cannot be loaded ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}); reinstall claimset"
        ) from exc


def parse(sentences: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Tag and parse the given sentences, one ``Doc`` per sentence, in order, lazily."""
    return load_parser().pipe(sentences, batch_size=batch_size)
