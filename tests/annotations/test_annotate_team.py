"""A team on a real Label Studio: the invite link signs a new account up, members are listed as
pseudonyms, the labeling queue serves each claim to exactly N different annotators without
showing anyone another's answer, and the lead's status counts what they did."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from fixtures.labelstudio import Annotator, LabelStudioServer, build_result, template_dir
from ls_helpers import WorkspaceFactory, listening_addresses

from annotations.project_settings import apply_project_settings
from annotations.pushing import existing_claims, push
from annotations.studio import free_port, is_loopback, outward_address
from annotations.wire import pseudonym
from export.cli import cli

pytestmark = pytest.mark.labelstudio


def run(server: LabelStudioServer, *args: str | Path) -> Result:
    env = {"LABEL_STUDIO_URL": server.url, "LABEL_STUDIO_API_KEY": server.admin_token}
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def _sign_up(link: str, email: str, password: str) -> httpx.Response:
    """Sign up through the page as a browser does: GET the form, POST it with its CSRF token."""
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        form = browser.get(link)
        assert form.status_code == 200, form.text[:300]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token, "no CSRF token in the sign-up form"
        body = {"csrfmiddlewaretoken": token.group(1), "email": email, "password": password}
        return browser.post(link, data=body, headers={"Referer": link})


def test_invite_link_signs_up_a_new_annotator_and_users_shows_no_emails(
    label_studio: LabelStudioServer, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(1)
    invited = run(label_studio, "annotate", "invite")
    assert invited.exit_code == 0, invited.output
    link = invited.stdout.strip()
    assert link.startswith(label_studio.url + "/user/signup/?token=")

    # Without the link's token, sign-up is refused (open sign-up stays off).
    refused = _sign_up(label_studio.url + "/user/signup/", "stranger@claimset.localhost", "x" * 12)
    assert refused.status_code == 403
    email = "newcomer@claimset.localhost"
    signed = _sign_up(link, email, "a-long-password-2026")
    assert signed.status_code == 302, signed.text[:300]
    users = {u["email"]: u["id"] for u in label_studio.admin.get("/api/users/")}
    assert email in users and "stranger@claimset.localhost" not in users

    listed = run(label_studio, "annotate", "users", workdir, "--json")
    assert listed.exit_code == 0, listed.output
    assert "@" not in listed.stdout  # no e-mail, no login name
    members = json.loads(listed.stdout)["members"]
    salt = (workdir / ".claimset" / "annotator-salt").read_text().strip()
    assert {"annotator": pseudonym(users[email], salt), "user_id": users[email],
            "annotations": None, "skips": None} in members  # fmt: skip
    assert "@" not in run(label_studio, "annotate", "users", workdir).stdout

    # --reset: the old link no longer signs anyone up.
    renewed = run(label_studio, "annotate", "invite", "--reset").stdout.strip()
    assert renewed != link
    late = _sign_up(link, "late@claimset.localhost", "a-long-password-2026")
    assert late.status_code == 403


def _next(server: LabelStudioServer, user: Annotator, project_id: int) -> dict[str, Any] | None:
    """The next task of the labeling stream for ``user`` (None: the queue has nothing left)."""
    answer = httpx.get(
        f"{server.url}/api/projects/{project_id}/next",
        headers={"Authorization": f"Token {user.token}"},
        timeout=30,
    )
    if answer.status_code == 404:
        return None
    answer.raise_for_status()
    return dict(answer.json())


@pytest.mark.timeout(300)
def test_queue_serves_each_claim_to_n_distinct_annotators_blind(
    label_studio: LabelStudioServer, make_workspace: WorkspaceFactory, ls_project: str
) -> None:
    workdir, _, claims = make_workspace(4)
    report = push(workdir, project=ls_project, annotators=2, client=label_studio.admin)
    apply_project_settings(label_studio.admin, report.project_id)
    tasks = existing_claims(label_studio.admin, report.project_id)
    annotators = label_studio.annotators
    seen: dict[int, list[int]] = defaultdict(list)  # task -> user ids it was served to
    verdicts = ["supported", "supported", "refuted"]
    finished: set[str] = set()
    for _ in range(20):
        for user, verdict in zip(annotators, verdicts, strict=True):
            if user.email in finished:
                continue
            task = _next(label_studio, user, report.project_id)
            if task is None:
                finished.add(user.email)
                continue
            task_id = int(task["id"])
            # The stream carries no annotation of anyone else: not the list, not their words.
            assert task["annotations"] == [], task["annotations"]
            assert "secret-note-" not in json.dumps(task)
            versions = [p["model_version"] for p in task["predictions"]]
            assert versions == ["claimset-rules 0.1.0-test"]  # named after the extractor
            seen[task_id].append(user.user_id)
            body = {"result": build_result(verdict=verdict, quality="correct",
                                           notes=f"secret-note-{user.user_id}"),
                    "lead_time": 3.0}  # fmt: skip
            posted = httpx.post(
                f"{label_studio.url}/api/tasks/{task_id}/annotations/?project={report.project_id}",
                json=body,
                headers={"Authorization": f"Token {user.token}"},
                timeout=30,
            )
            assert posted.status_code == 201, posted.text
        if len(finished) == len(annotators):
            break
    assert len(finished) == 3, "the queue never ran dry"
    assert sorted(seen) == sorted(tasks.values())
    for task_id, users in seen.items():
        assert len(users) == len(set(users)) == 2, (task_id, users)
    # Everyone did some: the queue spreads the 8 annotations over the three accounts.
    per_user = defaultdict(int)
    for users in seen.values():
        for uid in users:
            per_user[uid] += 1
    assert sum(per_user.values()) == 2 * len(claims) and len(per_user) >= 2

    # The lead's status counts what the stream produced, without writing annotations.jsonl.
    shown = run(label_studio, "annotate", "status", workdir, "--project", ls_project, "--json")
    assert shown.exit_code == 0, shown.output
    status = json.loads(shown.stdout)
    assert (status["claims"], status["covered"], status["coverage"]) == (4, 4, 1.0)
    salt = (workdir / ".claimset" / "annotator-salt").read_text().strip()
    done = {a["annotator"]: a["done"] for a in status["annotators"]}
    assert done == {pseudonym(uid, salt): n for uid, n in per_user.items()}
    assert "@" not in shown.stdout
    assert not (workdir / "annotations.jsonl").exists()
    # Annotator 3 always said "refuted", the others "supported": where 3 met one other there is
    # no majority (1 against 1); where 1 and 2 met, both agree.
    both = sum(1 for users in seen.values() if annotators[2].user_id not in users)
    assert status["with_majority"] == both
    assert status["agreement"] == (1.0 if both else None)
    users = run(label_studio, "annotate", "users", workdir, "--project", ls_project, "--json")
    counts = {m["user_id"]: m["annotations"] for m in json.loads(users.stdout)["members"]}
    assert {uid: counts[uid] for uid in per_user} == dict(per_user)


def test_studio_refuses_an_address_others_reach_without_expose(tmp_path: Path) -> None:
    for host in ("0.0.0.0", outward_address()):
        refused = CliRunner().invoke(
            cli, ["studio", "--host", host, "--data-dir", str(tmp_path / "d")]
        )
        assert refused.exit_code == 2, refused.output
        errors = [line for line in refused.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and "--expose" in errors[0], refused.stderr
        assert not (tmp_path / "d").exists()  # nothing started, nothing written
    assert is_loopback("localhost") and is_loopback("127.0.0.1") and not is_loopback("0.0.0.0")


@pytest.mark.timeout(300)
def test_studio_exposed_on_all_addresses_says_what_that_exposes(tmp_path: Path) -> None:
    data_dir = tmp_path / "studio"
    shutil.copytree(template_dir(), data_dir)
    port = free_port(0)
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    command = [sys.executable, "-c", "from export.cli import main; main()", "studio", "--host",
               "0.0.0.0", "--expose", "--port", str(port), "--data-dir", str(data_dir)]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env)  # fmt: skip
    try:
        lines = []
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        output = "".join(lines)
        public = f"http://{outward_address()}:{port}"
        assert f"running at {public}" in output, output
        assert "no TLS" in output and "invite link" in output and "every project" in output
        assert listening_addresses(port) == {"00000000"}  # 0.0.0.0: every interface
        # Reached on the machine's own network address, not only on loopback.
        assert httpx.get(public + "/health", timeout=10).json()["status"] == "UP"
        key = json.loads((data_dir / "credentials.json").read_text())["api_key"]
        invited = CliRunner().invoke(cli, ["annotate", "invite", "--url", public, "--api-key", key])
        assert invited.stdout.startswith(public + "/user/signup/?token="), invited.output
        assert key not in output + invited.output
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
