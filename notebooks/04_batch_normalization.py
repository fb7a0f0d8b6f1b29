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
# # 03. Batch Normalization
#
# **목표**: Batch Normalization(BN)이 무엇을 계산하는지 작은 tensor로 직접 확인하고,
# train mode와 eval mode에서 BN이 왜 다르게 동작하는지 이해한다.
# 그다음 BN을 넣은 모델(`BNModel`)과 BN만 뺀 같은 크기의 모델을 똑같은 조건으로 학습시켜 BN이 무엇을 바꾸는지 비교한다.
#
# **Goal**: see what Batch Normalization computes on a tiny tensor, understand why BN behaves differently
# in train and eval mode, then train `BNModel` and the same-sized network without BN under identical
# conditions to see what BN changes.

# %% [markdown]
# ## 1. 준비: import, device, 하이퍼파라미터, 데이터
#
# 앞 노트북들과 같은 설정이다.

# %%
import copy
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

# %% [markdown]
# ## 2. 아이디어: 배치 단위로 feature를 표준화한다
#
# 층이 깊어지면 앞 층의 가중치가 조금만 바뀌어도 뒤 층에 들어가는 값의 분포(평균, 크기)가 크게 흔들린다.
# 그러면 뒤 층은 계속 바뀌는 입력에 맞추느라 학습이 느려지고, learning rate를 조금만 키워도 불안정해진다.
#
# **Batch Normalization**은 층의 출력을 다음 층에 넘기기 전에 **feature마다, 현재 배치(mini-batch) 안에서**
# 평균 0, 표준편차 1이 되도록 표준화한다. 배치 크기가 $m$이고 어떤 feature의 값이 $x_1, \dots, x_m$일 때:
#
# $$\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i, \qquad \sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)^2$$
#
# $$\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y_i = \gamma\,\hat{x}_i + \beta$$
#
# - $\epsilon$(기본 `1e-5`)은 0으로 나누지 않기 위한 작은 값이다.
# - $\gamma$(scale)와 $\beta$(shift)는 feature마다 하나씩 있는 **학습되는 파라미터**다 (초기값 $\gamma=1, \beta=0$).
#   "평균 0, 분산 1"이 항상 최선은 아니므로, 필요하면 모델이 스스로 분포를 다시 옮기고 늘릴 수 있게 해 둔 것이다.
# - 분산 $\sigma_B^2$는 $m$으로 나눈다(편향 분산, biased variance). 아래 데모에서 이 점이 숫자로 드러난다.

# %% [markdown]
# ## 3. 작은 tensor로 확인하기: `BatchNorm1d`
#
# 데이터 10개, feature 5개인 tensor `a`를 만들어 `nn.BatchNorm1d(5)`에 통과시킨다.
# `BatchNorm1d`의 인자는 **feature 수**다. 결과가 매번 같도록 seed를 고정한다.

# %%
torch.manual_seed(0)
a = torch.rand(10, 5)   # (10-data수, 5-feature수), 0~1 균등분포
bn = nn.BatchNorm1d(5)  # BatchNorm1d(feature수)
b = bn(a)               # 새로 만든 모듈은 train mode: 지금 배치의 평균/분산을 쓴다
b.shape

# %% [markdown]
# feature별(`dim=0`, 즉 데이터 방향으로) 평균과 표준편차를 비교해 보자.
# 결과를 읽기 쉽게 소수점 넷째 자리에서 반올림한다.

# %%
# NBVAL_CHECK_OUTPUT
print('a의 평균     :', a.mean(dim=0).round(decimals=4))
print('a의 표준편차 :', a.std(dim=0).round(decimals=4))

# %%
# NBVAL_CHECK_OUTPUT
with torch.no_grad():
    print('b의 평균이 모두 0에 가까운가:', bool(b.mean(dim=0).abs().max() < 1e-6))
    print('b의 표준편차 (torch 기본 std):', b.std(dim=0).round(decimals=3))
    print('b의 표준편차 (N으로 나눈 std):', b.std(dim=0, correction=0).round(decimals=3))
    print('sqrt(10 / 9) =', round((10 / 9) ** 0.5, 3))

