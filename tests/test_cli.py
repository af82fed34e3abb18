"""The command line, through click's CliRunner, over real indexes in temp dirs."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh import fields

from archive import Archive
from archive.cli import main
from archive.store.generations import create_first_generation
from archive import IndexOutdated
from archive.store.schema import SCHEMA
from web import create_app


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_search_with_no_index_builds_it_from_seeds(tmp_path: Path) -> None:
    index = tmp_path / "index"
    result = run("search", "开展执法检查206次", "--index", str(index), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["total_documents"] == 1 and not data["partial"]
    [hit] = data["results"]
    assert hit["title"] == "三元区应急管理局2024年度法治政府建设情况报告"
    assert "<mark>开展执法检查206次</mark>" in hit["passages"][0]["html"]
    assert "building it from seeds" in result.stderr
    trimmed = run("search", "《开展执法检查206次》", "--index", str(index))
    assert "去掉了这些引号和标点" in trimmed.stdout and "1 篇报告" in trimmed.stdout


def test_ingest_search_show_stats_remove(tmp_path: Path, market_report: str) -> None:
    (tmp_path / "m.txt").write_text(market_report, encoding="utf-8")
    env = {"REPORT_ARCHIVE_INDEX": str(tmp_path / "index")}
    ingested = run("ingest", str(tmp_path / "m.txt"), env=env)
    assert ingested.exit_code == 0 and "added 1" in ingested.stderr

    found = run("search", "罚款3.5万元", env=env)
    assert found.exit_code == 0 and "1 篇报告" in found.stdout and "某某县" in found.stdout
    doc_id = json.loads(run("search", "罚款3.5万元", "--json", env=env).stdout)["results"][0]["id"]

    shown = json.loads(run("show", doc_id, "--json", env=env).stdout)
    assert shown["id"] == doc_id and any("罚款3.5万元" in p["text"] for p in shown["paragraphs"])
    assert "某某县市场监督管理局" in run("show", doc_id, env=env).stdout

    stats = json.loads(run("stats", "--json", env=env).stdout)
    assert stats["reports"] == 1

    assert run("remove", doc_id, env=env).exit_code == 0
    assert run("show", doc_id, env=env).exit_code == 1
    assert run("remove", doc_id, env=env).exit_code == 1


def test_failed_files_give_a_non_zero_exit_and_reasons(tmp_path: Path, market_report: str) -> None:
    (tmp_path / "good.txt").write_text(market_report, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "bad.md").write_bytes(b"\x00\x01\x02" * 100)  # the same bytes: both fail, neither "stored once"
    result = run("ingest", str(tmp_path), "--index", str(tmp_path / "index"))
    assert result.exit_code == 1
    assert "added 1" in result.stderr and "failed 2" in result.stderr and "bad.txt" in result.stderr
    assert "bad.md" in result.stderr and "stored once" not in result.stderr


def test_bad_query_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = run("search", '"执法', "--index", str(tmp_path / "index"))
    assert result.exit_code == 1
    assert "引号不成对" in result.stderr and "Traceback" not in result.output


def test_bytes_that_are_not_utf8_are_a_message(tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    undecodable = os.fsdecode(b"\xff")  # as Python reads such an argument from the command line
    searched = run("search", f"执法{undecodable}", "--index", index)
    assert searched.exit_code == 1 and "无法识别的字符" in searched.stderr
    for command in ("show", "statements", "remove"):
        result = run(command, undecodable, "--index", index)
        assert result.exit_code == 1 and "没有编号为" in result.stderr, command


def test_paging_and_sort_options(tmp_path: Path) -> None:
    result = run("search", "执法", "--index", str(tmp_path / "index"), "--json", "--limit", "1", "--page", "2",
                 "--sort", "date")
    assert result.exit_code == 1 and "没有第 2 页：共 1 篇报告，每页 1 篇，只有 1 页" in result.output  # not a silent zero
    assert run("search", "执法", "--index", str(tmp_path / "index"), "--limit", "0").exit_code == 2


@pytest.mark.parametrize("value", ["٣", "1_0", "２", " 2", "+2"])
def test_option_numbers_are_ascii_digits_only(seed_archive: Archive, value: str) -> None:
    """``--page ٣`` was page 3, ``--limit 1_0`` 10 (click's ``int()``), as the URLs' numbers were."""
    for option in ("--page", "--limit"):
        result = run("search", "执法", "--index", str(seed_archive.index_dir), option, value)
        assert result.exit_code == 2 and f"应为整数（数字 0–9），而不是“{value}”。" in result.output


def test_python_dash_m_entry_point() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "archive", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_an_index_of_an_older_kind_is_a_message_everywhere(tmp_path) -> None:
    """An index whose exact field is of another kind (an older version's) is reported with what to do,
    by the API, every command and the web app, never searched wrongly or with a traceback."""
    old = fields.Schema(**{**{name: SCHEMA[name] for name in SCHEMA.names()}, "exact": fields.TEXT(phrase=True)})
    create_first_generation(tmp_path / "index", old)
    with pytest.raises(IndexOutdated, match="rebuild"):
        Archive(tmp_path / "index").search("执法")
    result = run("search", "执法", "--index", str(tmp_path / "index"))
    assert result.exit_code == 1 and "rebuild" in result.output and "Traceback" not in result.output
    response = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client().get("/api/search?q=执法")
    assert response.status_code == 503 and "rebuild" in response.get_data(as_text=True)


def test_an_index_of_an_older_pairs_layout_asks_for_a_rebuild(tmp_path) -> None:
    """An index whose pairs' postings are of an earlier layout (one value a posting, no group
    marks: its field type pickled without ``layout``) would be read wrongly: it asks for a
    rebuild, which writes the stored reports again in this layout."""
    old_pairs = copy.deepcopy(SCHEMA["pairs"])
    del old_pairs.layout
    create_first_generation(tmp_path / "index", fields.Schema(**{**{name: SCHEMA[name] for name in SCHEMA.names()}, "pairs": old_pairs}))
    with pytest.raises(IndexOutdated, match="rebuild"):
        Archive(tmp_path / "index").search("执法")


def test_an_index_whose_schema_cannot_be_read_says_to_ingest_again(tmp_path, monkeypatch) -> None:
    """An older version's index names field classes this version no longer has."""
    (tmp_path / "gone_fields.py").write_text("from whoosh import fields\n\nclass OldField(fields.TEXT):\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import gone_fields

    schema = fields.Schema(**{**{name: SCHEMA[name] for name in SCHEMA.names()}, "exact": gone_fields.OldField()})
    create_first_generation(tmp_path / "index", schema)
    monkeypatch.delitem(sys.modules, "gone_fields")
    (tmp_path / "gone_fields.py").unlink()
    with pytest.raises(IndexOutdated, match="ingest again"):
        Archive(tmp_path / "index").search("执法")
    result = run("search", "执法", "--index", str(tmp_path / "index"))
    assert result.exit_code == 1 and "ingest again" in result.output and "Traceback" not in result.output


def test_an_index_written_before_the_stage_layout_still_opens(tmp_path, monkeypatch, seed_file) -> None:
    """Indexes of the version before the stage packages pickled the field type and its analysis
    functions under the modules ``archive.index`` and ``archive.analysis``: they open and search
    as before (no rebuild needed for a refactoring)."""
    from whoosh import columns

    from archive.store import schema
    from archive.text import analysis

    for field_type in (schema._CountedField, schema._PositionsField):
        monkeypatch.setattr(field_type, "__module__", "archive.index")
    # (and kept texts in zlib, Whoosh's own column type)
    monkeypatch.setattr(schema.SCHEMA["exact"], "column_type", columns.CompressedBytesColumn(level=6))
    for function in (analysis.char_grams, analysis.word_counts):
        monkeypatch.setattr(function, "__module__", "archive.analysis")
    Archive(tmp_path / "index").ingest([seed_file])
    monkeypatch.undo()
    table = (next((tmp_path / "index" / "live").glob("_MAIN_*.toc"))).read_bytes()
    assert b"archive.index" in table and b"archive.analysis" in table and b"archive.store" not in table
    assert Archive(tmp_path / "index").search("执法检查206次").total_documents == 1


def test_a_file_that_cannot_be_opened_says_why_in_chinese(tmp_path: Path, market_report: str) -> None:
    """A dangling link and a link loop were refused in the system's English only (``No such file or
    directory``, ``Too many levels of symbolic links``)."""
    (tmp_path / "good.txt").write_text(market_report, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    result = run("ingest", str(tmp_path / "good.txt"), str(tmp_path / "gone.txt"), str(tmp_path / "loop.txt"),
                 "--index", str(tmp_path / "index"))  # fmt: skip
    assert result.exit_code == 1 and "added 1" in result.stderr
    assert "gone.txt: 文件不存在" in result.stderr and "loop.txt: 符号链接循环" in result.stderr, result.stderr
