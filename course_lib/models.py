"""수업에서 쓰는 네 모델 (원래 자료와 같은 층 구성, 같은 파라미터 수)."""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["BNModel", "BigSizeModel", "DropoutModel", "SmallSizeModel", "count_parameters"]


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """모델의 파라미터 개수 (기본: 학습되는 것만)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


class SmallSizeModel(nn.Module):
    """Linear 하나뿐인 작은 모델 (7,850 params): underfitting 예시."""

    def __init__(self) -> None:
        super().__init__()
        self.output = nn.Linear(784, 10)  # in: feature(1*28*28), out: class 개수(10)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = torch.flatten(X, 1)  # (B, 1, 28, 28) -> (B, 784)
        return self.output(out)


class BigSizeModel(nn.Module):
    """Linear+ReLU 6층의 큰 모델 (4,403,786 params): overfitting 예시."""

    def __init__(self) -> None:
        super().__init__()
        self.b1 = nn.Sequential(nn.Linear(784, 2048), nn.ReLU())
        self.b2 = nn.Sequential(nn.Linear(2048, 1024), nn.ReLU())
        self.b3 = nn.Sequential(nn.Linear(1024, 512), nn.ReLU())
        self.b4 = nn.Sequential(nn.Linear(512, 256), nn.ReLU())
        self.b5 = nn.Sequential(nn.Linear(256, 128), nn.ReLU())
        self.b6 = nn.Sequential(nn.Linear(128, 64), nn.ReLU())
        self.output = nn.Linear(64, 10)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = torch.flatten(X, 1)  # (B, 784)
        for block in (self.b1, self.b2, self.b3, self.b4, self.b5, self.b6):
            out = block(out)
        return self.output(out)  # (B, 10) logits


class DropoutModel(nn.Module):
    """Linear → ReLU → Dropout 4층 + 출력층 (317,450 params). 출력층 뒤 Dropout도 원래 자료 그대로 둔다."""

    def __init__(self, drop_rate: float = 0.5) -> None:
        super().__init__()
        if isinstance(drop_rate, bool) or not isinstance(drop_rate, (int, float)) or not 0 <= drop_rate < 1:
            raise ValueError(f"drop_rate는 0 이상 1 미만의 실수여야 합니다 (받은 값: {drop_rate!r}). 보통 0.2~0.5를 씁니다.")
        self.drop_rate = float(drop_rate)
        self.b1 = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(p=drop_rate))
        self.b2 = nn.Sequential(nn.Linear(256, 256), nn.ReLU(), nn.Dropout(p=drop_rate))
        self.b3 = nn.Sequential(nn.Linear(256, 128), nn.ReLU(), nn.Dropout(p=drop_rate))
        self.b4 = nn.Sequential(nn.Linear(128, 128), nn.ReLU(), nn.Dropout(p=drop_rate))
        self.output = nn.Sequential(nn.Linear(128, 10), nn.Dropout(p=drop_rate))

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = torch.flatten(X, 1)  # (B, 784)
        for block in (self.b1, self.b2, self.b3, self.b4):
            out = block(out)
        return self.output(out)


class BNModel(nn.Module):
    """Linear → BatchNorm1d → ReLU 3층 + 출력층 (243,658 params)."""

    def __init__(self) -> None:
        super().__init__()
        self.b1 = nn.Sequential(nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU())
        self.b2 = nn.Sequential(nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU())
        self.b3 = nn.Sequential(nn.Linear(128, 64), nn.BatchNorm1d(64), nn.ReLU())
        self.output = nn.Linear(64, 10)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = torch.flatten(X, 1)  # (B, 784)
        for block in (self.b1, self.b2, self.b3):
            out = block(out)
        return self.output(out)
