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
# # 03. Weight decay (가중치 감쇠)
#
# **목표**: 큰 가중치에 벌점을 주는 L2 penalty가 SGD에서는 정확히 "가중치를 매 step 조금씩 줄이는 것"(weight decay)과
# 같다는 것을 tensor로 확인하고, Adam에서는 `Adam(weight_decay=λ)`(L2 penalty)과 `AdamW(weight_decay=λ)`(decoupled
# weight decay)가 서로 다른 일을 한다는 것을 숫자로 본다. 그다음 같은 모델을 감쇠 강도 λ만 바꿔 여러 seed로 학습해,
# 가중치 크기·validation accuracy·train-validation gap이 λ에 따라 어떻게 변하는지 측정한다. 마지막으로 train set이
# 작아 overfitting이 뚜렷한 조건에서, 02 노트북 10절의 짝지은 실행과 판정 규칙으로 weight decay가 돕는지 판정한다.
#
# **Goal**: verify on small tensors that an L2 penalty is exactly weight decay for plain SGD, see in numbers that
# `Adam(weight_decay=λ)` (L2 penalty) and `AdamW(weight_decay=λ)` (decoupled weight decay) do different things,
# then sweep the decay strength λ on one model with several seeds and measure how the weight norm, the validation
# accuracy and the train-validation gap change.

# %% [markdown]
# ## 1. 아이디어
#
# 01 노트북에서 큰 모델은 train set을 거의 외우면서 validation 성능과 차이가 벌어졌고([overfitting](glossary.md#overfitting)),
# 02 노트북의 Dropout은 학습 중에 노드를 무작위로 꺼서 그 차이를 줄였다. 이렇게 train set에만 맞춰지는 것을 막는
# 기법을 통틀어 [regularization](glossary.md#regularization)(규제)이라 한다.
#
# [Weight decay](glossary.md#weight-decay)는 가장 오래되고 단순한 규제다. 생각은 이렇다.
#
# - train set의 세부 사항(잡음)까지 외운 모델은 입력이 조금만 바뀌어도 출력이 크게 바뀌는, **큰 가중치**를 갖기 쉽다.
# - 그러니 loss에 "가중치가 클수록 커지는 벌점"을 더해, 꼭 필요한 만큼만 가중치를 키우게 하자.
#
# 가장 흔한 벌점은 가중치 제곱합, 즉 [L2 regularization](glossary.md#l2-regularization)이다.
#
# $$L_\text{total}(w) = L(w) + \frac{\lambda}{2}\,\lVert w \rVert^2, \qquad
#   \nabla L_\text{total} = \nabla L(w) + \lambda w$$
#
# $\lambda$(lambda)는 벌점의 세기다. learning rate $\eta$의 SGD 한 step은
#
# $$w \leftarrow w - \eta\,(\nabla L + \lambda w) = (1 - \eta\lambda)\,w - \eta\,\nabla L$$
#
# 이 된다. 매 step 가중치에 $(1-\eta\lambda)$(1보다 조금 작은 수)를 곱한 뒤 평소처럼 gradient 방향으로 움직인다.
# 가중치가 매 step 일정 비율로 **줄어들기(decay)** 때문에 "weight decay"라 부른다.
# PyTorch의 optimizer는 이것을 `weight_decay=λ` 인자 하나로 제공한다.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn as nn

from course_lib import data, epoch, models, plots, report, settings, train

settings.seed_everything(42)
device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 6  # sweep의 모든 실행이 같은 epoch 수로 끝까지 학습한다 (early stopping 없음)
BATCH_SIZE = 200
SEEDS = [0, 1, 2]  # 설정마다 seed 3개: seed에 따른 흔들림을 함께 본다 (판정은 9절의 규칙으로)
HIDDEN = (256, 128)  # models.MLP의 hidden 층 너비

# DATASET 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()

# %% [markdown]
# ## 2. SGD에서 L2 penalty = weight decay (tensor로 확인)
#
# 작은 선형 회귀 문제를 만들고 같은 출발점 `w0`에서 SGD 한 step을 세 가지 방법으로 계산해 비교한다.
#
# - (a) `torch.optim.SGD(..., weight_decay=λ)`에 data loss만 넣는다.
# - (b) 보통 SGD(`weight_decay=0`)에 **loss + λ/2·‖w‖²**를 손으로 더해 넣는다.
# - (c) 공식 $w \leftarrow (1-\eta\lambda)w - \eta\nabla L$을 손으로 계산한다.

# %%
torch.manual_seed(0)
X = torch.randn(8, 3)  # (8-데이터수, 3-feature수)
y = torch.randn(8)
w0 = torch.randn(3)  # 세 방법의 공통 출발점
ETA, LAM = 0.5, 0.1  # learning rate, weight decay 세기


def data_loss(w):
    return ((X @ w - y) ** 2).mean()


# (a) optimizer의 weight_decay
w_a = w0.clone().requires_grad_(True)
opt_a = torch.optim.SGD([w_a], lr=ETA, weight_decay=LAM)
data_loss(w_a).backward()
opt_a.step()

# (b) loss에 L2 penalty를 직접 더하고, weight_decay 없는 SGD
w_b = w0.clone().requires_grad_(True)
opt_b = torch.optim.SGD([w_b], lr=ETA)
(data_loss(w_b) + LAM / 2 * (w_b**2).sum()).backward()
opt_b.step()

# (c) "줄이고(decay) 나서 gradient step" 공식
w_req = w0.clone().requires_grad_(True)
grad = torch.autograd.grad(data_loss(w_req), w_req)[0]
w_c = (1 - ETA * LAM) * w0 - ETA * grad

# %% tags=["nbval-check-output"]
print("(a) SGD(weight_decay) == (b) loss + L2       :", torch.allclose(w_a, w_b))
print("(a) SGD(weight_decay) == (c) (1-ηλ)w - η∇L   :", torch.allclose(w_a, w_c))
print("줄이는 비율 1 - ηλ =", 1 - ETA * LAM)

