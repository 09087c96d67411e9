"""``claimset annotate push|pull`` and ``claimset studio``: thin layers over the library.

Each command parses its options, calls one library function (``annotations.push``,
``annotations.pull``, ``annotations.Studio``) and prints counts; a ``ClaimsetError`` becomes one
``Error:`` line on stderr and its exit code. A claim or task that could not be pushed or pulled
is one ``Error:`` line each, after the counts, and the exit status is 1. Progress goes to
stderr, results to stdout.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from annotations.rounds import ReviewRound
from claims.errors import ClaimsetError, InputError
from claims.wording import plural
from claims.workspace import CLAIMS, DOCUMENTS, workspace_file

_WORKDIR = click.Path(exists=True, file_okay=False, path_type=Path)


@contextmanager
def _errors() -> Iterator[None]:
    """Library errors -> one line and the error's exit code."""
    try:
        yield
    except ClaimsetError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)


def require_workspace(workdir: Path) -> None:
    """A directory without claims is unreadable input (exit 2), before any server is sought."""
    for name in (DOCUMENTS, CLAIMS):
        if not workspace_file(workdir, name).is_file():
            hint = f"run `claimset extract ARTICLES --out {workdir}` first"
            raise InputError(f"{workdir / name}: not found; {hint}")


def _rejected(lines: list[str]) -> None:
    """Each rejected record as an ``Error:`` line on stderr, then exit 1 (as ``extract`` does)."""
    for line in lines:
        click.echo(f"Error: {line}", err=True)
    if lines:
        sys.exit(1)


