"""Check-worthiness: how much a sentence, and a claim in it, needs fact-checking (0 to 1).

``score_sentence(text)`` is a logistic regression over hashed word uni/bi-grams and a few dozen
interpretable cues (numbers, money, months, comparatives and superlatives, first-person opinion,
questions, hypotheticals, debate procedure, record verbs such as "voted" or "signed"). It was
trained by ``training/checkworthy/train.py`` on human check-worthiness labels of US debate
sentences; the weights ship in the package (``claims/models/checkworthy.npz`` with its
``checkworthy.json`` description) and are loaded once per process. Scoring is pure Python and
numpy, deterministic on every machine: n-grams are hashed with ``zlib.crc32``, never the salted
``hash()``.

``score_claim(claim_type, claim_text, sentence, slots)`` adds what the frame knows to the
sentence's score, as a small documented shift in log-odds (``TYPE_PRIOR``, ``UNIT_PRIOR`` ...):
a casualty or money figure outranks a duration, "today" is no date worth checking, and a
statement whose speaker is I/we/you in an opinion frame ("I think ...") is lowered.

The features are defined here, once, and the training script imports them, so training and
scoring cannot drift apart; the model file records ``FEATURES_VERSION`` and loading refuses a
model built for other features.
"""

from __future__ import annotations

import io
import itertools
import json
import math
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from claims.errors import ConfigError

__all__ = [
    "CUE_NAMES",
    "FEATURES_VERSION",
    "SCORE_DECIMALS",
    "Model",
    "cue_vector",
    "fired_cues",
    "hashed_indices",
    "load_model",
    "recommended_threshold",
    "score_claim",
    "score_sentence",
    "tokens",
]

#: Scores are rounded to this many decimals wherever they are stored (byte-stable JSON).
SCORE_DECIMALS = 4
#: Bumped whenever tokens, n-grams or cues change; a model trained on other features is refused.
FEATURES_VERSION = 1
MODEL_NAME = "checkworthy"

_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[%$?]")
_YEAR_RE = re.compile(r"(?:1[6-9]|20)\d\d")

# --- cue word lists: each one an interpretable feature (see CUE_NAMES) -----------------------


def _words(words: str) -> frozenset[str]:
    """A closed word list written as one space-separated string."""
    return frozenset(words.split())


_MONTHS = _words(
    "january february march april june july august september october november december"
)
_MONEY = _words(
    "$ dollar dollars cent cents million millions billion billions trillion trillions "
    "budget deficit debt tax taxes taxpayer taxpayers spending spend spent"
)
_STAT = _words(
    "percent rate rates unemployment jobs job inflation income wages poverty average "
    "number numbers half third quarter twice double doubled tripled"
)
_COMPARATIVE = _words(
    "more less fewer higher lower bigger larger smaller greater better worse faster "
    "slower increase increased decrease decreased rise rose fell grew grown doubled than"
)
_SUPERLATIVE = _words(
    "most least highest lowest biggest largest smallest greatest best worst fastest first "
    "last only record ever never"
)
_ACTION = _words(
    "voted vote votes signed resigned charged cut cuts raised passed vetoed veto created "
    "lost opposed supported sponsored proposed appointed approved banned closed increased "
    "reduced killed died invaded attacked sent spent borrowed indicted convicted fired "
    "eliminated expanded repealed ratified negotiated"
)
_HYPOTHETICAL = _words("if would could might suppose imagine unless whether")
_PROCEDURE = _words(
    "seconds minute minutes tonight moderator moderators debate applause laughter "
    "crosstalk rebuttal thank thanks welcome audience question questions answer "
    "candidates candidate commercial break evening segment closing opening statement "
    "statements turn"
)
_MODAL_FUTURE = _words("will going gonna should must need want hope")
_OPINION_PHRASES = (
    "i think",
    "i believe",
    "i feel",
    "i hope",
    "i want",
    "i'm going to",
    "i will",
    "i'll",
    "in my opinion",
    "we will",
    "we'll",
    "we're going to",
    "we need",
    "we must",
    "we should",
    "we have to",
    "you know",
    "let me",
    "i don't think",
)
_WH = _words("what why how who when where which do does did is are can will would")

