"""02 노트북(Dropout)의 연습 문제 검사: ``from course_lib.exercises.lesson02 import q1, q2, q3, q4``.

- q1: 출력층 Dropout만 없앤 모델 (같은 seed로 만든 ``DropoutModel(0.5, drop_output=False)`` 와 비교)
- q2: inverted가 아닌 (vanilla) dropout (손 계산: 학습 때 ``x * mask``, 평가 때 ``x * (1 - p)``)
- q3: train mode / eval mode로 잰 정확도 (``model.eval()`` 과 ``torch.no_grad()`` 로 잰 기준값과 비교)
- q4: train set 5,000장 실험 (loader, 대조군, seed, epoch 수를 본다; 결과 숫자는 학습자가 읽는다)
"""

from __future__ import annotations

import math

import torch
import torch.nn as nn

from .. import data, models, settings
from ._core import Exercise, call, check_small_train_loader, is_blank, not_attempted, own_rng, wrong

__all__ = ["q1", "q2", "q3", "q4"]


# ---------------------------------------------------------------- q1
def _check_q1(patched_model) -> None:
    if isinstance(patched_model, nn.Module):
        wrong(
            "model_not_function",
            "모델이 아니라 모델을 **만드는 함수** `patched_model`을 넘기세요 (`q1.check(patched_model)`, 괄호 없이). "
            "검사가 같은 seed로 그 함수를 불러 새 모델을 만들고, 같은 seed의 DropoutModel(0.5, drop_output=False)와 "
            "비교합니다.",
        )
    with own_rng(0):
        model = call(patched_model)
        if is_blank(model):
            not_attempted()
        torch.manual_seed(0)
        ref = models.DropoutModel(0.5, drop_output=False)
    if not isinstance(model, nn.Module):
        wrong(
            "not_a_model",
            f"patched_model()은 nn.Module(모델)을 돌려주어야 하는데 {type(model).__name__} 값을 돌려주었습니다.",
        )
    if not isinstance(model, models.DropoutModel):
        wrong(
            "other_model",
            f"돌려준 모델이 {type(model).__name__}입니다. 비교의 출발점은 원래 자료의 `models.DropoutModel(0.5)`이고, "
            "거기서 출력층 뒤 Dropout 하나만 바꿔야 합니다 (다른 구조의 모델이면 차이가 Dropout 때문인지 가를 수 "
            "없습니다).",
        )
    out = model.output
    if not (isinstance(out, nn.Sequential) and len(out) == 2 and isinstance(out[0], nn.Linear)):
        wrong(
            "output_linear_replaced",
            "출력층 Linear(128→10)까지 바뀌었습니다. `model.output`은 `Sequential(Linear(128, 10), Dropout)`이고, "
            "바꿀 것은 그 **뒤의** Dropout, 곧 `model.output[1]`입니다 (`model.output = ...`이나 `output[0]`이 아님).",
        )
    last = out[1]
    if isinstance(last, nn.Dropout) and last.p > 0:
        wrong(
            "output_dropout_kept",
            f"출력층 뒤 Dropout(p={last.p:g})이 그대로 남아 있습니다. `model.output[1] = nn.Identity()`로 바꾸세요 "
            "(모델을 만든 뒤, 돌려주기 전에).",
        )
    if not isinstance(last, nn.Identity | nn.Dropout):
        wrong(
            "output_not_identity",
            f"출력층 뒤에 {type(last).__name__}이(가) 있습니다. 아무것도 하지 않는 층 `nn.Identity()`로 바꿔야 "
            "DropoutModel(0.5, drop_output=False)와 같아집니다.",
        )
    hidden = [block[2] for block in (model.b1, model.b2, model.b3, model.b4)]
    if not all(isinstance(d, nn.Dropout) and d.p == 0.5 for d in hidden):
        wrong(
            "hidden_dropout_changed",
            "hidden 층의 Dropout까지 바뀌었습니다. 없앨 것은 출력층 뒤 Dropout 하나뿐이고, hidden 층 네 개의 "
            "Dropout(p=0.5)은 그대로 두어야 합니다 (모든 Dropout을 돌며 바꾸거나 `DropoutModel(0.0)`에서 출발하지 "
            "마세요).",
        )
    mine, theirs = model.state_dict(), ref.state_dict()
    if mine.keys() != theirs.keys() or not all(torch.equal(mine[k].cpu(), theirs[k]) for k in theirs):
        wrong(
            "not_fresh",
            "구조는 맞지만 가중치가 같은 seed로 새로 만든 DropoutModel(0.5, drop_output=False)와 다릅니다. "
            "함수 **안에서** 새 모델을 만드세요: 이미 학습한 모델(`trained['p=0.5 hidden+logit'][0]`)이나 함수 밖에서 "
            "미리 만든 모델을 고쳐 돌려주면 출발점(가중치)이 달라 '같은 조건'의 비교가 되지 않습니다. "
            "(함수 안에서 다른 seed를 고정해도 그렇습니다.)",
        )


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        """
        `settings.seed_everything(0)` → 모델 생성 → (출력층 교체) → optimizer →
        `train.fit(..., 1, save_best_model=False, early_stopping=False, verbose=False)`.
        두 모델의 `state_dict()`를 `torch.equal`로 비교한다.
        이미 학습한 모델은 5 epoch 동안 logit dropout을 받으며 학습된 가중치에서 출발한다는 점을 생각하라.
        """,
        """
        검사는 `patched_model()`을 seed 0으로 불러, seed 0으로 만든 `DropoutModel(0.5, drop_output=False)`와 구조와 초기
        가중치를 비교한다. 함수 안에서 `models.DropoutModel(0.5)`를 새로 만들고, `model.output`의 두 번째 층
        (`model.output[1]`, 출력층 Linear 뒤의 Dropout)만 `nn.Identity()`로 바꿔 돌려주면 된다.
        Dropout에는 파라미터가 없으니 바꿔도 가중치는 그대로다.
        """,
    ],
    solution="""
    같은 seed로 **새** 모델을 만들고 출력층 뒤 Dropout만 바꾼다. Dropout에는 파라미터가 없으므로 초기 가중치는
    `DropoutModel(0.5, drop_output=False)`와 같고, 같은 seed로 1 epoch 학습하면 가중치까지 완전히 같다.
    이미 학습한 모델을 고쳐 쓰면 출발점이 달라 같은 조건이 아니다.

    ```python
    def patched_model():
        model = models.DropoutModel(0.5)  # 원래 자료 그대로 (logit에도 Dropout)
        model.output[1] = nn.Identity()  # 출력층 뒤 Dropout만 없앤다 (Dropout은 파라미터가 없으니 가중치는 그대로)
        return model
    ```
    """,
    correct="같은 seed로 만든 DropoutModel(0.5, drop_output=False)와 구조(hidden Dropout 0.5, 출력층 뒤 Identity)와 "
    "초기 가중치가 같습니다.",
)


