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
# # 02. Dropout
#
# **목표**: Dropout이 학습 중에 무엇을 하는지(노드를 무작위로 끄고 남은 값을 `1/(1-p)`배 키우는 것)를 tensor로 확인하고
# 세 줄짜리 함수로 직접 구현해 `nn.Dropout`과 맞춰 본다. 이때 평균은 지켜지지만 분산은 지켜지지 않는다는 것, eval mode의
# 출력이 여러 "작은 네트워크"의 평균을 근사한다는 것도 tensor로 본다. 그다음 같은 구조의 모델에서 Dropout 비율 `p`만 바꿔 가며
# 여러 seed로 학습해 validation accuracy와 train-validation 차이(gap)가 어떻게 달라지는지 재고,
# 원래 자료의 모델이 출력층(logit)에까지 Dropout을 거는 것이 결과를 어떻게 바꾸는지 확인한다. 마지막으로 train set이
# 작아 overfitting이 뚜렷한 조건에서, [짝지은 실행](glossary.md#paired-runs)과 강좌의 [판정 규칙](glossary.md#decision-rule)(paired bootstrap)으로 Dropout이 실제로 돕는지 판정한다.
#
# **Goal**: see on tensors what Dropout does in training (zero units at random, scale the survivors by `1/(1-p)`),
# write inverted dropout from scratch and check it against `nn.Dropout`; see that it keeps the mean but not the
# variance, and that eval mode approximates the average of the thinned networks. Then sweep the drop rate `p` on one
# architecture with several seeds, reading validation accuracy and the train-validation gap, and show what the
# original material's extra Dropout on the output layer (the logits) does. Finally, on a small training set where
# over-fitting is real, judge with paired runs and the course's decision rule whether dropout helps.

# %% [markdown]
# ## 1. 아이디어
#
# 01 노트북의 큰 모델은 train set을 거의 다 외우면서 validation 성능과의 차이가 벌어졌다
# ([overfitting](glossary.md#overfitting)). **[Dropout](glossary.md#dropout)은** 학습할 때마다 layer의 노드(출력 값)
# 일부를 확률 `p`로 무작위로 0으로 만든다.
#
# - 매 step 다른 노드가 꺼지므로, 모델이 특정 노드 몇 개에만 의존할 수 없다. 여러 노드에 정보를 나눠 담게 된다.
# - 매 step 조금씩 다른 "작은 네트워크"를 학습시키는 셈이라, 여러 모델을 평균 내는 효과([ensemble](glossary.md#ensemble))와 비슷하다
#   (eval mode의 출력이 이 평균의 근사라는 것을 3절 끝에서 tensor로 본다).
# - **평가(추론) 때는 끄고** 모든 노드를 쓴다. PyTorch에서는 모델의 [train mode](glossary.md#train-mode)
#   (`model.train()`)와 [eval mode](glossary.md#eval-mode)(`model.eval()`)가 이것을 정한다.
#
# 이렇게 train set을 외우기 어렵게 만들어 overfitting을 줄이는 기법을 통틀어
# [regularization](glossary.md#regularization)(규제)이라 한다. 03 노트북의 weight decay도 그중 하나다.
#
# 사용법:
# - `nn.Dropout(p)` 객체를 쓴다. `p`는 0으로 만들 비율(drop rate)이고 보통 0.2 \~ 0.5를 쓴다.
#   원래 논문은 같은 글자 `p`를 **남길** 확률로 쓴다 (3절에서 변환한다).
# - 일부를 끄고 싶은 층의 출력 뒤에 넣는다 (예: `Linear → ReLU → Dropout`이면 ReLU를 거친 값의 일부가 꺼진다).

# %%
import inspect
import math

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchinfo

from course_lib import data, epoch, models, plots, report, settings, stats, train

settings.seed_everything(42)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 5  # 원래 자료는 10 epoch. 여기서는 설정 6개 × seed 3개를 돌리므로 5 epoch으로 맞춘다
BATCH_SIZE = 200
SEEDS = [0, 1, 2]

# DATASET ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()

# %% [markdown]
# ## 2. tensor로 보는 `nn.Dropout`
#
# 표준정규분포에서 뽑은 입력을 `Linear(3, 4)`에 넣고, 그 출력에 `Dropout(0.5)`를 적용해 보자.
# 결과가 늘 같도록 `torch.manual_seed`로 난수를 고정한다.

# %%
torch.manual_seed(0)
# 표준정규
a = torch.randn(5, 3)  # (5-데이터수, 3-feature수)
ln = nn.Linear(3, 4)
b = ln(a)  # (5, 4)
do = nn.Dropout(0.5)
c = do(b)

# %%
b  # linear 출력

# %%
c  # dropout 출력 (학습 모드)

# %% [markdown]
# 새로 만든 layer는 학습 모드(`do.training == True`)다. 값의 약 절반이 0이 되었고,
# 살아남은 값은 절댓값이 커졌다. 정확히는 `1 / (1 - p)` = 2배다.
#
# 왜 키울까? 노드의 절반을 끄면 다음 layer로 가는 신호의 합이 평균적으로 절반이 된다.
# 살아남은 값을 `1 / (1 - p)`배 해 두면 **기댓값이 원래 값과 같아서**, 평가 때 Dropout을 꺼도
# 다음 layer가 받는 값의 **평균**이 학습 때와 같다 (평균만 같고 분산은 다르다: 3절 끝). 이 방식을 [inverted dropout](glossary.md#inverted-dropout)이라 한다
# (키우는 일을 평가 때가 아니라 학습 때 하므로 "뒤집힌" dropout).

# %% tags=["nbval-check-output"]
p = do.p
kept = c != 0  # 살아남은 위치
print("학습 모드인가             :", do.training)
print("살아남은 값 = 입력/(1-p)  :", torch.allclose(c[kept], b[kept] / (1 - p)))
print("꺼진 값은 모두 0          :", bool((c[~kept] == 0).all()))

# %% [markdown]
# 평가 모드(`eval()`)에서는 Dropout이 아무것도 하지 않는다: 출력이 입력과 완전히 같다(identity).
# `model.eval()`을 부르면 모델 안의 모든 Dropout layer가 이 상태가 된다.

# %% tags=["nbval-check-output"]
do.eval()
print("학습 모드인가     :", do.training)
print("eval 출력 == 입력 :", torch.equal(do(b), b))
_ = do.train()  # 다시 학습 모드로

# %% [markdown]
# ## 3. Inverted dropout 직접 구현하기
#
# `nn.Dropout`이 하는 일은 세 줄이면 된다. `torch.rand_like(x)`는 x와 같은 모양의 0\~1 균등분포 난수이므로
# `torch.rand_like(x) > p`는 확률 `1 - p`로 True(살림), 확률 `p`로 False(끔)인 mask다.


# %%
def my_dropout(x, p, training=True):
    """inverted dropout: 학습 때 확률 p로 0을 만들고 남은 값을 1/(1-p)배, 평가 때는 그대로."""
    if not training:
        return x
    mask = torch.rand_like(x) > p  # True = 살아남는 위치 (확률 1-p)
    return x * mask / (1 - p)


# %% [markdown]
# 큰 tensor(100만 개, 평균이 약 1.5인 균등분포 값)에 `p = 0.3`으로 `my_dropout`과 `nn.Dropout`을 각각 적용해
# 네 가지를 비교한다: 0이 된 비율, 살아남은 값의 배율, 평균(기댓값), eval mode에서의 출력.

# %%
P = 0.3
torch.manual_seed(0)
x = torch.rand(1000, 1000) + 1.0  # 값은 1~2 (0이 하나도 없다)
torch_dropout = nn.Dropout(P)

ours = my_dropout(x, P)
theirs = torch_dropout(x)

for name, out in [("my_dropout", ours), ("nn.Dropout", theirs)]:
    kept = out != 0
    zero_frac = 1 - kept.float().mean().item()
    scale = (out[kept] / x[kept]).mean().item()
    print(
        f"{name:<10} | 0의 비율 {zero_frac:.4f} (p = {P}) | 살아남은 값의 배율 {scale:.4f} "
        f"(1/(1-p) = {1 / (1 - P):.4f}) | 평균 {out.mean().item():.4f} (원래 {x.mean().item():.4f})"
    )

# %% [markdown]
# 두 함수가 같은 규칙을 따르는지 True/False로 확인한다. 난수(어느 노드가 꺼지는지)는 서로 다르므로 출력이 한 값 한 값
# 같을 수는 없고, **같은 규칙**(비율, 배율, 기댓값, eval mode의 identity)을 따르는지를 본다.


# %% tags=["nbval-check-output"]
def follows_rule(out, x, p):
    """out이 x에 inverted dropout(p)을 적용한 결과처럼 보이는가."""
    kept = out != 0
    return {
        "0의 비율 ≈ p (±0.005)": abs((1 - kept.float().mean().item()) - p) < 0.005,
        "살아남은 값 = x/(1-p)": torch.allclose(out[kept], x[kept] / (1 - p)),
        "평균 ≈ 원래 평균 (±0.5%)": abs(out.mean().item() / x.mean().item() - 1) < 0.005,
    }


for name, out in [("my_dropout", ours), ("nn.Dropout", theirs)]:
    print(name, follows_rule(out, x, P))

