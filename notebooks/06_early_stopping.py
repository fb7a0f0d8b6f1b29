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
# # 05. Early stopping과 best model 저장(checkpoint)
#
# **목표**: 언제 학습을 멈추고(early stopping) 무엇을 남겨야 하는지(best model checkpoint) 배운다.
# 멈춘 지점과 이유를 그래프로 확인하고, 저장한 best model을 새 모델에 불러 정확도가 같은지 검증하고,
# checkpoint에서 학습을 이어서 진행한다. 모델 전체를 pickle로 저장하지 않는 이유도 알아본다.
#
# **Goal**: learn when to stop training (early stopping) and what to keep (the best-model checkpoint):
# see where and why training stopped, reload the best checkpoint into a fresh model and confirm its
# accuracy, resume training from a checkpoint, and see why whole pickled models are not saved.

# %%
import os

import matplotlib.pyplot as plt
import torch
import torch.nn as nn

from course_lib import checkpoint, data, models, plots, settings, train

settings.seed_everything(42)
device = settings.get_device()   # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 30      # 넉넉한 예산: early stopping이 알아서 멈춘다
PATIENCE = 3      # validation loss가 3 epoch 연속 좋아지지 않으면 멈춤
BATCH_SIZE = 200

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = 'models'

train_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, True)
test_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, False)

# %% [markdown]
# ## 1. 왜 멈추고, 무엇을 남기나
#
# 01~03 노트북에서 보았듯이 오래 학습하면 train loss는 계속 내려가지만 validation loss는 어느 순간부터
# 다시 올라간다(overfitting). 그 뒤의 학습은 시간만 쓰고 모델을 나쁘게 만든다.
#
# - **Early stopping**: validation loss가 `patience` epoch 연속으로 최저 기록을 갱신하지 못하면 학습을 멈춘다.
#   잠깐 흔들렸다가 다시 좋아질 수도 있으므로 바로 멈추지 않고 `patience`만큼 기다린다.
# - **Best model 저장**: 멈춘 시점의 모델은 이미 `patience` epoch만큼 나빠진 모델이다.
#   그래서 validation loss가 최저를 갱신할 때마다 그 순간의 가중치를 파일(checkpoint)로 저장해 두고,
#   학습이 끝나면 그 파일을 쓴다.
#
# `course_lib`의 `train.EarlyStopping`은 이 규칙만 담은 작은 객체다 (파일 입출력 없음).
# 정해 둔 validation loss 값들을 차례로 넣어 보자.

# %%
# NBVAL_CHECK_OUTPUT
stopper = train.EarlyStopping(patience=3)
scripted_val_loss = [0.30, 0.25, 0.22, 0.23, 0.21, 0.24, 0.25, 0.26, 0.20]

for epoch, value in enumerate(scripted_val_loss, start=1):
    improved = stopper.update(value)
    print(f'epoch {epoch}: val loss {value:.2f} | 최저 갱신 {str(improved):<5} | 연속 미개선 {stopper.counter} | 멈춤 {stopper.should_stop}')
    if stopper.should_stop:
        break

# %% [markdown]
# epoch 5의 0.21이 최저였고, 그 뒤 3번 연속(epoch 6, 7, 8) 갱신하지 못해서 epoch 8에서 멈췄다.
# epoch 9에 0.20이 나왔을지도 모르지만, 그것은 알 수 없다. `patience`는 "얼마나 기다려 줄지"의 타협이다.
#
# ## 2. Early stopping으로 학습하기
#
# 03 노트북의 BNModel은 몇 epoch 만에 validation loss가 최저점을 지난다. 30 epoch의 예산을 주고
# `early_stopping=True, patience=3`, `save_best_model=True`로 학습시켜 보자.

# %%
settings.seed_everything(42)
bn_model = models.BNModel()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(bn_model.parameters(), lr=LR)
best_path = os.path.join(MODEL_SAVE_ROOT_PATH, 'bn_best.pth')

history = train.fit(train_loader, test_loader, bn_model, loss_fn, optimizer, N_EPOCH,
                    save_best_model=True, save_model_path=best_path,
                    early_stopping=True, patience=PATIENCE,
                    device=device, mode='multi')

# %%
print('멈춘 이유   :', history.stop_reason)
print('실행한 epoch:', history.epochs_run, '/', history.epochs_requested)
print('best epoch  :', history.best_epoch, f'(val loss {history.best_val_loss:.5f}, val acc {history.best_val_acc:.4f})')
print('checkpoint  :', history.checkpoint_path)

