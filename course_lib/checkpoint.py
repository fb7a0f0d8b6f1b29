"""체크포인트 저장/불러오기: state_dict 기반, 원자적 쓰기, ``weights_only=True`` 로만 읽는다.

모델 객체 전체를 pickle하지 않는 이유: pickle은 불러올 때 임의의 코드를 실행할 수 있고,
PyTorch 2.6부터 ``torch.load`` 는 기본값(weights_only=True)으로 그런 파일을 거부한다.
"""

from __future__ import annotations

import os
import pickle
import zipfile
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .fileio import atomic_write
from .models import count_parameters

__all__ = [
    "CheckpointError",
    "load_checkpoint",
    "load_training_state",
    "run_setup",
    "save_checkpoint",
    "save_training_state",
]

FORMAT = "course_lib.checkpoint/1"
STATE_FORMAT = "course_lib.training_state/1"


class CheckpointError(RuntimeError):
    """체크포인트 파일을 읽을 수 없거나 모델과 맞지 않을 때."""


def save_checkpoint(
    path: str | os.PathLike,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    scheduler: Any = None,
    epoch: int | None = None,
    metric: float | None = None,
    **extra: Any,
) -> Path:
    """모델(+optimizer, scheduler) state_dict를 임시 파일에 쓴 뒤 이름을 바꿔 원자적으로 저장한다.

    저장 도중 실패해도 기존 파일은 그대로이고, 반쯤 쓴 파일이 경로에 남지 않는다.
    """
    payload = {
        "format": FORMAT,
        "model_class": type(model).__name__,
        "model_state": model.state_dict(),
        "optimizer_state": optimizer.state_dict() if optimizer is not None else None,
        "scheduler_state": scheduler.state_dict() if scheduler is not None else None,
        "epoch": epoch,
        "metric": metric,
        "extra": extra,
    }
    return atomic_write(path, lambda f: torch.save(payload, f))


def _read(path: Path, map_location: Any) -> dict:
    if not path.is_file():
        raise FileNotFoundError(
            f"체크포인트 파일 {path} 이(가) 없습니다. 경로를 확인하세요 (fit(save_best_model=True)가 저장합니다)."
        )
    try:
        obj = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as err:
        raise CheckpointError(
            f"{path} 은(는) state_dict가 아닌 객체(예: torch.save(model)로 저장한 모델 전체)를 담고 있어 "
            "안전하게 열 수 없습니다. 임의의 코드가 실행될 수 있으므로 weights_only=True로만 읽습니다. "
            "만든 쪽에 model.state_dict()를 저장해 달라고 하세요."
        ) from err
    except (RuntimeError, EOFError, zipfile.BadZipFile, ValueError) as err:
        raise CheckpointError(
            f"{path} 을(를) 읽을 수 없습니다: 파일이 잘렸거나 손상되었습니다 ({type(err).__name__}). "
            "다시 저장하거나 원본을 다시 받으세요."
        ) from err
    if isinstance(obj, dict) and obj.get("format") == FORMAT:
        return obj
    if isinstance(obj, dict) and obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
        # model.state_dict()만 저장한 파일도 받아 준다
        return {
            "format": None,
            "model_class": None,
            "model_state": obj,
            "optimizer_state": None,
            "scheduler_state": None,
            "epoch": None,
            "metric": None,
            "extra": {},
        }
    if isinstance(obj, dict) and obj.get("format") == STATE_FORMAT:
        return obj
    raise CheckpointError(
        f"{path} 은(는) 체크포인트 형식이 아닙니다 (state_dict 또는 save_checkpoint()의 결과가 아님)."
    )


def _load_model_state(model: nn.Module, state: dict, path: Path, saved_class: str | None = None) -> None:
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    mismatched = [
        f"{k}: 파일 {tuple(state[k].shape)} ≠ 모델 {tuple(own[k].shape)}"
        for k in own
        if k in state and state[k].shape != own[k].shape
    ]
    if missing or unexpected or mismatched:
        lines = [f"{path} 의 가중치가 {type(model).__name__} 모델과 맞지 않습니다."]
        if saved_class and saved_class != type(model).__name__:
            lines[0] += f" (파일은 {saved_class} 모델에서 저장됨)"
        if mismatched:
            lines.append("  크기가 다른 층: " + "; ".join(mismatched))
        if missing:
            lines.append("  파일에 없는 층: " + ", ".join(missing))
        if unexpected:
            lines.append("  모델에 없는 층: " + ", ".join(unexpected))
        lines.append("  저장할 때와 같은 모델 클래스/설정으로 만든 모델에 불러오세요.")
        raise CheckpointError("\n".join(lines))
    model.load_state_dict(state)


