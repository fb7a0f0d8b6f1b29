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
# # 04. Batch Normalization — 연습 문제 풀이
#
# **목표**: 04 노트북의 연습 문제 다섯 개를 직접 풀어 보고, 출력이 기대 결과와 맞는지 확인한다. 풀이마다 04 노트북과
# 같은 검사(`q1.check(...)` ...)를 부른다: 풀이 코드는 04 노트북에서 `q1.solution()`으로 보는 것과 같다.
#
# **Goal**: worked solutions to the five exercises of lesson 04, each checked against the expected outcome stated there.
#
# 시간을 아끼려고 문제 3, 5는 train set 55,000장 중 앞의 11,000장만, 짧게(3 epoch) 학습한다 (문제 4는 전체 train set으로
# 2 epoch). 그래서 숫자를 04 노트북의 표와 직접 비교하지 말고, **같은 조건에서 두 설정의 차이**만 읽는다.
# 비교는 모두 validation set으로 한다. test set은 결과를 보고하는 데에는 쓸 수 있지만(04 노트북 9절, 12절) 무엇을 고르는
# 데에는 쓰지 않는다. 이 풀이들은 짧은 연습이라 test로 보고하지도 않는다.

# %%
import copy
import functools

import torch
import torch.nn as nn

from course_lib import data, models, report, settings, stats, train
from course_lib.epoch import correct_per_sample
from course_lib.exercises.lesson04 import q1, q2, q3, q4, q5

settings.seed_everything(42)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)

LR = 0.001
BATCH_SIZE = 200
SEEDS = [0, 1, 2]
N_EPOCH = 3  # 풀이용으로 짧게
N_TRAIN_SUBSET = 11_000  # 문제 3, 5에서 쓰는 train set 일부

train_loader, val_loader, _ = data.load_mnist_splits(settings.data_root(), BATCH_SIZE)
ds = train_loader.dataset
small_train_loader = data.InMemoryLoader(
    data.TensorPairDataset(ds.data[:N_TRAIN_SUBSET], ds.targets[:N_TRAIN_SUBSET]), BATCH_SIZE, shuffle=True
)
loss_fn = nn.CrossEntropyLoss()
print(f"train(일부) {len(small_train_loader.dataset):,} | validation {len(val_loader.dataset):,}")

# %% [markdown]
# ## 문제 1. 데이터가 100개일 때 `b.std(dim=0)`
#
# 예상: BN은 $m=100$으로 나눈 분산으로 표준화하고 `std()`는 $m-1=99$로 나누므로 $\sqrt{100/99} \approx 1.005$.

# %% tags=["nbval-check-output"]
torch.manual_seed(0)
a = torch.rand(100, 5)
b = nn.BatchNorm1d(5)(a)
with torch.no_grad():
    print("b.std(dim=0)            :", b.std(dim=0).round(decimals=4))
    print("b.std(dim=0, correction=0):", b.std(dim=0, correction=0).round(decimals=4))
print("sqrt(100 / 99) =", round((100 / 99) ** 0.5, 4))

# %% tags=["nbval-check-output"]
expected_std = (100 / 99) ** 0.5  # 계산으로 먼저 예상한 값
q1.check(expected_std)

# %% [markdown]
# 예상대로 모든 feature에서 1.005다 (10개일 때의 1.054보다 1에 훨씬 가깝다). 기대 결과와 같다.
#
# ## 문제 2. running_var를 편향 분산으로 갱신하면
#
# 04 노트북 5절의 함수에 `unbiased_running_var` 스위치를 달고, 같은 비교를 두 번(올바른 버전, 틀린 버전) 돌린다.


# %%
def batch_norm_forward(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5, unbiased=True):
    """04 노트북의 BN forward. unbiased=False면 running_var를 편향 분산으로 갱신한다 (틀린 버전)."""
    if training:
        m = x.shape[0]
        mean = x.mean(dim=0)
        var = ((x - mean) ** 2).mean(dim=0)  # 편향 분산: 표준화에 쓴다
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * (var * m / (m - 1) if unbiased else var)
    else:
        mean, var = running_mean, running_var
    return gamma * (x - mean) / torch.sqrt(var + eps) + beta, running_mean, running_var


