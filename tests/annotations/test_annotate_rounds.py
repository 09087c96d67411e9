"""Review rounds on a real Label Studio: disagreement, ``push --only``, adjudication, export.

Round 1 is pushed and annotated through the API by two annotator accounts with their own
tokens; one claim gets split answers. ``push --only needs-adjudication`` creates a review
project holding only that claim, whose task shows the earlier verdicts under pseudonyms; a
third account adjudicates; after both pulls the export gives the adjudicator's label, records
it in ``provenance.adjudication`` and ``claimset check`` passes. Seeding from the exported
dataset selects the same claims as seeding from the workspace.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import WorkspaceFactory

from annotations.config import EARLIER_TITLE
from annotations.project_settings import CARD_SENTENCE
from annotations.pushing import existing_claims
from annotations.rounds import parse_selectors
from annotations.state import annotator_salt
from annotations.wire import pseudonym
from export.cli import cli
from export.rounds import seed_review_round

pytestmark = pytest.mark.labelstudio


def _run(args: list[str], server: LabelStudioServer) -> Any:
    """``claimset ARGS`` (against ``server`` for the annotate commands)."""
    flags = ["--url", server.url, "--api-key", server.admin_token] if args[0] == "annotate" else []
    return CliRunner().invoke(cli, [*args, *flags], catch_exceptions=False)


def _task_data(server: LabelStudioServer, project_id: int) -> dict[str, dict[str, Any]]:
    body = server.admin.get("/api/tasks/", project=project_id, fields="all", page_size=100)
    return {t["data"]["claim_id"]: t["data"] for t in body["tasks"]}


def _project_id(server: LabelStudioServer, title: str) -> int:
    (project,) = server.admin.projects_titled(title)
    return int(project["id"])


@pytest.mark.timeout(600)
def test_review_round_adjudicates_and_the_export_records_it(
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    tmp_path: Path,
    hf_offline: Path,
) -> None:
    from datasets import load_dataset

    server, title, review_title = label_studio, ls_project, ls_project + " review"
    workdir, _, claims = make_workspace(3)
    agreed, split, untouched = (c.id for c in claims)
    a, b, c = server.annotators
    try:
        pushed = _run(["annotate", "push", str(workdir), "--project", title, "--annotators", "2"],
                      server)  # fmt: skip
        assert pushed.exit_code == 0, pushed.output
        first = existing_claims(server.admin, _project_id(server, title))
        for user in (a, b):
            server.annotate(
                user, first[agreed], verdict="supported", quality="wrong_span_or_values"
            )
        server.annotate(a, first[split], verdict="supported", quality="correct")
        server.annotate(b, first[split], verdict="refuted", quality="not_atomic")
        assert _run(["annotate", "pull", str(workdir), "--project", title], server).exit_code == 0

        # The same selection from the workspace and from the dataset exported from it.
        before = tmp_path / "round1"
        exported = _run(["export", str(workdir), "--out", str(before)], server)
        assert exported.exit_code == 0, exported.output
        for only in ("needs-adjudication", "quality:wrong_span_or_values", "unannotated"):
            selectors = parse_selectors([only])
            seeded = seed_review_round(workdir, selectors)
            from_dataset = seed_review_round(workdir, selectors, before)
            assert (
                seeded.claims == from_dataset.claims and seeded.number == 2 == from_dataset.number
            )
        assert list(seed_review_round(workdir, parse_selectors(["needs-adjudication"])).claims) == [
            split
        ]
        assert list(seed_review_round(workdir, parse_selectors(["unannotated"])).claims) == [
            untouched
        ]

        review = ["annotate", "push", str(workdir), "--project", review_title, "--only",
                  "needs-adjudication", "--json"]  # fmt: skip
        pushed = _run(review, server)
        assert pushed.exit_code == 0, pushed.output
        report = json.loads(pushed.output)
        assert (report["imported"], report["round"], report["claims"]) == (1, 2, 1)
        review_id = report["project_id"]
        data = _task_data(server, review_id)
        assert list(data) == [split]  # only the disagreed claim arrived
        salt = annotator_salt(workdir)
        shown = data[split]["earlier_verdicts"]
        assert data[split]["round"] == 2
        assert f"{pseudonym(a.user_id, salt)}: Supported, extraction Correct (round 1)" in shown
        assert f"{pseudonym(b.user_id, salt)}: Refuted, extraction Not atomic (round 1)" in shown
        assert "@" not in json.dumps(data)  # never an e-mail
        config = server.admin.get(f"/api/projects/{review_id}/")["label_config"]
        assert EARLIER_TITLE in config and "$earlier_verdicts" in config
        first_config = server.admin.get(f"/api/projects/{_project_id(server, title)}/")
        assert "$earlier_verdicts" not in first_config["label_config"]
        assert first_config["maximum_annotations"] == 2
        assert server.admin.get(f"/api/projects/{review_id}/")["maximum_annotations"] == 1

        again = json.loads(_run(review, server).output)  # idempotent
        assert (again["imported"], again["already_present"]) == (0, 1)
        assert len(_task_data(server, review_id)) == 1

        (review_task,) = existing_claims(server.admin, review_id).values()
        server.annotate(c, review_task, verdict="refuted", quality="not_atomic")
        pulled = _run(["annotate", "pull", str(workdir), "--project", review_title, "--json"],
                      server)  # fmt: skip
        assert json.loads(pulled.output)["annotations"] == 5  # both projects' records kept
        again_first = _run(["annotate", "pull", str(workdir), "--project", title, "--json"], server)
        assert json.loads(again_first.output)["annotations"] == 5
        records = [json.loads(line) for line in (workdir / "annotations.jsonl").open()]
        assert sorted(r["round"] for r in records) == [1, 1, 1, 1, 2]

        out = tmp_path / "dataset"
        exported = _run(["export", str(workdir), "--out", str(out)], server)
        assert exported.exit_code == 0, exported.output
        checked = CliRunner().invoke(cli, ["check", str(out)])
        assert checked.exit_code == 0, checked.output
        # The card says plainly what the annotators could see (the queue blind, the task list not).
        card = " ".join((out / "README.md").read_text(encoding="utf-8").split())
        assert CARD_SENTENCE in card and "review rounds" in card.lower()
        rows = load_dataset(str(out), cache_dir=str(hf_offline))
        by_id = {r["claim_id"]: r for s in rows.values() for r in s}
        names = rows[next(iter(rows))].features
        verdict = names["verdict"].int2str
        quality = names["claim_quality"].int2str
        adjudicated = by_id[split]
        assert verdict(adjudicated["verdict"]) == "refuted"
        assert quality(adjudicated["claim_quality"]) == "not_atomic"
        assert adjudicated["needs_adjudication"] is False
        assert adjudicated["agreement"] == 0.5  # the independent round's figure
        prov = adjudicated["provenance"]["adjudication"]
        assert prov["round"] == 2 and prov["project_id"] == review_id
        assert prov["task_id"] == review_task
        assert prov["annotators"] == [pseudonym(c.user_id, salt)]
        assert prov["overridden_verdict"] is None  # the first round had no majority
        assert adjudicated["provenance"]["label_studio"]["task_id"] == first[split]
        assert sorted(x["round"] for x in adjudicated["annotations"]) == [1, 1, 2]
        plain = by_id[agreed]["provenance"]["adjudication"]
        assert plain["round"] is None and plain["annotators"] == []
        assert verdict(by_id[agreed]["verdict"]) == "supported"

        # After the adjudication nothing needs it: the review push adds nothing.
        again = json.loads(_run(review, server).output)
        assert again["imported"] == 0
    finally:
        server.delete_projects(review_title)


def test_a_second_review_round_seeded_from_a_dataset(
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    tmp_path: Path,
) -> None:
    """``--from-dataset``: the unannotated claims of an export go to their own round."""
    server, title = label_studio, ls_project
    workdir, _, claims = make_workspace(2)
    fill = title + " fill"
    try:
        assert _run(["annotate", "push", str(workdir), "--project", title], server).exit_code == 0
        tasks = existing_claims(server.admin, _project_id(server, title))
        server.annotate(server.annotators[0], tasks[claims[0].id], verdict="supported",
                        quality="correct")  # fmt: skip
        assert _run(["annotate", "pull", str(workdir), "--project", title], server).exit_code == 0
        out = tmp_path / "dataset"
        assert _run(["export", str(workdir), "--out", str(out)], server).exit_code == 0
        args = ["annotate", "push", str(workdir), "--project", fill, "--only", "unannotated",
                "--from-dataset", str(out), "--json"]  # fmt: skip
        report = json.loads(_run(args, server).output)
        assert (report["imported"], report["round"]) == (1, 2)
        (data,) = _task_data(server, report["project_id"]).values()
        assert data["claim_id"] == claims[1].id
        assert data["earlier_verdicts"].startswith("No earlier answers")
        # the first-round project cannot be refilled as a review round, nor the reverse
        wrong = _run(["annotate", "push", str(workdir), "--project", title, "--only",
                      "unannotated"], server)  # fmt: skip
        assert wrong.exit_code == 1 and "holds round 1" in wrong.output
        wrong = _run(["annotate", "push", str(workdir), "--project", fill], server)
        assert wrong.exit_code == 1 and "review round 2" in wrong.output
    finally:
        server.delete_projects(fill)


@pytest.mark.parametrize(
    ("only", "message"),
    [
        ("quality:bogus", "'bogus' is not a value of claim_quality"),
        ("whatever", "not a selector"),
        ("needs-adjudication,verdict:maybe", "'maybe' is not a value of verdict"),
    ],
)
def test_a_bad_selector_is_one_error_line(
    only: str, message: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(1)
    args = ["annotate", "push", str(workdir), "--project", "x", "--only", only,
            "--url", "http://127.0.0.1:9", "--api-key", "unused"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]


def test_from_dataset_needs_only_and_a_dataset(make_workspace: WorkspaceFactory) -> None:
    workdir, _, _ = make_workspace(1)
    base = ["annotate", "push", str(workdir), "--project", "x", "--url", "http://127.0.0.1:9",
            "--api-key", "unused"]  # fmt: skip
    result = CliRunner().invoke(cli, [*base, "--from-dataset", str(workdir)])
    assert result.exit_code == 2 and "--from-dataset needs --only" in result.stderr
    result = CliRunner().invoke(cli, [*base, "--only", "unannotated", "--from-dataset",
                                      str(workdir)])  # fmt: skip
    assert result.exit_code == 2 and "not a dataset directory" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
