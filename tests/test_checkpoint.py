"""Checkpoints: state_dict based, atomic, loaded with weights_only=True."""

import os
import pickle

import pytest
import torch
from torch.optim import lr_scheduler as S

from course_lib import checkpoint, models
from course_lib.checkpoint import CheckpointError


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
    path = checkpoint.save_checkpoint(
        tmp_path / "deep" / "er" / "bn.pth", model, opt, sched, epoch=3, metric=0.25, val_acc=0.9
    )
    raw = torch.load(path, weights_only=True)  # plain torch can read it safely
    assert raw["epoch"] == 3 and raw["model_class"] == "BNModel"

    fresh, fresh_opt = models.BNModel(), None
    fresh_opt = torch.optim.Adam(fresh.parameters(), lr=1e-3)
    fresh_sched = S.StepLR(fresh_opt, step_size=1, gamma=0.5)
    ckpt = checkpoint.load_checkpoint(path, fresh, fresh_opt, fresh_sched)
    assert ckpt["metric"] == 0.25 and ckpt["extra"] == {"val_acc": 0.9}
    for (k, a), b in zip(model.state_dict().items(), fresh.state_dict().values(), strict=True):
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


# --- faults: a failing save, broken or unsafe files ---------------------------------------------


def test_crash_during_checkpoint_save_keeps_previous_file(tmp_path, monkeypatch):
    model = models.SmallSizeModel()
    path = checkpoint.save_checkpoint(tmp_path / "m.pth", model, epoch=1)
    before = path.read_bytes()
    real_save = torch.save

    def half_then_fail(obj, f, *a, **k):
        real_save(obj, f, *a, **k)
        f.truncate(100)  # half-written
        raise OSError("No space left on device")

    monkeypatch.setattr(torch, "save", half_then_fail)
    with torch.no_grad():
        model.output.weight.add_(1.0)
    with pytest.raises(OSError, match="No space"):
        checkpoint.save_checkpoint(path, model, epoch=2)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.pth"]
    assert checkpoint.load_checkpoint(path, models.SmallSizeModel())["epoch"] == 1


# --- opening checkpoints -------------------------------------------------------------------------


def test_truncated_checkpoint(tmp_path):
    path = checkpoint.save_checkpoint(tmp_path / "m.pth", models.BNModel())
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CheckpointError, match="잘렸거나 손상"):
        checkpoint.load_checkpoint(path, models.BNModel())


def test_garbage_checkpoint(tmp_path):
    path = tmp_path / "m.pth"
    path.write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointError, match=str(path.name)):
        checkpoint.load_checkpoint(path, models.BNModel())


class Evil:
    ran = False

    def __reduce__(self):
        return (Evil._pwn, ())

    @staticmethod
    def _pwn():
        Evil.ran = True
        return "pwned"


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")  # torch notes the foreign pickle before refusing it
def test_whole_pickled_model_and_arbitrary_code_are_refused(tmp_path):
    whole = tmp_path / "whole.pth"
    torch.save(models.SmallSizeModel(), whole)  # the seed's torch.save(model)
    with pytest.raises(CheckpointError, match="state_dict"):
        checkpoint.load_checkpoint(whole, models.SmallSizeModel())
    evil = tmp_path / "evil.pth"
    torch.save({"model_state": Evil()}, evil)
    with pytest.raises(CheckpointError):
        checkpoint.load_checkpoint(evil)
    assert Evil.ran is False
    evil_plain = tmp_path / "evil.pkl"
    evil_plain.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(CheckpointError):
        checkpoint.load_checkpoint(evil_plain)
    assert Evil.ran is False


def test_checkpoint_into_model_of_another_shape(tmp_path):
    path = checkpoint.save_checkpoint(tmp_path / "bn.pth", models.BNModel())
    with pytest.raises(
        CheckpointError, match=r"(?s)BNModel.*b2\.0\.weight: 파일 \(128, 256\) ≠ 모델 \(256, 256\)"
    ) as err:
        checkpoint.load_checkpoint(path, models.DropoutModel())
    assert "b1.1.running_mean" in str(err.value)  # BN buffers the dropout model lacks


def test_missing_checkpoint_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.pth"):
        checkpoint.load_checkpoint(tmp_path / "nope.pth")


def test_training_state_saves_and_restores_the_mps_generator(tmp_path, monkeypatch):
    """On a Mac the MPS generator (dropout masks there) is part of the state; faked here on a CPU-only machine."""
    mps_state = {"now": torch.arange(16, dtype=torch.uint8)}
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    monkeypatch.setattr(torch.mps, "get_rng_state", lambda *a, **k: mps_state["now"].clone())
    monkeypatch.setattr(torch.mps, "set_rng_state", lambda s, *a, **k: mps_state.update(now=s.clone()))
    model, opt, sched = _trained_pair()
    setup = checkpoint.run_setup(model, opt, sched, torch.nn.CrossEntropyLoss(), "multi")
    kw = dict(model=model, optimizer=opt, scheduler=sched, setup=setup)
    path = checkpoint.save_training_state(tmp_path / "last.pth", history={"val_loss": [0.5]}, stopper={}, **kw)
    mps_state["now"] = torch.zeros(16, dtype=torch.uint8)  # the generator moves on (or a new kernel starts)
    checkpoint.load_training_state(path, **kw)
    assert torch.equal(mps_state["now"], torch.arange(16, dtype=torch.uint8))


def test_run_setup_records_every_param_groups_hyperparameters():
    model = models.SmallSizeModel()
    opt = torch.optim.SGD([{"params": [model.output.weight]}, {"params": [model.output.bias], "lr": 0.5}], lr=0.1,
                          momentum=0.9, weight_decay=1e-4)  # fmt: skip
    sched = S.StepLR(opt, step_size=1, gamma=0.5)
    opt.step()
    sched.step()  # the lr moves; the setup keeps the initial one
    setup = checkpoint.run_setup(model, opt, sched, torch.nn.CrossEntropyLoss(), "multi")
    assert setup["param_groups[0].lr"] == 0.1 and setup["param_groups[1].lr"] == 0.5
    assert setup["param_groups[1].momentum"] == 0.9 and setup["param_groups[0].weight_decay"] == 1e-4
    assert setup["scheduler"] == "StepLR" and "param_groups[0].foreach" not in setup
