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
# # 06. Early stopping, best model 저장, 끊긴 학습 이어 하기
#
# **목표**: 언제 학습을 멈추고([early stopping](glossary.md#early-stopping)) 무엇을 남겨야 하는지
# ([best model checkpoint](glossary.md#checkpoint)) 배운다. 멈춘 지점과 이유를 그래프로 확인하고, 저장한 best model을
# 새 모델에 불러 validation 정확도가 그대로인지 검증한 뒤 test set으로 **한 번만** 평가한다. label이 많이 틀린 작은 train set에서
# early stopping이 얼마나 돕는지 짝지은 실행과 판정 규칙으로 잰다. 고른 epoch 수로 train + validation을 다시 학습하는 것의
# 대가, early stopping과 cosine schedule의 `T_max`, early stopping이 규제처럼 작동하는 이유, loss와 accuracy 중 무엇으로 고를지도
# 살펴본다. 끊긴 학습을 "끊긴 적이 없었던 것처럼" 이어 가는 방법([exact resume](glossary.md#exact-resume))과, Stop 버튼이 셀 전체를 멈추는 이유도 배운다.
#
# **Goal**: learn when to stop training (early stopping) and what to keep (the best-model checkpoint), check the
# reloaded best model on the validation set and score it once on the test set, measure, with paired runs and the decision
# rule, how much early stopping helps on a small training set with many wrong labels, see the cost of retraining on
# train + validation for the chosen number of epochs, how to set a cosine schedule's `T_max` with early stopping, why early
# stopping acts as a regulariser and whether to select by loss or by accuracy, resume an interrupted run exactly
# (as if it had never stopped), and see why Stop ends the whole cell.

# %%
import os

import matplotlib.pyplot as plt
import torch
import torch.nn as nn

from course_lib import checkpoint, data, models, plots, report, schedules, settings, train
from course_lib.epoch import correct_per_sample

device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 30  # 넉넉한 예산: early stopping이 알아서 멈춘다
PATIENCE = 3  # validation loss가 3 epoch 연속 최저를 갱신하지 못하면 멈춤
BATCH_SIZE = 200

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = "models"

# train 55,000 / validation 5,000 / test 10,000 (00 노트북 참고): 멈출 시점과 best model은 validation으로 고른다
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE)

# %% [markdown]
# ## 1. 왜 멈추고, 무엇을 남기나
#
# 01\~04 노트북에서 보았듯이 오래 학습하면 train loss는 계속 내려가도 validation loss는 어느 순간부터
# 다시 올라갈 수 있다([overfitting](glossary.md#overfitting)). 그 뒤의 학습은 validation loss를 더 낮추지 못한 채 시간을 쓰고,
# 일반화 성능을 나쁘게 만들 수도 있다(4절: 틀린 label을 외우는 동안 validation accuracy가 크게 떨어진다). 다만 loss와 accuracy는
# 늘 같이 움직이지는 않으므로(validation loss가 오르는 동안 accuracy가 오르기도 하고, 4절에서는 loss가 내려가는 동안 accuracy가
# 떨어지기도 한다), loss와 accuracy 중 무엇을 지켜볼지도 정해야 한다(4-2).
#
# - **Early stopping**: validation loss가 [`patience`](glossary.md#patience) epoch 연속으로 최저 기록을 갱신하지 못하면 학습을 멈춘다.
#   잠깐 흔들렸다가 다시 좋아질 수도 있으므로 바로 멈추지 않고 `patience`만큼 기다린다.
# - **Best model 저장**: 멈춘 시점의 모델은 마지막 `patience` epoch 동안 최저 기록을 **갱신하지 못한** 모델이다
#   (더 나빠졌을 수도, 거의 같을 수도 있다). 그래서 validation loss가 최저를 갱신할 때마다 그 순간의 가중치를
#   파일(checkpoint)로 저장해 두고, 학습이 끝나면 그 파일을 최종 모델로 쓴다.
#
# `course_lib`의 `train.EarlyStopping`은 이 규칙만 담은 작은 객체다 (파일 입출력 없음).
# 정해 둔 validation loss 값들을 차례로 넣어 보자.

# %% tags=["nbval-check-output"]
stopper = train.EarlyStopping(patience=3)
scripted_val_loss = [0.30, 0.25, 0.22, 0.23, 0.21, 0.24, 0.25, 0.26, 0.20]

for epoch, value in enumerate(scripted_val_loss, start=1):
    improved = stopper.update(value)
    print(
        f"epoch {epoch}: val loss {value:.2f} | 최저 갱신 {improved!s:<5} | 연속 미개선 {stopper.counter} | 멈춤 {stopper.should_stop}"
    )
    if stopper.should_stop:
        break

# %% [markdown]
# epoch 5의 0.21이 최저였고, 그 뒤 3번 연속(epoch 6, 7, 8) 갱신하지 못해서 epoch 8에서 멈췄다.
# epoch 9에 0.20이 나왔을지도 모르지만, 그것은 알 수 없다. `patience`는 "얼마나 기다려 줄지"의 타협이다.
#
# `min_delta`를 주면 **'개선'으로 치는 기준**이 까다로워진다 (그래서 더 일찍 멈출 수 있다): 마지막으로 '의미 있게'
# 좋아진 값보다 `min_delta` **넘게** 낮아져야 patience를 처음부터 다시 센다. 아주 작은 개선(잡음) 때문에 기다림이
# 계속 늘어나지 않게 한다. best epoch과 best checkpoint는 여전히 **validation loss가 가장 낮은 epoch**의 것이다:
# `min_delta`는 언제 멈출지만 바꾼다.
# `fit(..., min_delta=...)`으로도 줄 수 있다. 같은 값들에 `min_delta=0.015`를 적용하면:

# %% tags=["nbval-check-output"]
stopper = train.EarlyStopping(patience=3, min_delta=0.015)
for epoch, value in enumerate(scripted_val_loss, start=1):
    improved = stopper.update(value)
    print(
        f"epoch {epoch}: val loss {value:.2f} | 최저 갱신 {improved!s:<5} | 최저 {stopper.best:.2f} "
        f"| 연속 미개선 {stopper.counter} | 멈춤 {stopper.should_stop}"
    )
    if stopper.should_stop:
        break

# %% [markdown]
# epoch 5의 0.21은 새 최저라서 best epoch이 된다(`최저 갱신 True`; `fit`이라면 best checkpoint도 이때 저장된다). 하지만 epoch 3의
# 0.22보다 0.01만 낮아 `min_delta`(0.015)를 넘지 못했으므로 '의미 있는 개선'은 아니다. 그래서 연속 미개선 횟수는
# epoch 4, 5, 6에서 1, 2, 3으로 늘고, `min_delta`가 없을 때(epoch 8)보다 두 epoch 일찍 epoch 6에서 멈춘다.
#
# ## 2. Early stopping으로 학습하기
#
# 04 노트북의 BNModel은 몇 epoch 안에 validation loss가 최저점 근처에 이른다. 30 epoch의 예산을 주고
# `early_stopping=True, patience=3`, `save_best_model=True`로 학습시켜 보자. `live_plot=True`로 곡선이 학습 도중에
# 다시 그려진다 (이 모델은 epoch이 짧아 2초에 한 번, 끝나면 마지막 epoch까지): validation loss가 언제 바닥을 치고
# 언제 멈추는지 지켜보자.

# %%
settings.seed_everything(0)
bn_model = models.BNModel()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(bn_model.parameters(), lr=LR)
best_path = os.path.join(MODEL_SAVE_ROOT_PATH, "bn_best.pth")

history = train.fit(
    train_loader,
    val_loader,
    bn_model,
    loss_fn,
    optimizer,
    N_EPOCH,
    save_best_model=True,
    save_model_path=best_path,
    early_stopping=True,
    patience=PATIENCE,
    device=device,
    mode="multi",
    live_plot=True,
)