def load_checkpoint(
    path: str | os.PathLike,
    model: nn.Module | None = None,
    optimizer: torch.optim.Optimizer | None = None,
    scheduler: Any = None,
    map_location: Any = "cpu",
) -> dict:
    """체크포인트를 ``weights_only=True`` 로 읽고, 주어진 model/optimizer/scheduler에 상태를 넣는다.

    Returns:
        dict: ``model_state``, ``optimizer_state``, ``scheduler_state``, ``epoch``, ``metric``, ``extra`` 등.
    """
    path = Path(path)
    ckpt = _read(path, map_location)
    if model is not None:
        _load_model_state(model, ckpt["model_state"], path, ckpt["model_class"])
    if optimizer is not None:
        if ckpt["optimizer_state"] is None:
            raise CheckpointError(
                f"{path} 에는 optimizer 상태가 없습니다 (save_checkpoint(..., optimizer=...)로 저장하세요)."
            )
        optimizer.load_state_dict(ckpt["optimizer_state"])
    if scheduler is not None:
        if ckpt["scheduler_state"] is None:
            raise CheckpointError(
                f"{path} 에는 scheduler 상태가 없습니다 (save_checkpoint(..., scheduler=...)로 저장하세요)."
            )
        scheduler.load_state_dict(ckpt["scheduler_state"])
    return ckpt


def _mps_available() -> bool:
    return getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()


def _rng_state() -> dict[str, Any]:
    """CPU, (쓰고 있으면) CUDA, (있으면) MPS의 난수 상태: dropout mask와 섞는 순서가 이어서 학습해도 같도록."""
    state: dict[str, Any] = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = torch.cuda.get_rng_state_all()
    if _mps_available():
        state["mps"] = torch.mps.get_rng_state()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
    if "mps" in state and _mps_available():
        torch.mps.set_rng_state(state["mps"])


# optimizer의 구현 방식만 정하는 옵션: 바뀌어도 같은 학습이다
_IMPLEMENTATION_FLAGS = {"foreach", "fused", "capturable", "differentiable"}
# scheduler state_dict에서 학습하며 움직이는 값 (설정이 아니라 위치)
_SCHEDULER_POSITION = {"last_epoch", "best", "num_bad_epochs", "cooldown_counter", "T_cur", "T_i"}


def _hparam(value: Any) -> Any:
    """param group의 값을 비교하고 저장할 수 있는 Python 값으로 (tensor lr → float, betas → tuple)."""
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return value.item()
    if isinstance(value, (tuple, list)):
        return tuple(_hparam(v) for v in value)
    return value


def run_setup(model: nn.Module, optimizer: torch.optim.Optimizer, scheduler: Any, loss_fn: Any, mode: str) -> dict:
    """학습 한 번을 알아보는 설정: 모델 클래스와 크기와 구조(``repr``), loss, mode, optimizer와 scheduler의 종류,
    scheduler의 설정값(step_size, gamma, T_max 등), optimizer의 모든 param group의 hyperparameter
    (lr, weight_decay, betas/momentum 등).

    학습을 시작할 때(가중치를 바꾸기 전) 만든다. lr은 scheduler가 기록해 둔 처음 값(``initial_lr``)이 있으면 그 값이다:
    셀을 다시 실행해 새로 만든 optimizer의 처음 값과, 저장할 때 기록한 처음 값을 비교하기 위해서다.
    """
    setup: dict[str, Any] = {
        "model": type(model).__name__,
        "n_params": count_parameters(model),
        "optimizer": type(optimizer).__name__,
        "scheduler": type(scheduler).__name__ if scheduler is not None else None,
        "loss_fn": type(loss_fn).__name__,
        "mode": mode,
    }
    setup["architecture"] = repr(model)  # 층과 설정(예: Dropout(p=0.5))까지: 크기가 같은 다른 모델도 구별한다
    if scheduler is not None and hasattr(scheduler, "state_dict"):
        for key, value in sorted(scheduler.state_dict().items()):
            if (
                not key.startswith("_")
                and key not in _SCHEDULER_POSITION
                and isinstance(value, (int, float, str, bool))
            ):
                setup[f"scheduler.{key}"] = value
    groups = optimizer.param_groups
    for i, group in enumerate(groups):
        prefix = f"param_groups[{i}]." if len(groups) > 1 else ""
        for key, value in sorted(group.items()):
            if key in ("params", "initial_lr") or key in _IMPLEMENTATION_FLAGS:
                continue
            setup[prefix + key] = _hparam(group.get("initial_lr", value) if key == "lr" else value)
    return setup


