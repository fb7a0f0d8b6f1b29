"""실행 설정: smoke mode, 데이터 폴더, device 선택, 난수 seed 고정."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import torch

__all__ = [
    "SMOKE_MAX_EPOCHS",
    "SMOKE_MAX_STEPS",
    "bf16_autocast",
    "data_root",
    "effective_epochs",
    "effective_steps",
    "get_device",
    "is_smoke",
    "project_root",
    "seed_everything",
]

#: smoke mode에서 fit()이 실제로 돌리는 최대 epoch 수.
SMOKE_MAX_EPOCHS = 2
#: smoke mode에서 step 단위로 도는 학습(예: 04 노트북 11절)이 실제로 돌리는 최대 step 수.
SMOKE_MAX_STEPS = 40

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
_PACKAGE_DIR = Path(__file__).resolve().parent


def _env_flag(name: str, default: bool) -> bool:
    """켜고 끄는 환경 변수 하나: 1/true/yes/on은 True, 0/false/no/off는 False, 없거나 빈 값이면 ``default``."""
    raw = os.environ.get(name, "")
    value = raw.strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        f"환경 변수 {name}={raw!r} 를 해석할 수 없습니다. "
        "켜려면 1/true/yes/on, 끄려면 0/false/no/off로 설정하세요 (빈 값은 기본값)."
    )


def is_smoke() -> bool:
    """환경 변수 COURSE_SMOKE가 켜져 있으면 True (1/true/yes/on, 대소문자 무시)."""
    return _env_flag("COURSE_SMOKE", False)


def project_root() -> Path:
    """저장소 최상위 폴더 (editable 설치일 때). 패키지만 설치된 경우에는 현재 폴더."""
    repo = _PACKAGE_DIR.parent
    return repo if (repo / "pyproject.toml").is_file() else Path.cwd()


def data_root() -> Path:
    """데이터 폴더: COURSE_DATA_ROOT가 있으면 그 경로, 없으면 저장소 최상위의 datasets/."""
    env = os.environ.get("COURSE_DATA_ROOT", "").strip()
    if env:
        return Path(env).expanduser()
    return project_root() / "datasets"


def get_device(device: str | torch.device | None = None) -> torch.device:
    """device를 정한다: 지정값 > smoke mode면 CPU > 환경 변수 COURSE_DEVICE (예: cpu) > CUDA > MPS > CPU."""
    if device is not None:
        return torch.device(device)
    if is_smoke():
        return torch.device("cpu")
    env = os.environ.get("COURSE_DEVICE", "").strip()
    if env:
        try:
            return torch.device(env)
        except RuntimeError as err:
            raise ValueError(
                f"환경 변수 COURSE_DEVICE={env!r} 는 device 이름이 아닙니다 (예: cpu, cuda, mps)."
            ) from err
    if torch.cuda.is_available():
        return torch.device("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def bf16_autocast(device: str | torch.device) -> torch.dtype | None:
    """``device`` 가 bf16 연산을 하드웨어로 지원하면 ``torch.bfloat16`` (fit의 ``autocast_dtype`` 값), 아니면 None.

    CUDA는 ``torch.cuda.is_bf16_supported()``, CPU는 AVX512-BF16 지원 여부로 판단한다. 지원하지 않는 CPU에서는
    bf16이 에뮬레이션되어 fp32보다 느리므로 None(= fp32)이 낫다. MPS 등 다른 device는 None.
    환경 변수 ``COURSE_BF16=0`` 이면 하드웨어와 상관없이 None: fp32로 학습해 bf16이 없는 컴퓨터와 같은 숫자를 얻는다.
    """
    if not _env_flag("COURSE_BF16", True):
        return None
    device = torch.device(device)
    if device.type == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else None
    if device.type == "cpu":
        check = getattr(torch.cpu, "_is_avx512_bf16_supported", None)  # 공개 API가 없다: 없어지면 fp32로
        return torch.bfloat16 if callable(check) and check() else None
    return None


def effective_epochs(epochs: int, notice: Callable[[str], object] | None = print) -> int:
    """smoke mode면 epoch 수를 SMOKE_MAX_EPOCHS로 줄이고 ``notice`` 로 한 줄 안내를 한다 (None이면 조용히)."""
    if is_smoke() and epochs > SMOKE_MAX_EPOCHS:
        if notice is not None:
            notice(
                f"[smoke mode] COURSE_SMOKE=1: epochs {epochs} → {SMOKE_MAX_EPOCHS} "
                "(빠른 점검용 축소 실행이며 실제 성능이 아닙니다)"
            )
        return SMOKE_MAX_EPOCHS
    return epochs


def effective_steps(steps: int, notice: Callable[[str], object] | None = print) -> int:
    """``effective_epochs`` 의 step 판: smoke mode면 step 수를 SMOKE_MAX_STEPS로 줄이고 한 줄 안내를 한다."""
    if is_smoke() and steps > SMOKE_MAX_STEPS:
        if notice is not None:
            notice(
                f"[smoke mode] COURSE_SMOKE=1: steps {steps} → {SMOKE_MAX_STEPS} "
                "(빠른 점검용 축소 실행이며 실제 성능이 아닙니다)"
            )
        return SMOKE_MAX_STEPS
    return steps


def seed_everything(seed: int = 42) -> None:
    """random, numpy(설치된 경우), torch의 난수 seed를 한 번에 고정한다."""
    random.seed(seed)
    try:
        import numpy as np
    except ImportError:  # numpy 없이도 동작
        pass
    else:
        np.random.seed(seed)
    torch.manual_seed(seed)
