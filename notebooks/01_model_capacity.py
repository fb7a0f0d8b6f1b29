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
# # 01. 모델 크기(capacity)와 성능
#
# **목표**: 모델의 크기(층 수, 파라미터 수)가 성능에 어떤 영향을 주는지 직접 확인한다.
# `Linear` 하나뿐인 작은 모델과 6층짜리 큰 모델을 같은 조건으로 학습시켜 학습 곡선에서 underfitting과
# overfitting을 읽고, 이어서 hidden 층 하나의 너비(4\~1024)를 바꾼 모델 다섯 개와 hidden 층이 없는 Linear 하나,
# 모두 여섯 개를 seed 3개씩 학습하는 **capacity sweep**으로 파라미터 수에 따라 train/validation 정확도와 그 차이(gap)가
# 어떻게 변하는지 본다. 그다음 train set을 2,000장으로 줄여
# validation loss가 다시 올라가는 모습과, 큰 모델이 무작위 label까지 외우는 모습을 본다. 마지막으로 파라미터 수가 거의 같은
# 넓고 얕은 MLP와 좁고 깊은 MLP를 비교한다.
#
# **Goal**: see how model size (layers, parameters) affects performance. Train a one-layer linear model and a
# 6-layer MLP under the same settings and read underfitting and overfitting from their learning curves; then run a
# capacity sweep (five widths of one hidden layer plus the no-hidden-layer linear model, three seeds each) and see
# how train/validation accuracy and their gap change with the parameter count; then shrink the train set to 2,000 images to see validation loss turn
# up and a large model memorise random labels; finally compare a wide-shallow and a deep-narrow MLP of about the same
# parameter count.

# %% [markdown]
# ## 1. 아이디어: capacity, underfitting, overfitting
#
# 모델의 **[capacity](glossary.md#capacity)**(표현력)는 모델이 얼마나 복잡한 함수를 흉내 낼 수 있는지를 말한다.
# 대체로 층이 많고 학습되는 [parameter](glossary.md#parameter)(가중치와 bias)가 많을수록 capacity가 크다.
#
# - **[Underfitting](glossary.md#underfitting)** (과소적합): 모델이 너무 단순해서 train set조차 잘 맞히지 못한다.
#   train과 validation 성능이 **둘 다 낮고 서로 비슷하다**. 더 오래 학습해도 크게 좋아지지 않는다.
# - **[Overfitting](glossary.md#overfitting)** (과적합): 모델이 train set의 세세한 특징(잡음까지)을 외워 버린다.
#   train 성능은 계속 좋아지는데 validation 성능은 멈추거나 나빠진다. 곡선에서는
#   **train-validation 차이([generalization gap](glossary.md#generalization-gap))가 벌어지고**,
#   train loss가 내려가는 동안 **validation loss가 다시 올라간다**.
#
# 좋은 모델은 둘 사이 어딘가에 있다. 이 노트북에서는 먼저 양쪽 끝을 하나씩 만들어 보고,
# 그다음 그 사이를 여러 크기로 촘촘히 재 본다.

# %%
import functools
import inspect
import os

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchinfo

from course_lib import data, models, plots, report, settings, train

settings.seed_everything(0)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200
SEEDS = [0, 1, 2]

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = "models"

# %% [markdown]
# 데이터는 세 부분으로 나눈다 (00 노트북 참고). 60,000장의 train 이미지 가운데 55,000장으로 학습하고,
# 떼어 둔 5,000장([validation set](glossary.md#validation-set))으로 모델·epoch·크기를 **고른다**.
# 10,000장의 [test set](glossary.md#test-set)은 마지막에 고른 모델을 한 번 평가할 때만 쓴다.
# 이 노트북은 아직 최종 모델을 고르지 않으므로 **test set을 한 번도 쓰지 않는다** (최종 비교는 07 노트북).

# %%
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE)
len(train_loader.dataset), len(val_loader.dataset), len(test_loader.dataset)

# %% [markdown]
# 큰 모델은 CPU에서 한 epoch에 시간이 꽤 걸린다. 그래서 이 노트북의 두 모델 비교(2\~5절)는 기계가 지원하면
# **bf16 autocast**([bfloat16](glossary.md#bfloat16): 행렬 곱을 16비트 부동소수점으로 계산)로 학습한다.
# bf16은 하드웨어가 지원하는 곳(AVX512-BF16을 지원하는 CPU, bf16을 지원하는 CUDA GPU)에서만 fp32보다 빠르고,
# 그렇지 않은 CPU에서는 오히려 느리다. 그래서 아래 셀은 하드웨어가 bf16을 지원할 때만 `torch.bfloat16`을 고르고,
# 아니면 `None`(즉 fp32)을 고른다. 저장된 출력을 만든 기계의 CPU는 bf16을 지원하지 않아 `autocast dtype: None`이
# 출력되었다: 이 저장된 run의 2\~5절은 **fp32**로 학습한 결과다. 6절의 sweep과 7절은 작은 모델들이라 언제나
# 기본값인 fp32로 학습한다. bf16을 지원하는 컴퓨터에서도 fp32로 학습하려면 환경 변수 `COURSE_BF16=0`을 설정하고
# JupyterLab을 연다(그래도 CPU 종류에 따라 끝자리는 저장된 출력과 조금 다를 수 있다).

# %%
AUTOCAST = settings.bf16_autocast(device)  # bf16을 하드웨어로 지원하면 torch.bfloat16, 아니면 None(fp32)
print("autocast dtype:", AUTOCAST)

# %% [markdown]
# ## 2. 작은 모델: SmallSizeModel
#
# 입력 784개(28×28 픽셀)를 출력 10개(클래스)로 바로 보내는 `Linear` 층 하나뿐이다.
# 픽셀 값의 가중합만으로 숫자를 구분해야 하므로, 표현할 수 있는 경계가 직선(초평면)뿐이다.

# %% tags=["nbval-check-output"]
print(inspect.getsource(models.SmallSizeModel))

# %% tags=["nbval-check-output"]
settings.seed_everything(SEEDS[0])
small_model = models.SmallSizeModel()
torchinfo.summary(small_model, (BATCH_SIZE, 1, 28, 28))

# %% [markdown]
# 파라미터는 가중치 784×10 = 7,840개와 bias 10개, 합해서 7,850개다.
# 요약표의 `Total mult-adds (Units.MEGABYTES): 1.57`은 메모리 크기가 아니라, 입력으로 준 batch(200장)를 한 번 forward할 때의
# 곱셈-덧셈 횟수를 백만 단위로 센 것이다 (단위 이름의 MEGABYTES는 torchinfo의 표기일 뿐, 뜻은 "백만 번"이다).
# Linear 층은 샘플 하나에 파라미터 하나당 곱셈-덧셈을 한 번씩 하므로(bias 덧셈도 한 번으로 센다) 7,850 × 200 = 1,570,000이다.
#
# 학습은 00 노트북과 같은 `train.fit()`으로 한다. validation에는 `val_loader`를 넘긴다.
# `save_best_model=True`이므로 validation loss가 가장 낮았던 epoch의 모델이 `models/small_model.pth`에
# 저장된다([checkpoint](glossary.md#checkpoint)). 두 모델이 같은 epoch 수를 다 돌도록 early stopping은 끈다
# (early stopping은 06 노트북에서 배운다).

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(small_model.parameters(), lr=LR)

small_history = train.fit(
    train_loader,
    val_loader,
    small_model,
    loss_fn,
    optimizer,
    N_EPOCH,
    save_best_model=True,
    save_model_path=os.path.join(MODEL_SAVE_ROOT_PATH, "small_model.pth"),
    early_stopping=False,
    device=device,
    mode="multi",
    autocast_dtype=AUTOCAST,
)

# %%
plots.plot_history(small_history, title="SmallSizeModel")
plt.show()

