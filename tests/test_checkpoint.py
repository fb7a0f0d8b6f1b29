"""Checkpoints: state_dict based, atomic, loaded with weights_only=True."""

import os

import pytest
import torch
from torch.optim import lr_scheduler as S

from course_lib import checkpoint, models


def _trained_pair():
    torch.manual_seed(0)
    model = models.BNModel()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = S.StepLR(opt, step_size=1, gamma=0.5)
    loss = model(torch.rand(8, 1, 28, 28)).sum()
    loss.backward()
    opt.step()
    sched.step()
    return model, opt, sched


def test_round_trip_under_weights_only(tmp_path):
    model, opt, sched = _trained_pair()
    path = checkpoint.save_checkpoint(tmp_path / "deep" / "er" / "bn.pth", model, opt, sched, epoch=3, metric=0.25,
                                      val_acc=0.9)
    raw = torch.load(path, weights_only=True)  # plain torch can read it safely
    assert raw["epoch"] == 3 and raw["model_class"] == "BNModel"

    fresh, fresh_opt = models.BNModel(), None
    fresh_opt = torch.optim.Adam(fresh.parameters(), lr=1e-3)
    fresh_sched = S.StepLR(fresh_opt, step_size=1, gamma=0.5)
    ckpt = checkpoint.load_checkpoint(path, fresh, fresh_opt, fresh_sched)
    assert ckpt["metric"] == 0.25 and ckpt["extra"] == {"val_acc": 0.9}
    for (k, a), b in zip(model.state_dict().items(), fresh.state_dict().values()):
        assert torch.equal(a, b), k
    assert fresh_opt.param_groups[0]["lr"] == opt.param_groups[0]["lr"] == 5e-4
    assert fresh_sched.last_epoch == sched.last_epoch == 1
    assert torch.equal(fresh_opt.state_dict()["state"][0]["exp_avg"], opt.state_dict()["state"][0]["exp_avg"])


def test_plain_state_dict_file_is_accepted(tmp_path):
    model = models.SmallSizeModel()
    torch.save(model.state_dict(), tmp_path / "sd.pth")
    fresh = models.SmallSizeModel()
    checkpoint.load_checkpoint(tmp_path / "sd.pth", fresh)
    assert torch.equal(fresh.output.weight, model.output.weight)


def test_no_temp_files_left_after_saves(tmp_path):
    model = models.SmallSizeModel()
    for _ in range(3):
        checkpoint.save_checkpoint(tmp_path / "m.pth", model)
    assert os.listdir(tmp_path) == ["m.pth"]
