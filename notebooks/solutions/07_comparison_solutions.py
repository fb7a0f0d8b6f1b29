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
# # 07. 전체 비교 — 연습 문제 풀이
#
# **목표**: 07 노트북 연습 문제 다섯 개의 풀이. 문제 1~4는 07 노트북이 `results/`에 저장한 결과(18개 run의
# History와 test accuracy)를 다시 읽어 계산하므로 학습이 필요 없다. 문제 5는 2 epoch짜리 짧은 학습으로 절차를 보인다.
#
# **Goal**: worked solutions to the five exercises of lesson 07. Exercises 1–4 re-read the results lesson 07 stored in
# `results/` (18 runs: histories and test accuracies), so nothing is retrained; exercise 5 shows the procedure with a
# short 2-epoch run.

# %%
import numpy as np
import torch
import torch.nn as nn
from IPython.display import Markdown, display

from course_lib import data, models, report, settings, train

# 07 노트북의 실험 이름 (key → 표에 나오는 이름)과 비교 그룹: (그룹, 기법 쪽 key, 대조군 key)
NAME = {
    "small": "[capacity] SmallSizeModel (Linear 1층)",
    "mlp4": "[dropout 대조군 · capacity] DropoutModel(0.0)",
    "mlp4_drop": "[dropout] DropoutModel(0.5, drop_output=False)",
    "bn_off": "[BN 대조군] BNModel(batch_norm=False)",
    "bn": "[BN · LR 대조군] BNModel() 고정 LR",
    "bn_cos": "[LR schedule] BNModel() + cosine",
}
COMPARISONS = [
    ("Dropout 0.5 (hidden 층)", "mlp4_drop", "mlp4"),
    ("Batch Normalization", "bn", "bn_off"),
    ("cosine LR schedule", "bn_cos", "bn"),
    ("capacity: 4층 MLP vs Linear 1층", "mlp4", "small"),
]

# 07 노트북이 full mode로 저장한 결과 (smoke mode에서도 저장소에 있는 full mode 결과를 읽는다)
stored, env, stored_test = report.load_histories()
missing = [name for name in NAME.values() if name not in stored]
if missing:
    raise RuntimeError(
        f"results/에 07 노트북의 결과가 없습니다: {missing}. 07_comparison을 full mode로 먼저 실행하세요."
    )
histories = {key: stored[name] for key, name in NAME.items()}
test_acc = {key: stored_test[name] for key, name in NAME.items()}
print({key: len(runs) for key, runs in histories.items()}, "| 저장한 환경:", env["device"], env["torch"])


def verdict(deltas, up="기법 쪽이 높음", down="대조군이 높음"):
    """07 노트북과 같은 규칙: 세 seed가 같은 방향이고 |평균| > 2·std 일 때만 한쪽이 낫다."""
    m, s = report.mean_std(deltas)
    same_sign = all(d > 0 for d in deltas) or all(d < 0 for d in deltas)
    if len(deltas) >= 3 and same_sign and abs(m) > 2 * s:
        return up if m > 0 else down
    return "잡음 범위 (within noise)"


# %% [markdown]
# ## 문제 1. seed 하나만 봤다면?
#
# 그룹마다 seed 0, 1, 2를 하나씩만 보고 (기법 − 대조군)의 부호로 판정한 결과를, 세 seed를 모두 쓴 판정과 나란히 놓는다.

# %%
for group, tech, ctrl in COMPARISONS:
    d = [a.best_val_acc - b.best_val_acc for a, b in zip(histories[tech], histories[ctrl], strict=True)]
    single = ["기법" if x > 0 else ("대조군" if x < 0 else "동률") for x in d]
    print(
        f"{group:<32} seed별 Δ(%p): {', '.join(f'{100 * x:+.2f}' for x in d)} | seed 하나의 승자: {single} "
        f"| 3-seed 판정: {verdict(d)}"
    )

# %% [markdown]
# BN, cosine, capacity 그룹은 세 seed의 승자가 모두 기법 쪽이고 3-seed 판정도 같다. Dropout 그룹은 seed 0, 1에서는
# 대조군, seed 2에서는 Dropout이 이겨 seed 하나의 결론이 seed마다 다르다: 3-seed 판정은 잡음 범위다. 어느 seed 하나만
# 봤어도 이 그룹에서는 근거 없는 결론을 냈을 것이다. 07 노트북의 기대 결과와 같다.

# %% [markdown]
# ## 문제 2. 잡음의 크기: 같은 설정, 다른 seed
#
# 실험마다 seed만 바꿨을 때 val acc at selected epoch와 test acc(고른 모델)가 움직인 폭(최댓값 − 최솟값)을 구하고,
# 그룹별 평균 차이의 크기와 비교한다.

# %%
for key, runs in histories.items():
    val = [h.best_val_acc for h in runs]
    test = test_acc[key]
    print(
        f"{key:<10} 폭(max−min) val acc at selected epoch {100 * (max(val) - min(val)):.2f}%p "
        f"| test acc {100 * (max(test) - min(test)):.2f}%p"
    )