# %% [markdown]
# train과 validation 곡선이 거의 붙어서 함께 움직인다 (마지막 epoch의 accuracy 차이는 약 0.007).
# validation loss는 10 epoch 내내 내려가서(처음에는 빠르게, 뒤로 갈수록 천천히) 최저점(best epoch)이 마지막 epoch 10이지만, 기울기는 점점 완만해져
# 마지막 몇 epoch의 validation accuracy는 0.917\~0.920 사이에 머문다. train accuracy도 0.93에 못 미친다:
# 모델이 train set조차 잘 맞히지 못하는 것, 곧 모델이 표현할 수 있는 한계(capacity)에 가까워진 underfitting의 모습이다.
# (더 오래 학습하면 어떻게 되는지는 연습 문제 2에서 확인한다.)

# %%
print(
    f"마지막 epoch: train acc {small_history.train_acc[-1]:.4f}, val acc {small_history.val_acc[-1]:.4f}, "
    f"차이 {small_history.gap[-1]:+.4f}"
)

# %% [markdown]
# ## 3. 층을 묶는 방법: `nn.Sequential`
#
# 큰 모델은 `Linear → ReLU` 묶음(block)을 여러 번 쌓아서 만든다.
# `nn.Sequential`은 여러 layer를 순서대로 묶어 하나의 layer처럼 쓰게 해 준다.
# 입력 feature 20개를 30개로 바꾸는 block으로 확인해 보자.

# %% tags=["nbval-check-output"]
## nn.Sequential()을 이용해 Layer block 정의하기
### 여러 Layer들을 묶어준다.
torch.manual_seed(0)
layer_block = nn.Sequential(nn.Linear(20, 30), nn.ReLU())

a = torch.ones(1, 20)
r = layer_block(a)
r.shape

# %% [markdown]
# 출력은 `(1, 30)`: 데이터 1개, feature 30개. 값을 보면 ReLU 때문에 음수였던 자리가 모두 0이 되었다.

# %%
print(r)
print("0인 값의 개수:", (r == 0).sum().item(), "/", r.numel())

# %% [markdown]
# ## 4. 큰 모델: BigSizeModel
#
# `Linear → ReLU` block 6개(784 → 2048 → 1024 → 512 → 256 → 128 → 64)와 출력층으로 이루어진 모델이다.

# %% tags=["nbval-check-output"]
print(inspect.getsource(models.BigSizeModel))

# %% tags=["nbval-check-output"]
settings.seed_everything(SEEDS[0])
big_model = models.BigSizeModel()
torchinfo.summary(big_model, (BATCH_SIZE, 1, 28, 28))

# %% tags=["nbval-check-output"]
n_small = models.count_parameters(small_model)
n_big = models.count_parameters(big_model)
print(f"SmallSizeModel: {n_small:>9,} params")
print(f"BigSizeModel  : {n_big:>9,} params  (약 {n_big / n_small:.0f}배)")

# %% [markdown]
# 요약표의 `Total mult-adds`도 880.76(백만 번), 곧 4,403,786 × 200이라 SmallSizeModel(1.57)의 약 561배다:
# Linear와 ReLU로만 된 모델에서는 torchinfo가 세는 한 batch의 곱셈-덧셈 수가 파라미터 수에 비례한다 (ReLU는 파라미터가
# 없어 세지 않는다).
# 파라미터가 수백 배 많으므로 한 epoch에 걸리는 시간도 훨씬 길다 (CPU에서는 epoch마다 수 초에서 몇 분까지 걸릴 수 있다.
# 시간은 기계와 그때의 부하에 따라 다르다). 다만 걸리는 시간은 계산량에 그대로 비례하지 않는다 (5절의 출력에서 두 모델의
# 학습 시간을 견주어 보라: 561배보다 훨씬 작다).
# 이번에는 `live_plot=True`로 학습하면서 곡선을 epoch마다 다시 그린다. **train loss**(파란 선)와
# **validation loss**(주황 선)가 어떻게 갈라지는지 지켜보자. 학습 설정은 작은 모델과 똑같다
# (Adam, lr 0.001, batch 200, 10 epoch, 같은 autocast, seed 0).

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(big_model.parameters(), lr=LR)

big_history = train.fit(
    train_loader,
    val_loader,
    big_model,
    loss_fn,
    optimizer,
    N_EPOCH,
    save_best_model=True,
    save_model_path=os.path.join(MODEL_SAVE_ROOT_PATH, "big_model.pth"),
    early_stopping=False,
    device=device,
    mode="multi",
    autocast_dtype=AUTOCAST,
    live_plot=True,
)

# %% [markdown]
# 위 그림(학습이 끝난 뒤의 마지막 모습)에서 읽을 것:
#
# - **train loss**는 0.153에서 0.014로 10배 넘게 줄었다. 다만 매 epoch 줄지는 않았다: epoch 8과 10에는 조금 올랐다
#   (0.021 → 0.025, 0.013 → 0.014). mini-batch로 학습하므로 손실은 평균적으로 내려갈 뿐 epoch마다 내려간다는 보장은 없다.
# - **validation loss**는 epoch 3까지 빠르게 내려간 뒤(0.108) 0.091\~0.121 사이에서 오르내린다 (epoch 4, 7\~8에 올랐다가
#   다시 내려왔다). 최저점은 epoch 9(0.091)이고, 마지막 epoch 10에는 0.110으로 한 번 올랐다. 최저점 뒤가 한 epoch뿐이라,
#   이것이 **계속 올라가는 구간**의 시작인지 epoch 4, 7에서처럼 오르내림의 하나인지는 이 run만으로는 알 수 없다.
# - 대신 두 loss의 **간격**이 벌어진다: epoch 1에는 train 0.153, validation 0.192로 비교적 가까웠지만 마지막에는 0.014 대 0.110,
#   약 8배다. accuracy에서도 train은 0.996까지 올라가는데 validation은 0.976\~0.978에 머문다.
#
# 즉 이 run은 overfitting의 **시작**(train은 거의 다 외워 가는데 validation은 그만큼 따라오지 못해 gap이 벌어짐)을 보여 주지만,
# validation loss는 최저점 뒤 마지막 한 epoch만 올랐을 뿐이라, 계속 올라가는 단계에 들어섰다고 말할 수는 없다. epoch을 늘려
# 그 단계가 오는지 직접 확인해 볼 수 있다 (CPU에서는 오래 걸린다). 점선은 validation loss가 가장 낮았던 best epoch(9)이고,
# 그때의 모델이 `models/big_model.pth`에 저장되어 있다. 숫자로 확인해 보자.


# %%
def overfitting_report(name, h):
    """train-validation 차이와 validation loss의 최저점을 출력한다."""
    best = h.best_epoch
    print(f"[{name}]")
    print(
        f"  마지막 epoch      : train acc {h.train_acc[-1]:.4f}, val acc {h.val_acc[-1]:.4f}, 차이(gap) {h.gap[-1]:+.4f}"
    )
    print(f"  train loss        : epoch 1 {h.train_loss[0]:.4f} → 마지막 {h.train_loss[-1]:.4f}")
    print(
        f"  val loss 최저     : epoch {best} ({h.val_loss[best - 1]:.4f}), 마지막 {h.val_loss[-1]:.4f} "
        f"(최저보다 {h.val_loss[-1] - h.val_loss[best - 1]:+.4f})"
    )
    print("  epoch별 train loss:", " ".join(f"{v:.3f}" for v in h.train_loss))
    print("  epoch별 val loss  :", " ".join(f"{v:.3f}" for v in h.val_loss))


overfitting_report("SmallSizeModel", small_history)
overfitting_report("BigSizeModel", big_history)

