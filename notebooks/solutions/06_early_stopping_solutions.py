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
# # 06. Early stopping — 연습 문제 풀이
#
# 06 노트북의 연습 문제 네 개를 풀어 본다. 풀이마다 06 노트북과 같은 검사(`qN.check(...)`)를 부른다.
# 시간을 아끼려고 작은 모델(`models.MLP((64,))`, 약 5만 파라미터)을 쓰는 곳이 있다.
# 결론이 seed 하나에서 나온 것이면 그렇게 적는다.
#
# Worked solutions for the exercises of lesson 06 (small models where possible, to keep it fast).

# %%
import torch
import torch.nn as nn

from course_lib import checkpoint, data, models, settings, train
from course_lib.exercises.lesson06 import q1, q2, q3, q4

device = settings.get_device()
loss_fn = nn.CrossEntropyLoss()
train_loader, val_loader, test_loader = data.load_mnist_splits(settings.data_root(), 200)

# %% [markdown]
# ## 1. patience를 바꾸면
#
# 한 번만 예산 끝까지(`early_stopping=False`, 15 epoch) 학습하고, 그 validation loss 기록에 `EarlyStopping`을 적용해
# patience 1, 3, 5, 10이 각각 어디서 멈췄을지 계산한다. 학습을 네 번 할 필요가 없다. 모델은 06 노트북과 같은 BNModel, seed 0.

# %%
settings.seed_everything(0)
model = models.BNModel()
long_run = train.fit(
    train_loader,
    val_loader,
    model,
    loss_fn,
    torch.optim.Adam(model.parameters(), lr=1e-3),
    15,
    save_best_model=False,
    early_stopping=False,
    device=device,
    verbose=False,
)


def where_it_stops(val_loss, patience):
    """(멈춘 epoch 또는 None, 그때까지의 best epoch)."""
    stopper = train.EarlyStopping(patience)
    best = None
    for epoch, value in enumerate(val_loss, start=1):
        if stopper.update(value):
            best = epoch
        if stopper.should_stop:
            return epoch, best
    return None, best  # 예산 안에서는 멈추지 않았다


print("val loss:", [f"{v:.4f}" for v in long_run.val_loss])
for patience in (1, 3, 5, 10):
    stop, best = where_it_stops(long_run.val_loss, patience)
    where = f"epoch {stop:>2}에서 멈춤" if stop else "15 epoch 안에서는 멈추지 않음"
    print(f"patience {patience:>2}: {where} | best epoch {best:>2} | best val loss {long_run.val_loss[best - 1]:.4f}")

# %% tags=["nbval-check-output"]
q1.check(where_it_stops)

# %% [markdown]
# patience가 작을수록 일찍 멈춘다. patience=1은 최저를 **한 번** 갱신하지 못한 곳에서 멈추므로, 그 뒤에 더 낮은 최저점이
# 있었다면 놓친다: 위 출력에서 patience=1은 epoch 4에서 멈춰 best val loss 0.0876(epoch 3)에 그쳤고, patience 3 이상이
# 찾은 0.0679(epoch 7)를 놓쳤다.
# patience가 크면 더 낮은 최저점을 기다릴 수 있는 대신, 그만큼 epoch(시간)을 더 쓴다.
#
# ## 2. `restore_best=True`

# %%
settings.seed_everything(0)
model = models.BNModel()  # 06 노트북 2절과 같은 모델과 seed: best epoch이 마지막 epoch보다 앞에 온다
h = train.fit(
    train_loader,
    val_loader,
    model,
    loss_fn,
    torch.optim.Adam(model.parameters(), lr=1e-3),
    10,
    save_best_model=False,
    early_stopping=False,
    restore_best=True,
    device=device,
    verbose=False,
)
loss, acc = train.evaluate(val_loader, model, loss_fn, device=device)
print(f"마지막 epoch {h.epochs_run}: 기록 loss {h.val_loss[-1]:.5f} / acc {h.val_acc[-1]:.4f}")
print(f"best epoch {h.best_epoch}   : 기록 loss {h.best_val_loss:.5f} / acc {h.best_val_acc:.4f}")
print(f"되돌린 모델        : loss {loss:.5f} / acc {acc:.4f}")
print("같은가:", abs(loss - h.best_val_loss) < 1e-6 and acc == h.best_val_acc)

