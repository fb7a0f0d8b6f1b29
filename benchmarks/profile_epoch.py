"""Where one epoch of fit's work goes, per lesson model: torch.profiler on the CPU, grouped into a few parts.

    python benchmarks/profile_epoch.py                        # four lesson models, fp32
    python benchmarks/profile_epoch.py --models big --precision bf16 --top 10

One epoch is what fit does in one epoch: ``train_one_epoch`` on the training set, then ``evaluate`` on the training
set and on the validation set (eval mode, evaluation batch size), called here directly so that each phase runs inside
its own ``torch.profiler.record_function`` region. Every profiled event's self time goes to exactly one part:

* matmuls: aten::addmm / mm / bmm (and their mkldnn variants) while training, forward and backward;
* optimizer: everything inside Adam's ``step`` and ``zero_grad`` (its ops and its Python);
* batch gather: the shuffle (randperm) and the batch copies (aten::index / index_select) of the training loader;
* other training ops: everything else that is an op (loss, ReLU, dropout, batch norm, autocast casts, bias sums...);
* Python/dispatch: training time outside any op (the loop, module calls, autograd bookkeeping);
* evaluation: everything inside the two evaluation passes (their matmul share is shown on its own line).

The profiler itself adds a few microseconds per op, which inflates the overhead-bound small model most: the table
also shows the same epoch timed without the profiler. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict

import limits
import torch
from bench_fit import mnist_root
from torch import nn
from torch.profiler import ProfilerActivity, profile, record_function

from course_lib import data, models, settings
from course_lib.epoch import EVAL_BATCH_SIZE, evaluate, train_one_epoch

MODELS = {
    "small": models.SmallSizeModel,
    "big": models.BigSizeModel,
    "dropout": models.DropoutModel,
    "bn": models.BNModel,
}
PRECISIONS = {"fp32": None, "bf16": torch.bfloat16}
BATCH = 200
MATMULS = {"aten::addmm", "aten::mm", "aten::bmm", "aten::_addmm_activation", "mkldnn::_linear_pointwise"}
GATHER = {"aten::randperm", "aten::index", "aten::index_select"}
PARTS = [
    "matmuls (training, forward + backward)",
    "optimizer (Adam step + zero_grad)",
    "batch gather (randperm + index)",
    "other training ops",
    "Python/dispatch overhead in training",
    "evaluation passes (train + validation set)",
]


def one_epoch(train_loader, val_loader, model, loss_fn, opt, amp) -> None:
    """fit's epoch without fit's bookkeeping: train, then evaluate both sets in eval mode."""
    with record_function("train"):
        train_one_epoch(train_loader, model, loss_fn, opt, autocast_dtype=amp)
    with record_function("evaluate"):
        evaluate(train_loader, model, loss_fn, autocast_dtype=amp)
        evaluate(val_loader, model, loss_fn, autocast_dtype=amp)


def _classify(event) -> str:
    """Which part an event's self time belongs to, from the op itself and the ops and regions around it."""
    names, e = [], event
    while e is not None:
        names.append(e.name)
        e = e.cpu_parent
    if "evaluate" in names:
        return PARTS[5]
    if any(n.startswith(("Optimizer.step", "Optimizer.zero_grad")) for n in names):
        return PARTS[1]
    if any(n in MATMULS for n in names):  # a matmul's own helpers (the bias copy into the output) count with it
        return PARTS[0]
    if any(n in GATHER for n in names):
        return PARTS[2]
    if event.name == "train":  # the region's own time: Python between ops
        return PARTS[4]
    return PARTS[3]  # events without a recorded parent can only be training (backward)


def breakdown(prof) -> tuple[dict[str, float], float, dict[str, float]]:
    """(ms per part, of which evaluation matmuls in ms, ms per op name among 'other training ops')."""
    parts: dict[str, float] = defaultdict(float)
    other: dict[str, float] = defaultdict(float)
    eval_mm = 0.0
    for e in prof.events():
        ms = e.self_cpu_time_total / 1e3
        part = _classify(e)
        parts[part] += ms
        if part == PARTS[5] and e.name in MATMULS:
            eval_mm += ms
        if part == PARTS[3]:
            other[e.name] += ms
    return parts, eval_mm, other


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    p.add_argument("--precision", choices=list(PRECISIONS), default="fp32")
    p.add_argument("--top", type=int, default=6, help="how many of the other training ops to name")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own choice)")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    amp = PRECISIONS[args.precision]
    root, _ = mnist_root()
    train_loader = data.load_mnist_dataset(root, BATCH, True)
    val_loader = data.load_mnist_dataset(root, BATCH, False)
    n_train, n_val = len(train_loader.dataset), len(val_loader.dataset)
    print(
        f"data: {n_train} train / {n_val} validation images from {root}; batch {BATCH}, evaluation batch "
        f"{EVAL_BATCH_SIZE}; {args.precision}; torch {torch.__version__}, {torch.get_num_threads()} threads; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    bandwidth = limits.copy_bandwidth()

    for name in args.models:
        settings.seed_everything(0)
        model, loss_fn = MODELS[name](), nn.CrossEntropyLoss()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        one_epoch(train_loader, val_loader, model, loss_fn, opt, amp)  # warm-up, and the unprofiled timing
        t0 = time.perf_counter()
        one_epoch(train_loader, val_loader, model, loss_fn, opt, amp)
        plain_s = time.perf_counter() - t0
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            t0 = time.perf_counter()
            one_epoch(train_loader, val_loader, model, loss_fn, opt, amp)
            wall_ms = (time.perf_counter() - t0) * 1e3
        parts, eval_mm, other = breakdown(prof)
        floor = limits.epoch_floor(
            model,
            n_train,
            n_val,
            batch=BATCH,
            eval_batch=EVAL_BATCH_SIZE,
            dtype=amp or torch.float32,
            bandwidth=bandwidth,
        )
        total = sum(parts.values())
        print(f"\n### {name} ({args.precision})\n")
        print(
            f"one epoch: {wall_ms / 1e3:.3f} s profiled, {plain_s:.3f} s without the profiler; limits: matmul floor "
            f"{floor.matmul_s:.3f} s, memory floor {floor.mem_s:.3f} s\n"
        )
        print("| part | ms | % |\n|---|---:|---:|")
        for part in PARTS:
            print(f"| {part} | {parts[part]:.0f} | {parts[part] / total:.0%} |")
            if part == PARTS[5]:
                print(f"| … of which matmuls | {eval_mm:.0f} | {eval_mm / total:.0%} |")
        print(f"| total (sum of self times; profiled wall {wall_ms:.0f} ms) | {total:.0f} | 100% |")
        top = sorted(other.items(), key=lambda kv: -kv[1])[: args.top]
        if top:
            print("\nother training ops, largest first: " + ", ".join(f"{k} {v:.0f} ms" for k, v in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
