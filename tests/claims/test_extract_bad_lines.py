"""Every bad JSONL line is one ``error:`` line naming file, line and reason; the rest goes on.

Through the real CLI (click's runner on ``export.cli:cli``), plus Hypothesis over arbitrary
bytes and arbitrary JSON values: no input ever produces a traceback.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.reader import MAX_LINE_BYTES
from export.cli import cli

GOOD = {"id": "g", "title": "Shares", "text": "Shares fell 2% on Monday."}


def run(*args: str) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(cli, list(args))
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.stdout, result.stderr, exception


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


BAD_LINES: list[tuple[bytes, str]] = [
    (b'{"id": "s1", "text": "Profits rose 5% \\ud800 on Monday."}', "lone surrogate"),
    (b'{"id": "s2", "title": "\\udfff", "text": "Profits rose 5%."}', "'title' holds a lone"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"text": "Profits rose 5%.", "extra": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "deeply"),
    (b'{"text": "Profits rose 5%.", "id": ' + b"9" * 5000 + b"}", "not usable JSON"),
    (b'{"text": 12}', "'text' is a number"),
    (b'{"text": "Profits rose 5%.", "title": ["a"]}', "'title' is an array"),
    (b'{"text": "Profits rose 5%.", "id": {"a": 1}}', "'id' is an object"),
    (b'{"text": "Profits rose 5%.", "published": 2005}', "'published' is a number"),
    (b'"just a string"', "not a JSON object"),
    (b'{"text": "unterminated', "not valid JSON"),
    (b'{"text": "caf\xe9"}', "not UTF-8"),
    (b'{"text": "   "}', "no 'text'"),
    (b'{"title": "no text"}', "no 'text'"),
    (b'{"text": "nul \\u0000 inside"}', "NUL"),
    (b'{"text": null}', "no 'text'"),
]


def test_each_bad_line_is_one_error_and_the_rest_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps(GOOD).encode()]
    for raw, _ in BAD_LINES:
        lines.append(raw)
    lines.append(json.dumps({**GOOD, "id": "g2", "text": "Sales rose 7% in May."}).encode())
    path.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err, exception = run("extract", str(path), "--out", str(tmp_path / "ws"), "--json")
    assert exception is None and "Traceback" not in err
    assert code == 1
    errors = error_lines(err)
    assert len(errors) == len(BAD_LINES), err
    for n, ((_, reason), line) in enumerate(zip(BAD_LINES, errors, strict=True), start=2):
        assert line.startswith(f"Error: {path}:{n}: "), line
        assert reason in line, (reason, line)
    report = json.loads(out)
    assert report["documents"] == 2 and len(report["rejected"]) == len(BAD_LINES)
    written = (tmp_path / "ws" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    sources = [json.loads(line)["source"] for line in written]
    assert sources == [f"{path.name}#g", f"{path.name}#g2"]


def test_summary_counts_the_rejected_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + BAD_LINES[0][0] + b"\n[[[\n")
    code, _, err, exception = run("extract", str(path), "--out", str(tmp_path / "ws"))
    assert exception is None and code == 1
    assert "1 document," in err and "2 rejected" in err


def test_an_overlong_line_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as f:
        f.write(b'{"text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}\n')
        f.write(json.dumps(GOOD).encode() + b"\n")
    code, _, err, exception = run("extract", str(path), "--out", str(tmp_path / "ws"))
    assert exception is None and code == 1
    (line,) = error_lines(err)
    assert line.startswith(f"Error: {path}:1: line too long")
    assert "1 document," in err


def _check_run(data: bytes) -> None:
    """Extract ``data`` as a JSONL file: exit 0 or 1, one error per bad line, no traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_bytes(data)
        code, out, err, exception = run("extract", str(path), "--out", f"{tmp}/ws", "--json")
        assert exception is None, repr(exception)
        assert "Traceback" not in err
        report = json.loads(out)
        errors = error_lines(err)
        assert code == (1 if errors else 0)
        assert len(errors) == len(report["rejected"])
        where = re.compile(rf"^Error: {re.escape(str(path))}:[0-9]+: \S")
        assert all(where.match(line) for line in errors), errors
        lines = [raw for raw in data.split(b"\n") if raw.strip()]
        accepted = report["documents"] + len(report["duplicates"])
        assert accepted + len(errors) == len(lines)


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


_strings = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=30)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _strings,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_strings, inner, max_size=3),
    max_leaves=8,
)
_articles = st.fixed_dictionaries(
    {"text": _strings},
    optional={
        "id": _json,
        "title": _strings | _json,
        "published": _strings | _json,
        "publisher": _strings | _json,
        "url": _strings | _json,
    },
)
_deep = st.integers(min_value=1, max_value=30_000).map(lambda n: "[" * n + "]" * n)


def _encoded(value: object) -> bytes:
    return json.dumps(value).encode() if not isinstance(value, bytes) else value


_lines = st.one_of(
    st.binary(max_size=60),
    _json.map(_encoded),
    _articles.map(_encoded),
    _deep.map(str.encode),
    _articles.map(lambda a: _encoded(a).replace(b'"text"', b'"text": 0, "x"', 1)),
)


@FUZZ
@given(st.lists(_lines, min_size=1, max_size=6))
def test_arbitrary_lines_never_raise(lines: list[bytes]) -> None:
    _check_run(b"\n".join(lines))


def test_a_byte_order_mark_before_the_first_line_is_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n")
    code, _, err, exception = run("extract", str(path), "--out", str(tmp_path / "ws"))
    assert exception is None and code == 0, err
    assert "1 document," in err
