"""Score dask collections partition by partition; each worker process loads the model once.

    import dask.bag as db
    from slantcheck.integrations.dask import score_bag, score_dataframe

    reports = score_bag(db.read_text("feed-*.jsonl").map(json.loads))    # dicts in, dicts out
    scored = score_dataframe(ddf, text_column="text", title_column="title")  # result columns appended

Only the model path (``None`` = the shipped model, which every worker has once slantcheck is installed
there) travels with the task graph; ``slantcheck.batch.engine.worker_scorer`` loads it once per worker process
and reuses it for every partition. Needs the ``[dask]`` extra. See ``docs/scale.md``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from slantcheck.batch.engine import DEFAULT_MAX_CHARS, RawRecord, RecordOptions, process_record
from slantcheck.integrations._frame import RESULT_COLUMNS, empty_result, score_frame
from slantcheck.pipeline import worker_scorer
from slantcheck.report import ErrorRecord

__all__ = ["score_bag", "score_dataframe", "score_partition", "RESULT_COLUMNS"]


def score_partition(items: Iterable[Any], model: str | None = None, opts: RecordOptions = RecordOptions()
                    ) -> list[dict[str, Any]]:
    """One partition of a bag: a ``str`` gives its report's ``to_dict()``; a ``dict`` record gives the same
    output record as ``slantcheck batch`` (report merged with passthrough fields, or an error record)."""
    scorer = worker_scorer(model)
    out: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            d, _ = process_record(scorer, RawRecord(i + 1, item), opts)
            d.pop("line", None)  # partition-local positions mean nothing to the caller
            out.append(d)
            continue
        try:
            out.append(scorer.score(item).to_dict())
        except Exception as exc:  # per-record isolation
            out.append(ErrorRecord.from_exception(exc).to_dict())
    return out


def score_bag(bag: Any, *, model: str | None = None, text_field: str = "text", id_field: str = "id",
              title_field: str | None = "title", max_chars: int = DEFAULT_MAX_CHARS, include_text: bool = False
              ) -> Any:
    """A bag of output dicts, one per element of ``bag`` (texts or record dicts), in the same order."""
    opts = RecordOptions(text_field=text_field, id_field=id_field, title_field=title_field, max_chars=max_chars,
                         include_text=include_text)
    return bag.map_partitions(score_partition, model, opts)


def score_dataframe(ddf: Any, *, text_column: str = "text", title_column: str | None = None,
                    model: str | None = None, max_chars: int | None = None) -> Any:
    """``ddf`` with the result columns (``RESULT_COLUMNS``) appended; a row that cannot be scored has NaN
    scores and its ``error_code``/``error`` set, so no row is ever dropped."""
    meta = empty_result(ddf._meta)
    return ddf.map_partitions(score_frame, text_column, title_column, model, max_chars, meta=meta)


def records_to_jsonl(bag: Any, path: str) -> Any:
    """Write a bag from ``score_bag`` as JSONL files (one per partition, ``path`` with ``*``)."""
    return bag.map(lambda d: json.dumps(d, ensure_ascii=False)).to_textfiles(path)
