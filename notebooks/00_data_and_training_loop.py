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
# 한 epoch의 학습 루프를 코드로 읽고 `train.fit()`이 epoch마다 무엇을 하는지, loss/accuracy를 어떻게 평균 내는지 이해한다.
# 학습 전에 파이프라인을 점검하는 두 가지 sanity check를 해 보고, 여러 후보 중 validation 점수로 "최고"를 고르면
# 그 점수가 왜 부풀려지는지(selection bias) 직접 잰다. 작은 모델을 한 번 학습시키고 test set으로 한 번 평가한 뒤,
# 마지막으로 같은 도구로 이진 분류("이 숫자는 0인가?")도 해 본다.
#
# **Goal**: get to know `course_lib`, the shared toolkit, and the experimental habits of this course: load MNIST and
# split it into train / validation / test, look at the images, read the code of one training epoch and understand what
# `train.fit()` does in each epoch and how loss/accuracy are averaged, run two sanity checks before training, measure
# why the best score among many candidates is biased upward (selection bias), train a small model and score it once on
# the test set, and finally use the same tools for a binary task ("is this digit a 0?").

# %% [markdown]
# ## 1. `course_lib`: 공용 코드를 모아 둔 패키지
#
# 원래 실습 자료에서는 노트북 맨 앞에서 `%%writefile module/train.py`, `%%writefile module/data.py`로
# 모듈 파일을 만들고 `from module import train, data`로 불러 썼다.
# 이 강좌에서는 그 코드를 `course_lib`라는 작은 패키지로 옮겼다. 노트북마다 같은 코드를 다시 쓰지 않아도 되며,
# 테스트로 동작을 확인해 두었다. `data.load_mnist_dataset()`과 `train.fit()`의 이름과 인자 순서는 원래 자료 그대로이고,
# 달라진 것은 다음과 같다.
#
# - `train()` → `train.train_one_epoch()`: 한 epoch 학습만 한다 (train set 평가는 `fit()`이 따로 한다). 코드는 7절.
# - `test_multi_classification()`, `test_binary_classification()` → `train.evaluate(..., mode=...)` 하나.
# - `fit()`의 `mode` 기본값: `'binary'` → `'multi'` (이 강좌는 10개 클래스 분류가 기본이다. 이진 분류는 12절).
# - `fit()`의 결과: 리스트 네 개의 tuple → `History` 객체 (예전처럼 리스트 네 개로 풀 수도 있다. 11절).
# - best model 저장: 모델 객체 통째(`torch.save(model)`) → 가중치(state_dict) 체크포인트 (`checkpoint` 모듈).
#
# | 모듈 | 하는 일 |
# |---|---|
# | `settings` | 실행 모드(full / smoke), 데이터 폴더, device 선택, 난수 seed 고정 |
# | `data` | `load_mnist_dataset()`, `load_mnist_splits()`: MNIST를 읽어 batch를 주는 loader |
# | `models` | 수업에서 쓰는 모델: `SmallSizeModel`, `BigSizeModel`, `DropoutModel`, `BNModel`, `MLP` |
# | `train` | `train_one_epoch()`, `evaluate()`, 그리고 `fit()`: 학습 → 평가 → scheduler → best model 저장 → early stopping |
# | `checkpoint` | 모델 저장/불러오기 (state_dict 기반) |
# | `schedules` | Learning rate 스케줄 미리 보기 |
# | `plots` | 학습 곡선, 이미지, 여러 실험 비교 그래프 |
# | `report` | 여러 seed의 평균 ± 표준편차, 실험 비교표 |

# %%
import copy
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
# `len(loader.dataset)`은 데이터(이미지) 수, `len(loader)`는 한 epoch의 [step](glossary.md#step)(batch) 수다.
# full mode라면 60,000 / 200 = 300 step이 된다.

# %%
# 데이터수, step 수
len(full_train_loader.dataset), len(full_train_loader)

# %% [markdown]
# batch 하나를 꺼내 모양을 확인하자. 이미지는 `(batch, 채널, 높이, 너비)` = `(200, 1, 28, 28)`이고,
# 픽셀 값은 `ToTensor()`와 같이 0\~1 사이의 float32, label은 0\~9의 정수(int64)다.

# %% tags=["nbval-check-output"]
X, y = next(iter(full_train_loader))
print("X:", tuple(X.shape), X.dtype)  # (B, 1, 28, 28)
print("y:", tuple(y.shape), y.dtype)  # (B,)

# %%
print("픽셀 값 범위:", X.min().item(), "~", X.max().item())
print("label 예:", y[:16].tolist())

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
# 매 epoch 인덱스를 섞어(`torch.randperm`) 잘라서 batch를 만든다. 값은 `ToTensor()`와 똑같다.
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
    """loader를 한 바퀴 돌며 batch만 꺼내는 데 걸린 초."""
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
# 속도만 빠르고 값이 다르면 의미가 없다. 섞지 않는 test split의 첫 batch를 두 방식으로 꺼내서
# 이미지와 label이 완전히 같은지 확인한다 (모델을 평가하는 것이 아니라 파일을 읽는 방법만 비교한다).

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
print("label 동일:", torch.equal(y_tv, y_cl))

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
# 실제보다 좋게 나온다. 왜 그런지, 무엇에 따라 얼마나 부풀려지는지는 학습 루프를 먼저 본 뒤 10절에서 직접 잰다.
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
# ## 7. 한 epoch의 코드: 학습 루프와 평가 루프
#
# 학습 한 epoch은 `train.train_one_epoch()`, 평가는 `train.evaluate()`가 한다 (`fit()`은 8절에서 보듯 이 둘을 epoch마다
# 부르는 바깥 루프다). 두 함수의 핵심을 손으로 쓰면 아래 스무 줄 남짓이다. 한 줄씩 읽어 보자.
#
# - `model.train()` / `model.eval()`: Dropout이나 BatchNorm처럼 학습할 때와 평가할 때 다르게 동작하는 층을 그 상태로
#   바꾼다 (02, 04 노트북). 이 노트북의 모델에는 그런 층이 없지만, 늘 부르는 습관을 들인다.
# - `optimizer.zero_grad()` → `loss.backward()` → `optimizer.step()`: PyTorch는 gradient를 지우지 않고 **더해** 쌓으므로
#   지난 step의 gradient를 먼저 지우고, 이번 batch의 loss로 gradient를 계산하고, 가중치를 한 번 움직인다. 이것이 한 step이다.
# - `loss.item() * len(y)`: `CrossEntropyLoss`가 내는 batch **평균** loss에 그 batch의 샘플 수를 곱해 **합**으로 쌓고,
#   끝에서 전체 샘플 수로 나눈다. 마지막 batch가 작아도 샘플마다 같은 무게가 된다 (8절의 "샘플 평균").
# - 평가는 `torch.inference_mode()` 안에서 한다: gradient가 필요 없으니 기록하지 않는다 (아래에서 `no_grad`와 비교한다).