# %% [markdown]
# 세 방법이 같은 값을 준다. **plain SGD에서는 L2 penalty와 weight decay가 같은 것**이다.
# 이 예에서는 매 step 가중치에 0.95를 곱하는 셈이다 (실제 학습에서는 $\eta\lambda$가 훨씬 작아서 0.99999 같은 수를 곱한다).
#
# ## 3. Adam에서는 다르다: L2 penalty vs decoupled weight decay
#
# Adam은 parameter마다 gradient 제곱의 이동 평균의 제곱근 $\sqrt{\hat v}$로 step을 나눈다 (gradient가 큰 parameter는 작게,
# 작은 parameter는 크게 움직인다). 여기에 weight decay를 넣는 방법이 두 가지다.
#
# | | 계산 | 결과 |
# |---|---|---|
# | `torch.optim.Adam(weight_decay=λ)` (L2 penalty) | gradient에 $\lambda w$를 더한 **다음** Adam의 정규화($\hat m / \sqrt{\hat v}$)를 한다 | decay도 $\sqrt{\hat v}$로 나뉜다: gradient가 큰 parameter는 거의 안 줄고, gradient가 작은 parameter는 λ와 상관없이 크게 줄 수 있다 |
# | `torch.optim.AdamW(weight_decay=λ)` (decoupled) | $w \leftarrow w - \eta\lambda w$로 **따로** 줄이고, Adam step에는 원래 gradient만 쓴다 | 모든 parameter가 step마다 같은 비율 $\eta\lambda$만큼 준다 |
#
# Loshchilov & Hutter(2019, "Decoupled Weight Decay Regularization")가 이 차이를 지적하고 두 번째 방법을
# [AdamW](glossary.md#adamw)라 불렀다. SGD에서는 두 방법이 같지만(2절), Adam에서는 다르다. 숫자로 보자.
#
# ### 3.1 gradient가 0인 parameter
#
# 값이 2.0이고 data gradient가 늘 0인 parameter 하나를 `lr=0.1`로 10 step 업데이트한다. λ만 바꿔 본다.


# %%
def run_zero_grad(opt_class, lam, steps, lr=0.1, w=2.0):
    """data gradient가 0인 parameter 하나를 steps번 업데이트한 뒤의 값."""
    p = torch.tensor([w], requires_grad=True)
    opt = opt_class([p], lr=lr, weight_decay=lam)
    for _ in range(steps):
        p.grad = torch.zeros_like(p)  # data gradient = 0
        opt.step()
    return p.item()


print(f"{'λ':>7} | {'Adam 1 step':>11} {'Adam 10 step':>12} | {'AdamW 1 step':>12} {'AdamW 10 step':>13}")
for lam in [1e-4, 1e-2, 1.0]:
    print(
        f"{lam:7.0e} | {run_zero_grad(torch.optim.Adam, lam, 1):11.4f} {run_zero_grad(torch.optim.Adam, lam, 10):12.4f} | "
        f"{run_zero_grad(torch.optim.AdamW, lam, 1):12.4f} {run_zero_grad(torch.optim.AdamW, lam, 10):13.4f}"
    )

# %% [markdown]
# - **Adam(L2)**: gradient가 $\lambda w$뿐이므로 Adam은 그것을 자기 크기로 나눠 $\hat m/\sqrt{\hat v} \approx 1$이 된다.
#   그래서 λ가 1e-4든 1이든 **첫 step에 거의 정확히 lr(0.1)만큼** 움직인다 (2.0 → 1.9),
#   10 step 뒤에는 셋 다 약 1.02다. λ가 세기를 정하지 못한다.
# - **AdamW**: 첫 step은 $w(1-\eta\lambda)$: λ=1e-4면 2.0 → 1.99998, λ=1이면 2.0 → 1.8. 줄어드는 양이 $\eta\lambda w$에 비례한다.
#
# ### 3.2 gradient 크기가 다른 parameter들
#
# 이번에는 parameter 4개(모두 처음 값 1.0)에 잡음 gradient를 100 step 준다. 잡음의 표준편차만 10, 1, 0.1, 0.01로 다르다.
# 같은 gradient 수열로 `weight_decay=0`과 `weight_decay=λ`를 각각 돌려, **decay 때문에 추가로 줄어든 양**
# (decay 없을 때의 값 − decay 있을 때의 값)을 parameter마다 잰다.

# %%
torch.manual_seed(0)
T = 100
grad_scale = torch.tensor([10.0, 1.0, 0.1, 0.01])  # parameter별 gradient 크기
noise_grads = torch.randn(T, 4) * grad_scale  # (T, 4): step마다 같은 gradient 수열


def run_noisy(opt_class, lam, lr=0.01):
    p = torch.ones(4, requires_grad=True)
    opt = opt_class([p], lr=lr, weight_decay=lam)
    for g in noise_grads:
        p.grad = g.clone()
        opt.step()
    return p.detach()


print("gradient 표준편차          :", grad_scale.tolist())
for opt_class in (torch.optim.Adam, torch.optim.AdamW):
    for lam in (0.01, 0.1):
        shrink = run_noisy(opt_class, 0.0) - run_noisy(opt_class, lam)
        print(f"{opt_class.__name__:<5} λ={lam:<4} decay로 준 양  :", [round(v, 4) for v in shrink.tolist()])

