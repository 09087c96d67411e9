"""Extraction over worker processes (``claimset extract --jobs N``), ordered and streaming.

Each worker process is started with the ``forkserver`` method (``spawn`` where there is none),
so it never inherits the parent's open files or threads, and builds the extractor once, in its
initializer (the pickled extractor is sent once per worker, not per document). The fork server
loads the syntax parser before it forks (``PRELOAD``): the workers share that one load. The
parent reads the articles in order and sends them in batches of ``BATCH`` documents; at most
``window`` batches are in flight, so memory stays flat whatever the corpus size. Results are
taken back in submission order, so the documents, claims and rejections come out exactly as
``--jobs 1`` writes them: workers serialise the JSON lines with the same ``dumps`` the parent
uses.

The time budget (``claims.budget``) applies per document inside the worker, as in-process. A
worker ignores Ctrl-C (SIGINT); the parent, on Ctrl-C or any error, cancels what is queued, and
stops the workers before the exception goes on (temporaries are then removed by ``extract``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import chain, islice
from typing import Any, TypeVar

from claims.budget import DocumentRejected
from claims.errors import ClaimsetError, InputError
from claims.model import Claim, Document
from claims.pipeline import BatchExtractor, Extractor, RuleBasedExtractor, Staged, tag_staged
from claims.reader import Rejected
from claims.workspace import dumps

T = TypeVar("T")

__all__ = [
    "BATCH",
    "Extracted",
    "WorkerError",
    "check_picklable",
    "default_jobs",
    "extract_batch",
    "extract_one",
    "extract_ordered",
]

#: Documents per task sent to a worker (amortises the inter-process round trip, ~3 ms a doc).
BATCH = 16
#: Batches in flight per worker: enough to keep every worker busy, few enough to stay flat.
WINDOW_PER_JOB = 4
#: Modules the fork server imports before it forks any worker: the extractor's, and
#: ``claims.preload``, which loads the syntax parser (spaCy's import and the model's load are
#: most of a worker's start-up CPU, about 0.8 s: paid once, not once per worker).
PRELOAD = ["claims.parallel", "claims.pipeline", "claims.preload"]

#: One claim as the parent needs it: its id (for ``--append``), its type and its JSON line.
#: (claim id, claim type, its claims.jsonl line, its check-worthiness)
ClaimLine = tuple[str, str, bytes, float | None]


@dataclasses.dataclass(frozen=True, slots=True)
class Extracted:
    """One document, extracted: its ``documents.jsonl`` line and its claims' lines."""

    source: str
    document: bytes
    claims: list[ClaimLine]


class WorkerError(ClaimsetError):
    """A worker process died (killed, out of memory): the run stops, nothing is written."""

    exit_code = 2


def default_jobs() -> int:
    """The CPUs this process may use (its affinity mask, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def extract_one(
    extractor: Extractor, document: Document, prepared: Any = None
) -> Extracted | Rejected:
    """One document's lines; an extractor crash, or a document over its time budget
    (``claims.budget``), rejects that document, not the batch. ``prepared``: what a
    ``BatchExtractor``'s ``prepare`` made for the document."""
    if prepared is None:
        claims = _guarded(extractor, document, lambda: extractor.extract(document))
    else:
        assert isinstance(extractor, BatchExtractor)
        claims = _guarded(extractor, document, lambda: extractor.extract(document, prepared))
    return claims if isinstance(claims, Rejected) else _extracted(document, claims)


def _guarded(extractor: Extractor, document: Document, work: Callable[[], T]) -> T | Rejected:
    """``work()``, or the rejection of ``document`` when it raises: its reason for a document
    over its budget, a bug report for anything else (a rule's crash loses no other article)."""
    try:
        return work()
    except DocumentRejected as e:  # a pathological article: rejected with its reason, no hang
        return Rejected(document.source or document.doc_id, str(e), e.hint)
    except Exception as e:  # a bug in a rule must not lose the other articles
        reason = f"extractor {extractor.name} failed ({type(e).__name__}: {e})"
        return Rejected(document.source or document.doc_id, reason, "please report this as a bug")


def _extracted(document: Document, claims: list[Claim]) -> Extracted:
    lines = [
        (
            claim.id,
            str(claim.type),
            (dumps(claim.to_dict()) + "\n").encode("utf-8"),
            claim.checkworthiness,
        )
        for claim in claims
    ]
    source = document.source or document.doc_id
    return Extracted(source, (dumps(document.to_dict()) + "\n").encode("utf-8"), lines)


def extract_batch(
    extractor: Extractor, documents: Sequence[Document]
) -> list[Extracted | Rejected]:
    """Every document's lines, in order, as ``extract_one`` gives them; a ``BatchExtractor``
    prepares the documents together first (the rule-based one parses all their sentences
    that need syntax in one call), and if that fails each document is extracted on its own.
    The rule-based one also tags the claim texts of all the documents that need the tagger's
    verb test in one call (``RuleBasedExtractor.stage``, ``tag_staged``; if that fails, each
    document tags its own)."""
    if not isinstance(extractor, BatchExtractor) or len(documents) < 2:
        return [extract_one(extractor, document) for document in documents]
    try:
        prepared = extractor.prepare(documents)
    except Exception:
        return [extract_one(extractor, document) for document in documents]
    if not isinstance(extractor, RuleBasedExtractor):
        return [extract_one(extractor, d, p) for d, p in zip(documents, prepared, strict=True)]
    staged = [
        _guarded(extractor, d, partial(extractor.stage, d, p))
        for d, p in zip(documents, prepared, strict=True)
    ]
    with contextlib.suppress(Exception):  # else each document tags its own (rejected alone)
        tag_staged([s for s in staged if isinstance(s, Staged)])
    return [s if isinstance(s, Rejected) else _finished(extractor, s) for s in staged]


