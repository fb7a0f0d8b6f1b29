"""06 노트북(early stopping, best model, exact resume)의 연습 문제: ``q1`` ... ``q4``.

- q1: patience마다 어디서 멈추는지 계산하는 함수 (``train.EarlyStopping`` 과 같은 규칙인지, 손으로 센 답과 비교)
- q2: ``restore_best=True`` 로 되돌린 모델이 best epoch의 validation 기록을 재현하는지 (모델을 직접 평가)
- q3: DropoutModel + early stopping 실험 (기록이 DropoutModel, patience 3의 early stopping으로 만든 것인지)
- q4: 가중치만 불러와 새 optimizer로 이어 한 학습 (끊기지 않은 학습, 앞부분, 이어 한 부분의 기록)
"""

from __future__ import annotations

import math
from typing import Any

from torch import nn

from .. import settings
from ..epoch import evaluate, model_device
from ..history import History
from ._core import Exercise, call, is_blank, not_attempted, wrong

__all__ = ["q1", "q2", "q3", "q4"]

TOL = 1e-6  # 노트북 5절의 '같다'와 같은 기준


def _need_history(value: Any, name: str) -> History:
    """``value`` 가 ``train.fit`` 이 돌려준 History인지 (아니면 틀림)."""
    if not isinstance(value, History):
        wrong(
            "not_history",
            f"{name}에는 train.fit(...)이 돌려준 History를 넣어야 하는데 {type(value).__name__} 값을 받았습니다.",
        )
    if value.epochs_run == 0:
        wrong("not_history", f"{name}에 기록된 epoch이 없습니다: 학습이 한 epoch도 끝나지 않았습니다.")
    return value


def _same(a: list[float], b: list[float]) -> bool:
    """두 기록이 같은 길이이고 모든 값의 차이가 ``TOL`` 미만인가."""
    return len(a) == len(b) and all(abs(x - y) < TOL for x, y in zip(a, b, strict=True))


# ---------------------------------------------------------------------------------------------------------------
# q1. patience를 바꾸면: (멈춘 epoch 또는 None, best epoch)

# (val loss 기록, patience) -> (멈춘 epoch 또는 None, 그때까지의 best epoch).
# 손으로 센 값이다 (테스트가 train.EarlyStopping과 대조한다)
_SCRIPTED = [0.30, 0.25, 0.22, 0.23, 0.21, 0.24, 0.25, 0.26, 0.20]  # 06 노트북 1절의 값들
_ZIGZAG = [0.50, 0.30, 0.40, 0.35, 0.38, 0.36, 0.37]  # 최저(0.30) 뒤로 오르내리기만 한다
_FALLING = [0.9, 0.8, 0.7, 0.6, 0.5]  # 예산 안에서 멈추지 않는다
Q1_CASES = [
    (_SCRIPTED, 3, (8, 5)),
    (_SCRIPTED, 1, (4, 3)),
    (_SCRIPTED, 5, (None, 9)),
    (_ZIGZAG, 3, (5, 2)),
    (_ZIGZAG, 2, (4, 2)),
    (_FALLING, 1, (None, 5)),
]


def _ref_stops(val_loss, patience, *, late=False, vs_previous=False, zero_based=False, no_none=False):
    """q1의 기준 답과, 흔한 실수를 흉내 낸 답들 (어느 실수인지 알아보려고)."""
    best, best_epoch, counter, previous = math.inf, None, 0, math.inf
    for i, value in enumerate(val_loss):
        epoch = i if zero_based else i + 1
        new_best = value < best
        if new_best:
            best, best_epoch = value, epoch
        improved = value < previous if vs_previous else new_best
        counter = 0 if improved else counter + 1
        previous = value
        if counter > patience if late else counter >= patience:
            return epoch, best_epoch
    return (len(val_loss) if no_none else None), best_epoch


def _q1_variants(val_loss, patience):
    return {
        "zero_based": _ref_stops(val_loss, patience, zero_based=True),
        "late_by_one": _ref_stops(val_loss, patience, late=True),
        "vs_previous": _ref_stops(val_loss, patience, vs_previous=True),
        "no_none": _ref_stops(val_loss, patience, no_none=True),
        "ignores_patience": _ref_stops(val_loss, 3),
    }


