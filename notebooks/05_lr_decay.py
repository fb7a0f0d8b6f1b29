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
# # 05. Learning rate decay
#
# **목표**: optimizer가 [learning rate](glossary.md#learning-rate)(LR)를 어디에 보관하는지 확인하고, PyTorch의
# [LR scheduler](glossary.md#learning-rate-scheduler)(StepLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, MultiStepLR,
# ExponentialLR, LambdaLR, OneCycleLR, ReduceLROnPlateau, warm-up을 붙이는 LinearLR + SequentialLR)가 LR을 어떻게
# 바꾸는지 그래프로 비교한다. epoch 단위와 step(batch) 단위로 scheduler를 부를 때의 차이를 이해하고, LR range test로 쓸
# 만한 LR의 범위를 찾은 뒤, 고정 LR · CosineAnnealingLR · OneCycleLR을 같은 모델,
# 같은 seed 3개로 학습해 강좌의 판정 규칙으로 validation과 test에서 비교한다.
#
# **Goal**: see where the optimizer keeps the learning rate, compare how PyTorch's LR schedulers change it
# (StepLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, MultiStepLR, ExponentialLR, LambdaLR, OneCycleLR,
# ReduceLROnPlateau, and a warm-up with LinearLR + SequentialLR), understand per-epoch vs per-step stepping, find a usable
# LR range with an LR range test (raw and smoothed loss), and train a constant LR, CosineAnnealingLR and
# OneCycleLR on the same model with the same three seeds, judging them with the course's decision rule on the
# validation and test sets.

# %% [markdown]
# ## 1. 준비: import, device, 하이퍼파라미터, 데이터

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from torch.optim import lr_scheduler

from course_lib import data, models, plots, report, schedules, settings, train
from course_lib.epoch import correct_per_sample

plt.rcParams["axes.unicode_minus"] = False  # 로그 축 눈금의 "−"(U+2212)가 한글 글꼴에 없어서 나는 경고를 피한다

settings.seed_everything(42)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200
SEEDS = [0, 1, 2]  # 비교 실험은 seed 3개로 반복한다

# DATASET ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()

# %% [markdown]
# 00 노트북에서 설명한 대로 60,000장의 train 이미지를 55,000장(학습)과 5,000장([validation set](glossary.md#validation-set))으로
# 나눈다. 10,000장의 [test set](glossary.md#test-set)은 9절의 판정에만 쓴다: 세 schedule의 마지막 모델을 validation과
# test에서 강좌의 판정 규칙으로 비교하고, test 결과를 보고 무엇을 고르거나 바꾸지 않는다.

# %%
# paired=True: train loader가 자신의 생성기로 섞는다. 같은 seed의 실행들은 schedule이 달라도 같은 batch를 같은 순서로 본다
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE, paired=True)

# %% [markdown]
# ## 2. 왜 learning rate를 바꾸는가
#
# learning rate는 한 번의 update에서 파라미터를 얼마나 크게 움직일지 정한다.
#
# - 학습 **초반**에는 최적점에서 멀리 있으므로 큰 LR로 빠르게 이동하는 편이 좋다.
# - 학습 **후반**에는 최적점 근처에서 큰 LR이 오히려 최적점 주위를 왔다 갔다(진동)하게 만든다. 작은 LR로 세밀하게 다가가는 편이 좋다.
#
# 그래서 학습이 진행될수록 LR을 줄여 나가는 방법을 [**Learning rate decay**](glossary.md#learning-rate-decay)라고 하고,
# 정해진 규칙에 따라 LR을 바꿔 주는 객체를 **Learning rate scheduler**라고 한다.
# 파이토치는 `torch.optim.lr_scheduler` 모듈에서 여러 scheduler를 제공한다.

# %% [markdown]
# ## 3. Optimizer는 LR을 어디에 보관할까: `optimizer.param_groups`
#
# scheduler가 하는 일은 결국 optimizer 안의 LR 값을 바꾸는 것이다. 그 값이 어디 있는지 먼저 보자.

# %%
bn_model = models.BNModel()
optimizer = torch.optim.Adam(bn_model.parameters(), lr=0.001)

# %% tags=["nbval-check-output"]
# 옵티마이저 객체 관련 여러 정보들을 조회 => optimizer.param_groups
print(type(optimizer.param_groups), len(optimizer.param_groups))
print(type(optimizer.param_groups[0]))

# %% [markdown]
# `param_groups`는 list이고, 원소 하나가 "같은 설정으로 update할 파라미터 묶음"이다.
# 모델 전체를 한 설정으로 학습하면 묶음이 하나뿐이다 (층마다 다른 LR을 주고 싶으면 묶음을 여러 개 만든다).
# 각 묶음은 dict로, 파라미터 목록(`params`)과 optimizer 설정값들을 담고 있다.

# %% tags=["nbval-check-output"]
info_dict = optimizer.param_groups[0]
info_dict.keys()

# %% [markdown]
# 키 중에 `'lr'` 말고 `'weight_decay'`도 보인다. 03 노트북에서 다룬 [weight decay](glossary.md#weight-decay)의
# 계수가 바로 여기 들어간다 (`Adam(..., weight_decay=...)`, `AdamW(..., weight_decay=...)`). 지금은 지정하지 않았으므로 0이다.
# LR과 마찬가지로 묶음마다 다르게 줄 수 있다 (예: bias와 BatchNorm 파라미터에는 weight decay를 빼는 흔한 방식).

# %% tags=["nbval-check-output"]
print("lr          :", info_dict["lr"])  # 현재 learning rate
print("weight_decay:", info_dict["weight_decay"])  # 03 노트북의 weight decay 계수

# %% [markdown]
# scheduler는 매번 이 `'lr'` 값을 새 값으로 바꿔 넣는다. 직접 바꿔도 다음 `optimizer.step()`부터 바로 적용된다.

# %% tags=["nbval-check-output"]
optimizer.param_groups[0]["lr"] = 0.0005  # scheduler가 하는 일을 손으로
print(optimizer.param_groups[0]["lr"])
optimizer.param_groups[0]["lr"] = 0.001  # 원래대로

# %% [markdown]
# scheduler 객체는 `scheduler = 클래스(optimizer, 설정...)`으로 만들고, 정해진 시점마다 `scheduler.step()`을 부른다.
# 현재 LR은 `optimizer.param_groups[0]['lr']` 또는 `scheduler.get_last_lr()`로 볼 수 있다.

# %% tags=["nbval-check-output"]
step_scheduler = lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.5)
# 현재 LR 조회
optimizer.param_groups[0]["lr"], step_scheduler.get_last_lr()

# %% [markdown]
# ## 4. 실제 모델 없이 LR 변화 미리 보기: `schedules.lr_trace`
#
# scheduler가 200 epoch 동안 LR을 어떻게 바꾸는지 보려면 학습 루프를 흉내 내야 한다.
# 원래 자료는 아래처럼 실제 optimizer로 `optimizer.step()`과 `scheduler.step()`을 반복 호출했다.
#
# ```python
# for epoch in range(N_EPOCH):
#     for step in range(STEP_SIZE):   # for X, y in dataloader:
#         optimizer.step()            # (학습) 모델 예측 -> loss 계산 -> 파라미터 업데이트
#     scheduler.step()                # epoch 단위로 LR 변경 요청
#     lr_list.append(scheduler.get_last_lr()[0])
# ```
#
# 이렇게 하면 실제 optimizer의 LR과 상태가 바뀌어 버린다. `course_lib.schedules.lr_trace()`는 같은 일을
# **파라미터 하나짜리 일회용 optimizer**로 하고, LR 목록만 돌려준다. 실제 모델과 optimizer는 건드리지 않는다.
#
# - `lr_trace(scheduler 클래스, 횟수, lr=초기 LR, **scheduler 설정)`
# - 결과의 `i`번째 값은 `i`번째 epoch(또는 step) **동안 쓰이는** LR이다 (그래프의 x축은 0부터 시작한다).
# - 순서는 항상 `optimizer.step()` 다음 `scheduler.step()`이다 (반대로 부르면 어떻게 되는지는 바로 아래에서 본다).
# - LR은 한 epoch(또는 step) 동안 일정하고 경계에서만 바뀌므로 `plots.plot_lr`은 **계단 모양**으로 그린다.
#
# 순서를 거꾸로 부르면 어떻게 될까? 매 epoch LR을 절반으로 줄이는 `StepLR(step_size=1, gamma=0.5)`로 4 epoch만 흉내 내서,
# `optimizer.step()`이 실제로 쓴 LR과 그동안 PyTorch가 낸 경고의 수를 세어 보자.

# %%
import warnings


