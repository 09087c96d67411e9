"""The shipped syntax pipeline: it loads from the package, once, and parses simple clauses right."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path
from typing import Any

import pytest
from fixtures.parsing import spy_on_parse

from claims import syntax
from claims.errors import ConfigError
from claims.segment import segment


def heads(text: str) -> dict[str, tuple[str, str]]:
    """word -> (dependency label, head word) for one parsed sentence."""
    (doc,) = syntax.parse([text])
    return {t.text: (t.dep_, t.head.text) for t in doc}


def test_loaded_once_per_process() -> None:
    assert syntax.load_parser() is syntax.load_parser()
    assert syntax.load_parser().pipe_names == ["tok2vec", "tagger", "morphologizer", "parser"]


def test_subject_and_object_of_a_transitive_verb() -> None:
    parsed = heads("The minister met the ambassador in London on Monday.")
    assert parsed["minister"] == ("nsubj", "met")
    assert parsed["ambassador"] == ("obj", "met")
    assert parsed["met"][0] == "ROOT"


def test_reported_speech_has_a_clausal_complement() -> None:
    parsed = heads("The company said that profits rose sharply.")
    assert parsed["company"] == ("nsubj", "said")
    assert parsed["rose"] == ("ccomp", "said")
    assert parsed["profits"] == ("nsubj", "rose")


def test_tags_and_universal_parts_of_speech() -> None:
    (doc,) = syntax.parse(["She visited Paris."])
    assert [(t.tag_, t.pos_) for t in doc] == [
        ("PRP", "PRON"),
        ("VBD", "VERB"),
        ("NNP", "PROPN"),
        (".", "PUNCT"),
    ]


def test_one_doc_per_sentence_in_order_and_deterministic() -> None:
    texts = ["Prices fell.", "The bank raised rates.", "Prices fell."]
    first = [[(t.dep_, t.head.i) for t in doc] for doc in syntax.parse(texts, batch_size=2)]
    again = [[(t.dep_, t.head.i) for t in doc] for doc in syntax.parse(texts)]
    assert [len(d) for d in first] == [3, 5, 3]
    assert first == again
    assert first[0] == first[2]


def test_model_ships_its_licence_and_metadata() -> None:
    meta = json.loads((syntax.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0"
    assert {"CC BY-SA 4.0", "CC BY 4.0"} == {s["license"] for s in meta["sources"]}
    licence = (syntax.MODEL_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0 International" in licence
    assert "English Web Treebank" in licence and "GUM" in licence


def test_missing_model_is_a_clear_config_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(syntax, "MODEL_DIR", tmp_path / "nowhere")
    syntax.load_parser.cache_clear()
    try:
        with pytest.raises(ConfigError, match="syntax model is missing"):
            syntax.load_parser()
    finally:
        syntax.load_parser.cache_clear()


def _annotations(doc: object) -> list[tuple[str, str, str, str, int]]:
    return [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i) for t in doc]  # type: ignore[attr-defined]


def test_a_parse_does_not_depend_on_its_batch() -> None:
    """What makes one shared parse (and larger batches) safe: a sentence parsed alone and
    inside a batch of others gets the same tags, morphology and tree."""
    sentences = [
        "The minister met the ambassador in London on Monday.",
        "Profits rose sharply, the company said, after the worst year since 2008.",
        "He resigned.",
        "Talks between the two leaders are expected to begin next week in Geneva.",
    ]
    together = list(syntax.parse(sentences * 3, batch_size=5))
    for n, sentence in enumerate(sentences * 3):
        (alone,) = syntax.parse([sentence])
        assert _annotations(alone) == _annotations(together[n])


def test_parse_store_parses_each_wanted_text_once_in_one_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = spy_on_parse(monkeypatch)
    store = syntax.ParseStore()
    for text in ("He resigned.", "She met him.", "He resigned."):
        store.want(text)
    assert calls == []  # declared, not parsed yet
    assert [t.text for t in store.get("She met him.")] == ["She", "met", "him", "."]
    assert calls == [["He resigned.", "She met him."]]
    assert store.get("He resigned.") is store.get("He resigned.")
    assert len(calls) == 1 and len(store) == 2
    store.get("Not declared.")  # parsed on demand, alone
    assert calls[-1] == ["Not declared."]


def test_fill_all_parses_several_documents_stores_in_one_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = spy_on_parse(monkeypatch)
    first, second = syntax.ParseStore(), syntax.ParseStore()
    first.want("He resigned.")
    second.want("He resigned.")  # another document's: its own Doc
    second.want("She met him.")
    syntax.fill_all([first, second])
    assert calls == [["He resigned.", "He resigned.", "She met him."]]
    assert first.get("He resigned.").text == second.get("He resigned.").text == "He resigned."
    assert first.pending() == second.pending() == [] and len(calls) == 1


def _nodes(nlp: Any) -> list[Any]:
    """Every thinc layer of every component of a pipeline."""
    return [node for _, pipe in nlp.pipeline for node in pipe.model.walk()]


def test_freed_memory_is_kept_for_reuse_under_glibc() -> None:
    """Loading the pipeline sets glibc's allocator to reuse its parse arrays (no other libc)."""
    syntax.load_parser()
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert syntax.keep_freed_memory() is glibc


def test_matrix_products_through_numpy_only_with_openblas_held_to_one_thread() -> None:
    ops = {type(node.ops).__name__: node.ops for node in _nodes(syntax.load_parser())}
    assert list(ops) == ["NumpyOps"]
    functions = syntax._openblas()
    assert ops["NumpyOps"].use_blis is (functions is None)
    if functions is None:
        return
    get, put = functions
    before = get()
    put(2)
    try:
        with syntax.one_blas_thread():
            assert get() == 1
        assert get() == 2
        docs = syntax.parse(["He resigned.", "She met him."], batch_size=1)
        next(docs)
        assert get() == 1  # while the parse is running
        list(docs)
        assert get() == 2  # restored once it is done
    finally:
        put(before)


def test_numpy_matrix_products_parse_as_blis_does() -> None:
    """The pipeline through numpy gives 600 sentences (the bundled article's, then the BBC test
    articles') the tags, morphology and tree the shipped weights give through blis (the same
    sentence-start constraints on both)."""
    import spacy

    root = Path(__file__).resolve().parents[2]
    folders = [root / "claims" / "sample_data", root / "tests" / "data" / "bbc"]
    texts = [p.read_text(encoding="utf-8") for f in folders for p in sorted(f.rglob("*.txt"))]
    sentences = [s.text for text in texts for s in segment(text).body][:600]
    assert len(sentences) == 600
    blis = spacy.load(syntax.MODEL_DIR)  # a fresh load: thinc's default ops, blis
    assert {node.ops.use_blis for node in _nodes(blis)} == {True}
    with syntax.one_blas_thread():
        docs = blis.pipe(
            (syntax._one_sentence(blis, text) for text in sentences), batch_size=syntax.BATCH_SIZE
        )
        expected = [_annotations(doc) for doc in docs]
    assert [_annotations(doc) for doc in syntax.parse(sentences)] == expected
