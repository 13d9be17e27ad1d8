"""One Scorer shared by eight threads gives exactly the sequential results (no shared mutable state)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import slantcheck

from ._obfuscate import AD, CLICKBAIT, KINDS, SHARE, UNSOURCED
from ._texts import CREDIBLE, SHAREBAIT

TEXTS = (
    [CREDIBLE, SHAREBAIT, "", "   "]
    + [CLICKBAIT[i] + "\n" + CREDIBLE + "\n" + AD[i] + "\n" + SHARE[i] + "\n" + UNSOURCED[i] for i in range(10)]
    + [fn(SHARE[0] + " " + AD[1]) for fn in KINDS.values()]
    + ["\n".join([CREDIBLE, AD[3]] * 300)]  # just over MAX_WINDOW_CHARS: scored in windows
)


def _dicts(reports):  # type: ignore[no-untyped-def]
    return [r.to_json() for r in reports]


def test_eight_threads_match_sequential():
    expected = _dicts(slantcheck.load().score(t) for t in TEXTS)
    shared = slantcheck.load()  # fresh: the threads also race on its first use
    start = threading.Barrier(8)

    def work(k: int) -> list[str]:
        start.wait()
        order = TEXTS[k:] + TEXTS[:k]  # each thread in a different order
        got = _dicts(shared.score(t) for t in order)
        return got[len(TEXTS) - k :] + got[: len(TEXTS) - k]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert json.loads(expected[-1])["windows"] > 1  # the long text ran in windows
    for got in results:
        assert got == expected


def test_threads_with_titles_and_rule_packs(tmp_path):
    pack = tmp_path / "house.json"
    pack.write_text('{"allow": {"call_to_share": ["^Follow us for more updates"]}}', encoding="utf-8")
    scorer = slantcheck.load(rules=pack)
    jobs = [(t, CLICKBAIT[i % 10]) for i, t in enumerate(TEXTS[:14])]
    expected = [scorer.score(t, title=ti).to_json() for t, ti in jobs]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(3):
            assert list(pool.map(lambda j: scorer.score(j[0], title=j[1]).to_json(), jobs)) == expected


def test_default_scorer_built_once_under_concurrent_first_calls():
    code = (
        "import threading, slantcheck\n"
        "from slantcheck import pipeline as model\n"
        "out = []\n"
        "b = threading.Barrier(8)\n"
        "def f():\n"
        "    b.wait(); out.append(slantcheck.score('Share this before they delete it!').to_json())\n"
        "ts = [threading.Thread(target=f) for _ in range(8)]\n"
        "[t.start() for t in ts]; [t.join() for t in ts]\n"
        "print(len(model._default), len(set(out)), len(out))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["1", "1", "8"]
