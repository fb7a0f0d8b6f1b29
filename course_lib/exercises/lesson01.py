"""01 노트북(모델 크기와 성능)의 연습 문제 검사: ``q1`` ... ``q4``.

``from course_lib.exercises.lesson01 import q1, q2, q3, q4`` 로 불러와 ``q1.check(...)``, ``q1.hint()``,
``q1.solution()`` 을 부른다. 풀이 코드는 ``notebooks/solutions/01_model_capacity_solutions.py`` 와 같다.

학습이 필요한 문제(1, 2, 4)는 정확도 기준을 두지 않는다 (smoke mode와 full mode에서 값이 다르다). 대신 만든 결과물이
비교할 수 있는 방법으로 나왔는지를 본다: 같은 모델, 같은 epoch 수, seed마다 새 모델, early stopping 없음, 같은 learning
rate, validation과 겹치지 않는 train 이미지.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn as nn

from course_lib import checkpoint, settings
from course_lib.history import History

from ._core import Exercise, call, is_blank, not_attempted, own_rng, wrong

__all__ = ["q1", "q2", "q3", "q4"]

LR = 0.001
SWEEP_EPOCHS = 5
N_SEEDS = 3


def _leaves(model: nn.Module) -> list[nn.Module]:
    """자식이 없는 층들을 순서대로 (Sequential 같은 묶음은 풀어서)."""
    return [m for m in model.modules() if not list(m.children())]


def _check_history(h: History, n_params: int, epochs: int, what: str) -> None:
    """History 하나가 정해진 방법(모델 크기, epoch 수, early stopping 없음, learning rate)으로 학습되었는가."""
    if h.n_params != n_params:
        wrong(
            "wrong_model",
            f"{what}의 모델은 파라미터가 {h.n_params:,}개입니다: {n_params:,}개인 모델을 학습해야 합니다.",
        )
    if h.epochs_requested != epochs:
        wrong(
            "epochs",
            f"{what}의 학습이 {h.epochs_requested} epoch이었습니다: 비교하려는 run과 같은 {epochs} epoch이어야 합니다.",
        )
    if h.stop_reason == "early_stopping" or h.epochs_run < settings.effective_epochs(epochs, notice=None):
        wrong(
            "stopped_early",
            f"{what}의 학습이 {h.epochs_run} epoch에서 멈췄습니다 (멈춘 이유: {h.stop_reason}). fit의 early_stopping은 "
            "기본값이 True이므로 early_stopping=False를 주어 모든 run이 같은 학습량을 갖게 하세요.",
        )
    if not math.isclose(h.lr[0], LR, rel_tol=1e-9):
        wrong("lr", f"{what}의 learning rate가 {h.lr[0]:g}입니다: 노트북과 같은 Adam(lr={LR:g})을 쓰세요.")


def _check_seed_runs(runs: Any, n_params: int, epochs: int) -> None:
    """seed 0·1·2로 한 번씩, 같은 방법으로 학습한 History 목록인가."""
    if isinstance(runs, History):
        wrong(
            "one_run",
            f"History가 하나뿐입니다: seed {N_SEEDS}개(0, 1, 2)로 한 번씩 학습한 History {N_SEEDS}개의 목록이어야 "
            "seed 간 흔들림(표준편차)을 볼 수 있습니다.",
        )
    if not isinstance(runs, Sequence) or not all(isinstance(h, History) for h in runs):
        wrong("not_histories", f"train.fit이 돌려준 History들의 목록이어야 하는데 {type(runs).__name__}입니다.")
    if len(runs) != N_SEEDS:
        wrong("seeds", f"run이 {len(runs)}개입니다: sweep처럼 seed {N_SEEDS}개(0, 1, 2)로 한 번씩 학습하세요.")
    for i, h in enumerate(runs):
        _check_history(h, n_params, epochs, f"{i + 1}번째 run")
    for i, h in enumerate(runs):
        for g in runs[:i]:
            if h.train_loss == g.train_loss and h.val_loss == g.val_loss:
                wrong(
                    "same_seed",
                    "두 run의 기록이 똑같습니다: 같은 seed로 두 번 학습했거나 같은 History를 두 번 넣었습니다. "
                    "run마다 settings.seed_everything(seed)를 부르고 새 모델과 optimizer를 만드세요.",
                )
    first = runs[0]
    for h in runs[1:]:
        if h.train_loss[0] < min(first.train_loss):
            wrong(
                "not_fresh",
                "뒤의 run이 첫 epoch부터 첫 run의 마지막보다 train loss가 낮습니다: 이미 학습한 모델을 이어서 "
                "학습했습니다. seed마다 모델을 새로 만드세요 (make_model()을 loop 안에서 부른다).",
            )


# ---------------------------------------------------------------- q1: 중간 크기 모델 (nn.Sequential)

MID_PARAMS = (784 * 128 + 128) + (128 * 10 + 10)  # 101,770


def _check_mid_model(make_mid_model: Any) -> None:
    if isinstance(make_mid_model, nn.Module):
        model = make_mid_model
    else:
        with own_rng():  # 모델을 만들며 쓰는 난수가 학습자의 난수 상태를 바꾸지 않게
            model = call(make_mid_model)
    if is_blank(model):
        not_attempted()
    if not isinstance(model, nn.Module):
        wrong("not_module", f"make_mid_model()은 모델(nn.Module)을 돌려줘야 하는데 {type(model).__name__}입니다.")
    leaves = _leaves(model)
    kinds = [type(m) for m in leaves]
    if any(k in (nn.Softmax, nn.LogSoftmax) for k in kinds):
        wrong(
            "softmax",
            "모델 끝에 Softmax가 있습니다: nn.CrossEntropyLoss가 안에서 log-softmax를 하므로 "
            "모델은 logit을 내야 합니다. softmax를 두 번 거치면 학습이 느려집니다 (00 노트북 9절).",
        )
    linears = [m for m in leaves if isinstance(m, nn.Linear)]
    if nn.Flatten not in kinds:
        wrong(
            "no_flatten",
            "Flatten이 없습니다: 이미지 (B, 1, 28, 28)를 Linear에 넣으려면 먼저 (B, 784)로 펴야 합니다 (nn.Flatten()).",
        )
    if len(linears) != 2 or [(m.in_features, m.out_features) for m in linears] != [(784, 128), (128, 10)]:
        shapes = ", ".join(f"Linear({m.in_features}, {m.out_features})" for m in linears) or "없음"
        wrong("layers", f"Linear 층이 {shapes}입니다: Linear(784, 128)과 Linear(128, 10) 두 개여야 합니다.")
    if nn.ReLU not in kinds:
        wrong(
            "no_relu",
            "ReLU가 없습니다: 활성화 함수 없이 Linear 두 개를 이으면 W2(W1·x + b1) + b2도 Linear 하나와 같은 함수라, "
            "capacity가 SmallSizeModel과 다르지 않습니다. 두 Linear 사이에 nn.ReLU()를 넣으세요.",
        )
    if kinds[-1] is not nn.Linear:
        wrong(
            "relu_last",
            "마지막 층이 출력층 Linear(128, 10)가 아닙니다: 출력 뒤의 ReLU는 음수 logit을 모두 0으로 잘라 버립니다. "
            "ReLU는 두 Linear 사이에만 둡니다.",
        )
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    if n_params != MID_PARAMS:
        wrong("params", f"파라미터가 {n_params:,}개입니다: (784×128 + 128) + (128×10 + 10) = {MID_PARAMS:,}개입니다.")
    with torch.no_grad():
        out = call(model, torch.zeros(2, 1, 28, 28, device=next(model.parameters()).device))
    if tuple(out.shape) != (2, 10):
        wrong("output_shape", f"이미지 2장의 출력 모양이 {tuple(out.shape)}입니다: (2, 10)이어야 합니다.")


def _check_q1(make_mid_model: Any, mid_runs: Any = None) -> None:
    _check_mid_model(make_mid_model)
    if is_blank(mid_runs):
        not_attempted(
            f"모델은 맞습니다 ({MID_PARAMS:,} params). 이제 mid_runs: 6절 sweep과 같은 방법(5 epoch, seed 0·1·2)으로 "
            "학습한 History 3개의 목록을 만드세요."
        )
    _check_seed_runs(mid_runs, MID_PARAMS, SWEEP_EPOCHS)


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        """
        파라미터 수는 (784×128 + 128) + (128×10 + 10)이다. 학습 루프는 6절의 sweep 셀에서 `models.MLP(hidden=hidden)`
        자리만 바꾸면 된다. 표와 같은 형식으로 `report.fmt_mean_std`로 평균 ± 표준편차를 출력하자.
        """,
        """
        모델: `nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))`. 출력층 뒤에는 아무것도
        붙이지 않는다 (logit을 그대로 내고, softmax는 CrossEntropyLoss가 한다).
        """,
        """
        학습: `for seed in SEEDS:` 안에서 `settings.seed_everything(seed)`, 새 모델(`make_mid_model()`)과 새
        `torch.optim.Adam(model.parameters(), lr=LR)`을 만들고 `train.fit(train_loader, val_loader, model, loss_fn,
        optimizer, N_SWEEP_EPOCH, save_best_model=False, early_stopping=False, device=device, verbose=False)`의 결과를
        목록에 모은다.
        """,
    ],
    solution="""
        ```python
        def make_mid_model():
            return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        ```

        6절의 sweep과 같은 방법(seed마다 새 모델과 optimizer, 5 epoch, early stopping 없음):

        ```python
        def run_seeds(make_model, loader, epochs=N_SWEEP_EPOCH):
            \"\"\"01 노트북의 sweep과 같은 방법으로 seed마다 학습하고 History 목록을 돌려준다.\"\"\"
            runs = []
            for seed in SEEDS:
                settings.seed_everything(seed)
                model = make_model()
                optimizer = torch.optim.Adam(model.parameters(), lr=LR)
                runs.append(
                    train.fit(
                        loader,
                        val_loader,
                        model,
                        loss_fn,
                        optimizer,
                        epochs,
                        save_best_model=False,
                        early_stopping=False,
                        device=device,
                        verbose=False,
                    )
                )
            return runs
        ```

        ```python
        mid_runs = run_seeds(make_mid_model, train_loader)
        ```

        101,770 params. 저장된 full mode run에서 validation accuracy 0.9593 ± 0.0008, gap +0.0138 ± 0.0014로,
        sweep 표의 `(64,)`와 `(256,)` 행 사이에 온다 (이 모델은 `MLP(hidden=(128,))`과 같은 구조다).
    """,
    correct=(
        f"{MID_PARAMS:,} params, sweep과 같은 방법(5 epoch, seed 3개, early stopping 없음)으로 학습했습니다. "
        "표의 (64,)·(256,) 행과 비교하세요."
    ),
)


# ---------------------------------------------------------------- q2: SmallSizeModel을 30 epoch

SMALL_PARAMS = 784 * 10 + 10  # 7,850


def _check_q2(small30: Any, control: Any = None) -> None:
    if is_blank(small30):
        not_attempted()
    if isinstance(small30, Sequence) and small30 and isinstance(small30[0], list):
        wrong(
            "unpacked",
            "History를 풀어 둔 리스트를 넘겼습니다: train.fit이 돌려준 History를 그대로 넘기세요 "
            "(small30 = train.fit(...)).",
        )
    if not isinstance(small30, History):
        wrong("not_history", f"train.fit이 돌려준 History를 넘겨야 하는데 {type(small30).__name__}입니다.")
    _check_history(small30, SMALL_PARAMS, 30, "small30")
    if isinstance(control, History) and small30.train_loss[0] < min(control.train_loss):
        wrong(
            "not_fresh",
            "첫 epoch부터 train loss가 2절 run의 마지막보다 낮습니다: 2절에서 이미 10 epoch 학습한 small_model을 "
            "이어서 학습했습니다. settings.seed_everything(0) 뒤 새 SmallSizeModel()과 새 optimizer로 "
            "처음부터 학습하세요.",
        )


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        """
        `settings.seed_everything(0)` 후 새 `SmallSizeModel()`을 만들고 `train.fit(..., 30, save_best_model=False,
        early_stopping=False)`로 학습한다. `h.val_acc[9]`(10번째 epoch)과 `h.val_acc[-1]`을 비교하고, 그 차이를
        sweep 표의 `()` 행의 표준편차(seed 간 흔들림)와 견주어 보라.
        """,
        """
        2절의 `small_model`은 이미 10 epoch 학습되었으니 이어서 학습하지 말고 새로 만든다 (optimizer도 새로).
        `early_stopping=False`를 빠뜨리면 기본값(True, patience 10)이라 30 epoch 전에 멈출 수 있다.
        그림은 `plots.plot_history(small30)`.
        """,
    ],
    solution="""
        ```python
        settings.seed_everything(0)
        small_model = models.SmallSizeModel()
        optimizer = torch.optim.Adam(small_model.parameters(), lr=LR)
        small30 = train.fit(
            train_loader,
            val_loader,
            small_model,
            loss_fn,
            optimizer,
            30,
            save_best_model=False,
            early_stopping=False,
            device=device,
            verbose=False,
        )
        ```

        저장된 full mode run에서 validation accuracy는 epoch 10의 0.9192에서 epoch 30의 0.9236으로 약 0.004 올랐다
        (sweep 표 `()` 행의 seed 표준편차 0.001의 네 배쯤: 아주 조금 좋아졌지만, 20 epoch을 더 쓴 것치고는 작다).
        validation loss가 epoch 20 무렵부터 평평해진 뒤에도 train loss는 조금씩 내려가 두 loss 곡선의 간격이 천천히
        벌어지고, accuracy의 gap도 0.0067에서 0.0108로 조금 커진다. 학습이 train set 쪽으로 조금 더 맞춰진다는
        뜻이지만, validation loss는 평평해질 뿐 다시 오르지 않으므로(최저 epoch 29) 1절에서 정한 overfitting의
        신호(validation loss 상승)는 아니다. train accuracy도 0.934에 머문다: 학습량이 아니라 capacity가 한계인
        underfitting이다.
    """,
    correct=(
        "새 SmallSizeModel을 early stopping 없이 30 epoch 학습한 기록입니다. val_acc[9](epoch 10)와 "
        "val_acc[-1]의 차이를 sweep 표 () 행의 표준편차와 견주어 보세요."
    ),
)


# ---------------------------------------------------------------- q3: best checkpoint를 다시 평가하기


def _check_q3(best_epoch: Any, restored: Any, restored_val_acc: Any, history: Any) -> None:
    if is_blank(best_epoch):
        not_attempted()
    losses, accs = history.val_loss, history.val_acc
    lowest = min(range(len(losses)), key=losses.__getitem__) + 1  # validation loss 최저 epoch (1부터)
    highest = max(range(len(accs)), key=accs.__getitem__) + 1
    if best_epoch != lowest:
        if best_epoch == highest:
            wrong(
                "max_acc",
                f"{best_epoch}번째 epoch은 validation accuracy가 가장 높은 epoch입니다: best epoch은 validation loss가 "
                "가장 낮은 epoch입니다 (체크포인트도 그때 저장된다).",
            )
        if best_epoch == lowest - 1:
            wrong(
                "zero_based",
                f"{best_epoch}번째는 0부터 센 번호입니다: epoch은 1부터 셉니다 "
                "(argmin의 결과 + 1, 또는 history.best_epoch).",
            )
        wrong(
            "epoch",
            f"{best_epoch!r}번째 epoch은 best epoch이 아닙니다: validation loss가 가장 낮은 epoch은 몇 번째인가요?",
        )
    if is_blank(restored):
        not_attempted(
            f"best epoch이 {lowest}번째인 것은 맞습니다. 이제 restored: best checkpoint를 새 모델에 불러오세요."
        )
    if not isinstance(restored, nn.Module):
        wrong("not_module", f"restored는 모델(nn.Module)이어야 하는데 {type(restored).__name__}입니다.")
    if not history.checkpoint_path:
        wrong(
            "no_checkpoint",
            "이 History에는 best checkpoint가 없습니다: save_best_model=True로 학습한 History(big_history)를 넘기세요.",
        )
    ckpt = call(checkpoint.load_checkpoint, history.checkpoint_path)
    if ckpt["model_class"] and ckpt["model_class"] != type(restored).__name__:
        wrong(
            "wrong_class",
            f"restored는 {type(restored).__name__}인데 checkpoint는 {ckpt['model_class']} 모델의 것입니다: "
            f"새 {ckpt['model_class']}()에 불러오세요.",
        )
    own, saved = restored.state_dict(), ckpt["model_state"]
    if set(own) != set(saved) or not all(torch.equal(own[k].detach().cpu(), saved[k]) for k in saved):
        wrong(
            "not_loaded",
            "restored의 가중치가 best checkpoint와 다릅니다: 학습을 마친 모델(마지막 epoch의 가중치)을 그대로 썼거나 "
            "load_checkpoint를 부르지 않은 새 모델입니다. checkpoint.load_checkpoint(경로, 새 모델)로 불러오세요.",
        )
    if is_blank(restored_val_acc):
        not_attempted("모델은 best checkpoint를 불러왔습니다. 이제 restored_val_acc: validation set에서 평가하세요.")
    if isinstance(restored_val_acc, tuple | list) and len(restored_val_acc) == 2:
        restored_val_acc = restored_val_acc[1]  # train.evaluate의 (loss, accuracy)를 그대로 넘겨도 된다
    try:
        acc = float(restored_val_acc)
    except (TypeError, ValueError, RuntimeError):
        wrong("not_number", f"restored_val_acc는 accuracy 숫자여야 하는데 {restored_val_acc!r}입니다.")
    if acc > 1:
        wrong(
            "loss_not_acc",
            f"{acc:.4f}는 accuracy(0~1)가 아닙니다: train.evaluate는 (loss, accuracy) 순서로 돌려줍니다.",
        )
    if math.isclose(acc, history.best_val_acc, abs_tol=1e-9):
        return
    if math.isclose(acc, accs[-1], abs_tol=1e-9):
        wrong(
            "last_epoch",
            "마지막 epoch의 val acc와 같은 값입니다: 불러온 restored가 아니라 학습을 마친 모델을 평가했습니다.",
        )
    wrong(
        "mismatch",
        f"{acc:.4f}는 best epoch의 val acc({history.best_val_acc:.4f})와 다릅니다: "
        "restored를 validation set(val_loader)으로, 학습 때와 같은 autocast(autocast_dtype=AUTOCAST)로 "
        "평가했는지 확인하세요. test set은 여기서 쓰지 않습니다.",
    )


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        """
        `checkpoint.load_checkpoint('models/big_model.pth', model)`은 가중치를 **CPU로** 읽는다
        (`map_location='cpu'`). GPU(CUDA/MPS)에서 실행 중이면 그대로 평가할 때 데이터는 GPU, 모델은 CPU에 있어
        오류가 난다. 불러온 뒤 `model = model.to(device)`로 옮기고
        `train.evaluate(val_loader, model, loss_fn, device=device, autocast_dtype=AUTOCAST)`로 평가하라.
        학습 때와 같은 autocast를 줘야 숫자가 똑같이 나온다. best epoch은 `big_history.best_epoch`에 있다.
        """,
        """
        best epoch은 validation **loss**가 가장 낮은 epoch이다 (accuracy가 가장 높은 epoch과 다를 수 있다).
        epoch은 1부터 센다. 체크포인트 경로는 `big_history.checkpoint_path`에도 있다.
        """,
    ],
    solution="""
        풀이 노트북은 BigSizeModel을 다시 학습하는 대신 같은 절차를 더 작은 모델 `MLP(hidden=(256,))`으로 보인다
        (train 2,000장으로 15 epoch 학습해 best epoch 12가 마지막 epoch과 다르다. 학습한 History가 `hist`,
        체크포인트 경로는 `hist.checkpoint_path`):

        ```python
        best_epoch = hist.best_epoch  # validation loss가 가장 낮았던 epoch (1부터)
        restored = models.MLP(hidden=(256,))
        checkpoint.load_checkpoint(hist.checkpoint_path, restored)  # 가중치는 CPU로 읽힌다 (map_location='cpu')
        restored = restored.to(device)  # 빠뜨리면 GPU(CUDA/MPS)에서 "tensors on different devices" 오류
        val_loss, val_acc = train.evaluate(val_loader, restored, loss_fn, device=device)
        ```

        01 노트북에서는 `hist` 대신 `big_history`, `models.MLP(hidden=(256,))` 대신 `models.BigSizeModel()`로 하고,
        평가에 학습 때와 같은 autocast(`autocast_dtype=AUTOCAST`)를 준다. 불러온 모델의 val acc는 `best_val_acc`,
        곧 best epoch(최저 val loss)의 val acc와 같다 (저장된 run에서는 best epoch이 9라 0.9784로, 마지막 epoch 10의
        val acc 0.9764와 다르다).
        test set은 여기서도 쓰지 않는다.
    """,
    correct="best checkpoint를 불러온 모델의 validation accuracy가 best_val_acc(best epoch의 val acc)와 같습니다.",
)


# ---------------------------------------------------------------- q4: train set을 5,000장으로 줄이기

MLP256_PARAMS = (784 * 256 + 256) + (256 * 10 + 10)  # 203,530
SMALL_TRAIN = 5000


def _image_keys(images: torch.Tensor) -> set[bytes]:
    """이미지마다 픽셀(0~255 정수로 되돌린 값)의 bytes: 두 set에 같은 이미지가 있는지 본다."""
    pixels = (images.detach().cpu().reshape(len(images), -1) * 255).round().to(torch.uint8)
    return {row.numpy().tobytes() for row in pixels}


def _check_q4(runs_5k: Any, small_train_loader: Any, val_loader: Any) -> None:
    if is_blank(small_train_loader):
        not_attempted()
    dataset = getattr(small_train_loader, "dataset", None)
    if dataset is None or not hasattr(dataset, "data"):
        wrong(
            "not_loader",
            "data.InMemoryLoader(data.TensorPairDataset(...), ...)를 넘겨야 하는데 "
            f"{type(small_train_loader).__name__}입니다.",
        )
    n = call(len, dataset)  # 학습자가 만든 Dataset: len에서 오류가 나면 "코드 오류"
    if n > SMALL_TRAIN:
        wrong("too_many", f"train 이미지가 {n:,}장입니다: 앞 {SMALL_TRAIN:,}장만 쓰세요 (ds.data[:5000]).")
    if not settings.is_smoke() and n != SMALL_TRAIN:
        wrong("size", f"train 이미지가 {n:,}장입니다: 앞 {SMALL_TRAIN:,}장을 쓰세요 (ds.data[:5000]).")
    shared = _image_keys(dataset.data) & _image_keys(val_loader.dataset.data)
    if len(shared) > n // 2:
        wrong(
            "val_in_train",
            f"train 이미지 {n:,}장 중 {len(shared):,}장이 validation 이미지입니다: val_loader.dataset이 아니라 "
            "train_loader.dataset에서 잘라야 합니다 (validation set도 5,000장이라 헷갈리기 쉽다). 학습한 이미지로 재면 "
            "validation 점수가 부풀려집니다.",
        )
    if not getattr(small_train_loader, "shuffle", True):
        wrong(
            "no_shuffle",
            "train loader가 섞지 않습니다: sweep의 train_loader처럼 shuffle=True로 만들어야 같은 방법입니다 "
            "(섞지 않으면 매 epoch 같은 순서의 batch를 봅니다).",
        )
    if getattr(small_train_loader, "batch_size", None) != 200:
        wrong(
            "batch_size",
            f"batch 크기가 {getattr(small_train_loader, 'batch_size', None)}입니다: sweep과 같은 BATCH_SIZE(200)로 "
            "만드세요. batch 크기가 다르면 epoch당 step 수와 gradient의 잡음이 달라 데이터 양의 효과와 섞입니다.",
        )
    if is_blank(runs_5k):
        not_attempted(
            "loader는 맞습니다. 이제 runs_5k: sweep과 같은 방법(5 epoch, seed 0·1·2)으로 MLP(hidden=(256,))을 "
            "이 loader로 학습한 History 3개의 목록을 만드세요."
        )
    _check_seed_runs(runs_5k, MLP256_PARAMS, SWEEP_EPOCHS)


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        """
        validation은 그대로 `val_loader`(5,000장)를 쓴다. 결과를 sweep 표의 `(256,)` 행(55,000장으로 학습)과 비교하라.
        데이터가 11배 적으므로 한 epoch의 step 수도 11배 적다는 점도 생각해 보라.
        """,
        """
        loader: `ds = train_loader.dataset` (validation이 아니라 train split에서 자른다),
        `data.InMemoryLoader(data.TensorPairDataset(ds.data[:5000], ds.targets[:5000]), BATCH_SIZE, shuffle=True)`.
        학습은 q1과 같은 방법이다: seed마다 `settings.seed_everything(seed)`, 새 `models.MLP(hidden=(256,))`, 새 Adam,
        `train.fit(small_train_loader, val_loader, ..., N_SWEEP_EPOCH, save_best_model=False,
        early_stopping=False, ...)`.
        """,
    ],
    solution="""
        q1의 `run_seeds`(sweep과 같은 방법으로 seed마다 학습)를 그대로 쓴다.

        ```python
        ds = train_loader.dataset
        small_train_loader = data.InMemoryLoader(
            data.TensorPairDataset(ds.data[:5000], ds.targets[:5000]), BATCH_SIZE, shuffle=True
        )
        print("train 이미지:", len(small_train_loader.dataset), "| batch 수:", len(small_train_loader))
        runs_5k = run_seeds(lambda: models.MLP(hidden=(256,)), small_train_loader)
        ```

        저장된 full mode run에서 validation accuracy는 0.8965 ± 0.0011로 sweep 표의 `(256,)`(0.9648 ± 0.0013)보다 크게
        낮고, gap은 +0.0405 ± 0.0032로 `(256,)`의 +0.0163 ± 0.0023의 두 배가 넘는다. 한 epoch이 25 step뿐이라 train
        accuracy(0.937)도 낮은데도 gap은 더 크다: 같은 모델이라도 외울 데이터가 적으면 overfitting이 쉽게 일어난다.
    """,
    correct=(
        "train split의 앞 5,000장(validation과 겹치지 않음), batch 200, MLP(hidden=(256,)), 5 epoch, seed 3개: "
        "sweep 표의 (256,) 행과 같은 방법입니다."
    ),
)
