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

Loading the pipeline also tells the C allocator (glibc's, on Linux) to keep freed memory up to
``KEEP_FREED_BYTES`` for reuse (:func:`keep_freed_memory`): each parse batch allocates and frees
arrays of tens of megabytes, which glibc otherwise maps from and returns to the system every
time, so that every batch page-faults its arrays in afresh (about 7 % of extraction's CPU time,
all of it system time). Only where the memory comes from changes, never a value.

The pipeline's matrix products run through numpy (``thinc``'s ``NumpyOps(use_blis=False)``)
rather than ``blis`` when numpy's BLAS is an OpenBLAS whose thread count this module can set
(:func:`one_blas_thread`): the tok2vec layer, most of a parse, is then about a sixth faster, with
the same tags, morphology and trees on every sentence measured (benchmarks/SPEED.md). Parsing
holds OpenBLAS to one thread (a ``--jobs`` worker is one thread; OpenBLAS's own threads would
double the CPU time on a 2-core machine); anything else (another BLAS) keeps ``blis``.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.errors import ConfigError

#: Where the trained pipeline is shipped inside the package.
MODEL_DIR = Path(__file__).resolve().parent / "models" / "syntax"

#: Sentences per ``nlp.pipe`` batch: large enough to amortise the per-batch overhead.
BATCH_SIZE = 128

#: Freed memory the C allocator keeps for reuse instead of returning it to the system (per
#: block, and at the top of the heap): above the largest array of a parse batch.
KEEP_FREED_BYTES = 64 * 1024 * 1024

#: ``mallopt`` parameters of glibc's ``malloc.h``.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3

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

    keep_freed_memory()
    try:
        nlp = spacy.load(MODEL_DIR)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"the syntax model in claims/models/syntax cannot be loaded ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}); reinstall claimset"
        ) from exc
    if _openblas() is not None:
        from thinc.api import NumpyOps

        ops = NumpyOps(use_blis=False)
        pipes: list[tuple[str, Any]] = nlp.pipeline
        for _, pipe in pipes:
            for node in pipe.model.walk():
                node.ops = ops
    return nlp


#: OpenBLAS's thread-count functions in the builds numpy ships with (and a system OpenBLAS).
_OPENBLAS_NAMES = ("scipy_openblas{}64_", "openblas{}64_", "openblas{}")


@cache
def _openblas() -> tuple[Callable[[], int], Callable[[int], None]] | None:
    """numpy's OpenBLAS thread-count getter and setter, or None (another BLAS, not Linux)."""
    import numpy  # noqa: F401  (its BLAS library loaded, to be found in the process's maps)

    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    libraries = {line.split()[-1] for line in maps if "openblas" in line.rsplit("/", 1)[-1]}
    for library in sorted(libraries):
        try:
            lib = ctypes.CDLL(library)
        except OSError:
            continue
        for name in _OPENBLAS_NAMES:
            get = getattr(lib, name.format("_get_num_threads"), None)
            put = getattr(lib, name.format("_set_num_threads"), None)
            if get is not None and put is not None:
                get.restype, get.argtypes = ctypes.c_int, []
                put.restype, put.argtypes = None, [ctypes.c_int]
                return get, put
    return None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """OpenBLAS held to one thread inside the block (its count before restored after)."""
    functions = _openblas()
    if functions is None:
        yield
        return
    get, put = functions
    before = get()
    put(1)
    try:
        yield
    finally:
        put(before)


@cache
def keep_freed_memory() -> bool:
    """Have glibc's allocator serve blocks up to ``KEEP_FREED_BYTES`` from its heap and keep up
    to twice that free at its top (once per process; whether it was done: False off glibc).
    Process-wide, and only a matter of where memory comes from: no result changes; the peak
    memory of ``claimset extract`` is about 20 MB higher (freed memory kept, not returned)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has it too, as a no-op)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mmap = mallopt(_M_MMAP_THRESHOLD, KEEP_FREED_BYTES)
    trim = mallopt(_M_TRIM_THRESHOLD, 2 * KEEP_FREED_BYTES)
    return bool(mmap and trim)


#: Tokens after which the parser may still start a sentence (the splitter's sentence may hold
#: two when it missed a boundary); after any other token it may not (``Vladimir V. Putin met``
#: is one sentence, not ``V.`` and ``Putin met``).
SENTENCE_ENDS = frozenset([".", "!", "?", "...", "…"])
_CLOSERS = frozenset(["'", '"', "”", "’", "''", ")"])
#: ``Token.sent_start`` of a token that starts no sentence (-1), as ``Doc.to_array`` holds it.
_NOT_A_START = 2**64 - 1


@cache
def _stop_ids() -> tuple[frozenset[int], frozenset[int]]:
    """The ``ORTH`` ids (string hashes, the same in every vocabulary) of ``SENTENCE_ENDS`` and
    of ``_CLOSERS``."""
    from spacy.strings import get_string_id

    return frozenset(map(get_string_id, SENTENCE_ENDS)), frozenset(map(get_string_id, _CLOSERS))


def _one_sentence(nlp: Language, text: str) -> Doc:
    """``text`` tokenized, every token but the first marked as no sentence start unless it
    follows a sentence-ending stop (a closing quote after the stop counts with it). The marks
    are written in one ``Doc.from_array`` call: setting ``Token.is_sent_start`` token by token
    re-checks the whole document for a parse each time (quadratic in its length). The words are
    compared by their ``ORTH`` ids (no ``Token`` objects made)."""
    from spacy.attrs import ORTH, SENT_START

    doc = nlp.make_doc(text)
    if len(doc) < 2:
        return doc
    ends, closers = _stop_ids()
    ids: Any = doc.to_array(ORTH)
    words: list[int] = ids.tolist()
    starts: Any = doc.to_array(SENT_START)  # uint64, one value a token
    for i in range(1, len(words)):
        before = words[i - 1]
        if before in closers and i >= 2:
            before = words[i - 2]
        if before not in ends:
            starts[i] = _NOT_A_START
    doc.from_array([SENT_START], starts)
    return doc


def parse(sentences: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Tag and parse the given sentences, one ``Doc`` per sentence, in order, lazily (with
    OpenBLAS on one thread until the last is given or the iterator is closed). The parser may
    split a sentence only after a sentence-ending stop (see ``SENTENCE_ENDS``)."""
    nlp = load_parser()
    docs = nlp.pipe((_one_sentence(nlp, text) for text in sentences), batch_size=batch_size)
    return _on_one_blas_thread(docs)


def tag(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Tag the given texts, one ``Doc`` each, in order, lazily, without the dependency parse:
    the tokens, ``tag_``, ``pos_`` and morphology of ``parse`` (the tagger and morphologizer
    read only the shared ``tok2vec``, never the parser or the sentence starts), for about half
    its cost (the parser is skipped) when only the tags are read."""
    nlp = load_parser()
    docs = nlp.pipe((nlp.make_doc(text) for text in texts), batch_size=batch_size, disable=_PARSER)
    return _on_one_blas_thread(docs)


#: The component ``tag`` leaves out.
_PARSER = ("parser",)


def _on_one_blas_thread(docs: Iterator[Doc]) -> Iterator[Doc]:
    with one_blas_thread():
        yield from docs


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