# %% [markdown]
# `stop_reason`이 `early_stopping`이면 patience 때문에 멈춘 것이고, `completed`면 예산(epoch 수)을 다 쓴 것이다.
# 그래프로 보자. 점선이 best epoch, 회색 구간이 "최저 기록 뒤 기다려 준" patience 구간이다.

# %%
epochs = range(1, history.epochs_run + 1)
fig, ax = plt.subplots(figsize=(9, 4.5), layout='constrained')
ax.plot(epochs, history.train_loss, 'o-', ms=3, label='Train loss')
ax.plot(epochs, history.val_loss, 'o-', ms=3, label='Validation loss')
ax.axvline(history.best_epoch, color='green', ls=':', label=f'best epoch {history.best_epoch} (saved)')
ax.axvspan(history.best_epoch, history.epochs_run, color='gray', alpha=0.15,
           label=f'no improvement ({history.epochs_run - history.best_epoch} epochs)')
ax.axvline(history.epochs_run, color='red', ls='--', label=f'stop: {history.stop_reason}')
ax.set(xlabel='Epoch', ylabel='Loss', title='Early stopping (patience=3)')
ax.grid(True, ls=':')
ax.legend()
plt.show()

# %%
plots.plot_history(history, title='BNModel + early stopping')
plt.show()

# %% [markdown]
# ## 3. best model 불러오기
#
# 학습이 끝난 `bn_model`은 **마지막 epoch**의 가중치를 갖고 있다. best epoch의 가중치는 파일에 있다.
# checkpoint 파일 안에는 무엇이 있을까? `torch.load(..., weights_only=True)`로 열어 보자.
# (`weights_only=True`: tensor, 숫자, 문자열, dict/list 같은 데이터만 읽고, 코드는 실행하지 않는다.)

# %%
# NBVAL_CHECK_OUTPUT
ckpt = torch.load(best_path, weights_only=True)
print('keys        :', list(ckpt))
print('model_class :', ckpt['model_class'])
print('model_state :', list(ckpt['model_state'])[:4], '...')

# %%
print('epoch :', ckpt['epoch'], '| best epoch와 같은가:', ckpt['epoch'] == history.best_epoch)
print('metric:', f"{ckpt['metric']:.5f}", '(저장할 때의 validation loss)')

# %% [markdown]
# 새 모델을 만들어 best checkpoint를 넣고(`checkpoint.load_checkpoint`), test set으로 다시 평가한다.
# 평가는 결정적(deterministic)이므로 best epoch에 기록된 validation accuracy와 **정확히 같아야** 한다.

# %%
fresh_model = models.BNModel()
checkpoint.load_checkpoint(best_path, fresh_model)   # 내부에서 weights_only=True로 읽는다
fresh_model.to(device)

reloaded_loss, reloaded_acc = train.evaluate(test_loader, fresh_model, loss_fn, device=device, mode='multi')
print(f'불러온 모델     : val loss {reloaded_loss:.5f}, val acc {reloaded_acc:.4f}')
print(f'best epoch 기록 : val loss {history.best_val_loss:.5f}, val acc {history.best_val_acc:.4f}')
print('accuracy 동일   :', f'{reloaded_acc:.4f}' == f'{history.best_val_acc:.4f}')

last_loss, last_acc = train.evaluate(test_loader, bn_model, loss_fn, device=device, mode='multi')
print(f'마지막 epoch 모델: val loss {last_loss:.5f}, val acc {last_acc:.4f}')

# %% [markdown]
# 파일을 따로 불러오지 않고 끝날 때 모델을 best 가중치로 되돌리고 싶다면 `train.fit(..., restore_best=True)`를 쓴다.
# 학습 중 best 가중치를 메모리에 복사해 두었다가 마지막에 되돌린다.
#
# ## 4. checkpoint에서 학습 이어 하기
#
# 긴 학습은 중간에 끊길 수 있다(노트북의 Stop, kernel 재시작, 전원). checkpoint에는 모델 가중치뿐 아니라
# **optimizer 상태**(Adam의 moment 추정값), **scheduler 상태**, epoch 번호, 그때까지의 기록(History)도 들어 있어서
# 끊긴 지점에서 그대로 이어 갈 수 있다.
#
# 먼저 `StepLR`(2 epoch마다 learning rate 절반)을 쓰는 짧은 학습을 4 epoch 돌리고 best model을 저장한다.

# %%
settings.seed_everything(42)
model = models.BNModel()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
resume_path = os.path.join(MODEL_SAVE_ROOT_PATH, 'bn_resume.pth')

first_run = train.fit(train_loader, test_loader, model, loss_fn, optimizer, 4,
                      save_best_model=True, save_model_path=resume_path, early_stopping=False,
                      device=device, mode='multi', lr_scheduler=scheduler)