def lrs_used(scheduler_first, n_epochs=4):
    """StepLR(step_size=1, gamma=0.5)로 n_epochs epoch 동안 optimizer.step()이 쓴 LR과, 그동안 나온 경고의 수."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)  # 일회용 optimizer (난수를 쓰지 않는다)
    sched = lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    used = []
    with warnings.catch_warnings(record=True) as caught:  # 경고를 화면에 내지 않고 모아서 센다
        warnings.simplefilter("always")
        for _ in range(n_epochs):
            if scheduler_first:
                sched.step()  # 거꾸로: scheduler.step()이 먼저
            used.append(opt.param_groups[0]["lr"])
            opt.step()
            if not scheduler_first:
                sched.step()  # 올바른 순서: optimizer.step() 다음
    return used, len(caught)


# %% tags=["nbval-check-output"]
for scheduler_first, order in (
    (False, "optimizer.step() → scheduler.step()"),
    (True, "scheduler.step() → optimizer.step()"),
):
    used, n_warnings = lrs_used(scheduler_first)
    print(f"{order}: 쓰인 LR {used}, 경고 {n_warnings}번")

# %% [markdown]
# 올바른 순서에서는 첫 epoch이 초기 LR 0.1로 학습한다. 거꾸로 부르면 첫 `optimizer.step()`부터 이미 한 번 줄어든 0.05를 써서
# **초기 LR의 epoch 하나를 통째로 건너뛰고**, 그 뒤로도 계속 한 칸씩 앞당겨진다. 그런데 경고는 4 epoch 동안 **1번**뿐이다:
# PyTorch는 첫 `optimizer.step()`보다 `scheduler.step()`이 먼저 불렸을 때만 경고하고, 그 뒤로는 아무 말도 하지 않는다.
# 그러니 경고가 한 번 보였다면 지나치지 말고 순서를 고치자.
#
# 이제 원래 자료와 같이 200 epoch, 초기 LR 0.001로 세 scheduler를 비교한다.

# %%
N_EPOCH_DEMO = 200  # LR 그래프용 epoch 수 (원래 자료의 N_EPOCH = 200)
STEP_SIZE = 10  # 한 epoch의 step(batch) 수 역할

# %% [markdown]
# ### 4-1. StepLR
#
# `step_size` epoch(또는 step)마다 LR에 `gamma`를 곱한다: 30 epoch마다 LR이 절반이 되는 계단 모양.
# 그래프에서 LR은 epoch 30, 60, 90, ...에서 수직으로 떨어지고, 그 사이 30 epoch 동안은 평평하다.

# %%
steplr_list = schedules.lr_trace(
    lr_scheduler.StepLR,
    N_EPOCH_DEMO,
    lr=0.001,
    step_size=30,  # 몇 step/epoch 마다 LR를 변경시킬지 간격
    gamma=0.5,  # 변경 비율. new_lr = lr * gamma
)

# %% tags=["nbval-check-output"]
print("epoch 0, 30, 60, ... 의 LR:", [round(x, 8) for x in steplr_list[::30]])
print("마지막 epoch의 LR:", round(steplr_list[-1], 8))

# %%
plots.plot_lr(steplr_list, title="StepLR (step_size=30, gamma=0.5)")
plt.show()

# %% [markdown]
# ### 4-2. CosineAnnealingLR
#
# [cosine annealing](glossary.md#cosine-annealing)은 cosine 곡선의 절반을 따라 LR을 초기 LR에서 `eta_min`까지
# 부드럽게 줄인다. annealing(풀림, 어닐링)은 달군 금속을 **천천히** 식혀 안정된 상태로 만드는 공정에서 온 말이다 (급히
# 식히는 담금질(quenching)과는 반대다. simulated annealing을 '담금질 기법'이라고 옮기기도 하지만, 금속 공학에서
# 담금질은 급랭을 뜻한다). 최적화에서는 simulated annealing이 "온도"를 천천히 낮추는 데서 빌려 온 말로, 여기서는 LR을 갑자기가 아니라
# 서서히 낮춘다는 뜻이다. `T_max` epoch(또는 step)에 걸쳐 최솟값에 도달한다.
# 보통은 `T_max`를 전체 epoch 수로 두어 학습 전체에 걸쳐 **한 번만** 내려가게 쓴다 (8절에서 그렇게 한다).
#
# 그럼 `T_max`를 지나서도 `step()`을 계속 부르면? `CosineAnnealingLR`은 특별한 일을 하지 않고 cosine 공식을
# 그대로 이어 간다. cosine은 주기 함수라서 LR은 다음 `T_max` epoch 동안 다시 천천히 초기 LR까지 **올라가고**, 또 내려간다.
# 그래서 아래처럼 `T_max=10`으로 200 epoch을 돌리면 20 epoch 주기로 내려갔다 올라가기를 반복한다.
# 이것은 설계된 기능이라기보다 "`T_max`를 학습 길이보다 짧게 잡으면 생기는 일"이다. LR을 일부러 다시 키우는 방법은
# 따로 있다: 다음 4-3절의 warm restarts.

# %%
ca_lr_list = schedules.lr_trace(
    lr_scheduler.CosineAnnealingLR,
    N_EPOCH_DEMO,
    lr=0.001,
    T_max=10,  # 최솟값까지 걸리는 epoch(step) 수 (반주기)
    eta_min=0.00001,  # 최소 learning rate. 범위: 초기 LR ~ eta_min
)

# %% tags=["nbval-check-output"]
print("epoch 0~10 :", [round(x, 8) for x in ca_lr_list[:11]])
print("epoch 10~20:", [round(x, 8) for x in ca_lr_list[10:21]])

# %% [markdown]
# ### 4-3. CosineAnnealingWarmRestarts
#
# [warm restarts](glossary.md#warm-restarts)(SGDR, Loshchilov & Hutter 2017)는 별도의 scheduler다.
# cosine으로 `eta_min`까지 내려간 뒤, 천천히 다시 올라가는 대신 **곧바로 초기 LR로 뛰어올라(restart)** 다시 내려간다.
# 원래 자료가 말하는 "감소와 증가를 반복하며 최적점을 찾아가는" 방식이 바로 이것이다. 논문이 내세우는 목표는 anytime
# performance(언제 멈춰도 좋은 모델)와 빠른 수렴이고, "작은 LR로 한 골짜기에 자리 잡은 뒤 큰 LR로 튕겨 나가 다른(더 넓을 수
# 있는) 골짜기를 찾는다"는 흔히 덧붙는 직관이다 (예: Huang et al. 2017, Snapshot Ensembles). 논문이 실험으로 보고한 것은 그
# 직관이 아니라 결과다: CIFAR에서 같은 정확도에 2\~4배 적은 epoch으로 닿았고, 주기가 끝날 때(LR이 가장 작을 때)마다 얻은
# 모델을 모아 ensemble로 쓸 수 있다. "더 넓은 골짜기를 찾는다"는 이 노트북에서 확인하지 않은 설명이다: 여기서는 LR의 모양만
# 본다.
#
# `T_0`는 첫 주기의 길이, `T_mult`는 주기가 끝날 때마다 다음 주기 길이에 곱할 값이다. PyTorch에서 `T_mult`는
# **1 이상의 정수**여야 한다: `T_mult=1`이면 모든 주기가 `T_0`로 같고, `T_mult=2`면 10, 20, 40, 80 epoch으로 점점 길어진다.
# 주기를 점점 짧게 만드는 설정은 없다.
#
# 예전 자료에는 `verbose=True`(LR이 바뀔 때마다 로그 출력)를 넘기는 코드가 있는데, 지금의 PyTorch에는 이 인자가 없어서
# TypeError가 난다. LR은 그래프나 `get_last_lr()`로 확인하자.

# %%
caws_lr_list = schedules.lr_trace(
    lr_scheduler.CosineAnnealingWarmRestarts,
    N_EPOCH_DEMO,
    lr=0.001,
    T_0=10,  # 첫 주기(cycle)의 길이
    T_mult=2,  # 주기가 끝날 때마다 길이에 곱할 정수 (1 이상)
    eta_min=1e-5,  # 0.00001. 최소 learning rate
)

# %% tags=["nbval-check-output"]
restarts = [i for i in range(1, N_EPOCH_DEMO) if caws_lr_list[i] > caws_lr_list[i - 1]]
print("LR이 초기값으로 돌아가는 epoch:", restarts)
print("그 epoch들의 LR:", [round(caws_lr_list[i], 8) for i in restarts])

# %% [markdown]
# 세 scheduler를 나란히 놓고 보자. 가운데(CosineAnnealingLR)는 바닥을 찍은 뒤 **천천히** 올라가고,
# 아래(CosineAnnealingWarmRestarts)는 바닥 근처에서 **한 epoch 만에** 초기 LR로 수직으로 뛰어오른다.

# %%
fig, axes = plt.subplots(3, 1, figsize=(10, 10), layout="constrained", sharex=True)
plots.plot_lr(steplr_list, title="StepLR (step_size=30, gamma=0.5)", ax=axes[0])
plots.plot_lr(ca_lr_list, title="CosineAnnealingLR (T_max=10, eta_min=1e-5)", ax=axes[1])
plots.plot_lr(caws_lr_list, title="CosineAnnealingWarmRestarts (T_0=10, T_mult=2, eta_min=1e-5)", ax=axes[2])
plt.show()

# %% [markdown]
# ### 4-4. MultiStepLR, ExponentialLR, LambdaLR
#
# 자주 보는 scheduler 셋을 더 보자. 모두 epoch 번호만 보고 LR을 정한다.
#
# - **MultiStepLR**: StepLR처럼 `gamma`를 곱하지만, 줄이는 epoch을 `milestones` 목록으로 직접 정한다. 여기서는 200 epoch 학습에서
#   흔히 쓰는 `milestones=[60, 120, 160]`, `gamma=0.2`.
# - **ExponentialLR**: 매 epoch `gamma`를 곱한다. epoch `e`의 LR은 `초기 LR × gamma ** e`로, 계단 없이 매끄럽게 줄어든다
#   (StepLR에서 `step_size=1`인 경우와 같다).
# - **LambdaLR**: LR을 `초기 LR × lr_lambda(epoch)`로 정한다. 함수만 넘기면 되므로 원하는 모양을 무엇이든 만들 수 있다.
#   여기서는 `1 / (1 + 0.05 × epoch)`(epoch 20에서 절반이 되고, 그 뒤로는 점점 천천히 줄어든다).

# %%
multistep_lr_list = schedules.lr_trace(
    lr_scheduler.MultiStepLR, N_EPOCH_DEMO, lr=0.001, milestones=[60, 120, 160], gamma=0.2
)
exp_lr_list = schedules.lr_trace(lr_scheduler.ExponentialLR, N_EPOCH_DEMO, lr=0.001, gamma=0.98)
lambda_lr_list = schedules.lr_trace(
    lr_scheduler.LambdaLR, N_EPOCH_DEMO, lr=0.001, lr_lambda=lambda epoch: 1 / (1 + 0.05 * epoch)
)

# %% tags=["nbval-check-output"]
print(
    "MultiStepLR   epoch 59, 60, 119, 120, 159, 160:",
    [f"{multistep_lr_list[e]:.1e}" for e in (59, 60, 119, 120, 159, 160)],
)
print("ExponentialLR epoch 0, 50, 100, 199         :", [f"{exp_lr_list[e]:.2e}" for e in (0, 50, 100, 199)])
print("  손 계산 0.001 × 0.98 ** 199                :", f"{0.001 * 0.98**199:.2e}")
print("LambdaLR      epoch 0, 20, 100, 199         :", [f"{lambda_lr_list[e]:.2e}" for e in (0, 20, 100, 199)])

# %%
fig, axes = plt.subplots(3, 1, figsize=(10, 10), layout="constrained", sharex=True)
plots.plot_lr(multistep_lr_list, title="MultiStepLR (milestones=[60, 120, 160], gamma=0.2)", ax=axes[0])
plots.plot_lr(exp_lr_list, title="ExponentialLR (gamma=0.98)", ax=axes[1])
plots.plot_lr(lambda_lr_list, title="LambdaLR (lr_lambda = 1 / (1 + 0.05 × epoch))", ax=axes[2])
plt.show()

# %% [markdown]
# 출력에서 MultiStepLR은 epoch 60, 120, 160에서만 1/5씩(1.0e-03 → 2.0e-04 → 4.0e-05 → 8.0e-06) 떨어지고, 그 사이는 평평하다.
# ExponentialLR은 epoch 50에서 벌써 3.64e-04, 마지막 epoch 199에는 1.79e-05로 손 계산과 같다. `gamma`가 조금만 달라져도
# 200 epoch 동안 곱하면 큰 차이가 나므로(0.97 / 0.98 / 0.99면 epoch 199의 LR이 약 2.3e-06 / 1.8e-05 / 1.4e-04: 손 계산),
# `gamma`는 "마지막 LR이 얼마가 되어야 하는가"에서 거꾸로 정하는 편이 안전하다. epoch 0이 초기 LR이고 마지막 epoch
# (epoch 수 − 1)까지 `gamma`가 epoch 수 − 1번 곱해지므로 `gamma = (마지막 LR / 초기 LR) ** (1 / (epoch 수 − 1))`이다
# (위 출력으로 거꾸로 풀면 (1.79e-05 / 0.001) ** (1 / 199) ≈ 0.98). LambdaLR은 epoch 20에서 5.00e-04(절반), epoch 100에서
# 1.67e-04로, 처음에 빨리 줄고 뒤로 갈수록 천천히 줄어든다.

# %% [markdown]
# ## 5. epoch 단위 vs step 단위로 `scheduler.step()` 부르기
#
# scheduler는 "시간"을 모른다. `step()`이 몇 번 불렸는지만 센다. 그래서 `T_max`, `step_size` 같은 값의 단위는
# **`step()`을 어디서 부르느냐**로 정해진다.
#
# - epoch이 끝날 때마다 부르면 단위는 epoch이다.
# - batch마다(`optimizer.step()` 바로 뒤) 부르면 단위는 step이다.
#
# 같은 `CosineAnnealingLR(T_max=10)`을 한 epoch에 10 step(`STEP_SIZE`)인 학습에서 batch마다 부르면,
# 10 **step**마다 최솟값에 도달하므로 epoch 단위로 부를 때보다 **10배 빠르게** 주기를 돈다.
# 20 epoch(= 200 step) 동안의 LR을 step 단위 x축 위에 같이 그려 보자.
# epoch 단위 scheduler의 LR은 한 epoch 안의 10 step 동안 같은 값이라 폭 10 step짜리 계단이 된다.

# %%
N_EPOCH_SHORT = 20
per_epoch = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, N_EPOCH_SHORT, lr=0.001, T_max=10, eta_min=1e-5)
per_epoch_in_steps = [lr for lr in per_epoch for _ in range(STEP_SIZE)]  # epoch마다의 LR을 step 수만큼 반복
per_step = schedules.lr_trace(
    lr_scheduler.CosineAnnealingLR, N_EPOCH_SHORT * STEP_SIZE, lr=0.001, T_max=10, eta_min=1e-5
)

title = "CosineAnnealingLR(T_max=10): epoch마다 vs step마다 step()"
ax = plots.plot_lr(
    per_epoch_in_steps, title=title, xlabel="step (10 step = 1 epoch)", label="scheduler.step()을 epoch마다"
)
plots.plot_lr(
    per_step, title=title, xlabel="step (10 step = 1 epoch)", ax=ax, label="scheduler.step()을 step(batch)마다"
)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)  # 곡선을 가리지 않게 그래프 아래에
plt.show()

# %% tags=["nbval-check-output"]
print("step 단위 호출: LR이 최솟값인 step :", [i for i, lr in enumerate(per_step) if lr == min(per_step)])
print("epoch 단위 호출: LR이 최솟값인 epoch:", [i for i, lr in enumerate(per_epoch) if lr == min(per_epoch)])

# %% [markdown]
# 어느 쪽이 맞고 틀린 것은 없다. 다만 **batch마다 step할 거라면 주기도 step 수로 계산해야 한다**.
# 예를 들어 전체 학습 동안 한 번 내려가게 하려면 `T_max = N_EPOCH * len(train_loader)`로 둔다.
#
# 이 강좌의 `train.fit()`은 scheduler를 받으면 다음과 같이 부른다:
#
# | scheduler | `fit`이 `step()`을 부르는 시점 |
# |---|---|
# | 대부분 (StepLR, CosineAnnealingLR, ...) | epoch마다, validation 평가가 끝난 뒤 |
# | `OneCycleLR`, `CyclicLR` | batch마다, `optimizer.step()` 바로 뒤 (자동) |
# | `ReduceLROnPlateau` | epoch마다, `step(validation loss)` |
#
# 다른 scheduler를 batch마다 부르고 싶으면 `fit(..., scheduler_step='batch')`로 지정할 수 있다.

# %% [markdown]
# ## 6. 그 밖의 scheduler
#
# ### 6-1. OneCycleLR: step 단위로 한 번 올라갔다 내려온다
#
# [OneCycleLR](glossary.md#onecyclelr)(Smith & Topin 2018)은 학습 전체를 하나의 주기로 본다. LR을 작게 시작해
# `max_lr`까지 올렸다가([warm-up](glossary.md#warm-up)), 학습이 끝날 때까지 아주 작은 값으로 내린다. batch마다 `step()`하도록
# 만들어진 scheduler라서 전체 step 수를 알아야 한다: `epochs`와 `steps_per_epoch=len(train_loader)`를 함께 넘긴다.
# 기본값으로 전체 step의 30%(`pct_start=0.3`) 동안 올라가고 나머지 70% 동안 내려간다.
# (초기 LR은 optimizer의 lr이 아니라 `max_lr / div_factor`(기본 25)로 정해진다.)
# 기본값(`cycle_momentum=True`)에서는 LR과 **반대로** momentum도 0.95와 0.85 사이를 오간다 (Adam이면 `betas`의 β1).
# 8절에서 schedule끼리 비교할 때는 `cycle_momentum=False`로 꺼서 LR만 바뀌게 한다.
# 정해진 전체 step 수보다 많이 `step()`하면 PyTorch가 오류를 내므로, `fit`은 학습을 시작하기 전에 그 수를 확인한다.

# %%
len(train_loader)  # 한 epoch의 step 수 (full mode: 55,000 / 200 = 275)

# %%
n_steps = N_EPOCH * len(train_loader)
onecycle_lr_list = schedules.lr_trace(
    lr_scheduler.OneCycleLR, n_steps, lr=LR, max_lr=0.01, epochs=N_EPOCH, steps_per_epoch=len(train_loader)
)
plots.plot_lr(
    onecycle_lr_list, title=f"OneCycleLR (max_lr=0.01, {N_EPOCH} epoch x {len(train_loader)} step)", xlabel="step"
)
plt.show()

# %% [markdown]
# 그래프의 가로 길이(전체 step 수)는 데이터 양에 따라 달라지지만, 시작·최고·끝 값은 설정만으로 정해진다.

# %% tags=["nbval-check-output"]
print("시작 LR (max_lr / 25)       :", round(onecycle_lr_list[0], 8))
print("최고 LR (max_lr)            :", round(max(onecycle_lr_list), 8))
print("마지막 LR (시작 LR / 10000) :", round(onecycle_lr_list[-1], 8))

# %% [markdown]
# ### 6-2. ReduceLROnPlateau: 성능이 멈추면 줄인다
#
# 지금까지의 scheduler는 epoch(step) 번호만 보고 LR을 정했다. [ReduceLROnPlateau](glossary.md#reducelronplateau)는
# **검증 성능을 보고** 정한다: validation loss가 `patience` epoch보다 오래 좋아지지 않으면(plateau) LR에 `factor`를 곱한다.
# 그래서 `step()`에 반드시 그 값을 넘겨야 한다: `scheduler.step(val_loss)`. `fit`은 매 epoch validation loss를 넘긴다.
#
# 실제 학습 대신 만들어 낸 validation loss 목록으로 동작을 확인해 보자.

# %%
# 만들어 낸 epoch별 validation loss: 처음엔 잘 줄다가 0.145 근처에서 멈춘다
fake_val_loss = [0.30, 0.22, 0.18, 0.16, 0.15, 0.147, 0.148, 0.146, 0.147, 0.148,
                 0.146, 0.145, 0.146, 0.147, 0.146, 0.146, 0.145, 0.146, 0.146, 0.145]  # fmt: skip
plateau_lr_list = schedules.lr_trace(
    lr_scheduler.ReduceLROnPlateau,
    len(fake_val_loss),
    lr=LR,
    metrics=fake_val_loss,
    mode="min",  # 값이 작을수록 좋다 (loss)
    factor=0.5,  # 줄일 때 곱할 값
    patience=2,  # 좋아지지 않은 epoch이 이 수를 넘으면(3번째에) 줄인다
)

# %% tags=["nbval-check-output"]
for epoch, (loss, lr) in enumerate(zip(fake_val_loss, plateau_lr_list, strict=True)):
    print(f"epoch {epoch:2d} | LR {round(lr, 8):<9} | 이 epoch의 val loss {loss}")

# %%
# LR이 줄어든 epoch (점선으로 표시)
drops = [i for i in range(1, len(plateau_lr_list)) if plateau_lr_list[i] < plateau_lr_list[i - 1]]

fig, axes = plt.subplots(2, 1, figsize=(10, 6), layout="constrained", sharex=True)
axes[0].plot(fake_val_loss, "o-", ms=3)
axes[0].set_ylim(0.14, 0.16)  # 멈춘 구간을 확대해서 본다 (처음 몇 epoch은 그래프 밖)
axes[0].set_title("만들어 낸 validation loss (확대)")
axes[0].set_ylabel("검증 loss (validation)")
axes[0].grid(True, ls=":")
plots.plot_lr(plateau_lr_list, title="ReduceLROnPlateau (factor=0.5, patience=2)", ax=axes[1])
for ax in axes:
    for d in drops:
        ax.axvline(d, color="gray", ls="--", lw=1)
axes[1].set_xticks(range(len(fake_val_loss)))
plt.show()

# %% [markdown]
# validation loss가 가장 낮은 기록을 `patience`(2) epoch보다 오래 갱신하지 못하면 다음 epoch부터 LR이 절반이 된다.
# 위 그래프의 계단은 점선(LR이 줄어든 epoch)에서 정확히 한 칸 내려가고, 그다음 점선까지는 평평하다.
# 줄어든 뒤에는 다시 처음부터 센다. 검증 성능을 직접 보므로 편하지만, 언제 줄어들지 미리 알 수 없다.
#
# **patience를 세는 법: 06 노트북의 early stopping과 한 칸 다르다.** 같은 `patience=2`라도 `ReduceLROnPlateau`는 개선 없는
# epoch이 patience를 **넘어야**(3번째) LR을 줄이고, 이 강좌의 `train.EarlyStopping`(06 노트북)은 patience에 **닿으면**(2번째)
# 멈추라고 한다. 같은 loss 목록을 둘에 넣고, epoch마다 "개선 없는 epoch" 수를 나란히 세어 보자 (epoch 5\~11만 보인다).
# `EarlyStopping`은 `update(loss)`로 한 epoch의 값을 넣고, `counter`는 개선 없는 epoch 수, `should_stop`은 멈출 때가 되었는지를 알려 준다.

# %% tags=["nbval-check-output"]
counting_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)  # 일회용 optimizer
plateau = lr_scheduler.ReduceLROnPlateau(counting_opt, mode="min", factor=0.5, patience=2)
stopper = train.EarlyStopping(patience=2)
for epoch, loss in enumerate(fake_val_loss[:12]):
    plateau.step(loss)
    stopper.update(loss)
    if epoch >= 5:
        print(
            f"epoch {epoch:2d} | val loss {loss:.3f} | ReduceLROnPlateau: 개선 없는 epoch {plateau.num_bad_epochs}, "
            f"다음 epoch LR {counting_opt.param_groups[0]['lr']:<6} | EarlyStopping: 개선 없는 epoch {stopper.counter}, "
            f"멈춤 {stopper.should_stop}"
        )

# %% [markdown]
# epoch 7의 0.146 뒤로 epoch 10까지는 새 기록이 없다. epoch 8, 9에서 개선 없는 epoch이 1, 2로 늘자 `EarlyStopping`은
# epoch 9에서 벌써 `멈춤 True`다. `ReduceLROnPlateau`는 epoch 9에서도 LR이 0.001 그대로이고, epoch 10(0.146, 기록과 같을
# 뿐 더 낮지 않다)에서 세 번째가 되어 patience 2를 넘자 LR을 0.0005로 줄이고 세던 수를 0으로 되돌린다 (그래서 그 줄에는 0이
# 찍힌다). 식으로 쓰면 `ReduceLROnPlateau`는 개선 없는 epoch이 `patience + 1`번째일 때 LR을 줄이고, `EarlyStopping`은
# `patience`번째일 때 멈추라고 한다. 두 도구를 함께 쓸 때(예: LR을 두 번쯤 줄일 기회를 준 뒤 멈추기) 이 한 칸을 기억하자.
#
# **무엇을 "개선"으로 치는가: 상대 threshold.** `ReduceLROnPlateau`의 기본값은 `threshold=1e-4`, `threshold_mode='rel'`이다.
# `mode='min'`에서 새 값이 지금까지의 최저 기록 × (1 − 1e-4)보다 **낮아야** 개선이다. 기록 0.146 뒤라면 0.146 × 0.9999 =
# 0.1459854보다 낮아야 한다. `patience=0`(개선이 없으면 바로 줄인다)으로 두 값만 넣어 확인해 보자.


# %% tags=["nbval-check-output"]
def counts_as_improvement(best, new):
    """ReduceLROnPlateau(patience=0)에 best, new를 차례로 넣었을 때 LR이 그대로면 new를 개선으로 친 것이다."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)
    sched = lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=0)  # threshold=1e-4, 'rel' (기본값)
    sched.step(best)
    sched.step(new)
    return opt.param_groups[0]["lr"] == LR