# ---------------------------------------------------------------- q2
def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and torch.allclose(a.float(), b.float(), rtol=1e-5, atol=1e-6)


def _as_output(out, x: torch.Tensor, where: str) -> torch.Tensor:
    if not isinstance(out, torch.Tensor):
        wrong("not_tensor", f"{where}에서 tensor를 돌려주어야 하는데 {type(out).__name__} 값을 돌려주었습니다.")
    if out.shape != x.shape:
        wrong(
            "shape",
            f"{where}의 출력 모양이 {tuple(out.shape)}입니다: dropout은 값만 바꾸므로 입력 모양 {tuple(x.shape)}과 "
            "같아야 합니다 (mask를 곱해 같은 모양을 돌려주세요).",
        )
    return out.detach()


def _check_q2(vanilla_dropout) -> None:
    p = 0.3
    with own_rng(0):
        x = torch.rand(400, 500) + 1.0  # 값은 1~2: 0이 하나도 없어 꺼진 위치를 out == 0으로 셀 수 있다
        x_before = x.clone()
        out = call(vanilla_dropout, x, p, True)
        if is_blank(out):
            not_attempted()
        out = _as_output(out, x, "training=True")
        if not torch.equal(x, x_before):
            wrong(
                "in_place",
                "입력 x를 제자리에서 바꿨습니다 (예: `x *= mask`). 새 tensor를 만들어 돌려주세요: `x * mask`.",
            )
        kept = out != 0
        zero_frac = 1 - kept.float().mean().item()
        if zero_frac < 0.01:
            if _close(out, x * (1 - p)):
                wrong(
                    "no_mask",
                    "학습 때 mask 없이 모든 값에 (1-p)를 곱했습니다. 그것은 평가 때 할 일입니다. 학습 때는 "
                    "`torch.rand_like(x) > p`로 만든 mask로 값의 약 p 비율을 **무작위로** 0으로 만들어야 합니다.",
                )
            wrong("no_mask", "training=True인데 0이 된 값이 없습니다. 학습 때는 확률 p로 값을 0으로 만들어야 합니다.")
        if abs(zero_frac - (1 - p)) < 0.02:
            wrong(
                "keep_prob_swapped",
                f"0이 된 비율({zero_frac:.3f})이 p={p}가 아니라 1-p에 가깝습니다. 살아남는 위치는 "
                "`torch.rand_like(x) > p`입니다 (`< p`로 하면 확률 p로 살리고 1-p로 끕니다).",
            )
        if abs(zero_frac - p) > 0.02:
            wrong("drop_rate", f"0이 된 비율이 {zero_frac:.3f}인데 p={p}에 가까워야 합니다.")
        ratio = out[kept] / x[kept]
        if _close(ratio, torch.full_like(ratio, 1 / (1 - p))):
            wrong(
                "scaled",
                "학습 때 살아남은 값을 1/(1-p)배 키웠습니다: 그것은 inverted dropout(`nn.Dropout`, 3절의 "
                "`my_dropout`)입니다. "
                "vanilla 방식은 학습 때 끄기만 하고(`x * mask`) 값을 키우지 않습니다. 보정은 평가 때 (1-p)를 곱해서 "
                "합니다.",
            )
        if not _close(ratio, torch.ones_like(ratio)):
            wrong(
                "train_values",
                "학습 때 살아남은 값은 입력과 같아야 합니다 (vanilla 방식은 값을 바꾸지 않고 끄기만 합니다).",
            )
        x_other = torch.rand(200, 500) + 1.0
        other = _as_output(call(vanilla_dropout, x_other, 0.6, True), x_other, "p=0.6, training=True")
        if abs((other == 0).float().mean().item() - 0.6) > 0.02:
            wrong(
                "ignores_p",
                "p=0.6으로 불렀는데 0이 된 비율이 0.6이 아닙니다. 0.3 같은 숫자를 함수 안에 적지 말고 인자 p를 쓰세요.",
            )
        out_eval = call(vanilla_dropout, x, p, False)
        if is_blank(out_eval):
            not_attempted("training=False(평가) 쪽이 아직 채워지지 않았습니다.")
        out_eval = _as_output(out_eval, x, "training=False")
    if (out_eval == 0).float().mean().item() > 0.01:
        wrong(
            "mask_in_eval",
            "training=False(평가)인데도 값을 무작위로 0으로 만들었습니다. 평가 때는 mask를 쓰지 않고 모든 노드를 "
            "씁니다: "
            "`if not training:`을 mask보다 먼저 확인하세요.",
        )
    if _close(out_eval, x):
        wrong(
            "eval_not_scaled",
            "평가 때 입력을 그대로 돌려주었습니다. vanilla 방식은 학습 때 키우지 않았으므로 평가 때 (1-p)를 곱해야 "
            "합니다. "
            "이대로면 다음 layer가 학습 때보다 약 1/(1-p)배 큰 값을 받습니다 (1/(1-p) 배율을 빼먹은 inverted "
            "dropout과 같은 실수).",
        )
    if _close(out_eval, x / (1 - p)):
        wrong(
            "eval_divided", "평가 때 1/(1-p)배로 키웠습니다. vanilla 방식의 평가는 (1-p)를 **곱합니다**: `x * (1 - p)`."
        )
    if _close(out_eval, x * p):
        wrong(
            "eval_times_p",
            "평가 때 p를 곱했습니다. 곱할 것은 살아남을 확률 (1-p)입니다: `x * (1 - p)`. 원래 논문은 p를 **남길** "
            "확률로 써서 '평가 때 p를 곱한다'고 적지만, 여기의 p는 `nn.Dropout(p)`처럼 **끌** 확률입니다 "
            "(논문의 p = 1 - 여기의 p, 02 노트북 3절).",
        )
    if not _close(out_eval, x * (1 - p)):
        wrong("eval_values", "평가 때의 출력이 x·(1-p)가 아닙니다.")


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        """
        `my_dropout`에서 `/ (1 - p)`를 빼고, `training=False`일 때 `x * (1 - p)`를 돌려준다. 평균을 `x.mean()`과
        비교하라.
        """,
        """
        세 줄이면 된다: `if not training: return x * (1 - p)`, `mask = torch.rand_like(x) > p`, `return x * mask`.
        train mode 평균은 원래의 약 (1-p)배, eval mode 평균도 (1-p)배라 둘이 맞는다.
        """,
    ],
    solution='''
    학습 때는 끄기만 하고, 평가 때 모든 값에 (1-p)를 곱한다. 그러면 train mode 평균과 eval mode 평균이 둘 다 원래의
    약 (1-p)배로 맞는다. 평가 때 (1-p)를 빼먹으면 다음 layer가 학습 때보다 약 1/(1-p)배 큰 값을 받는다.

    ```python
    def vanilla_dropout(x, p, training=True):
        """학습: 확률 p로 0 (배율 없음). 평가: 모든 값을 (1-p)배."""
        if not training:
            return x * (1 - p)
        mask = torch.rand_like(x) > p
        return x * mask
    ```
    ''',
    correct="학습 때는 약 p 비율을 0으로 하고 나머지는 그대로, 평가 때는 x·(1-p): "
    "train mode와 eval mode의 기댓값이 같습니다.",
)


