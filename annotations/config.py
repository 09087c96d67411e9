"""The Label Studio labeling config, rendered from ``annotations.schema.LABEL_SCHEMA``.

Nothing of the schema is written by hand here: control names, stored values, aliases, hotkeys
and titles all come from the schema, so the labeling page, the dataset features and the checks
cannot drift apart. ``validate_config`` is the reverse check: a config edited by hand in the
Label Studio UI so that it no longer fits the schema gives one clear line.

Layout of the page (1400x1000 fits without scrolling the page): two columns. On the left the
claim card (the claim, its type and typed values, the sentence it was extracted from), then
the choices and the text areas; on the right the article (title, publisher, date, then the
text with the claim highlighted by a ``Labels`` region pre-filled from the extractor's
prediction), scrolling in its own column. The guidelines are not in the page: they are the
project's instructions (``annotations.project_settings``), in Label Studio's instruction panel.
The claim keys come first in the config, so they are the Data Manager's first columns.

A review round (``render_config(review=True)``, ``annotations.rounds``) adds one read-only
block under the claim card: the earlier rounds' verdicts (``$earlier_verdicts``, pseudonyms
and labels). First-round projects never show it, so their annotators stay independent.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from annotations.schema import ChoiceField, LabelSchema, active_schema
from claims.errors import ConfigError

#: Task data keys the config reads (``annotations.tasks`` fills them), in page order.
DATA_KEYS = (
    "claim_text", "claim_type", "slots", "context", "title", "publisher", "published", "text"
)  # fmt: skip

_CARD = (
    "padding: 0.6em 1em; margin-bottom: 0.6em; border-left: 4px solid #f5b301; "
    "background: #fffbea; border-radius: 4px"
)
_ROW = "display: flex; gap: 1.5em; align-items: flex-start"
#: The left column stays put; the article scrolls inside the right one.
_LEFT = "flex: 0 0 38%; max-width: 38%; max-height: calc(100vh - 180px); overflow-y: auto"
_RIGHT = (
    "flex: 1 1 auto; min-width: 0; max-height: calc(100vh - 180px); overflow-y: auto; "
    "padding: 0.5em 1em; border-radius: 6px; background: #f6f7f9"
)
#: Quiet text for the byline and the card's details (Label Studio's headers are large and bold).
#: The article column snaps to the claim's highlight while the task opens (the editor has no
#: option to scroll to a region; CSS scroll snapping does it: the text line holding the highlight
#: is the one snap area, and Chrome snaps as soon as it appears), then lets go so the annotator
#: scrolls freely: ``scroll-snap-type`` is switched off by an animation after 2 s. An inline
#: element is no snap area in Chrome, hence the line as an inline block.
_CSS = (
    ".claimset-small h1, .claimset-small h2, .claimset-small h3, .claimset-small h4, "
    ".claimset-small h5, .claimset-small h6 { font-size: 13px; font-weight: 400; margin: 2px 0; "
    "color: #555; } "
    ".claimset-claim h1, .claimset-claim h2, .claimset-claim h3, .claimset-claim h4, "
    ".claimset-claim h5, .claimset-claim h6 { font-size: 17px; font-weight: 600; "
    "line-height: 1.35; margin: 0 0 4px; } "
    ".claimset-context h1, .claimset-context h2, .claimset-context h3, .claimset-context h4, "
    ".claimset-context h5, .claimset-context h6 { font-size: 13px; font-weight: 400; "
    "font-style: italic; line-height: 1.4; margin: 6px 0 0; color: #444; } "
    ".claimset-article { scroll-snap-type: y mandatory; "
    "animation: claimset-unsnap 0s linear 2s forwards; } "
    "@keyframes claimset-unsnap { to { scroll-snap-type: none; } } "
    ".claimset-article .lsf-richtext__line:has(.htx-highlight) { display: inline-block; "
    "scroll-snap-align: center; }"
)


def _sub(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, attrs)


def _card(column: ET.Element) -> None:
    """The claim, its type and values, and the sentence it comes from."""
    card = _sub(column, "View", style=_CARD)
    claim = _sub(card, "View", className="claimset-claim")
    _sub(claim, "Header", value="$claim_text", size="5")
    kind = _sub(card, "View", className="claimset-small", style="display: flex; gap: 1.5em")
    _sub(kind, "Header", value="$claim_type", size="6")
    _sub(kind, "Header", value="$slots", size="6")
    context = _sub(card, "View", className="claimset-context")
    _sub(context, "Header", value="$context", size="6")


#: The earlier-verdicts block of a review round: read-only text, set apart from the card.
_EARLIER = (
    "padding: 0.5em 1em; margin-bottom: 0.6em; border-left: 4px solid #7a8ca3; "
    "background: #eef2f7; border-radius: 4px"
)
EARLIER_TITLE = "Earlier verdicts (read-only; judge the claim again on the evidence)"


def _earlier(column: ET.Element) -> None:
    """The earlier rounds' answers (review rounds only)."""
    box = _sub(column, "View", className="claimset-earlier claimset-small", style=_EARLIER)
    _sub(box, "Header", value=EARLIER_TITLE, size="6")
    _sub(box, "Header", value="$earlier_verdicts", size="6")


