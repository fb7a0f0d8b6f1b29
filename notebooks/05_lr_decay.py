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
# # 04. Learning rate decay
#
# **목표**: optimizer가 learning rate(LR)를 어디에 보관하는지 확인하고, PyTorch의 LR scheduler
# (StepLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, OneCycleLR, ReduceLROnPlateau)가 LR을 어떻게 바꾸는지 그래프로 비교한다.
# epoch 단위와 step(batch) 단위로 scheduler를 부를 때의 차이를 이해하고,
# 마지막으로 CosineAnnealingLR을 실제 학습에 적용해 고정 LR과 비교한다.
#
# **Goal**: see where the optimizer keeps the learning rate, compare how PyTorch's LR schedulers change it
# (StepLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, OneCycleLR, ReduceLROnPlateau),
# understand per-epoch vs per-step stepping, and finally train with CosineAnnealingLR and compare it with a constant LR.

# %% [markdown]
# ## 1. 준비: import, device, 하이퍼파라미터, 데이터

# %%
import os

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from torch.optim import lr_scheduler

from course_lib import data, models, plots, schedules, settings, train

settings.seed_everything(42)
device = settings.get_device()   # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = 'models'

# %%
train_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, True)
test_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, False)

# %% [markdown]
# ## 2. 왜 learning rate를 바꾸는가
#
# learning rate는 한 번의 update에서 파라미터를 얼마나 크게 움직일지 정한다.
#
# - 학습 **초반**에는 최적점에서 멀리 있으므로 큰 LR로 빠르게 이동하는 편이 좋다.
# - 학습 **후반**에는 최적점 근처에서 큰 LR이 오히려 최적점 주위를 왔다 갔다(진동)하게 만든다. 작은 LR로 세밀하게 다가가는 편이 좋다.
#
# 그래서 학습이 진행될수록 LR을 줄여 나가는 방법을 **Learning rate decay**라고 하고,
# 정해진 규칙에 따라 LR을 바꿔 주는 객체를 **Learning rate scheduler**라고 한다.
# 파이토치는 `torch.optim.lr_scheduler` 모듈에서 여러 scheduler를 제공한다.

# %% [markdown]
# ## 3. Optimizer는 LR을 어디에 보관할까: `optimizer.param_groups`
#
# scheduler가 하는 일은 결국 optimizer 안의 LR 값을 바꾸는 것이다. 그 값이 어디 있는지 먼저 보자.

# %%
bn_model = models.BNModel()
optimizer = torch.optim.Adam(bn_model.parameters(), lr=0.001)

# %%
# NBVAL_CHECK_OUTPUT
# 옵티마이저 객체 관련 여러 정보들을 조회 => optimizer.param_groups
print(type(optimizer.param_groups), len(optimizer.param_groups))
print(type(optimizer.param_groups[0]))

# %% [markdown]
# `param_groups`는 list이고, 원소 하나가 "같은 설정으로 update할 파라미터 묶음"이다.
# 모델 전체를 한 설정으로 학습하면 묶음이 하나뿐이다 (층마다 다른 LR을 주고 싶으면 묶음을 여러 개 만든다).
# 각 묶음은 dict로, 파라미터 목록(`params`)과 optimizer 설정값들을 담고 있다.

# %%
# NBVAL_CHECK_OUTPUT
info_dict = optimizer.param_groups[0]
info_dict.keys()

# %%
# NBVAL_CHECK_OUTPUT
info_dict['lr']   # 현재 learning rate

# %% [markdown]
# scheduler는 매번 이 `'lr'` 값을 새 값으로 바꿔 넣는다. 직접 바꿔도 다음 `optimizer.step()`부터 바로 적용된다.

# %%
# NBVAL_CHECK_OUTPUT
optimizer.param_groups[0]['lr'] = 0.0005   # scheduler가 하는 일을 손으로
print(optimizer.param_groups[0]['lr'])
optimizer.param_groups[0]['lr'] = 0.001    # 원래대로

