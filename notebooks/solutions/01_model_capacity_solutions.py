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
# # 01. 모델 크기(capacity)와 성능 — 연습 문제 풀이
#
# **목표**: 01 노트북의 연습 문제 네 개를 직접 풀어 본 결과와 읽는 법을 보여 준다.
# 시간을 아끼려고 작은 모델과 짧은 학습만 쓴다 (큰 모델이 필요한 문제 3은 작은 모델로 같은 절차를 보인다).
# 풀이마다 01 노트북과 같은 검사(`q1.check(...)` 등)를 불러 확인한다. `q1.solution()`이 보여 주는 코드가 이 노트북의 코드다.
#
# **Goal**: worked solutions to the four exercises of lesson 01, with how to read each result. Small models and short
# runs only (exercise 3 shows the same checkpoint procedure on a small model).

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchinfo

from course_lib import checkpoint, data, models, plots, report, settings, train
from course_lib.exercises.lesson01 import q1, q2, q3, q4

device = settings.get_device()
LR = 0.001
BATCH_SIZE = 200
SEEDS = [0, 1, 2]
N_SWEEP_EPOCH = 5  # 01 노트북 6절의 sweep과 같은 학습량

train_loader, val_loader, test_loader = data.load_mnist_splits(settings.data_root(), BATCH_SIZE)
loss_fn = nn.CrossEntropyLoss()


