"""03 노트북(Weight decay)의 연습 문제 검사: ``from course_lib.exercises.lesson03 import q1, q2, q3, q4``.

- q1: bias는 decay하지 않는 AdamW param group (gradient 0으로 한 step: bias 그대로, weight는 정확히 (1 − lr·λ)배)
- q2: 반감기 (손 계산 ln 0.5 / ln(1 − ηλ)와 ``torch.optim.SGD`` 로 센 step 수)
- q3: AdamW에서 세기는 lr × λ (``torch.optim.AdamW`` 와 w·(1 − lr·λ)^100으로 잰 기준값)
- q4: train set 5,000장 실험 (loader, λ 두 값, seed, epoch 수를 본다; 결과 숫자는 학습자가 읽는다)
"""

from __future__ import annotations

import inspect
import math
import re

import torch

from .. import models
from ._core import Exercise, call, check_small_train_loader, is_blank, not_attempted, own_rng, wrong

__all__ = ["q1", "q2", "q3", "q4"]


# ---------------------------------------------------------------- q1
_Q1_LR, _Q1_LAM = 0.01, 0.1


def _check_q1(make_optimizer) -> None:
    with own_rng(0):
        model = models.MLP((8, 4))  # 작은 MLP: weight 3개(net.1/3/5.weight), bias 3개
    names = {id(p): name for name, p in model.named_parameters()}
    opt = call(make_optimizer, model, _Q1_LR, _Q1_LAM)
    if is_blank(opt):
        not_attempted()
    if type(opt) is torch.optim.Adam:
        wrong(
            "adam_not_adamw",
            "`torch.optim.Adam`을 만들었습니다. Adam의 `weight_decay`는 gradient에 λw를 더하는 L2 penalty라(3절) "
            "parameter마다 세기가 달라집니다. decoupled weight decay는 `torch.optim.AdamW`입니다.",
        )
    if not isinstance(opt, torch.optim.AdamW):
        wrong("not_adamw", f"`torch.optim.AdamW`를 돌려주어야 하는데 {type(opt).__name__} 값을 돌려주었습니다.")
    in_groups = [id(p) for g in opt.param_groups for p in g["params"]]
    missing = [names[i] for i in names if i not in in_groups]
    if missing:
        wrong(
            "missing_params",
            f"optimizer에 없는 parameter가 있습니다: {', '.join(missing)}. 그 parameter는 학습되지 않습니다. "
            "모든 parameter가 두 group 중 하나에 들어가야 합니다.",
        )
    if any(not math.isclose(g["lr"], _Q1_LR) for g in opt.param_groups):
        lrs = [g["lr"] for g in opt.param_groups]
        wrong("lr", f"lr={_Q1_LR}로 불렀는데 group의 lr이 {lrs}입니다. 인자 lr을 쓰세요.")
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    for p in model.parameters():
        p.grad = torch.zeros_like(p)  # data gradient = 0: Adam step은 0이고 decoupled decay만 남는다
    opt.step()
    now = dict(model.named_parameters())
    biases = [n for n in now if n.endswith("bias")]
    weights = [n for n in now if not n.endswith("bias")]
    bias_kept = all(torch.equal(now[n], before[n]) for n in biases)
    weight_kept = all(torch.equal(now[n], before[n]) for n in weights)
    weight_decayed = all(torch.allclose(now[n], before[n] * (1 - _Q1_LR * _Q1_LAM)) for n in weights)
    if not bias_kept and weight_kept:
        wrong(
            "swapped",
            "거꾸로입니다: bias가 줄고 weight는 그대로입니다. weight_decay=λ인 group에 weight를, 0인 group에 bias를 "
            "넣으세요.",
        )
    if not bias_kept:
        wrong(
            "bias_decayed",
            "bias도 decay되었습니다 (gradient가 0인데 한 step 뒤 값이 바뀌었습니다). 이름이 'bias'로 **끝나는** "
            "parameter를 "
            "`weight_decay=0.0` group에 넣으세요. `named_parameters()`의 이름은 'net.1.bias'처럼 층 경로가 붙어 있어서 "
            "`name == 'bias'`로는 하나도 잡히지 않습니다: `name.endswith('bias')`.",
        )
    if weight_kept:
        wrong(
            "weights_not_decayed",
            "weight도 그대로입니다: decay가 아무 parameter에도 걸리지 않았습니다. weight group에 "
            "`'weight_decay': weight_decay`를 주세요.",
        )
    if not weight_decayed:
        wrong(
            "weight_decay_value",
            f"weight가 정확히 (1 − lr·λ) = {1 - _Q1_LR * _Q1_LAM:g}배가 되지 않았습니다. weight group의 weight_decay가 "
            f"인자로 받은 값(λ={_Q1_LAM})인지 확인하세요 (AdamW의 기본값 0.01이 아니라).",
        )


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        """
        `for name, p in model.named_parameters(): (no_decay if name.endswith('bias') else decay).append(p)`.
        모든 `p.grad`를 `torch.zeros_like(p)`로 채우고 `opt.step()`을 한 번 부른 뒤, 이전 값과 비교한다
        (`torch.equal`, 비율 `new / old`).
        """,
        """
        `torch.optim.AdamW([{'params': decay, 'weight_decay': weight_decay}, {'params': no_decay, 'weight_decay': 0.0}],
        lr=lr)`. group 안의 'weight_decay'가 바깥의 기본값보다 앞선다. 검사는 작은 MLP로 이 함수를 불러, gradient 0으로
        한 step 뒤 bias가 그대로이고 weight가 정확히 (1 − lr·λ)배인지 본다.
        """,
    ],
    solution="""
이름이 `bias`로 끝나는 parameter는 `weight_decay=0.0` group에, 나머지(weight 행렬)는 `weight_decay=λ` group에 넣는다.
gradient가 0이면 Adam step은 0이므로 decoupled decay만 남는다: bias는 그대로, weight는 정확히 (1 − lr·λ)배.

```python
def make_optimizer(model, lr, weight_decay):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if name.endswith("bias") else decay).append(p)
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=lr,
    )
```
""",
    correct="gradient가 0일 때 한 step 뒤 bias는 그대로이고 weight는 정확히 (1 − lr·λ)배입니다.",
)


