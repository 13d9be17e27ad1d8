"""Score PySpark DataFrames with ``mapInPandas`` (or a pandas UDF); each executor process loads the model once.

    from slantcheck.integrations.spark import score_dataframe, map_in_pandas, result_schema

    scored = score_dataframe(df, text_column="text", title_column="title")   # input columns + results
    # or by hand:
    scored = df.mapInPandas(map_in_pandas("text"), schema=result_schema(df.schema))

The function handed to Spark carries only the model path (``None`` = the shipped model, which is package data
of the slantcheck wheel installed on the executors); ``slantcheck.batch.engine.worker_scorer`` loads the model once
per Python worker process, and Spark reuses its Python workers across tasks (``spark.python.worker.reuse``,
on by default). Needs the ``[spark]`` extra. See ``docs/scale.md``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from slantcheck.integrations._frame import RESULT_COLUMNS, score_frame

__all__ = ["RESULT_DDL", "map_in_pandas", "result_schema", "score_dataframe", "score_udf", "RESULT_COLUMNS"]

#: The result columns as a Spark DDL string.
RESULT_DDL = ", ".join(f"{c} {t}" for c, _, t in RESULT_COLUMNS)


def result_schema(input_schema: Any = None) -> Any:
    """A ``StructType``: ``input_schema``'s fields (if given) followed by the result columns."""
    from pyspark.sql.types import StructType, _parse_datatype_string

    res = _parse_datatype_string(RESULT_DDL)
    if not isinstance(res, StructType):  # a DDL list of columns always parses to a struct
        raise TypeError(f"RESULT_DDL parsed to {type(res).__name__}, not a StructType")
    if input_schema is None:
        return res
    clash = [f.name for f in res.fields if f.name in input_schema.fieldNames()]
    if clash:
        raise ValueError(f"input already has result column(s) {clash}; rename them first")
    return StructType(list(input_schema.fields) + list(res.fields))


def map_in_pandas(text_column: str = "text", title_column: str | None = None, model: str | None = None,
                  max_chars: int | None = None, keep_columns: bool = True
                  ) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """A function for ``DataFrame.mapInPandas``: each pandas batch comes back with the result columns."""

    def score_batches(batches: Iterator[Any]) -> Iterator[Any]:
        for pdf in batches:
            yield score_frame(pdf, text_column, title_column, model, max_chars, keep_columns)

    return score_batches


def score_dataframe(df: Any, *, text_column: str = "text", title_column: str | None = None,
                    model: str | None = None, max_chars: int | None = None) -> Any:
    """``df`` with the result columns appended, one output row per input row (errors in ``error_code``)."""
    return df.mapInPandas(map_in_pandas(text_column, title_column, model, max_chars), schema=result_schema(df.schema))


def score_udf(model: str | None = None, max_chars: int | None = None) -> Any:
    """A pandas UDF: ``df.select(score_udf()("text").alias("r"))`` gives a struct of the result columns."""
    import pandas as pd
    from pyspark.sql.pandas.functions import pandas_udf

    def slantcheck_score(texts):  # type: ignore[no-untyped-def]
        return score_frame(pd.DataFrame({"text": texts}), "text", None, model, max_chars, keep_columns=False)

    # real classes, not strings: Spark reads the hints to pick the UDF kind (Series -> struct of columns)
    slantcheck_score.__annotations__ = {"texts": pd.Series, "return": pd.DataFrame}
    # the stubs' overloads cannot see hints set at run time, so the call goes through Any
    make_udf: Any = pandas_udf
    return make_udf(slantcheck_score, RESULT_DDL)