for new in (0.146, 0.14599, 0.14598, 0.1459):
    print(f"기록 0.146 다음 {new:<7}: 개선으로 치는가 {counts_as_improvement(0.146, new)}")

# %% [markdown]
# 같은 값(0.146)은 물론이고 0.00001 낮은 0.14599도 개선이 아니다 (0.1459854보다 높다). 0.14598부터 개선으로 친다.
# 상대 threshold라서 기준의 크기가 loss에 비례한다: loss가 0.146이면 약 0.0000146, loss가 1.46이면 약 0.000146만큼 낮아져야
# 한다. 고정된 크기로 정하고 싶으면 `threshold_mode='abs'`로 바꾼다 (06 노트북 `EarlyStopping`의 `min_delta`가 이런 고정 크기이고,
# 기본값 0이면 조금이라도 낮아야 개선이다). 실제 validation loss는 epoch마다 흔들리므로, 이런 작은 개선이 우연히 나오면
# 세던 수가 0으로 돌아가 LR이 줄어드는 때가 늦어진다 (연습 문제 4에서 본다).

# %% [markdown]
# ### 6-3. Warm-up: 처음에는 LR을 작게 시작해 키운다 (LinearLR + SequentialLR)
#
# OneCycleLR의 앞 30%처럼 학습 **첫머리**에 LR을 작은 값에서 목표 LR까지 키우는 것을 warm-up이라고 한다.
# 왜 처음부터 목표 LR을 쓰지 않을까? 학습 초반에는 큰 step이 특히 위험한데, 그 이유가 몇 가지 있다.
#
# - **Adam의 초반 추정값**: Adam은 gradient를 그 크기(제곱의 이동 평균 v̂의 제곱근)로 나눠 step을 정한다. 그런데 첫 step에서
#   v̂는 gradient **하나**로 만든 추정값이라, gradient가 아주 작든 크든 모든 파라미터가 거의 정확히 LR만큼 움직인다 (아래 출력).
#   gradient 몇 개로 만든 추정값은 흔들리므로, 이때는 LR을 작게 두었다가 추정값이 안정된 뒤 키우는 편이 안전하다
#   (Liu et al. 2020, RAdam이 이 흔들림을 분석했다).
# - **큰 batch**: batch를 k배로 키우면 LR도 k배로 키우는 것이 흔한 규칙인데, 그 큰 LR을 첫 step부터 쓰면 학습이 무너지기 쉽다.
#   Goyal et al. 2017은 batch 8192로 ResNet(BN을 쓰는 모델)을 학습하며 처음 5 epoch 동안 LR을 선형으로 키웠다.
# - **Transformer**: 원 논문(Vaswani et al. 2017)부터 처음 4,000 step의 warm-up을 쓰고, 지금도 대부분의 Transformer 학습이
#   warm-up을 쓴다 (Xiong et al. 2020은 원래 구조(Post-LN)의 Transformer가 warm-up 없이는 잘 학습되지 않음을 보였다).
#
# 먼저 첫 번째 이유를 숫자로 보자. 크기가 1e-4, 1, 100으로 아주 다른 gradient를 주고 Adam과 SGD로 한 step씩 움직인다.