# %% [markdown]
# validation loss 최저점은 작은 모델이 마지막 epoch 10(0.2898), 큰 모델이 epoch 9(0.0912)이다. 큰 모델은 마지막 epoch에
# 0.1096으로 최저보다 0.0184 높다. 더 큰 차이는 train과 validation 사이의 간격에 있다: 작은 모델은 마지막 epoch의
# train loss 0.266, validation loss 0.290으로 거의 같고, 큰 모델은 train loss(0.014)가 validation loss(0.110)보다 훨씬 작다.
# 큰 모델의 epoch별 validation loss가 epoch 3부터 0.091\~0.121에서 오르내리는 것도 위 출력에서 볼 수 있다.
#
# ## 5. 두 모델 비교 (capacity 효과)
#
# `plots.compare_histories()`로 두 실험의 같은 지표를 한 그래프에 겹쳐 그린다.
# 두 모델은 **구조 자체가 다르다** (층 수도, 파라미터 수도). 그러니 여기서 보는 차이는 어떤 기법의 효과가 아니라
# **capacity 효과**다. 또 각 모델을 seed 하나로만 학습했으므로, 작은 차이는 seed 간 흔들림일 수 있다.
# seed 3개로 크기를 여러 단계 바꿔 보는 실험은 6절에서 한다.

# %%
histories = {"SmallSizeModel": small_history, "BigSizeModel": big_history}

fig, axes = plt.subplots(1, 3, figsize=(15, 4), layout="constrained")
plots.compare_histories(histories, metric="val_acc", ax=axes[0])
plots.compare_histories(histories, metric="val_loss", ax=axes[1])
plots.compare_histories(histories, metric="gap", ax=axes[2], title="train − 검증 정확도 차이 (generalization gap)")
plt.show()

# %%
for name, h in histories.items():
    print(
        f"{name:<15} 마지막 val acc {h.val_acc[-1]:.4f} | best epoch(최저 val loss) {h.best_epoch}의 val acc "
        f"{h.best_val_acc:.4f} | 학습 시간 {h.total_time:.0f}초"
    )

# %% [markdown]
# - **validation accuracy**: 큰 모델이 모든 epoch에서 작은 모델보다 높다 (마지막 epoch 0.976 대 0.919, 약 0.06 차이).
#   seed가 하나뿐이라 판정은 아니지만, 대략 읽기로는 6절의 sweep에서 보는 seed 간 표준편차(다른 모델들의 값이다.
#   가장 작은 `(4,)` 모델을 빼면 0.0013 이하)보다 수십 배 큰 차이라 seed 간 흔들림만으로 생긴 차이로 보이지는 않는다.
# - **validation loss**: 작은 모델은 매끄럽게 천천히 내려가고, 큰 모델은 훨씬 낮은 곳에서 오르내린다.
# - **gap**: 작은 모델은 0.002에서 0.007로 조금 커지고, 큰 모델은 epoch 1에 이미 0.011이고, 조금씩 오르내리면서
#   마지막 epoch의 0.020까지 커진다. 모든 epoch에서 큰 모델의 gap이 더 크다.
# - 학습 시간은 큰 모델이 훨씬 길다 (위 출력, 시간은 기계와 그때의 부하에 따라 다르다).
#
# 큰 모델은 validation 성능도 더 높고 gap도 더 크다. "더 큰 모델 = 더 나쁜 일반화"가 아니라는 점에 주의하자.
# 그러면 크기를 조금씩 늘릴 때 어디까지는 좋아지고, gap은 어디서 벌어지기 시작할까?
#
# ## 6. Capacity sweep: 크기만 바꿔 가며 여러 번 재기
#
# 두 모델만 비교하면 "얼마나 커야 충분한가", "gap은 어디서부터 벌어지는가"를 알 수 없고, seed 하나의 결과라
# 얼마나 믿을지도 모른다. 그래서 **크기만 다르고 나머지는 모두 같은** 모델 여러 개를 [seed](glossary.md#seed)
# 3개씩 학습한다. 이렇게 설정 하나를 여러 값으로 바꿔 가며 재는 실험을 [sweep](glossary.md#sweep)이라고 한다.
#
# - 모델: `models.MLP(hidden=...)` — hidden 층 하나(너비 4, 16, 64, 256, 1024)와, hidden 층이 없는
#   `MLP(hidden=())`(= SmallSizeModel과 같은 Linear 하나). hidden 층이 하나인 다섯 모델은 너비만 다르고, `()`는 hidden 층이
#   없는 기준점(SmallSizeModel)이다. 층을 여러 개 쌓는 방향(깊이)으로는 키우지 않는다. 4절의 BigSizeModel은 깊이(6층)와
#   너비가 함께 달랐다.
#   파라미터 수를 같게 두고 깊이와 너비를 맞바꾸면 어떻게 되는지는 8절에서 본다.
# - 같은 방법: Adam(lr 0.001), batch 200, **5 epoch** (sweep은 epoch 수를 줄여 시간을 아낀다), fp32,
#   `early_stopping=False`(모두 같은 학습량), seed 0, 1, 2.
# - 잴 값: 마지막(5번째) epoch의 train accuracy, validation accuracy, 그 차이(gap).
#
# 먼저 각 모델의 파라미터 수를 확인하자.

# %% tags=["nbval-check-output"]
SWEEP_HIDDEN = [(4,), (), (16,), (64,), (256,), (1024,)]  # 파라미터 수 순서
N_SWEEP_EPOCH = 5

sweep_params = [models.count_parameters(models.MLP(hidden=h)) for h in SWEEP_HIDDEN]
for hidden, n in zip(SWEEP_HIDDEN, sweep_params, strict=True):
    print(f"MLP(hidden={hidden!s:<8}) {n:>9,} params")
print(f"가장 큰 모델 / 가장 작은 모델 = {sweep_params[-1] / sweep_params[0]:.0f}배")

# %% [markdown]
# 가장 작은 모델과 가장 큰 모델의 파라미터 수가 200배 넘게 차이 난다 (자릿수로 두 단계, 즉 10²배 이상).
# `MLP(hidden=(4,))`는 hidden 층이 있지만 너비가 4뿐이라, 784개 픽셀 정보를 숫자 4개로 줄였다가 분류해야 한다:
# 파라미터가 Linear 하나(7,850)보다도 적다.
#
# 이제 6 × 3 = 18번 학습한다 (`verbose=False`로 epoch 줄은 생략하고, 크기마다 한 줄만 출력).

# %%
sweep = {}  # hidden -> seed별 History 목록
for hidden in SWEEP_HIDDEN:
    runs = []
    for seed in SEEDS:
        settings.seed_everything(seed)
        model = models.MLP(hidden=hidden)
        optimizer = torch.optim.Adam(model.parameters(), lr=LR)
        h = train.fit(
            train_loader,
            val_loader,
            model,
            loss_fn,
            optimizer,
            N_SWEEP_EPOCH,
            save_best_model=False,
            early_stopping=False,
            device=device,
            verbose=False,
        )
        runs.append(h)
    sweep[hidden] = runs
    print(
        f"MLP(hidden={hidden!s:<8}) 끝: seed {len(runs)}개, "
        f"한 번에 평균 {sum(h.total_time for h in runs) / len(runs):.1f}초"
    )

# %%
train_accs = [[h.train_acc[-1] for h in sweep[hd]] for hd in SWEEP_HIDDEN]
val_accs = [[h.val_acc[-1] for h in sweep[hd]] for hd in SWEEP_HIDDEN]
gaps = [[h.gap[-1] for h in sweep[hd]] for hd in SWEEP_HIDDEN]

print(f"마지막 epoch({N_SWEEP_EPOCH}) 값, seed {len(SEEDS)}개의 평균 ± 표준편차")
print(f"{'hidden':<10} {'params':>9}  {'train acc':<17}  {'val acc':<17}  {'gap (train - val)':<17}")
for hidden, n, ta, va, gp in zip(SWEEP_HIDDEN, sweep_params, train_accs, val_accs, gaps, strict=True):
    print(
        f"{hidden!s:<10} {n:>9,}  {report.fmt_mean_std(ta)}  {report.fmt_mean_std(va)}  "
        f"{report.fmt_mean_std(gp, sign=True)}"
    )

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
plots.plot_sweep(sweep_params, train_accs, label="train", ax=axes[0], logx=True)
plots.plot_sweep(
    sweep_params,
    val_accs,
    label="검증 (validation)",
    ax=axes[0],
    logx=True,
    xlabel="파라미터 수 (log)",
    ylabel="정확도 (accuracy)",
    title=f"모델 크기별 정확도 ({N_SWEEP_EPOCH} epoch, seed {len(SEEDS)}개)",
)
plots.plot_sweep(
    sweep_params,
    gaps,
    ax=axes[1],
    logx=True,
    xlabel="파라미터 수 (log)",
    ylabel="train − 검증 정확도 (gap)",
    title="모델 크기별 generalization gap",
)
axes[1].axhline(0, color="gray", lw=0.8)
plt.show()

