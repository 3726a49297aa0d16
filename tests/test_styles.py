import pytest

from publish.errors import PublishError
from publish.styles import styles_dir


def test_the_house_styles_are_found():
    d = styles_dir("print.css")
    assert (d / "print.css").is_file() and (d / "epub.css").is_file()


def test_an_explicit_folder_is_used(tmp_path, monkeypatch):
    (tmp_path / "epub.css").write_text("p { margin: 0 }", encoding="utf-8")
    monkeypatch.setenv("PUBLISH_STYLES", str(tmp_path))
    assert styles_dir("epub.css") == tmp_path


def test_an_explicit_folder_without_the_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_STYLES", str(tmp_path))
    with pytest.raises(PublishError) as err:
        styles_dir("print.css")
    assert str(tmp_path) in str(err.value) and "print.css" in str(err.value)
    assert err.value.hint
