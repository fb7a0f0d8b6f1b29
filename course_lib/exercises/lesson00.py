"""00 노트북(데이터와 학습 루프)의 연습 문제 검사: ``q1`` ... ``q5``.

``from course_lib.exercises.lesson00 import q1, q2, q3, q4, q5`` 로 불러와 ``q1.check(...)``, ``q1.hint()``,
``q1.solution()`` 을 부른다. 풀이 코드는 ``notebooks/solutions/00_data_and_training_loop_solutions.py`` 와 같다.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn as nn
from torch.utils.data import BatchSampler, DataLoader

from course_lib import models, train

from ._core import Exercise, call, is_blank, not_attempted, own_rng, wrong

__all__ = ["q1", "q2", "q3", "q4", "q5"]


# ---------------------------------------------------------------- q1: batch 크기와 step 수

# (데이터 수, batch 크기): 노트북의 세 split(full mode / smoke mode), 나누어떨어지는 경우, 데이터가 batch보다 적은 경우
_Q1_CASES = [
    (55_000, 128),
    (5_000, 128),
    (10_000, 128),
    (1_833, 128),
    (55_000, 200),
    (256, 128),
    (250, 200),
    (7, 10),
]


def _reference_steps(n: int, batch_size: int) -> tuple[int, int]:
    """PyTorch의 DataLoader가 쓰는 BatchSampler로 센 (step 수, 마지막 batch 크기)."""
    batches = list(BatchSampler(range(n), batch_size, drop_last=False))
    return len(batches), len(batches[-1])


def _check_q1(steps_and_last: Any) -> None:
    for n, bs in _Q1_CASES:
        out = call(steps_and_last, n, bs)
        if is_blank(out) or (isinstance(out, tuple | list) and any(is_blank(v) for v in out)):
            not_attempted()
        if not isinstance(out, tuple | list) or len(out) != 2:
            wrong("not_pair", f"(step 수, 마지막 batch 크기) 두 값을 돌려줘야 하는데 {out!r}을(를) 돌려줬습니다.")
        steps, last = out
        ref_steps, ref_last = _reference_steps(n, bs)
        if steps != ref_steps:
            if steps == n // bs and n % bs:
                wrong(
                    "floor",
                    f"데이터 {n:,}장, batch {bs}일 때 step 수가 {steps}입니다: 몫(n // batch_size)만 세면 덜 찬 "
                    f"마지막 batch를 빠뜨립니다. DataLoader는 남은 {n % bs}장도 batch 하나로 내므로 "
                    f"{ref_steps} step입니다 (올림).",
                )
            if steps == n // bs + 1 and n % bs == 0:
                wrong(
                    "plus_one",
                    f"데이터 {n:,}장, batch {bs}일 때 step 수가 {steps}입니다: 나누어떨어지면 남는 batch가 없으므로 "
                    f"{ref_steps} step입니다. '몫 + 1' 대신 올림(math.ceil)을 쓰세요.",
                )
            if isinstance(steps, float) and not steps.is_integer():
                wrong("no_ceil", f"step 수가 {steps}(소수)입니다: n / batch_size를 올림(math.ceil)해야 합니다.")
            wrong("steps", f"데이터 {n:,}장, batch {bs}일 때 step 수는 {ref_steps}인데 {steps!r}입니다.")
        if last != ref_last:
            if last == n % bs == 0:
                wrong(
                    "remainder",
                    f"데이터 {n:,}장, batch {bs}일 때 마지막 batch가 0장이라고 나옵니다: 나머지(n % batch_size)는 "
                    f"나누어떨어질 때 0이지만, 그때 마지막 batch는 꽉 찬 {bs}장입니다.",
                )
            if last == bs and n % bs:
                wrong(
                    "last_full",
                    f"데이터 {n:,}장, batch {bs}일 때 마지막 batch를 {bs}장으로 셌습니다: "
                    f"남는 것은 {ref_last}장뿐입니다.",
                )
            wrong("last", f"데이터 {n:,}장, batch {bs}일 때 마지막 batch는 {ref_last}장인데 {last!r}입니다.")


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        """
        step 수는 `math.ceil(데이터 수 / batch 크기)`, 마지막 batch는 `데이터 수 - (step 수 - 1) * batch 크기`.
        `data.load_mnist_splits(DATASET_ROOT_PATH, 128)`로 새 loader를 만들고 `len()`과 마지막 `(X, y)`의 길이를 본다.
        """,
        """
        55,000 / 128 = 429.7이므로 batch는 430개이고, 앞의 429개가 128장씩 가져가면 마지막 batch에는
        55,000 − 429 × 128 = 88장이 남는다. 나누어떨어질 때(예: 55,000 / 200)를 따로 확인하자:
        `n % batch_size`는 0이 되지만 마지막 batch는 꽉 찬 200장이다.
        """,
    ],
    solution="""
        step 수는 batch 크기로 나눈 값을 올림하고, 마지막 batch는 앞의 (step 수 − 1)개가 가져가고 남은 장수다.

        ```python
        def steps_and_last(n, batch_size):
            \"\"\"데이터 n장을 batch_size씩 나눌 때 (step 수, 마지막 batch의 크기).\"\"\"
            steps = math.ceil(n / batch_size)
            last = n - (steps - 1) * batch_size
            return steps, last
        ```

        full mode에서 train / validation / test(55,000 / 5,000 / 10,000장)는 430 / 40 / 79 step, 마지막 batch는
        88 / 8 / 16장이다. 풀이 노트북은 batch 128로 만든 loader를 끝까지 돌아 실제 값과도 비교한다.
    """,
    correct=(
        "torch의 BatchSampler로 센 값과 같습니다: batch 128이면 full mode의 train / validation / test는 "
        "430 / 40 / 79 step, 마지막 batch 88 / 8 / 16장입니다."
    ),
)


# ---------------------------------------------------------------- q2: 틀린 이미지 보기


def _check_q2(X32: Any, preds: Any, model: Any) -> None:
    if is_blank(preds):
        not_attempted()
    if isinstance(preds, tuple) and hasattr(preds, "indices"):  # torch.max(..., dim=1)의 (values, indices)
        wrong(
            "max_pair",
            "torch.max(..., dim=1)은 (values, indices) 두 가지를 돌려줍니다: 예측 클래스는 그중 indices "
            "(또는 .argmax(dim=1))입니다.",
        )
    if not isinstance(preds, torch.Tensor):
        try:
            preds = torch.as_tensor(preds)
        except (TypeError, ValueError, RuntimeError):
            wrong("not_tensor", f"preds는 클래스 번호 32개가 든 tensor여야 하는데 {type(preds).__name__}입니다.")
    preds = preds.detach().cpu()
    n = len(X32)
    if preds.dim() == 2 and preds.shape[-1] == 10:
        wrong(
            "no_argmax",
            f"preds의 모양이 {tuple(preds.shape)}입니다: 모델 출력(logit, 또는 softmax 확률) 10개를 그대로 넘겼습니다. "
            "이미지마다 가장 큰 값의 위치(클래스 번호)를 골라야 합니다: .argmax(dim=1).",
        )
    if preds.shape == (10,) and n != 10:
        wrong(
            "argmax_dim0",
            "preds가 10개입니다: argmax(dim=0)은 클래스마다 가장 큰 이미지를 고릅니다. 이미지마다 클래스를 고르려면 "
            "dim=1(클래스 축)을 쓰세요.",
        )
    if preds.dim() != 1 or len(preds) != n:
        wrong("count", f"preds의 모양이 {tuple(preds.shape)}입니다: X32의 {n}장에 하나씩, ({n},)이어야 합니다.")
    if preds.is_floating_point():
        wrong(
            "float_preds",
            "preds가 정수(클래스 번호)가 아니라 실수입니다: 가장 큰 logit의 값(max의 values)이나 확률을 넘긴 것 "
            "같습니다. 필요한 것은 그 위치, .argmax(dim=1)입니다.",
        )
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():  # 학습자의 모델과 이미지: 여기서 난 오류는 "코드 오류"로 보고한다
            expected = call(lambda: model(X32.to(next(model.parameters()).device))).argmax(dim=1).cpu()
    finally:
        model.train(was_training)
    if not torch.equal(preds.long(), expected):
        wrong(
            "mismatch",
            f"{n}장 중 {int((preds.long() != expected).sum())}장의 예측이 final_model이 X32에 대해 내는 예측과 "
            "다릅니다: 같은 32장(X32)을 같은 모델(final_model)에 넣었는지 확인하세요.",
        )


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        """
        `X, y = next(iter(val_loader))`로 batch를 꺼내고, `final_model.eval()` 뒤
        `with torch.no_grad(): preds = final_model(X[:32].to(device)).argmax(dim=1).cpu()`.
        `plots.show_images(X[:32], y[:32], preds)`는 틀린 이미지의 제목을 빨간색으로 쓴다.
        """,
        """
        모델의 출력은 이미지마다 logit 10개, 모양 (32, 10)이다. 예측 클래스는 그중 가장 큰 값의 위치이므로
        클래스 축(dim=1)에서 argmax를 한다: 결과는 정수 32개, 모양 (32,). `torch.max(out, dim=1)`은 (values, indices)
        두 가지를 돌려주니 indices만 쓴다.
        """,
        """
        test set이 아니라 validation set을 보는 이유: 틀린 예를 들여다보며 "무엇을 고칠까"를 궁리하는 것도
        모델을 고르는 일이다. test set은 마지막에 고른 모델을 한 번 재는 데만 남겨 둔다 (10절의 selection bias).
        """,
    ],
    solution="""
        ```python
        X, y = next(iter(val_loader))  # validation set의 첫 batch (test set이 아니다)
        X32, y32 = X[:32], y[:32]

        final_model.eval()
        with torch.no_grad():
            preds = final_model(X32.to(device)).argmax(dim=1).cpu()  # (32, 10) logit → (32,) 클래스 번호
        ```

        validation accuracy가 약 0.92이므로 32장 중 평균 두세 장이 빨간 제목이다 (작은 표본이라 더 많거나 적을 수 있다).
        틀린 이미지에는 흘려 쓴 숫자와 닮은 숫자 쌍(3/5, 7/9 등)이 많고, label 자체가 애매한 이미지도 있다(9로 적혔지만
        8처럼 보이는 것). test set을 쓰지 않는 이유: 틀린 예를 보고 무엇을 고칠지 궁리하는 것도 "고르는" 일이므로
        validation set으로 한다.
    """,
    correct=(
        "validation 이미지 32장에 대한 예측(클래스 번호)이 final_model의 argmax와 같습니다. "
        "그림의 빨간 제목을 세어 보세요."
    ),
)


# ---------------------------------------------------------------- q3: num_workers


def _check_q3(workers_loader: Any, reference_loader: Any) -> None:
    if is_blank(workers_loader):
        not_attempted()
    if not isinstance(workers_loader, DataLoader):
        wrong(
            "not_dataloader",
            f"torch.utils.data.DataLoader를 넘겨야 하는데 {type(workers_loader).__name__}입니다 "
            "(course_lib의 InMemoryLoader에는 worker가 없습니다).",
        )
    if workers_loader.num_workers != 2:
        wrong("workers", f"num_workers가 {workers_loader.num_workers}입니다: num_workers=2로 만드세요.")
    ds, ref_ds = workers_loader.dataset, reference_loader.dataset
    same_data = (
        type(ds) is type(ref_ds)
        and call(len, ds) == len(ref_ds)  # 학습자가 만든 Dataset이면 len에서 오류가 날 수도 있다
        and getattr(ds, "train", None) == getattr(ref_ds, "train", None)
    )
    if not same_data:
        wrong(
            "other_data",
            f"비교 대상과 다른 데이터입니다 ({type(ds).__name__} {call(len, ds):,}장, 비교 대상은 "
            f"{type(ref_ds).__name__} {len(ref_ds):,}장): worker 수만 바꿔야 시간 차이가 worker 때문인지 "
            "알 수 있습니다. 같은 torchvision MNIST train set(ToTensor)을 쓰세요.",
        )
    if workers_loader.batch_size != reference_loader.batch_size:
        wrong(
            "batch_size",
            f"batch 크기가 {workers_loader.batch_size}로 비교 대상({reference_loader.batch_size})과 다릅니다: "
            "batch 크기가 다르면 batch를 묶고 넘기는 횟수가 달라져 worker의 효과와 섞입니다.",
        )
    if type(workers_loader.sampler) is not type(reference_loader.sampler):
        wrong(
            "shuffle",
            "섞기(shuffle)가 비교 대상과 다릅니다: 섞으면 이미지를 흩어진 순서로 읽습니다. "
            "worker 수 말고는 같게 두세요.",
        )


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        """
        `torch.utils.data.DataLoader(..., num_workers=2)`로 만들고 `time_one_pass()`로 잰다. worker는 변환 작업을 여러
        프로세스에 나눌 뿐, 이미지 한 장마다 PIL → tensor 변환을 하는 일 자체는 그대로다. 코어가 몇 개인지도 보자
        (`os.cpu_count()`).
        """,
        """
        공정한 비교는 **worker 수만** 다르다: 5절의 `torchvision_loader`와 같은 데이터
        (`torchvision.datasets.MNIST(root=torchvision_root, train=True, transform=transforms.ToTensor())`),
        같은 `batch_size=200`, 같은 `shuffle=True`.
        """,
    ],
    solution="""
        ```python
        workers_loader = torch.utils.data.DataLoader(
            torchvision.datasets.MNIST(root=torchvision_root, train=True, transform=transforms.ToTensor()),
            batch_size=200,
            shuffle=True,
            num_workers=2,
        )
        ```

        그리고 `time_one_pass(workers_loader)`로 잰다. 코어가 적은 컴퓨터에서는 조금 빨라지거나, worker 프로세스를
        띄우고 batch를 프로세스 사이로 옮기는 비용 때문에 오히려 느려질 수도 있다. 어느 쪽이든 메모리 위 loader보다
        느리다: worker는 일을 나눌 뿐, 6만 장을 한 장씩 PIL → tensor로 바꾸고 다시 묶는 일 자체는 그대로 남는다.
        메모리 위 loader는 그 일을 처음 한 번만 한다.
    """,
    correct=(
        "worker 2개 말고는 비교 대상과 같은 loader입니다 (같은 데이터, batch 크기, 섞기). "
        "시간은 컴퓨터마다 다르니 코어 수(os.cpu_count())와 함께 읽으세요."
    ),
)


# ---------------------------------------------------------------- q4: 선택용 set의 크기와 selection bias


def _planted_correct(n_cand: int, n_val: int, sel_size: int, seed: int) -> torch.Tensor:
    """후보별 정답 여부 (n_cand, n_val): 조각마다 최고 후보가 하나뿐이도록 한 후보를 그 조각에서 다 맞히게 둔다."""
    g = torch.Generator().manual_seed(seed)
    p = 0.75 + 0.1 * torch.rand(n_cand, 1, generator=g)
    correct = (torch.rand(n_cand, n_val, generator=g) < p).float()
    for k in range(n_val // sel_size):
        lucky = (7 * k + seed) % n_cand
        correct[lucky, k * sel_size : (k + 1) * sel_size] = 1.0
    return correct


def _chunk_biases(correct: torch.Tensor, sel_size: int, variant: str = "right") -> list[float]:
    """10절의 조각 반복을 손으로 계산한 값 (variant: 흔한 실수를 흉내 낸 계산)."""
    n_val = correct.shape[1]
    out = []
    for k in range(n_val // sel_size):
        chunk = 0 if variant == "same_chunk" else k
        is_sel = torch.zeros(n_val, dtype=torch.bool)
        is_sel[chunk * sel_size : (chunk + 1) * sel_size] = True
        sel_acc = correct[:, is_sel].mean(dim=1)
        new_acc = correct[:, ~is_sel].mean(dim=1)
        b = int(new_acc.argmax()) if variant == "picked_on_new" else int(sel_acc.argmax())
        picked_gap = (sel_acc[b] - new_acc[b]).item()
        mean_gap = (sel_acc - new_acc).mean().item()
        out.append(picked_gap if variant == "no_baseline" else picked_gap - mean_gap)
    return out


def _close(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(math.isclose(x, y, abs_tol=1e-5) for x, y in zip(a, b, strict=True))


def _check_q4(selection_bias: Any) -> None:
    for n_val, sel_size, seed in [(1000, 100, 0), (1000, 300, 1)]:
        correct = _planted_correct(24, n_val, sel_size, seed)
        out = call(selection_bias, correct.clone(), sel_size)
        if is_blank(out):
            not_attempted()
        if isinstance(out, float | int) or (isinstance(out, torch.Tensor) and out.dim() == 0):
            wrong(
                "mean_only",
                "숫자 하나를 돌려줬습니다: 조각마다의 selection bias **목록**을 돌려주세요. "
                "평균 ± 표준편차는 그 목록으로 report.fmt_mean_std가 만듭니다.",
            )
        try:
            got = [float(v) for v in out]
        except (TypeError, ValueError, RuntimeError):
            wrong("not_list", f"조각별 selection bias(숫자) 목록을 돌려줘야 하는데 {type(out).__name__}입니다.")
        n_chunks = n_val // sel_size
        if len(got) != n_chunks:
            wrong(
                "chunk_count",
                f"validation {n_val:,}장을 {sel_size}장 조각으로 나누면 겹치지 않는 조각이 {n_chunks}개인데 "
                f"값이 {len(got)}개입니다: range(n_val // sel_size)로 조각을 세세요 (남는 이미지는 버린다).",
            )
        if _close(got, _chunk_biases(correct, sel_size)):
            continue
        if _close(got, [-v for v in _chunk_biases(correct, sel_size)]):
            wrong("sign", "부호가 반대입니다: selection bias는 (선택용 set 점수 − 새 set 점수)에서 시작합니다.")
        if _close(got, _chunk_biases(correct, sel_size, "no_baseline")):
            wrong(
                "no_baseline",
                "고른 후보의 차이(선택용 − 새)를 그대로 돌려줬습니다: 그 조각이 쉬운 이미지를 뽑은 몫"
                "(평균 후보의 차이)을 빼야 '최고를 골라서' 생긴 부풀림만 남습니다.",
            )
        if _close(got, _chunk_biases(correct, sel_size, "picked_on_new")):
            wrong(
                "picked_on_new",
                "새 set 점수가 가장 높은 후보를 골랐습니다: 고르는 일은 선택용 set(sel_acc)으로만 하고, 새 set은 고른 "
                "후보를 다시 재는 데만 씁니다.",
            )
        if _close(got, _chunk_biases(correct, sel_size, "same_chunk")):
            wrong(
                "same_chunk",
                "모든 조각에서 같은 값이 나옵니다: 선택용 set이 늘 첫 조각입니다. k번째 조각은 "
                "[k * sel_size : (k + 1) * sel_size]입니다.",
            )
        wrong(
            "values",
            f"sel_size={sel_size}일 때 조각별 selection bias가 손으로 계산한 값과 다릅니다 "
            "(10절의 조각 반복 코드와 비교해 보세요).",
        )


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        """
        정확도 p를 n장으로 재면 잡음의 표준편차는 약 √(p(1−p)/n)이다. n이 작을수록 잡음이 크고,
        최댓값을 고를 때 딸려 오는 운도 커진다. 10절의 조각 반복 코드를 함수로 만들어 `sel_size`만 바꿔 부르면 된다.
        """,
        """
        조각 k마다: `is_sel`(k번째 조각만 True)로 `sel_acc`와 `new_acc`를 구하고, `b = int(sel_acc.argmax())`로 선택용
        set의 1등을 고른다. selection bias = `(sel_acc[b] - new_acc[b]) - (sel_acc - new_acc).mean()`. 이 값들을
        목록에 모아 돌려준다.
        """,
    ],
    solution="""
        ```python
        def selection_bias(correct, sel_size):
            \"\"\"조각마다 최고 후보를 고르고, (고른 후보의 차이 - 평균 후보의 차이)들을 돌려준다.\"\"\"
            n_val = correct.shape[1]
            biases = []
            for k in range(n_val // sel_size):
                is_sel = torch.zeros(n_val, dtype=torch.bool)
                is_sel[k * sel_size : (k + 1) * sel_size] = True
                sel_acc = correct[:, is_sel].mean(dim=1)
                new_acc = correct[:, ~is_sel].mean(dim=1)
                b = int(sel_acc.argmax())
                biases.append(((sel_acc[b] - new_acc[b]) - (sel_acc - new_acc).mean()).item())
            return biases
        ```

        선택용 set이 작을수록(100장) selection bias가 커지고, 클수록(2,500장) 작아진다. 0이 되지는 않는다.
        저장된 full mode run에서는 100장 +0.029, 500장 +0.013, 2,500장 +0.006이었다: 잡음 √(p(1−p)/n)은 n이 25배가 되면
        1/5이 되는데, bias도 0.029 → 0.006으로 약 1/5이 되었다.
    """,
    correct="조각별 selection bias가 손으로 계산한 값과 같습니다. 이제 선택용 set 크기 100 / 500 / 2,500을 비교하세요.",
)


# ---------------------------------------------------------------- q5: 초기 loss가 이상할 때


def _default_small_model() -> models.SmallSizeModel:
    """``settings.seed_everything(42)`` 직후에 만든 SmallSizeModel (학습자의 난수 상태는 건드리지 않는다)."""
    with own_rng(42):
        return models.SmallSizeModel()


def _check_q5(scaled_model: Any, scaled_result: Any, val_loader: Any) -> None:
    if is_blank(scaled_model) or is_blank(scaled_result):
        not_attempted()
    if not isinstance(scaled_model, models.SmallSizeModel):
        wrong("wrong_model", f"SmallSizeModel을 넘겨야 하는데 {type(scaled_model).__name__}입니다.")
    ref = _default_small_model()
    w, w0 = scaled_model.output.weight.detach().cpu(), ref.output.weight.detach()
    b, b0 = scaled_model.output.bias.detach().cpu(), ref.output.bias.detach()
    if torch.allclose(w, w0):
        wrong(
            "not_scaled",
            "출력층 가중치가 기본 초기화 그대로입니다: ×10이 모델에 적용되지 않았습니다 "
            "(곱한 결과를 새 변수에만 담았거나, 다른 모델을 바꿨는지 확인하세요).",
        )
    if torch.allclose(w, 100 * w0):
        wrong(
            "scaled_twice",
            "출력층 가중치가 100배입니다: ×10을 두 번 적용했습니다. 모델을 새로 만들지 않고 셀을 다시 실행하면 "
            "이미 10배가 된 가중치에 또 곱합니다.",
        )
    if not torch.allclose(w, 10 * w0):
        ratio = (w.flatten() @ w0.flatten() / (w0.flatten() @ w0.flatten())).item()
        if torch.allclose(w, ratio * w0, rtol=1e-4, atol=1e-6):
            wrong("factor", f"출력층 가중치가 약 {ratio:.3g}배입니다: 10배로 키우세요.")
        wrong(
            "other_init",
            "settings.seed_everything(42) 바로 다음에 만든 SmallSizeModel이 아닙니다: 8절의 check_model과 "
            "같은 초기값에서 가중치만 10배로 해야 두 초기 loss를 비교할 수 있습니다.",
        )
    if torch.allclose(b, 10 * b0) and not torch.allclose(b, b0):
        wrong(
            "bias_scaled",
            "bias까지 10배로 키웠습니다: 문제는 출력층의 가중치(output.weight)만 키웁니다. "
            "scaled_model.output.weight만 곱하세요.",
        )
    if not torch.allclose(b, b0):
        wrong("bias_changed", "출력층의 bias가 기본 초기화와 다릅니다: 가중치(output.weight)만 바꾸세요.")
    if isinstance(scaled_result, float | int) or not hasattr(scaled_result, "__len__") or len(scaled_result) != 2:
        wrong(
            "result_pair",
            f"scaled_result는 train.evaluate가 돌려주는 (loss, accuracy) 두 값이어야 하는데 {scaled_result!r}입니다.",
        )
    loss, acc = (float(v) for v in scaled_result)
    loss_fn = nn.CrossEntropyLoss()
    ref_loss, ref_acc = call(train.evaluate, val_loader, scaled_model, loss_fn)  # 학습자의 모델과 loader
    if math.isclose(loss, ref_acc, abs_tol=1e-6) and math.isclose(acc, ref_loss, abs_tol=1e-6):
        wrong("swapped", "loss와 accuracy의 순서가 바뀌었습니다: train.evaluate는 (loss, accuracy) 순서로 돌려줍니다.")
    before_loss, _ = call(train.evaluate, val_loader, ref.to(next(scaled_model.parameters()).device), loss_fn)
    if math.isclose(loss, before_loss, rel_tol=1e-5):
        wrong(
            "measured_before",
            f"loss {loss:.4f}는 가중치를 키우기 **전** 모델의 초기 loss입니다: ×10을 한 뒤에 train.evaluate로 재세요.",
        )
    if not (math.isclose(loss, ref_loss, rel_tol=1e-5) and math.isclose(acc, ref_acc, abs_tol=1e-9)):
        wrong(
            "mismatch",
            "scaled_model을 validation set(val_loader)에서 train.evaluate로 잰 값과 다릅니다: "
            "test set이나 train set으로 쟀는지, 다른 모델을 쟀는지 확인하세요.",
        )


q5 = Exercise(
    "q5",
    _check_q5,
    hints=[
        """
        logit이 10배 커지면 softmax가 한 클래스에 거의 모든 확률을 몰아준다. 찍은 답이 틀리면(대부분 틀린다) 그 샘플의
        loss는 −ln(아주 작은 확률)이 된다. `train.evaluate(val_loader, model, loss_fn)`으로 잰다.
        """,
        """
        학습되는 가중치를 제자리에서 바꿀 때는 gradient 기록을 끈다:
        `with torch.no_grad(): scaled_model.output.weight *= 10` (또는 `scaled_model.output.weight.data *= 10`).
        모델을 만드는 줄과 같은 셀에 두어야, 셀을 다시 실행해도 100배, 1000배가 되지 않는다.
        """,
    ],
    solution="""
        ```python
        settings.seed_everything(42)  # 8절의 check_model과 같은 초기값
        scaled_model = models.SmallSizeModel()
        with torch.no_grad():
            scaled_model.output.weight *= 10

        scaled_result = train.evaluate(val_loader, scaled_model, loss_fn)
        ```

        loss가 ln(10) ≈ 2.3보다 분명히 크다 (저장된 full mode run에서 2.29 → 3.63).
        accuracy는 여전히 찍는 수준(0.1 안팎)이다: 가중치를 곱해도 가장 큰 logit의 위치(argmax)는 거의 바뀌지 않는다.
        즉 "자신 있게 틀리는" 초기화이고, sanity check (a)가 잡아내는 경우다.
    """,
    correct=(
        "출력층 가중치만 10배로 키운 모델을 validation set에서 쟀습니다. "
        "초기 loss를 ln(10) ≈ 2.303, 9절의 값과 비교하세요."
    ),
)
