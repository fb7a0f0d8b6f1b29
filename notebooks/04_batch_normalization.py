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
# # 04. Batch Normalization
#
# **목표**: Batch Normalization(BN)이 무엇을 계산하는지 작은 tensor로 확인하고, train mode의 배치 통계,
# eval mode의 running statistics, 그 갱신 규칙(momentum), 학습되는 $\gamma, \beta$까지 forward pass를 직접 구현해
# `nn.BatchNorm1d`와 맞춰 본다. 그다음 `BNModel`과 BN만 뺀 같은 구조의 모델을 seed 3개로 학습해 원래 자료의 learning rate에서
# 비교하고, BN 논문의 MNIST 실험(sigmoid 신경망, SGD)을 learning rate를 모델마다 따로 골라 다시 해 본다.
# 판정은 강좌의 판정 규칙 하나로 validation과 test에서 한다. 끝으로 층마다 값의 분포(BN이 있을 때와 없을 때), 작은 배치를
# 위한 LayerNorm, Dropout과 함께 쓸 때의 variance shift를 작은 데모로 확인한다.
#
# **Goal**: see what Batch Normalization computes on a tiny tensor, write its forward pass by hand (batch statistics
# in train mode, running statistics in eval mode, the momentum update, the learned $\gamma, \beta$) and check it
# against `nn.BatchNorm1d`. Then train `BNModel` and the same network without BN over three seeds at the original
# material's learning rate, and redo the BN paper's MNIST experiment (a sigmoid network, SGD) with each model's learning
# rate chosen on validation; the course's one decision rule judges both on validation and on test. Finally, small demos show
# each layer's pre-activation distribution with and without BN, LayerNorm for small batches, and the variance shift when
# Dropout comes before BN.

# %% [markdown]
# ## 1. 준비: import, device, 하이퍼파라미터, 데이터
#
# 앞 노트북들과 같은 설정이다. 데이터는 00 노트북에서 본 대로 train 55,000 / validation 5,000 / test 10,000으로 나눈다.
# 모델과 설정을 고르는 일은 모두 [validation set](glossary.md#validation-set)으로 한다.
# [test set](glossary.md#test-set)은 결과를 보고하는 데(9절과 12절의 판정)에는 쓰지만, 무엇을 고르는 데에는 쓰지 않는다:
# test 결과를 보고 lr이나 모델을 다시 고르지 않는다 (강좌 전체의 규칙).

# %%
import copy
import inspect

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchinfo
from IPython.display import Markdown, display

from course_lib import data, models, plots, report, settings, train
from course_lib.epoch import correct_per_sample

settings.seed_everything(42)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200
SEEDS = [0, 1, 2]  # 비교는 seed 3개의 평균 ± 표준편차로 한다

# DATASET ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()

# %%
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE)
print(
    f"train {len(train_loader.dataset):,} | validation {len(val_loader.dataset):,} | test {len(test_loader.dataset):,}"
)

# %% [markdown]
# ## 2. 아이디어: 배치 단위로 feature를 표준화한다
#
# **[Batch Normalization](glossary.md#batch-normalization)은** 층의 출력을 다음 층에 넘기기 전에
# **feature마다, 현재 배치(mini-batch) 안에서** 평균 0, 표준편차 1이 되도록 표준화한다.
# 배치 크기가 $m$이고 어떤 feature의 값이 $x_1, \dots, x_m$일 때:
#
# $$\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i, \qquad \sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)^2$$
#
# $$\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y_i = \gamma\,\hat{x}_i + \beta$$
#
# - $\epsilon$(기본 `1e-5`)은 0으로 나누지 않기 위한 작은 값이다.
# - $\gamma$(scale)와 $\beta$(shift)는 feature마다 하나씩 있는 **학습되는 파라미터**다
#   ([affine parameters](glossary.md#affine-parameters), 초기값 $\gamma=1, \beta=0$).
#   "평균 0, 분산 1"이 항상 최선은 아니므로, 필요하면 모델이 스스로 분포를 다시 옮기고 늘릴 수 있게 해 둔 것이다.
# - 분산 $\sigma_B^2$는 $m$으로 나눈다(편향 분산, biased variance). 아래 데모에서 이 점이 숫자로 드러난다.
#
# **왜 도움이 될까?** BN을 처음 제안한 논문(Ioffe & Szegedy, 2015)의 동기는
# **[internal covariate shift](glossary.md#internal-covariate-shift)** 였다: 앞 층의 가중치가 바뀔 때마다
# 뒤 층에 들어가는 값의 분포가 흔들리고, 뒤 층은 계속 움직이는 입력에 맞추느라 학습이 느려진다는 설명이다.
# 그러나 이것이 BN이 효과가 있는 **이유**인지는 논쟁 중이다. Santurkar et al.(2018, "How Does Batch Normalization
# Help Optimization?")은 BN 뒤에 일부러 분포를 흔드는 noise를 넣어도 BN의 이점이 거의 그대로 남는다는 실험을 보이고,
# 대신 BN이 loss landscape를 더 매끄럽게 만들어(gradient가 덜 급하게 변해) 큰 learning rate로도 안정적으로
# 학습할 수 있게 한다고 주장했다. 다른 설명들도 있고, 아직 하나로 정리되지 않았다.
# 이 노트북은 설명을 믿는 대신 **관찰할 수 있는 효과**를 잰다: 같은 구조에서 BN만 빼면 학습이 얼마나 빨리 진행되는지
# (8\~9절), BN 논문의 sigmoid 신경망에서 learning rate에 따라 학습이 어떻게 달라지는지(11\~12절).

# %% [markdown]
# ## 3. 작은 tensor로 확인하기: `BatchNorm1d`
#
# 데이터 10개, feature 5개인 tensor `a`를 만들어 `nn.BatchNorm1d(5)`에 통과시킨다.
# `BatchNorm1d`의 인자는 **feature 수**다. 결과가 매번 같도록 seed를 고정한다.

# %%
torch.manual_seed(0)
a = torch.rand(10, 5)  # (10-data수, 5-feature수), 0~1 균등분포
bn = nn.BatchNorm1d(5)  # BatchNorm1d(feature수)
b = bn(a)  # 새로 만든 모듈은 train mode: 지금 배치의 평균/분산을 쓴다
b.shape

# %% [markdown]
# feature별(`dim=0`, 즉 데이터 방향으로) 평균과 표준편차를 비교해 보자.
# 결과를 읽기 쉽게 소수점 아래 넷째 자리까지(아래 b의 표준편차는 셋째 자리까지) 반올림해 보인다.

# %% tags=["nbval-check-output"]
print("a의 평균     :", a.mean(dim=0).round(decimals=4))
print("a의 표준편차 :", a.std(dim=0).round(decimals=4))

# %% tags=["nbval-check-output"]
with torch.no_grad():
    print("b의 평균이 모두 0에 가까운가:", bool(b.mean(dim=0).abs().max() < 1e-6))
    print("b의 표준편차 (torch 기본 std):", b.std(dim=0).round(decimals=3))
    print("b의 표준편차 (N으로 나눈 std):", b.std(dim=0, correction=0).round(decimals=3))
    print("sqrt(10 / 9) =", round((10 / 9) ** 0.5, 3))

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

# %% tags=["nbval-check-output"]
print("gamma (weight):", bn.weight.data)
print("beta  (bias)  :", bn.bias.data)
print("학습되는 파라미터 수:", sum(p.numel() for p in bn.parameters()))  # feature 5개 x (gamma, beta)

# %% [markdown]
# ## 4. train mode와 eval mode: running statistics
#
# 학습할 때는 배치의 평균/분산을 쓰면 된다. 그런데 예측할 때는 어떨까?
#
# - 예측할 때는 데이터가 한 개씩 들어올 수도 있다. 샘플이 하나면 "배치 평균"은 그 샘플 자신이라 표준화가 의미가 없다.
# - 같은 이미지의 예측이 **같은 배치에 어떤 이미지가 섞였는지**에 따라 달라지면 곤란하다.
#
# 그래서 BN은 학습하는 동안 배치 통계의 이동 평균([running statistics](glossary.md#running-statistics):
# `running_mean`, `running_var`)을 따로 기억해 두고, 평가할 때는 그것으로 표준화한다.
# train mode에서 forward를 한 번 할 때마다 다음처럼 갱신된다 ([momentum](glossary.md#momentum-bn), 기본 0.1):
#
# $$\text{running\_mean} \leftarrow (1-\text{momentum})\cdot\text{running\_mean} + \text{momentum}\cdot\mu_B$$
#
# $$\text{running\_var} \leftarrow (1-\text{momentum})\cdot\text{running\_var} + \text{momentum}\cdot\frac{m}{m-1}\,\sigma_B^2$$
#
# - 초기값은 `running_mean = 0`, `running_var = 1`이다.
# - **running_var에는 불편 분산**($m-1$로 나눈 값, $\frac{m}{m-1}\sigma_B^2$)을 넣는다. 표준화에 쓰는 분산($m$으로 나눔)과 다르다.
# - 이름이 같아도 optimizer의 momentum과는 뜻이 반대 방향이다: BN의 `momentum=0.1`은 **새 배치 값에 주는 비중**이다.
# - 이 값들은 학습되는 파라미터가 아니라 **buffer**다: gradient로 바뀌지 않고, `state_dict`에는 함께 저장된다.
#
# | mode | 전환 | 표준화에 쓰는 평균/분산 | running 통계 갱신 |
# |---|---|---|---|
# | [train mode](glossary.md#train-mode) | `model.train()` | 지금 배치의 $\mu_B, \sigma_B^2$ | 한다 |
# | [eval mode](glossary.md#eval-mode) | `model.eval()` | 저장해 둔 running_mean, running_var | 안 한다 |
#
# 위에서 `bn(a)`를 한 번 불렀으므로 running 통계가 초기값(평균 0, 분산 1)에서 배치 쪽으로 10%만큼 움직였다.

# %% tags=["nbval-check-output"]
print("running_mean:", bn.running_mean.round(decimals=4))
print("0.1 * a의 평균:", (0.1 * a.mean(dim=0)).round(decimals=4))
print("running_var :", bn.running_var.round(decimals=4))
print("0.9 * 1 + 0.1 * a의 불편 분산:", (0.9 + 0.1 * a.var(dim=0)).round(decimals=4))
print("buffer 이름:", [name for name, _ in bn.named_buffers()])

