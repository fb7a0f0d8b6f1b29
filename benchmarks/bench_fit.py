"""Speed of course_lib.train.fit against a loop written the original course material's way, in one process, on the same data.

    python benchmarks/bench_fit.py                      # all four lesson models, 1 epoch each
    python benchmarks/bench_fit.py --epochs 10          # the four lesson experiments at full length
    python benchmarks/bench_fit.py --models small bn --epochs 2

The reference is the original material's code path: torchvision MNIST with ToTensor(), DataLoader(batch_size=200,
shuffle=True), training loop, then re-evaluation of the training set and the validation set with the
original evaluation loop (loss as the mean of batch means). Both sides start from the same initial weights
and the same global seed. Ratios are what matter; absolute seconds depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from course_lib import data, models, report, settings, train

MODELS = {
    "small": models.SmallSizeModel,
    "big": models.BigSizeModel,
    "dropout": models.DropoutModel,
    "bn": models.BNModel,
}
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


# ---- the practical limit ------------------------------------------------------------------------
def linear_shapes(model: nn.Module) -> list[tuple[int, int]]:
    return [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]


def forward_flops_per_sample(model: nn.Module) -> int:
    return sum(2 * i * o for i, o in linear_shapes(model))


def matmul_gflops(shapes: list[tuple[int, int]], batch: int, dtype=torch.float32, repeat: int = 20) -> float:
    """Best-of-3 GFLOP/s of the matmuls one training step of these Linear layers needs, in nn.Linear's layouts:
    forward x @ W.T, grad input g @ W, grad weight g.T @ x (W is (out, in))."""
    mats = []
    for i, o in shapes:
        x, w, g = torch.randn(batch, i, dtype=dtype), torch.randn(o, i, dtype=dtype), torch.randn(batch, o, dtype=dtype)
        mats += [(x, w.t()), (g, w), (g.t(), x)]
    flops = sum(2 * a.shape[0] * a.shape[1] * b.shape[1] for a, b in mats)
    for a, b in mats:  # warm-up
        a @ b
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for a, b in mats:
                a @ b
        best = min(best, time.perf_counter() - t0)
    return flops * repeat / best / 1e9


def epoch_flops(model: nn.Module, n_train: int, n_val: int) -> float:
    """Training (forward + backward = 3x forward) + train-set and validation evaluation (forward)."""
    return forward_flops_per_sample(model) * (3 * n_train + n_train + n_val)


# ---- main ---------------------------------------------------------------------------------------
def run(names: list[str], epochs: int, bf16: bool) -> int:
    root = settings.data_root()
    raw = root / "MNIST" / "raw"
    if all((raw / f).is_file() for f in ("train-images-idx3-ubyte", "t10k-images-idx3-ubyte")):
        source = f"real MNIST from {root}"
        tv_root = root
    else:
        source = f"the bundled sample from {data.SAMPLE_ROOT} (real MNIST not found in {raw})"
        tv_root = data.SAMPLE_ROOT
    env = report.environment("cpu")
    print(f"data: {source}")
    print(f"machine: {env['cpu']}, torch {env['torch']}, {env['threads']} threads, device cpu")

    ref_train = DataLoader(datasets.MNIST(str(tv_root), train=True, transform=transforms.ToTensor()), BATCH, shuffle=True)
    ref_val = DataLoader(datasets.MNIST(str(tv_root), train=False, transform=transforms.ToTensor()), BATCH)
    t0 = time.perf_counter()
    ours_train = data.load_mnist_dataset(tv_root, BATCH, True)  # the sample folder loads like any data root
    ours_val = data.load_mnist_dataset(tv_root, BATCH, False)
    load_s = time.perf_counter() - t0
    n_train, n_val = len(ours_train.dataset), len(ours_val.dataset)
    print(f"samples: {n_train} train / {n_val} validation, batch {BATCH}, Adam(lr=1e-3), {epochs} epoch(s); "
          f"course loader build (once per process): {load_s:.2f} s\n")

    rows, totals, refs = [], [0.0, 0.0], {}
    fp32_big_s, bf16_saving = 0.0, None
    variants = [(n, amp) for n in names for amp in ((None, torch.bfloat16) if n == "big" and bf16 else (None,))]
    for name, amp in variants:
        settings.seed_everything(0)
        init = MODELS[name]().state_dict()
        loss_fn = nn.CrossEntropyLoss()

        if amp is None:  # the bf16 run is compared with the same fp32 reference measurement
            ref_model = MODELS[name]()
            ref_model.load_state_dict(init)
            opt = torch.optim.Adam(ref_model.parameters(), lr=1e-3)
            settings.seed_everything(1)
            t0 = time.perf_counter()
            for _ in range(epochs):
                (_, _), (_, ref_acc) = reference_epoch(ref_train, ref_val, ref_model, loss_fn, opt)
            refs[name] = ((time.perf_counter() - t0) / epochs, ref_acc)
        ref_s, ref_acc = refs[name]

        model = MODELS[name]()
        model.load_state_dict(init)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        settings.seed_everything(1)
        h = train.fit(ours_train, ours_val, model, loss_fn, opt, epochs, save_best_model=False,
                      early_stopping=False, device="cpu", autocast_dtype=amp, verbose=False)
        ours_s = h.total_time / h.epochs_run
        label = name + (" bf16" if amp is not None else "")
        extra = ""
        if name == "big":
            limit_dtype = torch.bfloat16 if amp is not None else torch.float32
            limit = matmul_gflops(linear_shapes(model), BATCH, limit_dtype)
            achieved = epoch_flops(model, n_train, n_val) / ours_s / 1e9
            extra = f"{achieved:.0f} GFLOP/s of {limit:.0f} ({'bf16' if amp else 'fp32'} matmul limit, {achieved / limit:.0%})"
        if amp is None:
            totals[0] += ref_s * epochs
            totals[1] += ours_s * epochs
        else:
            bf16_saving = (fp32_big_s - ours_s) * epochs
        if name == "big" and amp is None:
            fp32_big_s = ours_s
        rows.append((label, ref_s, ours_s, ref_s / ours_s, ref_acc, h.val_acc[-1], extra))
        print(f"  {label}: reference {ref_s:.2f} s/epoch, fit {ours_s:.2f} s/epoch", flush=True)

    print("\n| model | reference s/epoch | fit s/epoch | speed-up | reference val acc | fit val acc | big model: achieved vs limit |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, ref_s, ours_s, ratio, ref_acc, acc, extra in rows:
        print(f"| {label} | {ref_s:.2f} | {ours_s:.2f} | {ratio:.1f}x | {ref_acc:.4f} | {acc:.4f} | {extra} |")
    print(f"\nall fp32 experiments, {epochs} epoch(s) each: reference loop {totals[0]:.0f} s, fit {totals[1]:.0f} s "
          f"({totals[1] / totals[0]:.2f} of the reference time, {totals[0] / totals[1]:.1f}x faster)")
    if bf16_saving is not None:
        t = totals[1] - bf16_saving
        print(f"the same with the big model in bf16 autocast: fit {t:.0f} s ({t / totals[0]:.2f} of the reference time)")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--no-bf16", dest="bf16", action="store_false", help="skip the bf16 autocast run of the big model")
    args = p.parse_args(argv)
    return run(args.models, args.epochs, args.bf16)


if __name__ == "__main__":
    sys.exit(main())
