"""Fuzzing ingest: whatever a file holds or is, no crash, one clear reason per bad file, every good file in."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import Archive
from archive.parsing.readers import MAX_TEXT_CHARS

GOOD = "某县审计局2024年度工作总结\n一、主要成效\n全年完成审计项目{n}个，查出问题金额{n}万元。\n"
GOOD_COUNT = 3


def good_files(folder: Path) -> None:
    for n in range(GOOD_COUNT):
        (folder / f"good{n}.txt").write_text(GOOD.format(n=n + 11), encoding="utf-8")


def assert_outcome(archive: Archive, summary, bad: set[str]) -> None:
    """The good files are in, each bad file has exactly one non-empty reason, and nothing else failed."""
    failed = {Path(path).name: reason for path, reason in summary.failed}
    assert len(failed) == len(summary.failed)  # one reason per file
    assert set(failed) == bad, summary.failed
    assert all(reason and "internal error" not in reason for reason in failed.values()), failed
    for n in range(GOOD_COUNT):
        assert archive.search(f"审计项目{n + 11}个").total_documents == 1


@st.composite
def damaged_text(draw: st.DrawFn) -> bytes:
    """Report text in some encoding, maybe cut anywhere, maybe with bytes flipped or inserted."""
    text = draw(st.sampled_from([GOOD.format(n=7), "标题\n" + "执法检查罚款" * 50, "", "　\n\t"]))
    text += draw(st.text(max_size=60))
    encoding = draw(st.sampled_from(["utf-8", "gbk", "gb18030", "utf-16", "utf-8-sig"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]  # truncated, maybe inside a character
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.one_of(damaged_text(), st.binary(max_size=300)), min_size=1, max_size=4),
       suffixes=st.lists(st.sampled_from([".txt", ".md", ".html", ".htm", ".docx", ".pdf"]), min_size=4, max_size=4))  # fmt: skip
def test_random_and_damaged_files_never_crash_ingest(tmp_path_factory, contents: list[bytes], suffixes) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    good_files(folder)
    for number, (data, suffix) in enumerate(zip(contents, suffixes)):
        (folder / f"fuzz{number}{suffix}").write_bytes(data)
    archive = Archive(folder / "index")
    summary = archive.ingest([folder])
    names = {f"fuzz{n}{s}" for n, s in zip(range(len(contents)), suffixes)}
    failed = {Path(path).name for path, _ in summary.failed}
    assert failed <= names
    assert_outcome(archive, summary, failed)
    ingested = len(summary.added) - GOOD_COUNT
    assert ingested + len(failed) == len(names)  # every file is in (maybe as a copy of another) or failed


def test_hand_made_bad_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    good_files(docs)
    text = GOOD.format(n=99).encode("utf-8")
    cases = {
        "empty.txt": b"",
        "blank.md": b" \n\t\r\n\xe3\x80\x80\n",
        "nul.txt": text[:20] + b"\x00\x00" + text[20:],
        "cut-utf8.txt": "执法".encode("utf-8")[:-1],
        "cut-gbk.txt": "执法".encode("gbk")[:-1],
        "utf16-odd.txt": codecs.BOM_UTF16_LE + "执法检查".encode("utf-16-le")[:-1],
        "random.txt": os.urandom(4096),
        "random.docx": os.urandom(4096),
        "random.pdf": b"%PDF-1.7\n" + os.urandom(4096),
        "empty.docx": b"",
        "empty.pdf": b"",
        "empty.html": b"",
        "scripts-only.html": b"<html><script>var a = 1;</script></html>",
    }
    for name, data in cases.items():
        (docs / name).write_bytes(data)
    archive = Archive(tmp_path / "index")
    summary = archive.ingest([docs])
    assert_outcome(archive, summary, set(cases))


def test_a_50_mb_single_line_file_is_refused_clearly(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    good_files(docs)
    with open(docs / "huge.txt", "wb") as file:
        line = "执法检查罚款一万元，".encode("utf-8") * 1000
        for _ in range(50 * 1024 * 1024 // len(line)):
            file.write(line)
    assert (docs / "huge.txt").stat().st_size > 4 * MAX_TEXT_CHARS
    archive = Archive(tmp_path / "index")
    summary = archive.ingest([docs])
    assert_outcome(archive, summary, {"huge.txt"})
    assert "文件过大" in summary.failed[0][1]


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    good_files(docs)
    (docs / "device.txt").symlink_to("/proc/self/mem")  # unreadable even for root: EIO
    os.mkfifo(docs / "fifo.txt")  # would block a plain read forever
    (docs / "dangling.txt").symlink_to(docs / "nowhere.txt")
    (docs / "loop-a.txt").symlink_to(docs / "loop-b.txt")
    (docs / "loop-b.txt").symlink_to(docs / "loop-a.txt")
    (docs / "subdir").mkdir()
    (docs / "subdir" / "up").symlink_to(docs)  # a folder loop
    bad = {"device.txt", "fifo.txt", "dangling.txt", "loop-a.txt", "loop-b.txt"}
    if os.geteuid() != 0:  # root reads files whatever their mode
        (docs / "secret.txt").write_text(GOOD.format(n=5), encoding="utf-8")
        (docs / "secret.txt").chmod(0)
        bad.add("secret.txt")
    archive = Archive(tmp_path / "index")
    summary = archive.ingest([docs])
    assert_outcome(archive, summary, bad)
    assert archive.stats()["reports"] == GOOD_COUNT


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list any folder; the unlistable case needs another user")
def test_a_folder_that_cannot_be_listed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "closed").mkdir(parents=True)
    good_files(docs)
    (docs / "closed").chmod(0)
    try:
        summary = Archive(tmp_path / "index").ingest([docs])
    finally:
        (docs / "closed").chmod(stat.S_IRWXU)
    assert [Path(path).name for path, _ in summary.failed] == ["closed"]


def test_file_names_with_odd_characters(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    names = ["空 格.txt", "line\nbreak.txt", "引号'\"`$(x).md", "emoji😀.txt", "-starts-with-dash.txt", "x" * 200 + ".txt"]
    for number, name in enumerate(names):
        (docs / name).write_text(GOOD.format(n=number + 11), encoding="utf-8")
    not_utf8 = os.fsencode(docs) + b"/gbk-" + "报告".encode("gbk") + b".txt"  # a name in GBK bytes
    with open(not_utf8, "wb") as file:
        file.write(GOOD.format(n=77).encode("utf-8"))
    archive = Archive(tmp_path / "index")
    summary = archive.ingest([docs])
    assert summary.ok and len(summary.added) == len(names) + 1
    [hit] = archive.search("审计项目77个").results
    assert hit.source.startswith(str(docs)) and "\ufffd" in hit.source  # shown with U+FFFD for the GBK bytes
    [path] = archive.provenance(hit.id)["sources"]
    assert path == hit.source
    again = archive.ingest([docs])
    assert len(again.unchanged) == len(names) + 1  # found again by its real bytes
    assert archive.check([docs]).ok
