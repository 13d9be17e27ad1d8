"""A self-contained HTML review page for moderators, from ``slantcheck batch`` output.

One file, inline CSS and a little inline JavaScript, nothing fetched from the network. Records are sorted
by score (highest first); each shows its label, per-signal scores and its text with the evidence spans
highlighted by kind, the rule and reason on hover (``title``). Filters by label and kind. Error records
are listed in their own section, never dropped. Every piece of record data is HTML-escaped.

The text is highlighted when the batch output carries it (``slantcheck batch --include-text``); otherwise
the spans' own texts are shown.
"""

from __future__ import annotations

import gzip
import json
from html import escape
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from slantcheck.kinds import KINDS, TABLE
from slantcheck.report import LABELS

KIND_NAMES = {k.name: k.display for k in TABLE}

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.6em 1.2em;z-index:2}
h1{font-size:1.2em;margin:0 0 .3em}
main{padding:1em 1.2em;max-width:72em}
.controls label{margin-right:1em;white-space:nowrap}
.rec{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0 0 1em;padding:.6em .9em}
.rec h2{font-size:1em;margin:0 0 .3em;display:flex;gap:.8em;flex-wrap:wrap;align-items:baseline}
.badge{font-weight:600;border-radius:3px;padding:0 .4em;font-size:.85em;text-transform:uppercase}
.badge.flag{background:#b3261e;color:#fff}.badge.review{background:#f2b705;color:#000}
.badge.clean{background:#2e7d32;color:#fff}
.signals{font-size:.85em;color:#444;margin:.2em 0 .5em}
.signals span{margin-right:1.2em;white-space:nowrap}
.text{white-space:pre-wrap;word-wrap:break-word;border-left:3px solid #eee;padding-left:.7em;max-height:28em;overflow:auto}
mark{border-radius:2px;padding:0 1px;cursor:help}
""" + "".join(f"mark.k-{k.name},.key .k-{k.name}{{background:{k.colour}}}\n" for k in TABLE) + """mark.multi{outline:1px dashed #333}
body.only-kind mark:not(.sel){background:transparent;outline:none}
.key span{padding:0 .4em;margin-right:.5em;border-radius:2px;font-size:.85em}
.spans{font-size:.85em;margin:.4em 0 0;padding-left:1.2em}
table.errors{border-collapse:collapse;background:#fff}
table.errors td,table.errors th{border:1px solid #ddd;padding:.2em .5em;font-size:.9em;text-align:left}
.muted{color:#777}
"""

_JS = """
(function(){
  var recs=document.querySelectorAll('article.rec');
  function apply(){
    var labels={};
    document.querySelectorAll('input[name=label]').forEach(function(c){labels[c.value]=c.checked;});
    var kind=document.getElementById('kind').value, shown=0;
    document.body.classList.toggle('only-kind', kind!=='');
    document.querySelectorAll('mark').forEach(function(m){
      m.classList.toggle('sel', kind!=='' && m.classList.contains('k-'+kind));
    });
    recs.forEach(function(r){
      var ok=labels[r.dataset.label] && (kind==='' || (' '+r.dataset.kinds+' ').indexOf(' '+kind+' ')>=0);
      r.hidden=!ok; if(ok){shown++;}
    });
    document.getElementById('shown').textContent=shown;
  }
  document.querySelectorAll('input[name=label]').forEach(function(c){c.addEventListener('change',apply);});
  document.getElementById('kind').addEventListener('change',apply);
  var h=new URLSearchParams(location.hash.slice(1));
  if(h.get('label')){var want=h.get('label').split(',');
    document.querySelectorAll('input[name=label]').forEach(function(c){c.checked=want.indexOf(c.value)>=0;});}
  if(h.get('kind')){document.getElementById('kind').value=h.get('kind');}
  apply();
})();
"""


def read_output(path: str | Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(scored records, error records) from a ``slantcheck batch`` output file (``.gz`` allowed).
    A line that is not a JSON object becomes an error entry too, so nothing in the file is lost."""
    p = str(path)
    opener = gzip.open if p.endswith(".gz") else open
    ok: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    with opener(p, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                d = json.loads(raw)
            except ValueError as exc:
                errors.append({"id": None, "line": None, "error": {"type": "UnreadableOutputLine", "code": "",
                                                                   "message": f"{p} line {n}: {exc}"}})
                continue
            if isinstance(d, dict) and isinstance(d.get("score"), (int, float)):
                ok.append(d)
            elif isinstance(d, dict) and "error" in d:
                errors.append(d)
            else:
                errors.append({"id": None, "line": None, "error": {"type": "UnreadableOutputLine", "code": "",
                                                                   "message": f"{p} line {n}: not a report"}})
    return ok, errors


def highlight(text: str, spans: Sequence[Mapping[str, Any]]) -> str:
    """``text`` as escaped HTML with each span in a ``<mark>`` by kind, its reason in ``title``."""
    good = [s for s in spans if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
            and 0 <= s["start"] < s["end"] <= len(text)]
    if not good:
        return escape(text)
    cuts = sorted({0, len(text), *(s["start"] for s in good), *(s["end"] for s in good)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [s for s in good if s["start"] <= a and s["end"] >= b]
        piece = escape(text[a:b])
        if not cover:
            out.append(piece)
            continue
        kinds = sorted({str(s.get("kind")) for s in cover})
        cls = " ".join(f"k-{escape(k)}" for k in kinds) + (" multi" if len(kinds) > 1 else "")
        out.append(f'<mark class="{cls}" title="{escape(_reason(cover))}">{piece}</mark>')
    return "".join(out)


def _reason(spans: Iterable[Mapping[str, Any]]) -> str:
    return "\n".join(f"{KIND_NAMES.get(str(s.get('kind')), s.get('kind'))} · {s.get('rule')} "
                     f"({float(s.get('score') or 0):.2f}): {s.get('reason')}" for s in spans)


def _record_html(rank: int, d: Mapping[str, Any]) -> str:
    spans = [s for s in d.get("spans") or () if isinstance(s, Mapping)]
    label = str(d.get("label", ""))
    kinds = sorted({str(s.get("kind")) for s in spans})
    sig = d.get("signals") or {}
    sig_html = "".join(
        f'<span>{escape(KIND_NAMES.get(k, k))}: <b>{float(sig[k].get("score", 0)):.3f}</b>'
        f' ({int(sig[k].get("count", 0))})</span>'
        for k in KINDS if isinstance(sig.get(k), Mapping))
    title = d.get("title")
    head = [f'<span class="muted">#{rank}</span>', f'<span class="badge {escape(label)}">{escape(label)}</span>',
            f"<span>score <b>{float(d['score']):.3f}</b></span>",
            f'<span>id <code>{escape(str(d.get("id")))}</code></span>']
    if d.get("line") is not None:
        head.append(f'<span class="muted">line {escape(str(d.get("line")))}</span>')
    if d.get("advertorial"):
        head.append(f'<span>advertorial {float(d.get("advertorial_score", 0)):.2f}</span>')
    body: list[str] = []
    if isinstance(title, str) and title:
        body.append(f"<p><b>{escape(title)}</b></p>")
    text = d.get("text")
    if isinstance(text, str) and all(isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
                                     and text[s["start"]:s["end"]] == s.get("text", text[s["start"]:s["end"]])
                                     for s in spans):
        body.append(f'<div class="text">{highlight(text, spans)}</div>')
    elif spans:
        items = "".join(f"<li>{highlight(str(s.get('text', '')), [dict(s, start=0, end=len(str(s.get('text', ''))))])}"
                        f"</li>" for s in spans)
        body.append(f'<ul class="spans">{items}</ul>')
    else:
        body.append('<p class="muted">No evidence spans.</p>')
    return (f'<article class="rec" data-label="{escape(label)}" data-kinds="{escape(" ".join(kinds))}">'
            f'<h2>{"".join(head)}</h2><div class="signals">{sig_html}</div>{"".join(body)}</article>\n')


def _errors_html(errors: Sequence[Mapping[str, Any]]) -> str:
    if not errors:
        return '<section id="errors"><h2>Records that could not be scored</h2><p class="muted">None.</p></section>'
    rows = []
    for e in errors:
        raw = e.get("error")
        err: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        rows.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in (
            e.get("id"), e.get("line"), err.get("type"), err.get("code"), err.get("message"))) + "</tr>")
    return (f'<section id="errors"><h2>Records that could not be scored ({len(errors)})</h2>'
            '<table class="errors"><tr><th>id</th><th>line</th><th>type</th><th>code</th><th>message</th></tr>'
            + "".join(rows) + "</table></section>")


def render_html(records: Sequence[Mapping[str, Any]], errors: Sequence[Mapping[str, Any]] = (), *,
                title: str = "slantcheck review") -> str:
    """The whole page as one string."""
    ordered = sorted(records, key=lambda d: (-float(d["score"]), d.get("line") if isinstance(d.get("line"), int)
                                             else 0))
    counts = {lab: sum(1 for d in records if d.get("label") == lab) for lab in LABELS}
    label_boxes = "".join(f'<label><input type="checkbox" name="label" value="{lab}" checked> {lab} '
                          f'({counts[lab]})</label>' for lab in reversed(LABELS))
    kind_opts = '<option value="">all kinds</option>' + "".join(
        f'<option value="{k}">{KIND_NAMES[k]}</option>' for k in KINDS)
    key = "".join(f'<span class="k-{k}">{KIND_NAMES[k]}</span>' for k in KINDS)
    versions = sorted({str(d.get("model_version")) for d in records if d.get("model_version")})
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'\">",
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<div class="controls">{label_boxes}<label>kind <select id="kind">{kind_opts}</select></label>'
        f'<span class="key">{key}</span></div>',
        f'<div class="muted">{len(records)} scored records (<span id="shown">{len(records)}</span> shown), '
        f'<a href="#errors">{len(errors)} errors</a>; model {escape(", ".join(versions) or "?")}; '
        "hover a highlight for its rule and reason.</div></header><main>",
    ]
    parts.extend(_record_html(i, d) for i, d in enumerate(ordered, 1))
    parts.append(_errors_html(errors))
    parts.append(f"</main><script>{_JS}</script></body></html>\n")
    return "".join(parts)


def write_html(in_path: str | Path, out_path: str | Path, *, title: str = "slantcheck review") -> tuple[int, int]:
    """Write the review page for a batch output file; returns (scored records, error records)."""
    ok, errors = read_output(in_path)
    Path(out_path).write_text(render_html(ok, errors, title=title), encoding="utf-8")
    return len(ok), len(errors)

