"""Shared fixtures. Hypothesis runs with a fixed, derandomised profile on CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    for cand in (os.environ.get("SLANTCHECK_SHARED"), ROOT.parent / "shared"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    p = shared_dir()
    if p is None:
        pytest.skip("../shared is not beside the checkout")
    return p


@pytest.fixture(scope="session")
def scorer():
    import slantcheck

    return slantcheck.pipeline.default_scorer()
