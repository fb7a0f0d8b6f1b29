"""atomic_write: the old file survives any failure, no temporary file is left, and modes are those open() gives."""

import os
import stat

import pytest

from course_lib.fileio import atomic_write


def test_atomic_write_creates_folders_and_replaces(tmp_path):
    path = atomic_write(tmp_path / "a" / "b.txt", lambda f: f.write(b"one"))
    atomic_write(path, lambda f: f.write(b"two"))
    assert path.read_bytes() == b"two" and [p.name for p in path.parent.iterdir()] == ["b.txt"]


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_failure_half_way_keeps_the_old_file(tmp_path, error):
    path = atomic_write(tmp_path / "b.txt", lambda f: f.write(b"old"))

    def half(f):
        f.write(b"ne")
        raise error

    with pytest.raises(type(error)):
        atomic_write(path, half)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["b.txt"]


posix_modes = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes do not apply on Windows")


@pytest.fixture
def set_umask():
    """Set the process umask for one test and restore it after."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@posix_modes
def test_new_file_gets_the_mode_open_would_give(tmp_path, set_umask):
    for mask in (0o022, 0o002, 0o077):  # 0o666 & ~umask, as for a plain open(path, "wb")
        set_umask(mask)
        path = atomic_write(tmp_path / f"new-{mask:o}.txt", lambda f: f.write(b"x"))
        with open(tmp_path / f"plain-{mask:o}.txt", "wb") as f:
            f.write(b"x")
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == 0o666 & ~mask == stat.S_IMODE((tmp_path / f"plain-{mask:o}.txt").stat().st_mode), oct(mode)


@posix_modes
@pytest.mark.parametrize("mode", [0o640, 0o755], ids=oct)
def test_replaced_file_keeps_its_mode(tmp_path, set_umask, mode):
    set_umask(0o022)  # a new file would get 0o644: the kept mode must come from the old file
    path = tmp_path / "b.txt"
    path.write_bytes(b"old")
    path.chmod(mode)
    atomic_write(path, lambda f: f.write(b"new"))
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == mode