def compare_with_pytorch(unbiased, batch_size=16):
    """04 노트북 5절과 같은 비교: train mode 3번, eval mode 1번. 항목별 allclose 결과를 돌려준다."""
    torch.manual_seed(1)
    C = 5
    bn_ref = nn.BatchNorm1d(C)
    with torch.no_grad():
        bn_ref.weight.copy_(torch.rand(C) + 0.5)
        bn_ref.bias.copy_(torch.randn(C))
    gamma, beta = bn_ref.weight.detach().clone(), bn_ref.bias.detach().clone()
    rm, rv = torch.zeros(C), torch.ones(C)
    train_ok = []
    with torch.no_grad():
        for _ in range(3):
            x = torch.randn(batch_size, C) * 3 + 2
            y, rm, rv = batch_norm_forward(x, gamma, beta, rm, rv, True, unbiased=unbiased)
            train_ok.append(torch.allclose(y, bn_ref(x), atol=1e-6))
        bn_ref.eval()
        x_new = torch.randn(8, C) * 3 + 2
        y_eval, _, _ = batch_norm_forward(x_new, gamma, beta, rm, rv, False)
        return {
            "train 출력": all(train_ok),
            "running_mean": torch.allclose(rm, bn_ref.running_mean),
            "running_var": torch.allclose(rv, bn_ref.running_var),
            "eval 출력": torch.allclose(y_eval, bn_ref(x_new), atol=1e-6),
            "running_var 비 (PyTorch / 내 것)": round((bn_ref.running_var / rv).max().item(), 4),
        }


# %% tags=["nbval-check-output"]
for unbiased in (True, False):
    print(f"running_var에 {'불편' if unbiased else '편향'} 분산:", compare_with_pytorch(unbiased))
for m in (4, 16, 256):
    print(
        f"배치 크기 {m:3d}, 편향 분산 버전의 running_var 비:",
        compare_with_pytorch(False, m)["running_var 비 (PyTorch / 내 것)"],
    )

# %% [markdown]
# 04 노트북의 연습 문제 셀처럼, 편향 분산 버전을 따로 함수로 쓰고 답과 함께 검사한다.


