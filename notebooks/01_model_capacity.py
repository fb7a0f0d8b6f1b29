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
# `Linear` 하나뿐인 작은 모델과 6층짜리 큰 모델을 같은 조건으로 학습시키고,
# 학습 곡선에서 underfitting과 overfitting이 어떻게 보이는지 읽는 법을 익힌다.
#
# **Goal**: see how model size (layers, parameters) affects performance. Train a one-layer linear
# model and a 6-layer MLP under the same settings, and learn to read underfitting and overfitting
# from the learning curves.

# %% [markdown]
# ## 1. 아이디어: capacity, underfitting, overfitting
#
# 모델의 **capacity**(표현력)는 모델이 얼마나 복잡한 함수를 흉내 낼 수 있는지를 말한다.
# 대체로 층이 많고 파라미터가 많을수록 capacity가 크다.
#
# - **Underfitting** (과소적합): 모델이 너무 단순해서 train set조차 잘 맞히지 못한다.
#   train과 validation 성능이 **둘 다 낮고 서로 비슷하다**. 더 오래 학습해도 크게 좋아지지 않는다.
# - **Overfitting** (과대적합): 모델이 train set의 세세한 특징(잡음까지)을 외워 버린다.
#   train 성능은 계속 좋아지는데 validation 성능은 멈추거나 나빠진다.
#   곡선에서는 **train-validation 차이(gap)가 벌어지고**, train loss가 내려가는 동안 **validation loss가 다시 올라간다**.
#
# 좋은 모델은 둘 사이 어딘가에 있다. 이 노트북에서는 양쪽 끝을 하나씩 만들어 본다.

# %%
import inspect
import os

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchinfo
from course_lib import data, models, plots, settings, train

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
len(train_loader.dataset), len(test_loader.dataset)

# %% [markdown]
# ## 2. 작은 모델: SmallSizeModel
#
# 입력 784개(28×28 픽셀)를 출력 10개(클래스)로 바로 보내는 `Linear` 층 하나뿐이다.
# 픽셀 값의 가중합만으로 숫자를 구분해야 하므로, 표현할 수 있는 경계가 직선(초평면)뿐이다.

# %%
# NBVAL_CHECK_OUTPUT
print(inspect.getsource(models.SmallSizeModel))

# %%
# NBVAL_CHECK_OUTPUT
settings.seed_everything(42)
small_model = models.SmallSizeModel()
torchinfo.summary(small_model, (BATCH_SIZE, 1, 28, 28))

# %% [markdown]
# 파라미터는 가중치 784×10 = 7,840개와 bias 10개, 합해서 7,850개다.
#
# 학습은 00 노트북과 같은 `train.fit()`으로 한다. `save_best_model=True`이므로
# validation loss가 가장 낮았던 epoch의 모델이 `models/small_model.pth`에 저장된다.

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(small_model.parameters(), lr=LR)

small_history = train.fit(train_loader, test_loader, small_model, loss_fn, optimizer, N_EPOCH,
                          save_best_model=True,
                          save_model_path=os.path.join(MODEL_SAVE_ROOT_PATH, 'small_model.pth'),
                          device=device,
                          mode='multi')

# %%
plots.plot_history(small_history, title='SmallSizeModel')
plt.show()

# %% [markdown]
# train과 validation 곡선이 거의 붙어서 함께 움직이고, 몇 epoch 뒤에는 기울기가 매우 완만해진다.
# 더 학습해도 크게 좋아지지 않는 것은 모델이 표현할 수 있는 한계(capacity)에 가까워졌기 때문이다.
# 이것이 underfitting의 모습이다.

# %%
print(f'마지막 epoch: train acc {small_history.train_acc[-1]:.4f}, val acc {small_history.val_acc[-1]:.4f}, '
      f'차이 {small_history.train_acc[-1] - small_history.val_acc[-1]:+.4f}')

# %% [markdown]
# ## 3. 층을 묶는 방법: `nn.Sequential`
#
# 큰 모델은 `Linear → ReLU` 묶음(block)을 여러 번 쌓아서 만든다.
# `nn.Sequential`은 여러 layer를 순서대로 묶어 하나의 layer처럼 쓰게 해 준다.
# 입력 feature 20개를 30개로 바꾸는 block으로 확인해 보자.

# %%
# NBVAL_CHECK_OUTPUT
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
print('0인 값의 개수:', (r == 0).sum().item(), '/', r.numel())

# %% [markdown]
# ## 4. 큰 모델: BigSizeModel
#
# `Linear → ReLU` block 6개(784 → 2048 → 1024 → 512 → 256 → 128 → 64)와 출력층으로 이루어진 모델이다.

# %%
# NBVAL_CHECK_OUTPUT
print(inspect.getsource(models.BigSizeModel))

# %%
# NBVAL_CHECK_OUTPUT
settings.seed_everything(42)
big_model = models.BigSizeModel()
torchinfo.summary(big_model, (BATCH_SIZE, 1, 28, 28))

# %%
# NBVAL_CHECK_OUTPUT
n_small = models.count_parameters(small_model)
n_big = models.count_parameters(big_model)
print(f'SmallSizeModel: {n_small:>9,} params')
print(f'BigSizeModel  : {n_big:>9,} params  (약 {n_big / n_small:.0f}배)')

# %% [markdown]
# 파라미터가 수백 배 많으므로 한 epoch에 걸리는 시간도 훨씬 길다 (CPU에서는 몇 분 걸릴 수 있다).

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(big_model.parameters(), lr=LR)

big_history = train.fit(train_loader, test_loader, big_model, loss_fn, optimizer, N_EPOCH,
                        save_best_model=True,
                        save_model_path=os.path.join(MODEL_SAVE_ROOT_PATH, 'big_model.pth'),
                        device=device,
                        mode='multi')

