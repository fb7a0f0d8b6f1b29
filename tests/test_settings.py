"""settings: smoke mode, data root, device choice, bf16, seeds, the epoch cap."""

from __future__ import annotations

import pytest
import torch

from course_lib import data, settings


def test_data_root_default_and_override(monkeypatch, tmp_path):
    assert settings.data_root().name == "datasets"
    monkeypatch.setenv("COURSE_DATA_ROOT", str(tmp_path / "elsewhere"))
    assert settings.data_root() == tmp_path / "elsewhere"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        (" on ", True),
        ("0", False),
        ("", False),
        ("false", False),
        ("off", False),
    ],
)
def test_smoke_flag_parsing(monkeypatch, value, expected):
    monkeypatch.setenv("COURSE_SMOKE", value)
    assert settings.is_smoke() is expected


def test_device_choice_order(monkeypatch):
    """Given > smoke mode (CPU) > COURSE_DEVICE > CUDA > MPS > CPU; accelerators faked on this CPU-only machine."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert settings.get_device().type == "cuda"
    assert settings.get_device("meta").type == "meta"  # what the caller names wins
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert settings.get_device().type == "cpu"
    monkeypatch.delenv("COURSE_DEVICE")
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert settings.get_device().type == "cpu"  # smoke mode is always CPU
    monkeypatch.delenv("COURSE_SMOKE")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert settings.get_device().type == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert settings.get_device().type == "cpu"


def test_seed_everything_makes_shuffles_repeat(idx_root):
    loader = data.load_mnist_dataset(idx_root, 50, True)
    settings.seed_everything(7)
    a = torch.cat([y for _, y in loader])
    settings.seed_everything(7)
    b = torch.cat([y for _, y in loader])
    assert torch.equal(a, b)


def test_unrecognised_smoke_value(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "maybe")
    with pytest.raises(ValueError, match="COURSE_SMOKE='maybe'"):
        settings.is_smoke()


def test_course_device_override(monkeypatch):
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert settings.get_device().type == "cpu"
    monkeypatch.setenv("COURSE_DEVICE", "not-a-device")
    with pytest.raises(ValueError, match="COURSE_DEVICE"):
        settings.get_device()


def test_bf16_autocast_follows_the_hardware_and_falls_back_to_fp32(monkeypatch):
    """bf16 only where the hardware has it: otherwise None (fp32), also if PyTorch drops its private CPU check."""
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: True)
    assert settings.bf16_autocast("cpu") is torch.bfloat16
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)
    assert settings.bf16_autocast(torch.device("cpu")) is None
    monkeypatch.delattr(torch.cpu, "_is_avx512_bf16_supported")
    assert settings.bf16_autocast("cpu") is None
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert settings.bf16_autocast("cuda") is torch.bfloat16
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert settings.bf16_autocast("cuda") is None
    assert settings.bf16_autocast("mps") is None


@pytest.mark.parametrize("value", ["0", "off", "False"])
def test_course_bf16_off_means_fp32_on_bf16_hardware(monkeypatch, value):
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    monkeypatch.setenv("COURSE_BF16", value)
    assert settings.bf16_autocast("cpu") is None and settings.bf16_autocast("cuda") is None
    monkeypatch.setenv("COURSE_BF16", "1")
    assert settings.bf16_autocast("cpu") is torch.bfloat16
    monkeypatch.setenv("COURSE_BF16", "")  # empty: the default, bf16 where the hardware has it
    assert settings.bf16_autocast("cpu") is torch.bfloat16
    monkeypatch.setenv("COURSE_BF16", "maybe")
    with pytest.raises(ValueError, match="COURSE_BF16='maybe'"):
        settings.bf16_autocast("cpu")


def test_effective_epochs_caps_only_in_smoke_mode(monkeypatch):
    said = []
    assert settings.effective_epochs(10, notice=said.append) == 10 and said == []
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert settings.effective_epochs(10, notice=said.append) == settings.SMOKE_MAX_EPOCHS
    assert said and "10 → 2" in said[0]
    assert settings.effective_epochs(1, notice=said.append) == 1 and len(said) == 1  # below the cap: unchanged


def test_effective_steps_caps_only_in_smoke_mode(monkeypatch):
    said = []
    assert settings.effective_steps(4000, notice=said.append) == 4000 and said == []
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert settings.effective_steps(4000, notice=said.append) == settings.SMOKE_MAX_STEPS == 40
    assert said == [said[0]] and "steps 4000 → 40" in said[0]
    assert settings.effective_steps(30, notice=said.append) == 30 and len(said) == 1
