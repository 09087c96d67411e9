"""Extractors: anything that turns a ``Document`` into ``Claim``s, chosen by name.

An ``Extractor`` has a ``name``, a ``version``, a ``config()`` (hashed into the manifest, so a
workspace says exactly what produced it) and ``extract(document)``. The default,
``RuleBasedExtractor`` (``--extractor rules``), segments the article (``claims.segment``), runs
every rule family over each sentence, drops the drafts the not-claim rules reject
(``claims.not_claims``: opinions, questions, procedure ...), drops headline claims the body
repeats (and a verbless headline's figures and dates: ``claims.render.has_verb``), dedupes by
span and type, orders by ``(start, end, type)`` and gives stable ids. It is deterministic,
downloads nothing, and takes time linear in the article's length; its ``time_budget``
(``claims.budget.TimeBudget``, in its config) rejects a pathological document instead of
hanging. Another implementation (a trained spaCy pipeline, an LLM) registers itself with
``register_extractor`` and is picked with ``--extractor NAME``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import importlib.util
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from claims import lexicon, not_claims, patterns
from claims.atomic import split_statements
from claims.budget import OutputExceeded, TimeBudget, budget_for, check_budget
from claims.checkworthiness import (
    FEATURES_VERSION,
    MODEL_NAME,
    SCORE_DECIMALS,
    load_model,
    recommended_threshold,
    score_claim,
)
from claims.docindex import kept_text
from claims.errors import InputError
from claims.fact_texts import TEXT_TYPES, doubtful_texts, uncheckable, untagged_verbs
from claims.model import Claim, ClaimType, Document, make_claim_id
from claims.render import RENDERED_TYPES, Resolver, has_verb, quoted_region, render_texts
from claims.rules import facts
from claims.rules.base import Draft, ParsingRule, Rule, RuleContext, Sentence, declare_parses
from claims.rules.dates import find_date_claims
from claims.rules.facts import find_facts
from claims.rules.quantities import find_quantities
from claims.segment import Segmented, segment
from claims.sentence_facts import SentenceFacts
from claims.sentence_facts import settings as facts_settings
from claims.syntax import fill_all

__all__ = [
    "BatchExtractor",
    "Extractor",
    "Prepared",
    "RuleBasedExtractor",
    "Staged",
    "check_same_threshold",
    "config_hash",
    "extractor_names",
    "get_extractor",
    "keep_checkworthy",
    "register_extractor",
    "resolve_min_checkworthiness",
    "tag_staged",
]


@runtime_checkable
class Extractor(Protocol):
    """What ``claimset extract`` needs from an extractor."""

    name: str
    version: str

    def config(self) -> dict[str, Any]:
        """Everything that changes the output (hashed into the manifest)."""
        ...

    def extract(self, document: Document) -> list[Claim]:
        """The claims of one document, in a deterministic order with unique ids."""
        ...


def config_hash(extractor: Extractor) -> str:
    """A short stable hash of an extractor's name, version and configuration."""
    payload = {"name": extractor.name, "version": extractor.version, "config": extractor.config()}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


#: Rule families of other modules, loaded when their module exists (``module``, ``function``).
_OPTIONAL_RULES = (
    ("claims.rules.statements", "find_statements"),
    ("claims.rules.meetings", "find_meetings"),
)


def default_rules() -> list[tuple[str, Rule]]:
    """The rule families of the default extractor, by name, in a fixed order. A family whose
    module has a ``wants_parse(sentence)`` (the text of a sentence it needs parsed, or None)
    runs as a ``ParsingRule``: its sentences are parsed with the other families' (one shared
    parse per document, ``RuleContext.parses``)."""
    rules: list[tuple[str, Rule]] = [
        ("quantities", find_quantities),
        ("dates", find_date_claims),
    ]
    for module_name, function in _OPTIONAL_RULES:
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        rule = getattr(module, function, None)
        if rule is not None:
            rules.append((module_name.rsplit(".", 1)[1], _parsing(module, rule)))
    rules.append(("facts", _parsing(facts, find_facts)))
    return rules


def _parsing(module: Any, rule: Rule) -> Rule:
    """``rule`` as a ``ParsingRule`` when its module declares the sentences it parses."""
    wants = getattr(module, "wants_parse", None)
    return ParsingRule(rule, wants) if callable(wants) else rule


def _reference_date(document: Document) -> dt.date | None:
    if not document.published:
        return None
    try:
        return dt.date.fromisoformat(document.published[:10])
    except ValueError:
        return None