def _finished(extractor: Extractor, staged: Staged) -> Extracted | Rejected:
    claims = _guarded(extractor, staged.document, staged.claims)
    return claims if isinstance(claims, Rejected) else _extracted(staged.document, claims)


_WORKER_EXTRACTOR: Extractor | None = None


def _init_worker(extractor: Extractor) -> None:
    """Per worker, once: ignore Ctrl-C (the parent stops us) and keep the extractor."""
    global _WORKER_EXTRACTOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_EXTRACTOR = extractor


def _work(documents: list[Document]) -> list[Extracted | Rejected]:
    extractor = _WORKER_EXTRACTOR
    assert extractor is not None, "worker used before its initializer ran"
    return extract_batch(extractor, documents)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The fork server imports the extractor's modules and loads the parser once (``PRELOAD``);
    # each worker forks with them loaded.
    context.set_forkserver_preload(PRELOAD)
    return context


Item = Document | Rejected


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    """Items in lists holding ``BATCH`` documents each (rejections ride along in order)."""
    batch: list[Item] = []
    documents = 0
    for item in items:
        batch.append(item)
        if isinstance(item, Document):
            documents += 1
            if documents == BATCH:
                yield batch
                batch, documents = [], 0
    if batch:
        yield batch


def _merge(
    batch: list[Item], results: list[Extracted | Rejected]
) -> Iterator[Extracted | Rejected]:
    """The batch's items in order, each document replaced by its result."""
    done = iter(results)
    for item in batch:
        yield item if isinstance(item, Rejected) else next(done)


def extract_ordered(
    items: Iterable[Item], extractor: Extractor, jobs: int
) -> Iterator[Extracted | Rejected]:
    """Every item's outcome, in input order: a read-time ``Rejected`` as is, a document as
    ``Extracted`` or ``Rejected``. With one job, or input that fits one batch, no process is
    started (the output is the same either way)."""
    batches = _batches(items)
    first = list(islice(batches, 2))
    if jobs <= 1 or len(first) < 2:
        for batch in chain(first, batches):
            yield from _merge(batch, extract_batch(extractor, _documents_of(batch)))
        return
    check_picklable(extractor)
    pending: deque[tuple[list[Item], Future[list[Extracted | Rejected]]]] = deque()
    window = jobs * WINDOW_PER_JOB
    context = _context()
    _start_forkserver(context)
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(extractor,)
    )
    try:
        for batch in chain(first, batches):
            pending.append((batch, _submit(pool, _documents_of(batch))))
            if len(pending) >= window:
                yield from _take(pending)
        while pending:
            yield from _take(pending)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _submit(
    pool: ProcessPoolExecutor, documents: list[Document]
) -> Future[list[Extracted | Rejected]]:
    """``pool.submit``, with a Ctrl-C during it raised only once it returns.

    A submit may start a worker; interrupted in the middle, it left a half-started worker the
    pool did not know: ``_stop`` could not end it, and it printed a traceback once the parent
    was gone. (Blocking the signal is not enough: any thread may take it, and Python runs the
    handler in the main thread at once.)
    """
    previous = signal.getsignal(signal.SIGINT)
    main = threading.current_thread() is threading.main_thread()
    if not main or previous in (signal.SIG_IGN, None):
        return pool.submit(_work, documents)
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        future = pool.submit(_work, documents)
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        if callable(previous):
            previous(signal.SIGINT, None)  # Python's default handler raises KeyboardInterrupt
        raise KeyboardInterrupt
    return future


def _start_forkserver(context: multiprocessing.context.BaseContext) -> None:
    """Start the fork server with Ctrl-C ignored (inherited across its exec): a Ctrl-C while it
    imports the preloaded modules would otherwise print its traceback (it ignores SIGINT itself
    only once they are imported). The parent's own handler is put back at once."""
    if context.get_start_method() != "forkserver":
        return
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be changed from the main thread
    from multiprocessing import forkserver

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def check_picklable(extractor: Extractor) -> None:
    """``InputError`` unless the extractor can be sent to worker processes (pickled)."""
    try:
        pickle.dumps(extractor)
    except Exception as e:
        raise InputError(
            f"extractor {extractor.name} cannot be sent to worker processes "
            f"({type(e).__name__}: {e}); use --jobs 1"
        ) from None


def _documents_of(batch: list[Item]) -> list[Document]:
    return [item for item in batch if isinstance(item, Document)]


def _take(
    pending: deque[tuple[list[Item], Future[list[Extracted | Rejected]]]],
) -> Iterator[Extracted | Rejected]:
    batch, future = pending.popleft()
    try:
        results = future.result()
    except BrokenProcessPool as e:
        raise WorkerError(
            f"a worker process died ({e}); re-run with fewer --jobs or more memory"
        ) from None
    yield from _merge(batch, results)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Terminate the workers now (they may be in the middle of a long document)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()
    for process in list(processes.values()):
        process.join(timeout=5)
