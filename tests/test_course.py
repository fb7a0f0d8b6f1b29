"""`make course` stops at once with the data error when MNIST is missing, and refuses smoke mode."""

from course_lib import course, data


def test_course_stops_before_any_notebook_without_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_DATA_ROOT", str(tmp_path / "empty"))
    monkeypatch.setattr(data.datasets.MNIST, "download", lambda self: (_ for _ in ()).throw(RuntimeError("offline")))
    ran = []
    monkeypatch.setattr(course, "_sync_and_execute", lambda *a: ran.append(a) or 0.0)
    assert course.main([]) == 2
    err = capsys.readouterr().err
    assert "COURSE_SMOKE=1" in err and str(tmp_path / "empty") in err
    assert ran == []


def test_course_refuses_smoke_mode(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert course.main([]) == 2
    assert "full mode" in capsys.readouterr().err