# %% [markdown]
# running 통계는 얼마나 오래된 배치까지 기억할까? 갱신 규칙을 풀어 쓰면 가장 최근 배치($k=0$)의 값은 0.1, 그 앞 배치($k=1$)는
# $0.1\cdot0.9=0.09$, $k$개 앞 배치는 $0.1\cdot0.9^{k}$ (곧 $\text{momentum}\cdot(1-\text{momentum})^{k}$)의 비중으로 남는다.
# 최근 $k$개 배치($k=0$부터 $k-1$까지)의 비중을 모두 더해 보자.

# %% tags=["nbval-check-output"]
for k in (1, 5, 10, 20, 50):
    print(f"최근 {k:2d}개 배치의 비중 합: 1 - 0.9^{k} = {1 - 0.9**k:.3f}")

# %% [markdown]
# momentum 0.1이면 최근 10개 배치가 running 통계의 65%, 최근 20개가 88%를 차지하고, 50개 전보다 오래된 배치는 0.5%만 남는다.
# 학습을 시작한 지 50 step이면 이 0.5%는 모두 초기값(평균 0, 분산 1)의 몫이다.
# 그러니 running 통계는 "지금까지 본 데이터 전체"의 평균이 아니라 **최근 10\~20개 배치**(8절의 배치 200장이면 2,000\~4,000장)의
# 평균에 가깝다. 그 배치들은 학습 중에 바뀌어 온 가중치로 계산한 값이므로, running 통계는 **지금의 가중치**에 맞춰 따라간다.
# 학습이 끝날 무렵 가중치가 거의 멈추면 running 통계도 지금 가중치에서의 데이터 통계에 가까워진다.
#
# 같은 `a`를 eval mode에서 통과시키면 배치 통계 대신 running 통계를 쓰므로 결과가 달라진다.
# running 통계는 아직 한 배치만 본 값이라 실제 평균/분산과 거리가 멀고, 그래서 출력의 평균이 0이 아니다.

# %% tags=["nbval-check-output"]
bn.eval()
with torch.no_grad():
    b_eval = bn(a)
bn.train()  # 다시 train mode로
print("eval mode 출력의 평균:", b_eval.mean(dim=0).round(decimals=3))
print("train mode 출력과 같은가:", torch.allclose(b, b_eval))

# %% [markdown]
# train mode에서는 배치 통계가 필요하므로 샘플이 하나뿐인 배치는 아예 계산할 수 없다. eval mode에서는 문제없다.

# %%
one = a[:1]  # (1, 5): 샘플 하나
try:
    bn(one)
except ValueError as err:
    print("train mode 오류:", err)

bn.eval()
out_one = bn(one)
bn.train()  # 다시 train mode로
print("eval mode 출력 shape:", tuple(out_one.shape))

# %% [markdown]
# **정리**: 평가·예측 전에는 반드시 `model.eval()`, 다시 학습할 때는 `model.train()`을 부른다.
# 이 강좌의 `train.fit()`은 epoch마다 학습 전에 `model.train()`, 평가 전에 `model.eval()`을 알아서 부른다
# (`train.train_one_epoch()`은 batch를 돌기 전에 `model.train()`을, `train.evaluate()`는 예측을 시작하기 전에
# `model.eval()`을 부른다). 직접 루프를 짤 때만 신경 쓰면 된다.
# 이 전환은 02 노트북의 Dropout에도 똑같이 적용된다.

# %% [markdown]
# ## 5. 직접 구현하기: BN의 forward pass
#
# 지금까지 본 규칙을 함수 하나로 모아 보자. `(N, C)` 입력에 대해
#
# - **train mode**: 배치 평균과 편향 분산으로 표준화하고, running 통계를 momentum 규칙으로 갱신한다 (running_var에는 불편 분산).
# - **eval mode**: running 통계로 표준화하고, 아무것도 갱신하지 않는다.
# - 두 mode 모두 마지막에 $\gamma, \beta$를 적용한다.


# %%
def batch_norm_forward(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """BatchNorm1d의 forward pass. (출력, 갱신된 running_mean, 갱신된 running_var)를 돌려준다."""
    if training:
        m = x.shape[0]
        mean = x.mean(dim=0)  # (C,) 배치 평균
        var = ((x - mean) ** 2).mean(dim=0)  # (C,) 편향 분산 (m으로 나눔): 표준화에 쓴다
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * m / (m - 1)  # 불편 분산으로 갱신
    else:
        mean, var = running_mean, running_var  # eval mode: 저장해 둔 통계, 갱신 없음
    x_hat = (x - mean) / torch.sqrt(var + eps)  # (N, C) 표준화
    return gamma * x_hat + beta, running_mean, running_var


# %% [markdown]
# `nn.BatchNorm1d`와 비교한다. 초기값 $\gamma=1, \beta=0$이면 affine 단계가 틀려도 드러나지 않으므로
# $\gamma, \beta$를 무작위 값으로 바꿔 두고, 배치 3개를 두 구현에 똑같이 train mode로 차례로 넣어 running 통계를 갱신한 뒤,
# 새 배치 하나를 eval mode로 넣는다.

# %%
torch.manual_seed(1)
C = 5
bn_ref = nn.BatchNorm1d(C)
with torch.no_grad():
    bn_ref.weight.copy_(torch.rand(C) + 0.5)  # gamma: 0.5 ~ 1.5
    bn_ref.bias.copy_(torch.randn(C))  # beta
gamma, beta = bn_ref.weight.detach().clone(), bn_ref.bias.detach().clone()
running_mean, running_var = torch.zeros(C), torch.ones(C)  # nn.BatchNorm1d와 같은 초기값

max_diff, train_match = {}, []
bn_ref.train()
with torch.no_grad():
    for i in range(3):
        x = torch.randn(16, C) * 3 + 2  # (16, 5): 평균 2, 표준편차 3 근처
        y_mine, running_mean, running_var = batch_norm_forward(x, gamma, beta, running_mean, running_var, True)
        y_ref = bn_ref(x)
        max_diff[f"train 출력 (배치 {i + 1})"] = (y_mine - y_ref).abs().max().item()
        train_match.append(torch.allclose(y_mine, y_ref, atol=1e-6))
    max_diff["running_mean"] = (running_mean - bn_ref.running_mean).abs().max().item()
    max_diff["running_var"] = (running_var - bn_ref.running_var).abs().max().item()

    bn_ref.eval()
    x_new = torch.randn(8, C) * 3 + 2
    y_mine_eval, _, _ = batch_norm_forward(x_new, gamma, beta, running_mean, running_var, False)
    y_ref_eval = bn_ref(x_new)
    max_diff["eval 출력"] = (y_mine_eval - y_ref_eval).abs().max().item()

for name, d in max_diff.items():
    print(f"{name:18s}: 최대 절대 차이 {d:.1e}")

# %% [markdown]
# 차이는 모두 float32의 반올림 오차 수준이다. `torch.allclose`로 확인하자.
# 마지막 줄은 대조용이다: 같은 `x_new`를 train mode 규칙(배치 통계)으로 표준화하면 eval mode 출력과 다르다.

# %% tags=["nbval-check-output"]
with torch.no_grad():
    y_batch_stats, _, _ = batch_norm_forward(x_new, gamma, beta, running_mean, running_var, True)
print("train mode 출력 일치 (배치 3개):", train_match)
print("running_mean 일치              :", torch.allclose(running_mean, bn_ref.running_mean))
print("running_var 일치 (불편 분산)   :", torch.allclose(running_var, bn_ref.running_var))
print("eval mode 출력 일치            :", torch.allclose(y_mine_eval, y_ref_eval, atol=1e-6))
print("num_batches_tracked            :", bn_ref.num_batches_tracked.item())
print("대조: eval 출력 == 배치 통계로 표준화한 출력:", torch.allclose(y_ref_eval, y_batch_stats, atol=1e-6))

# %% [markdown]
# ## 6. `BatchNorm1d` vs `BatchNorm2d`
#
# | 층 | 입력 shape | 인자 | 평균/분산을 구하는 축 |
# |---|---|---|---|
# | `nn.BatchNorm1d(C)` | `(N, C)` 또는 `(N, C, L)` | feature(채널) 수 `C` | `N` (와 `L`) |
# | `nn.BatchNorm2d(C)` | `(N, C, H, W)` (이미지) | 채널 수 `C` | `N, H, W` |
#
# Linear 층 뒤에는 `BatchNorm1d`, Conv2d 층 뒤(이미지 feature map)에는 `BatchNorm2d`를 쓴다.
# `BatchNorm2d`는 한 채널의 모든 위치(H×W)와 배치 전체를 묶어 평균/분산을 하나 구한다. 그래서 채널마다 $\gamma, \beta$가 하나씩이다.

# %% tags=["nbval-check-output"]
torch.manual_seed(0)
imgs = torch.rand(4, 3, 8, 8)  # (N=4, C=3, H=8, W=8)
bn2d = nn.BatchNorm2d(3)  # BatchNorm2d(channel수)
out = bn2d(imgs)
with torch.no_grad():
    print("출력 shape:", tuple(out.shape))
    print("채널별 평균이 0에 가까운가:", bool(out.mean(dim=(0, 2, 3)).abs().max() < 1e-6))
    print("채널별 표준편차 (N으로 나눔):", out.std(dim=(0, 2, 3), correction=0).round(decimals=3))
print("gamma shape:", tuple(bn2d.weight.shape), "| beta shape:", tuple(bn2d.bias.shape))

# %% [markdown]
# ## 7. 모델: Linear → BN → ReLU, 그리고 BN만 뺀 대조군
#
# BN은 보통 **Linear(또는 Conv) 바로 뒤, activation 함수 앞**에 둔다: `Linear -> BatchNorm -> ReLU`.
# 원래 자료도 이 순서를 따른다 (BN을 ReLU 뒤에 두는 변형도 쓰이지만, 이 강좌는 위 순서로 통일한다. 연습 문제 3).
# Dropout을 함께 쓴다면 자리에 주의해야 한다: Dropout 뒤에 다시 BN이 오면 train mode와 eval mode에서 BN이 보는 분산이
# 달라진다 (15절). 이 노트북의 모델에는 Dropout이 없다.
#
# 참고: BN이 평균을 빼 버리므로 바로 앞 Linear의 bias는 효과가 없다 ($\beta$가 그 역할을 대신한다).
# 그래서 `nn.Linear(..., bias=False)`로 쓰는 경우도 많다. 여기서는 원래 자료대로 bias를 둔다.
#
# BN이 무엇을 바꾸는지 보려면 **BN만 다르고 나머지는 모두 같은** 모델이 필요하다.
# `models.BNModel(batch_norm=False)`는 Linear 크기(784-256-128-64-10)와 ReLU는 그대로 두고 BN 자리에
# 아무것도 하지 않는 `nn.Identity`를 둔다. 정의를 보자.

# %% tags=["nbval-check-output"]
print(inspect.getsource(models.BNModel))

# %% [markdown]
# 입력 크기에 `BATCH_SIZE`를 넣어 요약을 보면 각 층의 출력 shape와 파라미터 수를 확인할 수 있다.
# `BatchNorm1d(256)`의 파라미터 512개는 $\gamma$ 256개 + $\beta$ 256개다. running 통계는 buffer라서 이 수에 들어가지 않는다.
# (요약용 모델은 학습하지 않는다. 학습할 모델은 아래에서 seed를 고정한 직후에 새로 만든다.)

# %% tags=["nbval-check-output"]
torchinfo.summary(models.BNModel(), (BATCH_SIZE, 1, 28, 28), device="cpu")

# %% [markdown]
# 같은 seed로 두 모델을 만들면 Linear 가중치의 초기값까지 같다. BatchNorm1d는 초기화할 때 난수를 쓰지 않으므로
# ($\gamma=1, \beta=0$) 두 모델이 난수를 똑같이 소비하기 때문이다. 그래서 seed가 같은 두 run의 차이는 **BN 하나뿐**이다
# (배치 순서도 같은 전역 난수에서 나온다).

# %% tags=["nbval-check-output"]
settings.seed_everything(0)
with_bn = models.BNModel()
settings.seed_everything(0)
without_bn = models.BNModel(batch_norm=False)
n_bn, n_plain = models.count_parameters(with_bn), models.count_parameters(without_bn)
print(f"BNModel()                : {n_bn:,} params")
print(f"BNModel(batch_norm=False): {n_plain:,} params  (차이 {n_bn - n_plain:,} = gamma/beta 2 x (256+128+64))")
plain_params = dict(without_bn.named_parameters())  # Linear 4개의 weight, bias (Identity에는 파라미터가 없다)
same_init = all(torch.equal(p, plain_params[name]) for name, p in with_bn.named_parameters() if name in plain_params)
print(f"Linear 초기 가중치 {len(plain_params)}개 tensor가 모두 같은가:", same_init)

# %% [markdown]
# ## 8. 학습: 기본 learning rate에서 BN vs BN 없음
#
# 원래 자료와 같이 Adam(lr=`LR`=0.001)으로 `N_EPOCH` epoch 학습한다. 두 모델을 [seed](glossary.md#seed)
# 3개씩, 모두 같은 조건으로 돌린다. `train_run`은 **seed를 고정한 직후에** 모델을 만든다.
# 그래야 seed가 같은 run끼리 초기 가중치와 배치 순서가 같다 (그 사이에 다른 코드가 난수를 쓰면 달라진다).
#
# - early stopping은 끄고(`early_stopping=False`) 10 epoch을 모두 돈다. 그래야 두 모델이 같은 만큼 학습한다.
# - `restore_best=True`: 학습이 끝나면 모델을 validation loss가 가장 낮았던 epoch(best epoch)의 가중치로 되돌린다.
#   파일로 저장하지는 않는다(`save_best_model=False`). 9절의 판정(validation과 test에서 맞힌 이미지)에 이 가중치를 쓴다.
#
# 첫 run(BNModel, seed 0)만 epoch마다 기록을 출력하고, 나머지는 조용히 돌린 뒤 표로 정리한다.

# %%
loss_fn = nn.CrossEntropyLoss()
MODELS = {"BN": True, "No BN": False}  # 이름 -> BNModel(batch_norm=...)


def train_run(batch_norm, seed, lr=LR, epochs=N_EPOCH, optimizer_cls=torch.optim.Adam, **fit_kwargs):
    """seed를 고정한 직후 BNModel(batch_norm)을 만들어 학습한다. (model, history)를 돌려준다."""
    settings.seed_everything(seed)  # 모델을 만들기 바로 전에: 같은 seed면 같은 초기 가중치, 같은 배치 순서
    model = models.BNModel(batch_norm=batch_norm).to(device)
    optimizer = optimizer_cls(model.parameters(), lr=lr)
    fit_kwargs = {"save_best_model": False, "early_stopping": False, "verbose": False, **fit_kwargs}
    history = train.fit(train_loader, val_loader, model, loss_fn, optimizer, epochs, device=device, **fit_kwargs)
    return model, history


# %%
bn_model, history_bn0 = train_run(True, SEEDS[0], restore_best=True, verbose=True)

# %%
trained = {"BN": {SEEDS[0]: bn_model}, "No BN": {}}
runs = {"BN": [history_bn0], "No BN": []}
for name, batch_norm in MODELS.items():
    for seed in SEEDS:
        if name == "BN" and seed == SEEDS[0]:
            continue  # 위에서 돌렸다
        model, h = train_run(batch_norm, seed, restore_best=True)
        trained[name][seed] = model
        runs[name].append(h)
        print(
            f"{name:5s} seed {seed} | best epoch {h.best_epoch:2d} | val loss {h.best_val_loss:.4f} "
            f"| val acc {h.best_val_acc:.4f} | 마지막 epoch val acc {h.val_acc[-1]:.4f}"
        )

# %% [markdown]
# ## 9. 결과 읽기
#
# 먼저 평균 곡선을 보자. 선은 seed 3개의 평균, 옅은 띠는 최솟값\~최댓값이다.

# %%
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout="constrained")
plots.compare_histories(runs, metric="train_loss", ax=axes[0])
plots.compare_histories(runs, metric="val_loss", ax=axes[1])
plots.compare_histories(runs, metric="val_acc", ax=axes[2])
plt.show()