print()
for group, tech, ctrl in COMPARISONS:
    d = [a.best_val_acc - b.best_val_acc for a, b in zip(histories[tech], histories[ctrl], strict=True)]
    print(f"{group:<32} |평균 Δ| {100 * abs(report.mean_std(d)[0]):.2f}%p")

# %% [markdown]
# 같은 설정에서 seed만 바꿔도 val acc at selected epoch가 0.02%p(Linear 1층)\~0.58%p(Dropout), test acc가
# 0.10\~0.65%p 움직인다. Dropout 그룹의 |평균 Δ| 0.28%p는 두 실험의 폭(0.48, 0.58%p)보다 작아 잡음에 묻히고,
# BN(0.79%p)과 cosine(0.44%p)은 폭과 비슷하거나 더 큰데 **짝 차이**가 세 seed 모두 같은 방향이라 판정을 통과했다.
# capacity(5.32%p)는 폭보다 10배 넘게 크다. 기대 결과와 같다.

# %% [markdown]
# ## 문제 3. test set으로 고르면?
#
# 18개 run 가운데 (a) val acc at selected epoch이 가장 높은 run과 (b) test acc가 가장 높은 run을 찾는다.

# %%
runs = [(key, seed, h.best_val_acc, test_acc[key][seed]) for key in histories for seed, h in enumerate(histories[key])]
by_val = max(runs, key=lambda r: r[2])
by_test = max(runs, key=lambda r: r[3])
all_test = [r[3] for r in runs]
print(f"validation으로 고른 run: {by_val[0]} seed {by_val[1]} | val {by_val[2]:.4f} | test {by_val[3]:.4f}")
print(f"test로 고른 run       : {by_test[0]} seed {by_test[1]} | val {by_test[2]:.4f} | test {by_test[3]:.4f}")
print(f"18개 run의 test acc 평균 {np.mean(all_test):.4f}")

# %% [markdown]
# 고르는 데 쓴 점수가 왜 낙관적인지는 간단한 시뮬레이션으로 볼 수 있다. **진짜 정확도가 모두 0.98로 같은** 모델 18개를
# 10,000장 test set으로 평가하면, 맞힌 개수는 이항분포(binomial)를 따라 우연히 조금씩 다르게 나온다.
# 그중 최댓값을 "고른 모델의 점수"로 보고하면 얼마나 부풀려질까? (numpy 난수 seed를 고정해 언제나 같은 결과가 나온다.)

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
TRUE_ACC, N_TEST, N_RUNS, N_REPEAT = 0.98, 10_000, 18, 2_000
scores = rng.binomial(N_TEST, TRUE_ACC, size=(N_REPEAT, N_RUNS)) / N_TEST  # (반복, 모델)
print(f"모델 하나의 test acc 표준편차: {100 * scores.std():.2f}%p")
print(f"18개 중 최댓값 - 진짜 정확도 (평균): {100 * (scores.max(axis=1).mean() - TRUE_ACC):+.2f}%p")

# %% [markdown]
# 이번에는 validation으로 고른 run과 test로 고른 run이 같다(BNModel() + cosine, seed 0, test 0.9857). 운이 좋았을
# 뿐이다: 시뮬레이션에서 진짜 정확도가 모두 0.98인 모델 18개 중 test 최댓값은 평균 +0.25%p 높게 나왔다(모델 하나의
# test acc 표준편차 0.14%p). 07 노트북의 기법 간 차이(0.3~0.8%p)와 같은 크기라, test로 고르고 그 점수를 보고하면 그만큼
# 부풀린 숫자를 보고하게 된다. 기대 결과와 같다.

# %% [markdown]
# ## 문제 4. 예산이 바뀌면 판정도 바뀌나?
#
# 각 epoch의 val acc(그 epoch까지만 학습했다면 마지막 값)로 (기법 − 대조군)을 seed마다 구하고, 같은 규칙으로 판정한다.

# %%
EPOCHS_TO_SHOW = [1, 2, 3, 5, 10]
rows = ["| 그룹 | " + " | ".join(f"epoch {e}" for e in EPOCHS_TO_SHOW) + " |", "|---|" + "---|" * len(EPOCHS_TO_SHOW)]
for group, tech, ctrl in COMPARISONS:
    cells = []
    for e in EPOCHS_TO_SHOW:
        pairs = [
            (a, b)
            for a, b in zip(histories[tech], histories[ctrl], strict=True)
            if a.epochs_run >= e and b.epochs_run >= e
        ]
        d = [a.val_acc[e - 1] - b.val_acc[e - 1] for a, b in pairs]
        if not d:
            cells.append("-")
            continue
        short = {"잡음 범위 (within noise)": "잡음", "기법 쪽이 높음": "기법↑", "대조군이 높음": "대조군↑"}[verdict(d)]
        cells.append(f"{report.fmt_mean_std([100 * x for x in d], digits=2, sign=True)} ({short})")
    rows.append(f"| {group} | " + " | ".join(cells) + " |")
