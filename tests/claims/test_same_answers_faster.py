"""Shortcuts taken for speed give the answers of the longer ways they replace."""

from __future__ import annotations

from claims import checkworthiness as cw
from claims import meeting_frames, syntax
from claims.phrases import token_texts, tokenize
from claims.render import _verbish, _words, has_verb

TEXTS = [
    "The minister met the ambassador in London on Monday.",
    'He said. "Yes." Then he left… and they talked with Mr. Blair at the summit.',
    "Christmas sales account for a third of the total.",
    "The highest level in 12 years.",
    "President Xi hosted a dinner for the visiting Prime Minister, who was greeted by crowds.",
    "Prices rose 5% in 2004, to $3.5bn (£1.9bn), the ² fastest rise since ١٩٩٩.",
    "İstanbul talks between the two sides were held on 3 March; ǅemal attended.",
]


def test_tag_gives_the_tags_of_parse() -> None:
    texts = [*TEXTS, "Sales", ""]
    parsed = [[(t.text, t.tag_, t.pos_, str(t.morph)) for t in d] for d in syntax.parse(texts)]
    tagged = [[(t.text, t.tag_, t.pos_, str(t.morph)) for t in d] for d in syntax.tag(texts)]
    assert tagged == parsed
    assert all(not d.has_annotation("DEP") for d in syntax.tag(texts[:1]))


def test_one_sentence_marks_starts_only_after_a_stop() -> None:
    nlp = syntax.load_parser()
    doc = syntax._one_sentence(nlp, 'He said. "Yes." Then Vladimir V. Putin met')
    may_start = [t.text for t in doc if t.is_sent_start is not False]
    assert may_start == ["He", '"', "Yes", '"', "Then"]  # after a stop, or a stop and a quote


def test_grouped_frame_matchers_find_what_one_matcher_finds() -> None:
    from spacy.matcher import DependencyMatcher

    nlp = syntax.load_parser()
    single = DependencyMatcher(nlp.vocab)
    patterns = meeting_frames._patterns()
    for p in patterns:
        single.add(p["name"], [p["pattern"]])
    groups, by_id = meeting_frames._matcher(nlp.vocab)
    assert len(groups) > 1 and len(by_id) == len(patterns)
    found = 0
    for doc in syntax.parse(TEXTS):
        everything = sorted((m, sorted(ids)) for m, ids in single(doc))
        lowers = {t.lower_ for t in doc}
        grouped = sorted(
            (m, sorted(ids)) for g in groups if g.may_match(lowers) for m, ids in g.matcher(doc)
        )
        assert grouped == everything
        found += len(everything)
    assert found > 0


def test_a_group_needs_a_word_of_each_named_node() -> None:
    pattern = {
        "pattern": [
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LOWER": {"IN": ["met", "meets"]}}},
            {
                "LEFT_ID": "trigger",
                "REL_OP": ">",
                "RIGHT_ID": "x",
                "RIGHT_ATTRS": {"LOWER": "with"},
            },
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "y", "RIGHT_ATTRS": {"DEP": "obl"}},
        ]
    }
    needs = meeting_frames._needs(pattern)
    assert set(needs) == {frozenset({"met", "meets"}), frozenset({"with"})}
    group = meeting_frames._Group(needs, matcher=None)  # type: ignore[arg-type]
    assert group.may_match({"he", "met", "with", "her"})
    assert not group.may_match({"he", "met", "her"})


def _has_verb_by_tokens(text: str) -> bool:
    w = _words()
    return any(_verbish(t, w) and t.text.islower() for t in tokenize(text))


def test_has_verb_by_token_texts_answers_as_by_tokens() -> None:
    texts = [*TEXTS, "Visa decision 'every 11 minutes'", "RATES RAISED", "Rates Raised", "talked"]
    for text in texts:
        assert token_texts(text) == [t.text for t in tokenize(text)]
        assert has_verb(text) == _has_verb_by_tokens(text), text
    assert has_verb("prices rose") and not has_verb("Visa decision 'every 11 minutes'")


def test_digit_test_and_number_tokens() -> None:
    for text in [*TEXTS, "no digits here", "x² ① ٣", "won’t 1999"]:
        assert cw._has_digit(text) == any(map(str.isdigit, text)), text
    assert cw.tokens("Prices rose 5% in 2004") == ["prices", "rose", "<num>", "%", "in", "<year>"]
    assert cw.tokens("They won’t go") == ["they", "won't", "go"]
    assert cw.tokens("² ① ٣٤ people") == ["<num>", "people"]