torch_dropout.eval()
print(
    "eval mode에서 그대로  : my_dropout",
    torch.equal(x, my_dropout(x, P, training=False)),
    "| nn.Dropout",
    torch.equal(x, torch_dropout(x)),
)

# %% [markdown]
# 직접 만든 세 줄과 `nn.Dropout`이 네 가지 모두 같은 규칙을 따른다. 평균이 원래 평균과 거의 같다는 것이
# 앞에서 말한 "기댓값이 변하지 않는다"의 확인이다 (값 하나하나는 0 아니면 1.43배가 되지만, 평균은 그대로).
#
# **`p`는 끌 확률인가, 남길 확률인가.** 위 출력에서 `nn.Dropout(0.3)`은 값의 30.02%(비율 0.3002)를 0으로 만들었다:
# PyTorch의 `p`는 노드를 **끌** 확률이다. Dropout을 자세히 정리한 논문(Srivastava et al., 2014, "Dropout: A Simple Way to
# Prevent Neural Networks from Overfitting". 처음 제안은 Hinton et al., 2012)은 같은 글자 `p`를 노드를 **남길**
# 확률(retain probability)로 쓴다. 그래서 논문의 `p`는 PyTorch의 `1 - p`다: 논문의 `p = 0.7`이 `nn.Dropout(0.3)`(위 출력에서 남은 비율 1 − 0.3002 ≈ 0.70)이고, 논문이
# 입력층에 흔히 쓰는 `p = 0.8`은 `nn.Dropout(0.2)`다. 논문이나 다른 코드에서 값을 옮겨 올 때는 어느 쪽 `p`인지 먼저 본다.
#
# **평균은 지키지만 분산은 아니다.** inverted dropout이 지키는 것은 평균(기댓값)뿐이다. 값 하나하나가 0 아니면
# `1/(1-p)`배가 되므로 train mode의 출력은 원래 값보다 넓게 흩어진다. 입력의 평균을 μ, 분산을 σ²라 하면 출력의 제곱의
# 기댓값은 `E[x²]/(1-p)`(`E[·]`는 기댓값, 곧 평균)이므로, train mode 출력의 분산은 `(σ² + μ²)/(1-p) − μ²` = `σ²/(1-p) + μ²·p/(1-p)`다.
# 위의 `theirs`(train mode의 `nn.Dropout(0.3)` 출력)와 eval mode 출력(= `x`)으로 확인하자.

# %%
eval_out = torch_dropout(x)  # torch_dropout은 위 셀에서 eval mode가 되었다: 출력 = x
mu, var = x.mean().item(), x.var().item()
print(f"train mode (Dropout 켬) | 평균 {theirs.mean().item():.4f} | 분산 {theirs.var().item():.4f}")
print(f"eval mode  (Dropout 끔) | 평균 {eval_out.mean().item():.4f} | 분산 {eval_out.var().item():.4f}")
print(f"식 σ²/(1-p) + μ²·p/(1-p)  | 분산 {var / (1 - P) + mu**2 * P / (1 - P):.4f}")

# %% [markdown]
# 평균은 1.4995와 1.5003으로 같지만, 분산은 train mode가 1.0836, eval mode가 0.0833으로 약 13배다 (식으로 구한 1.0836과 같다).
# 이 `x`는 평균(1.5)에 비해 흩어짐이 작아서 차이가 특히 크다. 평균이 0인 입력이라도 분산은 `1/(1-p)`배가 된다.
#
# **왜 중요한가: Dropout 뒤의 BatchNorm.** 04 노트북에서 배울 BatchNorm(BN)은 train mode에서 batch의 평균과 분산으로
# 정규화하면서 그 값들의 running 평균을 모아 두고, eval mode에서는 모아 둔 running 통계로 정규화한다. BN 앞에 Dropout이
# 있으면 running 분산은 Dropout이 켜진 train mode의 큰 분산으로 모이는데, eval mode에서는 Dropout이 꺼져 분산이 작은 값이
# 들어온다. 위의 두 출력을 BN(`nn.BatchNorm1d`) 하나에 차례로 넣어 보자 (값 100만 개를 batch 하나로).

# %%
# momentum=None: running 통계 = 지금까지 본 batch들의 단순 평균. double(): 값 100만 개의 분산을 float64로 계산한다
# (float32로 모으면 끝자리가 위 셀의 분산과 조금 달라진다)
bn = nn.BatchNorm1d(1, affine=False, momentum=None).double()
with torch.no_grad():
    # train mode: Dropout이 켜진 출력을 batch 통계로 정규화하며 running 통계를 모은다
    bn_train = bn(theirs.double().reshape(-1, 1))
    bn.eval()
    bn_eval = bn(eval_out.double().reshape(-1, 1))  # eval mode: Dropout이 꺼진 출력을 running 통계로 정규화한다
print(f"BN이 train mode에서 모은 running 분산: {bn.running_var.item():.4f}")
print(f"BN 출력 (train mode) | 평균 {bn_train.mean().item():.4f} | 분산 {bn_train.var().item():.4f}")
print(f"BN 출력 (eval mode)  | 평균 {bn_eval.mean().item():.4f} | 분산 {bn_eval.var().item():.4f}")

# %% [markdown]
# BN은 running 분산으로 1.0836을 모아 두었는데, eval mode에서는 분산이 0.0833인 값이 들어온다. 그래서 BN 출력의 분산이
# train mode의 1.0000에서 eval mode의 0.0769로 줄었다: 다음 layer는 평가 때 학습 때와 전혀 다른 크기의 입력을
# 받는다. 이 어긋남을 [variance shift](glossary.md#variance-shift)라 부른다 (Li et al., 2019, "Understanding the Disharmony between Dropout and Batch
# Normalization by Variance Shift"). 그 논문은 해법으로 Dropout을 모든 BN 뒤(출력층 바로 앞)에만 두는 것과
# 분산이 덜 변하는 Dropout 변형을 제안한다. BN의 train mode와 eval mode(running 통계)는 04 노트북 4절에서, Dropout과 BN
# 사이에 Linear가 있는 실제 블록의 variance shift는 04 노트북 15절에서 잰다.
#
# **eval mode는 ensemble 평균의 근사다.** 노드 n개에 Dropout을 걸면 mask는 2ⁿ가지이고, mask 하나가 노드 일부를 지운
# "얇은 네트워크"(thinned network) 하나다. 원래 논문의 해석으로는 학습이 이 2ⁿ개 네트워크를 가중치를 나눠 쓰며 함께 학습하는
# 것이고, 이상적으로는 그 모두의 예측을 평균해야 한다. 2ⁿ개를 다 돌릴 수는 없으므로 평가 때는 Dropout을 끈 네트워크
# 하나(모든 노드를 쓰고 크기는 기댓값에 맞춘 것)로 대신한다. 논문은 이것을 [weight scaling](glossary.md#weight-scaling)이라 부른다: 논문의 방식은
# 평가 때 다음 층의 가중치에 남길 확률 q(= 1 − `p`)를 곱한다. 연습 문제 2는 같은 일을 Dropout 층의 출력에 하는데, 다음 층이
# Linear이면 W(q·h) = (qW)h라 둘은 같다. inverted dropout은 그 배율을 학습 때 해 두었으므로 eval mode가 아무것도 하지 않는다.
# 노드 8개(mask 2⁸ = 256가지)에 `p = 0.5`를 걸고 `Linear(8, 3)`으로 logit 3개를 만드는 작은 층에서 256개를 모두 돌려 보자.

# %%
torch.manual_seed(0)
head = nn.Linear(8, 3)  # Dropout 뒤의 Linear 하나: logit 3개
h_in = torch.rand(8) + 1.0  # 입력 하나 (노드 8개의 값)
masks = (torch.arange(2**8)[:, None] >> torch.arange(8)) & 1  # 0/1 mask 256개 = 8개 노드를 끄고 남기는 모든 조합
with torch.no_grad():
    thinned = head(h_in * masks / (1 - 0.5))  # 얇은 네트워크 256개의 logit (inverted dropout, p = 0.5)
    full = head(h_in)  # eval mode: Dropout을 끈 네트워크 하나


def fmt(t):
    return "[" + ", ".join(f"{v:.4f}" for v in t.tolist()) + "]"


print(f"얇은 네트워크 {len(masks)}개")
print("logit        | 256개의 평균", fmt(thinned.mean(0)), "| eval mode", fmt(full))
print("softmax 확률 | 256개의 평균", fmt(thinned.softmax(1).mean(0)), "| eval mode", fmt(full.softmax(0)))
print("logit 평균 == eval mode logit:", torch.allclose(thinned.mean(0), full, atol=1e-6))
print("같은 클래스를 고르는가:", thinned.softmax(1).mean(0).argmax().item() == full.argmax().item())
geo = thinned.log_softmax(1).mean(0).softmax(0)  # 기하 평균: log 확률의 평균을 다시 softmax (합이 1이 되게)
print("softmax 확률 | 256개의 기하 평균", fmt(geo))
print("확률의 기하 평균 == eval mode 확률:", torch.allclose(geo, full.softmax(0), atol=1e-6))