def _progress(label: str, quiet: bool) -> Callable[[int, int], None] | None:
    """A one-line progress display on stderr (none with --json or when not a terminal)."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        click.echo(f"\r{label}: {done}/{total}", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show


def _emit(report: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in lines:
            click.echo(line)


@click.group()
def annotate() -> None:
    """Push claims to Label Studio and pull annotations back."""


#: ``--url`` and ``--api-key``: the first place every command that talks to Label Studio looks.
url_option = click.option(
    "--url",
    help="Label Studio URL [default: $LABEL_STUDIO_URL, else the running `claimset studio`].",
)
api_key_option = click.option(
    "--api-key",
    help="Legacy token or personal access token [default: $LABEL_STUDIO_API_KEY, else the "
    "running studio's].",
)

_json = click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")

#: Key of ``ctx.obj`` under which the assembling ``claimset`` command (``export.cli``) hands
#: ``push --only`` the function that selects a review round's claims: the selection aggregates
#: annotations as the export does, and ``annotations`` does not import ``export``.
ROUND_SEEDER = "seed_review_round"


def _review_round(
    workdir: Path, only: tuple[str, ...], from_dataset: Path | None
) -> ReviewRound | None:
    """The review round ``--only`` selects (None without ``--only``)."""
    from annotations.rounds import parse_selectors

    if not only:
        if from_dataset is not None:
            raise InputError("--from-dataset needs --only (which claims of the dataset to review)")
        return None
    selectors = parse_selectors(only)
    context = click.get_current_context()
    seeder = (context.find_root().obj or {}).get(ROUND_SEEDER)
    if seeder is None:
        raise InputError("--only needs the `claimset` command (it aggregates as export does)")
    review: ReviewRound = seeder(workdir, selectors, from_dataset)
    return review


_project = click.option("--project", required=True, help="Label Studio project title.")


@annotate.command("push")
@click.argument("workdir", type=_WORKDIR)
@_project
@click.option(
    "--annotators",
    default=None,
    type=click.IntRange(min=1),
    help="Annotators per claim (the project's overlap) [default: 3; 1 for a review round].",
)
@click.option(
    "--only",
    multiple=True,
    metavar="SELECTOR",
    help="Push a review round of the claims selected: needs-adjudication, unannotated, "
    "quality:VALUE or FIELD:VALUE (aggregated labels, as the export computes them); "
    "repeatable or a comma list (the union). The tasks show the earlier verdicts (pseudonyms) "
    "and the round's answers override in the export.",
)
@click.option(
    "--from-dataset",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="With --only: select from this exported dataset directory instead of the workspace's "
    "pulled annotations.",
)
@click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(min=1),
    help="Tasks per import request.",
)
@url_option
@api_key_option
@_json
def push_command(
    workdir: Path,
    project: str,
    annotators: int | None,
    only: tuple[str, ...],
    from_dataset: Path | None,
    batch_size: int,
    url: str | None,
    api_key: str | None,
    as_json: bool,
) -> None:
    """Create or update project TITLE with one task per claim of WORKDIR (idempotent).

    With --only, TITLE is a review round of the selected claims only (e.g. --project "News
    review" --only needs-adjudication): its tasks show the earlier rounds' verdicts under
    pseudonyms, and its answers decide those claims' labels in the export.
    """
    from annotations.client import connect
    from annotations.pushing import push

    with _errors():
        require_workspace(workdir)
        review = _review_round(workdir, only, from_dataset)
        if review is not None and not review.claims:
            shown = ", ".join(str(s) for s in review.selectors)
            empty = {"project": project, "claims": 0, "imported": 0, "selected": 0}
            _emit(empty, as_json, [f"no claim matches --only {shown}: nothing pushed"])
            return
        client = connect(url=url, api_key=api_key, workdir=workdir)
        report = push(
            workdir,
            project=project,
            annotators=annotators,
            client=client,
            batch_size=batch_size,
            progress=_progress("imported", as_json),
            review=review,
        )
    kind = f" (review round {report.round})" if report.round > 1 else ""
    lines = [
        f"project {report.project!r} (id {report.project_id}){kind} at {client.url}"
        + (" created" if report.created_project else ""),
        f"claims: {report.claims}  imported: {report.imported}  "
        f"already present: {report.already_present}  stale: {len(report.stale)}  "
        f"rejected: {len(report.rejected)}",
    ]
    where = "not selected now" if report.round > 1 else "not in the workspace"
    lines += [f"stale (in Label Studio, {where}): {cid}" for cid in report.stale]
    if report.duplicates_removed:
        lines.append(f"duplicate tasks removed: {report.duplicates_removed}")
    _emit(report.to_dict(), as_json, lines)
    _rejected([f"claim {cid} not pushed: {why}" for cid, why in report.rejected])
    _warn_several_tasks(
        report.duplicates_kept,
        "is on",
        "more than one has annotations or a draft, so none was deleted",
    )


@annotate.command("pull")
@click.argument("workdir", type=_WORKDIR)
@_project
@url_option
@api_key_option
@_json
def pull_command(
    workdir: Path, project: str, url: str | None, api_key: str | None, as_json: bool
) -> None:
    """Write WORKDIR/annotations.jsonl from project TITLE (incremental after the first)."""
    from annotations.client import connect
    from annotations.pulling import pull

    with _errors():
        client = connect(url=url, api_key=api_key, workdir=workdir)
        report = pull(
            workdir, project=project, client=client, progress=_progress("tasks read", as_json)
        )
    kind = "full" if report.full else "incremental"
    lines = [
        f"{report.path}: {report.counts()}",
        f"{kind} pull: {plural(report.tasks_fetched, 'task')} read, "
        f"{plural(report.fetched, 'annotation')} fetched, {report.removed} removed, "
        f"{plural(report.requests, 'request')}",
    ]
    _emit(report.to_dict(), as_json, lines)
    _rejected([f"task {tid} not pulled: {why}" for tid, why in report.rejected])
    _warn_several_tasks(report.duplicate_tasks, "has annotations on", "all are kept")


def _warn_several_tasks(claims: list[tuple[str, list[int]]], verb: str, what: str) -> None:
    """One stderr line per claim left on several tasks (also with --json)."""
    for claim_id, task_ids in claims:
        ids = ", ".join(map(str, task_ids))
        click.echo(
            f"warning: claim {claim_id} {verb} {len(task_ids)} Label Studio tasks "
            f"({ids}): {what}; to resolve, delete the unwanted task in Label Studio",
            err=True,
        )


@annotate.command("invite")
@click.option("--reset", is_flag=True, help="Make a new link; the old one stops working.")
@click.option("--public-url", help="URL annotators open [default: the server's URL].")
@url_option
@api_key_option
def invite_command(
    reset: bool, public_url: str | None, url: str | None, api_key: str | None
) -> None:
    """Print the sign-up link for new annotators (Label Studio's organization invite link).

    Whoever signs up with it can see, annotate and export every project of this Label Studio
    (the Community Edition has no roles): send it only to your annotators, and --reset it when
    someone leaves.
    """
    from annotations.client import connect
    from annotations.team import invite_link

    with _errors():
        link = invite_link(connect(url=url, api_key=api_key), reset=reset, public_url=public_url)
    click.echo(link)
    click.echo(
        "Anyone with this link can sign up and see, annotate and export every project; "
        "`claimset annotate invite --reset` revokes it.",
        err=True,
    )


@annotate.command("users")
@click.argument("workdir", type=_WORKDIR)
@click.option("--project", help="Also count each member's annotations in this project.")
@url_option
@api_key_option
@_json
def users_command(
    workdir: Path, project: str | None, url: str | None, api_key: str | None, as_json: bool
) -> None:
    """List the accounts as the pseudonyms WORKDIR's pulls write (never e-mails).

    The Label Studio user id beside each pseudonym is what Label Studio's People page shows;
    the pseudonym is a salted hash of it (the salt stays in WORKDIR/.claimset).
    """
    from annotations.client import connect
    from annotations.team import members

    with _errors():
        client = connect(url=url, api_key=api_key, workdir=workdir)
        found = members(client, workdir, project=project)
    rows = [m.__dict__ for m in found]
    lines = []
    for m in found:
        counts = "" if m.annotations is None else f"  {plural(m.annotations, 'annotation')}"
        counts += "" if not m.skips else f", {plural(m.skips, 'skip')}"
        lines.append(f"{m.annotator}  user {m.user_id}{counts}")
    lines.append(plural(len(found), "member"))
    _emit({"members": rows}, as_json, lines)


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


@annotate.command("status")
@click.argument("workdir", type=_WORKDIR)
@_project
@url_option
@api_key_option
@_json
def status_command(
    workdir: Path, project: str, url: str | None, api_key: str | None, as_json: bool
) -> None:
    """Progress of project TITLE: per annotator, coverage and agreement so far.

    Read live from Label Studio as a pull reads it, without writing annotations.jsonl.
    Coverage: claims with at least the project's overlap of annotations. Agreement: the share
    of verdicts equal to the claim's majority verdict (claims with 2+ verdicts and a majority).
    """
    from annotations.client import connect
    from annotations.team import status

    with _errors():
        client = connect(url=url, api_key=api_key, workdir=workdir)
        report = status(client, workdir, project=project)
    lines = [
        f"project {report.project!r} (id {report.project_id}): {plural(report.claims, 'claim')}, "
        f"{report.annotated} annotated, {report.covered} with {report.overlap}+ annotations "
        f"(coverage {_share(report.coverage)}), agreement {_share(report.agreement)}",
    ]
    for a in report.annotators:
        lines.append(
            f"  {a.annotator}: {a.done} done, {a.skipped} skipped, agreement "
            f"{_share(a.agreement)} over {plural(a.compared, 'verdict')}"
        )
    _emit(report.to_dict(), as_json, lines)
    _rejected([f"task {tid} not read: {why}" for tid, why in report.rejected])


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.command()
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (the next free one if busy).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where Label Studio keeps its data [default: $CLAIMSET_STUDIO_DIR or "
    "~/.local/share/claimset/studio].",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; one other machines reach (e.g. 0.0.0.0) needs --expose.",
)
@click.option(
    "--expose",
    is_flag=True,
    help="Allow a --host other machines can reach (prints what that exposes).",
)
@click.option(
    "--public-url",
    help="URL annotators open, for the invite link [default: http://HOST:PORT].",
)
@click.option(
    "--database",
    envvar="CLAIMSET_STUDIO_DATABASE",
    help="postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME for a team [default: "
    "$CLAIMSET_STUDIO_DATABASE, else DJANGO_DB/POSTGRE_* if set, else SQLite in the data "
    "directory]. A missing password comes from $PGPASSWORD.",
)
def studio(
    port: int,
    data_dir: Path | None,
    host: str,
    expose: bool,
    public_url: str | None,
    database: str | None,
) -> None:
    """Start the embedded Label Studio (loopback and SQLite unless told, offline); Ctrl-C stops it.

    A team: --host with --expose for other machines, --database for PostgreSQL, then
    `claimset annotate invite` for the sign-up link.

    While it runs it is recorded in $XDG_STATE_HOME/claimset/studio.json (no key in it), where
    `claimset annotate` and `claimset dataset` find it without flags or variables. Sign-up
    without the invite link (`claimset annotate invite`) is always off.
    """
    from annotations.database import database_environment, inherited_database, shown_database
    from annotations.discovery import shown
    from annotations.studio import EXPOSURE, Studio, check_host

    with _errors():
        check_host(host, expose=expose)
        db = database_environment(database) if database else inherited_database()
    server = Studio(data_dir, port=port, host=host, public_url=public_url, database=db)
    # SIGTERM (e.g. from a supervisor) stops the child as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with _errors():
            click.echo(f"Starting Label Studio (data in {server.data_dir}) ...", err=True)
            server.start()
        if server.port != port:
            click.echo(f"Port {port} is busy: using {server.port} instead.")
        creds = server.credentials
        click.echo(f"Label Studio is running at {server.public_url}")
        click.echo(f"  database: {shown_database(db)}")
        # The password and key stay in the 0600 file: terminals and CI logs get copied around.
        click.echo(f"  login: {creds['username']}")
        click.echo(f"  password and API key: in {server.data_dir / 'credentials.json'} (0600)")
        click.echo(f"  other commands find it: it is recorded in {shown(server.record_file)}")
        if expose:
            click.echo("  exposed: " + EXPOSURE.format(url=server.public_url))
        click.echo("Press Ctrl-C to stop.")
        server.serve_forever()
        click.echo(f"Label Studio exited; see {server.log_path}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\nStopping Label Studio ...", err=True)
    finally:
        server.stop()