# %% [markdown]
# 같은 내용을 숫자로 정리한다 (평균 ± 표준편차, seed 3개). "best epoch"은 validation loss가 가장 낮은 epoch이고,
# 그 옆의 val acc는 **best epoch(최저 val loss)의 val acc**다 (가장 높았던 accuracy가 아니다).


# %%
def row(name, values, digits=4):
    return f"| {name} | " + " | ".join(report.fmt_mean_std(v, digits) for v in values) + " |"


lines = [
    "| 지표 | " + " | ".join(runs) + " |",
    "|---|" + "---:|" * len(runs),
    row("1 epoch 뒤 val acc", [[h.val_acc[0] for h in hs] for hs in runs.values()]),
    row("best epoch (최저 val loss)", [[h.best_epoch for h in hs] for hs in runs.values()], 1),
    row("최저 val loss", [[h.best_val_loss for h in hs] for hs in runs.values()]),
    row("best epoch의 val acc", [[h.best_val_acc for h in hs] for hs in runs.values()]),
    row("10 epoch 뒤 val loss", [[h.val_loss[-1] for h in hs] for hs in runs.values()]),
    row("10 epoch 뒤 val acc", [[h.val_acc[-1] for h in hs] for hs in runs.values()]),
    row("10 epoch 뒤 train loss", [[h.train_loss[-1] for h in hs] for hs in runs.values()], 5),
    row("10 epoch 뒤 gap (train − val acc)", [[h.gap[-1] for h in hs] for hs in runs.values()]),
]
display(Markdown("\n".join(lines)))

# %% [markdown]
# 평균 ± 표준편차는 대략 읽기다. "BN이 낫다"고 말하려면 강좌의 판정 규칙(02 노트북 10절, `course_lib/stats.py`)으로 판정한다:
# 같은 seed의 두 모델(각자 best epoch의 가중치)을 validation 5,000장과 test 10,000장에서 이미지별로 짝짓고, seed와 이미지를
# 함께 복원 추출해 정확도 차이의 95% 구간을 구한다. 구간이 0보다 위면 helps, 아래면 hurts, 0을 포함하면 within noise다.
# best epoch을 같은 validation 이미지로 골랐으므로 validation 판정은 조금 낙관적일 수 있다: 고르는 데 쓰지 않은 test가
# 정직한 확인이다. test는 여기서 판정에만 쓴다.

# %%
adam_hits = {
    name: [(correct_per_sample(val_loader, m), correct_per_sample(test_loader, m)) for m in trained[name].values()]
    for name in MODELS
}
adam_record = report.compare_paired(
    "04",
    "batch norm (Adam lr 1e-3, both)",
    {"train_images": len(train_loader.dataset), "epochs": N_EPOCH, "model": "BNModel 784-256-128-64-10, Adam 1e-3"},
    "No BN",
    "BN",
    SEEDS,
    adam_hits["No BN"],
    adam_hits["BN"],
)

