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
# # 00. 데이터와 학습 루프
#
# **목표**: 이 강좌의 모든 노트북이 함께 쓰는 도구(`course_lib`)와 실험 습관을 먼저 익힌다.
# MNIST를 불러와 **train / validation / test** 세 부분으로 나누고, 이미지를 직접 보고,
# `train.fit()`이 한 epoch 동안 무엇을 하는지, loss/accuracy를 어떻게 평균 내는지 이해한다.
# 학습 전에 파이프라인을 점검하는 두 가지 sanity check를 해 보고, 여러 후보 중 validation 점수로 "최고"를 고르면
# 그 점수가 왜 부풀려지는지(selection bias) 직접 잰다. 마지막으로 작은 모델을 한 번 학습시키고 test set으로 한 번 평가한다.
#
# **Goal**: get to know `course_lib`, the shared toolkit, and the experimental habits of this course: load MNIST and
# split it into train / validation / test, look at the images, understand what `train.fit()` does in each epoch and
# how loss/accuracy are averaged, run two sanity checks before training, measure why the best score among many
# candidates is biased upward (selection bias), and finally train a small model and score it once on the test set.

# %% [markdown]
# ## 1. `course_lib`: 공용 코드를 모아 둔 패키지
#
# 원래 실습 자료에서는 노트북 맨 앞에서 `%%writefile module/train.py`, `%%writefile module/data.py`로
# 모듈 파일을 만들고 `from module import train, data`로 불러 썼다.
# 이 강좌에서는 그 코드를 `course_lib`라는 작은 패키지로 옮겼다. 사용법(함수 이름, 인자 순서)은 그대로이고,
# 노트북마다 같은 코드를 다시 쓰지 않아도 되며, 테스트로 동작을 확인해 두었다.
#
# | 모듈 | 하는 일 |
# |---|---|
# | `settings` | 실행 모드(full / smoke), 데이터 폴더, device 선택, 난수 seed 고정 |
# | `data` | `load_mnist_dataset()`, `load_mnist_splits()`: MNIST를 읽어 배치를 주는 loader |
# | `models` | 수업에서 쓰는 모델: `SmallSizeModel`, `BigSizeModel`, `DropoutModel`, `BNModel`, `MLP` |
# | `train` | `fit()`: 학습 → 평가 → scheduler → best model 저장 → early stopping |
# | `checkpoint` | 모델 저장/불러오기 (state_dict 기반) |
# | `schedules` | Learning rate 스케줄 미리 보기 |
# | `plots` | 학습 곡선, 이미지, 여러 실험 비교 그래프 |
# | `report` | 여러 seed의 평균 ± 표준편차, 실험 비교표 |

# %%
import inspect
import math
import os
import time

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

from course_lib import checkpoint, data, models, plots, report, settings, train

settings.seed_everything(42)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %% [markdown]
# ## 2. 하이퍼파라미터와 경로
#
# 강좌 전체에서 같은 값을 쓴다. [learning rate](glossary.md#learning-rate)(`LR`), [epoch](glossary.md#epoch) 수,
# [batch](glossary.md#batch) 크기처럼 학습 전에 사람이 정하는 값을 [hyperparameter](glossary.md#hyperparameter)라고 한다.
# `DATASET_ROOT_PATH`는 저장소 최상위의 `datasets/` 폴더이고,
# 학습한 모델은 이 노트북 폴더 아래 `models/`에 저장한다 (폴더는 저장할 때 자동으로 만들어진다).

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = "models"

# %% [markdown]
# ## 3. 두 가지 실행 모드와 데이터 폴더
#
# - **full mode** (기본값): 실제 MNIST 전체(train 60,000장 / test 10,000장)로 정해진 epoch 수만큼 학습한다.
#   데이터는 `settings.data_root()`가 알려 주는 폴더의 `MNIST/raw/`에 있어야 한다.
#   기본값은 저장소 최상위의 `datasets/`이고, 환경 변수 `COURSE_DATA_ROOT`로 다른 폴더를 지정할 수 있다.
#   파일이 없으면 처음 한 번 내려받는다 (인터넷이 없으면 네 개의 원본 파일을 직접 넣으라는 안내가 나온다).
# - **smoke mode** (`COURSE_SMOKE=1`): 코드가 끝까지 도는지만 빠르게 확인하는 모드다.
#   `course_lib` 안에 들어 있는 작은 MNIST 표본(train 2,000 / test 500)을 쓰고, `fit()`은 epoch을 2로 줄인다.
#   줄일 때는 `[smoke mode]`로 시작하는 안내가 한 줄 출력되므로, 그 결과를 실제 성능으로 착각할 일이 없다.
#
# 노트북 코드는 두 모드에서 똑같다. 바뀌는 것은 `course_lib` 안쪽뿐이다.

# %%
print("smoke mode:", settings.is_smoke())
print("COURSE_SMOKE =", repr(os.environ.get("COURSE_SMOKE", "")))
print("COURSE_DATA_ROOT =", repr(os.environ.get("COURSE_DATA_ROOT", "")))
# 저장소 최상위 기준 상대 경로로 보여 준다
print("데이터 폴더:", os.path.relpath(DATASET_ROOT_PATH, settings.project_root()))

raw_dir = DATASET_ROOT_PATH / "MNIST" / "raw"
if raw_dir.is_dir():
    for f in sorted(raw_dir.iterdir()):
        print(f"  {f.name:<26} {f.stat().st_size:>12,} bytes")
else:
    print("  (아직 MNIST/raw 폴더가 없습니다)")

# %% [markdown]
# ## 4. MNIST 불러오기: 원래 자료의 방식
#
# `data.load_mnist_dataset(root, batch_size, is_train)`은 원래 자료의 함수와 이름, 인자가 같다.
# `is_train=True`면 train set 60,000장을 섞어서(shuffle), `False`면 test set 10,000장을 순서대로 준다.
# (원래 자료는 이 test loader를 그대로 `fit()`의 validation loader로 넘긴다. 이 강좌가 왜 그렇게 하지 않는지는 6절에서 본다.)

# %%
full_train_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, True)
full_train_loader