# %% [markdown]
# 이제 kernel을 새로 시작했다고 생각하자: 메모리에는 아무것도 없고 파일만 남아 있다.
# 모델, optimizer, scheduler를 **처음과 같은 설정으로 새로 만든 뒤** 상태를 파일에서 채운다.

# %%
model = models.BNModel()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)

ckpt = checkpoint.load_checkpoint(resume_path, model, optimizer, scheduler)
previous = train.History.from_dict(ckpt['extra']['history'])

print('이어서 시작할 epoch :', ckpt['epoch'] + 1)
print('불러온 learning rate:', optimizer.param_groups[0]['lr'])
print('이전 기록 epoch 수  :', previous.epochs_run)

# %%
resumed = train.fit(train_loader, test_loader, model, loss_fn, optimizer, 4,
                    save_best_model=True, save_model_path=resume_path, early_stopping=False,
                    device=device, mode='multi', lr_scheduler=scheduler, history=previous)

# %% [markdown]
# epoch 번호와 learning rate가 끊긴 곳에서 이어진다. `history=previous`를 넘겼으므로 곡선도 이어진다.

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout='constrained')
plots.plot_history(resumed, axes=axes, title='resumed')
for ax in axes:
    ax.axvline(previous.epochs_run + 0.5, color='purple', ls='--', label='resume')
    ax.legend()
plt.show()

print('epoch별 learning rate:', [f'{lr:.2e}' for lr in resumed.lr])

# %% [markdown]
# ## 5. 왜 모델 전체를 pickle로 저장하지 않는가
#
# 원래 자료는 `torch.save(model, path)`로 **모델 객체 전체**를 저장했다. 이 방식은 Python pickle을 쓴다.
#
# - **보안**: pickle 파일은 불러오는 순간 그 안에 적힌 임의의 코드를 실행할 수 있다.
#   인터넷에서 받은 `.pth` 파일 하나로 컴퓨터가 위험해질 수 있다.
# - **PyTorch 2.6부터** `torch.load`의 기본값이 `weights_only=True`로 바뀌어, 모델 전체를 pickle한 파일은 기본 설정으로 열리지 않는다.
# - **호환성**: pickle은 클래스의 위치(모듈 경로)까지 저장하므로, 코드 구조가 바뀌면 열 수 없게 된다.
#
# 그래서 이 강좌는 `state_dict`(이름 → tensor)와 숫자, 문자열만 저장하고, 항상 `weights_only=True`로 읽는다.
# 모델 객체 전체를 저장한 파일을 `checkpoint.load_checkpoint`로 열면 어떻게 되는지 보자.

# %%
whole_path = os.path.join(MODEL_SAVE_ROOT_PATH, 'whole_model.pth')
torch.save(fresh_model, whole_path)   # 원래 자료의 방식: 이렇게 저장하지 말 것

try:
    checkpoint.load_checkpoint(whole_path, models.BNModel())
except checkpoint.CheckpointError as err:
    print('불러오기 거부:\n', err)

# %% [markdown]
# ## 관찰 포인트
#
# - Early stopping은 validation loss가 `patience` epoch 연속 최저를 갱신하지 못하면 멈춘다. 멈춘 시점의 모델이 아니라
#   **best epoch에 저장한 checkpoint**가 최종 모델이다.
# - 저장된 checkpoint를 새 모델에 불러 평가하면 best epoch의 validation accuracy가 그대로 재현된다.
# - checkpoint에 optimizer/scheduler 상태와 epoch, History를 함께 저장하면 학습을 끊긴 곳에서 이어 갈 수 있다.
# - 모델 전체를 pickle하지 말고 `state_dict`를 저장하고 `weights_only=True`로 읽는다.
#
# ## 연습 문제
#
# 1. `PATIENCE`를 1, 5, 10으로 바꿔 보자. 멈추는 epoch과 best val acc가 어떻게 달라지는가? patience가 너무 작을 때의 위험은?
# 2. `train.fit(..., restore_best=True)`로 학습한 뒤 `bn_model`을 바로 평가해, 불러온 best model과 결과가 같은지 확인하라.
# 3. DropoutModel로 같은 실험을 하라. BNModel보다 늦게 멈추는가? 그 이유를 02 노트북의 관찰과 연결해 설명하라.
# 4. 4절에서 optimizer 상태를 불러오지 않고(`checkpoint.load_checkpoint(resume_path, model)`만) 이어서 학습하면
#    처음 몇 epoch의 loss가 어떻게 달라지는가? Adam의 상태가 왜 중요한지 생각해 보자.