def _article(column: ET.Element, schema: LabelSchema) -> None:
    """Title, publisher and date above the text with the claim highlighted."""
    _sub(column, "Header", value="$title", size="5")
    byline = _sub(column, "View", className="claimset-small", style="display: flex; gap: 1.5em")
    _sub(byline, "Header", value="$publisher", size="6")
    _sub(byline, "Header", value="$published", size="6")
    span = schema.span
    labels = _sub(column, "Labels", name=span.name, toName=span.to_name, choice="single")
    _sub(labels, "Label", value=span.label, background="#ffd54f", hotkey="c")
    _sub(column, "Text", name=span.to_name, value="$text")


def _choices(view: ET.Element, field: ChoiceField, to_name: str) -> None:
    box = _sub(view, "View", style="margin-top: 0.4em")
    _sub(box, "Header", value=field.title, size="6")
    choices = _sub(
        box,
        "Choices",
        name=field.name,
        toName=to_name,
        choice="single-radio",
        showInline="true",
        required="true" if field.required else "false",
        requiredMessage=f"Choose a value for: {field.title}",
    )
    for c in field.choices:
        # Label Studio shows ``value`` and stores ``alias`` when one is given.
        attrs = {"value": c.alias, "hotkey": c.hotkey, "hint": c.description}
        if c.alias != c.value:
            attrs["alias"] = c.value
        _sub(choices, "Choice", **attrs)


def render_config(schema: LabelSchema | None = None, *, review: bool = False) -> str:
    """The labeling config XML for ``schema`` (deterministic: same schema, same bytes).

    ``schema`` defaults to the active label schema (``annotations.schema.active_schema``);
    ``review`` adds the earlier-verdicts block of a review round.
    """
    schema = schema or active_schema()
    view = ET.Element("View")
    _sub(view, "Style").text = _CSS
    row = _sub(view, "View", style=_ROW)
    left = _sub(row, "View", style=_LEFT)
    right = _sub(row, "View", className="claimset-article", style=_RIGHT)
    _card(left)
    if review:
        _earlier(left)
    span = schema.span
    for field in schema.choices:
        _choices(left, field, span.to_name)
    for text in schema.texts:
        box = _sub(left, "View", style="margin-top: 0.4em")
        _sub(box, "Header", value=text.title, size="6")
        _sub(
            box,
            "TextArea",
            name=text.name,
            toName=span.to_name,
            placeholder=text.placeholder,
            rows=str(text.rows),
            maxSubmissions="1",
            editable="true",
        )
    _article(right, schema)
    ET.indent(view, space="  ")
    return ET.tostring(view, encoding="unicode") + "\n"


def _problems(root: ET.Element, schema: LabelSchema) -> list[str]:
    """What keeps a parsed config from fitting ``schema`` (empty: it fits)."""
    by_name = {el.get("name"): el for el in root.iter() if el.get("name")}
    span = schema.span
    problems: list[str] = []
    text = by_name.get(span.to_name)
    if text is None or text.tag != "Text" or text.get("value") != "$text":
        problems.append(f'<Text name="{span.to_name}" value="$text"> is missing')
    labels = by_name.get(span.name)
    if labels is None or labels.tag != "Labels" or labels.get("toName") != span.to_name:
        problems.append(f'<Labels name="{span.name}" toName="{span.to_name}"> is missing')
    elif span.label not in {lab.get("alias") or lab.get("value") for lab in labels}:
        problems.append(f"<Labels name={span.name!r}> lacks the label {span.label!r}")
    for field in schema.choices:
        el = by_name.get(field.name)
        if el is None or el.tag != "Choices":
            problems.append(f"<Choices name={field.name!r}> is missing")
            continue
        stored = [c.get("alias") or c.get("value") for c in el.iter("Choice")]
        if sorted(v or "" for v in stored) != sorted(field.names):
            problems.append(
                f"<Choices name={field.name!r}> stores {stored}, the schema needs {field.names}"
            )
    for area in schema.texts:
        el = by_name.get(area.name)
        if el is None or el.tag != "TextArea":
            problems.append(f"<TextArea name={area.name!r}> is missing")
    return problems


def validate_config(xml: str, *, schema: LabelSchema | None = None, project: str = "") -> None:
    """Raise ``ConfigError`` (one line) if ``xml`` no longer fits the label schema."""
    where = f"project {project!r}" if project else "the labeling config"
    schema = schema or active_schema()
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as e:
        raise ConfigError(f"labeling config of {where} is not valid XML ({e})") from None
    problems = _problems(root, schema)
    if problems:
        raise ConfigError(
            f"labeling config of {where} no longer fits the claimset schema: "
            + "; ".join(problems)
            + ". Undo the edit in Settings > Labeling Interface, "
            "or run `claimset annotate push` to restore it"
        )
