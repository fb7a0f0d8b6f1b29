"""05 노트북(Learning rate decay)의 연습 문제 검사: ``q1`` ... ``q4``.

기준은 PyTorch의 scheduler 자신이다: ``schedules.lr_trace`` 로 일회용 optimizer에서 돌린 LR 목록과 비교한다.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

import torch
from torch.optim import lr_scheduler

from course_lib import schedules
from course_lib.history import History

from ._core import Exercise, call, is_blank, not_attempted, wrong

__all__ = ["q1", "q2", "q3", "q4"]


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


# ---------------------------------------------------------------- q1: StepLR이 1e-5 아래로 내려가는 epoch


def _check_q1(first_epoch: Any, within_200: Any) -> None:
    if is_blank(first_epoch) or is_blank(within_200):
        not_attempted()
    if not _is_int(first_epoch):
        wrong("not_int", f"first_epoch에는 epoch 번호(정수)를 넣으세요 (받은 값: {first_epoch!r}).")
    if not isinstance(within_200, bool):
        wrong("not_bool", f"within_200에는 True 또는 False를 넣으세요 (받은 값: {within_200!r}).")
    # 기준: PyTorch의 StepLR을 300 epoch 동안 step한 LR 목록 (i번째 값 = epoch i 동안 쓰는 LR, 0부터)
    trace = schedules.lr_trace(lr_scheduler.StepLR, 300, lr=0.001, step_size=30, gamma=0.5)
    answer = next(e for e, lr in enumerate(trace) if lr < 1e-5)  # 210
    if first_epoch == answer - 30:
        wrong(
            "k_off_by_one",
            f"epoch {first_epoch}의 LR은 0.001 × 0.5^{first_epoch // 30} = {trace[first_epoch]:.4g}로 아직 1e-5보다 "
            "큽니다. 0.5^6 ≈ 0.0156은 0.01보다 크므로 7번 줄어야 합니다.",
        )
    if first_epoch == answer + 1:
        wrong(
            "counted_from_1",
            "epoch을 1부터 셌습니다. 이 노트북의 epoch 번호는 lr_trace 결과의 index처럼 0부터 셉니다: "
            "LR이 k번 줄어든 뒤의 첫 epoch은 30 × k입니다.",
        )
    if first_epoch == answer - 1:
        wrong(
            "one_early",
            f"epoch {first_epoch}에는 아직 LR이 {trace[first_epoch]:.4g}입니다. scheduler.step()은 epoch이 **끝난 뒤** "
            "부르므로, 줄어든 LR은 다음 epoch부터 쓰입니다 (lr_trace의 i번째 값 = epoch i 동안 쓰는 LR).",
        )
    if first_epoch != answer:
        lr_there = f" (lr_trace로 보면 그 epoch의 LR은 {trace[first_epoch]:.4g})" if 0 <= first_epoch < 300 else ""
        wrong(
            "other",
            f"first_epoch = {first_epoch}: 처음 1e-5 아래가 되는 epoch이 아닙니다{lr_there}. "
            "epoch e의 LR은 0.001 × 0.5^(e // 30)입니다.",
        )
    if within_200:
        wrong(
            "within_200",
            f"처음 1e-5 아래가 되는 것은 epoch {answer}이고, 200 epoch(0~199) 밖입니다: "
            f"200 epoch 동안은 **한 번도** 1e-5 아래로 내려가지 않습니다 (마지막 LR {trace[199]:.5g}).",
        )


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        "epoch `e`의 LR은 `0.001 * 0.5 ** (e // 30)`이다. `0.5 ** k < 0.01`이 되는 가장 작은 정수 `k`를 구하고, "
        "`30 * k`가 200보다 작은지 보자. 확인은 `[e for e, lr in enumerate(trace) if lr < 1e-5]`.",
        "`0.5 ** 6 ≈ 0.0156`, `0.5 ** 7 ≈ 0.0078`이다. 200 epoch으로 trace해서 목록이 비어 있으면, 300 epoch으로 "
        "다시 trace해 처음 1e-5 아래인 epoch을 찾는다. epoch은 0부터 센다 (lr_trace 결과의 index).",
    ],
    solution="""
    epoch `e`의 LR은 `0.001 * 0.5 ** (e // 30)`이다. `0.5 ** 6 = 0.015625`, `0.5 ** 7 = 0.0078125`이므로 7번 줄어야
    하고, 그것은 epoch `30 * 7 = 210`이다. 200 epoch 안에는 없다 (마지막 LR 1.5625e-05).

    ```python
    trace200 = schedules.lr_trace(lr_scheduler.StepLR, 200, lr=0.001, step_size=30, gamma=0.5)
    trace300 = schedules.lr_trace(lr_scheduler.StepLR, 300, lr=0.001, step_size=30, gamma=0.5)
    print("200 epoch 안에서 1e-5 아래인 epoch:", [e for e, lr in enumerate(trace200) if lr < 1e-5])
    print("200 epoch의 마지막 LR:", trace200[-1])
    print("300 epoch으로 trace했을 때 처음 1e-5 아래인 epoch:", next(e for e, lr in enumerate(trace300) if lr < 1e-5))
    ```

    ```python
    first_epoch = next(e for e, lr in enumerate(trace300) if lr < 1e-5)
    within_200 = first_epoch < 200
    ```
    """,
    correct="epoch 210: 200 epoch 안에서는 한 번도 1e-5 아래로 내려가지 않습니다 (PyTorch의 StepLR과 같습니다).",
)


# ---------------------------------------------------------------- q2: CosineAnnealingLR을 batch마다 step하기


def _new_optimizer(lr: float = 0.1) -> torch.optim.Optimizer:
    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)


def _learner_scheduler(make_scheduler: Any, epochs: int, steps: int, lr: float = 0.1) -> Any:
    sched = call(make_scheduler, _new_optimizer(lr), epochs, steps)
    if is_blank(sched):
        not_attempted()
    if not isinstance(sched, lr_scheduler.CosineAnnealingLR):
        wrong(
            "not_cosine",
            f"make_scheduler가 돌려준 scheduler가 {type(sched).__name__}입니다. CosineAnnealingLR이어야 합니다.",
        )
    return sched


def _check_make_scheduler(make_scheduler: Any) -> None:
    cases = ((3, 7), (10, 275))
    t_max = [_learner_scheduler(make_scheduler, e, s).T_max for e, s in cases]
    for (epochs, steps), t in zip(cases, t_max, strict=True):
        if t == epochs * steps:
            continue
        if t == epochs:
            wrong(
                "t_max_epochs",
                f"epoch {epochs}, 한 epoch {steps} step일 때 T_max가 {t}(epoch 수)입니다. batch마다 step하면 T_max의 "
                f"단위는 step이므로, {t} step 만에 최솟값에 닿고 다시 올라갑니다. T_max = epochs * steps_per_epoch.",
            )
        if t == steps:
            wrong(
                "t_max_one_epoch",
                f"T_max가 한 epoch의 step 수({steps})입니다: 한 epoch 만에 최솟값에 닿습니다. "
                "전체 학습 동안 한 번 내려가려면 epoch 수도 곱합니다.",
            )
        if t_max[0] == t_max[1]:
            wrong(
                "ignores_args",
                f"make_scheduler의 T_max가 인자와 상관없이 늘 {t}입니다. "
                "넘겨받은 epochs와 steps_per_epoch로 계산하세요.",
            )
        wrong("t_max_other", f"epoch {epochs} x {steps} step인데 T_max가 {t}입니다. 전체 step 수여야 합니다.")
    # PyTorch의 CosineAnnealingLR(T_max = 전체 step 수)와 step마다의 LR이 같은지 (eta_min은 학습자의 값)
    eta_min = _learner_scheduler(make_scheduler, 3, 7).eta_min
    mine = schedules.lr_trace(lambda opt: call(make_scheduler, opt, 3, 7), 21, lr=0.1)
    reference = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, 21, lr=0.1, T_max=21, eta_min=eta_min)
    if not all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12) for a, b in zip(mine, reference, strict=True)):
        wrong("trace", "step마다의 LR이 PyTorch의 CosineAnnealingLR(T_max = 전체 step 수)과 다릅니다.")


def _steps_per_epoch_ratio(lrs: list[float], eta_min: float, epochs: int) -> bool:
    """history.lr이 "T_max = epochs × S로 만들고 epoch마다 step한" cosine인가 (S는 2 이상의 정수, 한 epoch의 step 수).

    epoch e를 시작할 때의 LR이 cosine(e / T)라면 T를 둘째 값에서 되풀어 구할 수 있다: 그 T가 epochs의 정수 배면
    batch 단위로 만든 scheduler를 epoch마다 step한 것이고, 아니면 다른 epoch 수에 맞춰 만든 scheduler다.
    """
    if lrs[0] <= eta_min:
        return False
    c = 2 * (lrs[1] - eta_min) / (lrs[0] - eta_min) - 1  # cos(pi / T)
    if not -1 < c < 1:
        return False
    ratio = math.pi / math.acos(c) / epochs
    return round(ratio) >= 2 and abs(ratio - round(ratio)) < 1e-3 * ratio


def _check_q2(make_scheduler: Any, history: Any = None) -> None:
    if is_blank(make_scheduler):
        not_attempted()
    _check_make_scheduler(make_scheduler)
    if is_blank(history):
        not_attempted("make_scheduler는 맞습니다. 이제 짧게 학습한 fit의 결과(History)를 history에 넣으세요.")
    if not isinstance(history, History):
        wrong("not_history", f"history에는 train.fit이 돌려준 History를 넣으세요 (받은 값: {type(history).__name__}).")
    lrs = history.lr
    if len(lrs) < 2:
        wrong("too_short", "2 epoch 이상 학습해야 LR이 epoch마다 어떻게 바뀌는지 볼 수 있습니다.")
    if all(math.isclose(lr, lrs[0]) for lr in lrs):
        wrong(
            "no_scheduler",
            "history.lr이 epoch마다 같습니다: scheduler가 학습에 쓰이지 않았습니다. "
            "fit(..., lr_scheduler=scheduler, scheduler_step='batch')로 넘기세요.",
        )
    # batch마다 step하고 T_max = E × (한 epoch의 step 수)면, epoch e를 시작할 때의 LR은
    # epoch 단위 cosine(T_max=E)의 e번째 값과 같다 (step 수와 상관없다).
    # E는 fit에 요청한 epoch 수 (smoke mode에서 줄어들어도 요청한 값이 남는다).
    epochs = history.epochs_requested
    if epochs < len(lrs):
        wrong("not_history", "history의 epoch 기록이 맞지 않습니다: train.fit이 돌려준 History를 그대로 넣으세요.")
    eta_min = _learner_scheduler(make_scheduler, epochs, 7, lr=lrs[0]).eta_min
    expected = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, epochs, lr=lrs[0], T_max=epochs, eta_min=eta_min)
    if all(math.isclose(a, b, rel_tol=1e-5) for a, b in zip(lrs, expected, strict=False)):
        return
    if lrs[1] > expected[1] and _steps_per_epoch_ratio(lrs, eta_min, epochs):
        wrong(
            "per_epoch_step",
            f"두 번째 epoch(`history.lr[1]`)을 시작할 때의 LR({lrs[1]:.3e})이 "
            f"batch마다 step했다면 나와야 할 값({expected[1]:.3e})보다 큽니다: "
            "scheduler가 epoch마다 한 번만 step되었습니다. fit은 CosineAnnealingLR을 기본으로 epoch마다 step하므로 "
            "fit(..., scheduler_step='batch')를 넘기세요.",
        )
    if any(b > a for a, b in itertools.pairwise(lrs)):
        wrong(
            "cycled",
            "history.lr이 중간에 다시 올라갑니다: 학습에 쓴 scheduler의 T_max가 전체 step 수보다 짧습니다. "
            "make_scheduler(optimizer, 학습할 epoch 수, len(train_loader))로 만든 scheduler를 넘기세요.",
        )
    wrong(
        "epochs_mismatch",
        f"history.lr이 {epochs} epoch 동안 한 번 내려가는 cosine과 다릅니다: scheduler를 만들 때의 epoch 수와 "
        "fit에 넘긴 epoch 수가 같은지 보세요 (예: make_scheduler(optimizer, N_EPOCH, ...)로 만들고 3 epoch만 학습).",
    )


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        "batch마다 step하면 `T_max`의 단위는 step이다. 전체 step 수는 `N_EPOCH * len(train_loader)`다. "
        "먼저 `lr_trace`로 그 값의 trace를 그려 한 번만 내려가는지 보고, "
        "그다음 짧게(예: 3 epoch, `T_max = 3 * len(train_loader)`) 학습해 `history.lr`을 보자.",
        "`make_scheduler`는 "
        "`lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch, eta_min=1e-5)`를 돌려준다. "
        "fit은 CosineAnnealingLR을 기본으로 epoch마다 step하므로 `scheduler_step='batch'`를 꼭 넘긴다. "
        "직접 루프를 짠다면 순서는 `optimizer.step()` 다음 `scheduler.step()`이다.",
    ],
    solution="""
    batch마다 step하면 `T_max`의 단위가 step이 되므로, `N_EPOCH` epoch 동안 한 번 내려가려면
    `T_max = N_EPOCH * len(train_loader)`다 (full mode에서 10 × 275 = 2750).

    ```python
    def make_scheduler(optimizer, epochs, steps_per_epoch):
        \"\"\"batch마다 step할 때 epochs epoch 동안 한 번만 내려가는 CosineAnnealingLR.\"\"\"
        return lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch, eta_min=1e-5)


    EPOCHS_EX2 = 3
    settings.seed_everything(0)
    model = models.BNModel().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    scheduler = make_scheduler(optimizer, EPOCHS_EX2, steps)
    history = train.fit(
        train_loader,
        val_loader,
        model,
        loss_fn,
        optimizer,
        EPOCHS_EX2,
        save_best_model=False,
        early_stopping=False,
        device=device,
        lr_scheduler=scheduler,
        scheduler_step="batch",
        verbose=False,
    )
    ```

    (`steps = len(train_loader)`.) step 단위 trace는 epoch 단위 trace를 부드럽게 이은 모양이고(epoch 경계에서 두 값이
    거의 같다), 마지막 step에서만 최솟값 근처에 닿는다. `history.lr`은 epoch마다 줄어든다.
    """,
    correct=(
        "T_max = epoch 수 × 한 epoch의 step 수이고, fit이 batch마다 step해 history.lr이 PyTorch의 cosine과 같습니다."
    ),
)


# ---------------------------------------------------------------- q3: LR range test, Adam vs SGD(momentum=0.9)


def _check_q3(sgd_optimizer: Any, sgd_result: Any, adam_result: Any) -> None:
    if is_blank(sgd_optimizer):
        not_attempted()
    if not isinstance(sgd_optimizer, torch.optim.SGD):
        wrong("not_sgd", f"sgd_optimizer가 {type(sgd_optimizer).__name__}입니다. torch.optim.SGD를 만드세요.")
    momentum = sgd_optimizer.defaults.get("momentum", 0)
    if momentum != 0.9:
        wrong(
            "no_momentum",
            f"SGD의 momentum이 {momentum}입니다. 문제는 SGD(..., lr=LR, momentum=0.9)입니다 "
            "(lr_range_test는 optimizer.defaults의 설정을 복사합니다).",
        )
    if is_blank(sgd_result):
        not_attempted("optimizer는 맞습니다. 이제 이 optimizer로 schedules.lr_range_test를 돌린 결과를 넘기세요.")
    if not isinstance(sgd_result, schedules.LRRangeResult) or not isinstance(adam_result, schedules.LRRangeResult):
        wrong("not_result", "sgd_result와 result에는 schedules.lr_range_test(...)가 돌려준 결과를 넣으세요.")
    if sgd_result is adam_result or sgd_result.losses == adam_result.losses:
        wrong(
            "same_result",
            "두 결과의 loss가 똑같습니다: SGD의 range test에 Adam optimizer(probe_optimizer)를 넘겼거나 "
            "같은 결과를 두 번 넘겼습니다. lr_range_test(probe_model, sgd_optimizer, ...)로 다시 돌리세요.",
        )
    ratio = [r.lrs[1] / r.lrs[0] for r in (sgd_result, adam_result)]
    if not (math.isclose(sgd_result.lrs[0], adam_result.lrs[0]) and math.isclose(ratio[0], ratio[1])):
        wrong(
            "different_range",
            "두 range test의 start_lr, end_lr, num_steps가 다릅니다: "
            "같은 LR 범위에서 시험해야 두 곡선을 나란히 비교할 수 있습니다. "
            "7절과 같은 인자(start_lr=1e-7, end_lr=10, num_steps=200)를 쓰세요.",
        )


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        "`lr_range_test`는 넘겨받은 optimizer와 **같은 종류, 같은 설정**의 새 optimizer를 복사본 모델에 만든다. "
        "optimizer만 바꿔서 두 번 부르고, `plots.plot_lr_range(result, ax=...)`로 시작 코드의 주석처럼 두 곡선을 "
        "나란히 그린다 (`plt.subplots(1, 2, ...)`로 만든 두 축).",
        "`sgd_optimizer = torch.optim.SGD(probe_model.parameters(), lr=LR, momentum=0.9)`, 그리고 7절과 같은 인자로 "
        "`schedules.lr_range_test(probe_model, sgd_optimizer, loss_fn, train_loader, start_lr=1e-7, end_lr=10, "
        "num_steps=200, device=device)`. probe_model의 가중치는 range test 뒤에도 그대로이므로 다시 써도 된다.",
    ],
    solution="""
    풀이 노트북은 같은 초기 모델(seed 0)로 optimizer 종류만 바꿔 두 번 돌린다:

    ```python
    results = {}
    for name, make_opt in {
        "Adam": lambda p: torch.optim.Adam(p, lr=LR),
        "SGD (momentum=0.9)": lambda p: torch.optim.SGD(p, lr=LR, momentum=0.9),
    }.items():
        settings.seed_everything(0)
        probe = models.BNModel().to(device)
        results[name] = schedules.lr_range_test(
            probe, make_opt(probe.parameters()), loss_fn, train_loader, device=device
        )  # fmt: skip
    ```

    ```python
    sgd_optimizer = torch.optim.SGD(probe.parameters(), lr=LR, momentum=0.9)
    ```

    SGD의 곡선은 오른쪽(큰 LR)으로 옮겨 가고, 제안값도 Adam보다 **훨씬 크다** (Adam은 gradient 크기로 나눠 한 step의
    크기를 맞추므로 작은 LR에서 이미 크게 움직인다). "좋은 LR"은 optimizer마다 다르다는 뜻이다.
    """,
    correct=(
        "같은 LR 범위에서 SGD(momentum=0.9)로 range test를 했습니다. 두 곡선의 위치와 result.suggestion을 비교하세요."
    ),
)


# ---------------------------------------------------------------- q4: ReduceLROnPlateau의 patience

FAKE_VAL_LOSS = [
    0.30,
    0.22,
    0.18,
    0.16,
    0.15,
    0.147,
    0.148,
    0.146,
    0.147,
    0.148,
    0.146,
    0.145,
    0.146,
    0.147,
    0.146,
    0.146,
    0.145,
    0.146,
    0.146,
    0.145,
]  # fmt: skip  (6-2절과 같다)


def _torch_drops(patience: int) -> list[int]:
    """PyTorch의 ReduceLROnPlateau가 LR을 줄인 epoch (6-2절의 만들어 낸 validation loss)."""
    lrs = schedules.lr_trace(
        lr_scheduler.ReduceLROnPlateau,
        len(FAKE_VAL_LOSS),
        lr=0.001,
        metrics=FAKE_VAL_LOSS,
        mode="min",
        factor=0.5,
        patience=patience,
    )
    return [i for i in range(1, len(lrs)) if lrs[i] < lrs[i - 1]]


def _no_reset_drops(patience: int) -> list[int]:
    """흔한 손 계산 실수: LR을 줄인 뒤에도 세던 횟수를 0으로 돌리지 않는다."""
    best, bad, drops = math.inf, 0, []
    for epoch, loss in enumerate(FAKE_VAL_LOSS):
        if loss < best * (1 - 1e-4):  # PyTorch의 기본 threshold (rel 1e-4)
            best, bad = loss, 0
        else:
            bad += 1
        if bad > patience and epoch + 1 < len(FAKE_VAL_LOSS):
            drops.append(epoch + 1)
    return drops


def _as_epochs(value: Any, patience: int) -> list[int]:
    if is_blank(value):
        not_attempted()
    try:
        epochs = sorted(value)
    except TypeError:
        wrong(
            "not_list",
            f"drops_by_patience[{patience}]에는 LR이 줄어든 epoch 번호의 목록을 넣으세요 (받은 값: {value!r}).",
        )
    if not all(_is_int(e) for e in epochs):
        wrong("not_list", f"drops_by_patience[{patience}]에는 epoch 번호(정수)만 넣으세요.")
    return epochs


def _check_q4(drops: Any) -> None:
    if is_blank(drops):
        not_attempted()
    if not isinstance(drops, Mapping) or not {1, 5} <= set(drops):
        wrong(
            "keys",
            "drops_by_patience는 {1: [...], 5: [...]}처럼 patience마다 LR이 줄어든 epoch 목록을 담은 dict여야 합니다.",
        )
    answers = {p: _as_epochs(drops[p], p) for p in (1, 5)}
    expected = {p: _torch_drops(p) for p in (1, 5)}
    for p in (1, 5):
        got, want = answers[p], expected[p]
        if got == want:
            continue
        if got == _torch_drops(2):
            wrong(
                "copied_patience2",
                f"drops_by_patience[{p}]의 목록이 6-2절의 patience=2 결과와 같습니다. patience={p}로 다시 trace하세요.",
            )
        if got == [e - 1 for e in want]:
            wrong(
                "one_early",
                f"patience={p}의 답이 모두 한 epoch씩 이릅니다. epoch e의 val loss로 step()을 부르면 줄어든 LR은 "
                "**다음** epoch(e + 1)부터 쓰입니다 (lr_trace의 i번째 값 = epoch i 동안 쓰는 LR).",
            )
        if got == _torch_drops(p - 1):
            wrong(
                "patience_inclusive",
                f"patience={p}의 답이 patience={p - 1}의 결과와 같습니다: "
                "나아지지 않은 epoch이 patience번이 되면 줄인다고 셌습니다. "
                "규칙은 patience번보다 **많아지면**(patience + 1번째에) 줄이는 것입니다.",
            )
        if got == _no_reset_drops(p):
            wrong(
                "no_reset",
                "LR을 줄인 뒤에도 나아지지 않은 epoch을 이어서 셌습니다. ReduceLROnPlateau는 LR을 줄이면 세던 횟수를 "
                "0으로 돌리고 처음부터 다시 셉니다.",
            )
        wrong(
            "other",
            f"patience={p}에서 LR이 줄어든 epoch 목록({got})이 PyTorch의 결과와 다릅니다. lr_trace로 확인해 보세요.",
        )


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        "같은 `fake_val_loss`로 `lr_trace(..., patience=1)`, `patience=5`를 만들고, LR이 줄어든 epoch 목록을 비교한다. "
        '"가장 낮은 기록을 `patience` epoch보다 오래 갱신하지 못하면" 줄어든다는 규칙을 손으로 따라가 보자.',
        "LR이 줄어든 epoch은 6-2절처럼 `[i for i in range(1, len(lrs)) if lrs[i] < lrs[i - 1]]`로 구한다. "
        "줄인 뒤에는 세던 횟수가 0으로 돌아가고, "
        "새 기록은 이전 최저값보다 조금이라도(기본 threshold 1e-4 비율) 낮아야 한다.",
    ],
    solution="""
    ```python
    fake_val_loss = [0.30, 0.22, 0.18, 0.16, 0.15, 0.147, 0.148, 0.146, 0.147, 0.148,
                     0.146, 0.145, 0.146, 0.147, 0.146, 0.146, 0.145, 0.146, 0.146, 0.145]  # fmt: skip
    plateau = {}
    for patience in (1, 2, 5):
        plateau[patience] = schedules.lr_trace(
            lr_scheduler.ReduceLROnPlateau,
            len(fake_val_loss),
            lr=LR,
            metrics=fake_val_loss,
            mode="min",
            factor=0.5,
            patience=patience,
        )
        lrs = plateau[patience]
        drops = [i for i in range(1, len(lrs)) if lrs[i] < lrs[i - 1]]
        print(f"patience={patience}: LR이 줄어든 epoch {drops}, 마지막 LR {lrs[-1]:.3e}")
    ```

    ```python
    drops_by_patience = {p: [i for i in range(1, len(lrs)) if lrs[i] < lrs[i - 1]] for p, lrs in plateau.items()}
    ```

    `patience=1`이면 LR이 epoch 10, 14, 16, 18에서 네 번 줄어 끝에는 처음의 1/16이 된다.
    `patience=5`면 epoch 18에 한 번만 줄어든다. validation loss가 조금씩이라도 새 기록을 세우면
    세던 횟수가 0으로 돌아가므로 LR은 줄지 않는다.
    """,
    correct="patience=1은 epoch 10, 14, 16, 18, patience=5는 epoch 18: PyTorch의 ReduceLROnPlateau와 같습니다.",
)