# %% [markdown]
# `len(loader.dataset)`은 데이터(이미지) 수, `len(loader)`는 한 epoch의 [step](glossary.md#step)(배치) 수다.
# full mode라면 60,000 / 200 = 300 step이 된다.

# %%
# 데이터수, step 수
len(full_train_loader.dataset), len(full_train_loader)

# %% [markdown]
# 배치 하나를 꺼내 모양을 확인하자. 이미지는 `(배치, 채널, 높이, 너비)` = `(200, 1, 28, 28)`이고,
# 픽셀 값은 `ToTensor()`와 같이 0\~1 사이의 float32, 레이블은 0\~9의 정수(int64)다.

# %% tags=["nbval-check-output"]
X, y = next(iter(full_train_loader))
print("X:", tuple(X.shape), X.dtype)  # (B, 1, 28, 28)
print("y:", tuple(y.shape), y.dtype)  # (B,)

# %%
print("픽셀 값 범위:", X.min().item(), "~", X.max().item())
print("레이블 예:", y[:16].tolist())

# %%
plots.show_images(X[:16], y[:16])
plt.show()

# %% [markdown]
# ## 5. 왜 메모리 위의 loader인가
#
# 원래 자료의 `load_mnist_dataset()`은 `DataLoader(datasets.MNIST(..., transform=ToTensor()))`를 돌려준다.
# 이 방식은 매 epoch 6만 장을 **한 장씩** PIL 이미지 → tensor로 바꾸고, 200장씩 다시 묶는다(collate).
# 선형 모델처럼 계산이 가벼운 모델은 학습 시간의 대부분을 이 변환에 쓴다.
#
# `course_lib`의 loader는 파일을 한 번만 읽어 `(N, 1, 28, 28)` tensor로 메모리에 올려 두고,
# 매 epoch 인덱스를 섞어(`torch.randperm`) 잘라서 배치를 만든다. 값은 `ToTensor()`와 똑같다.
# 학습 없이 train set을 한 바퀴 도는 시간만 재서 비교해 보자.

# %%
# smoke mode에서는 course loader가 포함된 표본 파일을 읽으므로, 두 loader가 같은 파일을 읽도록 root만 맞춘다.
torchvision_root = data.SAMPLE_ROOT if settings.is_smoke() else DATASET_ROOT_PATH

torchvision_loader = torch.utils.data.DataLoader(
    torchvision.datasets.MNIST(root=torchvision_root, train=True, transform=transforms.ToTensor()),
    batch_size=200,
    shuffle=True,
)


def time_one_pass(loader):
    """loader를 한 바퀴 돌며 배치만 꺼내는 데 걸린 초."""
    start = time.perf_counter()
    n = 0
    for _X, y in loader:
        n += len(y)
    return time.perf_counter() - start, n


t_tv, n_tv = time_one_pass(torchvision_loader)
t_course, n_course = time_one_pass(full_train_loader)
print(f"torchvision DataLoader(ToTensor): {t_tv:.3f}초 ({n_tv:,}장)")
print(f"course_lib InMemoryLoader      : {t_course:.3f}초 ({n_course:,}장)")
print(f"→ 약 {t_tv / t_course:.0f}배 빠르다")

# %% [markdown]
# 속도만 빠르고 값이 다르면 의미가 없다. 섞지 않는 test split의 첫 배치를 두 방식으로 꺼내서
# 이미지와 레이블이 완전히 같은지 확인한다 (모델을 평가하는 것이 아니라 파일을 읽는 방법만 비교한다).

# %% tags=["nbval-check-output"]
full_test_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, False)
torchvision_test_loader = torch.utils.data.DataLoader(
    torchvision.datasets.MNIST(root=torchvision_root, train=False, transform=transforms.ToTensor()),
    batch_size=200,
    shuffle=False,
)

X_tv, y_tv = next(iter(torchvision_test_loader))
X_cl, y_cl = next(iter(full_test_loader))
print("이미지 shape:", tuple(X_tv.shape), tuple(X_cl.shape))
print("이미지 동일:", torch.equal(X_tv, X_cl))
print("레이블 동일:", torch.equal(y_tv, y_cl))

# %% [markdown]
# ## 6. Train / validation / test: 세 부분, 세 가지 역할
#
# 데이터를 세 부분으로 나누고 **각각 한 가지 일에만** 쓴다.
#
# | 부분 | 크기 (full mode) | 하는 일 |
# |---|---:|---|
# | [training set](glossary.md#training-set) | 55,000 | 가중치를 학습한다 (gradient를 계산하는 데이터) |
# | [validation set](glossary.md#validation-set) | 5,000 | **고른다**: best epoch, early stopping, 하이퍼파라미터, 어느 기법이 나은지 |
# | [test set](glossary.md#test-set) | 10,000 | 끝에서 **한 번**: 최종으로 고른 모델의 성능을 보고한다 |
#
# validation set은 원래 train 60,000장에서 떼어 낸 5,000장이다. 누가 어느 컴퓨터에서 돌려도 같은 5,000장이 되도록
# 분할은 `seed=0`으로 고정되어 있고, 전역 난수 상태(`seed_everything`)와는 무관하다.
#
# **원래 자료와 다른 점.** 원래 자료는 `train.fit(train_loader, test_loader, ...)`처럼 test set을 validation
# 자리에 넘긴다. 그러면 best model 저장, early stopping, "어느 기법이 더 좋은가"를 모두 **test set 점수로 고르게** 되고,
# 마지막에 보고하는 test 정확도는 더 이상 처음 보는 데이터에 대한 점수가 아니다: 여러 번 본 시험 문제로 치른 시험처럼
# 실제보다 좋게 나온다. 얼마나 부풀려지는지는 아래 7절에서 직접 잰다.
# 그래서 이 강좌는 모든 선택을 validation set으로 하고, test set은 최종 모델에만 한 번 쓴다.

# %%
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE)

# 크기는 모드마다 다르다 (smoke mode: 1,833 / 167 / 500)
for name, loader in [("train", train_loader), ("validation", val_loader), ("test", test_loader)]:
    print(f"{name:<10}: {len(loader.dataset):>6,}장, {len(loader):>3} step (batch {loader.batch_size})")

