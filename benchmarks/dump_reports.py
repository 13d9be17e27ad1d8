"""Dump every ``Report.to_dict()`` for a fixed set of texts, one JSON line per text, to check that a change
keeps behaviour byte-identical:

    python benchmarks/dump_reports.py /tmp/dump_before.jsonl
    ... change the code ...
    python benchmarks/dump_reports.py /tmp/dump_after.jsonl && cmp /tmp/dump_before.jsonl /tmp/dump_after.jsonl

The texts: the benchmark articles of ``bench_batch.py`` (read from ../shared/data at run time), the dev set
(with its title when a record has one), the shared seeds, the repository's seeds, the obfuscated variants of
``tests/_obfuscate.py`` (every obfuscation of every signal line and of the tricky credible lines, and of every
seed), and a few long texts made of articles joined together, so that the windowed path (texts over
``MAX_WINDOW_CHARS``) and titles are exercised. Nothing from ../shared is written into the repository; the dump
goes wherever you point it (keep it outside the checkout).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests._obfuscate
sys.path.insert(0, str(ROOT / "benchmarks"))  # bench_batch

from tests import _obfuscate  # noqa: E402

from bench_batch import load_articles, shared_data  # noqa: E402


def cases(data: Path) -> Iterator[tuple[str, str, str | None]]:
    """``(case id, text, title)`` in a fixed order."""
    articles, _, _ = load_articles(data, None)
    for i, t in enumerate(articles):
        yield f"bench:{i}", t, None
    dev = data / "slantcheck-dev" / "dev.jsonl"
    with open(dev, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            yield f"dev:{r.get('id')}", r["text"], r.get("title")
            yield f"dev-title:{r.get('id')}", r["text"], "Share this before they delete it: the truth about " + str(r.get("id"))
    seeds = sorted((data.parent / "seeds").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    seed_texts = [(p.name, p.read_text(encoding="utf-8")) for p in seeds]
    for name, t in seed_texts:
        yield f"seed:{name}", t, None
    lines = [ln for kind in sorted(_obfuscate.LINES) for ln in _obfuscate.LINES[kind]]
    lines += _obfuscate.CREDIBLE_TRICKY.split("\n")
    for ob_name, ob in _obfuscate.KINDS.items():
        for i, ln in enumerate(lines):
            yield f"obf:{ob_name}:line{i}", ob(ln), None
        for name, t in seed_texts:
            yield f"obf:{ob_name}:{name}", "\n".join(ob(x) for x in t.split("\n")), None
    # Long texts (windowed: over MAX_WINDOW_CHARS normalised characters), with and without a title.
    for j, (a, b) in enumerate(((0, 60), (60, 200), (200, 500))):
        long = "\n\n".join(articles[a:b])
        yield f"long:{j}", long, None
        yield f"long-title:{j}", long, "You won't believe what happened next"
    yield "edge:empty", "", None
    yield "edge:space", "  \n ", "A title"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="where to write the JSONL dump")
    ap.add_argument("--data-dir", help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--ids", action="store_true", help="print each case id to stderr (line N of the dump is case N)")
    args = ap.parse_args(argv)
    data = shared_data(args.data_dir)
    if data is None:
        print("dump_reports: ../shared/data is not beside the checkout (or set SLANTCHECK_SHARED / --data-dir); "
              "nothing to dump", file=sys.stderr)
        return 0
    import slantcheck

    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for cid, text, title in cases(data):
            report = slantcheck.score(text, title=title)
            out.write(json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
            if args.ids:
                print(cid, file=sys.stderr)
            n += 1
    print(f"{n} reports -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
