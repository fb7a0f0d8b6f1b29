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
# # 07. 전체 비교: 한 조건, 한 판정 규칙으로 기법들을 나란히
#
# **목표**: 02\~06 노트북에서 하나씩 배운 기법(Dropout, weight decay, Batch Normalization, best epoch 고르기)을
# **한 조건**(train 2,000장, 같은 MLP, 같은 optimizer, 같은 40 epoch)에서 **같은 구조의 대조군**과 나란히 비교하고,
# 강좌의 [**판정 규칙**](glossary.md#decision-rule) 하나(seed와 평가 이미지를 함께 복원 추출하는 짝지은
# [bootstrap](glossary.md#bootstrap))로 validation과 test에서 판정한다.
# 그다음 강좌 전체의 판정(`results/comparisons.json`)을 한 표로 모아 읽고, 새 문제에서 무엇부터 해 볼지 정리한다.
#
# **Goal**: compare the techniques of lessons 02-06 (dropout, weight decay, batch normalization, picking the best epoch)
# side by side in **one regime** (2,000 training images, the same MLP, optimizer and 40 epochs) against the
# **same-architecture control**, judge each with the course's **one decision rule** (a paired bootstrap over seeds and
# evaluation images) on validation and on test, then read every verdict of the course in one table
# (`results/comparisons.json`) and turn it into a recipe for a new problem.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from IPython.display import Markdown, display

from course_lib import checkpoint, data, models, plots, report, settings, train
from course_lib.epoch import correct_per_sample

device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 40
BATCH_SIZE = 100
SMALL_TRAIN = 2000
SEEDS = [0, 1, 2]

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = "models"

# train 2,000장(클래스마다 200장; 55,000장 train split에서 고정) / validation 5,000 / test 10,000
# paired=True: train loader가 자신의 생성기로 섞어, 같은 seed의 run들은 기법이 달라도 같은 batch를 같은 순서로 본다
train_loader, val_loader, test_loader = data.load_mnist_splits(
    DATASET_ROOT_PATH, BATCH_SIZE, train_size=SMALL_TRAIN, paired=True
)
loss_fn = nn.CrossEntropyLoss()
len(train_loader.dataset), len(val_loader.dataset), len(test_loader.dataset)

# %% [markdown]
# ## 1. 정직한 비교의 세 가지 규칙
#
# 1. **고르는 일은 validation으로, test는 판정에만.** 각 run은 validation loss가 가장 낮은 epoch의 가중치를
#    [checkpoint](glossary.md#checkpoint)로 저장한다(**selected epoch**, 이것이 [model selection](glossary.md#model-selection)이다).
#    [test set](glossary.md#test-set)은 학습이 모두 끝난 뒤 판정에만 쓰고, 그 결과로 다시 아무것도 고르지 않는다.
# 2. **짝지은 실행과 판정 규칙 하나.** 설정마다 [seed](glossary.md#seed) 3개(0, 1, 2)로 학습한다. 같은 seed의 대조군과 기법 쪽은
#    초기 가중치도 batch 순서도 같다([짝지은 실행](glossary.md#paired-runs), paired runs). 판정은 02 노트북 10절에서 배운
#    규칙(`course_lib/stats.py`) 하나로 한다:
#    고른 모델들이 이미지마다 맞혔는지를 모아, seed와 평가 이미지를 함께 복원 추출해 정확도 차이(기법 − 대조군)의
#    95% 구간을 구한다. 구간이 0보다 위면 "helps", 아래면 "hurts", 0을 걸치면 "within noise". 모든 "A가 B보다 낫다"는
#    이 규칙의 판정이다. 평균 ± [표준편차](glossary.md#standard-deviation)는 대략 읽기일 뿐이다.
# 3. **같은 구조의 대조군.** 기법의 효과는 그 기법만 뺀 **같은 구조**와 비교해야 한다
#    ([control experiment](glossary.md#control-experiment), 대조 실험). 층 수나 파라미터 수가 다른 모델끼리의 차이는
#    기법의 효과가 아니라 **[capacity](glossary.md#capacity)(모델 크기)의 효과**와 섞인다.
#
# **왜 train 2,000장인가.** 02·03 노트북의 55,000장 sweep(5 epoch 안팎)에서는 Dropout도 weight decay도 validation accuracy를
# 뚜렷이 올리지 못했다 (대략 읽기: 가장 좋았던 Dropout 0.2가 p=0보다 평균 약 0.3%p 높았을 뿐이고, weight decay는 어느 λ도
# λ=0보다 높지 않았다). 세게 걸면 오히려 낮았다(02: p=0.7이 약 2.8%p, 03: λ=3이 약 2.4%p). 막을 overfitting이 거의 없었기
# 때문으로 보인다. train을 2,000장으로 줄이면 이 MLP는 금방 train set을 외워 validation loss가 다시 올라간다
# (01 노트북 7절). 기법이 할 일이 생기는 것은 이런 조건에서다. 데이터를 더 모을 수 있다면 그것이 외울 틈을 줄이는 첫 번째
# 방법이다.

# %% [markdown]
# ## 2. 실험 목록: 같은 MLP에 기법 하나씩
#
# 모두 `models.MLP((512, 512), ...)`(784-512-512-10), AdamW(lr 0.001), batch 100, 40 epoch, `early_stopping=False`
# (모든 run이 40 epoch을 다 돈다), best checkpoint 저장.
#
# | key | 기법 | 만드는 법 | 02\~06의 어디 |
# |---|---|---|---|
# | `control` | 없음 (대조군) | `MLP((512, 512))`, weight decay 0 | 02 10절, 03 9절의 대조군과 같은 run |
# | `dropout` | Dropout 0.5 (hidden 층) | `MLP((512, 512), drop_rate=0.5)` | 02 10절 |
# | `wd` | decoupled weight decay 1.0 | `AdamW(weight_decay=1.0)` | 03 9절 |
# | `bn` | Batch Normalization | `MLP((512, 512), batch_norm=True)` | 04 (여기서는 ReLU MLP, Adam 계열) |
# | `dropout_wd` | Dropout 0.5 + weight decay 1.0 | 둘 다 | 조합 |
#
# 비교는 기법 쪽 − 대조군이다. 조합은 대조군과도, 각 기법 하나만 쓴 쪽과도 비교해 "더하면 더 좋아지는가"를 본다.
# best checkpoint(selected epoch)를 쓰는 것 자체도 기법이다 (06 노트북: early stopping이 남기는 모델). 대조군의
# **마지막 epoch 모델**과 **selected epoch 모델**도 같은 규칙으로 비교한다.

