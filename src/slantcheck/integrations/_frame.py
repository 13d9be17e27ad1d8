"""Scoring a pandas DataFrame column into flat result columns (shared by the dask and Spark integrations)."""

from __future__ import annotations

import json
import math
from typing import Any

from slantcheck.errors import TextTooLongError, TextTypeError
from slantcheck.kinds import KINDS
from slantcheck.pipeline import worker_scorer
from slantcheck.report import ErrorRecord

#: Result columns and their types (pandas dtype, Spark SQL type), in output order.
RESULT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("score", "float64", "double"),
    ("label", "object", "string"),
    ("flagged", "boolean", "boolean"),
    ("advertorial_score", "float64", "double"),
    *((f"{k}_score", "float64", "double") for k in KINDS),
    ("n_spans", "Int64", "bigint"),
    ("spans", "object", "string"),
    ("model_version", "object", "string"),
    ("error_code", "object", "string"),
    ("error", "object", "string"),
)


def _missing(v: Any) -> bool:
    """pandas' missing values in any dtype: None, NaN, pd.NA, NaT."""
    return v is None or (isinstance(v, float) and math.isnan(v)) or type(v).__name__ in ("NAType", "NaTType")


def result_row(scorer: Any, text: Any, title: Any = None, max_chars: int | None = None) -> dict[str, Any]:
    """One text's results as flat columns; a text that cannot be scored fills ``error_code``/``error``."""
    try:
        if max_chars is not None and isinstance(text, str) and len(text) > max_chars:
            raise TextTooLongError(f"text has {len(text)} characters, over max_chars={max_chars}")
        if title is not None and not isinstance(title, str):
            if _missing(title):
                title = None
            else:
                raise TextTypeError(f"title must be a string or null, got {type(title).__name__}")
        rep = scorer.score(text, title=title)
    except Exception as exc:  # per-record isolation
        e = ErrorRecord.from_exception(exc)
        row: dict[str, Any] = {c: None for c, _, _ in RESULT_COLUMNS}
        row.update(score=math.nan, advertorial_score=math.nan,
                   **{f"{k}_score": math.nan for k in KINDS})
        row.update(error_code=e.code, error=f"{e.type}: {e.message}")
        return row
    row = {"score": rep.score, "label": rep.label, "flagged": rep.flagged, "advertorial_score": rep.advertorial_score}
    row.update({f"{k}_score": rep.signals[k].score for k in KINDS})
    row.update(n_spans=len(rep.spans), spans=json.dumps([s.to_dict() for s in rep.spans], ensure_ascii=False),
               model_version=rep.model_version, error_code=None, error=None)
    return row


def score_frame(pdf: Any, text_column: str = "text", title_column: str | None = None, model: str | None = None,
                max_chars: int | None = None, keep_columns: bool = True) -> Any:
    """``pdf`` with the result columns appended (or only them, ``keep_columns=False``), index kept."""
    import pandas as pd

    scorer = worker_scorer(model)
    titles = pdf[title_column] if title_column else [None] * len(pdf)
    rows = [result_row(scorer, t, ti, max_chars) for t, ti in zip(pdf[text_column], titles, strict=False)]
    res = pd.DataFrame(rows, columns=[c for c, _, _ in RESULT_COLUMNS], index=pdf.index)
    res = res.astype({c: dt for c, dt, _ in RESULT_COLUMNS})
    if not keep_columns:
        return res
    clash = [c for c in res.columns if c in pdf.columns]
    if clash:
        raise ValueError(f"input already has result column(s) {clash}; rename them first")
    return pd.concat([pdf, res], axis=1)


def empty_result(pdf_meta: Any = None) -> Any:
    """An empty frame with the result columns (and ``pdf_meta``'s columns first), for dask's ``meta``."""
    import pandas as pd

    res = pd.DataFrame({c: pd.Series(dtype=dt) for c, dt, _ in RESULT_COLUMNS})
    if pdf_meta is None:
        return res
    return pd.concat([pdf_meta.iloc[:0], res.set_index(pdf_meta.index[:0])], axis=1)
