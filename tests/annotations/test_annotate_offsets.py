"""Offsets: code points <-> UTF-16 code units <-> Label Studio, and the wire conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.offsets import LabelStudioOffsets, OffsetMap, label_studio_unit
from annotations.wire import WireError, annotations_from_export, pseudonym


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_round_trip_matches_javascript_indices(text: str) -> None:
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        u = m.to_utf16(i)
        assert u == _utf16_len(text[:i])
        assert m.to_codepoints(u) == i
    assert m.utf16_length == _utf16_len(text)


def test_emoji_shift_and_out_of_range() -> None:
    text = "🇷🇺 talks 🤝 went well"
    m = OffsetMap(text)
    i = text.index("went")
    assert (i, m.to_utf16(i)) == (11, 14)
    assert m.to_codepoints(1) == 0  # inside a surrogate pair: the character's start
    with pytest.raises(ValueError):
        m.to_utf16(len(text) + 1)
    with pytest.raises(ValueError):
        m.to_codepoints(-1)


def test_long_text_converts_with_one_scan() -> None:
    text = ("word 😀 " * 200_000) + "end"  # 1.4 M code points, 200,000 astral characters
    m = OffsetMap(text)  # one regex scan; each conversion is then a binary search
    ends = [m.to_utf16(i) for i in range(0, len(text), 97)]
    back = [m.to_codepoints(u) for u in ends]
    assert back == list(range(0, len(text), 97))
    assert m.to_utf16(len(text)) == _utf16_len(text)


def test_label_studio_unit_defaults_to_code_points_and_can_be_overridden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "😀 claim"
    assert label_studio_unit() == "codepoint"
    assert LabelStudioOffsets(text).to_label_studio(2) == 2
    monkeypatch.setenv("CLAIMSET_LABEL_STUDIO_OFFSETS", "utf16")
    assert LabelStudioOffsets(text).to_label_studio(2) == 3
    assert LabelStudioOffsets(text).from_label_studio(3) == 2
    monkeypatch.setenv("CLAIMSET_LABEL_STUDIO_OFFSETS", "bytes")
    with pytest.raises(ValueError, match="codepoint or utf16"):
        label_studio_unit()


def _task(result: list[dict], **annotation: object) -> dict:
    return {
        "id": 7,
        "project": 3,
        "data": {"claim_id": "claim-1", "text": "😀 The ministers met."},
        "annotations": [
            {
                "id": 11,
                "completed_by": 5,
                "result": result,
                "was_cancelled": False,
                "created_at": "2026-11-24T16:20:43.123456Z",
                "updated_at": "2026-11-24T17:20:43+01:00",
                "lead_time": 3.5,
                **annotation,
            }
        ],
        "drafts": [{"result": [{"from_name": "verdict", "value": {"choices": ["refuted"]}}]}],
    }


def _region(start: int, end: int, origin: str) -> dict:
    value = {"start": start, "end": end, "labels": ["claim"]}
    return {"from_name": "claim_span", "type": "labels", "origin": origin, "value": value}


def test_export_parser_reads_fields_span_and_ignores_drafts() -> None:
    verdict = {"from_name": "verdict", "type": "choices", "value": {"choices": ["supported"]}}
    url = {"from_name": "evidence_url", "type": "textarea", "value": {"text": [" https://x "]}}
    task = _task([verdict, url, _region(2, 21, "prediction"), _region(6, 15, "manual")])
    (a,) = annotations_from_export([task], salt="s", project_id=None)
    assert (a.verdict, a.claim_quality, a.evidence_url, a.notes) == (
        "supported",
        None,
        "https://x",
        None,
    )
    assert (a.span_start, a.span_end) == (6, 15)  # the region the annotator drew wins
    assert a.annotator == pseudonym(5, "s") != pseudonym(5, "other salt")
    assert a.updated_at == "2026-11-24T16:20:43.000000Z" and a.project_id == 3
    (b,) = annotations_from_export([_task([], was_cancelled=True)], salt="s", project_id=9)
    assert b.was_cancelled and b.verdict is None and b.span_start is None and b.project_id == 9


def test_export_parser_names_the_bad_record() -> None:
    bad = {"from_name": "verdict", "type": "choices", "value": {"choices": ["maybe"]}}
    with pytest.raises(WireError, match=r"task 7 annotation 11: verdict='maybe'"):
        list(annotations_from_export([_task([bad])], salt="s", project_id=None))
    foreign = _task([])
    del foreign["data"]["claim_id"]
    with pytest.raises(WireError, match="is this a claimset project"):
        list(annotations_from_export([foreign], salt="s", project_id=None))


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["codepoint", "utf16"]),
)
def test_label_studio_offsets_round_trip_in_either_unit(text: str, unit: str) -> None:
    offsets = LabelStudioOffsets(text, "utf16" if unit == "utf16" else "codepoint")
    for i in range(len(text) + 1):
        wire = offsets.to_label_studio(i)
        assert offsets.from_label_studio(wire) == i
        assert wire == (_utf16_len(text[:i]) if unit == "utf16" else i)