# %% [markdown]
# logit의 평균은 eval mode의 logit과 같다 (`True`): Dropout 바로 뒤가 Linear이면 선형이라 평균이 정확히 eval mode의 출력이다.
# 하지만 예측 확률(softmax)의 (산술) 평균 [0.1826, 0.1137, 0.7037]은 eval mode의 [0.1813, 0.0808, 0.7379]와 비슷하지만 같지
# 않다 (둘째 클래스 0.1137 대 0.0808). 여기서는 둘이 같은 클래스를 고른다. 한편 확률의 **기하 평균**(log 확률의 평균을 다시
# softmax한 것) [0.1813, 0.0808, 0.7379]는 eval mode와 정확히 같다 (마지막 줄의 `True`): Dropout 뒤에 층이 Linear 하나뿐이면
# weight scaling은 기하 평균을 정확히 계산한다 (Hinton et al., 2012). Dropout과 softmax 사이에 Linear → ReLU 같은
# 비선형 층이 더 있으면(4절 모델의 hidden 층 Dropout처럼) 이것도 근사가 된다.

# %% [markdown]
# ## 4. DropoutModel
#
# `Linear → ReLU → Dropout` block 4개(784 → 256 → 256 → 128 → 128)와 출력층으로 이루어진 모델이다.
# `drop_rate`로 Dropout 비율을 정한다 (기본 0.5).
#
# 원래 자료의 모델은 **출력층 뒤에도** Dropout을 둔다(`self.output = nn.Sequential(nn.Linear(128, 10), nn.Dropout(p=drop_rate))`).
# 학습 중에 클래스 점수([logit](glossary.md#logit), softmax에 들어가기 전의 값) 10개 중 평균 절반을 0으로 만들고
# 나머지를 2배로 키우는 셈이다. mask는 샘플마다 따로 뽑으므로, 매 batch에서 샘플의 약 절반은 정답 클래스의 logit이 0이 된다.
# 그래서 `course_lib`의 `DropoutModel`에는 `drop_output` 인자를 두었다:
#
# - `DropoutModel(0.5)` = `DropoutModel(0.5, drop_output=True)`: 원래 자료 그대로 (hidden 층 + logit에 Dropout)
# - `DropoutModel(0.5, drop_output=False)`: hidden 층에만 Dropout (출력층 뒤는 `nn.Identity()`)
# - `DropoutModel(0.0)`: 같은 구조에서 Dropout만 뺀 대조군 (`Dropout(p=0)`은 아무것도 끄지 않는다)

# %% tags=["nbval-check-output"]
print(inspect.getsource(models.DropoutModel))

# %% tags=["nbval-check-output"]
settings.seed_everything(42)
d_model = models.DropoutModel()  # drop_rate=0.5(Default), drop_output=True
torchinfo.summary(d_model, (BATCH_SIZE, 1, 28, 28))

# %% [markdown]
# Dropout layer에는 학습할 파라미터가 없다 (`Param #`이 `--`). 그래서 `drop_rate`나 `drop_output`을 바꿔도
# 파라미터 수는 같고, 같은 seed로 만들면 **초기 가중치까지 똑같다**. 확인해 두자.

# %% tags=["nbval-check-output"]
weights = {}
for name, kwargs in [
    ("p=0.0", dict(drop_rate=0.0)),
    ("p=0.5 hidden만", dict(drop_rate=0.5, drop_output=False)),
    ("p=0.5 hidden+logit", dict(drop_rate=0.5)),
]:
    settings.seed_everything(0)
    m = models.DropoutModel(**kwargs)
    weights[name] = m.state_dict()
    print(f"{name:<18} 파라미터 수 {models.count_parameters(m):,}")
ref = weights["p=0.0"]
print("초기 가중치 동일:", all(torch.equal(w[k], ref[k]) for w in weights.values() for k in ref))

# %% [markdown]
# ## 5. 데이터: train / validation / test
#
# 00 노트북에서 정한 대로 60,000장의 학습 이미지를 train 55,000장과
# [validation set](glossary.md#validation-set) 5,000장으로 나눈다. 어떤 `p`가 좋은지, logit dropout이 필요한지 같은
# **모든 선택은 validation으로** 하고, [test set](glossary.md#test-set)(10,000장)은 **어떤 선택에도** 쓰지 않는다:
# 선택이 모두 끝난 뒤 고른 모델을 보고용으로 한 번 잰다 (10절의 미리 정한 두 설정 비교도 같은 원칙을 따른다).
#
# `paired=True`: train loader가 전역 난수가 아니라 **자신의** 난수 생성기로 섞는다 (`fit`이 학습마다 그 run의 seed로 다시
# 시작한다). Dropout mask는 전역 난수를 쓰므로, 이것이 없으면 `p`가 다른 run들은 epoch 2부터 서로 다른 batch 순서를 볼 수 있다.
# 이것이 있으면 같은 seed의 run들은 `p`가 달라도 초기 가중치(4절의 `초기 가중치 동일: True`)뿐 아니라 batch 순서까지 같다.
# 학습에서 짝지어지는 것은 이 두 가지다 (평가는 모두 같은 validation·test 이미지로 한다). 꺼지는 노드(Dropout mask)는 `p`에 따라 다르고, 그것이 바로 비교하려는 차이다.

# %%
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE, paired=True)
len(train_loader.dataset), len(val_loader.dataset), len(test_loader.dataset)


# %% [markdown]
# ## 6. 학습: 같은 구조에서 Dropout 있음 vs 없음
#
# 비교하려면 **다른 조건은 모두 같아야** 한다. 그래서 대조군은 01 노트북의 BigSizeModel(구조가 다른 모델)이 아니라
# **같은 `DropoutModel`에 `drop_rate=0.0`을 준 모델**이다. 먼저 hidden 층에만 Dropout을 거는
# `DropoutModel(0.5, drop_output=False)`와 `DropoutModel(0.0)`을 비교하고, logit dropout은 8절에서 따로 본다.
#
# 한 번의 학습 결과는 초기 가중치와 데이터 순서(= [seed](glossary.md#seed))에 따라 조금씩 달라진다. 그래서 설정마다
# seed 0, 1, 2로 세 번씩 학습하고 평균 ± 표준편차를 본다. 같은 seed의 run들은 `p`가 달라도 초기 가중치와 batch 순서가
# 같다(4절, 5절). 6\~9절의 평균 ± 표준편차 비교는 **대략 읽기**일 뿐이다: helps / hurts / within noise를 정하는
# 강좌의 판정 규칙은 10절에서 배운다.
# 모든 설정이 같은 epoch 수를 쓰도록 `early_stopping=False`로 5 epoch을 모두 학습한다.
#
# `run()`은 seed를 고정하고 **새 모델**을 만들어 학습한 뒤 (History, 학습된 모델)을 돌려준다.


# %%
def run(seed, drop_rate, drop_output=False):
    """seed를 고정하고 새 DropoutModel을 만들어 N_EPOCH 학습한다."""
    # 초기 가중치와 Dropout 난수가 이 seed에서 출발한다 (섞는 순서도: fit이 paired loader를 이 seed로 다시 시작한다)
    settings.seed_everything(seed)
    model = models.DropoutModel(drop_rate, drop_output=drop_output).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    history = train.fit(
        train_loader,
        val_loader,
        model,
        nn.CrossEntropyLoss(),
        optimizer,
        N_EPOCH,
        save_best_model=False,
        early_stopping=False,
        device=device,
        mode="multi",
        verbose=False,
    )
    return history, model


histories = {}  # 설정 이름 -> seed별 History
trained = {}  # 설정 이름 -> seed별 학습된 모델 (마지막 epoch)


def run_config(name, drop_rate, drop_output=False):
    results = [run(seed, drop_rate, drop_output) for seed in SEEDS]
    histories[name] = [h for h, _ in results]
    trained[name] = [m for _, m in results]
    h = histories[name]
    print(
        f"{name:<18} 마지막 epoch val acc {report.fmt_mean_std([x.val_acc[-1] for x in h])} "
        f"| gap {report.fmt_mean_std([x.gap[-1] for x in h], sign=True)}"
    )


run_config("p=0.0", 0.0)
run_config("p=0.5 hidden만", 0.5)

# %% [markdown]
# 학습 곡선을 겹쳐 보자. 선은 seed 3개의 평균, 옅은 띠는 최솟값\~최댓값이다.
# 여기서 train loss/accuracy는 `fit()`이 매 epoch 끝에 **eval mode로**(Dropout을 끄고) train set 전체를 다시 평가한
# 값이다. 그래서 Dropout 모델과 일반 모델의 train 지표를 같은 조건에서 비교할 수 있다.
# gap은 train accuracy − validation accuracy다.

# %%
pair = {k: histories[k] for k in ["p=0.0", "p=0.5 hidden만"]}
fig, axes = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
plots.compare_histories(pair, metric="train_loss", ax=axes[0, 0])
plots.compare_histories(pair, metric="val_loss", ax=axes[0, 1])
plots.compare_histories(pair, metric="val_acc", ax=axes[1, 0])
plots.compare_histories(pair, metric="gap", ax=axes[1, 1], title="train − 검증 정확도 차이 (generalization gap)")
for ax in axes.flat:
    ax.set_xticks(range(1, N_EPOCH + 1))  # epoch 눈금은 정수만
plt.show()