#: The dense cue features, in the order of ``cue_vector`` and of the model's ``cues`` weights.
CUE_NAMES: tuple[str, ...] = (
    "has_digit",
    "numbers",
    "year",
    "percent",
    "money",
    "month",
    "statistic_word",
    "comparative",
    "superlative",
    "action_verb",
    "opinion_phrase",
    "first_person_start",
    "question_mark",
    "question_start",
    "hypothetical",
    "future_modal",
    "procedure",
    "bracketed",
    "short",
    "length",
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; a year becomes ``<year>``, any other number ``<num>`` (a token
    opens with a digit only when it is a number: a text with none has no number token)."""
    found: list[str] = _TOKEN_RE.findall(text.lower().replace("\u2019", "'"))
    if not _has_digit(text):
        return found
    year = _YEAR_RE.fullmatch
    return [("<year>" if year(t) else "<num>") if t[0].isdigit() else t for t in found]


_ASCII_DIGIT_RE = re.compile(r"[0-9]")


def _has_digit(text: str) -> bool:
    """``any(map(str.isdigit, text))``: in ASCII text only 0-9 are digits (one search)."""
    if text.isascii():
        return _ASCII_DIGIT_RE.search(text) is not None
    return any(map(str.isdigit, text))


#: CRC-32 of the n-gram prefixes: ``crc32(rest, crc32(prefix)) == crc32(prefix + rest)``.
_UNIGRAM_CRC = zlib.crc32(b"w:")
_BIGRAM_CRC = zlib.crc32(b"b:")


def hashed_indices(toks: Sequence[str], buckets: int) -> list[int]:
    """The distinct hashed buckets of the unigrams and bigrams (with sentence boundaries):
    the CRC-32 of ``w:<token>`` and of ``b:<token> <next>`` (UTF-8) modulo ``buckets``, each
    token encoded once and each bigram's CRC continued from the prefix's."""
    crc32 = zlib.crc32
    encoded = [t.encode("utf-8") for t in toks]
    found = {crc32(e, _UNIGRAM_CRC) % buckets for e in encoded}
    padded = [b"<s>", *encoded, b"</s>"]
    found.update(
        crc32(b" " + b, crc32(a, _BIGRAM_CRC)) % buckets for a, b in itertools.pairwise(padded)
    )
    return sorted(found)


def _count(toks: Sequence[str], words: frozenset[str]) -> float:
    """How many tokens are in ``words``, capped at 3 (one strong cue, not a length proxy)."""
    return float(min(3, sum(t in words for t in toks)))


#: The word-list cues counted by ``_count``, in ``cue_vector`` order.
_COUNTED = (_MONEY, _STAT, _COMPARATIVE, _SUPERLATIVE, _ACTION, _HYPOTHETICAL, _MODAL_FUTURE,
            _PROCEDURE)  # fmt: skip
#: Each word of a counted list: the positions of the lists holding it (one lookup a token).
_IN_LISTS: dict[str, tuple[int, ...]] = {
    word: tuple(n for n, words in enumerate(_COUNTED) if word in words)
    for word in frozenset().union(*_COUNTED)
}


def _counts(toks: Sequence[str]) -> list[float]:
    """``_count(toks, words)`` for every list of ``_COUNTED``, in one pass over the tokens."""
    counts = [0] * len(_COUNTED)
    for t in toks:
        for n in _IN_LISTS.get(t, ()):
            counts[n] += 1
    return [float(min(3, c)) for c in counts]


def cue_vector(text: str, toks: Sequence[str]) -> list[float]:
    """The cue features of ``CUE_NAMES`` for one sentence (small counts and 0/1 flags)."""
    lower = " ".join(text.lower().replace("\u2019", "'").split())
    numbers = toks.count("<num>") + toks.count("<year>")
    first = toks[0] if toks else ""
    money, stat, comparative, superlative, action, hypothetical, future, procedure = _counts(toks)
    return [
        float(_has_digit(text)),
        float(min(3, numbers)),
        float("<year>" in toks),
        float("%" in toks or "percent" in toks or "percentage" in toks),
        money,
        float(not _MONTHS.isdisjoint(toks)),
        stat,
        comparative,
        superlative,
        action,
        float(sum(p in lower for p in _OPINION_PHRASES)),
        float(first in ("i", "i'm", "we", "we're", "you", "you're", "my", "our")),
        float(text.rstrip().endswith("?") or "?" in toks),
        float(first in _WH and "?" in toks),
        hypothetical,
        future,
        procedure,
        float(text.lstrip().startswith(("(", "["))),
        float(len(toks) < 6),
        math.log1p(len(toks)) / 4.0,
    ]


# --- the shipped model ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of the logistic regression: hashed n-grams, cues and a bias."""

    hashed: np.ndarray
    cues: np.ndarray
    bias: float
    meta: dict[str, Any]

    def logit(self, text: str) -> float:
        """The sentence's log-odds of being check-worthy."""
        toks = tokens(text)
        idx = hashed_indices(toks, len(self.hashed))
        # np.add.reduce: what ndarray.sum does, without its Python-level wrapper
        z = self.bias + float(np.add.reduce(self.hashed[idx])) if idx else self.bias
        return z + float(np.dot(self.cues, cue_vector(text, toks)))


def _model_file(name: str) -> Any:
    return resources.files("claims").joinpath("models", name)


@cache
def load_model() -> Model:
    """The packaged model, read once per process; ``ConfigError`` if it is missing or stale."""
    try:
        meta = json.loads(_model_file(f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
        with np.load(io.BytesIO(_model_file(f"{MODEL_NAME}.npz").read_bytes())) as arrays:
            hashed = arrays["hashed"].astype(np.float64)
            cues = arrays["cues"].astype(np.float64)
            bias = float(arrays["bias"][0])
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
        raise ConfigError(
            f"claims/models/{MODEL_NAME}.npz/.json cannot be read ({e}); reinstall claimset "
            "or retrain with training/checkworthy/train.py"
        ) from None
    if meta.get("features_version") != FEATURES_VERSION or list(meta.get("cues", [])) != list(
        CUE_NAMES
    ):
        raise ConfigError(
            f"claims/models/{MODEL_NAME}.json was trained for other features (version "
            f"{meta.get('features_version')}, this code {FEATURES_VERSION}); retrain it with "
            "training/checkworthy/train.py"
        )
    if len(cues) != len(CUE_NAMES) or len(hashed) != int(meta.get("buckets", -1)):
        raise ConfigError(f"claims/models/{MODEL_NAME}.npz does not match its .json description")
    return Model(hashed, cues, bias, meta)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def score_sentence(text: str, logits: dict[str, float] | None = None) -> float:
    """How check-worthy ``text`` is, 0 to 1 (the same text always gets the same score).
    ``logits``: the log-odds of texts scored before, as for ``score_claim`` (filled)."""
    if logits is None:
        return _sigmoid(load_model().logit(text))
    z = logits.get(text)
    if z is None:
        z = logits[text] = load_model().logit(text)
    return _sigmoid(z)


def fired_cues(text: str) -> list[str]:
    """The cues of ``CUE_NAMES`` that ``text`` shows and that raise its score (positive learned
    weight), in ``CUE_NAMES`` order: why the model finds it check-worthy, in words."""
    model = load_model()
    toks = tokens(text)
    values = cue_vector(text, toks)
    return [
        name.replace("_", " ")
        for name, value, weight in zip(CUE_NAMES, values, model.cues, strict=True)
        if value > 0 and weight > 0 and name != "length"
    ]


def recommended_threshold() -> float:
    """The ``--min-checkworthiness`` default chosen on the dev sets (see RESULTS.md)."""
    return float(load_model().meta["threshold"])


# --- what the frame knows ----------------------------------------------------------------------

#: Log-odds added per claim type: a figure is what checkers check most, a bare date least.
TYPE_PRIOR: dict[str, float] = {
    "quantity": 0.3,
    "statement": 0.0,
    "meeting": 0.0,
    "date": -0.2,
    "fact": 0.0,
}
#: Log-odds added per quantity unit: money and shares up, durations and clock time down.
UNIT_PRIOR: dict[str, float] = {
    "USD": 0.4,
    "GBP": 0.4,
    "EUR": 0.4,
    "JPY": 0.4,
    "CAD": 0.4,
    "percent": 0.4,
    "percentage points": 0.4,
    "share": 0.3,
    "second": -1.0,
    "minute": -1.0,
    "hour": -0.6,
    "day": -0.4,
    "week": -0.4,
    "month": -0.4,
    "year": -0.4,
}
#: Words of a quantity's ``measure`` that mark casualties and other grave counts.
CASUALTY_WORDS = _words(
    "killed dead deaths died wounded injured casualties victims refugees displaced "
    "arrested jailed executed"
)
CASUALTY_PRIOR = 0.6
#: Date expressions that are the time of speaking, not a checkable date.
DEICTIC_DATES = _words("today tonight tomorrow yesterday now currently")
DEICTIC_PRIOR = -1.0
#: A date resolved to a calendar value dates an event; an unresolved one ("some day") does not.
RESOLVED_DATE_PRIOR = 0.2
FIRST_PERSON = _words("i we you me us")
#: A statement by I/we/you: lowered, and more so when its cue is an opinion verb.
FIRST_PERSON_PRIOR = -0.5
OPINION_CUES = _words("think believe feel hope guess suppose want wish")
OPINION_PRIOR = -1.0
#: Quoted words that open with the speaker's own opinion, feeling or wish ("I think ...", "I
#: love it here", "We are delighted ..."): lowered as a first-person opinion is, whoever said it
#: (its speaker is named, so the statement is a record; the words are no fact to check).
QUOTED_OPINION = re.compile(
    r"(?:(?:well|look|see|and|but|so),?\s+)?(?:i|we)\s+(?:really\s+|just\s+|do\s+|still\s+|"
    r"also\s+|certainly\s+|genuinely\s+)?(?:think|believe|feel|love|hope|like|want|wish|guess|"
    r"suppose|reckon|thought|felt|hoped|wanted|loved)\b|(?:i|we)(?:'m|’m|'re|’re| am| are| was| "
    r"were| feel)\s+(?:very\s+|really\s+|so\s+|absolutely\s+|extremely\s+|just\s+|not\s+)?"
    r"(?:delighted|pleased|happy|thrilled|excited|proud|sure|confident|hopeful|disappointed|glad|"
    r"sorry|honoured|honored|grateful|looking forward)\b"
)
#: A statement attributed to a named third party: who said what is itself a checkable record.
NAMED_SPEAKER_PRIOR = 0.5
#: Weight of the claim's own text against its sentence's (the sentence is what people labelled).
CLAIM_TEXT_WEIGHT = 0.5


def _slot_prior(claim_type: str, slots: Mapping[str, Any]) -> float:
    """The log-odds shift the frame's slots justify (see the tables above)."""
    shift = TYPE_PRIOR.get(claim_type, 0.0)
    if claim_type == "quantity":
        unit = slots.get("unit")
        key = str(unit or "")
        shift += UNIT_PRIOR.get(key, UNIT_PRIOR.get(key.removesuffix("s"), 0.0))
        measure = set(str(slots.get("measure") or "").lower().split())
        shift += CASUALTY_PRIOR if measure & CASUALTY_WORDS else 0.0
    elif claim_type == "date":
        expression = str(slots.get("expression") or "").lower().strip()
        shift += DEICTIC_PRIOR if expression in DEICTIC_DATES else 0.0
        shift += RESOLVED_DATE_PRIOR if slots.get("date") else 0.0
    elif claim_type == "statement":
        speaker = str(slots.get("speaker") or "").lower().strip()
        if speaker in FIRST_PERSON:
            cue = set(str(slots.get("cue") or "").lower().split())
            shift += FIRST_PERSON_PRIOR + (OPINION_PRIOR if cue & OPINION_CUES else 0.0)
        elif speaker:
            shift += NAMED_SPEAKER_PRIOR
        said = str(slots.get("content") or "").lstrip("\"“‘' ").lower()
        if speaker not in FIRST_PERSON and QUOTED_OPINION.match(said):
            shift += FIRST_PERSON_PRIOR + OPINION_PRIOR
    return shift


def score_claim(
    claim_type: str,
    claim_text: str,
    sentence: str,
    slots: Mapping[str, Any],
    logits: dict[str, float] | None = None,
) -> float:
    """A claim's check-worthiness, 0 to 1: its sentence's score moved by what its frame knows.

    The log-odds are the sentence's, pulled ``CLAIM_TEXT_WEIGHT`` of the way towards the claim
    text's own (when it differs from the sentence), plus ``_slot_prior``'s shift. ``logits``:
    the log-odds of texts scored before (the caller's, e.g. one document's: a sentence with
    several claims is scored once); filled as texts are scored.
    """
    model = load_model()
    memo: dict[str, float] = {} if logits is None else logits

    def logit(text: str) -> float:
        z = memo.get(text)
        if z is None:
            z = memo[text] = model.logit(text)
        return z

    z = logit(sentence) if sentence.strip() else logit(claim_text)
    if claim_text.strip() and claim_text.strip() != sentence.strip():
        z += CLAIM_TEXT_WEIGHT * (logit(claim_text) - z)
    return _sigmoid(z + _slot_prior(claim_type, slots))