# ---------------------------------------------------------------- q2
_Q2_CASES = [(0.1, 0.01), (0.5, 0.1), (0.2, 0.5)]  # (η, λ): 693, 14, 7 step
_Q2_LIMIT = 10_000  # 시작 코드의 반복 상한: decay가 없으면 끝나지 않는 while을 끊는다


def _exact(eta: float, lam: float) -> float:
    return math.log(0.5) / math.log(1 - eta * lam)


def _sgd_steps(eta: float, lam: float) -> int:
    """기준값: torch.optim.SGD로 gradient 0인 parameter가 처음 절반 아래가 되는 step."""
    p = torch.tensor([1.0], requires_grad=True)
    sgd = torch.optim.SGD([p], lr=eta, weight_decay=lam)
    step = 0
    while p.item() >= 0.5:
        p.grad = torch.zeros_like(p)
        sgd.step()
        step += 1
    return step


_PENALTY = re.compile(r"\*\*\s*2|\.pow\(|square\(")


def _penalty_after_backward(fn) -> bool:
    """학습자의 함수가 L2 penalty(λ·w²)를 ``backward()`` 뒤에 계산하는가.

    결과(값이 줄지 않음)로 실수를 알아챈 뒤, 그 실수에 이름을 붙이려고 소스를 읽는다.
    """
    try:
        lines = inspect.getsource(fn).splitlines()
    except (OSError, TypeError):  # 소스를 읽을 수 없으면 (예: 내장 함수) 이 실수로 보지 않는다
        return False
    backward = [i for i, line in enumerate(lines) if ".backward(" in line]
    return bool(backward) and any(
        i > backward[0] and "lam" in line and _PENALTY.search(line) for i, line in enumerate(lines)
    )


def _number(value, what: str) -> float:
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    wrong("not_number", f"{what}는 숫자 하나를 돌려주어야 하는데 {type(value).__name__} 값을 돌려주었습니다.")


