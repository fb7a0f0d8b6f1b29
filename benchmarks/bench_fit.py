"""Speed of course_lib.train.fit against the physical limit of this CPU and against the original material's loop.

    python benchmarks/bench_fit.py                          # four lesson models, fp32 and bf16, 1 epoch each
    python benchmarks/bench_fit.py --epochs 3 --no-reference  # limits only (the reference loop is slow)
    python benchmarks/bench_fit.py --models small bn --precisions fp32

Everything is measured in this one process: the limits (benchmarks/limits.py: the matmuls an epoch needs at the speed
this CPU runs those shapes, plus the bytes it has to move at the measured copy bandwidth), fit's seconds per epoch,
and the reference: the original material's code path (torchvision MNIST with ToTensor(), DataLoader(batch_size=200,
shuffle=True), training loop, then re-evaluation of the training set and the validation set with the original
evaluation loop). Both sides start from the same initial weights and the same global seed. Compare numbers within
one run only: absolute seconds depend on the machine and its load. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

import limits
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from course_lib import data, models, report, settings, train
from course_lib.epoch import EVAL_BATCH_SIZE

MODELS = {
    "small": models.SmallSizeModel,
    "big": models.BigSizeModel,
    "dropout": models.DropoutModel,
    "bn": models.BNModel,
}
PRECISIONS = {"fp32": None, "bf16": torch.bfloat16}
BATCH = 200


# ---- the original material's loop (reference) ----------------------------------------------------------------
def reference_evaluate(loader, model, loss_fn):
    model.eval()
    size, num_batches = len(loader.dataset), len(loader)
    test_loss, test_accuracy = 0.0, 0.0
    with torch.no_grad():
        for X, y in loader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            test_accuracy += torch.sum(torch.argmax(pred, axis=-1) == y).item()
    return test_loss / num_batches, test_accuracy / size


def reference_epoch(train_loader, val_loader, model, loss_fn, optimizer):
    model.train()
    for X, y in train_loader:
        pred = model(X)
        loss = loss_fn(pred, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    train_metrics = reference_evaluate(train_loader, model, loss_fn)
    return train_metrics, reference_evaluate(val_loader, model, loss_fn)


def run_reference(tv_root, name: str, init: dict, epochs: int) -> tuple[float, float]:
    """Seconds per epoch and final validation accuracy of the original material's loop."""
    ref_train = DataLoader(datasets.MNIST(str(tv_root), True, transform=transforms.ToTensor()), BATCH, shuffle=True)
    ref_val = DataLoader(datasets.MNIST(str(tv_root), False, transform=transforms.ToTensor()), BATCH)
    model = MODELS[name]()
    model.load_state_dict(init)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    settings.seed_everything(1)
    t0 = time.perf_counter()
    for _ in range(epochs):
        (_, _), (_, acc) = reference_epoch(ref_train, ref_val, model, nn.CrossEntropyLoss(), opt)
    return (time.perf_counter() - t0) / epochs, acc


# ---- fit ------------------------------------------------------------------------------------------------------
def run_fit(train_loader, val_loader, model, epochs: int, amp, adam_kw=None, **fit_kw) -> train.History:
    """fit on the CPU with ``Adam(lr=1e-3, **adam_kw)``, no checkpoints, no early stopping, silent unless ``fit_kw``."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, **(adam_kw or {}))
    kw = dict(save_best_model=False, early_stopping=False, device="cpu", autocast_dtype=amp, verbose=False)
    return train.fit(train_loader, val_loader, model, nn.CrossEntropyLoss(), opt, epochs, **(kw | fit_kw))


def mnist_root() -> tuple[Path, bool]:
    """(data root, True) when real MNIST is there (``COURSE_DATA_ROOT`` or datasets/), else (bundled sample, False)."""
    root = settings.data_root()
    raw = root / "MNIST" / "raw"
    if all((raw / f).is_file() for f in ("train-images-idx3-ubyte", "t10k-images-idx3-ubyte")):
        return root, True
    return data.SAMPLE_ROOT, False


def warm_up(train_loader, name: str, amp) -> None:
    """A few batches of a throwaway model, so that the timed epochs don't pay for first-call setup."""
    ds = train_loader.dataset
    n = min(len(ds), 10 * BATCH)
    small = data.InMemoryLoader(data.TensorPairDataset(ds.data[:n], ds.targets[:n]), BATCH, shuffle=True)
    run_fit(small, small, MODELS[name](), 1, amp)