# %% [markdown]
# 위 표와 그림에서 읽을 수 있는 것 (모두 5 epoch 학습 뒤, seed 3개의 평균 ± 표준편차). 이 노트북은 판정 규칙(02 노트북에서
# 정한다)을 쓰지 않는다: 아래의 비교는 평균 ± 표준편차를 눈으로 견주는 **대략 읽기**다.
#
# - **정확도는 크기와 함께 계속 오른다.** validation accuracy는 0.814 → 0.913 → 0.926 → 0.952 → 0.965 → 0.974이고,
#   이웃한 두 크기의 평균 차이(가장 작은 것이 `(256,)` → `(1024,)`의 약 0.010)가 seed 표준편차(0.0004\~0.0013, `(4,)`만 0.019)보다
#   몇 배 크다. 대략 읽기로는 이 범위(3,190\~814,090 params)와 학습량(5 epoch)에서 더 큰 모델이 validation에서 더 나빠지는
#   지점이 보이지 않는다.
# - **underfitting 구간**: 12,730 params(`(16,)`)까지는 train accuracy도 0.932 이하(0.818, 0.918, 0.932)이고 gap이 0.006 이하로
#   작다. train set조차 잘 맞히지 못하는, capacity가 모자란 구간이다. 너비 4짜리 `(4,)`는 Linear 하나(`()`)보다 파라미터도
#   적고 정확도도 0.1 가까이 낮다: 784개 픽셀을 숫자 4개로 줄이는 좁은 층이 병목이 된다. seed 간 흔들림도 이 모델이 가장 크다.
#   세 작은 모델의 gap(0.0041 ± 0.0017, 0.0044 ± 0.0004, 0.0055 ± 0.0017)은 차이가 표준편차 정도라 대략 읽기로는 서로
#   구별되지 않는다.
# - **gap이 벌어지는 곳**: 50,890 params(`(64,)`)에서 gap이 0.0097 ± 0.0008로, 작은 모델들(0.004\~0.006)보다 눈에 띄게 커진다
#   (그림에서 seed 3개의 점이 모두 작은 모델들의 점보다 위에 있다). 203,530 params(`(256,)`)에서 0.016까지 커지고,
#   814,090 params(`(1024,)`)의 gap(0.0169 ± 0.0007)은 `(256,)`(0.0163 ± 0.0023)과 거의 같다 (대략 읽기로는 구별되지 않는다).
#   그런데 validation accuracy는 그 사이에서도 0.965 → 0.974로 올랐다.
# - 그래서 이 sweep에서 validation으로 고른다면 가장 큰 `(1024,)`다. gap은 "overfitting이 시작되었다"는 진단 신호일 뿐,
#   모델을 고르는 기준은 validation 성능이다. 단, 이것은 5 epoch이라는 짧은 학습에서의 결론이다: 더 오래 학습하면 큰 모델일수록
#   gap이 더 벌어질 수 있다 (4절의 BigSizeModel은 10 epoch 뒤 gap이 약 0.020이었다).
#
# ## 7. 데이터가 적으면: validation loss가 다시 올라가고, 무작위 label까지 외운다
#
# 55,000장으로 10 epoch 학습한 4절의 큰 모델은 validation loss가 최저점 뒤 한 epoch 올랐을 뿐, 계속 올라가는 단계까지
# 가지 않았다. 데이터를 줄이면 어떻게 될까? train set을 **2,000장**(클래스마다 200장,
# `load_mnist_splits(..., train_size=2000)`; validation과 test는 그대로)으로 줄이고, 너비 512짜리 hidden 층 두 개의
# MLP((784×512+512) + (512×512+512) + (512×10+10) = 669,706 params)를 40 epoch 학습한다 (AdamW lr 0.001, weight decay 0,
# batch 100: 02·03 노트북의 작은 train set 실험과 같은 설정이다. weight decay가 0인 AdamW는 Adam과 같은 update를 한다;
# AdamW는 03 노트북에서 배운다. `paired=True`는 train loader가 자기 생성기로 섞게 해서 같은 seed의 run들이 같은 batch
# 순서를 보게 한다: 02 노트북 10절에서 설명한다). 4절과는 데이터 양뿐 아니라 모델, batch 크기, epoch 수도 다르다.
#
# 같은 2,000장의 label을 **무작위**로 바꾼 train set도 만든다. 90%의 label을 다른 클래스로 바꾸면([label noise](glossary.md#label-noise), `data.with_label_noise`)
# 각 이미지의 label은 10개 클래스 중 어느 것이든 확률 0.1이 되어 이미지와 아무 관계가 없어진다. Zhang et al.(2017,
# "Understanding deep learning requires rethinking generalization")은 충분히 큰 신경망이 이런 label도 **전부 외운다**는 것을
# 보였다. 외울 규칙이 없으니 validation accuracy는 우연 수준(0.1)에 머물 것이다. capacity가 작은 Linear 하나로도 해 본다.

# %%
SMALL_TRAIN, SMALL_EPOCHS, SMALL_BATCH = 2000, 40, 100
small_train, _, _ = data.load_mnist_splits(DATASET_ROOT_PATH, SMALL_BATCH, train_size=SMALL_TRAIN, paired=True)
random_train = data.with_label_noise(small_train, 0.9, seed=0)  # label이 이미지와 무관해진다
kept = (random_train.dataset.targets == small_train.dataset.targets).float().mean()
print(f"train {len(small_train.dataset):,}장 | 무작위 label이 원래 label과 같은 비율 {kept:.3f} (우연이면 0.1)")


def run_small(make_model, loader, seed, epochs=SMALL_EPOCHS):
    """작은 train set으로 epochs(기본 SMALL_EPOCHS) epoch 학습한 History (early stopping 없음)."""
    settings.seed_everything(seed)
    model = make_model().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.0)
    return train.fit(
        loader,
        val_loader,
        model,
        loss_fn,
        optimizer,
        epochs,
        save_best_model=False,
        early_stopping=False,
        device=device,
        verbose=False,
    )


small_runs = {
    "MLP 512-512, 진짜 label": [run_small(lambda: models.MLP((512, 512)), small_train, s) for s in SEEDS],
    "MLP 512-512, 무작위 label": [run_small(lambda: models.MLP((512, 512)), random_train, SEEDS[0])],
    "Linear 하나, 무작위 label": [run_small(lambda: models.MLP(()), random_train, SEEDS[0])],
}
for name, hs in small_runs.items():
    print(f"[{name}] seed {len(hs)}개")
    print(
        f"  val loss 최저 epoch {[h.best_epoch for h in hs]}, 최저 {report.fmt_mean_std([h.best_val_loss for h in hs])}"
    )
    print(
        f"  epoch {SMALL_EPOCHS}: val loss {report.fmt_mean_std([h.val_loss[-1] for h in hs])}, "
        f"train acc {report.fmt_mean_std([h.train_acc[-1] for h in hs])}, "
        f"val acc {report.fmt_mean_std([h.val_acc[-1] for h in hs])}"
    )

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
clean = {"train": small_runs["MLP 512-512, 진짜 label"]}
plots.compare_histories(clean, metric="train_loss", ax=axes[0])
plots.compare_histories(
    {"검증 (validation)": clean["train"]},
    metric="val_loss",
    ax=axes[0],
    title="train 2,000장, 진짜 label: loss (seed 3개)",
)
axes[0].set_ylabel("loss")
for name in ("MLP 512-512, 무작위 label", "Linear 하나, 무작위 label"):
    h = small_runs[name][0]
    epochs_ = range(1, len(h.train_acc) + 1)
    axes[1].plot(epochs_, h.train_acc, "o-", ms=3, label=f"{name}: train")
    axes[1].plot(epochs_, h.val_acc, "s--", ms=3, label=f"{name}: 검증 (validation)")
