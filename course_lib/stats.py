"""강좌의 결정 규칙 하나: 짝지은 실행(paired runs)에서 "A가 낫다 / 나쁘다 / 잡음 안"을 정한다.

짝지은 실행: 대조(control)와 처치(treated, 기법을 더한 것)를 **같은 seed** 로 (같은 초기 가중치, 같은 batch 순서)
돌리고, 둘 다 **같은 평가 이미지** 로 잰다. 차이의 불확실성에는 두 가지가 섞여 있다.

1. seed에 따른 흔들림: 다른 seed로 다시 돌리면 차이가 달라진다.
2. 평가 이미지의 표본 추출: 5,000장은 가능한 손글씨 전체의 한 표본이다 (정확도 98%에서 표준오차 약 0.2%p).

규칙(``paired_bootstrap``): seed와 이미지를 **둘 다** 복원 추출하는 짝지은 bootstrap으로 정확도 차이
(treated − control)의 95% 구간을 구한다. 구간이 0보다 위면 "helps", 아래면 "hurts", 0을 포함하면 "within noise".
같은 seed의 두 실행은 언제나 함께 뽑히고, 같은 이미지의 두 정답 여부도 함께 뽑힌다 (그래서 '짝지은').
seed와 이미지를 따로 뽑으므로 구간은 조금 넓게(보수적으로) 나온다: "helps"라고 말할 때 틀릴 위험을 줄이는 쪽이다.
seed가 3개뿐이면 seed 쪽 흔들림은 거칠게만 잡힌다: 판정이 아슬아슬하면 seed를 늘린다.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import torch

__all__ = ["RULE", "VERDICTS", "Comparison", "paired_bootstrap"]

#: 규칙의 이름 (results/comparisons.json에 함께 적는다).
RULE = "paired bootstrap over seeds and images, 95% interval of the accuracy difference"
VERDICTS = ("helps", "hurts", "within noise")


@dataclass(frozen=True)
class Comparison:
    """짝지은 비교 하나의 결과: 차이(처치 − 대조, 정확도), 95% 구간, 판정."""

    delta: float  # 정확도 차이의 평균 (seed 평균; 예: +0.012 = 1.2%p 좋아짐)
    low: float  # 95% 구간의 아래 끝
    high: float  # 95% 구간의 위 끝
    verdict: str  # "helps" | "hurts" | "within noise"
    seeds: int
    images: int
    control: tuple[float, ...]  # seed별 대조의 정확도
    treated: tuple[float, ...]  # seed별 처치의 정확도

    def __str__(self) -> str:
        return (
            f"{self.delta * 100:+.2f}%p [{self.low * 100:+.2f}, {self.high * 100:+.2f}] → {self.verdict} "
            f"(seed {self.seeds}개 × 이미지 {self.images:,}장)"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON에 담을 수 있는 dict."""
        return {**asdict(self), "control": list(self.control), "treated": list(self.treated)}


def _as_correct(x: Any, name: str) -> torch.Tensor:
    t = torch.as_tensor(x).detach().cpu()
    if t.ndim == 1:
        t = t[None]  # seed 하나
    if t.ndim != 2 or t.numel() == 0:
        raise ValueError(
            f"{name}은(는) (seed 수, 이미지 수) 모양의 정답 여부(0/1)여야 합니다 (받은 shape: {tuple(t.shape)})."
        )
    if t.dtype != torch.bool and not bool(((t == 0) | (t == 1)).all()):
        raise ValueError(f"{name}에는 정답 여부(True/False 또는 0/1)만 들어가야 합니다.")
    return t.to(torch.float64)  # CPU only (the stats never run on the training device)


def _counts(draws: torch.Tensor, n: int) -> torch.Tensor:
    """(B, k) 뽑은 번호 → (B, n) 번호별 뽑힌 횟수."""
    return torch.zeros(draws.shape[0], n, dtype=torch.float64).scatter_add_(
        1, draws, torch.ones_like(draws, dtype=torch.float64)
    )


def paired_bootstrap(
    control: Sequence[Sequence[bool]] | torch.Tensor,
    treated: Sequence[Sequence[bool]] | torch.Tensor,
    *,
    resamples: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> Comparison:
    """짝지은 실행들의 정답 여부로 정확도 차이(treated − control)의 구간과 판정을 낸다.

    Args:
        control: (seed 수, 이미지 수)의 정답 여부. 행 i는 seed i로 돌린 대조 실행이 각 평가 이미지를 맞혔는지.
        treated: 같은 모양. 행 i는 **같은 seed i** 로 돌린 처치 실행, 열은 **같은 이미지**.
        resamples: bootstrap 반복 횟수.
        level: 구간의 신뢰 수준.
        seed: bootstrap 자체의 난수 seed (같은 입력이면 언제나 같은 결과; 전역 난수 상태는 건드리지 않는다).
    """
    c, t = _as_correct(control, "control"), _as_correct(treated, "treated")
    if c.shape != t.shape:
        raise ValueError(
            f"control {tuple(c.shape)}와 treated {tuple(t.shape)}의 모양이 다릅니다: "
            "같은 seed들, 같은 평가 이미지여야 합니다."
        )
    if not 0 < level < 1:
        raise ValueError(f"level은 0과 1 사이여야 합니다 (받은 값: {level!r}).")
    n_seeds, n_images = c.shape
    diff = t - c  # (S, N): 이미지마다 -1, 0, +1
    delta = diff.mean().item()
    g = torch.Generator().manual_seed(seed)
    means = []
    for start in range(0, resamples, 250):  # 250개씩: 메모리 (250, 이미지 수)
        b = min(250, resamples - start)
        # 복원 추출 = 각 seed와 각 이미지가 몇 번 뽑혔는지(count). 평균 = Σ count_seed · diff · count_image / (S·N)
        seed_counts = _counts(torch.randint(n_seeds, (b, n_seeds), generator=g), n_seeds)
        image_counts = _counts(torch.randint(n_images, (b, n_images), generator=g), n_images)
        means.append(((seed_counts @ diff) * image_counts).sum(1) / (n_seeds * n_images))
    means = torch.cat(means)
    alpha = (1 - level) / 2
    low, high = torch.quantile(means, torch.tensor([alpha, 1 - alpha], dtype=torch.float64)).tolist()
    verdict = "helps" if low > 0 else "hurts" if high < 0 else "within noise"
    return Comparison(
        delta=delta,
        low=low,
        high=high,
        verdict=verdict,
        seeds=n_seeds,
        images=n_images,
        control=tuple(c.mean(1).tolist()),
        treated=tuple(t.mean(1).tolist()),
    )