# %%
print("멈춘 이유   :", history.stop_reason)
print("실행한 epoch:", history.epochs_run, "/", history.epochs_requested)
print(
    "best epoch  :",
    history.best_epoch,
    f"(val loss {history.best_val_loss:.5f}, 그 epoch의 val acc {history.best_val_acc:.4f})",
)
print("checkpoint  :", history.checkpoint_path)

# %% [markdown]
# `stop_reason`이 `early_stopping`이면 patience 때문에 멈춘 것이고, `completed`면 예산(epoch 수)을 다 쓴 것이다.
# 아래 그래프의 초록 점선이 best epoch, 빨간 파선이 멈춘 epoch, 회색 구간이 "최저 기록 뒤 기다려 준" patience 구간이다.
# 위 출력에서 best epoch은 7, 멈춘 곳은 epoch 10이다: 30 epoch 예산 중 3분의 1만 썼다. best epoch 뒤의 세 epoch(8\~10)
# 동안 train loss는 낮은 채였지만 validation loss는 epoch 7의 최저값보다 높았다. 남은 20 epoch에서 무슨 일이 있었을지는
# 이 실행만으로는 알 수 없다 (연습 문제 1의 풀이는 15 epoch까지 학습해 epoch 11\~15를 보여 준다).

# %%
epochs = range(1, history.epochs_run + 1)
fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
ax.plot(epochs, history.train_loss, "o-", ms=3, label="train loss")
ax.plot(epochs, history.val_loss, "o-", ms=3, label="검증 loss (validation)")
ax.axvline(history.best_epoch, color="green", ls=":", label=f"best epoch {history.best_epoch} (저장됨)")
ax.axvspan(
    history.best_epoch,
    history.epochs_run,
    color="gray",
    alpha=0.15,
    label=f"개선 없음 ({history.epochs_run - history.best_epoch} epoch)",
)
ax.axvline(history.epochs_run, color="red", ls="--", label=f"멈춤: {history.stop_reason}")
ax.set(xlabel="epoch", ylabel="loss", title=f"Early stopping (patience={PATIENCE})")
ax.grid(True, ls=":")
ax.legend()
plt.show()

# %% [markdown]
# ## 3. best model 불러오기, 그리고 test set으로 한 번
#
# 학습이 끝난 `bn_model`은 **마지막 epoch**의 가중치를 갖고 있다. best epoch의 가중치는 파일에 있다.
# checkpoint 파일 안에는 무엇이 있을까? `torch.load(..., weights_only=True)`로 열어 보자.
# (`weights_only=True`: tensor, 숫자, 문자열, dict/list 같은 데이터만 읽고, 코드는 실행하지 않는다.)

# %% tags=["nbval-check-output"]
ckpt = torch.load(best_path, weights_only=True)
print("keys        :", list(ckpt))
print("model_class :", ckpt["model_class"])
print("model_state :", list(ckpt["model_state"])[:4], "...")

# %%
print("epoch :", ckpt["epoch"], "| best epoch과 같은가:", ckpt["epoch"] == history.best_epoch)
print("metric:", f"{ckpt['metric']:.5f}", "(저장할 때의 validation loss)")

# %% [markdown]
# 새 모델을 만들어 best checkpoint를 넣고(`checkpoint.load_checkpoint`, 파일은 CPU로 읽히므로 `.to(device)`로 옮긴다),
# **validation set**으로 다시 평가한다. 평가는 결정적(deterministic)이므로 best epoch에 기록된 값과 **정확히 같아야** 한다.
# 이 모델이 우리가 고른 최종 모델이다. 그래서 이제야, 그리고 한 번만, test set으로 평가한다.

# %%
fresh_model = models.BNModel()
checkpoint.load_checkpoint(best_path, fresh_model)  # 내부에서 weights_only=True로 읽는다
fresh_model.to(device)

reloaded_loss, reloaded_acc = train.evaluate(val_loader, fresh_model, loss_fn, device=device)
print(f"불러온 모델 (validation) : loss {reloaded_loss:.5f}, acc {reloaded_acc:.4f}")
print(f"best epoch 기록          : loss {history.best_val_loss:.5f}, acc {history.best_val_acc:.4f}")
print(
    "같은가                   :",
    abs(reloaded_loss - history.best_val_loss) < 1e-6 and reloaded_acc == history.best_val_acc,
)

last_loss, last_acc = train.evaluate(val_loader, bn_model, loss_fn, device=device)
print(f"마지막 epoch 모델 (validation): loss {last_loss:.5f}, acc {last_acc:.4f}")

test_loss, test_acc = train.evaluate(test_loader, fresh_model, loss_fn, device=device)
print(f"고른 모델의 test 결과 (한 번만): loss {test_loss:.5f}, acc {test_acc:.4f}")

# %% [markdown]
# 마지막 epoch 모델의 validation loss는 best model보다 높다 (그래서 best가 아니다). test 정확도는 고르는 데 쓰지 않았으므로
# 이 모델의 성능을 치우침 없이 추정한 값이다. 이 숫자를 보고 다시 patience나 모델을 바꾼다면, test set도
# 고르는 데 쓴 셈이 되어 그 추정은 더 이상 치우침 없는 추정이 아니다: 낙관적으로 치우친다 (00 노트북의 selection bias).
#
# 파일을 따로 불러오지 않고 끝날 때 모델을 best 가중치로 되돌리고 싶다면 `train.fit(..., restore_best=True)`를 쓴다.
#
# ### 3-1. 고른 epoch 수로 train + validation 전체를 다시 학습하기
#
# validation set 5,000장은 epoch 수를 고르는 데만 쓰였고, 가중치를 배우는 데는 쓰이지 않았다. 그래서 흔히 마지막 단계를 하나
# 더 둔다: early stopping이 고른 epoch 수(여기서는 best epoch 7)만 기억해 두고, **새 모델**을 train + validation 전체
# (55,000 + 5,000 = 60,000장)로 그 epoch 수만큼 다시 학습해 최종 모델로 쓴다. 데이터가 늘어난 만큼 조금 나아지기를 기대하는 것이다.
#
# 대가도 있다. validation set이 학습 데이터가 되었으므로 **이 학습을 검사할 validation set이 남지 않는다**. 남은 검사는 test set
# 하나뿐이고, 그 결과를 보고 무엇을 다시 고르면(epoch 수를 바꾸는 등) test set도 고르는 데 쓴 셈이 된다. 또 epoch 수는
# 55,000장에서 고른 것을 60,000장에 그대로 옮긴 것이다 (epoch당 step이 275에서 300으로 는다).
#
# 2절과 같은 BNModel, seed 0, Adam(lr 0.001)으로 해 보자. `fit`은 validation loader를 받아야 하므로 `val_loader`를 그대로 주되,
# 그 숫자는 학습에 쓴 이미지에서 잰 값으로만 읽는다. 이 학습은 아무것도 고르지 않는다(`save_best_model=False,
# early_stopping=False`). 보통은 early stopping 모델과 다시 학습한 모델 중 무엇을 최종 모델로 쓸지 **미리** 정하고 그 하나만
# test set으로 평가한다. 여기서는 둘을 나란히 보려고 둘 다 평가하지만, 이 숫자를 보고 아무것도 고르지 않는다.