# %%
def simple_train_one_epoch(loader, model, loss_fn, optimizer):
    """한 epoch 학습: batch마다 forward → loss → backward → step. 학습 중 batch loss의 샘플 평균을 돌려준다."""
    model.train()
    total, n = 0.0, 0
    for X, y in loader:
        loss = loss_fn(model(X), y)  # forward → loss (batch 평균)
        optimizer.zero_grad()  # 지난 step의 gradient를 지운다
        loss.backward()  # backward: gradient 계산
        optimizer.step()  # 가중치 갱신
        total += loss.item() * len(y)  # 샘플별 loss의 합으로 쌓는다
        n += len(y)
    return total / n


def simple_evaluate(loader, model, loss_fn):
    """eval mode에서 (loss, accuracy)의 샘플 평균. gradient는 기록하지 않는다."""
    model.eval()
    total, n_correct, n = 0.0, 0, 0
    with torch.inference_mode():
        for X, y in loader:
            pred = model(X)  # (B, 10) logit
            total += loss_fn(pred, y).item() * len(y)
            n_correct += (pred.argmax(dim=1) == y).sum().item()  # 가장 큰 logit의 위치 = 예측 클래스
            n += len(y)
    return total / n, n_correct / n


# %% [markdown]
# `course_lib`의 두 함수는 이 루프에 첫 batch 검사(모양, label 범위: 틀리면 무엇이 틀렸는지 말하는 오류), device로 옮기기,
# bf16 autocast, batch마다 step하는 scheduler, 진행률 표시를 더한 것이다. 전체 코드는
# `print(inspect.getsource(train.train_one_epoch))`으로 읽을 수 있다. 정말 같은 일을 하는지 확인해 보자:
# 같은 초기 가중치의 모델 두 개를 같은 batch 순서로 한 epoch씩, 하나는 위의 손 루프로, 하나는 `train.train_one_epoch`으로
# 학습시키고 가중치를 비교한다.

# %% tags=["nbval-check-output"]
loss_fn = nn.CrossEntropyLoss()

settings.seed_everything(0)
model_a = models.SmallSizeModel()
model_b = copy.deepcopy(model_a)  # 같은 초기 가중치
opt_a = torch.optim.Adam(model_a.parameters(), lr=LR)
opt_b = torch.optim.Adam(model_b.parameters(), lr=LR)

settings.seed_everything(1)  # train_loader는 전역 난수로 섞으므로, 같은 seed에서 시작하면 같은 batch 순서다
simple_train_one_epoch(train_loader, model_a, loss_fn, opt_a)
settings.seed_everything(1)
train.train_one_epoch(train_loader, model_b, loss_fn, opt_b, device="cpu")

same = all(torch.equal(a, b) for a, b in zip(model_a.parameters(), model_b.parameters(), strict=True))
print("한 epoch 뒤 두 모델의 가중치가 똑같은가:", same)

# %%
print("손으로 쓴 평가 : loss {:.4f}, accuracy {:.4f}".format(*simple_evaluate(val_loader, model_a, loss_fn)))
print("train.evaluate : loss {:.4f}, accuracy {:.4f}".format(*train.evaluate(val_loader, model_b, loss_fn)))

# %% [markdown]
# 가중치가 비트 하나까지 같고(`True`), validation에서 잰 loss와 accuracy도 같다. `train.evaluate`는 batch를 2,000장씩
# 크게 잘라 빨리 돌지만 (eval mode의 결과는 batch 크기와 상관없다), 합을 쌓는 순서가 달라 생기는 아주 작은 반올림 차이
# 말고는 같은 값이다. 이제 이 노트북에서 `train.train_one_epoch`과 `train.evaluate`를 쓰는 곳은 이 스무 줄 남짓으로 읽으면 된다.
#
# ### `torch.no_grad()`와 `torch.inference_mode()`
#
# 둘 다 "이 블록에서는 gradient를 계산할 일이 없다"고 PyTorch에 알려, autograd가 연산을 기록하지 않게 한다.
#
# - `torch.no_grad()`: 연산을 기록하지 않는다. 결과는 `requires_grad=False`인 **보통 tensor**라 나중에 어디에든 쓸 수 있다.
# - `torch.inference_mode()` ([inference mode](glossary.md#inference-mode)): 기록하지 않는 것에 더해, tensor가 제자리에서 바뀌었는지 세는 버전 카운터와 view 추적도 끈다.
#   그만큼 조금 더 가볍지만, 안에서 만든 tensor는 **inference tensor**로 표시되어 나중에 autograd가 backward용으로 저장해야
#   하는 자리(곱셈·행렬곱의 입력 등)에 쓸 수 없다 (오류 문구 그대로: "Inference tensors cannot be saved for backward").
#
# 직접 보자. `w`를 학습되는 가중치라고 하고, 두 블록에서 같은 계산을 한 뒤 그 결과를 학습 계산에 써 본다.

