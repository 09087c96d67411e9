"""The Label Studio labeling config, rendered from ``annotations.schema.LABEL_SCHEMA``.

Nothing of the schema is written by hand here: control names, stored values, aliases, hotkeys
and titles all come from the schema, so the labeling page, the dataset features and the checks
cannot drift apart. ``validate_config`` is the reverse check: a config edited by hand in the
Label Studio UI so that it no longer fits the schema gives one clear line.

Layout of the page: the article's title, publisher and date; the claim sentence with its type
and typed values; short guidelines; the article with the claim highlighted (a ``Labels`` region
pre-filled from the extractor's prediction); then the choices and the text areas.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from annotations.schema import ChoiceField, LabelSchema, active_schema
from claims.errors import ConfigError

#: Task data keys the config reads (``annotations.tasks`` fills them).
DATA_KEYS = ("title", "publisher", "published", "claim_text", "claim_type", "slots", "text")

_PANEL = "padding: 0.5em 1em; margin-bottom: 0.5em; border-radius: 6px; background: #f6f7f9"
_CLAIM_PANEL = "padding: 0.5em 1em; margin-bottom: 0.5em; border-left: 4px solid #f5b301"
#: Quiet text for the guidelines and the byline (Label Studio's headers are large and bold).
_CSS = (
    ".claimset-small h1, .claimset-small h2, .claimset-small h3, .claimset-small h4, "
    ".claimset-small h5, .claimset-small h6 { font-size: 14px; font-weight: 400; margin: 2px 0; }"
)


def _sub(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, attrs)


def _header(view: ET.Element, schema: LabelSchema) -> None:
    """Article title, publisher and date; the claim, its type and values; guidelines."""
    _sub(view, "Style").text = _CSS
    head = _sub(view, "View", style=_PANEL)
    _sub(head, "Header", value="$title", size="3")
    byline = _sub(head, "View", className="claimset-small", style="display: flex; gap: 1.5em")
    _sub(byline, "Header", value="$publisher", size="6")
    _sub(byline, "Header", value="$published", size="6")
    claim = _sub(view, "View", style=_CLAIM_PANEL)
    _sub(claim, "Header", value="$claim_text", size="4")
    kind = _sub(claim, "View", style="display: flex; gap: 1.5em; color: #555")
    _sub(kind, "Header", value="$claim_type", size="6")
    _sub(kind, "Header", value="$slots", size="6")
    guide = _sub(view, "View", style=_PANEL)
    _sub(guide, "Header", value="Guidelines", size="6")
    small = _sub(guide, "View", className="claimset-small")
    _sub(small, "Header", value=schema.guidelines, size="6", underline="false")


def _choices(view: ET.Element, field: ChoiceField, to_name: str) -> None:
    box = _sub(view, "View", style="margin-top: 0.5em")
    _sub(box, "Header", value=field.title, size="5")
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


def render_config(schema: LabelSchema | None = None) -> str:
    """The labeling config XML for ``schema`` (deterministic: same schema, same bytes).

    ``schema`` defaults to the active label schema (``annotations.schema.active_schema``).
    """
    schema = schema or active_schema()
    view = ET.Element("View")
    _header(view, schema)
    span = schema.span
    labels = _sub(view, "Labels", name=span.name, toName=span.to_name, choice="single")
    _sub(labels, "Label", value=span.label, background="#ffd54f", hotkey="c")
    article = _sub(view, "View", style="max-height: 420px; overflow-y: auto; " + _PANEL)
    _sub(article, "Text", name=span.to_name, value="$text")
    for field in schema.choices:
        _choices(view, field, span.to_name)
    for text in schema.texts:
        box = _sub(view, "View", style="margin-top: 0.5em")
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