# %%
chosen_epochs = history.best_epoch  # 2절의 early stopping이 고른 epoch 수
train_val_loader = data.InMemoryLoader(
    data.TensorPairDataset(
        torch.cat([train_loader.dataset.data, val_loader.dataset.data]),
        torch.cat([train_loader.dataset.targets, val_loader.dataset.targets]),
    ),
    BATCH_SIZE,
    shuffle=True,
)
settings.seed_everything(0)
refit_model = models.BNModel()
refit = train.fit(
    train_val_loader,
    val_loader,  # 이제 학습 데이터의 일부: 검사가 아니다
    refit_model,
    loss_fn,
    torch.optim.Adam(refit_model.parameters(), lr=LR),
    chosen_epochs,
    save_best_model=False,
    early_stopping=False,
    device=device,
    verbose=False,
)
refit_loss, refit_acc = train.evaluate(test_loader, refit_model, loss_fn, device=device)
print(f"train + validation {len(train_val_loader.dataset):,}장으로 {refit.epochs_run} epoch 학습")
print(f"다시 학습한 모델의 val acc: {refit.val_acc[-1]:.4f} (학습에 쓴 이미지에서 잰 값: 검사가 아니다)")
print(f"test acc: early stopping 모델 {test_acc:.4f} | train + validation으로 다시 학습한 모델 {refit_acc:.4f}")

# %% [markdown]
# 다시 학습한 모델의 val acc(0.9960)는 early stopping 모델의 0.9796보다 훨씬 높지만, 이 이미지들로 학습했으니 당연하다:
# 이제 validation set은 아무것도 검사하지 못한다. test acc는 early stopping 모델 0.9796, 다시 학습한 모델 0.9806으로
# 10,000장 중 10장 차이다. seed 하나의 대략 읽기이고 판정 규칙을 쓰지 않았으므로, 이것으로 어느 쪽이 낫다고 말하지 않는다.
# 이 분할 안에서는 다시 학습한 모델을 검사할 validation set이 없다는 것이 이 방법의 대가다. 다시 학습하는 방법이 돕는지 재려면
# train에서 검사용 이미지를 한 번 더 떼어 내(또 하나의 validation set) 두 방법을 그 위에서 여러 seed의 짝지은 실행과 판정 규칙으로
# 비교해야 한다.
#
# ### 3-2. early stopping과 cosine schedule의 `T_max`
#
# 05 노트북의 [CosineAnnealingLR](glossary.md#cosine-annealing)은 `T_max` epoch에 걸쳐 LR을 최솟값까지 내린다. 보통 `T_max`를
# 학습 길이로 두는데, early stopping과 함께 쓰면 학습이 몇 epoch에서 끝날지 미리 알 수 없다. 2절의 예산(30 epoch)을
# `T_max`로 두었다면 어땠을까? 학습 없이 `schedules.lr_trace`로 epoch별 LR만 미리 본다 (05 노트북과 같은 도구).

# %%
cosine = torch.optim.lr_scheduler.CosineAnnealingLR
lr_budget = schedules.lr_trace(cosine, N_EPOCH, lr=LR, T_max=N_EPOCH)
lr_chosen = schedules.lr_trace(cosine, chosen_epochs, lr=LR, T_max=chosen_epochs)
stopped = history.epochs_run
print(
    f"T_max={N_EPOCH} (예산): best epoch {history.best_epoch}의 LR {lr_budget[history.best_epoch - 1]:.2e}, "
    f"멈춘 epoch {stopped}의 LR {lr_budget[stopped - 1]:.2e} (처음의 {lr_budget[stopped - 1] / LR:.0%}), "
    f"epoch {N_EPOCH}의 LR {lr_budget[-1]:.2e}"
)
print(f"T_max={chosen_epochs} (고른 epoch 수), epoch 1~{chosen_epochs}의 LR:", [f"{v:.2e}" for v in lr_chosen])

# %% [markdown]
# 예산 30을 `T_max`로 두고 2절처럼 epoch 10에서 멈춘다고 하면(LR이 달라지면 멈추는 epoch도 달라질 수 있다) 그때 LR은 아직
# 처음의 79%다. cosine이 끝에서 작은 LR로 다듬는 부분은 한 번도 쓰이지 않고, 고정 LR에 가까운 학습이 된다(epoch 1\~10의 LR이
# 처음의 79% 이상). 할 수 있는 일은 둘이다.
#
# - **끝을 알 때 쓴다**: early stopping으로 epoch 수를 고른 뒤, 3-1처럼 다시 학습할 때 `T_max`를 그 epoch 수로 둔다(위 둘째 줄:
#   마지막 epoch 7의 LR이 처음의 5%). 다만 고른 epoch 수는 LR이 고정된 학습에서 고른 것이다: LR을 줄이면 가장 좋은
#   epoch 수도 달라질 수 있다.
# - **끝이 필요 없는 schedule을 쓴다**: validation loss가 좋아지지 않으면 LR을 줄이는 ReduceLROnPlateau(05 노트북). 이때
#   `ReduceLROnPlateau`의 `patience`는 early stopping의 `patience`보다 **2 이상** 작게 둔다(예: early stopping 5,
#   ReduceLROnPlateau 2). ReduceLROnPlateau는 개선 없는 epoch이 `patience + 1`번째일 때 LR을 줄이고 EarlyStopping은
#   `patience`번째에 멈추므로(05 노트북 6-2), 1만 작으면 LR을 줄인 바로 그 epoch에 멈춰 줄인 LR로는 한 epoch도 학습하지 못한다.

# %% [markdown]
# ## 4. Early stopping이 정말 돕는가: label의 40%가 틀린 작은 train set
#
# 2절의 학습에서는 best epoch 뒤 세 epoch 동안 validation loss가 조금 올랐을 뿐이고(0.06789 → 0.076\~0.083), val acc는
# 0.9796에서 0.9782로 거의 그대로였다(seed 하나의 대략 읽기; 연습 문제 1의 풀이에서는 epoch 15까지 val loss가 0.08\~0.10이다).
# 55,000장의 깨끗한 label에서는 언제 멈추느냐가 결과를 크게 바꾸지 않는 것으로 보인다. early stopping이 크게 돕는 것은 모델이
# train set의 **틀린 정보까지 외우기 시작할 때**다. 그런 조건을 일부러 만들어 보자. 충분히 큰 신경망은 label을 마구 바꾼 train
# set도 결국 다 외운다는 것을 보인 실험(Zhang et al. 2017, "Understanding deep learning requires rethinking generalization";
# 01 노트북 7절에서는 label의 90%를 바꾼 2,000장도 같은 MLP가 외웠다)을 이번에는 label의 40%만 바꾸어 따라 한다.
#
# - train: 02·03 노트북의 작은 train set과 같은 2,000장(클래스마다 200장). 그중 40%(800장)의 label을 **다른** 클래스로
#   바꾼다(`data.with_label_noise`). validation과 test의 label은 그대로(정답)다. 틀린 label의 위치와 새 클래스(나머지 9개 중
#   고르게)는 세 seed 모두 같다: seed가 바꾸는 것은 초기 가중치와 batch 순서뿐이다.
# - 모델과 학습: MLP 784-512-512-10, AdamW(lr 0.001, weight decay 0), batch 100, 최대 40 epoch.
# - **대조**: early stopping 없이 40 epoch을 다 돌고 **마지막 epoch**의 모델.
#   **처치**: `early_stopping=True, patience=3, restore_best=True` (멈춘 뒤 validation loss가 가장 낮았던 epoch의 가중치로 되돌림).
# - seed 0, 1, 2로 짝지어 돌린다. `paired=True` loader라 같은 seed의 두 실행은 초기 가중치도 batch 순서도 같다.
#   그래서 처치 실행이 멈출 때까지 두 실행의 기록은 **똑같아야** 한다 (아래에서 확인한다).
# - 4절은 3절과 별개의 실험이다: 비교할 두 설정은 미리 정해 두었고, test 결과를 보고 아무것도 바꾸지 않는다.

# %%
ES_TRAIN, ES_EPOCHS, ES_NOISE, ES_BATCH = 2000, 40, 0.4, 100
SEEDS = [0, 1, 2]
clean_small, _, _ = data.load_mnist_splits(DATASET_ROOT_PATH, ES_BATCH, train_size=ES_TRAIN, paired=True)
noisy_small = data.with_label_noise(clean_small, ES_NOISE, seed=0)
wrong = noisy_small.dataset.targets != clean_small.dataset.targets
print(
    f"train {len(noisy_small.dataset):,}장, 그중 label이 틀린 이미지 {int(wrong.sum()):,}장 ({wrong.float().mean():.0%})"
)