# %% [markdown]
# 위 그래프와 출력(seed 3개의 평균 ± 표준편차)에서 읽을 수 있는 것:
#
# - **gap**: 5 epoch 뒤 train acc − val acc가 `p=0.0`은 약 +0.0158 ± 0.0017, `p=0.5`는 약 +0.0125 ± 0.0007로
#   Dropout 쪽 평균이 작다. 오른쪽 아래 그래프에서 두 gap 모두 대체로 epoch을 따라 커지지만(`p=0.0`은 epoch 4\~5에서 약
#   0.016으로 완만해지고, `p=0.5`는 epoch 2\~3에서 약 0.008에 머물렀다가 epoch 5까지 다시 커진다), Dropout 모델의 곡선이
#   epoch 내내 아래에 있다.
#   대략 읽으면 Dropout이 train set을 외우는 속도를 늦춘 것이다.
# - **대가**: 같은 5 epoch에서 Dropout 모델의 train loss(eval mode로 잰 값)가 더 천천히 내려간다 (약 0.084 vs 0.048).
#   매 step 절반의 노드가 꺼진 채로 학습하고 gradient에 잡음이 섞이기 때문이다. hidden 층에만 Dropout을 걸어도 생기는 대가다.
# - **validation accuracy**: `p=0.5`가 약 0.9635 ± 0.0006으로 `p=0.0`(약 0.9692 ± 0.0013)보다 평균이 약 0.006 낮다
#   (왼쪽 아래 그래프에서도 평균 곡선이 epoch 내내 아래에 있다). 대략 읽으면 이 조건에서는 hidden 층 Dropout 0.5가 validation
#   accuracy를 조금 낮추는 쪽이다. 다만 평균 ± 표준편차로 읽은 것이라 "hurts"라는 판정은 아니다.
# - 5 epoch 안에서는 `p=0.0`의 validation loss도 아직 내려가고 있다 (오른쪽 위). gap이 벌어져도 validation loss가 다시
#   올라가는 단계(01 노트북의 overfitting)까지는 가지 않았다는 뜻이다. Dropout의 이득이 분명해지는 조건(train set이 작을 때)은 10절에서 본다.

# %% [markdown]
# ## 7. Dropout 비율 sweep
#
# `p`를 0, 0.2, 0.3, 0.5, 0.7로 바꿔 가며 같은 구조(`DropoutModel(p, drop_output=False)`), 같은 seed 3개,
# 같은 5 epoch으로 학습한다. 0과 0.5는 위에서 이미 학습했으므로 나머지 세 값만 새로 돌린다.
# (6절과 같은 `DropoutModel`로 sweep해야 6절의 두 설정을 그대로 다시 쓸 수 있다. `p` 하나가 seed 3개 × 5 epoch = 15 epoch의
# 학습이라 `p`는 다섯 개로 정했다.)

# %%
DROP_RATES = [0.0, 0.2, 0.3, 0.5, 0.7]
rate_names = {0.0: "p=0.0", 0.5: "p=0.5 hidden만"}
for p_ in DROP_RATES:
    if p_ not in rate_names:
        rate_names[p_] = f"p={p_} hidden만"
        run_config(rate_names[p_], p_)

# %%
final_val = [[h.val_acc[-1] for h in histories[rate_names[p_]]] for p_ in DROP_RATES]
final_gap = [[h.gap[-1] for h in histories[rate_names[p_]]] for p_ in DROP_RATES]
final_train_loss = [[h.train_loss[-1] for h in histories[rate_names[p_]]] for p_ in DROP_RATES]

fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
plots.plot_sweep(
    DROP_RATES,
    final_val,
    ax=axes[0],
    xlabel="drop rate p",
    ylabel="검증 정확도 (validation accuracy)",
    title="검증 정확도 (마지막 epoch)",
)
plots.plot_sweep(
    DROP_RATES,
    final_gap,
    ax=axes[1],
    xlabel="drop rate p",
    ylabel="train − 검증 정확도 (gap)",
    title="train − 검증 정확도 차이 (generalization gap, 마지막 epoch)",
)
axes[1].axhline(0, color="gray", lw=0.8)
plt.show()

print(f"{'p':>4} | {'val acc (마지막 epoch)':<22} | {'gap (train−val acc)':<22} | train loss (eval mode)")
for p_, v, g, tl in zip(DROP_RATES, final_val, final_gap, final_train_loss, strict=True):
    print(
        f"{p_:>4} | {report.fmt_mean_std(v):<22} | {report.fmt_mean_std(g, sign=True):<22} | {report.fmt_mean_std(tl)}"
    )

# %% [markdown]
# 위 표(seed 3개의 평균 ± 표준편차)와 그래프(점 = seed 하나)에서:
#
# - **gap은 대체로 `p`가 클수록 작아진다**: 약 +0.0158(`p=0.0`) → +0.0147(0.2) → +0.0155(0.3) → +0.0125(0.5) → +0.0095(0.7).
#   0.0\~0.3에서는 거의 같고(0.3이 0.2보다 오히려 크다), 0.5와 0.7에서 평균이 눈에 띄게 작아진다.
# - **validation accuracy는 `p=0.3`까지 비슷하다**: `p=0.2`가 약 0.9721 ± 0.0013으로 가장 높고,
#   `p=0.0`(약 0.9692 ± 0.0013), `p=0.3`(약 0.9690 ± 0.0010)보다 평균이 약 0.003 높다. 평균 ± 표준편차로 읽은
#   대략적인 차이일 뿐, 판정 규칙으로 확인한 차이는 아니다.
#   `p=0.5`(약 0.9635)는 0.2보다 약 0.009, `p=0.7`(약 0.9408)은 약 0.03 낮아, 대략 읽어도 눈에 띄게 낮다.
# - `p=0.7`은 gap이 가장 작지만 train loss(약 0.19)도 가장 높다: 외우지 못하는 것이 아니라 **배우지 못하는** 상태(underfitting)다.
#   gap이 작다는 것만으로 좋은 모델이라고 할 수 없다. validation accuracy와 함께 읽어야 한다.
# - 정리하면, 이 모델과 5 epoch에서는 원래 자료가 권하는 범위의 아래쪽(0.2\~0.3)이 무난하고, 0.5 이상은 학습을 너무 늦춘다.
# - 다만 이 순위는 **5 epoch 끝**의 정확도로 매긴 것이다. 6절 그래프에서 두 설정(`p=0.0`, `p=0.5`) 모두 epoch 5에도
#   validation accuracy가 오르고 있었고, 5 epoch 끝의 train loss는 `p=0.3`부터 `p`가 클수록 높았다(위 표: 0.0529 → 0.0844
#   → 0.1891). 그러니 더 오래 학습하면 순위가 바뀔 수 있다 (재 보지는 않았다. train set, 모델, batch 크기, epoch 수가 다른 10절의
#   조건에서는 `p=0.5`의 best epoch(12, 9, 8)이 `p=0`(7, 5, 6)보다 늦었다).

# %% [markdown]
# ## 8. 출력층(logit)에도 Dropout을 걸면
#
# 이제 원래 자료 그대로인 `DropoutModel(0.5)`(hidden 층 + logit에 Dropout)를 같은 seed 3개로 학습해
# `DropoutModel(0.5, drop_output=False)`와 비교한다. 두 모델의 차이는 **출력층 뒤 Dropout 하나뿐**이다.

# %%
run_config("p=0.5 hidden+logit", 0.5, drop_output=True)

# %%
trio = {k: histories[k] for k in ["p=0.0", "p=0.5 hidden만", "p=0.5 hidden+logit"]}
fig, axes = plt.subplots(1, 3, figsize=(16, 4), layout="constrained")
plots.compare_histories(trio, metric="train_loss", ax=axes[0])
plots.compare_histories(trio, metric="train_acc", ax=axes[1])
plots.compare_histories(trio, metric="val_acc", ax=axes[2])
for ax in axes:
    ax.set_xticks(range(1, N_EPOCH + 1))  # epoch 눈금은 정수만
plt.show()

print(f"{'설정':<18} | {'train loss (eval mode)':<22} | {'train acc':<22} | {'val acc':<22} | epoch 1 val acc")
for name, hs in trio.items():
    print(
        f"{name:<18} | {report.fmt_mean_std([h.train_loss[-1] for h in hs]):<22} "
        f"| {report.fmt_mean_std([h.train_acc[-1] for h in hs]):<22} "
        f"| {report.fmt_mean_std([h.val_acc[-1] for h in hs]):<22} "
        f"| {report.fmt_mean_std([h.val_acc[0] for h in hs])}"
    )

# %% [markdown]
# 위 train loss는 eval mode(Dropout을 끈 상태)로 잰 값이다. 학습하는 동안 optimizer가 실제로 줄이는 loss는
# **train mode**(Dropout이 켜진 상태)의 loss다. 학습이 끝난 seed 0 모델들로 train set 앞 5,000장에서 두 mode의 loss를
# 재 보자 (train mode는 난수에 따라 달라지므로 5번 재서 평균).

# %%
loss_fn = nn.CrossEntropyLoss()
X_part = train_loader.dataset.data[:5000].to(device)
y_part = train_loader.dataset.targets[:5000].to(device)


