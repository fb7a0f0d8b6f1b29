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
# **목표**: 07 노트북 연습 문제 다섯 개의 풀이 (풀이마다 07 노트북과 같은 검사 `qN.check(...)`를 부른다).
# 문제 1과 3은 07 노트북이 `results/`에 저장한 결과(판정 record와 History)를 다시 읽으므로 학습이 필요 없다.
# 판정 규칙에는 이미지별 정답 여부가 필요한데 그것은 저장하지 않으므로, 문제 2, 4, 5는 07 노트북과 같은 설정으로
# 필요한 run만 다시 학습한다 (train 2,000장이라 run마다 몇 초다: 07 노트북 3절 표의 마지막 열이
# 그 기계에서 run 하나에 걸린 시간이다).
#
# **Goal**: worked solutions to the five exercises of lesson 07. Exercises 1 and 3 re-read what lesson 07 stored in
# `results/` (the verdict records and histories); the decision rule needs per-image correctness, which is not stored, so
# exercises 2, 4 and 5 retrain only the runs they need, in lesson 07's setting (2,000 training images, a few seconds a
# run: the last column of lesson 07's table in section 3 is the time per run on the machine that ran it).

# %%
import numpy as np
import torch
import torch.nn as nn

from course_lib import data, models, report, settings, stats, train
from course_lib.epoch import correct_per_sample
from course_lib.exercises.lesson07 import q1, q2, q3, q4, q5

device = settings.get_device()
LR, N_EPOCH, BATCH_SIZE, SMALL_TRAIN, SEEDS = 0.001, 40, 100, 2000, [0, 1, 2]
train_loader, val_loader, test_loader = data.load_mnist_splits(
    settings.data_root(), BATCH_SIZE, train_size=SMALL_TRAIN, paired=True
)
loss_fn = nn.CrossEntropyLoss()

# 07 노트북의 설정: key -> (모델을 만드는 함수, weight decay)
ARMS = {
    "control": (lambda: models.MLP((512, 512)), 0.0),
    "dropout": (lambda: models.MLP((512, 512), drop_rate=0.5), 0.0),
    "wd": (lambda: models.MLP((512, 512)), 1.0),
    "bn": (lambda: models.MLP((512, 512), batch_norm=True), 0.0),
    "dropout_wd": (lambda: models.MLP((512, 512), drop_rate=0.5), 1.0),
}


_done = {}  # (key, seed, epochs) -> 결과: 같은 run을 두 번 학습하지 않는다 (결정적이라 다시 돌려도 같다)


def run(key, seed, epochs=N_EPOCH):
    """07 노트북 3절과 같은 run: (History, (validation 정답 여부, test 정답 여부)), selected epoch의 모델로."""
    if (key, seed, epochs) not in _done:
        _done[key, seed, epochs] = _train(key, seed, epochs)
    return _done[key, seed, epochs]


def _train(key, seed, epochs):
    make_model, wd = ARMS[key]
    settings.seed_everything(seed)
    model = make_model().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=wd)
    h = train.fit(
        train_loader,
        val_loader,
        model,
        loss_fn,
        optimizer,
        epochs,
        save_best_model=False,
        early_stopping=False,
        restore_best=True,  # 07 노트북이 checkpoint에서 불러온 것과 같은 가중치
        device=device,
        verbose=False,
    )
    return h, (correct_per_sample(val_loader, model), correct_per_sample(test_loader, model))


# 07 노트북이 full mode로 저장한 판정 (smoke mode에서도 저장소에 있는 full mode 결과를 읽는다)
records = [r for r in report.load_comparisons() if r["lesson"] == "07"]
if not records:
    raise RuntimeError(
        "results/comparisons.json에 07 노트북의 판정이 없습니다. 07_comparison을 full mode로 먼저 실행하세요."
    )
print(f"07 노트북의 판정 {len(records)}개:", [r["technique"] for r in records])

# %% [markdown]
# ## 문제 1. seed 하나만 봤다면?
#
# record마다 seed별 validation accuracy(대조군, 기법 쪽)가 들어 있다. 같은 seed끼리 빼서 부호만 본다.