# %%
def batch_norm_forward_biased(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """5절의 batch_norm_forward에서 running_var만 편향 분산으로 갱신한다 (일부러 틀린 버전)."""
    if training:
        mean = x.mean(dim=0)  # (C,) 배치 평균
        var = ((x - mean) ** 2).mean(dim=0)  # (C,) 편향 분산: 표준화에 쓴다
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var  # m / (m - 1)을 뺐다
    else:
        mean, var = running_mean, running_var
    x_hat = (x - mean) / torch.sqrt(var + eps)
    return gamma * x_hat + beta, running_mean, running_var


false_lines = {"running_var", "eval mode 출력"}
larger_m = "작아진다"

# %% tags=["nbval-check-output"]
q2.check(batch_norm_forward_biased, false_lines, larger_m)

# %% [markdown]
# 편향 분산으로 바꾸면 train mode 출력과 running_mean은 여전히 `True`이고(train mode는 running 통계를 쓰지 않는다),
# **running_var와 eval mode 출력**이 `False`가 된다. 기대 결과와 같다.
# 두 running_var의 비는 배치가 작을수록 크고(4장: 가장 큼), 256장에서는 1에 아주 가깝다.
# 비가 정확히 $m/(m-1)$이 아닌 것은 초기값 1이 섞인 이동 평균이기 때문이다. 배치가 클수록 차이가 작아져서,
# 큰 배치로 학습하는 보통의 경우에는 이런 실수가 눈에 잘 띄지 않는다. 그래서 작은 배치로 확인하는 것이 좋다.
#
# ## 문제 3. `Linear -> ReLU -> BN` 순서
#
# 두 순서를 같은 seed 3개, Adam(lr=0.001), 3 epoch, train set 11,000장으로 학습한다. seed를 고정한 **직후에** 모델을 만든다.


# %%
def relu_then_bn():
    """Linear -> ReLU -> BatchNorm1d 순서의 BNModel 변형 (파라미터 수는 BNModel과 같다)."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256),
        nn.Linear(256, 128), nn.ReLU(), nn.BatchNorm1d(128),
        nn.Linear(128, 64), nn.ReLU(), nn.BatchNorm1d(64),
        nn.Linear(64, 10),
    )  # fmt: skip


def run(make_model, seed, loader, lr=LR, optimizer_cls=torch.optim.Adam):
    """seed를 고정한 직후 모델을 만들어 N_EPOCH epoch 학습하고 (model, History)를 돌려준다."""
    settings.seed_everything(seed)
    model = make_model().to(device)
    optimizer = optimizer_cls(model.parameters(), lr=lr)
    h = train.fit(
        loader, val_loader, model, loss_fn, optimizer, N_EPOCH,
        save_best_model=False, early_stopping=False, verbose=False, device=device,
    )  # fmt: skip
    return model, h


orders = {"Linear->BN->ReLU (BNModel)": models.BNModel, "Linear->ReLU->BN": relu_then_bn}
order_results = {name: [run(make, seed, small_train_loader) for seed in SEEDS] for name, make in orders.items()}
order_runs = {name: [h for _, h in results] for name, results in order_results.items()}  # name -> seed별 History
for name, hs in order_runs.items():
    print(
        f"{name:27s} | {models.count_parameters(orders[name]()):,} params | "
        f"best epoch의 val acc {report.fmt_mean_std([h.best_val_acc for h in hs])} | "
        f"최저 val loss {report.fmt_mean_std([h.best_val_loss for h in hs])}"
    )

# %% [markdown]
# 두 순서 모두 잘 학습되었다 (파라미터 수도 같다). best epoch의 val acc는 약 0.955 ± 0.001 vs 약 0.951 ± 0.003으로, 평균은
# BNModel 순서가 약 0.45%p 높다. 최저 val loss는 반대로 `Linear->ReLU->BN` 쪽이 약 0.009 낮다(약 0.167 vs 0.176,
# 표준편차 약 0.003\~0.004). 두 차이는 모두 평균 ± 표준편차로 대략 읽은 것이고, 같은 잣대로 읽는다: loss의 차이가 표준편차의
# 두세 배라고 해서 loss 쪽만 "차이가 있다"고 읽지 않는다 (두 대략 읽기는 방향도 서로 반대다). 어느 순서가 낫다고 말할 수
# 있는지는 판정 규칙 하나가 정한다: 같은 seed의 두 모델(각 run의 마지막 epoch)을 validation 5,000장에서 이미지별로 짝지어
# 맞힌 이미지(정확도)로 판정한다 (test set은 쓰지 않는다). 04 노트북의 TODO처럼 test까지 모아 `report.compare_paired`로
# 보고해도 된다: 여기서는 validation만 본다.

# %%
val_hits = {
    name: torch.stack([correct_per_sample(val_loader, m) for m, _ in results])
    for name, results in order_results.items()
}
order_verdict = stats.paired_bootstrap(val_hits["Linear->BN->ReLU (BNModel)"], val_hits["Linear->ReLU->BN"])
print("Linear->ReLU->BN − BNModel 순서 (validation):", order_verdict)

# %% tags=["nbval-check-output"]
q3.check(relu_then_bn, order_verdict)

# %% [markdown]
# 판정은 **within noise**다(`Linear->ReLU->BN` − BNModel 순서: −0.45%p, 95% 구간 [−1.00, +0.06]). 평균으로는 BNModel 순서가
# 0.45%p 높았지만 구간이 0을 포함하므로, 이 짧고 작은 실험에서 "BN을 ReLU 앞에 두어야 더 좋다"(또는 그 반대)는 근거는 나오지
# 않았다. val loss의 차이(약 0.009)도 판정 규칙을 거치지 않은 대략 읽기이므로 `Linear->ReLU->BN`이 낫다는 근거가 되지
# 않는다: 이 실험에서는 loss로 보든 정확도로 보든 어느 순서가 낫다고 말할 수 없다. 기대 결과와 같다: 두 순서 모두 잘
# 학습되고, 차이는 판정 규칙으로 읽는다. 판정이 11,000장·3 epoch이 아닌 조건에서도
# 같은지는 이 실험만으로 알 수 없다.
#
# ## 문제 4. train mode로 평가할 때 배치 크기
#
# BNModel(seed 0)을 전체 train set으로 2 epoch 학습한 뒤, validation set을 여러 배치 크기로 예측한다.
# 배치 크기마다 새 복사본을 쓴다 (train mode forward가 running 통계를 바꾸므로).

# %%
settings.seed_everything(0)
bn_model = models.BNModel().to(device)
train.fit(
    train_loader, val_loader, bn_model, loss_fn, torch.optim.Adam(bn_model.parameters(), lr=LR), 2,
    save_best_model=False, early_stopping=False, verbose=False, device=device,
)  # fmt: skip


def accuracy_in_batches(model, loader, batch_size):
    """loader의 데이터를 batch_size장씩 예측한 정확도 (모델의 mode는 바꾸지 않는다)."""
    correct, n = 0, 0
    with torch.no_grad():
        for X, y in loader.batches(batch_size, shuffle=False):
            if len(y) == 1:
                continue  # train mode BN은 1장짜리 배치를 계산할 수 없다 (validation 수가 홀수일 때 마지막 배치)
            correct += (model(X.to(device)).argmax(dim=1) == y.to(device)).sum().item()
            n += len(y)
    return correct / n


for bs in (2, 8, 32, 200):
    probe = copy.deepcopy(bn_model)
    acc_eval = accuracy_in_batches(probe.eval(), val_loader, bs)
    acc_train = accuracy_in_batches(probe.train(), val_loader, bs)
    print(f"batch {bs:3d} | eval mode {acc_eval:.4f} | train mode {acc_train:.4f}")


# %% [markdown]
# eval mode 정확도는 배치 크기와 상관없이 약 0.969로 같다. train mode 정확도는 배치 2장에서 약 0.40,
# 8장에서 약 0.85, 32장에서 약 0.95, 200장에서 약 0.968로 배치가 클수록 eval mode에 가까워진다. 기대 결과와 같다.
# 배치가 작을수록 배치 평균/분산이 running 통계(학습 끝 무렵 최근 배치들로 모은 통계)에서 멀어지고, 2장이면 각 feature가 표준화 후
# 거의 $\pm 1$ 두 값만 남아 정보가 대부분 사라진다.
#
# 04 노트북의 연습 문제 셀은 위 반복문의 train mode 부분을 함수 하나로 쓰고 검사한다: 복사본을 train mode로 두고 재며,
# 넘겨받은 모델은 그대로 둔다.


# %%
def train_mode_accuracy(model, loader, batch_size):
    """model의 복사본을 train mode로 두고 batch_size장씩 예측한 정확도 (넘겨받은 model은 그대로)."""
    probe = copy.deepcopy(model).train()  # 복사본: train mode의 forward가 running 통계를 바꾼다
    correct, n = 0, 0
    with torch.no_grad():
        for X, y in loader.batches(batch_size, shuffle=False):
            X, y = X.to(device), y.to(device)
            correct += (probe(X).argmax(dim=1) == y).sum().item()
            n += len(y)
    return correct / n


# %% tags=["nbval-check-output"]
q4.check(train_mode_accuracy)

# %% [markdown]
# ## 문제 5. SGD(momentum=0.9)로 BN vs BN 없음
#
# 8절의 두 ReLU 모델을 lr 0.01과 0.1, seed 3개, 3 epoch, train set 11,000장으로. 04 노트북 11절(sigmoid 신경망, momentum 없는 SGD)과
# 달리 ReLU 모델이고 SGD에 momentum을 준다.

# %%
sgd = functools.partial(torch.optim.SGD, momentum=0.9)
nets = {"BN": models.BNModel, "No BN": functools.partial(models.BNModel, batch_norm=False)}
sgd_runs = {}
for lr in (0.01, 0.1):
    sgd_runs[lr] = {
        name: [run(make, seed, small_train_loader, lr=lr, optimizer_cls=sgd)[1] for seed in SEEDS]
        for name, make in nets.items()
    }
    cells = []
    for name, hs in sgd_runs[lr].items():
        n_bad = sum(h.stop_reason == "non_finite" for h in hs)
        cells.append(
            f"{name}: {report.fmt_mean_std([h.val_acc[-1] for h in hs])}" + (f" (NaN {n_bad})" if n_bad else "")
        )
    print(f"SGD lr={lr:<5g} | 3 epoch 뒤 val acc | " + " | ".join(cells))

# %% tags=["nbval-check-output"]
q5.check(sgd, sgd_runs)

# %% [markdown]
# SGD(momentum=0.9)에서는 모양이 Adam과 다르다. lr=0.01에서 BN 없는 모델이 3 epoch 뒤 약 0.68(± 0.09)로 크게 뒤처진다:
# 3 epoch 뒤 값만으로는 느린 것인지 멈춘 것인지 구분할 수 없다 (NaN은 없었다). lr=0.1에서는 BN 없는 모델도 약 0.92까지 학습되고, 평균은 BN(약 0.951)보다 낮다.
# 11절의 sigmoid 신경망에서도 BN 없는 모델은 작은 lr에서 뒤처졌다: ReLU 모델에 momentum을 준 SGD에서도 같은 모양이다.
# 기대 결과와 같다. "BN의 효과"를 말할 때는 optimizer와 learning rate 범위를 함께 말해야 한다.
# (평균 ± 표준편차로 대략 읽은 것이다: "낫다"고 말하려면 판정 규칙으로 판정해야 한다. 이 풀이는 train set 11,000장, 3 epoch으로
# 돌렸으므로 숫자를 04 노트북 8절의 표와 직접 비교하지는 않는다.)