# ---- main -----------------------------------------------------------------------------------------------------
def run(names: list[str], precisions: list[str], epochs: int, reference: bool) -> int:
    tv_root, real = mnist_root()
    missing = settings.data_root() / "MNIST" / "raw"
    source = f"real MNIST from {tv_root}" if real else f"the bundled sample (real MNIST not found in {missing})"
    env = report.environment("cpu")
    print(f"data: {source}")
    print(f"machine: {env['cpu']}, torch {env['torch']}, {env['threads']} threads, device cpu")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at start: {load:.2f} (timings mean little when it exceeds the thread count)")

    t0 = time.perf_counter()
    ours_train = data.load_mnist_dataset(tv_root, BATCH, True)  # the sample folder loads like any data root
    ours_val = data.load_mnist_dataset(tv_root, BATCH, False)
    load_s = time.perf_counter() - t0
    n_train, n_val = len(ours_train.dataset), len(ours_val.dataset)
    bandwidth = limits.copy_bandwidth()
    gather_bw = limits.gather_bandwidth(ours_train.dataset.data, BATCH)
    print(
        f"samples: {n_train} train / {n_val} validation, batch {BATCH} (evaluation {EVAL_BATCH_SIZE}), "
        f"Adam(lr=1e-3), {epochs} epoch(s); course loader build (once per process): {load_s:.2f} s"
    )
    print(
        f"memory bandwidth (copy_ of 256 MiB, read + write): {bandwidth / 1e9:.1f} GB/s; "
        f"batch gather (index_select of {BATCH} images): {gather_bw / 1e9:.1f} GB/s\n"
    )

    rows, refs = [], {}
    for name in names:
        settings.seed_everything(0)
        init = MODELS[name]().state_dict()
        if reference:
            refs[name] = run_reference(tv_root, name, init, epochs)
            print(f"  {name}: reference {refs[name][0]:.2f} s/epoch", flush=True)
        for prec in precisions:
            amp = PRECISIONS[prec]
            warm_up(ours_train, name, amp)
            model = MODELS[name]()
            model.load_state_dict(copy.deepcopy(init))

            def floor(amp=amp, model=model) -> limits.Floor:
                return limits.epoch_floor(model, n_train, n_val, batch=BATCH, eval_batch=EVAL_BATCH_SIZE,
                                          dtype=amp or torch.float32, bandwidth=bandwidth)  # fmt: skip

            before = floor()  # the limit right before and right after fit: their difference shows the machine's drift
            settings.seed_everything(1)
            h = run_fit(ours_train, ours_val, model, epochs, amp)
            fit_s = h.total_time / h.epochs_run
            lim = limits.mean_floor(before, floor())
            ref = refs.get(name) if prec == "fp32" else None
            rows.append((name, prec, fit_s, lim, h.val_acc[-1], ref))
            print(
                f"  {name} {prec}: fit {fit_s:.2f} s/epoch, matmul floor {lim.matmul_s:.2f} s "
                f"(before/after fit differ by {lim.drift:.0%}), memory floor {lim.mem_s:.2f} s",
                flush=True,
            )

    print(f"\n{epochs} epoch(s) per run, load average now {os.getloadavg()[0]:.2f}\n")
    print(
        "| model | precision | fit s/epoch | matmul floor s | floor drift | achieved GFLOP/s | limit GFLOP/s "
        "| % of matmul limit "
        "| memory floor s | fit ÷ (matmul + memory floor) | reference s/epoch | fit speed-up vs reference "
        "| fit val acc | reference val acc |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, prec, fit_s, floor, acc, ref in rows:
        achieved = floor.flops / fit_s / 1e9
        cols = [name, prec, f"{fit_s:.3f}", f"{floor.matmul_s:.3f}", f"{floor.drift:.0%}"]
        cols += [f"{achieved:.0f}", f"{floor.gflops:.0f}"]
        cols += [f"{floor.matmul_s / fit_s:.0%}", f"{floor.mem_s:.3f}", f"{fit_s / floor.total_s:.1f}x"]
        cols += [f"{ref[0]:.2f}", f"{ref[0] / fit_s:.1f}x"] if ref else ["—", "—"]
        cols += [f"{acc:.4f}", f"{ref[1]:.4f}" if ref else "—"]
        print("| " + " | ".join(cols) + " |")
    if refs:
        fp32 = [r for r in rows if r[1] == "fp32" and r[5]]
        ref_total, fit_total = sum(r[5][0] for r in fp32) * epochs, sum(r[2] for r in fp32) * epochs
        print(
            f"\nall fp32 runs, {epochs} epoch(s) each: reference loop {ref_total:.0f} s, fit {fit_total:.0f} s "
            f"({ref_total / fit_total:.1f}x faster)"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    p.add_argument("--precisions", nargs="+", choices=list(PRECISIONS), default=list(PRECISIONS))
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--no-reference", dest="reference", action="store_false", help="skip the slow reference loop")
    p.add_argument("--no-bf16", dest="bf16", action="store_false", help="same as --precisions fp32")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own choice)")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    precisions = [q for q in args.precisions if args.bf16 or q != "bf16"]
    return run(args.models, precisions, args.epochs, args.reference)


if __name__ == "__main__":
    sys.exit(main())
