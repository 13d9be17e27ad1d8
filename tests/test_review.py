"""The HTML review page: escaping, highlights, sorting, filters, errors listed, 10,000 records, real Chromium."""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from slantcheck.cli import main
from slantcheck.review import highlight, read_output, render_html

from ._batchdata import texts as make_texts
from ._texts import AD_LINE, CREDIBLE, SHAREBAIT

EVIL = 'Share this before they delete it! <script>alert("x")</script> & <img src=x onerror=alert(1)> "quoted"'


class _Marks(html.parser.HTMLParser):
    """Collects the <mark> elements (class, title, text) and the article labels in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict] = []
        self.articles: list[dict] = []
        self.scripts = 0
        self._in: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "mark":
            self._in = {"class": a.get("class", ""), "title": a.get("title", ""), "text": ""}
        elif tag == "article":
            self.articles.append(a)
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag):
        if tag == "mark" and self._in is not None:
            self.marks.append(self._in)
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in["text"] += data


def _batch_output(tmp_path: Path) -> Path:
    recs = [{"id": "credible", "text": CREDIBLE}, {"id": "bait", "text": SHAREBAIT},
            {"id": "evil", "text": EVIL, "title": "<b>Title</b>"}, {"id": "ad", "text": CREDIBLE + "\n" + AD_LINE},
            {"id": "bad", "text": None}]
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(r) + "\n" for r in recs) + "{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(inp), str(out), "--include-text", "-q"]) == 3
    return out


def test_highlight_escapes_and_marks():
    text = "a <b>x</b> & y"
    spans = [{"start": 2, "end": 10, "kind": "clickbait", "rule": "r", "score": 0.5, "reason": 'a "quoted" <reason>'}]
    h = highlight(text, spans)
    assert h == ('a <mark class="k-clickbait" title="clickbait · r (0.50): a &quot;quoted&quot; &lt;reason&gt;">'
                 "&lt;b&gt;x&lt;/b&gt;</mark> &amp; y")
    overlap = spans + [{"start": 4, "end": 14, "kind": "ad_injection", "rule": "q", "score": 1, "reason": "ad"}]
    p = _Marks()
    p.feed(highlight(text, overlap))
    assert [m["class"] for m in p.marks] == ["k-clickbait", "k-ad_injection k-clickbait multi", "k-ad_injection"]
    assert "".join(m["text"] for m in p.marks) == text[2:14]


def test_report_page(tmp_path, scorer):
    out = _batch_output(tmp_path)
    page = tmp_path / "review.html"
    assert main(["report", str(out), "--html", str(page)]) == 0
    doc = page.read_text(encoding="utf-8")
    assert "<script>alert" not in doc and "<img src=x" not in doc and "<b>Title</b>" not in doc
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in doc
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", doc)  # nothing fetched
    p = _Marks()
    p.feed(doc)
    assert p.scripts == 1
    ok, errors = read_output(out)
    by_score = sorted(ok, key=lambda d: -d["score"])
    assert [a["data-label"] for a in p.articles] == [d["label"] for d in by_score]
    expected_kinds = {s["kind"] for d in ok for s in d["spans"]}
    assert {c[2:] for m in p.marks for c in m["class"].split() if c.startswith("k-")} == expected_kinds
    rep = scorer.score(SHAREBAIT)
    for s in rep.spans:  # every span of the bait text is highlighted with its reason on hover
        assert any(s.text in m["text"] or m["text"] in s.text for m in p.marks if s.reason in m["title"])
    # error records are listed, not dropped: the non-string text and the broken line
    assert len(errors) == 2 and "E303" in doc and "InvalidJSONError" in doc and "2 errors" in doc


def test_ten_thousand_records(tmp_path, scorer):
    base = [r.to_dict() for r in scorer.score_many(make_texts(100, seed=5))]
    texts = make_texts(100, seed=5)
    recs = []
    for i in range(10_000):
        d = dict(base[i % 100], id=f"r{i}", line=i + 1, text=texts[i % 100])
        d["score"] = round((i * 7919 % 10_000) / 10_000, 6)
        recs.append(d)
    t = time.perf_counter()
    doc = render_html(recs, [{"id": "x", "line": 3, "error": {"type": "T", "code": "E301", "message": "m"}}])
    elapsed = time.perf_counter() - t
    assert doc.count("<article ") == 10_000
    text_bytes = sum(len(x.encode()) for x in texts) * 100
    assert len(doc.encode()) < text_bytes + 10_000 * 2_500  # markup per record stays small
    assert elapsed < 60  # a sanity bound, not a benchmark
    scores = [float(m) for m in re.findall(r"score <b>([0-9.]+)</b>", doc)]
    assert scores == sorted(scores, reverse=True)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_renders_in_headless_chromium(tmp_path):
    out = _batch_output(tmp_path)
    page = tmp_path / "review.html"
    assert main(["report", str(out), "--html", str(page)]) == 0
    ok, _ = read_output(out)

    def dump(fragment: str) -> str:
        cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000", "--dump-dom",
               page.as_uri() + fragment]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=dict(os.environ, HOME=str(tmp_path)))
        assert p.returncode == 0, p.stderr[-2000:]
        return p.stdout

    dom = dump("")
    p = _Marks()
    p.feed(dom)
    assert len(p.articles) == len(ok)
    assert all(a.get("hidden") is None for a in p.articles)
    n_marks = sum(1 for m in p.marks if m["title"])
    assert n_marks >= sum(len(d["spans"]) for d in ok) > 0  # the highlights survive rendering, with reasons
    assert "<script>alert" not in dom
    # the filter script ran: only flagged records with a call to share stay visible
    dom = dump("#label=flag&kind=call_to_share")
    p = _Marks()
    p.feed(dom)
    visible = [a for a in p.articles if "hidden" not in a]
    want = [d for d in ok if d["label"] == "flag" and any(s["kind"] == "call_to_share" for s in d["spans"])]
    assert len(visible) == len(want) > 0
    assert 'class="only-kind"' in dom
    assert all("sel" in m["class"].split() for m in p.marks if "k-call_to_share" in m["class"].split())

    shot = tmp_path / "shot.png"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}", "--window-size=1000,900",
           page.as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=120, env=dict(os.environ, HOME=str(tmp_path)))
    assert shot.is_file() and shot.stat().st_size > 5_000