noisy_models = {}  # (seed, stop_early) -> 학습이 끝난 모델 (4-1에서 가중치를 본다)


def run_noisy(seed, stop_early):
    """틀린 label이 섞인 train set으로 학습: (History, (validation 정답 여부, test 정답 여부))."""
    settings.seed_everything(seed)
    model = models.MLP((512, 512)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.0)
    h = train.fit(
        noisy_small,
        val_loader,
        model,
        loss_fn,
        optimizer,
        ES_EPOCHS,
        save_best_model=False,
        early_stopping=stop_early,
        patience=PATIENCE,
        restore_best=stop_early,  # 처치: 멈춘 뒤 best epoch의 가중치로
        device=device,
        verbose=False,
    )
    noisy_models[seed, stop_early] = model
    return h, (correct_per_sample(val_loader, model), correct_per_sample(test_loader, model))


full_runs = [run_noisy(seed, stop_early=False) for seed in SEEDS]
es_runs = [run_noisy(seed, stop_early=True) for seed in SEEDS]
for seed, (h, hits), (h_es, hits_es) in zip(SEEDS, full_runs, es_runs, strict=True):
    peak = max(range(h.epochs_run), key=lambda i: h.val_acc[i])
    crossed = next((i + 1 for i, a in enumerate(h.train_acc) if a > 1 - ES_NOISE), None)
    print(
        f"seed {seed} | 대조: val acc 최고 {h.val_acc[peak]:.4f}(epoch {peak + 1}), train acc가 {1 - ES_NOISE:.1f}을 넘은 "
        f"epoch {crossed}, epoch {h.epochs_run}의 train acc {h.train_acc[-1]:.4f} · val loss {h.val_loss[-1]:.3f} · "
        f"val acc {hits[0].float().mean():.4f}"
    )
    print(
        f"       | early stopping: epoch {h_es.epochs_run}에서 멈춤, best epoch {h_es.best_epoch}"
        f"(val loss {h_es.best_val_loss:.3f}), 되돌린 모델의 val acc {hits_es[0].float().mean():.4f} "
        f"| 멈출 때까지 두 기록이 같은가: {h.val_loss[: h_es.epochs_run] == h_es.val_loss}"
    )

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
noisy_histories = [h for h, _ in full_runs]
plots.compare_histories({"train (label 40% 틀림)": noisy_histories}, metric="train_acc", ax=axes[0])
plots.compare_histories(
    {"검증 (validation, 정답 label)": noisy_histories},
    metric="val_acc",
    ax=axes[0],
    title="틀린 label을 외우는 동안의 정확도 (early stopping 없이 40 epoch)",
)
axes[0].axhline(1 - ES_NOISE, color="gray", ls=":", lw=1, label="맞는 label의 비율 (0.6)")
axes[0].set_ylabel("정확도 (accuracy)")
axes[0].legend()
plots.compare_histories({"대조 (40 epoch)": noisy_histories}, metric="val_loss", ax=axes[1])
for h_es, _ in es_runs:
    axes[1].axvline(h_es.epochs_run, color="red", ls="--", lw=0.8)
axes[1].set_title("검증 loss와 early stopping이 멈춘 epoch (빨간 파선, seed별)")
plt.show()

# %% [markdown]
# 같은 seed의 대조와 처치를 5,000장 validation과 10,000장 test에서 이미지별로 짝지어 강좌의 판정 규칙(02 노트북 10절,
# `course_lib/stats.py`: seed와 이미지를 함께 복원 추출하는 짝지은 bootstrap의 95% 구간)으로 판정한다.

# %%
regime = {
    "train_images": ES_TRAIN,
    "label_noise": ES_NOISE,
    "epochs": ES_EPOCHS,
    "model": "MLP 784-512-512-10, AdamW 1e-3",
}
es_record = report.compare_paired(
    "06",
    f"early stopping (patience {PATIENCE})",
    regime,
    "40 epoch 끝",
    "early stopping",
    SEEDS,
    [hits for _, hits in full_runs],
    [hits for _, hits in es_runs],
)
_ = report.save_comparisons([es_record])

# %% [markdown]
# 위 출력과 그림에서 읽을 수 있는 것:
#
# - **틀린 label을 외운다**: train accuracy(틀린 label이 섞인 train set의 label을 정답으로 삼아 잰 값)는 처음 두세 epoch에 0.55
#   근처까지 빠르게 오른 뒤 0.6 부근에서 느려지고(epoch 6\~7에 0.6을 넘는다), epoch 8쯤부터 다시 빠르게 올라 epoch 40에는
#   0.999\~1.000이 된다. 맞는 label만 모두 맞혀도 train accuracy는 0.6이므로, 0.6을 넘은 만큼은 **적어도** 틀린 label을 외운
#   것이다: 마지막에는 800장의 틀린 label까지 거의 다 맞힌다. 외우기는 그보다 먼저 시작될 수 있다: validation accuracy는 train
#   accuracy가 0.6을 넘기 전인 epoch 4\~5에 이미 가장 높았다.
# - **그동안 validation accuracy는 떨어진다**: 가장 높을 때는 epoch 4\~5의 0.850\~0.854였고, epoch 40에는 0.646\~0.669다.
#   validation loss는 epoch 5\~9에서 가장 낮고(0.79\~0.85), epoch 40에는 1.45\~1.53까지 올라간다.
# - **early stopping**은 best epoch(9, 6, 5)의 3 epoch 뒤인 epoch 12, 9, 8에서 멈추고, 되돌린 모델의 val acc는 0.8180, 0.8402,
#   0.8500이다. 멈출 때까지 두 기록이 같다(`True`): 같은 seed의 두 run이 정말 같은 길을 걸었다.
# - **판정**: early stopping − 40 epoch 끝은 validation +17.76%p [+16.59, +18.99], test +18.41%p [+17.40, +19.45]로 둘 다
#   **helps**다. 멈출 때와 되돌릴 epoch을 validation loss로 골랐으므로 validation 판정은 조금 낙관적일 수 있지만, 아무것도 고르는
#   데 쓰지 않은 test에서도 비슷한 크기(+18.41%p)로 helps다.
#
# 차이가 이렇게 큰 것은 대조군이 40 epoch 동안 틀린 label을 마음껏 외우도록 둔 조건이기 때문이다. 2절처럼 데이터가 많고 label이
# 깨끗하면 best epoch 뒤의 손해도 작다. label이 깨끗한 같은 2,000장(02 노트북 10절)에서는 오히려 마지막 epoch의 val acc
# (0.9141 ± 0.0012)가 validation loss로 고른 모델(0.9021 ± 0.0043)보다 높았다(판정 규칙이 아닌 대략 읽기).
#
# 또 early stopping은 틀린 label의 피해를 줄일 뿐 없애지는 못하는 것으로 보인다(판정 규칙이 아닌, 두 노트북의 숫자를 나란히
# 놓은 대략 읽기): 되돌린 모델의 val acc(0.82\~0.85)는 물론, 대조 run의 val acc가 가장 높았던 epoch의 값(0.850\~0.854)도 같은
# 2,000장을 깨끗한 label로 학습한 02 노트북 10절의 대조군(고른 모델의 val acc 0.9021 ± 0.0043)보다 낮다. 게다가 early stopping은
# loss로 고르므로 정확도의 정점을 놓칠 수 있다(seed 0: best epoch 9의 0.8180 대 epoch 5의 0.8502; 4-2). 이 실험이 잰 것은 아니지만,
# 틀린 label을 고치는 것(데이터를 더 좋게 만드는 것)이 먼저이고, early stopping은 그다음의 안전장치다.
#
# ### 4-1. 규제로서의 early stopping: 가중치가 초기값에서 멀리 가지 못한다
#
# early stopping은 학습을 짧게 할 뿐인 것처럼 보이지만, [규제](glossary.md#regularization)(02, 03 노트북)처럼 작동한다.
# 가중치는 초기값 w0에서 출발해 step마다 조금씩 움직이므로, 일찍 멈추면 가중치가 w0에서 **멀리 가지 못한다**. 위의 세 seed에서
# 재 보자: 같은 seed로 학습 전의 모델을 다시 만들어 w0를 얻고, 모든 파라미터를 한 벡터로 이어 L2 거리 ‖w − w0‖를 잰다.
# w는 early stopping 쪽(best epoch으로 되돌린 모델)과 대조(epoch 40의 모델)의 가중치다.