def save_training_state(
    path: str | os.PathLike,
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    history: dict[str, Any],
    stopper: dict[str, Any],
    setup: dict[str, Any],
    best_model_state: dict[str, torch.Tensor] | None = None,
    loader_rng: torch.Tensor | None = None,
) -> Path:
    """이어서 학습하는 데 필요한 모든 것을 원자적으로 저장한다.

    모델, optimizer, scheduler, History, early stopping 상태, 난수 상태, 끝낸 epoch 수,
    그리고 best epoch의 가중치(``restore_best`` 가 이어서 학습한 뒤에도 best epoch으로 되돌릴 수 있도록)와
    paired loader의 섞는 생성기 상태(``loader_rng``).

    best 체크포인트(``save_checkpoint``)와는 다른 파일이다: 이것은 '마지막 epoch'의 상태다.
    """
    payload = {
        "format": STATE_FORMAT,
        "setup": setup,
        "model_class": setup.get("model"),
        "model_state": model.state_dict(),
        "optimizer_state": optimizer.state_dict(),
        "scheduler_state": scheduler.state_dict() if scheduler is not None else None,
        "history": history,
        "stopper": stopper,
        "rng": _rng_state(),
        "epoch": len(history["val_loss"]),
        "best_model_state": best_model_state,
        "loader_rng": loader_rng,
    }
    return atomic_write(path, lambda f: torch.save(payload, f))


def load_training_state(
    path: str | os.PathLike,
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    setup: dict[str, Any],
) -> dict[str, Any]:
    """``save_training_state`` 로 저장한 상태를 model/optimizer/scheduler와 난수 생성기에 되돌린다.

    다른 모델이나 다른 설정(``run_setup``: optimizer와 그 hyperparameter, scheduler, loss, mode)으로 저장한 파일이면
    무엇이 다른지 말하는 CheckpointError.

    Returns:
        dict: ``history`` (dict), ``stopper`` (early stopping 상태), ``epoch`` (끝낸 epoch 수),
        ``best_model_state`` (best epoch의 가중치, 없으면 None).
    """
    path = Path(path)
    state = _read(path, "cpu")
    if state.get("format") != STATE_FORMAT:
        raise CheckpointError(
            f"{path} 은(는) 이어서 학습할 상태 파일(last_checkpoint_path로 저장한 파일)이 아닙니다. "
            "best 체크포인트는 load_checkpoint()로 읽으세요."
        )
    saved = state["setup"]
    keys = list(dict.fromkeys([*saved, *setup]))  # 저장할 때의 순서, 그다음 새로 생긴 것
    diff = [
        "모델 구조(print(model))가 다릅니다"
        if k == "architecture"
        else f"{k}: 파일 {saved.get(k)!r} ≠ 지금 {setup.get(k)!r}"
        for k in keys
        if saved.get(k) != setup.get(k)
    ]
    if diff:
        raise CheckpointError(
            f"{path} 은(는) 다른 설정의 학습에서 저장되었습니다: " + "; ".join(diff) + ". "
            "셀의 설정을 저장할 때와 같게 되돌려 이어서 하거나, 바꾼 설정으로 새로 시작하려면 "
            "이 파일을 지우거나 last_checkpoint_path/resume_from에 다른 경로를 주세요."
        )
    _load_model_state(model, state["model_state"], path, state["model_class"])
    optimizer.load_state_dict(state["optimizer_state"])
    if scheduler is not None:
        scheduler.load_state_dict(state["scheduler_state"])
    _set_rng_state(state["rng"])
    state.setdefault("best_model_state", None)
    return state
