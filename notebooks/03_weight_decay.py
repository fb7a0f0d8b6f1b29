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
# **목표**: 큰 가중치에 벌점을 주는 L2 penalty가 (momentum 없는) plain SGD에서는 정확히 "가중치를 매 step 조금씩 줄이는
# 것"(weight decay)과 같다는 것을 tensor로 확인하고, L1 penalty와 비교하고, Adam에서는 `Adam(weight_decay=λ)`(L2 penalty)과
# `AdamW(weight_decay=λ)`(decoupled weight decay)가 서로 다른 일을 한다는 것을 숫자로 본다. 그다음 같은 모델을 감쇠 강도 λ만
# 바꿔 여러 seed로 학습해, 가중치 크기·validation accuracy·validation loss·train-validation gap이 λ에 따라 어떻게 변하는지
# 측정한다. 마지막으로 train set이 작아 overfitting이 뚜렷한 조건에서, 02 노트북 10절의 짝지은 실행과 판정 규칙으로 weight
# decay가 돕는지 판정하고, λ를 log 눈금에서 거칠게, 그다음 촘촘하게 찾는 방법을 본다.
#
# **Goal**: verify on small tensors that an L2 penalty is exactly weight decay for plain SGD without momentum, compare
# it with an L1 penalty, see in numbers that `Adam(weight_decay=λ)` (L2 penalty) and `AdamW(weight_decay=λ)` (decoupled
# weight decay) do different things, then sweep the decay strength λ on one model with several seeds and measure how
# the weight norm, the validation accuracy and loss and the train-validation gap change; finally judge weight decay
# on a small training set with paired runs and search λ on a log grid, coarse to fine.

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


def sgd_momentum(decoupled, steps=3, momentum=0.9):
    """momentum SGD로 steps번: weight_decay=LAM(L2, PyTorch 방식) 또는 매 step (1-ηλ)를 따로 곱하기(decoupled)."""
    w = w0.clone().requires_grad_(True)
    opt = torch.optim.SGD([w], lr=ETA, momentum=momentum, weight_decay=0.0 if decoupled else LAM)
    for _ in range(steps):
        opt.zero_grad()
        data_loss(w).backward()
        if decoupled:
            with torch.no_grad():
                w.mul_(1 - ETA * LAM)  # 줄이기는 momentum과 따로
        opt.step()
    return w.detach()


# %% tags=["nbval-check-output"]
print("(a) SGD(weight_decay) == (b) loss + L2       :", torch.allclose(w_a, w_b))
print("(a) SGD(weight_decay) == (c) (1-ηλ)w - η∇L   :", torch.allclose(w_a, w_c))
print("줄이는 비율 1 - ηλ =", 1 - ETA * LAM)
print(
    "momentum 0.9, 3 step: SGD(weight_decay) == 따로 (1-ηλ)배 :",
    torch.allclose(sgd_momentum(False), sgd_momentum(True)),
)

# %% [markdown]
# 세 방법이 같은 값을 준다. **plain SGD에서는 L2 penalty와 weight decay가 같은 것**이다.
# 이 예에서는 매 step 가중치에 0.95를 곱하는 셈이다 (실제 학습에서는 $\eta\lambda$가 훨씬 작아서 0.99999 같은 수를 곱한다).
#
# 마지막 줄은 momentum을 켠 경우다. PyTorch의 `SGD(momentum=0.9, weight_decay=λ)`는 여전히 gradient에 $\lambda w$를 더하는
# L2 penalty인데, 그 $\lambda w$가 momentum에 쌓여 여러 step에 걸쳐 다시 쓰인다. 그래서 "매 step $(1-\eta\lambda)$를 곱하기"와는
# 값이 달라진다 (`False`). L2 penalty와 weight decay가 같다는 말은 **momentum 없는** SGD에서만 정확하다.
# 위 `sgd_momentum(decoupled=True)`처럼 줄이기를 momentum 밖에서 따로 하는 SGD를 Loshchilov & Hutter는 SGDW라고 부른다
# (참고 자료; Adam 쪽 짝이 3절의 AdamW다).
#
# ### 2.1 L1 penalty와 비교: 왜 L1은 가중치를 정확히 0으로 만드는가
#
# 벌점을 제곱합 대신 절댓값 합 $\lambda \sum |w|$로 줄 수도 있다 ([L1 regularization](glossary.md#l1-regularization)).
# 그 gradient는 $\lambda\,\mathrm{sign}(w)$라서, 벌점만 있을 때 한 step의 움직임이 다르다.
#
# - L2: $w \leftarrow (1-\eta\lambda)\,w$. 매 step **같은 비율**로 줄인다. 비율이라서 0에 가까워질 뿐 0이 되지는 않는다.
# - L1: $w \leftarrow w - \eta\lambda\,\mathrm{sign}(w)$. 매 step **같은 양** $\eta\lambda$를 뺀다. 작은 가중치는 곧 0을 지나친다.
#   그래서 0을 지나치면 0에서 멈추게 자른다: $w \leftarrow \mathrm{sign}(w)\max(|w|-\eta\lambda,\ 0)$
#   (soft thresholding, L1의 proximal step).
#
# data loss 없이 벌점의 gradient만으로 가중치 5개를 움직여 본다 (η=0.1, λ=0.5라 L2는 매 step 0.95배, L1은 매 step 0.05씩).