# %% [markdown]
# 평균은 (부동소수점 오차 수준에서) 0이 되었다. 그런데 표준편차가 1이 아니라 **1.054**로 나온다. 틀린 것일까?
#
# - BN은 분산을 계산할 때 $m=10$으로 나눈다 (위 식의 $\sigma_B^2$).
# - `tensor.std()`는 기본값으로 **불편 표준편차**(unbiased, $m-1=9$로 나눔)를 계산한다.
# - 같은 값을 9로 나누면 10으로 나눌 때보다 분산이 $10/9$배 커지므로, 표준편차는 $\sqrt{10/9} \approx 1.054$배가 된다.
#
# `correction=0`으로 $m$으로 나누면 BN의 정의대로 1.000이 나온다
# (엄밀히는 $\epsilon$ 때문에 1보다 아주 조금 작다). 데이터가 10개뿐이라 차이가 눈에 띄었을 뿐, BN은 정확히 계산했다.

# %% [markdown]
# $\gamma, \beta$는 `weight`, `bias`라는 이름의 파라미터로 들어 있다. 아직 학습 전이라 $\gamma=1, \beta=0$이고,
# 그래서 `b`는 순수하게 표준화만 된 값이다.

# %%
# NBVAL_CHECK_OUTPUT
print('gamma (weight):', bn.weight.data)
print('beta  (bias)  :', bn.bias.data)
print('학습되는 파라미터 수:', sum(p.numel() for p in bn.parameters()))   # feature 5개 x (gamma, beta)

# %% [markdown]
# ## 4. train mode와 eval mode: running statistics
#
# 학습할 때는 배치의 평균/분산을 쓰면 된다. 그런데 예측할 때는 어떨까?
#
# - 예측할 때는 데이터가 한 개씩 들어올 수도 있다. 샘플이 하나면 "배치 평균"은 그 샘플 자신이라 표준화가 의미가 없다.
# - 같은 이미지의 예측이 **같은 배치에 어떤 이미지가 섞였는지**에 따라 달라지면 곤란하다.
#
# 그래서 BN은 학습하는 동안 배치 통계의 이동 평균(**running statistics**)을 따로 기억해 둔다.
#
# $$\text{running\_mean} \leftarrow (1-0.1)\cdot\text{running\_mean} + 0.1\cdot\mu_B$$
#
# (`momentum=0.1`이 기본값, `running_var`도 같은 방식이며 여기에는 불편 분산을 쓴다.)
# 이 값들은 학습되는 파라미터가 아니라 **buffer**다: gradient로 바뀌지 않고, `state_dict`에는 함께 저장된다.
#
# | mode | 전환 | 표준화에 쓰는 평균/분산 | running 통계 갱신 |
# |---|---|---|---|
# | train mode | `model.train()` | 지금 배치의 $\mu_B, \sigma_B^2$ | 한다 |
# | eval mode | `model.eval()` | 저장해 둔 running_mean, running_var | 안 한다 |
#
# 위에서 `bn(a)`를 한 번 불렀으므로 running 통계가 초기값(평균 0, 분산 1)에서 배치 쪽으로 10%만큼 움직였다.

# %%
# NBVAL_CHECK_OUTPUT
print('running_mean:', bn.running_mean.round(decimals=4))
print('0.1 * a의 평균:', (0.1 * a.mean(dim=0)).round(decimals=4))
print('running_var :', bn.running_var.round(decimals=4))
print('buffer 이름:', [name for name, _ in bn.named_buffers()])

# %% [markdown]
# 같은 `a`를 eval mode에서 통과시키면 배치 통계 대신 running 통계를 쓰므로 결과가 달라진다.
# running 통계는 아직 한 배치만 본 값이라 실제 평균/분산과 거리가 멀고, 그래서 출력의 평균이 0이 아니다.
# 실제 학습에서는 수백 step 동안 running 통계가 데이터 전체의 통계에 가까워진다.

