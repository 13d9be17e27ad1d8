"""Batch scoring: score_many (ordered, bounded, parallel), the `slantcheck batch` command, --resume."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import slantcheck
from slantcheck.batch import engine as batch
from slantcheck.batch.engine import RawRecord, RecordOptions, process_record
from slantcheck.cli import main
from slantcheck.errors import InputTypeError, TextTooLongError
from slantcheck.parallel import map_chunks
from slantcheck.pipeline import worker_stats
from slantcheck.report import ErrorRecord

from ._batchdata import texts as make_texts
from ._texts import CREDIBLE, SHAREBAIT

ROOT = Path(__file__).resolve().parents[1]


def _dicts(reports):
    return [r.to_dict() for r in reports]


# --- score_many ------------------------------------------------------------------------------------
def test_score_many_equals_score_in_order(scorer):
    txt = make_texts(50)
    expected = [scorer.score(t).to_dict() for t in txt]
    assert _dicts(slantcheck.score_many(txt, batch_size=7)) == expected
    assert _dicts(scorer.score_many(iter(txt), batch_size=1)) == expected


def test_score_many_titles(scorer):
    txt, titles = [CREDIBLE, SHAREBAIT], ["You Won't Believe This", None]
    got = _dicts(scorer.score_many(txt, titles=titles))
    assert got == [scorer.score(t, title=ti).to_dict() for t, ti in zip(txt, titles, strict=False)]
    with pytest.raises(ValueError):
        list(scorer.score_many(txt, titles=["only one"]))


def test_score_many_is_lazy_and_bounded():
    consumed = []

    def gen():
        for i, t in enumerate(make_texts(10_000)):
            consumed.append(i)
            yield t

    it = slantcheck.score_many(gen(), batch_size=5)
    next(it)
    assert len(consumed) <= 5  # one chunk, not the whole input
    for _ in range(12):
        next(it)
    assert len(consumed) <= 15


def test_score_many_errors_raise_or_record(scorer):
    items = [CREDIBLE, 5, SHAREBAIT, None]
    it = scorer.score_many(items, batch_size=2)
    assert next(it).to_dict() == scorer.score(CREDIBLE).to_dict()
    with pytest.raises(InputTypeError, match="int"):
        next(it)
    got = list(scorer.score_many(items, batch_size=2, on_error="record"))
    assert [type(g).__name__ for g in got] == ["Report", "ErrorRecord", "Report", "ErrorRecord"]
    assert got[1].code == InputTypeError.code and got[1].line == 1
    assert got[2].to_dict() == scorer.score(SHAREBAIT).to_dict()  # the bad record did not sink its chunk
    with pytest.raises(ValueError, match="on_error"):
        list(scorer.score_many(items, on_error="ignore"))


def test_score_many_parallel_equals_serial_and_loads_model_once_per_worker(scorer):
    from slantcheck.pipeline import default_model_dir

    txt = make_texts(120, seed=3) + [7]
    expected = [scorer.score(t).to_dict() for t in txt[:-1]]
    got = list(slantcheck.score_many(txt, n_jobs=2, batch_size=4, on_error="record"))
    assert [g.to_dict() for g in got[:-1]] == expected
    assert isinstance(got[-1], ErrorRecord) and got[-1].code == "E001"
    stats = list(map_chunks(worker_stats, [[i] for i in range(40)], n_jobs=2))
    pids = {s["pid"] for s in stats}
    assert os.getpid() not in pids and len(pids) <= 2  # the same two workers ran all 30+40 tasks...
    key = str(default_model_dir().resolve())
    assert all(s["models"].get(key) == 1 for s in stats), stats  # ...and each loaded the model once
    all_cores = list(slantcheck.score_many(txt[:20], n_jobs=-1, batch_size=3))
    assert [r.to_dict() for r in all_cores] == expected[:20]


def test_custom_scorer_path_travels_to_workers(tmp_path, scorer):
    import shutil

    from slantcheck.pipeline import default_model_dir, load

    d = tmp_path / "m"
    shutil.copytree(default_model_dir(), d)
    sc = load(d)
    assert sc.source == d.resolve()
    txt = make_texts(20, seed=9)
    assert _dicts(sc.score_many(txt, n_jobs=2, batch_size=3)) == [scorer.score(t).to_dict() for t in txt]


def test_error_record_shape():
    e = ErrorRecord.from_exception(TextTooLongError("too long"), id="a", line=3)
    assert e.to_dict() == {"id": "a", "line": 3, "error": {"type": "TextTooLongError", "code": "E305",
                                                           "message": "too long"}}
    with pytest.raises(TextTooLongError):
        raise e.to_exception()


# --- records ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("data, code", [
    (b"{not json", "E301"),
    (b'{"id": "x", "body": "hello"}', "E302"),
    (b'{"id": "x", "text": null}', "E303"),
    (b'{"id": "x", "text": ["a"]}', "E303"),
    (b'{"id": "x", "text": "ok", "title": 3}', "E303"),
    (b'{"id": "x", "text": "caf\xe9"}', "E304"),
    (b'["a list"]', "E300"),
    (b'{"id": "x", "text": "' + b"a" * 101 + b'"}', "E305"),
])
def test_bad_records_become_error_records(scorer, data, code):
    d, is_err = process_record(scorer, RawRecord(9, data), RecordOptions(max_chars=100))
    assert is_err and d["line"] == 9 and d["error"]["code"] == code and d["error"]["message"]
    assert set(d) == {"id", "line", "error"}


def test_good_record_merges_passthrough_fields(scorer):
    rec = {"id": 7, "text": SHAREBAIT, "title": "Hear This", "source": "feed-3", "label": "gold"}
    d, is_err = process_record(scorer, RawRecord(2, json.dumps(rec).encode()), RecordOptions())
    rep = scorer.score(SHAREBAIT, title="Hear This").to_dict()
    assert not is_err
    assert d["id"] == 7 and d["line"] == 2 and d["source"] == "feed-3" and d["title"] == "Hear This"
    assert {k: d[k] for k in rep} == rep  # the report, unchanged
    assert d["input"] == {"label": "gold"}  # a clashing passthrough field is kept, not overwritten
    assert "text" not in d


def _write_jsonl(path: Path, lines: list[bytes]) -> None:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")


def _mixed_lines() -> list[bytes]:
    good = make_texts(30, seed=1)
    lines = [json.dumps({"id": f"r{i}", "text": t, "feed": i % 3}).encode() for i, t in enumerate(good)]
    lines[3] = b'{"id": "r3", "text": '  # invalid JSON
    lines[8] = b'{"id": "r8", "body": "no text field"}'
    lines[12] = b'{"id": "r12", "text": 12}'
    lines[20] = b'{"id": "r20", "text": "bad \xff bytes"}'
    lines[25] = json.dumps({"id": "r25", "text": "x" * 5000}).encode()
    return lines


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_cli_batch_one_output_per_input_in_order(tmp_path, scorer, capsys, suffix):
    inp, out, err = tmp_path / f"in{suffix}", tmp_path / f"out{suffix}", tmp_path / "err.jsonl"
    lines = _mixed_lines()
    _write_jsonl(inp, lines[:10] + [b"", b"   "] + lines[10:])  # blank lines are not records
    rc = main(["batch", str(inp), str(out), "--errors", str(err), "--max-chars", "4000"])
    assert rc == 3
    opener = gzip.open if suffix.endswith(".gz") else open
    with opener(out, "rb") as f:
        got = [json.loads(x) for x in f.read().decode().splitlines()]
    assert len(got) == 30
    codes = {g["id"]: g["error"]["code"] for g in got if "error" in g}
    assert codes == {None: "E301", "r8": "E302", "r12": "E303", "r20": "E304", "r25": "E305"}
    assert [g["line"] for g in got if "error" in g] == [4, 9, 15, 23, 28]
    good = [json.loads(lines[i]) for i in range(30) if i not in (3, 8, 12, 20, 25)]
    ok = [g for g in got if "error" not in g]
    assert [g["id"] for g in ok] == [r["id"] for r in good]
    for g, r in zip(ok, good, strict=False):
        assert g["score"] == scorer.score(r["text"]).to_dict()["score"] and g["feed"] == r["feed"]
    side = [json.loads(x) for x in err.read_text().splitlines()]
    assert side == [g for g in got if "error" in g]
    summary = capsys.readouterr().err
    assert "records: 30" in summary and "errors: 5" in summary and "docs/s" in summary


def test_cli_batch_all_ok_exits_0_and_usage_errors_exit_2(tmp_path, capsys):
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, [json.dumps({"id": i, "text": t}).encode() for i, t in enumerate(make_texts(5))])
    assert main(["batch", str(inp), str(tmp_path / "o.jsonl"), "-q"]) == 0
    assert capsys.readouterr().err == ""  # --quiet: no summary
    assert main(["batch", str(tmp_path / "missing.jsonl"), str(tmp_path / "o.jsonl")]) == 2
    assert main(["batch", str(inp), "-", "--resume"]) == 2
    assert main(["batch", str(inp), str(tmp_path / "o.jsonl"), "--batch-size", "0"]) == 2
    with pytest.raises(SystemExit) as ex:
        main(["batch", str(inp)])
    assert ex.value.code == 2


def test_cli_batch_csv_with_custom_fields(tmp_path, scorer):
    inp = tmp_path / "in.csv"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["key", "body", "headline", "lang"])
    rows = [["a", CREDIBLE, "", "en"], ["b", SHAREBAIT, "Read This Now", "en"], ["c", "short,\nmultiline", "", "de"]]
    w.writerows(rows)
    raw = buf.getvalue().encode() + b'd,"caf\xe9 latte",,fr\r\ne,too,many,fields,here\r\n'
    inp.write_bytes(raw)
    out = tmp_path / "out.jsonl"
    rc = main(["batch", str(inp), str(out), "--text-field", "body", "--id-field", "key", "--title-field",
               "headline", "-q"])
    assert rc == 3
    got = [json.loads(x) for x in out.read_text().splitlines()]
    assert [g["id"] for g in got] == ["a", "b", "c", "d", None]
    assert got[1]["score"] == scorer.score(SHAREBAIT, title="Read This Now").to_dict()["score"]
    assert got[0]["score"] == scorer.score(CREDIBLE, title="").to_dict()["score"] and got[0]["lang"] == "en"
    assert got[3]["error"]["code"] == "E304" and got[3]["id"] == "d"
    assert got[4]["error"]["code"] == "E300"
    assert [g["line"] for g in got] == [2, 5, 9, 11, 12]  # where each (multi-line) row starts


def test_cli_batch_stdin_to_stdout(tmp_path, scorer):
    data = b"\n".join(json.dumps({"id": i, "text": t}).encode() for i, t in enumerate(make_texts(8))) + b"\n"
    p = subprocess.run([sys.executable, "-m", "slantcheck.cli", "batch", "-", "-"], input=data,
                       capture_output=True, check=False)
    assert p.returncode == 0, p.stderr
    got = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [g["score"] for g in got] == [scorer.score(t).to_dict()["score"] for t in make_texts(8)]
    assert b"records: 8" in p.stderr


def test_cli_batch_parallel_output_identical(tmp_path):
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, _mixed_lines())
    assert main(["batch", str(inp), str(tmp_path / "a.jsonl"), "-q"]) == 3
    assert main(["batch", str(inp), str(tmp_path / "b.jsonl"), "-q", "-j", "2", "--batch-size", "3"]) == 3
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


# --- resume -----------------------------------------------------------------------------------------------
def test_resume_drops_partial_line_and_rebuilds_error_file(tmp_path):
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, _mixed_lines())
    ref, ref_err = tmp_path / "ref.jsonl", tmp_path / "ref_err.jsonl"
    assert main(["batch", str(inp), str(ref), "--errors", str(ref_err), "-q", "--max-chars", "4000"]) == 3
    full = ref.read_bytes()
    lines = full.splitlines(keepends=True)
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    out.write_bytes(b"".join(lines[:17]) + lines[17][:25])  # killed mid-line
    err.write_text("stale\n")
    assert main(["batch", str(inp), str(out), "--errors", str(err), "-q", "--resume", "--max-chars", "4000"]) == 3
    assert out.read_bytes() == full
    assert err.read_bytes() == ref_err.read_bytes()
    # resuming a finished output changes nothing
    assert main(["batch", str(inp), str(out), "-q", "--resume", "--max-chars", "4000"]) == 3
    assert out.read_bytes() == full


def test_resume_gz_after_truncated_stream(tmp_path):
    inp = tmp_path / "in.jsonl"
    _write_jsonl(inp, _mixed_lines())
    ref, out = tmp_path / "ref.jsonl.gz", tmp_path / "out.jsonl.gz"
    assert main(["batch", str(inp), str(ref), "-q"]) == 3
    blob = ref.read_bytes()
    out.write_bytes(blob[: len(blob) // 2])
    assert main(["batch", str(inp), str(out), "-q", "--resume"]) == 3
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(blob)


def test_killed_run_plus_resume_equals_uninterrupted_run(tmp_path):
    n = 4000
    inp = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": t}).encode() for i, t in enumerate(make_texts(n, seed=11))]
    for i in range(5, n, 97):
        lines[i] = b'{"id": %d, "text": 1}' % i
    _write_jsonl(inp, lines)
    cmd = [sys.executable, "-m", "slantcheck.cli", "batch", str(inp)]
    ref = tmp_path / "ref.jsonl"
    assert subprocess.run(cmd + [str(ref), "-q"], check=False).returncode == 3
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    proc = subprocess.Popen(cmd + [str(out), "--errors", str(err), "-q", "--batch-size", "16"])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 300:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed = out.read_bytes()
    assert 300 <= killed.count(b"\n") < n, "the run was not killed midway"
    rc = subprocess.run(cmd + [str(out), "--errors", str(err), "-q", "--resume"], check=False).returncode
    assert rc == 3
    assert out.read_bytes() == ref.read_bytes()
    expected_err = b"".join(x for x in ref.read_bytes().splitlines(keepends=True) if b'"error": {' in x)
    assert err.read_bytes() == expected_err


def test_import_slantcheck_stays_light():
    code = ("import sys, slantcheck, slantcheck.batch.engine; "
            "bad = [m for m in ('joblib', 'sklearn', 'tqdm', 'dask', 'pyspark') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_progress_bar_works_without_tqdm(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert batch._progress_bar(True) is None
    assert batch._progress_bar(False) is None


def test_parallel_batch_with_a_rule_pack(tmp_path):
    # a scorer with custom rules has no model path to rebuild from: it travels with the tasks instead
    pack = tmp_path / "house.json"
    pack.write_text(json.dumps({"name": "house", "format_version": 1, "rules": {"ad_injection": [{
        "id": "partner_network", "unit": "line", "weight": 0.8, "phrases": ["AdGrid Partner"],
        "reason": "Line from a partner ad network the publisher does not run."}]}}), encoding="utf-8")
    inp = tmp_path / "in.jsonl"
    txt = make_texts(40, seed=4)
    txt[7] = CREDIBLE + "\nAdGrid Partner: stories from around the web"
    _write_jsonl(inp, [json.dumps({"id": i, "text": t}).encode() for i, t in enumerate(txt)])
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["batch", str(inp), str(a), "-q", "--rules", str(pack)]) == 0
    assert main(["batch", str(inp), str(b), "-q", "--rules", str(pack), "-j", "2", "--batch-size", "5"]) == 0
    assert a.read_bytes() == b.read_bytes()
    rec = json.loads(a.read_text().splitlines()[7])
    assert "partner_network" in {s["rule"] for s in rec["spans"]}