# %%
def flat(model):
    """모든 파라미터를 이어 붙인 한 벡터 (CPU)."""
    return torch.cat([p.detach().flatten().cpu() for p in model.parameters()])


for seed, (h_es, _) in zip(SEEDS, es_runs, strict=True):
    settings.seed_everything(seed)  # run_noisy와 같은 seed로 학습 전의 모델(초기 가중치 w0)을 다시 만든다
    w0 = flat(models.MLP((512, 512)))
    d_best = (flat(noisy_models[seed, True]) - w0).norm()
    d_last = (flat(noisy_models[seed, False]) - w0).norm()
    print(
        f"seed {seed} | ‖w0‖ {w0.norm():.2f} | ‖w − w0‖: best epoch {h_es.best_epoch}의 가중치 {d_best:.2f}, "
        f"epoch {ES_EPOCHS}의 가중치 {d_last:.2f}"
    )

# %% [markdown]
# best epoch(9, 6, 5)의 가중치는 w0에서 15.91, 12.12, 10.78만큼 움직였고, epoch 40의 가중치는 30.96, 30.35, 30.15만큼, 약 2\~2.8배
# 멀리 갔다 (w0 자체의 크기는 18.6 정도). 틀린 label 800장까지 외운 가중치는 초기값에서 훨씬 먼 곳에 있다. early stopping은
# 그곳까지 가기 전에 멈추게 해서, 가중치가 갈 수 있는 거리를 제한한다. weight decay(03 노트북)가 가중치를 0 쪽으로 당겨 크기를
# 제한하는 것과 닮았다.
#
# 이 닮음은 간단한 경우에 식으로도 보인다: loss가 이차식인 선형 모델을 learning rate η의 gradient descent로 t step 학습하고
# 멈추는 것은, 초기값 쪽으로 당기는 L2 규제 λ/2·‖w − w0‖²를 λ ≈ 1/(ηt)로 준 것과 거의 같다 (Goodfellow, Bengio, Courville,
# *Deep Learning* 7.8절). 오래 학습할수록(t가 클수록) λ가 작아진다: 규제가 약해진다. Adam(4절의 weight decay 0인 AdamW도
# 같다)으로 학습하는 신경망에서는 이 식이 그대로 성립하지 않는다. 위 출력이 보여 주는 것은 일찍 멈춘 가중치가 초기값에 가깝다는 것까지다.
#
# ### 4-2. loss를 지켜볼까, accuracy를 지켜볼까
#
# 이 강좌의 early stopping과 best checkpoint는 validation **loss**로 고른다. 보고하는 숫자는 대개 accuracy인데, 둘이 늘 같이
# 움직이지는 않는다. 지금까지의 기록에서 validation loss가 가장 낮은 epoch과 validation accuracy가 가장 높은 epoch을 나란히
# 보자 (학습은 다시 하지 않는다: 2절의 기록과 4절 대조 run의 40 epoch 기록).

# %%
records = [("2절 BNModel", history)] + [(f"4절 대조 seed {s}", h) for s, (h, _) in zip(SEEDS, full_runs, strict=True)]
for name, h in records:
    i_loss = min(range(h.epochs_run), key=lambda i: h.val_loss[i])
    i_acc = max(range(h.epochs_run), key=lambda i: h.val_acc[i])
    print(
        f"val loss 최저: epoch {i_loss + 1:>2} (val acc {h.val_acc[i_loss]:.4f}) | val acc 최고: epoch {i_acc + 1:>2} "
        f"(val acc {h.val_acc[i_acc]:.4f}, val loss {h.val_loss[i_acc]:.3f}) | {name}"
    )

# %% [markdown]
# 2절의 BNModel과 seed 2에서는 같은 epoch(7, 5)이다. seed 0, 1에서는 accuracy가 먼저(epoch 5, 4) 가장 높았고, loss는 그 뒤로도
# 몇 epoch 더 내려가 epoch 9, 6에서 가장 낮았다. 그사이 val acc는 0.8502 → 0.8180, 0.8542 → 0.8402로 떨어졌다. loss는 맞힌
# 이미지에 얼마나 자신 있는지도 재므로, 맞힌 개수가 줄어도 내려갈 수 있다. 반대로 label이 깨끗한 2,000장(02 노트북 10절)에서는
# validation loss가 오르기 시작한 뒤에도 accuracy가 더 올랐다(마지막 epoch 0.9141 대 loss로 고른 0.9021, 대략 읽기).
#
# 그래도 이 강좌가 loss로 고르는 이유:
#
# - loss는 이미지마다 확률로 조금씩 움직이는 연속적인 값이다. 5,000장의 accuracy는 0.0002(이미지 한 장) 단위로 움직이고 같은
#   값이 자주 나와, '최저(최고) 기록을 갱신했는가'가 이미지 몇 장에 흔들린다.
# - 학습이 줄이는 값이 loss다. validation loss가 오르면 accuracy가 그대로여도 모델이 validation 이미지에 주는 확률은 나빠지고
#   있다 (예: 틀리는 이미지에 더 자신 있어진다).
# - 기준을 하나로 정해 두어야 노트북 사이의 비교가 같은 규칙이 된다 (07 노트북의 selected epoch도 validation loss로 고른다).
#
# 보고할 지표가 accuracy라면 accuracy로 고르는 것도 정당한 선택이다. 다만 무엇으로 고를지는 결과를 보기 전에 정하고, 두 방법의
# 차이는 짝지은 실행과 판정 규칙으로 잰다 (여기서는 재지 않았다). 위의 'val acc 최고' 값은 고르는 데 쓴 값 자체라서 그 모델의
# 성능을 낙관적으로 말한다: 기록된 epoch(4절 대조는 40개, 2절은 10개) 중 가장 높은 값을 골랐기 때문이다.
#
# ## 5. 끊긴 학습을 정확히 이어 하기 (exact resume)
#
# 긴 학습은 중간에 끊길 수 있다(노트북의 Stop, kernel 재시작, 전원). best checkpoint로는 **정확히** 이어 갈 수 없다:
# best checkpoint는 validation loss가 좋아진 epoch에만 쓰이므로, 그 뒤의 epoch들은 다시 돌려야 하고
# optimizer와 scheduler 상태도 best epoch의 것이고, early stopping 카운터와 난수 상태는 아예 들어 있지 않다.
#
# 그래서 `fit`에는 두 번째 파일이 있다.
#
# | 파일 | 인자 | 언제 쓰나 | 무엇이 들어 있나 | 용도 |
# |---|---|---|---|---|
# | best checkpoint | `save_model_path` | validation loss가 최저를 갱신할 때 | 모델, optimizer, scheduler, epoch, History | 최종 모델 (early stopping이 고른 모델) |
# | last checkpoint | `last_checkpoint_path` | **매 epoch 끝** | 위의 것 + early stopping 상태 + 난수 상태(RNG) + best epoch의 가중치 | 끊긴 학습을 이어 하기 |
#
# `resume_from=경로`를 주면 그 파일이 있을 때 모든 상태를 되돌리고 **다음 epoch부터** 이어 간다. `epochs`는 전체 epoch 수다.
# 파일이 없으면 한 줄 안내 후 처음부터 시작한다. 그래서 **같은 셀을 다시 실행하면 끊긴 학습이 이어진다**:
# `last_checkpoint_path`와 `resume_from`에 같은 경로를 주면 된다.
#
# 실험해 보자. 먼저 끊기지 않은 기준 학습: BNModel + `StepLR`, 6 epoch.