# %% tags=["nbval-check-output"]
first_grad = torch.tensor([1e-4, 1.0, 100.0])  # 크기가 아주 다른 gradient 셋 (난수를 쓰지 않는다)
for opt_class in (torch.optim.Adam, torch.optim.SGD):
    w = torch.zeros(3, requires_grad=True)
    opt = opt_class([w], lr=0.001)
    w.grad = first_grad.clone()
    opt.step()
    print(f"{opt_class.__name__:4s} 첫 step의 이동 크기:", [f"{x:.1e}" for x in w.detach().abs().tolist()])

# %% [markdown]
# SGD는 gradient에 비례해 1.0e-07, 1.0e-03, 1.0e-01만큼 움직이지만, Adam은 셋 다 1.0e-03(= LR)만큼 움직인다. 첫 step에서
# v̂가 그 gradient 하나의 제곱이라 `m̂ / √v̂`가 gradient의 부호(±1)가 되기 때문이다. 1e-4짜리 gradient가 우연한 잡음이었어도
# 그 파라미터는 LR만큼 움직인다. warm-up은 이런 초반 step들을 작은 LR로 만든다.
#
# PyTorch에는 warm-up 전용 scheduler가 없고, 두 scheduler를 이어 붙여 만든다.
#
# - `LinearLR(start_factor=0.01, end_factor=1.0, total_iters=5)`: LR을 초기 LR의 1%에서 100%까지 5번에 걸쳐 선형으로 키운다.
# - `SequentialLR(schedulers=[앞, 뒤], milestones=[5])`: `step()` 5번까지는 앞 scheduler를, 그 뒤로는 뒤 scheduler를 쓴다.
#
# 5 epoch warm-up 뒤 나머지 45 epoch 동안 cosine으로 내려가는 50 epoch schedule을 `lr_trace`로 그려 보자. 여러 scheduler를
# 묶어 만들 때는 `lr_trace`에 optimizer를 받아 scheduler를 돌려주는 함수를 넘긴다. 실제로는 warm-up을 step 단위로 세는 일이
# 많다 (5절: 그때는 `total_iters`, `milestones`, `T_max`를 모두 step 수로 준다).

# %%
WARMUP_EPOCHS, N_EPOCH_WARMUP = 5, 50


def warmup_cosine(optimizer):
    """WARMUP_EPOCHS 동안 LR을 1%에서 100%까지 키운 뒤, 나머지 epoch 동안 cosine으로 eta_min까지 줄인다."""
    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.01, end_factor=1.0, total_iters=WARMUP_EPOCHS)
    cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=N_EPOCH_WARMUP - WARMUP_EPOCHS, eta_min=1e-5)
    return lr_scheduler.SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[WARMUP_EPOCHS])


warmup_lr_list = schedules.lr_trace(warmup_cosine, N_EPOCH_WARMUP, lr=0.001)

# %% tags=["nbval-check-output"]
print("epoch 0~7 :", [f"{x:.2e}" for x in warmup_lr_list[:8]])
print(f"가장 큰 LR: {max(warmup_lr_list):.2e} (epoch {warmup_lr_list.index(max(warmup_lr_list))})")
print(f"마지막 epoch {N_EPOCH_WARMUP - 1}의 LR: {warmup_lr_list[-1]:.2e}")

# %%
plots.plot_lr(warmup_lr_list, title="LinearLR warm-up (5 epoch) + CosineAnnealingLR (45 epoch), SequentialLR")
plt.show()

# %% [markdown]
# 출력대로 LR은 epoch 0에 1.00e-05(초기 LR 0.001의 1%)에서 시작해 epoch마다 약 2e-4씩 커져 epoch 5에 1.00e-03에 닿고,
# 거기서부터 cosine으로 내려가 마지막 epoch 49에는 1.12e-05가 된다. 모양은 OneCycleLR과 비슷하다. OneCycleLR도
# `pct_start`(올라가는 비율)와 `div_factor`(시작 비율)로 warm-up을 정하지만, 그 뒤는 cosine(또는 직선)으로만 내려간다.
# SequentialLR로 이으면 warm-up 뒤에 StepLR, MultiStepLR 같은 다른 scheduler를 붙일 수 있다.
#
# 8절에서 Constant LR과 CosineAnnealingLR은 warm-up 없이 시작하고, OneCycleLR만 앞 3 epoch이 warm-up이다 (그 효과는 최고 LR과
# 섞여 있어 warm-up만의 효과로 읽을 수 없다). warm-up이 도움이 되는지도 다른 기법처럼 같은 seed의 짝지은 실행으로 판정
# 규칙(validation과 test)에 맡길 일이다.