# %%
# NBVAL_CHECK_OUTPUT
bn.eval()
with torch.no_grad():
    b_eval = bn(a)
bn.train()   # 다시 train mode로
print('eval mode 출력의 평균:', b_eval.mean(dim=0).round(decimals=3))
print('train mode 출력과 같은가:', torch.allclose(b, b_eval))

# %% [markdown]
# train mode에서는 배치 통계가 필요하므로 샘플이 하나뿐인 배치는 아예 계산할 수 없다. eval mode에서는 문제없다.

# %%
one = a[:1]   # (1, 5): 샘플 하나
try:
    bn(one)
except ValueError as err:
    print('train mode 오류:', err)

bn.eval()
out_one = bn(one)
bn.train()   # 다시 train mode로
print('eval mode 출력 shape:', tuple(out_one.shape))

# %% [markdown]
# **정리**: 평가·예측 전에는 반드시 `model.eval()`, 다시 학습할 때는 `model.train()`을 부른다.
# 이 강좌의 `train.fit()`은 epoch마다 학습 전에 `model.train()`, 평가 전에 `model.eval()`을 알아서 부른다
# (`train.train_one_epoch()`과 `train.evaluate()`의 첫 줄). 직접 루프를 짤 때만 신경 쓰면 된다.
# 이 전환은 Dropout에도 똑같이 적용된다.

# %% [markdown]
# ## 5. `BatchNorm1d` vs `BatchNorm2d`
#
# | 층 | 입력 shape | 인자 | 평균/분산을 구하는 축 |
# |---|---|---|---|
# | `nn.BatchNorm1d(C)` | `(N, C)` 또는 `(N, C, L)` | feature(채널) 수 `C` | `N` (와 `L`) |
# | `nn.BatchNorm2d(C)` | `(N, C, H, W)` (이미지) | 채널 수 `C` | `N, H, W` |
#
# Linear 층 뒤에는 `BatchNorm1d`, Conv2d 층 뒤(이미지 feature map)에는 `BatchNorm2d`를 쓴다.
# `BatchNorm2d`는 한 채널의 모든 위치(H×W)와 배치 전체를 묶어 평균/분산을 하나 구한다. 그래서 채널마다 $\gamma, \beta$가 하나씩이다.

# %%
# NBVAL_CHECK_OUTPUT
torch.manual_seed(0)
imgs = torch.rand(4, 3, 8, 8)   # (N=4, C=3, H=8, W=8)
bn2d = nn.BatchNorm2d(3)        # BatchNorm2d(channel수)
out = bn2d(imgs)
with torch.no_grad():
    print('출력 shape:', tuple(out.shape))
    print('채널별 평균이 0에 가까운가:', bool(out.mean(dim=(0, 2, 3)).abs().max() < 1e-6))
    print('채널별 표준편차 (N으로 나눔):', out.std(dim=(0, 2, 3), correction=0).round(decimals=3))
print('gamma shape:', tuple(bn2d.weight.shape), '| beta shape:', tuple(bn2d.bias.shape))

# %% [markdown]
# ## 6. 모델: Linear → BN → ReLU (→ Dropout)
#
# BN은 보통 **Linear(또는 Conv) 바로 뒤, activation 함수 앞**에 둔다: `Linear -> BatchNorm -> ReLU`.
# Dropout도 쓴다면 activation 뒤에 둔다: `Linear -> BatchNorm -> ReLU -> Dropout`.
# 원래 자료도 이 순서를 따른다 (BN을 ReLU 뒤에 두는 변형도 쓰이지만, 이 강좌는 위 순서로 통일한다).
#
# 참고: BN이 평균을 빼 버리므로 바로 앞 Linear의 bias는 효과가 없다 ($\beta$가 그 역할을 대신한다).
# 그래서 `nn.Linear(..., bias=False)`로 쓰는 경우도 많다. 여기서는 원래 자료대로 bias를 둔다.
#
# `BNModel`은 `course_lib.models`에 들어 있다. 정의를 보자.

# %%
# NBVAL_CHECK_OUTPUT
print(inspect.getsource(models.BNModel))

