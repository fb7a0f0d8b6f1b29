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
# # 06. 전체 비교: 어떤 기법이 무엇을 얻고 무엇을 치렀나
#
# **목표**: 지금까지 배운 기법(모델 크기, Dropout, Batch Normalization, Learning rate decay)을
# **같은 seed, 같은 예산**(10 epoch, Adam lr=0.001, batch 200, 같은 데이터)으로 나란히 학습시키고,
# 하나의 표와 겹쳐 그린 곡선으로 비교한다. 표의 숫자는 모두 `History`에서 계산한다.
#
# **Goal**: train every technique of the course side by side under one seed and one budget
# (10 epochs, Adam lr=0.001, batch 200, same data), and compare them in one table built from the
# `History` objects and in overlaid curves.

# %%
import time

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from IPython.display import Markdown, display

from course_lib import data, models, plots, report, settings, train

settings.seed_everything(42)
device = settings.get_device()   # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = 'models'

train_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, True)
test_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, False)

# %% [markdown]
# ## 1. 실험 목록
#
# | 이름 | 모델 | 추가 기법 |
# |---|---|---|
# | small | `SmallSizeModel` (Linear 1층) | - |
# | big | `BigSizeModel` (Linear+ReLU 6층) | - |
# | dropout | `DropoutModel(0.5)` | Dropout |
# | bn | `BNModel` | Batch Normalization |
# | bn + cosine | `BNModel` | + `CosineAnnealingLR` (Learning rate decay) |
# | bn + dropout + cosine | 아래에서 정의 | Batch Normalization + Dropout(0.2) + `CosineAnnealingLR` |
#
# 마지막 실험은 원래 자료가 권하는 순서 **Linear → BatchNorm → Activation → Dropout**을 그대로 쌓은 조합이다.
# Dropout 비율은 BN과 함께 쓰므로 0.5 대신 0.2로 낮췄다.

# %%
def bn_dropout_model(drop_rate: float = 0.2) -> nn.Module:
    """Linear → BatchNorm1d → ReLU → Dropout block 3개 + 출력층 (784-256-128-64-10)."""
    def block(n_in, n_out):
        return nn.Sequential(nn.Linear(n_in, n_out), nn.BatchNorm1d(n_out), nn.ReLU(), nn.Dropout(drop_rate))
    return nn.Sequential(nn.Flatten(), block(784, 256), block(256, 128), block(128, 64), nn.Linear(64, 10))


def cosine(optimizer):
    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=N_EPOCH, eta_min=1e-5)


# (이름, 모델을 만드는 함수, scheduler를 만드는 함수 또는 None)
EXPERIMENTS = [
    ('small', models.SmallSizeModel, None),
    ('big', models.BigSizeModel, None),
    ('dropout', models.DropoutModel, None),
    ('bn', models.BNModel, None),
    ('bn + cosine', models.BNModel, cosine),
    ('bn + dropout + cosine', bn_dropout_model, cosine),
]

# %% [markdown]
# 실험마다 학습되는 파라미터 수와 scheduler를 확인해 두자.

# %%
# NBVAL_CHECK_OUTPUT
for name, make_model, make_scheduler in EXPERIMENTS:
    n_params = models.count_parameters(make_model())
    print(f"{name:<22} {n_params:>10,} params | scheduler: {'CosineAnnealingLR' if make_scheduler else '-'}")

# %% [markdown]
# ## 2. 같은 조건으로 학습
#
# 모든 실험이 같은 예산을 쓰도록 `early_stopping=False`로 10 epoch을 모두 돌리고,
# best model(validation loss 최저)은 실험마다 다른 파일로 저장한다.
# 각 실험 직전에 `seed_everything(42)`를 불러 초기 가중치와 데이터 순서의 출발점을 맞춘다.
# (BigSizeModel이 가장 오래 걸린다.)

