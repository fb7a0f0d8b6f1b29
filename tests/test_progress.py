"""What fit shows: the epoch lines and the live curves (LivePlot), in a notebook and outside one."""

import json

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pytest
from helpers import make_history
from nbclient import NotebookClient

from course_lib import progress
from course_lib.history import EpochResult, History

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_live_plot_is_silent_outside_a_notebook():
    live = progress.LivePlot()
    live.update(make_history([0.8, 0.9], [0.7, 0.8]))
    assert live.draws == 0 and live.fig is None and plt.get_fignums() == []


def test_live_plot_leaves_exactly_one_figure_in_an_executed_notebook(tmp_path):
    """fit(live_plot=True) in a real kernel: one figure output, redrawn every epoch, no extra inline copy."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import torch, torch.nn as nn\n"
            "from course_lib import data, models, train\n"
            "tl, vl, _ = data.load_mnist_splits()\n"
            "m = models.SmallSizeModel()\n"
            "h = train.fit(tl, vl, m, nn.CrossEntropyLoss(), torch.optim.Adam(m.parameters()), 3,"
            " save_best_model=False, live_plot=True)"
        )
    ]
    env_cell = "import os; os.environ['COURSE_SMOKE'] = '1'"
    nb.cells.insert(0, nbformat.v4.new_code_cell(env_cell))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[1].outputs
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 1
    texts = json.dumps([o.get("data", {}).get("text/plain", "") for o in outputs], ensure_ascii=False)
    assert texts.count("Epoch[") == 2  # smoke mode: 2 epochs, one summary line each
    first_line = next(i for i, o in enumerate(outputs) if "Epoch[" in str(o.get("data", {}).get("text/plain", "")))
    assert outputs.index(figures[0]) < first_line  # the figure sits above the epoch lines, not between them


class _FakeHandle:
    def __init__(self, shown):
        self.shown = shown

    def update(self, obj):
        self.shown.append(obj)


def test_live_plot_redraws_at_most_every_min_interval_and_flushes_the_last_epoch(monkeypatch):
    """Short epochs are not slowed by a redraw each: drawing waits min_interval, and the final state is always drawn."""
    import IPython.display

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda obj, display_id=False: shown.append(obj) or _FakeHandle(shown)
    )
    h = make_history([0.5], [0.4], best=1)
    slow = progress.LivePlot(min_interval=3600)
    slow.enabled = True
    for e in range(2, 6):
        slow.update(h)
        h.record(EpochResult(e, 1.0, 0.5, 0.5, 0.4, 1e-3, 1.0))
    assert slow.draws == 1  # the first epoch is drawn, the next three wait
    slow.flush()
    assert slow.draws == 2 and slow.axes[0].get_title().endswith(f"epoch {h.epochs_run}/{h.epochs_requested}")
    slow.flush()
    assert slow.draws == 2  # nothing pending: no extra draw
    eager = progress.LivePlot(min_interval=0)
    eager.enabled = True
    for _ in range(3):
        eager.update(h)
    assert eager.draws == 3 and len(shown) == 2 + 3


@pytest.mark.parametrize("ending", ["finished", "interrupted"])
def test_fit_reporter_draws_the_last_epoch_when_training_ends(monkeypatch, ending, capsys):
    """Whatever ends the run (budget, early stopping, Stop), the figure left behind shows the last finished epoch."""
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, display_id=False: _FakeHandle([]))
    out = progress.Reporter(verbose=True, progress=False, live_plot=True)
    out.live.enabled, out.live.min_interval = True, 3600
    h = History(model_name="m", n_params=1, epochs_requested=3)
    for e in range(1, 4):
        r = EpochResult(e, 1.0 / e, 0.5, 0.6 / e, 0.4, 1e-3, 0.01)
        h.record(r, improved=True)
        out.end_epoch(r, 3, h, improved=True, saved=False)
    assert out.live.draws == 1  # epochs 2 and 3 came too soon after the first drawing
    out.finished(h, 0, None) if ending == "finished" else out.interrupted(h, None)
    assert out.live.draws == 2 and out.live.axes[0].get_title().endswith("epoch 3/3")