# %% [markdown]
# ## 7. LR range test: 쓸 만한 LR의 범위 찾기
#
# 지금까지는 "LR을 **어떻게 바꿀지**"를 봤다. 그런데 출발점(또는 OneCycleLR의 `max_lr`)은 얼마로 해야 할까?
# [LR range test](glossary.md#lr-range-test)(Smith 2017, fast.ai의 "LR finder")는 이것을 싸게 어림하는 방법이다.
#
# 1. 아주 작은 LR(`start_lr=1e-7`)에서 시작해 **batch마다 LR을 일정한 비율로 키우며**(로그 축에서 등간격) 학습한다.
# 2. 각 step의 mini-batch loss(**raw loss**, `result.raw_losses`)와, 흔들림을 줄이려고 그것을 지수 이동 평균(β=0.98)한
#    **smoothed loss**(`result.losses`)를 기록한다.
# 3. smoothed loss가 그 최저값의 4배를 넘으면(발산) 멈춘다.
#
# `schedules.lr_range_test`는 이 과정을 모델과 optimizer의 **복사본**으로 돌린다. 실제 모델의 가중치와 optimizer 상태는
# 그대로 남으므로, 테스트가 끝난 뒤 그 모델을 처음부터 학습할 수 있다. 정말 그런지 가중치 하나를 비교해서 확인하자.

# %%
loss_fn = nn.CrossEntropyLoss()

settings.seed_everything(0)
probe_model = models.BNModel().to(device)
probe_optimizer = torch.optim.Adam(probe_model.parameters(), lr=LR)
weight_before = probe_model.b1[0].weight.detach().clone()  # 첫 Linear 층의 가중치 (256, 784)

result = schedules.lr_range_test(
    probe_model, probe_optimizer, loss_fn, train_loader, start_lr=1e-7, end_lr=10, num_steps=200, device=device
)

# %% tags=["nbval-check-output"]
print("테스트 뒤에도 실제 모델의 가중치가 그대로인가:", torch.equal(weight_before, probe_model.b1[0].weight))
print("실제 optimizer의 상태(Adam의 moment)가 비어 있는가:", len(probe_optimizer.state) == 0)

# %%
print(f"시도한 LR: {len(result.lrs)}개 ({result.lrs[0]:.0e} ~ {result.lrs[-1]:.1e}), 발산해서 멈춤: {result.diverged}")
lr_at_min = result.lrs[result.losses.index(min(result.losses))]
print(f"smoothed loss가 가장 낮았던 LR: {lr_at_min:.1e}")
print(f"제안 LR (result.suggestion): {result.suggestion:.1e}")
print("이유 (result.reason):", result.reason)

# %%
ax = plots.plot_lr_range(result, title="LR range test: BNModel + Adam")
ax.axvline(lr_at_min, color="gray", ls=":", label=f"smoothed loss 최저 lr = {lr_at_min:.1e}")
ax.legend(loc="lower left")
plt.show()

# %% [markdown]
# **그래프 읽는 법** (x축은 로그 축이다): 옅은 선은 batch마다의 raw loss, 진한 선은 smoothed loss다. 아래 설명과 제안값은
# 진한 선(smoothed)을 읽는다. 두 선이 왜 어긋나는지는 그래프 다음에 본다.
#
# - **왼쪽의 평평한 구간**: LR이 너무 작아서 몇 step으로는 거의 배우지 못한다. loss가 처음 값(약 2.3 = ln 10, 무작위 추측) 근처에 머문다.
# - **가파르게 내려가는 구간**: LR이 학습에 "딱 맞기 시작한" 범위다. 여기서 LR을 키울수록 같은 step 수로 더 많이 배운다.
#   쓸 만한 LR은 이 구간 안에 있다.
# - **바닥**: smoothed loss가 가장 낮은 곳(회색 점선). 이 LR은 이미 한계에 가깝다 (아래에서 보듯 raw loss로는 한계를 조금
#   넘었다). 여기서 그대로 오래 학습하면 불안정해지기 쉽다.
# - **오른쪽의 급상승**: LR이 너무 커서 loss가 발산한다. 테스트는 여기서 멈춘다.
#
# `result.suggestion`(빨간 점선)은 "smoothed loss가 가장 가파르게 내려가는 곳"과 "smoothed loss 최저 LR의 1/10" 중 **작은 쪽**이다.
# 위 출력의 `이유` 줄이 둘 중 어느 쪽이 뽑혔는지 알려 준다.
#
# 제안값은 **출발점이지 법칙이 아니다.** 이 곡선은 서로 다른 LR을 각각 몇 step씩만, 그것도 한 번의 학습 안에서 이어서
# 시험한 결과다 (앞의 step이 뒤의 step의 출발점을 바꾼다). batch 크기, optimizer(Adam이냐 SGD냐), 모델이 바뀌면 곡선도
# 바뀐다 (연습 문제 3). 그래서 제안값 근처 몇 개를 실제로 학습해 **validation으로** 확인하는 것이 정석이다.
#
# **raw loss와 smoothed loss: 평균은 늦다.** β=0.98의 지수 이동 평균은 새 값에 2%, 지난 평균에 98%의 무게를 준다. 무게가
# 0.98, 0.98², ...로 천천히 줄어들므로, smoothed loss는 대략 지난 1/(1−β) = **50 step**의 raw loss를 섞은 값이다. 같은 무게로
# 평균한 50 step 창이라면 평균은 약 25 step 늦겠지만, 지수 이동 평균에서는 각 raw 값이 평균에 섞이는 무게의 평균 나이가
# β/(1−β) ≈ 49 step이므로, 평균은 raw보다 **약 50 step 늦다**. 그런데 이 range test에서는 LR이 step마다 같은 비율로
# 커지므로, "50 step 전의 loss"는 "훨씬 작은 LR에서의 loss"다. 그래서 smoothed 곡선은 raw 곡선을 오른쪽(큰 LR 쪽)으로 민
# 모양이 된다. 얼마나 밀렸는지 재 보자.

# %%
import math

raw, smoothed = result.raw_losses, result.losses
i_raw, i_smooth = raw.index(min(raw)), smoothed.index(min(smoothed))
i_sugg = min(range(len(result.lrs)), key=lambda i: abs(math.log(result.lrs[i] / result.suggestion)))  # 제안값의 step
print(
    f"LR은 step마다 {result.lrs[1] / result.lrs[0]:.3f}배: {1 / math.log10(result.lrs[1] / result.lrs[0]):.1f} step에 10배"
)
print(f"raw loss 최저     : step {i_raw:3d}, lr {result.lrs[i_raw]:.1e}, raw loss {raw[i_raw]:.3f}")
print(
    f"smoothed loss 최저: step {i_smooth:3d}, lr {result.lrs[i_smooth]:.1e}, smoothed loss {smoothed[i_smooth]:.3f}"
    f" | 그 뒤 5 step의 raw loss {[round(v, 2) for v in raw[i_smooth + 1 : i_smooth + 6]]}"
)
print(
    f"  -> smoothed 최저가 {i_smooth - i_raw} step 늦다 = LR로 {math.log10(result.lrs[i_smooth] / result.lrs[i_raw]):.1f}"
    " decade (10의 거듭제곱)"
)
first_below_1 = [next((i for i, v in enumerate(xs) if v < 1.0), None) for xs in (raw, smoothed)]
print(f"loss가 처음 1.0 아래로 내려간 step: raw {first_below_1[0]}, smoothed {first_below_1[1]}")
print(
    f"제안 lr {result.suggestion:.1e} (step {i_sugg})에서: raw loss {raw[i_sugg]:.3f}, smoothed loss {smoothed[i_sugg]:.3f}"
)

# %% [markdown]
# 출력을 읽으면:
#
# - 그래프의 옅은 선(raw)은 1e-4\~5e-3에서 가파르게 내려가 1e-2 근처에서 이미 바닥(약 0.2\~0.6)에 닿고, 1 근처에서 뛰어오른다.
#   진한 선(smoothed)은 같은 모양을 오른쪽으로 민 모양이다.
# - 이 range test에서 LR은 step마다 1.097배, **24.9 step에 10배**씩 커진다. 그러니 50 step의 평균은 LR로 약 2 decade(100배)에
#   걸친 loss를 섞는다.
# - raw loss는 step 134(lr 2.4e-02)에서 가장 낮고(0.197), smoothed loss는 step 174(lr 9.9e-01)에서 가장 낮다: **40 step, LR로
#   1.6 decade(약 40배) 늦다.** 내려가는 구간에서도 같다: loss가 처음 1.0 아래로 내려간 것은 raw가 step 101, smoothed가
#   step 144로 43 step 늦다. 1/(1−β) = 50 step이라는 어림과 같은 크기다.
# - smoothed 최저(lr 9.9e-01) 바로 다음 step부터 raw loss는 1.4 근처로 뛰어오른다: smoothed 곡선의 바닥은 raw로 보면 이미
#   **발산이 시작된 곳**이다. "loss 최저 LR"을 smoothed 곡선에서 읽으면 실제보다 오른쪽(큰 LR)으로 치우친다.
# - 제안값 4.2e-03(step 115)에서 raw loss는 벌써 0.406까지 내려와 있는데 smoothed loss는 아직 1.555다. smoothed 곡선이 가장
#   가파른 곳은 raw 곡선이 가파르게 내려가던 곳보다 늦게 온다. 그래서 raw 곡선으로 보면 제안값은 "가장 가파른 곳"이 아니라
#   가파른 구간이 거의 끝나 raw loss가 낮게 자리 잡기 시작하는 곳이다.
#
# raw 곡선의 가장 낮은 한 점(0.197)도 batch 하나의 운이 섞인 값이라 위치가 정확하지는 않다: 두 곡선을 함께 보자. 이 지연(lag)을
# 줄이려면 β를 작게(예: 0.9, 약 10 step 평균) 하거나, 같은 LR 범위를 더 많은 step으로 나눠 한 decade에 더 많은 step을 두면
# 된다 (그 대신 곡선이 더 흔들리거나 시간이 더 든다). 이 노트북은 제안값을 그대로 쓴다: 8절에서 이 제안값을 OneCycleLR의
# `max_lr`로 쓴다 (fast.ai가 권하는 방식: smoothed 곡선의 가파른 구간의 LR을 one-cycle의 최고 LR로). 제안값이 출발점일 뿐이라는 점은 그대로다.

# %%
MAX_LR = result.suggestion  # OneCycleLR의 최고 LR = LR range test의 제안값
print(f"OneCycleLR의 max_lr = {MAX_LR:.1e}  (고정 LR과 CosineAnnealingLR의 시작 LR = {LR})")

