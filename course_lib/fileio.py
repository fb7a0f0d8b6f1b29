"""파일을 원자적으로 쓰는 도우미: 임시 파일에 다 쓴 뒤 이름을 바꾼다 (중간에 실패해도 기존 파일은 그대로)."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["atomic_write"]

# O_EXCL: never reuse an existing name; O_BINARY/O_NOINHERIT exist only on Windows (the same flags tempfile uses)
_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)


def _create_temp(path: Path) -> tuple[int, Path]:
    """``path`` 옆에 새 임시 파일을 만든다. 권한은 ``open(path, "wb")`` 로 새 파일을 만들 때와 같다.

    mode 0o666을 주면 OS가 umask(와 폴더의 default ACL)를 적용한다: umask를 직접 읽을 필요가 없다
    (``os.umask`` 로 읽는 것은 프로세스 전체 설정을 잠깐 바꾸는 것이라 thread가 있으면 안전하지 않다).
    """
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, _TMP_FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"임시 파일 이름을 만들지 못했습니다: {path.parent}")


def _keep_mode(tmp: Path, path: Path) -> None:
    """기존 파일이 있으면 그 권한(mode)을 새 파일에 옮긴다 (``open(path, "wb")`` 도 기존 파일의 권한을 유지한다)."""
    if os.name == "nt":  # Windows: chmod only toggles read-only, and a read-only target cannot be replaced anyway
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    with contextlib.suppress(OSError):  # e.g. a file system without POSIX modes: the data matter more than the mode
        os.chmod(tmp, mode)


def atomic_write(path: str | os.PathLike, write: Callable[[IO[bytes]], object]) -> Path:
    """``write(f)`` 로 임시 파일을 채운 뒤 ``path`` 로 바꿔 놓는다. 폴더는 없으면 만든다.

    쓰는 도중 어떤 예외(KeyboardInterrupt 포함)가 나도 기존 파일은 그대로이고 임시 파일은 남지 않는다.
    권한은 ``open(path, "wb")`` 로 쓸 때와 같다: 기존 파일을 바꾸면 그 파일의 권한을 유지하고,
    새 파일은 ``0o666 & ~umask`` (보통 0o644)이다.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        _keep_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