# %% [markdown]
# 위 표, 그래프, 판정에서 읽을 수 있는 것:
#
# - **판정**: 같은 seed끼리 짝지은 BN − BN 없음은 validation +0.66%p [+0.29, +1.02], test +0.42%p [+0.19, +0.65]로 둘 다
#   **helps**다. 같은 구조, 같은 Adam(lr 0.001), 같은 10 epoch에서 BN이 best epoch 모델의 정확도를 올렸다.
#   다만 lr 0.001은 원래 자료의 값일 뿐 두 모델 어느 쪽에 맞춘 값도 아니다: 모델마다 lr을 고른 비교는 11\~12절에서 한다.
# - **빠른 출발**(대략 읽기): 1 epoch 뒤 val acc가 BN 0.9649 ± 0.0025, BN 없음 0.9349 ± 0.0038이다. train loss 그래프에서도
#   BN 쪽이 처음부터 낮고 끝까지 더 낮다 (10 epoch 뒤 0.0095 대 0.0162).
# - **best epoch의 성능**: 최저 val loss는 BN 0.0731 ± 0.0049, BN 없음 0.0923 ± 0.0048이고, 그 epoch의 val acc는
#   0.9790 ± 0.0012 대 0.9724 ± 0.0008이다 (위 판정이 이 모델들의 비교다).
# - **validation loss의 모양**: best epoch은 BN 7, 9, 9, BN 없음 6, 8, 9다(seed 0, 1, 2). 평균 곡선에서 BN의 val loss는
#   3 epoch 뒤로 0.08 근처에서 오르내릴 뿐 뚜렷하게 다시 오르지 않고, BN 없는 모델은 6 epoch 뒤로 조금씩 오른다(10 epoch 뒤
#   0.1008). 표의 '최저 val loss'는 seed마다 10개 값 중 가장 낮은 값이라 잡음 덕분에도 낮게 나오므로(00 노트북의 selection bias),
#   10 epoch 뒤 값과의 차이를 그대로 overfitting의 크기로 읽으면 안 된다. 이 10 epoch 안에서 [overfitting](glossary.md#overfitting)
#   신호는 BN 없는 쪽에서 약하게 보이는 정도다. 그래도 마지막 epoch이 아니라 best epoch(최저 val loss)의 가중치를 쓴다
#   (06 노트북의 early stopping).
# - **regularization?** BN에는 배치마다 통계가 흔들리는 데서 오는 약한 regularization 효과가 있다고 알려져 있지만,
#   표의 10 epoch 뒤 gap은 BN 0.0197 ± 0.0015, BN 없음 0.0218 ± 0.0029로 비슷한 수준이다(대략 읽기). 이 실험에서 BN의 이득은
#   "overfitting을 줄였다"가 아니라 "같은 epoch 안에 더 잘 학습했다"로 읽는 편이 자연스럽다.
#   BN 논문(Ioffe & Szegedy 2015)은 BN을 넣은 Inception 신경망에서 Dropout을 빼도 overfitting이 늘지 않고 학습이 빨라졌다고
#   보고하고(lr을 키우는 등 여러 변경과 함께 적용한 결과다), BN의 regularization 효과로 Dropout을 빼거나 약하게 할 수 있다고
#   보았다. 이 노트북은 Dropout을 넣거나 빼는 비교를 하지 않았으므로
#   이 주장을 확인하지도, 반박하지도 못한다. 둘을 함께 쓸 때의 주의점은 15절에서 본다.

# %% [markdown]
# ## 10. eval mode를 잊으면?
#
# 학습이 끝난 `bn_model`(BN, seed 0, best epoch의 가중치)로 validation set을 평가하되, 한 번은 올바르게 eval mode로,
# 한 번은 실수로 train mode인 채로 **작은 배치(8장)** 로 예측해 보자. train mode의 BN은 8장만의 평균/분산으로
# 표준화하므로 같은 이미지라도 어떤 이미지와 함께 들어왔는지에 따라 결과가 흔들린다.
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
acc_eval = accuracy_in_small_batches(probe, val_loader)
probe.train()  # 실수: eval()을 부르지 않은 상태
acc_train_mode = accuracy_in_small_batches(probe, val_loader)
print(f"fit이 보고한 best epoch의 val acc : {history_bn0.best_val_acc:.4f}")
print(f"eval mode  (running 통계)         : {acc_eval:.4f}")
print(f"train mode (8장의 배치 통계)      : {acc_train_mode:.4f}")

# %% [markdown]
# eval mode의 정확도는 배치 크기와 상관없이 `fit`이 보고한 best epoch의 validation accuracy와 같다 (running 통계만 쓰므로).
# train mode에서는 그보다 낮아진다. 평가 코드를 직접 짤 때 `model.eval()`을 빼먹으면 이런 차이가 조용히 생긴다.

# %% [markdown]
# ## 11. BN 논문의 MNIST 실험: sigmoid 신경망, SGD, learning rate는 모델마다 따로
#
# BN을 제안한 논문(Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal
# Covariate Shift")의 첫 실험(4.1절, Figure 1)은 hidden 층 3개(각 100개, **sigmoid**)의 작은 신경망을 MNIST에서
# batch 60, SGD로 학습한다. Figure 1은 (a) 학습이 진행되는 동안의 test accuracy와, (b)(c) 마지막 hidden 층의 sigmoid 하나에
# 들어가는 입력의 분포(15, 50, 85번째 percentile)를 BN이 없을 때와 있을 때로 보여 준다. 논문의 읽기는 두 가지다:
# BN 신경망이 더 빨리, 더 높은 정확도에 이른다. BN이 없으면 sigmoid 입력의 분포가 학습 중에 평균도 폭도 크게 움직인다.
#
# 같은 실험을 작게 다시 한다 (논문은 50,000 step, 여기서는 `PAPER_STEPS` = 4,000 step, 약 4.4 epoch). 논문과 다른 점:
#
# - 정확도는 test가 아니라 **validation**으로 그린다. 고르는 데 쓰는 것은 validation이고, test는 마지막 판정에만 쓴다.
# - **learning rate를 두 모델에 따로 고른다.** lr 하나로 비교하면 그 lr이 한쪽에만 맞을 수 있다 (8절의 lr 0.001은 원래 자료의
#   값일 뿐, 두 모델 어느 쪽에 맞춘 값도 아니다). lr 0.1, 0.5, 2, 8 (0.1 → 0.5만 5배, 나머지는 4배 간격) 중에서 seed 0의 4,000 step 뒤 validation accuracy가
#   가장 높은 lr을 모델마다 고르고, 그 lr로 seed 1, 2를 더 돌린다.
# - 가중치 초기화는 논문의 "작은 random Gaussian" 대신 PyTorch의 기본 초기화다. 입력도 논문의 이진(0/1) 이미지가 아니라
#   0\~1의 회색조 그대로다. seed는 3개다.
# - sigmoid 입력의 percentile은 eval mode(BN은 running 통계)로, 고정한 validation 이미지 1,000장에서 잰다.
#
# `fit`은 epoch 단위로 기록하므로, step마다 재려고 학습 루프를 직접 쓴다. 00 노트북 7절에서 본 네 단계(forward, loss, backward,
# step) 그대로다. 학습 전(step 0)과 `RECORD_EVERY` step마다 validation accuracy와, 고정한 validation 이미지 1,000장에서 마지막 sigmoid 하나(0번)에
# 들어가는 입력의 percentile을 잰다 (forward hook으로 sigmoid 층의 입력을 엿본다).

# %%
PAPER_HIDDEN, PAPER_BATCH, RECORD_EVERY = (100, 100, 100), 60, 250
PAPER_STEPS = settings.effective_steps(4000)
PAPER_LRS = [0.1, 0.5, 2.0, 8.0]
paper_train, _, _ = data.load_mnist_splits(DATASET_ROOT_PATH, PAPER_BATCH, paired=True)
probe_X = val_loader.dataset.data[:1000].to(device)  # sigmoid 입력의 분포를 잴 고정 이미지 1,000장


def sigmoid_input_percentiles(model, sigmoid, unit=0):
    """고정 이미지에서 ``sigmoid`` 층의 ``unit`` 번째 입력의 15, 50, 85번째 percentile (eval mode)."""
    seen = []
    handle = sigmoid.register_forward_hook(lambda module, inputs, output: seen.append(inputs[0][:, unit]))
    model.eval()
    with torch.inference_mode():
        model(probe_X)
    handle.remove()
    return torch.quantile(seen[0].float().cpu(), torch.tensor([0.15, 0.50, 0.85])).tolist()


def train_steps(batch_norm, lr, seed, steps=PAPER_STEPS):
    """BN 논문의 신경망을 SGD로 ``steps`` 번 학습한다: (model, 기록). RECORD_EVERY step마다 val acc와 percentile을 잰다."""
    settings.seed_everything(seed)  # 같은 seed: 같은 초기 Linear 가중치
    model = models.MLP(PAPER_HIDDEN, batch_norm=batch_norm, activation=nn.Sigmoid).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)  # 논문처럼 momentum 없는 SGD
    last_sigmoid = [m for m in model.modules() if isinstance(m, nn.Sigmoid)][-1]
    paper_train.restart(seed)  # 같은 seed: 같은 batch 순서 (fit이 새 학습마다 하는 일)
    record = {"step": [0], "val_acc": [train.evaluate(val_loader, model, loss_fn, device=device)[1]]}
    record["pct"] = [sigmoid_input_percentiles(model, last_sigmoid)]  # step 0: 학습 전
    step = 0
    while step < steps:
        for X, y in paper_train:
            model.train()
            loss = loss_fn(model(X.to(device)), y.to(device))  # forward, loss
            optimizer.zero_grad()
            loss.backward()  # backward
            optimizer.step()  # step
            step += 1
            if step % RECORD_EVERY == 0 or step == steps:
                record["step"].append(step)
                record["val_acc"].append(train.evaluate(val_loader, model, loss_fn, device=device)[1])
                record["pct"].append(sigmoid_input_percentiles(model, last_sigmoid))
            if step == steps:
                break
    return model, record


grid = {name: {} for name in MODELS}  # 이름 -> lr -> (model, 기록), seed 0
for name, batch_norm in MODELS.items():
    for lr in PAPER_LRS:
        grid[name][lr] = train_steps(batch_norm, lr, SEEDS[0])
    print(f"{name:5s} 끝 (seed {SEEDS[0]}, lr {len(PAPER_LRS)}개)")

# %%
lines = ["| lr | " + " | ".join(f"{name}: {PAPER_STEPS:,} step 뒤 val acc" for name in MODELS) + " |"]
lines.append("|---:|" + "---:|" * len(MODELS))
for lr in PAPER_LRS:
    lines.append(f"| {lr:g} | " + " | ".join(f"{grid[name][lr][1]['val_acc'][-1]:.4f}" for name in MODELS) + " |")
display(Markdown("\n".join(lines)))

best_lr = {name: max(PAPER_LRS, key=lambda lr, n=name: grid[n][lr][1]["val_acc"][-1]) for name in MODELS}
print("validation으로 고른 lr (seed 0):", {name: f"{lr:g}" for name, lr in best_lr.items()})

# %% [markdown]
# 고른 lr로 seed 1, 2를 더 돌린다 (seed 0은 위의 실행을 그대로 쓴다).

# %%
paper = {
    name: [grid[name][best_lr[name]]] + [train_steps(batch_norm, best_lr[name], seed) for seed in SEEDS[1:]]
    for name, batch_norm in MODELS.items()
}

fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout="constrained")
for name, runs_ in paper.items():
    steps_ = runs_[0][1]["step"]
    accs = torch.tensor([rec["val_acc"] for _, rec in runs_])  # (seed, 기록 시점)
    axes[0].plot(steps_, accs.mean(0), label=f"{name} (lr {best_lr[name]:g})")
    axes[0].fill_between(steps_, accs.min(0).values, accs.max(0).values, alpha=0.2)