# %% [markdown]
# scheduler 객체는 `scheduler = 클래스(optimizer, 설정...)`으로 만들고, 정해진 시점마다 `scheduler.step()`을 부른다.
# 현재 LR은 `optimizer.param_groups[0]['lr']` 또는 `scheduler.get_last_lr()`로 볼 수 있다.

# %%
# NBVAL_CHECK_OUTPUT
step_scheduler = lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.5)
# 현재 LR 조회
optimizer.param_groups[0]['lr'], step_scheduler.get_last_lr()

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
# - 순서는 항상 `optimizer.step()` 다음 `scheduler.step()`이다. 반대로 부르면 PyTorch가 경고를 낸다.
#
# 원래 자료와 같이 200 epoch, 초기 LR 0.001로 세 scheduler를 비교한다.

# %%
N_EPOCH_DEMO = 200   # LR 그래프용 epoch 수 (원래 자료의 N_EPOCH = 200)
STEP_SIZE = 10       # 한 epoch의 step(batch) 수 역할

# %% [markdown]
# ### 4-1. StepLR
#
# `step_size` epoch(또는 step)마다 LR에 `gamma`를 곱한다: 30 epoch마다 LR이 절반이 되는 계단 모양.

# %%
steplr_list = schedules.lr_trace(lr_scheduler.StepLR, N_EPOCH_DEMO, lr=0.001,
                                 step_size=30,   # 몇 step/epoch 마다 LR를 변경시킬지 간격
                                 gamma=0.5)      # 변경 비율. new_lr = lr * gamma

# %%
# NBVAL_CHECK_OUTPUT
print('epoch 0, 30, 60, ... 의 LR:', [round(x, 8) for x in steplr_list[::30]])
print('마지막 epoch의 LR:', round(steplr_list[-1], 8))

# %%
plots.plot_lr(steplr_list, title='StepLR (step_size=30, gamma=0.5)')
plt.show()

# %% [markdown]
# ### 4-2. CosineAnnealingLR
#
# cosine 그래프를 따라 LR을 초기 LR에서 `eta_min`까지 부드럽게 줄인다. `T_max` epoch(또는 step)에 걸쳐 최솟값에 도달한다.
#
# `T_max`를 지나서도 계속 `step()`을 부르면 cosine 곡선을 따라 다시 올라가고, 또 내려간다.
# 그래서 `T_max=10`으로 200 epoch을 돌리면 20 epoch 주기로 감소와 증가를 반복한다.
# LR을 단순히 줄이기만 하지 않고 다시 키워서, 지금 있는 지점에서 벗어나 더 좋은 최적점을 찾아보게 하는 효과가 있다.
# (보통 실제 학습에서는 `T_max`를 전체 epoch 수로 두어 한 번만 내려가게 쓴다. 7절에서 그렇게 한다.)

# %%
ca_lr_list = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, N_EPOCH_DEMO, lr=0.001,
                                T_max=10,        # 최솟값까지 걸리는 epoch(step) 수 (반주기)
                                eta_min=0.00001)  # 최소 학습률. 범위: 초기 LR ~ eta_min

# %%
# NBVAL_CHECK_OUTPUT
print('epoch 0~10 :', [round(x, 8) for x in ca_lr_list[:11]])
print('epoch 10~20:', [round(x, 8) for x in ca_lr_list[10:21]])

# %% [markdown]
# ### 4-3. CosineAnnealingWarmRestarts
#
# cosine으로 `eta_min`까지 내려간 뒤, 다시 올라가는 대신 **곧바로 초기 LR로 되돌아가서(restart)** 다시 내려간다.
# `T_0`는 첫 주기의 길이, `T_mult`는 주기가 끝날 때마다 다음 주기 길이에 곱할 값이다.
# `T_0=10, T_mult=2`면 주기가 10, 20, 40, 80 epoch으로 점점 길어진다 (보통 늘린다).
#
# 예전 자료에는 `verbose=True`(LR이 바뀔 때마다 로그 출력)를 넘기는 코드가 있는데, 지금의 PyTorch에는 이 인자가 없어서 TypeError가 난다.
# LR은 그래프나 `get_last_lr()`로 확인하자.

