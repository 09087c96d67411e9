"""The per-document indexes answer exactly as the rescans they replace (real and drawn texts)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claims import docindex
from claims.rules import statements
from claims.saidlog import Said, SaidLog

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "tests/data").rglob("*.txt"))
REAL = "\n\n".join(p.read_text(encoding="utf-8") for p in ARTICLES[:12])
ONE_LINE = " ".join(REAL.split())
REAL_TEXT = docindex.DocText(REAL)  # one document's indexes, asked by many tests
#: Characters that matter to the patterns: names, titles, quotes, apostrophes, case folding.
ALPHABET = st.sampled_from(
    ["Mr ", "Dr. ", "Smith", "Smith's", "-Jones", "Tony ", "Blair", "minister ", "Minister ",
     "the Times", " Post", "said", ". ", "? ", "\n", "\n\n", '"', "“", "”", " ", "K", "ſ",
     "_", "’", "x", "Ann", "47-year-old director "]
)  # fmt: skip
TEXTS = st.lists(ALPHABET, min_size=1, max_size=60).map("".join)
TITLED = [
    "minister",
    "prime minister",
    "47-year-old director",
    "country's new president",
    "director",
]


def _titled(title: str) -> re.Pattern[str]:
    return re.compile(
        r"\b(?i:" + re.escape(title) + r")\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+){1,2})"
    )


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


def _check_last_before(doc: str, offsets: range | list[int]) -> None:
    doc = docindex.DocText(doc)  # its own indexes, fresh
    patterns = [statements._HONORIFIC_NAME, statements._NEWSPAPER, *map(_titled, TITLED)]
    for pattern in patterns:
        for offset in offsets:
            expected = list(pattern.finditer(doc, 0, offset))
            got = docindex.last_match_before(pattern, doc, offset)
            assert _spans([got] if got else []) == _spans(expected[-1:]), (pattern, offset)
            first = docindex.first_match_before(pattern, doc, offset)
            assert _spans([first] if first else []) == _spans(expected[:1])


def test_last_and_first_match_before_equal_a_cut_scan_on_real_text() -> None:
    _check_last_before(REAL, range(0, len(REAL) + 1, 211))
    _check_last_before(ONE_LINE, range(0, len(ONE_LINE) + 1, 199))


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_last_and_first_match_before_equal_a_cut_scan_on_drawn_text(doc: str) -> None:
    _check_last_before(doc, range(len(doc) + 1))


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_titled_matches_equal_finditer(doc: str) -> None:
    doc = docindex.DocText(doc)  # its own indexes, fresh
    for title in TITLED:
        pattern = _titled(title)
        assert _spans(docindex.titled_matches(pattern, title, doc)) == _spans(
            list(pattern.finditer(doc))
        )


def test_titled_matches_equal_finditer_on_real_text() -> None:
    titles = {"minister", "secretary", "chief executive", "president", "spokesman", "the"}
    for title in titles:
        pattern = _titled(title)
        found = docindex.titled_matches(pattern, title, REAL_TEXT)
        assert _spans(found) == _spans(list(pattern.finditer(REAL)))


def _runs_by_find(doc: str, word: str) -> list[int]:
    """The positions the old ``full_name`` loop accepted for ``word``."""
    found, at = [], doc.find(word)
    while at >= 0:
        end = at + len(word)
        if (end == len(doc) or not doc[end].isalnum()) and doc[at - 1 : at] == " ":
            found.append(at)
        at = doc.find(word, end)
    return found


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_capitalised_runs_equal_the_find_loop(doc: str) -> None:
    doc = docindex.DocText(doc)  # its own indexes, fresh
    for word in ["Smith", "Smith's", "Blair", "Tony", "Ann", "K", "Minister", "Jones"]:
        assert docindex.capitalised_runs(doc, word) == _runs_by_find(doc, word)


def test_capitalised_runs_equal_the_find_loop_on_real_text() -> None:
    words = set(re.findall(r"[A-Z][\w'’-]*", REAL))
    assert len(words) > 300
    for word in words:
        assert docindex.capitalised_runs(REAL_TEXT, word) == _runs_by_find(REAL, word), word


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_line_bounds_and_sentence_ends_equal_the_scans(doc: str) -> None:
    doc = docindex.DocText(doc)  # its own indexes, fresh
    for pos in range(len(doc) + 1):
        assert docindex.line_start(doc, pos) == doc.rfind("\n", 0, pos) + 1
        end = doc.find("\n", pos)
        assert docindex.line_end(doc, pos) == (len(doc) if end < 0 else end)
        start = docindex.line_start(doc, pos)
        spans = [m.span() for m in statements._SENTENCE_END.finditer(doc, start, pos)]
        assert docindex.last_matches_in(statements._SENTENCE_END, doc, start, pos, 2) == spans[-2:]


def test_sentence_ends_equal_the_scan_on_real_text() -> None:
    for doc in (REAL, ONE_LINE):
        doc = docindex.DocText(doc)  # its own indexes, fresh
        for pos in range(0, len(doc), 53):
            start = docindex.line_start(doc, pos)
            spans = [m.span() for m in statements._SENTENCE_END.finditer(doc, start, pos)]
            got = docindex.last_matches_in(statements._SENTENCE_END, doc, start, pos, 2)
            assert got == spans[-2:]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.booleans(), st.sampled_from(["he", "Absa", "Mr X"])),
        max_size=30,
    ),
    st.integers(-1, 52),
    st.booleans(),
)
def test_said_log_before_equals_the_filter(
    rows: list[tuple[int, bool, str]], offset: int, frozen: bool
) -> None:
    # Offsets grow from block to block but not inside one (a sentence's speakers).
    said = [Said(10 * (i // 3) + off % 10, name, person) for i, (off, person, name) in
            enumerate(rows)]  # fmt: skip
    log = SaidLog({"person": lambda s: s.person, "org": lambda s: s.speaker == "Absa"})
    for s in said:
        log.append(s)
    if frozen:
        log.freeze()
    expected = [s for s in said if s.offset < offset]
    before = log.before(offset)
    assert list(before) == expected
    assert list(reversed(before)) == expected[::-1]
    assert len(before) == len(expected)
    assert before.last("person") == next((s for s in reversed(expected) if s.person), None)
    assert before.last("org") == next((s for s in reversed(expected) if s.speaker == "Absa"), None)


def _line_checks(doc: str, step: int) -> None:
    """Indexed and direct per-line answers at positions of ``doc``'s lines."""
    doc = docindex.DocText(doc)  # its own indexes, fresh
    lines: dict[int, tuple[statements._LineQuotes, statements._LineAttributions]] = {}
    for end in range(0, len(doc) + 1, step):
        start = docindex.line_start(doc, end)
        if start not in lines:
            lines[start] = (
                statements._LineQuotes(doc, start),
                statements._LineAttributions(doc, start),
            )
        quotes, line = lines[start]
        regions = statements._quote_regions(doc[start:end])
        assert quotes.last_region(end) == (regions[-1] if regions else None), end
        expected = None
        for m in reversed(list(statements._NAIVE_SENTENCE.finditer(doc, start, end))):
            chunk = m.group().lstrip()
            found = statements.sentence_attributions(chunk)
            if found:
                expected = found[-1], m.end() - len(chunk) + found[-1].speaker_start
                break
        assert line.last_before(end) == expected, end


