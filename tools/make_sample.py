"""Build the bundled smoke-mode MNIST sample from the real MNIST files (balanced classes, fixed seed).

    .venv/bin/python tools/make_sample.py /path/to/data-root     # the folder that contains MNIST/raw/

Takes 200 images per class from train (2,000) and 50 per class from test (500) and writes them to
``course_lib/sample_data/MNIST/raw/`` in the original IDX format.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch
from torchvision.datasets.mnist import read_image_file, read_label_file

SEED = 20240101
PER_CLASS = {True: 200, False: 50}
OUT = Path(__file__).resolve().parent.parent / "course_lib" / "sample_data" / "MNIST" / "raw"


def write_idx(path: Path, tensor: torch.Tensor) -> None:
    """Write a uint8 tensor as an IDX file: 0, 0, 0x08 (ubyte), ndim, each size (big-endian uint32), the data."""
    header = bytes([0, 0, 0x08, tensor.ndim]) + b"".join(d.to_bytes(4, "big") for d in tensor.shape)
    path.write_bytes(header + tensor.contiguous().numpy().tobytes())


def build(src_root: Path, out: Path = OUT) -> None:
    """Cut the sample from the originals in src_root/MNIST/raw."""
    raw = src_root / "MNIST" / "raw"
    out.mkdir(parents=True, exist_ok=True)
    gen = torch.Generator().manual_seed(SEED)
    for train, prefix in ((True, "train"), (False, "t10k")):
        images = read_image_file(str(raw / f"{prefix}-images-idx3-ubyte"))
        labels = read_label_file(str(raw / f"{prefix}-labels-idx1-ubyte"))
        picked = []
        for c in range(10):
            idx = (labels == c).nonzero().flatten()
            picked.append(idx[torch.randperm(len(idx), generator=gen)[: PER_CLASS[train]]])
        keep = torch.cat(picked).sort().values  # keep the original order
        write_idx(out / f"{prefix}-images-idx3-ubyte", images[keep])
        write_idx(out / f"{prefix}-labels-idx1-ubyte", labels[keep].to(torch.uint8))
        print(f"{prefix}: {len(keep)} images -> {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src_root", type=Path, help="the folder that contains MNIST/raw/")
    build(parser.parse_args().src_root)