axes[0].set(
    xlabel="step",
    ylabel="검증 정확도 (validation accuracy)",
    title="(a) 학습 중 검증 정확도 (선: seed 3개 평균, 띠: 최소~최대)",
)
axes[0].grid(True, ls=":")
axes[0].legend()
for ax, name, letter in zip(axes[1:], ["No BN", "BN"], "bc", strict=True):
    rec = paper[name][0][1]  # seed 0
    pct = torch.tensor(rec["pct"])  # (기록 시점, 3)
    for j, q in enumerate((15, 50, 85)):
        ax.plot(rec["step"], pct[:, j], label=f"{q}번째 percentile")
    ax.set(xlabel="step", ylabel="sigmoid 입력", title=f"({letter}) {name}: 마지막 층 sigmoid 하나의 입력")
    ax.grid(True, ls=":")
    ax.legend()
plt.show()

shown = [i for i, st in enumerate(paper["BN"][0][1]["step"]) if st in (0, 250, 500, 1000, 2000, PAPER_STEPS)]
for name, runs_ in paper.items():
    rec0 = runs_[0][1]
    accs = torch.tensor([rec["val_acc"] for _, rec in runs_]).mean(0)
    print(f"{name:5s} val acc (seed 평균): " + ", ".join(f"step {rec0['step'][i]} {accs[i]:.3f}" for i in shown))
    print(
        f"{'':5s} sigmoid 입력 15/50/85 (seed 0): "
        + ", ".join(f"step {rec0['step'][i]} " + "/".join(f"{v:+.2f}" for v in rec0["pct"][i]) for i in shown)
    )

# %% [markdown]
# 위 표, 그림, 출력에서 읽을 수 있는 것:
#
# - **lr에 대한 민감도**(seed 0, 4,000 step 뒤 val acc; seed 하나의 표라 대략 읽기): BN 모델은 lr 0.1\~8에서 모두 학습된다
#   (0.9490\~0.9658). BN 없는 모델은 lr 0.5(0.9256)와 2(0.9530)에서만 쓸 만하다. lr 0.1에서는 4,000 step 안에 0.6096까지밖에
#   오르지 못하고(느림), lr 8에서는 0.4914로 학습이 제대로 되지 않는다. 두 모델 모두 validation으로 lr 2가 골라졌다.
# - **(a) 학습 속도**(고른 lr, 선은 seed 3개 평균, 옅은 띠는 최솟값\~최댓값, 대략 읽기): 학습 전에는 둘 다 0.094(우연 수준)다.
#   BN 모델은 250 step 만에 0.855, BN 없는 모델은 0.272다. BN 없는 모델은 1,000 step에 0.871로 거의 따라붙고, 4,000 step 뒤에는 0.966 대 0.957이다.
#   논문의 Figure 1(a)처럼 BN 신경망이 더 빨리 오른다. 끝의 정확도 차이는 12절의 판정으로 확인한다.
# - **(b)(c) sigmoid 입력의 분포**(seed 0; percentile은 값을 작은 순으로 늘어놓았을 때 15%, 50%, 85% 지점): 학습 전(step 0)에는
#   두 신경망이 같다. 같은 초기 가중치이고, 아직 running 통계가 평균 0, 분산 1이라 eval mode의 BN은 입력을 그대로 내보낸다
#   (이 sigmoid 입력의 15·50·85번째 percentile이 모두 +0.50이다). 학습이 시작되면 두 분포 모두 처음 수백 step 동안 크게
#   움직인다 (BN이 없으면 15번째 percentile이 500 step에 −5.35까지 내려갔다가 1,000 step에 −3.73으로 돌아온다). 그 뒤로는
#   논문의 그림과 달리 오히려 BN 쪽이 기록마다 더 크게 오르내린다: 1,000 step 이후 85번째 percentile이 BN은 약 +0.45\~+1.2,
#   BN 없음은 약 −1.1\~−1.5 사이다 (eval mode에서 잰 값이라 BN 쪽에는 running 통계의 흔들림도 섞인다). 이 짧은 실행에서는
#   "BN이 없으면 계속 크게 흔들리고, 있으면 안정적"이라는 논문의 읽기가 재현되지 않았다. 눈에 띄는 차이는 분포의 **자리와 폭**이다.
#   BN이 없으면 4,000 step 뒤 15/50/85번째 percentile이 −3.33/−2.30/−1.35로, 이미지의 85%가 −1.35 아래, 곧 sigmoid가 0에 가깝게
#   눌린(기울기가 작은) 쪽에 있다. BN이 있으면 −3.65/−2.02/+0.96으로 더 넓게 퍼져, 기울기가 큰 가운데(0 근처)도 쓴다.
#   (고정한 validation 이미지 1,000장, 뉴런 하나의 값이다: 다른 뉴런, 다른 seed에서는 모양이 다를 수 있다.)
#
# ## 12. 판정: 모델마다 고른 lr에서 BN vs BN 없음
#
# 11절의 두 모델(각자 validation으로 고른 lr)을 같은 seed끼리 짝지어 판정 규칙(02 노트북 10절)으로 판정한다.
# lr을 seed 0의 validation accuracy로 골랐으므로 validation 판정은 조금 낙관적일 수 있다: test가 정직한 확인이다.
# test set은 여기서 판정에만 쓰고, 이 결과로 다시 무엇을 고르지 않는다.

# %%
paper_hits = {
    name: [(correct_per_sample(val_loader, m), correct_per_sample(test_loader, m)) for m, _ in runs_]
    for name, runs_ in paper.items()
}
paper_record = report.compare_paired(
    "04",
    "batch norm (sigmoid, SGD, each arm's best lr)",
    {
        "train_images": len(paper_train.dataset),
        "steps": PAPER_STEPS,
        "batch": PAPER_BATCH,
        "model": "MLP 784-100-100-100-10 sigmoid, SGD",
    },
    f"No BN (lr {best_lr['No BN']:g})",
    f"BN (lr {best_lr['BN']:g})",
    SEEDS,
    paper_hits["No BN"],
    paper_hits["BN"],
)
_ = report.save_comparisons([adam_record, paper_record])

# %% [markdown]
# 두 판정 모두 **helps**다: validation +0.85%p [+0.16, +1.46], test +1.25%p [+0.67, +1.82]. 두 모델 모두 validation으로 고른
# 자기 lr(둘 다 lr 2)에서, 같은 4,000 step 뒤에 BN 쪽이 validation과 test 모두에서 더 많이 맞힌다. 고르는 데 쓰지 않은
# test에서도 helps이므로, lr을 validation으로 고른 데서 오는 낙관만으로 생긴 판정이 아니다.
#
# 두 비교(8\~9절의 ReLU + Adam, 11\~12절의 sigmoid + SGD)의 판정은 `results/comparisons.json`에 저장되고, 07 노트북이
# 강좌 전체의 판정과 함께 보여 준다. 판정은 그 조건(모델, optimizer, 학습량)에 대한 것이다: "BN은 언제나 낫다"가 아니라
# "이 두 조건에서는 판정 규칙이 validation과 test 모두 helps라고 했다"이다.

# %% [markdown]
# ## 13. 층마다 ReLU 입력의 분포: BN이 있을 때와 없을 때
#
# 11절에서는 sigmoid 하나의 입력을 percentile 세 개로 보았다. 이번에는 8절의 ReLU 모델에서 hidden 층 세 개의 ReLU에
# 들어가는 값(pre-activation) 전체의 분포를 histogram으로 그린다. 초기화 직후와 학습 후를 나란히 본다.
#
# - **초기화 직후**: 7절에서 seed 0으로 만든 `with_bn`, `without_bn` (8절의 seed 0 run과 같은 초기 가중치).
# - **학습 후**: 8절의 seed 0 모델 (best epoch의 가중치).
# - 값은 11절의 고정 validation 이미지 1,000장(`probe_X`)에서 재고, 층마다 뉴런 전체(256, 128, 64개)의 값을 한
#   histogram에 모은다. ReLU 층에 forward hook을 걸어 입력을 엿본다 (11절과 같은 방법).
# - 모델의 **복사본을 train mode**로 두고 잰다: 학습 step에서 BN이 하는 계산(이 1,000장의 배치 통계)이다. 갓 만든 BN 모델을
#   eval mode로 재면 running 통계가 초기값(평균 0, 분산 1)이라 BN이 아무것도 하지 않는다. 복사본이므로 원래 모델의 running
#   통계는 그대로다.


# %%
def relu_inputs(model, X):
    """model의 복사본을 train mode로 두고 X를 넣어, hidden 층마다 ReLU에 들어가는 값을 1차원 tensor로 모은다."""
    probe = copy.deepcopy(model).to(device).train()  # 복사본: train mode의 forward는 running 통계를 바꾼다
    seen = []
    relus = [m for m in probe.modules() if isinstance(m, nn.ReLU)]
    hooks = [
        m.register_forward_hook(lambda module, inputs, output: seen.append(inputs[0].flatten().cpu())) for m in relus
    ]
    with torch.no_grad():
        probe(X)
    for hook in hooks:
        hook.remove()
    return seen  # [층 1, 층 2, 층 3]


states = {
    "초기화 직후": {"No BN": without_bn, "BN": with_bn},
    "학습 후": {name: trained[name][SEEDS[0]] for name in ("No BN", "BN")},
}
bin_width = 16 / 80  # 범위 (-8, 8)을 막대 80개로 나눈 폭
fig, axes = plt.subplots(2, 3, figsize=(15, 7), layout="constrained")
for r, (state, nets) in enumerate(states.items()):
    for name, model in nets.items():
        for j, v in enumerate(relu_inputs(model, probe_X)):
            # 밀도 = 막대 안의 개수 / (범위 밖까지 포함한 값 전체의 개수 x 막대 폭): 범위 밖 값이 많아도 부풀리지 않는다
            weights = torch.full_like(v, 1 / (len(v) * bin_width)).numpy()
            axes[r, j].hist(v.numpy(), bins=80, range=(-8, 8), weights=weights, alpha=0.5, label=name)
            print(
                f"{state} | {name:5s} | 층 {j + 1}: 평균 {v.mean():+.2f}, 표준편차 {v.std():.2f}, "
                f"0보다 큰 비율 {(v > 0).float().mean():.2f}, -8~8 밖 {(v.abs() > 8).float().mean():.3f}"
            )
    for j, ax in enumerate(axes[r]):
        ax.axvline(0, color="gray", lw=0.8)
        ax.set(title=f"{state}: 층 {j + 1}의 ReLU 입력", xlabel="ReLU 입력 (-8~8만 그림)", ylabel="밀도")
        ax.legend()
