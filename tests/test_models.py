"""The four lesson models keep the seed's layer sizes."""

import itertools

import pytest
import torch
import torchinfo

from course_lib import models


@pytest.mark.parametrize(
    "cls,expected",
    [
        (models.SmallSizeModel, 7_850),
        (models.BigSizeModel, 4_403_786),
        (models.DropoutModel, 317_450),
        (models.BNModel, 243_658),
    ],
)
def test_parameter_counts_match_seed(cls, expected):
    model = cls()
    assert models.count_parameters(model) == expected
    assert torchinfo.summary(model, (200, 1, 28, 28), verbose=0).total_params == expected
    out = model(torch.rand(4, 1, 28, 28))
    assert out.shape == (4, 10)


def test_dropout_rate_is_used_and_validated():
    m = models.DropoutModel(0.2)
    rates = {mod.p for mod in m.modules() if isinstance(mod, torch.nn.Dropout)}
    assert rates == {0.2}
    for bad in (-0.1, 1.0, 1.5, "0.5", True):
        with pytest.raises(ValueError, match="drop_rate"):
            models.DropoutModel(bad)


def test_dropout_is_identity_in_eval_mode():
    m = models.DropoutModel(0.5).eval()
    drops = [mod for mod in m.modules() if isinstance(mod, torch.nn.Dropout)]
    assert len(drops) == 5
    seen = []
    for d in drops:
        d.register_forward_hook(lambda mod, inp, out: seen.append(torch.equal(inp[0], out)))
    m(torch.rand(8, 1, 28, 28))
    assert seen == [True] * 5  # every Dropout layer passes its input through unchanged
    x = torch.rand(8, 1, 28, 28)
    assert torch.equal(m(x), m(x))  # eval mode: deterministic
    m.train()
    assert not torch.equal(m(x), m(x))  # train mode: the model's dropout layers draw new masks each call


def _linear_params(sizes):
    return sum(a * b + b for a, b in itertools.pairwise(sizes))


@pytest.mark.parametrize("hidden", [(), (16,), (256, 128), (2048, 1024, 512, 256, 128, 64)])
def test_mlp_parameter_count_by_hand(hidden):
    assert models.count_parameters(models.MLP(hidden)) == _linear_params([784, *hidden, 10])
    bn = models.MLP(hidden, batch_norm=True)
    assert models.count_parameters(bn) == _linear_params([784, *hidden, 10]) + 2 * sum(hidden)
    assert models.MLP(hidden, drop_rate=0.2)(torch.rand(3, 1, 28, 28)).shape == (3, 10)


def test_controls_share_the_architecture():
    assert models.count_parameters(models.BNModel(batch_norm=False)) == 243_658 - 2 * (256 + 128 + 64)
    assert not any(isinstance(m, torch.nn.BatchNorm1d) for m in models.BNModel(batch_norm=False).modules())
    plain, dropped = models.DropoutModel(0.0), models.DropoutModel(0.5)
    assert models.count_parameters(plain) == models.count_parameters(dropped)
    assert [type(m) for m in models.DropoutModel(0.5, drop_output=False).output] == [torch.nn.Linear, torch.nn.Identity]
    # same seed, same initial weights: the controls differ only by the technique
    torch.manual_seed(0)
    a = models.BNModel(batch_norm=False)
    torch.manual_seed(0)
    b = models.BNModel()
    assert torch.equal(a.b1[0].weight, b.b1[0].weight)


def test_mlp_with_sigmoid_and_bn_matches_the_layers_written_out():
    """The BN paper's MNIST net: Linear → BN → Sigmoid per hidden layer, computed as PyTorch's layers in that order."""
    torch.manual_seed(0)
    m = models.MLP((100, 100, 100), batch_norm=True, activation=torch.nn.Sigmoid)
    block = [torch.nn.Linear, torch.nn.BatchNorm1d, torch.nn.Sigmoid]
    assert [type(layer) for layer in m.net] == [torch.nn.Flatten, *block * 3, torch.nn.Linear]
    x = torch.rand(8, 1, 28, 28)
    h = x.flatten(1)
    for i in range(3):
        lin, bn = m.net[1 + 3 * i], m.net[2 + 3 * i]
        h = torch.sigmoid(torch.nn.functional.batch_norm(lin(h), None, None, bn.weight, bn.bias, training=True))
    torch.testing.assert_close(m(x), m.net[-1](h))
    assert not any(isinstance(layer, torch.nn.ReLU) for layer in m.net)
    with pytest.raises(TypeError, match="괄호"):
        models.MLP((10,), activation=torch.nn.Sigmoid())