_Q1_MESSAGES = {
    "zero_based": "epoch을 0부터 셌습니다. 노트북의 기록처럼 epoch은 1부터 셉니다 (enumerate(val_loss, start=1)).",
    "late_by_one": (
        "한 epoch 늦게 멈춥니다: 최저 기록을 갱신하지 못한 epoch이 patience번 연속되면 **그 epoch에서** 멈춥니다 "
        "(counter >= patience; EarlyStopping.should_stop이 True가 된 epoch)."
    ),
    "vs_previous": (
        "바로 앞 epoch과 비교했습니다. 연속 미개선은 **지금까지의 최저 기록**과 비교해 셉니다: 최저 뒤로 "
        "오르내리기만 하면 앞 epoch보다 낮아져도 개선이 아닙니다 (train.EarlyStopping(patience).update(value)가 이 "
        "규칙입니다)."
    ),
    "no_none": (
        "예산 안에서 멈추지 않은 기록에 멈춘 epoch으로 마지막 epoch을 돌려주었습니다. 멈추지 않았으면 None을 "
        "돌려주세요: '예산을 다 썼다'와 'patience 때문에 멈췄다'는 다른 일입니다."
    ),
    "ignores_patience": "patience 인자와 상관없이 3을 썼습니다. 함수가 받은 patience를 쓰세요.",
}


def _epoch_like(value: Any) -> bool:
    """epoch 번호(정수) 또는 None인가 (torch/numpy 정수도)."""
    if value is None:
        return True
    try:
        return not isinstance(value, bool | str) and int(value) == value
    except (TypeError, ValueError):
        return False


def _check_q1(where_it_stops: Any) -> None:
    first = call(where_it_stops, list(_SCRIPTED), 3)
    if is_blank(first):
        not_attempted()
    answers = []
    for val_loss, patience, _ in Q1_CASES:
        out = call(where_it_stops, list(val_loss), patience)
        if not isinstance(out, tuple | list) or len(out) != 2 or not all(_epoch_like(v) for v in out):
            wrong(
                "not_pair",
                f"(멈춘 epoch, best epoch) 두 값을 돌려주어야 하는데 {out!r}을(를) 돌려주었습니다 "
                f"(val_loss={val_loss}, patience={patience}).",
            )
        answers.append(tuple(None if v is None else int(v) for v in out))
    expected = [want for *_, want in Q1_CASES]
    if answers == expected:
        return
    stopping = [(want, got) for (*_, want), got in zip(Q1_CASES, answers, strict=True) if want[0] is not None]
    if all(got == (want[0], want[0]) for want, got in stopping):
        wrong(
            "best_is_stop",
            "best epoch으로 멈춘 epoch을 돌려주었습니다. best epoch은 validation loss가 가장 낮았던 epoch이고, 멈춘 "
            "epoch은 그 뒤 patience epoch이 지난 때입니다 (update(value)가 True를 돌려준 마지막 epoch이 best epoch).",
        )
    for key, message in _Q1_MESSAGES.items():
        if answers == [_q1_variants(v, p)[key] for v, p, _ in Q1_CASES]:
            wrong(key, message)
    for (val_loss, patience, want), got in zip(Q1_CASES, answers, strict=True):
        if got != want:
            wrong(
                "other",
                f"val_loss={val_loss}, patience={patience}에서 (멈춘 epoch, best epoch)은 {want}여야 하는데 "
                f"{got}입니다.",
            )


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        """
        학습을 세 번 돌릴 필요는 없다. `early_stopping=False`로 한 번 길게 학습한 기록(`history.val_loss`)에
        `train.EarlyStopping(patience)`을 차례로 적용해 보면 각 patience가 어디서 멈췄을지 알 수 있다.
        """,
        """
        `stopper = train.EarlyStopping(patience)`를 만들고 `for epoch, value in enumerate(val_loss, start=1):` 안에서
        `stopper.update(value)`가 True이면 그 epoch이 (지금까지의) best epoch, `stopper.should_stop`이 True가 되면 그
        epoch에서 멈춘다: `(epoch, best)`를 돌려준다. 끝까지 멈추지 않으면 `(None, best)`.
        """,
    ],
    solution='''
    ```python
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
    ```

    patience가 작을수록 일찍 멈춘다. patience=1은 validation loss가 한 번만 흔들려도 멈춰, 그 뒤의 더 낮은 최저점을
    놓칠 수 있다 (풀이 노트북: patience=1은 epoch 4에서 멈춰 epoch 3의 best에 그치고, patience 3 이상은 epoch 7의 더
    낮은 최저점을 찾는다). patience가 크면 늦게 멈추지만 best epoch은 같거나 더 뒤이고, 그만큼 epoch(시간)을 더 쓴다.
    ''',
    correct="1절의 값들을 포함한 여러 기록에서 멈춘 epoch과 best epoch이 train.EarlyStopping의 규칙과 같습니다.",
)


