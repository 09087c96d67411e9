"""``--database`` becomes exactly Label Studio's PostgreSQL variables, and no password leaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.database import (
    database_environment,
    inherited_database,
    shown_database,
    shown_url,
)
from annotations.studio import studio_environment
from claims.errors import InputError
from export.cli import cli

CREDS = {"username": "a@b.c", "password": "pw", "api_key": "k" * 40, "secret_key": "s"}


def test_url_becomes_label_studio_variables() -> None:
    env = database_environment("postgresql://team:s%40cret@db.lan:6543/labels", environ={})
    assert env == {
        "DJANGO_DB": "default",
        "POSTGRE_NAME": "labels",
        "POSTGRE_USER": "team",
        "POSTGRE_PASSWORD": "s@cret",
        "POSTGRE_HOST": "db.lan",
        "POSTGRE_PORT": "6543",
    }
    assert shown_database(env) == "postgresql://team@db.lan:6543/labels"
    # No password in the URL: PostgreSQL's own PGPASSWORD, never the command line.
    env = database_environment("postgres://team@db.lan/labels", environ={"PGPASSWORD": "x1"})
    assert (env["POSTGRE_PASSWORD"], env["POSTGRE_PORT"]) == ("x1", "5432")


@pytest.mark.parametrize(
    "url", ["mysql://u:pw-9@h/db", "postgresql://u:pw-9@h/", "postgresql://u:pw-9@h:port/db"]
)
def test_bad_urls_are_one_line_without_the_password(url: str) -> None:
    with pytest.raises(InputError) as info:
        database_environment(url, environ={})
    assert "pw-9" not in str(info.value) and "***" in str(info.value)
    assert shown_url(url).count("***") == 1


def test_environment_selects_the_database_and_nothing_else_leaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTGRE_HOST", "stray-host")
    monkeypatch.setenv("DJANGO_DB", "default")
    sqlite = studio_environment(tmp_path, CREDS, 8080)
    assert "POSTGRE_HOST" not in sqlite and "DJANGO_DB" not in sqlite  # SQLite unless asked
    inherited = inherited_database()
    assert inherited == {"DJANGO_DB": "default", "POSTGRE_HOST": "stray-host"}
    team = studio_environment(tmp_path, CREDS, 8080, database=inherited)
    assert (team["DJANGO_DB"], team["POSTGRE_HOST"]) == ("default", "stray-host")
    monkeypatch.delenv("DJANGO_DB")
    assert inherited_database() is None


def test_cli_rejects_a_bad_database_url_before_starting(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["studio", "--data-dir", str(tmp_path / "d"), "--database", "sqlite:///x.db"]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: --database sqlite:///x.db: only postgresql://")
    assert not (tmp_path / "d").exists()
