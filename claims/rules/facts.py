"""Facts outside the four frames: actions and records, comparisons and superlatives.

"The senator voted against the bill", "he was charged with fraud", "the briefest recession since
the Second World War", "more donations from students than from Wall Street": checkable facts with
no number, date or speech cue. They are found in the shipped dependency parse
(``claims.syntax.parse``), and only in the sentences that need it: a sentence is parsed when it
has a trigger word (a record verb of ``claims/lexicon/actions.json``, a superlative form of
``claims/lexicon/comparisons.json``, and in a sentence with no digit also a change verb or
``than``); the parse's tags decide (VBD/VBN/VBZ, or VBG in a
progressive, for an action,
JJR/RBR with a ``than`` for a comparison, JJS/RBS for a superlative). A document's trigger
sentences are parsed with the other families' in one ``nlp.pipe`` call (the document's
``RuleContext.parses``, filled on the first parse asked for).

The anchors are spaCy ``Matcher`` patterns and the slot and clause relations are tables, both in
``claims/patterns/facts.json``. A claim's text is its clause: the anchor's clause head with its
dependents, without adverbial and parenthetical clauses, conjuncts, and (after a comma)
relative clauses and appositions, so it is short and states one fact. Its slots are typed from
the parse: ``subject``, ``predicate``, ``object`` (both types) and, for a comparison, ``degree``
(comparative or superlative) and ``standard`` (the ``than`` term, or the superlative's scope).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from claims import lexicon, patterns
from claims.model import ClaimType
from claims.rules.base import Draft, RuleContext, Sentence

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

__all__ = ["find_facts", "has_trigger", "wants_parse"]

_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)?")


@dataclass(frozen=True, slots=True)
class _Tables:
    """The lexicon and pattern tables of this rule, read once."""

    actions: frozenset[str]  # every verb form that anchors an action
    records: frozenset[str]  # the forms that make any sentence worth parsing
    than: frozenset[str]
    superlatives: frozenset[str]
    not_superlatives: frozenset[str]
    spec: dict[str, Any]
    always: frozenset[str]  # records and superlatives: a trigger in any sentence
    without_figure: frozenset[str]  # actions and ``than``: a trigger in a sentence with no digit

    def deps(self, key: str) -> frozenset[str]:
        return frozenset(self.spec[key])


@cache
def _tables() -> _Tables:
    table = lexicon.table("actions")
    records = frozenset(form for forms in table["verbs"].values() for form in forms)
    changes = frozenset(form for forms in table["change_verbs"].values() for form in forms)
    words = lexicon.table("comparisons")
    than, superlatives = frozenset(words["than"]), frozenset(words["superlatives"])
    return _Tables(
        actions=records | changes,
        records=records,
        than=than,
        superlatives=superlatives,
        not_superlatives=frozenset(words["not_superlatives"]),
        spec=patterns.load("facts"),
        always=records | superlatives,
        without_figure=records | changes | than,
    )


def has_trigger(text: str) -> bool:
    """Whether a sentence may hold a fact claim, from its words alone (no parse). A change verb
    ("rose") or ``than`` counts only without a digit: with one, the quantity frame has it."""
    t = _tables()
    words = set(_WORD_RE.findall(text.lower()))
    if not t.always.isdisjoint(words):
        return True
    if not t.without_figure.isdisjoint(words) and not any(map(str.isdigit, text)):
        return True
    return any(len(w) > 4 and w.endswith("est") and w not in t.not_superlatives for w in words)


@cache
def _matcher(vocab: Vocab) -> Matcher:
    """The anchors of ``facts.json`` as a spaCy ``Matcher`` (``@actions`` expanded), for the
    vocabulary of the parse it matches (a matcher of another pipeline's strings cannot read it)."""
    from spacy.matcher import Matcher

    t = _tables()
    matcher = Matcher(vocab)
    for name, alternatives in t.spec["anchors"].items():
        expanded = [[_expand(token, t) for token in pattern] for pattern in alternatives]
        matcher.add(name, expanded)
    return matcher


def _expand(token: dict[str, Any], t: _Tables) -> dict[str, Any]:
    out = dict(token)
    lower = out.get("LOWER")
    if isinstance(lower, dict) and lower.get("IN") == "@actions":
        out["LOWER"] = {"IN": sorted(t.actions)}
    return out


def wants_parse(sentence: Sentence) -> str | None:
    """The text to parse for ``sentence`` (its own), or None without a trigger."""
    return sentence.text if has_trigger(sentence.text) else None


def find_facts(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """Action and comparison claims of one sentence (none when it has no trigger)."""
    text = wants_parse(sentence)
    if text is None:
        return []
    return _drafts(context.parses.get(text), sentence)


def _drafts(doc: Doc, sentence: Sentence) -> list[Draft]:
    t = _tables()
    seen: set[int] = set()
    out: list[Draft] = []
    for match_id, start, _ in _matcher(doc.vocab)(doc):
        kind = doc.vocab.strings[match_id]
        anchor = doc[start]
        frame = _action(anchor, t) if kind == "action" else _comparison(anchor, kind, t)
        if frame is None:
            continue
        head, claim_type, slots, keep = frame
        if head.i in seen:  # one claim per clause
            continue
        seen.add(head.i)
        draft = _draft(head, claim_type, slots, sentence, t, keep)
        if draft is not None:
            out.append(draft)
    return out


#: A claim found in the parse: its clause head, type, slots, and words its text must keep.
Frame = tuple["Token", ClaimType, dict[str, Any], frozenset[int]]


def _action(verb: Token, t: _Tables) -> Frame | None:
    """An action claim anchored on a record verb, or None (modal, not a clause of its own)."""
    if verb.dep_ in t.deps("action_skip_deps"):
        return None
    auxiliaries = [c.lower_ for c in verb.children if c.dep_.startswith("aux")]
    if any(a in t.deps("modal_aux") for a in auxiliaries):
        return None
    if verb.tag_ == "VBG" and not any(a in t.deps("progressive_aux") for a in auxiliaries):
        return None
    subject = _subject(verb, t)
    obj = _object(verb, t)
    slots = {
        "subject": subject,
        "predicate": _predicate(verb, obj, t),
        "object": (_phrase(obj, t, cut=_cases(obj)) or None) if obj is not None else None,
    }
    return verb, ClaimType.ACTION, slots, frozenset()


def _cases(token: Token) -> list[Token]:
    """The prepositions heading an oblique (they belong to the predicate, "voted against")."""
    return [c for c in token.children if c.dep_ == "case" and c.i < token.i]


def _comparison(anchor: Token, kind: str, t: _Tables) -> Frame | None:
    """A comparison claim anchored on a comparative or superlative, or None."""
    if kind == "superlative":
        before = anchor.nbor(-1).lower_ if anchor.i > 0 else ""
        after = anchor.nbor(1).lower_ if anchor.i + 1 < len(anchor.doc) else ""
        if before in t.deps("superlative_not_after") or after in t.deps("superlative_not_before"):
            return None
        if (
            anchor.lower_ in t.deps("quantifier_superlatives")
            and anchor.dep_ in ("amod", "det")
            and anchor.head.pos_ in ("NOUN", "PROPN")
            and before not in t.deps("superlative_determiners")
        ):
            return None  # "most voters": a majority, no comparison
    head = _clause_head(anchor, t)
    if head.pos_ not in t.deps("comparison_head_pos") and not any(
        c.dep_ in t.deps("copula_deps") for c in head.children
    ):
        return None  # a phrase with no verb of its own: "history's most widely used rifle"
    phrase = anchor.head if anchor.dep_ in ("amod", "advmod", "det") else anchor
    if phrase.dep_ == "amod" and anchor.dep_ == "advmod":  # "the most expensive war"
        phrase = phrase.head
    standard, keep = _standard(anchor, kind, head, phrase, t)
    if kind == "comparative" and standard is None:
        return None
    slots = {
        "subject": _subject(head, t),
        "predicate": _predicate(head, None, t, anchor),
        "object": _noun_phrase(phrase, t, standard),
        "degree": kind,
        "standard": standard,
    }
    return head, ClaimType.COMPARISON, slots, keep


def _clause_head(token: Token, t: _Tables) -> Token:
    """The head of the clause ``token`` is in: up the tree to a clause relation or the root."""
    heads = t.deps("clause_head_deps")
    while token.dep_ not in heads and token.head.i != token.i:
        token = token.head
    return token


def _subject(head: Token, t: _Tables) -> str | None:
    """The clause's subject (a conjunct's from its first conjunct; a relative's antecedent)."""
    subject_deps = t.deps("subject_deps")
    for _ in range(3):
        subjects = [c for c in head.children if c.dep_ in subject_deps]
        if subjects:
            subject = subjects[0]
            if subject.tag_ in t.deps("relative_pronoun_tags") and head.dep_ == "acl:relcl":
                return _phrase(head.head, t, cut=(head, *_cases(head.head)))
            return _phrase(subject, t)
        if head.dep_ not in ("conj", "xcomp") or head.head.i == head.i:
            return None
        head = head.head
    return None


def _object(verb: Token, t: _Tables) -> Token | None:
    """The verb's object: a direct object first, else the first oblique or complement."""
    children = [c for c in verb.children if c.dep_ in t.deps("object_deps")]
    direct = [c for c in children if c.dep_ in ("obj", "iobj")]
    after = [c for c in children if c.i > verb.i]
    chosen = direct or after or children
    return chosen[0] if chosen else None


def _predicate(head: Token, obj: Token | None, t: _Tables, anchor: Token | None = None) -> str:
    """The verb with its auxiliaries, particle and negation, and the object's preposition
    (for a comparison in a copular clause, the copula, and the comparative if it is the head)."""
    words = [c for c in head.children if c.dep_ in t.deps("predicate_deps")]
    words += [c for c in head.children if c.lower_ in t.deps("negation_words")]
    if anchor is None or head.tag_.startswith("VB") or head.i == anchor.i or not words:
        words.append(head)
    if obj is not None:
        words += [c for c in obj.children if c.dep_ == "case" and c.i < obj.i]
    return " ".join(w.text for w in sorted(words, key=lambda w: w.i))


def _standard(
    anchor: Token, kind: str, head: Token, phrase: Token, t: _Tables
) -> tuple[str | None, frozenset[int]]:
    """The comparison's other term (the ``than`` phrase, or the superlative's scope) and the
    indices of its words."""
    cases = t.deps("standard_cases")
    needs = str(t.spec["comparative_needs"])
    for token in head.subtree:
        if token.i <= anchor.i or token.lower_ not in cases:
            continue
        if kind == "comparative" and token.lower_ != needs:
            continue
        if kind == "superlative" and token.lower_ == needs:
            continue
        term = token.head if token.head.i > token.i else token
        words = sorted((w for w in term.subtree if w.i >= token.i), key=lambda w: w.i)
        if kind == "superlative" and phrase.i not in {a.i for a in term.ancestors}:
            continue
        return _join([w for w in words if not w.is_punct]) or None, frozenset(w.i for w in words)
    return None, frozenset()


#: Dependents that are not part of a noun phrase when its noun is also the clause's predicate.
_NOT_IN_PHRASE = frozenset({"nsubj", "nsubj:pass", "csubj", "cop", "aux", "aux:pass", "expl"})


def _noun_phrase(token: Token, t: _Tables, standard: str | None) -> str:
    """The compared phrase: ``token`` with its modifiers, not its clause's subject or copula."""
    cut = [c for c in token.children if c.dep_ in _NOT_IN_PHRASE or c.dep_ in ("advcl", "conj")]
    return _phrase(token, t, cut=cut, drop=standard)


def _phrase(token: Token, t: _Tables, cut: Sequence[Token] = (), drop: str | None = None) -> str:
    """The words of ``token``'s subtree, without comma-set-off clauses (and ``cut``)."""
    words = _kept(token, t, cut, clause=False)
    text = _join(words)
    if drop and text.endswith(drop) and text != drop:
        text = text[: -len(drop)].rstrip(" ,")
    return text


def _kept(
    head: Token, t: _Tables, cut: Iterable[Token], clause: bool, keep: frozenset[int] = frozenset()
) -> list[Token]:
    """``head``'s subtree minus the subtrees a claim leaves out (see the module docstring),
    never a subtree holding a word of ``keep`` (a comparison's standard)."""
    removed: set[int] = set()
    for c in cut:
        removed.update(w.i for w in c.subtree)
    comma_cut = t.deps("cut_after_comma_deps")
    clause_cut = t.deps("clause_cut_deps")
    for token in head.subtree:
        if token.i in removed or token.i == head.i:
            continue
        first = token.left_edge
        after_comma = first.text == "," or (first.i > 0 and token.doc[first.i - 1].text == ",")
        own_clause = token.dep_ == "conj" and token.tag_.startswith("VB")
        cut_clause = clause and (own_clause or (token.head == head and token.dep_ in clause_cut))
        if (cut_clause or (token.dep_ in comma_cut and after_comma)) and not keep.intersection(
            w.i for w in token.subtree
        ):
            removed.update(w.i for w in token.subtree)
    words = sorted((w for w in head.subtree if w.i not in removed), key=lambda w: w.i)
    words = [w for n, w in enumerate(words) if not (w.text == "," and _after_gap(words, n))]
    while words and (words[-1].is_punct or words[-1].dep_ in ("cc", "mark")):
        words.pop()
    while words and (words[0].is_punct or words[0].dep_ in ("cc", "mark")):
        words.pop(0)
    return words


def _after_gap(words: Sequence[Token], n: int) -> bool:
    """Whether ``words[n]`` follows a removed stretch (a comma left dangling by a cut)."""
    return n == 0 or words[n - 1].i != words[n].i - 1


def _join(words: Sequence[Token], say: dict[int, str] | None = None) -> str:
    """The words as written (``say`` rewrites some by index): the text between consecutive
    kept words, else one space."""
    out: list[str] = []
    if not words:  # a subtree all of whose words were cut (punctuation, a conjunction)
        return ""
    for a, b in zip(words, [*words[1:], None], strict=True):
        out.append(a.text if say is None else say.get(a.i, a.text))
        if b is not None:
            out.append(a.whitespace_ if b.i == a.i + 1 else " ")
    return " ".join("".join(out).split())


def _antecedent(
    head: Token, words: Sequence[Token], slots: dict[str, Any], t: _Tables
) -> dict[int, str] | None:
    """In a relative clause, the relative pronoun read as its antecedent ("which cut taxes" ->
    "the law cut taxes"); None when the pronoun is not the subject (the clause is not a
    sentence of its own); an empty mapping outside relative clauses."""
    if head.dep_ != "acl:relcl":
        return {}
    pronouns = [w for w in words if w.tag_ in t.deps("relative_pronoun_tags") and w.head == head]
    if not pronouns:
        return {}
    if pronouns[0].dep_ not in t.deps("subject_deps") or not slots.get("subject"):
        return None
    return {pronouns[0].i: str(slots["subject"])}


def _without_wh_opening(words: list[Token], say: dict[int, str], t: _Tables) -> list[Token]:
    """The clause's words without an opening time subordinator (``When Obama won Idaho`` ->
    ``Obama won Idaho``); none at all when another wh-word its antecedent does not replace
    opens them (``where he grew up``, ``whose husband was killed``: a fragment)."""
    if not words or words[0].i in say or words[0].tag_ not in t.deps("wh_opening_tags"):
        return words
    if words[0].lower_ in t.deps("wh_dropped"):
        rest = words[1:]
        while rest and rest[0].is_punct:
            rest.pop(0)
        return rest
    return []


def _draft(
    head: Token,
    claim_type: ClaimType,
    slots: dict[str, Any],
    sentence: Sentence,
    t: _Tables,
    keep: frozenset[int],
) -> Draft | None:
    """The claim of one clause: its words as a sentence, its span in document offsets."""
    words = _kept(head, t, (), clause=True, keep=keep)
    if len(words) < 3 or len(words) > int(t.spec["max_clause_tokens"]):
        return None
    say = _antecedent(head, words, slots, t)
    if say is None:
        return None
    words = _without_wh_opening(words, say, t)
    if len(words) < 3:
        return None
    subject = slots.get("subject")
    has_subject = any(w.dep_ in t.deps("subject_deps") and w.head == head for w in words)
    if not subject and not has_subject and words[0].tag_ in t.deps("verb_opening_tags"):
        return None  # "Build more than one million homes": no sentence of its own
    text = _join(words, say)
    prefix = ""
    if subject and not has_subject and subject not in text:
        prefix = subject + " "  # a conjunct's or a relative clause's subject, from elsewhere
    text = prefix + text
    text = text[0].upper() + text[1:]
    if not text.endswith((".", "!", "?")):
        text += "."
    start = sentence.start + words[0].idx
    end = sentence.start + words[-1].idx + len(words[-1].text)
    return Draft(type=claim_type, start=start, end=end, text=text, slots=slots)