def _check_q2(half_life_formula, half_life_sgd) -> None:
    formula = [call(half_life_formula, eta, lam) for eta, lam in _Q2_CASES]
    if any(is_blank(v) for v in formula):
        not_attempted("half_life_formula가 아직 채워지지 않았습니다.")
    formula = [_number(v, "half_life_formula") for v in formula]
    for (eta, lam), k in zip(_Q2_CASES, formula, strict=True):
        exact = _exact(eta, lam)
        if math.isclose(k, exact, rel_tol=1e-9) or k == math.ceil(exact):
            continue
        where = f"η={eta}, λ={lam}에서 {k:.4g}"
        if len(set(formula)) == 1:
            wrong(
                "formula_ignores_args",
                f"η, λ가 달라도 늘 {k:.4g}입니다. 숫자를 적지 말고 인자 eta, lam으로 계산하세요.",
            )
        if math.isclose(k, math.log(2) / (eta * lam), rel_tol=1e-9):
            wrong(
                "approximation",
                f"{where}: ln 2 / (ηλ)는 ηλ가 작을 때의 어림입니다 (η=0.5, λ=0.1이면 13.9 vs 정확히 13.5). "
                "(1 − ηλ)^k = 0.5를 그대로 풀어 k = ln 0.5 / ln(1 − ηλ)로 계산하세요.",
            )
        if math.isclose(k, _exact(1.0, lam), rel_tol=1e-9):
            wrong("forgot_lr", f"{where}: learning rate η를 빠뜨렸습니다. 한 step에 곱하는 수는 (1 − η·λ)입니다.")
        if math.isclose(k, _exact(eta, 1.0), rel_tol=1e-9):
            wrong("forgot_lambda", f"{where}: λ를 빠뜨렸습니다. 한 step에 곱하는 수는 (1 − η·λ)입니다.")
        if math.isclose(k, 1 / exact, rel_tol=1e-9):
            wrong("inverted", f"{where}: 분자와 분모가 뒤집혔습니다. k = ln 0.5 / ln(1 − ηλ)입니다.")
        if k < 0:
            wrong("sign", f"{where}: 음수입니다. ln 0.5와 ln(1 − ηλ)는 둘 다 음수라 k는 양수여야 합니다.")
        if k == math.floor(exact):
            wrong(
                "rounded_down",
                f"{where}: 내림했습니다. {math.floor(exact)} step 뒤에는 아직 절반보다 크므로, 처음 절반 아래가 되는 "
                f"step은 올림한 {math.ceil(exact)}입니다 (또는 올림하지 않은 k 그대로 두세요).",
            )
        wrong("formula_value", f"{where}인데, ln 0.5 / ln(1 − ηλ) = {exact:.4g}입니다.")
    counted = []
    for eta, lam in _Q2_CASES:
        n = call(half_life_sgd, eta, lam)
        if is_blank(n):
            not_attempted("half_life_sgd가 아직 채워지지 않았습니다.")
        n = _number(n, "half_life_sgd")
        if n >= _Q2_LIMIT and _penalty_after_backward(half_life_sgd):
            wrong(
                "penalty_after_backward",
                f"η={eta}, λ={lam}에서 반복 상한({_Q2_LIMIT:,} step)까지 값이 줄지 않았습니다. "
                "L2 penalty λ/2·w²를 `backward()` **뒤에** 계산했습니다: gradient는 `backward()`가 불린 순간의 "
                "loss로 정해지므로, 뒤에 더한 penalty는 gradient에 들어가지 않습니다. "
                "penalty를 loss에 더한 **다음** `backward()`를 부르세요 (2절의 (b)).",
            )
        if n >= _Q2_LIMIT:  # 첫 경우에서 바로 알린다: 상한까지 도는 함수를 세 번 부르지 않도록
            wrong(
                "no_decay",
                f"η={eta}, λ={lam}에서 반복 상한({_Q2_LIMIT:,} step)까지 갔습니다. 값이 줄지 않았다는 뜻입니다: "
                "`torch.optim.SGD([p], lr=eta, weight_decay=lam)`처럼 weight_decay를 주었는지 확인하세요 "
                "(L2 penalty를 loss에 직접 더했다면, 더한 **다음** backward()를 불렀는지).",
            )
        counted.append(n)
    for (eta, lam), n in zip(_Q2_CASES, counted, strict=True):
        ref = _sgd_steps(eta, lam)
        if n == ref:
            continue
        where = f"η={eta}, λ={lam}에서 {n:g} step"
        if len(set(counted)) == 1:
            wrong("sgd_ignores_args", f"η, λ가 달라도 늘 {n:g}입니다. 인자 eta, lam으로 SGD를 만드세요.")
        if abs(n - ref) == 1:
            wrong(
                "off_by_one",
                f"{where}인데 처음으로 절반 **아래**(< 0.5)가 되는 것은 {ref} step째입니다. step을 세는 위치나 "
                "while 조건(`p.item() >= 0.5`)을 확인하세요.",
            )
        wrong("sgd_value", f"{where}인데, torch.optim.SGD로 세면 {ref} step입니다.")


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        r"""
        $(1-\eta\lambda)^k = 0.5$에서 $k = \ln 0.5 / \ln(1-\eta\lambda)$. 확인은 3.1절의 `run_zero_grad`처럼
        `p.grad = torch.zeros_like(p)`로 step을 반복하면서 값이 처음으로 절반 아래가 되는 step을 센다.
        """,
        """
        `half_life_formula`는 `math.log(0.5) / math.log(1 - eta * lam)`. `half_life_sgd`는 값 1.0인 parameter 하나
        (`torch.tensor([1.0], requires_grad=True)`)로 `torch.optim.SGD([p], lr=eta, weight_decay=lam)`을 만들고,
        `while p.item() >= 0.5:` 안에서 grad를 0으로 채워 `step()`하며 센다. (2절의 (b)처럼 weight_decay 없는 SGD에
        L2 penalty `lam / 2 * (p**2).sum()`을 loss로 두고 `backward()`해도 된다: penalty를 더한 **다음** backward.)
        """,
    ],
    solution="""
$(1-\\eta\\lambda)^k = 0.5 \\Rightarrow k = \\ln 0.5 / \\ln(1-\\eta\\lambda)$. η=0.1, λ=0.01이면 k ≈ 692.8이라,
처음으로 절반 아래가 되는 것은 693 step째다. SGD로 세어도 같다.

```python
def half_life_formula(eta, lam):
    return math.log(0.5) / math.log(1 - eta * lam)


def half_life_sgd(eta, lam, max_steps=10_000):
    p = torch.tensor([1.0], requires_grad=True)
    sgd = torch.optim.SGD([p], lr=eta, weight_decay=lam)
    step = 0
    while p.item() >= 0.5 and step < max_steps:
        p.grad = torch.zeros_like(p)
        sgd.step()
        step += 1
    return step
```
""",
    correct="식과 torch.optim.SGD가 여러 (η, λ)에서 같은 반감기를 줍니다 (η=0.1, λ=0.01이면 693 step).",
)