# %%
caws_lr_list = schedules.lr_trace(lr_scheduler.CosineAnnealingWarmRestarts, N_EPOCH_DEMO, lr=0.001,
                                  T_0=10,       # 첫 주기(cycle)의 길이
                                  T_mult=2,     # 주기가 끝날 때마다 길이에 곱할 비율
                                  eta_min=1e-5)  # 0.00001. 최소 학습률

# %%
# NBVAL_CHECK_OUTPUT
restarts = [i for i in range(1, N_EPOCH_DEMO) if caws_lr_list[i] > caws_lr_list[i - 1]]
print('LR이 초기값으로 돌아가는 epoch:', restarts)
print('그 epoch들의 LR:', [round(caws_lr_list[i], 8) for i in restarts])

# %% [markdown]
# 세 scheduler를 나란히 놓고 보자.

# %%
fig, axes = plt.subplots(3, 1, figsize=(10, 10), layout='constrained', sharex=True)
plots.plot_lr(steplr_list, title='StepLR (step_size=30, gamma=0.5)', ax=axes[0])
plots.plot_lr(ca_lr_list, title='CosineAnnealingLR (T_max=10, eta_min=1e-5)', ax=axes[1])
plots.plot_lr(caws_lr_list, title='CosineAnnealingWarmRestarts (T_0=10, T_mult=2, eta_min=1e-5)', ax=axes[2])
plt.show()

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
# epoch 단위 scheduler의 LR은 한 epoch 안의 10 step 동안 같은 값이다.

# %%
N_EPOCH_SHORT = 20
per_epoch = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, N_EPOCH_SHORT, lr=0.001, T_max=10, eta_min=1e-5)
per_epoch_in_steps = [lr for lr in per_epoch for _ in range(STEP_SIZE)]   # epoch마다의 LR을 step 수만큼 반복
per_step = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, N_EPOCH_SHORT * STEP_SIZE, lr=0.001, T_max=10, eta_min=1e-5)

title = 'CosineAnnealingLR(T_max=10): stepped per epoch vs per step'
ax = plots.plot_lr(per_epoch_in_steps, title=title, xlabel='Step (10 steps = 1 epoch)',
                   label='scheduler.step() every epoch')
plots.plot_lr(per_step, title=title, xlabel='Step (10 steps = 1 epoch)', ax=ax,
              label='scheduler.step() every step (batch)')
ax.legend(loc='upper center', bbox_to_anchor=(0.5, -0.15), ncol=2)   # 곡선을 가리지 않게 그래프 아래에
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
print('step 단위 호출: LR이 최솟값인 step :', [i for i, lr in enumerate(per_step) if lr == min(per_step)])
print('epoch 단위 호출: LR이 최솟값인 epoch:', [i for i, lr in enumerate(per_epoch) if lr == min(per_epoch)])

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
# `OneCycleLR`은 학습 전체를 하나의 주기로 본다. LR을 작게 시작해 `max_lr`까지 올렸다가(warm-up),
# 학습이 끝날 때까지 아주 작은 값으로 내린다. batch마다 `step()`하도록 만들어진 scheduler라서
# 전체 step 수를 알아야 한다: `epochs`와 `steps_per_epoch=len(train_loader)`를 함께 넘긴다.
# 기본값으로 전체 step의 30%(`pct_start=0.3`) 동안 올라가고 나머지 70% 동안 내려간다.
# (초기 LR은 optimizer의 lr이 아니라 `max_lr / div_factor`(기본 25)로 정해진다.)

# %%
len(train_loader)   # 한 epoch의 step 수 (full mode: 60,000 / 200 = 300)