# ---------------------------------------------------------------- q3
_Q3_N, _Q3_BATCH, _Q3_WRONG = 50, 16, 10  # 50장을 16장씩 (마지막 batch는 2장), 앞 10장은 일부러 틀린 레이블


def _q3_setup(device: torch.device) -> tuple[nn.Module, data.InMemoryLoader]:
    """logit에도 Dropout이 있는 작은 문제: eval mode 정확도가 정확히 0.8이 되도록 레이블을 만든다."""
    model = models.DropoutModel(0.5).to(device)
    X = torch.rand(_Q3_N, 1, 28, 28)
    model.eval()
    with torch.no_grad():
        pred = model(X.to(device)).argmax(1).cpu()
    y = pred.clone()
    y[:_Q3_WRONG] = (pred[:_Q3_WRONG] + 1) % 10  # 앞 10장만 틀리게: 첫 batch만 정확도가 낮다 (batch 평균 ≠ 샘플 평균)
    return model, data.InMemoryLoader(data.TensorPairDataset(X, y), _Q3_BATCH)


def _q3_batch_mean() -> float:
    """batch마다 정확도를 구해 평균 낸 값 (흔한 실수의 값)."""
    accs = []
    for i in range(0, _Q3_N, _Q3_BATCH):
        size = min(_Q3_BATCH, _Q3_N - i)
        wrong_here = max(0, min(i + size, _Q3_WRONG) - i)
        accs.append((size - wrong_here) / size)
    return sum(accs) / len(accs)