plt.show()

# %% [markdown]
# 위 그림과 출력에서 읽을 수 있는 것 (seed 하나, 이미지 1,000장):
#
# - **초기화 직후, BN 없음**: ReLU 입력의 표준편차가 층을 지날 때마다 줄어든다 (층 1\~3: 0.19 → 0.08 → 0.06). PyTorch의
#   기본 초기화는 층을 지나도 값의 폭이 유지되도록 맞춘 것이 아니라서, 깊은 층일수록 값이 0 근처에 몰린다. `nn.Linear`는
#   가중치를 입력 수 $n$에 대해 $\pm 1/\sqrt{n}$ 사이의 균등분포에서 뽑으므로(분산 $1/(3n)$), ReLU가 값의 절반을 0으로 만드는
#   것과 합치면 다음 층 입력의 분산은 약 $1/6$(표준편차 약 0.41배)이 된다. 층 1의 0.19에서 시작해 bias의 분산 $1/(3n)$까지
#   더해 손으로 계산하면 층 2, 3은 0.086, 0.062로, 출력의 0.08, 0.06과 맞는다.
# - **초기화 직후, BN 있음**: 세 층 모두 평균 0, 표준편차 1.00이고 절반(0.50)이 0보다 크다. 배치 통계로 표준화하고
#   $\gamma=1, \beta=0$이니 당연하다: 층이 몇 개든 다음 층이 받는 값의 폭이 같다.
# - **학습 후, BN 없음**: 이번에는 폭이 층마다 커진다 (1.29 → 2.11 → 3.96). 평균도 0에서 벗어나(층 2 +0.96, 층 3 +1.75)
#   층 2, 3에서는 값의 65\~68%가 0보다 크고, 층 3에서는 6.5%가 그림의 범위(−8\~8) 밖에 있다
#   (밀도는 범위 밖 값까지 넣은 전체 개수로 나누었으므로, 이 곡선 아래 넓이는 1이 아니라 0.935다).
# - **학습 후, BN 있음**: 학습된 $\gamma, \beta$가 분포를 조금 옮겼고(평균 −0.11, −0.07, +0.22) 층 3에서는 넓히기도 했지만
#   (0 아래와 +2 근처의 두 봉우리로 갈라졌다),
#   세 층 모두 폭이 1 근처(0.99, 1.00, 1.32)이고 0보다 큰 비율도 0.44\~0.46이다.
#
# BN이 없으면 층마다 값의 크기가 학습 전에는 줄어들고 학습 후에는 층마다 커지며, 그 크기를 가중치가 스스로 맞춰야 한다.
# BN이 있으면 모든 층의 ReLU가 비슷한 척도의 값을 받는다. 다만 이 그림은 분포의 **모양**을 보여 줄 뿐이고, 그것이 BN이
# 학습을 빠르게 하는 **이유**라는 증거는 아니다 (2절).
#
# ## 14. 배치가 작을 때: LayerNorm
#
# 4절에서 BN은 train mode에서 샘플 하나짜리 배치를 계산하지 못했고, 10절에서는 8장 배치에서 train mode의 예측이 나빠졌고,
# 연습 문제 4에서는 배치가 작을수록 더 나빠진다. BN의 평균과 분산이 **배치 방향**(같은 feature의 여러 샘플)으로 계산되기
# 때문이다. 그래서 학습 중에는 한 샘플의 출력이 같은 배치에 들어온 다른 샘플에 따라 달라지고, 배치가 작을수록 그 흔들림이
# 크다.
#
# [Layer Normalization](glossary.md#layer-normalization)(LayerNorm, 줄여서 LN, Ba et al. 2016)은 축을 바꾼다:
# **샘플마다, 그 샘플의 feature들에 걸쳐** 평균과 분산을 구해 표준화한다. `(N, C)` 입력이면 BN은 feature마다 샘플 $N$개의
# 통계를, LN은 샘플마다 feature $C$개의 통계를 쓴다. 그다음 feature마다 $\gamma, \beta$를 적용하는 것은 같다.
#
# 작은 tensor로 비교하자. 샘플 A를 다른 샘플(B 또는 C)과 함께 배치 2로 묶어, 또는 혼자서 통과시킨다.

# %% tags=["nbval-check-output"]
x3 = torch.randn(3, 4, generator=torch.Generator().manual_seed(0)) * 2 + 1  # 샘플 A, B, C (feature 4개)
xa, xb, xc = x3[0:1], x3[1:2], x3[2:3]
bn4, ln4 = nn.BatchNorm1d(4), nn.LayerNorm(4)  # 둘 다 인자는 feature 수, 새로 만든 모듈은 train mode
with torch.no_grad():
    print("A                      :", xa[0].round(decimals=2))
    print("BN(train), A와 B를 함께:", bn4(torch.cat([xa, xb]))[0].round(decimals=2))
    print("BN(train), A와 C를 함께:", bn4(torch.cat([xa, xc]))[0].round(decimals=2))
    try:
        bn4(xa)
    except ValueError:
        print("BN(train), A 혼자      : 오류 (샘플 하나로는 배치 통계를 구할 수 없다)")
    print("LN(train), A와 B를 함께:", ln4(torch.cat([xa, xb]))[0].round(decimals=2))
    print("LN(train), A와 C를 함께:", ln4(torch.cat([xa, xc]))[0].round(decimals=2))
    print("LN(train), A 혼자      :", ln4(xa)[0].round(decimals=2))
    print("LN(eval),  A 혼자      :", ln4.eval()(xa)[0].round(decimals=2))
    y3 = ln4(x3)
    print("LN 출력: 샘플마다 평균이 0에 가까운가:", bool(y3.mean(dim=1).abs().max() < 1e-6))
    print("LN 출력: 샘플별 표준편차 (N으로 나눔):", y3.std(dim=1, correction=0).round(decimals=3))
print("LN의 buffer:", [name for name, _ in ln4.named_buffers()])
print("LN의 파라미터:", {name: tuple(p.shape) for name, p in ln4.named_parameters()})

# %% [markdown]
# - **BN(train mode), 배치 2**: feature마다 두 값의 평균과 분산으로 표준화하므로 A의 출력은 feature마다 +1 아니면 −1이다.
#   "A가 짝보다 큰가 작은가"만 남는다 (연습 문제 4의 풀이에서 배치 2의 정확도가 크게 떨어진 까닭이다). 짝을 B에서 C로 바꾸면
#   같은 A의 네 번째 feature가 −1에서 +1로 바뀐다. A 혼자는 계산할 수 없다.
# - **LN**: 짝이 B든 C든, 혼자든, eval mode든 A의 출력이 똑같다 (1.19, −0.15, −1.53, 0.48). 샘플마다 평균 0, 표준편차 1이다.
#   한 샘플만으로 계산하므로 train mode와 eval mode의 계산이 같고, 그래서 기억해 둘 running 통계(buffer)가 없다.
#   학습되는 것은 feature마다 하나씩인 $\gamma$(`weight`)와 $\beta$(`bias`)뿐이다.
#
# 그래서 LN은 배치 통계를 쓰기 어렵거나 믿을 수 없는 곳에 쓴다: Transformer(token마다 feature 벡터를 LN으로 정규화한다),
# RNN(time step마다 배치 통계를 따로 모으기 어렵다), 메모리 때문에 배치를 크게 잡을 수 없는 큰 모델. 이미지 CNN에서 배치가
# 작으면 채널 몇 개씩을 묶어 정규화하는 GroupNorm도 쓴다. 이 노트북의 MLP에서 BN 대신 LN을 쓰면 어떤지는 재 보지 않았다.
#
# ## 15. BN과 Dropout을 함께 쓰면: variance shift
#
# 02 노트북 3절에서 본 대로 inverted dropout은 train mode에서 **평균**은 지키지만 **분산**은 키운다 (입력의 평균 $\mu$, 분산
# $\sigma^2$이면 train mode 출력의 분산은 $\sigma^2/(1-p) + \mu^2 p/(1-p)$). 그래서 Dropout 뒤에 BN이 오면 BN의 running_var는
# train mode에서 본 큰 분산을 기억하는데, eval mode에서는 Dropout이 꺼져 분산이 작은 값이 들어오고, BN은 그 값을 큰
# running_var로 나눈다. Li et al.(2019, "Understanding the Disharmony between Dropout and Batch Normalization by Variance
# Shift")은 이 어긋남을 [variance shift](glossary.md#variance-shift)라고 불렀다. 02 노트북은 Dropout 바로 뒤에 BN을 두었다.
# 실제 모델에서는 흔히 `Linear -> BN -> ReLU -> Dropout -> Linear -> BN -> ...`처럼 Dropout과 다음 BN 사이에
# Linear가 있다. 그래도 어긋남이 남는지, BN의 기본 momentum(0.1)으로 배치를 여러 개 보며 running 통계를 쌓아도 그런지 보자.
#
# 한 블록 `ReLU -> Dropout(p) -> Linear -> BatchNorm1d`를 train mode로 300 배치 돌려 running 통계를 쌓은 뒤, eval mode에서 BN에
# 실제로 들어오는 값의 분산과 비교한다. 입력은 표준정규 난수(ReLU를 거쳐 Dropout에 들어간다)이고, $p=0$이 대조다.
# 300 배치인 까닭: 4절에서 본 대로 50 step 뒤에도 running_var에는 초기값 1이 0.5% 남아 있어, 분산이 0.1\~0.3인 값을 몇 %
# 부풀린다. 300 step이면 그 몫은 $0.9^{300} \approx 2 \times 10^{-14}$로 사라진다.
# Dropout의 mask도 전역 난수에서 나오므로 `torch.random.fork_rng()` 안에서 돌려 뒤 셀의 난수 흐름을 바꾸지 않는다.


