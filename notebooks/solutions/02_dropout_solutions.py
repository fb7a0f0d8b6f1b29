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
# # 02. Dropout — 연습 문제 풀이
#
# **목표**: 02 노트북 연습 문제 네 개의 풀이. 각 풀이는 작게(1\~10 epoch, 작은 데이터) 돌려 보고,
# 출력이 무엇을 보여 주는지, 노트북의 기대 결과와 맞는지 적는다. 풀이마다 02 노트북과 같은 검사(`q1.check(...)` 등)를
# 불러 풀이가 통과하는지 보인다.
#
# **Goal**: worked solutions to the four exercises of lesson 02, each kept small (1-10 epochs, small data),
# with what the output shows and whether it matches the expected outcome.

# %%
import torch
import torch.nn as nn

from course_lib import data, models, report, settings, train
from course_lib.exercises.lesson02 import q1, q2, q3, q4

device = settings.get_device()
LR = 0.001
BATCH_SIZE = 200
SEEDS = [0, 1, 2]

# paired=True: 02 노트북 5절처럼, 같은 seed의 run들은 Dropout 비율이 달라도 같은 batch 순서를 본다
train_loader, val_loader, test_loader = data.load_mnist_splits(settings.data_root(), BATCH_SIZE, paired=True)
loss_fn = nn.CrossEntropyLoss()


def make_and_fit(seed, build, loader, epochs):
    """seed를 고정하고 build()로 새 모델을 만들어 epochs만큼 학습한다 (early stopping 없음, 체크포인트 없음)."""
    settings.seed_everything(seed)
    model = build().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    history = train.fit(
        loader,
        val_loader,
        model,
        loss_fn,
        optimizer,
        epochs,
        save_best_model=False,
        early_stopping=False,
        device=device,
        mode="multi",
        verbose=False,
    )
    return history, model


# %% [markdown]
# ## 연습 문제 1. 출력층 Dropout만 없앤 모델 (같은 조건이란?)
#
# 같은 seed로 **새** `DropoutModel(0.5)`를 만들고 출력층 뒤 Dropout을 `nn.Identity()`로 바꾼 모델과,
# 처음부터 `DropoutModel(0.5, drop_output=False)`로 만든 모델을 각각 1 epoch 학습해 가중치를 비교한다.


# %% tags=["nbval-check-output"]
def patched_model():
    model = models.DropoutModel(0.5)  # 원래 자료 그대로 (logit에도 Dropout)
    model.output[1] = nn.Identity()  # 출력층 뒤 Dropout만 없앤다 (Dropout은 파라미터가 없으니 가중치는 그대로)
    return model


h_patched, m_patched = make_and_fit(0, patched_model, train_loader, 1)
h_flag, m_flag = make_and_fit(0, lambda: models.DropoutModel(0.5, drop_output=False), train_loader, 1)

w1, w2 = m_patched.state_dict(), m_flag.state_dict()
print("1 epoch 뒤 가중치 동일:", all(torch.equal(w1[k], w2[k]) for k in w1))
print("val acc 동일         :", h_patched.val_acc == h_flag.val_acc)

# %% tags=["nbval-check-output"]
q1.check(patched_model)

# %% [markdown]
# 두 모델은 1 epoch 뒤에도 가중치가 **완전히 같다** (`True`). 초기 가중치(같은 seed, Dropout은 파라미터가 없음),
# 데이터 순서, hidden 층 Dropout의 난수가 모두 같기 때문이다. 기대 결과와 맞다.
#
# 반대로 02 노트북에서 이미 5 epoch 학습한 `trained['p=0.5 hidden+logit'][0]`의 출력층을 바꿔 이어서 학습하면,
# 그 모델은 logit dropout을 받으며 학습된 가중치에서 출발한다. 새 모델과 출발점도, 학습한 epoch 수도 달라서
# "같은 조건"의 비교가 아니다. 기법 하나의 효과를 보려면 **그 기법만 다르고 나머지는 처음부터 같은** 새 모델을 만들어야 한다.