# %%
# key: (표에 나오는 이름, 모델을 만드는 함수, weight decay)
EXPERIMENTS = {
    "control": ("[대조군] MLP 512-512", lambda: models.MLP((512, 512)), 0.0),
    "dropout": ("[dropout] MLP 512-512, Dropout 0.5", lambda: models.MLP((512, 512), drop_rate=0.5), 0.0),
    "wd": ("[weight decay] MLP 512-512, AdamW 1.0", lambda: models.MLP((512, 512)), 1.0),
    "bn": ("[BN] MLP 512-512 + BatchNorm1d", lambda: models.MLP((512, 512), batch_norm=True), 0.0),
    "dropout_wd": (
        "[조합] Dropout 0.5 + weight decay 1.0",
        lambda: models.MLP((512, 512), drop_rate=0.5),
        1.0,
    ),
}
NAME = {key: name for key, (name, _, _) in EXPERIMENTS.items()}

# 비교: (기법, 대조군 key, 기법 쪽 key)
COMPARISONS = [
    ("dropout 0.5", "control", "dropout"),
    ("weight decay 1.0", "control", "wd"),
    ("batch norm", "control", "bn"),
    ("dropout 0.5 + weight decay 1.0", "control", "dropout_wd"),
    ("adding dropout 0.5 to weight decay 1.0", "wd", "dropout_wd"),
    ("adding weight decay 1.0 to dropout 0.5", "dropout", "dropout_wd"),
]

# %% [markdown]
# 실험마다 파라미터 수를 확인하고, **같은 seed에서 대조군과 기법 쪽이 같은 초기 가중치로 출발하는지**도 확인하자.
# (BatchNorm1d의 γ=1, β=0은 무작위가 아니므로 Linear 층의 weight만 비교한다.)

# %% tags=["nbval-check-output"]
for key, (_name, make_model, wd) in EXPERIMENTS.items():
    print(f"{key:<11} {models.count_parameters(make_model()):>8,} params | weight decay {wd}")


def same_start(make_a, make_b, seed=0):
    """같은 seed로 만든 두 모델의 Linear 가중치가 모두 같은가."""
    settings.seed_everything(seed)
    a = make_a()
    settings.seed_everything(seed)
    b = make_b()
    la = [m.weight for m in a.modules() if isinstance(m, nn.Linear)]
    lb = [m.weight for m in b.modules() if isinstance(m, nn.Linear)]
    return len(la) == len(lb) and all(torch.equal(x, y) for x, y in zip(la, lb, strict=True))


print("같은 출발점:", {key: same_start(EXPERIMENTS["control"][1], make) for key, (_, make, _) in EXPERIMENTS.items()})

# %% [markdown]
# ## 3. 같은 예산으로 학습: 5개 설정 × seed 3개 = 15 run
#
# 각 run 직전에 `settings.seed_everything(seed)`를 부르고, best checkpoint(validation loss 최저)를 run마다 다른 파일
# `models/compare_<key>_seed<seed>.pth`에 저장한다. 학습이 끝난 모델(마지막 epoch)과 checkpoint에서 불러온 모델
# (selected epoch) 둘 다 validation과 test에서 **이미지마다** 맞혔는지를 잰다: 판정 규칙의 입력이다.

# %%
histories = {name: [] for name in NAME.values()}
hits = {key: [] for key in EXPERIMENTS}  # key -> seed별 (validation 정답 여부, test 정답 여부), selected epoch 모델
hits_last = {key: [] for key in EXPERIMENTS}  # 같은 것, 마지막 epoch 모델
for key, (name, make_model, wd) in EXPERIMENTS.items():
    for seed in SEEDS:
        settings.seed_everything(seed)
        model = make_model().to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=wd)
        path = f"{MODEL_SAVE_ROOT_PATH}/compare_{key}_seed{seed}.pth"
        h = train.fit(
            train_loader,
            val_loader,
            model,
            loss_fn,
            optimizer,
            N_EPOCH,
            save_best_model=True,
            save_model_path=path,
            early_stopping=False,
            device=device,
            verbose=False,
        )
        hits_last[key].append((correct_per_sample(val_loader, model), correct_per_sample(test_loader, model)))
        checkpoint.load_checkpoint(path, model)  # selected epoch의 가중치로
        hits[key].append((correct_per_sample(val_loader, model), correct_per_sample(test_loader, model)))
        histories[name].append(h)
        print(
            f"{key:<11} seed {seed} | selected epoch {h.best_epoch:>2} | val acc {h.best_val_acc:.4f} "
            f"(마지막 epoch {h.val_acc[-1]:.4f}) | 마지막 gap {h.gap[-1]:+.4f} | {h.total_time:.0f}s"
        )

# %% [markdown]
# ## 4. 비교표 (seed 3개의 평균 ± 표준편차, 대략 읽기)
#
# `report.comparison_table()`가 `History`들과 test accuracy에서 바로 만든 표다 (손으로 옮겨 적은 숫자가 없다).
#
# - **params**: 학습되는 파라미터 수 / **seeds**: run 수 / **epochs**: 각 run이 돈 epoch 수
# - **selected epoch (min val loss)**: seed별로 validation loss가 가장 낮았던 epoch (= 저장된 checkpoint)
# - **val acc at selected epoch**: 그 epoch의 validation accuracy ("가장 높은 val acc"가 아니다)
# - **final val acc**: 마지막(40번째) epoch의 validation accuracy
# - **final train-val gap**: 마지막 epoch의 train accuracy − validation accuracy (둘 다 eval mode로 잰 값;
#   클수록 [overfitting](glossary.md#overfitting) 쪽, [generalization gap](glossary.md#generalization-gap))
# - **test acc (selected model)**: selected epoch의 모델을 test set으로 평가한 값 (판정에만 쓴다)
# - **time/run (s)**: run 하나의 학습 + 매 epoch 평가 시간 (기계마다 다르다)

# %%
test_acc = {NAME[key]: [test.float().mean().item() for _, test in runs] for key, runs in hits.items()}
display(Markdown(report.comparison_table(histories, test_acc)))

