"""The card's Hub keys and licence, its offline validation, deterministic pictures, and
``--push-to-hub``.

No Hub is reachable here, so the push tests replace ``HfApi``'s four methods (``create_repo``,
``create_branch``, ``upload_folder``, ``create_tag``) by recorders and assert the arguments;
everything before them (CLI, export, card validation) is real.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from huggingface_hub import DatasetCard, HfApi

from claims.workspace import CONFIG
from export.card import read_front_matter
from export.card_check import card_problems
from export.cli import cli
from export.layout import CARD, MARKER

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_card_has_the_hub_standard_keys_and_parses(built_dataset: Path) -> None:
    text = (built_dataset / CARD).read_text(encoding="utf-8")
    data = DatasetCard(text).data.to_dict()
    assert data["task_ids"] == ["fact-checking"]
    assert data["task_categories"] == ["text-classification"]
    assert data["language_creators"] == ["found"]
    assert data["multilinguality"] == ["monolingual"]
    assert data["source_datasets"] == ["original"]
    assert data["annotations_creators"] == ["expert-generated", "machine-generated"]
    assert data["size_categories"] == ["n<1K"] and data["tags"]
    assert data["license"] == "unknown"
    assert data["claimset"]["publishers"] == {"Test Gazette": 6}
    assert card_problems(text) == []


def test_licence_unknown_by_default_with_a_warning(small_workspace: Path, tmp_path: Path) -> None:
    code, stdout, stderr = run("export", str(small_workspace), "--out", str(tmp_path / "ds"))
    assert code == 0, stderr
    assert "licence: unknown" in stdout
    assert "warning: licence unknown: set 'license' in config.json or pass --license" in stdout
    body = (tmp_path / "ds" / CARD).read_text(encoding="utf-8")
    assert "**Licence: unknown.**" in body and "| Test Gazette | 6 |" in body
    croissant = json.loads((tmp_path / "ds" / "croissant.json").read_text(encoding="utf-8"))
    assert "license" not in croissant


def test_licence_from_config_and_from_the_option(small_workspace: Path, tmp_path: Path) -> None:
    import shutil

    ws = Path(shutil.copytree(small_workspace, tmp_path / "ws"))
    config = json.loads((ws / CONFIG).read_text()) if (ws / CONFIG).exists() else {}
    (ws / CONFIG).write_text(json.dumps({**config, "license": "CC-BY-SA-4.0"}), encoding="utf-8")
    code, stdout, stderr = run("export", str(ws), "--out", str(tmp_path / "a"))
    assert code == 0, stderr
    assert read_front_matter(tmp_path / "a")["license"] == "cc-by-sa-4.0"
    assert "warning: licence" not in stdout
    code, _, stderr = run("export", str(ws), "--out", str(tmp_path / "b"), "--license", "mit")
    assert code == 0, stderr
    assert read_front_matter(tmp_path / "b")["license"] == "mit"
    croissant = json.loads((tmp_path / "b" / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["license"] == "https://spdx.org/licenses/MIT.html"


def test_a_licence_the_hub_does_not_know_is_refused(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    code, _, stderr = run("export", str(small_workspace), "--out", str(out), "--license", "mine")
    assert code == 2
    assert stderr.startswith("Error: --license: 'mine' is not a licence id the Hub knows")
    assert len(stderr.strip().splitlines()) == 1 and not out.exists()


def test_card_check_finds_bad_values(built_dataset: Path) -> None:
    text = (built_dataset / CARD).read_text(encoding="utf-8")
    assert card_problems(text.replace("license: unknown", "license: cc-by-5.0")) == [
        "license 'cc-by-5.0' is not a value the Hub accepts"
    ]
    assert card_problems(text.replace("- fact-checking\npretty", "- fact-finding\npretty")) == [
        "task_ids 'fact-finding' is not a value the Hub accepts"
    ]
    assert card_problems("no front matter") == ["no YAML front matter"]
    assert "huggingface_hub cannot parse it" in card_problems("---\n- a\n- b\n---\n")[0]


def test_pictures_are_byte_identical_across_processes(
    small_workspace: Path, built_dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "again"
    code = (
        "import sys; from export.build import export_dataset as e; e(sys.argv[1], out=sys.argv[2])"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(small_workspace), str(out)], check=True, cwd=ROOT
    )
    for name in ("images/labels.png", "images/agreement.png"):
        first, second = (built_dataset / name).read_bytes(), (out / name).read_bytes()
        assert first.startswith(b"\x89PNG") and first == second, name
        assert b"Software" not in first and b"matplotlib" not in first


class Recorder:
    """Stands in for the Hub: records each ``HfApi`` call with its arguments."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        for name in ("create_repo", "create_branch", "upload_folder", "create_tag"):
            monkeypatch.setattr(HfApi, name, self._method(name))

    def _method(self, name: str) -> Any:
        def record(api: HfApi, *args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            if name == "upload_folder":
                folder = Path(kwargs["folder_path"])
                kwargs["files"] = sorted(p.name for p in folder.iterdir())
                return SimpleNamespace(oid="c0ffee" * 6 + "c0ff")
            return None

        return record

    def names(self) -> list[str]:
        return [c[0] for c in self.calls]

    def kwargs(self, name: str) -> dict[str, Any]:
        return next(k for n, _, k in self.calls if n == name)


def test_push_calls_the_hub_with_the_options(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    hub = Recorder(monkeypatch)
    out = tmp_path / "ds"
    args = ["export", str(small_workspace), "--out", str(out), "--push-to-hub", "me/claims"]
    code, stdout, stderr = run(*args, "--private", "--revision", "v2", "--json")
    assert code == 0, stderr
    digest = read_front_matter(out)["claimset"]["content_hash"]
    tag = f"claimset-{digest[:12]}"
    assert hub.names() == ["create_repo", "create_branch", "upload_folder", "create_tag"]
    assert hub.calls[0][1] == ("me/claims",)
    assert hub.kwargs("create_repo") == {"repo_type": "dataset", "private": True, "exist_ok": True}
    assert hub.kwargs("create_branch") == {"branch": "v2", "repo_type": "dataset", "exist_ok": True}
    upload = hub.kwargs("upload_folder")
    assert upload["repo_id"] == "me/claims" and upload["revision"] == "v2"
    assert upload["commit_message"] == f"claimset 0.1.0 export, content {digest[:12]}"
    assert upload["ignore_patterns"] == [MARKER] and Path(upload["folder_path"]) == out
    assert hub.kwargs("create_tag")["tag"] == tag
    assert hub.kwargs("create_tag")["revision"] == "c0ffee" * 6 + "c0ff"
    pushed = json.loads(stdout)["pushed"]
    assert pushed["tag"] == tag and pushed["revision"] == "v2"


def test_push_defaults_and_commit_message(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    hub = Recorder(monkeypatch)
    out = tmp_path / "ds"
    code, stdout, stderr = run(
        "export", str(small_workspace), "--out", str(out),
        "--push-to-hub", "me/claims", "--commit-message", "first release",
    )  # fmt: skip
    assert code == 0, stderr
    assert hub.names() == ["create_repo", "upload_folder", "create_tag"]  # no branch to create
    assert hub.kwargs("create_repo")["private"] is False
    assert hub.kwargs("upload_folder")["commit_message"] == "first release"
    assert hub.kwargs("upload_folder")["revision"] is None
    assert "pushed to me/claims (main), tagged claimset-" in stdout


def test_an_invalid_card_is_never_uploaded(
    built_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from export.hub import push_to_hub

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    hub = Recorder(monkeypatch)
    out = Path(shutil.copytree(built_dataset, tmp_path / "ds"))
    card = out / CARD
    card.write_text(card.read_text().replace("license: unknown", "license: nope"))
    report = SimpleNamespace(builder_version="0.1.0", content_hash="ab" * 32)
    from claims.errors import InputError

    with pytest.raises(InputError, match=r"README\.md: not a valid dataset card \(license 'nope'"):
        push_to_hub(out, "me/claims", report=report)  # type: ignore[arg-type]
    assert hub.calls == []


def test_push_options_need_push_to_hub(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    code, _, stderr = run("export", str(small_workspace), "--out", str(out), "--private")
    assert (
        code == 2
        and stderr == "Error: --private, --revision and --commit-message need --push-to-hub\n"
    )
    assert not out.exists()


def test_a_failed_upload_is_one_line_and_creates_no_tag(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    hub = Recorder(monkeypatch)

    def refuse(api: HfApi, **kwargs: Any) -> None:
        hub.calls.append(("upload_folder", (), kwargs))
        raise PermissionError("403 Forbidden: you cannot write to me/claims\nmore detail")

    monkeypatch.setattr(HfApi, "upload_folder", refuse)
    args = ["export", str(small_workspace), "--out", str(tmp_path / "ds")]
    code, _, stderr = run(*args, "--push-to-hub", "me/claims")
    assert code == 1
    assert (
        stderr == "Error: cannot push to me/claims: 403 Forbidden: you cannot write to me/claims\n"
    )
    assert hub.names() == ["create_repo", "upload_folder"]