# %%
n_steps = N_EPOCH * len(train_loader)
onecycle_lr_list = schedules.lr_trace(lr_scheduler.OneCycleLR, n_steps, lr=LR,
                                      max_lr=0.01, epochs=N_EPOCH, steps_per_epoch=len(train_loader))
plots.plot_lr(onecycle_lr_list, title=f'OneCycleLR (max_lr=0.01, {N_EPOCH} epochs x {len(train_loader)} steps)',
              xlabel='Step')
plt.show()

# %% [markdown]
# 그래프의 가로 길이(전체 step 수)는 데이터 양에 따라 달라지지만, 시작·최고·끝 값은 설정만으로 정해진다.

# %%
# NBVAL_CHECK_OUTPUT
print('시작 LR (max_lr / 25)       :', round(onecycle_lr_list[0], 8))
print('최고 LR (max_lr)            :', round(max(onecycle_lr_list), 8))
print('마지막 LR (시작 LR / 10000) :', round(onecycle_lr_list[-1], 8))

# %% [markdown]
# ### 6-2. ReduceLROnPlateau: 성능이 멈추면 줄인다
#
# 지금까지의 scheduler는 epoch(step) 번호만 보고 LR을 정했다. `ReduceLROnPlateau`는 **검증 성능을 보고** 정한다:
# validation loss가 `patience` epoch 동안 좋아지지 않으면(plateau) LR에 `factor`를 곱한다.
# 그래서 `step()`에 반드시 그 값을 넘겨야 한다: `scheduler.step(val_loss)`. `fit`은 매 epoch validation loss를 넘긴다.
#
# 실제 학습 대신 만들어 낸 validation loss 목록으로 동작을 확인해 보자.

# %%
# 만들어 낸 epoch별 validation loss: 처음엔 잘 줄다가 0.145 근처에서 멈춘다
fake_val_loss = [0.30, 0.22, 0.18, 0.16, 0.15, 0.147, 0.148, 0.146, 0.147, 0.148,
                 0.146, 0.145, 0.146, 0.147, 0.146, 0.146, 0.145, 0.146, 0.146, 0.145]
plateau_lr_list = schedules.lr_trace(lr_scheduler.ReduceLROnPlateau, len(fake_val_loss), lr=LR,
                                     metrics=fake_val_loss,
                                     mode='min',    # 값이 작을수록 좋다 (loss)
                                     factor=0.5,    # 줄일 때 곱할 값
                                     patience=2)    # 몇 epoch 동안 좋아지지 않으면 줄일지

# %%
# NBVAL_CHECK_OUTPUT
for epoch, (loss, lr) in enumerate(zip(fake_val_loss, plateau_lr_list)):
    print(f'epoch {epoch:2d} | LR {round(lr, 8):<9} | 이 epoch의 val loss {loss}')

# %%
# LR이 줄어든 epoch (점선으로 표시)
drops = [i for i in range(1, len(plateau_lr_list)) if plateau_lr_list[i] < plateau_lr_list[i - 1]]

fig, axes = plt.subplots(2, 1, figsize=(10, 6), layout='constrained', sharex=True)
axes[0].plot(fake_val_loss, 'o-', ms=3)
axes[0].set_ylim(0.14, 0.16)   # 멈춘 구간을 확대해서 본다 (처음 몇 epoch은 그래프 밖)
axes[0].set_title('Made-up validation loss (zoomed in)')
axes[0].set_ylabel('Validation loss')
axes[0].grid(True, ls=':')
plots.plot_lr(plateau_lr_list, title='ReduceLROnPlateau (factor=0.5, patience=2)', ax=axes[1])
for ax in axes:
    for d in drops:
        ax.axvline(d, color='gray', ls='--', lw=1)
axes[1].set_xticks(range(len(fake_val_loss)))
plt.show()

# %% [markdown]
# validation loss가 최고 기록을 `patience`(2) epoch보다 오래 갱신하지 못하면 다음 epoch부터 LR이 절반이 된다.
# 줄어든 뒤에는 다시 처음부터 센다. 검증 성능을 직접 보므로 편하지만, 언제 줄어들지 미리 알 수 없다.

