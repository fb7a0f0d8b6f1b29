"""04 노트북(Batch Normalization)의 연습 문제 검사: ``q1`` ... ``q5``.

기준은 PyTorch 자신이다: ``nn.BatchNorm1d`` 의 출력과 running 통계, ``models.BNModel`` 의 구조와 초기 가중치.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Mapping
from typing import Any

import torch
from torch import nn

from course_lib import data, models, settings
from course_lib.history import History
from course_lib.stats import Comparison

from ._core import Exercise, call, is_blank, not_attempted, own_rng, wrong

__all__ = ["q1", "q2", "q3", "q4", "q5"]

_TOL = 1e-3  # q1: 소수점 셋째 자리까지 맞으면 같은 값으로 본다 (1.005 대 1.00504)


def _close(a: float, b: float, tol: float = _TOL) -> bool:
    return abs(a - b) < tol


# ---------------------------------------------------------------- q1: 데이터가 100개일 때 b.std(dim=0)


def _as_values(x: Any) -> list[float]:
    """숫자 하나, 또는 tensor / list의 값들을 float 목록으로."""
    if isinstance(x, bool):
        wrong("not_number", "True/False가 아니라 숫자(예상한 표준편차)를 넘기세요.")
    try:
        values = torch.as_tensor(x, dtype=torch.float64).flatten().tolist()
    except (TypeError, ValueError, RuntimeError):
        wrong("not_number", f"숫자(예상한 표준편차)를 넘겨야 하는데 {type(x).__name__} 값을 받았습니다.")
    if not values:
        wrong("not_number", "빈 값을 받았습니다: 예상한 표준편차를 숫자 하나로 넘기세요.")
    return values


def _check_q1(expected_std: Any) -> None:
    if is_blank(expected_std):
        not_attempted()
    values = _as_values(expected_std)
    # 기준: 3절과 같은 방법으로 PyTorch의 BatchNorm1d에 통과시킨 값 (데이터 100개)
    gen = torch.Generator().manual_seed(0)
    a = torch.rand(100, 5, generator=gen)
    with torch.no_grad():
        measured = nn.BatchNorm1d(5)(a).std(dim=0)  # (5,) torch 기본 std (m-1로 나눔)
    target = math.sqrt(100 / 99)
    assert torch.allclose(measured, torch.full_like(measured, target), atol=_TOL)  # 손 계산과 PyTorch가 같다
    if all(_close(v, target) for v in values):
        return
    v = values[0] if len(values) == 1 else sum(values) / len(values)
    if _close(v, 1.0):
        wrong(
            "biased_std",
            "1은 BN이 표준화에 쓰는 편향 분산(m으로 나눔)으로 잰 표준편차입니다. "
            "`b.std(dim=0)`은 m-1로 나누므로 1보다 조금 큽니다: 두 분산의 비 m/(m-1)을 생각해 보세요.",
        )
    if _close(v, 100 / 99):
        wrong("variance_ratio", "100/99는 분산의 비입니다. 표준편차는 분산의 제곱근이므로 비도 제곱근을 씌워야 합니다.")
    if _close(v, math.sqrt(99 / 100)):
        wrong(
            "inverted",
            "비를 뒤집었습니다: m-1로 나누면 m으로 나눌 때보다 분산이 커지므로 std(dim=0)은 1보다 큽니다 (m/(m-1)).",
        )
    if _close(v, math.sqrt(10 / 9)):
        wrong("kept_m10", "1.054는 3절의 데이터 10개일 때 값입니다. 이번에는 m = 100입니다.")
    wrong("other", f"받은 값은 {v:.4f}입니다. BN은 m으로, std()는 m-1로 나눕니다: m = 100일 때 두 표준편차의 비는?")


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        "BN은 $m$으로 나눈 분산으로 표준화하고, `tensor.std()`는 $m-1$로 나눈다. 두 분산의 비는 $m/(m-1)$이다.",
        "표준화된 값을 m으로 나누어 잰 분산은 1이다. 같은 값을 m-1로 나누면 분산이 m/(m-1)배, "
        "표준편차는 그 제곱근만큼 커진다. `expected_std = (100 / 99) ** 0.5`처럼 계산식으로 써도 된다.",
    ],
    solution="""
    BN은 $m=100$으로 나눈 분산으로 표준화하고 `std()`는 $m-1=99$로 나누므로 $\\sqrt{100/99} \\approx 1.005$다.

    ```python
    expected_std = (100 / 99) ** 0.5  # 계산으로 먼저 예상한 값
    ```

    ```python
    torch.manual_seed(0)
    a = torch.rand(100, 5)
    b = nn.BatchNorm1d(5)(a)
    with torch.no_grad():
        print("b.std(dim=0)            :", b.std(dim=0).round(decimals=4))
        print("b.std(dim=0, correction=0):", b.std(dim=0, correction=0).round(decimals=4))
    print("sqrt(100 / 99) =", round((100 / 99) ** 0.5, 4))
    ```

    모든 feature에서 1.005다 (10개일 때의 1.054보다 1에 훨씬 가깝다): 데이터가 많을수록 두 정의의 차이가 작아진다.
    """,
    correct="sqrt(100/99) ≈ 1.005: PyTorch의 BatchNorm1d 출력을 std()로 잰 값과 같습니다.",
)


# ---------------------------------------------------------------- q2: running_var를 편향 분산으로 갱신하면

_LINES = {  # 5절 출력의 줄 -> 짧은 이름
    "train": "train mode 출력",
    "running_mean": "running_mean",
    "running_var": "running_var",
    "eval": "eval mode 출력",
}


def _line_key(text: Any) -> str:
    t = str(text).lower().replace(" ", "_")
    for key in ("running_mean", "running_var", "eval", "train"):  # running_*가 먼저: "train"이 섞인 이름도 있다
        if key in t:
            return key
    wrong(
        "unknown_line",
        f"{text!r}는 5절 출력의 어느 줄인지 모르겠습니다. "
        '"train mode 출력", "running_mean", "running_var", "eval mode 출력" 중에서 고르세요.',
    )


def _forward_out(out: Any) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    if is_blank(out):
        not_attempted()
    if not isinstance(out, tuple) or len(out) != 3 or not all(isinstance(t, torch.Tensor) for t in out):
        wrong(
            "not_triple",
            "5절의 함수처럼 (출력, 갱신된 running_mean, 갱신된 running_var) 세 tensor의 tuple을 돌려주세요.",
        )
    return out


def _standardise(x: torch.Tensor, mean: torch.Tensor, var: torch.Tensor, gamma, beta, eps=1e-5) -> torch.Tensor:
    return gamma * (x - mean) / torch.sqrt(var + eps) + beta


def _lesson_forward(x: torch.Tensor, gamma, beta, dim: int, keepdim: bool, eps: float = 1e-5) -> torch.Tensor:
    """5절의 train mode 표준화를 축 ``dim`` 으로 한 것 (dim=1은 흔한 실수: 축을 잘못 잡음)."""
    mean = x.mean(dim=dim, keepdim=keepdim)
    var = ((x - mean) ** 2).mean(dim=dim, keepdim=keepdim)
    return gamma * (x - mean) / torch.sqrt(var + eps) + beta


def _check_bn_function(fn: Any) -> None:
    """학습자의 함수를 nn.BatchNorm1d와 손 계산(편향 분산으로 갱신한 running_var)에 맞춰 본다."""
    gen = torch.Generator().manual_seed(1)
    # 정사각형 배치(6 x 6) 먼저: 축을 잘못 잡아도(dim=1) 모양 오류 없이 계산되어 어느 실수인지 알려 줄 수 있다
    for m, c in ((6, 6), (16, 5)):
        gamma, beta = torch.rand(c, generator=gen) + 0.5, torch.randn(c, generator=gen)
        ref = nn.BatchNorm1d(c)
        with torch.no_grad():
            ref.weight.copy_(gamma)
            ref.bias.copy_(beta)
        rm, rv = torch.zeros(c), torch.ones(c)
        with torch.no_grad():
            for _ in range(3):
                x = torch.randn(m, c, generator=gen) * 3 + 2  # (m, c)
                y, new_rm, new_rv = _forward_out(call(fn, x, gamma, beta, rm, rv, True))
                y_ref = ref(x)
                if y.shape != y_ref.shape or not torch.allclose(y, y_ref, atol=1e-5):
                    mean0, var0 = x.mean(dim=0), x.var(dim=0, correction=0)
                    if y.shape == x.shape and any(
                        torch.allclose(y, _lesson_forward(x, gamma, beta, dim=1, keepdim=k), atol=1e-5)
                        for k in ((True, False) if m == c else (True,))
                    ):
                        wrong(
                            "wrong_dim",
                            "train mode 출력이 nn.BatchNorm1d와 다릅니다: 평균/분산을 데이터 하나의 feature들 사이에서"
                            "(dim=1) 구했습니다. BN은 feature마다 배치 방향(dim=0)으로 구합니다: `x.mean(dim=0)`.",
                        )
                    if y.shape == x.shape and torch.allclose(y, _standardise(x, mean0, x.var(dim=0), gamma, beta)):
                        wrong(
                            "unbiased_standardise",
                            "표준화에 쓰는 분산까지 불편 분산(m-1로 나눔)으로 바꿨습니다: train mode 출력이 "
                            "PyTorch와 달라집니다. 바꿀 것은 running_var를 갱신하는 한 줄뿐이고, "
                            "표준화는 편향 분산 그대로입니다.",
                        )
                    if y.shape == x.shape and torch.allclose(y, _standardise(x, mean0, var0, 1.0, 0.0), atol=1e-5):
                        wrong("no_affine", "train mode 출력에 gamma, beta가 빠졌습니다: `gamma * x_hat + beta`.")
                    wrong(
                        "train_output",
                        "train mode 출력이 nn.BatchNorm1d와 다릅니다. "
                        "5절의 함수를 복사해 running_var 한 줄만 바꾸세요.",
                    )
                if not torch.allclose(new_rm, ref.running_mean, atol=1e-6):
                    wrong(
                        "running_mean",
                        "running_mean이 PyTorch와 다릅니다. 이 문제에서 running_mean은 그대로 둡니다: "
                        "(1 - momentum) * running_mean + momentum * 배치 평균.",
                    )
                biased = 0.9 * rv + 0.1 * x.var(dim=0, correction=0)  # 손 계산: 편향 분산으로 갱신
                if torch.allclose(new_rv, ref.running_var, atol=1e-6):
                    wrong(
                        "still_unbiased",
                        "running_var가 아직 PyTorch와 같습니다(불편 분산, m/(m-1)을 곱한 값). 이 문제는 running_var를 "
                        "편향 분산(`var`, m으로 나눈 값)으로 갱신하도록 **바꿔서** 무엇이 달라지는지 보는 것입니다.",
                    )
                if not torch.allclose(new_rv, biased, atol=1e-6):
                    wrong(
                        "running_var_other",
                        "running_var가 편향 분산으로 갱신한 값과 다릅니다: "
                        "(1 - momentum) * running_var + momentum * var (var는 m으로 나눈 배치 분산).",
                    )
                rm, rv = new_rm, new_rv
                ref.running_var.copy_(rv)  # 다음 배치는 같은 running 통계에서 출발해 한 줄씩 비교한다
            # eval mode: 학습자 자신의 running 통계로 표준화하고, 아무것도 갱신하지 않는다
            x_new = torch.randn(8 if c != 6 else 6, c, generator=gen) * 3 + 2
            y, rm2, rv2 = _forward_out(call(fn, x_new, gamma, beta, rm, rv, False))
            if not (torch.equal(rm2, rm) and torch.equal(rv2, rv)):
                wrong("eval_updates", "eval mode에서 running 통계를 갱신했습니다. eval mode는 갱신하지 않습니다.")
            if not torch.allclose(y, _standardise(x_new, rm, rv, gamma, beta), atol=1e-5):
                wrong(
                    "eval_batch_stats",
                    "eval mode 출력이 running_mean, running_var로 표준화한 값과 다릅니다 (배치 통계를 쓰지 않습니다).",
                )


def _check_q2(batch_norm_forward_biased: Any, false_lines: Any, larger_m: Any) -> None:
    if is_blank(batch_norm_forward_biased):
        not_attempted()
    _check_bn_function(batch_norm_forward_biased)
    if is_blank(false_lines) or is_blank(larger_m):
        not_attempted(
            "함수는 맞습니다. 이제 5절의 비교를 이 함수로 다시 돌려 보고 false_lines와 larger_m에 답을 적으세요."
        )
    items = [false_lines] if isinstance(false_lines, str) else false_lines
    if not isinstance(items, Iterable):
        wrong("false_lines_type", 'false_lines에는 줄 이름들의 집합을 넣으세요. 예: {"running_mean"}')
    keys = {_line_key(t) for t in items}
    if "train" in keys:
        wrong(
            "train_listed",
            "train mode 출력은 그대로 True입니다: "
            "train mode는 지금 배치의 통계로 표준화하고 running 통계를 쓰지 않습니다.",
        )
    if "running_mean" in keys:
        wrong("running_mean_listed", "running_mean은 바꾸지 않았으므로 그대로 True입니다.")
    if "running_var" not in keys:
        wrong("running_var_missed", "running_var 줄이 빠졌습니다: PyTorch는 불편 분산으로 갱신하므로 값이 다릅니다.")
    if "eval" not in keys:
        wrong(
            "eval_missed",
            "eval mode 출력도 False가 됩니다: "
            "eval mode는 running_var로 표준화하므로, running_var가 다르면 출력도 다릅니다.",
        )
    answer = str(larger_m).strip()
    if "커" in answer or "grow" in answer.lower() or "larger" in answer.lower():
        wrong(
            "grows",
            "한 번 갱신할 때 더하는 값의 비는 m/(m-1)입니다. m이 커질수록 이 비는 1에 가까워지므로 차이는 작아집니다.",
        )
    if "작아" not in answer and "줄" not in answer and "smaller" not in answer.lower():
        wrong("trend_unclear", 'larger_m에는 "커진다" 또는 "작아진다"로 답하세요.')


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        "train mode의 출력은 running 통계를 쓰지 않는다. running_var를 쓰는 것은 무엇인가? "
        "한 번 갱신할 때 running_var에 더해지는 값이 $\\frac{m}{m-1}$배 차이 난다.",
        "5절의 함수를 그대로 복사하고 `running_var = (1 - momentum) * running_var + momentum * var`로 "
        "`* m / (m - 1)`만 뺀다. 표준화에 쓰는 `var`는 그대로 둔다. 그다음 5절의 비교 셀에서 "
        "`batch_norm_forward`를 이 함수로 바꿔 어느 줄이 False가 되는지 본다.",
    ],
    solution="""
    ```python
    def batch_norm_forward_biased(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
        \"\"\"5절의 batch_norm_forward에서 running_var만 편향 분산으로 갱신한다 (일부러 틀린 버전).\"\"\"
        if training:
            mean = x.mean(dim=0)  # (C,) 배치 평균
            var = ((x - mean) ** 2).mean(dim=0)  # (C,) 편향 분산: 표준화에 쓴다
            running_mean = (1 - momentum) * running_mean + momentum * mean
            running_var = (1 - momentum) * running_var + momentum * var  # m / (m - 1)을 뺐다
        else:
            mean, var = running_mean, running_var
        x_hat = (x - mean) / torch.sqrt(var + eps)
        return gamma * x_hat + beta, running_mean, running_var


    false_lines = {"running_var", "eval mode 출력"}
    larger_m = "작아진다"
    ```

    train mode 출력과 running_mean은 그대로 `True`, running_var와 eval mode 출력이 `False`가 된다.
    배치 크기가 16이면 running_var에 더하는 값이 $16/15$배 차이 나고, $m$이 클수록 차이가 작아진다
    (그래서 큰 배치에서는 눈에 잘 안 띈다). 풀이 노트북은 배치 크기 4, 16, 256으로 그 비를 잰다.
    """,
    correct="running_var와 eval mode 출력만 PyTorch와 달라지고, 그 차이(m/(m-1)배)는 배치가 클수록 작아집니다.",
)


# ---------------------------------------------------------------- q3: Linear -> ReLU -> BN 순서


def _leaves(model: nn.Module) -> list[nn.Module]:
    """층의 순서 (Flatten, Identity, Dropout처럼 값을 바꾸지 않거나 비교와 상관없는 층은 뺀다)."""
    skip = (nn.Flatten, nn.Identity, nn.Dropout)
    return [m for m in model.modules() if not list(m.children()) and not isinstance(m, skip)]


def _check_order_model(factory: Any) -> None:
    # 모델을 만들면 전역 난수를 쓴다: 검사가 학습자의 난수 흐름(seed 뒤의 batch 순서 등)을 바꾸지 않게 되돌린다
    with own_rng():
        _check_order_model_inner(factory)


def _check_order_model_inner(factory: Any) -> None:
    m1 = call(factory)
    if is_blank(m1):
        not_attempted()
    if not isinstance(m1, nn.Module):
        wrong("not_module", f"relu_then_bn()은 모델(nn.Module)을 돌려줘야 하는데 {type(m1).__name__} 값을 받았습니다.")
    if call(factory) is m1:
        wrong(
            "same_instance",
            "relu_then_bn()이 부를 때마다 같은 모델 객체를 돌려줍니다. seed를 고정한 직후에 **새** 모델을 만들어야 "
            "seed마다 초기 가중치가 정해집니다: 함수 안에서 nn.Sequential(...)을 만들어 돌려주세요.",
        )
    layers = _leaves(m1)
    linears = [(lay.in_features, lay.out_features) for lay in layers if isinstance(lay, nn.Linear)]
    if linears != [(784, 256), (256, 128), (128, 64), (64, 10)]:
        wrong(
            "sizes",
            f"Linear 층의 크기가 {linears}입니다. "
            "BNModel과 같은 784-256-128-64-10이어야 BN의 위치만 다른 비교가 됩니다.",
        )
    if isinstance(layers[-1], nn.BatchNorm1d):
        wrong("bn_after_output", "마지막 Linear(64, 10) 뒤에 BN을 두었습니다. 출력층(logit) 뒤에는 BN을 두지 않습니다.")
    bns = [i for i, lay in enumerate(layers) if isinstance(lay, nn.BatchNorm1d)]
    if len(bns) != 3:
        wrong("bn_count", f"BatchNorm1d가 {len(bns)}개입니다. hidden 층 세 개마다 하나씩, 3개여야 합니다.")
    for i in bns:
        before = layers[i - 1] if i > 0 else None
        if isinstance(before, nn.Linear):
            wrong(
                "bn_before_relu",
                "BN이 아직 Linear 바로 뒤(ReLU 앞)에 있습니다: 그것은 BNModel의 순서입니다. "
                "이 문제는 Linear -> ReLU -> BatchNorm1d, 곧 BN을 activation 뒤에 둡니다.",
            )
        if not isinstance(before, nn.ReLU):
            wrong("bn_not_after_relu", "BN 바로 앞에 ReLU가 없습니다. Linear -> ReLU -> BatchNorm1d 순서로 두세요.")
    # 같은 seed면 BNModel과 Linear 초기 가중치가 같아야 짝지은 비교가 된다
    torch.manual_seed(0)
    reference = models.BNModel()
    torch.manual_seed(0)
    mine = call(factory)
    ref_w = [lay.weight for lay in _leaves(reference) if isinstance(lay, nn.Linear)]
    my_w = [lay.weight for lay in _leaves(mine) if isinstance(lay, nn.Linear)]
    if not all(torch.equal(a.cpu(), b.cpu()) for a, b in zip(ref_w, my_w, strict=True)):
        wrong(
            "different_init",
            "같은 seed로 만들어도 Linear 초기 가중치가 BNModel과 다릅니다. 층을 784 -> 256 -> 128 -> 64 -> 10 순서로 "
            "만들고, 가중치를 따로 초기화하지 마세요: 그래야 두 모델의 차이가 BN의 위치 하나뿐입니다.",
        )
    out = call(mine.train(), torch.rand(4, 1, 28, 28))
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (4, 10):
        wrong("output_shape", "(4, 1, 28, 28) 입력에 (4, 10)이 나와야 합니다: 맨 앞에 nn.Flatten()을 두세요.")


def _n_seeds(verdict: Any) -> int:
    if isinstance(verdict, Comparison):
        return verdict.seeds
    if isinstance(verdict, Mapping) and "verdict_val" in verdict and "seeds" in verdict:
        return len(verdict["seeds"])
    wrong(
        "no_decision_rule",
        "판정 규칙의 결과가 아닙니다. 평균 ± 표준편차는 대략 읽기일 뿐이고, '낫다'는 판정은 "
        "report.compare_paired(...)의 결과(또는 validation만 본다면 stats.paired_bootstrap(...)의 결과)로 합니다.",
    )


def _check_q3(relu_then_bn: Any, order_verdict: Any = None) -> None:
    if is_blank(relu_then_bn):
        not_attempted()
    _check_order_model(relu_then_bn)
    if is_blank(order_verdict):
        not_attempted(
            "모델은 맞습니다. 이제 두 순서를 같은 seed 3개로 학습하고 "
            "판정 규칙으로 비교한 결과를 order_verdict에 넣으세요."
        )
    if _n_seeds(order_verdict) < 3:
        wrong(
            "too_few_seeds",
            f"seed {_n_seeds(order_verdict)}개로 판정했습니다. "
            "문제는 같은 seed 3개(SEEDS)로 두 모델을 짝지어 비교합니다.",
        )


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        "`nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256), ...)`. "
        "마지막 `Linear(64, 10)` 뒤에는 BN을 두지 않는다.",
        "시간을 아끼려면 epoch 수를 줄이거나 train set의 일부만 써도 된다. 단, 두 모델에 똑같이 적용한다. "
        "seed를 고정한 **직후에** 모델을 만들고, 평균 ± 표준편차로 대략 읽고, "
        '"낫다"고 말하려면 판정 규칙(`report.compare_paired`)으로 판정한다.',
        "8절의 `train_run`은 BNModel만 만든다: 같은 일을 `make_model` 함수를 받아 하는 작은 함수를 만들고, "
        "seed마다 두 모델의 `(correct_per_sample(val_loader, m), correct_per_sample(test_loader, m))`을 모아 "
        "9절처럼 `report.compare_paired(...)`에 넘긴다. validation만 쓴다면 "
        "`stats.paired_bootstrap(대조의 정답 여부, 처치의 정답 여부)`도 같은 규칙이다.",
    ],
    solution="""
    ```python
    def relu_then_bn():
        \"\"\"Linear -> ReLU -> BatchNorm1d 순서의 BNModel 변형 (파라미터 수는 BNModel과 같다).\"\"\"
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256),
            nn.Linear(256, 128), nn.ReLU(), nn.BatchNorm1d(128),
            nn.Linear(128, 64), nn.ReLU(), nn.BatchNorm1d(64),
            nn.Linear(64, 10),
        )  # fmt: skip
    ```

    풀이 노트북은 시간을 아끼려고 train set 11,000장, 3 epoch으로 두 순서를 seed 3개씩 학습하고(`run`은 seed를 고정한
    직후 모델을 만든다), validation에서 판정 규칙으로 비교한다 (TODO처럼 test까지 모아 `report.compare_paired`로
    보고해도 된다: 풀이는 validation만 본다):

    ```python
    val_hits = {
        name: torch.stack([correct_per_sample(val_loader, m) for m, _ in results])
        for name, results in order_results.items()
    }
    order_verdict = stats.paired_bootstrap(val_hits["Linear->BN->ReLU (BNModel)"], val_hits["Linear->ReLU->BN"])
    print("Linear->ReLU->BN − BNModel 순서 (validation):", order_verdict)
    ```

    두 순서 모두 잘 학습된다. 평균 ± 표준편차로 대략 읽으면 차이는 작고, 어느 순서가 낫다고 말할 수 있는지는 판정
    규칙이 정한다. 짧은 실험의 판정이 더 긴 학습이나 다른 데이터에서도 유지되는지는 따로 재 봐야 한다.
    """,
    correct=(
        "BN을 ReLU 뒤에 둔 모델(BNModel과 같은 크기, 같은 초기 가중치)을 판정 규칙으로 비교했습니다. "
        "판정을 읽어 보세요."
    ),
)


# ---------------------------------------------------------------- q4: train mode로 평가할 때 배치 크기


def _q4_setup() -> tuple[nn.Module, data.InMemoryLoader]:
    """작은 BN 모델과 loader: eval mode로는 모두 맞히도록 label을 정했다 (running 통계 = 전체 데이터의 통계)."""
    with own_rng(4):
        X = torch.rand(64, 1, 28, 28)
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 10))
    with torch.no_grad():
        h = model[1](model[0](X))  # (64, 16) BN에 들어가는 값
        model[2].running_mean.copy_(h.mean(dim=0))
        model[2].running_var.copy_(h.var(dim=0))
        model.eval()
        y = model(X).argmax(dim=1)
    return model.to(settings.get_device()), data.InMemoryLoader(data.TensorPairDataset(X, y), 16)


def _reference_train_accuracy(model: nn.Module, loader: data.InMemoryLoader, batch_size: int) -> float:
    probe = copy.deepcopy(model).train()
    device = next(probe.parameters()).device
    correct = 0
    with torch.no_grad():
        for X, y in loader.batches(batch_size, shuffle=False):
            correct += (probe(X.to(device)).argmax(dim=1).cpu() == y).sum().item()
    return correct / len(loader.dataset)


def _check_q4(train_mode_accuracy: Any) -> None:
    if is_blank(train_mode_accuracy):
        not_attempted()
    model, loader = _q4_setup()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    for batch_size in (2, 8):
        acc = call(train_mode_accuracy, model, loader, batch_size)
        if is_blank(acc):
            not_attempted()
        if isinstance(acc, torch.Tensor) and acc.numel() == 1:
            acc = acc.item()
        if isinstance(acc, bool) or not isinstance(acc, (int, float)):
            wrong("not_number", f"정확도(0~1 사이의 숫자)를 돌려줘야 하는데 {type(acc).__name__} 값을 받았습니다.")
        changed = [k for k, v in model.state_dict().items() if not torch.equal(v, before[k])]
        if changed:
            wrong(
                "mutates_model",
                "넘겨받은 모델의 running 통계가 바뀌었습니다: train mode의 forward는 running_mean/var를 갱신합니다. "
                "`copy.deepcopy(model)`로 만든 복사본으로 재세요 (10절처럼).",
            )
        if model.training:
            wrong("mode_changed", "넘겨받은 모델이 train mode로 바뀌었습니다. 복사본만 train mode로 두세요.")
        if acc > 1:
            wrong(
                "not_fraction",
                f"정확도가 아닌 값({acc})을 돌려줬습니다: 맞힌 수를 전체 수로 나눈 0~1 사이의 값을 돌려주세요.",
            )
        expected = _reference_train_accuracy(model, loader, batch_size)
        if _close(acc, expected, 1e-6):
            continue
        if _close(acc, 1.0, 1e-6):
            wrong(
                "eval_mode",
                "eval mode의 정확도가 나왔습니다 (running 통계로 표준화). 복사본을 `.train()`으로 train mode에 두어야 "
                "배치 통계로 표준화한 정확도를 잽니다.",
            )
        wrong(
            "other",
            f"batch {batch_size}에서 돌려준 정확도는 {acc:.4f}인데, 복사본을 train mode로 두고 {batch_size}장씩 "
            f"예측하면 {expected:.4f}입니다.",
        )


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        "train mode의 BN은 들어온 배치만으로 평균/분산을 구한다. "
        "2장이면 각 feature가 표준화 후 거의 $-1$과 $+1$ 두 값만 남는다.",
        "10절의 셀처럼 `probe = copy.deepcopy(model)`, `probe.train()`, "
        "`return accuracy_in_small_batches(probe, loader, batch_size)`. "
        "복사본을 쓰는 이유: train mode의 forward가 running 통계를 바꾸므로, "
        "배치 크기마다 같은 모델에서 출발해야 한다.",
    ],
    solution="""
    ```python
    def train_mode_accuracy(model, loader, batch_size):
        \"\"\"model의 복사본을 train mode로 두고 batch_size장씩 예측한 정확도 (넘겨받은 model은 그대로).\"\"\"
        probe = copy.deepcopy(model).train()  # 복사본: train mode의 forward가 running 통계를 바꾼다
        correct, n = 0, 0
        with torch.no_grad():
            for X, y in loader.batches(batch_size, shuffle=False):
                X, y = X.to(device), y.to(device)
                correct += (probe(X).argmax(dim=1) == y).sum().item()
                n += len(y)
        return correct / n
    ```

    배치가 클수록 train mode 정확도가 eval mode 정확도에 가까워진다. 배치 2에서는 크게 떨어지고, 배치 200에서는
    eval mode와 비슷하다. eval mode 정확도는 배치 크기와 상관없이 같다: 배치가 작을수록 배치 평균/분산이 running
    통계(학습 끝 무렵 최근 배치들로 모은 통계)에서 멀어지고, 2장이면 각 feature가 거의 $\\pm 1$ 두 값만 남아
    정보가 대부분 사라진다.
    """,
    correct="복사본을 train mode로 두고 잰 정확도가 PyTorch로 잰 기준값과 같고, 넘겨받은 모델은 그대로입니다.",
)


# ---------------------------------------------------------------- q5: SGD(momentum=0.9)로 BN vs BN 없음


def _check_sgd_factory(sgd: Any) -> None:
    if isinstance(sgd, torch.optim.Optimizer):
        wrong(
            "optimizer_instance",
            "sgd에 optimizer 객체를 넣었습니다. train_run은 run마다 새 모델의 파라미터로 optimizer를 새로 "
            "만들어야 하므로, optimizer를 만드는 함수를 넘깁니다: `functools.partial(torch.optim.SGD, momentum=0.9)`.",
        )
    param = torch.zeros(1, requires_grad=True)
    opt = call(sgd, [param], lr=0.05)
    if is_blank(opt):
        not_attempted()
    if not isinstance(opt, torch.optim.SGD):
        wrong(
            "not_sgd", f"sgd(params, lr=...)로 만든 optimizer가 {type(opt).__name__}입니다. torch.optim.SGD여야 합니다."
        )
    group = opt.param_groups[0]
    if group["momentum"] != 0.9:
        wrong(
            "no_momentum",
            f"SGD의 momentum이 {group['momentum']}입니다. `functools.partial(torch.optim.SGD, momentum=0.9)`처럼 "
            "momentum=0.9를 넣으세요.",
        )
    if group["lr"] != 0.05:
        wrong(
            "lr_ignored",
            "sgd(params, lr=0.05)로 만들었는데 lr이 0.05가 아닙니다: train_run이 넘기는 lr을 그대로 받아야 합니다 "
            "(partial에 lr을 고정하지 마세요).",
        )


def _is_lr(key: Any, lr: float) -> bool:
    return isinstance(key, (int, float)) and not isinstance(key, bool) and math.isclose(key, lr)


def _check_q5(sgd: Any, sgd_runs: Any) -> None:
    if is_blank(sgd):
        not_attempted()
    _check_sgd_factory(sgd)
    if is_blank(sgd_runs) or (
        isinstance(sgd_runs, Mapping) and (not sgd_runs or any(map(is_blank, sgd_runs.values())))
    ):
        not_attempted("sgd는 맞습니다. 이제 두 lr에서 두 모델을 학습해 sgd_runs에 History를 모으세요.")
    if not isinstance(sgd_runs, Mapping):
        wrong("runs_type", "sgd_runs는 {lr: {모델 이름: [seed별 History, ...]}} 모양의 dict여야 합니다.")
    missing = [lr for lr in (0.01, 0.1) if not any(_is_lr(k, lr) for k in sgd_runs)]
    if missing:
        wrong("missing_lr", f"lr {missing}의 결과가 없습니다. 문제는 lr 0.01과 0.1 두 곳에서 비교합니다.")
    epochs = set()
    for lr, arms in sgd_runs.items():
        if not isinstance(arms, Mapping) or len(arms) != 2:
            wrong("runs_type", f"sgd_runs[{lr}]는 두 모델(BN, No BN)의 이름 -> History 목록 dict여야 합니다.")
        n_params, n_runs = set(), set()
        for name, hs in arms.items():
            hs = list(hs)
            if not hs or not all(isinstance(h, History) for h in hs):
                wrong("runs_type", f"sgd_runs[{lr}][{name!r}]에는 train_run이 돌려준 History들을 넣으세요.")
            if len(hs) < 3:
                wrong("too_few_seeds", f"lr {lr}, {name}: run이 {len(hs)}개입니다. 문제는 seed 3개(SEEDS)로 돌립니다.")
            for h in hs:
                if not h.lr or not _is_lr(lr, h.lr[0]):
                    first = f"{h.lr[0]:g}" if h.lr else "기록 없음"
                    wrong(
                        "lr_not_passed",
                        f"sgd_runs[{lr}]에 넣은 {name}의 run이 실제로 학습한 lr(History.lr[0])은 {first}입니다. "
                        "train_run(..., lr=lr, optimizer_cls=sgd)처럼 lr을 넘기세요.",
                    )
                epochs.add(h.epochs_requested)
            n_params.add(hs[0].n_params)
            n_runs.add(len(hs))
        if len(n_params) != 2:
            wrong(
                "same_model",
                f"lr {lr}의 두 모델이 파라미터 수까지 같습니다: "
                "한쪽은 BNModel(), 다른 쪽은 BNModel(batch_norm=False)여야 합니다 (차이 896 = gamma/beta).",
            )
        if len(n_runs) != 1:
            wrong("unpaired", f"lr {lr}에서 두 모델의 run 수가 다릅니다: 같은 seed들로 짝지어 돌립니다.")
    if len(epochs) != 1:
        wrong(
            "unequal_epochs",
            f"run마다 epoch 수가 다릅니다 ({sorted(epochs)}). 모두 같은 epoch 수로 학습해야 비교가 됩니다.",
        )
    if epochs != {3}:
        wrong("epochs", f"{epochs.pop()} epoch으로 학습했습니다. 문제는 3 epoch입니다: train_run(..., epochs=3).")


q5 = Exercise(
    "q5",
    _check_q5,
    hints=[
        "`train_run(..., optimizer_cls=...)`에는 `lr`만 넘어간다. "
        "`functools.partial(torch.optim.SGD, momentum=0.9)`를 넘기면 된다.",
        "`for lr in (0.01, 0.1):` 안에서 `sgd_runs[lr] = {name: [train_run(batch_norm, seed, lr=lr, epochs=3, "
        "optimizer_cls=sgd)[1] for seed in SEEDS] for name, batch_norm in MODELS.items()}`. "
        "마지막 epoch의 val acc(`h.val_acc[-1]`)를 `report.fmt_mean_std`로 모델마다 정리해 비교한다.",
    ],
    solution="""
    풀이 노트북은 시간을 아끼려고 train set 11,000장으로 돌린다(`run`, `small_train_loader`, `N_EPOCH = 3`은 풀이
    노트북에 있다). 04 노트북에서는 `train_run(batch_norm, seed, lr=lr, epochs=3, optimizer_cls=sgd)`로 같은 일을 한다.

    ```python
    sgd = functools.partial(torch.optim.SGD, momentum=0.9)
    nets = {"BN": models.BNModel, "No BN": functools.partial(models.BNModel, batch_norm=False)}
    sgd_runs = {}
    for lr in (0.01, 0.1):
        sgd_runs[lr] = {
            name: [run(make, seed, small_train_loader, lr=lr, optimizer_cls=sgd)[1] for seed in SEEDS]
            for name, make in nets.items()
        }
    ```

    BN 없는 모델이 작은 lr(0.01)에서 3 epoch 뒤 크게 뒤처지는 것이 큰 차이이고, lr=0.1에서는 BN 없는 모델도 학습이
    된다. "BN의 효과"가 optimizer와 learning rate 범위에 따라 다르게 나타난다 (평균 ± 표준편차로 대략 읽은 것이다).
    """,
    correct=(
        "두 lr에서 BNModel과 BN 없는 모델을 momentum SGD, 같은 seed 3개, 3 epoch으로 학습했습니다. "
        "두 lr의 차이를 비교해 보세요."
    ),
)
