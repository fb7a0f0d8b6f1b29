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
# **목표**: Dropout이 학습 중에 무엇을 하는지(노드를 무작위로 끄고 남은 값을 키우는 것) tensor로 직접 확인하고,
# Dropout을 넣은 모델과 넣지 않은 같은 구조의 모델을 같은 조건으로 학습시켜
# overfitting(train-validation 차이)이 어떻게 달라지는지, 대가는 무엇인지 비교한다.
#
# **Goal**: see on a small tensor what Dropout does during training (randomly zero units and scale
# the survivors up), then train the same architecture with and without Dropout under identical
# settings and compare the train-validation gap and the cost in convergence speed.

# %% [markdown]
# ## 1. 아이디어
#
# 01 노트북의 큰 모델은 train set을 거의 다 외우면서 validation 성능과의 차이가 벌어졌다(overfitting).
# **Dropout**은 학습할 때마다 layer의 노드(출력 값) 일부를 확률 `p`로 무작위로 0으로 만든다.
#
# - 매 step 다른 노드가 꺼지므로, 모델이 특정 노드 몇 개에만 의존할 수 없다. 여러 노드에 정보를 나눠 담게 된다.
# - 매 step 조금씩 다른 "작은 네트워크"를 학습시키는 셈이라, 여러 모델을 평균 내는 효과(ensemble)와 비슷하다.
# - **평가(추론) 때는 끄고** 모든 노드를 쓴다.
#
# 사용법:
# - `nn.Dropout(p)` 객체를 쓴다. `p`는 0으로 만들 비율(drop rate)이고 보통 0.2 ~ 0.5를 쓴다.
# - Drop시킬 노드를 가진 Layer 뒤에 추가한다 (예: `Linear → ReLU → Dropout`).

# %%
import inspect

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

# %% [markdown]
# ## 2. tensor로 보는 `nn.Dropout`
#
# 표준정규분포에서 뽑은 입력을 `Linear(3, 4)`에 넣고, 그 출력에 `Dropout(0.5)`를 적용해 보자.
# 결과가 늘 같도록 `torch.manual_seed`로 난수를 고정한다.

# %%
torch.manual_seed(0)
# 표준정규
a = torch.randn(5, 3)    # (5-데이터수, 3-feature수)
ln = nn.Linear(3, 4)
b = ln(a)                # (5, 4)
do = nn.Dropout(0.5)
c = do(b)

# %%
b  # linear 출력

# %%
c  # dropout 출력 (학습 모드)

# %% [markdown]
# 새로 만든 layer는 학습 모드(`do.training == True`)다. 값의 약 절반이 0이 되었고,
# 살아남은 값은 원래 값보다 커졌다. 정확히는 `1 / (1 - p)` = 2배다.
#
# 왜 키울까? 노드의 절반을 끄면 다음 layer로 가는 신호의 합이 평균적으로 절반이 된다.
# 살아남은 값을 `1 / (1 - p)`배 해 두면 **기댓값이 원래 값과 같아서**, 평가 때 Dropout을 꺼도
# 다음 layer가 받는 값의 크기가 학습 때와 같다 (이 방식을 inverted dropout이라 한다).

# %%
# NBVAL_CHECK_OUTPUT
p = do.p
kept = c != 0   # 살아남은 위치
print('학습 모드인가             :', do.training)
print('살아남은 값 = 입력/(1-p)  :', torch.allclose(c[kept], b[kept] / (1 - p)))
print('꺼진 값은 모두 0          :', bool((c[~kept] == 0).all()))

# %% [markdown]
# 평가 모드(`eval()`)에서는 Dropout이 아무것도 하지 않는다: 출력이 입력과 완전히 같다(identity).
# `model.eval()`을 부르면 모델 안의 모든 Dropout layer가 이 상태가 된다.

# %%
# NBVAL_CHECK_OUTPUT
do.eval()
print('학습 모드인가     :', do.training)
print('eval 출력 == 입력 :', torch.equal(do(b), b))
_ = do.train()   # 다시 학습 모드로

# %% [markdown]
# 값이 많으면 "기댓값이 같다"는 것이 잘 보인다. 1로 가득 찬 tensor 10만 개에 `Dropout(0.5)`를 적용하면
# 약 절반이 0, 나머지는 2가 되어 평균이 거의 1로 유지된다.

