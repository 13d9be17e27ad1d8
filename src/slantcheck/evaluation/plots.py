"""Evaluation plots (PNG): a reliability diagram and precision-recall curves. Needs the ``plots`` extra."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from slantcheck.errors import SlantcheckError


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SlantcheckError("plots need matplotlib: pip install 'slantcheck[plots]'") from None
    return plt


def pr_curve(y: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Precision and recall at every distinct score cut, highest cut first."""
    y = np.asarray(y, bool)
    p = np.asarray(p, float)
    order = np.argsort(-p, kind="mergesort")
    ys = y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(~ys)
    last = np.r_[np.flatnonzero(np.diff(p[order])), len(p) - 1]
    prec = tp[last] / np.maximum(tp[last] + fp[last], 1)
    rec = tp[last] / max(int(y.sum()), 1)
    return prec, rec


def save_plots(out_dir: str | Path, curves: Mapping[str, tuple[Sequence[int], Sequence[float]]],
               reliability: Sequence[Mapping[str, float]], title: str = "") -> list[Path]:
    """Write ``reliability.png`` (flag score) and ``precision_recall.png`` (one curve per target)."""
    plt = _pyplot()
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    paths = []
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfect calibration")
    xs = [b["mean_p"] for b in reliability]
    ys = [b["rate"] for b in reliability]
    ns = [b["n"] for b in reliability]
    ax.plot(xs, ys, marker="o", label="flag score")
    for x, yv, n in zip(xs, ys, ns, strict=False):
        ax.annotate(str(n), (x, yv), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted probability", ylabel="observed rate of flag = true",
           title=f"Reliability {title}".strip())
    ax.legend(loc="upper left")
    fig.tight_layout()
    paths.append(d / "reliability.png")
    fig.savefig(paths[-1], dpi=120, metadata={"Software": None})
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(5, 5))
    for name, (y, p) in curves.items():
        if not len(y) or not np.any(y):
            continue
        prec, rec = pr_curve(y, p)
        ax.step(np.r_[0, rec], np.r_[1, prec], where="post", label=name)
    ax.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="recall", ylabel="precision", title=f"Precision-recall {title}".strip())
    ax.legend(loc="lower left")
    fig.tight_layout()
    paths.append(d / "precision_recall.png")
    fig.savefig(paths[-1], dpi=120, metadata={"Software": None})
    plt.close(fig)
    return paths
