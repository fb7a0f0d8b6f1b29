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
# # 07. 전체 비교: 대조 실험과 여러 seed로 기법의 효과를 재기
#
# **목표**: 지금까지 배운 기법(Dropout, Batch Normalization, Learning rate decay, 모델 크기)의 효과를
# **같은 구조에서 기법 하나만 켜고 끈 대조 실험**으로, **seed 3개의 평균 ± 표준편차**로 잰다.
# 모든 선택(best epoch, 어느 쪽이 나은가)은 validation set으로 하고, test set은 고른 모델을 마지막에 한 번만 평가한다.
# 차이가 seed 사이의 흔들림보다 작으면 "이겼다"고 하지 않고 "잡음 범위(within noise)"라고 말한다.
#
# **Goal**: measure what each technique of the course (dropout, batch normalization, learning-rate decay, model size)
# buys with **same-architecture controls** (one technique switched on/off) and **three seeds (mean ± std)**.
# Every selection is made on the validation split; the test set scores each selected model once, at the end.
# A difference smaller than the seed-to-seed spread is reported as "within noise", not as a win.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from IPython.display import Markdown, display

from course_lib import checkpoint, data, models, plots, report, settings, train

device = settings.get_device()  # CUDA -> MPS -> CPU (smoke mode: CPU)
device

# %%
LR = 0.001
N_EPOCH = 10
BATCH_SIZE = 200
SEEDS = [0, 1, 2]

# DATASET, MODEL 저장할 ROOT 디렉토리 경로
DATASET_ROOT_PATH = settings.data_root()
MODEL_SAVE_ROOT_PATH = "models"

# 55,000 train / 5,000 validation (60,000장의 train set에서 고정 분할) / 10,000 test
train_loader, val_loader, test_loader = data.load_mnist_splits(DATASET_ROOT_PATH, BATCH_SIZE)
loss_fn = nn.CrossEntropyLoss()
len(train_loader.dataset), len(val_loader.dataset), len(test_loader.dataset)

# %% [markdown]
# ## 1. 정직한 비교의 세 가지 규칙
#
# 01~05강도 설정마다 seed 3개로 학습해 평균 ± 표준편차를 보았다(06강은 seed 하나). 이 강의에서는 기법들을 나란히 놓고
# 순위를 매기므로 규칙을 먼저 분명히 한다.
#
# 1. **고르는 일은 validation으로, test는 마지막에 한 번.** 각 run은 validation loss가 가장 낮은 epoch의 가중치를
#    [checkpoint](glossary.md#checkpoint)로 저장한다(**selected epoch**, 이것이 [model selection](glossary.md#model-selection)이다).
#    어느 기법이 나은지도 [validation set](glossary.md#validation-set) 숫자로만 판단한다.
#    [test set](glossary.md#test-set)은 학습이 모두 끝난 뒤, 고른 모델을 한 번씩 평가하는 데만 쓴다.
# 2. **seed 여러 개.** 같은 설정이라도 [seed](glossary.md#seed)(초기 가중치, 데이터 순서, Dropout 마스크)가 바뀌면
#    결과가 흔들린다. 설정마다 seed 3개(0, 1, 2)로 학습해 [평균 ± 표준편차](glossary.md#standard-deviation)를 보고,
#    차이가 그 흔들림보다 클 때만 "낫다"고 말한다.
# 3. **같은 구조의 대조군.** 기법의 효과는 그 기법만 뺀 **같은 구조**와 비교해야 한다
#    ([control experiment](glossary.md#control-experiment), 대조 실험). 층 수나 파라미터 수가 다른 모델끼리의 차이는
#    기법의 효과가 아니라 **[capacity](glossary.md#capacity)(모델 크기)의 효과**와 섞인다. 예를 들어 6층 4.4M 파라미터의 BigSizeModel과
#    4층 317k 파라미터의 DropoutModel을 비교해 train-val gap이 줄었다고 해도, 그것이 Dropout 덕인지 모델이 작아진 덕인지
#    알 수 없다.
#
# 예산도 모두 같다: 10 epoch, Adam lr=0.001, batch 200, `early_stopping=False`(모든 run이 10 epoch을 다 돈다).