# %%
w = torch.ones(3, requires_grad=True)  # 학습되는 가중치라고 하자
with torch.no_grad():
    a = w * 2
with torch.inference_mode():
    b = w * 2
print(f"no_grad 안에서 만든 a       : requires_grad={a.requires_grad}, is_inference={a.is_inference()}")
print(f"inference_mode 안에서 만든 b: requires_grad={b.requires_grad}, is_inference={b.is_inference()}")

(a * w).sum().backward()  # a는 보통 tensor: 나중의 학습 계산에 써도 된다
print("a를 쓴 backward: 된다, w.grad =", w.grad.tolist())
(b + w).sum().backward()  # 덧셈은 backward용으로 b를 저장할 필요가 없다
print("b를 쓴 계산(b + w): 된다")
try:
    (b * w).sum().backward()  # b * w를 기록하는 순간 오류: 곱셈은 backward용으로 b를 저장해야 한다
except RuntimeError as err:
    print("b를 쓴 계산(b * w): RuntimeError:", str(err).split(". ")[0])

# %% [markdown]
# 두 결과 모두 `requires_grad=False`지만, `b`만 `is_inference=True`다. `a`는 학습 계산에 그대로 쓸 수 있었고
# (`w.grad`가 `a`의 값 2로 채워졌다), `b`는 `b + w`에는 쓸 수 있었지만(덧셈의 gradient에는 `b`의 값이 필요 없다)
# `b * w`에서는 "Inference tensors cannot be saved for backward" 오류가 났다: `w`의 gradient가 `b`의 값이므로 autograd가
# `b`를 저장해야 하는데, inference tensor는 저장할 수 없다. 오류는 `.backward()`가 아니라 `b * w`를 기록하는 순간 난다.
# 그래서 결과를 숫자로만 꺼내는 평가(`evaluate`, 10절의 후보 채점)에는 `inference_mode`를 쓴다. 이 노트북의 몇몇 셀(8절, 9절 (b),
# 연습 2)처럼 `no_grad`로 평가해도 값은 같다: 쓰는 쪽에서 보이는 차이는 만든 tensor를 나중에 학습 계산에 쓸 수 있느냐다. 둘 다
# `model.eval()`을 대신하지 않는다: gradient 기록을 끌 뿐이고, Dropout·BatchNorm의 동작은 `model.train()` / `model.eval()`이 정한다.

# %% [markdown]
# ## 8. `train.fit()`이 하는 일
#
# 원래 자료와 같은 방식으로 부른다:
# `train.fit(train_loader, val_loader, model, loss_fn, optimizer, epochs, save_best_model, save_model_path, early_stopping, patience, device, mode, lr_scheduler)`.
# 매 epoch 다음 순서로 진행한다. `course_lib/train.py`의 `fit` 본문에도 같은 번호의 주석이 붙어 있다
# (본문에는 루프 전의 `0. 준비`도 있다: 인자를 모두 확인하고, 새로 시작하거나 상태 파일에서 이어 간다).
#
# 1. **학습**: `model.train()` 상태로 train set의 모든 batch에 대해 forward → [loss](glossary.md#loss) → backward →
#    `optimizer.step()` (7절의 `train.train_one_epoch`).
# 2. **train set 평가**: `model.eval()` 상태로 train set 전체의 loss/[accuracy](glossary.md#accuracy)를 다시 계산한다.
#    학습 중 batch loss의 평균은 Dropout/BatchNorm이 학습 모드로 동작한 채로, 그리고 가중치가 계속 바뀌는 도중에 잰 값이라
#    정확하지 않기 때문이다 (7절의 `train.evaluate`).
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
# 평가는 `torch.inference_mode()` 안에서 큰 batch(2,000장)로 하므로 학습보다 훨씬 빠르다.
# 자세한 인자 설명은 `help()`로 볼 수 있다 (노트북에서는 `train.fit?`도 된다).

# %%
help(train.fit)

# %% [markdown]
# ### loss와 accuracy는 "샘플 평균"
#
# 한 epoch의 loss는 **모든 샘플의 loss를 더해서 샘플 수로 나눈** 값이다.
# "batch별 평균 loss들의 평균"과는 마지막 batch 크기가 다를 때 달라진다.
# 예를 들어 샘플이 250개이고 batch 크기가 200이면, 마지막 batch에는 50개만 들어간다.

# %% tags=["nbval-check-output"]
per_sample_loss = torch.cat(
    [
        torch.full((200,), 0.2),  # 첫 batch 200개: loss 0.2
        torch.full((50,), 1.0),  # 마지막 batch 50개: loss 1.0
    ]
)
batch_means = [per_sample_loss[:200].mean(), per_sample_loss[200:].mean()]

print("batch 평균들의 평균:", round(torch.stack(batch_means).mean().item(), 4))  # 마지막 50개가 200개만큼 무게를 가진다
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
# 초기 loss가 ln(10)에서 크게 벗어나면(아래의 75나 연습 5의 3.6처럼) 학습을 돌리기 전에 원인을 찾아야 한다. 흔한 원인은
# 가중치 초기값이 너무 큰 경우(연습 5), 픽셀을 0\~1로 바꾸지 않고 0\~255 그대로 넣은 경우(바로 아래), loss에 penalty 항을
# 더한 경우다. 이미 softmax를 거친 출력에 `CrossEntropyLoss`를 또 쓰면 초기 loss는 ln(10) 근처라 이 점검을 통과하지만,
# 확률(0\~1)을 logit처럼 다시 softmax하므로 loss가 ln(e + 9) − 1 ≈ 1.46 아래로 내려갈 수 없고 학습이 느리다.
# label이 0\~9 밖이면 `fit`이 학습 전에 오류로 알려 준다.
#
# **입력의 크기와 초기 loss.** 같은 `check_model`(학습 전)에 validation 이미지를 세 가지 크기로 넣어 보자. 학습은 하지 않는다.
#
# - 0\~255: 파일에 든 픽셀 값 그대로 (`ToTensor()`를 빼먹은 경우).
# - 0\~1: `ToTensor()`가 255로 나눈 값. 이 강좌의 loader가 주는 값이다.
# - [표준화](glossary.md#standardization)(standardization): train set 픽셀의 평균을 빼고 표준편차로 나눠 평균 0, 표준편차 1로 만든 값
#   (`transforms.Normalize(mean, std)`가 하는 일). 평균과 표준편차는 train set으로만 잰다.

