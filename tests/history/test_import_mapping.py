"""The column-mapping file: presets, overrides, and mistakes reported as `file:line: field: problem`."""
from __future__ import annotations

import pytest

from sim.format.errors import ScenarioError
from sim.history.mapping import load_mapping, mapping_from_dict, preset_names


def problems_of(tmp_path, text):
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_mapping(path)
    return [str(p).replace(f"{path}:", "") for p in caught.value.problems]


def test_the_kit_ships_both_presets_and_they_map_both_languages():
    assert {"tickets", "calls"} <= set(preset_names())
    tickets = load_mapping("tickets")
    assert (tickets.value_of("channel", "电话"), tickets.value_of("channel", " Phone ")) == ("hotline", "hotline")
    assert tickets.value_of("category", "产品质量") == tickets.value_of("category", "Product Quality") == "product_quality"
    assert tickets.value_of("severity", "P1") == "major"
    assert tickets.value_of("channel", "hotline") == "hotline"        # an id written as itself is accepted
    assert tickets.value_of("channel", "fax") is None
    calls = load_mapping("calls")
    assert calls.kind == "calls" and calls.defaults["channel"] == "hotline"


def test_a_mapping_file_overrides_a_preset_key_by_key(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("preset: tickets\ntime: {zone: Asia/Shanghai}\ncolumns: {created: 开单时间}\n"
                    "values:\n  category: {质量投诉: product_quality}\n", encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.columns.created == ["开单时间"]                            # replaced
    assert mapping.columns.contact_id[0] == "ticket_id"                      # kept from the preset
    assert mapping.value_of("category", "质量投诉") == "product_quality"       # added
    assert mapping.value_of("category", "物流") == "logistics"                # the preset's map kept
    assert mapping.time.zone == "Asia/Shanghai" and mapping.time.formats      # formats kept from the preset


def test_an_unknown_key_is_refused_at_its_line_with_a_suggestion(tmp_path):
    assert problems_of(tmp_path, "preset: tickets\ntime:\n  zome: Asia/Shanghai\n") == [
        "3: time.zome: unknown key 'zome'; did you mean 'zone'?"]
    assert problems_of(tmp_path, "preset: tickets\ncolumns:\n  creatd: x\n") == [
        "3: columns.creatd: unknown key 'creatd'; did you mean 'created'?"]


def test_wrong_values_are_reported_at_their_lines(tmp_path):
    found = problems_of(tmp_path, "kind: tickets\nencoding: latin-1\ncolumns: {contact_id: id, created: t, "
                                  "channel: c}\ntime:\n  zone: Asia/Beijing\nsatisfaction: {at_least: 6, of: 5}\n")
    assert found[0].startswith("2: encoding: input should be 'utf-8', 'utf-8-sig' or 'gb18030'")
    assert found[1] == ("5: time.zone: unknown time zone 'Asia/Beijing'; give an IANA name such as Asia/Shanghai "
                        "or UTC")
    assert found[2] == "6: satisfaction.at_least: 'at_least' 6 must lie between 'lowest' (1) and 'of' (5)"


def test_required_columns_and_an_unknown_preset(tmp_path):
    assert problems_of(tmp_path, "kind: calls\ncolumns: {contact_id: id}\n") == [
        "2: columns.created: name the export column of 'created' (it is required)"]
    assert problems_of(tmp_path, "preset: tikets\n") == [
        "1: preset: unknown preset 'tikets'; the kit ships: calls, tickets"]
    with pytest.raises(ScenarioError, match="mapping file not found"):
        load_mapping(tmp_path / "nowhere.yaml")


def test_a_channel_needs_a_column_or_a_default():
    with pytest.raises(ScenarioError, match="columns.channel: name the export column of 'channel'"):
        mapping_from_dict({"kind": "calls", "columns": {"contact_id": "id", "created": "t"}})
    mapping = mapping_from_dict({"kind": "calls", "columns": {"contact_id": "id", "created": "t"},
                                 "defaults": {"channel": "hotline"}})
    assert mapping.defaults["channel"] == "hotline"