# %%
def variance_shift(p, n_batches=300, width=128):
    """ReLU -> Dropout(p) -> Linear -> BatchNorm1d를 train mode로 돌린 뒤, eval mode에서 BN이 보는 분산과 비교한다."""
    with torch.random.fork_rng():  # 이 안에서 쓴 난수는 밖의 난수 상태에 영향을 주지 않는다
        torch.manual_seed(0)
        block = nn.Sequential(nn.ReLU(), nn.Dropout(p), nn.Linear(width, width), nn.BatchNorm1d(width))
        with torch.no_grad():
            block.train()
            for _ in range(n_batches):
                block(torch.randn(BATCH_SIZE, width))  # running 통계가 train mode의 분산을 기억한다
            block.eval()
            z = torch.randn(BATCH_SIZE, width)
            var_eval = block[:3](z).var(dim=0)  # eval mode에서 BN에 들어오는 값의 feature별 분산
            std_out = block(z).std(dim=0)  # eval mode에서 BN이 내보내는 값의 feature별 표준편차
    return block[3].running_var.mean().item(), var_eval.mean().item(), std_out.mean().item()


for p in (0.0, 0.1, 0.5):
    running_var, var_eval, std_out = variance_shift(p)
    print(
        f"Dropout p={p}: BN의 running_var {running_var:.4f} | eval mode에서 BN에 들어오는 분산 {var_eval:.4f} "
        f"| 비 {running_var / var_eval:.2f} | eval mode BN 출력의 표준편차 {std_out:.2f}"
    )

# %% [markdown]
# (위 값은 feature 128개의 평균이다.)
#
# - **p=0(대조)**: running_var와 eval mode에서 들어오는 분산이 거의 같고(비 0.98), eval mode BN 출력의 표준편차도 1.01로
#   train mode에서처럼 1에 가깝다.
# - **p=0.5**: BN은 train mode에서 본 분산 0.2816을 기억하지만, eval mode에서 들어오는 값의 분산은 0.1139뿐이다(비 2.47).
#   그래서 eval mode의 BN 출력은 표준편차가 1이 아니라 0.64다: 학습 때와 다른 척도의 값이 다음 층으로 넘어간다.
#   (ReLU를 거친 표준정규 값은 $\mu \approx 0.40$, $\sigma^2 \approx 0.34$이므로 위 식으로 구한 비는 약 2.47이다(p=0.1이면
#   1.16). Linear를 거쳐도 비가 식대로 남았다. p=0의 비가 1이 아니라 0.98인 것처럼 0.02 정도의 차이는 running 통계도 eval
#   mode의 배치(200개)도 유한한 표본이라 생기는 흔들림이다.)
# - **p=0.1**: 비 1.16, 표준편차 0.93으로 어긋남이 작다.
#
# 흔한 처방은 세 가지다: Dropout을 **마지막 BN 뒤**(출력층 바로 앞)에만 두어 Dropout의 출력을 보는 BN이 없게 한다, 둘 중
# 하나만 쓴다, $p$를 작게 한다. 이 노트북의 모델에는 Dropout이 없으므로 이 문제가 없다. 어느 처방이 MNIST에서 나은지는
# 여기서 재 보지 않았다.

# %% [markdown]
# ## 16. 관찰 포인트
#
# - **BN이 하는 일**: feature마다 배치 평균/분산으로 표준화하고 $\gamma, \beta$로 다시 옮긴다. 5절에서 직접 구현한
#   함수가 train mode(배치 통계, 편향 분산), running 통계 갱신(불편 분산, momentum 0.1), eval mode(running 통계) 모두에서
#   `nn.BatchNorm1d`와 반올림 오차 안에서 일치했다.
# - **mode 전환**: BN은 train mode와 eval mode에서 다르게 계산한다. 10절에서 eval mode를 잊고 8장씩 예측하면 validation accuracy가
#   0.9796에서 0.8668로 떨어졌다. 평가 전 `model.eval()`은 선택이 아니라 필수다.
# - **원래 자료의 설정(ReLU, Adam lr 0.001, 10 epoch)에서**: 같은 구조에서 BN만 넣었을 때 첫 epoch부터 더 잘 학습되고,
#   판정 규칙으로 validation(+0.66%p)과 test(+0.42%p) 모두 helps였다. 후반에 val loss가 다시 오르는 모습은 BN 없는 모델에서
#   약하게 보였을 뿐이고(BN 모델은 0.08 근처에서 오르내림), train-val gap은 비슷한 수준이었다.
# - **BN 논문의 sigmoid 신경망(SGD)에서**: BN 모델은 lr 0.1\~8 모두에서 학습되었지만(4,000 step 뒤 val acc 0.949\~0.966),
#   BN 없는 모델은 lr 0.1에서 느리고(0.610) lr 8에서 학습되지 않았다(0.491). 모델마다 validation으로 고른 lr(둘 다 2)에서
#   비교해도 BN 쪽이 validation(+0.85%p)과 test(+1.25%p) 모두 helps였다. BN이 있으면 lr을 고르기가 훨씬 쉽다는 것이
#   이 실험에서 가장 크게 보인 차이다 (seed 0의 lr 표를 대략 읽은 것). ReLU 모델에 momentum SGD를 써도 BN 없는 모델은 작은
#   lr(0.01)에서 크게 뒤처졌다 (연습 문제 5, lr 두 개, 평균 ± 표준편차로 대략 읽기). 반면 8절의 Adam(lr 0.001)에서는
#   BN 없는 모델도 잘 학습되었다: BN의 효과가 어떻게 보이는지는 optimizer와 lr 범위에 따라 다르다.
# - **층마다의 분포**(13절, seed 하나): BN이 없으면 ReLU 입력의 폭이 초기화 직후에는 층마다 줄고(0.19 → 0.06) 학습 후에는
#   층마다 커졌다(1.29 → 3.96). BN이 있으면 세 층 모두 1 근처였다.
# - **작은 배치에는 LayerNorm**(14절): BN의 train mode 출력은 같은 배치의 다른 샘플에 따라 달라지고 배치 1에서는 계산되지 않는다.
#   LN은 샘플마다 feature들에 걸쳐 표준화하므로 짝, 배치 크기, mode와 상관없이 같은 출력을 내고 running 통계가 없다.
# - **Dropout 뒤의 BN**(15절): Dropout(p=0.5) 뒤의 BN은 eval mode에서 들어오는 값보다 약 2.5배 큰 분산을 기억해, eval mode
#   출력의 표준편차가 0.64로 줄었다 (variance shift, 분산 비 2.47). Dropout은 마지막 BN 뒤에 두거나, 둘 중 하나만 쓴다.
# - **왜 그런가**는 아직 논쟁 중이다 (2절). 이 노트북이 보여 준 것은 원인이 아니라 효과다.

# %% [markdown]
# ## 17. 연습 문제
#
# 풀이는 [solutions/04_batch_normalization_solutions.ipynb](solutions/04_batch_normalization_solutions.ipynb)에 있다.
#
# 문제마다 아래 코드 셀의 `...`(또는 `# TODO`)를 채우고 셀을 실행하면, 마지막 줄의 `qN.check(...)`가 맞았는지, 틀렸다면
# 무엇이 틀렸는지 알려 준다. 막히면 `q1.hint()`, 더 자세한 힌트는 `q1.hint(2)`, 다 풀었으면 `q1.solution()`으로 풀이와 비교한다.

# %%
from course_lib import stats  # noqa: F401 (문제 3에서 validation만 판정할 때 쓴다)
from course_lib.exercises.lesson04 import q1, q2, q3, q4, q5

# %% [markdown]
# **1.** 3절의 데모에서 `a = torch.rand(100, 5)`로 데이터 수를 늘리면 `b.std(dim=0)`(torch 기본 std)는 얼마가 나올까?
# 계산으로 먼저 예상해 `expected_std`에 적고, 주석을 풀어 확인해 보자.
#
# 기대 결과: 모든 feature에서 $\sqrt{100/99} \approx 1.005$. 데이터가 많을수록 두 정의의 차이가 작아진다.

# %%
expected_std = ...  # TODO: 계산으로 예상한 값 (숫자 하나, 계산식으로 써도 된다)

# 예상했으면 주석을 풀어 확인한다 (3절과 같은 방법)
# torch.manual_seed(0)
# a = torch.rand(100, 5)
# print(nn.BatchNorm1d(5)(a).std(dim=0))
q1.check(expected_std)

# %% [markdown]
# **2.** 5절의 `batch_norm_forward`에서 running_var를 **편향 분산**(`var`, $m$으로 나눈 값)으로 갱신하도록 바꾼
# `batch_norm_forward_biased`를 만들고, 5절의 비교를 이 함수로 다시 돌려 보자. 어떤 줄이 `False`가 되는가
# (`false_lines`)? 그 차이는 배치 크기 `m`이 클수록 커질까, 작아질까(`larger_m`)?
# 검사는 이 함수를 `nn.BatchNorm1d`와 손 계산에 맞춰 보고, 두 답을 확인한다.
#
# 기대 결과: train mode 출력과 running_mean은 그대로 `True`, running_var와 eval mode 출력이 `False`가 된다.
# 배치 크기가 16이면 running_var에 더하는 값이 $16/15$배 차이 나고, $m$이 클수록 차이가 작아진다(그래서 큰 배치에서는 눈에 잘 안 띈다).