# %% [markdown]
# ## 5. 판정: 기법 − 대조군 (validation과 test, 판정 규칙 하나)
#
# 같은 seed끼리, 같은 이미지끼리 짝지어 판정한다. 한 줄에 validation 하나, test 하나다. 숫자는 %p(퍼센트 포인트)이고
# 괄호는 95% 구간이다. 비교마다 두 번 판정한다:
#
# - 위의 여섯 줄: 각 run의 **selected epoch 모델**끼리 (1절의 규칙 1대로 validation loss로 고른 모델). selected epoch을 같은
#   validation 이미지로 골랐으므로 validation 판정은 조금 낙관적일 수 있다: 아무것도 고르는 데 쓰지 않은 test의 판정이
#   정직한 확인이다.
# - 다음 여섯 줄 "(last-epoch models)": 각 run의 **마지막(40번째) epoch 모델**끼리. 고르는 방법 자체가 결과를 바꿀 수 있으므로
#   함께 본다.
# - 마지막 줄: 대조군 하나 안에서 selected epoch 모델 − 마지막 epoch 모델 (best checkpoint를 쓰는 것의 값).

# %%
regime = {"train_images": SMALL_TRAIN, "epochs": N_EPOCH, "model": "MLP 784-512-512-10, AdamW 1e-3"}
records = []
for hits_used, suffix in ((hits, ""), (hits_last, " (last-epoch models)")):  # selected epoch, 마지막 epoch
    for technique, control, treated in COMPARISONS:
        records.append(
            report.compare_paired(
                "07",
                technique + suffix,
                regime,
                control,
                treated,
                SEEDS,
                hits_used[control],
                hits_used[treated],
                verbose=False,
            )
        )
# best checkpoint 자체의 값: 대조군의 selected epoch 모델 − 마지막 epoch 모델
records.append(
    report.compare_paired(
        "07",
        "best checkpoint (min val loss) instead of the last epoch",
        regime,
        "control, last epoch",
        "control, selected epoch",
        SEEDS,
        hits_last["control"],
        hits["control"],
        verbose=False,
    )
)
display(Markdown(report.comparisons_table(records)))
_ = report.save_comparisons(records)

# %% [markdown]
# ## 6. 곡선 겹쳐 보기 (선 = seed 평균, 띠 = seed 최솟값\~최댓값)

# %%
PANELS = [
    ("Dropout 0.5", {"대조군": "control", "Dropout 0.5": "dropout"}),
    ("weight decay 1.0", {"대조군": "control", "weight decay 1.0": "wd"}),
    ("Batch Normalization", {"대조군": "control", "BN": "bn"}),
    ("조합", {"Dropout 0.5": "dropout", "weight decay 1.0": "wd", "둘 다": "dropout_wd"}),
]


def group_figure(metric, title):
    """비교마다 한 칸: 대조군과 기법 쪽을 겹쳐 그린다."""
    fig, axes = plt.subplots(2, 2, figsize=(12, 8), layout="constrained", sharey=True)
    for ax, (panel_title, members) in zip(axes.flat, PANELS, strict=True):
        runs = {label: histories[NAME[key]] for label, key in members.items()}
        plots.compare_histories(runs, metric=metric, ax=ax, title=panel_title)
    fig.suptitle(title)
    plt.show()
    return fig


fig_loss = group_figure("val_loss", "검증 loss (validation loss), train 2,000장, seed 3개")

# %%
fig_acc = group_figure("val_acc", "검증 정확도 (validation accuracy), train 2,000장, seed 3개")

# %%
fig_gap = group_figure("gap", "train accuracy − validation accuracy (generalization gap), train 2,000장, seed 3개")

# %% [markdown]
# 결과(History, test accuracy, 그림)를 저장소의 `results/` 폴더에 저장한다. `make course`가 이 파일과
# `results/comparisons.json`으로 `results/summary.md`를 만든다. (smoke mode에서는 실제 결과를 덮어쓰지 않도록 저장하지 않는다.)

# %%
results_folder = report.save_results(
    histories, figures={"val_loss": fig_loss, "val_acc": fig_acc, "gap": fig_gap}, test_acc=test_acc
)

