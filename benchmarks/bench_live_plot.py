"""What ``fit(..., live_plot=True)`` costs: one redraw of the curves, and a whole run with and without them.

    python benchmarks/bench_live_plot.py

In a notebook, ``LivePlot.update`` clears both axes, draws the History with ``plot_history`` and hands the figure to
the display handle; the inline backend then renders it to PNG (``IPython.core.pylabtools.print_figure`` with
``bbox_inches="tight"``, as the backend's formatter does). Part 1 does exactly that for Histories of 1, 10, 30 and
100 epochs (``--sizes``) and prints the median milliseconds per redraw. Part 2 trains the smallest lesson model that
is shown with live curves (BNModel, lesson 06) for 6 epochs (``--epochs``) with and without ``live_plot=True``,
alternating twice (``--rounds``), with the notebook check and the display replaced by that same PNG rendering,
and prints the cost per epoch: LivePlot redraws at most every ``min_interval`` (2 s), so short epochs are not
redrawn one by one.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import time

from bench_fit import BATCH, mnist_root, run_fit
from IPython.core.pylabtools import print_figure

from course_lib import data, models, progress, settings
from course_lib.history import EpochResult, History


def history(n: int) -> History:
    h = History(model_name="BNModel", n_params=0)
    for e in range(1, n + 1):
        r = EpochResult(e, 1 / e, 1 - 0.1 / e, 1.2 / e, 1 - 0.12 / e, 1e-3, 1.0)
        h.record(r, improved=e == n)
    return h


def update_ms(h: History, repeats: int = 7) -> float:
    live = progress.LivePlot(min_interval=0)  # draw on every call: this part times one redraw
    live.enabled = True  # outside a notebook it would do nothing; here it draws as in a notebook
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel, display() prints the figure's repr
            live.update(h)
        png = print_figure(live.fig, "png")  # what the inline backend does with the displayed figure
        times.append((time.perf_counter() - t0) * 1e3)
    assert png[:4] == b"\x89PNG" and live.draws == repeats
    return statistics.median(times[1:])


def fit_seconds(tl, vl, live: bool, epochs: int = 6) -> float:
    settings.seed_everything(0)
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        run_fit(tl, vl, models.BNModel(), epochs, None, verbose=True, progress=False, live_plot=live)
    return time.perf_counter() - t0


class _RenderingHandle:
    """Stands in for a notebook's display handle: renders what it is given to PNG, as the inline backend does."""

    def update(self, obj) -> None:
        _display(obj)  # the placeholder text is shown as text, the figure rendered


def _display(obj, display_id=False):
    if hasattr(obj, "savefig"):
        print_figure(obj, "png", bbox_inches="tight")
    return _RenderingHandle()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=6, help="epochs of each timed fit")
    p.add_argument("--rounds", type=int, default=2, help="timed fits with and without live curves (best of)")
    p.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 30, 100], help="epochs drawn in the redraw timing")
    args = p.parse_args(argv)
    root, real = mnist_root()
    tl, vl, _ = data.load_mnist_splits(root, BATCH, val_size=5000 if real else 200)  # the sample has 2,000 images
    settings.seed_everything(0)
    h = run_fit(tl, vl, models.BNModel(), 2, None)
    epoch_s = h.total_time / h.epochs_run
    print(f"one epoch of BNModel on {len(tl.dataset)} images: {epoch_s:.2f} s\n")
    print("| epochs drawn | ms per redraw (draw + PNG) | share of one BNModel epoch |")
    print("|---:|---:|---:|")
    for n in args.sizes:
        ms = update_ms(history(n))
        print(f"| {n} | {ms:.0f} | {ms / 1e3 / epoch_s:.1%} |")

    import IPython.display

    progress.in_notebook = lambda: True  # LivePlot checks this when fit creates it
    IPython.display.display = _display
    runs: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.rounds):
        for live in (False, True):
            runs[live].append(fit_seconds(tl, vl, live, args.epochs))
    off, on = min(runs[False]), min(runs[True])
    print(
        f"\nBNModel, {args.epochs} epochs, best of {args.rounds}: without live curves {off:.2f} s, with {on:.2f} s: "
        f"+{(on - off) / args.epochs * 1e3:.0f} ms per epoch ({on / off - 1:+.1%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