axes[1].set(xlabel="epoch", ylabel="정확도 (accuracy)", title="무작위 label을 외우기 (seed 0)")
axes[1].grid(True, ls=":")
axes[1].legend()
plt.show()

# %% [markdown]
# 위 출력과 그림에서 읽을 것 (진짜 label은 seed 3개의 평균 ± 표준편차, 무작위 label은 seed 0 하나씩):
#
# - **진짜 label, MLP 512-512**: validation loss는 epoch 7, 5, 6(seed 0, 1, 2)에서 가장 낮고(0.3514 ± 0.0028), 그 뒤로는
#   조금씩 오르내리면서도 거의 꾸준히 올라 epoch 40에는 0.4994 ± 0.0114가 된다. 그동안 train loss는 거의 0까지 내려가고
#   train accuracy는 1.0000 ± 0.0000이 된다. train loss가 내려가는 동안 validation loss가 다시 올라가는, 1절에서 정의한
#   **overfitting**이다. 55,000장으로 10 epoch 학습한 4절의 큰 모델은 이 단계까지 가지 않았다.
# - 그런데 epoch 40의 validation **accuracy**(0.9141 ± 0.0012)는 loss처럼 나빠지지 않았다. 이 세 run은 02 노트북 10절에서
#   같은 설정, 같은 seed로 다시 나오는데, 그 출력에 따르면 validation loss가 가장 낮았던 epoch의 모델은 val acc가
#   0.9021 ± 0.0043이다. 대략 읽기로는 마지막 epoch 쪽이 오히려 높아 보인다 (07 노트북이 이 비교를 판정 규칙으로 잰다).
#   accuracy와 loss는 따로 움직일 수 있다: 맞힌 개수가 그대로이거나 늘어도, 틀린 샘플을 더 "자신 있게" 틀리면 loss는
#   커진다 (아래 관찰 포인트와 확인 문제 3. 이 셀이 확신의 정도를 직접 잰 것은 아니다).
# - **무작위 label, MLP 512-512**: train accuracy가 epoch 40에 1.0000이다. 이미지와 관계없는 label 2,000개를 모두 외웠다.
#   validation accuracy는 처음 몇 epoch에는 0.1보다 낮은 값도 나오고(그림에서 약 0.02\~0.08) 그 뒤로는 우연 수준(0.1) 안팎에
#   머물러 epoch 40에 0.0848이고, validation loss는 epoch 2의 2.3357에서
#   7.2325까지 올라간다. 무작위 label에는 외울 것만 있고 **일반화할 규칙이 없다**.
# - **무작위 label, Linear 하나**(7,850 params): 같은 40 epoch 동안 train accuracy가 0.3515까지밖에 오르지 못한다
#   (validation accuracy 0.0952; 그림에서 아직 천천히 오르는 중이다). 같은 시간에 얼마나 많이 외우는지는 **capacity**에 크게
#   달려 있다 (seed 하나의 시연).
#
# 왜 이렇게 되는가: train 이미지가 2,000장뿐이면 669,706 params의 MLP는 이미지 하나하나를 (label이 무엇이든) 외울 수 있다.
# 4절과는 모델, batch 크기, epoch 수도 다르므로 두 결과의 차이를 데이터 양만의 효과라고 단정할 수는 없지만, 2,000장에서는
# validation loss가 계속 올라가는 단계가 분명히 왔다 (같은 모델로 train set을 줄이는 실험은 연습 문제 4다. 풀이에서 5,000장이면
# `(256,)`의 gap이 +0.0163에서 +0.0405로 커진다. 다만 같은 5 epoch이라 step 수도 11배 적다. gap은 학습할수록 커지는
# 편이므로(4절 BigSizeModel: epoch 1의 0.011 → epoch 10의 0.020), 적은 step 수는 gap을 줄이는 쪽으로 작용한다. 그런데도
# gap이 커졌다.)
# 그래서 overfitting의 첫 번째 처방은 데이터를 더 모으는 것이다.
# 데이터를 더 모을 수 없을 때 쓰는 방법들은 다음 노트북들이 같은 2,000장 조건으로 잰다: Dropout(02)과 weight decay(03)는
# 이 설정 그대로, early stopping(06)은 이 2,000장의 label 일부를 틀리게 바꾼 조건에서 돕는지를 본다.
#
# 진짜 label의 세 run은 02 노트북 10절의 대조군(`p=0.0`)과 설정도 seed도 같다: 출력의 숫자(best epoch [7, 5, 6],
# 최저 val loss 0.3514 ± 0.0028, 마지막 epoch val loss 0.4994 ± 0.0114, 마지막 epoch val acc 0.9141 ± 0.0012)가
# 그 노트북의 출력과 똑같다. 무작위 label의 두 run은 seed 하나씩이라, 두 모델을 판정하는 비교가 아니라 현상을 보여 주는
# 시연이다.
#
# ## 8. 깊이 대 너비: 파라미터 수가 같으면 같은 결과인가
#
# 6절의 sweep은 (hidden 층이 없는 기준점 말고는) hidden 층 하나의 **너비만** 바꿨다. 같은 파라미터 수를 층 하나에
# 넓게 쓸 수도, 여러 층에 좁게 나눠 쓸 수도 있다. 파라미터 수를 거의 같게 맞춘 두 MLP를 비교해 보자.
#
# - **넓고 얕은** `MLP((256,))`: hidden 층 1개, 너비 256 (6절 sweep의 그 모델).
# - **좁고 깊은** `MLP((160, 160, 160, 160))`: hidden 층 4개, 너비 160.
#   (784×160+160) + 3×(160×160+160) + (160×10+10) = 204,490 params.
#
# capacity의 차이가 드러나는 7절의 조건(train 2,000장, AdamW lr 0.001, weight decay 0, batch 100, `paired=True` loader)에서
# 둘 다 **20 epoch**(400 step)씩, seed 0·1·2로 학습한다 (7절의 `run_small`에 epoch 수만 준다). 모든 run이
# `seed_everything(seed)`로 시작하고, 같은 seed의 두 run은 같은 batch를 같은 순서로 본다 (초기 가중치는 구조가 달라 다르다).

# %% tags=["nbval-check-output"]
DEPTH_EPOCHS = 20
SHAPES = {"넓고 얕은 (256,)": (256,), "좁고 깊은 (160,)×4": (160, 160, 160, 160)}
for name, hidden in SHAPES.items():
    print(f"{name:<16} hidden 층 {len(hidden)}개, {models.count_parameters(models.MLP(hidden)):>7,} params")

# %%
shape_runs = {}
for name, hidden in SHAPES.items():
    # partial(models.MLP, hidden)은 lambda: models.MLP(hidden)와 같은 뜻이다 (지금의 hidden을 묶어 둔 모델 생성 함수)
    shape_runs[name] = [
        run_small(functools.partial(models.MLP, hidden), small_train, s, epochs=DEPTH_EPOCHS) for s in SEEDS
    ]
for name, hs in shape_runs.items():
    print(f"[{name}] seed {len(hs)}개")
    print(
        f"  val loss 최저 epoch {[h.best_epoch for h in hs]}, 최저 {report.fmt_mean_std([h.best_val_loss for h in hs])}, "
        f"epoch {DEPTH_EPOCHS} {report.fmt_mean_std([h.val_loss[-1] for h in hs])}"
    )
    print(
        f"  best epoch(최저 val loss)의 val acc {report.fmt_mean_std([h.best_val_acc for h in hs])}, "
        f"epoch {DEPTH_EPOCHS} {report.fmt_mean_std([h.val_acc[-1] for h in hs])}"
    )
    print(
        f"  epoch {DEPTH_EPOCHS}: train acc {report.fmt_mean_std([h.train_acc[-1] for h in hs])}, "
        f"val acc {report.fmt_mean_std([h.val_acc[-1] for h in hs])}, "
        f"gap {report.fmt_mean_std([h.gap[-1] for h in hs], sign=True)}"
    )
