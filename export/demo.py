"""The main job in two calls: ``start_demo`` (articles to a live Label Studio project) and
``build_demo_dataset`` (annotations so far to a checked Hugging Face dataset).

Both run on the embedded Label Studio (``annotations.studio.Studio``) whose data lives in the
workspace, so a second run reuses it: annotations persist and nothing is imported twice.
``make demo`` and ``make dataset`` call these through ``claimset demo`` and ``claimset dataset``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from annotations.client import CREDENTIALS_FILE, LabelStudioClient, require_project
from annotations.discovery import Connection, NoServerError, resolve_connection
from annotations.pulling import PullReport, pull
from annotations.pushing import PushReport, push
from annotations.studio import DEFAULT_PORT, Studio
from claims.extract import ExtractReport, extract
from claims.wording import plural
from export.build import ExportReport, export_dataset
from export.check.api import check
from export.check.report import CheckReport

DEMO_PROJECT = "claimset demo"
SAMPLE_ARTICLE = "ahram-2023-04-25-moscow-turkey-syria.txt"

#: ``echo(line)``: where progress lines go (the CLI passes ``click.echo`` to stderr).
Echo = Callable[[str], None]


def sample_articles() -> list[Path]:
    """The article shipped with claimset as sample data (the project's first demo input)."""
    return [Path(str(resources.files("claims") / "sample_data" / SAMPLE_ARTICLE))]


def studio_dir(workdir: Path) -> Path:
    """Where the demo's Label Studio keeps its SQLite database and credentials."""
    return Path(workdir) / ".claimset" / "studio"


@dataclass
class DemoReport:
    """What ``start_demo`` set up, for the CLI to print."""

    workdir: str
    url: str
    username: str
    credentials_file: str
    project: str
    project_id: int
    extract: ExtractReport
    push: PushReport
    tasks_in_project: int

    @property
    def verified(self) -> bool:
        """Every claim of the workspace is a task of the project."""
        return self.tasks_in_project >= self.push.claims


def start_demo(
    workdir: Path | str,
    *,
    articles: Sequence[Path | str] | None = None,
    port: int = DEFAULT_PORT,
    data_dir: Path | str | None = None,
    project: str = DEMO_PROJECT,
    annotators: int = 3,
    echo: Echo = print,
) -> tuple[Studio, DemoReport]:
    """Extract ``articles`` (default: the sample article), start Label Studio and push.

    Returns the running ``Studio`` (the caller stops it) and a report. On any error the studio
    is stopped before the error propagates.
    """
    workdir = Path(workdir)
    inputs = list(articles) if articles else sample_articles()
    echo(f"1/3 extracting claims from {plural(len(inputs), 'article')} into {workdir}")
    extracted = extract(inputs, out=workdir)
    echo(f"    {plural(extracted.claims, 'claim')} from {plural(extracted.documents, 'document')}")
    studio = Studio(Path(data_dir) if data_dir else studio_dir(workdir), port=port)
    echo(f"2/3 starting Label Studio (data in {studio.data_dir}; the first start takes ~40 s)")
    studio.start()
    try:
        if studio.port != port:
            echo(f"    port {port} is in use: Label Studio listens on {studio.port} instead")
        echo(f"3/3 creating project {project!r} with one task per claim")
        client = LabelStudioClient(studio.connection)
        pushed = push(workdir, project=project, annotators=annotators, client=client)
        tasks = _task_count(client, project)
    except BaseException:
        studio.stop()
        raise
    report = DemoReport(
        workdir=str(workdir),
        url=studio.url,
        username=str(studio.credentials["username"]),
        credentials_file=str(studio.data_dir / CREDENTIALS_FILE),
        project=project,
        project_id=pushed.project_id,
        extract=extracted,
        push=pushed,
        tasks_in_project=tasks,
    )
    return studio, report


def _task_count(client: LabelStudioClient, project: str) -> int:
    info = require_project(client, project)
    return int(client.get(f"/api/projects/{info['id']}/").get("task_number") or 0)


@contextlib.contextmanager
def demo_connection(
    workdir: Path | str,
    *,
    url: str | None = None,
    api_key: str | None = None,
    port: int = DEFAULT_PORT,
    echo: Echo = print,
) -> Iterator[Connection]:
    """The server by the order of ``annotations.discovery``; when that finds the workspace's own
    studio (or ``CLAIMSET_STUDIO_DIR``'s) stopped, that studio is started for the duration."""
    try:
        connection = resolve_connection(url=url, api_key=api_key, workdir=workdir)
    except NoServerError as e:
        if e.stopped_studio is None:
            raise NoServerError(f"{e}; for the demo, run `make demo` first") from None
        stopped = e.stopped_studio
    else:
        echo(f"using Label Studio at {connection.url} ({connection.source})")
        yield connection
        return
    echo("starting the demo's Label Studio to pull the annotations")
    studio = Studio(stopped, port=port).start()
    try:
        yield studio.connection
    finally:
        studio.stop()


@dataclass
class DatasetReport:
    """What ``build_demo_dataset`` did: pull, export and check."""

    out: str
    pull: PullReport
    export: ExportReport
    check: CheckReport

    def load_hint(self) -> str:
        """The line that loads the dataset."""
        return f'from datasets import load_dataset; ds = load_dataset("{self.out}")'


def build_demo_dataset(
    workdir: Path | str,
    *,
    out: Path | str | None = None,
    project: str = DEMO_PROJECT,
    port: int = DEFAULT_PORT,
    url: str | None = None,
    api_key: str | None = None,
    echo: Echo = print,
) -> DatasetReport:
    """Pull what has been annotated so far, export the dataset and check it."""
    workdir = Path(workdir)
    target = Path(out) if out is not None else workdir / "dataset"
    with demo_connection(workdir, url=url, api_key=api_key, port=port, echo=echo) as connection:
        echo(f"1/3 pulling annotations of project {project!r}")
        with LabelStudioClient(connection) as client:
            pulled = pull(workdir, project=project, client=client)
    echo(f"    {pulled.counts()} in {workdir / 'annotations.jsonl'}")
    echo(f"2/3 exporting the dataset to {target}")
    exported = export_dataset(workdir, out=target)
    echo(f"3/3 checking {target}")
    report = check(target)
    return DatasetReport(out=str(target), pull=pulled, export=exported, check=report)