@torch.no_grad()
def loss_in_mode(model, training, repeats=5):
    model.train(training)
    losses = [loss_fn(model(X_part), y_part).item() for _ in range(repeats if training else 1)]
    model.eval()
    return sum(losses) / len(losses)


for name in trio:
    m = trained[name][0]
    print(f"{name:<18} loss: train mode {loss_in_mode(m, True):.4f} | eval mode {loss_in_mode(m, False):.4f}")

# %% [markdown]
# **logit dropout이라는 교란 요인(confound).** 위 표에서 원래 자료 그대로인 `p=0.5 hidden+logit`은
# hidden 층에만 Dropout을 건 같은 모델보다 모든 지표의 평균이 나쁘다 (seed 3개의 평균 ± 표준편차):
#
# - train loss(eval mode) 약 0.127 ± 0.005 vs 0.084 ± 0.001, train acc 약 0.970 vs 0.976: train set도 더 천천히 배운다.
# - validation accuracy는 epoch 1에서 약 0.921 vs 0.933으로 평균이 약 0.012 낮다. 5 epoch 뒤에는
#   약 0.9594 ± 0.0020 vs 0.9635 ± 0.0006으로 차이가 약 0.004로 줄지만 평균은 여전히 낮다 (대략 읽기).
# - 바로 위 출력(seed 0 모델)에서 optimizer가 실제로 줄이는 train mode loss는 hidden만일 때 약 0.16, logit까지 끄면 약 0.98로,
#   eval mode loss(약 0.08, 0.13)와 크게 다르다. 샘플마다 logit의 약 절반이 0이 되고 나머지가 2배가 되므로(정답 클래스의
#   logit도 절반의 샘플에서 0), 모델은 아무리 잘 맞혀도 줄일 수 없는 큰 잡음을 안고 학습한다 (얼마나 큰지는 아래에서 잰다).
#
# 그러니 원래 자료의 `DropoutModel(0.5)`가 Dropout 없는 모델보다 느리게 배우는 것을 보고 "Dropout은 학습을 느리게 한다"고만
# 말하면 두 원인을 섞는 셈이다. 평균으로 보면 늦어짐의 일부(train loss 0.048 → 0.084)는 hidden 층 Dropout 때문이고,
# 나머지(0.084 → 0.127)는 출력층 뒤 Dropout 때문이다. gap도 `hidden+logit`이 약 +0.011로 평균이 더 작지만, 이것은
# train accuracy가 낮아서이지 validation이 좋아져서가 아니다. 분류 모델에서는 보통 **출력층(logit) 뒤에는 Dropout을 두지 않는다**.
#
# **줄일 수 없는 loss의 바닥.** logit에 Dropout(0.5)가 있으면 완벽한 모델도 train mode loss를 0으로 만들 수 없다. 정답 logit은
# 아주 크게(+20), 나머지 9개는 아주 작게(−20) 내는 모델을 생각하자 (eval mode loss는 거의 0).
#
# - 정답 logit이 살아남으면(확률 ½) 2배가 되어 여전히 가장 크므로 loss는 거의 0이다.
# - 정답 logit이 꺼지면(확률 ½) 정답 logit은 0, 함께 꺼진 오답 logit K개도 0, 살아남은 오답 logit은 −40이 된다. softmax는
#   0인 logit 1 + K개에 확률을 똑같이 나누므로 정답 확률은 1/(1 + K), loss는 ln(1 + K)다.
# - K는 오답 9개 중 꺼진 개수다. 오답 9개가 저마다 확률 ½로 꺼지므로, 동전 9개를 던져 앞면이 나온 수처럼 K는
#   이항분포 Bin(9, ½)을 따른다. 그래서 바닥은 ½·E[ln(1 + K)]다. 어떤 logit을 내도 정답이 꺼진
#   샘플의 loss는 ln(1 + K)보다 작아질 수 없으므로, 이것은 모든 모델의 하한이다.
#
# 식으로 구한 값과, 완벽한 logit 10만 개에 `nn.Dropout(0.5)`를 실제로 걸어 잰 loss를 비교하자.

# %%
K = torch.arange(10.0)  # 정답 logit이 꺼졌을 때 함께 꺼진 오답 logit의 수 K = 0, 1, ..., 9
pmf = torch.tensor([math.comb(9, k) for k in range(10)]) / 2**9  # P(K = k), K ~ Bin(9, ½)
floor = 0.5 * (pmf * torch.log1p(K)).sum().item()

perfect = torch.full((100_000, 10), -20.0)  # 샘플 10만 개의 logit: 오답 −20
perfect[:, 0] = 20.0  # 정답(클래스 0)은 +20
target = torch.zeros(100_000, dtype=torch.long)
with torch.random.fork_rng():  # 아래 셀들이 쓰는 전역 난수를 바꾸지 않는다
    torch.manual_seed(0)
    dropped = nn.Dropout(0.5)(perfect)  # 새 layer는 train mode
print(f"완벽한 logit의 loss | eval mode {loss_fn(perfect, target).item():.4f}", end=" ")
print(f"| train mode {loss_fn(dropped, target).item():.4f}")
print(f"식 ½·E[ln(1 + K)]   | {floor:.4f}")

# %% [markdown]
# 바닥은 0.8312이고, `nn.Dropout(0.5)`로 직접 잰 완벽한 logit의 train mode loss(0.8277)도 그 근처다 (10만 개로 잰 값이라 조금
# 흔들린다). 앞의 `loss_in_mode` 출력에서 seed 0의 `hidden+logit` 모델의 train mode loss는 0.9840이었다: 그중 약 0.83은 어떤 모델도 줄일 수
# 없는 몫이고, 바닥보다 높은 부분은 약 0.15뿐이다. optimizer가 보는 train mode loss의 대부분(0.83/0.98)이 logit dropout이
# 만든, 어떤 모델도 줄일 수 없는 몫이다.

# %% [markdown]
# ## 9. 최종 모델 고르기와 test set 평가 (한 번)
#
# 지금까지 학습한 설정 6개(sweep 5개 + logit dropout 1개) 중 **validation accuracy**(마지막 epoch, seed 3개 평균)가
# 가장 높은 설정을 고른다. 6\~8절의 설정들 가운데 test set은 여기서 고른 설정의 모델(seed 3개)에만, 이 한 번만 쓴다.
# 다른 설정들의 test 성능은 재지 않는다: test 점수를 보고 설정을 고르면 test set이 또 하나의 validation set이 되어,
# 새 데이터에서의 성능을 더 이상 정직하게 추정하지 못한다.

# %%
mean_val = {name: report.mean_std([h.val_acc[-1] for h in hs])[0] for name, hs in histories.items()}
chosen = max(mean_val, key=mean_val.get)
print(
    "validation으로 고른 설정:", chosen, f"(val acc {report.fmt_mean_std([h.val_acc[-1] for h in histories[chosen]])})"
)

test_acc = [train.evaluate(test_loader, m, loss_fn, device=device)[1] for m in trained[chosen]]
print("test acc (seed 3개):", report.fmt_mean_std(test_acc))

# %% [markdown]
# validation으로 고른 설정은 `p=0.2 hidden만`이었다 (다만 7절에서 본 대로 `p=0.0`, `p=0.3`과의 차이 약 0.003은
# 평균 ± 표준편차로 대략 읽은 것이지, 판정 규칙으로 확인한 차이가 아니다). 이 설정의 모델 3개는 test set에서
# 약 0.9756 ± 0.0002의 정확도를 보였다. 이 숫자가 "고른 모델이 처음 보는 데이터에서 낼 성능"의 추정이다. (test와 validation의 정확도가 조금 다른 것은 두 집합이 다른 이미지이기 때문이고, test 점수를 보고
# 다시 설정을 바꾸지는 않는다.)

# %% [markdown]
# ## 10. 데이터가 적을 때: Dropout이 분명히 돕는 조건
#
# 6\~9절에서 Dropout은 `p=0.5` 이상에서 gap의 평균을 줄였지만 validation accuracy는 뚜렷이 좋아지지 않았다 (`p=0.2`가 평균으로 약 0.003
# 높았을 뿐이고, `p=0.5`는 오히려 평균이 낮았다). 55,000장으로 5 epoch 학습한 모델은 validation loss가 아직 내려가는
# 중이라, **막을 overfitting이 거의 없었기** 때문이다. 데이터가 많다는 것이 이미 가장 강한 규제다 (데이터를 더 모으는
# 것이 overfitting의 첫 번째 처방이다). 그래서 overfitting이 뚜렷한 조건을 일부러 만든다.
#
# - **train set 2,000장**: 55,000장의 train split에서 클래스마다 200장씩 (`load_mnist_splits(..., train_size=2000)`,
#   분할 seed 0으로 고정: 세 seed의 실행 모두 같은 2,000장). validation 5,000장과 test 10,000장은 그대로다.
# - **넓은 MLP** 784-512-512-10 (`models.MLP((512, 512), drop_rate=p)`), AdamW(lr 0.001, weight decay 0), batch 100,
#   **40 epoch**. early stopping 없이 끝까지 학습하고, `restore_best=True`로 validation loss가 가장 낮은 epoch의 가중치를 고른다.
# - **짝지은 비교(paired runs)**: 대조(`p=0`)와 처치(`p=0.5`)를 같은 seed로 돌린다. `paired=True`인 loader는 자신의 난수
#   생성기로 섞어서, Dropout이 전역 난수를 얼마나 쓰든 두 실행이 **같은 batch를 같은 순서로** 본다. 초기 가중치도 같다
#   (Dropout 층에는 파라미터가 없다: 아래 출력의 `초기 가중치가 같은가: True`). 그래서 두 실행의 차이는 Dropout 하나뿐이다.
#   (6\~9절의 55,000장 loader도 5절에서 `paired=True`로 만들었으므로, 거기서도 같은 seed의 run들은 같은 batch 순서를
#   보았다. 10절이 다른 점은 그 짝을 평균 ± 표준편차로 대략 읽지 않고, 아래의 판정 규칙으로 판정한다는 것이다.)
#
# 10절은 9절과 별개의 실험이다. 비교할 두 설정(`p=0`, `p=0.5`)은 미리 정해 두었고, test 결과를 보고 아무것도 바꾸지 않는다.

