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
# # 00. 데이터와 학습 루프 — 연습 문제 풀이
#
# **목표**: 00 노트북의 연습 문제 다섯 개를 차례로 풀고, 출력이 노트북의 "기대 결과"와 맞는지 확인한다.
# 풀이마다 00 노트북과 같은 검사(`q1.check(...)` 등)를 불러 정답임을 확인한다. `q1.solution()`이 보여 주는 코드가
# 이 노트북의 코드다.
#
# **Goal**: worked solutions to the five exercises of lesson 00, each checked against the lesson's expected outcome.
#
# 이 노트북은 00 노트북과 별개의 kernel에서 돈다. 그래서 필요한 데이터와 모델을 여기서 다시 준비한다
# (작은 모델, 짧은 학습이라 몇 초면 된다).

# %%
import math
import os
import time

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

from course_lib import data, models, plots, report, settings, train
from course_lib.exercises.lesson00 import q1, q2, q3, q4, q5

settings.seed_everything(42)
device = settings.get_device()
DATASET_ROOT_PATH = settings.data_root()
LR = 0.001
BATCH_SIZE = 200
loss_fn = nn.CrossEntropyLoss()

train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE)

# %% [markdown]
# ## 연습 1. batch 크기와 step 수
#
# step 수 = ⌈데이터 수 / batch 크기⌉, 마지막 batch = 데이터 수 − (step 수 − 1) × batch 크기.
# 먼저 식으로 계산하고, batch 크기 128로 새로 만든 loader에서 직접 센 값과 비교한다.


# %%
def steps_and_last(n, batch_size):
    """데이터 n장을 batch_size씩 나눌 때 (step 수, 마지막 batch의 크기)."""
    steps = math.ceil(n / batch_size)
    last = n - (steps - 1) * batch_size
    return steps, last


loaders_128 = dict(zip(("train", "validation", "test"), data.load_mnist_splits(DATASET_ROOT_PATH, 128), strict=True))

for name, loader in loaders_128.items():
    n = len(loader.dataset)
    steps, last = steps_and_last(n, 128)
    for batch in loader:  # 끝까지 돌면 마지막 batch가 남는다
        X_last, y_last = batch
    print(
        f"{name:<10}: {n:>6,}장 → 계산 {steps:>3} step, 마지막 {last:>3}장 | 실제 {len(loader):>3} step, 마지막 {len(y_last):>3}장"
    )

# %% tags=["nbval-check-output"]
q1.check(steps_and_last)

# %% [markdown]
# 계산과 실제가 모든 loader에서 같다. full mode에서는 55,000 / 5,000 / 10,000장이 430 / 40 / 79 step이 되고,
# 마지막 batch는 88 / 8 / 16장이다: 노트북의 기대 결과와 같다.
# 마지막 batch가 작아도 `fit()`은 샘플 평균을 내므로 그 8장이 128장만큼의 무게를 갖지는 않는다.
#
# 같은 계산이 모드와 상관없이 맞는지는 아래처럼 확인할 수 있다 (두 모드에서 출력이 같다).

# %% tags=["nbval-check-output"]
print(all(len(ld) == math.ceil(len(ld.dataset) / 128) for ld in loaders_128.values()))

# %% [markdown]
# ## 연습 2. 틀린 이미지 보기
#
# 노트북 11절과 같은 seed(42), 같은 설정으로 `SmallSizeModel`을 10 epoch 학습한다 (체크포인트 없이). 노트북의 best epoch이
# 마지막 epoch 10이었으므로, 이 모델은 노트북이 체크포인트에서 불러온 `final_model`과 같은 가중치가 된다(같은 컴퓨터에서
# 돌렸을 때; 아래의 validation acc 0.9198도 노트북과 같다. GPU에서는 비트 하나까지 같다는 보장은 없다). 그 모델로
# **validation set**의 32장에 대한 예측을 본다. test set은 마지막에 한 번만 쓰는 데이터이므로, 틀린 예를 들여다보며
# 무엇을 고칠지 궁리하는 일(이것도 "고르는" 일이다)에는 쓰지 않는다.

# %%
settings.seed_everything(42)
final_model = models.SmallSizeModel()
optimizer = torch.optim.Adam(final_model.parameters(), lr=LR)
history = train.fit(
    train_loader, val_loader, final_model, loss_fn, optimizer, 10, save_best_model=False, device=device, verbose=False
)
print(f"10 epoch 뒤 validation acc: {history.val_acc[-1]:.4f}")

X, y = next(iter(val_loader))  # validation set의 첫 batch (test set이 아니다)
X32, y32 = X[:32], y[:32]

