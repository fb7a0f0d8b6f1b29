"""Adam's CPU step, per tensor (PyTorch's default, what the lessons use) against fused, in one process.

    python benchmarks/ab_step.py                              # four lesson models, fp32 and bf16, 3 rounds
    python benchmarks/ab_step.py --models big --precisions bf16 --rounds 5

On the CPU, ``torch.optim.Adam`` updates one parameter tensor at a time with about seven elementwise passes over
parameter, gradient and both moments; ``Adam(..., fused=True)`` does the same update in one pass. The two variants
alternate epoch by epoch from the same weights and seed, so a slow phase of the machine hits both. The table shows
the median seconds per epoch, the share of the matmul limit measured in the same run, and how far apart the two runs
end: fused computes the same formula with a different rounding order, so the weights differ in the last bits and the
difference grows over training.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys

import limits
import torch
from bench_fit import BATCH, MODELS, PRECISIONS, mnist_root, run_fit, warm_up

from course_lib import data, settings
from course_lib.epoch import EVAL_BATCH_SIZE

VARIANTS = {"per-tensor": {}, "fused": {"fused": True}}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    p.add_argument("--precisions", nargs="+", choices=list(PRECISIONS), default=list(PRECISIONS))
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    root, _ = mnist_root()
    tl, vl = data.load_mnist_dataset(root, BATCH, True), data.load_mnist_dataset(root, BATCH, False)
    print(
        f"data: {len(tl.dataset)} train / {len(vl.dataset)} validation from {root}; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads; load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds, 1 epoch each"
    )
    bandwidth = limits.copy_bandwidth()
    rows = []
    for name in args.models:
        for prec in args.precisions:
            amp = PRECISIONS[prec]
            warm_up(tl, name, amp)
            settings.seed_everything(0)
            init = MODELS[name]().state_dict()
            times: dict[str, list[float]] = {v: [] for v in VARIANTS}
            end = {}
            for _ in range(args.rounds):
                for variant, kw in VARIANTS.items():
                    model = MODELS[name]()
                    model.load_state_dict(copy.deepcopy(init))
                    settings.seed_everything(1)
                    h = run_fit(tl, vl, model, 1, amp, adam_kw=kw)
                    times[variant].append(h.total_time)
                    end[variant] = (h.val_loss[-1], [q.detach().clone() for q in model.parameters()])
            diff = max((a - b).abs().max().item() for a, b in zip(end["per-tensor"][1], end["fused"][1], strict=True))
            floor = limits.epoch_floor(
                MODELS[name](),
                len(tl.dataset),
                len(vl.dataset),
                batch=BATCH,
                eval_batch=EVAL_BATCH_SIZE,
                dtype=amp or torch.float32,
                bandwidth=bandwidth,
            )
            before, after = statistics.median(times["per-tensor"]), statistics.median(times["fused"])
            rows.append((name, prec, before, after, floor, end["per-tensor"][0], end["fused"][0], diff))
            print(f"  {name} {prec}: per-tensor {before:.3f} s, fused {after:.3f} s", flush=True)
    print(f"\nload average now {os.getloadavg()[0]:.2f}\n")
    print(
        "| model | precision | per-tensor s/epoch | fused s/epoch | fused / per-tensor | % of matmul limit: per-tensor "
        "| fused | fit ÷ (matmul + memory floor): per-tensor | fused | val loss after 1 epoch: per-tensor | fused "
        "| max abs weight difference |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, prec, before, after, floor, loss_b, loss_a, diff in rows:
        cols = [name, prec, f"{before:.3f}", f"{after:.3f}", f"{after / before:.2f}"]
        cols += [f"{floor.matmul_s / before:.0%}", f"{floor.matmul_s / after:.0%}"]
        cols += [f"{before / floor.total_s:.2f}x", f"{after / floor.total_s:.2f}x"]
        cols += [f"{loss_b:.5f}", f"{loss_a:.5f}", f"{diff:.1e}"]
        print("| " + " | ".join(cols) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
