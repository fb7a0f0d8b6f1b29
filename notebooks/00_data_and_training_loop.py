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
# **목표**: 이 강좌의 모든 노트북이 함께 쓰는 도구(`course_lib`)를 먼저 익힌다.
# MNIST를 불러오고, 데이터 수와 step 수를 확인하고, 이미지를 직접 보고,
# `train.fit()`이 한 epoch 동안 무엇을 하는지, loss/accuracy를 어떻게 평균 내는지 이해한다.
# 마지막으로 작은 모델을 한 번 학습시켜 본다.
#
# **Goal**: get to know `course_lib`, the shared toolkit every lesson uses: load MNIST, check dataset
# sizes and step counts, look at the images, understand what `train.fit()` does in each epoch and how
# loss/accuracy are averaged, and train a small model once.

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
# | `data` | `load_mnist_dataset()`: MNIST를 읽어 배치를 주는 loader |
# | `models` | 수업에서 쓰는 모델: `SmallSizeModel`, `BigSizeModel`, `DropoutModel`, `BNModel` |
# | `train` | `fit()`: 학습 → 평가 → scheduler → best model 저장 → early stopping |
# | `checkpoint` | 모델 저장/불러오기 (state_dict 기반) |
# | `schedules` | Learning rate 스케줄 미리 보기 |
# | `plots` | 학습 곡선, 이미지, 여러 실험 비교 그래프 |

# %%
import inspect
import os
import time

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

from course_lib import data, models, plots, settings, train

settings.seed_everything(42)
device = settings.get_device()   # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %% [markdown]
# ## 2. 하이퍼파라미터와 경로
#
# 강좌 전체에서 같은 값을 쓴다. `DATASET_ROOT_PATH`는 저장소 최상위의 `datasets/` 폴더이고,
# 학습한 모델은 이 노트북 폴더 아래 `models/`에 저장한다 (폴더는 저장할 때 자동으로 만들어진다).

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = 'models'

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
print('smoke mode:', settings.is_smoke())
print('COURSE_SMOKE =', repr(os.environ.get('COURSE_SMOKE', '')))
print('COURSE_DATA_ROOT =', repr(os.environ.get('COURSE_DATA_ROOT', '')))
# 저장소 최상위 기준 상대 경로로 보여 준다
print('데이터 폴더:', os.path.relpath(DATASET_ROOT_PATH, settings.project_root()))

raw_dir = DATASET_ROOT_PATH / 'MNIST' / 'raw'
if raw_dir.is_dir():
    for f in sorted(raw_dir.iterdir()):
        print(f'  {f.name:<26} {f.stat().st_size:>12,} bytes')
else:
    print('  (아직 MNIST/raw 폴더가 없습니다)')

# %% [markdown]
# ## 4. MNIST 불러오기
#
# `data.load_mnist_dataset(root, batch_size, is_train)`은 원래 자료의 함수와 이름, 인자가 같다.
# `is_train=True`면 train set을 섞어서(shuffle), `False`면 test set을 순서대로 준다.
# 이 강좌에서는 test set을 validation set으로 쓴다.

# %%
train_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, True)
test_loader = data.load_mnist_dataset(DATASET_ROOT_PATH, BATCH_SIZE, False)
train_loader

# %% [markdown]
# `len(loader.dataset)`은 데이터(이미지) 수, `len(loader)`는 한 epoch의 step(배치) 수다.
# full mode라면 60,000 / 200 = 300 step, 10,000 / 200 = 50 step이 된다.

# %%
# 데이터수
len(train_loader.dataset), len(test_loader.dataset)

# %%
# step 수
len(train_loader), len(test_loader)

# %% [markdown]
# 배치 하나를 꺼내 모양을 확인하자. 이미지는 `(배치, 채널, 높이, 너비)` = `(200, 1, 28, 28)`이고,
# 픽셀 값은 `ToTensor()`와 같이 0~1 사이의 float32, 레이블은 0~9의 정수(int64)다.

# %%
# NBVAL_CHECK_OUTPUT
X, y = next(iter(train_loader))
print('X:', tuple(X.shape), X.dtype)   # (B, 1, 28, 28)
print('y:', tuple(y.shape), y.dtype)   # (B,)

# %%
print('픽셀 값 범위:', X.min().item(), '~', X.max().item())
print('레이블 예:', y[:16].tolist())

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
    batch_size=200, shuffle=True)