wide, deep = shape_runs.values()
diffs = [d.val_acc[-1] - w.val_acc[-1] for w, d in zip(wide, deep, strict=True)]
print(f"seed별 epoch {DEPTH_EPOCHS} val acc 차이 (좁고 깊은 − 넓고 얕은):", " ".join(f"{d:+.4f}" for d in diffs))
best_diffs = [d.best_val_acc - w.best_val_acc for w, d in zip(wide, deep, strict=True)]
print("seed별 best epoch val acc 차이 (좁고 깊은 − 넓고 얕은):", " ".join(f"{d:+.4f}" for d in best_diffs))

# %% [markdown]
# 위 출력에서 읽을 것 (seed 3개의 평균 ± 표준편차):
#
# - 파라미터 수는 203,530 대 204,490으로 0.5%밖에 다르지 않다. 두 모델 모두 20 epoch 뒤에는 train set을 거의 다 맞힌다
#   (train acc 0.9975 ± 0.0015, 0.9988 ± 0.0020).
# - **validation loss**: 넓고 얕은 쪽은 epoch 13, 15, 12(seed 0, 1, 2)에서 가장 낮고(0.3514 ± 0.0033) epoch 20에도
#   0.3660 ± 0.0018로 조금만 올랐다. 좁고 깊은 쪽은 더 일찍(epoch 7, 10, 5) 더 높은 최저점(0.4179 ± 0.0069)에 닿은 뒤
#   epoch 20에는 0.5697 ± 0.0503까지 올랐다. 이 조건에서는 좁고 깊은 쪽의 validation loss가 더 빨리, 더 많이 올라간다.
# - **validation accuracy**(epoch 20): 0.9027 ± 0.0007 대 0.8889 ± 0.0040, gap은 +0.0948 ± 0.0020 대 +0.1100 ± 0.0028.
#   같은 seed끼리 짝지어 보면 세 seed 모두 좁고 깊은 쪽이 낮고(−0.0154, −0.0088, −0.0174), 평균 차이(약 0.014)가 두 모델의
#   seed 표준편차(0.0007, 0.0040)보다 몇 배 크다.
# - 다만 epoch 20의 숫자에는 "어느 모양이 나은가"와 함께 "validation loss 최저점 뒤로 얼마나 오래 overfitting했는가"가
#   섞여 있다. 20 epoch은 좁고 깊은 쪽에는 최저점(epoch 7, 10, 5)에서 10\~15 epoch 지난 뒤이고, 넓고 얕은 쪽에는
#   최저점(epoch 13, 15, 12)에서 5\~8 epoch 지난 뒤다. 그래서 관찰 포인트의 규칙(epoch은 validation loss로 고르고, 고른
#   모델끼리 accuracy로 비교)대로 **best epoch(최저 val loss)의 validation accuracy**도 함께 출력했다: 0.8993 ± 0.0016 대
#   0.8786 ± 0.0077. 여기서도 세 seed 모두 좁고 깊은 쪽이 낮고(−0.0216, −0.0142, −0.0262), 평균 차이(약 0.021)는 epoch
#   20보다 크며 두 모델의 seed 표준편차(0.0016, 0.0077)보다도 크다. 두 모델 모두 epoch 20의 val acc가 best epoch보다
#   높다(평균 0.9027 대 0.8993, 0.8889 대 0.8786): 7절처럼 validation loss가 올라가는 동안에도 accuracy는 올랐고,
#   좁고 깊은 쪽이 더 많이 올랐다. 이 run에서는 두 시점이 같은 쪽을 가리킨다.
#
# 이것은 seed 3개의 평균 ± 표준편차를 눈으로 견준 **대략 읽기**다. 판정 규칙(02 노트북 10절)으로 잰 것이 아니므로
# "좁고 깊은 MLP가 더 나쁘다"는 판정이 아니고, 이 조건(train 2,000장, 20 epoch, 어느 쪽에도 따로 맞추지 않은 lr 0.001 하나)의
# 관찰일 뿐이다. 여기서 가져갈 것은 하나다: **파라미터 수가 같아도 같은 모델이 아니다.** 이 조건에서 두 모델은 train set을
# 똑같이 거의 다 맞히면서도 validation에서는 다르게 움직였다. 파라미터 수는 모델의 크기를 대략 말해 줄 뿐, 층 수와 너비의
# 배치(그리고 초기화·lr 같은 학습 방법과의 궁합)에 따라 결과가 달라진다.
# 이미지의 모양을 쓰는 CNN 같은 다른 구조에서는 깊이의 효과가 다를 수 있다 (이 강좌에서는 재지 않는다).
#
# ## 관찰 포인트
#
# - **SmallSizeModel**(Linear 하나, 7,850 params): train과 validation이 거의 같고 둘 다 0.92 근처에서 평평해진다
#   → capacity가 부족한 underfitting. 더 오래 학습하는 것만으로는 한계를 넘기 어렵다.
# - **BigSizeModel**(4,403,786 params): validation accuracy가 작은 모델보다 약 0.06 높다. 하지만 train loss가 0.013\~0.014까지
#   내려가는 동안 validation loss는 0.091\~0.121에서 오르내리며 gap이 벌어진다 → overfitting이 시작되는 모습. validation loss는
#   epoch 9에 가장 낮고(0.0912) 마지막 epoch 10에 0.1096으로 한 번 올랐다: 최저점 뒤 한 epoch 오른 것이라 "계속 올라가는"
#   단계라고는 말할 수 없다. 그 단계가 오면 validation loss 기준으로는 best epoch의 모델이 낫다 (7절에서 보듯 accuracy로는
#   다를 수 있다). 그래서
#   `save_best_model=True`로 그때의 모델을 저장해 둔다 (이 run에서는 epoch 9의 모델: val acc 0.9784, 마지막 epoch은 0.9764).
# - 두 모델의 차이는 구조가 다른 모델 사이의 **capacity 효과**이고, seed 하나의 결과다.
# - **Capacity sweep**(seed 3개, hidden 층 하나의 너비와 Linear 하나): 크기를 255배 키우는 동안 validation accuracy는 매 단계 올랐고(0.814 → 0.974; 대략 읽기로는
#   이웃한 크기의 차이가 seed 표준편차보다 몇 배 크다), gap은 50,890 params부터 벌어지기 시작했다. 작은 차이를 말할 때는 늘
#   seed 표준편차를 함께 본다. 평균 ± 표준편차는 대략 읽기일 뿐이고, 판정 규칙은 02 노트북에서 정한다.
# - **데이터가 적으면**(7절, train 2,000장): MLP 512-512(669,706 params)가 train accuracy 1.0000에 이르는 동안
#   validation loss는 최저 0.3514 ± 0.0028에서 epoch 40의 0.4994 ± 0.0114로 올라간다: 1절의 overfitting이다.
#   무작위 label도 MLP는 다 외우지만(train acc 1.0000, val acc 0.0848) Linear 하나는 40 epoch에 train acc 0.3515다
#   (seed 하나씩의 시연). 첫 번째 처방은 데이터를 더 모으는 것이다.
# - **깊이 대 너비**(8절, train 2,000장, seed 3개): 파라미터 수가 거의 같은 넓고 얕은 `MLP((256,))`(203,530)과 좁고 깊은
#   `MLP((160, 160, 160, 160))`(204,490)도 다르게 학습된다. 좁고 깊은 쪽은 validation loss가 더 일찍 최저점에 닿고 더 많이
#   올랐으며(epoch 20: 0.5697 ± 0.0503 대 0.3660 ± 0.0018), val acc는 epoch 20(0.8889 ± 0.0040 대 0.9027 ± 0.0007)에서도
#   best epoch(0.8786 ± 0.0077 대 0.8993 ± 0.0016)에서도 세 seed 모두 낮았다. epoch 20의 숫자에는 최저점 뒤로 overfitting한
#   시간의 차이도 섞여 있어 두 시점을 함께 읽었다. 판정이 아닌 대략 읽기다. 파라미터 수가 같아도 결과는 같지 않다.
# - validation **accuracy**는 거의 그대로인데 validation **loss**는 올라가는 구간이 있을 수 있다 (7절: epoch 40의 val acc는
#   0.9141 ± 0.0012로 무너지지 않았다). 맞힌 개수는 비슷해도, 틀린 샘플을 점점 더 "자신 있게" 틀리면 loss가 커진다.
#   그래서 loss와 accuracy는 서로 다른 epoch을 "가장 좋다"고 고를 수 있다.
# - 이 강좌는 고르는 규칙을 하나로 정해 둔다: **한 run 안에서 epoch(best checkpoint)은 validation loss로 고르고,
#   그렇게 고른 모델끼리(모델 크기, 기법의 유무) 비교할 때는 validation accuracy를 본다.** epoch을 loss로 고르는 이유: loss는
#   학습이 직접 줄이는 양이고 모든 이미지(맞힌 것과 틀린 것)에서 정답에 준 확률까지 반영해서, 맞힌 개수가 그대로일 때도
#   overfitting의 신호를 보여 준다
#   (7절: validation loss는 epoch 5\~7 뒤로 올라가는데 accuracy는 무너지지 않았다). 모델을 accuracy로 비교하는 이유: 우리가
#   결국 원하는 성능이 맞힌 비율이기 때문이다. 다만 loss로 고른 epoch이 accuracy가 가장 높은 epoch이라는 보장은 없다 (7절의
#   세 run이 그 예다. 07 노트북이 이 차이를 판정 규칙으로 잰다). 6절의 sweep은 checkpoint를 고르지 않고 마지막 epoch을
#   비교했고, 8절은 마지막 epoch과 best epoch을 함께 읽었다.
# - 이 노트북은 test set을 한 번도 쓰지 않았다. 다음 노트북부터는 capacity를 유지하면서 overfitting을 줄이는 방법
#   (02 Dropout, 03 Weight decay, 04 Batch Normalization, 05 Learning rate decay, 06 Early stopping)을 하나씩 배운다.
#
# ## 연습 문제
#
# 00 노트북처럼 문제마다 코드 셀이 있다. `...`를 채우고 실행하면 마지막 줄의 `qN.check(...)`가 결과를 알려 주고,
# `qN.hint()`, `qN.hint(2)`, `qN.solution()`으로 단계별 힌트와 풀이를 본다. 학습이 필요한 문제(1, 2, 4)의 검사는
# 정확도를 채점하지 않는다 (smoke mode와 full mode에서 값이 다르다). 대신 비교할 수 있는 방법으로 학습했는지
# (같은 모델 크기, 같은 epoch 수, seed마다 새 모델, early stopping 없음)를 보고, 숫자를 읽는 일은 여러분에게 맡긴다.
# 풀이는 [solutions/01_model_capacity_solutions.ipynb](solutions/01_model_capacity_solutions.ipynb)에 있다.

