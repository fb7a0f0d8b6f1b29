"""실험 비교표와 결과 저장: History 목록에서 표를 만든다 (손으로 옮겨 적는 숫자 없음).

한 실험은 seed마다 하나씩, 여러 History를 가질 수 있다. 표는 seed 평균 ± 표준편차를 보여 준다.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import torch

from . import settings
from .fileio import atomic_write
from .history import History, as_runs
from .stats import RULE, Comparison, paired_bootstrap

__all__ = [
    "COMPARISONS_FILE",
    "compare_paired",
    "comparison_record",
    "comparison_table",
    "comparisons_table",
    "environment",
    "fmt_mean_std",
    "load_comparisons",
    "load_histories",
    "mean_std",
    "results_dir",
    "save_comparisons",
    "save_results",
    "write_summary",
]

HISTORIES_FILE = "histories.json"
COMPARISONS_FILE = "comparisons.json"
SUMMARY_FILE = "summary.md"

Runs = History | Sequence[History]


def mean_std(values: Sequence[float]) -> tuple[float, float]:
    """평균과 표본 표준편차 (값이 하나면 표준편차 0)."""
    values = [float(v) for v in values]
    if not values:
        raise ValueError("값이 하나도 없습니다.")
    if not all(math.isfinite(v) for v in values):  # 발산한 run(NaN/inf)이 섞이면 평균도 정의되지 않는다
        return math.nan, math.nan
    return statistics.fmean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def fmt_mean_std(values: Sequence[float], digits: int = 4, sign: bool = False) -> str:
    """'0.9812 ± 0.0008' (값이 하나면 평균만)."""
    m, s = mean_std(values)
    head = f"{m:+.{digits}f}" if sign else f"{m:.{digits}f}"
    return head if len(values) == 1 else f"{head} ± {s:.{digits}f}"


def comparison_table(
    histories: Mapping[str, Runs], test_acc: Mapping[str, float | Sequence[float]] | None = None
) -> str:
    """실험별 한 줄 (Markdown 표). seed가 여럿이면 평균 ± 표준편차.

    selected epoch은 validation loss가 가장 낮은 epoch(seed별)이고, 그 옆 열은 그 epoch의 validation accuracy다.
    test accuracy는 그렇게 고른 모델을 test set으로 한 번 평가한 값이다 (``test_acc`` 를 줄 때만).
    """
    header = (
        "| experiment | params | seeds | epochs | selected epoch (min val loss) | val acc at selected epoch "
        "| final val acc | final train-val gap | test acc (selected model) | time/run (s) |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = []
    for name, runs in histories.items():
        hs = [h for h in as_runs(runs) if h.epochs_run]
        if not hs:
            rows.append(f"| {name} | - | 0 | 0 | - | - | - | - | - | - |")
            continue
        selected = ", ".join(str(h.best_epoch) if h.best_epoch else "-" for h in hs)
        best = [h.best_val_acc for h in hs if h.best_epoch]
        test = (test_acc or {}).get(name)
        test_cell = "-" if test is None else fmt_mean_std([test] if isinstance(test, (int, float)) else test)
        epochs = ", ".join(sorted({str(h.epochs_run) for h in hs}))
        rows.append(
            f"| {name} | {hs[0].n_params:,} | {len(hs)} | {epochs} | {selected} | "
            f"{fmt_mean_std(best) if best else '-'} | {fmt_mean_std([h.val_acc[-1] for h in hs])} | "
            f"{fmt_mean_std([h.gap[-1] for h in hs], sign=True)} | {test_cell} | "
            f"{statistics.fmean(h.total_time for h in hs):.1f} |"
        )
    return "\n".join([header, *rows])


def environment(device: str | torch.device | None = None) -> dict[str, Any]:
    """결과를 해석하는 데 필요한 실행 환경: torch 버전, device, thread 수, CPU, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    dev = settings.get_device(device)
    return {
        "torch": torch.__version__,
        "device": str(dev) + (f" ({torch.cuda.get_device_name(dev)})" if dev.type == "cuda" else ""),
        "threads": torch.get_num_threads(),
        "cpu": f"{cpu} ({os.cpu_count()} cores)",
        "python": platform.python_version(),
    }


def results_dir(folder: str | os.PathLike | None = None) -> Path:
    """결과 폴더: ``folder`` 를 주면 그 폴더, 아니면 저장소 최상위의 results/."""
    return Path(folder) if folder is not None else settings.project_root() / "results"