# ---------------------------------------------------------------------------------------------------------------
# q2. restore_best=True로 되돌린 모델


def _check_q2(history: Any, model: Any, val_loader: Any) -> None:
    if is_blank(history) or is_blank(model):
        not_attempted()
    h = _need_history(history, "h")
    if not isinstance(model, nn.Module):
        wrong("not_model", f"두 번째 인자에는 학습한 모델(nn.Module)을 넣어야 하는데 {type(model).__name__}입니다.")
    if not h.best_epoch:
        wrong("no_best", "기록에 best epoch이 없습니다: validation loss가 한 번도 유한한 값이 아니었습니다.")
    # 학습자의 모델을 직접 validation set으로 평가한다: 결정적이므로 되돌렸다면 best epoch의 기록과 정확히 같다
    loss, acc = call(evaluate, val_loader, model, nn.CrossEntropyLoss(), device=model_device(model))
    at_best = abs(loss - h.best_val_loss) < TOL and acc == h.best_val_acc
    at_last = abs(loss - h.val_loss[-1]) < TOL and acc == h.val_acc[-1]
    if h.best_epoch == h.epochs_run and not settings.is_smoke():
        # best가 마지막 epoch이면 되돌렸는지 구별할 수 없다.
        # smoke mode는 epoch이 1~2로 줄어 흔히 이렇다: 그때는 받아 준다 (정답이 smoke mode에서도 정답이도록)
        wrong(
            "best_is_last",
            f"best epoch({h.best_epoch})이 마지막 epoch이라 되돌렸는지 확인할 수 없습니다. early_stopping=False로 더 "
            "길게(예: 10 epoch, BNModel, seed 0) 학습해 best epoch 뒤에 epoch이 남게 하세요.",
        )
    if at_best:
        return
    if at_last:
        wrong(
            "not_restored",
            f"모델이 마지막 epoch({h.epochs_run})의 기록(val loss {h.val_loss[-1]:.5f})과 같습니다: best "
            f"epoch({h.best_epoch})으로 되돌아가지 않았습니다. train.fit(..., restore_best=True)로 학습했는지 보세요.",
        )
    wrong(
        "other_weights",
        f"모델의 validation 결과(loss {loss:.5f}, acc {acc:.4f})가 이 기록의 best epoch(loss "
        f"{h.best_val_loss:.5f})과도 마지막 epoch과도 다릅니다. 학습이 끝난 뒤 다른 checkpoint(다른 학습의 파일)를 "
        "불러왔거나 더 학습했는지, 세 번째 인자가 학습 때의 val_loader(test_loader가 아니라)인지 보세요.",
    )


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        """
        `train.evaluate(val_loader, model, loss_fn, device=device)`의 결과를 `history.best_val_loss`,
        `history.best_val_acc`와 비교한다.
        """,
        """
        best epoch이 마지막 epoch보다 앞에 와야 이 확인이 의미가 있다: 06 노트북 2절과 같은 BNModel, seed 0으로
        `early_stopping=False, restore_best=True`를 주고 10 epoch 학습한다. 그 뒤 `model`을 아무것도 불러오지 않고
        바로 평가한다.
        """,
    ],
    solution="""
    ```python
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
    ```

    되돌린 모델의 validation loss와 accuracy가 best epoch의 기록과 같다 (차이 1e-6 미만). 마지막 epoch의 기록과는
    다르다: 끝난 뒤의 모델이 마지막 epoch이 아니라 best epoch의 가중치로 돌아가 있다.
    """,
    correct="모델이 best epoch의 validation loss와 accuracy를 그대로 재현합니다 (마지막 epoch의 가중치가 아닙니다).",
)


