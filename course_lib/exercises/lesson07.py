"""07 노트북(한 조건, 한 판정 규칙으로 기법 비교)의 연습 문제: ``q1`` ... ``q5``.

- q1: record에서 seed별 validation 차이(기법 − 대조군)를 같은 seed끼리 짝지어 뺀다
- q2: seed 하나의 정답 여부로 판정 규칙(``stats.paired_bootstrap``)을 부른다
- q3: 최종 모델은 validation으로 고른다 (test로 고르지 않는다)
- q4: 10 epoch 예산의 짝지은 실행과 판정 (40 epoch run의 처음 10 epoch과 같은 run인지, 판정 규칙을 거쳤는지)
- q5: 가장 아슬아슬한 비교를 validation 구간으로 골라 seed 5개로 다시 판정
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import torch

from .. import settings, stats
from ..history import History
from ._core import Exercise, call, is_blank, not_attempted, wrong

__all__ = ["q1", "q2", "q3", "q4", "q5"]

TOL = 1e-9  # 같은 run에서 나온 정확도는 (float로 옮겨 적었을 뿐) 같아야 한다
ARMS = ("control", "dropout", "wd", "bn", "dropout_wd")  # 07 노트북 2절의 실험 key


def _close(a: Sequence[float], b: Sequence[float], tol: float = TOL) -> bool:
    a, b = list(a), list(b)
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _need_record(record: Any, name: str) -> Mapping[str, Any]:
    """``report.compare_paired`` 가 돌려준 record인지: 판정 규칙(``stats.paired_bootstrap``)을 거쳤는지."""
    if not isinstance(record, Mapping) or record.get("rule") != stats.RULE or "verdict_val" not in record:
        wrong(
            "no_rule",
            f"{name}이(가) report.compare_paired(...)가 돌려준 판정 record가 아닙니다 ({type(record).__name__}). "
            "평균이나 seed 하나의 차이로 결론을 내지 말고, 강좌의 판정 규칙(stats.paired_bootstrap을 validation과 "
            "test에 적용하는 report.compare_paired)으로 판정하세요.",
        )
    return record


# ---------------------------------------------------------------------------------------------------------------
# q1. seed 하나만 봤다면: seed별 차이

# 손으로 만든 record: validation과 test의 차이가 다르고, seed마다 부호가 다르다 (어느 실수인지 구별되도록)
Q1_RECORD = {
    "lesson": "07",
    "technique": "예시",
    "control": "control",
    "treated": "dropout",
    "seeds": [0, 1, 2],
    "val_acc": {"control": [0.9000, 0.9100, 0.9050], "treated": [0.9048, 0.9088, 0.9032]},
    "test_acc": {"control": [0.8950, 0.9000, 0.9100], "treated": [0.9020, 0.8990, 0.9150]},
    "verdict_val": "within noise",
    "verdict_test": "within noise",
    "rule": stats.RULE,
}
Q1_WANT = [0.0048, -0.0012, -0.0018]  # treated − control, 같은 seed끼리 (validation)


def _diffs(record: Mapping[str, Any], split: str = "val_acc", order: Sequence[int] = (0, 1, 2)) -> list[float]:
    c, t = record[split]["control"], record[split]["treated"]
    return [t[order[i]] - c[i] for i in range(len(c))]


def _check_q1(per_seed_diffs: Any) -> None:
    out = call(per_seed_diffs, Q1_RECORD)
    if is_blank(out):
        not_attempted()
    if isinstance(out, torch.Tensor):
        out = out.tolist()
    if isinstance(out, int | float) and not isinstance(out, bool):
        wrong(
            "mean_only",
            f"숫자 하나({float(out):+.4f})를 돌려주었습니다: seed별 차이의 목록이어야 합니다. 평균 하나로는 seed마다 "
            "부호가 바뀌는지 볼 수 없습니다.",
        )
    try:
        got = [float(v) for v in out]
    except (TypeError, ValueError):
        wrong("not_list", f"seed별 차이의 목록(숫자 3개)을 돌려주어야 하는데 {out!r}을(를) 돌려주었습니다.")
    if _close(got, Q1_WANT):
        return
    if _close(got, [-d for d in Q1_WANT]):
        wrong("reversed", "부호가 반대입니다: 차이는 기법 쪽(treated) − 대조군(control)입니다.")
    if _close(got, _diffs(Q1_RECORD, "test_acc")):
        wrong(
            "used_test",
            "test accuracy로 계산했습니다. 이 문제는 validation 판정(verdict_val)과 비교하므로 record['val_acc']를 "
            "씁니다.",
        )
    if _close(got, [100 * d for d in Q1_WANT]):
        wrong("percent", "%p로 바꾸어 돌려주었습니다: record의 정확도와 같은 단위(비율, 예: 0.0048)로 돌려주세요.")
    for order in itertools.permutations(range(3)):
        if order != (0, 1, 2) and _close(got, _diffs(Q1_RECORD, order=order)):
            wrong(
                "unpaired",
                "다른 seed끼리 뺐습니다. 차이는 **같은 seed**의 대조군과 기법 쪽끼리 빼야 합니다 (같은 자리끼리: "
                "zip(record['val_acc']['control'], record['val_acc']['treated'])).",
            )
    wrong("other", f"seed별 차이는 {Q1_WANT}여야 하는데 {got}입니다 (예시 record로 검사).")


q1 = Exercise(
    "q1",
    _check_q1,
    hints=[
        """
        `records`의 각 record에 `val_acc`가 `{"control": [seed별], "treated": [seed별]}`로 들어 있다. 같은 자리끼리
        뺀다.
        """,
        """
        `zip(record["val_acc"]["control"], record["val_acc"]["treated"])`로 같은 seed의 두 값을 짝지어 `t - c`의
        목록을 돌려준다. 그다음 `for r in records:`로 차이의 부호와 `r["verdict_val"]`을 나란히 출력한다.
        """,
    ],
    solution='''
    ```python
    def per_seed_diffs(record):
        """record의 seed별 validation accuracy 차이 (기법 − 대조군), 같은 seed끼리."""
        return [t - c for c, t in zip(record["val_acc"]["control"], record["val_acc"]["treated"], strict=True)]
    ```

    판정이 helps나 hurts인 비교는 세 seed의 부호가 모두 판정과 같다. 판정이 "within noise"인 비교에서는 seed에 따라
    부호가 바뀔 수 있다: seed 하나로 결론을 내면 그런 비교에서 근거 없는 결론을 낸다. 세 seed가 모두 같은 방향인데도
    within noise인 비교도 있다: 평가 이미지의 흔들림까지 넣으면 0을 배제할 수 없는 경우다.
    ''',
    correct=(
        "같은 seed끼리 짝지은 validation 차이(기법 − 대조군)입니다. 이제 records마다 부호를 판정(verdict_val)과 "
        "비교하세요."
    ),
)


# ---------------------------------------------------------------------------------------------------------------
# q2. seed가 하나뿐이면 구간은


def _q2_hits() -> tuple[list[tuple[torch.Tensor, torch.Tensor]], list[tuple[torch.Tensor, torch.Tensor]]]:
    """seed 3개 × (validation 60장, test 40장)의 정답 여부. seed마다, validation과 test마다 다르다."""
    g = torch.Generator().manual_seed(0)
    control, treated = [], []
    for rate in (0.55, 0.7, 0.85):
        control.append((torch.rand(60, generator=g) < rate, torch.rand(40, generator=g) < rate))
        treated.append((torch.rand(60, generator=g) < rate + 0.1, torch.rand(40, generator=g) < rate + 0.1))
    return control, treated


def _check_q2(one_seed_interval: Any) -> None:
    control, treated = _q2_hits()
    out = call(one_seed_interval, control, treated, 1)
    if is_blank(out):
        not_attempted()
    if not isinstance(out, stats.Comparison):
        wrong(
            "no_rule",
            f"stats.paired_bootstrap(...)의 결과(Comparison)를 돌려주어야 하는데 {type(out).__name__} 값입니다. "
            "평균의 차이만으로는 구간도 판정도 없습니다: 판정 규칙을 부르세요.",
        )

    def rule(c: Any, t: Any) -> stats.Comparison:
        return stats.paired_bootstrap(c, t)

    want = rule(control[1][0][None], treated[1][0][None])
    if out.seeds != 1:
        wrong(
            "not_one_seed",
            f"seed {out.seeds}개로 판정했습니다. seed i 하나의 validation 정답 여부만 (1, 이미지 수) 모양으로 "
            "넘기세요: control_hits[i][0][None], treated_hits[i][0][None].",
        )
    if out == want:
        return
    if out == rule(control[1][1][None], treated[1][1][None]):
        wrong(
            "used_test",
            "test 정답 여부로 판정했습니다: hits[...][i]는 (validation, test)이므로 validation은 [0]입니다.",
        )
    if out == rule(treated[1][0][None], control[1][0][None]):
        wrong(
            "reversed",
            "대조군과 기법 쪽을 바꾸어 넘겼습니다: stats.paired_bootstrap(대조군, 기법 쪽) 순서입니다 (차이 = 기법 − "
            "대조군).",
        )
    if out == rule(control[0][0][None], treated[0][0][None]):
        wrong("ignores_i", "i와 상관없이 seed 0을 썼습니다. 함수가 받은 i번째 seed를 쓰세요.")
    if any(out == rule(control[1][0][None], treated[j][0][None]) for j in (0, 2)):
        wrong("unpaired", "대조군과 기법 쪽에서 다른 seed를 짝지었습니다: 둘 다 같은 i번째 seed여야 합니다.")
    wrong("other", f"seed 1의 validation 판정은 {want}여야 하는데 {out}입니다 (예시 정답 여부로 검사).")


q2 = Exercise(
    "q2",
    _check_q2,
    hints=[
        """
        `from course_lib import stats` 후 `stats.paired_bootstrap(hits["control"][0][0][None],
        hits["dropout"][0][0][None])`처럼 (seed 1개, 이미지 수) 모양으로 넘긴다. seed가 하나면 seed를 복원 추출해도 늘
        같은 seed다.
        """,
        """
        `control_hits[i]`는 seed i의 `(validation 정답 여부, test 정답 여부)`다. `[0]`이 validation, `[None]`이 앞에
        seed 축을 하나 붙인다. 대조군을 먼저, 기법 쪽을 다음에 넘긴다. seed 3개의 구간은 `torch.stack([v for v, _ in
        control_hits])`로.
        """,
    ],
    solution='''
    ```python
    def one_seed_interval(control_hits, treated_hits, i):
        """seed i 하나의 validation 정답 여부로 낸 판정 규칙의 결과 (seed 축 1개)."""
        return stats.paired_bootstrap(control_hits[i][0][None], treated_hits[i][0][None])
    ```

    seed 하나의 구간은 평가 이미지의 표본 추출만 반영한다. 그런데 폭이 seed 3개의 구간보다 좁지는 않다: seed 3개이면
    이미지마다 세 쌍의 차이를 평균하므로 이미지 쪽 흔들림이 줄고, 대신 seed 쪽 흔들림이 더해지기 때문이다. seed 하나의
    구간에는 seed 간 흔들림이 빠져 있어, 다른 seed로 돌린 차이가 그 구간 밖에 놓일 수 있다. 그래서 판정에는 seed 여러
    개가 필요하다.
    ''',
    correct="seed 하나의 validation 정답 여부로 판정 규칙을 불렀습니다. seed 3개의 구간과 폭, 위치를 비교하세요.",
)


# ---------------------------------------------------------------------------------------------------------------
# q3. test set으로 고르면

# (이름, seed, val acc at selected epoch, test acc)
# validation 최고(bn 0), test 최고(wd 2), 둘의 합 최고(dropout 2)가 모두 다르다
Q3_RUNS = [
    ("control", 0, 0.9021, 0.9005),
    ("dropout", 1, 0.9110, 0.9078),
    ("wd", 2, 0.9190, 0.9201),
    ("bn", 0, 0.9215, 0.9166),
    ("bn", 2, 0.9150, 0.9190),
    ("dropout", 2, 0.9205, 0.9195),  # validation + test가 가장 크다: 둘을 섞어 고르면 이 run
]


def _check_q3(select_final: Any) -> None:
    out = call(select_final, list(Q3_RUNS))
    if is_blank(out):
        not_attempted()
    by = {
        "val": max(Q3_RUNS, key=lambda r: r[2]),
        "test": max(Q3_RUNS, key=lambda r: r[3]),
        "val_min": min(Q3_RUNS, key=lambda r: r[2]),
        "sum": max(Q3_RUNS, key=lambda r: r[2] + r[3]),
    }
    if isinstance(out, int) and not isinstance(out, bool) and 0 <= out < len(Q3_RUNS):
        out = Q3_RUNS[out]  # 번호로 돌려주어도 받아 준다
    if isinstance(out, list) and len(out) == len(Q3_RUNS):
        wrong("not_one", "run 목록 전체(정렬한 것)를 돌려주었습니다: 최종 모델로 보고할 run **하나**를 돌려주세요.")
    if out == by["val"]:
        return
    if out == by["test"]:
        wrong(
            "selected_by_test",
            "test accuracy가 가장 높은 run을 골랐습니다. test로 고르면 그 test 점수는 고르는 데 쓴 점수라 낙관적으로 "
            "치우칩니다: 최종 모델은 validation(val acc at selected epoch)으로 고르고, test는 고른 모델의 보고에만 "
            "씁니다.",
        )
    if out == by["sum"]:
        wrong(
            "mixed_test",
            "validation과 test를 함께 써서 골랐습니다. test가 고르는 데 조금이라도 들어가면 test 점수는 더 이상 "
            "치우침 없는 추정이 아닙니다: validation만으로 고르세요.",
        )
    if out == by["val_min"]:
        wrong("lowest", "validation accuracy가 가장 **낮은** run을 골랐습니다: max로 고르세요.")
    wrong("other", f"val acc at selected epoch이 가장 높은 run은 {by['val']}인데 {out!r}을(를) 돌려주었습니다.")


q3 = Exercise(
    "q3",
    _check_q3,
    hints=[
        """
        진짜 정확도가 모두 0.92로 같은 모델 15개를 10,000장으로 평가하는 상황을 `import numpy as np` 후
        `np.random.default_rng(0).binomial(10_000, 0.92, size=(2000, 15)) / 10_000`으로 흉내 내고, 15개 중 최댓값이
        0.92보다 평균 얼마나 높은지 보라.
        """,
        """
        `runs`는 `(이름, seed, val acc at selected epoch, test acc)`의 목록이다. 최종 모델은 `max(runs, key=lambda r:
        r[2])`처럼 validation 점수로만 고른다. 비교를 위해 test로 고른 run(`r[3]`)도 따로 찾아 보되, 그것을 최종
        모델로 삼지는 않는다.
        """,
    ],
    solution='''
    ```python
    def select_final(runs):
        """최종 모델로 보고할 run 하나: validation(r[2])으로만 고른다 (test로 고르지 않는다)."""
        return max(runs, key=lambda r: r[2])
    ```

    진짜 정확도가 모두 같아도 15개 중 test 최댓값은 평균 0.5%p 가까이 부풀려진다 (풀이 노트북의 시뮬레이션: +0.47%p.
    모델마다 test 오차가 서로 독립이라고 본 시뮬레이션이다; 같은 test set에서는 run들의 오차가 겹치므로 실제 부풀림은
    이보다 작을 수 있지만 방향은 같다).
    test acc가 가장 높은 run을 고르고 그 test acc를 보고하면 그만큼 낙관적인 숫자를 보고하게 된다. validation으로 고른
    run과 test로 고른 run이 우연히 같더라도, test로 고르는 방법 자체가 보고하는 숫자를 치우치게 한다.
    ''',
    correct=(
        "validation으로만 최종 모델을 골랐습니다. test로 고른 run과 같은지, 다르면 test 점수가 얼마나 다른지 보세요."
    ),
)


# ---------------------------------------------------------------------------------------------------------------
# q4. 예산이 바뀌면


def _check_q4(short: Any, record10: Any, long: Any) -> None:
    if is_blank(record10) or is_blank(short):
        not_attempted()
    if isinstance(short, Mapping) and not any(short.values()):
        not_attempted("short가 비어 있습니다: 10 epoch run을 넣으세요.")
    if not isinstance(short, Mapping) or set(short) != {"control", "dropout"}:
        wrong("structure", 'short는 {"control": [...], "dropout": [...]} 모양이어야 합니다 (시작 코드의 모양 그대로).')
    runs: dict[str, list[History]] = {}
    hits: dict[str, list[Any]] = {}
    for key, items in short.items():
        try:
            runs[key] = [h for h, _ in items]
            hits[key] = [hv for _, hv in items]
        except (TypeError, ValueError):
            wrong(
                "structure",
                f'short["{key}"]에는 seed마다 (History, (validation 정답 여부, test 정답 여부))를 넣습니다.',
            )
        if not all(isinstance(h, History) for h in runs[key]):
            wrong("structure", f'short["{key}"]의 각 항목의 첫 값은 train.fit(...)이 돌려준 History여야 합니다.')
    n = len(runs["control"])
    if n < 2:
        wrong(
            "one_seed",
            f"seed {n}개로 판정했습니다. seed 하나로는 seed 간 흔들림을 잴 수 없습니다: 40 epoch 판정과 같은 seed 0, "
            "1, 2로 돌리세요.",
        )
    if len(runs["dropout"]) != n:
        wrong("unpaired", "control과 dropout의 run 수가 다릅니다: seed마다 두 설정을 하나씩 돌려야 짝지을 수 있습니다.")
    budgets = {h.epochs_requested for hs in runs.values() for h in hs}
    if budgets != {10}:
        wrong("budget", f"10 epoch 예산이어야 하는데 epochs={sorted(budgets)}로 학습했습니다.")
    # 고정 lr + paired loader: seed i의 10 epoch run은 같은 seed의 40 epoch run의 처음 10 epoch과 똑같아야 한다
    for key in ("control", "dropout"):
        longs = list(long[key])
        for i, h in enumerate(runs[key]):
            if i < len(longs) and _close(h.val_loss, longs[i].val_loss[: h.epochs_run], 1e-6):
                continue
            if any(_close(h.val_loss, other.val_loss[: h.epochs_run], 1e-6) for other in longs):
                wrong(
                    "seed_order",
                    f"{key}의 {i}번째 run이 40 epoch run의 다른 seed와 같습니다: seed를 0, 1, 2 순서로 넣으세요 "
                    "(판정은 같은 자리끼리 짝짓습니다).",
                )
            wrong(
                "unpaired",
                f"{key}의 {i}번째 run의 기록이 같은 seed의 40 epoch run의 처음 {h.epochs_run} epoch과 다릅니다. 학습 "
                "직전에 settings.seed_everything(seed)를 불렀는지, 3절과 같은 paired=True "
                "train_loader·모델·optimizer인지 보세요: 짝지은 실행이 아니면 차이에 seed와 batch 순서의 흔들림이 "
                "섞입니다.",
            )
    record = _need_record(record10, "record10")
    if len(record["seeds"]) != n:
        wrong("one_seed", f"record10은 seed {len(record['seeds'])}개로 판정했는데 short에는 seed {n}개가 있습니다.")
    acc = {key: [float(hv[0].float().mean()) for hv in hits[key]] for key in hits}
    val = record["val_acc"]
    if _close(val["control"], acc["dropout"], 1e-6) and _close(val["treated"], acc["control"], 1e-6):
        wrong(
            "swapped",
            "대조군과 기법 쪽을 바꾸어 넘겼습니다: compare_paired(..., control 결과, dropout 결과) 순서입니다.",
        )
    if not (_close(val["control"], acc["control"], 1e-6) and _close(val["treated"], acc["dropout"], 1e-6)):
        wrong(
            "stale_record",
            "record10의 seed별 정확도가 short의 10 epoch run과 다릅니다: 다른 run(예: 40 epoch run의 hits)으로 "
            "판정했습니다. "
            'short["control"]과 short["dropout"]의 정답 여부를 compare_paired에 넘기세요.',
        )


q4 = Exercise(
    "q4",
    _check_q4,
    hints=[
        """
        판정에는 이미지별 정답 여부가 필요하므로 10 epoch run을 새로 돌린다 (2,000장이라 금방이다). 고정 lr에
        `paired=True` loader면 10 epoch run의 처음 10 epoch은 40 epoch run과 똑같다 (`h.val_loss[:10]`으로 확인).
        cosine schedule처럼 전체 epoch 수로 lr을 정하는 scheduler는 그렇지 않다: `T_max=40`인 run의 epoch 10은
        `T_max=10`인 run의 epoch 10과 lr이 다르다.
        """,
        """
        3절의 학습 셀과 같게: seed마다 `settings.seed_everything(seed)` → 모델 → AdamW → `train.fit(..., 10, ...)`,
        끝나면 selected epoch의 가중치(`restore_best=True` 또는 checkpoint)로 `(correct_per_sample(val_loader, model),
        correct_per_sample(test_loader, model))`을 재어 `(History, 그 tuple)`을 `short[key]`에 넣는다. 판정은
        `report.compare_paired("07", ..., "control", "dropout", SEEDS, [hv for _, hv in short["control"]], [hv for _,
        hv in short["dropout"]])`.
        """,
    ],
    solution="""
    ```python
    short = {key: [run(key, seed, epochs=10) for seed in SEEDS] for key in ("control", "dropout")}
    ```

    ```python
    record10 = report.compare_paired(
        "07",
        "dropout 0.5 (10 epochs)",
        {"train_images": SMALL_TRAIN, "epochs": 10},
        "control",
        "dropout",
        SEEDS,
        [hits for _, hits in short["control"]],
        [hits for _, hits in short["dropout"]],
    )
    ```

    (`run`은 풀이 노트북 첫 셀의 함수: 07 노트북 3절과 같은 run을 `restore_best=True`로 돌려 selected epoch 모델의
    정답 여부를 잰다.) 고정 lr이라 10 epoch run의 처음 10 epoch은 40 epoch run과 똑같다. 판정은 selected epoch의
    모델끼리 비교하므로, selected epoch이 10 epoch 안에 있으면 예산을 줄여도 거의 같은 모델을 고르고 판정도 거의
    같다 (풀이 노트북: validation +0.80%p, test +0.64%p, 둘 다 helps; 40 epoch은 +0.83 / +0.68). 마지막 epoch의
    모델끼리 비교한다면 예산에 따라 판정이 달라질 수 있다: 결론에는 언제나 예산과 고르는 방법을 함께 적는다.
    """,
    correct=(
        "10 epoch run이 같은 seed의 40 epoch run의 처음과 같고(짝지은 실행), 판정 규칙으로 판정했습니다. 40 epoch "
        "판정과 비교하세요."
    ),
)


# ---------------------------------------------------------------------------------------------------------------
# q5. (도전) 아슬아슬한 판정은 seed를 늘려서


def _candidates(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """07 노트북 5절의 selected epoch 모델끼리의 비교 (마지막 epoch 모델끼리, best checkpoint 비교는 뺀다)."""
    return [
        r
        for r in records
        if r.get("lesson") == "07"
        and r.get("control") in ARMS
        and r.get("treated") in ARMS
        and "(last-epoch models)" not in r.get("technique", "")
    ]


def _closeness(r: Mapping[str, Any], split: str) -> float:
    d = r[split]
    return min(abs(d["low"]), abs(d["high"]))


def _check_q5(record5: Any, records: Any) -> None:
    if is_blank(record5):
        not_attempted()
    candidates = _candidates(records if isinstance(records, Sequence) else [])
    if not candidates:
        wrong("no_records", "두 번째 인자에는 5절의 판정 record 목록(records)을 넣어야 합니다.")
    record = _need_record(record5, "record5")
    closest = min(candidates, key=lambda r: _closeness(r, "delta_val"))
    by_test = min(candidates, key=lambda r: _closeness(r, "delta_test"))
    pair = (record.get("control"), record.get("treated"))
    if pair != (closest["control"], closest["treated"]):
        if pair == (by_test["control"], by_test["treated"]):
            wrong(
                "chose_by_test",
                f"test 구간으로 비교를 골랐습니다({by_test['technique']}). 무엇을 다시 잴지도 고르는 일이므로 "
                f"validation 구간으로 고릅니다: validation 구간이 0에 가장 가까운 비교는 {closest['technique']}입니다.",
            )
        wrong(
            "wrong_comparison",
            f"다시 판정한 비교({pair[1]} − {pair[0]})가 validation 구간의 끝이 0에 가장 가까운 "
            f"비교({closest['technique']}: {closest['treated']} − {closest['control']})가 아닙니다.",
        )
    seeds = list(record["seeds"])
    old = list(closest["seeds"])
    if seeds[: len(old)] != old or len(seeds) <= len(old):
        if set(seeds).isdisjoint(old):
            wrong(
                "new_seeds_only",
                f"새 seed({seeds})만으로 판정했습니다. 원래 seed {old}에 새 seed를 **더해** 판정해야 seed가 늘어난 "
                "판정이 됩니다 (hits에 이어 붙이고 SEEDS + [3, 4]).",
            )
        wrong("seeds", f"seed {seeds}로 판정했습니다: 원래 seed {old} 뒤에 새 seed를 이어 붙인 seed 5개로 판정하세요.")
    # 원래 seed의 run은 5절의 run과 같아야 한다 (같은 설정을 다시 돌렸을 뿐). smoke mode에서는 저장된 full mode 판정과
    # 비교하게 될 수 있어(풀이 노트북) 숫자를 맞춰 보지 않는다
    if not settings.is_smoke():
        k = len(old)
        for arm in ("control", "treated"):
            if not _close(record["val_acc"][arm][:k], closest["val_acc"][arm], 1e-6):
                wrong(
                    "unpaired",
                    f"seed {old}의 {arm} 정확도가 5절의 run과 다릅니다: 같은 설정·같은 seed로 돌린 run(5절의 hits)을 "
                    "쓰고 새 seed의 run만 더하세요.",
                )
    if not all(math.isfinite(record["delta_val"][k]) for k in ("low", "high")):
        wrong("other", "record5의 구간이 유한한 값이 아닙니다.")


q5 = Exercise(
    "q5",
    _check_q5,
    hints=[
        """
        3절의 학습 셀을 함수로 만들어 seed 3, 4만 돌리고, `hits`에 이어 붙인 뒤 `report.compare_paired(...)`에 `SEEDS
        + [3, 4]`를 넘긴다. 학습 시간은 run마다 몇 초다 (07 노트북 3절 표의 마지막 열이 그
        기계에서 run 하나에 걸린 시간이다).
        """,
        """
        고르는 것부터: selected epoch 비교(5절 표의 위 여섯 줄: `(last-epoch models)`가 붙지 않고, 마지막 줄
        "best checkpoint … instead of the last epoch"도 아닌 것) 가운데
        `min(abs(r["delta_val"]["low"]), abs(r["delta_val"]["high"]))`이 가장 작은 record. 그 record의 `control`,
        `treated`가 다시 돌릴 두 key다. 고르는 데는 validation 구간만 쓴다 (test 구간으로 고르지 않는다).
        """,
    ],
    solution="""
    ```python
    candidates = [r for r in records if r["technique"] in KEYS]
    closest = min(candidates, key=lambda r: min(abs(r["delta_val"]["low"]), abs(r["delta_val"]["high"])))
    control_key, treated_key = KEYS[closest["technique"]]
    ```

    ```python
    SEEDS5 = [0, 1, 2, 3, 4]
    five = {key: [run(key, seed) for seed in SEEDS5] for key in (control_key, treated_key)}
    record5 = report.compare_paired(
        "07",
        f"{closest['technique']} (5 seeds)",
        closest["regime"],
        control_key,
        treated_key,
        SEEDS5,
        [hits for _, hits in five[control_key]],
        [hits for _, hits in five[treated_key]],
    )
    ```

    (`KEYS`는 비교 이름 → (대조군 key, 기법 쪽 key), `run`은 07 노트북 3절과 같은 run: 풀이 노트북에 있다.) seed가
    늘면 seed 쪽 흔들림이 더 잘 잡혀 구간이 좁아질 수 있고(늘 그렇지는 않다), 차이의 추정도 움직인다. 판정이 바뀔 수도
    있다: 그래서 "아슬아슬하면 seed를 늘린다"가 규칙의 일부다 (풀이 노트북: Dropout 0.5, seed 5개로 validation +0.66%p
    [+0.21, +1.12], 여전히 helps).
    """,
    correct="validation 구간이 0에 가장 가까운 비교를 원래 seed에 새 seed를 더해 판정 규칙으로 다시 판정했습니다.",
)