# %% tags=["nbval-check-output"]
q2.check(h, model, val_loader)

# %% [markdown]
# 끝난 뒤의 모델이 마지막 epoch이 아니라 best epoch의 가중치로 되돌아가 있다: 평가 결과가 best epoch의 기록과 같고,
# 마지막 epoch의 기록과는 다르다 (위 출력에서 best epoch이 마지막 epoch보다 앞이어야 이 확인이 의미가 있다).
#
# ## 3. DropoutModel로 early stopping
#
# 예산을 아끼려고 10 epoch, patience 3으로 돌린다 (seed 0 하나).

# %%
settings.seed_everything(0)
model = models.DropoutModel(0.5)
h_drop = train.fit(
    train_loader,
    val_loader,
    model,
    loss_fn,
    torch.optim.Adam(model.parameters(), lr=1e-3),
    10,
    save_best_model=False,
    early_stopping=True,
    patience=3,
    device=device,
    verbose=False,
)
print(f"DropoutModel: stop_reason={h_drop.stop_reason}, 실행 {h_drop.epochs_run} epoch, best epoch {h_drop.best_epoch}")
print("val loss:", [f"{v:.4f}" for v in h_drop.val_loss])

# %% tags=["nbval-check-output"]
q3.check(h_drop)

# %% [markdown]
# 06 노트북의 BNModel은 best epoch 7, epoch 10에서 멈췄다. DropoutModel은 validation loss가 더 오래 내려가서
# 10 epoch 안에 멈추지 않았다 (위 출력: completed, best epoch은 예산의 마지막 epoch 10). 02 노트북에서 본 것처럼 Dropout(과 이 모델의 출력층 Dropout)은
# 학습을 느리게 하고 train-validation 차이를 줄이므로 overfitting이 늦게 온다. seed 하나의 결과다.
#
# ## 4. 가중치만 불러와 이어 하면
#
# 06 노트북 5절과 같은 방법을 작은 모델로: 끊기지 않은 4 epoch 학습 vs 2 epoch 뒤 **가중치만** 불러와 새 optimizer,
# 새 scheduler로 2 epoch 더.


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
last = "models/solution_last.pth"
first = train.fit(train_loader, val_loader, m, loss_fn, opt, 2, lr_scheduler=sched, last_checkpoint_path=last, **quiet)

m, opt, sched = make(seed=1)
checkpoint.load_checkpoint(last, m)  # 가중치만
m.to(device)
rest = train.fit(train_loader, val_loader, m, loss_fn, opt, 2, lr_scheduler=sched, **quiet)

print("끊기지 않은 학습 val loss (epoch 3, 4):", [f"{v:.5f}" for v in full.val_loss[2:]])
print("가중치만 불러와 이어 한 학습         :", [f"{v:.5f}" for v in rest.val_loss])
print("learning rate (끊기지 않음, epoch 3, 4):", full.lr[2:], "| 가중치만:", rest.lr)

# %% tags=["nbval-check-output"]
q4.check(full, first, rest)

# %% [markdown]
# 기록이 다르다. 새 Adam은 moment 추정값이 0에서 시작하고, 새 StepLR은 learning rate를 처음 값(0.001)으로 되돌렸다
# (끊기지 않은 학습은 epoch 3에 0.00025). 데이터 순서를 정하는 난수 상태도 다르다. `resume_from`이 last checkpoint에서
# 이 모든 것을 함께 되돌리기 때문에 06 노트북에서는 기록이 정확히 같았다. 위 출력에서 가중치만 불러온 쪽의 val loss가
# 오히려 낮은 것은 learning rate가 처음 값으로 돌아가 4배 커진 탓일 수 있다 (seed 하나이고 Adam 상태와 데이터 순서도
# 함께 바뀌었으므로 이 실행만으로 원인을 가를 수는 없다): '다르다'는 것이지 '나쁘다'는 뜻은 아니다.

# %% tags=["nbval-check-output"]
print("StepLR 첫 값으로 돌아갔는가:", rest.lr[0] == 1e-3)
