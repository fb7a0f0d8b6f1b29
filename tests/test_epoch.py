"""One pass over the data: train_one_epoch and evaluate (per-sample averages, devices, errors, no float64)."""

from __future__ import annotations

import pytest
import torch
from helpers import ListLoader, NoFloat64, binary_data, tensor_loader, tiny_mlp
from torch import nn

from course_lib import epoch, models, train


def test_evaluate_averages_per_sample_not_per_batch():
    torch.manual_seed(0)
    X, y = torch.randn(250, 5), torch.randint(0, 3, (250,))
    model = nn.Linear(5, 3)
    loss_fn = nn.CrossEntropyLoss()
    # uneven batches (100, 100, 50): a mean of batch means would weight the last batch double
    loader = ListLoader([(X[i : i + 100], y[i : i + 100]) for i in range(0, 250, 100)])
    loss, acc = train.evaluate(loader, model, loss_fn, device="cpu", mode="multi")
    with torch.no_grad():
        out = model(X)
    assert loss == pytest.approx(loss_fn(out, y).item(), rel=1e-6)
    assert acc == (out.argmax(1) == y).sum().item() / 250
    sum_loss, _ = train.evaluate(loader, model, nn.CrossEntropyLoss(reduction="sum"), device="cpu", mode="multi")
    assert sum_loss == pytest.approx(loss, rel=1e-6)


@pytest.mark.parametrize("prob", [False, True])
def test_binary_mode_logits_and_probabilities(prob):
    torch.manual_seed(0)
    X, y = binary_data()
    model = tiny_mlp(prob=prob)
    loss_fn = nn.BCELoss() if prob else nn.BCEWithLogitsLoss()
    loader = tensor_loader(X, y)
    with torch.no_grad():
        out = model(X)
    expected = ((out >= 0.5) if prob else (out > 0)).float().eq(y).float().mean().item()
    _, acc = train.evaluate(loader, model, loss_fn, device="cpu", mode="binary", from_logits=not prob)
    assert acc == pytest.approx(expected)
    h = train.fit(
        loader,
        loader,
        model,
        loss_fn,
        torch.optim.Adam(model.parameters(), lr=0.05),
        15,
        save_best_model=False,
        early_stopping=False,
        mode="binary",
    )
    assert h.val_acc[-1] > 0.95  # separable data: learnt with the right threshold


def test_binary_threshold_for_logits_is_zero_not_half():
    X = torch.zeros(4, 2)
    y = torch.tensor([[1.0], [1.0], [0.0], [0.0]])

    class Fixed(nn.Module):
        def forward(self, x):
            return torch.tensor([[0.2], [0.3], [-0.2], [-0.4]])  # logits: sigmoid > 0.5 for the first two

    _, acc = train.evaluate(tensor_loader(X, y), Fixed(), nn.BCEWithLogitsLoss(), mode="binary", from_logits=True)
    assert acc == 1.0


def test_evaluate_and_train_one_epoch_make_no_float64(sample_loaders):
    tl, vl = sample_loaders
    torch.manual_seed(0)
    model = models.BNModel()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    with NoFloat64():
        running = epoch.train_one_epoch(tl, model, nn.CrossEntropyLoss(), opt)
        loss, acc = epoch.evaluate(vl, model, nn.CrossEntropyLoss())
    assert 0 < running < 2.31 and 0 < loss < 2.31  # below log(10): one epoch learnt something
    assert (loss, acc) == epoch.evaluate(vl, model, nn.CrossEntropyLoss())  # the same numbers without the guard


def test_evaluate_sums_exactly_like_float64():
    """Python floats (double) hold the sum: the same value as a float64 accumulator, to the last bit."""
    torch.manual_seed(1)
    X, y = torch.randn(1000, 5), torch.randint(0, 3, (1000,))
    model, loss_fn = nn.Linear(5, 3), nn.CrossEntropyLoss()
    loader = ListLoader([(X[i : i + 70], y[i : i + 70]) for i in range(0, 1000, 70)])
    total = torch.zeros((), dtype=torch.float64)
    with torch.no_grad():
        for Xb, yb in loader:
            total += loss_fn(model(Xb), yb) * len(yb)
    loss, _ = epoch.evaluate(loader, model, loss_fn)
    assert loss == total.item() / 1000


class _Stop(Exception):
    pass


class _DeviceSpy(nn.Module):
    """Records the device of its input, then stops the pass (meta tensors cannot be read back)."""

    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(4, 3)
        self.seen = None

    def forward(self, x):
        self.seen = x.device
        raise _Stop


@pytest.mark.parametrize("which", ["evaluate", "train_one_epoch"])
def test_default_device_is_the_models_own(which):
    model = _DeviceSpy().to("meta")  # stands in for a GPU: the batch must follow the model there, not go to CPU
    loader = ListLoader([(torch.randn(8, 4), torch.randint(0, 3, (8,)))])
    with pytest.raises(_Stop):
        if which == "evaluate":
            epoch.evaluate(loader, model, nn.CrossEntropyLoss())
        else:
            epoch.train_one_epoch(loader, model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.1))
    assert model.seen.type == "meta"
    assert epoch.model_device(nn.ReLU()).type == "cpu"  # no weights at all: CPU


class _Raises(nn.Module):
    def __init__(self, err):
        super().__init__()
        self.layer, self.err = nn.Linear(4, 3), err

    def forward(self, x):
        raise self.err


@pytest.mark.parametrize(
    "err",
    [RuntimeError("cuDNN error: CUDNN_STATUS_INTERNAL_ERROR"), torch.OutOfMemoryError("CUDA out of memory. Tried")],
    ids=["other-runtime-error", "out-of-memory"],
)
def test_only_input_errors_of_the_first_batch_become_the_input_message(err):
    model = _Raises(err)
    loader = ListLoader([(torch.randn(8, 4), torch.randint(0, 3, (8,)))])
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(type(err)) as info:
        epoch.train_one_epoch(loader, model, nn.CrossEntropyLoss(), opt)
    assert info.value is err  # unchanged, not turned into a ValueError about the input
    model = nn.Linear(5, 3)  # a real shape error is explained
    with pytest.raises(ValueError, match=r"입력 X \(8, 4\)"):
        epoch.train_one_epoch(loader, model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.1))


@pytest.mark.parametrize("binary", [False, True])
def test_correct_per_sample_averages_to_the_accuracy(sample_loaders, binary):
    _, vl = sample_loaders
    torch.manual_seed(0)
    if binary:
        X, y = binary_data(n=250)
        loader, model, loss_fn = tensor_loader(X, y, batch_size=64), tiny_mlp(), nn.BCEWithLogitsLoss()
        kw = dict(mode="binary", from_logits=True)
    else:
        loader, model, loss_fn, kw = vl, models.SmallSizeModel(), nn.CrossEntropyLoss(), {}
    hits = epoch.correct_per_sample(loader, model, **kw)
    assert hits.dtype == torch.bool and len(hits) == len(loader.dataset)
    assert hits.float().mean().item() == pytest.approx(epoch.evaluate(loader, model, loss_fn, **kw)[1])
    with torch.no_grad():  # image by image, in the loader's order
        first = model(loader.dataset.data[:5])
    expected = (
        (first > 0).squeeze(1) == loader.dataset.targets[:5].squeeze(1).bool()
        if binary
        else (first.argmax(1) == loader.dataset.targets[:5])
    )
    assert torch.equal(hits[:5], expected)
