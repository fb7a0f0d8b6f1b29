"""Run the course's notebooks in full mode (the repository runner behind `make course`).

Each notebook (lessons, then solutions) is synced from its .py (outputs kept), executed top to bottom in a fresh
kernel and saved; then results/summary.md is written.

    .venv/bin/python tools/course.py            # every notebook (make course)
    .venv/bin/python tools/course.py 01 04      # only the lessons with these numbers, and their solutions
    .venv/bin/python tools/course.py --as-stored   # the numeric setting the stored outputs were made with (below)

The stored outputs were made on an x86-64 CPU with AVX2 and without AVX512-BF16, so in fp32 throughout. A CPU with
AVX-512 runs other matmul and vector kernels (other rounding) and lesson 01 trains in bf16 there: every stored digit
changes slightly. `--as-stored` caps PyTorch's CPU kernels at AVX2 (ATen, oneDNN, MKL) and turns bf16 off
(COURSE_BF16=0) in the kernels it starts, which reproduced every stored number on an AVX-512 CPU. Without it the run
uses the machine as it is (that is how the run times in the README are measured).

Needs the course installed with its dev extra (jupytext, nbformat, nbclient): `make setup`. What it prints is
Korean, like the rest of what a learner reads.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from course_lib import data, report, settings
from course_lib.fileio import atomic_write

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# --as-stored: the kernels inherit this environment (see the module docstring)
AS_STORED = {
    "COURSE_BF16": "0",
    "ATEN_CPU_CAPABILITY": "avx2",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "MKL_ENABLE_INSTRUCTIONS": "AVX2",
}


def _sync_and_execute(py: Path, timeout: int) -> float:
    """Update the .ipynb from `py` (outputs kept), run it top to bottom in a fresh kernel and save it.

    On failure the existing .ipynb is left as it was.
    """
    import nbformat
    from nbclient import NotebookClient

    ipynb = py.with_suffix(".ipynb")
    subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "--update", str(py)], check=True)
    nb = nbformat.read(ipynb, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(py.parent)}},
        # the kernel warns on every start that its local TCP channel is unencrypted; the kernel serves only this
        # process on localhost, so its own log is limited to errors (cell outputs and warnings are unaffected)
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    t0 = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - t0
    text = nbformat.writes(nb) + "\n"
    atomic_write(ipynb, lambda f: f.write(text.encode("utf-8")))
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="강좌 노트북을 full mode로 실행하고 출력과 results/summary.md를 저장한다."
    )
    parser.add_argument("only", nargs="*", help="실행할 노트북 번호 (예: 01 04). 없으면 전부")
    parser.add_argument("--timeout", type=int, default=3600, help="셀 하나의 최대 실행 시간(초)")
    parser.add_argument(
        "--as-stored",
        action="store_true",
        help="저장된 출력을 만든 수치 설정으로 실행: CPU kernel을 AVX2까지로 제한하고 bf16을 끈다 (fp32)",
    )
    args = parser.parse_args(argv)
    if args.as_stored:
        os.environ.update(AS_STORED)

    if settings.is_smoke():
        print("make course는 full mode 전용입니다: COURSE_SMOKE를 지우고 다시 실행하세요.", file=sys.stderr)
        return 2
    # check the data first: stop now rather than halfway through the course (with internet it downloads once)
    try:
        for is_train in (True, False):
            data.load_mnist_dataset(None, 200, is_train)
    except (data.DataNotFoundError, data.DataFileError) as err:
        print(err, file=sys.stderr)
        return 2

    lessons = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")) + sorted((NOTEBOOKS / "solutions").glob("[0-9][0-9]_*.py"))
    pys = [p for p in lessons if not args.only or p.name[:2] in args.only]
    if not pys:
        print(f"실행할 노트북이 없습니다 ({NOTEBOOKS}, 선택: {args.only}).", file=sys.stderr)
        return 2
    env = report.environment()
    print(
        f"full mode: data {settings.data_root()} | torch {env['torch']} | device {env['device']} "
        f"| threads {env['threads']}" + (" | --as-stored (AVX2, fp32)" if args.as_stored else "")
    )
    times: list[tuple[str, float]] = []
    for py in pys:
        print(f"▶ {py.name} 실행 중...", flush=True)
        try:
            seconds = _sync_and_execute(py, args.timeout)
        except Exception as err:
            print(f"✗ {py.name} 실행 실패 (기존 .ipynb는 그대로 둡니다):\n{err}", file=sys.stderr)
            return 1
        times.append((py.stem, seconds))
        print(f"  ✓ {seconds:.0f}초", flush=True)

    total = sum(s for _, s in times)
    timing = "\n".join(
        [
            "## Notebook run times (full mode, this run"
            + (", --as-stored: AVX2 kernels, fp32, slower than the machine's default)" if args.as_stored else ")"),
            "",
            "| notebook | seconds |",
            "|---|---:|",
        ]
        + [f"| {name} | {s:.0f} |" for name, s in times]
        + [f"| **total** | **{total:.0f}** |"]
    )
    if not any(name.startswith("07_") for name, _ in times):
        print("비교 노트북(07)을 실행하지 않았으므로 results/summary.md는 그대로 둡니다.")
    elif (report.results_dir() / report.HISTORIES_FILE).is_file():
        path = report.write_summary(extra=timing)
        print(f"요약: {path}")
    print(f"완료: 노트북 {len(times)}개, {total:.0f}초")
    return 0


if __name__ == "__main__":
    sys.exit(main())