# %%
RESUME_EPOCHS = 6


def make_run(seed=0):
    """같은 설정의 모델, optimizer, scheduler (새 kernel에서 다시 만드는 것과 같다)."""
    settings.seed_everything(seed)
    model = models.BNModel()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    return model, optimizer, scheduler


model, optimizer, scheduler = make_run()
uninterrupted = train.fit(
    train_loader,
    val_loader,
    model,
    loss_fn,
    optimizer,
    RESUME_EPOCHS,
    save_best_model=False,
    early_stopping=False,
    device=device,
    lr_scheduler=scheduler,
    verbose=False,
)
print("끊기지 않은 학습의 val loss:", [f"{v:.5f}" for v in uninterrupted.val_loss])

# %% [markdown]
# 이제 같은 학습을 돌리다가 **epoch 4 도중에 Stop을 누른 것**처럼 만들어 보자. 노트북 실행을 자동으로 멈출 수는
# 없으므로, 정해진 batch에서 `KeyboardInterrupt`(Stop 버튼이 보내는 것)를 일으키는 loader로 흉내 낸다.
# `fit`은 Stop을 받으면 그때까지의 기록을 정리하고 `train.TrainingInterrupted`(KeyboardInterrupt의 한 종류)를 다시 올린다.
# 그래서 **셀 전체가 멈춘다**: 여러 학습을 for 문으로 돌리는 셀(07 노트북)에서 Stop을 누르면 다음 학습으로 넘어가지 않고
# 멈추고, 이미 끝난 학습의 결과와 checkpoint는 그대로 남는다. 여기서는 수업을 이어 가기 위해 `try/except`로 잡는다.


# %%
class StopAt:
    """train loader를 감싸서 epoch `epoch`의 batch `batch`에서 Stop(KeyboardInterrupt)을 흉내 낸다."""

    def __init__(self, loader, epoch, batch):
        self.loader, self.epoch, self.batch, self.seen = loader, epoch, batch, 0
        self.dataset = loader.dataset

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        self.seen += 1
        for i, xy in enumerate(self.loader):
            if self.seen == self.epoch and i == self.batch:
                raise KeyboardInterrupt
            yield xy

    def batches(self, batch_size=None, shuffle=None):  # 평가용 순회는 그대로 통과
        return self.loader.batches(batch_size, shuffle)


last_path = os.path.join(MODEL_SAVE_ROOT_PATH, "bn_last.pth")
if os.path.exists(last_path):
    os.remove(last_path)  # 수업을 위해 처음부터 시작한다 (평소에는 지우지 않는다)

model, optimizer, scheduler = make_run()
try:
    train.fit(
        StopAt(train_loader, epoch=4, batch=10),
        val_loader,
        model,
        loss_fn,
        optimizer,
        RESUME_EPOCHS,
        save_best_model=False,
        early_stopping=False,
        device=device,
        lr_scheduler=scheduler,
        last_checkpoint_path=last_path,
        resume_from=last_path,
    )
except train.TrainingInterrupted as stop:
    print("셀이 멈췄다. 끝난 epoch 수:", stop.history.epochs_run)

# %% [markdown]
# kernel을 새로 시작했다고 생각하자: 메모리에는 아무것도 없고 파일만 남아 있다. 난수 상태도 일부러 바꿔 둔다.
# 모델, optimizer, scheduler를 **처음과 같은 설정으로 새로 만들고**, 위와 **같은 호출**을 다시 실행한다
# (이번에는 Stop 없이).

# %%
model, optimizer, scheduler = make_run(seed=12345)  # 다른 난수 상태: 파일이 모든 것을 되돌려야 한다
resumed = train.fit(
    train_loader,
    val_loader,
    model,
    loss_fn,
    optimizer,
    RESUME_EPOCHS,
    save_best_model=False,
    early_stopping=False,
    device=device,
    lr_scheduler=scheduler,
    last_checkpoint_path=last_path,
    resume_from=last_path,
)

# %% tags=["nbval-check-output"]
fields = ["train_loss", "train_acc", "val_loss", "val_acc", "lr"]
diff = max(abs(a - b) for f in fields for a, b in zip(getattr(resumed, f), getattr(uninterrupted, f), strict=True))
print("epoch 수 같음        :", resumed.epochs_run == uninterrupted.epochs_run)
print("기록 차이 최대 < 1e-6:", diff < 1e-6)

# %% [markdown]
# 이어서 한 학습의 기록이 끊기지 않은 학습과 **같다**(모든 값의 차이가 1e-6 미만).
# epoch 4는 처음부터 다시 돌았고(끝나지 않은 epoch은 저장되지 않았다), learning rate 일정도 그대로 이어졌다.
# 두 곡선을 겹쳐 그리면 한 선으로 보인다.

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
x = range(1, uninterrupted.epochs_run + 1)
axes[0].plot(x, uninterrupted.val_loss, "o-", lw=4, alpha=0.4, label="끊기지 않은 학습")
axes[0].plot(x, resumed.val_loss, "o--", ms=3, label="Stop 후 이어 한 학습")
axes[0].axvline(3.5, color="purple", ls=":", label="끊긴 곳 (epoch 4 도중)")
axes[0].set(xlabel="epoch", ylabel="검증 loss (validation)", title="val loss: 이어 해도 같은 곡선")
plots.compare_histories(
    {"끊기지 않은 학습": uninterrupted, "Stop 후 이어 한 학습": resumed},
    metric="lr",
    ax=axes[1],
    title="epoch별 learning rate (StepLR, 각 epoch을 시작할 때)",
)
for ax in axes:
    ax.grid(True, ls=":")
    ax.legend()
plt.show()

# %% [markdown]
# 왜 정확히 같을까? last checkpoint에는 가중치뿐 아니라 Adam의 moment 추정값(optimizer 상태), StepLR의 위치,
# early stopping의 최저 기록과 카운터, 그리고 **난수 생성기 상태**(CPU와, 쓰고 있으면 CUDA나 MPS의 것)가 들어 있다.
# 난수 상태가 없으면 다음 epoch의 데이터 순서(Dropout을 쓰는 모델이라면 Dropout mask도)가 달라져, 비슷하지만 같지 않은 학습이
# 된다. best epoch의 가중치도 들어 있어서, `restore_best=True`로 이어서 한 학습도 끝날 때 끊기지 않은 학습과 같은 best epoch의
# 가중치로 돌아간다.
#
# 셀을 고친 뒤(예: learning rate, weight decay, StepLR의 gamma, Dropout 비율을 바꾼 뒤) 같은 `resume_from`으로 다시
# 실행하면, `fit`은 이어 가지 않고 무엇이 다른지(예: `lr: 파일 0.001 ≠ 지금 0.01`) 말하는 `CheckpointError`로 멈춘다:
# 다른 설정의 상태로 조용히 이어 가지 않도록. (`patience`, `min_delta`는 비교하지 않는다.) 바꾼 설정으로 새로 시작하려면
# 파일을 지우거나 다른 경로를 준다.
#
# 정리: **best checkpoint는 결과물**(early stopping이 고른 모델), **last checkpoint는 작업 파일**(이어 하기용)이다.
# 끝난 학습을 같은 셀로 다시 실행하면 "이미 끝난 학습"이라는 안내와 함께 저장된 기록만 돌려준다.
#
# ## 6. 왜 모델 전체를 pickle로 저장하지 않는가
#
# 원래 자료는 `torch.save(model, path)`로 **모델 객체 전체**를 저장했다. 이 방식은 Python pickle을 쓴다.
#
# - **보안**: pickle 파일은 불러오는 순간 그 안에 적힌 임의의 코드를 실행할 수 있다.
#   인터넷에서 받은 `.pth` 파일 하나로 컴퓨터가 위험해질 수 있다.
# - **PyTorch 2.6부터** `torch.load`의 기본값이 `weights_only=True`로 바뀌어, 모델 전체를 pickle한 파일은 기본 설정으로 열리지 않는다.
# - **호환성**: pickle은 클래스의 위치(모듈 경로)까지 저장하므로, 코드 구조가 바뀌면 열 수 없게 된다.
#
# 그래서 이 강좌는 [`state_dict`](glossary.md#state-dict)(이름 → tensor)와 숫자, 문자열만 저장하고, 항상 `weights_only=True`로 읽는다.
# 모델 객체 전체를 저장한 파일을 `checkpoint.load_checkpoint`로 열면 어떻게 되는지 보자.

