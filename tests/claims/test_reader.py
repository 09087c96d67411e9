"""Reading articles: formats, headers, and bad input that must be reported, never raised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.model import Document
from claims.reader import MAX_BYTES, Rejected, read_articles
from claims.segment import classify_lines, segment

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests/data/bbc"


def read(*inputs: str | Path) -> list[Document | Rejected]:
    return list(read_articles(inputs))


def test_original_format_header() -> None:
    (doc,) = read(ORIGINAL)
    assert isinstance(doc, Document)
    assert doc.title == "Moscow hosts more Turkey-Syria rapprochement talks"
    assert doc.publisher == "AP"
    assert doc.published == "2023-04-25"
    assert doc.text == ORIGINAL.read_text(encoding="utf-8")
    assert "\u00a0" in doc.text  # non-breaking spaces kept as decoded


def test_original_format_boilerplate_yields_no_sentences() -> None:
    text = ORIGINAL.read_text(encoding="utf-8")
    kinds = {text[x.start : x.end].strip()[:20]: x.kind for x in classify_lines(text)}
    assert kinds["AP , Tuesday 25 Apr "] == "dateline"
    assert kinds["Russia - Syria - Tur"] == "tags"
    assert kinds["Russian Defence Mini"] == "caption"
    assert kinds["Short link:"] == "shortlink"
    parts = segment(text)
    body = " ".join(s.text for s in parts.body)
    assert "Short link" not in body and "AFP" not in body and "Russia - Syria" not in body
    assert [s.text for s in parts.headline] == [
        "Moscow hosts more Turkey-Syria rapprochement talks"
    ]
    for s in parts.body:
        assert text[s.start : s.end] == s.text


def test_bbc_format_and_sorted_recursive_directory() -> None:
    docs = read(BBC)
    assert all(isinstance(d, Document) for d in docs)
    sources = [d.source for d in docs if isinstance(d, Document)]
    rel = [s.removeprefix(f"{BBC.name}/") for s in sources if s]
    assert all(s.startswith(f"{BBC.name}/") for s in sources if s)
    assert rel == sorted(rel) and len(rel) >= 9
    wpp = next(d for d in docs if isinstance(d, Document) and "wpp" in (d.source or ""))
    assert wpp.title == "Ad firm WPP's profits surge 15%"
    assert wpp.published is None and wpp.publisher is None


def test_bom_dropped_and_crlf_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffTitle here\r\n\r\nProfits rose 5%.\r\n".encode())
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.text == "Title here\r\n\r\nProfits rose 5%.\r\n"
    assert doc.title == "Title here"


def test_jsonl_articles_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "title": "T",
                "text": "Profits rose 5% on Monday.",
                "published": "2005-01-10T08:00:00Z",
                "publisher": "BBC",
                "url": "https://example.org/a1",
            }
        ),
        "{not json",
        json.dumps({"id": "a3", "text": ""}),
        json.dumps(["a list"]),
        json.dumps({"id": "a5", "text": "Shares fell 2%."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    assert [type(i).__name__ for i in items] == [
        "Document",
        "Rejected",
        "Rejected",
        "Rejected",
        "Document",
    ]
    first, bad_json, empty, not_object, last = items
    assert isinstance(first, Document) and first.published == "2005-01-10"
    assert first.source == "https://example.org/a1" and first.publisher == "BBC"
    assert isinstance(bad_json, Rejected) and bad_json.source == f"{path}:2"
    assert "not valid JSON" in bad_json.reason
    assert isinstance(empty, Rejected) and empty.source == f"{path}:3"
    assert isinstance(not_object, Rejected) and "JSON object" in not_object.reason
    assert isinstance(last, Document) and last.source == f"{path.name}#a5"


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "latin1": tmp_path / "latin1.txt",
        "empty": tmp_path / "empty.txt",
        "blank": tmp_path / "blank.txt",
        "binary": tmp_path / "binary.txt",
        "huge": tmp_path / "huge.txt",
        "missing": tmp_path / "missing.txt",
        "nodir": tmp_path / "nodir",
    }
    paths["latin1"].write_bytes("Caf\xe9 prices rose 5%.".encode("latin-1"))
    paths["empty"].write_bytes(b"")
    paths["blank"].write_bytes(b"  \n\n ")
    paths["binary"].write_bytes(b"PK\x03\x04\x00\x00binary")
    with paths["huge"].open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    paths["nodir"].mkdir()
    (paths["nodir"] / "notes.md").write_text("not an article", encoding="utf-8")
    return paths


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("latin1", "not UTF-8"),
        ("empty", "empty file"),
        ("blank", "empty file"),
        ("binary", "binary file"),
        ("huge", "too large"),
        ("missing", "no such file"),
        ("nodir", "no .txt files"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(tmp_path: Path, name: str, reason: str) -> None:
    path = bad_inputs(tmp_path)[name]
    good = tmp_path / "good.txt"
    good.write_text("Headline\n\nProfits rose 5%.\n", encoding="utf-8")
    items = read(path, good)
    assert len(items) == 2
    rejected, doc = items
    assert isinstance(rejected, Rejected) and reason in rejected.reason
    assert rejected.source == str(path) and rejected.hint
    assert isinstance(doc, Document)


def test_unreadable_directory_entry_is_rejected(tmp_path: Path) -> None:
    # A dangling symlink named like an article cannot be opened by anyone, root included.
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (item,) = read(tmp_path)
    assert isinstance(item, Rejected) and "cannot read" in item.reason


def test_hard_wrapped_paragraphs_are_joined_before_sentences() -> None:
    text = (
        "Headline here\n\nThe civil war has\nkilled nearly 500,000 people. It goes on.\n\n"
        "Another paragraph.\nA second line.\n"
    )
    sentences = [s.text for s in segment(text).body]
    assert sentences == [
        "The civil war has\nkilled nearly 500,000 people.",
        "It goes on.",
        "Another paragraph.",
        "A second line.",
    ]
    for s in segment(text).body:
        assert text[s.start : s.end] == s.text