# %%
X_train, y_train = train_loader.dataset.data, train_loader.dataset.targets
X_val, y_val = val_loader.dataset.data, val_loader.dataset.targets
pixel_mean, pixel_std = X_train.mean().item(), X_train.std().item()
print(f"train set 픽셀 (0~1): 평균 {pixel_mean:.4f}, 표준편차 {pixel_std:.4f}")

with torch.inference_mode():
    for name, X_in in [
        ("0~255 그대로  ", X_val * 255),
        ("0~1 (ToTensor)", X_val),
        ("표준화        ", (X_val - pixel_mean) / pixel_std),  # 평균 0, 표준편차 1
    ]:
        logits = check_model(X_in)
        loss = loss_fn(logits, y_val).item()
        acc = (logits.argmax(dim=1) == y_val).float().mean().item()
        print(f"{name}: 초기 loss {loss:7.3f}, accuracy {acc:.4f}, logit 표준편차 {logits.std().item():6.2f}")

# %% [markdown]
# 0\~255를 그대로 넣으면 logit이 255배로 커져(logit 표준편차 0.21 → 53.49) 초기 loss가 75.167, ln(10)의 30배가 넘는다:
# sanity check (a)가 곧바로 잡는 경우다. accuracy는 0.1426으로 0\~1일 때와 같다: bias를 빼면 모든 logit이 똑같이 255배가
# 될 뿐이라 가장 큰 logit의 위치는 거의 바뀌지 않는다. 틀린 답에 큰 확신을 싣는 "자신 있게 틀림"이다 (연습 5와 같은 현상).
# 표준화한 입력은 0\~1보다 크게 퍼져 있어 logit도 조금 커지지만(표준편차 0.60), 초기 loss 2.366은 여전히 ln(10) 근처다.
# 이 강좌는 `ToTensor()`의 0\~1을 그대로 쓴다. 표준화가 학습을 얼마나 돕는지는 모델과 optimizer에 따라 다르다:
# 여기서 본 것은 학습 전의 loss뿐이다.
#
# ### (b) 아주 작은 데이터는 외울 수 있어야 한다
#
# 20장쯤은 어떤 모델이든 외울 수 있어야 한다. 작은 MLP(hidden 64)를 train set의 20장에만 200 step 학습시키면
# loss는 거의 0, accuracy는 1.0이 되어야 한다. 이것이 안 되면 일반화(generalization)를 따지기 전에 파이프라인이
# 고장 난 것이다 (label과 이미지가 어긋남, `optimizer.zero_grad()`나 `optimizer.step()`을 빠뜨림, learning rate가 0 등).
# 7절의 손 루프와 같은 네 단계(forward → loss → backward → step)를 20장에 200번 되풀이한다.

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
# 이것은 학습 코드가 **움직인다**는 점검일 뿐 좋은 모델이라는 뜻은 아니다. 20장을 외운 모델을 처음 보는 validation
# 이미지 5,000장으로 재 보자.

# %%
tiny_val_loss, tiny_val_acc = train.evaluate(val_loader, tiny, loss_fn)
print(f"외운 20장          : loss {final_loss:.4f}, accuracy {final_acc:.4f}")
print(f"validation {len(y_val):,}장 : loss {tiny_val_loss:.4f}, accuracy {tiny_val_acc:.4f}")

# %% [markdown]
# 외운 20장은 모두 맞히지만 validation에서는 accuracy 0.5154(loss 1.6307)다. 찍기(0.1)보다는 낫지만, 55,000장으로 학습한
# `Linear` 모델(11절, 약 0.92)에 크게 못 미친다. train 점수와 validation 점수의 이런 차이(1.00 vs 0.52), 곧 외우기(train
# 점수만 좋아짐)와 일반화(validation 점수도 좋아짐)의 차이가 01 노트북의 주제([overfitting](glossary.md#overfitting))이다.