# %% [markdown]
# train과 validation은 **겹치지 않아야** 한다. 겹치면 validation 점수는 이미 학습한 이미지에 대한 점수가 된다.
# 분할에 쓰인 인덱스를 직접 만들어 확인해 보자 (`data.split_indices`가 `load_mnist_splits` 안에서 쓰는 함수다).

# %% tags=["nbval-check-output"]
train_idx, val_idx = data.split_indices(len(full_train_loader.dataset), len(val_loader.dataset), seed=0)
print("train과 validation에 함께 든 이미지 수:", len(set(train_idx.tolist()) & set(val_idx.tolist())))
print("둘을 합치면 원래 train set 전체:", len(train_idx) + len(val_idx) == len(full_train_loader.dataset))
print("validation 이미지가 같은가     :", torch.equal(full_train_loader.dataset.data[val_idx], val_loader.dataset.data))

# %% [markdown]
# ## 7. 왜 test set으로 고르면 안 되는가: selection bias를 재 보자
#
# 여러 후보(모델, 설정, epoch) 중에서 점수가 가장 높은 것을 고르면, 고른 후보의 **그 점수**는 실제 실력보다 높게 나온다.
# 점수에는 잡음이 섞여 있다: 500장으로 잰 정확도는 어떤 이미지가 뽑혔느냐에 따라 ±1% 넘게 흔들린다.
# 후보가 많으면 그중 하나는 운 좋게 높은 잡음을 받고, "최고"를 고르는 일은 그 운을 함께 고르는 일이다.
# 잡음 섞인 점수들의 **최댓값은 위로 치우친다**. 이것이 [selection bias](glossary.md#selection-bias)(선택 편향)다.
#
# 몇 초면 잴 수 있다.
#
# 1. 값싼 후보 24개를 만든다: `SmallSizeModel`을 [seed](glossary.md#seed)만 바꿔 train set의 무작위 2,000장으로
#    3 epoch씩 학습한다. 설정이 모두 같으므로 **실력이 비슷하다**.
# 2. validation set의 첫 500장(**선택용 set**)으로 정확도를 재서 가장 높은 후보를 고른다.
# 3. 고른 후보를 나머지 4,500장(**새 set**: 고르는 데 쓰지 않은 이미지)으로 다시 잰다.

# %%
N_CANDIDATES = 24
N_SUBSET = 2000  # 후보마다 다른 무작위 train 이미지 2,000장 (smoke mode에서는 있는 만큼)
SEL_SIZE = 500  # 선택용 set 크기

X_train, y_train = train_loader.dataset.data, train_loader.dataset.targets
X_val, y_val = val_loader.dataset.data, val_loader.dataset.targets
loss_fn = nn.CrossEntropyLoss()

start = time.perf_counter()
correct = []  # 후보마다 validation 이미지별 정답 여부 (1.0 / 0.0)
for seed in range(N_CANDIDATES):
    settings.seed_everything(seed)
    cand = models.SmallSizeModel()
    idx = torch.randperm(len(y_train))[:N_SUBSET]
    subset = data.InMemoryLoader(data.TensorPairDataset(X_train[idx], y_train[idx]), 100, shuffle=True)
    opt = torch.optim.Adam(cand.parameters(), lr=3e-3)
    for _ in range(3):
        train.train_one_epoch(subset, cand, loss_fn, opt, device="cpu")
    cand.eval()
    with torch.inference_mode():
        correct.append((cand(X_val).argmax(dim=1) == y_val).float())
correct = torch.stack(correct)  # (후보 수, validation 이미지 수)
print(f"후보 {N_CANDIDATES}개 학습: {time.perf_counter() - start:.1f}초")