# ---------------------------------------------------------------- q3
_Q3_PAIRS = [(0.001, 1.0), (0.002, 0.5), (0.01, 0.1), (0.001, 0.1)]
_Q3_STEPS, _Q3_W = 100, 2.0


def _zero_grad_run(opt_class, lam: float, steps: int, lr: float) -> float:
    p = torch.tensor([_Q3_W], requires_grad=True)
    opt = opt_class([p], lr=lr, weight_decay=lam)
    for _ in range(steps):
        p.grad = torch.zeros_like(p)
        opt.step()
    return p.item()


def _check_q3(results) -> None:
    if is_blank(results) or not results:
        not_attempted()
    if not isinstance(results, dict):
        wrong("not_dict", "results는 {(lr, λ): 100 step 뒤의 값} 모양의 dict여야 합니다.")
    if any(is_blank(v) for v in results.values()):
        not_attempted("results의 값 중 ...이 남아 있습니다.")
    missing = [pair for pair in _Q3_PAIRS if pair not in results]
    if missing:
        wrong("missing_pair", f"results에 {missing}가 없습니다. (lr, λ) 네 쌍 모두 재세요: {_Q3_PAIRS}.")
    for lr, lam in _Q3_PAIRS:
        value = _number(results[(lr, lam)], f"results[({lr}, {lam})]")
        ref = _zero_grad_run(torch.optim.AdamW, lam, _Q3_STEPS, lr)  # = 2·(1 − lr·λ)^100 (테스트가 손 계산과 맞춘다)
        if math.isclose(value, ref, rel_tol=1e-5):
            continue
        where = f"(lr={lr}, λ={lam})의 값이 {value:.5f}입니다"
        if math.isclose(value, _zero_grad_run(torch.optim.AdamW, lam, _Q3_STEPS, 0.1), rel_tol=1e-5):
            wrong(
                "lr_not_passed",
                f"{where}: lr=0.1로 돌린 값입니다. 3.1절의 `run_zero_grad`는 lr의 기본값이 0.1이라, "
                "`run_zero_grad(torch.optim.AdamW, lam, 100, lr=lr)`처럼 lr을 꼭 넘겨야 합니다.",
            )
        if math.isclose(value, _zero_grad_run(torch.optim.Adam, lam, _Q3_STEPS, lr), rel_tol=1e-5):
            wrong(
                "adam_not_adamw",
                f"{where}: `torch.optim.Adam`(L2 penalty)으로 돌린 값입니다. 이 문제는 `torch.optim.AdamW`입니다. "
                "Adam에서는 λw도 √v̂로 나뉘어 lr·λ가 세기를 정하지 않습니다 (3.1절).",
            )
        steps = math.log(value / _Q3_W) / math.log(1 - lr * lam) if 0 < value < _Q3_W else math.nan
        if math.isfinite(steps) and round(steps) != _Q3_STEPS and math.isclose(steps, round(steps), abs_tol=1e-3):
            wrong("steps", f"{where}: {round(steps)} step 돌린 값입니다. 100 step이어야 합니다.")
        wrong("value", f"{where}. torch.optim.AdamW로 100 step이면 {ref:.5f} (= 2·(1 − lr·λ)^100)입니다.")


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        r"""
        `run_zero_grad(torch.optim.AdamW, lam, 100, lr=...)`를 그대로 쓸 수 있다.
        gradient가 0이면 Adam step은 0이므로 값은 $w(1-\text{lr}\cdot\lambda)^{100}$이다.
        """,
        """
        `results[(lr, lam)] = run_zero_grad(torch.optim.AdamW, lam, 100, lr=lr)`. `lr=lr`을 빠뜨리면 3.1절의 기본값
        0.1로 돈다. lr·λ가 0.001로 같은 세 쌍의 값을 비교하고, 마지막 쌍(λ=0.1, lr=0.001)의 줄어든 양(2.0 − 값)을
        세 번째 쌍(λ=0.1, lr=0.01)과 비교하라.
        """,
    ],
    solution="""
gradient가 0이면 AdamW는 매 step w ← w(1 − lr·λ)만 한다. 그래서 lr·λ가 같은 세 쌍은 같은 값(2·0.999^100 ≈ 1.80959)이
되고, λ=0.1에서 lr만 10배 줄이면 줄어든 양도 약 10배 작아진다 (0.19041 → 0.01990).

```python
results = {}  # (lr, λ) -> 100 step 뒤의 값
for lr, lam in [(0.001, 1.0), (0.002, 0.5), (0.01, 0.1), (0.001, 0.1)]:
    results[(lr, lam)] = run_zero_grad(torch.optim.AdamW, lam, 100, lr=lr)
```
""",
    correct="네 값 모두 torch.optim.AdamW와 손 계산 2·(1 − lr·λ)^100에 맞습니다. lr·λ가 같은 세 값, 그리고 λ=0.1에서 "
    "lr을 10배 줄였을 때 줄어든 양을 출력에서 비교하세요.",
)


