"""The four lesson models keep the seed's layer sizes."""

import pytest
import torch
import torchinfo

from course_lib import models


@pytest.mark.parametrize("cls,expected", [(models.SmallSizeModel, 7_850), (models.BigSizeModel, 4_403_786),
                                          (models.DropoutModel, 317_450), (models.BNModel, 243_658)])
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
    x = torch.rand(8, 1, 28, 28)
    assert torch.equal(m(x), m(x))
