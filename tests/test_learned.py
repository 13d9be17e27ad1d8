"""Recipes, diagnose, evaluate extras and the learned cues inside detectors.

Every text here was written for these tests. Corpora are never read: a tiny corpus folder
with the real layout is written to tmp_path, so the recipe path runs end to end in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slantcheck.cli import main
from slantcheck.detectors import Context, default_detectors, detect, textclf
from slantcheck.detectors.ads import AdInjection
from slantcheck.detectors.clickbait import Clickbait
from slantcheck.detectors.unsourced import UnsourcedAssertion
from slantcheck.evaluation.evaluate import is_obfuscated, length_bucket
from slantcheck.text.normalize import normalize

from .test_textclf import BAIT, NEWS


def _headline_corpus(root: Path) -> Path:
    rows = []
    for split, k in (("train", 0), ("dev", 1), ("test", 2)):
        for i, t in enumerate(BAIT):
            if i % 3 == k or split == "train":
                rows.append({"id": f"b{split}{i}", "text": t, "label": "clickbait", "split": split})
        for i, t in enumerate(NEWS):
            if i % 3 == k or split == "train":
                rows.append({"id": f"n{split}{i}", "text": t, "label": "not_clickbait", "split": split})
    d = root / "stop_clickbait"
    d.mkdir(parents=True)
    (d / "headlines.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


def test_small_recipe_is_byte_identical_on_a_second_run(tmp_path, capsys):
    data = _headline_corpus(tmp_path / "data")
    for out in ("a", "b"):
        assert main(["train", "--recipe", "clickbait-headlines", "--data-dir", str(data),
                     "--out", str(tmp_path / out)]) == 0
    err = capsys.readouterr().err
    assert "read stop_clickbait [train]" in err and "test (case-folded): accuracy" in err
    for f in ("model.json", "weights.npz", "MODEL_CARD.md"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    card = (tmp_path / "a" / "MODEL_CARD.md").read_text()
    assert "case-folded" in card and "stop_clickbait" in card
    clf = textclf.load(tmp_path / "a")
    assert clf.spec.casefold
    assert clf.proba("YOU WON'T BELIEVE THIS TRICK") == clf.proba("you won't believe this trick")


def test_opt_in_recipes_are_not_shippable():
    from slantcheck.training.recipes import RECIPES

    assert RECIPES["clickbait-headlines"].shippable and RECIPES["ad-lines"].shippable
    for name in ("weasel", "checkworthy", "fakenewsnet", "horne2017", "perezrosas2018", "hyperpartisan"):
        assert not RECIPES[name].shippable, name


# --- diagnose -------------------------------------------------------------------------------
DOCS = [
    {"id": "t-1", "genre": "blog", "flag": True, "advertorial": False,
     "text": "Insiders say the mayor already picked the winner.\nShare this before they delete it!"},
    {"id": "t-2", "genre": "wire_news", "flag": False, "advertorial": False,
     "text": "The bridge reopened on Monday, the transport ministry said."},
]


def _with_gold(doc):
    text = doc["text"]
    a = text.index("Insiders") if "Insiders" in text else -1
    spans = []
    if a >= 0:
        spans.append({"start": a, "end": text.index("\n"), "kind": "unsourced_assertion"})
        s = text.index("Share")
        spans.append({"start": s, "end": len(text), "kind": "call_to_share"})
    return {**doc, "spans": spans}


def test_diagnose_jsonl_table(tmp_path, capsys):
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(_with_gold(d)) + "\n" for d in DOCS), encoding="utf-8")
    assert main(["diagnose", str(path), "--json", str(tmp_path / "lf.json")]) == 0
    out = capsys.readouterr().out
    assert "labelling function" in out and "call_to_share:" in out
    res = json.loads((tmp_path / "lf.json").read_text())
    assert res["units"] == 2
    rows = {r["lf"]: r for r in res["lfs"]}
    share = [r for k, r in rows.items() if k.startswith("call_to_share:")]
    assert share and all(r["precision"] == 1.0 and r["coverage"] == 0.5 for r in share)
    assert all(r["gold_hit"] == 1 for r in share)
    assert sum(r["unique"] for r in share) == (1 if len(share) == 1 else 0)


def test_diagnose_corpus_by_name(tmp_path, capsys):
    d = tmp_path / "sms_spam"
    d.mkdir()
    rows = [{"id": "1", "text": "Use code SAVE20 for 20% off at bayviewmattress.com today only!", "label": "spam",
             "split": "dev"},
            {"id": "2", "text": "See you at the match tonight, bring the umbrella", "label": "ham", "split": "dev"},
            {"id": "3", "text": "Share this with everyone before they delete it!", "label": "ham", "split": "dev"}]
    (d / "sms.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["diagnose", "sms_spam", "--data-dir", str(tmp_path), "--json", str(tmp_path / "o.json")]) == 0
    res = json.loads((tmp_path / "o.json").read_text())
    assert res["units"] == 3 and res["positives"] == 1
    ad = [r for r in res["lfs"] if r["kind"] == "ad_injection"]
    assert ad and all(r["precision"] == 1.0 for r in ad)
    assert any(r["kind"] == "call_to_share" and "precision" not in r for r in res["lfs"])


# --- evaluate extras ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("ch3ck 0ut the deal", True), ("S h a r e this now", True), ("Sh\u200bare now", True),
    ("\u0405h\u0430re now", True), ("Q4 results beat forecasts", False), ("a 4-hour hearing", False),
    ("plain words only", False),
])
def test_obfuscation_slice(text, expected):
    assert is_obfuscated(text) is expected


def test_length_buckets():
    assert length_bucket("word " * 10) == "<80 words"
    assert length_bucket("word " * 250) == "200-399 words"


def _eval_file(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(_with_gold(d)) + "\n" for d in DOCS), encoding="utf-8")
    return path


def test_evaluate_slices_and_errors(tmp_path, capsys):
    path = _eval_file(tmp_path)
    errors = tmp_path / "errors.jsonl"
    assert main(["evaluate", str(path), "--slices", "--errors", str(errors), "--top", "5",
                 "--json", str(tmp_path / "res.json")]) == 0
    out = capsys.readouterr().out
    assert "genre=blog" in out and "obfuscated=no" in out and "length=<80 words" in out
    res = json.loads((tmp_path / "res.json").read_text())
    assert res["slices"]["genre=wire_news"]["n"] == 1
    for line in errors.read_text().splitlines():
        row = json.loads(line)
        assert row["error"] in ("false_positive", "false_negative")
        assert {"gold_spans", "predicted_spans", "missed_spans", "extra_spans", "score"} <= set(row)


def test_evaluate_plots(tmp_path):
    pytest.importorskip("matplotlib")
    path = _eval_file(tmp_path)
    assert main(["evaluate", str(path), "--plots", str(tmp_path / "plots")]) == 0
    for name in ("reliability.png", "precision_recall.png"):
        assert (tmp_path / "plots" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_plots_without_matplotlib_is_a_clear_error(tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["evaluate", str(_eval_file(tmp_path)), "--plots", str(tmp_path / "p")]) == 2
    assert "pip install 'slantcheck[plots]'" in capsys.readouterr().err


def test_pr_curve_endpoints():
    from slantcheck.evaluation.plots import pr_curve

    prec, rec = pr_curve([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])
    assert prec[0] == 1.0 and rec[-1] == 1.0 and prec[-1] == 0.5


# --- learned cues inside the detectors --------------------------------------------------------------
def test_headline_model_scores_headline_spans_but_never_creates_them_by_default():
    det = Clickbait()
    if textclf.shipped("clickbait-headlines") is None:
        pytest.skip("clickbait-headlines is not trained in this checkout")
    bait = "You Won't Believe What the Ferry Captain Found Under the Dock\nThe ferry ran late on Monday."
    spans = det.find(normalize(bait).text)
    assert spans and "Headline model" in spans[0].reason
    # An op-ed headline stating the author's position (signals.md 3.4 exclude): no span, whatever the model says.
    oped = "I was wrong about banning phones in class\nLast spring I argued for a ban. I have changed my mind."
    assert det.find(normalize(oped).text) == []


def test_ad_line_model_is_a_brake_not_a_trigger():
    if textclf.shipped("ad-lines") is None:
        pytest.skip("ad-lines is not trained in this checkout")
    on = AdInjection()
    off = AdInjection()
    off.cues = {**off.cues, "line_model": 0.0}
    residue = ("The council met on Tuesday to discuss the ferry budget and the new timetable for winter.\n"
               "Home | News | Sports | Weather | Contact\nCookie settings\nPrivacy policy")
    ctx_on, ctx_off = Context(normalize(residue).text), Context(normalize(residue).text)
    for u in ctx_on.lines:
        assert on.line_score(ctx_on, u.start, u.end)[0] <= off.line_score(ctx_off, u.start, u.end)[0] + 1e-9
    assert [s for s in on.find(ctx_on.text, ctx_on) if s.rule == "promo_line"] == []


class _Always:
    """A stand-in sentence model that calls every sentence a weasel sentence."""

    model_version = "always-1"
    threshold = 0.5
    meta: dict = {}

    def proba(self, text, dense=None):
        return 0.99


@pytest.mark.parametrize("text", [
    '"Everyone in the industry knows those filters leak," said Dana Ortiz, a lecturer at the college.',
    "I think the new timetable will make the ferry less reliable over the winter.",
    "My knee pain got better within a week after I started cycling to work every day.",
    "Is the council really going to sell the ferry to the highest bidder this year?",
    "Not all analysts are convinced by the plan for the harbour. \"The numbers do not add up,\" said Lee Park.",
])
def test_sentence_model_respects_hard_negatives(text):
    det = UnsourcedAssertion(sentence_model=_Always())
    assert [s.text for s in det.find(normalize(text).text) if s.rule == "sentence_model"] == []


def test_sentence_model_adds_unattributed_claims():
    det = UnsourcedAssertion(sentence_model=_Always())
    text = "The harbour fees will double next year and ruin every small fishing crew in the county."
    spans = det.find(normalize(text).text)
    assert [s.rule for s in spans] == ["sentence_model"]


def test_every_detector_still_runs_without_submodels(monkeypatch):
    monkeypatch.setattr(textclf, "_cache", {"clickbait-headlines": None, "ad-lines": None})
    text = "BREAKING: Ferry Scandal Rocks Harbor\nShop now at bayviewmattress.com – use code SLEEP20 for 20% off!"
    spans = detect(normalize(text), default_detectors())
    assert {s.kind for s in spans} >= {"clickbait", "ad_injection"}


def test_headline_model_feature_on_request(monkeypatch):
    from slantcheck.features.featurizer import feature_names, featurize
    from slantcheck.pipeline import analyze

    dets = default_detectors()
    # Not in the default feature set (see features._SUBMODEL), but a model file may ask for it by name.
    names = feature_names(dets) + ("clickbait__headline_model_p",)
    col = names.index("clickbait__headline_model_p")
    text = ("You Won't Believe What the Ferry Captain Found Under the Dock\n"
            "The ferry ran late on Monday, officials said.")
    value = featurize(analyze(text, dets), names)[col]
    if textclf.shipped("clickbait-headlines") is None:
        assert value == 0.0
    else:
        assert 0.5 < value <= 1.0
    monkeypatch.setattr(textclf, "_cache", {"clickbait-headlines": None})
    assert featurize(analyze(text, dets), names)[col] == 0.0


# --- rule changes found on real text (texts written for these tests) -----------------------------
def _kind(text, kind):
    return [s for s in detect(normalize(text), default_detectors()) if s.kind == kind]


def test_headline_under_a_masthead_line_is_still_a_headline():
    text = ("Harbor Stocks Weekly — Special Edition\n\nThe Ferry Stock the Big Banks Don't Want You to Know About\n\n"
            "Dear reader, the harbour ferry company reported higher ticket sales in May, its filing shows.")
    spans = _kind(text, "clickbait")
    assert [s.text for s in spans] == ["The Ferry Stock the Big Banks Don't Want You to Know About"]


def test_plain_second_line_under_a_masthead_is_not_clickbait():
    text = ("Harbor County Gazette — Tuesday Edition\n\nCommissioners extend ferry contract for two years\n\n"
            "The vote was 4-1, according to meeting minutes.")
    assert _kind(text, "clickbait") == []


def test_share_counter_residue_is_not_a_shouting_headline():
    text = "12.4k SHARES SHARE THIS ARTICLE\nThe ferry ran late on Monday, the operator said."
    assert _kind(text, "clickbait") == []


def test_advertisement_disclosure_sentence_is_an_ad():
    text = ("Readers said the ferry pass changed their commute.\n"
            "*Individual results differ. This is an advertisement and not a news report.")
    assert any("This is an advertisement" in s.text for s in _kind(text, "ad_injection"))


def test_quoted_advertisement_remark_is_not_an_ad():
    text = '"This is an advertisement dressed up as news," the regulator said in a statement on Friday.'
    assert _kind(text, "ad_injection") == []


def test_headline_model_can_be_allowed_to_create_spans_by_setting():
    if textclf.shipped("clickbait-headlines") is None:
        pytest.skip("clickbait-headlines is not trained in this checkout")
    det = Clickbait()
    det.settings["headline_model_span_threshold"] = 0.0
    spans = det.find(normalize("Commissioners extend ferry contract\nThe vote was 4-1, the minutes show.").text)
    assert [s.rule for s in spans] == ["headline_model"]
    assert spans[0].text == "Commissioners extend ferry contract" and 0.0 <= spans[0].score <= 1.0


def test_shipped_recipes_refuse_corpora_with_unclear_terms():
    from slantcheck.training.submodels import require_shippable

    require_shippable(["stop_clickbait", "aeb_lines", "trafilatura_eval", "semeval2019_hyperpartisan"])
    for name in ("wiki_weasel", "claimbuster", "liar", "fakenewsnet_v1"):
        with pytest.raises(ValueError, match="terms"):
            require_shippable([name])


@pytest.mark.parametrize("text,expected", [
    ("Thousands of families have reported the exact same rash since the new soap went on sale.", True),
    ("Thousands of residents lost power on Tuesday, the utility said.", False),
    ("Hundreds of flights were cancelled at the airport on Monday, according to the operator.", False),
    ("Thousands of people marched through the city centre on Saturday.", False),
])
def test_vague_crowd_is_not_a_source(text, expected):
    assert bool(_kind(text, "unsourced_assertion")) is expected
