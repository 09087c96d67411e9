"""The Ray engine's parts that need no Ray runtime: an actor's shard (``ShardExtractor``, run
in this process) and the driver's scheduling of shards over actors (``_map``, on a stand-in for
the few Ray calls it makes). ``test_extract_ray.py`` runs the whole engine on a real runtime."""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claims.distributed import QUEUED_PER_ACTOR, WINDOW_PER_WORKER, ShardExtractor, _map
from claims.model import Document
from claims.parallel import BATCH, Extracted, extract_one
from claims.pipeline import Prepared, RuleBasedExtractor
from claims.reader import input_units, read_articles

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT / "tests/data/bbc"


class BatchCounter(RuleBasedExtractor):
    """Counts the documents of each ``prepare`` call (one shared parse per batch)."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []

    def prepare(self, documents: Sequence[Document]) -> list[Prepared]:
        self.batches.append(len(documents))
        return super().prepare(documents)


def test_an_actor_extracts_its_shard_in_batches_with_the_lines_of_extract_one(
    tmp_path: Path,
) -> None:
    files = sorted(BBC.rglob("*.txt"))
    (tmp_path / "repeat.txt").write_bytes(files[0].read_bytes())  # a repeat within the shard
    (tmp_path / "empty.txt").write_bytes(b"")  # rejected when read
    units = list(input_units([*files, tmp_path / "repeat.txt", tmp_path / "empty.txt"]))
    actor = ShardExtractor(pickle.dumps(BatchCounter()), None, None)
    rows = actor.extract_shard(3, units).to_pylist()
    counter = actor.extractor
    assert isinstance(counter, BatchCounter)
    documents = len(files)
    assert documents > 2 * BATCH
    rest = documents % BATCH  # (a last batch of one document is extracted alone, unprepared)
    assert counter.batches == [BATCH] * (documents // BATCH) + ([rest] if rest > 1 else [])
    assert len(rows) == documents + 2 and {r["shard"] for r in rows} == {3}
    plain = RuleBasedExtractor()
    for row, file in zip(rows, files, strict=False):
        (document,) = [d for d in read_articles([file]) if isinstance(d, Document)]
        expected = extract_one(plain, document)
        assert isinstance(expected, Extracted)
        assert row["document"] == expected.document
        assert row["claim_lines"] == [c[2] for c in expected.claims]
    repeat, empty = rows[-2:]
    assert repeat["sha256"] == rows[0]["sha256"] and repeat["document"] is None
    assert empty["sha256"] is None and empty["reason"]


class Future:
    def __init__(self, number: int, actor: FakeActor) -> None:
        self.number, self.actor = number, actor


class FakeActor:
    """An actor's method queue: ``extract_shard.remote`` queues a shard."""

    def __init__(self, ray: FakeRay) -> None:
        self.ray = ray
        self.queue: list[Future] = []
        self.killed = False
        self.extract_shard = self  # actor.extract_shard.remote(...)

    def remote(self, number: int, units: list[Any]) -> Future:
        future = Future(number, self)
        self.queue.append(future)
        self.ray.out.add(number)
        self.ray.peak_out = max(self.ray.peak_out, len(self.ray.out))
        self.ray.peak_queue = max(self.ray.peak_queue, len(self.queue))
        return future


class FakeRay:
    """The Ray calls ``_map`` makes; each ``wait`` finishes the head of a random actor's queue
    (actors finish in any order), ``get`` gives the shard's number as its table."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.actors: list[FakeActor] = []
        self.out: set[int] = set()  # shards sent and not yet taken by get
        self.peak_out = self.peak_queue = 0

    def remote(self, num_cpus: int) -> Callable[[type], Any]:
        assert num_cpus == 1
        ray = self

        class ActorClass:
            @staticmethod
            def remote(**kwargs: Any) -> FakeActor:
                actor = FakeActor(ray)
                ray.actors.append(actor)
                return actor

        return lambda cls: ActorClass

    def wait(self, futures: list[Future], num_returns: int) -> tuple[list[Future], list[Future]]:
        busy = [a for a in self.actors if a.queue]
        done = self.random.choice(busy).queue.pop(0)
        assert done in futures
        return [done], [f for f in futures if f is not done]

    def get(self, future: Future) -> int:
        self.out.discard(future.number)
        return future.number

    def kill(self, actor: FakeActor) -> None:
        actor.killed = True


def test_shards_come_back_in_order_with_flat_memory_whatever_order_actors_finish() -> None:
    for seed in range(20):
        ray = FakeRay(seed)
        shards = [[("txt", str(i), "", "")] for i in range(37)]
        taken = list(_map(ray, shards, {}, 3))
        assert taken == list(range(37))
        assert ray.peak_queue == QUEUED_PER_ACTOR  # the next shard waits in every queue
        assert ray.peak_out <= 3 * WINDOW_PER_WORKER
        assert all(a.killed for a in ray.actors) and len(ray.actors) == 3