# %% [markdown]
# ## 8. 실제 학습: 고정 LR vs CosineAnnealingLR vs OneCycleLR (seed 3개)
#
# 이제 `BNModel`을 세 가지 LR schedule로 학습한다. 모델, optimizer(Adam, β1 고정), epoch 수(`N_EPOCH`), [seed](glossary.md#seed) 3개(`SEEDS`)는 모두 같고
# LR schedule만 다르다 (OneCycleLR은 최고 LR도 다르다: 아래). 모든 실행이 같은 예산을 쓰도록 early stopping은 끈다(`early_stopping=False`).
#
# 1. **Constant LR**: 10 epoch 내내 LR = 0.001 (대조군)
# 2. **CosineAnnealingLR(T_max=N_EPOCH, eta_min=1e-5)**: 10 epoch에 걸쳐 0.001에서 1e-5 쪽으로 한 번 내려간다.
#    `fit`이 매 epoch validation 평가 뒤에 `scheduler.step()`을 부른다.
# 3. **OneCycleLR(max_lr=MAX_LR, epochs=N_EPOCH, steps_per_epoch=len(train_loader), cycle_momentum=False)**: `MAX_LR / 25`에서
#    시작해 처음 3 epoch 동안 `MAX_LR`까지 올라갔다가 끝까지 내려간다. `fit`이 batch마다 `step()`을 부른다. momentum(β1)은
#    바꾸지 않는다(6-1절).
#
# 같은 seed의 세 실행은 초기 가중치와 batch 순서가 같다 (`seed_everything(seed)`를 모델을 만들기 직전에 부르고, train loader는
# `paired=True`). 그러니 같은 seed끼리의 차이는 LR 때문이고, seed 사이의 차이는 우연(초기화·batch 순서)의 크기를 보여 준다.
# 단, **OneCycleLR은 두 가지가 다르다**: LR의 모양과, 최고 LR(`MAX_LR`, 7절의 제안값으로 고정 LR 0.001보다 크다).
# OneCycleLR과 Constant LR의 차이는 이 둘을 합친 차이다. 둘 다 0.001에서 시작하는 CosineAnnealingLR과 Constant LR의 차이만
# 순수하게 "LR을 줄여 가는 것"의 효과다. 어느 쪽이 낫다는 판정은 9절에서 강좌의 판정 규칙으로 한다.
#
# (smoke mode에서는 `fit`이 epoch을 2로 줄인다. OneCycleLR은 `N_EPOCH` epoch 분량으로 만들어져 있어도 괜찮다:
# `fit`은 **너무 많이** step하는 경우만 막는다. 다만 그때는 LR이 올라가는 도중에 학습이 끝난다.)

# %%
SCHEDULES = ["Constant LR", "CosineAnnealingLR", "OneCycleLR"]


def build(schedule, seed):
    """seed를 고정하고 같은 BNModel + Adam을 만든 뒤, schedule에 맞는 scheduler를 붙인다."""
    settings.seed_everything(seed)
    model = models.BNModel().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    if schedule == "Constant LR":
        scheduler = None
    elif schedule == "CosineAnnealingLR":
        scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=N_EPOCH, eta_min=1e-5)
    else:  # OneCycleLR: 전체 step 수를 알아야 한다
        scheduler = lr_scheduler.OneCycleLR(
            optimizer,
            max_lr=MAX_LR,
            epochs=N_EPOCH,
            steps_per_epoch=len(train_loader),
            cycle_momentum=False,  # 기본값 True면 Adam의 β1도 0.95~0.85로 바뀐다: LR만 다르게 한다
        )
    return model, optimizer, scheduler


# %%
histories = {name: [] for name in SCHEDULES}  # schedule 이름 -> seed별 History
trained = {name: [] for name in SCHEDULES}  # schedule 이름 -> seed별 학습된 모델 (test 평가용)
for name in SCHEDULES:
    for seed in SEEDS:
        model, optimizer, scheduler = build(name, seed)
        h = train.fit(
            train_loader,
            val_loader,
            model,
            loss_fn,
            optimizer,
            N_EPOCH,
            save_best_model=False,
            early_stopping=False,
            device=device,
            lr_scheduler=scheduler,
            verbose=False,
        )
        histories[name].append(h)
        trained[name].append(model)
        print(f"{name:18s} seed {seed} | 마지막 epoch: val loss {h.val_loss[-1]:.4f}, val acc {h.val_acc[-1]:.4f}")

# %% [markdown]
# `history.lr`에는 각 epoch을 **시작할 때** 쓰인 LR이 들어 있다. batch마다 바뀌는 OneCycleLR은 epoch 안의 변화가 빠지므로,
# 전체 모양은 `lr_trace`로 step 단위로 그려서 보고, `fit`이 쓴 LR이 그 trace와 같은지만 확인하자.

# %%
steps_per_epoch = len(train_loader)
cos_trace = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, N_EPOCH, lr=LR, T_max=N_EPOCH, eta_min=1e-5)
one_trace = schedules.lr_trace(
    lr_scheduler.OneCycleLR,
    N_EPOCH * steps_per_epoch,
    lr=LR,
    max_lr=MAX_LR,
    epochs=N_EPOCH,
    steps_per_epoch=steps_per_epoch,
)

# %% tags=["nbval-check-output"]
h_cos, h_one = histories["CosineAnnealingLR"][0], histories["OneCycleLR"][0]
print("CosineAnnealingLR: fit이 쓴 LR == trace:", h_cos.lr == cos_trace[: len(h_cos.lr)])
print(
    "OneCycleLR       : fit이 쓴 LR == trace의 epoch 시작 값:",
    h_one.lr == one_trace[::steps_per_epoch][: len(h_one.lr)],
)

# %%
fig, ax = plt.subplots(figsize=(10, 4), layout="constrained")
plots.plot_lr([LR] * len(one_trace), ax=ax, xlabel="step", label="Constant LR")
plots.plot_lr(
    [lr for lr in cos_trace for _ in range(steps_per_epoch)],
    ax=ax,
    xlabel="step",
    label="CosineAnnealingLR (epoch마다)",
)
plots.plot_lr(
    one_trace,
    ax=ax,
    xlabel="step",
    label="OneCycleLR (step마다)",
    title=f"세 schedule의 LR ({N_EPOCH} epoch x {steps_per_epoch} step)",
)
plt.show()

# %% [markdown]
# 세 schedule의 train loss와 validation 곡선(loss, accuracy)을 seed 평균(선)과 최솟값\~최댓값(옅은 띠)으로 겹쳐 그린다.

# %%
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout="constrained")
plots.compare_histories(histories, metric="train_loss", ax=axes[0])
plots.compare_histories(histories, metric="val_loss", ax=axes[1])
plots.compare_histories(histories, metric="val_acc", ax=axes[2])
axes[1].set_ylim(top=0.12)  # 1 epoch 뒤의 큰 값은 잘라서 후반을 확대한다
axes[2].set_ylim(bottom=0.96)
plt.show()

# %% [markdown]
# 그래프만으로는 차이를 읽기 어려우니 seed 3개의 평균 ± 표준편차로 정리한다 (대략 읽기다: 판정은 9절에서 한다).
# "뒤 3 epoch val loss 변동폭"은 마지막 3 epoch의 validation loss 최댓값 - 최솟값으로, 후반에 곡선이 얼마나 흔들리는지를 보여 준다.
# "best epoch(최저 val loss)의 val acc"는 validation loss가 가장 낮았던 epoch의 validation accuracy다.

# %%
columns = {
    "마지막 val loss": lambda h: h.val_loss[-1],
    "마지막 val acc": lambda h: h.val_acc[-1],
    "best epoch(최저 val loss)의 val acc": lambda h: h.best_val_acc,
    "마지막 train loss": lambda h: h.train_loss[-1],
    "뒤 3 epoch val loss 변동폭": lambda h: max(h.val_loss[-3:]) - min(h.val_loss[-3:]),
}
for name, hs in histories.items():
    print(f"[{name}]  (seed {len(hs)}개)")
    for col, get in columns.items():
        print(f"    {col:32s} {report.fmt_mean_std([get(h) for h in hs])}")

# %%
same_first = all(
    c.val_loss[0] == k.val_loss[0]
    for c, k in zip(histories["Constant LR"], histories["CosineAnnealingLR"], strict=True)
)
print("같은 seed의 Constant LR과 CosineAnnealingLR은 첫 epoch 결과가 똑같은가:", same_first)

# %% [markdown]
# ## 9. 판정: LR을 줄여 가면 나아지는가 (validation과 test)
#
# 8절의 평균 ± 표준편차는 대략 읽기다. 판정은 강좌의 판정 규칙(02 노트북 10절, `course_lib/stats.py`)으로 한다: 같은 seed의
# 두 실행을 validation 5,000장과 test 10,000장에서 이미지별로 짝짓고, seed와 이미지를 함께 복원 추출해 정확도 차이의
# 95% 구간을 구한다. 구간이 0보다 위면 "helps", 아래면 "hurts", 0을 걸치면 "within noise"다.
#
# 비교하는 모델은 각 실행의 **마지막 epoch** 모델이다. 모든 실행이 같은 예산(10 epoch)을 다 쓰고, schedule은 예산의 끝에서
# LR이 작아지도록 만든 것이기 때문이다 (실행 안에서 epoch을 고르지 않으므로 validation 판정에도 선택의 치우침이 없다).
# test set은 여기서 판정에만 쓰고, 이 결과를 보고 다시 무엇을 고르지 않는다.
#
# 07 노트북은 다르게 고른다: 각 실행에서 validation loss가 가장 낮았던 epoch의 모델(best checkpoint, selected epoch)끼리
# 비교하고, 마지막 epoch 모델끼리도 따로 비교한다. 같은 실행이라도 두 방식은 다른 정확도를 낼 수 있다. 이 실행에서는
# (seed 평균으로 대략 읽으면) 그 차이가 작다: 8절 표에서 "마지막 val acc"와 "best epoch(최저 val loss)의 val acc"는
# CosineAnnealingLR이 0.9832 ± 0.0017로 같고, Constant LR은 0.9797 대 0.9793, OneCycleLR은 0.9836 대 0.9834다.