_KEY_SLOTS = {
    ClaimType.QUANTITY: ("value", "unit"),
    ClaimType.DATE: ("date",),
    ClaimType.MEETING: ("host",),
    ClaimType.STATEMENT: ("speaker", "content"),
    ClaimType.ACTION: ("subject", "predicate", "object"),
    ClaimType.COMPARISON: ("subject", "object", "standard"),
    ClaimType.FACT: (),  # no slot says which fact: the text does
}


def _key(draft: Draft) -> tuple[Any, ...]:
    """What makes two claims the same fact (a headline repeating the body)."""
    slots = draft.slots
    names = _KEY_SLOTS[draft.type]
    if not names:
        return (draft.type, " ".join(draft.text.lower().split()))
    return (draft.type, *(json.dumps(slots.get(k), sort_keys=True) for k in names))


#: A draft with the sentence it came from (its check-worthiness is scored on that sentence).
Sourced = tuple[Draft, Sentence]


def _run_rules(
    rules: list[Rule], sentences: Sequence[Sentence], context: RuleContext
) -> list[Sourced]:
    """Every rule over every sentence, in order (the time budget is checked per sentence)."""
    drafts: list[Sourced] = []
    for sentence in sentences:
        check_budget()
        for rule in rules:
            drafts.extend((draft, sentence) for draft in rule(sentence, context))
    return drafts


def draft_checkworthiness(
    draft: Draft, sentence: Sentence, logits: dict[str, float] | None = None
) -> float:
    """A draft's check-worthiness on its own sentence, rounded to ``SCORE_DECIMALS``
    (``logits``: the texts of the document scored so far, each scored once)."""
    score = score_claim(str(draft.type), draft.text, sentence.text, draft.slots, logits)
    return round(score, SCORE_DECIMALS)


#: Modules of ``claims`` that cannot change what the extractor outputs (I/O, CLI, tooling).
#: Everything else, a new module included, is part of the code digest: safe by default.
NOT_EXTRACTOR_CODE = frozenset(
    {
        "cli.py",
        "workspace.py",
        "evaluate.py",
        "frames.py",
        "temps.py",
        "existing.py",
        "wording.py",
        "extract.py",
        "parallel.py",
        "shards.py",
        "distributed.py",
        "preload.py",
    }
)


@cache
def code_digest() -> str:
    """A short hash of the extractor's source files (its patterns and thresholds live there)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for file in sorted(root.rglob("*.py")):
        relative = file.relative_to(root).as_posix()
        if relative not in NOT_EXTRACTOR_CODE:
            h.update(relative.encode() + b"\0" + file.read_bytes() + b"\0")
    return h.hexdigest()[:16]


#: Documents longer than this parse their sentences on their own, inside their time budget
#: (``RuleBasedExtractor.prepare`` parses the others' together, before their budgets start).
BATCH_PARSE_MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document made ready for the rules: its context (parses declared, maybe made) and its
    sentences."""

    context: RuleContext
    parts: Segmented


@runtime_checkable
class BatchExtractor(Extractor, Protocol):
    """An extractor that can prepare several documents at once (``claims.parallel`` uses it
    for each batch of documents it extracts)."""

    def prepare(self, documents: Sequence[Document]) -> list[Any]:
        """Per document, what ``extract(document, prepared)`` takes."""
        ...

    def extract(self, document: Document, prepared: Any = None) -> list[Claim]:
        """The claims of one document, with what ``prepare`` made for it."""
        ...


