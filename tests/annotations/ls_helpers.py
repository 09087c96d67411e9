"""Workspaces for the annotation tests: small articles with emoji before their claims."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claims.model import Claim, ClaimType, Document, make_claim_id
from claims.workspace import write_jsonl

#: An article whose claim comes after characters outside the BMP (two UTF-16 units each).
EMOJI_ARTICLE = (
    "Moscow talks 🇷🇺🇹🇷 resume 🤝. "
    "The ministers met in Moscow on 25 April 2023. "
    "Trade between the two countries rose by 12 percent last year, the ministry said."
)
EMOJI_CLAIM_SPAN = "Trade between the two countries rose by 12 percent last year"


def make_document(text: str, n: int = 0) -> Document:
    """A document with a title, publisher and date."""
    return Document.from_text(
        text,
        title="Moscow and Ankara resume trade talks" + (f" ({n})" if n else ""),
        publisher="Example News",
        published="2023-04-25",
        source=f"article-{n}.txt",
    )


def claim_for(document: Document, span: str, *, text: str | None = None) -> Claim:
    """A quantity claim resting on ``span`` (first occurrence) of ``document``."""
    start = document.text.index(span)
    end = start + len(span)
    return Claim(
        id=make_claim_id(document.sha256, start, end, "quantity"),
        doc_id=document.doc_id,
        type=ClaimType.QUANTITY,
        text=text or span + ".",
        start=start,
        end=end,
        slots={"value": 12, "unit": "percent", "qualifier": None, "measure": "trade"},
    )


def write_workspace(workdir: Path, documents: list[Document], claims: list[Claim]) -> Path:
    """Write ``documents.jsonl``, ``claims.jsonl`` and a manifest into ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    write_jsonl(workdir / "documents.jsonl", (d.to_dict() for d in documents))
    write_jsonl(workdir / "claims.jsonl", (c.to_dict() for c in claims))
    (workdir / "manifest.json").write_text(
        '{"extractor": {"name": "claimset-rules", "version": "0.1.0-test"}}\n', encoding="utf-8"
    )
    return workdir


WorkspaceFactory = Callable[[int], tuple[Path, list[Document], list[Claim]]]


@pytest.fixture
def make_workspace(tmp_path: Path) -> WorkspaceFactory:
    """``make_workspace(n)``: a workspace of ``n`` emoji articles, one claim each."""

    def make(n: int) -> tuple[Path, list[Document], list[Claim]]:
        texts = [EMOJI_ARTICLE + f" Filed as report {i + 1}." for i in range(n)]
        documents = [make_document(text, i) for i, text in enumerate(texts)]
        claims = [claim_for(d, EMOJI_CLAIM_SPAN) for d in documents]
        return write_workspace(tmp_path / "work", documents, claims), documents, claims

    return make


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.add(address)
    return found
