"""atomic_write: the old file survives any failure, and no temporary file is left."""

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
