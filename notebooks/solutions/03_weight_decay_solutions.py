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
# # 03. Weight decay — 연습 문제 풀이
#
# **목표**: 03 노트북의 연습 문제 네 개를 직접 풀어 본다. 1\~3번은 작은 tensor로 바로 확인하고,
# 4번은 train set을 5,000장으로 줄여 weight decay의 효과가 더 잘 보이는 조건에서 seed 3개로 학습한다.
# 풀이마다 03 노트북과 같은 검사(`q1.check(...)` 등)를 불러 풀이가 통과하는지 보인다.
#
# **Goal**: worked solutions for the four exercises of lesson 03. Exercises 1-3 are checked on small tensors;
# exercise 4 trains on a 5,000-image subset, where weight decay has more to do, with three seeds.

# %%
import math

import torch
import torch.nn as nn

from course_lib import data, models, report, settings, train
from course_lib.exercises.lesson03 import q1, q2, q3, q4

settings.seed_everything(42)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %% [markdown]
# ## 연습 문제 1: bias는 decay하지 않는 param group
#
# 이름이 `bias`로 끝나는 parameter는 `weight_decay=0.0` group에, 나머지(weight 행렬)는 `weight_decay=0.1` group에 넣는다.
# 모든 gradient를 0으로 두고 한 step을 밟으면, Adam step은 0이므로 decoupled decay만 남는다.

# %%
LR, LAM = 0.001, 0.1


def make_optimizer(model, lr, weight_decay):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if name.endswith("bias") else decay).append(p)
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=lr,
    )


settings.seed_everything(0)
model = models.MLP((256, 128))
opt = make_optimizer(model, LR, LAM)
before = [p.detach().clone() for p in model.parameters()]
for p in model.parameters():
    p.grad = torch.zeros_like(p)  # data gradient = 0
opt.step()

# %% tags=["nbval-check-output"]
print("group별 weight_decay :", [g["weight_decay"] for g in opt.param_groups])
print("group별 tensor 수    :", [len(g["params"]) for g in opt.param_groups])
after = dict(model.named_parameters())
old = dict(zip([n for n, _ in model.named_parameters()], before, strict=True))
bias_same = all(torch.equal(after[n], old[n]) for n in after if n.endswith("bias"))
# torch.equal: 반올림 오차 안에서가 아니라 비트까지 같은지 본다 (gradient 0이면 Adam step이 정확히 0이다)
weight_scaled = all(torch.equal(after[n], old[n] * (1 - LR * LAM)) for n in after if not n.endswith("bias"))
print("bias는 그대로             :", bias_same)
print("weight는 (1 - lr·λ)배     :", weight_scaled, f"(1 - lr·λ = {1 - LR * LAM})")

# %% tags=["nbval-check-output"]
q1.check(make_optimizer)

# %% [markdown]
# 기대 결과와 같다: bias 3개는 한 값도 바뀌지 않았고, weight 행렬 3개는 정확히 0.9999배가 되었다 (`torch.equal`로 비교했다:
# float32로 `old * 0.9999`를 계산한 값과 비트까지 같다. `q1.check`는 다른 AdamW 구현도 받도록 `torch.allclose`로 본다).
# (이 모델에서 bias는 394개뿐이라 decay를 하든 안 하든 학습 결과에 큰 차이는 없다. bias는 출력의 "위치"를 정할 뿐
# 입력에 곱해지지 않아서, 줄여도 모델이 덜 복잡해지지 않는다는 것이 관행의 이유다.)
#
# ## 연습 문제 2: 반감기
#
# $(1-\eta\lambda)^k = 0.5 \Rightarrow k = \ln 0.5 / \ln(1-\eta\lambda)$.


# %% tags=["nbval-check-output"]
def half_life_formula(eta, lam):
    return math.log(0.5) / math.log(1 - eta * lam)


def half_life_sgd(eta, lam, max_steps=10_000):
    p = torch.tensor([1.0], requires_grad=True)
    sgd = torch.optim.SGD([p], lr=eta, weight_decay=lam)
    step = 0
    while p.item() >= 0.5 and step < max_steps:
        p.grad = torch.zeros_like(p)
        sgd.step()
        step += 1
    return step


ETA, LAM2 = 0.1, 0.01
k_formula = half_life_formula(ETA, LAM2)
print(f"식: k = {k_formula:.1f} → 처음으로 절반 아래가 되는 step = {math.ceil(k_formula)}")
print("torch.optim.SGD로 센 step =", half_life_sgd(ETA, LAM2))

# %% tags=["nbval-check-output"]
q2.check(half_life_formula, half_life_sgd)

# %% [markdown]
# 식과 SGD가 같은 693 step을 준다 (ηλ가 작으면 $\ln 2/(\eta\lambda) = 0.693/0.001$로 어림할 수 있다).
# 03 노트북의 MNIST 학습은 AdamW, η=0.001이므로 λ=1이면 ηλ=0.001로 같다: 한 epoch이 275 step이니,
# gradient가 밀어 주지 않는 가중치는 약 2.5 epoch마다 절반이 된다. 6 epoch(1,650 step) 동안이면 그런 가중치는 $0.999^{1650} \approx 0.19$배, 약 1/5로 준다.
#
# ## 연습 문제 3: AdamW에서는 lr × λ가 세기다


# %% tags=["nbval-check-output"]
def run_zero_grad(opt_class, lam, steps, lr, w=2.0):
    """data gradient가 0인 parameter 하나를 steps번 업데이트한 뒤의 값."""
    p = torch.tensor([w], requires_grad=True)
    opt = opt_class([p], lr=lr, weight_decay=lam)
    for _ in range(steps):
        p.grad = torch.zeros_like(p)
        opt.step()
    return p.item()


