"""The physical limit of one training epoch on this CPU, measured in the running process.

Two parts, both measured here and now (never copied from another machine):

* the matmul floor: the matrix products one epoch needs (every Linear layer's forward, its weight gradient, and its
  input gradient except for the first layer, whose input needs none; then the forward passes of the train-set and
  validation evaluation at the evaluation batch size), timed in nn.Linear's layouts with warm caches;
* the memory floor: the bytes the epoch has to move outside those matmuls (the batch gather, reading every image for
  the two evaluation passes, Adam's per-step state traffic, bf16 weight casts), at the copy bandwidth of this machine.

See benchmarks/README.md for what each number means and what it leaves out.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

IMAGE_BYTES = 784 * 4  # one MNIST image as float32
ADAM_BYTES_PER_PARAM = 7 * 4  # read param, grad, exp_avg, exp_avg_sq; write param, exp_avg, exp_avg_sq (fp32)
CAST_BYTES_PER_PARAM = 4 + 2  # bf16 autocast: fp32 weight -> bf16 copy on every entry; bf16 grad -> fp32 in backward


def best_time(fn: Callable[[], object], min_s: float = 0.2, trials: int = 3) -> float:
    """Seconds per call of ``fn``: best of ``trials`` timed loops, each long enough to last about ``min_s``."""
    fn()  # warm-up: allocations, kernel selection, caches
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-6)
    reps = max(1, math.ceil(min_s / once))
    best = math.inf
    for _ in range(trials):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - t0) / reps)
    return best


def linear_shapes(model: nn.Module) -> list[tuple[int, int]]:
    """(in_features, out_features) of every Linear layer, in the order of definition (= forward order here)."""
    return [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]


def forward_flops_per_sample(model: nn.Module) -> int:
    return sum(2 * i * o for i, o in linear_shapes(model))


def _operands(shapes: list[tuple[int, int]], batch: int, dtype: torch.dtype, training: bool) -> list[tuple]:
    """(a, b) pairs of one step in nn.Linear's layouts (W is (out, in)): forward x @ W.T, and when training
    grad weight g.T @ x and grad input g @ W (autograd skips the latter for the first layer: the images need none)."""
    mats = []
    for k, (i, o) in enumerate(shapes):
        x, w, g = torch.randn(batch, i, dtype=dtype), torch.randn(o, i, dtype=dtype), torch.randn(batch, o, dtype=dtype)
        mats.append((x, w.t()))
        if training:
            mats.append((g.t(), x))
            if k > 0:
                mats.append((g, w))
    return mats


def matmul_seconds(shapes: list[tuple[int, int]], batch: int, dtype: torch.dtype, training: bool) -> float:
    """Seconds for the matmuls of one batch (a training step, or an evaluation forward pass)."""
    mats = _operands(shapes, batch, dtype, training)

    def step():
        for a, b in mats:
            torch.mm(a, b)

    return best_time(step)


def matmul_gflops(shapes: list[tuple[int, int]], batch: int, dtype: torch.dtype = torch.float32) -> float:
    """GFLOP/s this CPU reaches on the matmuls of one training step of these Linear layers."""
    flops = sum(2 * a.shape[0] * a.shape[1] * b.shape[1] for a, b in _operands(shapes, batch, dtype, True))
    return flops / matmul_seconds(shapes, batch, dtype, True) / 1e9


def copy_bandwidth(mib: int = 256) -> float:
    """Bytes/s of a large ``Tensor.copy_`` (read + write counted), far bigger than the caches."""
    n = mib * 2**20 // 4
    src, dst = torch.ones(n), torch.empty(n)
    return 2 * n * 4 / best_time(lambda: dst.copy_(src), min_s=0.3)


def gather_bandwidth(images: torch.Tensor, batch: int) -> float:
    """Bytes/s of gathering a shuffled epoch of ``images`` in batches with ``index_select`` (read + write)."""
    flat = images.reshape(len(images), -1)
    perm = torch.randperm(len(flat))

    def epoch():
        for i in range(0, len(flat), batch):
            flat.index_select(0, perm[i : i + batch])

    return 2 * flat.numel() * flat.element_size() / best_time(epoch, min_s=0.3)


@dataclass
class Floor:
    """The limit for one model and precision: seconds per epoch and what they are made of."""

    flops: float  # matmul FLOPs per epoch
    matmul_s: float  # matmul floor
    mem_bytes: float  # bytes moved outside the matmuls
    mem_s: float  # memory floor at the measured bandwidth
    drift: float = 0.0  # relative difference of the matmul floors averaged by mean_floor (0 for one measurement)

    @property
    def total_s(self) -> float:
        return self.matmul_s + self.mem_s

    @property
    def gflops(self) -> float:
        """Matmul limit in GFLOP/s: the epoch's matmul FLOPs over the matmul floor."""
        return self.flops / self.matmul_s / 1e9


def mean_floor(a: Floor, b: Floor) -> Floor:
    """The mean of two measurements of the same floor, with their relative difference as ``drift``."""
    matmul_s = (a.matmul_s + b.matmul_s) / 2
    return Floor(a.flops, matmul_s, a.mem_bytes, (a.mem_s + b.mem_s) / 2, abs(a.matmul_s - b.matmul_s) / matmul_s)


def epoch_flops(model: nn.Module, n_train: int, n_val: int) -> float:
    """Matmul FLOPs of an epoch: training (forward, weight gradient, input gradient but for the first layer)
    plus the forward passes of the train-set and validation evaluation."""
    shapes = linear_shapes(model)
    fwd = forward_flops_per_sample(model)
    first = 2 * shapes[0][0] * shapes[0][1]
    return (3 * fwd - first) * n_train + fwd * (n_train + n_val)


def epoch_floor(
    model: nn.Module,
    n_train: int,
    n_val: int,
    *,
    batch: int,
    eval_batch: int,
    dtype: torch.dtype,
    bandwidth: float,
) -> Floor:
    """The limit of one epoch of ``fit`` for this model: training at ``batch``, evaluation at ``eval_batch``."""
    shapes = linear_shapes(model)
    train_s = matmul_seconds(shapes, batch, dtype, training=True) / batch * n_train
    eval_s = matmul_seconds(shapes, eval_batch, dtype, training=False) / eval_batch * (n_train + n_val)
    n_params = sum(p.numel() for p in model.parameters())
    linear_params = sum(p.numel() for m in model.modules() if isinstance(m, nn.Linear) for p in m.parameters())
    steps = math.ceil(n_train / batch)
    eval_batches = math.ceil(n_train / eval_batch) + math.ceil(n_val / eval_batch)
    mem = IMAGE_BYTES * (2 * n_train + n_train + n_val)  # gather (read + write), then read for both evaluations
    mem += ADAM_BYTES_PER_PARAM * n_params * steps
    if dtype != torch.float32:  # autocast casts the Linear weights again on every entry (each batch)
        mem += CAST_BYTES_PER_PARAM * linear_params * (2 * steps + eval_batches)
    return Floor(epoch_flops(model, n_train, n_val), train_s + eval_s, mem, mem / bandwidth)