# %% [markdown]
# ## 10. 왜 test set으로 고르면 안 되는가: selection bias를 재 보자
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
#
# 후보를 학습하는 코드는 7절의 루프 그대로다. `data.TensorPairDataset(X, y)`로 고른 이미지 2,000장과 label을 dataset으로
# 묶고, `data.InMemoryLoader(dataset, 100, shuffle=True)`로 5절의 loader처럼 섞어서 100장씩 자르고,
# `train.train_one_epoch`으로 3 epoch 학습한 뒤, `inference_mode`에서 validation 이미지마다 맞혔는지(1.0 / 0.0) 적어 둔다.

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
ax.set_xlabel(f"선택용 set 정확도 ({sel_size:,}장)")
ax.set_ylabel(f"새 set 정확도 ({n_val - sel_size:,}장)")
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
#   후보들의 범위(0.844\~0.860) 안에 있고 평균(0.851)보다 0.002 높을 뿐이다. "1등"은 대부분 운이었다.
# - 산점도의 모든 점이 대각선 아래에 있는 것은 이 500장이 마침 쉬운 이미지를 많이 뽑았기 때문이다(평균 후보의 차이 +0.038).
#   그 몫을 빼도 고른 후보에게는 +0.014가 더 남는다. 이것이 고른 탓에 생긴 부풀림이다.
# - 10개 조각 전체: 평균 후보의 차이는 조각마다 −0.036 \~ +0.038로 흔들린다. 그 평균이 정확히 0(+0.0000)인 것은 확인한
#   사실이 아니라 계산상 그렇게 되는 값이다: 조각 10개가 validation 5,000장을 한 번씩 나눠 가지므로 조각마다의 "쉬운 이미지 운"은
#   평균하면 상쇄된다.
# - selection bias는 조각마다 +0.009 \~ +0.018, 평균 +0.013 ± 0.003이다. 양수인 것 자체는 놀랍지 않다: 선택용 set의 1등은
#   그 set에서 평균 이상이므로 부풀림은 0 이상으로 기대된다. 10개 조각이 모두 양수라는 것도 10번의 독립된 확인은 아니다:
#   조각들은 같은 후보 24개를 쓰고, 두 조각의 새 set은 4,500장 중 4,000장이 같다. 이 실험이 보여 주는 것은 **크기**다:
#   실력이 비슷한 후보 24개 중 500장으로 "1등"을 고르면, 고를 때 쓴 점수가 평균 약 1.3%p 높게 나온다.
#
# 부풀림의 크기는 상황에 달려 있다. 선택용 set이 작을수록(점수의 잡음 ≈ √(p(1−p)/n)이 크다: 연습 4에서 100 / 500 / 2,500장으로
# 잰다) 크다. 후보가 많을수록, 후보들의 실력이 비슷하고 운이 서로 독립적일수록 클 것이다 (잰 것은 선택용 set의 크기뿐이다.
# 후보 수와 독립성의 효과는 잡음 섞인 점수의 최댓값이 갖는 성질에서 나오는 예상이다). 원래 자료처럼 test set 10,000장으로 한
# 학습의 10 epoch 중 best epoch을 고르는 경우는 set이 20배 크고, 후보(이어지는 epoch)들이 서로 닮아 함께 움직이므로 부풀림이
# 여기보다 훨씬 작을 것이다(재지는 않았다). 그래도 0은 아니고, 설정과 기법까지 test 점수로 고르기 시작하면 후보는 계속 늘어난다.
# 원리는 같다: 고를 때 쓴 데이터의 점수는 고른 모델에게 유리하게 치우친다. 그래서
#
# - 고르는 일([model selection](glossary.md#model-selection): best epoch, early stopping, 어떤 기법이 나은지)은 모두 **validation set**으로 하고,
# - 마지막에 고른 모델 **하나만** test set으로 **한 번** 잰다. 그 점수는 고르는 데 쓰이지 않았으므로 치우치지 않는다.
#
# test set을 보고 다시 설정을 바꾸면 test set도 "선택용 set"이 되어 버린다. 그래서 한 번만 쓴다.

# %% [markdown]
# ## 11. 짧은 학습: SmallSizeModel
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
# train 곡선과 validation 곡선의 차이는 epoch이 갈수록 조금씩 벌어지지만(accuracy 차이는 epoch 1에 거의 0, epoch 10에 0.9263 대
# 0.9198로 약 0.007; loss 차이는 0.007 → 0.025) 작고, validation loss는 계속 내려가므로 overfitting의 신호는 아니다 (그림의
# y축은 확대되어 있어 작은 차이도 크게 보인다). 외우는 중이 아니라, 더 학습해도 조금씩만 좋아지는 상태다: `Linear` 하나로
# 표현할 수 있는 한계(capacity)에 가까워지고 있다.
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

# %% [markdown]
# ## 12. 이진 분류: "이 숫자는 0인가?"
#
# 원래 자료의 `fit()`은 [이진 분류](glossary.md#binary-classification)(`mode='binary'`)가 기본이었다. 이 강좌의 노트북은 모두 10개 클래스 분류(`mode='multi'`,
# 이제 기본값)를 하지만, 같은 `fit()`으로 이진 분류도 할 수 있다. 이미 불러 둔 이미지로 "이 숫자는 0인가?"를 배워 보자.
#
# - label: `(y == 0).float()`. 0이면 1.0("예"), 아니면 0.0("아니다"). BCE loss는 float label을 받고, 모양은 모델 출력
#   `(B, 1)`에 맞춘다(`.unsqueeze(1)`).
# - 모델: 출력이 logit **하나**인 `Linear(784, 1)`. 이 logit이 클수록 "0이다"에 가깝다.
# - loss: `nn.BCEWithLogitsLoss()`. logit z에 sigmoid σ(z) = 1 / (1 + e^(−z))를 씌워 확률로 만들고, 그 확률과 label의
#   binary cross-entropy를 잰다. sigmoid는 loss 안에서 계산하므로 모델 끝에는 두지 않는다.
#
# 학습 전의 sanity check도 같은 생각이다: 두 답에 거의 같은 확률(0.5)을 주면 loss는 ln(2) ≈ 0.693이다.


# %%
def zero_or_not(loader):
    """같은 이미지에 label만 '0인가'(1.0 / 0.0, 모양 (N, 1))로 바꾼 loader."""
    ds = loader.dataset
    is_zero = (ds.targets == 0).float().unsqueeze(1)
    return data.InMemoryLoader(data.TensorPairDataset(ds.data, is_zero), loader.batch_size, shuffle=loader.shuffle)


zero_train_loader, zero_val_loader = zero_or_not(train_loader), zero_or_not(val_loader)
y_zero_val = zero_val_loader.dataset.targets  # (validation 이미지 수, 1): 1.0 = 0이다

settings.seed_everything(0)
zero_model = nn.Sequential(nn.Flatten(), nn.Linear(784, 1))  # logit 하나
bce = nn.BCEWithLogitsLoss()
zero_optimizer = torch.optim.Adam(zero_model.parameters(), lr=LR)