# %%
from course_lib.exercises.lesson01 import q1, q2, q3, q4

# %% [markdown]
# **1.** `nn.Sequential`로 `Flatten → Linear(784, 128) → ReLU → Linear(128, 10)`인 중간 크기 모델을 만들고,
# `torchinfo.summary`로 파라미터 수를 확인한 뒤 6절의 sweep과 같은 방법(5 epoch, seed 0·1·2)으로 학습해
# sweep 표의 어디쯤에 오는지 보라. 아래 셀에서 모델을 만드는 함수 `make_mid_model`과, seed마다 학습한 History 3개의
# 목록 `mid_runs`를 채운다. 그다음 셀이 sweep 표와 같은 형식으로 출력한다.
#
# **기대 결과**: 101,770 params. validation accuracy와 gap이 `(64,)`와 `(256,)` 행 사이쯤에 온다
# (이 모델은 `MLP(hidden=(128,))`과 같은 구조다).


# %%
def make_mid_model():
    """Flatten → Linear(784, 128) → ReLU → Linear(128, 10)."""
    return ...  # TODO: nn.Sequential(...)


mid_runs = ...  # TODO: 6절 sweep과 같은 방법(5 epoch, seed 0·1·2)으로 학습한 History 3개의 목록
q1.check(make_mid_model, mid_runs)

# %%
if mid_runs is not ...:  # q1을 채웠으면: sweep 표와 같은 형식
    print(
        f"{'(128,)':<10} {models.count_parameters(make_mid_model()):>9,}  "
        f"{report.fmt_mean_std([h.train_acc[-1] for h in mid_runs])}  "
        f"{report.fmt_mean_std([h.val_acc[-1] for h in mid_runs])}  "
        f"{report.fmt_mean_std([h.gap[-1] for h in mid_runs], sign=True)}"
    )

# %% [markdown]
# **2.** `SmallSizeModel`을 `N_EPOCH = 30`으로 학습하면 validation accuracy가 얼마나 더 오르는가?
# underfitting이 맞는지 곡선으로 판단하라. 아래 셀에서 학습한 History를 `small30`에 담으면, 검사가 2절의 run
# (`small_history`)과 같은 방법으로 새로 학습했는지 보고, 그다음 셀이 epoch 10과 마지막 epoch의 값과 곡선을 보여 준다.
#
# **기대 결과**: 10 epoch 이후 20 epoch을 더 학습해도 validation accuracy는 0.01도 오르지 않고, train과 validation은
# 계속 가깝다 (gap 0.01 안팎). validation loss가 평평해진 뒤에도 train loss는 조금씩 내려가 accuracy의 gap도 천천히 커지지만,
# validation loss가 다시 올라가지는 않는다. 더 학습해도 한계가 거의 그대로인 underfitting이다.

# %%
small30 = ...  # TODO: seed 0으로 새 SmallSizeModel을 만들어 early stopping 없이 30 epoch 학습한 History

q2.check(small30, small_history)

# %%
if small30 is not ...:  # q2를 채웠으면: epoch 10과 마지막 epoch, 그리고 곡선
    for e in sorted({min(10, small30.epochs_run), small30.epochs_run}):
        print(
            f"epoch {e:>2}: train acc {small30.train_acc[e - 1]:.4f}, val acc {small30.val_acc[e - 1]:.4f}, "
            f"gap {small30.gap[e - 1]:+.4f}"
        )
    plots.plot_history(small30, title="SmallSizeModel, 30 epoch")
    plt.show()

# %% [markdown]
# **3.** `BigSizeModel`의 validation loss가 최저였던 epoch은 몇 번째인가? 저장된 best checkpoint를
# 새 `BigSizeModel()`에 불러와 validation set으로 평가하고, 그 accuracy가 `big_history.best_val_acc`와
# 같은지 확인하라 (`from course_lib import checkpoint`).
#
# **기대 결과**: 평가한 accuracy가 `big_history.best_val_acc`, 곧 best epoch(최저 val loss)의 val acc와 같다
# (저장된 출력의 run에서는 best epoch이 9라서 그 값은 0.9784이고, 마지막 epoch 10의 val acc 0.9764와는 다르다).
# test set은 여기서도 쓰지 않는다.

# %%
best_epoch = ...  # TODO: big_history에서 validation loss가 가장 낮았던 epoch (1부터)
restored = ...  # TODO: 새 BigSizeModel()에 best checkpoint를 불러와 device로 옮긴 모델
restored_val_acc = ...  # TODO: restored를 validation set에서 평가한 accuracy (학습 때와 같은 autocast)

q3.check(best_epoch, restored, restored_val_acc, big_history)

