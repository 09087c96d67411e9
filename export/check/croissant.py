"""The ``croissant`` rule: ``croissant.json`` present, parseable and consistent with the files.

The fast check parses the JSON-LD, requires the keys a Croissant dataset needs (and the
responsible-AI fields claimset promises), and verifies that every ``FileObject`` exists with the
SHA-256 it states and every ``FileSet`` matches files. ``Options.full_croissant`` adds the
``mlcroissant`` validator, which is thorough but slower (it imports a large library).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from export.check.engine import Emitter, Options, Where
from export.check.source import CROISSANT, DatasetSource

REQUIRED = ("@context", "@type", "name", "conformsTo", "distribution", "recordSet")
RAI = ("rai:dataCollection", "rai:dataAnnotationPlatform", "rai:annotationsPerItem")


def check_croissant(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """``croissant.json`` exists, parses, has the required keys and points at real files."""
    path = ds.root / CROISSANT
    where = Where(file=CROISSANT)
    if not path.is_file():
        out.add("missing", f"{CROISSANT} is missing; re-run claimset export", where=where)
        return
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        out.add("invalid", f"{CROISSANT} is not valid JSON ({e})", where=where)
        return
    if not isinstance(doc, dict):
        out.add("invalid", f"{CROISSANT} is not a JSON object", where=where)
        return
    for key in REQUIRED + RAI:
        if key not in doc:
            out.add("keys", f"{CROISSANT} has no {key!r}", where=where)
    if doc.get("@type") not in ("sc:Dataset", "Dataset", "schema:Dataset"):
        out.add("keys", f"@type is {doc.get('@type')!r}, expected 'sc:Dataset'", where=where)
    for item in _as_list(doc.get("distribution")):
        if isinstance(item, dict):
            _check_distribution(ds.root, item, out, where)
    for record_set in _as_list(doc.get("recordSet")):
        if isinstance(record_set, dict):
            _check_fields(ds, record_set, out, where)
    if options.full_croissant:
        _validate_with_mlcroissant(path, out, where)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _check_distribution(root: Path, item: dict[str, Any], out: Emitter, where: Where) -> None:
    """A FileObject exists and has its stated hash; a FileSet matches at least one file."""
    kind = str(item.get("@type", ""))
    name = item.get("name") or item.get("@id") or "?"
    if kind.endswith("FileObject"):
        url = item.get("contentUrl")
        if not isinstance(url, str) or "://" in url:
            return  # remote files are not checked offline
        target = root / url
        if not target.is_file():
            out.add("files", f"FileObject {name!r}: {url} does not exist", where=where)
            return
        stated = item.get("sha256")
        if isinstance(stated, str) and stated != _sha256(target):
            out.add(
                "files",
                f"FileObject {name!r}: sha256 of {url} differs (stale croissant?)",
                where=where,
            )
    elif kind.endswith("FileSet"):
        for pattern in _as_list(item.get("includes")):
            if isinstance(pattern, str) and not any(root.glob(pattern)):
                out.add("files", f"FileSet {name!r}: {pattern!r} matches no file", where=where)


def _check_fields(
    ds: DatasetSource, record_set: dict[str, Any], out: Emitter, where: Where
) -> None:
    """Each field read from a ``<config>-parquet`` FileSet names a column of that config."""
    for field in _as_list(record_set.get("field")):
        source = field.get("source") if isinstance(field, dict) else None
        if not isinstance(source, dict):
            continue
        file_set = (source.get("fileSet") or {}).get("@id", "")
        column = (source.get("extract") or {}).get("column")
        config = str(file_set).removesuffix("-parquet")
        parts = ds.parts_of(config)
        if column is None or not parts:
            continue
        if column not in parts[0].schema.names:
            out.add(
                "fields",
                f"recordSet {record_set.get('name')!r} field {field.get('name')!r} "
                f"reads column {column!r}, which config {config!r} lacks",
                where=where,
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _validate_with_mlcroissant(path: Path, out: Emitter, where: Where) -> None:
    """Full validation by ``mlcroissant`` (metadata only: no records are generated)."""
    try:
        import mlcroissant as mlc
    except ImportError:
        out.add("validator", "mlcroissant is not installed (pip install mlcroissant)", where=where)
        return
    try:
        mlc.Dataset(jsonld=str(path))
    except Exception as e:  # mlcroissant raises its own ValidationError and plain errors
        lines = [line.strip(" -") for line in str(e).splitlines() if line.strip(" -")]
        detail = "; ".join(lines[1:] or lines)[:400] or type(e).__name__
        out.add("validator", f"mlcroissant: {detail}", where=where)