# %%
torch.manual_seed(0)
ones = torch.ones(100_000)
out = nn.Dropout(0.5)(ones)
print('0이 된 비율:', (out == 0).float().mean().item())
print('남은 값    :', out[out != 0].unique().tolist())
print('평균       :', out.mean().item())

# %% [markdown]
# ## 3. DropoutModel
#
# `Linear → ReLU → Dropout` block 4개(784 → 256 → 256 → 128 → 128)와 출력층으로 이루어진 모델이다.
# `drop_rate`로 Dropout 비율을 정한다 (기본 0.5).
#
# 원래 자료의 모델은 **출력층 뒤에도** Dropout을 둔다(`self.output = nn.Sequential(nn.Linear(128, 10), nn.Dropout(p=drop_rate))`).
# 학습 중에 클래스 점수(logit)의 절반을 0으로 만드는 셈인데, 이것이 좋은 선택인지는 연습 문제에서 따져 본다.
# 여기서는 원래 자료 그대로 둔다.

# %%
# NBVAL_CHECK_OUTPUT
print(inspect.getsource(models.DropoutModel))

# %%
# NBVAL_CHECK_OUTPUT
settings.seed_everything(42)
d_model = models.DropoutModel().to(device)   # drop_rate=0.5(Default)
torchinfo.summary(d_model, (BATCH_SIZE, 1, 28, 28))

# %% [markdown]
# Dropout layer에는 학습할 파라미터가 없다 (`Param #`이 `--`). 파라미터 수는 Dropout이 없는 같은 구조와 똑같다.
#
# ## 4. 학습: Dropout 있음 vs 없음
#
# 비교하려면 **다른 조건은 모두 같아야** 한다. 그래서 Dropout이 없는 모델로
# 같은 클래스에 `drop_rate=0.0`을 준 모델을 쓴다 (`Dropout(p=0)`은 아무것도 끄지 않는다).
# 두 모델 모두 같은 seed로 만들어 초기 가중치도 같다.
#
# 원래 자료처럼 `save_best_model=False, early_stopping=False`로 10 epoch을 모두 학습한다.

# %%
train_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, True)
test_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, False)

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(d_model.parameters(), lr=LR)

settings.seed_everything(42)   # 데이터 섞는 순서와 Dropout 난수도 같은 출발점에서
dropout_history = train.fit(train_loader, test_loader, d_model, loss_fn, optimizer, N_EPOCH,
                            save_best_model=False, early_stopping=False, device=device, mode='multi')

# %%
settings.seed_everything(42)
plain_model = models.DropoutModel(drop_rate=0.0).to(device)   # 같은 구조, Dropout 없음
optimizer = torch.optim.Adam(plain_model.parameters(), lr=LR)

settings.seed_everything(42)
plain_history = train.fit(train_loader, test_loader, plain_model, loss_fn, optimizer, N_EPOCH,
                          save_best_model=False, early_stopping=False, device=device, mode='multi')

# %% [markdown]
# 두 모델의 초기 가중치가 정말 같은지 확인해 두자 (같은 seed로 만들었고, Dropout은 파라미터가 없으므로).

# %%
# NBVAL_CHECK_OUTPUT
settings.seed_everything(42)
w_dropout = models.DropoutModel(drop_rate=0.5).state_dict()
settings.seed_everything(42)
w_plain = models.DropoutModel(drop_rate=0.0).state_dict()
print('초기 가중치 동일:', all(torch.equal(w_dropout[k], w_plain[k]) for k in w_dropout))

# %% [markdown]
# ## 5. 학습 곡선

# %%
plots.plot_history(dropout_history, title='Dropout (p=0.5)')
plt.show()

# %%
plots.plot_history(plain_history, title='No dropout (p=0.0)')
plt.show()

# %% [markdown]
# 두 실험을 겹쳐 보자. 왼쪽은 validation accuracy, 오른쪽은 train accuracy와 validation accuracy의 차이(gap)다.
#
# 여기서 train accuracy는 `fit()`이 학습이 끝난 뒤 **eval mode로**(Dropout을 끄고) train set 전체를 다시 평가한 값이다.
# 그래서 Dropout 모델과 일반 모델의 train 지표를 같은 조건에서 비교할 수 있다.