# ---------------------------------------------------------------- q4
Q4_SIZE, Q4_EPOCHS, Q4_SEEDS, Q4_LAMBDAS = 5000, 20, 3, (0.0, 3.0)


def _check_q4(small_loader, results) -> None:
    if is_blank(small_loader) or is_blank(results) or not results:
        not_attempted()
    check_small_train_loader(small_loader, Q4_SIZE, "`images[:5000]`, `targets[:5000]`")
    if not isinstance(results, dict):
        wrong("not_dict", "results는 {λ: [(History, weight norm), ...]} 모양의 dict여야 합니다.")
    if set(results) != set(Q4_LAMBDAS):
        wrong("lambdas", f"results의 λ가 {sorted(results)}입니다. λ = 0과 3 두 개를 비교하세요 (0이 대조군).")
    runs = {lam: list(results[lam]) for lam in Q4_LAMBDAS}
    for lam, rs in runs.items():
        if not all(isinstance(r, tuple | list) and len(r) == 2 and hasattr(r[0], "val_loss") for r in rs):
            wrong(
                "not_runs",
                f"results[{lam:g}]의 항목은 (History, weight norm) 쌍이어야 합니다 (5절의 sweep처럼).",
            )
        if len(rs) != Q4_SEEDS:
            wrong("seeds", f"λ={lam:g}의 실행이 {len(rs)}개입니다. seed 3개(`SEEDS`)로 하나씩, 3개여야 합니다.")
        histories = [h for h, _ in rs]
        if any(h.epochs_requested != Q4_EPOCHS for h in histories):
            asked = sorted({h.epochs_requested for h in histories})
            wrong(
                "epochs",
                f"λ={lam:g}을(를) {asked} epoch으로 학습했습니다. 두 λ 모두 {Q4_EPOCHS} epoch이어야 합니다.",
            )
        if any(h.stop_reason != "completed" for h in histories):
            wrong(
                "early_stopped",
                f"λ={lam:g}의 실행 중 일부가 {Q4_EPOCHS} epoch 전에 멈췄습니다 (early stopping). 같은 학습량으로 "
                "비교하려면 "
                "`early_stopping=False`로 끝까지 학습하세요.",
            )
        if len({tuple(h.val_loss) for h in histories}) == 1:
            wrong(
                "same_seed",
                f"λ={lam:g}의 세 실행이 완전히 같습니다: seed를 바꾸지 않았습니다. `settings.seed_everything(seed)`를 "
                "`SEEDS`의 seed마다 부르세요.",
            )
    shapes = {(h.model_name, h.n_params) for rs in runs.values() for h, _ in rs}
    if len(shapes) != 1:
        wrong(
            "different_models",
            f"λ마다 모델이 다릅니다 ({sorted(shapes)}). λ만 다르고 모델(`models.MLP((256, 128))`)은 같아야 합니다.",
        )
    control, treated = runs[0.0], runs[3.0]
    if any(tuple(hc.val_loss) == tuple(ht.val_loss) for (hc, _), (ht, _) in zip(control, treated, strict=True)):
        wrong(
            "decay_not_applied",
            "λ=3의 실행이 같은 seed의 λ=0 실행과 완전히 같습니다: weight decay가 걸리지 않았습니다. "
            "`torch.optim.AdamW(model.parameters(), lr=0.001, weight_decay=lam)`처럼 λ를 optimizer에 넘기세요.",
        )


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        """
        5절의 sweep 반복문에서 `train_loader`만 작은 loader로, `LAMBDAS`를 `[0.0, 3.0]`으로, epoch을 20으로 바꾸면 된다.
        5,000장이면 epoch 하나가 훨씬 빨라서 120번의 epoch도 금방 끝난다. 평균 ± 표준편차는 대략 읽기로만 쓴다.
        validation accuracy를 올리는지까지 판정하려면 9절처럼 loader를 `paired=True`로 만들고 학습된 모델도 남겨
        `epoch.correct_per_sample`과 `stats.paired_bootstrap`을 써야 한다
        (이 문제의 검사와 풀이는 거기까지 하지 않는다).
        """,
        """
        `results = {}`에 `results[lam] = [(History, weight_norm(model)), ...]`처럼 seed마다 한 쌍을 모은다.
        `train.fit(small_loader, val_loader, model, loss_fn, optimizer, 20, save_best_model=False, early_stopping=False,
        device=device, verbose=False)`. validation은 그대로 `val_loader`이고, test set은 쓰지 않는다.
        """,
    ],
    solution="""
train set만 앞 5,000장으로 바꾸고, 모델·optimizer·seed는 5절과 같게 한다. λ=0은 train accuracy가 거의 1.0이 되어 gap이
5절보다 훨씬 크고, λ=3은 gap과 weight norm을 줄인다 (대략 읽기). validation accuracy를 올리는지는 판정 규칙으로 말해야
한다.

```python
train_loader, val_loader, _ = data.load_mnist_splits(settings.data_root(), 200)
images, targets = train_loader.dataset.data, train_loader.dataset.targets
small_loader = data.InMemoryLoader(data.TensorPairDataset(images[:5000], targets[:5000]), 200, shuffle=True)
```

```python
N_EPOCH = 20
SEEDS = [0, 1, 2]
loss_fn = nn.CrossEntropyLoss()
results = {}  # λ -> [(History, weight norm), ...]
for lam in [0.0, 3.0]:
    results[lam] = []
    for seed in SEEDS:
        settings.seed_everything(seed)
        model = models.MLP((256, 128)).to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=0.001, weight_decay=lam)
        h = train.fit(
            small_loader,
            val_loader,
            model,
            loss_fn,
            optimizer,
            N_EPOCH,
            save_best_model=False,
            early_stopping=False,
            device=device,
            verbose=False,
        )
        results[lam].append((h, weight_norm(model)))
```
""",
    correct="작은 train set(앞 5,000장), 같은 MLP, λ = 0과 3, seed 3개 × 20 epoch이 맞습니다. "
    "출력에서 gap과 weight norm을 읽으세요: validation accuracy를 올리는지는 9절처럼 "
    "판정 규칙(stats.paired_bootstrap)으로 말합니다.",
)