# %% [markdown]
# **4.** train set을 일부러 줄여 보자. 앞 5,000장만 쓰는 loader는
# `ds = train_loader.dataset; data.InMemoryLoader(data.TensorPairDataset(ds.data[:5000], ds.targets[:5000]), BATCH_SIZE, shuffle=True)`
# 로 만들 수 있다. sweep과 같은 방법(5 epoch, seed 0·1·2)으로 `MLP(hidden=(256,))`을 학습하면 gap은 어떻게 변하는가?
# 아래 셀에서 loader(`small_train_loader`)와 seed마다 학습한 History 3개의 목록(`runs_5k`)을 채운다.
#
# **기대 결과**: validation accuracy는 내려가고 gap은 sweep 표의 `(256,)` 행보다 커진다. 같은 모델이라도
# 외울 데이터가 적으면 overfitting이 쉽게 일어난다. 같은 5 epoch이라 step 수도 11배 적다(epoch마다 25 step, 모두 125 step)는
# 점도 함께 생각하라: 학습량이 적으면 train accuracy도 낮아지는데, 그런데도 gap이 커지는가?

# %%
small_train_loader = ...  # TODO: train split의 앞 5,000장으로 만든 loader (batch BATCH_SIZE, 섞기)
runs_5k = ...  # TODO: sweep과 같은 방법(5 epoch, seed 0·1·2)으로 MLP(hidden=(256,))을 학습한 History 3개의 목록

q4.check(runs_5k, small_train_loader, val_loader)

# %%
if runs_5k is not ...:  # q4를 채웠으면: sweep 표의 (256,) 행과 비교
    print(
        f"MLP(hidden=(256,)), train {len(small_train_loader.dataset):,}장: "
        f"train acc {report.fmt_mean_std([h.train_acc[-1] for h in runs_5k])} | "
        f"val acc {report.fmt_mean_std([h.val_acc[-1] for h in runs_5k])} | "
        f"gap {report.fmt_mean_std([h.gap[-1] for h in runs_5k], sign=True)}"
    )

# %% [markdown]
# ## 확인 문제
#
# 1. 6절 sweep에서 `MLP(hidden=(256,))`의 파라미터는 몇 개인가? 어떻게 계산되는가?
#
#    <details><summary>정답</summary>
#
#    203,530개 (sweep의 파라미터 수 셀 출력). hidden 층 784×256 + 256(bias)과 출력층 256×10 + 10(bias)의 합이다.
#    </details>
#
# 2. 어떤 모델의 train accuracy와 validation accuracy가 둘 다 0.92 근처에서 거의 같고, epoch을 늘려도 거의 오르지
#    않는다. underfitting과 overfitting 중 무엇이고, 먼저 해 볼 일은 무엇인가?
#
#    <details><summary>정답</summary>
#
#    underfitting. gap이 거의 0이고 더 학습해도 좋아지지 않으니 학습량이 아니라 capacity가 부족하다:
#    층이나 너비를 늘려 capacity를 키운다 (SmallSizeModel과 sweep의 작은 모델들이 이 경우다).
#    </details>
#
# 3. validation accuracy는 거의 그대로인데 validation loss만 올라갈 수 있는 이유는?
#
#    <details><summary>정답</summary>
#
#    accuracy는 맞힌 개수만 세지만 loss는 확신의 정도까지 반영한다. 틀리는 샘플을 점점 더 자신 있게 틀리면
#    맞힌 개수가 같아도 loss는 커진다. 그래서 overfitting의 신호는 보통 loss에 먼저 나타난다.
#    </details>
#
# 4. 이 노트북은 best epoch과 모델 크기를 validation set으로 고르고 test set은 쓰지 않았다. test set으로 골랐다면
#    무엇이 문제인가?
#
#    <details><summary>정답</summary>
#
#    test set으로 고르면 test 점수가 "고르는 데 쓴 점수"가 되어 실제보다 좋게(낙관적으로) 나온다. 처음 보는 데이터에
#    대한 성능을 정직하게 재려면, test set은 고른 모델을 마지막에 한 번만 평가하는 데 써야 한다.
#    </details>
#
# 5. 5절의 SmallSizeModel vs BigSizeModel 비교에서 "층을 쌓는 기법이 정확도를 올렸다"고 말할 수 없는 이유 두 가지는?
#
#    <details><summary>정답</summary>
#
#    (1) 두 모델은 층 수와 파라미터 수가 모두 다른 별개의 구조라, 차이는 어떤 기법이 아니라 capacity 효과다.
#    (2) 각 모델을 seed 하나로만 학습해서 seed 간 흔들림을 모른다. 그래서 6절에서 같은 방법, seed 3개로 크기만 바꿔 쟀다.
#    </details>
#
# 6. sweep 표에서 두 크기의 validation accuracy 평균이 0.002 차이 나고, 각각의 표준편차가 0.002 정도라면
#    어느 쪽이 낫다고 말할 수 있는가?
#
#    <details><summary>정답</summary>
#
#    말할 수 없다. 평균 차이가 seed 간 흔들림(표준편차)과 비슷하면 seed를 바꿨을 때 순위가 뒤집힐 수 있다.
#    대략 읽기로는 "구별되지 않는다"고 말해야 한다. 정말 판정이 필요하면 seed를 늘리거나, 02 노트북에서 정하는
#    판정 규칙을 쓴다.
#    </details>
#
# 7. gap(train − validation accuracy)이 더 큰 모델은 언제나 나쁜 모델인가?
#
#    <details><summary>정답</summary>
#
#    아니다. 6절의 sweep에서 `(1024,)` 모델은 gap이 가장 큰 쪽이었지만(약 0.017, `(256,)`의 0.016과는 대략 읽기로 구별되지 않는다) validation accuracy도 가장 높았다(약 0.974).
#    모델을 고르는 기준은 gap이 아니라 validation 성능이고, gap은 overfitting이 시작되었는지 알려 주는 진단 지표다.
#    </details>
#
# 8. 8절의 넓고 얕은 `MLP((256,))`과 좁고 깊은 `MLP((160, 160, 160, 160))`은 파라미터 수가 거의 같다. 8절의 출력만으로
#    "좁고 깊은 MLP는 넓고 얕은 MLP보다 나쁘다"고 말할 수 있는가? 그리고 이 비교가 보여 주는 것은 무엇인가?
#
#    <details><summary>정답</summary>
#
#    판정으로는 말할 수 없다. 세 seed 모두 좁고 깊은 쪽의 val acc가 낮고, 평균 차이가 epoch 20에서 약 0.014, best
#    epoch(최저 val loss)에서 약 0.021로 seed 표준편차보다 크므로 대략 읽기로는 그렇게 보인다. 다만 epoch 20의 숫자에는
#    모양의 차이와 함께 최저점 뒤로 얼마나 오래 overfitting했는가(좁고 깊은 쪽은 10\~15 epoch, 넓고 얕은 쪽은 5\~8 epoch)가
#    섞여 있어서, 이 강좌의 규칙대로 고른 best epoch의 비교를 함께 봐야 한다. 또 판정 규칙으로 잰 것이 아니고, train
#    2,000장, 20 epoch, 어느 쪽에도 맞추지 않은 lr 하나라는 한 조건의 관찰이다. 이 비교가 보여 주는 것은 "파라미터 수가
#    같아도 층 수와 너비의 배치에 따라 학습과 일반화가 달라진다", 곧 파라미터 수만으로는 결과를 말할 수 없다는 것이다.
#    </details>
#
# 9. `torchinfo.summary`의 `Total mult-adds (Units.MEGABYTES): 1.57`(SmallSizeModel, batch 200)은 무엇을 센 값인가?
#
#    <details><summary>정답</summary>
#
#    메모리가 아니라 그 batch를 한 번 forward할 때의 곱셈-덧셈 횟수를 백만 단위로 센 것이다. Linear와 ReLU로만 된 모델에서는
#    파라미터 수 × batch 크기: 7,850 × 200 = 1,570,000 (BigSizeModel은 4,403,786 × 200 = 880,757,200, 약 8억 8천만 번).
#    </details>