def _as_number(value, where: str) -> float:
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach().cpu())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    wrong(
        "not_number", f"{where}: 정확도 숫자 하나(0~1)를 돌려주어야 하는데 {type(value).__name__} 값을 돌려주었습니다."
    )


def _check_q3(accuracy) -> None:
    device = settings.get_device()  # 노트북의 device와 같다: 학습자의 함수는 X.to(device)로 옮긴다
    n_correct = _Q3_N - _Q3_WRONG
    expected = n_correct / _Q3_N
    n_batches = math.ceil(_Q3_N / _Q3_BATCH)
    batch_mean = _q3_batch_mean()
    grad_seen: list[bool] = []
    with own_rng(0, device):
        model, loader = _q3_setup(device)
        model.register_forward_hook(lambda *_: grad_seen.append(torch.is_grad_enabled()))
        model.train()  # 학습자의 함수가 training=False를 스스로 적용하는지 본다
        raw = call(accuracy, model, loader, False)
        if is_blank(raw):
            not_attempted()
        value = _as_number(raw, "training=False")
        if math.isclose(value, n_correct):
            wrong(
                "count",
                f"맞힌 개수({n_correct})를 돌려주었습니다. 정확도는 맞힌 개수 / 전체 샘플 "
                "수(`len(loader.dataset)`)입니다.",
            )
        if math.isclose(value, n_correct / n_batches):
            wrong(
                "divided_by_batches",
                "맞힌 개수를 batch 수(`len(loader)`)로 나눴습니다. 샘플 수 `len(loader.dataset)`로 나눠야 합니다.",
            )
        if math.isclose(value, batch_mean, rel_tol=1e-6):
            wrong(
                "batch_mean",
                "batch마다 정확도를 구해 평균 냈습니다. 마지막 batch가 작으면 그 batch의 샘플이 더 큰 무게를 받습니다: "
                "맞힌 개수를 모두 더한 뒤 전체 샘플 수로 나누세요.",
            )
        if not math.isclose(value, expected, rel_tol=1e-6):
            again = _as_number(call(accuracy, model, loader, False), "training=False")
            if again != value:
                wrong(
                    "eval_mode_not_set",
                    "training=False인데 잴 때마다 값이 다릅니다: Dropout이 켜진 채로 쟀습니다. 함수 안에서 "
                    "`model.train(training)`(또는 `model.eval()`)을 불러 mode를 정하세요.",
                )
            wrong(
                "eval_value",
                f"training=False일 때 정확도가 {value:.4f}인데, model.eval()로 잰 값은 {expected:.4f}입니다.",
            )
        if any(grad_seen):
            wrong(
                "no_grad_missing",
                "forward가 gradient를 기록하는 상태에서 돌았습니다. 평가만 할 때는 `torch.no_grad()` 안에서 "
                "(또는 함수에 `@torch.no_grad()`를 붙여) 재세요: 쓸데없는 계산 그래프가 메모리를 차지합니다.",
            )
        model.eval()
        train_values = [_as_number(call(accuracy, model, loader, True), "training=True") for _ in range(3)]
        left_training = model.training
    if all(math.isclose(v, expected, rel_tol=1e-6) for v in train_values):
        wrong(
            "train_mode_not_set",
            "training=True인데 세 번 모두 eval mode와 같은 값이 나왔습니다: Dropout이 꺼진 채로 쟀습니다. "
            "`model.train(training)`으로 mode를 정하세요.",
        )
    if left_training:
        wrong(
            "mode_not_restored",
            "training=True로 잰 뒤 모델이 train mode로 남았습니다. 끝나면 `model.eval()`로 돌려 두세요: "
            "그렇지 않으면 뒤에 하는 평가가 Dropout을 켠 채로 이루어집니다.",
        )


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        """
        `model.train()` 후 `val_loader`를 돌며 `(model(X).argmax(1) == y).sum()`을 세고, 다음에 `model.eval()`로 한 번
        더.
        끝나면 `model.eval()`로 돌려 두자.
        """,
        """
        함수 하나로: `@torch.no_grad()`를 붙이고, `model.train(training)`으로 mode를 정한 뒤 batch마다
        `(model(X.to(device)).argmax(1) == y.to(device)).sum().item()`을 더한다. 끝나면 `model.eval()`,
        돌려줄 값은 맞힌 개수 / `len(loader.dataset)`.
        """,
    ],
    solution="""
    mode를 인자로 받아 `model.train(training)`으로 정하고, 맞힌 개수를 전체 샘플 수로 나눈다. 잰 뒤에는 eval mode로
    돌려 둔다. train mode로 잰 정확도는 eval mode보다 낮고 잴 때마다 다르다 (logit에도 Dropout을 건 모델에서 더 크게).

    ```python
    @torch.no_grad()
    def accuracy(model, loader, training):
        model.train(training)
        correct = sum((model(X.to(device)).argmax(1) == y.to(device)).sum().item() for X, y in loader)
        model.eval()
        return correct / len(loader.dataset)
    ```
    """,
    correct="training=False면 model.eval()의 정확도와 같고, training=True면 Dropout이 켜진 채로 재며, "
    "잰 뒤 eval mode로 돌려 둡니다.",
)