# %% [markdown]
# ## 7. 실제 학습: 고정 LR vs CosineAnnealingLR
#
# 이제 `BNModel`을 두 번 학습해 비교한다. seed, 모델, optimizer(Adam, lr=`LR`), epoch 수는 같고,
# 한쪽만 scheduler를 쓴다.
#
# 1. **고정 LR**: 10 epoch 내내 LR = 0.001
# 2. **CosineAnnealingLR(T_max=N_EPOCH, eta_min=1e-5)**: 10 epoch에 걸쳐 0.001에서 1e-5 쪽으로 한 번 내려간다.
#    `fit(..., lr_scheduler=scheduler)`로 넘기면 `fit`이 매 epoch validation 평가 뒤에 `scheduler.step()`을 부른다.

# %%
loss_fn = nn.CrossEntropyLoss()

settings.seed_everything(42)
const_model = models.BNModel().to(device)
optimizer = torch.optim.Adam(const_model.parameters(), lr=LR)

history_const = train.fit(train_loader, test_loader, const_model, loss_fn, optimizer, N_EPOCH,
                          save_best_model=False, early_stopping=False, device=device, mode='multi')

# %%
settings.seed_everything(42)
cos_model = models.BNModel().to(device)
optimizer = torch.optim.Adam(cos_model.parameters(), lr=LR)
scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=N_EPOCH, eta_min=1e-5)

history_cos = train.fit(train_loader, test_loader, cos_model, loss_fn, optimizer, N_EPOCH,
                        save_best_model=False, early_stopping=False, device=device, mode='multi',
                        lr_scheduler=scheduler)

# %% [markdown]
# `history.lr`에는 각 epoch을 **시작할 때** 쓰인 LR이 들어 있다. 같은 설정으로 미리 본 trace와 일치하는지도 확인하자.
# 마지막 epoch에서도 LR이 `eta_min`에 딱 닿지는 않는다: 최솟값은 10번째 `step()` 뒤, 즉 학습이 끝난 다음에 도달한다.

# %%
cos_trace = schedules.lr_trace(lr_scheduler.CosineAnnealingLR, N_EPOCH, lr=LR, T_max=N_EPOCH, eta_min=1e-5)
print('fit이 쓴 LR이 미리 본 trace와 같은가:', history_cos.lr == cos_trace[:len(history_cos.lr)])
print('epoch별 LR:', [f'{lr:.2e}' for lr in history_cos.lr])

fig, axes = plt.subplots(1, 2, figsize=(13, 4), layout='constrained')
plots.plot_lr(history_const.lr, title='Constant LR (history.lr)', xlabel='Epoch index (0 = first epoch)', ax=axes[0])
plots.plot_lr(history_cos.lr, title='CosineAnnealingLR (history.lr)', xlabel='Epoch index (0 = first epoch)', ax=axes[1])
plt.show()

# %%
plots.plot_history(history_const, title='Constant LR')
plt.show()
plots.plot_history(history_cos, title='CosineAnnealingLR')
plt.show()

# %%
histories = {'Constant LR': history_const, 'CosineAnnealingLR': history_cos}
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout='constrained')
plots.compare_histories(histories, metric='train_loss', ax=axes[0])
plots.compare_histories(histories, metric='val_loss', ax=axes[1])
plots.compare_histories(histories, metric='val_acc', ax=axes[2])
plt.show()

# %% [markdown]
# 그래프만으로는 차이를 읽기 어려우니 숫자로도 정리한다. 뒤쪽 3 epoch의 validation loss 변동폭(최댓값 - 최솟값)은
# 곡선이 얼마나 흔들리는지를 보여 준다.