# %%
def per_seed_diffs(record):
    """record의 seed별 validation accuracy 차이 (기법 − 대조군), 같은 seed끼리."""
    return [t - c for c, t in zip(record["val_acc"]["control"], record["val_acc"]["treated"], strict=True)]


for r in records:
    diffs = per_seed_diffs(r)
    signs = ["기법↑" if d > 0 else "대조군↑" if d < 0 else "같음" for d in diffs]
    print(
        f"{r['technique']:<58} seed별 {', '.join(f'{100 * d:+.2f}' for d in diffs)}%p → {signs} | 규칙: {r['verdict_val']}"
    )

# %% tags=["nbval-check-output"]
q1.check(per_seed_diffs)

# %% [markdown]
# 판정(validation)이 helps나 hurts인 열 비교는 세 seed의 부호가 모두 판정과 같다. within noise인 세 비교 가운데 둘("adding
# dropout 0.5 to weight decay 1.0"과 "adding weight decay 1.0 to dropout 0.5 (last-epoch models)")은 seed에 따라 부호가 바뀐다:
# 예를 들어 앞의 것은 +0.48, −0.12, −0.18%p라 seed 0만 봤다면 "Dropout을 더하면 낫다", seed 1이나 2만 봤다면 "나쁘다"고 근거
# 없이 말했을 것이다. 나머지 하나("adding dropout 0.5 to weight decay 1.0 (last-epoch models)")는 세 seed 모두 양수(+0.48,
# +0.02, +0.26%p)인데도 within noise다: 평가 이미지를 새로 뽑을 때의 흔들림까지 넣으면 0을 배제할 수 없다. 세 seed가 같은
# 방향이라는 것만으로는 판정에 모자란다. 기대 결과와 같다.
#
# ## 문제 2. seed가 하나뿐이면 구간은?
#
# 대조군과 Dropout을 seed 0, 1, 2로 다시 학습하고(07 노트북과 같은 run이라 숫자가 같다), seed 3개의 구간과 seed 하나씩의 구간을
# 나란히 본다.

# %%
drop_runs = {key: [run(key, seed) for seed in SEEDS] for key in ("control", "dropout")}
control_hits = [hits for _, hits in drop_runs["control"]]  # seed별 (validation 정답 여부, test 정답 여부)
dropout_hits = [hits for _, hits in drop_runs["dropout"]]


def one_seed_interval(control_hits, treated_hits, i):
    """seed i 하나의 validation 정답 여부로 낸 판정 규칙의 결과 (seed 축 1개)."""
    return stats.paired_bootstrap(control_hits[i][0][None], treated_hits[i][0][None])


three = stats.paired_bootstrap(torch.stack([v for v, _ in control_hits]), torch.stack([v for v, _ in dropout_hits]))
print(f"seed 3개 (validation): {three}")
for i, seed in enumerate(SEEDS):
    print(f"seed {seed}만   (validation): {one_seed_interval(control_hits, dropout_hits, i)}")

# %% tags=["nbval-check-output"]
q2.check(one_seed_interval)

# %% [markdown]
# seed 하나씩의 구간(seed 0, 1, 2: [+0.10, +1.10], [+0.26, +1.28], [+0.62, +1.64])은 평가 이미지를 새로 뽑을 때의 흔들림만
# 담는다. 그런데 seed마다 차이 자체가 +0.60, +0.76, +1.12%p로 다르다: 이 seed 간 흔들림은 seed 하나의 구간에는 들어 있지 않다.
# seed 3개의 구간 [+0.35, +1.31]은 둘을 함께 담는다. 폭도 기대 결과대로 좁지 않다 (seed 하나 1.00\~1.02%p, seed 3개 0.96%p).
# 실제로 seed 2의 차이 +1.12%p는 seed 0 하나의 구간 [+0.10, +1.10] 밖에 있다: seed 하나의 구간에는 seed 간 흔들림이 빠져 있다.
# 판정에 seed 여러 개가 필요한 이유다.
#
# ## 문제 3. test set으로 고르면?
#
# 15개 run 가운데 (a) val acc at selected epoch이 가장 높은 run과 (b) test acc가 가장 높은 run을 찾는다.

