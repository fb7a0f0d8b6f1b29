"""실험 비교표와 결과 저장: History 목록에서 표를 만든다 (손으로 옮겨 적는 숫자 없음)."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from . import settings
from .train import History

__all__ = ["comparison_table", "environment", "load_histories", "results_dir", "save_results", "write_summary"]

HISTORIES_FILE = "histories.json"
SUMMARY_FILE = "summary.md"


def comparison_table(histories: Mapping[str, History]) -> str:
    """실험별 한 줄: 파라미터 수, 실행 epoch, best val acc와 그 epoch, 마지막 val acc, train-val gap, 학습 시간 (Markdown 표)."""
    header = ("| experiment | params | epochs | best val acc (epoch) | final val acc | train-val gap | time (s) |\n"
              "|---|---:|---:|---:|---:|---:|---:|")
    rows = []
    for name, h in histories.items():
        if not h.epochs_run:
            rows.append(f"| {name} | {h.n_params:,} | 0 | - | - | - | - |")
            continue
        best = f"{h.best_val_acc:.4f} ({h.best_epoch})" if h.best_epoch else "-"
        rows.append(f"| {name} | {h.n_params:,} | {h.epochs_run} | {best} | {h.val_acc[-1]:.4f} | "
                    f"{h.gap[-1]:+.4f} | {h.total_time:.1f} |")  # 마지막 epoch의 gap: 클수록 overfitting
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


def save_results(histories: Mapping[str, History], figures: Mapping[str, Any] | None = None,
                 folder: str | os.PathLike | None = None) -> Path | None:
    """History들(JSON)과 그림(PNG)을 결과 폴더에 저장한다. smoke mode에서는 저장하지 않는다 (실제 결과를 덮어쓰지 않도록)."""
    if settings.is_smoke():
        print("[smoke mode] 결과 파일은 full mode에서만 저장합니다.")
        return None
    out = Path(folder) if folder is not None else results_dir()
    out.mkdir(parents=True, exist_ok=True)
    payload = {"environment": environment(), "histories": {k: h.to_dict() for k, h in histories.items()}}
    tmp = out / (HISTORIES_FILE + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, out / HISTORIES_FILE)
    for name, fig in (figures or {}).items():
        fig.savefig(out / f"{name}.png", dpi=100, bbox_inches="tight")
    try:
        shown = out.relative_to(settings.project_root())
    except ValueError:
        shown = out
    print(f"결과 저장: {shown / HISTORIES_FILE}" + (f" + 그림 {len(figures)}개" if figures else ""))
    return out


def load_histories(folder: str | os.PathLike | None = None) -> tuple[dict[str, History], dict[str, Any]]:
    """save_results()가 저장한 History들과 환경 정보를 읽는다."""
    path = (Path(folder) if folder is not None else results_dir()) / HISTORIES_FILE
    payload = json.loads(path.read_text(encoding="utf-8"))
    return {k: History.from_dict(v) for k, v in payload["histories"].items()}, payload["environment"]


def write_summary(folder: str | os.PathLike | None = None, extra: str = "") -> Path:
    """results/summary.md: 비교표 + 실행 환경 + 그림 링크."""
    out = Path(folder) if folder is not None else results_dir()
    histories, env = load_histories(out)
    lines = ["# Results: 성능개선 기법 (full mode, real MNIST)", "",
             "Produced by `make course` from the stored run of `notebooks/06_comparison.ipynb`.", "",
             comparison_table(histories), "",
             "## Environment", ""]
    lines += [f"- {k}: {v}" for k, v in env.items()]
    pngs = sorted(p.name for p in out.glob("*.png"))
    if pngs:
        lines += ["", "## Figures", ""] + [f"![{p[:-4]}]({p})" for p in pngs]
    if extra:
        lines += ["", extra]
    path = out / SUMMARY_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
