# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05. Learning rate decay — 연습 문제 풀이
#
# **목표**: 05 노트북 연습 문제 네 개의 풀이. 대부분은 `lr_trace`와 LR range test만으로 풀리므로 거의 학습하지 않는다
# (학습은 연습 문제 2의 짧은 3 epoch 한 번뿐). 각 풀이 끝에 출력이 무엇을 보여 주는지, 기대 결과와 맞는지 적는다.
# 풀이마다 05 노트북과 같은 검사(`q1.check(...)` ...)를 부른다: 풀이 코드는 05 노트북에서 `q1.solution()`으로 보는 것과 같다.
#
# **Goal**: worked solutions to the four exercises of lesson 05. Most need only `lr_trace` and the LR range test
# (the only training is one short 3-epoch run in exercise 2); each ends with what the output shows and whether it
# matches the expected outcome.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from torch.optim import lr_scheduler

from course_lib import data, models, plots, schedules, settings, train
from course_lib.exercises.lesson05 import q1, q2, q3, q4

plt.rcParams["axes.unicode_minus"] = False  # 로그 축 눈금의 "−"(U+2212)가 한글 글꼴에 없어서 나는 경고를 피한다

device = settings.get_device()
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200

train_loader, val_loader, test_loader = data.load_mnist_splits(settings.data_root(), BATCH_SIZE)
loss_fn = nn.CrossEntropyLoss()

# %% [markdown]
# ## 연습 문제 1. StepLR이 1e-5 아래로 내려가는 epoch
#
# 먼저 계산: epoch `e`의 LR은 `0.001 * 0.5 ** (e // 30)`이다. 1e-5 아래가 되려면 `0.5 ** k < 0.01`이어야 하는데
# `0.5 ** 6 = 0.015625`, `0.5 ** 7 = 0.0078125`이므로 `k = 7`, 즉 epoch `30 * 7 = 210`이다. 200 epoch 안에는 없다.

# %% tags=["nbval-check-output"]
trace200 = schedules.lr_trace(lr_scheduler.StepLR, 200, lr=0.001, step_size=30, gamma=0.5)
trace300 = schedules.lr_trace(lr_scheduler.StepLR, 300, lr=0.001, step_size=30, gamma=0.5)
print("200 epoch 안에서 1e-5 아래인 epoch:", [e for e, lr in enumerate(trace200) if lr < 1e-5])
print("200 epoch의 마지막 LR:", trace200[-1])
print("300 epoch으로 trace했을 때 처음 1e-5 아래인 epoch:", next(e for e, lr in enumerate(trace300) if lr < 1e-5))

# %% tags=["nbval-check-output"]
first_epoch = next(e for e, lr in enumerate(trace300) if lr < 1e-5)
within_200 = first_epoch < 200
q1.check(first_epoch, within_200)

# %% [markdown]
# 출력은 계산과 같다: 200 epoch 안에서는 목록이 비어 있고(마지막 LR 1.5625e-05), 처음으로 1e-5 아래가 되는 것은 epoch 210이다.
# 노트북의 기대 결과와 맞는다. "대충 7번쯤 반으로 줄면 되겠지"라고 어림했다면, 그 7번째가 200 epoch 밖이라는 점이 함정이다.

# %% [markdown]
# ## 연습 문제 2. CosineAnnealingLR을 batch마다 step하기
#
# batch마다 step하면 `T_max`의 단위가 step이 되므로, `N_EPOCH` epoch 동안 한 번 내려가려면 `T_max = N_EPOCH * len(train_loader)`다.
# 먼저 trace로 확인한다. epoch 단위 trace(`T_max=N_EPOCH`)와 epoch 경계의 값을 비교해 보자.

# %%
steps = len(train_loader)
T_MAX_STEPS = N_EPOCH * steps
per_step = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, T_MAX_STEPS, lr=LR, T_max=T_MAX_STEPS, eta_min=1e-5)
per_epoch = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, N_EPOCH, lr=LR, T_max=N_EPOCH, eta_min=1e-5)
print(f"T_max = {N_EPOCH} x {steps} = {T_MAX_STEPS}")
print("LR이 가장 작은 step:", per_step.index(min(per_step)), f"(전체 {len(per_step)} step 중 마지막)")
gap = max(abs(a - b) for a, b in zip(per_step[::steps], per_epoch, strict=True))
print(f"epoch 경계에서 두 trace의 최대 차이: {gap:.1e}")

ax = plots.plot_lr([lr for lr in per_epoch for _ in range(steps)], xlabel="step", label="epoch마다 (T_max=N_EPOCH)")
plots.plot_lr(per_step, ax=ax, xlabel="step", label="step마다 (T_max=N_EPOCH x 배치 수)", title="CosineAnnealingLR")
plt.show()

# %% [markdown]
# 이제 실제로 짧게 학습한다. 비용을 줄이려고 3 epoch만 돌리고, 그 3 epoch 동안 한 번 내려가도록 `T_max = 3 * len(train_loader)`로 둔다.
# `scheduler_step='batch'`를 주지 않으면 `fit`은 CosineAnnealingLR을 epoch마다 step한다는 점에 주의한다.


# %%
def make_scheduler(optimizer, epochs, steps_per_epoch):
    """batch마다 step할 때 epochs epoch 동안 한 번만 내려가는 CosineAnnealingLR."""
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
print("epoch 시작 LR (history.lr):", [f"{lr:.2e}" for lr in history.lr])
print(f"학습이 끝난 뒤의 LR: {optimizer.param_groups[0]['lr']:.2e}")
print("epoch별 val loss:", [round(v, 4) for v in history.val_loss])

