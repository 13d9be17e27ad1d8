"""Dask and Spark integrations, run for real: a 2-worker LocalCluster and a local[2] SparkSession.

Each test skips only when its extra is not installed.
"""

from __future__ import annotations

import json
import math
import os
import sys

import pytest

from slantcheck.kinds import KINDS

from ._batchdata import texts as make_texts

N = 300


def _records():
    txt = make_texts(N, seed=21)
    recs = [{"id": f"d{i}", "text": t, "feed": i % 4} for i, t in enumerate(txt)]
    recs[17]["text"] = 17  # not a string: an error row, never dropped
    recs[40]["title"] = "You Won't Believe What Happened Next"
    return recs


def _expected_row(scorer, rec):
    rep = scorer.score(rec["text"], title=rec.get("title")).to_dict()
    return rep


@pytest.fixture(scope="module")
def dask_client():
    pytest.importorskip("dask.bag")
    pytest.importorskip("pandas")
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_bag_equals_single_process(dask_client, scorer):
    import dask.bag as db

    from slantcheck.integrations.dask import score_bag
    from slantcheck.pipeline import default_model_dir, worker_stats

    recs = _records()
    got = score_bag(db.from_sequence(recs, npartitions=8)).compute()
    assert len(got) == N
    for rec, g in zip(recs, got, strict=False):
        assert g["id"] == rec["id"]
        if rec["id"] == "d17":
            assert g["error"]["code"] == "E303" and set(g) == {"id", "error"}
            continue
        assert g["feed"] == rec["feed"]
        exp = _expected_row(scorer, rec)
        assert {k: g[k] for k in exp} == exp
    texts = [r["text"] for r in recs if isinstance(r["text"], str)][:50]
    plain = score_bag(db.from_sequence(texts, npartitions=4)).compute()
    assert plain == [scorer.score(t).to_dict() for t in texts]
    stats = dask_client.run(worker_stats)
    assert len(stats) == 2
    assert all(s["pid"] != os.getpid() for s in stats.values())
    key = str(default_model_dir().resolve())
    assert all(s["models"] == {key: 1} for s in stats.values()), stats  # once per worker, however many partitions


def test_dask_dataframe_equals_single_process(dask_client, scorer):
    import dask.dataframe as dd
    import pandas as pd

    from slantcheck.integrations.dask import score_dataframe

    recs = _records()
    pdf = pd.DataFrame({"id": [r["id"] for r in recs], "text": [r["text"] if r["id"] != "d17" else None
                                                                 for r in recs],
                        "title": [r.get("title") for r in recs]})
    ddf = dd.from_pandas(pdf, npartitions=6)
    out = score_dataframe(ddf, text_column="text", title_column="title").compute()
    assert list(out["id"]) == list(pdf["id"]) and len(out) == N
    for rec, (_, row) in zip(recs, out.iterrows(), strict=False):
        if rec["id"] == "d17":
            assert row["error_code"] == "E001" and math.isnan(row["score"])
            continue
        exp = scorer.score(rec["text"], title=rec.get("title"))
        assert row["score"] == exp.score and row["label"] == exp.label and bool(row["flagged"]) == exp.flagged
        assert all(row[f"{k}_score"] == exp.signals[k].score for k in KINDS)
        assert json.loads(row["spans"]) == [s.to_dict() for s in exp.spans] and row["n_spans"] == len(exp.spans)
        assert row["error_code"] is None or (isinstance(row["error_code"], float) and math.isnan(row["error_code"]))


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    s = (SparkSession.builder.master("local[2]").appName("slantcheck-test")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "4")
         .config("spark.sql.execution.arrow.maxRecordsPerBatch", "25")
         .config("spark.python.worker.reuse", "true")
         .getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def test_spark_map_in_pandas_equals_single_process(spark, scorer):
    from slantcheck.integrations.spark import score_dataframe, score_udf
    from slantcheck.pipeline import worker_stats

    recs = _records()
    rows = [(r["id"], r["text"] if r["id"] != "d17" else None, r.get("title")) for r in recs]
    df = spark.createDataFrame(rows, "id string, text string, title string").repartition(6)
    out = {r["id"]: r for r in score_dataframe(df, title_column="title").collect()}
    assert len(out) == N
    for rec in recs:
        row = out[rec["id"]]
        if rec["id"] == "d17":
            assert row["error_code"] == "E001" and row["label"] is None
            continue
        exp = scorer.score(rec["text"], title=rec.get("title"))
        assert row["score"] == exp.score and row["label"] == exp.label and row["flagged"] == exp.flagged
        assert all(row[f"{k}_score"] == exp.signals[k].score for k in KINDS)
        assert json.loads(row["spans"]) == [s.to_dict() for s in exp.spans] and row["error_code"] is None
    # every Python worker loads the model exactly once, however many arrow batches it scores
    import pandas as pd

    from slantcheck.integrations.spark import map_in_pandas

    def stats_after_each_batch(batches):
        for out in map_in_pandas("text")(batches):
            st = worker_stats()
            yield pd.DataFrame({"pid": [st["pid"]], "loads": [st["loads"]], "rows": [len(out)]})

    stats = df.mapInPandas(stats_after_each_batch, schema="pid long, loads long, rows long").collect()
    assert sum(r["rows"] for r in stats) == N
    assert len(stats) > len({r["pid"] for r in stats})  # some worker scored several batches...
    assert all(r["loads"] == 1 for r in stats), stats  # ...and still loaded the model only once
    # the pandas UDF gives the same scores
    sub = df.limit(30)
    got = {r["id"]: r["r"] for r in sub.select("id", "text", score_udf()("text").alias("r")).collect()}
    for rid, res in got.items():
        text = next(r["text"] for r in recs if r["id"] == rid)
        if rid == "d17":
            assert res["error_code"] == "E001"
        else:
            assert res["score"] == scorer.score(text).score