# %% [markdown]
# - **AdamW**: 네 parameter 모두 거의 같은 양만큼 줄었다 (λ=0.1이면 약 0.1: $1-(1-0.01\cdot0.1)^{100} \approx 0.095$).
#   λ를 10배 하면 줄어든 양도 약 10배다. gradient 크기와 상관없다.
# - **Adam(L2)**: 줄어든 양이 parameter마다 수십\~수백 배 다르다. gradient가 큰 parameter(표준편차 10)는 거의 줄지 않고
#   (λ=0.01에서 0.001 정도), gradient가 작은 parameter(0.01)는 λ=0.01에서도 0.5 넘게 줄었다.
#   $\lambda w$가 gradient와 함께 $\sqrt{\hat v}$로 나뉘기 때문이다. 즉 자주·크게 바뀌는 가중치일수록 규제가 약해진다.
#
# 그래서 Adam과 함께 weight decay를 쓸 때는 보통 **AdamW**를 쓴다. 같은 `weight_decay=λ`라는 이름이 두 optimizer에서
# 전혀 다른 세기를 뜻한다는 점도 기억하자 (6절에서 실제 학습으로 본다).
#
# ### 3.3 AdamW를 손으로 계산해 PyTorch와 맞춰 보기
#
# Adam 한 step의 공식(β1=0.9, β2=0.999, ε=1e-8)을 직접 쓰고, 그 앞에 (a) $w(1-\eta\lambda)$로 줄이기(AdamW) 또는
# (b) gradient에 $\lambda w$ 더하기(Adam L2)를 넣어 3 step 계산한다. PyTorch의 결과와 같으면 위 표의 설명이 맞다.

# %%
torch.manual_seed(0)
B1, B2, EPS = 0.9, 0.999, 1e-8
w_start = torch.randn(5)
grads = torch.randn(3, 5)  # 3 step 동안의 gradient


def adam_by_hand(decoupled, lr=0.01, lam=0.1):
    w, m, v = w_start.clone(), torch.zeros(5), torch.zeros(5)
    for t, g in enumerate(grads, start=1):
        if decoupled:
            w = w * (1 - lr * lam)  # AdamW: Adam step과 따로 줄인다
        else:
            g = g + lam * w  # Adam(L2): gradient에 λw를 더한다
        m = B1 * m + (1 - B1) * g
        v = B2 * v + (1 - B2) * g**2
        m_hat, v_hat = m / (1 - B1**t), v / (1 - B2**t)
        w = w - lr * m_hat / (v_hat.sqrt() + EPS)
    return w


def adam_by_torch(opt_class, lr=0.01, lam=0.1):
    p = w_start.clone().requires_grad_(True)
    opt = opt_class([p], lr=lr, betas=(B1, B2), eps=EPS, weight_decay=lam)
    for g in grads:
        p.grad = g.clone()
        opt.step()
    return p.detach()


# %% tags=["nbval-check-output"]
print("손 계산(decouple) == torch.optim.AdamW :", torch.allclose(adam_by_hand(True), adam_by_torch(torch.optim.AdamW)))
print("손 계산(L2)       == torch.optim.Adam  :", torch.allclose(adam_by_hand(False), adam_by_torch(torch.optim.Adam)))
print("둘은 서로 다르다                       :", not torch.allclose(adam_by_hand(True), adam_by_hand(False)))

# %% [markdown]
# ## 4. 데이터, 모델, 가중치 크기 재기
#
# 데이터는 00 노트북에서처럼 train 55,000 / [validation](glossary.md#validation-set) 5,000 / test 10,000으로 나눈다.
# λ를 고르는 것까지 **모두 validation으로** 하고, test set은 마지막에 고른 설정을 한 번 평가하는 데만 쓴다.

# %%
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE)
print(len(train_loader.dataset), len(val_loader.dataset), len(test_loader.dataset))

# %% [markdown]
# 모델은 `models.MLP(hidden=(256, 128))`: `Linear(784→256) → ReLU → Linear(256→128) → ReLU → Linear(128→10)`.
# 6 epoch이면 train accuracy가 validation accuracy보다 앞서 나가는(약간 overfitting하는) 크기이고, 한 epoch이 빨라서
# 설정 여러 개 × seed 3개를 돌릴 수 있다. 모든 실행이 **같은 구조, 같은 seed들, 같은 epoch 수**이고 λ만 다르다.

# %% tags=["nbval-check-output"]
settings.seed_everything(0)
print(models.MLP(HIDDEN))
print("파라미터 수:", models.count_parameters(models.MLP(HIDDEN)))

# %% [markdown]
# 가중치가 얼마나 큰지는 [weight norm](glossary.md#weight-norm)으로 잰다: 모든 Linear 층 weight 행렬 원소의 제곱합의
# 제곱근 $\lVert w \rVert = \sqrt{\sum w_{ij}^2}$ (L2 penalty가 벌주는 바로 그 양). bias는 개수가 적어 뺐다.


# %%
def weight_norm(model):
    """Linear 층 weight 행렬들의 L2 norm: sqrt(모든 원소의 제곱합). bias는 제외."""
    squares = sum((m.weight.detach() ** 2).sum() for m in model.modules() if isinstance(m, nn.Linear))
    return float(squares.sqrt())


settings.seed_everything(0)
init_norm = weight_norm(models.MLP(HIDDEN))
print(f"학습 전(초기화 직후) weight norm: {init_norm:.2f}")

# %% [markdown]
# ## 5. λ sweep: AdamW의 weight decay 세기를 바꿔 가며
#
# `torch.optim.AdamW(lr=0.001, weight_decay=λ)`에서 λ만 바꾼다. λ마다 seed 3개, 모두 `N_EPOCH` epoch을 끝까지 학습한다
# (`early_stopping=False`라 모든 실행의 학습량이 같다). 학습이 끝난 모델의 weight norm과, 마지막 epoch의
# validation accuracy, train accuracy − validation accuracy(gap)를 기록한다.
#
# AdamW는 step마다 가중치를 $\eta\lambda$ 비율로 줄이므로, 학습 전체에서 줄이는 세기는 대략 $\eta\lambda \times$(step 수)로 정해진다.
# 여기서는 $\eta=0.001$, step 수는 275(=55,000/200) × 6 = 1,650이라 λ=0.01(PyTorch AdamW의 기본값)이면
# $\eta\lambda \times 1650 \approx 0.017$로 거의 효과가 없다. 그래서 λ를 3까지 크게 잡았다.

# %%
LAMBDAS = [0.0, 0.01, 0.3, 3.0]
loss_fn = nn.CrossEntropyLoss()