final_model.eval()
with torch.no_grad():
    preds = final_model(X32.to(device)).argmax(dim=1).cpu()  # (32, 10) logit → (32,) 클래스 번호

wrong = (preds != y32).nonzero().flatten().tolist()
print(f"32장 중 틀린 것: {len(wrong)}장")
for i in wrong:
    print(f"  {i:>2}번: 정답 {y32[i].item()} → 예측 {preds[i].item()}")

plots.show_images(X32, y32, preds)
plt.show()

# %% tags=["nbval-check-output"]
q2.check(X32, preds, final_model)

# %% [markdown]
# 10 epoch 학습한 모델(validation acc 0.9198, 노트북의 `final_model`과 같은 값)이 이 32장 중 4장을 틀렸다 (4, 15, 20, 29번:
# 9→8, 2→0, 3→5, 7→9). 정확도 0.92이면 32장 중 평균 약 2.6장이 틀리므로 기대한 정도다 (32장은 작은 표본이라 조금은 흔들린다).
# 4번은 눈여겨볼 만하다: label은 9지만 그림은 사람이 봐도 8에 가깝다. 모델의 "틀림"이 오히려 그림과 맞는 경우로, 데이터의
# label 자체가 틀리거나 애매할 수 있다는 뜻이다 (01 노트북에서 틀린 label을 일부러 섞어 본다). 나머지는 흘려 쓴 숫자(15번의 2)나
# 닮은 숫자 쌍(3/5, 7/9)이다: 노트북의 기대 결과와 맞는다.
# 클래스 사이를 평평한 경계(초평면)로만 나누는 `Linear` 모델은 이런 모양의 차이를 잘 잡지 못한다 (01 노트북에서 더 큰 모델과 비교한다).

# %% [markdown]
# ## 연습 3. `num_workers=2`
#
# 같은 파일을 읽는 torchvision 방식 loader를 worker 0개(기본, 00 노트북 5절의 `torchvision_loader`)와 2개로 만들어
# 한 바퀴씩 돌린다. 두 loader는 worker 수만 다르다 (같은 데이터, batch 크기, 섞기): 그래야 시간 차이가 worker 때문이다.

# %%
torchvision_root = data.SAMPLE_ROOT if settings.is_smoke() else DATASET_ROOT_PATH
full_train_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, 200, True)


def time_one_pass(loader):
    """loader를 한 바퀴 돌며 batch만 꺼내는 데 걸린 초."""
    start = time.perf_counter()
    n = 0
    for _X, y in loader:
        n += len(y)
    return time.perf_counter() - start, n


torchvision_loader = torch.utils.data.DataLoader(
    torchvision.datasets.MNIST(root=torchvision_root, train=True, transform=transforms.ToTensor()),
    batch_size=200,
    shuffle=True,
)
workers_loader = torch.utils.data.DataLoader(
    torchvision.datasets.MNIST(root=torchvision_root, train=True, transform=transforms.ToTensor()),
    batch_size=200,
    shuffle=True,
    num_workers=2,
)

print("CPU 코어 수:", os.cpu_count())
for workers, loader in ((0, torchvision_loader), (2, workers_loader)):
    seconds, n = time_one_pass(loader)
    print(f"torchvision DataLoader, num_workers={workers}: {seconds:.3f}초 ({n:,}장)")
seconds, n = time_one_pass(full_train_loader)
print(f"course_lib InMemoryLoader            : {seconds:.3f}초 ({n:,}장)")

# %% tags=["nbval-check-output"]
q3.check(workers_loader, torchvision_loader)

# %% [markdown]
# 위 출력의 세 줄을 비교하자. worker 2개가 기본(0개)보다 빠른지 느린지는 컴퓨터에 따라 다르다: 코어가 적으면 worker
# 프로세스를 띄우고 batch를 프로세스 사이로 옮기는 비용 때문에 오히려 느려질 수도 있다. 어느 쪽이든 메모리 위 loader가
# 가장 빠르다: worker는 일을 나눌 뿐, 6만 장을 한 장씩 PIL → tensor로 바꾸고 다시 묶는 일 자체는 그대로 남기 때문이다.
# 메모리 위 loader는 그 일을 처음 한 번만 한다. 노트북의 기대 결과와 맞는다.

# %% [markdown]
# ## 연습 4. 선택용 set의 크기와 selection bias
#
# 노트북 10절과 같은 후보 24개(seed만 다른 `SmallSizeModel`, 각자 무작위 train 2,000장으로 3 epoch)를 다시 만들고,
# 정답 여부 표 `correct`를 선택용 set 크기 100 / 500 / 2,500으로 나눠 본다. 학습은 한 번만 한다.