# %% [markdown]
# 위 표, 판정, 그림에서 읽을 수 있는 것:
#
# - **대조군은 overfitting한다**: validation loss가 epoch 5\~7에서 가장 낮고(selected epoch 7, 5, 6) 그 뒤로 조금씩 오르내리며
#   거의 꾸준히 40 epoch까지 올라간다(첫 그림에서 대조군이 있는 세 칸, 곧 조합 칸을 뺀 세 칸의 파란 선). 02 노트북 10절,
#   03 노트북 9절의 대조군과 같은 설정·같은 seed의 run이라 숫자도 같다.
# - **selected epoch 모델끼리: 네 기법 모두 helps** (validation과 test 둘 다): Dropout 0.5 +0.83%p / +0.68%p, weight decay 1.0
#   +1.81 / +1.66, BN +2.36 / +2.22, Dropout + weight decay +1.87 / +1.71 (validation / test). Dropout과 weight decay의 판정은
#   02·03 노트북과 숫자까지 같다 (같은 run이다).
# - **기법끼리의 순위는 판정하지 않았다.** 차이의 크기는 BN이 가장 크지만(대략 읽기; 다섯 설정 모두 lr 0.001 하나를 함께
#   썼고, 그 lr은 어느 설정에 맞춘 값도 아니다: 8절), 판정한 것은 "기법 − 대조군"과 "조합 − 기법 하나"뿐이다. "BN이 weight
#   decay보다 낫다"고 말하려면 그 둘을 직접 짝지어 판정해야 한다 (5절과 같은 방법:
#   `report.compare_paired(..., "wd", "bn", SEEDS, hits["wd"], hits["bn"])`).
# - **더하면 더 좋아지는가** (selected epoch): weight decay 1.0 위에 Dropout 0.5를 더한 것은 within noise(+0.06 [−0.42, +0.52] /
#   +0.05 [−0.47, +0.56])라 Dropout이 더 보탠다는 판정은 나오지 않았다(보탠다 해도 구간으로는 0.5%p 안팎 이하다). Dropout 0.5
#   위에 weight decay 1.0을 더하면 helps(+1.04 / +1.03)다. 따로 쓴 두 효과(+0.83, +1.81)를 더한 만큼 조합이 오르지는
#   않았다(+1.87, 대략 읽기): 이 조건에서는 효과가 그냥 더해지지 않았다.
# - **곡선의 모양** (대략 읽기): weight decay 쪽 validation loss는 epoch 7 무렵까지 대조군과 함께 내려간 뒤(0.62 → 0.34) 다시
#   오르지 않고 40 epoch까지 조금씩 더 내려가, selected epoch이 40, 36, 36으로 끝에 있다. 그래도 train set을 외우는 속도는
#   대조군과 거의 같다: gap 그림(오른쪽 위)에서 두 선은 epoch 15 무렵까지 겹친다. Dropout 쪽은 대조군보다 더 낮은 곳까지
#   (epoch 10\~12 무렵) 내려갔다가 천천히 오르고, gap은 내내 대조군보다 작다. BN 쪽은 처음 몇 epoch에 가장 빨리 가장 낮게
#   내려가고(selected epoch 5, 7, 4) 그 뒤로 조금만 오른다. 마지막 epoch에는 다섯 설정 모두 train accuracy가 거의 1.0이므로
#   (표의 final val acc + gap = 1.0) 마지막 gap이 작다는 것(대조군 +0.0859 ± 0.0012, 기법들 +0.0699\~+0.0805)은 validation
#   accuracy가 높다는 것과 같은 말이다. 어느 기법도 train set을 다 외우는 것 자체를 막지는 못했다.
# - **best checkpoint가 여기서는 hurts**: 대조군의 selected epoch(validation loss 최저) 모델 − 마지막 epoch 모델은 validation
#   −1.21%p [−1.76, −0.67], test −1.12%p [−1.62, −0.56]이다. 대조군의 validation loss는 epoch 5\~7 뒤로 오르지만 validation
#   accuracy는 epoch 17 무렵까지 더 오르고(0.914) 그 뒤로는 거의 평평하다(두 번째 그림; selected epoch의 val acc
#   0.9021 ± 0.0043, 마지막 epoch 0.9141 ± 0.0012). loss는 틀린 이미지를 얼마나 자신 있게 틀리는지까지 재므로 accuracy와
#   다르게 움직일 수 있다(01 노트북 7절). label의 40%가 틀린 06 노트북 4절에서는 같은 기준(validation loss 최저)으로 고른
#   모델이 크게 도왔다(validation +17.76%p, test +18.41%p). 이 판정은 대조군 하나, 40 epoch 예산, loss로 고르는 방법에 대한
#   것이다 (validation accuracy로 고르는 방법은 재지 않았다).
# - **고르는 방법이 판정을 바꾼다** ("(last-epoch models)" 여섯 줄): 마지막 epoch 모델끼리 비교해도 네 기법은 모두 helps다
#   (Dropout +0.93 / +0.91, weight decay +0.54 / +0.48, BN +1.59 / +1.61, 조합 +0.79 / +0.79). 그러나 크기와 순서가 달라진다:
#   selected epoch에서 +1.81이던 weight decay가 +0.54로 줄어 Dropout(+0.93)보다 작아진다. weight decay 쪽은 selected epoch이
#   40, 36, 36이라 고르든 안 고르든 거의 같지만, 대조군은 validation loss로 고르면 1.21%p를 손해 보기 때문이다: selected epoch
#   비교의 "기법 − 대조군"에는 기법 자체의 효과와 "고르는 데서 손해를 덜 본다"는 효과가 섞여 있다. 조합도 달라진다: 마지막
#   epoch 모델끼리는 Dropout 위에 weight decay를 더한 것이 within noise(−0.14 / −0.13), weight decay 위에 Dropout을 더한 것이
#   validation within noise(+0.25 [−0.12, +0.64]), test helps(+0.31 [+0.00, +0.61])다. 두 판정이 갈린 비교는 아슬아슬한
#   것이므로 seed를 늘려 다시 재 볼 일이다(연습 문제 5의 방법). 결론에는 언제나 어떻게 고른 모델인지를 함께 적는다.
#
# ## 7. 강좌 전체의 판정 한눈에
#
# 02\~07 노트북은 판정을 내릴 때마다 `results/comparisons.json`에 한 줄씩 남긴다 (`make course`가 모든 노트북을 돌리면 다시 쓴다).
# 조건(regime)이 다른 판정은 서로 다른 질문에 대한 답이다: "train 55,000장, 10 epoch"에서의 판정과 "train 2,000장, 40 epoch"
# 에서의 판정을 섞어 읽지 않는다. (smoke mode에서는 저장소에 있는 full mode의 판정을 읽는다.)

# %%
all_records = report.load_comparisons()
display(Markdown(report.comparisons_table(all_records)))