# %%
hits = {
    name: [(correct_per_sample(val_loader, m), correct_per_sample(test_loader, m)) for m in trained[name]]
    for name in SCHEDULES
}
regime = {"train_images": len(train_loader.dataset), "epochs": N_EPOCH, "model": "BNModel, Adam (lr 1e-3 at start)"}
pairs = [("Constant LR", "CosineAnnealingLR"), ("Constant LR", "OneCycleLR"), ("CosineAnnealingLR", "OneCycleLR")]
schedule_records = [
    report.compare_paired(
        "05", f"{treated} vs {control}", regime, control, treated, SEEDS, hits[control], hits[treated]
    )
    for control, treated in pairs
]
_ = report.save_comparisons(schedule_records)

# %% [markdown]
# 위 출력의 여섯 판정 (정확도 차이 = 줄에 쓰인 그대로 '앞 − 뒤', 곧 처치 − 대조, 대괄호는 95% 구간, 비교한 것은 각 실행의
# 마지막 epoch 모델):
#
# - **CosineAnnealingLR − Constant LR**: validation +0.35%p [+0.04, +0.69], test +0.27%p [+0.06, +0.48]로 둘 다 **helps**다.
#   두 schedule은 모두 LR 0.001에서 시작하고, 같은 seed끼리는 첫 epoch 결과까지 똑같다 (8절 마지막 출력의 `True`).
#   다른 것은 LR schedule 하나뿐이므로, 이 조건(BNModel, Adam, 10 epoch)에서 "LR을 줄여 가는 것"이 마지막 모델의 정확도를
#   올렸다고 말할 수 있다.
# - **OneCycleLR − Constant LR**: validation +0.39%p [+0.03, +0.75], test +0.35%p [+0.07, +0.62]로 둘 다 **helps**다.
#   다만 OneCycleLR은 두 가지가 다르다: LR의 모양(올라갔다 내려온다)과 최고 LR(`MAX_LR` = 4.2e-03, 7절 range test의 제안값).
#   그래서 이 판정을 모양 하나의 효과라고 말할 수는 없다.
# - **OneCycleLR − CosineAnnealingLR**: validation +0.04%p [-0.20, +0.27], test +0.08%p [-0.09, +0.24]로 둘 다
#   **within noise**다. 이 실행으로는 둘 중 어느 쪽이 낫다고 말할 수 없다.
#
# 두 **helps**의 validation 구간은 아래 끝(+0.04, +0.03)이 0에 가깝다. seed가 3개뿐이라 아슬아슬한 판정이지만, 고르는 데
# 쓰지 않은 test에서도 같은 판정이 나왔다. 판정은 정확도에 대한 것이다: 8절 표의 loss 차이에는 판정을 내리지 않았다.
# 세 비교(각각 validation과 test의 판정)는 `results/` 폴더의 `comparisons.json`에 저장된다 (출력 마지막 줄의 "비교 결과 저장").

# %% [markdown]
# ## 10. 관찰 포인트
#
# - **같은 출발점**: 같은 seed의 Constant LR과 CosineAnnealingLR은 초기 가중치, batch 순서, 첫 epoch의 LR(0.001)이 모두
#   같아서 1 epoch 뒤 결과가 똑같다 (8절 마지막 출력). 차이는 LR이 달라지는 2 epoch부터 생기므로, 이 비교에서 달라진 것은
#   LR schedule 하나뿐이다. OneCycleLR은 첫 step부터 LR이 다르다(`MAX_LR / 25`에서 시작).
# - **차이를 말하는 규칙**: "이쪽이 낫다"는 말은 9절에서 강좌의 판정 규칙(02 노트북 10절)이 낸 판정(helps / hurts /
#   within noise)으로만 한다. 8절 표의 평균 ± 표준편차는 대략 읽기일 뿐이다.
# - **LR이 작아지는 후반을 보자** (8절의 LR 그림): CosineAnnealingLR은 epoch 8부터 LR이 약 2.1e-4 이하로 고정 LR보다 훨씬 작고, OneCycleLR은
#   step 2120 무렵(epoch 8 끝)까지는 오히려 고정 LR보다 크다가 마지막 두 epoch에 빠르게 작아진다. 표의
#   "마지막 train loss"와 "뒤 3 epoch val loss 변동폭"을 고정 LR과 비교해 보자. 2절의 설명(큰 LR은 최적점 근처에서 흔들리고,
#   작은 LR은 세밀하게 다가간다)이 맞다면 schedule 쪽이 더 낮고 덜 흔들려야 한다.
# - **이 실행에서 본 것** (8절 표, seed 3개, 대략 읽기): 마지막 val loss는 고정 LR 0.0756 ± 0.0011, CosineAnnealingLR
#   0.0551 ± 0.0053, OneCycleLR 0.0578 ± 0.0065로 두 schedule 쪽이 낮다. 마지막 train loss(0.0062 ± 0.0004 대
#   0.0013 ± 0.0001 / 0.0011 ± 0.0000)와 뒤 3 epoch의 val loss 변동폭(0.0067 ± 0.0035 대 0.0015 ± 0.0007 /
#   0.0013 ± 0.0009)도 schedule 쪽이 작아, 위의 예상과 맞는다. 8절 가운데 그래프에서도 고정 LR의 val loss는 epoch 5 뒤로
#   오르내리고, 두 schedule은 내려간 뒤 거의 평평해진다. 마지막 val acc는 0.9797 ± 0.0010 대 0.9832 ± 0.0017 /
#   0.9836 ± 0.0018이다. **판정**(9절, 정확도)은 두 schedule 모두 Constant LR보다 validation과 test에서 **helps**이고,
#   **CosineAnnealingLR과 OneCycleLR 사이는 validation과 test 모두 within noise**다. 그러니 이 실행으로는 두 schedule 중
#   어느 쪽이 낫다고 말할 수 없다.
# - **OneCycleLR의 `max_lr`**: 7절의 LR range test 제안값(4.2e-03)을 그대로 썼다. 8절의 LR 그래프에서 OneCycleLR은
#   학습의 대부분(대략 step 250\~2120, 전체 2,750 step의 약 2/3) 동안 고정 LR(0.001)보다 큰 LR을 쓰고, 끝에는 아주 작게
#   내려간다. 그래서 OneCycleLR − Constant LR의 **helps**는 모양과 최고 LR을 함께 바꾼 결과다. 제안값 하나만 시험했으므로,
#   더 나은 `max_lr`이 있을 수 있다: 그것을 고르는 것도 validation으로 해야 한다 (test로 고르지 않는다).
# - **test set의 쓰임**: 9절은 세 schedule의 마지막 모델을 모두 test set에서 평가했지만, validation에서 낸 판정이 새
#   이미지에서도 같게 나오는지 확인하는 데만 썼다 (세 비교 모두 validation과 test의 판정이 같았다). 9절은 아무것도 고르지 않았고,
#   test 결과를 보고 schedule이나 `max_lr`을 바꾸지도 않았다.
# - **train loss가 0에 가깝다**: 두 schedule의 마지막 train loss는 약 0.001이다. 작은 LR에서 모델은 train set을 거의 완벽하게
#   맞춘다. 이 실행에서 두 schedule의 validation loss는 마지막 몇 epoch 동안 거의 평평하다(8절 가운데 그래프). epoch을 더
#   늘리면 [overfitting](glossary.md#overfitting)을 조심해야 한다 ([early stopping](glossary.md#early-stopping)은 06 노트북에서
#   다룬다).
# - **scheduler 선택 요령**: epoch 수를 정해 두고 학습한다면 `CosineAnnealingLR(T_max=epoch 수)`가 간단하고 무난하다
#   (이 실행에서도 Constant LR보다 validation과 test 모두 helps였다).
#   OneCycleLR은 `max_lr` 하나를 정해야 하는데, LR range test가 그 출발점을 준다. epoch 수를 미리 정하기 어렵다면
#   validation loss를 보고 줄이는 `ReduceLROnPlateau`가 편하다. 어느 쪽이든 `step()`을 epoch마다 부르는지 batch마다
#   부르는지에 따라 주기의 단위가 달라진다는 점을 기억하자.

# %% [markdown]
# ## 11. 연습 문제
#
# 풀이는 [solutions/05_lr_decay_solutions.ipynb](solutions/05_lr_decay_solutions.ipynb)에 있다. 먼저 직접 해 보자.
#
# 문제마다 아래 코드 셀의 `...`(또는 `# TODO`)를 채우고 셀을 실행하면, 마지막 줄의 `qN.check(...)`가 맞았는지, 틀렸다면
# 무엇이 틀렸는지 알려 준다. 막히면 `q1.hint()`, 더 자세한 힌트는 `q1.hint(2)`, 다 풀었으면 `q1.solution()`으로 풀이와 비교한다.

# %%
from course_lib.exercises.lesson05 import q1, q2, q3, q4

# %% [markdown]
# **1.** `StepLR(step_size=30, gamma=0.5)`, 초기 LR 0.001에서 LR이 처음으로 1e-5 **아래로** 내려가는 epoch을 계산으로
# 먼저 예상하고, `lr_trace`로 확인해 보자 (200 epoch으로 trace해서 없으면 더 길게). epoch은 `lr_trace` 결과의 index처럼
# 0부터 센다. 그 epoch(`first_epoch`)과, 그것이 200 epoch(0\~199) 학습 안에 드는지(`within_200`)를 적는다.
#
# **기대 결과**: `0.5 ** 6 ≈ 0.0156`, `0.5 ** 7 ≈ 0.0078`이므로 1e-5 아래로 내려가려면 7번 줄어야 하고, 그건 epoch 210이다.
# 즉 200 epoch 안에서는 **한 번도** 1e-5 아래로 내려가지 않는다 (마지막 LR은 1.5625e-05). 300 epoch으로 trace하면 210이 나온다.

# %%
first_epoch = ...  # TODO: LR이 처음으로 1e-5 아래가 되는 epoch (0부터 센다: lr_trace 결과의 index)
within_200 = ...  # TODO: 그 epoch이 200 epoch(0~199) 안에 있는가? True 또는 False
q1.check(first_epoch, within_200)

# %% [markdown]
# **2.** 8절의 CosineAnnealingLR을 batch마다 step하도록 바꿔 보자. `T_max`를 얼마로 해야 `N_EPOCH` epoch 동안 한 번만
# 내려가는가? (`fit(..., scheduler_step='batch')`를 쓰고, `len(train_loader)`를 이용한다.)
# `make_scheduler(optimizer, epochs, steps_per_epoch)`가 그런 scheduler를 만들게 하고, 짧게(예: 3 epoch) 학습한 `History`와
# 함께 검사한다. 검사는 PyTorch의 CosineAnnealingLR과 step마다의 LR을, `history.lr`과 epoch마다의 LR을 비교한다.
#
# **기대 결과**: full mode에서 `T_max = 10 × 275 = 2750`. step 단위 trace는 epoch 단위 trace를 부드럽게 이은 모양이고
# (epoch 경계에서 두 값이 거의 같다), 마지막 step에서만 최솟값 근처에 닿는다. `history.lr`은 epoch마다 줄어든다.