# %% [markdown]
# ## 연습 문제 2. Inverted가 아닌 dropout
#
# 원래 Dropout 논문의 방식: 학습 때는 끄기만 하고(키우지 않음), 평가 때 출력에 `(1 - p)`를 곱한다.
# 논문은 `p`를 노드를 **남길** 확률로 써서 "평가 때 `p`를 곱한다"고 적는다. 여기의 `p`는 `nn.Dropout(p)`처럼 **끌** 확률이라
# 곱할 값이 `1 - p`다 (02 노트북 3절).


# %%
def vanilla_dropout(x, p, training=True):
    """학습: 확률 p로 0 (배율 없음). 평가: 모든 값을 (1-p)배."""
    if not training:
        return x * (1 - p)
    mask = torch.rand_like(x) > p
    return x * mask


P = 0.3
torch.manual_seed(0)
x = torch.rand(1000, 1000) + 1.0  # 02 노트북 3절과 같은 tensor

print(f"원래 평균                          : {x.mean().item():.4f}")
print(f"vanilla, train mode 평균           : {vanilla_dropout(x, P).mean().item():.4f}")
print(f"vanilla, eval mode 평균 (x·(1-p))  : {vanilla_dropout(x, P, training=False).mean().item():.4f}")
print(f"vanilla 학습 + (1-p) 빼먹은 평가   : {x.mean().item():.4f}  <- 학습 때보다 {1 / (1 - P):.3f}배 큰 값")

# %% tags=["nbval-check-output"]
torch.manual_seed(1)  # x를 만들 때와 다른 난수 (seed 0이면 mask가 x의 값과 똑같은 난수에서 나와 서로 얽힌다)
train_mean = vanilla_dropout(x, P).mean().item()
eval_mean = vanilla_dropout(x, P, training=False).mean().item()
print("train mode 평균 ≈ (1-p)·원래 평균 (±0.5%):", abs(train_mean / ((1 - P) * x.mean().item()) - 1) < 0.005)
print("train mode 평균 ≈ eval mode 평균 (±0.5%) :", abs(train_mean / eval_mean - 1) < 0.005)

# %% tags=["nbval-check-output"]
q2.check(vanilla_dropout)

# %% [markdown]
# vanilla 방식도 train mode와 eval mode의 평균은 맞는다. 다만 둘 다 원래 평균의 약 0.7배(`1-p`)다.
# 평가 코드에서 `(1-p)`를 곱하는 것을 잊으면 다음 layer는 학습 때 본 것보다 약 1.43배(`1/(1-p)`) 큰 값을 받는다.
# inverted dropout은 이 보정을 학습 때 `1/(1-p)`배로 미리 해 두므로, eval mode의 Dropout은 아무것도 하지 않아도 된다
# (`nn.Dropout`이 이 방식이다). 기대 결과와 맞다.

# %% [markdown]
# ## 연습 문제 3. `model.eval()`을 잊으면
#
# 비용을 줄이려고 02 노트북의 5 epoch 모델 대신, 여기서 1 epoch만 학습한 모델을 쓴다: 연습 문제 1의
# `m_flag`(hidden 층에만 Dropout)와 같은 seed로 1 epoch 학습한 `DropoutModel(0.5)`(logit에도 Dropout).

# %%
_, m_logit = make_and_fit(0, lambda: models.DropoutModel(0.5), train_loader, 1)


@torch.no_grad()
def accuracy(model, loader, training):
    model.train(training)
    correct = sum((model(X.to(device)).argmax(1) == y.to(device)).sum().item() for X, y in loader)
    model.eval()
    return correct / len(loader.dataset)


