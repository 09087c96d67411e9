"""claimset's first stage: news articles in, atomic typed claims out.

The domain model (``Document``, ``Claim``, ``ClaimType``) and ``extract`` are imported eagerly
(``extract`` must be bound here, or the ``claims.extract`` module would shadow the function);
everything else is loaded on first use. Nothing here imports spaCy or pandas.

    >>> import claims
    >>> report = claims.extract(["article.txt"], out=Path("work"))  # doctest: +SKIP
    >>> found = claims.extract_text("Profits rose 15%.", published="2023-04-25")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

from claims.extract import extract
from claims.model import Claim, ClaimType, Document

__all__ = [
    "Claim",
    "ClaimType",
    "Document",
    "ExtractReport",
    "Extractor",
    "Rejected",
    "RuleBasedExtractor",
    "extract",
    "extract_document",
    "extract_text",
    "get_extractor",
    "load_claims_dataframe",
    "load_documents_dataframe",
    "read_articles",
    "register_extractor",
]

_LAZY = {
    "ExtractReport": "claims.extract",
    "extract_document": "claims.extract",
    "extract_text": "claims.extract",
    "Extractor": "claims.pipeline",
    "RuleBasedExtractor": "claims.pipeline",
    "get_extractor": "claims.pipeline",
    "register_extractor": "claims.pipeline",
    "Rejected": "claims.reader",
    "read_articles": "claims.reader",
    "load_claims_dataframe": "claims.frames",
    "load_documents_dataframe": "claims.frames",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claims' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