# %%
def batch_norm_forward_biased(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """5절의 batch_norm_forward에서 running_var만 편향 분산(m으로 나눈 값)으로 갱신하도록 바꾼 것."""
    ...  # TODO: 5절의 함수 본문을 복사해 running_var를 갱신하는 한 줄을 바꾼다


# 5절의 비교 셀에서 batch_norm_forward를 이 함수로 바꿔 다시 돌려 보고 답을 적는다
# TODO: False가 되는 줄들을 {"train mode 출력", "running_mean", "running_var", "eval mode 출력"} 중에서 골라 적는다
false_lines = ...
larger_m = ...  # TODO: 배치 크기 m이 클수록 그 차이는? "커진다" 또는 "작아진다"
q2.check(batch_norm_forward_biased, false_lines, larger_m)

# %% [markdown]
# **3.** `Linear -> ReLU -> BatchNorm1d` 순서(BN을 activation 뒤에)로 바꾼 모델을 `nn.Sequential`로 만드는 함수
# `relu_then_bn`을 쓰고, `BNModel`(`Linear -> BatchNorm1d -> ReLU`)과 같은 조건(같은 seed 3개, Adam lr=0.001, 같은 epoch 수)으로
# 학습해 판정 규칙으로 비교해 보자. 검사는 모델의 구조(층의 순서와 크기, 같은 seed에서 BNModel과 같은 초기 가중치)와,
# 비교가 판정 규칙(`report.compare_paired` 또는 `stats.paired_bootstrap`)을 seed 3개로 거쳤는지를 본다. 판정을 읽는 것은 여러분의 몫이다.
#
# 기대 결과: 두 순서 모두 잘 학습된다. 평균 ± 표준편차로 대략 읽으면 val acc 차이는 0.5%p 안팎으로 작고, 최저 val loss는
# 반대 방향으로 조금 다를 수 있다 (둘 다 대략 읽기다). 어느 순서가 낫다고 말하려면 판정 규칙으로 판정해야 하고, 짧은 실험의
# 판정이 더 긴 학습이나 다른 데이터에서도 유지되는지는 따로 재 봐야 한다.


# %%
def relu_then_bn():
    """Linear -> ReLU -> BatchNorm1d 순서의 모델 (BNModel과 같은 크기 784-256-128-64-10)."""
    return ...  # TODO: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256), ...)


# TODO: 두 순서(models.BNModel, relu_then_bn)를 SEEDS마다 같은 조건으로 학습하고 (seed를 고정한 직후에 모델을 만든다),
#       seed마다 (correct_per_sample(val_loader, m), correct_per_sample(test_loader, m))을 모아 판정 규칙으로 비교한다
order_verdict = ...  # TODO: report.compare_paired(...)의 결과 (validation만 본다면 stats.paired_bootstrap(...)의 결과)
q3.check(relu_then_bn, order_verdict)

# %% [markdown]
# **4.** 10절의 평가를 함수로 만들어 보자: `train_mode_accuracy(model, loader, batch_size)`는 `model`의 복사본을 train mode로
# 두고 `batch_size`장씩 예측한 정확도를 돌려주고, 넘겨받은 `model`은 그대로 둔다. 검사를 통과하면 `batch_size`를 2, 8, 32, 200으로
# 바꿔 train mode 정확도가 어떻게 변하는지 확인하고(셀 아래쪽의 반복문), 그 이유를 설명해 보자.
#
# 기대 결과: 배치가 클수록 train mode 정확도가 eval mode 정확도에 가까워진다. 배치 2에서는 크게 떨어지고,
# 배치 200에서는 eval mode와 비슷하다. eval mode 정확도는 배치 크기와 상관없이 같다.


# %%
def train_mode_accuracy(model, loader, batch_size):
    """model의 복사본을 train mode로 두고 batch_size장씩 예측한 정확도 (넘겨받은 model은 그대로 둔다)."""
    ...  # TODO: 10절처럼 copy.deepcopy로 복사본을 만들어 train mode로 두고, accuracy_in_small_batches로 잰 값을 돌려준다


# 검사를 통과하면 주석을 풀어 배치 크기마다 train mode 정확도를 본다 (eval mode 정확도는 10절의 acc_eval)
# for bs in (2, 8, 32, 200):
#     print(f"batch {bs:3d} | train mode 정확도 {train_mode_accuracy(bn_model, val_loader, bs):.4f}")
q4.check(train_mode_accuracy)

# %% [markdown]
# **5.** 8절의 두 ReLU 모델(BNModel, BN 없음)을 **SGD(momentum=0.9)** 로 lr 0.01과 0.1에서, seed 3개, 3 epoch 학습해 보자.
# 11절의 sigmoid 신경망에서 본 것(BN이 없으면 lr에 따라 학습이 크게 달라진다)이 ReLU 모델에서도 나타나는가?
# 검사는 optimizer(momentum=0.9인 SGD)와, 학습 기록이 두 lr에서 두 모델을 같은 seed 수, 같은 epoch 수, 그 lr로 돌린 것인지를 본다.
#
# 기대 결과: BN 없는 모델이 작은 lr(0.01)에서 3 epoch 뒤 크게 뒤처지는 것이 큰 차이이고, lr=0.1에서는 BN 없는 모델도 학습이 된다.
# "BN의 효과"가 optimizer와 learning rate 범위에 따라 다르게 나타난다.

# %%
import functools  # noqa: F401 (TODO에서 functools.partial을 쓴다)

sgd = ...  # TODO: momentum=0.9인 SGD를 만드는 함수 (train_run의 optimizer_cls로 넘긴다)
sgd_runs = {}  # lr -> {"BN": [seed별 History], "No BN": [seed별 History]}
for lr in (0.01, 0.1):
    # TODO: MODELS의 두 모델을 SEEDS마다 train_run(..., lr=lr, epochs=3, optimizer_cls=sgd)로 학습해 History를 모은다
    sgd_runs[lr] = ...  # {"BN": [History, ...], "No BN": [History, ...]}
q5.check(sgd, sgd_runs)

# %% [markdown]
# ## 18. 확인 문제
#
# **Q1.** eval mode에서 BN은 표준화에 어떤 평균/분산을 쓰는가? 왜 배치 통계를 쓰지 않는가?
#
# <details><summary>정답</summary>
#
# 학습 중에 모아 둔 running_mean, running_var. 예측이 같은 배치에 섞인 다른 샘플에 따라 달라지면 안 되고, 샘플이 하나여도 계산되어야 하기 때문이다.
#
# </details>
#
# **Q2.** 3절에서 BN 출력의 `std()`가 1이 아니라 1.054였다. BN이 틀린 것인가?
#
# <details><summary>정답</summary>
#
# 아니다. BN은 $m=10$으로 나눈 분산으로 표준화하고 `std()`는 $m-1=9$로 나누므로 $\sqrt{10/9}\approx1.054$배가 된다.
#
# </details>
#
# **Q3.** `momentum=0.1`인 BN에서 train mode forward 한 번 뒤 running_var는 어떻게 바뀌는가? 어떤 분산을 쓰는가?
#
# <details><summary>정답</summary>
#
# running_var ← 0.9 · running_var + 0.1 · (배치의 **불편** 분산). 표준화에는 편향 분산을 쓰지만 running_var 갱신에는 $m-1$로 나눈 분산을 쓴다 (5절에서 확인).
#
# </details>
#
# **Q4.** `BNModel`과 `BNModel(batch_norm=False)`의 학습되는 파라미터 수 차이는 몇 개이고, 무엇인가? (7절 출력에서 확인)
#
# <details><summary>정답</summary>
#
# 896개. BN 층 세 개의 $\gamma, \beta$: 2 × (256 + 128 + 64). running 통계는 buffer라 세지 않는다.
#
# </details>
#
# **Q5.** 11절의 표에서 lr 8일 때 BN 없는 모델의 4,000 step 뒤 val acc는 얼마였나? BN 모델은?
#
# <details><summary>정답</summary>
#
# BN 없는 모델은 0.4914, BN 모델은 0.9640 (seed 0). 같은 큰 lr에서 BN이 없으면 학습이 제대로 되지 않고 BN이 있으면 학습이 된다. 다만 이것은 lr 하나에서의 비교다: 12절의 판정은 모델마다 고른 lr에서 했다.
#
# </details>
#
# **Q6.** "BN은 internal covariate shift를 없애기 때문에 효과가 있다"는 말은 확립된 사실인가?
#
# <details><summary>정답</summary>
#
# 아니다. internal covariate shift는 BN을 제안한 원래 동기이고, BN이 왜 도움이 되는지는 논쟁 중이다. Santurkar et al.(2018)은 loss landscape를 매끄럽게 하는 효과를 근거로 든다. 이 노트북에서 관찰한 것은 효과다: 예를 들어 11절의 sigmoid 신경망에서 BN 모델은 lr 0.1\~8 모두에서 학습되었다 (seed 0).
#
# </details>
#
# **Q7.** 같은 seed로 만든 `BNModel()`과 `BNModel(batch_norm=False)`의 run은 무엇이 같고 무엇이 다른가?
#
# <details><summary>정답</summary>
#
# Linear 가중치의 초기값과 배치 순서가 같고(BN은 초기화에 난수를 쓰지 않는다) BN 층의 유무만 다르다. 그래서 둘의 차이를 BN 때문이라고 말할 수 있다 (판정 규칙이 helps 또는 hurts라고 할 때).
#
# </details>
#
# **Q8.** 배치 크기 2로 학습해야 한다면 BN과 LayerNorm 중 무엇이 알맞은가? 왜 그런가? (14절 출력에서 확인)
#
# <details><summary>정답</summary>
#
# LayerNorm. BN은 train mode에서 feature마다 배치 안의 두 값으로 표준화하므로 출력이 $\pm 1$만 남고, 같은 샘플의 출력이 짝에 따라 달라진다(14절: 짝을 B에서 C로 바꾸자 네 번째 feature가 −1에서 +1로). LN은 샘플마다 자기 feature들로 표준화하므로 배치 크기, 짝, mode와 상관없이 같은 출력을 낸다. (이 노트북에서 두 가지로 학습해 비교하지는 않았다. 문헌(Wu & He 2018, GroupNorm)도 작은 배치에서 BN의 성능이 떨어짐을 보였다.)
#
# </details>
#
# **Q9.** `Linear -> BN -> ReLU -> Dropout(0.5) -> Linear -> BN -> ...` 모델을 학습한 뒤 eval mode로 평가하면 두 번째 BN에서 무슨 일이 생기는가?
#
# <details><summary>정답</summary>
#
# 두 번째 BN의 running_var는 Dropout이 켜진 train mode의 (큰) 분산을 기억하는데, eval mode에서는 Dropout이 꺼져 분산이 작은 값이 들어온다. BN이 그 값을 큰 running_var로 나누므로 출력의 폭이 학습 때보다 작아진다 (15절: p=0.5에서 분산 비 2.47, 출력 표준편차 0.64). variance shift라고 부르고, Dropout을 마지막 BN 뒤에만 두면 피할 수 있다.
#
# </details>
#
# **Q10.** 13절의 그림에서, 학습 후 BN이 없는 모델의 층 3 ReLU 입력은 어떤 모양이었나? BN 모델은?
#
# <details><summary>정답</summary>
#
# BN이 없으면 평균 +1.75, 표준편차 3.96으로 넓게 퍼지고 6.5%가 −8\~8 밖에 있었다. BN 모델은 표준편차 1.32로 1 근처였다. BN이 없으면 층마다 값의 척도가 달라지고, BN이 있으면 비슷한 척도를 유지한다 (seed 하나의 관찰이다).
#
# </details>