sweep = {lam: [] for lam in LAMBDAS}  # λ -> [(History, weight norm, 학습된 weights), ...] (seed마다 하나)
for lam in LAMBDAS:
    for seed in SEEDS:
        settings.seed_everything(seed)  # 초기 가중치와 데이터 순서가 seed마다 같다 (λ끼리 공정하게)
        model = models.MLP(HIDDEN).to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=lam)
        h = train.fit(
            train_loader,
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
        state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        sweep[lam].append((h, weight_norm(model), state))
    print(f"λ={lam:<5g} 끝 ({len(SEEDS)} seeds)")

# %% [markdown]
# seed 3개의 평균 ± 표준편차 표:


# %%
def column(lam, key):
    """λ 하나의 seed별 값 목록. key: 'norm' | 'val_acc' | 'train_acc' | 'gap' (마지막 epoch)."""
    if key == "norm":
        return [norm for _, norm, _ in sweep[lam]]
    return [getattr(h, key)[-1] for h, _, _ in sweep[lam]]


print(f"{'λ':>6} | {'weight norm':>14} | {'val acc':>15} | {'train acc':>15} | {'gap (train-val)':>16}")
for lam in LAMBDAS:
    print(
        f"{lam:6g} | {report.fmt_mean_std(column(lam, 'norm'), 2):>14} | {report.fmt_mean_std(column(lam, 'val_acc')):>15} | "
        f"{report.fmt_mean_std(column(lam, 'train_acc')):>15} | {report.fmt_mean_std(column(lam, 'gap'), sign=True):>16}"
    )

# %% [markdown]
# 그래프로 보자. λ=0은 log 축에 놓을 수 없으므로 x축을 symlog(0 근처 [0, 0.01]은 선형, 그 위는 log)로 그렸다.
# 점은 seed별 값, 선과 막대는 평균 ± 표준편차다.

# %%
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout="constrained")
panels = [
    ("norm", "weight norm (||w||)", "가중치 크기 (weight norm)"),
    ("val_acc", "validation accuracy", "validation accuracy (마지막 epoch)"),
    ("gap", "train acc - val acc", "일반화 gap (train - validation)"),
]
for ax, (key, ylabel, title) in zip(axes, panels, strict=True):
    plots.plot_sweep(
        LAMBDAS,
        [column(lam, key) for lam in LAMBDAS],
        ax=ax,
        xlabel="weight decay λ (symlog 축, 0 포함)",
        ylabel=ylabel,
        title=title,
    )
    ax.set_xscale("symlog", linthresh=0.01)
    ax.set_xticks(LAMBDAS, [f"{lam:g}" for lam in LAMBDAS])  # 눈금은 실험한 λ 값에만
axes[0].axhline(init_norm, color="gray", ls="--", label="학습 전 (초기화 직후)")
axes[0].legend()
plt.show()

# %% [markdown]
# **위 표와 그래프 읽기** (full mode, seed 3개; 평균 ± 표준편차의 대략 읽기이고, 판정 규칙은 9절에서 쓴다):
#
# - **weight norm은 λ에 따라 뚜렷이 줄어든다.** 학습 전 11.5였던 norm이 λ=0이면 학습 후 약 28.6까지 커지고,
#   λ=0.01이면 28.4(거의 그대로), λ=0.3이면 23.4, λ=3이면 13.6이다. seed 간 표준편차는 0.2 이하라 대략 읽어도 차이가 크다.
#   λ=0.01(AdamW 기본값)은 이 짧은 학습에서 거의 아무 일도 하지 않는다 (5절 첫머리의 계산대로).
# - **validation accuracy는 오르지 않았다.** λ=0, 0.01, 0.3은 0.970\~0.972로 서로 0.002 이내다. λ=0과 λ=0.01의
#   차이(0.0004)는 seed 표준편차(최대 0.0010)보다 작다: 대략 읽어도 이 둘은 구별되지 않는다.
#   weight norm도 거의 같다(28.6 vs 28.4). λ=0.3은 λ=0보다 평균 0.002 낮다(0.9697 ± 0.0014 vs 0.9717 ± 0.0004): 올리지는
#   못했고, 낮아졌는지는 판정하지 않았다. λ=3은 대략 읽어도 크게 낮다(약 0.948, λ=0보다 0.02 넘게 낮음). train accuracy도 0.988 → 0.956으로 떨어졌다:
#   가중치를 너무 세게 줄여 train set조차 덜 맞추는 underfitting이다.
# - **gap**: λ=0.01, 0.3의 gap(약 0.017, 0.015)은 λ=0(0.016 ± 0.001)과 대략 읽으면 구별되지 않는다. λ=3에서만 gap이 약 0.008로
#   눈에 띄게 작아지는데, 이것은 validation이 좋아져서가 아니라 train accuracy가 더 많이 떨어져서 생긴 것이다.
#   gap이 줄었다는 것만으로 좋은 규제라고 할 수 없다: validation accuracy를 같이 봐야 한다.
#
# **왜 효과가 작은가?** (1) 줄일 overfitting이 원래 적다: 55,000장은 이 모델(23만 parameter)에 비해 충분히 많아서
# weight decay 없이도 gap이 약 0.016(1.6%p)뿐이다. (2) 학습이 짧다: 6 epoch(1,650 step)이라 AdamW가 줄이는 총량
# $\eta\lambda \times$ step 수가 작고, 모델이 train set을 다 외우기 전에 학습이 끝난다. 데이터가 적어 overfitting이 큰
# 조건에서는 결과가 달라진다 (연습 문제 4: 5,000장, 9절: 2,000장).
#
# ## 6. 같은 λ인데 Adam(L2)과 AdamW
#
# 3절에서 본 차이가 실제 학습에서도 나타나는지, 같은 모델·같은 seed들로 `Adam(weight_decay=λ)`과
# `AdamW(weight_decay=λ)`를 비교한다. λ는 AdamW의 기본값인 0.01로 둔다.

