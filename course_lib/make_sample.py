"""smoke mode용 MNIST 표본을 실제 MNIST 파일에서 만든다 (클래스 균형, 고정 seed).

    python -m course_lib.make_sample /path/to/data-root     # the folder that contains MNIST/raw/

train에서 클래스마다 200장(2,000장), test에서 클래스마다 50장(500장)을 뽑아
``course_lib/sample_data/MNIST/raw/`` 에 원본과 같은 IDX 형식으로 쓴다.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch
from torchvision.datasets.mnist import read_image_file, read_label_file

SEED = 20240101
PER_CLASS = {True: 200, False: 50}
OUT = Path(__file__).resolve().parent / "sample_data" / "MNIST" / "raw"


def write_idx(path: Path, tensor: torch.Tensor) -> None:
    """uint8 tensor를 IDX(big-endian) 파일로 쓴다: magic 0x08(ubyte) + 차원 수, 각 차원 크기, 데이터."""
    header = bytes([0, 0, 0x08, tensor.ndim]) + b"".join(d.to_bytes(4, "big") for d in tensor.shape)
    path.write_bytes(header + tensor.contiguous().numpy().tobytes())


def build(src_root: Path, out: Path = OUT) -> None:
    """src_root/MNIST/raw 의 원본에서 표본을 만든다."""
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
        keep = torch.cat(picked).sort().values  # 원래 순서 유지
        write_idx(out / f"{prefix}-images-idx3-ubyte", images[keep])
        write_idx(out / f"{prefix}-labels-idx1-ubyte", labels[keep].to(torch.uint8))
        print(f"{prefix}: {len(keep)}장 → {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src_root", type=Path, help="MNIST/raw/ 가 들어 있는 폴더")
    build(parser.parse_args().src_root)
