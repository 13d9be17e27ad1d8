"""User rule packs: a publisher's own rules and allow-lists from TOML or JSON, validated loudly."""

from __future__ import annotations

import json
import sys

import pytest

import slantcheck
from slantcheck.cli import main
from slantcheck.detectors.rulepack import RulePack, load_rulepack, parse
from slantcheck.errors import RuleError

from ._texts import CREDIBLE

FOOTER = "Subscribe to our newsletter for the weekly Harbor Gazette briefing."
HOUSE_AD = "Gazette Store – Mugs, Maps and Prints. Shop now at gazettestore.com"
PARTNER = "AdGrid Partner: stories from around the web"
TEXT = "\n".join([CREDIBLE, PARTNER, FOOTER, HOUSE_AD])

TOML = """
name = "Harbor Gazette house rules"
format_version = 1

[allow_phrases]
call_to_share = ["Subscribe to our newsletter for the weekly Harbor Gazette briefing"]
ad_injection = ["Gazette Store"]

[[rules.ad_injection]]
id = "partner_network"
unit = "line"
weight = 0.8
reason = "Line from a partner ad network the publisher does not run."
phrases = ["AdGrid Partner"]
"""


@pytest.fixture()
def toml_pack(tmp_path):
    if sys.version_info < (3, 11):
        pytest.importorskip("tomli")  # TOML packs need 3.11+ or tomli; JSON packs work everywhere
    p = tmp_path / "house.toml"
    p.write_text(TOML, encoding="utf-8")
    return p


def _kinds(rep):  # type: ignore[no-untyped-def]
    return {(s.kind, s.text) for s in rep.spans}


def test_without_pack_house_lines_are_spans(scorer):
    found = _kinds(scorer.score(TEXT))
    assert ("call_to_share", FOOTER) in found
    assert ("ad_injection", HOUSE_AD) in found
    assert not any(t == PARTNER for _, t in found)


def test_toml_pack_allows_house_lines_and_adds_rule(toml_pack):
    rep = slantcheck.load(rules=toml_pack).score(TEXT)
    found = _kinds(rep)
    assert ("call_to_share", FOOTER) not in found
    assert ("ad_injection", HOUSE_AD) not in found
    partner = [s for s in rep.spans if s.text == PARTNER]
    assert [(s.kind, s.rule) for s in partner] == [("ad_injection", "partner_network")]
    assert partner[0].reason.startswith("Line from a partner")


def test_json_pack_same_as_toml(tmp_path, toml_pack):
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover
        import tomli as tomllib  # type: ignore[no-redef]
    j = tmp_path / "house.json"
    j.write_text(json.dumps(tomllib.loads(TOML)), encoding="utf-8")
    a = slantcheck.load(rules=j).score(TEXT).to_dict()
    b = slantcheck.load(rules=toml_pack).score(TEXT).to_dict()
    assert a == b


def test_star_allow_list_and_several_packs(tmp_path, toml_pack):
    extra = tmp_path / "more.json"
    extra.write_text(json.dumps({"allow": {"*": ["^AdGrid Partner"]}}), encoding="utf-8")
    rep = slantcheck.load(rules=[toml_pack, extra]).score(TEXT)
    assert not any(s.text == PARTNER for s in rep.spans)  # allowed for every kind
    assert slantcheck.load(rules=load_rulepack(toml_pack)).score(TEXT).to_dict() == \
        slantcheck.load(rules=toml_pack).score(TEXT).to_dict()


def test_pack_does_not_change_other_texts(toml_pack, scorer):
    other = "Share this with everyone you know before they take it down!"
    assert slantcheck.load(rules=toml_pack).score(other).spans == scorer.score(other).spans


def test_rules_and_detectors_together_refused(toml_pack):
    with pytest.raises(TypeError, match="not both"):
        slantcheck.load(rules=toml_pack, detectors=())


