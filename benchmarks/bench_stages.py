"""Where the detectors-only time goes: microseconds per article for each stage of ``features.analyze``.

    python benchmarks/bench_stages.py [--limit N] [--rounds 3]

Runs the stages of ``analyze`` one after the other on each article, in the order ``analyze`` runs them
(normalize, fold, the shared literal scan, lines, each detector, mapping and merging the spans), timing each;
each stage keeps its best round. The articles are the ones ``bench_batch.py`` reads from ../shared/data.
The sum is a little above ``analyze`` itself (the timer calls); both are printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import load_articles, shared_data  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    data = shared_data(args.data_dir)
    if data is None:
        print("bench_stages: ../shared/data is not beside the checkout; nothing to measure.", file=sys.stderr)
        return 0
    texts, _, _ = load_articles(data, args.limit)

    import slantcheck
    from slantcheck.detectors import resolve
    from slantcheck.detectors.base import Context
    from slantcheck.pipeline import analyze
    from slantcheck.text.normalize import normalize

    detectors = slantcheck.pipeline.default_scorer().detectors
    scanner = detectors.scanner
    names = ["normalize", "fold", "literal scan", "lines"] + [f"detector {d.name}" for d in detectors] + ["merge spans"]
    clock = time.perf_counter

    def one(text: str, acc: list[float]) -> None:
        t0 = clock()
        norm = normalize(text)
        t1 = clock()
        ctx = Context(norm.text, scanner)
        ctx.folded
        t2 = clock()
        ctx.scan_with(scanner.matcher)
        t3 = clock()
        ctx.lines
        ctx._line_starts
        t4 = clock()
        found = []
        for k, det in enumerate(detectors):
            a = clock()
            found.append(det.find(norm.text, ctx))
            acc[4 + k] += clock() - a
        a = clock()
        resolve(norm, found)  # what detect() does after the detectors: map to the original text, merge
        b = clock()
        acc[0] += t1 - t0
        acc[1] += t2 - t1
        acc[2] += t3 - t2
        acc[3] += t4 - t3
        acc[-1] += b - a

    for t in texts[:300]:  # warm-up: lazily compiled alternatives, sub-models
        analyze(t, detectors)
    best = [float("inf")] * len(names)
    whole = float("inf")
    for _ in range(args.rounds):
        acc = [0.0] * len(names)
        for t in texts:
            one(t, acc)
        best = [min(b, x) for b, x in zip(best, acc)]
        t0 = clock()
        for t in texts:
            analyze(t, detectors)
        whole = min(whole, clock() - t0)
    n = len(texts)
    print(f"{n} articles, mean {sum(map(len, texts)) / n:.0f} characters; microseconds per article (best of "
          f"{args.rounds} rounds)")
    for name, x in zip(names, best):
        print(f"  {name:34s} {x / n * 1e6:7.1f}")
    print(f"  {'sum':34s} {sum(best) / n * 1e6:7.1f}")
    print(f"  {'features.analyze (untimed stages)':34s} {whole / n * 1e6:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