def save_results(
    histories: Mapping[str, Runs],
    figures: Mapping[str, Any] | None = None,
    folder: str | os.PathLike | None = None,
    test_acc: Mapping[str, float | Sequence[float]] | None = None,
) -> Path | None:
    """History들과 test accuracy(JSON), 그림(PNG)을 결과 폴더에 저장한다.

    그림은 ``{이름}.png`` 로 저장하고, 그 파일 이름 목록을 JSON의 ``"figures"`` 에 적는다
    (write_summary()는 이 목록의 그림만 링크한다). 파일은 모두 원자적으로 쓰고, JSON은 그림을 다 쓴 뒤 마지막에 쓴다:
    그림 하나라도 실패하면 예외가 나고 기존 JSON과 그 그림의 기존 PNG는 그대로다.
    smoke mode에서는 저장하지 않는다 (실제 결과를 덮어쓰지 않도록).
    """
    if settings.is_smoke():
        print("[smoke mode] 결과 파일은 full mode에서만 저장합니다.")
        return None
    out = results_dir(folder)
    written = []
    for name, fig in (figures or {}).items():
        png = f"{name}.png"
        atomic_write(out / png, lambda f, fig=fig: fig.savefig(f, format="png", dpi=100, bbox_inches="tight"))
        written.append(png)
    payload = {
        "environment": environment(),
        "histories": {k: [h.to_dict() for h in as_runs(v)] for k, v in histories.items()},
        "test_acc": dict(test_acc or {}),
        "figures": written,
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    atomic_write(out / HISTORIES_FILE, lambda f: f.write(text.encode("utf-8")))
    try:
        shown = out.relative_to(settings.project_root())
    except ValueError:
        shown = out
    print(f"결과 저장: {shown / HISTORIES_FILE}" + (f" + 그림 {len(figures)}개" if figures else ""))
    return out


def load_histories(
    folder: str | os.PathLike | None = None,
) -> tuple[dict[str, list[History]], dict[str, Any], dict[str, Any]]:
    """save_results()가 저장한 (실험별 History 목록, 환경 정보, test accuracy)를 읽는다."""
    return _parse(_read_payload(results_dir(folder)))


def _read_payload(out: Path) -> dict[str, Any]:
    return json.loads((out / HISTORIES_FILE).read_text(encoding="utf-8"))


def _parse(payload: Mapping[str, Any]) -> tuple[dict[str, list[History]], dict[str, Any], dict[str, Any]]:
    histories = {
        k: [History.from_dict(d) for d in (v if isinstance(v, list) else [v])] for k, v in payload["histories"].items()
    }
    return histories, payload["environment"], payload.get("test_acc", {})


def comparison_record(
    lesson: str,
    technique: str,
    regime: Mapping[str, Any],
    control: str,
    treated: str,
    seeds: Sequence[int],
    val: Comparison,
    test: Comparison,
) -> dict[str, Any]:
    """짝지은 비교 하나를 results/comparisons.json의 한 줄(record)로 만든다.

    Args:
        lesson: 노트북 번호 (예: "02").
        technique: 비교한 기법 (예: "dropout 0.5").
        regime: 어떤 조건에서 비교했는지 (예: ``{"train_images": 2000, "epochs": 60, "model": "MLP 784-512-512-10"}``).
        control, treated: 대조와 처치의 이름.
        seeds: 짝지은 seed들 (``val``, ``test`` 의 행 순서).
        val, test: 고른 모델(seed별)의 validation / test 정답 여부로 낸 ``stats.paired_bootstrap`` 의 결과.
    """
    if len(seeds) != val.seeds or len(seeds) != test.seeds:
        raise ValueError(f"seeds({len(seeds)}개)와 비교의 seed 수(val {val.seeds}, test {test.seeds})가 다릅니다.")
    return {
        "lesson": lesson,
        "technique": technique,
        "regime": dict(regime),
        "control": control,
        "treated": treated,
        "seeds": list(seeds),
        "val_acc": {"control": list(val.control), "treated": list(val.treated)},
        "test_acc": {"control": list(test.control), "treated": list(test.treated)},
        "delta_val": {"mean": val.delta, "low": val.low, "high": val.high},
        "delta_test": {"mean": test.delta, "low": test.low, "high": test.high},
        "verdict_val": val.verdict,
        "verdict_test": test.verdict,
        "rule": RULE,
    }


def compare_paired(
    lesson: str,
    technique: str,
    regime: Mapping[str, Any],
    control: str,
    treated: str,
    seeds: Sequence[int],
    control_hits: Sequence[tuple[torch.Tensor, torch.Tensor]],
    treated_hits: Sequence[tuple[torch.Tensor, torch.Tensor]],
    *,
    verbose: bool = True,
) -> dict[str, Any]:
    """짝지은 실행들에 강좌의 판정 규칙(``stats.paired_bootstrap``)을 validation과 test에 적용한다.

    두 판정을 한 줄씩 출력하고(``verbose``), results/comparisons.json에 넣을 record(``comparison_record``)를 돌려준다.

    Args:
        control_hits, treated_hits: ``seeds`` 순서로, seed마다 고른 모델의 ``(validation 정답 여부, test 정답 여부)``
            (``epoch.correct_per_sample`` 을 validation loader와 test loader에 한 번씩).
    """
    if not (len(seeds) == len(control_hits) == len(treated_hits)):
        raise ValueError(
            f"seed {len(seeds)}개, control 결과 {len(control_hits)}개, treated 결과 {len(treated_hits)}개: "
            "seed마다 두 실행의 결과가 하나씩 있어야 합니다."
        )
    verdicts = {}
    for split, k in (("validation", 0), ("test", 1)):
        verdicts[split] = paired_bootstrap(
            torch.stack([h[k] for h in control_hits]), torch.stack([h[k] for h in treated_hits])
        )
        if verbose:
            print(f"{treated} − {control}, {split:<10}: {verdicts[split]}")
    return comparison_record(
        lesson, technique, regime, control, treated, seeds, verdicts["validation"], verdicts["test"]
    )


def load_comparisons(folder: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """results/comparisons.json의 record 목록 (파일이 없으면 빈 목록)."""
    path = results_dir(folder) / COMPARISONS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def save_comparisons(records: Sequence[Mapping[str, Any]], folder: str | os.PathLike | None = None) -> Path | None:
    """한 노트북의 비교 record들을 results/comparisons.json에 넣는다: 같은 (lesson, technique, regime)은 바꾸고,
    다른 노트북의 record는 그대로 둔다. smoke mode에서는 저장하지 않는다.
    """
    if settings.is_smoke():
        print("[smoke mode] 비교 결과는 full mode에서만 저장합니다.")
        return None
    out = results_dir(folder)

    def key(r: Mapping[str, Any]) -> str:
        return json.dumps([r["lesson"], r["technique"], r["regime"]], sort_keys=True, ensure_ascii=False)

    new = {key(r): dict(r) for r in records}
    kept = [r for r in load_comparisons(out) if key(r) not in new]
    merged = sorted([*kept, *new.values()], key=lambda r: (r["lesson"], r["technique"]))
    text = json.dumps(merged, ensure_ascii=False, indent=1)
    path = atomic_write(out / COMPARISONS_FILE, lambda f: f.write(text.encode("utf-8")))
    print(f"비교 결과 저장: {COMPARISONS_FILE} ({len(records)}개)")
    return path


def comparisons_table(records: Sequence[Mapping[str, Any]]) -> str:
    """짝지은 비교들의 Markdown 표: 차이(처치 − 대조, %p)와 95% 구간, validation과 test의 판정."""
    rows = [
        "| lesson | technique | regime | control → treated | seeds | Δ val acc [95%] | verdict (val) "
        "| Δ test acc [95%] | verdict (test) |",
        "|---|---|---|---|---:|---:|---|---:|---|",
    ]

    def pts(d: Mapping[str, float]) -> str:
        return f"{d['mean'] * 100:+.2f} [{d['low'] * 100:+.2f}, {d['high'] * 100:+.2f}]"

    for r in records:
        regime = ", ".join(f"{k} {v}" for k, v in r["regime"].items())
        rows.append(
            f"| {r['lesson']} | {r['technique']} | {regime} | {r['control']} → {r['treated']} | {len(r['seeds'])} "
            f"| {pts(r['delta_val'])} | {r['verdict_val']} | {pts(r['delta_test'])} | {r['verdict_test']} |"
        )
    return "\n".join(rows)


def write_summary(folder: str | os.PathLike | None = None, extra: str = "") -> Path:
    """results/summary.md: 비교표 + 실행 환경 + 그림 링크.

    그림은 save_results()가 histories.json의 ``"figures"`` 에 적어 둔 것만, 저장한 순서대로 링크한다
    (폴더에 남아 있는 예전 PNG는 링크하지 않는다; 목록에 있어도 파일이 없으면 뺀다).
    ``"figures"`` 가 없는 예전 histories.json이면 그림을 링크하지 않는다: save_results()를 다시 실행하면 생긴다.
    """
    out = results_dir(folder)
    payload = _read_payload(out)
    histories, env, test_acc = _parse(payload)
    lines = [
        "# Results: 성능개선 기법 (full mode, real MNIST)",
        "",
        "Produced by `make course`. The comparison lesson: "
        "[notebooks/07_comparison.ipynb](../notebooks/07_comparison.ipynb).",
    ]
    records = load_comparisons(out)
    if records:
        lines += [
            "",
            "## Paired comparisons",
            "",
            f'One decision rule for every verdict (`course_lib/stats.py`): {RULE}. "helps" when the interval of the '
            'accuracy difference (treated − control, in points) lies above 0, "hurts" when below, otherwise '
            '"within noise"; judged on validation and, separately, on test. The regime column is the budget each '
            "comparison ran under.",
            "",
            comparisons_table(records),
        ]
    lines += [
        "",
        "## The comparison lesson's runs",
        "",
        "Mean ± standard deviation over seeds (a rough reading; the verdicts above are the rule's). Every selection is "
        "made on the validation split; the test accuracy is that of the selected model.",
        "",
        comparison_table(histories, test_acc),
        "",
        "## Environment",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in env.items()]
    pngs = [p for p in payload.get("figures", []) if (out / p).is_file()]
    if pngs:
        lines += ["", "## Figures", ""] + [f"![{Path(p).stem}]({p})" for p in pngs]
    if extra:
        lines += ["", extra]
    path = out / SUMMARY_FILE
    text = "\n".join(lines) + "\n"
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))
    return path