class RuleBasedExtractor:
    """The default extractor: regular-expression rule families over segmented sentences."""

    name = "rules"
    version = "1.49.0"

    def __init__(
        self,
        rules: Sequence[tuple[str, Rule]] | None = None,
        *,
        time_budget: TimeBudget | None = None,
        not_claim_rules: Sequence[str] | None = None,
        sentence_facts: bool = True,
    ) -> None:
        self.rules = list(rules) if rules is not None else default_rules()
        self.time_budget = time_budget or TimeBudget()
        self.not_claims = not_claims.select(not_claim_rules)
        #: the FACT stage (``claims.sentence_facts``; ``sentence_facts=False``: none); assign a
        #: ``SentenceFacts`` of your own for another threshold
        self.sentence_facts: SentenceFacts | None = facts_settings() if sentence_facts else None

    def config(self) -> dict[str, Any]:
        """The rule families, segmentation, time budget, lexicon and rule code in use (hashed
        into the manifest): editing a word table or a rule's threshold changes the hash."""
        return {
            "rules": [name for name, _ in self.rules],
            "segmenter": "lines-regex-v1",
            "headline": "kept unless the body states the same fact; no figure of a verbless one",
            "budget": self.time_budget.to_dict(),  # no "time" key: manifests hold no times
            "lexicon": lexicon.digest(),
            "not_claims": [rule.name for rule in self.not_claims],
            "patterns": patterns.digest(),
            "code": code_digest(),
            "checkworthiness": _model_id(),
            "sentence_facts": self.sentence_facts.config() if self.sentence_facts else None,
        }

    def drafts(self, document: Document) -> list[Draft]:
        """All drafts of a document: body ones, then headline ones the body does not repeat."""
        return [draft for draft, _ in self.sourced_drafts(document)]

    def sourced_drafts(self, document: Document, prepared: Prepared | None = None) -> list[Sourced]:
        """``drafts`` with the sentence each came from (``prepared``: from ``prepare``)."""
        if prepared is None or prepared.context.document is not document:
            prepared = self._prepare(document)
        context, parts = prepared.context, prepared.parts
        rules = [rule for _, rule in self.rules]
        body = self._with_facts(_run_rules(rules, parts.body, context), parts.body, context)
        headline = [
            (d, s)
            for d, s in self._with_facts(
                _run_rules(rules, parts.headline, context), parts.headline, context
            )
            if d.type not in RENDERED_TYPES or has_verb(s.text)
        ]
        if not headline:
            return body
        kinds = {d.type for d, _ in headline}  # a key holds the type: only those can match
        seen = {_key(d) for d, _ in body if d.type in kinds}
        return body + [(d, s) for d, s in headline if _key(d) not in seen]

    def _with_facts(
        self, drafts: list[Sourced], sentences: Sequence[Sentence], context: RuleContext
    ) -> list[Sourced]:
        """The drafts that are claims, then a FACT draft for each check-worthy sentence none of
        them came from (``claims.sentence_facts``), in sentence order (the sentences' scores
        kept in the document's ``_logits``, for the claims' scores)."""
        document = context.document
        kept = self._claims_only(drafts, document)
        if self.sentence_facts is None:
            return kept
        covered = {s.start for _, s in kept}
        found = self.sentence_facts.drafts(sentences, covered, _logits(context))
        facts = self._claims_only(found, document)
        if not facts:
            return kept
        return sorted([*kept, *facts], key=lambda ds: ds[1].start)

    def _prepare(self, document: Document) -> Prepared:
        """The document's sentences and its context, with the parses its rules want declared."""
        context = RuleContext(document=document, reference_date=_reference_date(document))
        parts = segment(document.text)
        declare_parses([rule for _, rule in self.rules], [*parts.headline, *parts.body], context)
        return Prepared(context, parts)

    def prepare(self, documents: Sequence[Document]) -> list[Prepared]:
        """Each document's sentences and context, the parses that all of them want made in one
        ``nlp.pipe`` call (fewer, larger batches; a sentence's parse does not depend on its
        batch, so the claims are the same). A document over ``BATCH_PARSE_MAX_CHARS`` is left
        to parse its own sentences inside its time budget; if the shared parse fails, every
        document parses its own (a failure then rejects only its document)."""
        prepared = [self._prepare(d) for d in documents]
        small = [
            p.context.parses
            for p in prepared
            if len(p.context.document.text) <= BATCH_PARSE_MAX_CHARS
        ]
        try:
            fill_all(small)
        except Exception:
            return [self._prepare(d) for d in documents]
        return prepared

    def _claims_only(self, drafts: list[Sourced], document: Document) -> list[Sourced]:
        """The drafts no not-claim rule (``claims.not_claims``) rejects, in order."""
        if not self.not_claims:
            return drafts
        active, text = self.not_claims, document.text
        return [(d, s) for d, s in drafts if not_claims.is_not_claim(d, s, text, active) is None]

    def extract(self, document: Document, prepared: Prepared | None = None) -> list[Claim]:
        """Claims deduped by (span, type), ordered by (start, end, type), with stable ids and
        distinct texts (``claims.render``: the clause of each quantity and date); ``prepared``,
        from ``prepare``, holds the document's parses made beforehand.

        Raises ``claims.budget.BudgetExceeded`` when the document takes longer than
        ``time_budget`` allows, ``OutputExceeded`` when its claims would repeat more text than
        it allows (``claims.extract`` then rejects the document)."""
        return self.stage(document, prepared).claims()

    def stage(self, document: Document, prepared: Prepared | None = None) -> Staged:
        """``extract`` up to the tagger's verb test of the claim texts (``Staged``: its
        ``claims()`` finish it; ``tag_staged`` tests several documents' texts in one call)."""
        with budget_for(self.time_budget, len(document.text)):
            if prepared is None or prepared.context.document is not document:
                prepared = self._prepare(document)
            drafts = self.sourced_drafts(document, prepared)
        unique: dict[tuple[int, int, str], Sourced] = {}
        for draft, sentence in split_statements(
            _figures_once(_unquoted_facts(drafts)), document.text
        ):
            if 0 <= draft.start < draft.end <= len(document.text) and draft.text.strip():
                unique.setdefault((draft.start, draft.end, str(draft.type)), (draft, sentence))
        volume = sum(len(draft.text) for draft, _ in unique.values())
        if volume > self.time_budget.max_text_for(len(document.text)):
            raise OutputExceeded(len(unique), volume, len(document.text))
        ordered = sorted(unique.items(), key=lambda item: item[0])
        texts = render_texts(
            kept_text(document.text, prepared.context.state),
            [v for _, v in ordered],
            _reference_date(document),
            _pronoun_resolver(document, prepared.context.state),
        )
        logits = _logits(prepared.context)  # the document's sentences and claim texts, once
        mine = [i for i, ((_, _, kind), _) in enumerate(ordered) if ClaimType(kind) in TEXT_TYPES]
        doubtful = [mine[j] for j in doubtful_texts([texts[i] for i in mine], has_verb)]
        return Staged(document, ordered, texts, logits, doubtful)


