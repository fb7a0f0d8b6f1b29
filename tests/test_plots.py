"""Plot helpers draw the data they are given and return their Axes (no files written)."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from helpers import make_history

from course_lib import plots

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plot_history_draws_both_curves_and_marks_best_epoch(tmp_path):
    h = make_history([0.8, 0.9, 0.95], [0.79, 0.88, 0.9], best=2)
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
    hs = {"a": [make_history([0.9, 0.99], [0.9, 0.95]), make_history([0.9, 0.99], [0.8, 0.97])]}
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


def test_compare_histories_gap_and_bad_metric():
    hs = {"a": make_history([0.9, 0.99], [0.9, 0.95]), "b": make_history([0.8, 0.85], [0.8, 0.84])}
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


def test_import_course_lib_does_not_load_matplotlib():
    """pyplot and the font come with the first use of course_lib.plots, not with `import course_lib`."""
    import subprocess
    import sys

    code = (
        "import sys, course_lib\n"
        "from course_lib import train, data, report\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib loaded by import course_lib'\n"
        "course_lib.plots.plot_lr\n"
        "assert 'matplotlib.pyplot' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plot_lr_range_draws_raw_loss_faintly_under_the_smoothed_loss():
    from course_lib.schedules import LRRangeResult

    lrs = [1e-4, 1e-3, 1e-2, 1e-1]
    result = LRRangeResult(lrs, [2.0, 1.5, 1.0, 1.2], 1e-3, "x", True, raw_losses=[2.0, 1.0, 0.5, 9.0])
    ax = plots.plot_lr_range(result, title="t")
    raw_line, smooth_line, suggestion = ax.get_lines()
    assert list(raw_line.get_ydata()) == [2.0, 1.0, 0.5, 9.0] and list(smooth_line.get_ydata()) == [2.0, 1.5, 1.0, 1.2]
    assert raw_line.get_alpha() < 1 and smooth_line.get_alpha() is None
    assert list(suggestion.get_xdata()) == [1e-3, 1e-3] and ax.get_xscale() == "log"
    # the diverged raw 9.0 is cut (top = 1.1 x the smoothed maximum); the raw minimum 0.5 stays in view with a 5% margin
    assert ax.get_ylim() == pytest.approx((0.5 - 0.05 * (2.2 - 0.5), 2.2))
    old = LRRangeResult(lrs, [2.0, 1.5, 1.0, 1.2], 1e-3, "x", True)  # no raw losses: only the smoothed curve
    assert len(plots.plot_lr_range(old).get_lines()) == 2


def test_plot_lr_range_widens_a_shared_y_range_instead_of_replacing_it():
    from course_lib.schedules import LRRangeResult

    lrs = [1e-4, 1e-3, 1e-2, 1e-1]
    diverging = LRRangeResult(lrs, [2.0, 1.5, 1.0, 5.0], 1e-3, "x", True, raw_losses=[2.0, 1.0, 0.5, 9.0])
    calm = LRRangeResult(lrs, [2.3, 2.0, 1.0, 0.8], 1e-2, "x", False, raw_losses=[2.3, 1.5, 0.7, 0.6])
    # each result alone: (raw minimum - 5% margin, 1.1 x smoothed maximum)
    own_diverging = ((0.5 - 0.05 * (5.5 - 0.5)), 5.5)
    own_calm = ((0.6 - 0.05 * (2.53 - 0.6)), 2.53)
    _, axes = plt.subplots(1, 2, sharey=True)
    plots.plot_lr_range(diverging, ax=axes[0])
    assert axes[0].get_ylim() == pytest.approx(own_diverging)
    plots.plot_lr_range(calm, ax=axes[1])  # the second panel must not cut the first panel's curve
    both = (min(own_diverging[0], own_calm[0]), max(own_diverging[1], own_calm[1]))
    assert axes[0].get_ylim() == pytest.approx(both) and axes[1].get_ylim() == pytest.approx(both)
    _, axes = plt.subplots(1, 2, sharey=True)  # the other order gives the same shared range
    plots.plot_lr_range(calm, ax=axes[0])
    plots.plot_lr_range(diverging, ax=axes[1])
    assert axes[0].get_ylim() == pytest.approx(both)
    _, (left, right) = plt.subplots(1, 2)  # axes that do not share y keep their own range
    plots.plot_lr_range(diverging, ax=left)
    plots.plot_lr_range(calm, ax=right)
    assert left.get_ylim() == pytest.approx(own_diverging) and right.get_ylim() == pytest.approx(own_calm)
    ax = plots.plot_lr_range(diverging)  # a fresh axes: its own range, as before
    assert ax.get_ylim() == pytest.approx(own_diverging)
    plt.close("all")