def run_seeds(make_model, loader, epochs=N_SWEEP_EPOCH):
    """01 노트북의 sweep과 같은 방법으로 seed마다 학습하고 History 목록을 돌려준다."""
    runs = []
    for seed in SEEDS:
        settings.seed_everything(seed)
        model = make_model()
        optimizer = torch.optim.Adam(model.parameters(), lr=LR)
        runs.append(
            train.fit(
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
        )
    return runs


def summarize(name, runs):
    """마지막 epoch의 train acc, val acc, gap을 seed 평균 ± 표준편차로 한 줄 출력한다."""
    print(
        f"{name:<24} train acc {report.fmt_mean_std([h.train_acc[-1] for h in runs])} | "
        f"val acc {report.fmt_mean_std([h.val_acc[-1] for h in runs])} | "
        f"gap {report.fmt_mean_std([h.gap[-1] for h in runs], sign=True)}"
    )


# %% [markdown]
# ## 연습 문제 1. 중간 크기 모델 (`nn.Sequential`)
#
# `Flatten → Linear(784, 128) → ReLU → Linear(128, 10)`. 파라미터 수는 (784×128 + 128) + (128×10 + 10) = 101,770이다.


# %% tags=["nbval-check-output"]
def make_mid_model():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


settings.seed_everything(0)
mid_model = make_mid_model()
print(f"{models.count_parameters(mid_model):,} params")
torchinfo.summary(mid_model, (BATCH_SIZE, 1, 28, 28))

# %%
mid_runs = run_seeds(make_mid_model, train_loader)
summarize("Sequential(784-128-10)", mid_runs)

# %% tags=["nbval-check-output"]
q1.check(make_mid_model, mid_runs)

# %% [markdown]
# 파라미터는 101,770개. seed 3개의 마지막(5번째) epoch 값은 validation accuracy 0.9593 ± 0.0008, gap +0.0138 ± 0.0014이다.
# 01 노트북 sweep 표의 `(64,)`(val acc 0.9518, gap 0.0097)와 `(256,)`(0.9648, 0.0163) 사이다. 대략 읽기로는 validation
# accuracy는 양쪽과의 차이(0.0075, 0.0055)가 seed 표준편차(0.001 안팎)보다 몇 배 크지만, gap은 `(256,)`과의 차이(0.0025)가
# `(256,)`의 표준편차(0.0023) 정도라 `(256,)`과 구별된다고 말하기 어렵다.
# 파라미터 수도 두 모델 사이(50,890 < 101,770 < 203,530)이므로, sweep 곡선 위의 중간 점 하나가 된 셈이다.
# 기대 결과와 맞다 (이 모델은 `MLP(hidden=(128,))`과 같은 구조다).
#
# ## 연습 문제 2. SmallSizeModel을 30 epoch 학습하기

# %%
settings.seed_everything(0)
small_model = models.SmallSizeModel()
optimizer = torch.optim.Adam(small_model.parameters(), lr=LR)
small30 = train.fit(
    train_loader,
    val_loader,
    small_model,
    loss_fn,
    optimizer,
    30,
    save_best_model=False,
    early_stopping=False,
    device=device,
    verbose=False,
)
n = small30.epochs_run
for e in sorted({min(5, n), min(10, n), n}):
    print(
        f"epoch {e:>2}: train acc {small30.train_acc[e - 1]:.4f}, val acc {small30.val_acc[e - 1]:.4f}, "
        f"gap {small30.gap[e - 1]:+.4f}, val loss {small30.val_loss[e - 1]:.4f}"
    )

# %% tags=["nbval-check-output"]
q2.check(small30)

# %%
plots.plot_history(small30, title="SmallSizeModel, 30 epoch")
plt.show()

# %% [markdown]
# validation accuracy는 epoch 10의 0.9192에서 epoch 30의 0.9236으로 약 0.004 올랐다. 대략 읽기로는 sweep 표 `()` 행의
# seed 표준편차(0.001)의 네 배쯤이라 아주 조금 좋아지기는 한 것으로 보이지만, 20 epoch을 더 쓴 것치고는 작고,
# hidden 층 하나(너비 16)짜리 모델을 5 epoch만 학습한 값(0.926)에도 못 미친다. 그림에서 validation loss는 아주 완만하게
# 내려가다가 epoch 20 무렵부터는 0.28 근처에서 거의 평평하다(epoch 10의 0.2915 → epoch 30의 0.2822, 최저는 epoch 29).
# 그동안 train loss는 조금씩 더 내려가 두 loss 곡선의 간격이 천천히 벌어지고, accuracy의 gap도 0.0067에서 0.0108로
# 조금 커졌다. 학습이 train set 쪽으로 조금 더 맞춰진다는 뜻이지만, validation loss는 평평해질 뿐 다시 오르지 않으므로(최저 epoch 29)
# 1절에서 정한 overfitting의 신호(validation loss 상승)는 아니다. gap은 sweep의 큰 모델들(`(256,)`, `(1024,)`:
# 0.016\~0.017)보다 작고, train accuracy도 0.934에 머문다.
# 기대 결과(0.01도 오르지 않음, gap 0.01 안팎)와 맞다: 학습량이 아니라 capacity가 한계인 underfitting이다.
#
# ## 연습 문제 3. best checkpoint를 불러와 validation으로 다시 평가하기
#
# BigSizeModel을 다시 학습하면 오래 걸리므로, 같은 절차를 더 작은 모델 `MLP(hidden=(256,))`으로 보인다.
# best epoch이 마지막 epoch과 달라야 "학습을 마친 모델이 아니라 best checkpoint를 불러왔는지"가 숫자로 드러나므로,
# validation loss가 다시 올라가는 01 노트북 7절의 작은 train set(2,000장, batch 100)으로 15 epoch 학습한다.
# 01 노트북에서는 모델만 `models.BigSizeModel()`로, 경로만 `'models/big_model.pth'`로, autocast만
# 학습 때와 같게(`autocast_dtype=AUTOCAST`) 바꾸면 된다.

# %%
small_train, _, _ = data.load_mnist_splits(settings.data_root(), 100, train_size=2000)
settings.seed_everything(0)
model = models.MLP(hidden=(256,))
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
hist = train.fit(
    small_train,
    val_loader,
    model,
    loss_fn,
    optimizer,
    15,
    save_best_model=True,
    save_model_path="models/ex3_mlp256.pth",
    early_stopping=False,
    device=device,
    verbose=False,
)
print("best epoch(최저 val loss):", hist.best_epoch, "/ 마지막 epoch:", hist.epochs_run)

# %%
best_epoch = hist.best_epoch  # validation loss가 가장 낮았던 epoch (1부터)
restored = models.MLP(hidden=(256,))
checkpoint.load_checkpoint(hist.checkpoint_path, restored)  # 가중치는 CPU로 읽힌다 (map_location='cpu')
restored = restored.to(device)  # 빠뜨리면 GPU(CUDA/MPS)에서 "tensors on different devices" 오류
val_loss, val_acc = train.evaluate(val_loader, restored, loss_fn, device=device)
print(f"불러온 모델의 val acc      : {val_acc:.4f}")
print(f"history.best_val_acc       : {hist.best_val_acc:.4f}")
print(f"마지막 epoch의 val acc     : {hist.val_acc[-1]:.4f}")
print("best_val_acc와 같은가:", abs(val_acc - hist.best_val_acc) < 1e-9)

# %% tags=["nbval-check-output"]
q3.check(best_epoch, restored, val_acc, hist)

# %% [markdown]
# 불러온 모델을 `val_loader`로 평가한 accuracy(0.8986)가 `hist.best_val_acc`와 정확히 같다(True). best epoch은 12로
# 마지막 epoch(15)과 다르고, 마지막 epoch의 val acc(0.9018)와도 다르다: 불러오기를 빠뜨리고 학습을 마친 모델을 평가했다면
# `q3.check`가 그 실수를 알려 준다. 이 run 하나에서는 accuracy가 마지막 epoch 쪽이 0.0032(이미지 16장) 높다:
# validation loss로 고른 epoch이 accuracy가 가장 높은 epoch이라는 보장은 없다 (01 노트북의 관찰 포인트).
# 01 노트북의 저장된 BigSizeModel run도 best epoch이 9라서, `best_val_acc`(0.9784)가 마지막 epoch의 val acc(0.9764)와 다르다.
# 01 노트북의 BigSizeModel도 같은 순서로 하면 된다:
#
# ```python
# big = models.BigSizeModel()
# checkpoint.load_checkpoint("models/big_model.pth", big)   # 01 노트북 폴더(notebooks/)에서 실행
# big = big.to(device)
# train.evaluate(val_loader, big, loss_fn, device=device, autocast_dtype=AUTOCAST)  # 학습 때와 같은 autocast
# ```
#
# 핵심은 `.to(device)`다. `load_checkpoint`는 가중치를 CPU로 읽으므로, CUDA나 MPS에서는 옮기지 않으면 평가 중에 오류가 난다.
# 기대 결과(불러온 모델의 val acc = best_val_acc)와 맞다. test set은 쓰지 않았다.
#
# ## 연습 문제 4. train set을 5,000장으로 줄이기

# %%
ds = train_loader.dataset
small_train_loader = data.InMemoryLoader(
    data.TensorPairDataset(ds.data[:5000], ds.targets[:5000]), BATCH_SIZE, shuffle=True
)
print("train 이미지:", len(small_train_loader.dataset), "| batch 수:", len(small_train_loader))
runs_5k = run_seeds(lambda: models.MLP(hidden=(256,)), small_train_loader)
summarize("MLP((256,)), train 5,000", runs_5k)

# %% tags=["nbval-check-output"]
q4.check(runs_5k, small_train_loader, val_loader)

# %% [markdown]
# train 이미지를 5,000장으로 줄이자 validation accuracy는 0.8965 ± 0.0011로, 55,000장으로 학습한 sweep 표의 `(256,)`(0.9648 ± 0.0013)보다
# 크게 낮아졌고, gap은 +0.0405 ± 0.0032로 `(256,)`의 +0.0163 ± 0.0023의 두 배가 넘는다 (대략 읽기로도 차이가 seed 표준편차보다 훨씬 크다).
# train accuracy(0.937)도 55,000장 때(0.981)보다 낮다: 한 epoch이 25 step뿐이라 5 epoch 동안 125 step밖에 학습하지 못했다.
# 그런데도 gap은 더 크다. 같은 모델이라도 외울 데이터가 적으면 train set에만 맞는 규칙을 더 쉽게 배운다.
# 기대 결과(validation accuracy 하락, gap 증가)와 맞다.
