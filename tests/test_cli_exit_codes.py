"""One error style and one exit-status table for every command (docs/cli.md): 0 done, 1 findings
or rejected input, 2 usage error or unreadable input; errors are ``Error: `` lines on stderr."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fixtures.labelstudio import LabelStudioServer

from export.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "claims" / "sample_data" / "ahram-2023-04-25-moscow-turkey-syria.txt"


@pytest.fixture(autouse=True)
def no_server_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No Label Studio in the environment, and no studio record (a state directory of its own)."""
    for name in ("LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY", "CLAIMSET_STUDIO_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def errors_of(result: Result) -> list[str]:
    """The stderr lines; asserts that every problem line is an ``Error: `` line."""
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.lower().startswith("error") and not
                line.startswith("Error: ")], result.stderr  # fmt: skip
    return [line for line in lines if line.startswith("Error: ")]


def usage_error(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert len(errors_of(result)) == 1 and "Traceback" not in result.output


def one_error(result: Result, code: int) -> str:
    assert result.exit_code == code, result.output
    errors = errors_of(result)
    assert len(errors) == 1 and "Traceback" not in result.output, result.stderr
    return errors[0]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The sample article extracted by the real command."""
    work = tmp_path / "work"
    assert run("extract", SAMPLE, "--out", work, "--quiet").exit_code == 0
    return work


@pytest.mark.parametrize(
    "command",
    [
        ["claims", "{ws}"],
        ["export", "{ws}", "--out", "{out}"],
        ["check", "{ws}"],
        ["annotate", "push", "{ws}", "--project", "x"],
        ["dataset", "--workdir", "{ws}"],
    ],
    ids=lambda c: " ".join(c[:2]) if c[0] == "annotate" else c[0],
)
def test_a_workspace_without_claims_exits_2_in_every_command(
    command: list[str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [a.format(ws=empty, out=tmp_path / "out") for a in command]
    line = one_error(run(*args), 2)
    assert str(empty) in line


def test_extract(tmp_path: Path) -> None:
    assert run("extract", SAMPLE, "--out", tmp_path / "a").exit_code == 0
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    rejected = run("extract", SAMPLE, empty, "--out", tmp_path / "b")
    reason = "empty file (remove it or add the article text)"
    assert one_error(rejected, 1) == f"Error: {empty}: {reason}"
    assert "1 document, " in rejected.stderr  # the good article was still processed
    usage_error(run("extract", SAMPLE, "--out", tmp_path / "c", "--json", "--show"))
    usage_error(run("extract", SAMPLE))  # no --out
    usage_error(run("extract", SAMPLE, "--out", tmp_path / "d", "--published", "yesterday"))


def test_claims(workspace: Path, tmp_path: Path) -> None:
    listed = run("claims", workspace, "--limit", "1")
    assert listed.exit_code == 0 and listed.stdout.splitlines()[-1] == "1 claim"
    one_error(run("claims", tmp_path / "missing"), 2)
    usage_error(run("claims", workspace, "--limit", "many"))


def test_export(small_workspace: Path, tmp_path: Path) -> None:
    done = run("export", small_workspace, "--out", tmp_path / "ds")
    assert done.exit_code == 0, done.output
    one_error(run("export", small_workspace, "--out", tmp_path / "x", "--splits", "train=2"), 2)
    one_error(run("export", tmp_path / "missing", "--out", tmp_path / "y"), 2)
    usage_error(run("export", small_workspace))  # no --out


def test_check(built_dataset: Path, tmp_path: Path) -> None:
    assert run("check", built_dataset).exit_code == 0
    findings = run("check", built_dataset, "--min-annotations", "1", "--min-coverage", "1")
    assert findings.exit_code == 1 and "FAILED" in findings.stdout
    one_error(run("check", tmp_path / "missing"), 2)
    usage_error(run("check", built_dataset, "--min-coverage", "2"))


def test_annotate_without_a_server_exits_1_naming_the_places(workspace: Path) -> None:
    for sub in ("push", "pull"):
        line = one_error(run("annotate", sub, workspace, "--project", "x"), 1)
        assert line.startswith("Error: no Label Studio server found; looked at: ")
        assert "LABEL_STUDIO_URL" in line and "claimset studio" in line
    usage_error(run("annotate", "push", workspace, "--project", "x", "--annotators", "0"))
    usage_error(run("annotate", "pull", workspace))  # no --project


@pytest.mark.labelstudio
def test_annotate_with_a_server(label_studio: LabelStudioServer, workspace: Path) -> None:
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.admin_token}
    title = label_studio.new_title("codes")
    try:
        assert run("annotate", "push", workspace, "--project", title, env=env).exit_code == 0
        assert run("annotate", "pull", workspace, "--project", title, env=env).exit_code == 0
        # A claim whose article is not in the workspace is rejected: one line, exit 1.
        claims = (workspace / "claims.jsonl").read_text().splitlines()
        orphan = json.loads(claims[0]) | {"doc_id": "d" * 16, "id": "c" * 16}
        with (workspace / "claims.jsonl").open("a") as f:
            f.write(json.dumps(orphan) + "\n")
        pushed = run("annotate", "push", workspace, "--project", title, env=env)
        line = one_error(pushed, 1)
        assert line.startswith(f"Error: claim {'c' * 16} not pushed: document ")
        assert "already present" in pushed.stdout  # the others were still pushed
        missing = run("annotate", "pull", workspace, "--project", title + "-none", env=env)
        assert "no project titled" in one_error(missing, 1)
        bad_key = {**env, "LABEL_STUDIO_API_KEY": "wrong-key-123456"}
        refused = one_error(run("annotate", "pull", workspace, "--project", title, env=bad_key), 1)
        assert "refused the API key (HTTP 401) from LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY" in (
            refused
        )
    finally:
        label_studio.delete_projects(title)


@pytest.mark.labelstudio
def test_studio(label_studio: LabelStudioServer) -> None:
    usage_error(run("studio", "--port", "70000"))
    # A second server on the data of a running one is refused: one line, exit 1.
    line = one_error(run("studio", "--port", "0", "--data-dir", label_studio.studio.data_dir), 1)
    assert "already running" in line


def test_demo_and_dataset(workspace: Path, tmp_path: Path) -> None:
    usage_error(run("demo", "--workdir", tmp_path / "d", tmp_path / "no-such-article.txt"))
    usage_error(run("demo", "--workdir", tmp_path / "d", "--annotators", "some"))
    usage_error(run("dataset", "--workdir", workspace, "--port", "any"))
    line = one_error(run("dataset", "--workdir", workspace), 1)
    assert "no Label Studio server found" in line and "make demo" in line
    shutil.rmtree(workspace)
    one_error(run("dataset", "--workdir", workspace), 2)