# ---------------------------------------------------------------- q4
Q4_SIZE, Q4_EPOCHS, Q4_SEEDS = 5000, 10, 3


def _dropout_setting(model: nn.Module) -> tuple[float, bool]:
    """DropoutModel의 (hidden Dropout 비율, 출력층 뒤에도 Dropout이 있는가)."""
    hidden = {block[2].p for block in (model.b1, model.b2, model.b3, model.b4)}
    last = model.output[1]
    return (hidden.pop() if len(hidden) == 1 else math.nan), isinstance(last, nn.Dropout) and last.p > 0


def _check_q4(small_loader, small) -> None:
    if is_blank(small_loader) or is_blank(small) or not small:
        not_attempted()
    check_small_train_loader(small_loader, Q4_SIZE, "`X[:5000]`, `y[:5000]`")
    if not getattr(small_loader, "paired", False):
        wrong(
            "not_paired",
            "작은 loader를 `paired=True` 없이 만들었습니다. 그러면 섞는 순서가 전역 난수를 따르고, Dropout mask가 "
            "전역 난수를 "
            "쓰므로 같은 seed의 대조와 처치가 epoch 2부터 다른 batch 순서를 봅니다 (5절). `paired=True`를 주세요.",
        )
    if not isinstance(small, dict):
        wrong("not_dict", "small은 {설정 이름: [(History, 학습된 모델), ...]} 모양의 dict여야 합니다.")
    settings_seen: dict[tuple[float, bool], str] = {}
    for name, runs in small.items():
        runs = list(runs)
        if not all(isinstance(r, tuple | list) and len(r) == 2 and isinstance(r[1], nn.Module) for r in runs):
            wrong(
                "no_models",
                f"small[{name!r}]의 항목은 (History, 학습된 모델) 쌍이어야 합니다 (6절의 `run()`이 돌려주는 모양). "
                "검사가 모델의 Dropout 설정을 봅니다.",
            )
        if not all(isinstance(m, models.DropoutModel) for _, m in runs):
            wrong(
                "other_model",
                f"{name!r}의 모델이 DropoutModel이 아닙니다. 대조군도 **같은 구조**의 `DropoutModel(0.0)`이어야 "
                "Dropout의 효과만 "
                "비교할 수 있습니다 (BigSizeModel 같은 다른 구조는 capacity까지 다릅니다).",
            )
        if len(runs) != Q4_SEEDS:
            wrong("seeds", f"{name!r}의 실행이 {len(runs)}개입니다. seed 3개(`SEEDS`)로 하나씩, 3개여야 합니다.")
        setting = {_dropout_setting(m) for _, m in runs}
        if len(setting) != 1:
            wrong("mixed_settings", f"{name!r} 안의 모델들의 Dropout 설정이 서로 다릅니다.")
        rate, logit = setting.pop()
        if logit:
            wrong(
                "logit_dropout",
                f"{name!r}의 모델은 출력층(logit) 뒤에도 Dropout이 있습니다 (`DropoutModel({rate:g})`의 기본값). "
                "8절의 교란 요인이 섞이지 않도록 `DropoutModel(0.5, drop_output=False)`를 쓰세요.",
            )
        settings_seen[(rate, logit)] = name
        histories = [h for h, _ in runs]
        if any(h.epochs_requested != Q4_EPOCHS for h in histories):
            asked = sorted({h.epochs_requested for h in histories})
            wrong(
                "epochs", f"{name!r}을(를) {asked} epoch으로 학습했습니다. 두 설정 모두 {Q4_EPOCHS} epoch이어야 합니다."
            )
        if any(h.stop_reason != "completed" for h in histories):
            wrong(
                "early_stopped",
                f"{name!r}의 실행 중 일부가 {Q4_EPOCHS} epoch 전에 멈췄습니다 (early stopping). 같은 학습량으로 "
                "비교하려면 "
                "`early_stopping=False`로 끝까지 학습하세요.",
            )
        if len({tuple(h.val_loss) for h in histories}) == 1:
            wrong(
                "same_seed",
                f"{name!r}의 세 실행이 완전히 같습니다: seed를 바꾸지 않았습니다. `settings.seed_everything(seed)`를 "
                "`SEEDS`의 seed마다 부르세요.",
            )
    if set(settings_seen) != {(0.0, False), (0.5, False)}:
        found = ", ".join(f"{n!r}: p={r:g}" for (r, _), n in settings_seen.items())
        wrong(
            "configs",
            f"설정이 {found}입니다. `DropoutModel(0.0)`(대조)과 `DropoutModel(0.5, drop_output=False)`(처치) 두 "
            "개여야 합니다.",
        )


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        """
        `X, y = train_loader.dataset.data, train_loader.dataset.targets`. 6절의 `run()`을 복사해 loader만 바꾸면 된다.
        5,000장이면 epoch 하나가 55,000장일 때보다 10배쯤 빠르다.
        """,
        """
        `small_loader = data.InMemoryLoader(data.TensorPairDataset(X[:5000], y[:5000]), BATCH_SIZE, shuffle=True,
        paired=True)`.
        `run()`의 `train.fit(train_loader, ...)`를 `small_loader`로, `N_EPOCH`을 10으로 바꾼 `run_small(seed,
        drop_rate)`를 만들고
        `small["p=0.0"] = [run_small(s, 0.0) for s in SEEDS]`처럼 (History, 모델) 쌍을 모은다. early stopping은 끈다.
        """,
    ],
    solution="""
train set만 앞 5,000장으로 바꾸고 나머지(구조, optimizer, seed, batch 순서)는 6절과 같게 한다. gap은 평균이 눈에 띄게
작아지지만, val acc의 차이는 평균 ± 표준편차로는 대략만 읽을 수 있다 (판정은 10절의 판정 규칙으로 한다).
`make_and_fit(seed, build, loader, epochs)`는 풀이 노트북의 함수로, 6절의 `run()`과 같되 모델을 만드는 함수 `build`와
loader, epoch 수를 받아 (History, 학습된 모델)을 돌려준다.

```python
X, y = train_loader.dataset.data, train_loader.dataset.targets
small_loader = data.InMemoryLoader(data.TensorPairDataset(X[:5000], y[:5000]), BATCH_SIZE, shuffle=True, paired=True)
print("작은 train set:", len(small_loader.dataset), "장")

small = {}
for name, build in [
    ("p=0.0", lambda: models.DropoutModel(0.0)),
    ("p=0.5 hidden만", lambda: models.DropoutModel(0.5, drop_output=False)),
]:
    small[name] = [make_and_fit(seed, build, small_loader, 10) for seed in SEEDS]

for name, runs in small.items():
    hs = [h for h, _ in runs]
    print(
        f"{name:<14} train acc {report.fmt_mean_std([h.train_acc[-1] for h in hs])} "
        f"| val acc {report.fmt_mean_std([h.val_acc[-1] for h in hs])} "
        f"| gap {report.fmt_mean_std([h.gap[-1] for h in hs], sign=True)}"
    )
```
""",
    correct="작은 train set(앞 5,000장, paired loader), 같은 구조의 대조군, seed 3개 × 10 epoch이 맞습니다. "
    "출력에서 gap과 val acc를 읽으세요: val acc의 차이는 평균 ± 표준편차로 대략만 읽고, "
    "판정은 10절의 판정 규칙으로 합니다.",
)