# %%
whole_path = os.path.join(MODEL_SAVE_ROOT_PATH, "whole_model.pth")
torch.save(fresh_model, whole_path)  # 원래 자료의 방식: 이렇게 저장하지 말 것

try:
    checkpoint.load_checkpoint(whole_path, models.BNModel())
except checkpoint.CheckpointError as err:
    print("불러오기 거부:\n", err)

# %% [markdown]
# ## 관찰 포인트
#
# - Early stopping은 validation loss가 `patience` epoch 연속 최저를 갱신하지 못하면 멈춘다 (`min_delta`를 주면: 마지막
#   '의미 있는 개선' 때의 값보다 `min_delta` 넘게 낮아지지 않은 epoch이 `patience`번 연속되면). 멈춘 시점의
#   모델이 아니라 **best epoch에 저장한 checkpoint**가 최종 모델이다. 멈출 시점도 best model도 **validation**으로 고른다.
# - 저장된 checkpoint를 새 모델에 불러 평가하면 best epoch의 validation 결과가 그대로 재현된다. test set은 그다음에 한 번만 쓴다.
# - label의 40%가 틀린 train 2,000장에서는 early stopping 없이 40 epoch 학습한 모델이 틀린 label을 외워 val acc가 0.65\~0.67로
#   떨어졌고, early stopping(patience 3, best epoch으로 되돌림)은 판정 규칙으로 validation +17.76%p, test +18.41%p, 둘 다 helps였다.
#   train set의 **틀린 label**을 외우는 조건에서는 early stopping의 값이 크다. label이 깨끗한 같은 2,000장(02 노트북 10절)에서는
#   오히려 마지막 epoch의 val acc(0.9141 ± 0.0012)가 validation loss로 고른 모델(0.9021 ± 0.0043)보다 높았다(대략 읽기).
# - 고른 epoch 수로 train + validation 전체를 다시 학습할 수 있다(3-1). 그 대가로 새 학습을 검사할 validation set이 남지 않는다:
#   다시 학습한 모델의 val acc(0.9960)는 학습에 쓴 이미지에서 잰 값이다. test acc는 0.9796 대 0.9806 (seed 하나, 판정 없음).
# - early stopping과 cosine schedule을 함께 쓸 때 `T_max`를 예산(30)으로 두면, 2절처럼 epoch 10에서 멈출 경우 LR이 아직 처음의 79%다(3-2).
#   `T_max`를 고른 epoch 수로 두고 다시 학습하거나, 끝이 필요 없는 ReduceLROnPlateau를 쓴다(그 `patience`는 early stopping의
#   `patience`보다 2 이상 작게).
# - early stopping은 규제처럼 작동한다: best epoch의 가중치는 초기값에서 10.78\~15.91 떨어져 있었고, 틀린 label까지 외운 epoch 40의
#   가중치는 30.15\~30.96 떨어져 있었다(4-1).
# - validation loss가 가장 낮은 epoch과 accuracy가 가장 높은 epoch은 다를 수 있다(4-2, seed 0: epoch 9 대 5). 이 강좌는 loss로
#   고른다. 무엇으로 고를지는 결과를 보기 전에 정한다.
# - 끊긴 학습은 `last_checkpoint_path` + `resume_from`으로 정확히 이어진다: 같은 셀을 다시 실행하면 된다.
# - Stop은 `TrainingInterrupted`로 셀 전체를 멈춘다. 끝난 학습의 결과와 checkpoint는 남는다.
# - 모델 전체를 pickle하지 말고 `state_dict`를 저장하고 `weights_only=True`로 읽는다.
#
# ## 연습 문제
#
# 문제마다 시작 코드 셀이 있다. `...`(또는 `# TODO`)를 채우고 셀을 실행하면 마지막 줄의 `qN.check(...)`가 답을 검사한다.
# 막히면 `qN.hint()`, 더 자세히는 `qN.hint(2)`, 풀이는 `qN.solution()`.

# %%
from course_lib.exercises.lesson06 import q1, q2, q3, q4

# %% [markdown]
# **1.** `PATIENCE`를 1, 5, 10으로 바꾸면 멈추는 epoch과 best epoch이 어떻게 달라지는가? patience가 너무 작을 때의 위험은?
#
# 먼저 아래 `where_it_stops(val_loss, patience)`를 완성하라: validation loss 기록에 `train.EarlyStopping(patience)`의 규칙을
# 차례로 적용해 `(멈춘 epoch, 그때까지의 best epoch)`을 돌려준다. epoch은 1부터 세고, 기록 안에서 멈추지 않으면 멈춘 epoch은
# `None`이다. 검사를 통과하면 `early_stopping=False`로 한 번 길게 학습한 기록에 patience 1, 3, 5, 10을 적용해 보라.
#
# **기대 결과**: patience가 작을수록 일찍 멈춘다. patience=1은 validation loss가 한 번만 흔들려도 멈춰, 더 낮은 최저점을
# 놓칠 수 있다. patience가 크면 늦게 멈추지만 best epoch은 같거나 더 뒤다.


# %%
def where_it_stops(val_loss, patience):
    """(멈춘 epoch 또는 None, 그때까지의 best epoch). epoch은 1부터 센다."""
    ...  # TODO: train.EarlyStopping(patience)에 val_loss의 값을 차례로 넣는다


q1.check(where_it_stops)

# %% [markdown]
# **2.** `train.fit(..., restore_best=True)`로 학습한 뒤 모델을 바로 평가해, 파일에서 불러온 best model과 결과가 같은지 확인하라.
#
# 2절과 같은 BNModel, seed 0으로 `early_stopping=False, restore_best=True`를 주고 10 epoch 학습한다. `q2.check`는 돌려받은
# History(`h`)와 학습이 끝난 `model`을 받아, 모델을 validation set으로 직접 평가해 best epoch의 기록과 비교한다.
#
# **기대 결과**: validation loss와 accuracy가 best epoch의 기록과 같다 (차이 1e-6 미만).

# %%
settings.seed_everything(0)
model = models.BNModel()
h = ...  # TODO: train.fit(..., 10, save_best_model=False, early_stopping=False, restore_best=True, ...)
# TODO: train.evaluate(val_loader, model, loss_fn, device=device)의 결과를 h.best_val_loss, h.best_val_acc와 비교

q2.check(h, model, val_loader)

