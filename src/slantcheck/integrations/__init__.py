"""Optional engines for scoring beyond one machine; the core never imports them.

* ``slantcheck.integrations.dask``: dask bags and dataframes (extra ``[dask]``);
* ``slantcheck.integrations.spark``: PySpark ``mapInPandas`` / pandas UDF (extra ``[spark]``).

Both load the scorer once per worker process (``slantcheck.batch.engine.worker_scorer``) and ship only the
model *path* to the workers, never a pickled model. See ``docs/scale.md``.
"""