# %% [markdown]
# ## 2. 실험 목록: 네 개의 비교 그룹
#
# | 그룹 | 기법 쪽 | 대조군 | 같은 구조? |
# |---|---|---|---|
# | Dropout | `DropoutModel(0.5, drop_output=False)` | `DropoutModel(0.0)` | 예 (Linear+ReLU 4층, 317,450 params) |
# | Batch Normalization | `BNModel()` | `BNModel(batch_norm=False)` | 예 (3층, BN 파라미터만 차이) |
# | LR schedule | `BNModel()` + `CosineAnnealingLR` | `BNModel()` 고정 LR | 예 (같은 모델, LR만 다름) |
# | capacity | `DropoutModel(0.0)` (4층 MLP) | `SmallSizeModel` (Linear 1층) | **아니오: capacity 효과** |
#
# - Dropout 그룹에는 `drop_output=False`를 쓴다. 02강의 `DropoutModel(0.5)`(원래 자료 그대로)는 출력층의 logit에도
#   Dropout을 걸어 학습 중 loss 자체를 흔든다. 여기서는 hidden 층에만 Dropout을 걸어 "hidden 층의 Dropout"
#   하나만 다르게 했다.
# - `BNModel()` 고정 LR run 하나가 두 그룹에 쓰인다: BN 그룹에서는 기법 쪽, LR 그룹에서는 대조군이다.
#   `DropoutModel(0.0)`도 Dropout 그룹의 대조군이자 capacity 그룹의 큰 쪽이다.
# - BigSizeModel(6층, 4.4M params)은 epoch당 시간이 다른 모델의 10~40배라 seed 3개를 돌릴 예산이 없어 이 비교에서 뺐다.
#   모델 크기의 효과는 01강(capacity)에서 따로 다룬다. 여기서는 1층과 4층의 차이로 capacity 효과를 본다.
# - BN + Dropout + cosine 조합도 예산 때문에 뺐다. 연습 문제 5에서 직접 추가해 본다.


# %%
def cosine(optimizer):
    """epoch마다 LR을 cosine 곡선으로 0.001 → 0.00001까지 줄이는 scheduler."""
    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=N_EPOCH, eta_min=1e-5)


# key(파일 이름용): (표에 나오는 이름, 모델을 만드는 함수, scheduler를 만드는 함수 또는 None)
EXPERIMENTS = {
    "small": ("[capacity] SmallSizeModel (Linear 1층)", models.SmallSizeModel, None),
    "mlp4": ("[dropout 대조군 · capacity] DropoutModel(0.0)", lambda: models.DropoutModel(0.0), None),
    "mlp4_drop": (
        "[dropout] DropoutModel(0.5, drop_output=False)",
        lambda: models.DropoutModel(0.5, drop_output=False),
        None,
    ),
    "bn_off": ("[BN 대조군] BNModel(batch_norm=False)", lambda: models.BNModel(batch_norm=False), None),
    "bn": ("[BN · LR 대조군] BNModel() 고정 LR", models.BNModel, None),
    "bn_cos": ("[LR schedule] BNModel() + cosine", models.BNModel, cosine),
}
NAME = {key: name for key, (name, _, _) in EXPERIMENTS.items()}

# 비교 그룹: (그룹, 기법 쪽 key, 대조군 key, 구조)
COMPARISONS = [
    ("Dropout 0.5 (hidden 층)", "mlp4_drop", "mlp4", "같은 구조"),
    ("Batch Normalization", "bn", "bn_off", "같은 구조"),
    ("cosine LR schedule", "bn_cos", "bn", "같은 모델"),
    ("capacity: 4층 MLP vs Linear 1층", "mlp4", "small", "다른 구조 (capacity 효과)"),
]

# %% [markdown]
# 실험마다 파라미터 수를 확인하고, **같은 seed에서 대조군과 기법 쪽이 같은 초기 가중치로 출발하는지**도 확인하자.
# 그래서 seed별 차이(기법 − 대조군)가 "기법 하나"의 차이에 가까워진다.
# (BatchNorm1d의 γ=1, β=0은 무작위가 아니므로 BN 그룹은 Linear 가중치만 비교한다.)