# %% [markdown]
# 표의 판정은 모두 그 줄의 조건(regime)에 대한 것이다. 그래도 강좌 전체를 한 줄로 줄이면: 55,000장에서는 BN(04, ReLU와 Adam
# +0.66%p / +0.42%p, sigmoid와 SGD +0.85 / +1.25)과 lr을 줄여 가는 schedule(05, cosine +0.35 / +0.27)이 helps였다. 2,000장에서는
# Dropout 0.5, weight decay 1.0, BN, 조합이 selected epoch 모델끼리도(validation +0.83\~+2.36%p, test +0.68\~+2.22%p) 마지막
# epoch 모델끼리도(validation +0.54\~+1.59%p, test +0.48\~+1.61%p) 모두 helps였고, weight decay 0.1은 within noise였다(03).
# label의 40%가 틀린 2,000장에서는 early stopping이 validation +17.76%p, test +18.41%p였다. 55,000장에서는 02 노트북 7절(다른
# MLP 784-256-256-128-128-10, 5 epoch)의 sweep에서 Dropout이 validation accuracy를 뚜렷이 올리지 못했고 03 노트북의 weight
# decay도 그랬다(대략 읽기). 다만 55,000장 실험과 2,000장 실험은 데이터 크기 말고도 모델, epoch 수, batch 크기가 달라서(02
# 노트북 10절), "데이터가 많으면 regularization이 할 일이 적다"는 이 강좌가 판정한 결론이 아니라 설명이다.
#
# ## 8. 정리: 새 문제에서 무엇부터 해 볼까
#
# 이 강좌가 보인 것을 순서 있는 절차로 모은다. 단계마다 근거를 붙였다: 판정 규칙의 판정이 있는 단계(3\~6)는 아래 셀이
# 7절의 표에서 그 판정을 찾아 단계별로 다시 출력하고, 판정이 없는 단계(1, 2, 7)는 그것을 보인 노트북과 절을 적었다.
# **순서 자체는 판정한 것이 아니라 제안이다**: 앞 단계가 뒤 단계의 전제가 되도록 놓았다. 모델 구조(capacity, BN)를 먼저 정하고,
# 그 구조에 맞는 lr을 고르고, 그다음에 regularization의 세기를 고른다. 앞의 것을 바꾸면 뒤의 것은 다시 골라야 하기 때문이다.
#
# 1. **잴 방법과 sanity check** (00): train / validation / test로 나누고(00 6절), 긴 학습 전에 초기 loss가 ln(10) ≈ 2.30
#    근처인지, 20장을 외울 수 있는지 확인한다(00 9절). test로 고르면 고른 점수가 위로 치우친다(00 10절).
# 2. **train set을 맞출 만큼 capacity를 키운다** (01): 크기만 바꾼 sweep에서 validation accuracy가 0.814에서 0.974까지
#    올랐다(01 6절, 대략 읽기). MLP 512-512는 2,000장을 train accuracy 1.0까지 외웠다(01 7절). train set도 맞추지 못하면
#    regularization보다 capacity가 먼저다. 맞춘 뒤 validation loss가 다시 오르면(overfitting) 3단계와 6단계가 할 일이 생긴다.
#    4·5단계(BN, schedule)는 Dropout도 weight decay도 뚜렷이 돕지 못한 55,000장(1절)에서도 helps였다.
# 3. **무엇으로 고를지 정하고 best checkpoint를 남긴다** (06): label의 40%가 틀린 2,000장에서는 validation loss로 멈추고
#    되돌린 모델이 40 epoch 끝의 모델보다 크게 나았다. 그러나 깨끗한 2,000장의 대조군에서는 같은 기준(validation loss)으로
#    고른 모델이 마지막 epoch 모델보다 accuracy가 낮았다(hurts, 6절). checkpoint는 남기되, 고르는 지표(loss)와 보고할
#    지표(accuracy)가 다르면 고른 모델과 마지막 epoch 모델을 판정 규칙으로 비교해 본다.
# 4. **BN을 넣어 본다** (04): 세 조건에서 모두 helps였다. BN은 모델 구조를 바꾸고, 쓸 만한 lr의 범위도 바꾼다(04 11절,
#    seed 0의 대략 읽기: BN 모델은 lr 0.1\~8에서 모두 0.949 이상, BN 없는 모델은 0.5와 2에서만 쓸 만했다). 그래서 lr보다
#    먼저 정한다.
# 5. **lr과 schedule** (05): LR range test로 쓸 만한 lr의 범위를 보고(05 7절), 끝으로 갈수록 lr을 줄인다.
#    CosineAnnealingLR은 고정 lr보다 helps였다.
# 6. **regularization의 세기를 validation으로 고른다** (02, 03): weight decay는 λ=0.1이 within noise, λ=1.0이 helps였다. λ를
#    10배 바꾸자 판정이 바뀌었으니, λ는 0.01, 0.1, 1처럼 배수로(log 간격) 늘려 가며 고른다. Dropout 0.5도 helps였다. Dropout
#    비율은 0과 1 사이라 02 7절처럼 몇 값(0.2\~0.7)을 본다. 둘을 함께 쓸지는 하나 위에 다른 하나를 더하며 판정한다.
# 7. **바꿀 때마다 validation으로 판정하고, test는 마지막에 한 번** (02 10절, 07): 같은 구조의 대조군과 짝지은 seed
#    3개 이상으로 판정하고, 아슬아슬하면 seed를 늘린다(연습 문제 5). test set은 모든 선택이 끝난 뒤 판정에만 쓰고, 그 결과를
#    보고 다시 고르지 않는다(연습 문제 3).

# %%
# 8절의 3~6단계가 기대는 판정: 7절의 표(all_records)에서 찾아 단계별로 다시 출력한다
RECIPE_EVIDENCE = {
    "3. best checkpoint": [
        ("06", "early stopping (patience 3)"),
        ("07", "best checkpoint (min val loss) instead of the last epoch"),
    ],
    "4. BN": [
        ("04", "batch norm (Adam lr 1e-3, both)"),
        ("04", "batch norm (sigmoid, SGD, each arm's best lr)"),
        ("07", "batch norm"),
        ("07", "batch norm (last-epoch models)"),
    ],
    "5. lr schedule": [
        ("05", "CosineAnnealingLR vs Constant LR"),
        ("05", "OneCycleLR vs Constant LR"),
        ("05", "OneCycleLR vs CosineAnnealingLR"),
    ],
    "6. regularization": [
        ("03", "weight decay 0.1"),
        ("03", "weight decay 1.0"),
        ("02", "dropout 0.5"),
        ("07", "adding dropout 0.5 to weight decay 1.0"),
        ("07", "adding dropout 0.5 to weight decay 1.0 (last-epoch models)"),
        ("07", "adding weight decay 1.0 to dropout 0.5"),
        ("07", "adding weight decay 1.0 to dropout 0.5 (last-epoch models)"),
    ],
}
by_key = {(r["lesson"], r["technique"]): r for r in all_records}


def points(d):
    """record의 차이와 95% 구간을 %p로."""
    return f"{100 * d['mean']:+.2f} [{100 * d['low']:+.2f}, {100 * d['high']:+.2f}]"


for step, keys in RECIPE_EVIDENCE.items():
    print(step)
    for lesson, technique in keys:
        r = by_key.get((lesson, technique))
        if r is None:
            print(f"  {lesson} {technique}: 판정 없음 ({lesson} 노트북을 full mode로 실행하면 생긴다)")
            continue
        data_note = f"train {r['regime']['train_images']:,}장"
        if "label_noise" in r["regime"]:
            data_note += f", label {r['regime']['label_noise']:.0%} 틀림"
        print(
            f"  {lesson} {technique} ({data_note})\n"
            f"     validation {points(r['delta_val'])} {r['verdict_val']:<12} | "
            f"test {points(r['delta_test'])} {r['verdict_test']}"
        )