# %% [markdown]
# 입력 크기에 `BATCH_SIZE`를 넣어 요약을 보면 각 층의 출력 shape와 파라미터 수를 확인할 수 있다.
# `BatchNorm1d(256)`의 파라미터 512개는 $\gamma$ 256개 + $\beta$ 256개다. running 통계는 buffer라서 이 수에 들어가지 않는다.

# %%
# NBVAL_CHECK_OUTPUT
settings.seed_everything(42)
bn_model = models.BNModel().to(device)
torchinfo.summary(bn_model, (BATCH_SIZE, 1, 28, 28))

# %% [markdown]
# ## 7. 학습: `BNModel`
#
# 원래 자료와 같이 Adam(lr=`LR`)으로 `N_EPOCH` epoch 학습한다.
# 이번에는 best model 저장과 early stopping을 끄고(`save_best_model=False, early_stopping=False`) 10 epoch을 모두 돈다.

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(bn_model.parameters(), lr=LR)

history_bn = train.fit(train_loader, test_loader, bn_model, loss_fn, optimizer, N_EPOCH,
                       save_best_model=False, early_stopping=False, device=device, mode='multi')

# %%
plots.plot_history(history_bn, title='BNModel')
plt.show()

# %% [markdown]
# ## 8. 비교 대상: BN만 뺀 같은 크기의 모델
#
# BN이 무엇을 바꾸는지 보려면 **BN만 다르고 나머지는 모두 같은** 모델이 필요하다.
# Linear 크기(784-256-128-64-10)와 ReLU는 그대로 두고 BN만 뺀 모델을 이 노트북에서 간단히 `nn.Sequential`로 만든다.
# seed, optimizer, learning rate, epoch 수도 똑같이 맞춘다.

# %%
settings.seed_everything(42)
plain_model = nn.Sequential(
    nn.Flatten(),                     # (B, 1, 28, 28) -> (B, 784)
    nn.Linear(784, 256), nn.ReLU(),
    nn.Linear(256, 128), nn.ReLU(),
    nn.Linear(128, 64), nn.ReLU(),
    nn.Linear(64, 10),
).to(device)

# %%
# NBVAL_CHECK_OUTPUT
n_bn = models.count_parameters(bn_model)
n_plain = models.count_parameters(plain_model)
print(f'BNModel   : {n_bn:,} params')
print(f'BN 없는 모델: {n_plain:,} params  (차이 {n_bn - n_plain:,} = gamma/beta 2 x (256+128+64))')

# %%
optimizer = torch.optim.Adam(plain_model.parameters(), lr=LR)

history_plain = train.fit(train_loader, test_loader, plain_model, loss_fn, optimizer, N_EPOCH,
                          save_best_model=False, early_stopping=False, device=device, mode='multi')

# %%
plots.plot_history(history_plain, title='No BN')
plt.show()

# %% [markdown]
# ## 9. 두 모델 비교

# %%
histories = {'BNModel': history_bn, 'No BN': history_plain}
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout='constrained')
plots.compare_histories(histories, metric='train_loss', ax=axes[0])
plots.compare_histories(histories, metric='val_loss', ax=axes[1])
plots.compare_histories(histories, metric='val_acc', ax=axes[2])
plt.show()

# %%
for name, h in histories.items():
    print(f'{name:8s} | 1 epoch 뒤 val acc {h.val_acc[0]:.4f} | 마지막 val acc {h.val_acc[-1]:.4f} '
          f'| 최고 val acc {max(h.val_acc):.4f} (epoch {h.val_acc.index(max(h.val_acc)) + 1}) '
          f'| 마지막 train loss {h.train_loss[-1]:.5f} | 가장 낮은 val loss {min(h.val_loss):.5f}')

# %% [markdown]
# ## 10. eval mode를 잊으면?
#
# 학습이 끝난 `bn_model`로 test set을 평가하되, 한 번은 올바르게 eval mode로, 한 번은 실수로 train mode인 채로
# **작은 배치(8장)** 로 예측해 보자. train mode의 BN은 8장만의 평균/분산으로 표준화하므로
# 같은 이미지라도 어떤 이미지와 함께 들어왔는지에 따라 결과가 흔들린다.
# train mode에서 forward를 하면 running 통계도 바뀌므로 복사본(`copy.deepcopy`)으로 실험한다.