# %%
stored, env, stored_test = report.load_histories()
runs = [
    (name, seed, h.best_val_acc, stored_test[name][seed]) for name, hs in stored.items() for seed, h in enumerate(hs)
]


def select_final(runs):
    """최종 모델로 보고할 run 하나: validation(r[2])으로만 고른다 (test로 고르지 않는다)."""
    return max(runs, key=lambda r: r[2])


by_val = select_final(runs)
by_test = max(runs, key=lambda r: r[3])  # 비교용일 뿐: 이것을 최종 모델로 삼지 않는다
print(f"run {len(runs)}개 | 저장한 환경: {env['device']}, torch {env['torch']}")
print(f"validation으로 고른 run: {by_val[0]} seed {by_val[1]} | val {by_val[2]:.4f} | test {by_val[3]:.4f}")
print(f"test로 고른 run       : {by_test[0]} seed {by_test[1]} | val {by_test[2]:.4f} | test {by_test[3]:.4f}")

# %% tags=["nbval-check-output"]
q3.check(select_final)

# %% [markdown]
# 고르는 데 쓴 점수가 왜 낙관적인지는 간단한 시뮬레이션으로 볼 수 있다. **진짜 정확도가 모두 0.92로 같은** 모델 15개를
# 10,000장 test set으로 평가하면, 맞힌 개수는 이항분포(binomial)를 따라 우연히 조금씩 다르게 나온다.
# 그중 최댓값을 "고른 모델의 점수"로 보고하면 얼마나 부풀려질까? (numpy 난수 seed를 고정해 언제나 같은 결과가 나온다.)
# 이 시뮬레이션은 모델마다 test 오차가 **서로 독립**이라고, 곧 모델마다 다른 test set으로 잰 것처럼 본다. 실제 15개 run은
# 같은 test 이미지를 쓰고 어려운 이미지는 여러 run이 함께 틀리므로, 점수가 함께 움직여 부풀림은 이보다 작을 수 있다.
# 방향(위로 치우침)은 같다.

# %% tags=["nbval-check-output"]
rng = np.random.default_rng(0)
TRUE_ACC, N_TEST, N_RUNS, N_REPEAT = 0.92, 10_000, 15, 2_000
scores = rng.binomial(N_TEST, TRUE_ACC, size=(N_REPEAT, N_RUNS)) / N_TEST  # (반복, 모델)
print(f"모델 하나의 test acc 표준편차: {100 * scores.std():.2f}%p")
print(f"15개 중 최댓값 - 진짜 정확도 (평균): {100 * (scores.max(axis=1).mean() - TRUE_ACC):+.2f}%p")

# %% [markdown]
# 이번에는 validation으로 고른 run과 test로 고른 run이 같다(BN, seed 1, test 0.9345). BN이 평균으로 다른 설정보다
# 앞서므로(07 노트북 4절 표의 val acc at selected epoch: BN 0.9257, 그다음 조합 0.9207; 5절에서 대조군보다 +2.36%p, 판정
# helps) 둘 다 BN run을 고른 것은 자연스럽고, 세 seed 가운데 같은 seed 1이 뽑힌 것은 우연이다. 그래도 test로 고르는 방법은
# 치우친다: 시뮬레이션에서 진짜 정확도가 모두 0.92인 모델 15개 중 test 최댓값은 평균 +0.47%p 높게 나왔다(모델 하나의 test
# acc 표준편차 0.27%p).
# 오차가 독립이라고 본 값이므로, 같은 test set을 쓰는 실제 run들의 부풀림은 이보다 작을 수 있다. 그래도 test로 고르고 그
# 점수를 보고하면 위로 치우친 숫자를 보고하게 된다는 방향은 같다. 기대 결과와 같다.
#
# ## 문제 4. 예산이 바뀌면 판정도 바뀌나?
#
# 대조군과 Dropout을 10 epoch만 학습해 같은 규칙으로 판정한다. 먼저 10 epoch run의 기록이 40 epoch run의 처음 10 epoch과
# 같은지 확인한다 (고정 lr, `paired=True` loader).

