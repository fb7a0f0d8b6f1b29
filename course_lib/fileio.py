"""파일을 원자적으로 쓰는 도우미: 임시 파일에 다 쓴 뒤 이름을 바꾼다 (중간에 실패해도 기존 파일은 그대로)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike, write: Callable[[IO[bytes]], object]) -> Path:
    """``write(f)`` 로 임시 파일을 채운 뒤 ``path`` 로 바꿔 놓는다. 폴더는 없으면 만든다.

    쓰는 도중 어떤 예외(KeyboardInterrupt 포함)가 나도 기존 파일은 그대로이고 임시 파일은 남지 않는다.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