def test_cli_rules_on_score_and_explain(toml_pack, tmp_path, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    assert main(["score", str(doc), "--json", "--rules", str(toml_pack)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [s["rule"] for s in d["spans"] if s["text"] == PARTNER] == ["partner_network"]
    assert not any(s["text"] == FOOTER for s in d["spans"])
    assert main(["explain", str(doc), "--color", "never", "--rules", str(toml_pack)]) == 0
    assert "partner_network" in capsys.readouterr().out


def test_cli_bad_pack_exits_2_naming_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"rules": {"ad_injection": [{"id": "x", "reason": "r", "patterns": ["("]}]}}', encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("hello", encoding="utf-8")
    assert main(["score", str(doc), "--rules", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json: rules.ad_injection: rule #0 (x): field 'patterns'" in err


# --- validation: errors name the file, the entry and the field --------------------------------
@pytest.mark.parametrize("doc,message", [
    ([], r"pack\.json: a rule pack must be a table/object, got list"),
    ({"rulez": {}}, r"pack\.json: unknown field\(s\) \['rulez'\]"),
    ({"format_version": 2, "allow": {"*": ["x"]}}, r"pack\.json: field 'format_version' must be 1, got 2"),
    ({"rules": {"spam": []}}, r"pack\.json: field 'rules': unknown detector kind 'spam'"),
    ({"rules": {"*": []}}, r"field 'rules': unknown detector kind '\*'"),
    ({"rules": []}, r"pack\.json: field 'rules' must be a table/object"),
    ({"rules": {"clickbait": {"id": "a"}}}, r"pack\.json: rules\.clickbait: must be a list"),
    ({"rules": {"clickbait": [{"id": "a", "phrases": ["x"]}]}},
     r"pack\.json: rules\.clickbait: rule #0 \(a\): field 'reason'"),
    ({"rules": {"clickbait": [{"id": "a", "reason": "r", "phrases": ["x"], "weight": 3}]}},
     r"rules\.clickbait: rule #0 \(a\): field 'weight' must be a number in \(0, 1\]"),
    ({"rules": {"clickbait": [{"id": "ok", "reason": "r", "phrases": ["x"]}, {"id": "b", "reason": "r"}]}},
     r"rules\.clickbait: rule #1 \(b\): needs at least one entry in 'patterns' or 'phrases'"),
    ({"rules": {"clickbait": [{"id": "a", "reason": "r", "phrases": ["x"], "colour": "red"}]}},
     r"rule #0 \(a\): unknown field\(s\) \['colour'\]"),
    ({"rules": {"clickbait": [{"id": "a", "reason": "r", "patterns": ["(\\w+\\s?)*$"]}]}},
     r"rule #0 \(a\): field 'patterns'.*backtracking"),
    ({"rules": {"clickbait": [{"id": "a", "reason": "r", "unit": "page", "phrases": ["x"]}]}},
     r"rule #0 \(a\): field 'unit' must be one of"),
    ({"allow": {"call_to_share": "Subscribe"}}, r"pack\.json: allow\.call_to_share: must be a list of non-empty"),
    ({"allow": {"call_to_share": ["ok", "[unclosed"]}}, r"pack\.json: allow\.call_to_share\[1\]: invalid regex"),
    ({"allow": {"call_to_share": ["(a+)+"]}}, r"allow\.call_to_share\[0\].*backtracking"),
    ({"allow_phrases": {"ad_injection": [""]}}, r"allow_phrases\.ad_injection: must be a list of non-empty"),
    ({"name": "empty"}, r"pack\.json: the rule pack adds nothing"),
])
def test_bad_pack_errors_name_file_entry_field(tmp_path, doc, message):
    p = tmp_path / "pack.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        slantcheck.load(rules=p)


def test_duplicate_rule_id_refused(tmp_path):
    p = tmp_path / "dup.json"
    p.write_text(json.dumps({"rules": {"call_to_share": [
        {"id": "share_urgent", "reason": "r", "phrases": ["x"]}]}}), encoding="utf-8")
    with pytest.raises(RuleError, match=r"dup\.json: rules\.call_to_share: rule #0 \(share_urgent\): field 'id'"):
        slantcheck.load(rules=p)


@pytest.mark.parametrize("name,content,message", [
    ("broken.toml", "name = [unclosed", r"broken\.toml: not valid TOML"),
    ("broken.json", "{not json", r"broken\.json: not valid JSON"),
    ("latin1.json", None, r"latin1\.json: not valid JSON"),
])
def test_unparseable_files(tmp_path, name, content, message):
    p = tmp_path / name
    if content is None:
        p.write_bytes(b'{"name": "caf\xe9"}')
    else:
        p.write_text(content, encoding="utf-8")
    if name.endswith(".toml") and sys.version_info < (3, 11):
        pytest.importorskip("tomli")
    with pytest.raises(RuleError, match=message):
        load_rulepack(p)


def test_missing_file(tmp_path):
    with pytest.raises(RuleError, match=r"nope\.toml: cannot read rule pack"):
        slantcheck.load(rules=tmp_path / "nope.toml")


def test_parse_returns_plain_pack():
    pack = parse({"allow_phrases": {"call_to_share": ["Follow the Gazette"]}}, "inline")
    assert isinstance(pack, RulePack) and pack.source == "inline" and pack.rules == {}
    assert "call_to_share" in pack.allow


def test_rule_pack_scorer_pickles_for_worker_processes(toml_pack):
    import pickle

    scorer = slantcheck.load(rules=toml_pack)
    clone = pickle.loads(pickle.dumps(scorer))  # batch workers receive scorers with custom detectors this way
    assert clone.score(TEXT).to_json() == scorer.score(TEXT).to_json()