# %%
SMALL_TRAIN, SMALL_EPOCHS, SMALL_BATCH = 2000, 40, 100
small_train, _, _ = data.load_mnist_splits(DATASET_ROOT_PATH, SMALL_BATCH, train_size=SMALL_TRAIN, paired=True)
print(f"train {len(small_train.dataset):,}장, 클래스별 {torch.bincount(small_train.dataset.targets).tolist()}")
print(f"validation {len(val_loader.dataset):,}장, test {len(test_loader.dataset):,}장 (5절과 같은 이미지)")

settings.seed_everything(0)
plain = models.MLP((512, 512), drop_rate=0.0)
settings.seed_everything(0)
dropped = models.MLP((512, 512), drop_rate=0.5)
print(
    "같은 seed의 두 모델은 초기 가중치가 같은가:",
    all(torch.equal(a, b) for a, b in zip(plain.parameters(), dropped.parameters(), strict=True)),
)


# %%
def run_small(seed, drop_rate):
    """작은 train set으로 학습하고 (History, validation 정답 여부, test 정답 여부)를 돌려준다 (best epoch의 모델)."""
    settings.seed_everything(seed)
    model = models.MLP((512, 512), drop_rate=drop_rate).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.0)
    history = train.fit(
        small_train,
        val_loader,
        model,
        nn.CrossEntropyLoss(),
        optimizer,
        SMALL_EPOCHS,
        save_best_model=False,
        early_stopping=False,
        restore_best=True,  # 끝나면 validation loss가 가장 낮았던 epoch의 가중치로
        device=device,
        verbose=False,
    )
    # 이미지마다 맞혔는지: 두 실행을 같은 이미지끼리 짝지어 비교하는 데 쓴다
    return history, epoch.correct_per_sample(val_loader, model), epoch.correct_per_sample(test_loader, model)


small = {p_: [run_small(seed, p_) for seed in SEEDS] for p_ in (0.0, 0.5)}
for p_, runs in small.items():
    print(
        f"p={p_}: best epoch {[h.best_epoch for h, _, _ in runs]} "
        f"| 최저 val loss {report.fmt_mean_std([h.best_val_loss for h, _, _ in runs])} "
        f"| 마지막 epoch val loss {report.fmt_mean_std([h.val_loss[-1] for h, _, _ in runs])} "
        f"| 고른 모델 val acc {report.fmt_mean_std([v.float().mean().item() for _, v, _ in runs])}"
        f" | 마지막 epoch val acc {report.fmt_mean_std([h.val_acc[-1] for h, _, _ in runs])}"
    )

# %%
small_histories = {f"p={p_} (train 2,000장)": [h for h, _, _ in runs] for p_, runs in small.items()}
fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
plots.compare_histories(small_histories, metric="val_loss", ax=axes[0], title="검증 loss (validation): train 2,000장")
plots.compare_histories(
    small_histories, metric="gap", ax=axes[1], title="train − 검증 정확도 차이 (gap): train 2,000장"
)
plt.show()

# %% [markdown]
# 그래프를 읽기 전에 판정 규칙 하나를 정한다. 이 강좌가 helps / hurts / within noise 판정을 내릴 때 쓰는 규칙이다
# (`course_lib/stats.py`의 `paired_bootstrap`; 6\~9절의 평균 ± 표준편차 비교는 대략 읽기일 뿐이다).
#
# - 고른 모델들이 **이미지마다** 맞혔는지를 모은다 (seed × 이미지 표, `epoch.correct_per_sample`).
# - 정확도 차이(처치 − 대조)의 불확실성에는 두 가지가 있다: 다른 seed로 다시 돌리면 달라지는 것, 그리고 평가 이미지가
#   가능한 손글씨 전체의 한 표본일 뿐이라는 것 (모델 하나의 정확도가 90%이면 5,000장에서 표준오차는 약 0.4%p. 두 모델을
#   같은 이미지로 짝지으면 둘 다 맞히거나 둘 다 틀린 이미지는 차이에 기여하지 않아, 차이의 표준오차는 그보다 작다).
# - 그래서 **seed와 이미지를 둘 다 복원 추출**([bootstrap](glossary.md#bootstrap))해 차이의 95% 구간을 구한다. 같은 seed의 두 실행, 같은 이미지의 두
#   결과는 언제나 함께 뽑는다(짝지은 bootstrap). 구간은 seed와 평가 이미지를 새로 뽑아 실험을 되풀이할 때 차이가 흩어질
#   범위의 추정이다. 구간이 0보다 위면 "helps", 아래면 "hurts", 0을 포함하면 "within noise". seed가 3개뿐이라 seed 쪽
#   흔들림은 거칠게만 잡힌다: 판정이 아슬아슬하면 seed를 늘린다.
#
# validation으로 판정하고, test로 같은 판정이 새 이미지에서도 나오는지 확인한다. best epoch도 같은 validation 이미지로
# 골랐으므로 validation 판정은 조금 낙관적일 수 있다(00 노트북의 selection bias): 아무것도 고르는 데 쓰지 않은 test의
# 판정이 정직한 확인이다.

# %%
val_cmp = stats.paired_bootstrap(torch.stack([v for _, v, _ in small[0.0]]), torch.stack([v for _, v, _ in small[0.5]]))
test_cmp = stats.paired_bootstrap(
    torch.stack([t for _, _, t in small[0.0]]), torch.stack([t for _, _, t in small[0.5]])
)
print("Dropout 0.5 − 대조, validation:", val_cmp)
print("Dropout 0.5 − 대조, test      :", test_cmp)
regime = {"train_images": SMALL_TRAIN, "epochs": SMALL_EPOCHS, "model": "MLP 784-512-512-10, AdamW 1e-3"}
_ = report.save_comparisons(
    [report.comparison_record("02", "dropout 0.5", regime, "p=0", "p=0.5", SEEDS, val_cmp, test_cmp)]
)

# %% [markdown]
# **overfitting이 보인다.** `p=0`의 validation loss는 epoch 5\~7에서 가장 낮고(seed 3개의 best epoch 7, 5, 6; 최저
# 0.3514 ± 0.0028) 그 뒤로 조금씩 오르내리면서도 거의 꾸준히 올라 epoch 40에는 0.4994 ± 0.0114다. 01 노트북의 정의 그대로, train set 2,000장을
# 외우는 동안 새 이미지에서의 **validation loss**가 나빠진다(맞힌 개수가 그대로이거나 늘어도 틀리는 이미지를 더 자신 있게 틀리면 loss는 커진다. 여기서 확신의 정도를 직접 잰 것은 아니다). 정확도는 loss와
# 같이 움직이지 않는다: 위 출력에서 `p=0`의 마지막 epoch val acc(0.9141 ± 0.0012)는 validation loss로 고른 모델의 val acc
# (0.9021 ± 0.0043)보다 오히려 높다(`p=0.5`도 0.9235 ± 0.0016 대 0.9103 ± 0.0032). 어느 지표로 epoch을 고르느냐가 결과를
# 바꾼다는 뜻이고, 아래 판정은 validation loss로 고른 모델끼리의 비교다.
#
# `p=0.5`는 더 늦게(best epoch 12, 9, 8), 더 낮은 곳(0.3103 ± 0.0066)까지 내려가고, 마지막에도 0.3942 ± 0.0196으로
# 덜 올라간다. gap(오른쪽)도 Dropout 쪽이 epoch 내내 작다.
#
# **판정.** seed마다 best epoch의 모델끼리 비교하면 Dropout 0.5가 validation accuracy를 +0.83%p(95% 구간 +0.35 \~ +1.31)
# 올린다: 구간이 0보다 위이므로 **helps**. 고르는 데 쓰지 않은 test set(10,000장)에서도 +0.68%p(+0.36 \~ +1.00)로
# **helps**다. 55,000장에서 `p=0.5`는 대략 읽어도 이득이 보이지 않았는데(오히려 평균이 낮았다), 같은 `p=0.5`가
# 이 조건(2,000장, 넓은 MLP, 40 epoch, best epoch 선택)에서는 분명히 돕는다. 다만 6\~9절과 달라진 것이 데이터 크기만은
# 아니므로(모델, epoch 수, batch 크기, 고르는 방법도 다르다. optimizer는 AdamW이지만 weight decay가 0이라 6절의 Adam과 같은 update다), '데이터 크기만의 효과'라고까지 말할 수는 없다.
# 이 판정은 `results/comparisons.json`에 저장되고, `make course`가 `results/summary.md`의 비교표에 모은다.
# 여기서는 규칙의 단계를 한 줄씩 보였다. 03\~07 노트북은 같은 일(validation과 test에 규칙 적용, 출력, record 만들기)을
# `report.compare_paired` 한 번으로 한다.

