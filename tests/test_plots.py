"""Plot helpers draw the data they are given and return their Axes (no files written)."""

import json

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
import torch
from nbclient import NotebookClient

from course_lib import plots
from course_lib.history import EpochResult, History

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _h(train_acc, val_acc, best=2):
    n = len(val_acc)
    return History(
        train_loss=[1.0] * n,
        train_acc=train_acc,
        val_loss=[0.5 + 0.1 * i for i in range(n)],
        val_acc=val_acc,
        lr=[1e-3] * n,
        epoch_time=[1.0] * n,
        best_epoch=best,
    )


def test_history_gap_by_hand():
    assert _h([0.9, 0.99], [0.9, 0.95]).gap == pytest.approx([0.0, 0.04])


def test_plot_history_draws_both_curves_and_marks_best_epoch(tmp_path):
    h = _h([0.8, 0.9, 0.95], [0.79, 0.88, 0.9], best=2)
    loss_ax, acc_ax = plots.plot_history(h, title="x")
    train_line, val_line, best_line = acc_ax.get_lines()
    assert list(train_line.get_xdata()) == [1, 2, 3] and list(val_line.get_ydata()) == h.val_acc
    assert list(best_line.get_xdata()) == [2, 2]
    assert list(loss_ax.get_lines()[1].get_ydata()) == h.val_loss
    for ax in (loss_ax, acc_ax):  # epochs are whole numbers: no 1.25, 1.5 ticks on a short run
        ax.figure.canvas.draw()
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)
    assert list(tmp_path.iterdir()) == []  # never saves behind your back


def test_plot_lr_starts_at_zero_and_draws_steps():
    ax = plots.plot_lr([0.1, 0.05, 0.025], title="StepLR")
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [0, 1, 2] and list(line.get_ydata()) == [0.1, 0.05, 0.025]
    assert ax.get_title() == "StepLR"
    assert line.get_drawstyle() == "steps-post"  # the LR is constant within an epoch and jumps at its end
    assert plots.plot_lr([0.1, 0.05], steps=False).get_lines()[0].get_drawstyle() == "default"


def test_compare_histories_with_seeds_draws_mean_and_band():
    hs = {"a": [_h([0.9, 0.99], [0.9, 0.95]), _h([0.9, 0.99], [0.8, 0.97])]}
    ax = plots.compare_histories(hs, metric="val_acc")
    assert np.allclose(ax.get_lines()[0].get_ydata(), [0.85, 0.96])
    band = ax.collections[0].get_paths()[0].vertices
    assert np.isclose(band[:, 1].min(), 0.8) and np.isclose(band[:, 1].max(), 0.97)
    assert ax.get_legend().get_texts()[0].get_text() == "a (2 seeds)"


def test_plot_sweep_mean_std_and_points():
    ax = plots.plot_sweep([1, 10], [[0.5, 0.7], [0.9, 0.9]], logx=True, label="val")
    assert np.allclose(ax.get_lines()[0].get_ydata(), [0.6, 0.9])
    assert ax.get_xscale() == "log"
    assert len(ax.collections) >= 2  # the seeds' points
    with pytest.raises(ValueError, match="xs"):
        plots.plot_sweep([1, 2], [[0.1]])


def test_live_plot_is_silent_outside_a_notebook():
    live = plots.LivePlot()
    live.update(_h([0.8, 0.9], [0.7, 0.8]))
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


def test_compare_histories_gap_and_bad_metric():
    hs = {"a": _h([0.9, 0.99], [0.9, 0.95]), "b": _h([0.8, 0.85], [0.8, 0.84])}
    _, ax = plt.subplots()
    assert plots.compare_histories(hs, metric="gap", ax=ax) is ax
    a_line, b_line = ax.get_lines()[:2]
    assert np.allclose(a_line.get_ydata(), hs["a"].gap) and np.allclose(b_line.get_ydata(), hs["b"].gap)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    with pytest.raises(ValueError, match="metric"):
        plots.compare_histories(hs, metric="accuracy")


def test_show_images_titles_and_wrong_predictions_in_red():
    images = torch.rand(3, 1, 28, 28)
    axes = plots.show_images(images, torch.tensor([1, 2, 3]), preds=torch.tensor([1, 7, 3]), ncols=4)
    flat = np.ravel(axes)
    assert [ax.get_title() for ax in flat[:3]] == ["정답 1 / 예측 1", "정답 2 / 예측 7", "정답 3 / 예측 3"]
    assert flat[1].title.get_color() == "red" and flat[0].title.get_color() == "black"
    assert flat[3].get_title() == ""  # empty slot


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
    h = _h([0.5], [0.4], best=1)
    slow = plots.LivePlot(min_interval=3600)
    slow.enabled = True
    for e in range(2, 6):
        slow.update(h)
        h.record(EpochResult(e, 1.0, 0.5, 0.5, 0.4, 1e-3, 1.0))
    assert slow.draws == 1  # the first epoch is drawn, the next three wait
    slow.flush()
    assert slow.draws == 2 and slow.axes[0].get_title().endswith(f"epoch {h.epochs_run}/{h.epochs_requested}")
    slow.flush()
    assert slow.draws == 2  # nothing pending: no extra draw
    eager = plots.LivePlot(min_interval=0)
    eager.enabled = True
    for _ in range(3):
        eager.update(h)
    assert eager.draws == 3 and len(shown) == 2 + 3


@pytest.mark.parametrize("ending", ["finished", "interrupted"])
def test_fit_reporter_draws_the_last_epoch_when_training_ends(monkeypatch, ending, capsys):
    """Whatever ends the run (budget, early stopping, Stop), the figure left behind shows the last finished epoch."""
    import IPython.display

    from course_lib import progress

    monkeypatch.setattr(IPython.display, "display", lambda obj, display_id=False: _FakeHandle([]))
    out = progress.Reporter(verbose=True, progress=False, live_plot=True)
    out.live.enabled, out.live.min_interval = True, 3600
    h = History(model_name="m", n_params=1, epochs_requested=3)
    for e in range(1, 4):
        r = EpochResult(e, 1.0 / e, 0.5, 0.6 / e, 0.4, 1e-3, 0.01)
        h.record(r, improved=True)
        out.end_epoch(r, 3, "", h)
    assert out.live.draws == 1  # epochs 2 and 3 came too soon after the first drawing
    out.finished(h, 0, None) if ending == "finished" else out.interrupted(h, None)
    assert out.live.draws == 2 and out.live.axes[0].get_title().endswith("epoch 3/3")
