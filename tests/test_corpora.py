"""slantcheck.training.corpora: the table of shared corpora, the data-folder lookup and the loaders."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from slantcheck.dataset import read_jsonl, shared_data_dir
from slantcheck.training import corpora
from slantcheck.training.corpora import CORPORA, SHIPPABLE, load

ALLOWED = {"stop_clickbait", "semeval2019_hyperpartisan", "sms_spam", "youtube_spam", "aeb_lines", "trafilatura_eval",
           "slantcheck-train"}  # CC BY texts with labels written for slantcheck: the shipped model trains on it
RESEARCH_ONLY = {"liar", "fakenewsnet_v1", "horne2017_fakenews", "perezrosas2018_fakenews", "ptc_semeval2020",
                 "wiki_weasel", "claimbuster", "checkthat2019_t1", "slantcheck-dev"}


def test_shippable_is_exactly_the_allowed_folders():
    assert {CORPORA[n]["folder"] for n in SHIPPABLE} == ALLOWED
    assert not SHIPPABLE & RESEARCH_ONLY
    assert set(CORPORA) >= RESEARCH_ONLY


def test_table_entries_are_complete():
    for name, c in CORPORA.items():
        for key in ("folder", "file", "licence", "splits", "label_field", "labels", "shippable"):
            assert key in c, (name, key)
        assert c["splits"], name
        assert isinstance(c["shippable"], bool)


def test_shared_data_dir_explicit_and_env(tmp_path, monkeypatch):
    assert shared_data_dir(tmp_path) == tmp_path
    assert shared_data_dir(tmp_path / "nope") is None
    monkeypatch.setenv("SLANTCHECK_DATA", str(tmp_path))
    assert shared_data_dir() == tmp_path
    monkeypatch.setenv("SLANTCHECK_DATA", str(tmp_path / "missing"))
    assert shared_data_dir() is None


def test_read_jsonl_plain_and_gz(tmp_path):
    rows = [{"a": 1, "t": "é"}, {"a": 2, "t": "x"}]
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n"
    (tmp_path / "x.jsonl").write_text(body, encoding="utf-8")
    with gzip.open(tmp_path / "x.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(body)
    assert list(read_jsonl(tmp_path / "x.jsonl")) == rows
    assert list(read_jsonl(tmp_path / "x.jsonl.gz")) == rows


def test_read_jsonl_bad_line_names_file(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"a": 1}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        list(read_jsonl(tmp_path / "bad.jsonl"))


def test_missing_corpus_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="sms.jsonl"):
        load("sms_spam", data_dir=tmp_path)
    with pytest.raises(KeyError):
        load("no_such_corpus", data_dir=tmp_path)


def test_missing_data_dir(tmp_path):
    with pytest.raises(FileNotFoundError, match="SLANTCHECK_DATA"):
        load("sms_spam", data_dir=tmp_path / "absent")


def test_load_filters_split_and_rejects_unknown(tmp_path):
    folder = tmp_path / "sms_spam"
    folder.mkdir()
    rows = [{"id": "a", "text": "x", "label": "ham", "split": "train"},
            {"id": "b", "text": "y", "label": "spam", "split": "test"}]
    (folder / "sms.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert [r["id"] for r in load("sms_spam", "train", tmp_path)] == ["a"]
    assert [r["id"] for r in load("sms_spam", None, tmp_path)] == ["a", "b"]
    with pytest.raises(ValueError, match="no split"):
        load("sms_spam", "validation", tmp_path)


# --- on the real shared data -------------------------------------------------------------
@pytest.fixture(scope="module")
def root() -> Path:
    p = shared_data_dir()
    if p is None:
        pytest.skip("shared data folder (../shared/data or $SLANTCHECK_DATA) not available")
    return p


def test_every_shared_folder_is_in_the_table(root):
    folders = {p.name for p in root.iterdir() if p.is_dir() and (p / "README.md").exists()}
    assert folders <= {c["folder"] for c in CORPORA.values()}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_load_every_corpus(root, name):
    c = CORPORA[name]
    if not (root / c["folder"] / c["file"]).exists():
        pytest.skip(f"{name} not present")
    rows = load(name, data_dir=root)
    assert rows
    assert all(isinstance(r.get("text"), str) for r in rows)
    if c["label_field"]:
        assert {r[c["label_field"]] for r in rows} <= set(c["labels"])
    if c.get("split_field", "split"):
        assert {r["split"] for r in rows} <= set(c["splits"])
        first = c["splits"][0]
        assert 0 < len(load(name, first, root)) < len(rows)


@pytest.mark.parametrize("name,split,count", [
    ("semeval2019_hyperpartisan", "train", 645), ("semeval2019_hyperpartisan", "test", 628),
    ("stop_clickbait", "train", 25690), ("sms_spam", "train", 4466), ("youtube_spam", "train", 1597),
    ("aeb_lines", "train", 24339), ("trafilatura_eval", "train", 4226), ("slantcheck-dev", "dev", 50),
])
def test_counts_match_datasheets(root, name, split, count):
    c = CORPORA[name]
    if not (root / c["folder"] / c["file"]).exists():
        pytest.skip(f"{name} not present")
    assert len(load(name, split, root)) == count


def test_module_has_no_heavy_imports():
    import sys

    assert "sklearn" not in vars(corpora)
    assert corpora.__name__ in sys.modules