# ---------------------------------------------------------------------------------------------------------------
# q3. DropoutModel로 early stopping


def _check_q3(h_drop: Any, patience: int = 3) -> None:
    if is_blank(h_drop):
        not_attempted()
    h = _need_history(h_drop, "h_drop")
    if h.model_name != "DropoutModel":
        wrong(
            "wrong_model",
            f"이 기록은 {h.model_name or '알 수 없는'} 모델로 학습한 것입니다. models.DropoutModel(0.5)로 학습해야 "
            "BNModel(2절)과 비교할 수 있습니다.",
        )
    if not h.best_epoch:
        wrong("no_best", "기록에 best epoch이 없습니다: validation loss가 한 번도 유한한 값이 아니었습니다.")
    waited = h.epochs_run - h.best_epoch  # best epoch 뒤로 지난 epoch 수
    if h.stop_reason == "completed" and waited >= patience:
        # patience epoch 연속 최저를 갱신하지 못했는데도 끝까지 돌았다: early stopping이 꺼져 있었다
        wrong(
            "no_early_stopping",
            f"best epoch {h.best_epoch} 뒤로 {waited} epoch이 지났는데 멈추지 않았습니다: early_stopping=True, "
            f"patience={patience}로 학습하세요 (2절과 같은 규칙이어야 멈춘 epoch을 비교할 수 있습니다).",
        )
    if h.stop_reason == "early_stopping" and waited != patience:
        wrong(
            "different_patience",
            f"best epoch {h.best_epoch}에서 {waited} epoch 뒤에 멈췄습니다: patience가 {waited}였던 것 같습니다 "
            f"(min_delta 없이). 2절의 BNModel과 같은 patience={patience}로 학습하세요.",
        )
    if h.stop_reason not in ("completed", "early_stopping"):
        wrong("not_finished", f"학습이 끝까지 가지 않았습니다 (stop_reason: {h.stop_reason}).")


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        """
        Dropout은 학습을 느리게 하고 train-validation 차이를 줄인다. validation loss가 최저점에 늦게 닿으면 멈추는
        epoch도 늦어진다. seed 하나의 결과이므로 차이가 작으면 "이 seed에서는"이라고 말하자.
        """,
        """
        2절의 셀에서 모델만 `models.DropoutModel(0.5)`로 바꾸고(seed 0, `early_stopping=True, patience=PATIENCE`),
        돌려받은 History의 `stop_reason`, `epochs_run`, `best_epoch`, `val_loss`를 2절의 `history`와 나란히 본다.
        시간을 아끼려면 예산을 10 epoch으로 줄여도 된다 (BNModel은 epoch 10에서 멈췄다).
        """,
    ],
    solution="""
    ```python
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
    ```

    06 노트북의 BNModel은 best epoch 7, epoch 10에서 멈췄다. DropoutModel은 validation loss가 더 오래 내려가서 10
    epoch 안에 멈추지 않았다 (풀이 노트북: completed, best epoch은 예산의 마지막 epoch 10). 02 노트북에서 본 것처럼
    Dropout은 학습을 느리게 하고 train-validation 차이를 줄이므로 overfitting이 늦게 온다. seed 하나의 결과다.
    """,
    correct=(
        "DropoutModel을 early stopping(patience 3)으로 학습한 기록입니다. stop_reason, best epoch, 멈춘 epoch을 "
        "2절의 BNModel(history)과 비교하세요."
    ),
)


# ---------------------------------------------------------------------------------------------------------------
# q4. 가중치만 불러와 이어 하면