# %%
histories = {}
for name, make_model, make_scheduler in EXPERIMENTS:
    print(f'### {name}')
    settings.seed_everything(42)
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    scheduler = make_scheduler(optimizer) if make_scheduler else None
    histories[name] = train.fit(
        train_loader, test_loader, model, nn.CrossEntropyLoss(), optimizer, N_EPOCH,
        save_best_model=True,
        save_model_path=f"{MODEL_SAVE_ROOT_PATH}/compare_{name.replace(' + ', '_')}.pth",
        early_stopping=False, device=device, mode='multi', lr_scheduler=scheduler)

# %% [markdown]
# ## 3. 비교표
#
# `report.comparison_table()`이 `History`들에서 바로 만든 표다 (손으로 옮겨 적은 숫자가 없다).
#
# - **params**: 학습되는 파라미터 수
# - **best val acc (epoch)**: validation loss가 가장 낮았던 epoch(= 저장된 best model)의 validation accuracy
# - **final val acc**: 마지막 epoch의 validation accuracy
# - **train-val gap**: 마지막 epoch의 train accuracy − validation accuracy (eval mode로 잰 값, 클수록 overfitting)
# - **time (s)**: 학습 + 매 epoch 평가에 걸린 시간

# %%
table = report.comparison_table(histories)
display(Markdown(table))

# %% [markdown]
# ## 4. 곡선 겹쳐 보기

# %%
fig_acc, ax = plt.subplots(figsize=(9, 4.5), layout='constrained')
plots.compare_histories(histories, metric='val_acc', ax=ax, title='Validation accuracy (same seed, 10 epochs)')
ax.set_ylim(0.90, 1.0)
plt.show()

# %%
fig_loss, ax = plt.subplots(figsize=(9, 4.5), layout='constrained')
plots.compare_histories(histories, metric='val_loss', ax=ax, title='Validation loss (same seed, 10 epochs)')
ax.set_ylim(0, 0.4)
plt.show()

# %%
fig_gap, ax = plt.subplots(figsize=(9, 4.5), layout='constrained')
plots.compare_histories(histories, metric='gap', ax=ax, title='Generalization gap (eval-mode accuracies)')
plt.show()

# %% [markdown]
# 결과(표와 그림)를 저장소의 `results/` 폴더에 저장한다. `make course`가 이 파일로 `results/summary.md`를 만든다.
# (smoke mode에서는 실제 결과를 덮어쓰지 않도록 저장하지 않는다.)

# %%
results_folder = report.save_results(histories, figures={'val_acc': fig_acc, 'val_loss': fig_loss, 'gap': fig_gap})

# %% [markdown]
# ## 5. 무엇을 얻고 무엇을 치렀나
#
# 아래 숫자는 모두 위의 `histories`에서 계산한다. 기준은 같은 예산의 다른 실험이다.

# %%
h = histories


def pts(x):
    """accuracy 차이를 %p(퍼센트 포인트)로."""
    return f'{100 * x:+.2f}%p'


def per_epoch(name):
    return h[name].total_time / h[name].epochs_run


print('[모델 크기] small → big')
print(f'  best val acc {pts(h["big"].best_val_acc - h["small"].best_val_acc)}, '
      f'파라미터 {h["big"].n_params / h["small"].n_params:.0f}배, epoch당 시간 {per_epoch("big") / per_epoch("small"):.0f}배')
print(f'  gap: small {pts(h["small"].gap[-1])}, big {pts(h["big"].gap[-1])}')
after = ('그 뒤로는 validation loss가 다시 오름' if h["big"].best_epoch < h["big"].epochs_run
         else '마지막 epoch까지 내려감')
print(f'  big의 validation loss 최저 epoch: {h["big"].best_epoch}/{h["big"].epochs_run} ({after})')

print('[Dropout] big → dropout')
print(f'  gap: big {pts(h["big"].gap[-1])} → dropout {pts(h["dropout"].gap[-1])}, '
      f'epoch 1 val acc: big {h["big"].val_acc[0]:.4f}, dropout {h["dropout"].val_acc[0]:.4f}')

