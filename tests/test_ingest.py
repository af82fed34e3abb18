"""Ingest: encodings, broken files, re-ingest and replace, locking, crash safety."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import Archive
from archive import IndexLocked, IndexMissing
from archive.ingest.walk import iter_files

BODY = "某区应急管理局2024年度工作总结\n一、主要成效\n全年开展执法检查206次，罚款16.97万元。\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", BODY.encode("utf-8")),
        ("utf8-bom.txt", codecs.BOM_UTF8 + BODY.encode("utf-8")),
        ("gbk.txt", BODY.encode("gbk")),
        ("gb18030.txt", BODY.encode("gb18030")),
        ("utf16.txt", BODY.encode("utf-16")),
        ("utf16-be.txt", codecs.BOM_UTF16_BE + BODY.encode("utf-16-be")),
        ("crlf.md", BODY.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encodings_are_detected(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    archive = Archive(tmp_path / "index")
    summary = archive.ingest([tmp_path / name])
    assert summary.ok and len(summary.added) == 1
    [hit] = archive.search("执法检查206次").results
    assert hit.passages[0].text == "全年开展执法检查206次，罚款16.97万元。"


def test_broken_files_are_reported_and_the_rest_ingested(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(BODY, encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (docs / "broken.txt").write_bytes(b"\xe6\x89\xa7\xff\xfe" * 50 + BODY.encode("utf-8"))
    (docs / "unsupported.pdfx").write_text(BODY, encoding="utf-8")  # not picked up from a folder
    archive = Archive(tmp_path / "index")
    summary = archive.ingest([docs, tmp_path / "missing.txt"])
    assert [Path(p).name for p in summary.added] == ["good.txt"]
    reasons = {Path(p).name: reason for p, reason in summary.failed}
    assert set(reasons) == {"empty.txt", "binary.txt", "broken.txt", "missing.txt"}
    assert "空" in reasons["empty.txt"] and "二进制" in reasons["binary.txt"] and "编码" in reasons["broken.txt"]
    assert archive.search("执法检查").total_documents == 1


def test_reingest_unchanged_does_nothing_and_changed_replaces(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(BODY, encoding="utf-8")
    archive = Archive(tmp_path / "index")
    assert len(archive.ingest([path]).added) == 1
    again = archive.ingest([path])
    assert len(again.unchanged) == 1 and not again.added and not again.updated
    path.write_text(BODY.replace("206次", "307次"), encoding="utf-8")
    changed = archive.ingest([path])
    assert len(changed.updated) == 1
    assert archive.search("执法检查307次").total_documents == 1
    assert archive.search("执法检查206次").total_documents == 0
    assert archive.stats()["reports"] == 1


def test_symbolic_links_are_read_like_files(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "r.txt").write_text(BODY, encoding="utf-8")
    links = tmp_path / "links"
    links.mkdir()
    (links / "linked.txt").symlink_to(real / "r.txt")
    (links / "loop").symlink_to(links)  # a loop must not hang the walk
    assert [p.name for p in iter_files([links])] == ["linked.txt"]
    assert len(Archive(tmp_path / "index").ingest([links]).added) == 1


def test_folder_walk_skips_index_files_and_hidden_files(corpus: Path) -> None:
    names = [p.name for p in iter_files([corpus / "gwr_provincial_2026"])]
    assert len(names) == 28 and not any(n.startswith(("_", ".")) for n in names)


def test_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(BODY, encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path / "r.txt"])
    with archive.store.write():  # another writer holds the lock
        with pytest.raises(IndexLocked, match="另一个导入进程"):
            archive.ingest([tmp_path / "r.txt"])


def test_remove_takes_the_write_lock_and_a_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(BODY, encoding="utf-8")
    archive = Archive(tmp_path / "index")
    with pytest.raises(IndexMissing, match="索引不存在"):
        archive.search("执法检查")
    archive.ingest([tmp_path / "r.txt"])
    [hit] = archive.search("执法检查206次").results
    with archive.store.write():  # an ingest holds the lock
        with pytest.raises(IndexLocked, match="另一个导入进程"):
            archive.remove(hit.id)
    assert archive.remove(hit.id) and archive.search("执法检查206次").total_documents == 0


def test_an_ingest_that_dies_leaves_the_last_commit_searchable(tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text(BODY, encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([first])
    second = tmp_path / "second.txt"
    second.write_text(BODY.replace("206次", "555次"), encoding="utf-8")
    # A real process that adds a report and is killed before it commits.
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from archive.model import Record\n"
        "from archive.parsing.parse import read_report\n"
        "from archive.statements.labels import extract_statements\n"
        "from archive.store.layout import to_document\n"
        "from archive.store.schema import open_index\n"
        "p = Path(sys.argv[2])\n"
        "r = read_report(p, p.read_bytes())\n"
        "w = open_index(Path(sys.argv[1])).writer()\n"
        "w.add_document(**to_document(r, extract_statements(r), Record(r.id, r.sha256, [r.source])))\n"
        "os.kill(os.getpid(), 9)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(archive.index_dir), str(second)])
    assert result.returncode == -9
    assert archive.search("执法检查206次").total_documents == 1
    assert archive.search("执法检查555次").total_documents == 0
    summary = archive.ingest([first, second])  # the lock died with the process
    assert len(summary.added) == 1 and len(summary.unchanged) == 1
    assert archive.search("执法检查555次").total_documents == 1


def test_private_use_characters_in_valid_utf8_are_text(tmp_path: Path) -> None:
    # Real laws in the corpus carry rare glyphs in the private-use area (e.g. U+E5F9).
    path = tmp_path / "law.md"
    path.write_text("# 某条例\n\n第一条 " + "\ue5f9" * 20 + "为了促进科技成果转化，制定本条例。\n", encoding="utf-8")
    archive = Archive(tmp_path / "index")
    assert archive.ingest([path]).ok
    assert archive.search("促进科技成果转化").total_documents == 1


def test_files_are_dealt_into_batches_in_turn() -> None:
    """Each batch gets every n-th file, so every worker gets the same mix of sources; the limits hold."""
    from archive.model import Record
    from archive.ingest.run import batches
    from archive.ingest.plan import Job

    jobs = [Job(Record(f"id{n}", f"sha{n}", [f"/docs/{n:02}.txt"]), size, {}) for n, size in enumerate([5, 1] * 6)]
    dealt = batches(jobs, files=100, size=18)  # 36 bytes: two batches
    assert [[job.path[-6:-4] for job in batch] for batch in dealt] == [
        ["00", "02", "04", "06", "08", "10"], ["01", "03", "05", "07", "09", "11"]]
    assert [len(batch) for batch in batches(jobs, files=4, size=1000)] == [4, 4, 4]
