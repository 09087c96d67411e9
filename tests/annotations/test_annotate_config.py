"""The labeling config is rendered from the schema, and hand edits that break it are caught."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from annotations.config import render_config, validate_config
from annotations.schema import LABEL_SCHEMA
from claims.errors import ConfigError


def test_config_carries_every_schema_field_value_alias_and_hotkey() -> None:
    xml = render_config()
    assert xml == render_config()  # deterministic
    root = ET.fromstring(xml)
    by_name = {el.get("name"): el for el in root.iter() if el.get("name")}
    for field in LABEL_SCHEMA.choices:
        choices = by_name[field.name]
        assert choices.tag == "Choices" and choices.get("required") == "true"
        shown = [(c.get("value"), c.get("alias"), c.get("hotkey")) for c in choices]
        assert shown == [(c.alias, c.value, c.hotkey) for c in field.choices]
    for text in LABEL_SCHEMA.texts:
        assert by_name[text.name].tag == "TextArea"
    assert by_name["article"].attrib["value"] == "$text"
    labels = by_name[LABEL_SCHEMA.span.name]
    assert [lab.get("value") for lab in labels] == [LABEL_SCHEMA.span.label]
    values = {el.get("value") for el in root.iter("Header")}
    for key in ("$title", "$publisher", "$published", "$claim_text", "$claim_type", "$slots"):
        assert key in values
    hotkeys = [el.get("hotkey") for el in root.iter() if el.get("hotkey")]
    assert len(hotkeys) == len(set(hotkeys))  # no two controls share a key
    validate_config(xml)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (('alias="refuted"', 'alias="false"'), "<Choices name='verdict'> stores"),
        (('name="notes"', 'name="comments"'), "<TextArea name='notes'> is missing"),
        (('name="claim_span"', 'name="span"'), '<Labels name="claim_span"'),
        (('value="$text"', 'value="$body"'), '<Text name="article" value="$text">'),
        ((' alias="not_atomic"', ""), "stores"),
        (("</View>\n", "</Vew>\n"), "not valid XML"),
    ],
)
def test_hand_edited_config_is_one_clear_line(edit: tuple[str, str], problem: str) -> None:
    broken = render_config().replace(*edit, 1)
    assert broken != render_config()
    with pytest.raises(ConfigError) as info:
        validate_config(broken, project="Claims")
    message = str(info.value)
    assert problem in message and "'Claims'" in message and "\n" not in message