# %%
# NBVAL_CHECK_OUTPUT
for key, (_name, make_model, make_scheduler) in EXPERIMENTS.items():
    n_params = models.count_parameters(make_model())
    print(f"{key:<10} {n_params:>8,} params | scheduler: {'CosineAnnealingLR' if make_scheduler else '-'}")


def same_start(make_a, make_b, seed=0):
    """같은 seed로 만든 두 모델의 Linear 가중치가 모두 같은가."""
    settings.seed_everything(seed)
    a = make_a()
    settings.seed_everything(seed)
    b = make_b()
    la = [m.weight for m in a.modules() if isinstance(m, nn.Linear)]
    lb = [m.weight for m in b.modules() if isinstance(m, nn.Linear)]
    return len(la) == len(lb) and all(torch.equal(x, y) for x, y in zip(la, lb, strict=True))


print("Dropout 그룹 같은 출발점:", same_start(EXPERIMENTS["mlp4"][1], EXPERIMENTS["mlp4_drop"][1]))
print("BN 그룹 같은 출발점     :", same_start(EXPERIMENTS["bn_off"][1], EXPERIMENTS["bn"][1]))

# %% [markdown]
# ## 3. 같은 예산으로 학습: 6개 설정 × seed 3개 = 18 run
#
# 각 run 직전에 `settings.seed_everything(seed)`를 부르고, best checkpoint(validation loss 최저)를 run마다 다른 파일
# `models/compare_<key>_seed<seed>.pth`에 저장한다. 로그가 길어지지 않도록 `verbose=False`로 학습하고 run마다 한 줄만 찍는다.
# (CPU에서 몇 분 걸린다. DropoutModel이 가장 오래 걸린다.)

# %%
histories = {name: [] for name, _, _ in EXPERIMENTS.values()}
checkpoints = {name: [] for name in histories}
for key, (name, make_model, make_scheduler) in EXPERIMENTS.items():
    for seed in SEEDS:
        settings.seed_everything(seed)
        model = make_model()
        optimizer = torch.optim.Adam(model.parameters(), lr=LR)
        scheduler = make_scheduler(optimizer) if make_scheduler else None
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
            mode="multi",
            lr_scheduler=scheduler,
            verbose=False,
        )
        histories[name].append(h)
        checkpoints[name].append(path)
        print(
            f"{key:<10} seed {seed} | selected epoch {h.best_epoch:>2} | val acc {h.best_val_acc:.4f} "
            f"| final gap {h.gap[-1]:+.4f} | {h.total_time:.0f}s"
        )

# %% [markdown]
# ## 4. 고른 모델을 test set으로 한 번씩 평가
#
# 18개 run 각각이 고른 모델(selected epoch의 checkpoint)을 새 모델 객체에 불러와 test set으로 **한 번** 평가한다.
# 이 숫자는 보고용이다: 어떤 epoch, 어떤 기법을 고르는 데도 쓰지 않는다. test 숫자를 보고 설정을 바꾸기 시작하면
# test set도 validation set처럼 "고르는 데 쓴" 데이터가 되어, 새 데이터에서의 성능을 더는 공정하게 말해 주지 못한다.

# %%
test_acc = {name: [] for name in histories}
for key, (name, make_model, _) in EXPERIMENTS.items():
    for path in checkpoints[name]:
        model = make_model()
        checkpoint.load_checkpoint(path, model)
        model.to(device)
        _, acc = train.evaluate(test_loader, model, loss_fn, device=device)
        test_acc[name].append(acc)
    print(f"{key:<10} test acc (seed {', '.join(map(str, SEEDS))}): {', '.join(f'{a:.4f}' for a in test_acc[name])}")