def time_one_pass(loader):
    """loader를 한 바퀴 돌며 배치만 꺼내는 데 걸린 초."""
    start = time.perf_counter()
    n = 0
    for X, y in loader:
        n += len(y)
    return time.perf_counter() - start, n


t_tv, n_tv = time_one_pass(torchvision_loader)
t_course, n_course = time_one_pass(train_loader)
print(f'torchvision DataLoader(ToTensor): {t_tv:.3f}초 ({n_tv:,}장)')
print(f'course_lib InMemoryLoader      : {t_course:.3f}초 ({n_course:,}장)')
print(f'→ 약 {t_tv / t_course:.0f}배 빠르다')

# %% [markdown]
# 속도만 빠르고 값이 다르면 의미가 없다. 섞지 않는 test split의 첫 배치를 두 방식으로 꺼내서
# 이미지와 레이블이 완전히 같은지 확인한다.

# %%
# NBVAL_CHECK_OUTPUT
torchvision_test_loader = torch.utils.data.DataLoader(
    torchvision.datasets.MNIST(root=torchvision_root, train=False, transform=transforms.ToTensor()),
    batch_size=200, shuffle=False)

X_tv, y_tv = next(iter(torchvision_test_loader))
X_cl, y_cl = next(iter(test_loader))
print('이미지 shape:', tuple(X_tv.shape), tuple(X_cl.shape))
print('이미지 동일:', torch.equal(X_tv, X_cl))
print('레이블 동일:', torch.equal(y_tv, y_cl))

# %% [markdown]
# ## 6. `train.fit()`이 하는 일
#
# 원래 자료와 같은 방식으로 부른다:
# `train.fit(train_loader, val_loader, model, loss_fn, optimizer, epochs, save_best_model, save_model_path, early_stopping, patience, device, mode, lr_scheduler)`.
# 매 epoch 다음 순서로 진행한다.
#
# 1. **학습**: `model.train()` 상태로 train set의 모든 배치에 대해 forward → loss → backward → `optimizer.step()`.
# 2. **train set 평가**: `model.eval()` 상태로 train set 전체의 loss/accuracy를 다시 계산한다.
#    학습 중 배치 loss의 평균은 Dropout이 켜진 채로, 그리고 가중치가 계속 바뀌는 도중에 잰 값이라 정확하지 않기 때문이다.
# 3. **validation 평가**: 같은 방식으로 validation set(여기서는 test set)의 loss/accuracy.
# 4. **scheduler**: `lr_scheduler`를 주었다면 learning rate를 바꾼다 (`optimizer.step()` 다음).
# 5. **best model 저장**: `save_best_model=True`이고 validation loss가 지금까지 가장 낮으면 체크포인트를 저장한다.
# 6. **early stopping**: `early_stopping=True`이고 validation loss가 `patience` epoch 연속 좋아지지 않으면 멈춘다.
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

# %%
# NBVAL_CHECK_OUTPUT
per_sample_loss = torch.cat([torch.full((200,), 0.2),   # 첫 배치 200개: loss 0.2
                             torch.full((50,), 1.0)])   # 마지막 배치 50개: loss 1.0
batch_means = [per_sample_loss[:200].mean(), per_sample_loss[200:].mean()]

print('배치 평균들의 평균:', round(torch.stack(batch_means).mean().item(), 4))   # 마지막 50개가 200개만큼 무게를 가진다
print('샘플 평균        :', round(per_sample_loss.mean().item(), 4))             # 모든 샘플이 같은 무게

# %% [markdown]
# `train.evaluate()`(fit이 쓰는 평가 함수)가 정말 샘플 평균을 내는지, 학습 전의 모델로
# "전체 loss 합 / 샘플 수"를 직접 계산한 값과 비교해 보자.

# %%
settings.seed_everything(42)
check_model = models.SmallSizeModel()
loss_fn = nn.CrossEntropyLoss()

val_loss, val_acc = train.evaluate(test_loader, check_model, loss_fn, device='cpu', mode='multi')

# 직접 계산: 샘플별 loss를 모두 더하고(reduction='sum') 샘플 수로 나눈다
sum_loss_fn = nn.CrossEntropyLoss(reduction='sum')
total, correct, n = 0.0, 0, 0
with torch.no_grad():
    for X, y in test_loader:
        pred = check_model(X)
        total += sum_loss_fn(pred, y).item()
        correct += (pred.argmax(dim=1) == y).sum().item()
        n += len(y)

