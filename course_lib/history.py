"""학습 기록(History): epoch마다 한 번 ``record()`` 하는, 이름 붙은 리스트들의 dataclass."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["EpochResult", "History", "as_runs"]


@dataclass(frozen=True)
class EpochResult:
    """한 epoch의 결과 (모두 Python float)."""

    epoch: int
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float
    lr: float  # 이 epoch을 시작할 때의 learning rate
    seconds: float  # 학습 + 평가에 걸린 초


@dataclass
class History:
    """epoch별 기록. ``train_loss, train_acc, val_loss, val_acc = history`` 처럼 원래 자료 방식으로 풀 수도 있다."""

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)  # 각 epoch을 시작할 때의 learning rate
    epoch_time: list[float] = field(default_factory=list)  # 각 epoch에 걸린 초 (학습 + 평가)
    best_epoch: int | None = None  # validation loss가 가장 낮았던 epoch (1부터)
    stop_reason: str = "completed"  # completed | early_stopping | non_finite | interrupted
    epochs_requested: int = 0
    model_name: str = ""
    n_params: int = 0
    checkpoint_path: str | None = None
    device: str = ""

    def record(self, result: EpochResult, improved: bool = False) -> None:
        """한 epoch의 결과를 덧붙인다. ``improved`` 면 이 epoch을 best epoch으로 기록한다."""
        if result.epoch != self.epochs_run + 1:
            raise ValueError(f"epoch {self.epochs_run + 1}을(를) 기록할 차례인데 epoch {result.epoch}이(가) 왔습니다.")
        self.train_loss.append(float(result.train_loss))
        self.train_acc.append(float(result.train_acc))
        self.val_loss.append(float(result.val_loss))
        self.val_acc.append(float(result.val_acc))
        self.lr.append(float(result.lr))
        self.epoch_time.append(float(result.seconds))
        if improved:
            self.best_epoch = result.epoch

    def __iter__(self) -> Iterator[list[float]]:
        return iter((self.train_loss, self.train_acc, self.val_loss, self.val_acc))

    def __getitem__(self, index: int) -> list[float]:
        return (self.train_loss, self.train_acc, self.val_loss, self.val_acc)[index]

    @property
    def epochs_run(self) -> int:
        """실제로 끝낸 epoch 수."""
        return len(self.val_loss)

    @property
    def total_time(self) -> float:
        """학습에 걸린 총 초."""
        return float(sum(self.epoch_time))

    @property
    def gap(self) -> list[float]:
        """epoch별 train accuracy − validation accuracy (eval mode로 잰 값; 클수록 overfitting)."""
        return [t - v for t, v in zip(self.train_acc, self.val_acc, strict=True)]

    @property
    def best_val_loss(self) -> float:
        """가장 낮았던 validation loss."""
        return self.val_loss[self.best_epoch - 1] if self.best_epoch else math.inf

    @property
    def best_val_acc(self) -> float:
        """best epoch(validation loss 최저)의 validation accuracy. 가장 높았던 accuracy가 아니다."""
        return self.val_acc[self.best_epoch - 1] if self.best_epoch else math.nan

    def to_dict(self) -> dict[str, Any]:
        """JSON/체크포인트에 담을 수 있는 dict (float, int, str만)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> History:
        """``to_dict()`` 의 결과로 History를 다시 만든다."""
        return cls(**d)


def as_runs(runs: History | Sequence[History]) -> list[History]:
    """History 하나 또는 (seed별) History 목록을 목록으로 맞춘다."""
    return [runs] if isinstance(runs, History) else list(runs)
