"""Output files replace the previous ones in one step, or not at all."""

from __future__ import annotations

import os
import time

import pytest

from dialogtool.errors import OutputError
from dialogtool.files import STAGING_PREFIX, replacing, staged, write_text


def test_a_writer_that_fails_leaves_the_previous_file_and_no_temporary_one(tmp_path):
    (tmp_path / "report.md").write_text("förra", encoding="utf-8")
    with pytest.raises(ValueError):
        with replacing(tmp_path / "report.md") as temporary:
            temporary.write_text("halv", encoding="utf-8")
            raise ValueError("the writer broke")
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "förra"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_replaced_file_gets_ordinary_permissions_and_its_suffix_while_written(tmp_path):
    with replacing(tmp_path / "a.png") as temporary:
        assert temporary.suffix == ".png" and temporary.parent == tmp_path
        temporary.write_bytes(b"png")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.png").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_file_inside_a_missing_directory_gets_its_directory(tmp_path):
    write_text(tmp_path / "citat" / "2025" / "a.md", "text")
    assert (tmp_path / "citat" / "2025" / "a.md").read_text(encoding="utf-8") == "text"


def test_a_read_only_file_is_not_replaced(tmp_path):
    (tmp_path / "a.md").write_text("mine", encoding="utf-8")
    (tmp_path / "a.md").chmod(0o444)
    with pytest.raises(OutputError) as error:
        write_text(tmp_path / "a.md", "new")
    assert str(error.value) == (f"{tmp_path / 'a.md'}: är skrivskyddad eller öppen i ett annat program; stäng den i Word eller "
                                "Excel (eller ta bort skrivskyddet) och kör igen.")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "mine"


def test_a_killed_runs_staging_directory_is_removed_by_the_next_run_and_a_running_ones_kept(tmp_path):
    killed, running = tmp_path / f"{STAGING_PREFIX}killed", tmp_path / f"{STAGING_PREFIX}running"
    killed.mkdir()
    running.mkdir()
    an_hour_ago = time.time() - 7200
    os.utime(killed, (an_hour_ago, an_hour_ago))
    with staged(tmp_path) as staging:
        (staging / "a.csv").write_text("x", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, "a.csv"]