# %% [markdown]
# ## 관찰 포인트
#
# - `nn.Dropout(p)`는 train mode에서 값의 약 `p` 비율을 0으로 만들고, 남은 값을 `1/(1-p)`배 한다 (inverted dropout).
#   그래서 기댓값이 변하지 않고, eval mode에서는 입력을 그대로 내보낸다. 세 줄로 직접 구현할 수 있다.
#   PyTorch의 `p`는 끌 확률, 원래 논문의 `p`는 남길 확률이다 (논문의 `p` = 1 − PyTorch의 `p`).
# - 지켜지는 것은 평균뿐이다: train mode 출력의 분산은 eval mode보다 크다 (3절: eval mode 0.0833, train mode 1.0836). Dropout 뒤에 BN이 있으면
#   BN이 train mode에서 모은 running 분산이 eval mode의 입력과 어긋난다 (variance shift, 04 노트북에서 BN을 배운다).
# - eval mode의 출력은 얇은 네트워크 2ⁿ개의 평균을 네트워크 하나로 대신하는 근사다 (weight scaling). Dropout 바로 뒤
#   Linear의 logit 평균은 정확히 같고, softmax를 거친 확률의 (산술) 평균은 비슷하지만 같지 않다. Dropout 뒤가 Linear 하나뿐이면
#   확률의 기하 평균은 eval mode와 정확히 같다.
# - 그래서 **평가 전에 `model.eval()`을 반드시** 불러야 한다 (`fit()`과 `train.evaluate()`는 알아서 부른다).
# - Dropout의 효과는 같은 구조에서 `p`만 바꾼 대조군(`DropoutModel(0.0)`)과 여러 seed로 비교해야 읽을 수 있다.
# - hidden 층 Dropout은 `p=0.5` 이상에서 gap의 평균을 줄이고 train set을 배우는 속도를 늦춘다 (0.2\~0.3에서는 gap도 train loss도
#   `p=0.0`과 거의 같다. 모두 대략 읽기). 5 epoch 실험에서는
#   `p=0.2`가 validation accuracy의 평균이 가장 높았지만 `p=0.0`, `0.3`과의 차이(약 0.003)는 대략 읽은 것일 뿐이고,
#   `p=0.5`는 평균이 더 낮았으며, `p=0.7`은 underfitting이었다. 5 epoch 끝에서 매긴 순위라, 천천히 배우는 큰 `p`에 불리할 수 있다 (재 보지 않았다).
# - train set이 2,000장이면 Dropout이 없는 모델의 validation loss가 epoch 5\~7 뒤로 올라가고(overfitting), 같은 seed로
#   짝지은 비교에서 Dropout 0.5가 validation과 test 정확도를 모두 올린다 (강좌의 판정 규칙으로 helps, 10절).
# - 원래 자료의 모델은 logit에도 Dropout을 건다. 그 모델의 느린 학습(높은 train loss, 낮은 train accuracy)의 일부는
#   hidden 층 Dropout이 아니라 logit dropout 때문이다. 기법의 효과를 말하려면 **그 기법 하나만 다른** 대조군과 비교해야 한다.
#   logit dropout(0.5)가 있으면 어떤 모델도 train mode loss가 약 0.83(½·E[ln(1 + K)], K는 Bin(9, ½)을 따른다) 아래로 내려가지 않는다.

# %% [markdown]
# ## 연습 문제
#
# 풀이: [solutions/02_dropout_solutions.ipynb](solutions/02_dropout_solutions.ipynb)
#
# 문제마다 아래 코드 셀의 `...`(또는 `# TODO`)를 채우고 실행하면, 마지막 줄의 `qN.check(...)`가 정답인지, 틀렸다면 무엇이
# 틀렸는지 알려 준다. 막히면 `q1.hint()`, 더 자세한 힌트는 `q1.hint(2)`, 다 풀었으면 `q1.solution()`으로 풀이와 비교한다.

# %%
from course_lib.exercises.lesson02 import q1, q2, q3, q4

# %% [markdown]
# **1. 출력층 Dropout만 없앤 모델을 직접 만들기 (같은 조건이란?)**
# 원래 자료의 `DropoutModel(0.5)`에서 출력층 뒤 Dropout만 없애려면 `model.output[1] = nn.Identity()`로 바꾸면 된다.
# 위에서 **이미 학습한** `trained['p=0.5 hidden+logit'][0]`의 출력층을 바꿔 이어서 학습하면 `DropoutModel(0.5, drop_output=False)`와
# "같은 조건"의 비교가 될까? 같은 seed로 **새** `DropoutModel(0.5)`를 만들어 `output[1]`을 바꾼 모델과
# `DropoutModel(0.5, drop_output=False)`를 각각 1 epoch 학습해, 학습된 가중치가 같은지 확인하라.
#
# 아래 셀에서는 그 모델을 만드는 함수 `patched_model()`을 완성한다. `q1.check`는 이 함수를 seed 0으로 불러, seed 0으로 만든
# `DropoutModel(0.5, drop_output=False)`와 구조와 초기 가중치를 비교한다. 통과하면 힌트대로 두 모델을 같은 seed로 1 epoch씩
# 학습해 `state_dict()`도 비교해 보라.
#
# 기대 결과: 새로 만든 두 모델은 초기 가중치, 데이터 순서, Dropout 난수가 모두 같아 1 epoch 뒤 가중치가 **완전히 같다**
# (`True`). 이미 학습된 모델을 고쳐 쓰면 출발점이 달라 같은 조건이 아니다.


# %%
def patched_model():
    """새 DropoutModel(0.5)를 만들고 출력층 뒤 Dropout만 없애 돌려준다."""
    model = ...  # TODO: 원래 자료 그대로인 모델을 새로 만든다
    ...  # TODO: 출력층 뒤 Dropout만 nn.Identity()로 바꾼다
    return model


q1.check(patched_model)

# %% [markdown]
# **2. Inverted가 아닌 dropout**
# 원래 Dropout 논문의 방식은 학습 때 값을 키우지 않고(`x * mask`), 평가 때 출력에 `(1 - p)`를 곱한다
# (논문은 `p`를 남길 확률로 쓰므로 "평가 때 `p`를 곱한다"고 적는다. 여기의 `p`는 `nn.Dropout`처럼 끌 확률이다: 3절).
# 이 `vanilla_dropout(x, p, training)`을 만들어 3절의 큰 tensor로 train mode 평균과 eval mode 평균을 비교하라.
# 학습은 vanilla 방식으로 하고 평가 때 깜빡 `(1 - p)`를 곱하지 않으면 무슨 일이 생기는가?
#
# `q2.check`는 만든 함수를 큰 tensor에 적용해 0이 된 비율, 살아남은 값, eval mode의 출력을 손 계산(`x * mask`, `x * (1 - p)`)과 비교한다.
#
# 기대 결과: vanilla 방식은 train mode 평균이 원래의 약 `1-p`배, eval mode 출력도 `(1-p)`배라 둘이 맞는다.
# 평가 때 `(1-p)`를 빼먹으면 다음 layer가 학습 때보다 약 `1/(1-p)`배 큰 값을 받는다. inverted dropout은 이 보정을
# 학습 쪽에서 해 두므로 평가 코드가 아무것도 할 필요가 없다.


# %%
def vanilla_dropout(x, p, training=True):
    """원래 논문의 방식: 학습 때는 확률 p로 0을 만들기만 하고(키우지 않음), 평가 때 모든 값에 (1-p)를 곱한다."""
    if not training:
        return ...  # TODO: 평가 때의 출력
    ...  # TODO: 확률 1-p로 True(살아남음)인 mask를 만든다
    return ...  # TODO: 학습 때의 출력 (값을 키우지 않는다)


q2.check(vanilla_dropout)
# 통과하면 주석을 풀고 3절의 x, P로 평균을 비교해 보라
# print(x.mean().item(), vanilla_dropout(x, P).mean().item(), vanilla_dropout(x, P, training=False).mean().item())

# %% [markdown]
# **3. `model.eval()`을 잊으면**
# `fit()`이 train 지표를 eval mode가 아니라 **train mode**(Dropout 켠 상태)로 쟀다면 Dropout 모델의 정확도는 어떻게
# 보였을까? `trained['p=0.5 hidden만'][0]`과 `trained['p=0.5 hidden+logit'][0]`으로 validation set의 accuracy를
# train mode에서 세 번, eval mode에서 한 번 재라 (`torch.no_grad()` 안에서).
#
# 먼저 정확도를 재는 함수 `accuracy(model, loader, training)`을 완성한다. `q3.check`는 작은 Dropout 모델과 loader로 이 함수를
# 불러, eval mode 값이 `model.eval()`로 잰 기준값과 같은지, train mode에서는 Dropout이 켜지는지, 잰 뒤 eval mode로 돌려
# 두는지, gradient를 기록하지 않는지 본다. 통과하면 셀 아래쪽의 주석을 풀어 두 모델을 재 보라.
#
# 기대 결과: train mode 정확도는 eval mode보다 낮고, 잴 때마다 조금씩 다르다 (Dropout 난수). logit에도 Dropout을 건
# 모델에서 그 차이가 더 크다. eval mode에서는 Dropout이 identity이므로(2절 출력) 몇 번을 재도 같다.