n_val = correct.shape[1]
sel_size = min(SEL_SIZE, n_val // 2)  # smoke mode의 작은 validation set에서도 돌도록
is_sel = torch.zeros(n_val, dtype=torch.bool)
is_sel[:sel_size] = True

sel_acc = correct[:, is_sel].mean(dim=1)  # 선택용 set 정확도 (후보마다)
new_acc = correct[:, ~is_sel].mean(dim=1)  # 새 set 정확도
best = int(sel_acc.argmax())

print(f"선택용 set {sel_size:,}장 / 새 set {n_val - sel_size:,}장")
print(f"고른 후보 (seed {best}) : 선택용 set {sel_acc[best]:.4f} → 새 set {new_acc[best]:.4f}", end="")
print(f"  (차이 {sel_acc[best] - new_acc[best]:+.4f})")
print(f"후보 {N_CANDIDATES}개 평균   : 선택용 set {sel_acc.mean():.4f} → 새 set {new_acc.mean():.4f}", end="")
print(f"  (차이 {(sel_acc - new_acc).mean():+.4f})")
print(f"새 set에서 후보들의 범위: {new_acc.min():.4f} ~ {new_acc.max():.4f}")

# %%
fig, ax = plt.subplots(figsize=(5.5, 5), layout="constrained")
ax.scatter(sel_acc, new_acc, s=25, label="후보")
ax.scatter(sel_acc[best], new_acc[best], s=90, color="red", marker="*", label="고른 후보 (선택용 set 최고)")
lo = float(min(sel_acc.min(), new_acc.min())) - 0.005
hi = float(max(sel_acc.max(), new_acc.max())) + 0.005
ax.plot([lo, hi], [lo, hi], ls=":", color="gray", label="두 점수가 같은 선")
ax.set_xlabel(f"선택용 set 정확도 ({sel_size}장)")
ax.set_ylabel(f"새 set 정확도 ({n_val - sel_size}장)")
ax.set_title("고를 때 쓴 점수 vs 새 데이터 점수")
ax.grid(True, ls=":")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# 한 번의 분할은 운일 수도 있다. 선택용 set 자체가 쉬운 이미지를 많이 뽑았다면 **모든** 후보의 점수가 함께 올라간다
# (위에서 "후보 평균"의 차이가 그 몫이다). 그래서 validation set을 겹치지 않는 500장 조각들로 나눠,
# 조각마다 같은 선택을 되풀이한다. 학습은 다시 하지 않는다: 이미 재 둔 정답 여부를 다르게 나눌 뿐이다.
#
# - **고른 후보의 차이** = 선택용 set 점수 − 새 set 점수 (고른 후보)
# - **평균 후보의 차이** = 같은 값을 후보 24개 모두에 대해 평균한 것 (아무 후보나 골랐을 때, 그 조각의 운만 반영)
# - **selection bias** = 둘의 차이: 최고를 골랐기 때문에 생긴 부풀림

# %%
rows = []
for k in range(n_val // sel_size):
    is_sel = torch.zeros(n_val, dtype=torch.bool)
    is_sel[k * sel_size : (k + 1) * sel_size] = True
    sel_acc = correct[:, is_sel].mean(dim=1)
    new_acc = correct[:, ~is_sel].mean(dim=1)
    b = int(sel_acc.argmax())
    picked_gap = (sel_acc[b] - new_acc[b]).item()
    mean_gap = (sel_acc - new_acc).mean().item()
    rows.append((picked_gap, mean_gap, picked_gap - mean_gap))
    print(
        f"조각 {k:>2}: 고른 후보 {sel_acc[b]:.4f} → {new_acc[b]:.4f} (차이 {picked_gap:+.4f}) | "
        f"평균 후보의 차이 {mean_gap:+.4f} | selection bias {picked_gap - mean_gap:+.4f}"
    )

print(f"\n조각 {len(rows)}개의 평균 ± 표준편차")
print("  고른 후보의 차이 :", report.fmt_mean_std([r[0] for r in rows], sign=True))
print("  평균 후보의 차이 :", report.fmt_mean_std([r[1] for r in rows], sign=True))
print("  selection bias   :", report.fmt_mean_std([r[2] for r in rows], sign=True))

# %% [markdown]
# **위 출력 읽기.**
#
# - 첫 조각(산점도): 고른 후보(seed 20)는 선택용 500장에서 0.906으로 24개 중 1등이었지만, 새 4,500장에서는 0.854로
#   후보들의 범위(0.844\~0.860) 안에 있고 평균(0.851)보다 0.003 높을 뿐이다. "1등"은 대부분 운이었다.
# - 산점도의 모든 점이 대각선 아래에 있는 것은 이 500장이 마침 쉬운 이미지를 많이 뽑았기 때문이다(평균 후보의 차이 +0.038).
#   그 몫을 빼도 고른 후보에게는 +0.014가 더 남는다. 이것이 고른 탓에 생긴 부풀림이다.
# - 10개 조각 전체: 평균 후보의 차이는 조각마다 −0.036 \~ +0.038로 흔들리고 평균은 0이다(아무 후보나 잡으면 치우침이 없다).
#   selection bias는 **10개 조각 모두에서 양수**(+0.009 \~ +0.018)이고 평균 +0.013 ± 0.003이다: 표준편차보다 네 배 크므로
#   잡음이 아니다. 실력이 비슷한 후보들 중 "1등"을 골랐을 뿐인데 고를 때 쓴 점수가 평균 1.3%p 높게 나온 것이다.
#
# 강좌의 다른 노트북들은 후보가 24개보다 적지만(설정 몇 개 × seed 3개), 원리는 같다. 고를 때 쓴 데이터의 점수는
# 고른 모델에게 유리하게 치우친다. 그래서
#
# - 고르는 일([model selection](glossary.md#model-selection): best epoch, early stopping, 어떤 기법이 나은지)은 모두 **validation set**으로 하고,
# - 마지막에 고른 모델 **하나만** test set으로 **한 번** 잰다. 그 점수는 고르는 데 쓰이지 않았으므로 치우치지 않는다.
#
# test set을 보고 다시 설정을 바꾸면 test set도 "선택용 set"이 되어 버린다. 그래서 한 번만 쓴다.

# %% [markdown]
# ## 8. `train.fit()`이 하는 일
#
# 원래 자료와 같은 방식으로 부른다:
# `train.fit(train_loader, val_loader, model, loss_fn, optimizer, epochs, save_best_model, save_model_path, early_stopping, patience, device, mode, lr_scheduler)`.
# 매 epoch 다음 순서로 진행한다. `course_lib/train.py`의 `fit` 본문에도 같은 번호의 주석이 붙어 있다
# (본문에는 루프 전의 `0. 준비`도 있다: 인자를 모두 확인하고, 새로 시작하거나 상태 파일에서 이어 간다).
#
# 1. **학습**: `model.train()` 상태로 train set의 모든 배치에 대해 forward → [loss](glossary.md#loss) → backward →
#    `optimizer.step()`.
# 2. **train set 평가**: `model.eval()` 상태로 train set 전체의 loss/[accuracy](glossary.md#accuracy)를 다시 계산한다.
#    학습 중 배치 loss의 평균은 Dropout/BatchNorm이 학습 모드로 동작한 채로, 그리고 가중치가 계속 바뀌는 도중에 잰 값이라
#    정확하지 않기 때문이다.
# 3. **validation 평가**: 같은 방식으로 validation set의 loss/accuracy (이 강좌에서는 `val_loader`, test set이 아니다).
# 4. **scheduler**: epoch 단위 `lr_scheduler`를 주었다면 한 번 step해 learning rate를 바꾼다 (ReduceLROnPlateau는
#    validation loss로; OneCycleLR·CyclicLR은 1에서 batch마다 step한다). loss가 NaN/inf가 되었으면 하지 않는다.
# 5. **기록**: 이 epoch의 값들을 `History`에 적는다. validation loss가 지금까지 가장 낮으면 이 epoch이 best epoch이다.
# 6. **best model 저장**: `save_best_model=True`이고 방금 best epoch이 바뀌었으면
#    [checkpoint](glossary.md#checkpoint)를 저장한다.
# 7. **[early stopping](glossary.md#early-stopping) 판단**: `early_stopping=True`이고 validation loss가 `patience` epoch
#    연속 좋아지지 않았으면 이번이 마지막 epoch이다. loss가 NaN/inf가 되면(발산) `early_stopping`과 상관없이 여기서 멈춘다.
# 8. **이어서 학습할 상태 저장**: `last_checkpoint_path`를 주었다면 이 epoch 끝의 모든 상태를 저장한다 (06 노트북).
# 9. **출력**: epoch 요약 한 줄 (`live_plot=True`면 실시간 곡선도). 7에서 멈추기로 했으면 그 이유도 출력하고 멈춘다.
#
# 평가는 `torch.inference_mode()` 안에서 큰 배치로 하므로 학습보다 훨씬 빠르다.
# 자세한 인자 설명은 `help()`로 볼 수 있다 (노트북에서는 `train.fit?`도 된다).

# %%
help(train.fit)

# %% [markdown]
# ### loss와 accuracy는 "샘플 평균"
#
# 한 epoch의 loss는 **모든 샘플의 loss를 더해서 샘플 수로 나눈** 값이다.
# "배치별 평균 loss들의 평균"과는 마지막 배치 크기가 다를 때 달라진다.
# 예를 들어 샘플이 250개이고 배치 크기가 200이면, 마지막 배치에는 50개만 들어간다.

# %% tags=["nbval-check-output"]
per_sample_loss = torch.cat(
    [
        torch.full((200,), 0.2),  # 첫 배치 200개: loss 0.2
        torch.full((50,), 1.0),  # 마지막 배치 50개: loss 1.0
    ]
)
batch_means = [per_sample_loss[:200].mean(), per_sample_loss[200:].mean()]

print("배치 평균들의 평균:", round(torch.stack(batch_means).mean().item(), 4))  # 마지막 50개가 200개만큼 무게를 가진다
print("샘플 평균        :", round(per_sample_loss.mean().item(), 4))  # 모든 샘플이 같은 무게

# %% [markdown]
# `train.evaluate()`(fit이 쓰는 평가 함수)가 정말 샘플 평균을 내는지, 학습 전의 모델로
# "전체 loss 합 / 샘플 수"를 직접 계산한 값과 비교해 보자 (validation set으로).

# %%
settings.seed_everything(42)
check_model = models.SmallSizeModel()

init_loss, init_acc = train.evaluate(val_loader, check_model, loss_fn, device="cpu", mode="multi")

# 직접 계산: 샘플별 loss를 모두 더하고(reduction='sum') 샘플 수로 나눈다
sum_loss_fn = nn.CrossEntropyLoss(reduction="sum")
total, n_correct, n = 0.0, 0, 0
with torch.no_grad():
    for X, y in val_loader:
        pred = check_model(X)
        total += sum_loss_fn(pred, y).item()
        n_correct += (pred.argmax(dim=1) == y).sum().item()
        n += len(y)

print(f"train.evaluate : loss {init_loss:.6f}, accuracy {init_acc:.4f}")
print(f"직접 계산      : loss {total / n:.6f}, accuracy {n_correct / n:.4f}")

# %% [markdown]
# 두 방법의 값이 같다.
#
# ## 9. 학습 전 sanity check 두 가지
#
# 긴 학습을 돌리기 전에, 파이프라인(데이터 → 모델 → loss → optimizer)이 제대로 이어졌는지 몇 초 만에 확인하는
# 습관이 있다 ([sanity check](glossary.md#sanity-check); Stanford CS231n 강의 노트의 "Sanity checks"에서 권하는 방법).
#
# ### (a) 초기 loss ≈ ln(10)
#
# 학습 전 모델의 출력([logit](glossary.md#logit))은 0 근처의 작은 값이라, softmax를 거치면 10개 클래스에 거의 같은
# 확률(약 1/10)을 준다. 그러면 [cross-entropy](glossary.md#cross-entropy) loss는 샘플마다 약 −ln(1/10) = ln(10) ≈ 2.303이다.
# accuracy도 찍는 수준(클래스가 10개이고 거의 고르게 들어 있으니 0.1 안팎)이어야 한다.
# 위에서 잰 값을 ln(10)과 나란히 놓아 보자.

# %%
print(f"초기 loss (측정)  : {init_loss:.4f}")
print(f"ln(10) (찍을 때)  : {math.log(10):.4f}")
print(f"초기 accuracy     : {init_acc:.4f}  (찍을 때 약 0.1)")

# %% [markdown]
# 측정한 초기 loss 2.292는 ln(10) = 2.303과 0.01 차이다: 모델이 학습 전에 10개 클래스를 거의 고르게 믿고 있다는 뜻이고,
# 초기 accuracy 0.14도 찍는 수준이다. 이 점검은 통과다.
#
# 초기 loss가 ln(10)에서 크게 벗어나면 학습을 돌리기 전에 원인을 찾아야 한다. 흔한 원인은 가중치 초기값이 너무 큰 경우,
# 픽셀을 0\~1로 바꾸지 않고 0\~255 그대로 넣은 경우, loss에 penalty 항을 더한 경우다. 이미 softmax를 거친 출력에
# `CrossEntropyLoss`를 또 쓰면 초기 loss는 ln(10) 근처라 이 점검을 통과하지만, 확률(0\~1)을 logit처럼 다시 softmax하므로
# loss가 log(e + 9) − 1 ≈ 1.46 아래로 내려갈 수 없고 학습이 느리다. 레이블이 0\~9 밖이면 `fit`이 학습 전에 오류로 알려 준다.
#
# ### (b) 아주 작은 데이터는 외울 수 있어야 한다
#
# 20장쯤은 어떤 모델이든 외울 수 있어야 한다. 작은 MLP(hidden 64)를 train set의 20장에만 200 step 학습시키면
# loss는 거의 0, accuracy는 1.0이 되어야 한다. 이것이 안 되면 일반화(generalization)를 따지기 전에 파이프라인이
# 고장 난 것이다 (레이블과 이미지가 어긋남, `optimizer.zero_grad()`나 `optimizer.step()`을 빠뜨림, learning rate가 0 등).
# `fit()` 안의 학습 단계가 하는 일을 그대로 손으로 써 보면 이렇다: forward → loss → backward → step.

# %%
X20, y20 = X_train[:20], y_train[:20]
settings.seed_everything(0)
tiny = models.MLP(hidden=(64,))
opt = torch.optim.Adam(tiny.parameters(), lr=LR)

tiny.train()
for step in range(1, 201):
    loss = loss_fn(tiny(X20), y20)  # forward → loss
    opt.zero_grad()
    loss.backward()  # backward: gradient 계산
    opt.step()  # 가중치 갱신
    if step in (1, 25, 50, 100, 200):
        print(f"step {step:>3}: loss {loss.item():.4f}")

tiny.eval()
with torch.no_grad():
    final_loss = loss_fn(tiny(X20), y20).item()
    final_acc = (tiny(X20).argmax(dim=1) == y20).float().mean().item()
print(f"학습 후 20장: loss {final_loss:.4f}, accuracy {final_acc:.2f}")

# %% [markdown]
# 위 출력에서 loss는 step 1의 2.297(역시 ln(10) 근처)에서 step 50에 0.068, step 200에 0.004까지 내려가고, 20장을
# 모두 맞힌다(accuracy 1.00). 데이터 → 모델 → loss → backward → step이 제대로 이어져 있다.
#
# 이것은 학습 코드가 **움직인다**는 점검일 뿐 좋은 모델이라는 뜻은 아니다: 20장을 외운 모델은 처음 보는 이미지에서는
# 형편없다. 외우기(train 점수만 좋아짐)와 일반화(validation 점수도 좋아짐)의 차이가 01 노트북의 주제
# ([overfitting](glossary.md#overfitting))이다.
#
# ## 10. 짧은 학습: SmallSizeModel
#
# `Linear` 하나뿐인 가장 작은 모델로 `fit()`을 한 번 돌려 보자. 모델 정의는 `course_lib.models`에 있다.
# validation 자리에는 `val_loader`를 넘긴다: best model 저장(validation loss가 가장 낮은 epoch)도 validation set으로 고른다.

# %%
print(inspect.getsource(models.SmallSizeModel))

# %%
settings.seed_everything(42)
small_model = models.SmallSizeModel()

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(small_model.parameters(), lr=LR)

history = train.fit(
    train_loader,
    val_loader,
    small_model,
    loss_fn,
    optimizer,
    N_EPOCH,
    save_best_model=True,
    save_model_path=os.path.join(MODEL_SAVE_ROOT_PATH, "intro_small_model.pth"),
    device=device,
    mode="multi",
)

# %% [markdown]
# epoch마다 한 줄씩: train/validation의 loss와 accuracy, 그 epoch의 learning rate, 걸린 시간,
# 그리고 validation loss가 최저를 갱신해 체크포인트를 저장했는지(`best 저장`)가 나온다.
#
# `fit()`의 결과는 `History` 객체다. 원래 자료처럼 네 개의 리스트로 풀 수도 있고,
# 이름으로 꺼낼 수도 있다. `best_val_acc`는 가장 높은 accuracy가 아니라
# **best epoch(최저 val loss)의 val acc**다.

# %%
train_loss_list, train_acc_list, valid_loss_list, valid_acc_list = history  # 원래 자료 방식

print("epoch 수                      :", history.epochs_run)
print("같은 리스트인가               :", valid_acc_list is history.val_acc)
print("마지막 val acc                :", f"{history.val_acc[-1]:.4f}")
print("best epoch (최저 val loss)    :", history.best_epoch, f"(val loss {history.best_val_loss:.4f})")
print("best epoch(최저 val loss)의 val acc:", f"{history.best_val_acc:.4f}")
print("멈춘 이유                     :", history.stop_reason)
print("파라미터 수                   :", f"{history.n_params:,}")
print("epoch당 평균 시간             :", f"{history.total_time / history.epochs_run:.2f}초")
print("저장된 체크포인트             :", history.checkpoint_path)

# %%
plots.plot_history(history, title="SmallSizeModel")
plt.show()

# %% [markdown]
# **곡선 읽기.** validation loss는 10 epoch 내내 **매 epoch 내려간다**(0.468 → 0.290). 그래서 best epoch은 마지막 epoch 10이다.
# 다만 내려가는 폭이 점점 줄어든다: epoch 1→2에 0.092 줄었지만 마지막 네 epoch은 0.001\~0.005씩이다.
# validation accuracy도 0.885 → 0.920으로 계속 오르지만 오르는 폭이 작아진다.
# train 곡선과 validation 곡선은 붙어 있다(epoch 10에서 accuracy 0.926 vs 0.920, 차이 약 0.007). 외우는 중(overfitting)이
# 아니라, 더 학습해도 조금씩만 좋아지는 상태다: `Linear` 하나로 표현할 수 있는 한계(capacity)에 가까워지고 있다.
#
# ### 마지막에 한 번: test set
#
# 고르는 일은 끝났다 (best epoch = validation loss가 가장 낮은 epoch, 그 가중치가 체크포인트에 있다).
# 이제 그 모델을 불러와 test set으로 **한 번** 잰다. 이 노트북에서 test set으로 모델을 평가하는 곳은 여기뿐이다.

# %%
final_model = models.SmallSizeModel()
checkpoint.load_checkpoint(history.checkpoint_path, final_model)
final_model.to(device)

test_loss, test_acc = train.evaluate(test_loader, final_model, loss_fn, device=device)
print(f"best epoch {history.best_epoch} 모델: validation acc {history.best_val_acc:.4f} | test acc {test_acc:.4f}")

# %% [markdown]
# test accuracy 0.925는 validation accuracy 0.920과 비슷하다(두 set은 서로 다른 이미지이므로 조금 다를 수 있다: 여기서는
# test 쪽이 0.006 높다). 이 점수는 어떤 선택에도 쓰이지 않았으므로 selection bias가 없는, 이 모델의 실력에 대한 추정이다.
# 이 test 점수를 보고 다시 설정을 바꾸기 시작하면 test set도 선택용 set이 된다: 그래서 다른 노트북들도 test set은 끝에서 한 번만 쓴다.
#
# ## 관찰 포인트
#
# - 데이터는 train(가중치 학습) / validation(고르기) / test(마지막에 한 번)로 나눠 쓴다. 원래 자료처럼 test set으로
#   고르면 보고하는 점수가 부풀려진다.
# - 여러 후보 중 최고를 고르면, 고를 때 쓴 점수는 위로 치우친다 (selection bias). 위 실험에서는 500장으로 고른 1등의 점수가
#   평균 1.3%p 부풀려졌다. 그래서 test set은 고르는 데 쓰지 않고 마지막에 한 번만 쓴다.
# - 학습 전 초기 loss ≈ ln(10) ≈ 2.303, 그리고 20장 외우기는 몇 초면 되는 파이프라인 점검이다.
# - 데이터 수는 `len(loader.dataset)`, 한 epoch의 step 수는 `len(loader)`다. step 수 = 데이터 수 / 배치 크기 (올림).
# - 메모리 위 loader는 torchvision `DataLoader(ToTensor())`와 **같은 값**을 주면서, 한 장씩 변환하는 비용이 없어서 훨씬 빠르다.
# - `fit()`은 train 지표를 eval mode로 다시 계산한다. 그래서 train과 validation 곡선을 같은 조건에서 비교할 수 있다.
#   (다음 노트북들에서 overfitting과 Dropout의 효과를 볼 때 이 점이 중요하다.)
# - loss/accuracy는 샘플 평균이다. 마지막 배치가 작아도 모든 샘플이 같은 무게를 가진다.
# - `Linear` 하나뿐인 모델도 MNIST에서 validation accuracy 약 0.92를 낸다. validation loss는 10 epoch 내내 내려가지만
#   내려가는 폭이 점점 줄고, train과 validation 곡선이 붙어 있다. 더 나아지려면 무엇이 필요할까? → 01 노트북.
#
# ## 연습 문제
#
# 문제마다 아래에 코드 셀이 있다. `...`(또는 `# TODO`)로 비워 둔 곳을 채우고 셀을 실행하면, 마지막 줄의 `q1.check(...)`가
# 정답인지, 아직 풀지 않았는지, 무엇이 틀렸는지(흔한 실수라면 그 실수를 짚어서), 아니면 작성한 코드가 실행 중에 오류를
# 냈는지(코드 오류) 알려 준다. 막히면 `q1.hint()`, 더 자세한 힌트는 `q1.hint(2)`, 풀이는 `q1.solution()`으로 본다.
# 풀이 노트북 `solutions/00_data_and_training_loop_solutions.ipynb`에도 같은 풀이가 있고, 같은 검사를 통과한다.
# 먼저 직접 해 본 뒤 비교하자.

# %%
from course_lib.exercises.lesson00 import q1, q2, q3, q4, q5

# %% [markdown]
# **1. 배치 크기와 step 수.** `BATCH_SIZE`를 128로 바꾸면 `len(train_loader)`, `len(val_loader)`, `len(test_loader)`는
# 얼마가 될까? 각 loader의 마지막 배치에는 몇 장이 들어가는가? 계산을 함수 `steps_and_last(n, batch_size)`로 써서
# 확인하라: 데이터 `n`장을 `batch_size`씩 나눌 때 (step 수, 마지막 배치의 크기)를 돌려준다.
# 정답이면 `data.load_mnist_splits(DATASET_ROOT_PATH, 128)`로 만든 loader의 `len()`과 마지막 배치로도 확인해 보자.
#
# 기대 결과: full mode에서 430 / 40 / 79 step, 마지막 배치는 88 / 8 / 16장. 계산과 코드가 같은 값을 준다.


# %%
def steps_and_last(n, batch_size):
    """데이터 n장을 batch_size씩 나눌 때 (step 수, 마지막 배치의 크기)."""
    steps = ...  # TODO: 배치가 몇 개인가? (덜 찬 마지막 배치도 하나로 센다)
    last = ...  # TODO: 마지막 배치에는 몇 장이 남는가?
    return steps, last


q1.check(steps_and_last)

# %% [markdown]
# **2. 틀린 이미지 보기.** `plots.show_images()`의 `preds` 인자에 학습한 `final_model`의 예측을 넣어,
# **validation set** 이미지 32장의 정답과 예측을 함께 보라. 틀린 이미지는 어떤 숫자들인가?
# (test set이 아니라 validation set을 쓰는 이유도 생각해 보자.) 아래 셀에서 `preds`를 채우고, 그다음 셀로 그림을 본다.
#
# 기대 결과: validation accuracy가 약 0.92이므로 32장 중 평균 두세 장이 빨간 제목이다 (32장은 작은 표본이라 더 많거나
# 적을 수 있다). 사람이 봐도 헷갈리는 모양(흘려 쓴 숫자, 닮은 숫자 쌍)이 많다.

# %%
X, y = next(iter(val_loader))  # validation set의 첫 배치 (test set이 아닌 이유: q2.hint(3))
X32, y32 = X[:32], y[:32]

final_model.eval()
with torch.no_grad():
    preds = ...  # TODO: X32에 대한 final_model의 예측 (0~9 클래스 번호 32개)

q2.check(X32, preds, final_model)

# %%
if preds is not ...:  # q2의 preds를 채웠으면: 틀린 이미지는 제목이 빨간색이다
    plots.show_images(X32, y32, preds)
    plt.show()

# %% [markdown]
# **3. `num_workers`.** 시간 비교 셀에서 torchvision 방식 loader에 `num_workers=2`를 주면 얼마나 빨라지는가?
# 그래도 메모리 위 loader와 차이가 나는 이유는? 아래 셀에서 worker 수**만** 다른 loader를 만들면(검사는 비교가 공정한지,
# 곧 데이터·batch 크기·섞기가 5절의 `torchvision_loader`와 같은지 본다), 그다음 셀이 세 loader의 시간을 잰다.
#
# 기대 결과: 코어가 적은 컴퓨터에서는 조금 빨라지거나, worker를 띄우고 배치를 주고받는 비용 때문에 오히려 느려질 수도 있다.
# 어느 쪽이든 메모리 위 loader보다 느리다.

# %%
workers_loader = ...  # TODO: torchvision_loader와 같은 데이터·batch 크기·섞기에 num_workers=2만 다른 DataLoader

q3.check(workers_loader, torchvision_loader)

# %%
if workers_loader is not ...:  # q3의 loader를 만들었으면 세 loader를 한 바퀴씩 재 보자
    print("CPU 코어 수:", os.cpu_count())
    for name, loader in [
        ("torchvision, num_workers=0", torchvision_loader),
        ("torchvision, num_workers=2", workers_loader),
        ("course_lib InMemoryLoader", full_train_loader),
    ]:
        seconds, n = time_one_pass(loader)
        print(f"{name:<27}: {seconds:.3f}초 ({n:,}장)")

# %% [markdown]
# **4. 선택용 set의 크기와 selection bias.** 7절의 실험에서 `SEL_SIZE`를 500에서 100과 2,500으로 바꾸면
# selection bias(조각 평균)는 어떻게 변할까? 후보 학습은 다시 하지 않아도 된다(`correct`를 다시 나누기만 하면 된다).
# 7절의 조각 반복 코드를 함수 `selection_bias(correct, sel_size)`로 옮겨, 조각별 selection bias 목록을 돌려주게 하라.
# 검사는 손으로 계산한 값과 비교하고, 그다음 셀이 세 크기로 재 본다.
#
# 기대 결과: 선택용 set이 작을수록(100장) selection bias가 커지고, 클수록(2,500장) 작아진다. 0이 되지는 않는다.


# %%
def selection_bias(correct, sel_size):
    """validation을 sel_size장 조각으로 나눠 조각마다 최고 후보를 고르고, 조각별 selection bias 목록을 돌려준다."""
    ...  # TODO: 7절의 조각 반복 코드를 옮기고, 조각마다의 selection bias를 목록에 모아 돌려준다


q4.check(selection_bias)

# %%
if selection_bias(correct, sel_size) is not None:  # q4의 함수를 채웠으면: 7절의 correct를 다시 나누기만 한다
    for size in (100, 500, 2500):
        n_sel = min(size, n_val // 2)  # smoke mode의 작은 validation set에서도 돌도록
        biases = selection_bias(correct, n_sel)
        print(
            f"선택용 set {n_sel:>5,}장 (조각 {len(biases):>2}개): selection bias {report.fmt_mean_std(biases, sign=True)}"
        )

# %% [markdown]
# **5. 초기 loss가 이상할 때.** `SmallSizeModel`의 출력층 가중치를 10배로 키우면(`model.output.weight.data *= 10`)
# 학습 전 loss는 ln(10)과 비교해 어떻게 되는가? accuracy는? 9절의 `check_model`과 같은 초기값(seed 42)에서 가중치만 키워,
# validation set에서 잰 `(loss, accuracy)`를 `scaled_result`에 담아라.
#
# 기대 결과: loss가 ln(10) ≈ 2.3보다 분명히 크다. accuracy는 여전히 찍는 수준(0.1 안팎)이다. 즉 "자신 있게 틀리는"
# 초기화이고, sanity check (a)가 잡아내는 경우다.

# %%
settings.seed_everything(42)  # 9절의 check_model과 같은 초기값에서 시작한다
scaled_model = models.SmallSizeModel()
...  # TODO: 출력층 가중치(scaled_model.output.weight)를 10배로 (gradient 기록 없이)

scaled_result = ...  # TODO: train.evaluate로 validation set에서 잰 (loss, accuracy)
q5.check(scaled_model, scaled_result, val_loader)

# %% [markdown]
# ## 확인 문제
#
# **1.** 원래 자료처럼 test set을 `fit()`의 validation 자리에 넘기고 best model을 저장하면, 마지막에 보고하는 test
# accuracy에 어떤 문제가 생기는가?
#
# <details><summary>정답</summary>
#
# 실제보다 좋게(위로 치우쳐) 나온다. best epoch을 test 점수로 골랐으므로 그 점수에는 고를 때의 운이 섞여 있다(selection bias).
# </details>
#
# **2.** 이 노트북에서 학습 전 `SmallSizeModel`의 validation loss는 얼마였고, 왜 그 값 근처여야 하는가?
#
# <details><summary>정답</summary>
#
# 2.292 (ln(10) = 2.303 근처; 9절의 출력). 10개 클래스에 거의 같은 확률을 주면 loss가 −ln(1/10) = ln(10) ≈ 2.303이기 때문이다.
# </details>
#
# **3.** 7절에서 "평균 후보의 차이"는 거의 0 근처(조각마다 ±)인데 "고른 후보의 차이"는 평균적으로 양수였다. 왜 다른가?
#
# <details><summary>정답</summary>
#
# 아무 후보나 하나 잡으면 선택용 set 점수는 치우치지 않는다(잡음이 위아래로 고르게). 최고를 고르면 위쪽 잡음을 받은
# 후보가 뽑히므로, 그 후보의 선택용 set 점수만 위로 치우친다.
# </details>
#
# **4.** 선택용 set을 크게 하면 selection bias는 어떻게 되는가? 후보 수를 늘리면?
#
# <details><summary>정답</summary>
#
# 선택용 set이 크면 잡음(≈ √(p(1−p)/n))이 줄어 bias가 작아진다. 후보가 많으면 운 좋은 후보가 나올 기회가 늘어 bias가 커진다.
# </details>
#
# **5.** 작은 모델이 20장을 200 step 학습한 뒤에도 accuracy가 0.5에 머문다면 무엇을 의심해야 하는가?
#
# <details><summary>정답</summary>
#
# 파이프라인의 고장이다(이미지와 레이블이 어긋남, `zero_grad`/`step` 누락, learning rate 0 등). 20장은 어떤 모델이든 외울 수 있어야 한다.
# </details>
#
# **6.** 샘플 250개, 배치 크기 200일 때 샘플별 loss가 첫 200개는 0.2, 마지막 50개는 1.0이다. 샘플 평균 loss는?
# 배치 평균들의 평균은?
#
# <details><summary>정답</summary>
#
# 샘플 평균 0.36 = (200×0.2 + 50×1.0)/250, 배치 평균들의 평균 0.6 = (0.2 + 1.0)/2. `fit()`은 앞의 것(샘플 평균)을 쓴다.
# </details>
#
# **7.** full mode에서 train set 55,000장, 배치 크기 200이면 한 epoch은 몇 step인가?
#
# <details><summary>정답</summary>
#
# 275 step (55,000 / 200 = 275, 나누어떨어지므로 마지막 배치도 200장). 6절의 출력에서 확인할 수 있다.
# </details>