init_bce, _ = train.evaluate(zero_val_loader, zero_model, bce, mode="binary")
print(f"학습 전 loss {init_bce:.4f} (ln(2) = {math.log(2):.4f})")

zero_history = train.fit(
    zero_train_loader,
    zero_val_loader,
    zero_model,
    bce,
    zero_optimizer,
    3,
    save_best_model=False,
    device=device,
    mode="binary",
)

# %% [markdown]
# `fit()`은 `BCEWithLogitsLoss`를 보고 모델 출력을 logit으로 판단해, **logit > 0**이면 "예"로 세어 accuracy를 낸다.
# σ(0) = 0.5이므로 "logit > 0"은 "확률 > 0.5"와 같은 말이다. 원래 자료는 `pred >= 0.5`로 셌는데, 이것은 모델 끝에 sigmoid가
# 있어 `pred`가 **확률**일 때(`BCELoss`)의 경계다. logit에 그대로 쓰면 "확률이 σ(0.5) ≈ 0.62 이상일 때만 예"라는 다른 규칙이
# 된다. 두 경계를 validation set에서 나란히 세고, 늘 "아니다"라고만 답하는 규칙과도 비교해 보자.

# %%
zero_model.eval()
with torch.inference_mode():
    zero_logits = zero_model(X_val.to(device)).cpu()  # (validation 이미지 수, 1) logit

print(f"σ(0) = {torch.sigmoid(torch.tensor(0.0)).item():.3f}, σ(0.5) = {torch.sigmoid(torch.tensor(0.5)).item():.3f}")
print(f"validation {len(y_zero_val):,}장 중 0인 이미지: {int(y_zero_val.sum())}장")
for name, says_zero in [
    ("logit > 0 (확률 > 0.5)     ", zero_logits > 0),
    ("logit >= 0.5 (원래 자료)   ", zero_logits >= 0.5),
    ("늘 '아니다'                ", torch.zeros_like(zero_logits, dtype=torch.bool)),
]:
    acc = (says_zero.float() == y_zero_val).float().mean().item()
    found = int((says_zero & (y_zero_val == 1)).sum())
    print(f"{name}: accuracy {acc:.4f}, 틀린 비율 {1 - acc:.4f}, 찾아낸 0 {found}장")
print("두 경계가 다르게 답한 이미지:", int(((zero_logits > 0) != (zero_logits >= 0.5)).sum()), "장")

# %% [markdown]
# **위 출력 읽기.** `fit()`이 출력한 마지막 validation accuracy 0.98620은 logit > 0 경계로 센 값이다(표의 첫 줄 0.9862와 같다).
# 학습 전 loss 0.7365도 ln(2) = 0.693 근처였다. (epoch 줄 끝의 `best`는 validation loss가 최저를 갱신했다는 표시다:
# `save_best_model=False`라 11절의 `best 저장`과 달리 체크포인트는 저장하지 않았다.)
#
# - accuracy 0.986은 0.5(동전 던지기)가 아니라 늘 "아니다"의 **0.9074**와 비교해 읽어야 한다: 0이 아닌 숫자가 열에 아홉이다.
#   틀린 비율로 보면 0.0926 → 0.0138, 약 7분의 1이다. 0인 이미지 463장 중 413장을 찾아냈다 (늘 "아니다"는 하나도 못 찾는다).
# - 원래 자료의 경계(logit ≥ 0.5)는 26장에서 다르게 답했다. "예"를 아껴서 0을 11장 덜 찾았지만(413 → 402), 0이 아닌 숫자를
#   0이라고 한 실수가 15장 줄었다. accuracy는 0.9870 대 0.9862로 4장 차이인데, 두 경계가 다르게 답한 26장이 15 대 11로 갈린
#   것이라 잡음 안의 차이다 (판정 규칙을 돌리지 않은 대략 읽기). 어느 경계가 "낫다"는 것이 아니라, 경계를 옮기면 놓치는 0과
#   잘못 부르는 0이 서로 바뀐다는 것이 요점이다. 그러니 원래 자료의 경계는 계산이 틀렸다기보다 **모르고 고른** 다른 규칙이다
#   ("확률이 0.62를 넘어야 예").
#   경계를 옮기고 싶다면(0을 놓치는 것과 잘못 부르는 것 중 무엇이 더 나쁜가에 따라) validation set에서 알고 고르고, test set은
#   그다음에 한 번 쓴다.
#
# `fit()`은 loss를 보고 출력이 logit(경계 0, `BCEWithLogitsLoss`)인지 확률(경계 0.5, `BCELoss`)인지 정한다. 다른 loss를 쓰면
# `from_logits=True` 또는 `False`를 직접 주어야 하고, 주지 않으면 학습 전에 그렇게 하라는 오류가 난다.
# `train.evaluate`를 직접 부를 때는 loss를 보지 않는다: 기본값이 `from_logits=True`(경계 0)이므로, 모델 끝에 sigmoid가
# 있으면 `from_logits=False`를 주어야 한다.

