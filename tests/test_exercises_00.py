"""Lesson 00's exercise checks: the right answer passes, each named mistake gets its own message."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

from course_lib import data, models, train
from course_lib.exercises._core import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson00 import _chunk_biases, _planted_correct, q1, q2, q3, q4, q5


def _mistake(fb):
    assert fb.status == INCORRECT, fb
    return fb.mistake


# ---------------------------------------------------------------- q1


def steps_and_last(n, batch_size):
    steps = math.ceil(n / batch_size)
    last = n - (steps - 1) * batch_size
    return steps, last


def test_q1_right_answer_and_starter():
    fb = q1.evaluate(steps_and_last)
    assert fb.status == CORRECT and "430 / 40 / 79" in fb.message
    assert q1.evaluate(lambda n, bs: (..., ...)).status == NOT_ATTEMPTED  # the starter's two `...`
    assert q1.evaluate(lambda n, bs: None).status == NOT_ATTEMPTED


def test_q1_named_mistakes():
    assert _mistake(q1.evaluate(lambda n, bs: (n // bs, n % bs))) == "floor"
    assert _mistake(q1.evaluate(lambda n, bs: (n // bs + 1, n - (n // bs) * bs))) == "plus_one"
    assert _mistake(q1.evaluate(lambda n, bs: (n / bs, 0))) == "no_ceil"
    assert _mistake(q1.evaluate(lambda n, bs: (math.ceil(n / bs), n % bs))) == "remainder"
    assert _mistake(q1.evaluate(lambda n, bs: (math.ceil(n / bs), bs))) == "last_full"
    assert _mistake(q1.evaluate(lambda n, bs: math.ceil(n / bs))) == "not_pair"
    assert _mistake(q1.evaluate(lambda n, bs: (3, 1))) == "steps"


def test_q1_crash_is_an_error_not_a_wrong_answer():
    fb = q1.evaluate(lambda n, bs: (math.ceil(n / bs), n - (steps - 1) * bs))  # noqa: F821 (the learner's NameError)
    assert fb.status == ERROR and "NameError" in fb.message


# ---------------------------------------------------------------- q2


@pytest.fixture
def model_and_images():
    torch.manual_seed(0)
    model = models.SmallSizeModel()
    X32 = torch.rand(32, 1, 28, 28)
    with torch.no_grad():
        logits = model(X32)
    return model, X32, logits


def test_q2_right_answer_and_starter(model_and_images):
    model, X32, logits = model_and_images
    assert q2.evaluate(X32, logits.argmax(dim=1), model).status == CORRECT
    assert q2.evaluate(X32, logits.argmax(dim=1).tolist(), model).status == CORRECT  # a list of ints is fine too
    assert q2.evaluate(X32, ..., model).status == NOT_ATTEMPTED
    model.train()
    q2.evaluate(X32, logits.argmax(dim=1), model)
    assert model.training, "the check leaves the model's mode as it was"


def test_q2_named_mistakes(model_and_images):
    model, X32, logits = model_and_images
    assert _mistake(q2.evaluate(X32, logits, model)) == "no_argmax"
    assert _mistake(q2.evaluate(X32, logits.softmax(dim=1), model)) == "no_argmax"
    assert _mistake(q2.evaluate(X32, logits.max(dim=1), model)) == "max_pair"
    assert _mistake(q2.evaluate(X32, logits.max(dim=1).values, model)) == "float_preds"
    assert _mistake(q2.evaluate(X32, logits.argmax(dim=0), model)) == "argmax_dim0"
    assert _mistake(q2.evaluate(X32, logits.argmax(dim=1)[:16], model)) == "count"
    assert _mistake(q2.evaluate(X32, (logits.argmax(dim=1) + 1) % 10, model)) == "mismatch"
    assert _mistake(q2.evaluate(X32, "3 5 7", model)) == "not_tensor"


def test_q2_crash_is_an_error(model_and_images):
    model, X32, _ = model_and_images
    fb = q2.evaluate(X32[:, :, :5], torch.zeros(32, dtype=torch.long), model)  # images of the wrong shape
    assert fb.status == ERROR


# ---------------------------------------------------------------- q3


@pytest.fixture(scope="module")
def mnist_sample():
    return torchvision.datasets.MNIST(root=data.SAMPLE_ROOT, train=True, transform=transforms.ToTensor())


def _loader(dataset, **kw):
    return torch.utils.data.DataLoader(dataset, **{"batch_size": 200, "shuffle": True, **kw})


def test_q3_right_answer_and_starter(mnist_sample):
    ref = _loader(mnist_sample)
    assert q3.evaluate(_loader(mnist_sample, num_workers=2), ref).status == CORRECT
    assert q3.evaluate(..., ref).status == NOT_ATTEMPTED


def test_q3_named_mistakes(mnist_sample):
    ref = _loader(mnist_sample)
    test_set = torchvision.datasets.MNIST(root=data.SAMPLE_ROOT, train=False, transform=transforms.ToTensor())
    assert _mistake(q3.evaluate(_loader(mnist_sample), ref)) == "workers"
    assert _mistake(q3.evaluate(_loader(mnist_sample, num_workers=2, batch_size=128), ref)) == "batch_size"
    assert _mistake(q3.evaluate(_loader(test_set, num_workers=2), ref)) == "other_data"
    assert _mistake(q3.evaluate(_loader(mnist_sample, num_workers=2, shuffle=False), ref)) == "shuffle"
    in_memory = data.InMemoryLoader(data.TensorPairDataset(torch.zeros(4, 1, 28, 28), torch.zeros(4)), 2)
    assert _mistake(q3.evaluate(in_memory, ref)) == "not_dataloader"


def test_q3_crash_is_an_error(mnist_sample):
    class Broken(torch.utils.data.Dataset):  # a learner's own Dataset whose __len__ fails
        def __len__(self):
            raise RuntimeError("len failed")

        def __getitem__(self, i):
            return mnist_sample[i]

    fb = q3.evaluate(torch.utils.data.DataLoader(Broken(), batch_size=200, num_workers=2), _loader(mnist_sample))
    assert fb.status == ERROR and "len failed" in fb.message


# ---------------------------------------------------------------- q4


def selection_bias(correct, sel_size):
    n_val = correct.shape[1]
    biases = []
    for k in range(n_val // sel_size):
        is_sel = torch.zeros(n_val, dtype=torch.bool)
        is_sel[k * sel_size : (k + 1) * sel_size] = True
        sel_acc = correct[:, is_sel].mean(dim=1)
        new_acc = correct[:, ~is_sel].mean(dim=1)
        b = int(sel_acc.argmax())
        biases.append(((sel_acc[b] - new_acc[b]) - (sel_acc - new_acc).mean()).item())
    return biases


def _variant(name):
    return lambda correct, sel_size: _chunk_biases(correct, sel_size, name)


def test_q4_reference_is_the_lessons_loop_and_has_one_best_per_chunk():
    correct = _planted_correct(24, 1000, 100, 0)
    assert _chunk_biases(correct, 100) == pytest.approx(selection_bias(correct, 100), abs=1e-6)
    for k in range(10):
        sel = correct[:, k * 100 : (k + 1) * 100].mean(dim=1)
        assert (sel == sel.max()).sum() == 1  # no tie: any argmax rule picks the same candidate


def test_q4_right_answer_and_starter():
    assert q4.evaluate(selection_bias).status == CORRECT
    assert q4.evaluate(lambda c, s: torch.tensor(selection_bias(c, s))).status == CORRECT
    assert q4.evaluate(lambda c, s: None).status == NOT_ATTEMPTED  # the starter's body is `...`


def test_q4_named_mistakes():
    assert _mistake(q4.evaluate(_variant("no_baseline"))) == "no_baseline"
    assert _mistake(q4.evaluate(_variant("picked_on_new"))) == "picked_on_new"
    assert _mistake(q4.evaluate(_variant("same_chunk"))) == "same_chunk"
    assert _mistake(q4.evaluate(lambda c, s: [-v for v in selection_bias(c, s)])) == "sign"
    assert _mistake(q4.evaluate(lambda c, s: sum(selection_bias(c, s)) / len(selection_bias(c, s)))) == "mean_only"
    assert _mistake(q4.evaluate(lambda c, s: [*selection_bias(c, s), 0.0])) == "chunk_count"
    assert _mistake(q4.evaluate(lambda c, s: [v + 0.01 for v in selection_bias(c, s)])) == "values"


def test_q4_crash_is_an_error():
    fb = q4.evaluate(lambda c, s: c[:, ~None])  # the learner's TypeError
    assert fb.status == ERROR and "TypeError" in fb.message


# ---------------------------------------------------------------- q5


@pytest.fixture
def val_loader():
    g = torch.Generator().manual_seed(1)
    ds = data.TensorPairDataset(torch.rand(60, 1, 28, 28, generator=g), torch.randint(0, 10, (60,), generator=g))
    return data.InMemoryLoader(ds, 25)


def _scaled(factor=10.0, bias=1.0, seed=42):
    torch.manual_seed(seed)
    model = models.SmallSizeModel()
    with torch.no_grad():
        model.output.weight *= factor
        model.output.bias *= bias
    return model


def test_q5_right_answer_and_starter(val_loader):
    model = _scaled()
    result = train.evaluate(val_loader, model, nn.CrossEntropyLoss())
    fb = q5.evaluate(model, result, val_loader)
    assert fb.status == CORRECT, fb
    assert result[0] > math.log(10)  # the point of the exercise: confidently wrong
    assert q5.evaluate(_scaled(1.0), ..., val_loader).status == NOT_ATTEMPTED  # the untouched starter


def test_q5_check_keeps_the_learners_random_state(val_loader):
    model = _scaled()
    result = train.evaluate(val_loader, model, nn.CrossEntropyLoss())
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    q5.evaluate(model, result, val_loader)
    assert torch.equal(torch.rand(3), expected)


def test_q5_named_mistakes(val_loader):
    loss_fn = nn.CrossEntropyLoss()

    def answer(model):
        return train.evaluate(val_loader, model, loss_fn)

    unscaled = _scaled(1.0)
    assert _mistake(q5.evaluate(unscaled, answer(unscaled), val_loader)) == "not_scaled"
    twice = _scaled(100.0)
    assert _mistake(q5.evaluate(twice, answer(twice), val_loader)) == "scaled_twice"
    five = _scaled(5.0)
    assert _mistake(q5.evaluate(five, answer(five), val_loader)) == "factor"
    other = _scaled(seed=0)
    assert _mistake(q5.evaluate(other, answer(other), val_loader)) == "other_init"
    with_bias = _scaled(bias=10.0)
    assert _mistake(q5.evaluate(with_bias, answer(with_bias), val_loader)) == "bias_scaled"

    model = _scaled()
    loss, acc = answer(model)
    assert _mistake(q5.evaluate(model, (acc, loss), val_loader)) == "swapped"
    assert _mistake(q5.evaluate(model, answer(_scaled(1.0)), val_loader)) == "measured_before"
    assert _mistake(q5.evaluate(model, loss, val_loader)) == "result_pair"
    assert _mistake(q5.evaluate(model, (loss + 0.5, acc), val_loader)) == "mismatch"
    assert _mistake(q5.evaluate(models.MLP(hidden=(8,)), (loss, acc), val_loader)) == "wrong_model"


def test_q5_crash_is_an_error(val_loader):
    model = _scaled()
    result = train.evaluate(val_loader, model, nn.CrossEntropyLoss())
    flat = data.InMemoryLoader(data.TensorPairDataset(torch.rand(60, 28), torch.zeros(60, dtype=torch.long)), 25)
    fb = q5.evaluate(model, result, flat)  # images the model cannot take: the learner's loader is at fault
    assert fb.status == ERROR