@dataclass(slots=True)
class Staged:
    """One document's claims before the last step of ``RuleBasedExtractor.extract``: their
    texts, and the indexes of those (of the types ``uncheckable`` tests) in which the word
    lists find no verb (``doubtful``: the tagger decides; ``untagged``, once known, says per
    doubtful text whether it found none)."""

    document: Document
    ordered: list[tuple[tuple[int, int, str], Sourced]]
    texts: list[str]
    logits: dict[str, float]
    doubtful: list[int]
    untagged: list[bool] | None = None

    def claims(self) -> list[Claim]:
        """The document's claims (its doubtful texts tagged now unless ``tag_staged`` did)."""
        texts, document = self.texts, self.document
        untagged = self.untagged
        if untagged is None:
            untagged = untagged_verbs([texts[i] for i in self.doubtful])
        fragments = {i for i, none in zip(self.doubtful, untagged, strict=True) if none}
        return [
            Claim(
                id=make_claim_id(document.sha256, start, end, kind),
                doc_id=document.doc_id,
                type=ClaimType(kind),
                text=text,
                start=start,
                end=end,
                slots=draft.slots,
                checkworthiness=(
                    0.0
                    if uncheckable(ClaimType(kind), text, n not in fragments)
                    else draft_checkworthiness(draft, sentence, self.logits)
                ),
                sentence_start=min(sentence.start, start),
                sentence_end=max(sentence.end, end),
            )
            for n, (((start, end, kind), (draft, sentence)), text) in enumerate(
                zip(self.ordered, texts, strict=True)
            )
        ]


def tag_staged(staged: Sequence[Staged]) -> None:
    """Tag every document's doubtful claim texts in one call (a text's tags do not depend on
    the others of its call, so each document's claims are the same as when it tags its own)."""
    jobs = [s for s in staged if s.doubtful and s.untagged is None]
    untagged = untagged_verbs([s.texts[i] for s in jobs for i in s.doubtful])
    at = 0
    for s in jobs:
        s.untagged, at = untagged[at : at + len(s.doubtful)], at + len(s.doubtful)


#: The key of a document's check-worthiness log-odds in its ``RuleContext.state``.
_LOGITS_KEY = "checkworthiness.logits"


def _logits(context: RuleContext) -> dict[str, float]:
    """The log-odds of the document's texts scored so far, by text: shared by the FACT stage
    (which scores sentences) and the claims' scores, so that no text is scored twice."""
    logits = context.state.get(_LOGITS_KEY)
    if not isinstance(logits, dict):
        logits = context.state[_LOGITS_KEY] = {}
    return logits


def _pronoun_resolver(document: Document, state: dict[Any, Any]) -> Resolver | None:
    """How claim texts name the person an opening ``he``/``she`` stands for: the statement
    family's speaker resolution when its module is there (``claims.render``'s own fallback
    otherwise), with the document's speaker state the rules kept in ``state``."""
    if importlib.util.find_spec("claims.rules.statements") is None:
        return None
    resolve = importlib.import_module("claims.rules.statements").resolve_speaker
    return lambda raw, offset: str(resolve(raw, document, offset, state))


#: Claim types found in the parse that state their clause as the text's own fact.
_PARSED_FACTS = frozenset({ClaimType.ACTION, ClaimType.COMPARISON})


