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

__all__ = [
    "comparison_table",
    "environment",
    "fmt_mean_std",
    "load_histories",
    "mean_std",
    "results_dir",
    "save_results",
    "write_summary",
]

HISTORIES_FILE = "histories.json"
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


def results_dir() -> Path:
    """결과 폴더: 저장소 최상위의 results/."""
    return settings.project_root() / "results"


def save_results(
    histories: Mapping[str, Runs],
    figures: Mapping[str, Any] | None = None,
    folder: str | os.PathLike | None = None,
    test_acc: Mapping[str, float | Sequence[float]] | None = None,
) -> Path | None:
    """History들과 test accuracy(JSON), 그림(PNG)을 결과 폴더에 저장한다.

    smoke mode에서는 저장하지 않는다 (실제 결과를 덮어쓰지 않도록).
    """
    if settings.is_smoke():
        print("[smoke mode] 결과 파일은 full mode에서만 저장합니다.")
        return None
    out = Path(folder) if folder is not None else results_dir()
    payload = {
        "environment": environment(),
        "histories": {k: [h.to_dict() for h in as_runs(v)] for k, v in histories.items()},
        "test_acc": dict(test_acc or {}),
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    atomic_write(out / HISTORIES_FILE, lambda f: f.write(text.encode("utf-8")))
    for name, fig in (figures or {}).items():
        fig.savefig(out / f"{name}.png", dpi=100, bbox_inches="tight")
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
    path = (Path(folder) if folder is not None else results_dir()) / HISTORIES_FILE
    payload = json.loads(path.read_text(encoding="utf-8"))
    histories = {
        k: [History.from_dict(d) for d in (v if isinstance(v, list) else [v])] for k, v in payload["histories"].items()
    }
    return histories, payload["environment"], payload.get("test_acc", {})


def write_summary(folder: str | os.PathLike | None = None, extra: str = "") -> Path:
    """results/summary.md: 비교표 + 실행 환경 + 그림 링크."""
    out = Path(folder) if folder is not None else results_dir()
    histories, env, test_acc = load_histories(out)
    lines = [
        "# Results: 성능개선 기법 (full mode, real MNIST)",
        "",
        "Produced by `make course` from the stored run of the comparison lesson. Mean ± standard deviation over seeds; "
        "every selection is made on the validation split, and the test accuracy is that of the selected model.",
        "",
        comparison_table(histories, test_acc),
        "",
        "## Environment",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in env.items()]
    pngs = sorted(p.name for p in out.glob("*.png"))
    if pngs:
        lines += ["", "## Figures", ""] + [f"![{p[:-4]}]({p})" for p in pngs]
    if extra:
        lines += ["", extra]
    path = out / SUMMARY_FILE
    text = "\n".join(lines) + "\n"
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))
    return path