# %% [markdown]
# 위 출력이 각 단계의 근거다 (%p, 기법 쪽 − 대조군, 괄호는 95% 구간):
#
# - **3단계**: label의 40%가 틀린 데이터(06, patience 3으로 멈추고 되돌림)에서는 early stopping이 validation +17.76,
#   test +18.41로 helps, 깨끗한 데이터(07, 40 epoch 중 validation loss 최저)에서는 07의 대조군 best checkpoint가
#   −1.21 / −1.12로 hurts였다. 둘 다 validation loss로 고르지만 데이터 말고도 고르는 방법(멈추고 되돌리기, 40 epoch 전체의
#   최저)이 다르고, 두 조건의 차이를 판정한 것도 아니다. 그래서 3단계는 "늘 best checkpoint를 쓴다"가 아니라 "고른 모델과
#   마지막 epoch 모델을 비교해 본다"이다.
# - **4단계**: BN의 네 줄은 모두 helps다(validation +0.66\~+2.36, test +0.42\~+2.22).
# - **5단계**: cosine과 OneCycleLR 모두 고정 lr보다 helps(validation +0.35, +0.39)이고 둘 사이는 within noise다. 구간의
#   아래 끝(+0.04, +0.03)이 0에 가까운 아슬아슬한 판정이다. OneCycleLR은 모양과 최고 lr을 함께 바꾼 비교라(05 9절) cosine을
#   먼저 적었다.
# - **6단계**: weight decay 0.1은 within noise, 1.0은 helps, Dropout 0.5는 helps다. 조합(같은 run들)은 무엇과 비교하느냐
#   (weight decay만 쓴 쪽인지 Dropout만 쓴 쪽인지)와 어떻게 고른 모델이냐에 따라 판정이 갈렸다: 조합 − weight decay는
#   validation에서 두 번 다 within noise(+0.06, +0.25)이고, 조합 − Dropout은 selected epoch 모델끼리는 helps(+1.04), 마지막
#   epoch 모델끼리는 within noise(−0.14)다.
#
# **이 강좌가 보이지 않은 것.** 위 절차를 다른 문제에 옮기기 전에 알아 둘 한계다.
#
# - **데이터 하나, 모델 한 종류, 짧은 예산.** 모든 판정은 MNIST와 MLP(Linear 층과 활성화 함수를 쌓은 모델, 합성곱 층
#   없음)에서 10 epoch, 4,000 step, 40 epoch 예산으로 낸 것이다. CNN, data augmentation, 다른 데이터에서는 같은 방법으로
#   다시 재야 한다.
# - **BN의 이득 가운데 lr의 몫.** 07과 04 8절에서는 BN 쪽과 대조군이 lr 0.001 하나를 함께 썼고, 그 lr은 어느 쪽에 맞춘 값도
#   아니다. 모델마다 lr을 따로 고른 비교는 04 12절(sigmoid, SGD, lr 4개 가운데 seed 0으로 고름) 하나뿐이다(그 비교에서는
#   두 모델 모두 lr 2가 골라졌다). 대조군의 lr을 따로 골랐다면 07의 차이(+2.36%p)는 달라졌을 수 있다.
# - **Dropout과 weight decay를 함께 쓰면 하나만 쓸 때보다 늘 낫다는 것.** 위 6단계대로 판정은 갈렸고, 조합 − weight
#   decay는 validation에서 within noise다.
# - **기법끼리의 순위.** BN과 weight decay, weight decay와 Dropout 가운데 어느 쪽이 나은지는 직접 짝지어 판정하지 않았다(6절).
# - **55,000장에서의 regularization.** 02·03 노트북의 55,000장 sweep은 대략 읽기뿐이라, 그 조건의 Dropout과 weight decay에는
#   판정이 없다(7절).
# - **고르는 방법의 다른 선택지.** validation accuracy로 고르기, patience를 바꾼 early stopping은 재지 않았다.
# - **Dropout과 BN을 함께 쓰기.** 학습해서 판정하지는 않았다. 함께 쓴다면 순서를 조심하자: 02 노트북 3절과 04 노트북
#   15절에서 본 [variance shift](glossary.md#variance-shift) 때문에 Dropout 뒤의 BN은 eval mode에서 학습 때와 다른 척도의
#   값을 내보낸다(04 15절: ReLU → Dropout(p=0.5) → Linear → BN에서 eval mode BN 출력의 표준편차 0.64). 이 강좌의 모델은
#   Dropout과 BN을 함께 쓰지 않아 이 문제가 없었다. `models.MLP`에 `drop_rate`와 `batch_norm=True`를 함께 주면
#   Dropout → Linear → BN 순서가 되어 BN 앞에 Dropout이 온다. Li et al.(2019)의 처방 하나는 Dropout을 마지막 BN 뒤에만 두는
#   것이다. 어느 쪽이든 함께 쓰는 것도 같은 규칙으로 판정해야 한다.

# %% [markdown]
# ## 연습 문제
#
# 풀이: [solutions/07_comparison_solutions.ipynb](solutions/07_comparison_solutions.ipynb)
#
# 문제마다 시작 코드 셀이 있다. `...`(또는 `# TODO`)를 채우고 셀을 실행하면 마지막 줄의 `qN.check(...)`가 답을 검사한다.
# 막히면 `qN.hint()`, 더 자세히는 `qN.hint(2)`, 풀이는 `qN.solution()`.

# %%
from course_lib import stats  # noqa: F401 (문제 2, 4, 5의 답에서 쓴다)
from course_lib.exercises.lesson07 import q1, q2, q3, q4, q5

# %% [markdown]
# **1. seed 하나만 봤다면?** 5절의 비교마다 seed 0, 1, 2를 **하나씩만** 보고 (기법 − 대조군)의 validation accuracy 부호로
# 승자를 정해 보자. 판정 규칙의 validation 판정과 같은가?
#
# 먼저 record 하나에서 seed별 차이(기법 − 대조군, 같은 seed끼리)의 목록을 돌려주는 `per_seed_diffs(record)`를 완성하라.
# 검사를 통과하면 `records`의 비교마다 그 부호를 `r["verdict_val"]`과 나란히 출력해 보라.
#
# **기대 결과**: 판정이 helps나 hurts인 비교는 세 seed의 부호가 모두 판정과 같다. 판정이 "within noise"인 비교에서는 seed에
# 따라 부호가 바뀔 수 있다: seed 하나로 결론을 내면 그런 비교에서 근거 없는 결론을 낸다. 세 seed가 모두 같은 방향인데도
# within noise인 비교도 있다: 평가 이미지의 흔들림까지 넣으면 0을 배제할 수 없는 경우다.