# %% [markdown]
# **3.** DropoutModel로 같은 early stopping 실험을 하라. BNModel보다 늦게 멈추는가? 02 노트북의 관찰과 연결해 설명하라.
#
# `q3.check`는 돌려받은 History(`h_drop`)가 DropoutModel을 2절과 같은 early stopping(patience 3)으로 학습한 기록인지 본다.
# 늦게 멈추는지는 `h_drop`과 2절의 `history`를 나란히 놓고 스스로 판단한다.
#
# **기대 결과**: DropoutModel의 best epoch이 BNModel보다 늦거나 예산 끝에 있다 (seed에 따라 다를 수 있다).

# %%
settings.seed_everything(0)
model = models.DropoutModel(0.5)
h_drop = ...  # TODO: 2절처럼 early_stopping=True, patience=PATIENCE로 학습 (시간을 아끼려면 10 epoch)

q3.check(h_drop)

# %% [markdown]
# **4.** 5절에서 last checkpoint 대신 모델 가중치만 불러와(`checkpoint.load_checkpoint(last_path, model)`) 새 optimizer로 이어서
# 학습하면 기록이 끊기지 않은 학습과 같은가? 무엇이 빠졌는가?
#
# 작은 모델로 줄여서 해 본다. 아래 셀은 끊기지 않은 4 epoch 학습(`full`)과, 같은 설정으로 2 epoch 학습하며 last checkpoint를
# 남긴 학습(`first`)을 만든다. 새로 만든 모델에 **가중치만** 불러와 새 optimizer, 새 scheduler로 남은 2 epoch을 학습해 `rest`를
# 만들고, `full`의 epoch 3, 4와 비교하라.
#
# **기대 결과**: 기록이 달라진다 (차이가 1e-6보다 훨씬 크다). learning rate도 처음 값으로 돌아간다. '다르다'는 것이지 '나쁘다'는
# 뜻은 아니다: validation loss가 오히려 낮아질 수도 있다.


# %%
def make(seed=0):
    settings.seed_everything(seed)
    m = models.MLP((64,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    return m, opt, torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)


quiet = dict(save_best_model=False, early_stopping=False, device=device, verbose=False)
m, opt, sched = make()
full = train.fit(train_loader, val_loader, m, loss_fn, opt, 4, lr_scheduler=sched, **quiet)

m, opt, sched = make()
last = os.path.join(MODEL_SAVE_ROOT_PATH, "exercise_last.pth")
first = train.fit(train_loader, val_loader, m, loss_fn, opt, 2, lr_scheduler=sched, last_checkpoint_path=last, **quiet)

m, opt, sched = make(seed=1)  # 새 kernel처럼: 새 모델, 새 optimizer, 새 scheduler, 다른 난수 상태
rest = ...  # TODO: checkpoint.load_checkpoint(last, m)로 가중치만 불러와 남은 2 epoch 학습 (resume_from은 쓰지 않는다)

q4.check(full, first, rest)

# %% [markdown]
# 풀이는 [solutions/06_early_stopping_solutions.ipynb](solutions/06_early_stopping_solutions.ipynb)에 있다.
#
# ## 확인 문제
#
# 1. Early stopping으로 멈춘 뒤 최종 모델로 써야 하는 것은 마지막 epoch의 모델인가, best checkpoint인가?
#
# <details><summary>정답</summary>
#
# best checkpoint. 마지막 `patience` epoch 동안 validation loss가 최저를 갱신하지 못했으므로 마지막 모델은 best보다 좋지 않다
# (`min_delta`를 주지 않았을 때; 2절의 학습이 그렇다).
# </details>
#
# 2. 이 노트북의 학습은 몇 epoch에서 멈췄고 best epoch은 몇이었나? 둘의 차이는 무엇과 같아야 하는가?
#
# <details><summary>정답</summary>
#
# epoch 10에서 멈췄고(`실행한 epoch: 10 / 30`, 멈춘 이유 `early_stopping`) best epoch은 7이다. 차이 10 − 7 = 3은
# `PATIENCE`(3)와 같다: 최저 기록 뒤 3 epoch 연속 갱신하지 못해서 멈추기 때문이다 (`min_delta`를 주지 않았을 때; 1절의
# `min_delta` 예에서는 best epoch 5, 멈춘 epoch 6으로 차이가 1이었다).
# </details>
#
# 3. early stopping의 기준과 best model 선택에 test set을 쓰면 무엇이 문제인가?
#
# <details><summary>정답</summary>
#
# test set으로 고른 셈이 되어 test 정확도가 낙관적으로 치우친다. 고르는 것은 validation, 마지막 보고만 test로 한다.
# </details>
#
# 4. best checkpoint만 있으면 끊긴 학습을 정확히 이어 갈 수 없는 이유는?
#
# <details><summary>정답</summary>
#
# best checkpoint는 validation loss가 좋아진 epoch에만 쓰이므로 그 뒤 epoch들의 상태(가중치, optimizer, scheduler,
# early stopping 카운터, 난수 상태)가 없다. 매 epoch 쓰는 last checkpoint가 필요하다.
# </details>
#
# 5. 여러 학습을 for 문으로 돌리는 셀에서 Stop을 누르면 어떻게 되는가?
#
# <details><summary>정답</summary>
#
# `fit`이 `TrainingInterrupted`를 올려 셀 전체가 멈춘다. 이미 끝난 학습의 결과(변수에 저장된 것)와 checkpoint는 남고,
# 다음 학습은 시작하지 않는다.
# </details>
#
# 6. `min_delta=0.015`일 때 1절의 값들에서 멈춘 epoch은 몇이었나?
#
# <details><summary>정답</summary>
#
# epoch 6. 0.22 → 0.21(0.01 개선)은 `min_delta`보다 작아 '의미 있는 개선'이 아니므로 epoch 4, 5, 6에서 연속 미개선이
# 1, 2, 3이 되어 멈춘다. best epoch은 그래도 가장 낮은 값인 epoch 5(0.21)다.
# </details>
#
# 7. early stopping으로 고른 epoch 수로 train + validation 전체를 다시 학습했다. 이 모델의 validation 정확도로 무엇을 알 수 있는가?
#
# <details><summary>정답</summary>
#
# 새 데이터에서의 성능(일반화)에 대해서는 아무것도 알 수 없다. validation 이미지로 학습했으므로 그 정확도(3-1: 0.9960)는
# train accuracy와 같은 종류의 값이다. 남은 검사는 test set
# 하나이고, 그것은 보고에만 쓴다: test 결과를 보고 epoch 수 등을 다시 고르면 test 정확도가 낙관적으로 치우친다.
# </details>
#
# 8. `CosineAnnealingLR(T_max=30)`과 early stopping(예산 30 epoch)을 함께 쓰면 무엇이 문제인가? 어떻게 하면 되는가?
#
# <details><summary>정답</summary>
#
# early stopping이 30 epoch보다 훨씬 일찍 멈추면 LR이 충분히 내려가지 않는다 (3-2: epoch 10에서 멈추면 처음의 79%). 끝을 알 때
# `T_max`를 그 epoch 수로 두거나(고른 epoch 수로 다시 학습할 때), ReduceLROnPlateau처럼 끝이 필요 없는 schedule을 쓴다.
# ReduceLROnPlateau의 `patience`는 early stopping의 `patience`보다 2 이상 작게 둔다: 1만 작으면 LR을 줄인 그 epoch에 멈춘다.
# </details>
#
# 9. early stopping을 왜 규제(regularization)라고 부르는가?
#
# <details><summary>정답</summary>
#
# 일찍 멈추면 가중치가 초기값에서 멀리 가지 못한다. 4-1에서 best epoch의 가중치는 초기값에서 10.78\~15.91, 틀린 label까지 외운
# epoch 40의 가중치는 30.15\~30.96 떨어져 있었다. 초기값에서의 거리 ‖w − w0‖를 제한한다는 점에서, 0에서의 거리(가중치의 크기)를
# 제한하는 weight decay와 닮았고, loss가 이차식인 선형 모델에서는 L2 규제와 거의 같다 (λ ≈ 1/(ηt)).
# </details>