display(Markdown("\n".join(rows)))

# %% [markdown]
# 판정이 예산에 따라 바뀐다. BN의 이득은 epoch 1에서 +2.87%p로 가장 크고 점점 줄어, epoch 10의 val acc로는
# +0.40 ± 0.41%p로 잡음 범위다 (07 노트북의 selected epoch 기준으로는 +0.79%p로 통과). cosine은 반대로 epoch 5까지
# 잡음 범위였다가 LR이 충분히 작아진 epoch 10에서만 +0.68 ± 0.22%p로 통과한다. Dropout은 epoch 2에서만 대조군이
# 낫다고 나오고(초반 수렴이 느림) 나머지는 잡음 범위다. capacity는 모든 epoch에서 분명하다. 기대 결과와 같다:
# "BN이 낫다", "cosine이 낫다"는 결론에는 언제나 예산(epoch 수)과 무엇을 쟀는지(selected epoch인지 마지막 epoch인지)를
# 함께 적어야 한다.

# %% [markdown]
# ## 문제 5. (도전) 조합 추가: BN + Dropout + cosine
#
# `models.MLP(hidden=(256, 128, 64), drop_rate=0.2, batch_norm=True)`는 `BNModel()`과 같은 층 구성
# (Linear → BatchNorm1d → ReLU 3번 + 출력층)에 Dropout(0.2)만 더한 모델이다. 먼저 정말 "Dropout만" 다른지 확인한다.


# %%
# NBVAL_CHECK_OUTPUT
def combo_model():
    return models.MLP(hidden=(256, 128, 64), drop_rate=0.2, batch_norm=True)


print(
    "params:",
    f"{models.count_parameters(combo_model()):,}",
    "vs BNModel()",
    f"{models.count_parameters(models.BNModel()):,}",
)
print([type(m).__name__ for m in combo_model().net])

# %% [markdown]
# 07 노트북에서는 `EXPERIMENTS`에 `'combo': ('[combo] BN + dropout 0.2 + cosine', combo_model, cosine)`을,
# `COMPARISONS`에 `('Dropout 0.2 on BN + cosine', 'combo', 'bn_cos', '같은 구조')`를 넣으면 된다
# (10 epoch × seed 3개, CPU에서 대략 30초 더). 이 풀이는 시간을 아끼려고 **2 epoch**(cosine도 2 epoch에 맞춤),
# seed 3개로 같은 절차만 보인다.

# %%
N_SHORT = 2
train_loader, val_loader, _ = data.load_mnist_splits(settings.data_root(), 200)
loss_fn = nn.CrossEntropyLoss()
short = {"bn_cos": [], "combo": []}
for key, make_model in [("bn_cos", models.BNModel), ("combo", combo_model)]:
    for seed in [0, 1, 2]:
        settings.seed_everything(seed)
        model = make_model()
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=N_SHORT, eta_min=1e-5)
        short[key].append(
            train.fit(
                train_loader,
                val_loader,
                model,
                loss_fn,
                optimizer,
                N_SHORT,
                save_best_model=False,
                early_stopping=False,
                lr_scheduler=scheduler,
                verbose=False,
            )
        )
display(Markdown(report.comparison_table({f"{k} ({N_SHORT} epochs)": v for k, v in short.items()})))
d_acc = [a.best_val_acc - b.best_val_acc for a, b in zip(short["combo"], short["bn_cos"], strict=True)]
d_gap = [a.gap[-1] - b.gap[-1] for a, b in zip(short["combo"], short["bn_cos"], strict=True)]
print(
    f"Δ val acc at selected epoch (combo − bn_cos): {report.fmt_mean_std([100 * x for x in d_acc], 2, True)}%p "
    f"→ {verdict(d_acc)}"
)
print(
    f"Δ final gap: {report.fmt_mean_std([100 * x for x in d_gap], 2, True)}%p "
    f"→ {verdict(d_gap, 'combo의 gap이 큼', 'combo의 gap이 작음')}"
)

# %% [markdown]
# 2 epoch에서는 Dropout(0.2)을 더한 combo가 train-val gap이 작고(−0.56 ± 0.05%p) val acc는 낮다
# (−0.37 ± 0.03%p). 세 seed 모두 같은 방향이라 규칙을 통과하지만, **2 epoch 예산에 대한 결론**이다: Dropout은 수렴을
# 늦추므로 짧은 예산에서 불리하다(07 노트북의 Dropout 그룹에서도 selected epoch이 늦었다). 10 epoch × seed 3개의 판정은
# 07 노트북에 두 줄을 넣어 직접 확인하자. 기대 결과(파라미터 수 같음, 짧은 학습에서 gap은 작고 val acc는 낮음)와 같다.
