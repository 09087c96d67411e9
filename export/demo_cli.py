"""``claimset demo`` and ``claimset dataset``: the main job on the embedded Label Studio."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from annotations.cli import api_key_option, require_workspace, url_option
from claims.errors import ClaimsetError
from claims.wording import plural

F = TypeVar("F", bound=Callable[..., Any])


def _echo(line: str) -> None:
    click.echo(line, err=True)


def _fail(error: ClaimsetError) -> None:
    click.echo(f"Error: {error}", err=True)
    sys.exit(error.exit_code)


def workdir_option(help_text: str) -> Callable[[F], F]:
    """``--workdir``, shared by ``demo`` and ``dataset`` (same default: they work as a pair)."""
    return click.option(
        "--workdir",
        default="demo-work",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help_text,
    )


@click.command()
@workdir_option("Workspace for claims, Label Studio data and the dataset.")
@click.option(
    "--port", default=8080, show_default=True, help="Label Studio port (next free if busy)."
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Label Studio data directory [default: WORKDIR/.claimset/studio].",
)
@click.option("--project", default="claimset demo", show_default=True, help="Project title.")
@click.option("--annotators", default=3, show_default=True, help="Annotators per claim.")
@click.option(
    "--no-serve",
    is_flag=True,
    help="Set up and verify the project, then stop Label Studio and exit (for scripts and tests).",
)
@click.argument("articles", nargs=-1, type=click.Path(exists=True, path_type=Path), required=False)
def demo(
    workdir: Path,
    port: int,
    data_dir: Path | None,
    project: str,
    annotators: int,
    no_serve: bool,
    articles: tuple[Path, ...],
) -> None:
    """Extract ARTICLES (default: the bundled sample article), start a local Label Studio and
    create a project with every claim as a task. Runs until Ctrl-C; a re-run reuses the data."""
    from export.demo import start_demo

    try:
        studio, report = start_demo(
            workdir,
            articles=list(articles),
            port=port,
            data_dir=data_dir,
            project=project,
            annotators=annotators,
            echo=_echo,
        )
    except ClaimsetError as e:
        _fail(e)
        return
    push = report.push
    click.echo(
        f"\nProject {report.project!r}: {report.tasks_in_project} tasks "
        f"({push.imported} imported now, {push.already_present} already there)\n"
        f"  Open:      {report.url}/projects/{report.project_id}/data\n"
        f"  Log in as: {report.username}\n"
        f"  Password:  in {report.credentials_file} (readable only by you)\n"
        f"  Next:      annotate a few claims, then run `make dataset` "
        f"(or `claimset dataset --workdir {workdir}`)"
    )
    if not report.verified:
        studio.stop()
        _fail(
            ClaimsetError(
                f"the project has {report.tasks_in_project} tasks, expected {push.claims}"
            )
        )
    if no_serve:
        studio.stop()
        click.echo("Label Studio stopped (--no-serve); the project and its data are kept.")
        return
    click.echo("\nLabel Studio is running; press Ctrl-C to stop it.")
    try:
        studio.serve_forever()
    except KeyboardInterrupt:
        click.echo("\nstopping Label Studio ...", err=True)
    finally:
        studio.stop()


@click.command()
@workdir_option("The workspace `claimset demo` set up.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Dataset directory [default: WORKDIR/dataset].",
)
@click.option("--project", default="claimset demo", show_default=True, help="Project title.")
@click.option("--port", default=8080, show_default=True, help="Port if Label Studio must start.")
@url_option
@api_key_option
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON on stdout.")
def dataset(
    workdir: Path,
    out: Path | None,
    project: str,
    port: int,
    url: str | None,
    api_key: str | None,
    as_json: bool,
) -> None:
    """Pull the annotations made so far, export the Hugging Face dataset and check it.

    Label Studio is found as by `claimset annotate`; the workspace's own studio (the one
    `claimset demo` set up) is started for the pull when it is not running.
    """
    from export.demo import build_demo_dataset

    try:
        require_workspace(workdir)
        report = build_demo_dataset(
            workdir, out=out, project=project, port=port, url=url, api_key=api_key, echo=_echo
        )
    except ClaimsetError as e:
        _fail(e)
        return
    if as_json:
        payload = {
            "out": report.out,
            "pull": report.pull.to_dict(),
            "export": report.export.to_dict(),
            "check": report.check.to_dict(),
        }
        click.echo(json.dumps(payload, indent=2, default=str))
    else:
        click.echo(
            f"\nDataset in {report.out}: {report.pull.counts()}; "
            f"check: {plural(len(report.check.errors), 'error')}, "
            f"{plural(len(report.check.warnings), 'warning')}\n"
            f"  Load it: {report.load_hint()}"
        )
    if not report.check.ok:
        sys.exit(1)