# %% tags=["nbval-check-output"]
q2.check(make_scheduler, history)

# %% [markdown]
# trace에서 LR이 가장 작은 곳은 마지막 step이고(한 번만 내려간다), epoch 경계에서 step 단위 trace와 epoch 단위 trace의
# 차이는 위 출력처럼 아주 작다: step마다 부르면 같은 cosine을 계단 없이 매끄럽게 따라간다. 실제 학습에서도 `history.lr`이
# epoch마다 줄고, 끝난 뒤 LR은 `eta_min`(1e-5)과 같다 (출력 1.00e-05). 기대 결과와 맞는다.

# %% [markdown]
# ## 연습 문제 3. LR range test: Adam vs SGD(momentum=0.9)
#
# 같은 초기 모델(seed 0)로 optimizer 종류만 바꿔 두 번 돌린다. `lr_range_test`는 넘겨받은 optimizer의 종류와 설정
# (`optimizer.defaults`: momentum 등)으로 복사본 모델에 새 optimizer를 만든다.

# %%
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

fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained", sharey=True)
for ax, (name, res) in zip(axes, results.items(), strict=True):
    plots.plot_lr_range(res, ax=ax, title=f"LR range test: {name}")
plt.show()
for name, res in results.items():
    lr_min = res.lrs[res.losses.index(min(res.losses))]
    print(f"{name:20s} 제안 LR {res.suggestion:.1e} | smoothed loss 최저 LR {lr_min:.1e} | {res.reason}")
ratio = results["SGD (momentum=0.9)"].suggestion / results["Adam"].suggestion
print(f"제안 LR의 비 (SGD / Adam): {ratio:.0f}배")

# %% tags=["nbval-check-output"]
sgd_optimizer = torch.optim.SGD(probe.parameters(), lr=LR, momentum=0.9)
q3.check(sgd_optimizer, results["SGD (momentum=0.9)"], results["Adam"])

# %% [markdown]
# 출력에서 Adam의 제안 LR은 약 7.3e-03, SGD(momentum=0.9)는 약 5.1e-02로 SGD 쪽이 약 7배 크다. smoothed loss가 가장 낮았던
# LR도 Adam 약 8.2e-01, SGD 약 4.3으로 SGD의 곡선 전체가 오른쪽(큰 LR)으로 옮겨 가 있다 (옅은 raw loss 곡선도 함께 옮겨 간다.
# 두 최저 LR은 노트북 7절에서 본 대로 지수 이동 평균 때문에 raw 곡선보다 오른쪽으로 밀려 있지만, 두 optimizer에 똑같이 적용되는
# 평균이므로 비교에는 지장이 없다). 기대 결과와 맞는다: Adam은 gradient를
# 그 크기(제곱 평균의 제곱근)로 나눠 한 step의 크기를 LR 근처로 맞추므로 작은 LR에서 이미 크게 움직이고, SGD는 gradient
# 크기 그대로 움직이므로 더 큰 LR이 필요하다. 그래서 "좋은 LR"은 모델뿐 아니라 optimizer마다 따로 찾아야 한다.
#
# 노트북 7절의 Adam 제안값은 4.2e-03(smoothed loss 최저 LR 9.9e-01)이었다. 같은 seed 0 모델, 같은 설정인데 값이 다른
# 것은 train loader 때문이다: 이 풀이의 loader는 `paired=True` 없이 전역 난수로 섞으므로 range test가 보는 batch가 노트북과
# 다르다.
# batch 순서만 달라져도 제안값이 약 1.7배(4.2e-03 대 7.3e-03) 달라진다: 제안값은 어림값이지 정밀한 값이 아니다.

# %% [markdown]
# ## 연습 문제 4. ReduceLROnPlateau의 patience
#
# 노트북 6-2절과 같은 만들어 낸 validation loss로 `patience`만 1, 2, 5로 바꾼다.

# %% tags=["nbval-check-output"]
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

# %% tags=["nbval-check-output"]
drops_by_patience = {p: [i for i in range(1, len(lrs)) if lrs[i] < lrs[i - 1]] for p, lrs in plateau.items()}
q4.check(drops_by_patience)

# %%
fig, ax = plt.subplots(figsize=(10, 4), layout="constrained")
for patience, lrs in plateau.items():
    plots.plot_lr(lrs, ax=ax, label=f"patience={patience}", title="ReduceLROnPlateau (factor=0.5)")
ax.set_xticks(range(len(fake_val_loss)))
plt.show()

# %% [markdown]
# 출력의 세 줄을 비교하면:
#
# - `patience=1`: LR이 epoch 10, 14, 16, 18에서 네 번 줄어 마지막에는 6.25e-05(처음의 1/16)가 된다. 가장 일찍, 가장 자주 줄인다.
# - `patience=2` (노트북과 같은 설정): epoch 11, 15, 18에서 세 번.
# - `patience=5`: epoch 18에서 한 번만 줄어 마지막 LR은 5e-04다.
#
# 기대 결과와 맞는다: patience가 작을수록 일찍, 자주 줄인다. 또 epoch 5\~11처럼 validation loss가 0.147 → 0.146 → 0.145로
# 가끔씩이라도 새 기록을 세우면 그때마다 세던 횟수가 0으로 돌아가므로, `patience=5`는 거의 끝까지 LR을 줄이지 않는다.
# 실제 학습에서는 validation loss가 흔들리므로 patience를 너무 작게 잡으면 우연한 흔들림에도 LR이 줄어든다.