def test_per_line_indexes_equal_the_direct_scans() -> None:
    _line_checks(ONE_LINE[:12_000], 5)  # one line: the direct scan per position is long
    _line_checks(REAL[:40_000], 7)


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_per_line_indexes_equal_the_direct_scans_on_drawn_text(doc: str) -> None:
    _line_checks(doc, 1)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_matches_back_equals_the_reversed_scan(doc: str) -> None:
    doc = docindex.DocText(doc)  # its own indexes, fresh
    pattern = statements._SURNAME_SUBJECT
    for end in range(len(doc) + 1):
        start = docindex.line_start(doc, end)
        expected = _spans(list(reversed(list(pattern.finditer(doc, start, end)))))
        assert _spans(list(docindex.matches_back(pattern, doc, start, end))) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=12),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=6),
)
def test_numbers_outside_dates_equal_the_pairwise_test(
    numbers: list[tuple[int, int]], dates: list[tuple[int, int]]
) -> None:
    from claims.rules.quantities import _outside_dates
    from claims.values.dates import DateMention
    from claims.values.numbers import NumberMention

    nums = [NumberMention(a, a + n, a, a + n, 1, None, None, False) for a, n in numbers]
    spans = [DateMention(a, a + n, "x", None, None) for a, n in dates]
    expected = [
        n for n in nums if not any(d.start < n.num_end and n.num_start < d.end for d in spans)
    ]
    assert _outside_dates(nums, spans) == expected


def test_the_indexes_are_the_documents_own_state_not_a_module_cache() -> None:
    import pickle

    # No module-level container that could hold a document's indexes.
    kept = [
        name
        for name, value in vars(docindex).items()
        if isinstance(value, (dict, list, set)) and not name.startswith("__")
    ]
    assert kept == []
    first, second = docindex.DocText(REAL), docindex.DocText(REAL)
    assert first == REAL and hash(first) == hash(REAL) and first[:40] == REAL[:40]
    docindex.capitalised_runs(first, "Blair")
    assert "runs" in first.memo and second.memo == {}  # each text its own indexes
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    for _ in range(3):
        docindex.doc_memo(first, "k", build)
        docindex.doc_memo(REAL, "k", build)
    assert len(calls) == 4  # once for the DocText, every time for the plain str
    assert docindex.doc_memo(first, "k", build) == 1
    back = pickle.loads(pickle.dumps(first))
    assert back == REAL and isinstance(back, docindex.DocText) and back.memo == {}


def test_kept_text_is_one_doc_text_per_state() -> None:
    state: dict[object, object] = {}
    text = docindex.kept_text(REAL, state)
    assert isinstance(text, docindex.DocText) and text == REAL
    assert docindex.kept_text(REAL, state) is text
    assert docindex.kept_text("".join([REAL]), state) is text  # an equal copy: the same one
    assert docindex.kept_text(REAL, {}) is not text  # another document's state: its own
    assert docindex.kept_text(text, None) is text
    assert docindex.kept_text(ONE_LINE, state) is not text


def test_the_statement_stage_asks_one_doc_text_per_document() -> None:
    from claims.model import Document
    from claims.rules.base import RuleContext
    from claims.segment import segment

    article = ARTICLES[0].read_text(encoding="utf-8")
    document = Document.from_text(article)
    context = RuleContext(document=document, reference_date=None)
    drafts = [d for s in segment(article).body for d in statements.find_statements(s, context)]
    assert drafts
    texts = [v for v in context.state.values() if isinstance(v, docindex.DocText)]
    assert len(texts) == 1 and texts[0] == article and texts[0].memo
    speakers = [v for v in context.state.values() if isinstance(v, statements.SpeakerState)]
    assert speakers and all(s.doc is texts[0] for s in speakers)