# %%
def make_scheduler(optimizer, epochs, steps_per_epoch):
    """batch마다 step할 때 epochs epoch 동안 LR이 한 번만 내려가는 CosineAnnealingLR (eta_min=1e-5)."""
    return ...  # TODO: lr_scheduler.CosineAnnealingLR(optimizer, T_max=..., eta_min=1e-5)


# TODO: 먼저 schedules.lr_trace(lambda opt: make_scheduler(opt, N_EPOCH, len(train_loader)), ...)로 그려 보고,
#       짧게 학습한다: train.fit(..., lr_scheduler=make_scheduler(optimizer, 3, len(train_loader)), scheduler_step="batch")
history = ...  # TODO: 그 fit이 돌려준 History
q2.check(make_scheduler, history)

# %% [markdown]
# **3.** 7절의 LR range test를 `torch.optim.SGD(..., lr=LR, momentum=0.9)`로 다시 해서 Adam의 곡선·제안값과 비교해 보자.
# 검사는 optimizer의 설정과, 두 range test가 같은 LR 범위에서 서로 다른 optimizer로 돌았는지를 본다.
# 곡선과 제안값의 비교는 여러분의 몫이다.
#
# **기대 결과**: SGD의 곡선은 오른쪽(큰 LR)으로 옮겨 가고, 제안값도 Adam보다 **훨씬 크다** (Adam은 gradient 크기로 나눠
# 한 step의 크기를 맞추므로 작은 LR에서 이미 크게 움직인다). "좋은 LR"은 optimizer마다 다르다는 뜻이다.

# %%
sgd_optimizer = ...  # TODO: probe_model의 파라미터로 SGD(lr=LR, momentum=0.9)
sgd_result = ...  # TODO: 7절과 같은 인자로 schedules.lr_range_test(probe_model, sgd_optimizer, ...)
# 검사를 통과하면 주석을 풀어 두 곡선을 나란히 그린다 (7절의 result는 Adam의 결과)
# fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained", sharey=True)
# plots.plot_lr_range(result, ax=axes[0], title="LR range test: Adam")
# plots.plot_lr_range(sgd_result, ax=axes[1], title="LR range test: SGD (momentum=0.9)")
# plt.show()
q3.check(sgd_optimizer, sgd_result, result)

# %% [markdown]
# **4.** `ReduceLROnPlateau`의 `patience`를 1과 5로 바꾸면 6-2절의 LR 그래프가 어떻게 달라지는지 예상하고 확인해 보자.
# patience마다 LR이 줄어든 epoch 목록을 `drops_by_patience`에 적는다 (6-2절의 `drops`처럼 epoch 번호의 목록).
#
# **기대 결과**: `patience=1`이면 LR이 더 일찍, 더 자주 줄어서 끝에는 더 작아진다 (네 번 줄어 처음의 1/16). `patience=5`면
# 줄어드는 횟수가 적고(이 loss 목록에서는 epoch 18에 한 번) 늦다. validation loss가 조금씩 새 기록을 세우는 한 LR은 줄지
# 않는다는 점도 보인다.

# %%
# TODO: patience마다 LR이 줄어든 epoch 목록. 손으로 먼저 예상하고 lr_trace로 확인한다
drops_by_patience = {1: ..., 5: ...}
q4.check(drops_by_patience)

# %% [markdown]
# ## 12. 확인 문제
#
# **Q1.** 한 epoch이 10 step인 학습에서 `CosineAnnealingLR(T_max=10)`을 batch마다 `step()`하면, LR은 몇 epoch 만에 처음 최솟값에 닿는가?
#
# <details><summary>정답</summary>
#
# 1 epoch. scheduler는 `step()` 호출 횟수만 세므로 `T_max=10`은 10 step, 즉 1 epoch이다 (5절의 출력: step 10에서 최솟값).
#
# </details>
#
# **Q2.** `CosineAnnealingLR(T_max=10)`을 20 epoch 동안 step하면 epoch 10 이후 LR은 어떻게 되는가? `CosineAnnealingWarmRestarts`와는 무엇이 다른가?
#
# <details><summary>정답</summary>
#
# cosine 공식이 그대로 이어져 10 epoch에 걸쳐 **천천히** 초기 LR까지 다시 올라간다. warm restarts는 별도 scheduler로,
# 주기가 끝나면 **한 번에** 초기 LR로 뛰어오른다. 의도적으로 LR을 다시 키우는 것은 후자다.
#
# </details>
#
# **Q3.** `CosineAnnealingWarmRestarts(T_0=40, T_mult=0.5)`로 주기를 점점 줄일 수 있는가?
#
# <details><summary>정답</summary>
#
# 없다. PyTorch는 `T_mult`에 1 이상의 정수만 받는다 (1: 같은 길이, 2 이상: 점점 길게).
#
# </details>
#
# **Q4.** 이 노트북 7절의 LR range test가 full mode에서 제안한 LR(`result.suggestion`)은 얼마인가? 그것은 smoothed loss가 가장 낮았던 LR보다 큰가, 작은가?
#
# <details><summary>정답</summary>
#
# 약 4.2e-03 (0.0042). smoothed loss가 가장 낮았던 LR(약 9.9e-01)보다 200배 넘게 **작다**: `이유` 줄이 말하듯 smoothed
# 곡선이 가장 가파르게 내려가는 곳(4.2e-03)이 "최저 LR의 1/10"(약 9.9e-02)보다 작아서 그쪽이 제안값이 되었다. 다만 그 9.9e-01은
# 지수 이동 평균 때문에 40 step(1.6 decade) 늦은 값이고, raw loss가 가장 낮았던 LR은 2.4e-02였다 (7절의 마지막 출력).
#
# </details>
#
# **Q5.** LR range test에서 smoothed loss가 가장 낮았던 LR을 그대로 학습 LR로 쓰지 않는 이유는?
#
# <details><summary>정답</summary>
#
# 그 LR은 곡선에서 발산이 시작되기 직전이다. 게다가 smoothed 곡선은 raw loss보다 늦으므로(β=0.98이면 약 50 step), smoothed
# 곡선의 바닥은 raw로 보면 이미 발산이 시작된 곳일 수 있다 (7절: 9.9e-01 바로 다음 step부터 raw loss가 1.4 근처로 뛰었다).
# 몇 step만 시험한 결과라서 오래 학습하면 더 불안정해지기 쉽다. 그래서 더 작은, loss가 가파르게 내려가는 구간의 LR을
# 출발점으로 삼고 validation으로 확인한다.
#
# </details>
#
# **Q6.** 8절에서 같은 seed의 Constant LR과 CosineAnnealingLR 실행은 첫 epoch 결과가 똑같았다. 왜 그런가? 이것이 비교에 왜 좋은가?
#
# <details><summary>정답</summary>
#
# seed가 같아 초기 가중치·batch 순서가 같고, 첫 epoch의 LR도 둘 다 0.001이기 때문이다. 그래서 그 뒤의 차이는 LR schedule
# 하나 때문이라고 말할 수 있다 (공정한 대조군).
#
# </details>
#
# **Q7.** 9절에서 test set은 무엇에 쓰였고, 무엇에는 쓰이지 않았는가?
#
# <details><summary>정답</summary>
#
# 세 schedule의 마지막 epoch 모델을 모두 test set에서 평가해, validation에서 낸 판정이 새 이미지에서도 같게 나오는지
# 확인하는 데 쓰였다 (이 실행에서는 세 비교 모두 validation과 test의 판정이 같았다). schedule, `max_lr`, epoch을 **고르는**
# 데는 쓰이지 않았다: 9절은 아무것도 고르지 않는다. test 점수를 보고 고르면 test set도 선택에 쓰인 데이터가 되어, 그 점수가
# 새 데이터에서의 성능을 더는 공정하게 말해 주지 못한다.
#
# </details>
#
# **Q8.** `ReduceLROnPlateau(patience=2)`와 `EarlyStopping(patience=2)`(06 노트북)에 같은 validation loss 목록을 넣으면, 개선 없는
# epoch이 몇 번 쌓였을 때 각각 LR을 줄이고 멈추라고 하는가? 기록 0.146 뒤의 0.14599는 `ReduceLROnPlateau`의 기본 설정에서 개선인가?
#
# <details><summary>정답</summary>
#
# `ReduceLROnPlateau`는 patience를 **넘을 때**(3번째), `EarlyStopping`은 patience에 **닿을 때**(2번째)다 (6-2절 출력: epoch 9에서
# `멈춤 True`, LR은 epoch 10 뒤에 줄었다). 0.14599는 개선이 아니다: 기본값 `threshold=1e-4`, `threshold_mode='rel'`에서는
# 0.146 × (1 − 1e-4) = 0.1459854보다 낮아야 개선이다.
#
# </details>
#
# **Q9.** warm-up은 무엇이고, Adam으로 학습할 때 왜 도움이 될 수 있는가? PyTorch로는 어떻게 만드는가?
#
# <details><summary>정답</summary>
#
# 학습 첫머리에 LR을 작은 값에서 목표 LR까지 키우는 것이다. Adam의 첫 step에서는 v̂가 gradient 하나로 만든 추정값이라, gradient의
# 크기와 상관없이 모든 파라미터가 거의 LR만큼 움직인다 (6-3절 출력: gradient 1e-4, 1, 100 모두 1.0e-03). 추정값이 흔들리는 초반에
# LR을 작게 두면 이런 큰 step을 줄인다. PyTorch에서는 `LinearLR`(warm-up)과 뒤 schedule(예: `CosineAnnealingLR`)을
# `SequentialLR(..., milestones=[warm-up 길이])`로 잇는다.
#
# </details>
#
# **Q10.** LR range test의 smoothed loss(β=0.98)는 raw loss보다 몇 step쯤 늦는가? 이 노트북의 range test(200 step에 1e-7\~10)에서
# 그것은 LR로 얼마인가?
#
# <details><summary>정답</summary>
#
# 지수 이동 평균은 대략 지난 1/(1−β) = 50 step을 섞고, 각 raw 값이 섞이는 무게의 평균 나이가 β/(1−β) ≈ 49 step이므로 약
# 50 step 늦다. 이 range test는 24.9 step에 LR이 10배가 되므로 50 step은 약 2 decade(100배)다. 실제로 잰 값은 최저점에서
# 40 step(1.6 decade), loss가 처음 1.0 아래로 내려간 곳에서 43 step이다 (7절 출력).
#
# </details>
