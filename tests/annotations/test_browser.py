"""The labeling page in a real browser: the claim highlighted, a verdict submitted, pulled back.

Playwright drives Debian's ``chromium`` (never ``playwright install``). Without it the test
skips with the reason, unless ``CLAIMSET_REQUIRE_BROWSER=1`` (CI), where it fails. It takes a
screenshot of the page; with ``CLAIMSET_UPDATE_SCREENSHOT=1`` it refreshes
``docs/labeling-page.png``, the one the README shows (otherwise the run leaves the tree clean).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import EMOJI_CLAIM_SPAN, WorkspaceFactory

from annotations.pulling import pull
from annotations.pushing import existing_claims, push
from annotations.wire import pseudonym
from claims.workspace import read_jsonl

pytestmark = [pytest.mark.browser, pytest.mark.labelstudio]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "labeling-page.png"
SAMPLE = ROOT / "claims" / "sample_data" / "ahram-2023-04-25-moscow-turkey-syria.txt"


def _missing(reason: str) -> None:
    if os.environ.get("CLAIMSET_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " and CLAIMSET_REQUIRE_BROWSER=1", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium through Playwright."""
    chromium = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if chromium is None:
        _missing("Debian chromium is not installed (make browser-deps)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _login(page: Any, url: str, email: str, password: str) -> None:
    page.goto(f"{url}/user/login/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/user/login" not in u)


def _open_task(page: Any, url: str, project_id: int, task_id: int) -> None:
    page.goto(f"{url}/projects/{project_id}/data?task={task_id}")
    page.wait_for_selector(".lsf-main-view")
    page.locator("span.htx-highlight").first.wait_for()


def _submit(page: Any, task_id: int) -> None:
    with page.expect_response(
        lambda r: f"/api/tasks/{task_id}/annotations" in r.url and r.request.method == "POST"
    ) as answer:
        page.get_by_role("button", name="Submit").click()
    assert answer.value.status == 201


def _double_click_word(page: Any, word: str) -> None:
    """Select ``word`` in the article the way an annotator does: a double click."""
    box = page.evaluate(
        """(word) => {
          const root = document.querySelector('.lsf-main-view');
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const i = n.data.indexOf(word);
            if (i >= 0) {
              const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + word.length);
              const b = r.getBoundingClientRect();
              return {x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2};
            }
          }
          return null;
        }""",
        word,
    )
    assert box is not None, f"{word!r} is not on the page"
    page.mouse.dblclick(box["x"], box["y"])


@pytest.mark.timeout(300)
def test_annotator_sees_the_claim_highlighted_submits_and_pull_returns_it(
    browser: Any,
    label_studio: LabelStudioServer,
    make_workspace: WorkspaceFactory,
    tmp_path: Path,
) -> None:
    # A stable title keeps the committed screenshot the same from run to run.
    ls_project = "Moscow talks: claims to check"
    label_studio.delete_projects(ls_project)
    try:
        _annotate_in_browser(browser, label_studio, ls_project, make_workspace, tmp_path)
    finally:
        label_studio.delete_projects(ls_project)


def _annotate_in_browser(
    browser: Any,
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    tmp_path: Path,
) -> None:
    workdir, documents, claims = make_workspace(2)
    report = push(workdir, project=ls_project, client=label_studio.admin)
    task_of = existing_claims(label_studio.admin, report.project_id)
    first, second = task_of[claims[0].id], task_of[claims[1].id]
    annotator = label_studio.annotators[1]

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(60_000)
    _login(page, label_studio.url, annotator.email, annotator.password)

    # Task 1: the prediction highlights exactly the claim's words, emoji before them.
    _open_task(page, label_studio.url, report.project_id, first)
    texts = page.locator("span.htx-highlight").all_inner_texts()
    assert "".join(texts).strip() == EMOJI_CLAIM_SPAN == claims[0].span_text(documents[0])
    page.locator(".lsf-choices").get_by_text("Supported").click()
    page.locator(".lsf-choices").get_by_text("Correct").click()
    _submit(page, first)

    # Task 2: the annotator marks another word after the emoji (hotkeys for the choices).
    _open_task(page, label_studio.url, report.project_id, second)
    page.keyboard.press("c")  # the claim label
    _double_click_word(page, "ministers")
    assert "ministers" in page.locator("span.htx-highlight").all_inner_texts()
    page.keyboard.press("2")  # refuted
    page.keyboard.press("r")  # wrong span or values
    _submit(page, second)
    page.close()

    pulled = pull(workdir, project=ls_project, client=label_studio.admin)
    assert pulled.annotations == 2
    got = {r["task_id"]: r for _, r in read_jsonl(workdir / "annotations.jsonl")}
    one, two = got[first], got[second]
    assert (one["verdict"], one["claim_quality"]) == ("supported", "correct")
    assert (one["span_start"], one["span_end"]) == (claims[0].start, claims[0].end)
    assert one["was_cancelled"] is False
    salt = (workdir / ".claimset" / "annotator-salt").read_text().strip()
    assert one["annotator"] == two["annotator"] == pseudonym(annotator.user_id, salt)
    assert (two["verdict"], two["claim_quality"]) == ("refuted", "wrong_span_or_values")
    text = documents[1].text
    assert text[two["span_start"] : two["span_end"]] == "ministers"


def _in_viewport(page: Any, selector: str) -> dict[str, float]:
    """The first match's box; asserts it lies inside the viewport (no scrolling needed)."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered"
    size = page.viewport_size
    inside = (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )
    assert inside, f"{selector} at {box} is outside the {size} viewport"
    return dict(box)


@pytest.mark.timeout(300)
def test_full_article_page_shows_claim_highlight_and_choices_without_scrolling(
    browser: Any, label_studio: LabelStudioServer, tmp_path: Path
) -> None:
    """The README screenshot: the last claim of the sample article, at 1400x1000."""
    from click.testing import CliRunner

    from annotations.project_settings import apply_project_settings
    from export.cli import cli

    workdir = tmp_path / "work"
    done = CliRunner().invoke(cli, ["extract", str(SAMPLE), "--out", str(workdir), "--quiet"])
    assert done.exit_code == 0, done.output
    claims = [r for _, r in read_jsonl(workdir / "claims.jsonl")]
    last = max(claims, key=lambda c: c["start"])
    text = SAMPLE.read_text(encoding="utf-8")
    assert last["start"] > len(text) / 2, "the sample's last claim should sit low in the article"
    title = "Moscow talks: claims to check"
    label_studio.delete_projects(title)
    try:
        report = push(workdir, project=title, client=label_studio.admin)
        apply_project_settings(label_studio.admin, report.project_id)
        task_id = existing_claims(label_studio.admin, report.project_id)[last["id"]]
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        annotator = label_studio.annotators[0]
        _login(page, label_studio.url, annotator.email, annotator.password)
        _open_task(page, label_studio.url, report.project_id, task_id)
        page.wait_for_timeout(2500)  # let the editor settle as an annotator would see it
        # The article scrolled in its own column to the claim; the page itself did not move.
        assert page.evaluate("document.querySelector('.claimset-article').scrollTop") > 0
        assert page.evaluate("window.scrollY") == 0
        highlight = _in_viewport(page, "span.htx-highlight")
        for choices in page.locator(".lsf-choices").all():
            assert choices.is_visible()
        _in_viewport(page, ".lsf-choices >> nth=0")
        _in_viewport(page, ".lsf-choices >> nth=1")
        assert highlight["height"] > 0
        # The annotation's tab names its annotator by display name, never by e-mail.
        shown = page.inner_text("body")
        assert "@" not in shown, "an e-mail address is on the labeling page"
        shot = (
            SCREENSHOT
            if os.environ.get("CLAIMSET_UPDATE_SCREENSHOT") == "1"
            else tmp_path / "page.png"
        )
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        _task_list_shows_claims_not_articles(page, label_studio.url, report.project_id)
        _labeling_stream_opens_with_the_guidelines(page, label_studio.url, report.project_id)
        page.close()
    finally:
        label_studio.delete_projects(title)


def _task_list_shows_claims_not_articles(page: Any, url: str, project_id: int) -> None:
    """The Data Manager's rows read as claims: claim text first, the article text hidden."""
    page.goto(f"{url}/projects/{project_id}/data")
    page.get_by_text("claim_text").first.wait_for()
    headers = page.locator("body").inner_text()  # the column headers come first
    assert headers.index("claim_text") < headers.index("claim_type") < headers.index("slots")
    hidden_columns = ("publisher", "doc_id", "Annotated by", "Annotation results")
    for hidden in (*hidden_columns, "Prediction results"):
        assert hidden not in headers, headers
    assert "Short link" not in page.locator("body").inner_text()  # no article text in the rows


def _labeling_stream_opens_with_the_guidelines(page: Any, url: str, project_id: int) -> None:
    """Label All Tasks opens on Label Studio's instruction panel holding the guidelines and the
    meaning of every choice (not a header inside the page); closing it leaves the editor."""
    from annotations.schema import LABEL_SCHEMA

    page.goto(f"{url}/projects/{project_id}/data?labeling=1")
    close = page.get_by_label("Close modal")
    close.wait_for()
    panel = close.locator("xpath=ancestor::div[contains(@class, 'modal')][last()]")
    shown = panel.inner_text()
    assert LABEL_SCHEMA.guidelines[:60] in " ".join(shown.split()), shown[:300]
    assert "Work alone" in shown
    for field in LABEL_SCHEMA.choices:
        for choice in field.choices:
            assert choice.description[:40] in " ".join(shown.split()), choice.alias
    close.click()
    close.wait_for(state="hidden")
    page.locator(".lsf-choices").first.wait_for()
    assert LABEL_SCHEMA.guidelines[:60] not in " ".join(
        page.locator(".lsf-main-view").inner_text().split()
    )  # the page itself carries no guidelines header


@pytest.mark.timeout(300)
def test_review_page_shows_the_earlier_verdicts_beside_the_choices(
    browser: Any,
    label_studio: LabelStudioServer,
    ls_project: str,
    make_workspace: WorkspaceFactory,
    tmp_path: Path,
) -> None:
    """A review round's task: the earlier verdicts (pseudonyms) are on screen with the choices."""
    from annotations.rounds import parse_selectors
    from annotations.state import annotator_salt
    from export.rounds import seed_review_round

    workdir, _, claims = make_workspace(1)
    admin, (a, b, c) = label_studio.admin, label_studio.annotators
    review_title = ls_project + " review"
    try:
        first = push(workdir, project=ls_project, annotators=2, client=admin)
        task = existing_claims(admin, first.project_id)[claims[0].id]
        label_studio.annotate(a, task, verdict="supported", quality="correct")
        label_studio.annotate(b, task, verdict="refuted", quality="correct")
        pull(workdir, project=ls_project, client=admin)
        review = seed_review_round(workdir, parse_selectors(["needs-adjudication"]))
        pushed = push(workdir, project=review_title, client=admin, review=review)
        review_task = existing_claims(admin, pushed.project_id)[claims[0].id]
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        _login(page, label_studio.url, c.email, c.password)
        _open_task(page, label_studio.url, pushed.project_id, review_task)
        block = page.locator(".claimset-earlier")
        salt = annotator_salt(workdir)
        for user, verdict in ((a, "Supported"), (b, "Refuted")):
            assert f"{pseudonym(user.user_id, salt)}: {verdict}" in block.inner_text()
        assert "@" not in block.inner_text()
        _in_viewport(page, ".claimset-earlier")
        _in_viewport(page, ".lsf-choices >> nth=0")
        page.close()
    finally:
        label_studio.delete_projects(review_title)