# %% tags=["nbval-check-output"]
w_pen = torch.tensor([1.5, 0.77, 0.33, -0.12, 0.02])  # 난수를 쓰지 않는다
ETA_PEN, LAM_PEN = 0.1, 0.5


def penalty_only(kind, steps):
    """벌점의 gradient만으로 steps번 움직인 가중치. kind: 'L2' | 'L1'(0에서 자르기) | 'L1 자르기 없음'."""
    w = w_pen.clone()
    for _ in range(steps):
        if kind == "L2":
            w = (1 - ETA_PEN * LAM_PEN) * w
        elif kind == "L1":
            w = torch.sign(w) * torch.clamp(w.abs() - ETA_PEN * LAM_PEN, min=0.0)
        else:
            w = w - ETA_PEN * LAM_PEN * torch.sign(w)
    return " ".join(f"{v:8.4f}" for v in w.tolist())


print(" ".join(f"{v:8.4f}" for v in w_pen.tolist()), " ← 처음")
for steps in (10, 25):
    for kind in ("L2", "L1", "L1 자르기 없음"):
        print(penalty_only(kind, steps), f" ← {kind}, {steps} step 뒤")

# %% [markdown]
# - **L2**는 10 step 뒤 모든 가중치가 같은 비율($0.95^{10} \approx 0.60$배: 1.5 → 0.8981, 0.02 → 0.0120)로 줄었고,
#   25 step 뒤에도 0.02였던 가중치가 0.0055로 0이 아니다. 큰 가중치를 가장 많이 줄이지만 아무것도 없애지 않는다.
# - **L1**(자르기)은 10 step이면 0.33, −0.12, 0.02가 **정확히 0**이 되어 그대로 머물고, 1.5와 0.77은 똑같이 0.5씩 줄었을
#   뿐이다(1.0, 0.27). 25 step이면 1.5만 0.25로 남는다. 이렇게 L1은 많은 가중치를 정확히 0으로 만든다
#   (sparse: 희소한 가중치). 실제 학습에서는 data gradient가 0 쪽으로 끌려가는 가중치를 붙잡으므로, w=0에서 data loss의
#   gradient 크기가 λ보다 큰 가중치만 0이 아닌 값으로 남는다 (L1 최적화의 이론 결과이고, 이 노트북에서 학습으로 확인하지는
#   않았다).
# - **자르기 없는 L1**은 0을 지나쳐 0 근처에서 ±0.03 안에서 흔들리고(25 step 뒤 0.02, −0.02, 0.03, −0.03) 정확한 0이
#   되지 않는다. PyTorch optimizer에는 L1 인자가 없어서 loss에 `λ * w.abs().sum()`을 더해 학습하면 바로 이 경우다.
#   정확한 0이 필요하면 자르기(proximal step)를 따로 해야 한다.
#
# 신경망에서는 L2(weight decay)를 훨씬 많이 쓰고, 이 노트북의 나머지도 L2다.
#
# ## 3. Adam에서는 다르다: L2 penalty vs decoupled weight decay
#
# Adam은 parameter마다 gradient 제곱의 이동 평균의 제곱근 $\sqrt{\hat v}$, 곧 최근 gradient의 RMS 크기로 step을 나눈다
# (gradient가 큰 parameter는 작게, 작은 parameter는 크게 움직인다). 여기에 weight decay를 넣는 방법이 두 가지다.
#
# | | 계산 | 결과 |
# |---|---|---|
# | `torch.optim.Adam(weight_decay=λ)` (L2 penalty) | gradient에 $\lambda w$를 더한 **다음** Adam의 정규화($\hat m / \sqrt{\hat v}$)를 한다 | decay도 $\sqrt{\hat v}$로 나뉜다: gradient가 큰 parameter는 거의 안 줄고, gradient가 작은 parameter는 λ와 상관없이 크게 줄 수 있다 |
# | `torch.optim.AdamW(weight_decay=λ)` (decoupled) | $w \leftarrow w - \eta\lambda w$로 **따로** 줄이고, Adam step에는 원래 gradient만 쓴다 | 모든 parameter가 step마다 같은 비율 $\eta\lambda$만큼 준다 |
#
# Loshchilov & Hutter(2019, "Decoupled Weight Decay Regularization")가 이 차이를 지적하고 두 번째 방법을
# [AdamW](glossary.md#adamw)라 불렀다. momentum 없는 SGD에서는 두 방법이 같지만(2절), Adam에서는 다르다. 숫자로 보자.
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
print(
    "λ=0이면 AdamW == Adam (비트까지 같다)    :",
    torch.equal(adam_by_torch(torch.optim.AdamW, lam=0.0), adam_by_torch(torch.optim.Adam, lam=0.0)),
)