settings.seed_everything(0)
for name, m in [("p=0.5 hidden만", m_flag), ("p=0.5 hidden+logit", m_logit)]:
    runs = [accuracy(m, val_loader, training=True) for _ in range(3)]
    print(
        f"{name:<18} train mode: {', '.join(f'{a:.4f}' for a in runs)} | eval mode: {accuracy(m, val_loader, False):.4f}"
    )

# %% tags=["nbval-check-output"]
q3.check(accuracy)

# %% [markdown]
# train mode로 잰 정확도는 eval mode보다 낮고, 잴 때마다 다르다 (매번 다른 노드가 꺼진다). logit에도 Dropout을 건
# 모델에서는 그 차이가 훨씬 크다: 정답 클래스의 logit이 0이 되거나 다른 클래스 logit이 2배가 되어 argmax가 바뀌기
# 때문이다. eval mode에서는 Dropout이 identity이므로(02 노트북 2절 출력 `eval 출력 == 입력 : True`) 몇 번을 재도 같은 값이
# 나온다 (여기서는 한 번만 쟀다). 기대 결과와 맞다.
# `fit()`이 train 지표를 train mode로 쟀다면 Dropout 모델의 train accuracy는 실제보다 낮게 보였을 것이고,
# gap이 작은 것이 overfitting이 줄어서인지 측정 방식 때문인지 구분할 수 없었을 것이다.

# %% [markdown]
# ## 연습 문제 4. train set이 작으면 Dropout의 이득이 커질까?
#
# train set을 앞 5,000장으로 줄이고, `DropoutModel(0.0)`과 `DropoutModel(0.5, drop_output=False)`를 seed 3개로
# 10 epoch씩 학습한다. validation set은 그대로(5,000장)다.

# %%
X, y = train_loader.dataset.data, train_loader.dataset.targets
small_loader = data.InMemoryLoader(data.TensorPairDataset(X[:5000], y[:5000]), BATCH_SIZE, shuffle=True, paired=True)
print("작은 train set:", len(small_loader.dataset), "장")

small = {}
for name, build in [
    ("p=0.0", lambda: models.DropoutModel(0.0)),
    ("p=0.5 hidden만", lambda: models.DropoutModel(0.5, drop_output=False)),
]:
    small[name] = [make_and_fit(seed, build, small_loader, 10) for seed in SEEDS]

for name, runs in small.items():
    hs = [h for h, _ in runs]
    print(
        f"{name:<14} train acc {report.fmt_mean_std([h.train_acc[-1] for h in hs])} "
        f"| val acc {report.fmt_mean_std([h.val_acc[-1] for h in hs])} "
        f"| gap {report.fmt_mean_std([h.gap[-1] for h in hs], sign=True)}"
    )

# %% tags=["nbval-check-output"]
q4.check(small_loader, small)

# %% [markdown]
# 위 출력(seed 3개의 평균 ± 표준편차, 10 epoch, train 5,000장):
#
# - `p=0.0`의 gap은 약 +0.0657 ± 0.0040으로, 02 노트북의 55,000장 실험(5 epoch, 약 +0.016)보다 네 배쯤 크다 (epoch 수도 다르다).
#   train set이 작으면 같은 모델도 훨씬 쉽게 외운다.
# - Dropout(`p=0.5`, hidden 층만)을 넣으면 gap이 약 +0.0457 ± 0.0015로, 평균이 약 0.02 작다 (대략 읽기). 기대 결과와 맞다.
# - validation accuracy는 약 0.9179 ± 0.0054 vs 0.9146 ± 0.0044로 Dropout 쪽 평균이 약 0.003 높다. 하지만 seed 3개의
#   평균 ± 표준편차는 대략 읽기일 뿐이라 이것만으로 "더 좋다"고 단정할 수는 없다. 판정하려면 02 노트북 10절처럼 이미지마다
#   맞혔는지를 모아 강좌의 판정 규칙(paired bootstrap)을 쓰고, 아슬아슬하면 seed를 늘린다.