# %%
X_train, y_train = train_loader.dataset.data, train_loader.dataset.targets
X_val, y_val = val_loader.dataset.data, val_loader.dataset.targets

correct = []
for seed in range(24):
    settings.seed_everything(seed)
    cand = models.SmallSizeModel()
    idx = torch.randperm(len(y_train))[:2000]
    subset = data.InMemoryLoader(data.TensorPairDataset(X_train[idx], y_train[idx]), 100, shuffle=True)
    opt = torch.optim.Adam(cand.parameters(), lr=3e-3)
    for _ in range(3):
        train.train_one_epoch(subset, cand, loss_fn, opt, device="cpu")
    cand.eval()
    with torch.inference_mode():
        correct.append((cand(X_val).argmax(dim=1) == y_val).float())
correct = torch.stack(correct)  # (후보 수, validation 이미지 수)


def selection_bias(correct, sel_size):
    """조각마다 최고 후보를 고르고, (고른 후보의 차이 - 평균 후보의 차이)들을 돌려준다."""
    n_val = correct.shape[1]
    biases = []
    for k in range(n_val // sel_size):
        is_sel = torch.zeros(n_val, dtype=torch.bool)
        is_sel[k * sel_size : (k + 1) * sel_size] = True
        sel_acc = correct[:, is_sel].mean(dim=1)
        new_acc = correct[:, ~is_sel].mean(dim=1)
        b = int(sel_acc.argmax())
        biases.append(((sel_acc[b] - new_acc[b]) - (sel_acc - new_acc).mean()).item())
    return biases


n_val = correct.shape[1]
for size in (100, 500, 2500):
    sel_size = min(size, n_val // 2)  # smoke mode의 작은 validation set에서도 돌도록
    biases = selection_bias(correct, sel_size)
    print(
        f"선택용 set {sel_size:>5,}장 (조각 {len(biases):>2}개): selection bias {report.fmt_mean_std(biases, sign=True)}"
    )

# %% tags=["nbval-check-output"]
q4.check(selection_bias)

# %% [markdown]
# 선택용 set이 100장이면 selection bias가 +0.029 ± 0.009(조각 50개), 500장이면 +0.013 ± 0.003(노트북 10절과 같은 값),
# 2,500장이면 +0.006 ± 0.001(조각 2개뿐이라 표준편차는 믿을 만하지 않다)이다. 선택용 set이 클수록 점수의 잡음이 작아
# 부풀림도 작아지지만, 2,500장에서도 0이 되지는 않는다: 노트북의 기대 결과와 맞는다.
# 잡음의 크기 √(p(1−p)/n)은 n이 25배가 되면 1/5이 된다. 100장 → 2,500장에서 bias는 0.029 → 0.006으로 약 1/5이 되었다.

# %% [markdown]
# ## 연습 5. 초기 loss가 이상할 때
#
# 같은 seed로 만든 `SmallSizeModel` 두 개 중 하나만 출력층 가중치를 10배로 키워 학습 전 loss를 비교한다.

# %%
settings.seed_everything(42)
normal = models.SmallSizeModel()
settings.seed_everything(42)  # 8절의 check_model과 같은 초기값
scaled_model = models.SmallSizeModel()
with torch.no_grad():
    scaled_model.output.weight *= 10

scaled_result = train.evaluate(val_loader, scaled_model, loss_fn)

print(f"ln(10)                : {math.log(10):.4f}")
for name, (loss, acc) in (
    ("기본 초기화", train.evaluate(val_loader, normal, loss_fn)),
    ("출력층 가중치 ×10", scaled_result),
):
    print(f"{name:<18}: loss {loss:.4f}, accuracy {acc:.4f}")

# %% tags=["nbval-check-output"]
q5.check(scaled_model, scaled_result, val_loader)

# %% [markdown]
# 출력층 가중치를 10배로 키우자 학습 전 loss가 2.29에서 3.63으로, ln(10) = 2.30보다 분명히 커졌다. accuracy는 0.1426에서
# 0.1438로, 찍는 수준 그대로다: bias는 그대로라 몇 장은 예측이 바뀌지만, 가장 큰 logit의 위치(argmax)는 대부분 그대로다.
# logit이 커지면 softmax가 한 클래스에 확률을 몰아주고, 그 답이 대부분 틀리므로 loss가 커진다("자신 있게 틀림").
# 초기 loss를 ln(10)과 비교하는 sanity check가 이런 초기화를 학습 전에 잡아낸다: 노트북의 기대 결과와 맞는다.