# %% [markdown]
# ## 5. 비교표 (seed 3개의 평균 ± 표준편차)
#
# `report.comparison_table()`이 `History`들과 test accuracy에서 바로 만든 표다 (손으로 옮겨 적은 숫자가 없다).
#
# - **params**: 학습되는 파라미터 수 / **seeds**: run 수 / **epochs**: 각 run이 돈 epoch 수
# - **selected epoch (min val loss)**: seed별로 validation loss가 가장 낮았던 epoch (= 저장된 checkpoint)
# - **val acc at selected epoch**: 그 epoch의 validation accuracy. "가장 높은 val acc"가 아니라
#   **best epoch(최저 val loss)의 val acc**다. 기법 비교는 이 열로 한다.
# - **final val acc**: 마지막(10번째) epoch의 validation accuracy
# - **final train-val gap**: 마지막 epoch의 train accuracy − validation accuracy (둘 다 eval mode로 잰 값;
#   클수록 [overfitting](glossary.md#overfitting) 쪽, [generalization gap](glossary.md#generalization-gap))
# - **test acc (selected model)**: 고른 모델을 test set으로 한 번 평가한 값 (보고용)
# - **time/run (s)**: run 하나의 학습 + 매 epoch 평가 시간 (기계마다 다르다)

# %%
table = report.comparison_table(histories, test_acc)
display(Markdown(table))

# %% [markdown]
# ## 6. 그룹 안의 차이: 기법 − 대조군, 그리고 seed 사이의 흔들림
#
# 같은 seed끼리 짝지어 (기법 − 대조군)을 seed마다 계산한다. 같은 seed는 같은 초기 가중치에서 출발하므로
# 이 짝 차이가 기법 하나의 효과에 가장 가깝다. 판정 규칙은 단순하게 정했다:
#
# > 세 seed의 차이가 **모두 같은 방향**이고 **|평균 차이| > 2 × (seed별 차이의 표준편차)** 일 때만 한쪽이 낫다고 한다.
# > 아니면 "잡음 범위(within noise)"다.
#
# 숫자는 %p(퍼센트 포인트, 0.01 = 1%p)로 적는다. 오른쪽 두 열은 train-val gap(마지막 epoch)의 차이다.


# %%
def pts(x):
    """accuracy 차이를 %p(퍼센트 포인트)로."""
    return f"{100 * x:+.2f}"


def verdict(deltas, up, down):
    """세 seed가 같은 방향이고 |평균| > 2·std 이면 up/down, 아니면 잡음 범위."""
    m, s = report.mean_std(deltas)
    same_sign = all(d > 0 for d in deltas) or all(d < 0 for d in deltas)
    if len(deltas) >= 3 and same_sign and abs(m) > 2 * s:
        return up if m > 0 else down
    return "잡음 범위 (within noise)"


def paired(metric, tech, ctrl):
    """seed별 (기법 − 대조군) 차이."""
    return [metric(a) - metric(b) for a, b in zip(histories[NAME[tech]], histories[NAME[ctrl]], strict=True)]


def selected_acc(h):
    return h.best_val_acc


def final_gap(h):
    return h.gap[-1]


rows = [
    "| 그룹 (기법 − 대조군) | 구조 | Δ val acc at selected epoch, seed별 (%p) | 평균 ± std (%p) | 판정 (val acc) "
    "| Δ final gap 평균 ± std (%p) | 판정 (gap) |",
    "|---|---|---|---:|---|---:|---|",
]
deltas = {}
for group, tech, ctrl, structure in COMPARISONS:
    d_acc, d_gap = paired(selected_acc, tech, ctrl), paired(final_gap, tech, ctrl)
    deltas[group] = d_acc
    rows.append(
        f"| {group} | {structure} | {', '.join(pts(d) for d in d_acc)} "
        f"| {report.fmt_mean_std([100 * d for d in d_acc], digits=2, sign=True)} "
        f"| {verdict(d_acc, '기법 쪽이 높음', '대조군이 높음')} "
        f"| {report.fmt_mean_std([100 * d for d in d_gap], digits=2, sign=True)} "
        f"| {verdict(d_gap, '기법 쪽 gap이 큼', '기법 쪽 gap이 작음')} |"
    )
display(Markdown("\n".join(rows)))

# %% [markdown]
# 참고로 같은 설정 안에서 seed만 바꿨을 때 val acc at selected epoch가 얼마나 흔들리는지(최댓값 − 최솟값)도 보자.
# 이 폭보다 작은 차이는 seed 하나로 비교하면 순위가 뒤집힐 수 있는 크기다.