print(f'train.evaluate : loss {val_loss:.6f}, accuracy {val_acc:.4f}')
print(f'직접 계산      : loss {total / n:.6f}, accuracy {correct / n:.4f}')

# %% [markdown]
# 학습 전이므로 accuracy는 찍는 수준(클래스가 10개이니 0.1 안팎)이고, 두 방법의 값이 같다.
#
# ## 7. 짧은 학습: SmallSizeModel
#
# `Linear` 하나뿐인 가장 작은 모델로 `fit()`을 한 번 돌려 보자. 모델 정의는 `course_lib.models`에 있다.

# %%
print(inspect.getsource(models.SmallSizeModel))

# %%
settings.seed_everything(42)
small_model = models.SmallSizeModel()

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(small_model.parameters(), lr=LR)

history = train.fit(train_loader, test_loader, small_model, loss_fn, optimizer, N_EPOCH,
                    save_best_model=True,
                    save_model_path=os.path.join(MODEL_SAVE_ROOT_PATH, 'intro_small_model.pth'),
                    device=device,
                    mode='multi')

# %% [markdown]
# epoch마다 한 줄씩: train/validation의 loss와 accuracy, 그 epoch의 learning rate, 걸린 시간,
# 그리고 validation loss가 최저를 갱신해 체크포인트를 저장했는지(`best 저장`)가 나온다.
#
# `fit()`의 결과는 `History` 객체다. 원래 자료처럼 네 개의 리스트로 풀 수도 있고,
# 이름으로 꺼낼 수도 있다.

# %%
train_loss_list, train_acc_list, valid_loss_list, valid_acc_list = history   # 원래 자료 방식

print('epoch 수          :', history.epochs_run)
print('같은 리스트인가   :', valid_acc_list is history.val_acc)
print('마지막 val acc    :', f'{history.val_acc[-1]:.4f}')
print('best epoch        :', history.best_epoch, f'(val loss {history.best_val_loss:.4f})')
print('멈춘 이유         :', history.stop_reason)
print('파라미터 수       :', f'{history.n_params:,}')
print('epoch당 평균 시간 :', f'{history.total_time / history.epochs_run:.2f}초')
print('저장된 체크포인트 :', history.checkpoint_path)

# %%
plots.plot_history(history, title='SmallSizeModel')
plt.show()

# %% [markdown]
# ## 관찰 포인트
#
# - 데이터 수는 `len(loader.dataset)`, 한 epoch의 step 수는 `len(loader)`다. step 수 = 데이터 수 / 배치 크기 (올림).
# - 메모리 위 loader는 torchvision `DataLoader(ToTensor())`와 **같은 값**을 주면서, 한 장씩 변환하는 비용이 없어서 훨씬 빠르다.
# - `fit()`은 train 지표를 eval mode로 다시 계산한다. 그래서 train과 validation 곡선을 같은 조건에서 비교할 수 있다.
#   (다음 노트북들에서 overfitting과 Dropout의 효과를 볼 때 이 점이 중요하다.)
# - loss/accuracy는 샘플 평균이다. 마지막 배치가 작아도 모든 샘플이 같은 무게를 가진다.
# - `Linear` 하나뿐인 모델도 MNIST에서 꽤 높은 정확도를 내지만, 곡선이 빨리 평평해진다. 더 나아지려면 무엇이 필요할까? → 01 노트북.
#
# ## 연습 문제
#
# 1. `BATCH_SIZE`를 128로 바꾸면 `len(train_loader)`와 `len(test_loader)`는 얼마가 될까? 먼저 계산한 뒤 코드로 확인하라.
#    마지막 배치에는 몇 장이 들어가는가?
# 2. `plots.show_images()`의 `preds` 인자에 학습한 `small_model`의 예측(`small_model(X.to(device)).argmax(dim=1)`)을 넣어,
#    test set 이미지 32장의 정답과 예측을 함께 보라. 틀린 이미지는 어떤 숫자들인가? (예측 전에 `small_model.eval()`)
# 3. 시간 비교 셀에서 torchvision 방식 loader에 `num_workers=2`를 주면 얼마나 빨라지는가? 그래도 메모리 위 loader와 차이가 나는 이유는?
# 4. `train.fit(..., early_stopping=True, patience=2)`로 다시 학습하면 어떻게 되는가? `history.stop_reason`을 확인하라.