# %%
def per_seed_diffs(record):
    """record의 seed별 validation accuracy 차이 (기법 − 대조군), 같은 seed끼리."""
    ...  # TODO


q1.check(per_seed_diffs)

# %% [markdown]
# **2. seed가 하나뿐이면 구간은?** 대조군과 Dropout의 seed 0만으로(`hits[...][0]`) `stats.paired_bootstrap`을 부르면 구간이
# 어떻게 바뀌는가? seed 3개일 때와 비교하고, 구간에 무엇이 빠졌는지 설명하라.
#
# 먼저 seed i 하나의 validation 정답 여부로 판정 규칙을 부르는 `one_seed_interval(control_hits, treated_hits, i)`를 완성하라
# (`control_hits`는 `hits["control"]`처럼 seed별 `(validation 정답 여부, test 정답 여부)`의 목록). 검사를 통과하면
# `one_seed_interval(hits["control"], hits["dropout"], 0)`을 seed 3개의 구간과 비교해 보라.
#
# **기대 결과**: seed 하나의 구간은 평가 이미지의 표본 추출만 반영한다. 그런데 폭이 seed 3개의 구간보다 좁지는 않다: seed
# 3개이면 이미지마다 세 쌍의 차이를 평균하므로 이미지 쪽 흔들림이 줄고, 대신 seed 쪽 흔들림이 더해지기 때문이다. seed 하나의
# 구간에는 seed 간 흔들림이 빠져 있어, 다른 seed로 돌린 차이가 그 구간 밖에 놓일 수 있다. 그래서 판정에는 seed 여러 개가 필요하다.


# %%
def one_seed_interval(control_hits, treated_hits, i):
    """seed i 하나의 validation 정답 여부로 낸 판정 규칙의 결과 (stats.paired_bootstrap)."""
    ...  # TODO


q2.check(one_seed_interval)

# %% [markdown]
# **3. test set으로 고르면?** 15개 run 가운데 test acc가 가장 높은 run과, val acc at selected epoch이 가장 높은 run을
# 찾아 비교하라. test acc가 가장 높은 run을 "최종 모델"로 고르고 그 test acc를 보고하면 무엇이 잘못되는가?
#
# 아래 `runs`는 15개 run의 `(이름, seed, val acc at selected epoch, test acc)`다. 최종 모델로 보고할 run 하나를 고르는
# `select_final(runs)`를 완성하고, 검사를 통과하면 test acc가 가장 높은 run도 찾아 나란히 보라.
#
# **기대 결과**: 진짜 정확도가 모두 같아도 15개 중 최댓값은 평균 0.5%p 가까이 부풀려진다 (모델마다 test 오차가 서로
# 독립이라고 본 시뮬레이션이다; 같은 test set에서는 run들의 오차가 겹치므로 실제 부풀림은 이보다 작을 수 있지만 방향은
# 같다). test로 고르면 그만큼 낙관적인 숫자를 보고하게 된다.

# %%
runs = [
    (name, seed, h.best_val_acc, test_acc[name][seed]) for name, hs in histories.items() for seed, h in enumerate(hs)
]


def select_final(runs):
    """(이름, seed, val acc at selected epoch, test acc) 목록에서 최종 모델로 보고할 run 하나."""
    ...  # TODO


q3.check(select_final)

# %% [markdown]
# **4. 예산이 바뀌면 판정도 바뀌나?** 대조군과 Dropout을 10 epoch만 학습해(seed 0, 1, 2) 같은 규칙으로 판정하라.
# 40 epoch의 판정과 같은가? 새로 학습하지 않고 40 epoch run의 `History`에서 epoch 10까지만 읽어도 되는 경우와
# 안 되는 경우는?
#
# `short`에 seed마다 `(History, (validation 정답 여부, test 정답 여부))`를 넣고, 그 정답 여부로 판정한 record를 `record10`에
# 둔다. `q4.check`는 10 epoch run이 같은 seed의 40 epoch run(3절의 `histories`)과 짝지어지는지, 판정 규칙을 거쳤는지 본다.
#
# **기대 결과**: 고정 lr이라 10 epoch run의 처음 10 epoch은 40 epoch run과 똑같다. 판정은 selected epoch의 모델끼리 비교하므로,
# selected epoch이 10 epoch 안에 있으면 예산을 줄여도 거의 같은 모델을 고르고 판정도 거의 같다. 마지막 epoch의 모델끼리 비교한다면
# 예산에 따라 판정이 달라질 수 있다(이 연습 문제에서는 재지 않는다): 결론에는 언제나 예산과 고르는 방법을 함께 적어야 한다.

# %%
short = {"control": [], "dropout": []}  # key -> seed별 (History, (validation 정답 여부, test 정답 여부))
# TODO: seed 0, 1, 2마다 control과 dropout을 10 epoch 학습해 short에 넣는다 (3절의 학습 셀과 같게)
record10 = ...  # TODO: report.compare_paired(...)로 판정

q4.check(short, record10, {"control": histories[NAME["control"]], "dropout": histories[NAME["dropout"]]})

# %% [markdown]
# **5. (도전) 아슬아슬한 판정은 seed를 늘려서.** 5절의 selected epoch 비교 가운데 validation 구간의 끝(0에 가까운 쪽)이 0에
# 가장 가까운 비교를 골라 seed 3, 4를 더 돌리고
# (seed 5개) 다시 판정하라. 구간이 좁아지는가? 판정이 바뀌는가?
#
# 다시 판정한 record를 `record5`에 둔다. `q5.check`는 고른 비교가 validation 구간으로 고른 것인지, seed 0, 1, 2의 run에
# seed 3, 4를 더해 판정 규칙으로 판정했는지 본다.
#
# **기대 결과**: seed가 늘면 seed 쪽 흔들림이 더 잘 잡혀 구간이 좁아질 수 있고(늘 그렇지는 않다), 차이의 추정도 움직인다. 판정이 바뀔 수도 있다:
# 그래서 "아슬아슬하면 seed를 늘린다"가 규칙의 일부다.

