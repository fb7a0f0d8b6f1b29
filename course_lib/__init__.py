"""성능개선 기법 강좌의 공용 코드: 데이터, 모델, 학습 루프, 체크포인트, LR 스케줄, 그래프."""

import importlib
from typing import Any

from . import checkpoint, data, history, models, report, schedules, settings, train
from .checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from .data import load_fashion_mnist_dataset, load_mnist_dataset, load_mnist_splits
from .history import History
from .models import BigSizeModel, BNModel, DropoutModel, SmallSizeModel, count_parameters
from .schedules import lr_range_test, lr_trace
from .settings import get_device, is_smoke, seed_everything
from .train import EarlyStopping, TrainingInterrupted, evaluate, fit, train_one_epoch

__all__ = [
    "BNModel",
    "BigSizeModel",
    "CheckpointError",
    "DropoutModel",
    "EarlyStopping",
    "History",
    "SmallSizeModel",
    "TrainingInterrupted",
    "checkpoint",
    "count_parameters",
    "data",
    "evaluate",
    "fit",
    "get_device",
    "history",
    "is_smoke",
    "load_checkpoint",
    "load_fashion_mnist_dataset",
    "load_mnist_dataset",
    "load_mnist_splits",
    "lr_range_test",
    "lr_trace",
    "models",
    "plots",
    "report",
    "save_checkpoint",
    "schedules",
    "seed_everything",
    "settings",
    "train",
    "train_one_epoch",
]


def __getattr__(name: str) -> Any:
    """``course_lib.plots`` 는 처음 쓸 때 불러온다 (matplotlib과 글꼴 등록은 그림을 그릴 때만 필요하다)."""
    if name == "plots":
        return importlib.import_module(f"{__name__}.plots")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