# %%
short = {key: [run(key, seed, epochs=10) for seed in SEEDS] for key in ("control", "dropout")}
same_prefix = all(
    h10.val_loss == h40.val_loss[:10]
    for key in short
    for (h10, _), (h40, _) in zip(short[key], drop_runs[key], strict=True)
)
print("10 epoch run의 기록 == 40 epoch run의 처음 10 epoch:", same_prefix)
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
print("selected epoch:", {key: [h.best_epoch for h, _ in runs_] for key, runs_ in short.items()})

# %% tags=["nbval-check-output"]
q4.check(short, record10, {key: [h for h, _ in drop_runs[key]] for key in short})

# %% [markdown]
# 10 epoch run의 기록은 40 epoch run의 처음 10 epoch과 똑같다(`True`). 판정도 거의 같다: 10 epoch에서 validation +0.80%p
# [+0.30, +1.31], test +0.64%p [+0.30, +0.97], 둘 다 helps (40 epoch: +0.83 / +0.68). 두 예산 모두 **selected epoch의 모델**로
# 비교하기 때문이다: 대조군의 selected epoch(7, 5, 6)은 10 epoch 안에 있어 그대로이고, Dropout은 seed 0만 12 → 10으로 바뀐다.
# 이 조건에서는 예산을 줄여도 고르는 모델이 거의 같아 판정이 바뀌지 않았다. 마지막 epoch의 모델로 비교했다면 이야기가
# 달랐을 것이다(대조군의 validation loss는 epoch 10 뒤로도 계속 오른다). 고정 lr이라 History를 잘라 읽어도 됐지만, cosine처럼
# 전체 epoch 수로 lr을 정하는 schedule의 run은 잘라 읽으면 안 된다 (T_max=40인 run의 epoch 10은 T_max=10인 run과 lr이 다르다).
#
# ## 문제 5. (도전) 아슬아슬한 판정은 seed를 늘려서
#
# 07 노트북의 판정 가운데 validation 구간이 0에 가장 가까운 비교(구간 끝 중 0에 가까운 쪽의 거리가 가장 작은 것)를 골라,
# seed 0\~4로 다시 판정한다. `run()`은 selected epoch 모델의 정답 여부만 돌려주므로, 마지막 epoch 모델끼리의 판정과
# "selected vs 마지막 epoch" 비교는 여기서 뺀다 (selected epoch 모델끼리의 여섯 비교에서 고른다).

# %%
KEYS = {
    "dropout 0.5": ("control", "dropout"),
    "weight decay 1.0": ("control", "wd"),
    "batch norm": ("control", "bn"),
    "dropout 0.5 + weight decay 1.0": ("control", "dropout_wd"),
    "adding dropout 0.5 to weight decay 1.0": ("wd", "dropout_wd"),
    "adding weight decay 1.0 to dropout 0.5": ("dropout", "dropout_wd"),
}
candidates = [r for r in records if r["technique"] in KEYS]
closest = min(candidates, key=lambda r: min(abs(r["delta_val"]["low"]), abs(r["delta_val"]["high"])))
control_key, treated_key = KEYS[closest["technique"]]
d = closest["delta_val"]
print(
    f"가장 아슬아슬한 비교: {closest['technique']} | seed 3개의 validation "
    f"{100 * d['mean']:+.2f}%p [{100 * d['low']:+.2f}, {100 * d['high']:+.2f}] → {closest['verdict_val']}"
)
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

# %% tags=["nbval-check-output"]
q5.check(record5, records)

# %% [markdown]
# 가장 아슬아슬한 비교는 Dropout 0.5였다(구간의 아래 끝 +0.35가 0에 가장 가깝다). seed 5개로 다시 판정하면 validation
# +0.66%p [+0.21, +1.12], test +0.70%p [+0.39, +1.03]으로 둘 다 helps 그대로다. 구간의 폭은 0.96에서 0.91로 조금 좁아졌다.
# seed 3, 4의 차이가 seed 0\~2보다 작아 평균이 +0.83에서 +0.66으로 내려갔다: seed를 늘리면 추정도 움직인다. 기대 결과와 같다.