# %%
record5 = ...  # TODO: 비교를 고르고, seed 3, 4를 돌려 hits에 이어 붙인 뒤 SEEDS + [3, 4]로 report.compare_paired(...)

q5.check(record5, records)

# %% [markdown]
# ## 확인 문제
#
# **Q1.** 이 노트북에서 test set은 무엇에 쓰고, 무엇에는 쓰지 않는가?
#
# <details><summary>정답</summary>
#
# 학습이 모두 끝난 뒤 각 run이 고른 모델(selected epoch의 checkpoint)과 마지막 epoch 모델이 test 이미지를 맞혔는지 재서
# **판정**하는 데만 쓴다. epoch, 설정, 기법을 고르는 데는 쓰지 않고, test 판정을 보고 다시 무엇을 고르지도 않는다. 고르는 데
# 쓰면 test 점수가 고른 쪽으로 치우쳐(낙관적으로) 새 데이터의 성능을 말해 주지 못한다.
# </details>
#
# **Q2.** (01·02 노트북의) BigSizeModel(hidden 층 6개, 4.4M params)보다 DropoutModel(hidden 층 4개, 317k params)의 train-val gap이 작다면, 이것이 Dropout의
# 효과라고 말할 수 있는가?
#
# <details><summary>정답</summary>
#
# 아니다. 두 모델은 층 수와 파라미터 수도 다르므로 gap 차이에는 capacity의 효과가 섞여 있다. Dropout의 효과는 같은 구조의
# `DropoutModel(0.0)`과 비교해야 한다(대조 실험).
# </details>
#
# **Q3.** 비교표의 "val acc at selected epoch"는 40 epoch 동안 가장 높았던 validation accuracy인가?
#
# <details><summary>정답</summary>
#
# 아니다. validation **loss**가 가장 낮았던 epoch(저장된 checkpoint의 epoch)의 validation accuracy다. 가장 높은 accuracy와
# 같을 수도 있지만 다를 수도 있다.
# </details>
#
# **Q4.** 5절의 판정에서 weight decay 1.0 − 대조군의 validation 차이와 95% 구간은 얼마이고, 판정은 무엇인가? test에서는?
#
# <details><summary>정답</summary>
#
# validation +1.81%p [+1.22, +2.43], **helps** (구간 전체가 0보다 위). test도 +1.66%p [+1.16, +2.11]로 helps다.
# </details>
#
# **Q5.** 어떤 비교의 validation 차이가 +0.06%p, 95% 구간이 [−0.42, +0.52]였다. "평균이 양수이니 조금 낫다"고 말해도 되는가?
#
# <details><summary>정답</summary>
#
# 아니다. 구간이 0을 포함하므로 판정은 **within noise**다: seed와 평가 이미지를 새로 뽑으면 차이가 음수로도 나올 수 있는
# 크기다. 5절의 "adding dropout 0.5 to weight decay 1.0"이 이 경우다.
# </details>
#
# **Q6.** 대조군과 기법 쪽을 **같은 seed끼리** 짝지어 차이를 계산하는 이유는?
#
# <details><summary>정답</summary>
#
# 같은 seed에서 두 모델은 같은 초기 가중치로 출발하고(2절에서 `same_start`가 모두 `True`), `paired=True` loader라 batch
# 순서도 모든 epoch에서 같다(Dropout mask가 전역 난수를 써도). 그래서 짝 차이에는 seed가 만드는 흔들림이 덜 섞이고 기법
# 하나의 효과가 더 잘 드러난다.
# </details>
#
# **Q7.** 8절의 절차는 BN을 lr과 schedule보다, lr을 regularization의 세기보다 먼저 정한다. 왜 그런 순서인가? 이 순서는
# 강좌가 판정 규칙으로 판정한 것인가?
#
# <details><summary>정답</summary>
#
# 앞의 것을 바꾸면 뒤의 것을 다시 골라야 하기 때문이다. BN은 모델 구조를 바꾸고 쓸 만한 lr의 범위도 바꾼다(04 11절,
# seed 0의 대략 읽기). lr이 바뀌면 AdamW의 weight decay가 step마다 가중치를 줄이는 비율 1 − ηλ(03 노트북)도 바뀌므로
# 알맞은 λ도 달라질 수 있다.
# 이 순서는 판정한 것이 아니라 제안이다: 강좌가 판정한 것은 각 기법이 그 조건에서 대조군보다 helps인지이고, 순서를 바꿔
# 가며 비교하지는 않았다.
# </details>
#
# **Q8.** 04 노트북 15절의 ReLU → Dropout(p=0.5) → Linear → BatchNorm1d 블록은, train mode로 batch를 여러 개 통과시켜
# BN의 running 통계를 쌓은 뒤 eval mode로 바꾸자 BN 출력의 표준편차가 1이 아니라 0.64였다. 왜 1보다 작아지는가?
# Dropout 바로 뒤에 BN을 두고 평균 0, 분산 1인 입력을 넣었다면 대략 얼마가 될까?
#
# <details><summary>정답</summary>
#
# train mode의 Dropout은 남긴 값을 1/(1−p)배로 키워 분산을 키운다(02 노트북 3절: 분산 σ²/(1−p) + μ²p/(1−p)). BN은 그 큰
# 분산을 running 분산으로 모은다. eval mode에서는 Dropout이 아무것도 하지 않아 분산이 작은 값이 들어오는데 BN은 여전히 큰
# running 분산으로 나누므로 출력의 폭이 줄어든다([variance shift](glossary.md#variance-shift)). 평균 0, 분산 1인 입력이면
# train mode의 분산이 1/(1−p) = 2이므로 BN은 값을 √2(running 분산 2의 제곱근)로 나누고, eval mode 출력의
# 표준편차는 약 1/√2 ≈ 0.71이다. 평균이 0이
# 아니면, 예를 들어 ReLU 뒤라면 train mode의 분산에 μ²p/(1−p)가 더해져 어긋남이 더 크다: 04 노트북 15절에서는 분산 비
# 2.47, 표준편차 0.64였다. 학습 때와 다른 크기의 값이 다음 층으로 가므로, Dropout과 BN을 함께 쓴다면 순서를 정하고 그것도 판정해야 한다.
# </details>