results = {}  # (lr, λ) -> 100 step 뒤의 값
for lr, lam in [(0.001, 1.0), (0.002, 0.5), (0.01, 0.1), (0.001, 0.1)]:
    results[(lr, lam)] = run_zero_grad(torch.optim.AdamW, lam, 100, lr=lr)
    w = results[(lr, lam)]
    print(f"lr={lr:<6} λ={lam:<4} lr·λ={lr * lam:.4f} → 100 step 뒤 {w:.5f} (줄어든 양 {2.0 - w:.5f})")

# %% tags=["nbval-check-output"]
q3.check(results)

# %% [markdown]
# 기대 결과와 같다. lr·λ = 0.001인 세 경우는 모두 2.0 → 1.80959 (= $2 \cdot 0.999^{100}$)로 같은 값이 되고,
# λ=0.1에서 lr만 10배 줄이면(마지막 줄) 줄어든 양이 0.19041 → 0.01990으로 약 10배 작아진다.
# PyTorch의 AdamW에서 λ는 혼자서 세기를 정하지 않는다: lr과 곱해져서 정한다. 그래서 05 노트북의 scheduler가 lr을 줄이면
# weight decay도 같이 약해진다. (Loshchilov & Hutter의 원래 AdamW는 decay에 lr 대신 schedule 배수만 곱하는데,
# PyTorch는 lr을 곱하는 방식을 쓴다.)
#
# ## 연습 문제 4: train set이 5,000장이면
#
# 03 노트북 5절과 같은 모델·optimizer·seed이고, train set만 앞 5,000장으로 줄였다. validation은 그대로 5,000장이다.
# 5,000장이면 한 epoch이 25 step뿐이라 20 epoch을 학습한다 (step 수 500: 5절의 1,650보다 적다).

# %%
train_loader, val_loader, _ = data.load_mnist_splits(settings.data_root(), 200)
images, targets = train_loader.dataset.data, train_loader.dataset.targets
small_loader = data.InMemoryLoader(data.TensorPairDataset(images[:5000], targets[:5000]), 200, shuffle=True)
print("작은 train set:", len(small_loader.dataset), "장 /", len(small_loader), "batch")


def weight_norm(model):
    """Linear 층 weight 행렬들의 L2 norm (bias 제외)."""
    squares = sum((m.weight.detach() ** 2).sum() for m in model.modules() if isinstance(m, nn.Linear))
    return float(squares.sqrt())


# %%
N_EPOCH = 20
SEEDS = [0, 1, 2]
loss_fn = nn.CrossEntropyLoss()
results = {}  # λ -> [(History, weight norm), ...]
for lam in [0.0, 3.0]:
    results[lam] = []
    for seed in SEEDS:
        settings.seed_everything(seed)
        model = models.MLP((256, 128)).to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=0.001, weight_decay=lam)
        h = train.fit(
            small_loader,
            val_loader,
            model,
            loss_fn,
            optimizer,
            N_EPOCH,
            save_best_model=False,
            early_stopping=False,
            device=device,
            verbose=False,
        )
        results[lam].append((h, weight_norm(model)))

print(f"{'λ':>4} | {'weight norm':>13} | {'train acc':>15} | {'val acc':>15} | {'gap (train-val)':>16}")
for lam, runs in results.items():
    print(
        f"{lam:4g} | {report.fmt_mean_std([n for _, n in runs], 2):>13} | "
        f"{report.fmt_mean_std([h.train_acc[-1] for h, _ in runs]):>15} | "
        f"{report.fmt_mean_std([h.val_acc[-1] for h, _ in runs]):>15} | "
        f"{report.fmt_mean_std([h.gap[-1] for h, _ in runs], sign=True):>16}"
    )

# %% tags=["nbval-check-output"]
q4.check(small_loader, results)

# %% [markdown]
# 기대 결과와 같다.
#
# - λ=0이면 train accuracy가 약 0.998로 거의 다 맞히지만 validation accuracy는 약 0.923이라, gap이 약 0.075로
#   03 노트북 5절(55,000장, 약 0.016)보다 훨씬 크다. 데이터가 적으면 같은 모델도 훨씬 많이 overfitting한다.
# - λ=3이면 weight norm이 22.4 → 14.8로 줄고 gap이 약 0.055로 작아진다 (차이 0.02, 대략 읽기).
# - 하지만 validation accuracy는 0.9233 ± 0.0052 vs 0.9239 ± 0.0006으로 평균이 거의 같다(대략 읽기). 이 조건에서도 weight decay는
#   gap을 줄였지만 validation accuracy를 올렸다고 말할 수는 없다 (판정 규칙으로 재지는 않았다). (seed 간 흔들림은 λ=3에서 더 작았다.)
# - 5절에서는 λ=3이 validation accuracy를 0.02 떨어뜨렸는데 여기서는 그러지 않았다. 이유는 이 실행만으로는 가릴 수 없다.
#   후보는 둘이다: (1) step 수가 500이라 AdamW가 줄이는 총량 $\eta\lambda \times$ step 수가 1.5로, 5절(0.003 × 1,650 ≈ 5)보다
#   작다. (2) 데이터가 적어 overfitting(gap 0.075)이 커서, 같은 규제가 줄일 것이 더 많다. 두 조건이 한꺼번에 바뀌었으므로,
#   가리려면 하나만 바꾼 실행이 필요하다 (예: 55,000장에서 λ=0.9로 $\eta\lambda \times$ step 수를 1.5에 맞추기).