# %%
histories = {'Dropout (p=0.5)': dropout_history, 'No dropout (p=0.0)': plain_history}

fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout='constrained')
plots.compare_histories(histories, metric='val_acc', ax=axes[0])
plots.compare_histories(histories, metric='gap', ax=axes[1], title='Generalization gap')
plt.show()

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout='constrained')
plots.compare_histories(histories, metric='train_loss', ax=axes[0])
plots.compare_histories(histories, metric='val_loss', ax=axes[1])
plt.show()

# %%
for name, h in histories.items():
    gap = h.gap[-1]   # train acc - val acc (마지막 epoch)
    print(f'{name:<19} epoch 1 val acc {h.val_acc[0]:.4f} | 마지막 val acc {h.val_acc[-1]:.4f} '
          f'| 마지막 train acc {h.train_acc[-1]:.4f} | gap {gap:+.4f} | val loss 최저 epoch {h.best_epoch}')

# %% [markdown]
# ## 6. 왜 gap이 줄어드는가, 그리고 대가
#
# - **gap이 줄어드는 이유**: Dropout 모델은 학습하는 동안 매번 절반의 노드가 꺼진 상태로 정답을 맞혀야 한다.
#   특정 노드 조합으로 train set의 개별 샘플을 외우기가 어렵기 때문에, train set에서만 통하는 세부 사항보다
#   여러 샘플에 공통된 특징을 학습하게 된다. 그래서 eval mode로 잰 train accuracy가 validation accuracy보다
#   많이 앞서 나가지 않는다. Dropout이 없는 모델은 train accuracy가 빠르게 1에 다가가면서 gap이 더 크게 벌어진다.
# - **대가(느린 수렴)**: 매 step 모델의 일부만 학습되고 gradient에 잡음이 섞이므로, 같은 epoch 수에서
#   train loss가 더 천천히 내려가고 초반 validation accuracy도 낮게 시작한다. 10 epoch 안에서는
#   최종 validation accuracy가 Dropout이 없는 모델보다 오히려 낮을 수도 있다. Dropout의 이득은 보통
#   더 오래 학습할 때, 그리고 데이터에 비해 모델이 클수록 분명해진다.
#
# ## 관찰 포인트
#
# - `nn.Dropout(p)`는 학습 모드에서 값의 약 `p` 비율을 0으로 만들고, 남은 값을 `1/(1-p)`배 한다. eval mode에서는 입력을 그대로 내보낸다.
# - 그래서 **평가 전에 `model.eval()`을 반드시** 불러야 한다 (`fit()`과 `train.evaluate()`는 알아서 부른다).
# - Dropout 모델은 train-validation gap이 작다 → overfitting이 줄었다.
# - validation loss 그래프도 비교해 보자. Dropout이 없는 모델은 최저점(위 표의 `val loss 최저 epoch`)을 지난 뒤 다시 오르기 쉽고,
#   Dropout 모델은 더 늦게까지 천천히 내려간다.
# - 대신 학습이 느리다: train loss가 더 천천히 내려간다. 짧은 학습에서는 최종 정확도로 손해를 볼 수도 있다.
#
# ## 연습 문제
#
# 1. `drop_rate`를 0.2, 0.3으로 바꿔 학습하고 val acc와 gap을 0.0, 0.5와 비교하라. 어떤 값이 10 epoch 안에서 가장 좋은가?
# 2. 출력층 뒤의 Dropout은 학습 중에 정답 클래스의 logit까지 0으로 만들 수 있다. `d_model.output[1] = nn.Identity()`로
#    출력층 뒤 Dropout만 없앤 모델을 같은 조건으로 학습해 비교하라. 출력층 뒤에 Dropout을 두는 것이 합리적인가?
# 3. `N_EPOCH = 30`으로 Dropout 모델과 일반 모델을 다시 학습하라. 일반 모델의 validation loss는 어떻게 움직이고,
#    Dropout 모델과의 최종 정확도 차이는 10 epoch일 때와 어떻게 달라지는가?
# 4. `fit()`이 train 지표를 eval mode가 아니라 **학습 모드(Dropout 켠 상태)**로 쟀다면 Dropout 모델의 train accuracy 곡선은
#    어떻게 보였을까? `d_model.train()` 상태에서 train set의 accuracy를 직접 계산해 확인하라 (`torch.no_grad()` 안에서).