# %%
def accuracy_in_small_batches(model, loader, batch_size=8):
    """loader의 데이터를 batch_size장씩 예측해 정확도를 구한다 (모델의 mode는 바꾸지 않는다)."""
    correct, n = 0, 0
    with torch.no_grad():
        for X, y in loader.batches(batch_size, shuffle=False):
            X, y = X.to(device), y.to(device)
            correct += (model(X).argmax(dim=1) == y).sum().item()
            n += len(y)
    return correct / n


probe = copy.deepcopy(bn_model)
probe.eval()
acc_eval = accuracy_in_small_batches(probe, test_loader)
probe.train()   # 실수: eval()을 부르지 않은 상태
acc_train_mode = accuracy_in_small_batches(probe, test_loader)
print(f'fit이 보고한 마지막 val acc   : {history_bn.val_acc[-1]:.4f}')
print(f'eval mode  (running 통계)    : {acc_eval:.4f}')
print(f'train mode (8장의 배치 통계) : {acc_train_mode:.4f}')

# %% [markdown]
# eval mode의 정확도는 배치 크기와 상관없이 `fit`이 보고한 마지막 validation accuracy와 같다.
# train mode에서는 그보다 낮아진다. 평가 코드를 직접 짤 때 `model.eval()`을 빼먹으면 이런 차이가 조용히 생긴다.

# %% [markdown]
# ## 11. 관찰 포인트
#
# - **빠른 출발**: 위 출력에서 1 epoch 뒤 validation accuracy를 비교해 보자. BN 모델은 첫 epoch부터 높은 정확도에 도달한다.
#   BN이 층마다 입력 분포를 고르게 맞춰 주기 때문에 같은 learning rate로도 학습이 빨리 진행된다.
# - **train loss**: BN 모델의 train loss가 더 빨리, 더 낮게 내려간다. 10 epoch 뒤에는 train set을 거의 외운 수준이다.
# - **validation loss**: 두 모델 모두 train loss와 validation loss 사이에 간격이 생긴다 (overfitting의 신호).
#   BN에는 배치마다 통계가 조금씩 흔들리는 데서 오는 약한 regularization 효과가 있다고 알려져 있지만,
#   이 실험에서 validation loss가 어떻게 움직였는지는 위 그래프로 직접 확인하자. BN이 Dropout을 대신하는 것은 아니다.
# - **최종 정확도**: MNIST처럼 쉬운 문제를 Adam으로 10 epoch 학습하면 BN이 없어도 정확도가 꽤 높다.
#   그래서 마지막 정확도 차이는 크지 않을 수 있다. BN의 효과는 층이 깊을수록, learning rate가 클수록 더 크게 드러난다 (연습 문제 2).
# - **mode 전환**: BN은 train mode와 eval mode에서 다르게 계산한다. 평가 전 `model.eval()`은 선택이 아니라 필수다.

# %% [markdown]
# ## 12. 연습 문제
#
# 1. 3절의 데모에서 `a = torch.rand(100, 5)`로 데이터 수를 늘리면 `b.std(dim=0)`은 얼마가 나올까? 계산으로 먼저 예상하고 확인해 보자.
# 2. 두 모델을 `lr=0.01`(10배)로 다시 학습해 비교해 보자. BN이 있는 모델과 없는 모델 중 어느 쪽이 큰 learning rate를 더 잘 견디는가?
# 3. `BNModel`의 순서를 `Linear -> ReLU -> BatchNorm1d`로 바꾼 모델을 `nn.Sequential`로 만들어 같은 조건으로 학습하고 결과를 비교해 보자.
# 4. 10절의 `batch_size`를 2, 32, 200으로 바꿔 train mode 정확도가 어떻게 변하는지 확인하고, 그 이유를 설명해 보자.