print('[Batch Normalization] dropout → bn')
print(f'  epoch 1 val acc: dropout {h["dropout"].val_acc[0]:.4f}, bn {h["bn"].val_acc[0]:.4f} | '
      f'best val acc {pts(h["bn"].best_val_acc - h["dropout"].best_val_acc)} | '
      f'파라미터 bn {h["bn"].n_params:,} vs big {h["big"].n_params:,}')

print('[Learning rate decay] bn → bn + cosine')
print(f'  best val acc {pts(h["bn + cosine"].best_val_acc - h["bn"].best_val_acc)}, '
      f'최저 val loss {h["bn"].best_val_loss:.4f} → {h["bn + cosine"].best_val_loss:.4f}, '
      f'마지막 lr {h["bn + cosine"].lr[-1]:.1e}')

print('[조합] bn + cosine → bn + dropout + cosine')
print(f'  best val acc {pts(h["bn + dropout + cosine"].best_val_acc - h["bn + cosine"].best_val_acc)}, '
      f'gap {pts(h["bn + cosine"].gap[-1])} → '
      f'{pts(h["bn + dropout + cosine"].gap[-1])}')

best_name = max(h, key=lambda k: h[k].best_val_acc)
print(f'\n가장 높은 best val acc: {best_name} ({h[best_name].best_val_acc:.4f}, epoch {h[best_name].best_epoch})')

# %% [markdown]
# 읽는 법 (위에 출력된 숫자와 표를 함께 보자):
#
# - **모델 크기**: 층과 파라미터를 늘리면 표현력이 커져 정확도가 크게 오른다(underfitting 해소).
#   대가는 파라미터 수와 계산 시간이고, 같은 10 epoch 안에서도 validation loss가 최저점을 지나
#   다시 오르며 train-val gap이 벌어진다(overfitting의 시작).
# - **Dropout**: 같은 조건에서 gap을 줄인다. 대가는 느린 수렴이다: 초반 epoch의 정확도가 낮고,
#   짧은 예산에서는 최종 정확도가 꼭 더 높지는 않다.
# - **Batch Normalization**: 각 층의 입력 분포를 정규화해 학습이 빠르고 안정적이다. 첫 epoch부터 정확도가 높고,
#   BigSizeModel보다 훨씬 적은 파라미터로 비슷하거나 더 높은 정확도에 도달한다. 대신 train-val gap은 커지기 쉽다.
# - **Learning rate decay**: 후반에 learning rate를 줄이면 최저점 근처에서 덜 흔들려 validation loss가 안정된다.
#   얻는 폭은 작지만 비용은 거의 없다(계산량 동일).
# - **조합**: 기법들은 서로 다른 문제를 다루므로 함께 쓸 수 있다. Dropout을 더하면 gap이 줄어드는지,
#   그 대가로 정확도나 수렴 속도를 잃는지 표에서 확인하자.
#
# seed 하나, 10 epoch 한 번의 결과이므로 0.1~0.2%p 정도의 차이는 seed에 따라 뒤집힐 수 있는 잡음 수준이다.
#
# ## 연습 문제
#
# 1. `settings.seed_everything(42)`의 42를 다른 값(예: 0, 1)으로 바꿔 표를 다시 만들어 보자. 순위가 바뀌는 실험은 어느 것인가?
#    어느 정도의 차이부터 "의미 있는 차이"라고 말할 수 있을까?
# 2. `N_EPOCH = 30`, `early_stopping=True, patience=3`으로 바꿔 같은 비교를 하라. 어떤 실험이 가장 먼저 멈추는가? 그 이유는?
# 3. 여섯 번째 실험의 Dropout 비율을 0.1, 0.3, 0.5로 바꿔 보고 best val acc와 gap이 어떻게 변하는지 표로 비교하라.
# 4. BigSizeModel에 BatchNorm1d를 넣은 모델을 직접 정의해 표에 추가하라. 파라미터는 얼마나 늘고, 얻는 것은 무엇인가?