# %%
for key, name in NAME.items():
    accs = [h.best_val_acc for h in histories[name]]
    print(
        f"{key:<10} seed별 val acc at selected epoch: {', '.join(f'{a:.4f}' for a in accs)} "
        f"| 폭(max−min) {100 * (max(accs) - min(accs)):.2f}%p"
    )

# %% [markdown]
# ## 7. 곡선 겹쳐 보기 (그룹별, 선 = seed 평균, 띠 = seed 최솟값~최댓값)

# %%
PANELS = [
    ("Dropout (같은 4층 구조)", {"drop 0.0 (대조군)": "mlp4", "drop 0.5": "mlp4_drop"}),
    ("Batch Normalization (같은 3층 구조)", {"BN 없음 (대조군)": "bn_off", "BN": "bn"}),
    ("LR schedule (같은 BNModel)", {"고정 LR (대조군)": "bn", "cosine": "bn_cos"}),
    ("capacity (다른 구조)", {"Linear 1층": "small", "4층 MLP": "mlp4"}),
]


def group_figure(metric, title):
    """그룹마다 한 칸: 대조군과 기법 쪽을 겹쳐 그린다."""
    fig, axes = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
    for ax, (panel_title, members) in zip(axes.flat, PANELS, strict=True):
        runs = {label: histories[NAME[key]] for label, key in members.items()}
        plots.compare_histories(runs, metric=metric, ax=ax, title=panel_title)
    fig.suptitle(title)
    plt.show()
    return fig


fig_acc = group_figure("val_acc", "검증 정확도 (validation accuracy), seed 3개")

# %%
fig_loss = group_figure("val_loss", "검증 손실 (validation loss), seed 3개")

# %%
fig_gap = group_figure("gap", "train accuracy − validation accuracy (generalization gap), seed 3개")

# %% [markdown]
# 결과(History, test accuracy, 그림)를 저장소의 `results/` 폴더에 저장한다. `make course`가 이 파일로
# `results/summary.md`를 만들고, 그 안의 표는 위 5절의 표와 글자 하나까지 같다.
# (smoke mode에서는 실제 결과를 덮어쓰지 않도록 저장하지 않는다.)

# %%
results_folder = report.save_results(
    histories, figures={"val_acc": fig_acc, "val_loss": fig_loss, "gap": fig_gap}, test_acc=test_acc
)

