"""Ordered, bounded parallel map over chunks (joblib's loky worker pool), shared by ``Scorer.score_many`` and
the batch command. Imports joblib only when more than one job is asked for."""

from __future__ import annotations

import collections
from typing import Any, Callable, Iterable, Iterator


def effective_jobs(n_jobs: int | None) -> int:
    """joblib's convention: ``-1`` = all cores, ``-2`` = all but one; ``None``/``0`` = 1."""
    if not n_jobs:
        return 1
    if n_jobs < 0:
        from joblib import cpu_count

        return max(int(cpu_count()) + 1 + n_jobs, 1)
    return int(n_jobs)


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of up to ``size`` items, consuming ``items`` lazily."""
    if size < 1:
        raise ValueError(f"batch_size must be >= 1, got {size}")
    chunk: list[Any] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def map_chunks(fn: Callable[..., Any], chunks: Iterable[Any], *args: Any, n_jobs: int = 1) -> Iterator[Any]:
    """``fn(*args, chunk)`` for each chunk, results in input order.

    ``n_jobs == 1`` runs in this process. Otherwise chunks go to joblib's (loky) reusable worker pool with at
    most ``2 * n_jobs`` chunks submitted and not yet yielded, so neither the input nor the results pile up.
    """
    n = effective_jobs(n_jobs)
    if n == 1:
        for ch in chunks:
            yield fn(*args, ch)
        return
    from joblib.externals.loky import get_reusable_executor

    executor = get_reusable_executor(max_workers=n, reuse=True)
    pending: collections.deque[Any] = collections.deque()
    it = iter(chunks)
    try:
        for ch in it:
            pending.append(executor.submit(fn, *args, ch))
            if len(pending) >= 2 * n:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()