# %% [markdown]
# ## 관찰 포인트
#
# - 데이터는 train(가중치 학습) / validation(고르기) / test(마지막에 한 번)로 나눠 쓴다. 원래 자료처럼 test set으로
#   고르면 보고하는 점수가 부풀려진다.
# - 한 epoch의 학습은 batch마다 `zero_grad` → forward → loss → `backward` → `step`이고, 평가는 eval mode와 `inference_mode`에서
#   loss와 정답 수를 쌓는다. `train.train_one_epoch`은 이 루프와 비트 하나까지 같은 가중치를 낸다.
# - `no_grad`와 `inference_mode`는 둘 다 gradient 기록을 끈다. `inference_mode` 안에서 만든 tensor는 나중에 autograd가
#   backward용으로 저장해야 하는 자리(곱셈·행렬곱의 입력 등)에 쓸 수 없다(오류). 어느 쪽도 `model.eval()`을 대신하지 않는다.
# - 여러 후보 중 최고를 고르면, 고를 때 쓴 점수는 위로 치우친다 (selection bias). 10절의 실험(실력이 비슷한 후보 24개, 선택용
#   500장)에서는 1등의 점수가 평균 1.3%p 부풀려졌다. 크기는 선택용 set이 작을수록 커진다(연습 4). 후보가 많고 서로
#   독립적일수록 커질 것이다(재지 않은 예상).
#   그래서 test set은 고르는 데 쓰지 않고 마지막에 한 번만 쓴다.
# - 학습 전 초기 loss ≈ ln(10) ≈ 2.303, 그리고 20장 외우기는 몇 초면 되는 파이프라인 점검이다. 픽셀을 0\~255 그대로 넣으면
#   초기 loss가 75로 뛰어 (a)에서 바로 드러난다. 20장을 외운 모델의 validation accuracy는 0.52뿐이다.
# - 데이터 수는 `len(loader.dataset)`, 한 epoch의 step 수는 `len(loader)`다. step 수 = 데이터 수 / batch 크기 (올림).
# - 메모리 위 loader는 torchvision `DataLoader(ToTensor())`와 **같은 값**을 주면서, 한 장씩 변환하는 비용이 없어서 훨씬 빠르다.
# - `fit()`은 train 지표를 eval mode로 다시 계산한다. 그래서 train과 validation 곡선을 같은 조건에서 비교할 수 있다.
#   (다음 노트북들에서 overfitting과 Dropout의 효과를 볼 때 이 점이 중요하다.)
# - loss/accuracy는 샘플 평균이다. 마지막 batch가 작아도 모든 샘플이 같은 무게를 가진다.
# - `Linear` 하나뿐인 모델도 MNIST에서 validation accuracy 약 0.92를 낸다. validation loss는 10 epoch 내내 내려가지만
#   내려가는 폭이 점점 줄고, train과 validation 곡선의 차이는 작다(epoch 10에 accuracy 약 0.007). 더 나아지려면 무엇이
#   필요할까? → 01 노트북.
# - 이진 분류에서 logit의 경계는 0이다(σ(0) = 0.5). accuracy는 늘 같은 답만 하는 규칙(여기서는 늘 "아니다", 약 0.91)과
#   비교해 읽는다.
#
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
# **1. batch 크기와 step 수.** `BATCH_SIZE`를 128로 바꾸면 `len(train_loader)`, `len(val_loader)`, `len(test_loader)`는
# 얼마가 될까? 각 loader의 마지막 batch에는 몇 장이 들어가는가? 계산을 함수 `steps_and_last(n, batch_size)`로 써서
# 확인하라: 데이터 `n`장을 `batch_size`씩 나눌 때 (step 수, 마지막 batch의 크기)를 돌려준다.
# 정답이면 `data.load_mnist_splits(DATASET_ROOT_PATH, 128)`로 만든 loader의 `len()`과 마지막 batch로도 확인해 보자.
#
# 기대 결과: full mode에서 430 / 40 / 79 step, 마지막 batch는 88 / 8 / 16장. 계산과 코드가 같은 값을 준다.


# %%
def steps_and_last(n, batch_size):
    """데이터 n장을 batch_size씩 나눌 때 (step 수, 마지막 batch의 크기)."""
    steps = ...  # TODO: batch가 몇 개인가? (덜 찬 마지막 batch도 하나로 센다)
    last = ...  # TODO: 마지막 batch에는 몇 장이 남는가?
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
X, y = next(iter(val_loader))  # validation set의 첫 batch (test set이 아닌 이유: q2.hint(3))
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
# 기대 결과: 코어가 적은 컴퓨터에서는 조금 빨라지거나, worker를 띄우고 batch를 주고받는 비용 때문에 오히려 느려질 수도 있다.
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
# **4. 선택용 set의 크기와 selection bias.** 10절의 실험에서 `SEL_SIZE`를 500에서 100과 2,500으로 바꾸면
# selection bias(조각 평균)는 어떻게 변할까? 후보 학습은 다시 하지 않아도 된다(`correct`를 다시 나누기만 하면 된다).
# 10절의 조각 반복 코드를 함수 `selection_bias(correct, sel_size)`로 옮겨, 조각별 selection bias 목록을 돌려주게 하라.
# 검사는 손으로 계산한 값과 비교하고, 그다음 셀이 세 크기로 재 본다.
#
# 기대 결과: 선택용 set이 작을수록(100장) selection bias가 커지고, 클수록(2,500장) 작아진다. 0이 되지는 않는다.


# %%
def selection_bias(correct, sel_size):
    """validation을 sel_size장 조각으로 나눠 조각마다 최고 후보를 고르고, 조각별 selection bias 목록을 돌려준다."""
    ...  # TODO: 10절의 조각 반복 코드를 옮기고, 조각마다의 selection bias를 목록에 모아 돌려준다


q4.check(selection_bias)

