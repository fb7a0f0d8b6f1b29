"""MNIST / Fashion-MNIST 데이터 로딩: 파일은 torchvision으로 읽고, 배치는 메모리 위 tensor에서 바로 자른다.

원래 자료의 ``DataLoader(ToTensor())`` 는 매 epoch 60,000장을 한 장씩 PIL → tensor로 바꾸고
다시 묶는다(collate). 여기서는 파일을 한 번만 읽어 ``(N, 1, 28, 28)`` float tensor로 만들고,
매 epoch ``randperm`` 으로 섞은 인덱스를 잘라 배치를 만든다. 값은 ``ToTensor()`` 와 똑같다.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path

import torch
from torchvision import datasets

from . import settings

__all__ = [
    "SAMPLE_ROOT",
    "DataFileError",
    "DataNotFoundError",
    "InMemoryLoader",
    "TensorPairDataset",
    "balanced_subset",
    "load_fashion_mnist_dataset",
    "load_mnist_dataset",
    "load_mnist_splits",
    "split_indices",
    "with_label_noise",
]

#: smoke mode에서 쓰는, 패키지에 포함된 실제 MNIST 일부(train 2,000 / test 500).
SAMPLE_ROOT = Path(__file__).resolve().parent / "sample_data"

_FILES = {
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_ALL_FILES = _FILES[True] + _FILES[False]


class DataNotFoundError(RuntimeError):
    """데이터 파일이 없고 내려받지도 못했을 때."""


class DataFileError(RuntimeError):
    """데이터 파일이 잘렸거나 손상되었을 때."""


class TensorPairDataset(torch.utils.data.Dataset):
    """(이미지, 레이블) tensor 쌍. ``dataset[i]`` 는 torchvision처럼 ``(X[i], int(y[i]))`` 를 준다."""

    def __init__(self, images: torch.Tensor, targets: torch.Tensor, classes: list[str] | None = None):
        if len(images) != len(targets):
            raise ValueError(f"images({len(images)})와 targets({len(targets)})의 개수가 다릅니다.")
        self.data = images  # (N, 1, 28, 28) float32, [0, 1]
        self.targets = targets  # (N,) int64
        self.classes = list(classes or [])

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        return self.data[index], int(self.targets[index])


class InMemoryLoader:
    """메모리 위 tensor에서 배치를 잘라 주는 DataLoader 대용품.

    DataLoader처럼 ``for X, y in loader``, ``len(loader)``, ``loader.dataset`` 을 쓸 수 있다.

    섞는 순서: 기본은 전역 난수 생성기(``seed_everything`` 으로 재현). ``paired=True`` 면 loader 자신의
    ``torch.Generator`` 로 섞고, ``fit`` 이 새 학습을 시작할 때 그 학습의 seed(``torch.initial_seed()``, 곧
    ``seed_everything(seed)`` 의 값)로 처음부터 다시 시작한다(``restart``). 그래서 같은 seed로 돌린 대조 실행과
    처치 실행(예: dropout 0 대 0.5)은 dropout mask가 전역 난수를 얼마나 쓰든 **같은 batch를 같은 순서로** 본다.
    """

    def __init__(self, dataset: TensorPairDataset, batch_size: int, shuffle: bool = False, paired: bool = False):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size는 1 이상의 정수여야 합니다 (받은 값: {batch_size!r}).")
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.paired = paired
        self.generator = torch.Generator() if paired else None  # CPU에서 순서를 만든다 (어느 device에서나 같은 순서)
        self._copies: dict[str, InMemoryLoader] = {}

    def __len__(self) -> int:
        return math.ceil(len(self.dataset) / self.batch_size)

    @property
    def device(self) -> torch.device:
        """데이터가 있는 device."""
        return self.dataset.data.device

    def to(self, device: str | torch.device) -> InMemoryLoader:
        """같은 데이터를 ``device`` 메모리에 둔 loader (GPU에서 batch마다 하는 host→device 복사를 없앤다).

        이미 그 device에 있으면 자기 자신을 돌려준다. 옮긴 사본은 loader 안에 보관해 다시 옮기지 않는다.
        """
        device = torch.device(device)
        if self.device == device:
            return self
        key = str(device)
        if key not in self._copies:
            ds = self.dataset
            moved = TensorPairDataset(ds.data.to(device), ds.targets.to(device), ds.classes)
            copy = InMemoryLoader(moved, self.batch_size, self.shuffle)
            copy.paired, copy.generator = self.paired, self.generator  # 같은 생성기: 어느 쪽을 돌아도 같은 순서
            self._copies[key] = copy
        return self._copies[key]

    def restart(self, seed: int) -> None:
        """``paired`` loader면 섞는 순서를 ``seed`` 로 처음부터 시작한다 (fit이 새 학습마다 부른다)."""
        if self.generator is not None:
            self.generator.manual_seed(seed)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        return self.batches()

    def batches(
        self, batch_size: int | None = None, shuffle: bool | None = None
    ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """배치 크기/섞기를 바꿔 한 바퀴 돈다 (평가 때 큰 배치로 빠르게 돌 때 쓴다)."""
        bs = batch_size or self.batch_size
        shuffle = self.shuffle if shuffle is None else shuffle
        X, y = self.dataset.data, self.dataset.targets
        n = len(y)
        if shuffle:
            if self.generator is not None:  # paired: loader 자신의 생성기 (dropout 등 전역 난수와 무관)
                perm = torch.randperm(n, generator=self.generator).to(X.device)
            # 전역 RNG: seed_everything()으로 재현 가능. 데이터가 GPU에 있으면 인덱스도 GPU에서 만든다 (동기화 없음)
            elif X.device.type == "cpu":
                perm = torch.randperm(n)
            else:
                perm = torch.randperm(n, device=X.device)
            for i in range(0, n, bs):
                idx = perm[i : i + bs]
                # index_select은 X[idx]와 같은 새 tensor를 주지만, 행 단위로 복사해 두 배쯤 빠르다
                yield X.index_select(0, idx), y.index_select(0, idx)
        else:
            for i in range(0, n, bs):
                yield X[i : i + bs], y[i : i + bs]  # 복사 없는 view

    def __repr__(self) -> str:
        return (
            f"InMemoryLoader(samples={len(self.dataset)}, batch_size={self.batch_size}, "
            f"shuffle={self.shuffle}, steps={len(self)}" + (", paired=True)" if self.paired else ")")
        )


def _check_idx_file(path: Path, image: bool) -> None:
    """IDX 파일 헤더와 크기가 맞는지 확인한다 (잘린 파일을 torch assert 대신 알아듣게 알린다)."""
    expected_magic = 0x00000803 if image else 0x00000801
    size = path.stat().st_size
    header_len = 16 if image else 8
    with open(path, "rb") as f:
        header = f.read(header_len)
    ok = len(header) == header_len and int.from_bytes(header[:4], "big") == expected_magic
    if ok:
        dims = [int.from_bytes(header[i : i + 4], "big") for i in range(4, header_len, 4)]
        ok = size == header_len + math.prod(dims)
    if not ok:
        raise DataFileError(
            f"데이터 파일 {path} 이(가) 손상되었거나 잘렸습니다 (크기 {size:,} bytes). "
            "이 파일을 지우고 다시 내려받거나(인터넷 연결 시 자동), 원본 파일을 다시 복사하세요."
        )


def _load_tensors(dataset_cls: type, root: Path, is_train: bool, download: bool) -> TensorPairDataset:
    """torchvision dataset으로 파일을 읽어(필요하면 내려받아) tensor 쌍으로 만든다."""
    name = dataset_cls.__name__
    raw = root / name / "raw"
    for fname, image in zip(_FILES[is_train], (True, False), strict=True):
        if (raw / fname).is_file():
            _check_idx_file(raw / fname, image)
    before = set(raw.iterdir()) if raw.is_dir() else set()
    try:
        ds = dataset_cls(root=str(root), train=is_train, download=download)
    except (RuntimeError, OSError) as err:
        # 내려받다 실패하면 반쯤 받은 파일을 남기지 않는다
        if raw.is_dir():
            for p in set(raw.iterdir()) - before:
                p.unlink(missing_ok=True)
        if raw.is_dir() and not any(raw.iterdir()):
            for d in (raw, raw.parent):
                try:
                    d.rmdir()
                except OSError:
                    break
        files = ", ".join(_ALL_FILES)
        raise DataNotFoundError(
            f"{name} 데이터를 찾지 못했고 내려받지도 못했습니다 ({type(err).__name__}).\n"
            f"  1) 네 개의 원본 파일({files})을 {raw} 에 두거나 "
            "(COURSE_DATA_ROOT 로 다른 데이터 폴더를 지정할 수 있습니다),\n"
            "  2) 인터넷 없이 빠르게 점검만 하려면 COURSE_SMOKE=1 로 실행하세요 (포함된 작은 표본 사용)."
        ) from err
    # ds.data: (N, 28, 28) uint8 → ToTensor()와 같은 (N, 1, 28, 28) float32 / 255
    images = ds.data.unsqueeze(1).to(torch.float32).div_(255)
    return TensorPairDataset(images, ds.targets.to(torch.int64), list(ds.classes))


def _resolve_root(root_path: str | os.PathLike | None) -> Path:
    return settings.data_root() if root_path is None else Path(root_path)


def load_mnist_dataset(
    root_path: str | os.PathLike | None = None, batch_size: int = 200, is_train: bool = True
) -> InMemoryLoader:
    """MNIST loader를 만든다 (train이면 섞음). smoke mode면 포함된 표본을 쓴다.

    Args:
        root_path: ``MNIST/raw/`` 가 들어 있는(또는 내려받을) 폴더. None이면 ``settings.data_root()``.
        batch_size: 배치 크기.
        is_train: True면 train set(60,000), False면 test set(10,000).
    """
    if settings.is_smoke():
        _smoke_notice()
        dataset = _load_tensors(datasets.MNIST, SAMPLE_ROOT, is_train, download=False)
    else:
        dataset = _load_tensors(datasets.MNIST, _resolve_root(root_path), is_train, download=True)
    return InMemoryLoader(dataset, batch_size, shuffle=is_train)


def split_indices(n: int, val_size: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """0..n-1을 (train 인덱스, validation 인덱스)로 나눈다 (둘 다 오름차순).

    seed가 같으면 어느 컴퓨터에서나 같은 분할이다. 전역 난수 상태는 쓰지도 바꾸지도 않는다.
    """
    if isinstance(val_size, bool) or not isinstance(val_size, int) or not 0 < val_size < n:
        raise ValueError(f"val_size는 1 이상 {n - 1} 이하의 정수여야 합니다 (받은 값: {val_size!r}).")
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed))  # 전역 RNG를 건드리지 않는다
    return perm[val_size:].sort().values, perm[:val_size].sort().values


def _subset(dataset: TensorPairDataset, idx: torch.Tensor) -> TensorPairDataset:
    return TensorPairDataset(dataset.data[idx], dataset.targets[idx], dataset.classes)


def balanced_subset(targets: torch.Tensor, size: int, seed: int = 0) -> torch.Tensor:
    """클래스마다 같은 수(나누어떨어지지 않으면 앞 클래스부터 하나씩 더)를 고른 인덱스 (오름차순).

    ``seed`` 로 정해지며 전역 난수 상태는 쓰지도 바꾸지도 않는다.
    """
    classes = targets.unique(sorted=True)
    if isinstance(size, bool) or not isinstance(size, int) or not len(classes) <= size <= len(targets):
        raise ValueError(f"train_size는 {len(classes)} 이상 {len(targets)} 이하의 정수여야 합니다 (받은 값: {size!r}).")
    g = torch.Generator().manual_seed(seed)
    per_class, extra = divmod(size, len(classes))
    picked = []
    for i, c in enumerate(classes):
        idx = (targets == c).nonzero().squeeze(1)
        want = per_class + (1 if i < extra else 0)
        if want > len(idx):
            raise ValueError(
                f"클래스 {int(c)}의 이미지가 {len(idx)}장뿐이라 {want}장을 고를 수 없습니다 (train_size={size})."
            )
        picked.append(idx[torch.randperm(len(idx), generator=g)[:want]])
    return torch.cat(picked).sort().values


def with_label_noise(loader: InMemoryLoader, fraction: float, seed: int = 0) -> InMemoryLoader:
    """``loader`` 와 같은 이미지·설정이되, label의 ``fraction`` 만큼을 **다른** 클래스로 바꾼 새 loader.

    정확히 ``round(fraction × 이미지 수)`` 장의 label이 틀리게 된다 (바꿀 이미지와 새 클래스는 ``seed`` 로 정해지며,
    전역 난수 상태는 쓰지도 바꾸지도 않는다). 원래 loader는 그대로다. 틀린 label을 외우는 모습(overfitting)과
    early stopping이 그것을 막는 모습을 볼 때 쓴다 (Zhang et al. 2017, "Understanding deep learning requires
    rethinking generalization").
    """
    if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not 0 <= fraction <= 1:
        raise ValueError(f"fraction은 0 이상 1 이하의 수여야 합니다 (받은 값: {fraction!r}).")
    ds = loader.dataset
    targets = ds.targets.clone()
    n_classes = int(targets.max()) + 1 if len(ds.classes) == 0 else len(ds.classes)
    if n_classes < 2:
        raise ValueError("label을 다른 클래스로 바꾸려면 클래스가 2개 이상이어야 합니다.")
    g = torch.Generator().manual_seed(seed)
    n_noisy = round(fraction * len(targets))
    idx = torch.randperm(len(targets), generator=g)[:n_noisy].to(targets.device)
    # 0이 아닌 이동(1..C-1)을 더해 나머지를 취하면 언제나 원래와 다른 클래스가 된다 (다른 클래스 중 고르게)
    shift = torch.randint(1, n_classes, (n_noisy,), generator=g).to(targets.device)
    targets[idx] = (targets[idx] + shift) % n_classes
    return InMemoryLoader(
        TensorPairDataset(ds.data, targets, ds.classes), loader.batch_size, loader.shuffle, paired=loader.paired
    )


def load_mnist_splits(
    root_path: str | os.PathLike | None = None,
    batch_size: int = 200,
    val_size: int = 5000,
    seed: int = 0,
    *,
    train_size: int | None = None,
    paired: bool = False,
) -> tuple[InMemoryLoader, InMemoryLoader, InMemoryLoader]:
    """MNIST를 train / validation / test 세 loader로 나눈다: 60,000장을 55,000 / 5,000으로 나누고, test는 10,000장.

    validation은 모델·epoch·기법을 고르는 데 쓰고, test는 마지막에 고른 모델을 한 번 평가하는 데만 쓴다.
    분할은 ``seed`` 로 정해지며 전역 난수 상태와 무관하다. train만 섞는다.
    smoke mode에서는 포함된 표본(2,000 / 500)을 같은 비율(val_size / 60,000)로 나눈다.

    Args:
        train_size: 주면 train split에서 클래스별로 같은 수를 골라 이 크기의 작은 train set을 만든다 (seed로 고정).
            validation과 test는 그대로다: 데이터가 적어 overfitting이 뚜렷한 조건에서 기법을 비교할 때 쓴다.
            smoke mode에서는 같은 비율(train_size / 55,000, 최소 클래스 수)로 줄인다.
        paired: train loader가 자신의 생성기로 섞는다 (``InMemoryLoader`` 참고): 짝지은 비교용.
    """
    if settings.is_smoke():
        _smoke_notice()
        train = _load_tensors(datasets.MNIST, SAMPLE_ROOT, True, download=False)
        test = _load_tensors(datasets.MNIST, SAMPLE_ROOT, False, download=False)
        n_val = max(1, round(val_size * len(train) / 60000)) if isinstance(val_size, int) else val_size
    else:
        root = _resolve_root(root_path)
        train = _load_tensors(datasets.MNIST, root, True, download=True)
        test = _load_tensors(datasets.MNIST, root, False, download=True)
        n_val = val_size
    train_idx, val_idx = split_indices(len(train), n_val, seed)
    if train_size is not None:
        if settings.is_smoke() and isinstance(train_size, int) and not isinstance(train_size, bool):
            train_size = min(len(train_idx), max(10, round(train_size * len(train_idx) / (60000 - val_size))))
        train_idx = train_idx[balanced_subset(train.targets[train_idx], train_size, seed)]
    return (
        InMemoryLoader(_subset(train, train_idx), batch_size, shuffle=True, paired=paired),
        InMemoryLoader(_subset(train, val_idx), batch_size, shuffle=False),
        InMemoryLoader(test, batch_size, shuffle=False),
    )


def load_fashion_mnist_dataset(
    root_path: str | os.PathLike | None = None, batch_size: int = 200, is_train: bool = True
) -> InMemoryLoader:
    """Fashion-MNIST loader를 만든다 (train이면 섞음). 표본이 없으므로 smoke mode에서도 실제 파일을 쓴다."""
    dataset = _load_tensors(datasets.FashionMNIST, _resolve_root(root_path), is_train, download=True)
    return InMemoryLoader(dataset, batch_size, shuffle=is_train)


_notice_shown = False


def _smoke_notice() -> None:
    global _notice_shown
    if not _notice_shown:
        print("[smoke mode] COURSE_SMOKE=1: 포함된 MNIST 표본(train 2,000 / test 500)을 사용합니다.")
        _notice_shown = True