def _unquoted_facts(drafts: list[Sourced]) -> list[Sourced]:
    """The drafts without the action and comparison claims inside a direct quotation that a
    statement of their sentence holds: the statement says who said it, they would state the
    quoted words as fact ("I was shot by a man who ...", she wrote)."""
    said: dict[int, list[tuple[int, int]]] = {}
    for draft, sentence in drafts:
        if draft.type == ClaimType.STATEMENT:
            said.setdefault(sentence.start, []).append((draft.start, draft.end))
    if not said:
        return drafts
    out = []
    for draft, sentence in drafts:
        if draft.type in _PARSED_FACTS and any(
            a <= draft.start and draft.end <= b for a, b in said.get(sentence.start, ())
        ):
            lo, hi = draft.start - sentence.start, draft.end - sentence.start
            if 0 <= lo < hi <= len(sentence.text) and quoted_region(sentence.text, lo, hi):
                continue
        out.append((draft, sentence))
    return out


def _figures_once(drafts: list[Sourced]) -> list[Sourced]:
    """The drafts without the action claims whose object is a quantity claim of their sentence
    (``has killed | nearly 500,000 people``: the figure inside the action's span and its
    ``object`` slot): both would state one fact, and the quantity claim types its value."""
    figures: dict[int, list[tuple[int, int, str]]] = {}
    for draft, s in drafts:
        if draft.type == ClaimType.QUANTITY and s.start <= draft.start <= draft.end <= s.end:
            span = s.text[draft.start - s.start : draft.end - s.start]
            figures.setdefault(s.start, []).append((draft.start, draft.end, span))

    def restated(draft: Draft, s: Sentence) -> bool:
        thing = " ".join(str(draft.slots.get("object") or "").split())
        return bool(thing) and any(
            draft.start <= a and b <= draft.end and (span in thing or thing in span)
            for a, b, span in figures.get(s.start, ())
        )

    return [(d, s) for d, s in drafts if d.type != ClaimType.ACTION or not restated(d, s)]


def keep_checkworthy(claims: Sequence[Claim], minimum: float) -> tuple[list[Claim], int]:
    """The claims scoring at least ``minimum``, in order, and how many scored below it.

    ``claimset extract --min-checkworthiness`` applies this to every document's claims and
    counts the dropped ones in its report and manifest. A claim with no score (an extractor
    that does not compute one) is kept: there is nothing to judge it by."""
    kept = [c for c in claims if c.checkworthiness is None or c.checkworthiness >= minimum]
    return kept, len(claims) - len(kept)


def resolve_min_checkworthiness(minimum: float | None) -> float:
    """The threshold to apply: ``recommended_threshold()`` when none is given; ``InputError``
    outside 0..1."""
    if minimum is None:
        return recommended_threshold()
    if not 0.0 <= minimum <= 1.0 or minimum != minimum:
        raise InputError(f"--min-checkworthiness {minimum}: must be between 0 and 1")
    return float(minimum)


def check_same_threshold(manifest: dict[str, Any] | None, minimum: float, out: Path) -> None:
    """``--append`` must not mix claims kept at two thresholds: ``InputError`` if the
    workspace's manifest records another ``min_checkworthiness``."""
    before = (manifest or {}).get("min_checkworthiness")
    if isinstance(before, int | float) and float(before) != minimum:
        raise InputError(
            f"{out}: its claims were kept at --min-checkworthiness {before:g}, this run uses "
            f"{minimum:g}; --append would mix them: pass --min-checkworthiness {before:g}, or "
            "re-run without --append over all the articles"
        )


@cache
def _model_id() -> dict[str, Any]:
    """What identifies the check-worthiness model in use (its weights are not Python code)."""
    load_model()  # a missing or stale model is a ConfigError here, not a silent hash
    h = hashlib.sha256()
    for suffix in (".json", ".npz"):
        h.update(resources.files("claims").joinpath("models", MODEL_NAME + suffix).read_bytes())
    return {"features": FEATURES_VERSION, "model": h.hexdigest()[:16]}


_REGISTRY: dict[str, Callable[[], Extractor]] = {"rules": RuleBasedExtractor}


def register_extractor(name: str, factory: Callable[[], Extractor]) -> None:
    """Make an extractor available as ``--extractor NAME``."""
    _REGISTRY[name] = factory


def extractor_names() -> list[str]:
    """The registered extractor names, sorted."""
    return sorted(_REGISTRY)


def get_extractor(name: str = "rules") -> Extractor:
    """A new extractor by registered name; ``InputError`` lists the known names otherwise."""
    factory = _REGISTRY.get(name)
    if factory is None:
        known = ", ".join(extractor_names())
        raise InputError(f"unknown extractor {name!r} (choose one of: {known})")
    return factory()