# %%
for name, h in histories.items():
    tail = h.val_loss[-3:]
    best = min(h.val_loss)
    print(f'{name:18s} | 마지막 val acc {h.val_acc[-1]:.4f} | 최고 val acc {max(h.val_acc):.4f} '
          f'| 가장 낮은 val loss {best:.5f} (epoch {h.val_loss.index(best) + 1}) '
          f'| 마지막 train loss {h.train_loss[-1]:.5f} | 뒤 3 epoch val loss 변동폭 {max(tail) - min(tail):.5f}')
diff = history_cos.val_acc[-1] - history_const.val_acc[-1]
print(f'마지막 val acc 차이 (Cosine - Constant): {diff * 100:+.2f}%p')

# %% [markdown]
# ## 8. 관찰 포인트
#
# - **첫 epoch은 똑같다**: 두 실행은 seed가 같고 첫 epoch의 LR도 0.001로 같으므로 1 epoch 뒤 결과가 완전히 같다.
#   차이는 LR이 달라지는 2 epoch부터 생긴다. 그래서 이 비교에서 달라진 것은 LR 스케줄 하나뿐이다.
# - **후반이 다르다**: CosineAnnealingLR은 LR이 작아지는 후반 epoch에서 train loss를 고정 LR보다 훨씬 낮게 끌어내리고,
#   validation loss도 거의 흔들리지 않고 내려간다. 고정 LR의 validation loss는 후반에도 오르내린다
#   (위 출력의 "뒤 3 epoch val loss 변동폭"을 비교해 보자). 큰 LR로는 최적점 근처에서 계속 흔들리고,
#   작은 LR로는 세밀하게 다가간다는 2절의 설명이 그대로 보인다.
# - **정확도 차이는 작다**: 마지막 validation accuracy의 차이는 위 출력처럼 0.1%p 안팎이다. MNIST는 쉬운 문제이고
#   10 epoch은 짧아서, 스케줄의 효과는 정확도보다 loss 곡선의 안정성에서 더 뚜렷하다. 실행 한 번의 이 정도 차이는
#   seed만 바꿔도 달라질 수 있으므로, "Cosine이 확실히 더 정확하다"고 결론 내리려면 여러 seed로 반복해 봐야 한다.
# - **train loss가 0에 가깝다**: 작은 LR에서 모델은 train set을 거의 완벽하게 맞춘다. validation loss가 계속 내려가는 동안은 괜찮지만,
#   epoch을 더 늘리면 overfitting을 조심해야 한다 (early stopping은 05 노트북에서 다룬다).
# - **scheduler 선택 요령**: epoch 수를 정해 두고 학습한다면 `CosineAnnealingLR(T_max=epoch 수)`가 간단하고 무난하다.
#   epoch 수를 미리 정하기 어렵다면 validation loss를 보고 줄이는 `ReduceLROnPlateau`가 편하다.
#   어느 쪽이든 `step()`을 epoch마다 부르는지 batch마다 부르는지에 따라 주기의 단위가 달라진다는 점을 기억하자.

# %% [markdown]
# ## 9. 연습 문제
#
# 1. `StepLR(step_size=30, gamma=0.5)`로 200 epoch 동안 LR이 처음으로 1e-5 아래로 내려가는 epoch을 계산으로 먼저 예상하고,
#    `lr_trace`로 확인해 보자.
# 2. 7절의 CosineAnnealingLR을 batch마다 step하도록 바꿔 보자. `T_max`를 얼마로 해야 10 epoch 동안 한 번만 내려가는가?
#    (`fit(..., scheduler_step='batch')`를 쓰고, `len(train_loader)`를 이용한다.)
# 3. 7절을 `OneCycleLR(optimizer, max_lr=0.01, epochs=N_EPOCH, steps_per_epoch=len(train_loader))`로 바꿔 학습하고
#    고정 LR과 비교해 보자. `fit`이 batch마다 step하므로 `history.lr`에는 각 epoch 시작 시점의 LR만 남는다는 점에 주의한다.
# 4. `ReduceLROnPlateau`의 `patience`를 1, 5로 바꾸면 6-2절의 LR 그래프가 어떻게 달라지는지 예상하고 확인해 보자.