# %% [markdown]
# ## 8. 무엇을 얻고 무엇을 치렀나 (위 표와 그림 읽기)
#
# 판정은 6절의 규칙(세 seed가 같은 방향이고 |평균 차이| > 2 × std)을 따른다. 숫자는 위 표와 출력에서 옮겼다.
#
# - **capacity (다른 구조, 1층 → 4층)**: 4층 MLP의 val acc at selected epoch는 0.9723 ± 0.0026, Linear 1층은
#   0.9191 ± 0.0001로 차이가 +5.32 ± 0.26%p다. seed별로도 +5.0\~+5.5%p라 잡음보다 훨씬 크다. 대가는 파라미터
#   (7,850 → 317,450)와 계산 시간, 그리고 더 큰 train-val gap(+1.33 ± 0.20%p)이다. 이것은 **구조 전체를 바꾼 효과**이지
#   어떤 "기법"의 효과가 아니다. BigSizeModel(6층, 4.4M)까지 늘린 capacity 실험은 01강에 있다.
# - **Dropout 0.5 (같은 4층 구조, hidden 층에만)**: 10 epoch 예산에서는 val acc 차이가 −0.28 ± 0.44%p
#   (seed별 −0.12, −0.78, +0.06)로 **잡음 범위**다. Dropout이 이 예산에서 정확도를 올린다고도, 내린다고도 말할 수 없다.
#   마지막 epoch의 train-val gap은 3절 출력에서 세 seed 모두 Dropout 쪽이 작지만(대조군 0.0221, 0.0207, 0.0169 →
#   Dropout 0.0138, 0.0145, 0.0161), 평균 차이 −0.51%p가 seed별 흔들림(std 0.38%p)의 2배를 넘지 못해 규칙으로는
#   역시 잡음 범위다. 7절 gap 그림에서는 epoch 4 이후 Dropout 쪽 평균 곡선이 대조군보다 계속 아래에 있다: seed를 늘리면
#   분명해질 수도 있는 **경향**이지만, 지금 데이터로 "Dropout이 gap을 줄였다"고 단정하지는 않는다. 눈에 띄는 것은 **수렴이 느리다**는 점이다: selected epoch이 대조군은 8, 7, 5인데 Dropout은 10, 9, 10으로,
#   두 seed에서는 마지막 epoch이 validation loss 최저였다(아직 내려가는 중). 더 긴 예산에서 다시 재 볼 만하다.
# - **Batch Normalization (같은 3층 구조)**: +0.79 ± 0.37%p (seed별 +0.66, +0.50, +1.20). 세 seed 모두 BN 쪽이 높고
#   평균 차이가 흔들림의 2배를 넘으므로 **BN 쪽이 낫다**고 말할 수 있다(이 예산, 이 구조에서). 파라미터는 BN 층의 896개만
#   늘었다. train-val gap의 차이(−0.11 ± 0.29%p)는 잡음 범위다: BN은 gap을 줄이는 기법이라기보다 같은 epoch 안에
#   더 잘 학습하게 해 주는 기법이다.
# - **cosine LR schedule (같은 BNModel)**: +0.44 ± 0.21%p (seed별 +0.56, +0.56, +0.20)로 **cosine 쪽이 낫다**.
#   gap도 −0.42 ± 0.16%p로 세 seed 모두 작아졌고, seed 사이의 흔들림도 줄었다(val acc std 0.0020 → 0.0007).
#   계산량은 같다. LR이 끝으로 갈수록 작아져 validation loss가 끝 무렵까지 내려가므로 selected epoch이 10, 10, 8로 늦다.
# - **흔들림의 크기**: 같은 설정에서 seed만 바꿔도 val acc at selected epoch가 최대 0.58%p(Dropout) 움직였다
#   (Linear 1층만 0.02%p로 거의 같다). 그래서 seed 하나로 순위를 매기면 0.1%p, 0.3%p 차이는 쉽게 뒤집힌다.
#   Dropout 그룹은 seed 2만 봤다면 "Dropout이 낫다", seed 1만 봤다면 "0.78%p 나쁘다"고 잘못 말했을 것이다.
# - **test accuracy (보고용)**: 고른 모델의 test acc도 같은 그림을 보여 준다(예: BNModel() + cosine 0.9852 ± 0.0005,
#   고정 LR 0.9806 ± 0.0019). 이 숫자로는 아무것도 고르지 않았다. 이 표에서는 모든 설정의 test acc가 val acc보다
#   약 0.2\~0.6%p 높은데, 5,000장 validation split과 10,000장 test set이 난이도가 조금 다르기 때문으로 보인다:
#   서로 다른 데이터의 숫자는 직접 비교하지 말고, 같은 데이터 위의 설정 간 차이를 보자.
#
# 정리하면: 이 10 epoch 예산에서 잡음을 넘어선 개선은 **Batch Normalization**(같은 구조 대비 +0.8%p)과
# **cosine schedule**(+0.4%p)이고, **Dropout 0.5**의 효과는 정확도로도 gap으로도 잡음 범위다. 4층 MLP와 Linear 1층의
# 큰 차이는 capacity의 효과다. 결론은 이 예산(10 epoch)과 이 구조에 대한 것이다: 연습 문제 4에서 예산을 바꾸면 판정이
# 어떻게 달라지는지 본다.
#
# ## 연습 문제
#
# **1. seed 하나만 봤다면?** 6절의 네 그룹마다 seed 0, 1, 2를 **하나씩만** 보고 (기법 − 대조군)의 부호로 승자를 정해 보자.
# 세 seed를 모두 쓴 판정과 같은가? seed 하나로 결론을 냈다면 몇 그룹에서 근거 없는 결론을 냈을까?
#
# <details><summary>힌트</summary>
#
# `histories[NAME['bn']][i].best_val_acc - histories[NAME['bn_off']][i].best_val_acc` (i = 0, 1, 2)처럼
# 같은 seed끼리 뺀다. 6절 표의 "seed별" 열이 바로 이 값이다.
# </details>
#
# **기대 결과**: 분명한 차이가 난 그룹(BN, cosine, capacity)에서는 세 seed의 승자가 모두 같다. Dropout 그룹에서는 seed에 따라
# 승자가 바뀐다(대조군, 대조군, 기법). seed 하나만 봤다면 Dropout 그룹에서 어느 쪽으로든 근거 없는 결론을 냈을 것이다.
#
# **2. 잡음의 크기.** 실험마다 seed만 바꿨을 때 val acc at selected epoch와 test acc가 움직이는 폭(최댓값 − 최솟값)을
# 구하고, 6절의 그룹별 평균 차이와 비교하라.
#
# <details><summary>힌트</summary>
#
# 6절 아래의 셀이 val acc의 폭을 이미 출력한다. test acc는 `test_acc[name]`(seed 순서의 list)에 있다.
# </details>
#
# **기대 결과**: 폭은 설정에 따라 0.02%p(Linear 1층)부터 약 0.6%p(Dropout)까지이고, test acc의 폭도 0.1~0.65%p 정도다.
# Dropout 그룹의 평균 차이(0.28%p)는 두 실험의 폭보다 작고, capacity의 차이(5.32%p)는 폭보다 10배 넘게 크다.
#
# **3. test set으로 고르면?** 18개 run 가운데 test acc가 가장 높은 run과, val acc at selected epoch이 가장 높은 run을
# 찾아 비교하라. test acc가 가장 높은 run을 "최종 모델"로 고르고 그 test acc를 보고하면 무엇이 잘못되는가?
#
# <details><summary>힌트</summary>
#
# 진짜 정확도가 모두 0.98로 같은 모델 18개를 10,000장으로 평가하는 상황을
# `np.random.default_rng(0).binomial(10_000, 0.98, size=(2000, 18)) / 10_000`으로 흉내 내고,
# 18개 중 최댓값이 0.98보다 평균 얼마나 높은지 보라.
# </details>
#
# **기대 결과**: 이번 결과에서는 두 방법이 우연히 같은 run(BNModel() + cosine, seed 0)을 고른다. 그래도 test로 고른 점수는
# 낙관적이다: 시뮬레이션에서 진짜 정확도가 모두 같은 18개 모델 중 최댓값은 평균 약 +0.25%p 부풀려진다. 이 강의의 기법 간
# 차이(0.3~0.8%p)와 같은 크기라, test로 고르면 그 차이를 믿을 수 없게 된다.
#
# **4. 예산이 바뀌면 판정도 바뀌나?** 각 그룹의 (기법 − 대조군)을 epoch 1, 2, 3, 5, 10의 val acc로 seed마다 계산하고
# 같은 규칙으로 판정하라 (10 epoch 대신 그 epoch까지만 학습했다고 생각하는 것이다).
#
# <details><summary>힌트</summary>
#
# `h.val_acc[e - 1]`이 epoch e의 validation accuracy다. 새로 학습할 필요는 없다.
# </details>
#
# **기대 결과**: 판정이 예산에 따라 바뀐다. BN은 초반 epoch에서 차이가 가장 크고 점점 줄어, epoch 10의 val acc만 보면 잡음
# 범위가 된다. cosine은 반대로 LR이 충분히 줄어든 끝(epoch 10)에서만 잡음을 넘는다. 결론에는 언제나 예산을 함께 적어야 한다.
#
# **5. (도전) 조합 추가: BN + Dropout + cosine.** 원래 자료가 권하는 순서 Linear → BatchNorm → Activation → Dropout을
# `models.MLP(hidden=(256, 128, 64), drop_rate=0.2, batch_norm=True)`로 만들고 cosine schedule을 붙여
# `EXPERIMENTS`에 넣은 뒤, `bn_cos`를 대조군으로 `COMPARISONS`에 한 줄 추가하라. 두 모델은 Dropout만 다르다.
#
# <details><summary>힌트</summary>
#
# `EXPERIMENTS['combo'] = ('[combo] BN + dropout 0.2 + cosine', lambda: models.MLP(hidden=(256, 128, 64),
# drop_rate=0.2, batch_norm=True), cosine)`, `COMPARISONS.append(('Dropout 0.2 on BN + cosine', 'combo', 'bn_cos',
# '같은 구조'))`. 파라미터 수가 `BNModel()`과 같은지(243,658) 먼저 확인하자. 학습 시간은 CPU에서 대략 30초 늘어난다.
# </details>
#
# **기대 결과**: 두 모델의 파라미터 수가 같다(243,658). 짧게 학습하면 Dropout을 더한 쪽이 train-val gap은 작고 val acc는
# 낮다(수렴이 느리다). 10 epoch × seed 3개에서 어느 쪽이 나은지는 직접 돌려 6절의 규칙으로 판정하자.
#
# 풀이: [solutions/07_comparison_solutions.ipynb](solutions/07_comparison_solutions.ipynb)
#
# ## 확인 문제
#
# **Q1.** 이 강의에서 test set은 무엇에 쓰고, 무엇에는 쓰지 않는가?
#
# <details><summary>정답</summary>
#
# 학습이 끝난 뒤 각 run이 고른 모델(selected epoch의 checkpoint)을 **한 번** 평가해 보고하는 데만 쓴다. epoch, 설정,
# 기법을 고르는 데는 쓰지 않는다. 고르는 데 쓰면 test 점수가 고른 쪽으로 치우쳐(낙관적으로) 새 데이터의 성능을 말해 주지 못한다.
# </details>
#
# **Q2.** BigSizeModel(6층, 4.4M params)보다 DropoutModel(4층, 317k params)의 train-val gap이 작다면, 이것이 Dropout의
# 효과라고 말할 수 있는가?
#
# <details><summary>정답</summary>
#
# 아니다. 두 모델은 층 수와 파라미터 수도 다르므로 gap 차이에는 capacity의 효과가 섞여 있다. Dropout의 효과는 같은 구조의
# `DropoutModel(0.0)`과 비교해야 한다(대조 실험).
# </details>
#
# **Q3.** 비교표의 "val acc at selected epoch"는 10 epoch 동안 가장 높았던 validation accuracy인가?
#
# <details><summary>정답</summary>
#
# 아니다. validation **loss**가 가장 낮았던 epoch(저장된 checkpoint의 epoch)의 validation accuracy다. 가장 높은 accuracy와
# 같을 수도 있지만 다를 수도 있다.
# </details>
#
# **Q4.** 위 비교표에서 `BNModel() + cosine`의 val acc at selected epoch는 (seed 3개 평균 ± 표준편차) 얼마이고,
# 고정 LR의 `BNModel()`보다 몇 %p 높은가? 그 차이를 "낫다"고 말할 수 있는가?
#
# <details><summary>정답</summary>
#
# 0.9834 ± 0.0007, 고정 LR(0.9790 ± 0.0020)보다 평균 +0.44 ± 0.21%p (seed별 +0.56, +0.56, +0.20). 세 seed 모두
# 같은 방향이고 평균이 std의 2배를 넘으므로, 이 예산에서는 cosine 쪽이 낫다고 말할 수 있다.
# </details>
#
# **Q5.** 어떤 기법이 대조군보다 평균 +0.05%p 높고, seed별 차이가 +0.20, −0.10, +0.05%p였다. 이 기법이 낫다고 말할 수 있는가?
#
# <details><summary>정답</summary>
#
# 아니다. seed마다 방향이 다르고(한 seed는 음수), 차이의 표준편차(약 0.15%p)가 평균 차이보다 크다. "잡음 범위"라고 말해야 한다.
# </details>
#
# **Q6.** 대조군과 기법 쪽을 **같은 seed끼리** 짝지어 차이를 계산하는 이유는?
#
# <details><summary>정답</summary>
#
# 같은 seed에서 두 모델은 같은 초기 가중치(와 첫 epoch의 데이터 순서)로 출발하므로, 짝 차이에는 seed가 만드는 흔들림이
# 덜 섞이고 기법 하나의 효과가 더 잘 드러난다 (3절에서 `same_start`가 `True`인 것을 확인했다).
# </details>
