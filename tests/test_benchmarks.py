"""Each benchmark script still runs: one tiny pass on the bundled sample (the numbers themselves are not checked)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RUNS = {
    "bench_fit": ["--models", "small", "--precisions", "fp32", "--epochs", "1", "--no-reference", "--threads", "1"],
    "ab_step": ["--models", "small", "--precisions", "fp32", "--rounds", "1"],
    "profile_epoch": ["--models", "small", "--threads", "1", "--top", "2"],
    "bench_live_plot": ["--epochs", "1", "--rounds", "1", "--sizes", "2"],
}


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """Start all four scripts at once (one thread each, so they share the cores), then wait for every one."""
    cwd = tmp_path_factory.mktemp("bench")
    env = dict(os.environ, COURSE_DATA_ROOT=str(cwd / "no-mnist-here"), MPLBACKEND="Agg", OMP_NUM_THREADS="1")
    env.pop("COURSE_SMOKE", None)
    procs = {
        name: subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=env,
        )
        for name, args in RUNS.items()
    }
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        results[name] = (proc.returncode, out, err)
    return results


@pytest.mark.parametrize("script", list(RUNS))
def test_benchmark_script_runs_on_the_sample(finished, script):
    code, out, err = finished[script]
    assert code == 0, out[-2000:] + err[-3000:]
    assert "|" in out  # every script prints a Markdown table of what it measured