def _check_q4(full: Any, first: Any, rest: Any) -> None:
    if is_blank(full) or is_blank(first) or is_blank(rest):
        not_attempted()
    full = _need_history(full, "full")
    first = _need_history(first, "first")
    rest = _need_history(rest, "rest")
    n = min(first.epochs_run, full.epochs_run)
    if not _same(first.val_loss[:n], full.val_loss[:n]):
        wrong(
            "different_start",
            "끊기기 전 부분(first)의 기록이 끊기지 않은 학습(full)의 처음과 다릅니다: 두 학습은 같은 seed, 같은 "
            "설정(make())으로 시작해야 그 뒤의 차이를 '이어 하는 방법'의 차이로 읽을 수 있습니다.",
        )
    k = first.epochs_run
    if _same(rest.val_loss, full.val_loss) or (rest.epochs_run and _same(rest.val_loss, full.val_loss[k:])):
        wrong(
            "used_full_state",
            "이어 한 기록이 끊기지 않은 학습과 같습니다: last checkpoint의 모든 상태로 이어 했습니다 (resume_from). "
            "이 문제는 checkpoint.load_checkpoint(last, m)로 **가중치만** 불러와 새 optimizer, 새 scheduler로 이어 "
            "할 때 무엇이 달라지는지 보는 문제입니다.",
        )
    if rest.epochs_requested + first.epochs_requested != full.epochs_requested:
        wrong(
            "counted_total",
            f"이어 한 학습에 epochs={rest.epochs_requested}를 주었습니다. resume_from 없이 가중치만 불러오면 fit은 "
            f"epoch을 처음부터 세므로, 남은 epoch 수(전체 {full.epochs_requested} − 끝낸 {first.epochs_requested})를 "
            "줘야 끊기지 않은 학습과 같은 예산이 됩니다.",
        )
    if rest.lr[0] != full.lr[0]:
        wrong(
            "restored_more",
            f"이어 한 학습의 첫 learning rate({rest.lr[0]:g})가 처음 값({full.lr[0]:g})이 아닙니다: scheduler(와 "
            "optimizer) 상태까지 불러온 것 같습니다. 이 문제는 가중치만 불러오고 optimizer와 scheduler는 새로 만드는 "
            "경우입니다.",
        )


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        """
        새 Adam은 moment 추정값이 0에서 시작하고, 새 StepLR은 learning rate를 처음 값으로 되돌린다. 난수 상태도
        다르다.
        """,
        """
        세 학습을 만든다: `full`(끊기지 않은 4 epoch), `first`(같은 설정으로 2 epoch, `last_checkpoint_path=last`),
        `rest`(새 `make()`의 모델에 `checkpoint.load_checkpoint(last, m)`로 가중치만 불러와, 새 optimizer와
        scheduler로 **남은** 2 epoch; `resume_from`은 주지 않는다). `full.val_loss[2:]`와 `rest.val_loss`,
        `full.lr[2:]`와 `rest.lr`을 비교한다.
        """,
    ],
    solution="""
    ```python
    m, opt, sched = make(seed=1)
    checkpoint.load_checkpoint(last, m)  # 가중치만
    m.to(device)
    rest = train.fit(train_loader, val_loader, m, loss_fn, opt, 2, lr_scheduler=sched, **quiet)
    ```

    기록이 달라진다 (차이가 1e-6보다 훨씬 크다). 새 Adam은 moment 추정값이 0에서 시작하고, 새 StepLR은 learning rate를
    처음 값(0.001)으로 되돌렸다. 데이터 순서를 정하는 난수 상태도 다르다. `resume_from`이 last checkpoint에서 이 모든
    것을 함께 되돌리기 때문에 06 노트북 5절에서는 기록이 정확히 같았다.

    '다르다'는 것이지 '나쁘다'는 뜻은 아니다. 풀이 노트북에서는 가중치만 불러온 쪽의 val loss가
    오히려 낮았다 (epoch 3, 4: 0.22641, 0.20236 대 끊기지 않은 학습 0.24827, 0.24213). learning rate가
    처음 값으로 돌아가 4배 커진 탓일 수 있지만, seed 하나이고 optimizer 상태와 데이터 순서도 함께
    바뀌었으므로 이 실행만으로 원인을 가를 수는 없다. exact resume의 목적은 '더 좋게'가 아니라 '끊기지 않은
    학습과 똑같이'다: 그래야 끊긴 적이 있는 실험도 다른 실험과 같은 조건으로 비교할 수 있다.
    """,
    correct=(
        "가중치만 불러와 이어 한 기록은 끊기지 않은 학습과 다릅니다: optimizer와 scheduler는 처음 상태로(learning rate"
        "도 처음 값으로) 돌아갔고, 난수 상태도 끊기지 않은 학습과 다릅니다."
    ),
)