# %%
plots.plot_history(big_history, title='BigSizeModel')
plt.show()

# %% [markdown]
# 이번에는 곡선 모양이 다르다. train 곡선은 계속 좋아지는데 validation 곡선은 어느 순간부터 따라가지 못하고,
# 두 곡선 사이가 벌어진다. 점선은 validation loss가 가장 낮았던 best epoch이다 (이때의 모델이 저장되어 있다).
# 숫자로 확인해 보자.

# %%
def overfitting_report(name, h):
    """train-validation 차이와 validation loss의 최저점을 출력한다."""
    best = h.best_epoch
    print(f'[{name}]')
    print(f'  마지막 epoch      : train acc {h.train_acc[-1]:.4f}, val acc {h.val_acc[-1]:.4f}, '
          f'차이(gap) {h.train_acc[-1] - h.val_acc[-1]:+.4f}')
    print(f'  train loss        : epoch 1 {h.train_loss[0]:.4f} → 마지막 {h.train_loss[-1]:.4f}')
    print(f'  val loss 최저      : epoch {best} ({h.val_loss[best - 1]:.4f}), 마지막 {h.val_loss[-1]:.4f} '
          f'(최저보다 {h.val_loss[-1] - h.val_loss[best - 1]:+.4f})')


overfitting_report('SmallSizeModel', small_history)
overfitting_report('BigSizeModel', big_history)

# %% [markdown]
# ## 5. 두 모델 비교
#
# `plots.compare_histories()`로 두 실험의 같은 지표를 한 그래프에 겹쳐 그린다.

# %%
histories = {'SmallSizeModel': small_history, 'BigSizeModel': big_history}

fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout='constrained')
plots.compare_histories(histories, metric='val_acc', ax=axes[0])
plots.compare_histories(histories, metric='val_loss', ax=axes[1])
plt.show()

# %% [markdown]
# train과 validation의 accuracy 차이(gap)를 epoch별로 그리면 overfitting이 어떻게 커지는지 한눈에 보인다.

# %%
fig, ax = plt.subplots(figsize=(8, 4), layout='constrained')
for name, h in histories.items():
    gap = [t - v for t, v in zip(h.train_acc, h.val_acc)]
    ax.plot(range(1, len(gap) + 1), gap, 'o-', ms=3, label=name)
ax.axhline(0, color='gray', lw=0.8)
ax.set_xlabel('Epoch')
ax.set_ylabel('Train acc - Validation acc')
ax.set_title('Generalization gap')
ax.grid(True, ls=':')
ax.legend()
plt.show()

# %%
for name, h in histories.items():
    print(f'{name:<15} 마지막 val acc {h.val_acc[-1]:.4f} | best epoch {h.best_epoch} val acc {h.best_val_acc:.4f} '
          f'| 학습 시간 {h.total_time:.0f}초')

# %% [markdown]
# ## 관찰 포인트
#
# - **SmallSizeModel**: train과 validation이 거의 같고 둘 다 일찍 평평해진다 → capacity가 부족한 underfitting.
#   모델을 더 오래 학습시키는 것만으로는 한계를 넘기 어렵다.
# - **BigSizeModel**: validation accuracy는 작은 모델보다 훨씬 높다. 하지만 train accuracy가 1에 가까워지는 동안
#   validation은 따라가지 못해 gap이 벌어지고, validation loss는 최저점을 지난 뒤 들쭉날쭉 다시 올라간다 → overfitting의 신호.
#   이 경우 마지막 epoch보다 best epoch(validation loss 최저)의 모델이 더 믿을 만하다. 그래서 `save_best_model=True`로 그때의 모델을 저장해 두었다.
# - validation **accuracy**는 거의 그대로인데 validation **loss**는 올라가는 구간이 있을 수 있다.
#   맞힌 개수는 비슷해도, 틀린 샘플을 점점 더 "자신 있게" 틀리면 loss가 커진다. 그래서 best model은 loss로 고른다.
# - 큰 모델은 시간도 훨씬 많이 든다. 다음 노트북부터는 capacity를 유지하면서 overfitting을 줄이는 방법
#   (Dropout, Batch Normalization, Learning rate decay, Early stopping)을 하나씩 배운다.
#
# ## 연습 문제
#
# 1. `nn.Sequential`로 `Linear(784, 128) → ReLU → Linear(128, 10)`인 중간 크기 모델을 만들고
#    (`nn.Flatten()`을 맨 앞에), `torchinfo.summary`로 파라미터 수를 확인한 뒤 같은 조건으로 학습해 두 모델과 비교하라.
# 2. `SmallSizeModel`을 `N_EPOCH = 30`으로 학습하면 validation accuracy가 얼마나 더 오르는가? underfitting이 맞는지 곡선으로 판단하라.
# 3. `BigSizeModel`의 validation loss가 최저였던 epoch은 몇 번째인가? `checkpoint.load_checkpoint('models/big_model.pth', model)`로
#    저장된 모델을 새 `BigSizeModel()`에 불러와 `train.evaluate(test_loader, model, loss_fn, device=device)`로 평가하고,
#    그 값이 `big_history.best_val_acc`와 같은지 확인하라 (`from course_lib import checkpoint`).
# 4. train set을 일부러 줄여 보자. 앞 5,000장만 쓰는 loader는
#    `ds = train_loader.dataset; data.InMemoryLoader(data.TensorPairDataset(ds.data[:5000], ds.targets[:5000]), BATCH_SIZE, shuffle=True)`
#    로 만들 수 있다. 큰 모델의 gap은 어떻게 변하는가?