# %%
if selection_bias(correct, sel_size) is not None:  # q4의 함수를 채웠으면: 10절의 correct를 다시 나누기만 한다
    for size in (100, 500, 2500):
        n_sel = min(size, n_val // 2)  # smoke mode의 작은 validation set에서도 돌도록
        biases = selection_bias(correct, n_sel)
        print(
            f"선택용 set {n_sel:>5,}장 (조각 {len(biases):>2}개): selection bias {report.fmt_mean_std(biases, sign=True)}"
        )

# %% [markdown]
# **5. 초기 loss가 이상할 때.** `SmallSizeModel`의 출력층 가중치를 10배로 키우면(`model.output.weight.data *= 10`)
# 학습 전 loss는 ln(10)과 비교해 어떻게 되는가? accuracy는? 8절에서 만든 `check_model`(9절 (a)에서 초기 loss를 잰 모델)과
# 같은 초기값(seed 42)에서 가중치만 키워, validation set에서 잰 `(loss, accuracy)`를 `scaled_result`에 담아라.
#
# 기대 결과: loss가 ln(10) ≈ 2.3보다 분명히 크다. accuracy는 여전히 찍는 수준(0.1 안팎)이다. 즉 "자신 있게 틀리는"
# 초기화이고, sanity check (a)가 잡아내는 경우다.

# %%
settings.seed_everything(42)  # 8절의 check_model과 같은 초기값에서 시작한다
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
# 2.292 (ln(10) = 2.303 근처; 8절과 9절의 출력). 10개 클래스에 거의 같은 확률을 주면 loss가 −ln(1/10) = ln(10) ≈ 2.303이기 때문이다.
# </details>
#
# **3.** 10절에서 "평균 후보의 차이"는 조각마다 위아래로 흔들렸지만(평균 0), 고른 후보의 차이에서 그것을 뺀 selection bias는
# 조각마다 양수였다. 왜 다른가?
#
# <details><summary>정답</summary>
#
# 아무 후보나 하나 잡으면 선택용 set 점수는 치우치지 않는다(잡음이 위아래로 고르게). 최고를 고르면 위쪽 잡음을 받은
# 후보가 뽑히므로, 그 후보의 선택용 set 점수만 위로 치우친다. (평균 후보의 차이의 평균이 정확히 0인 것은 조각 10개가
# validation set을 나눠 가진 결과이고, 조각들이 같은 후보와 대부분의 이미지를 함께 쓰므로 "10번 모두 양수"는 10번의
# 독립된 확인이 아니다.)
# </details>
#
# **4.** 선택용 set을 크게 하면 selection bias는 어떻게 되는가? 후보 수를 늘리면?
#
# <details><summary>정답</summary>
#
# 선택용 set이 크면 잡음(≈ √(p(1−p)/n))이 줄어 bias가 작아진다 (연습 4에서 잰다). 후보가 많으면 운 좋은 후보가 나올 기회가
# 늘어 bias가 커질 것이다: 이 노트북에서 재지는 않았고, 잡음 섞인 점수의 최댓값이 갖는 성질에서 나오는 예상이다.
# </details>
#
# **5.** 작은 모델이 20장을 200 step 학습한 뒤에도 accuracy가 0.5에 머문다면 무엇을 의심해야 하는가?
#
# <details><summary>정답</summary>
#
# 파이프라인의 고장이다(이미지와 label이 어긋남, `zero_grad`/`step` 누락, learning rate 0 등). 20장은 어떤 모델이든 외울 수 있어야 한다.
# </details>
#
# **6.** 샘플 250개, batch 크기 200일 때 샘플별 loss가 첫 200개는 0.2, 마지막 50개는 1.0이다. 샘플 평균 loss는?
# batch 평균들의 평균은?
#
# <details><summary>정답</summary>
#
# 샘플 평균 0.36 = (200×0.2 + 50×1.0)/250, batch 평균들의 평균 0.6 = (0.2 + 1.0)/2. `fit()`은 앞의 것(샘플 평균)을 쓴다.
# </details>
#
# **7.** full mode에서 train set 55,000장, batch 크기 200이면 한 epoch은 몇 step인가?
#
# <details><summary>정답</summary>
#
# 275 step (55,000 / 200 = 275, 나누어떨어지므로 마지막 batch도 200장). 6절의 출력에서 확인할 수 있다.
# </details>
#
# **8.** `torch.inference_mode()` 안에서 만든 tensor와 `torch.no_grad()` 안에서 만든 tensor는 무엇이 다른가?
#
# <details><summary>정답</summary>
#
# 둘 다 `requires_grad=False`이고 gradient를 기록하지 않는다. `inference_mode`의 tensor는 inference tensor(`is_inference()`가
# True)라 나중에 autograd가 backward용으로 저장해야 하는 자리(7절의 `b * w`처럼 곱셈·행렬곱의 입력 등)에 쓰면 오류가 난다
# (7절: "Inference tensors cannot be saved for backward").
# `no_grad`의 tensor는 보통 tensor라 나중에 학습 계산에 써도 된다. 어느 쪽도 `model.eval()`을 대신하지 않는다.
# </details>
#
# **9.** `ToTensor()`를 빼먹어 픽셀을 0\~255로 넣으면 학습 전 loss는 어떻게 되고, 왜 accuracy는 그대로인가?
#
# <details><summary>정답</summary>
#
# logit이 255배 커져(표준편차 0.21 → 53.49) 초기 loss가 75.167로 ln(10) ≈ 2.303보다 훨씬 크다 (9절). bias를 빼면 모든 logit이
# 똑같이 커질 뿐이라 가장 큰 logit의 위치(argmax)는 거의 그대로이고, accuracy도 0.1426으로 같았다. 틀린 답에 큰 확신을 싣는
# "자신 있게 틀림"이라 loss만 커진다.
# </details>
#
# **10.** "이 숫자는 0인가?" 분류기의 validation accuracy가 0.95라면 좋은 분류기인가? 그 출력이 logit이면 경계는 얼마인가?
#
# <details><summary>정답</summary>
#
# 늘 "아니다"라고만 답해도 0.9074다 (12절). 0.95는 그보다 틀린 비율이 절반쯤(0.093 → 0.05)일 뿐이고, 12절의 선형 모델(0.9862)보다
# 한참 못하다. accuracy는 언제나 늘 같은 답을 하는 규칙과 비교해 읽는다. logit의 경계는 0이다: σ(0) = 0.5이므로 "logit > 0"이
# "확률 > 0.5"다. logit에 0.5를 쓰면 "확률 > 0.62"라는 다른 규칙이 된다.
# </details>
