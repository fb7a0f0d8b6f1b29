"""Plot helpers draw the data they are given and return their Axes (no files written)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from course_lib import plots  # noqa: E402
from course_lib.train import History  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _h(train_acc, val_acc, best=2):
    n = len(val_acc)
    return History(train_loss=[1.0] * n, train_acc=train_acc, val_loss=[0.5 + 0.1 * i for i in range(n)],
                   val_acc=val_acc, lr=[1e-3] * n, epoch_time=[1.0] * n, best_epoch=best)


def test_history_gap_by_hand():
    assert _h([0.9, 0.99], [0.9, 0.95]).gap == pytest.approx([0.0, 0.04])


def test_plot_history_draws_both_curves_and_marks_best_epoch(tmp_path):
    h = _h([0.8, 0.9, 0.95], [0.79, 0.88, 0.9], best=2)
    loss_ax, acc_ax = plots.plot_history(h, title="x")
    train_line, val_line, best_line = acc_ax.get_lines()
    assert list(train_line.get_xdata()) == [1, 2, 3] and list(val_line.get_ydata()) == h.val_acc
    assert list(best_line.get_xdata()) == [2, 2]
    assert list(loss_ax.get_lines()[1].get_ydata()) == h.val_loss
    assert list(tmp_path.iterdir()) == []  # never saves behind your back


def test_plot_lr_starts_at_zero():
    ax = plots.plot_lr([0.1, 0.05, 0.025], title="StepLR")
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [0, 1, 2] and list(line.get_ydata()) == [0.1, 0.05, 0.025]
    assert ax.get_title() == "StepLR"


def test_compare_histories_gap_and_bad_metric():
    hs = {"a": _h([0.9, 0.99], [0.9, 0.95]), "b": _h([0.8, 0.85], [0.8, 0.84])}
    fig, ax = plt.subplots()
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
    assert [ax.get_title() for ax in flat[:3]] == ["1 / pred 1", "2 / pred 7", "3 / pred 3"]
    assert flat[1].title.get_color() == "red" and flat[0].title.get_color() == "black"
    assert flat[3].get_title() == ""  # empty slot