# %% [markdown]
# 마지막 줄: λ=0이면 줄일 것이 없으므로 AdamW와 Adam은 비트까지 같은 계산이다. 그래서 5, 6절에서 AdamW(λ=0)는 AdamW의
# 대조군이면서 동시에 Adam(L2)의 대조군(= λ=0인 Adam)이다.
#
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
# $\eta\lambda \times 1650 \approx 0.017$로 거의 효과가 없다. 그래서 λ를 3까지 크게 잡았다. 0 다음의 0.01, 0.3, 3은 λ를
# 30배, 10배씩 키우는 거친 log 눈금이다 (왜 log 눈금으로 찾는지는 9.1절).

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
    """λ 하나의 seed별 값 목록. key: 'norm' | 'val_acc' | 'val_loss' | 'train_acc' | 'gap' (마지막 epoch)."""
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
# 평균 ± 표준편차 뒤에 숨은 seed별 값, 그리고 accuracy 옆에 validation loss도 본다 (이미 학습한 History에서 읽을 뿐,
# 새로 학습하지 않는다). accuracy는 맞았는지만 세지만, loss는 정답 클래스에 준 확률까지 본다.

# %%
print(f"{'λ':>6} | {'val acc (seed 0, 1, 2)':>24} | {'val loss (seed 0, 1, 2)':>24} | {'val loss':>15}")
for lam in LAMBDAS:
    accs = " ".join(f"{v:.4f}" for v in column(lam, "val_acc"))
    losses = " ".join(f"{v:.4f}" for v in column(lam, "val_loss"))
    print(f"{lam:6g} | {accs:>24} | {losses:>24} | {report.fmt_mean_std(column(lam, 'val_loss')):>15}")

# %% [markdown]
# 그래프로 보자. λ=0은 log 축에 놓을 수 없으므로 x축을 symlog(0 근처 [0, 0.01]은 선형, 그 위는 log)로 그렸다.
# 점은 seed별 값, 선과 막대는 평균 ± 표준편차다.

