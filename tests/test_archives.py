"""Zip archives are judged from their directory before anything is inflated."""

from __future__ import annotations

import zipfile

import pytest

from dialogtool import archives
from dialogtool.archives import archive_problem, open_checked
from dialogtool.errors import ExchangeError


def archive(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return zipfile.ZipFile(path)


def test_an_ordinary_archive_passes(tmp_path):
    with archive(tmp_path / "a.zip", {"project.qde": b"<Project/>" * 1000, "sources/a.txt": "å".encode() * 5000}) as a:
        assert archive_problem(a) is None


def test_too_much_uncompressed_data_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UNCOMPRESSED", 2 * 2**20)
    with archive(tmp_path / "a.zip", {"a.txt": bytes(range(256)) * 5000, "b.txt": bytes(range(256)) * 5000}) as a:
        assert archive_problem(a) == "den packas upp till 2.4 MB (högst 2 MB)"


def test_too_many_members_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_MEMBERS", 3)
    with archive(tmp_path / "a.zip", {f"{n}.txt": b"x" for n in range(4)}) as a:
        assert archive_problem(a) == "den innehåller 4 filer (högst 3)"


def test_a_file_that_is_no_zip_names_the_fix(tmp_path):
    (tmp_path / "a.qdpx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(ExchangeError) as error:
        open_checked(tmp_path / "a.qdpx", ExchangeError, "export it again")
    assert str(error.value) == f"{tmp_path / 'a.qdpx'}: är inget zip-arkiv, som formatet kräver; export it again."
