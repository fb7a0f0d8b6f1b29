"""수업에서 쓰는 네 모델 (원래 자료와 같은 층 구성, 같은 파라미터 수)."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

__all__ = ["MLP", "BNModel", "BigSizeModel", "DropoutModel", "SmallSizeModel", "count_parameters"]


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


def _check_rate(drop_rate: object) -> float:
    if isinstance(drop_rate, bool) or not isinstance(drop_rate, (int, float)) or not 0 <= drop_rate < 1:
        raise ValueError(
            f"drop_rate는 0 이상 1 미만의 실수여야 합니다 (받은 값: {drop_rate!r}). 보통 0.2~0.5를 씁니다."
        )
    return float(drop_rate)


class MLP(nn.Module):
    """실험용 MLP: hidden 층마다 Linear → [BatchNorm1d] → 활성화 함수(기본 ReLU) → [Dropout], 마지막에 Linear(→ 10).

    같은 구조에서 기법 하나만 켜고 끄는 비교(대조 실험)와 크기(capacity) sweep에 쓴다.

    Args:
        hidden: hidden 층의 너비들. 예: ``(256, 128)``. 빈 튜플이면 Linear 하나(SmallSizeModel과 같음).
        drop_rate: hidden 층 뒤 Dropout 비율 (0이면 Dropout 층 없음).
        batch_norm: True면 Linear와 활성화 함수 사이에 BatchNorm1d.
        activation: hidden 층의 활성화 함수 class (예: ``nn.Sigmoid``; BN 논문의 MNIST 실험).
    """

    def __init__(
        self,
        hidden: Sequence[int] = (256, 128),
        drop_rate: float = 0.0,
        batch_norm: bool = False,
        activation: type[nn.Module] = nn.ReLU,
    ) -> None:
        super().__init__()
        drop_rate = _check_rate(drop_rate)
        if not (isinstance(activation, type) and issubclass(activation, nn.Module)):
            raise TypeError(
                f"activation은 nn.Module의 class여야 합니다 (예: nn.Sigmoid; 받은 값: {activation!r}). "
                "nn.Sigmoid()처럼 괄호를 붙이지 마세요."
            )
        layers: list[nn.Module] = [nn.Flatten()]
        n_in = 784
        for width in hidden:
            layers.append(nn.Linear(n_in, width))
            if batch_norm:
                layers.append(nn.BatchNorm1d(width))
            layers.append(activation())
            if drop_rate > 0:
                layers.append(nn.Dropout(drop_rate))
            n_in = width
        layers.append(nn.Linear(n_in, 10))
        self.net = nn.Sequential(*layers)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.net(X)  # (B, 1, 28, 28) -> (B, 10) logits


class DropoutModel(nn.Module):
    """Linear → ReLU → Dropout 4층 + 출력층 (317,450 params).

    ``drop_output=True`` (기본, 원래 자료 그대로)면 출력층(logit) 뒤에도 Dropout이 있다. False면 hidden 층에만.
    ``drop_rate=0.0`` 이면 같은 구조에서 Dropout만 뺀 대조군이 된다.
    """

    def __init__(self, drop_rate: float = 0.5, drop_output: bool = True) -> None:
        super().__init__()
        self.drop_rate = _check_rate(drop_rate)
        self.b1 = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(p=drop_rate))
        self.b2 = nn.Sequential(nn.Linear(256, 256), nn.ReLU(), nn.Dropout(p=drop_rate))
        self.b3 = nn.Sequential(nn.Linear(256, 128), nn.ReLU(), nn.Dropout(p=drop_rate))
        self.b4 = nn.Sequential(nn.Linear(128, 128), nn.ReLU(), nn.Dropout(p=drop_rate))
        out_drop = nn.Dropout(p=drop_rate) if drop_output else nn.Identity()
        self.output = nn.Sequential(nn.Linear(128, 10), out_drop)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = torch.flatten(X, 1)  # (B, 784)
        for block in (self.b1, self.b2, self.b3, self.b4):
            out = block(out)
        return self.output(out)


class BNModel(nn.Module):
    """Linear → BatchNorm1d → ReLU 3층 + 출력층 (243,658 params).

    ``batch_norm=False`` 면 BatchNorm1d만 뺀 같은 구조(Linear → ReLU, 242,762 params): BN의 대조군.
    """

    def __init__(self, batch_norm: bool = True) -> None:
        super().__init__()

        def norm(n: int) -> nn.Module:
            return nn.BatchNorm1d(n) if batch_norm else nn.Identity()

        self.b1 = nn.Sequential(nn.Linear(784, 256), norm(256), nn.ReLU())
        self.b2 = nn.Sequential(nn.Linear(256, 128), norm(128), nn.ReLU())
        self.b3 = nn.Sequential(nn.Linear(128, 64), norm(64), nn.ReLU())
        self.output = nn.Linear(64, 10)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = torch.flatten(X, 1)  # (B, 784)
        for block in (self.b1, self.b2, self.b3):
            out = block(out)
        return self.output(out)