# %%
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout="constrained")
panels = [
    ("norm", "weight norm (||w||)", "가중치 크기 (weight norm)"),
    ("val_acc", "검증 accuracy (validation)", "검증 accuracy (validation, 마지막 epoch)"),
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
# - **validation loss도 낮아지지 않았다** (seed별 값과 validation loss 출력): λ=0은 0.0947 ± 0.0031, λ=0.01은 0.0950 ± 0.0039로
#   거의 같고, λ=0.3은 0.1010 ± 0.0079, λ=3은 0.1955 ± 0.0014로 λ가 클수록 평균이 높다 (대략 읽기). weight decay는
#   overfitting으로 validation loss가 다시 올라가는 것을 늦추기도 한다(9절의 λ=0.1: 마지막 epoch 0.4994 → 0.4577, 대략 읽기;
#   고른 모델의 최저 loss는 0.3514 vs 0.3498로 거의 같다). 55,000장인 이 5절 조건에서는 loss로 보아도 돕지 않았다. seed별 val acc를 보면
#   λ=0의 세 값(0.9716, 0.9714, 0.9722)이 실제로 0.0008 안에 모여 있다: 표준편차 0.0004는 계산 실수가 아니라 정말 작은
#   흔들림이다.
#
# **왜 효과가 작은가?** (1) 줄일 overfitting이 원래 적다: train set 55,000장은 이 모델의 parameter 수(23만)보다 적지만,
# 6 epoch 동안 weight decay 없이도 gap이 약 0.016(1.6%p)뿐이다 (overfitting의 크기는 parameter 수가 아니라 gap으로 잰다).
# (2) 학습이 짧다: 6 epoch(1,650 step)이라 AdamW가 줄이는 총량
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
# 같은 `weight_decay=0.01`인데 결과가 전혀 다르다. (AdamW(λ=0)는 3.3절 마지막 줄대로 Adam(λ=0)과 같은 계산이라 두 optimizer
# 모두의 대조군이다.)
#
# - **AdamW(λ=0.01)**: weight norm(약 28.4), validation accuracy, gap 모두 λ=0과 거의 같다. 감쇠가 약하다.
# - **Adam(L2, λ=0.01)**: weight norm이 약 7.8로, 학습 **전**(11.5)보다도 작다. validation accuracy는 약 0.938로
#   AdamW(0.971)보다 평균이 0.03 넘게 낮고(평균 ± 표준편차의 대략 읽기이고, 판정 규칙으로 판정하지는 않았다), gap은 약
#   0.005로 작다. 가중치를 너무 세게 눌러 underfitting했다.
#
# 왜 이렇게 셀까? 아래 출력으로 두 가지를 본다.

# %%
print(f"L2 penalty λ/2·‖w‖² (weight 행렬만, 학습 전 norm {init_norm:.2f}에서):")
for lam in (1e-4, 5e-4, LAM_COMPARE):
    print(f"  λ={lam:<6g}: {lam / 2 * init_norm**2:.4f}")
print("Adam(L2, λ=0.01) 학습 후 seed별 weight norm :", [round(n, 3) for _, n in adam_l2])
penalty_after = report.mean_std([LAM_COMPARE / 2 * n**2 for _, n in adam_l2])[0]
print(f"Adam(L2, λ=0.01) 학습 후 penalty (seed 평균)  : {penalty_after:.4f}")
for name, runs in rows.items():
    print(f"마지막 epoch train loss (CE만) {name:<20}: {report.fmt_mean_std([h.train_loss[-1] for h, _ in runs])}")

# %% [markdown]
# - **λ=0.01의 L2 penalty는 그 자체로 세다.** 학습 전 가중치(weight 행렬만; bias도 벌점을 받지만 394개뿐이라 뺐다)에서
#   이미 $\frac{\lambda}{2}\lVert w\rVert^2$가 loss와 같은 단위로 0.6576이다.
#   AdamW(λ=0) 모델이 학습 끝에 도달하는 train loss(cross-entropy)가 0.0403 ± 0.0029이니, 학습 전 벌점만으로 그 열 배가 넘는다.
#   Adam(L2)은 λw를 gradient에 더하므로 결국 cross-entropy + 벌점의 합이 가장 작은 곳, 곧 data gradient와 벌점의 gradient
#   λw가 맞서는 균형점으로 간다. 그 합에서는 가중치를 줄여 벌점을 아끼는 것이 이득이라, 학습 후 Adam(L2)은 cross-entropy
#   0.2304 ± 0.0047을 감수하고 벌점을 0.3031로 낮췄다.
#   λ=1e-4나 5e-4(SGD에서 흔히 쓰는 값)였다면 학습 전 벌점이 0.0066, 0.0329로 훨씬 작다 (이 λ들로는 학습하지 않았다).
# - **Adam의 정규화 때문에 그 균형점 쪽으로 빨리 움직일 수 있다** (3.1절에서 본 성질로 미루어 본 것이고, 이 실행에서
#   epoch별 norm을 재지는 않았다). 3.1절대로 data gradient가 작은 가중치는 λ와 상관없이 step마다 거의 lr만큼
#   0 쪽으로 움직인다. seed별 weight norm이 7.784, 7.783, 7.79로 거의 같다: 초기 가중치가 달라도 세 실행이 λ가 정하는 비슷한
#   균형점에 와 있다는 신호다. 반면 AdamW(λ=0.01)의 감쇠는 step마다 $\eta\lambda = 10^{-5}$ 비율뿐이라 약하다.
#
# 그래서 **Adam의 λ와 AdamW의 λ는 같은 눈금이 아니다**: 옮겨 쓸 수 없고, optimizer마다 따로 골라야 한다.
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
#
# ### 9.1 λ는 log 눈금에서 찾는다: 거칠게, 그다음 촘촘하게
#
# 9절은 λ를 0.1과 1.0, 10배 떨어진 두 값만 재 보았다. 왜 0, 2.5, 5, 7.5, 10처럼 같은 간격으로 놓지 않을까?
# (같은 간격으로 0.1\~10을 촘촘히 덮으려면 점이 100개 필요하다.)
# AdamW는 step마다 가중치에 $(1-\eta\lambda)$를 곱하므로, data gradient가 밀어 주지 않는 가중치는 학습 전체 뒤
# $(1-\eta\lambda)^{\text{step 수}} \approx e^{-\eta\lambda \times \text{step 수}}$배로 남는다. 곧 λ의 효과는 곱
# $\eta\lambda \times$ step 수로 정해진다. 9절 학습(epoch당 20 step × 40 epoch = 800 step)에서 이 남는 비율을 두 가지
# 눈금으로 계산해 본다 (학습 없음).

# %%
SMALL_STEPS = len(small_train) * SMALL_EPOCHS


def leftover(lam):
    """gradient가 밀어 주지 않는 가중치가 9절 학습 전체 뒤 남는 비율 (1 − ηλ)^step 수."""
    return (1 - LR * lam) ** SMALL_STEPS


print(f"9절 학습의 step 수: {SMALL_STEPS}")
for name, grid in [
    ("log 눈금 (10배씩)", [1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0]),
    ("같은 간격 (2.5씩)", [0.0, 2.5, 5.0, 7.5, 10.0]),
]:
    print(f"{name}: " + ", ".join(f"λ={lam:g} → {leftover(lam):.4g}" for lam in grid))

# %% [markdown]
# - **log 눈금**에서는 λ가 10배 커질 때마다 남는 비율이 한 단계씩 바뀐다: 1e-4\~1e-2에서는 거의 1(감쇠가 거의 없다),
#   0.1에서 0.9231, 1에서 0.4491, 10에서 0.0003222(거의 다 지워진다). 일을 하기 시작하는 λ(여기서는 곱
#   $\eta\lambda \times$ step 수가 1 근처인 λ ≈ 1)는 lr·step 수·data gradient의 세기에 따라 자릿수 단위로 달라진다.
#   data gradient가 얼마나 세게 다시 밀어 주는지는 계산만으로 알 수 없다: λ=10은 가중치를 0.0003만 남기는데도
#   아래 실행에서 그 모델의 validation accuracy가 0.9048이다. 미리 어느 자릿수인지 모르므로 자릿수마다 한 점씩 놓는다.
# - **같은 간격 눈금**은 λ=0 다음 점(2.5)에서 이미 0.135로 떨어지고, 나머지 세 점을 거의 다 지워지는 곳에 쓴다.
#   9절에서 변화가 일어난 0.1\~1 구간에는 한 점도 놓지 못한다.
# - lr도 같은 이유(step 크기에 곱해진다)로 log 눈금에서 찾는다. 05 노트북의 LR range test가 lr을 step마다 같은 **비율**로
#   키우는 것도 그래서다.
#
# 그래서 보통 두 단계로 찾는다. (1) 거친 log 눈금(예: 1e-4, 1e-3, ..., 1, 10)에서 가장 좋은 자릿수를 찾고, (2) 그 주변을
# 더 촘촘한 log 눈금(예: 약 3배 간격의 0.3, 1, 3)으로 다시 본다. 고른 값이 눈금의 가장자리에 있으면 눈금을 그쪽으로 넓힌다.
# 어느 단계든 고르는 것은 validation으로만 한다 (test는 마지막에 한 번).
#
# 아래는 이 방법을 9절 조건에서 한 번 해 본 것이다. 거친 눈금을 λ=10까지 채우고, 가장 좋았던 λ=1 주변을 λ=3(1과 10
# 사이를 약 3배 간격으로 나눈 값)으로 촘촘하게 본다. 1e-4\~1e-2는 남는 비율이 0.99 이상(위 출력)이라 학습하지 않았고,
# 시간을 아끼려고 1 주변은 위쪽의 3만 보았다(0.3은 보지 않았다). 새 실행도 seed 0 하나씩(두 번)이고, λ=0, 0.1, 1은
# 9절에서 학습한 seed 0 모델을 그대로 쓴다 (모두 같은 초기 가중치와 batch 순서).

# %%
extra = {lam: run_small(SEEDS[0], lam) for lam in (3.0, 10.0)}  # 새 실행: seed 0만
seed0 = {lam: runs[0] for lam, runs in small.items()} | extra  # λ -> seed 0의 (History, norm, hits_val, hits_test)
print(f"{'λ':>5} | {'best epoch':>10} | {'최저 val loss':>12} | {'고른 모델 val acc':>15}   (seed 0 하나씩, 대략 읽기)")
for lam in sorted(seed0):
    h, _, hits_val, _ = seed0[lam]
    print(f"{lam:5g} | {h.best_epoch:>10} | {h.best_val_loss:12.4f} | {hits_val.float().mean().item():15.4f}")

fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
panels = [
    ("최저 검증 loss (validation)", lambda run: run[0].best_val_loss),
    ("고른 모델의 검증 accuracy (validation)", lambda run: run[2].float().mean().item()),
]
for ax, (ylabel, value) in zip(axes, panels, strict=True):
    lams = sorted(lam for lam in seed0 if lam > 0)  # λ=0은 log 축에 놓을 수 없어 점선으로
    ax.plot(lams, [value(seed0[lam]) for lam in lams], color="gray", lw=1)
    for grid, label, marker in [((0.1, 1.0, 10.0), "거친 눈금 (10배씩)", "o"), ((3.0,), "촘촘한 눈금 (1 주변)", "s")]:
        ax.plot(grid, [value(seed0[lam]) for lam in grid], marker=marker, ls="", ms=9, label=label)
    ax.axhline(value(seed0[0.0]), color="gray", ls="--", label="λ=0 (대조)")
    ax.set_xscale("log")
    ax.set_xticks(lams, [f"{lam:g}" for lam in lams])
    ax.minorticks_off()
    ax.set(xlabel="weight decay λ (log 축)", ylabel=ylabel, title=f"{ylabel}: train 2,000장, seed 0")
    ax.legend()
plt.show()

# %% [markdown]
# 위 표와 그래프(seed 0 하나씩이라 대략 읽기이고, 판정 규칙은 쓰지 않았다):
#
# - **거친 눈금(0.1, 1, 10)**: λ=1이 최저 validation loss(0.3269)와 고른 모델의 validation accuracy(0.9206) 모두에서 가장
#   좋다. λ=10은 λ=1, 3보다 크게 나쁘고(loss 0.3646 vs 0.3269, 0.2903) λ=0보다 나아지지도 않았다(loss 0.3542, accuracy
#   0.9070 vs 0.9048): 너무 세다. λ=0.1은 λ=0과 거의 같다.
#   그러니 좋은 자릿수는 1 근처다.
# - **촘촘한 눈금(1 주변의 3)**: λ=3은 최저 validation loss가 0.2903으로 다섯 값 중 가장 낮고, validation accuracy는 0.9194로
#   λ=1(0.9206)과 0.0012 차이다. 이 하나의 seed로는 1과 3 중 어느 쪽이 나은지 말할 수 없다: loss와 accuracy가 다른 쪽을 가리키고,
#   차이도 작다. 다음 단계는 1과 3 (그리고 2, 5 같은 사잇값)을 seed 3개의 짝지은 실행으로 돌려 판정 규칙으로 비교하는 것이다.
# - λ=1과 3의 best epoch(40, 39)은 예산 끝에 있다. 눈금만이 아니라 epoch 수도 함께 정해야 할 값이라는 뜻이다.

# %% [markdown]
# ## 관찰 포인트
#
# - L2 penalty $\frac{\lambda}{2}\lVert w\rVert^2$는 gradient에 $\lambda w$를 더한다. momentum 없는 plain SGD에서는 이것이 정확히
#   $w \leftarrow (1-\eta\lambda)w - \eta\nabla L$, 즉 weight decay다.
# - L2는 가중치를 같은 비율로 줄여 0으로 만들지 않고, L1(자르기)은 같은 양을 빼서 작은 가중치를 정확히 0으로 만든다 (2.1절).
# - Adam에서는 다르다. `Adam(weight_decay=λ)`은 λw를 gradient에 더한 뒤 parameter별로 정규화하므로 decay 세기가
#   parameter마다 달라지고(gradient가 크면 약하게), `AdamW(weight_decay=λ)`는 모든 parameter를 같은 비율 ηλ로 줄인다.
# - AdamW의 λ를 키우면 학습된 모델의 weight norm이 크게 줄어든다 (대략 읽기: λ=0 약 28.6 → λ=3 약 13.6).
# - 데이터가 적어 overfitting이 큰 조건(9절)에서는 λ=1.0이 validation·test 모두 helps, λ=0.1은 within noise였다.
# - 이 MNIST 조건(weight decay 없이도 gap이 약 0.016으로 작고 학습이 짧음)에서는 validation accuracy가 오르지 않았다.
#   너무 큰 λ(3)는 train·validation accuracy를 함께 떨어뜨렸다(underfitting). gap이 줄어든 것만 보고 판단하면 안 된다.
# - 같은 `weight_decay=0.01`이 Adam(L2)에서는 모델을 underfitting시킬 만큼 세고, AdamW에서는 거의 효과가 없다.
# - λ와 lr은 쓸 만한 값이 어느 자릿수에 있을지 모르므로 log 눈금에서 찾는다: 거친 눈금(10배씩)으로 자릿수를 찾고,
#   그 주변을 촘촘하게 (9.1절).
#
# ## 참고 자료
#
# - d2l.ai, *Dive into Deep Learning* 3.7절 "Weight Decay": L2 penalty와 SGD weight decay의 유도.
# - I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019: momentum SGD와 Adam에서 L2 ≠ weight decay, SGDW와 AdamW.
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
# **4. 데이터가 적으면**: 5절에서 효과가 작았던 이유 중 하나는 55,000장에서는 줄일 overfitting(gap)이 원래 작다는 것이다.
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
#
# 7. 벌점의 gradient만으로 가중치를 움직일 때, 처음 값 0.02인 가중치가 정확히 0이 되는 것은 L2와 L1(자르기) 중 어느 쪽인가? 왜인가?
#
# <details><summary>정답</summary>
#
# L1(자르기). L2는 매 step 같은 **비율** $(1-\eta\lambda)$를 곱하므로 0에 가까워질 뿐 0이 되지 않고(2.1절: 25 step 뒤 0.0055),
# L1은 매 step 같은 **양** $\eta\lambda$를 빼고 0을 지나치면 0에서 자르므로 작은 가중치가 먼저 정확히 0이 된다 (2.1절: 10 step 뒤 이미 0).
# </details>
#
# 8. λ 후보를 0, 2.5, 5, 7.5, 10으로 잡으면 무엇이 문제인가? 어떻게 고치는가?
#
# <details><summary>정답</summary>
#
# 쓸 만한 λ가 어느 자릿수에 있을지 미리 모르는데, 같은 간격 눈금은 0 다음부터 이미 센 값(9.1절: 2.5에서 남는 비율 0.135)만 보고
# 0.1\~1 같은 작은 자릿수를 하나도 보지 못한다. 1e-4, 1e-3, ..., 10 같은 log 눈금으로 자릿수를 먼저 찾고, 가장 좋은 값 주변을
# 약 3배 간격(예: 0.3, 1, 3)으로 촘촘하게 다시 본다.
# </details>
#
# 9. weight decay를 비교할 때 validation accuracy 옆에 validation loss도 보는 이유는?
#
# <details><summary>정답</summary>
#
# accuracy는 맞았는지만 세지만 loss는 정답에 준 확률(자신감)까지 본다. 그리고 epoch별 validation loss 곡선은 overfitting이
# 시작되고 커지는 모습을 보여 준다. 9절에서 λ=0.1은 고른 모델의 accuracy 판정이 within noise였고 최저 validation loss도
# 0.3514 ± 0.0028 vs 0.3498 ± 0.0021로 거의 같았지만, 마지막 epoch의 validation loss는 0.4994 ± 0.0114에서 0.4577 ± 0.0137로
# 낮았다: loss가 다시 올라가는 것을 조금 늦춘 것이다 (대략 읽기). 9.1절에서도 λ=1과 3의 순서가 loss와 accuracy에서 달랐다.
# </details>
