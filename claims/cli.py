"""``claimset extract`` and ``claimset claims``: thin commands over ``claims.extract``.

Each rejected input is one line on stderr (``Error: PATH: reason (what to do)``), a summary
follows, and the exit status is 1 when any input was rejected. Library errors become one
``Error:`` line and their exit code (2 for a missing or unreadable workspace, as in every
command); bad input never shows a traceback.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click

from claims.errors import ClaimsetError, InputError
from claims.model import Claim
from claims.wording import plural
from claims.workspace import WorkspaceError

#: Progress is printed every this many documents when stderr is not a terminal.
PROGRESS_EVERY = 500


def _progress_printer(quiet: bool) -> tuple[Callable[[int, str], None] | None, Callable[[], None]]:
    """A progress callback for ``extract`` and a function that ends its line."""
    if quiet:
        return None, lambda: None
    tty = sys.stderr.isatty()

    def show(done: int, source: str) -> None:
        """One progress update: a rewritten line on a terminal, a line every N docs otherwise."""
        if tty:
            click.echo(f"\rextracting: {plural(done, 'document')}", nl=False, err=True)
        elif done % PROGRESS_EVERY == 0:
            click.echo(f"extracting: {plural(done, 'document')}", err=True)

    def end() -> None:
        """Finish the progress line on a terminal."""
        if tty:
            click.echo("", err=True)

    return show, end


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="ARTICLE_OR_DIR...")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace directory: documents.jsonl, claims.jsonl, manifest.json are written here.",
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    help="Reference date for relative dates; overrides the articles' own dates.",
)
@click.option(
    "--extractor",
    "extractor_name",
    default="rules",
    show_default=True,
    help="Registered extractor to use.",
)
@click.option(
    "--append",
    is_flag=True,
    help="Add the articles to the workspace instead of replacing it (existing lines and ids "
    "kept; an article whose text is already there is skipped).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: the CPUs this process may use]; the output is the same "
    "whatever the number.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="documents and claims as JSON Lines, or as Parquet (documents.parquet, claims.parquet: "
    "smaller and faster to read for a large corpus; push, export and check read either).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; ray: Ray actors on a local Ray runtime or the "
    "cluster RAY_ADDRESS names (pip install 'claimset[ray]'); the same output either way.",
)
@click.option(
    "--min-checkworthiness",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    metavar="X",
    help="Drop claims whose check-worthiness (0 to 1) is below X and count them in the "
    "summary and manifest; 0 keeps every claim.  [default: 0.1, chosen on the dev sets]",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON on stdout.")
@click.option("--show", is_flag=True, help="Print the extracted claims as a table afterwards.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary on stderr.")
def extract(
    inputs: tuple[str, ...],
    out: Path,
    published: str | None,
    extractor_name: str,
    append: bool,
    jobs: int | None,
    fmt: str,
    engine: str,
    min_checkworthiness: float | None,
    as_json: bool,
    show: bool,
    quiet: bool,
) -> None:
    """Extract claims from ARTICLE_OR_DIR... into WORKDIR (--out).

    Inputs are .txt articles, directories of .txt files (recursive) or .jsonl files of
    articles (id, title, text, published, publisher, url). Exit status 1 when any input was
    rejected (each is reported on stderr); the others are still processed.

    WORKDIR's documents, claims and manifest are REPLACED by this run's, unless --append is
    given: then the articles are added after the existing ones. A run that accepts no article
    leaves WORKDIR exactly as it was.

    Use --show (or `claimset claims WORKDIR` later) to print the claims as a table.
    """
    from claims.extract import extract as run_extract
    from claims.parallel import default_jobs
    from claims.pipeline import get_extractor

    if as_json and show:
        raise click.UsageError("--json and --show both print on stdout: choose one")
    if engine == "ray":
        if append:
            raise click.UsageError("--append works with --engine local only")
        _extract_with_ray(
            list(inputs), out, published, extractor_name, jobs, as_json, quiet,
            (min_checkworthiness, fmt),
        )  # fmt: skip
        if show:
            _print_table(out)
        return

    progress, end_progress = _progress_printer(quiet or as_json)
    try:
        report = run_extract(
            list(inputs),
            out=out,
            published=published,
            extractor=get_extractor(extractor_name),
            progress=progress,
            append=append,
            jobs=jobs or default_jobs(),
            fmt=fmt,
            min_checkworthiness=min_checkworthiness,
        )
    except ClaimsetError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)
    finally:
        end_progress()
    for rejected in report.rejected:
        click.echo(f"Error: {rejected.message()}", err=True)
    for duplicate in report.duplicates:
        if not quiet:
            click.echo(f"skipped: {duplicate}", err=True)
    for note in report.notes():
        if not quiet:
            click.echo(note, err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    elif not quiet:
        by_type = ", ".join(f"{n} {t}" for t, n in report.claims_by_type.items()) or "none"
        click.echo(
            f"{plural(report.documents, 'document')}, {plural(report.claims, 'claim')} "
            f"({by_type}), {len(report.rejected)} rejected, {report.below_checkworthiness} dropped "
            f"below check-worthiness {report.min_checkworthiness:g} -> {out}",
            err=True,
        )
    if show:
        _print_table(out)
    if report.rejected:
        sys.exit(1)


@click.command("claims")
@click.argument("workdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--type", "types", multiple=True, help="Only claims of this type (repeatable).")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
def claims_command(workdir: Path, types: tuple[str, ...], limit: int | None) -> None:
    """Print the claims of WORKDIR as a readable table (type, span, typed values)."""
    _print_table(workdir, types=set(types), limit=limit)


def _slots_text(claim: Claim) -> str:
    parts = []
    for key, value in claim.slots.items():
        if value is None or value == [] or key in ("content", "expression"):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        parts.append(f"{key}={value}")
    return "; ".join(parts)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _print_table(workdir: Path, *, types: set[str] | None = None, limit: int | None = None) -> None:
    """One row per claim: type, span text and slots, clipped to the terminal width."""
    from claims.workspace import read_claims, read_documents

    try:
        texts = {d.doc_id: d.text for d in read_documents(workdir)}
        rows = [
            (str(c.type), texts.get(c.doc_id, "")[c.start : c.end], _slots_text(c))
            for c in read_claims(workdir)
            if not types or str(c.type) in types
        ]
    except WorkspaceError as e:
        click.echo(f"Error: {e} (run `claimset extract ... --out {workdir}` first)", err=True)
        sys.exit(InputError.exit_code)
    rows = rows[:limit] if limit is not None else rows
    width = max(80, shutil.get_terminal_size((120, 20)).columns)
    span_w = min(48, max(20, (width - 12) // 2))
    slot_w = max(20, width - 12 - span_w - 4)
    click.echo(f"{'TYPE':<10}  {'SPAN':<{span_w}}  VALUES")
    click.echo(f"{'-' * 10}  {'-' * span_w}  {'-' * min(slot_w, 40)}")
    for kind, span, slots in rows:
        click.echo(f"{kind:<10}  {_clip(span, span_w):<{span_w}}  {_clip(slots, slot_w)}")
    click.echo(plural(len(rows), "claim"))


@click.command("merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace to write: the one a single extract over all the shards' inputs writes.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="Write documents and claims as JSON Lines or Parquet (shards may hold either).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the merge report as JSON on stdout.")
def merge_command(shards: tuple[Path, ...], out: Path, fmt: str, as_json: bool) -> None:
    """Merge shard workspaces SHARD... (in order) into WORKDIR (--out).

    Shard a corpus by input: run `claimset extract PART --out SHARD` for each consecutive part
    (on as many machines as you like), then merge the shards in the order of the parts. The
    result is byte for byte what `claimset extract PART1 PART2 ... --out WORKDIR` writes: an
    article already in an earlier shard is dropped with its claims and counted as a duplicate.
    """
    from claims.shards import merge_shards

    try:
        report = merge_shards(list(shards), out=out, fmt=fmt)
    except ClaimsetError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(
            f"{plural(report.shards, 'shard')} -> {plural(report.documents, 'document')}, "
            f"{plural(report.claims, 'claim')}, {report.rejected} rejected, "
            f"{report.duplicates} duplicates -> {out}",
            err=True,
        )


def _extract_with_ray(
    inputs: list[str],
    out: Path,
    published: str | None,
    extractor_name: str,
    jobs: int | None,
    as_json: bool,
    quiet: bool,
    settings: tuple[float | None, str],
) -> None:
    """``extract --engine ray``: the same messages and exit status as the local engine;
    ``settings`` are ``--min-checkworthiness`` and ``--format``."""
    from claims.distributed import extract_with_ray
    from claims.pipeline import get_extractor

    try:
        report = extract_with_ray(
            inputs,
            out=out,
            num_workers=jobs,
            published=published,
            extractor=get_extractor(extractor_name),
            min_checkworthiness=settings[0],
            fmt=settings[1],
        )
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except ClaimsetError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)
    rejected = manifest.get("rejected") or []
    for r in rejected:
        hint = f" ({r['hint']})" if r.get("hint") else ""
        click.echo(f"Error: {r['source']}: {r['reason']}{hint}", err=True)
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "rejected": rejected}, indent=2))
    elif not quiet:
        by_type = manifest["counts"]["claims_by_type"]
        kinds = ", ".join(f"{n} {t}" for t, n in by_type.items()) or "none"
        click.echo(
            f"{plural(report.documents, 'document')}, {plural(report.claims, 'claim')} "
            f"({kinds}), {len(rejected)} rejected -> {out} (Ray, {report.shards} shards)",
            err=True,
        )
    if rejected:
        sys.exit(1)
