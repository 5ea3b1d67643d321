"""A new file's proposed name is free: the given one, or "name (n).ext" beside it."""

import os
from pathlib import Path

import pytest

from rmf_app.services.files import free_name


def test_a_free_name_is_kept(tmp_path):
    assert free_name(tmp_path / "a.airmf") == tmp_path / "a.airmf"


def test_taken_names_get_the_next_free_number(tmp_path):
    for name in ("a.airmf", "a (2).airmf", "a (4).airmf"):
        (tmp_path / name).write_bytes(b"")
    assert free_name(tmp_path / "a.airmf") == tmp_path / "a (3).airmf"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_dangling_link_counts_as_taken(tmp_path):
    (tmp_path / "a.airmf").symlink_to(tmp_path / "gone")
    assert free_name(tmp_path / "a.airmf") == tmp_path / "a (2).airmf"


def test_a_folder_counts_as_taken(tmp_path):
    (tmp_path / "a.airmf").mkdir()
    assert free_name(str(tmp_path / "a.airmf")) == tmp_path / "a (2).airmf"


@pytest.mark.parametrize("given", ["", ".", "/", "folder/"])
def test_a_path_that_names_no_file_is_left_as_given(tmp_path, monkeypatch, given):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    assert free_name(given) == Path(given)
