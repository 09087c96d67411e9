"""The syntax backbone: a small spaCy tagger, morphologizer and dependency parser in the package.

The pipeline lives in ``claims/models/syntax/`` (trained by ``training/parser/train_parser.py`` on
the UD English EWT and GUM training splits; CC BY-SA 4.0, see the LICENSE file there). It is loaded
from the installed package, never downloaded, and once per process: loading takes a noticeable
fraction of a second and the model is read-only. Parsing is for the few sentences that need syntax
(meeting and reporting triggers), so :func:`parse` takes sentences, not whole articles.

A document's parses live in a :class:`ParseStore` (on its ``RuleContext``): the rule families
declare the sentences they need (``want``), and the first parse asked for (``get``) parses all
of them in one ``nlp.pipe`` call, each distinct text once, whichever families asked for it.
``fill_all`` does the same for the stores of several documents at once (larger batches: less
per-call overhead). A sentence's parse does not depend on the other sentences of its batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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


#: Tokens after which the parser may still start a sentence (the splitter's sentence may hold
#: two when it missed a boundary); after any other token it may not (``Vladimir V. Putin met``
#: is one sentence, not ``V.`` and ``Putin met``).
SENTENCE_ENDS = frozenset([".", "!", "?", "...", "…"])
_CLOSERS = frozenset(["'", '"', "”", "’", "''", ")"])


def _one_sentence(nlp: Language, text: str) -> Doc:
    """``text`` tokenized, every token but the first marked as no sentence start unless it
    follows a sentence-ending stop (a closing quote after the stop counts with it)."""
    doc = nlp.make_doc(text)
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        if before.text in _CLOSERS and tok.i >= 2:
            before = doc[tok.i - 2]
        if before.text not in SENTENCE_ENDS:
            tok.is_sent_start = False
    return doc


def parse(sentences: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Tag and parse the given sentences, one ``Doc`` per sentence, in order, lazily. The
    parser may split a sentence only after a sentence-ending stop (see ``SENTENCE_ENDS``)."""
    nlp = load_parser()
    return nlp.pipe((_one_sentence(nlp, text) for text in sentences), batch_size=batch_size)


class ParseStore:
    """The parses of one document's sentences: every text wanted is parsed once, and all the
    texts wanted so far are parsed together, on the first ``get`` (or by ``fill_all``)."""

    __slots__ = ("_docs", "_wanted")

    def __init__(self) -> None:
        self._docs: dict[str, Doc] = {}
        self._wanted: dict[str, None] = {}  # texts to parse, in the order first wanted

    def want(self, text: str) -> None:
        """Declare that ``text`` will be asked for (parsed with the others on the next fill)."""
        if text not in self._docs:
            self._wanted[text] = None

    def get(self, text: str) -> Doc:
        """The parse of ``text``: with every text wanted so far when it is not parsed yet."""
        doc = self._docs.get(text)
        if doc is None:
            self.want(text)
            fill_all([self])
            doc = self._docs[text]
        return doc

    def pending(self) -> list[str]:
        """The texts wanted and not parsed yet, in order."""
        return [t for t in self._wanted if t not in self._docs]

    def __len__(self) -> int:
        """How many distinct texts have been parsed."""
        return len(self._docs)


def fill_all(stores: Sequence[ParseStore], batch_size: int = BATCH_SIZE) -> None:
    """Parse every store's pending texts in one ``parse`` call (a text each store wants once)."""
    jobs = [(store, text) for store in stores for text in store.pending()]
    for store in stores:
        store._wanted.clear()
    if not jobs:
        return
    docs = parse((text for _, text in jobs), batch_size=batch_size)
    for (store, text), doc in zip(jobs, docs, strict=True):
        store._docs[text] = doc