# %%
def accuracy(model, loader, training):
    """training=True면 train mode(Dropout 켬), False면 eval mode로 loader 전체의 정확도를 잰다 (torch.no_grad() 안에서).

    잰 뒤에는 model을 eval mode로 돌려 둔다.
    """
    ...  # TODO: mode를 정하고, batch마다 맞힌 개수를 더하고, eval mode로 돌려 둔다
    return ...  # TODO: 정확도 = 맞힌 개수 / 전체 샘플 수


q3.check(accuracy)
# 통과하면 주석을 풀고 실행
# for name in ["p=0.5 hidden만", "p=0.5 hidden+logit"]:
#     m = trained[name][0]
#     runs = [accuracy(m, val_loader, True) for _ in range(3)]
#     print(f"{name:<18} train mode: {runs} | eval mode: {accuracy(m, val_loader, False):.4f}")

# %% [markdown]
# **4. train set이 작으면 Dropout의 이득이 커질까?** (10절은 2,000장, 넓은 MLP, 짝지은 실행으로 답했다. 여기서는 다른 조건이다.)
# train set을 앞 5,000장으로 줄이고(`data.InMemoryLoader(data.TensorPairDataset(X[:5000], y[:5000]), BATCH_SIZE, shuffle=True, paired=True)`),
# `DropoutModel(0.0)`과 `DropoutModel(0.5, drop_output=False)`를 seed 3개로 10 epoch씩 학습해 val acc와 gap을 비교하라.
#
# 결과는 `small`에 `{설정 이름: [(History, 학습된 모델), ...]}`(seed마다 하나, 6절의 `run()`이 돌려주는 모양)으로 모은다.
# `q4.check`는 숫자가 아니라 방법을 본다: 작은 loader(크기, 섞기, `paired=True`), 같은 구조의 대조군과 hidden 층에만 건 Dropout,
# seed 3개, 10 epoch을 끝까지 학습했는지. 숫자는 출력을 보고 스스로 읽는다.
#
# 기대 결과: 데이터가 적으면 Dropout이 없는 모델의 train acc가 val acc보다 훨씬 높아져 gap이 55,000장일 때(약 0.016)보다
# 몇 배 커진다. Dropout을 넣으면 gap의 평균이 눈에 띄게 작아진다. val acc의 차이는 평균 ± 표준편차로는 대략만 읽을 수 있으니,
# 출력을 보고 "더 좋다"고 단정할 수 있는지 생각해 보라 (판정은 10절의 판정 규칙으로 한다).

# %%
X, y = train_loader.dataset.data, train_loader.dataset.targets
small_loader = ...  # TODO: 앞 5,000장의 InMemoryLoader (shuffle=True, paired=True)
small = {}  # 설정 이름 -> [(History, 학습된 모델), ...] (seed마다 하나)
# TODO: 6절의 run()을 복사해 train loader만 small_loader로, epoch을 10으로 바꾼 함수를 만들고,
#       "p=0.0"(DropoutModel(0.0))과 "p=0.5 hidden만"(DropoutModel(0.5, drop_output=False))을 SEEDS로 학습해 small에 넣는다.
#       그다음 설정마다 마지막 epoch의 val acc와 gap을 report.fmt_mean_std로 출력한다.

q4.check(small_loader, small)

# %% [markdown]
# ## 확인 문제
#
# **Q1.** `nn.Dropout(0.2)`가 train mode에서 값 `1.0`에 적용되면 결과로 나올 수 있는 값 두 가지는?
#
# <details><summary>정답</summary>
#
# `0`(확률 0.2)과 `1.25`(확률 0.8). 살아남은 값은 `1/(1-p)` = 1/0.8 = 1.25배가 되어 기댓값이 1로 유지된다.
# </details>
#
# **Q2.** Dropout을 넣은 모델을 평가할 때 `model.eval()`을 부르지 않으면 어떻게 되는가?
#
# <details><summary>정답</summary>
#
# 평가 중에도 노드가 무작위로 꺼져 정확도가 낮아지고 잴 때마다 달라진다. eval mode에서만 Dropout이 identity가 된다.
# </details>
#
# **Q3.** "Dropout이 효과가 있는가"를 보려면 `DropoutModel(0.5)`를 무엇과 비교해야 하는가? BigSizeModel이 아닌 이유는?
#
# <details><summary>정답</summary>
#
# 같은 구조에서 Dropout만 뺀 `DropoutModel(0.0)`, 같은 seed들로. BigSizeModel은 층 수와 파라미터 수가 달라
# 차이가 Dropout 때문인지 capacity 때문인지 가를 수 없다.
# </details>
#
# **Q4.** 원래 자료의 `DropoutModel(0.5)`가 `DropoutModel(0.0)`보다 늦게 배우는 것을 보고 "Dropout은 학습을 느리게 한다"고
# 결론 내리면 무엇을 놓치는가?
#
# <details><summary>정답</summary>
#
# 그 모델은 hidden 층 말고 **logit에도** Dropout을 건다. 두 요인이 섞여(confound) 있으므로, hidden 층에만 건
# `DropoutModel(0.5, drop_output=False)`와도 비교해야 어느 쪽 탓인지 알 수 있다 (8절).
# </details>
#
# **Q5.** 7절의 표에서 `p = 0.0` 모델의 마지막 epoch gap(train acc − val acc)은 seed 3개 평균으로 약 얼마인가?
# 같은 표에서 gap이 0에 가장 가까운(또는 음수인) `p`는?
#
# <details><summary>정답</summary>
#
# 약 +0.016 (`+0.0158 ± 0.0017`). gap이 가장 작은 것은 `p = 0.7`(약 +0.0095)이다. 하지만 `p = 0.7`은 validation accuracy도
# 가장 낮아(약 0.94) 좋은 설정이 아니다: gap이 작은 것은 train set을 덜 배웠기 때문이다.
# </details>
#
# **Q6.** Dropout layer를 넣으면 모델의 파라미터 수는 얼마나 늘어나는가?
#
# <details><summary>정답</summary>
#
# 늘지 않는다 (이 노트북의 세 설정 모두 317,450개). Dropout은 학습할 가중치가 없고 mask만 만든다.
# </details>
#
# **Q7.** 9절에서 test set을 고른 설정 하나에만 쓴 이유는?
#
# <details><summary>정답</summary>
#
# test 점수로 설정을 고르면 test set이 선택에 쓰여 새 데이터에서의 성능을 낙관적으로(높게) 추정하게 된다.
# 선택은 validation으로 끝내고, test는 고른 모델의 성능을 한 번 재는 데만 쓴다.
# </details>
#
# **Q8.** Dropout 논문에 "`p = 0.8`"로 적힌 층을 PyTorch로 옮기면 `nn.Dropout(?)`인가?
#
# <details><summary>정답</summary>
#
# `nn.Dropout(0.2)`. 논문의 `p`는 노드를 **남길** 확률이고, `nn.Dropout(p)`의 `p`는 **끌** 확률이다 (PyTorch의 `p` = 1 − 논문의 `p`).
# `nn.Dropout(0.8)`로 옮기면 노드의 80%를 끄게 된다.
# </details>
#
# **Q9.** 평균 0, 분산 1인 값에 train mode의 `nn.Dropout(0.5)`를 걸면 출력의 평균과 분산은? 이것이 Dropout 바로 뒤의
# BatchNorm에 왜 문제가 되는가?
#
# <details><summary>정답</summary>
#
# 평균 0, 분산 `1/(1-p)` = 2 (3절의 식 `σ²/(1-p) + μ²·p/(1-p)`에서 μ = 0). BN은 train mode에서 이 큰 분산으로 running 분산을
# 모으는데, eval mode에서는 Dropout이 꺼져 분산 1인 값이 들어온다. running 분산으로 나누면 출력의 분산이 학습 때의 약 절반이
# 되어, 다음 layer가 학습 때와 다른 크기의 입력을 받는다 (variance shift, 3절의 BN 출력 1.0000 → 0.0769).
# </details>
#
# **Q10.** logit에 Dropout(0.5)를 건 모델은 train set을 완벽하게 맞혀도 train mode loss가 약 0.83 아래로 내려가지 않는다. 왜인가?
#
# <details><summary>정답</summary>
#
# 샘플의 절반에서 정답 logit이 0이 되기 때문이다. 그때 함께 꺼진 오답 logit K개도 0이라, 살아남은 오답 logit을 아무리 작게
# 만들어도 정답 확률은 많아야 1/(1 + K)이고 loss는 적어도 ln(1 + K)다. K는 Bin(9, ½)을 따르므로 평균 loss의 하한은
# ½·E[ln(1 + K)] ≈ 0.83 (8절 출력 `식 ½·E[ln(1 + K)] | 0.8312`).
# </details>