# %%
LAM_COMPARE = 0.01
adam_l2 = []  # [(History, weight norm), ...]
for seed in SEEDS:
    settings.seed_everything(seed)
    model = models.MLP(HIDDEN).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=LAM_COMPARE)
    h = train.fit(
        train_loader,
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
    adam_l2.append((h, weight_norm(model)))

rows = {
    "AdamW (λ=0, 대조군)": [(h, n) for h, n, _ in sweep[0.0]],
    f"AdamW (λ={LAM_COMPARE:g})": [(h, n) for h, n, _ in sweep[LAM_COMPARE]],
    f"Adam  (L2, λ={LAM_COMPARE:g})": adam_l2,
}
print(f"{'optimizer':<20} | {'weight norm':>14} | {'val acc':>15} | {'gap (train-val)':>16}")
for name, runs in rows.items():
    print(
        f"{name:<20} | {report.fmt_mean_std([n for _, n in runs], 2):>14} | "
        f"{report.fmt_mean_std([h.val_acc[-1] for h, _ in runs]):>15} | "
        f"{report.fmt_mean_std([h.gap[-1] for h, _ in runs], sign=True):>16}"
    )

# %% [markdown]
# 같은 `weight_decay=0.01`인데 결과가 전혀 다르다.
#
# - **AdamW(λ=0.01)**: weight norm(약 28.4), validation accuracy, gap 모두 λ=0과 거의 같다. 감쇠가 약하다.
# - **Adam(L2, λ=0.01)**: weight norm이 약 7.8로, 학습 **전**(11.5)보다도 작다. validation accuracy는 약 0.938로
#   AdamW(0.971)보다 평균이 0.03 넘게 낮고(평균 ± 표준편차의 대략 읽기이고, 판정 규칙으로 판정하지는 않았다), gap은 약
#   0.005로 작다. 가중치를 너무 세게 눌러 underfitting했다.
#
# 3.2절의 표가 그 이유다. Adam(L2)에서는 λw가 gradient와 함께 $\sqrt{\hat v}$로 나뉘므로, data gradient가 작은 대부분의
# 가중치는 λ가 작아도 step마다 거의 lr만큼씩 0 쪽으로 끌려간다. 그래서 **Adam의 λ와 AdamW의 λ는 같은 눈금이 아니다**:
# 옮겨 쓸 수 없고, optimizer마다 따로 골라야 한다.
#
# ## 7. λ 고르기, 그리고 test set 한 번
#
# λ는 **validation accuracy(seed 평균)** 로 고른다. 고른 λ의 seed 3개 모델만 test set으로 한 번 평가한다.

# %%
mean_val = {lam: report.mean_std(column(lam, "val_acc"))[0] for lam in LAMBDAS}
best_lam = max(mean_val, key=mean_val.get)
print(f"validation accuracy 평균이 가장 높은 λ = {best_lam:g} ({report.fmt_mean_std(column(best_lam, 'val_acc'))})")

test_accs = []
for _, _, state in sweep[best_lam]:
    model = models.MLP(HIDDEN)
    model.load_state_dict(state)
    model.to(device)
    _, acc = train.evaluate(test_loader, model, loss_fn, device=device)
    test_accs.append(acc)
print(f"λ={best_lam:g} 모델(seed {len(SEEDS)}개)의 test accuracy: {report.fmt_mean_std(test_accs)}")

# %% [markdown]
# 위 출력대로 validation accuracy 평균이 가장 높은 것은 λ=0(weight decay 없음)이었다. 5절의 대략 읽기로는 λ=0.01의 평균은
# λ=0과 거의 같고(0.9713 vs 0.9717), λ=0.3의 평균은 0.002 낮다. 어느 λ도 평균이 λ=0보다 높지 않으므로 (판정 규칙은 쓰지 않았다), "이 조건(MNIST 55,000장, 6 epoch, 이 MLP)에서는
# weight decay가 validation accuracy를 올리지 않았다"가 정직한 결론이다. 고른 모델의 test accuracy(0.9755 ± 0.0014)는
# test set을 이 한 번만 써서 잰 값이라, 새 데이터에서의 성능 추정으로 믿을 수 있다.
#
# ## 8. `weight_decay`는 optimizer 설정의 하나: `param_groups`
#
# 05 노트북(learning rate decay)에서 `optimizer.param_groups`를 출력해 learning rate가 어디에 저장되는지 본다.
# 그 dict에 있는 `weight_decay` 키가 바로 이 노트북의 λ다. optimizer를 만들 때 준 값이 그대로 들어 있다.

# %% tags=["nbval-check-output"]
settings.seed_everything(0)
opt = torch.optim.AdamW(models.MLP(HIDDEN).parameters(), lr=LR, weight_decay=1e-2)
print("param_groups[0]['weight_decay'] :", opt.param_groups[0]["weight_decay"])
print("param_groups[0]['lr']           :", opt.param_groups[0]["lr"])
print(
    "AdamW 기본 weight_decay         :",
    torch.optim.AdamW([torch.zeros(1, requires_grad=True)]).param_groups[0]["weight_decay"],
)
print(
    "Adam  기본 weight_decay         :",
    torch.optim.Adam([torch.zeros(1, requires_grad=True)]).param_groups[0]["weight_decay"],
)

# %% [markdown]
# - `lr`처럼 `weight_decay`도 group마다 따로 둘 수 있다 (연습 문제 1: bias는 decay하지 않는 group 만들기).
# - PyTorch의 AdamW는 step마다 $w \leftarrow w(1-\text{lr}\cdot\lambda)$를 하므로, 05 노트북의 scheduler가 `lr`을 줄이면
#   실제 감쇠 세기 $\text{lr}\cdot\lambda$도 같이 줄어든다 (연습 문제 3).
# - 주의: `torch.optim.Adam`의 기본 `weight_decay`는 0이고, `AdamW`는 0.01이다. "Adam을 AdamW로 바꿨을 뿐"이어도 규제가 켜진다.

# %% [markdown]
# ## 9. 데이터가 적을 때: weight decay가 돕는지 판정하기
#
# 5\~7절의 55,000장, 6 epoch에서는 막을 overfitting이 거의 없어 weight decay가 validation accuracy를 올리지 않았다.
# 02 노트북 10절과 같은 조건에서 다시 잰다: train set 2,000장(클래스마다 200장, 분할 seed 0으로 고정), 넓은 MLP
# 784-512-512-10, AdamW(lr 0.001), batch 100, 40 epoch, `restore_best=True`(validation loss가 가장 낮은 epoch의 모델),
# seed 0, 1, 2로 짝지은 실행(같은 초기 가중치, `paired=True` loader로 같은 batch 순서). 대조는 λ=0, 비교할 λ는
# 미리 정한 두 값 0.1과 1.0이다. 판정은 02 노트북 10절의 규칙(`stats.paired_bootstrap`: seed와 이미지를 함께 복원 추출한
# 정확도 차이의 95% 구간이 0보다 위면 helps, 아래면 hurts, 0을 포함하면 within noise)이고, validation과 test 모두에서 낸다.
# test는 아무것도 고르는 데 쓰지 않는다.

# %%
SMALL_TRAIN, SMALL_EPOCHS, SMALL_BATCH = 2000, 40, 100
small_train, _, _ = data.load_mnist_splits(DATASET_ROOT_PATH, SMALL_BATCH, train_size=SMALL_TRAIN, paired=True)
print(
    f"train {len(small_train.dataset):,}장, validation {len(val_loader.dataset):,}장, test {len(test_loader.dataset):,}장"
)


def run_small(seed, lam):
    """작은 train set으로 AdamW(weight_decay=lam) 학습: (History, weight norm, validation 정답 여부, test 정답 여부)."""
    settings.seed_everything(seed)
    model = models.MLP((512, 512)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=lam)
    history = train.fit(
        small_train,
        val_loader,
        model,
        loss_fn,
        optimizer,
        SMALL_EPOCHS,
        save_best_model=False,
        early_stopping=False,
        restore_best=True,
        device=device,
        verbose=False,
    )
    hits_val = epoch.correct_per_sample(val_loader, model)
    return history, weight_norm(model), hits_val, epoch.correct_per_sample(test_loader, model)


small = {lam: [run_small(seed, lam) for seed in SEEDS] for lam in (0.0, 0.1, 1.0)}
for lam, runs in small.items():
    print(
        f"λ={lam:<3}: best epoch {[h.best_epoch for h, *_ in runs]} "
        f"| 최저 val loss {report.fmt_mean_std([h.best_val_loss for h, *_ in runs])} "
        f"| 마지막 epoch val loss {report.fmt_mean_std([h.val_loss[-1] for h, *_ in runs])} "
        f"| weight norm {report.fmt_mean_std([n for _, n, _, _ in runs], digits=1)} "
        f"| 고른 모델 val acc {report.fmt_mean_std([v.float().mean().item() for _, _, v, _ in runs])}"
    )

# %%
plots.compare_histories(
    {f"λ={lam} (train 2,000장)": [h for h, *_ in runs] for lam, runs in small.items()},
    metric="val_loss",
    title="검증 loss (validation): train 2,000장, AdamW",
)
plt.show()

regime = {"train_images": SMALL_TRAIN, "epochs": SMALL_EPOCHS, "model": "MLP 784-512-512-10, AdamW 1e-3"}
hits = {lam: [(hits_val, hits_test) for _, _, hits_val, hits_test in runs] for lam, runs in small.items()}
records = [
    report.compare_paired("03", f"weight decay {lam}", regime, "λ=0", f"λ={lam}", SEEDS, hits[0.0], hits[lam])
    for lam in (0.1, 1.0)
]
_ = report.save_comparisons(records)

# %% [markdown]
# 위 출력과 그래프(선 = seed 3개의 평균, 띠 = 최솟값\~최댓값)에서:
#
# - **λ=0은 overfitting한다**: validation loss가 epoch 5\~7에서 가장 낮고(best epoch 7, 5, 6; 최저 0.3514 ± 0.0028) epoch 40에는
#   0.4994 ± 0.0114까지 올라간다 (02 노트북 10절의 대조와 같은 설정·같은 seed로 다시 돌린 실행이라 숫자가 똑같다).
# - **λ=0.1은 올라가는 속도만 조금 늦춘다**: 마지막 epoch의 validation loss는 0.4577 ± 0.0137로 낮아졌지만, best epoch(7, 5, 5)과
#   최저값(0.3498 ± 0.0021)은 λ=0과 거의 같다. 판정도 validation −0.09%p [−0.44, +0.15], test −0.18%p [−0.57, +0.06]로
#   둘 다 **within noise**다.
# - **λ=1.0은 곡선 모양을 바꾼다**: epoch 7 뒤로 validation loss가 올라가지 않고 천천히 내려가, best epoch이 예산 끝 근처
#   (40, 36, 36)이고 최저값도 더 낮다(0.3193 ± 0.0066). 고른 모델의 weight norm은 19.1 ± 0.2로 λ=0(22.7 ± 0.4)보다 작다.
#   판정은 validation +1.81%p [+1.22, +2.43], test +1.66%p [+1.16, +2.11]로 둘 다 **helps**다.
#
# 5\~7절(55,000장, 6 epoch)에서는 weight decay가 validation accuracy를 올리지 않았지만, overfitting이 실제로 일어나는 이 조건에서는
# 충분히 센 decoupled weight decay(λ=1.0)가 validation과 test 모두에서 helps로 판정되었다 (λ=0.1은 within noise). 판정은
# validation loss로 고른 모델끼리의 비교다 (λ=0은 epoch 5\~7의 모델). 다만 이 조건은 데이터 크기 말고도 모델, epoch 수, batch 크기,
# 고르는 방법이 5\~7절과 다르다. λ=1.0의 best epoch이 예산 끝 가까이(40, 36, 36)에 있으므로 epoch을 늘리면 조금 더 좋아질 수도 있다
# (이 실행만으로는 알 수 없다). 두 판정은 `results/comparisons.json`에 저장된다.

# %% [markdown]
# ## 관찰 포인트
#
# - L2 penalty $\frac{\lambda}{2}\lVert w\rVert^2$는 gradient에 $\lambda w$를 더한다. plain SGD에서는 이것이 정확히
#   $w \leftarrow (1-\eta\lambda)w - \eta\nabla L$, 즉 weight decay다.
# - Adam에서는 다르다. `Adam(weight_decay=λ)`은 λw를 gradient에 더한 뒤 parameter별로 정규화하므로 decay 세기가
#   parameter마다 달라지고(gradient가 크면 약하게), `AdamW(weight_decay=λ)`는 모든 parameter를 같은 비율 ηλ로 줄인다.
# - AdamW의 λ를 키우면 학습된 모델의 weight norm이 크게 줄어든다 (대략 읽기: λ=0 약 28.6 → λ=3 약 13.6).
# - 데이터가 적어 overfitting이 큰 조건(9절)에서는 λ=1.0이 validation·test 모두 helps, λ=0.1은 within noise였다.
# - 이 MNIST 조건(데이터가 모델에 비해 많고 학습이 짧음)에서는 validation accuracy가 오르지 않았다. 너무 큰 λ(3)는
#   train·validation accuracy를 함께 떨어뜨렸다(underfitting). gap이 줄어든 것만 보고 판단하면 안 된다.
# - 같은 `weight_decay=0.01`이 Adam(L2)에서는 모델을 underfitting시킬 만큼 세고, AdamW에서는 거의 효과가 없다.
#
# ## 참고 자료
#
# - d2l.ai, *Dive into Deep Learning* 3.7절 "Weight Decay": L2 penalty와 SGD weight decay의 유도.
# - I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019: Adam에서 L2 ≠ weight decay, AdamW.
# - PyTorch 문서 `torch.optim.AdamW`, `torch.optim.Adam`: 두 optimizer의 update 식 (`weight_decay` 처리 위치).

# %% [markdown]
# ## 연습 문제
#
# 풀이: [solutions/03_weight_decay_solutions.ipynb](solutions/03_weight_decay_solutions.ipynb)
#
# 문제마다 아래 코드 셀의 `...`(또는 `# TODO`)를 채우고 실행하면, 마지막 줄의 `qN.check(...)`가 정답인지, 틀렸다면 무엇이
# 틀렸는지 알려 준다. 막히면 `q1.hint()`, 더 자세한 힌트는 `q1.hint(2)`, 다 풀었으면 `q1.solution()`으로 풀이와 비교한다.

# %%
from course_lib.exercises.lesson03 import q1, q2, q3, q4

# %% [markdown]
# **1. bias와 weight를 다르게**: 흔히 bias(와 BatchNorm의 parameter)는 weight decay에서 뺀다. `model.named_parameters()`로
# 이름이 `bias`로 끝나는 parameter를 골라 `[{'params': decay, 'weight_decay': 0.1}, {'params': no_decay, 'weight_decay': 0.0}]`
# 두 group으로 AdamW를 만들어라. data gradient가 0일 때 한 step 뒤 weight와 bias가 각각 어떻게 되는지 확인하라.
#
# 아래 셀에서는 그 optimizer를 만드는 함수 `make_optimizer(model, lr, weight_decay)`를 완성한다. `q1.check`는 작은 MLP로 이
# 함수를 불러, 모든 gradient를 0으로 두고 한 step을 밟은 뒤 bias와 weight를 이전 값과 비교한다.
#
# **기대 결과**: bias는 한 값도 바뀌지 않고(`torch.equal` → True), weight는 모두 정확히 (1 − lr·0.1)배가 된다.


# %%
def make_optimizer(model, lr, weight_decay):
    """bias는 weight_decay=0.0, 나머지(weight 행렬)는 weight_decay인 두 group의 AdamW를 만든다."""
    ...  # TODO: model.named_parameters()를 돌며 이름이 'bias'로 끝나는 parameter는 no_decay에, 나머지는 decay에 담는다
    return ...  # TODO: 두 param group으로 torch.optim.AdamW


q1.check(make_optimizer)

# %% [markdown]
# **2. 반감기**: plain SGD에서 data gradient가 0이면 k step 뒤 $w_k = (1-\eta\lambda)^k w_0$다. η=0.1, λ=0.01일 때 가중치가
# 절반이 되려면 몇 step이 필요한가? 식으로 계산하고 `torch.optim.SGD`로 확인하라.
#
# 아래 셀의 두 함수를 완성한다: 식으로 계산하는 `half_life_formula(eta, lam)`과, `torch.optim.SGD`로 값 1.0이 처음으로
# 0.5 아래가 되는 step을 세는 `half_life_sgd(eta, lam)`. `q2.check`는 두 함수를 η=0.1, λ=0.01을 포함한 몇 가지 (η, λ)로 불러
# 손 계산과 검사 자신이 `torch.optim.SGD`로 센 값에 맞춰 본다.
#
# **기대 결과**: 약 693 step (ηλ = 0.001이면 $\ln 2 / 0.001 \approx 693$). AdamW(η=0.001)에서 λ=1이면 ηλ도 0.001이므로,
# gradient가 없는 가중치는 약 693 step마다 절반이 된다: 5절 조건(epoch당 275 step)이라면 약 2.5 epoch, 9절 조건(epoch당 20 step)
# 에서는 약 35 epoch이다.


# %%
def half_life_formula(eta, lam):
    """(1 - eta·lam)^k = 0.5를 푼 k."""
    return ...  # TODO


def half_life_sgd(eta, lam, max_steps=10_000):
    """gradient가 0인 값 1.0을 torch.optim.SGD(lr=eta, weight decay lam)로 업데이트해, 처음 0.5 아래가 되는 step 수."""
    ...  # TODO: p = torch.tensor([1.0], requires_grad=True)와 SGD를 만들고,
    #        p가 0.5 아래가 될 때까지 (많아야 max_steps번) grad를 0으로 채워 step하며 센다
    return ...  # TODO: 센 step 수


q2.check(half_life_formula, half_life_sgd)

# %% [markdown]
# **3. AdamW에서는 lr × λ가 세기다**: 3.1절처럼 gradient가 0인 parameter를 AdamW로 100 step 업데이트하되,
# (lr, λ) = (0.001, 1.0), (0.002, 0.5), (0.01, 0.1)로 바꿔 보라. 같은 λ=0.1에서 lr만 0.01 → 0.001로 줄이면?
#
# 네 경우의 100 step 뒤 값을 `results[(lr, λ)]`에 모은다. `q3.check`는 그 값들을 `torch.optim.AdamW`로 직접 돌린 값과
# 손 계산 $2(1-\text{lr}\cdot\lambda)^{100}$에 맞춰 본다. 비교(같은 값인지, 몇 배 줄었는지)는 출력을 보고 스스로 한다.
#
# **기대 결과**: 곱 lr·λ가 0.001로 같은 세 경우는 (반올림 오차 안에서) 같은 값이 나온다. λ=0.1에서 lr만 10배 줄이면
# 줄어드는 양도 약 10배 작아진다. 그래서 lr schedule(05 노트북)을 쓰면 AdamW의 감쇠도 같이 약해진다.

# %%
results = {}  # (lr, λ) -> 100 step 뒤의 값
for lr, lam in [(0.001, 1.0), (0.002, 0.5), (0.01, 0.1), (0.001, 0.1)]:
    results[(lr, lam)] = ...  # TODO: 3.1절의 run_zero_grad로 (AdamW, 100 step, 이 lr)

q3.check(results)
# 통과하면 주석을 풀고 실행
# for (lr, lam), w in results.items():
#     print(f"lr={lr:<6} λ={lam:<4} lr·λ={lr * lam:.4f} → 100 step 뒤 {w:.5f} (줄어든 양 {2.0 - w:.5f})")

# %% [markdown]
# **4. 데이터가 적으면**: 5절에서 효과가 작았던 이유 중 하나는 55,000장이 이 모델에 비해 많다는 것이다.
# train set의 앞 5,000장만 쓰는 loader(`data.InMemoryLoader(data.TensorPairDataset(images[:5000], targets[:5000]), 200, shuffle=True)`,
# `images = train_loader.dataset.data`, `targets = train_loader.dataset.targets`)를 만들고, λ = 0과 3으로 seed 3개씩
# 20 epoch 학습해 gap과 validation accuracy를 비교하라 (validation은 그대로 `val_loader`).
#
# 결과는 `results`에 `{λ: [(History, weight norm), ...]}`(seed마다 하나)으로 모은다. `q4.check`는 숫자가 아니라 방법을 본다:
# 작은 loader(크기, 섞기), 같은 MLP와 λ 두 값, seed 3개, 20 epoch을 끝까지 학습했는지, λ가 실제로 optimizer에 들어갔는지.
#
# **기대 결과**: λ=0이면 train accuracy가 거의 1.0이 되어 gap이 5절보다 훨씬 크다. λ=3이 gap과 weight norm을 분명히
# 줄이는지는 대략 읽기로 보고, validation accuracy까지 올리는지는 판정 규칙으로 말해야 한다 (풀이 노트북은 평균 ± 표준편차로만
# 대략 읽는다).

# %%
images, targets = train_loader.dataset.data, train_loader.dataset.targets
small_loader = ...  # TODO: 앞 5,000장의 InMemoryLoader (batch 200, shuffle=True)
results = {}  # λ -> [(History, weight norm), ...] (seed마다 하나)
# TODO: 5절의 sweep 반복문을 복사해 train_loader만 small_loader로, λ를 [0.0, 3.0]으로, epoch을 20으로 바꿔 results를 채우고,
#       λ마다 weight norm, train acc, val acc, gap을 report.fmt_mean_std로 출력한다.

q4.check(small_loader, results)

# %% [markdown]
# ## 확인 문제
#
# 1. plain SGD에서 `weight_decay=λ`는 loss에 무엇을 더한 것과 같은가?
#
# <details><summary>정답</summary>
#
# $\frac{\lambda}{2}\lVert w\rVert^2$ (L2 penalty). 그 gradient가 $\lambda w$라서 update가 $(1-\eta\lambda)w - \eta\nabla L$이 된다 (2절에서 True).
# </details>
#
# 2. `Adam(weight_decay=λ)`에서 gradient가 매우 큰 parameter는 decay가 강해지는가, 약해지는가?
#
# <details><summary>정답</summary>
#
# 약해진다. λw가 gradient와 함께 $\sqrt{\hat v}$(gradient 크기)로 나뉘기 때문이다 (3.2절 표: 표준편차 10인 parameter가 가장 적게 줄었다).
# </details>
#
# 3. data gradient가 0인 parameter를 `lr=0.1`의 `Adam(weight_decay=1e-4)`로 한 step 업데이트하면 값 2.0은 대략 얼마가 되는가?
#    AdamW면?
#
# <details><summary>정답</summary>
#
# Adam(L2): 약 1.9 (λ와 무관하게 약 lr만큼 움직인다). AdamW: 2.0 × (1 − 0.1·1e-4) = 1.99998 (3.1절 표).
# </details>
#
# 4. 5절의 표에서 λ=0일 때와 가장 큰 λ(3)일 때 weight norm(seed 평균)은 각각 얼마인가?
#
# <details><summary>정답</summary>
#
# 약 28.6과 13.6 (학습 전은 11.5). λ가 클수록 AdamW가 step마다 가중치를 더 많이 줄이므로 norm이 작게 남는다.
# </details>
#
# 5. 7절에서 λ를 고를 때 test set이 아니라 validation set을 쓴 이유는?
#
# <details><summary>정답</summary>
#
# test set으로 고르면 test accuracy가 고른 설정에 유리하게 치우쳐, 새 데이터에서의 성능을 더 이상 정직하게 재지 못한다.
# test는 고른 뒤 한 번만 쓴다.
# </details>
#
# 6. PyTorch AdamW에서 λ를 그대로 두고 learning rate를 절반으로 줄이면, step마다 가중치를 줄이는 비율은 어떻게 되는가?
#
# <details><summary>정답</summary>
#
# 절반이 된다. decoupled decay는 $w \leftarrow w(1-\text{lr}\cdot\lambda)$라서 lr·λ에 비례한다 (연습 문제 3).
# </details>
