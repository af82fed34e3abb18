"""Identity that survives moves and edits: ids from content, versions of edited files,
paragraph anchors, and the original's link, on real indexes in temp dirs."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from archive import Archive
from tests.conftest import SEEDS, client_of

REPORT = """某某县应急管理局2023年度法治政府建设情况报告
日期:2024-01-16 来源:某某县应急管理局

一、主要成效
全年开展安全生产执法检查312次，罚款86.5万元。
二、下一步工作
下一步将继续加强执法队伍建设。
"""
EDITED = REPORT.replace("312次", "318次")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _id_of(path: Path) -> str:
    """A report's id: the first 12 hex digits of its file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _only_id(archive: Archive, query: str, **options: bool) -> list[str]:
    return [hit.id for hit in archive.search(query, **options).results]


def test_the_id_depends_on_the_content_not_the_path(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("*.txt"))
    first = tmp_path / "a" / seed.name
    first.parent.mkdir()
    shutil.copy(seed, first)
    other = tmp_path / "elsewhere" / "renamed.txt"
    other.parent.mkdir()
    shutil.copy(seed, other)
    one, two = Archive(tmp_path / "index-1"), Archive(tmp_path / "index-2")  # two machines
    assert one.ingest([first]).ok and two.ingest([other]).ok
    ids = _only_id(one, "三元区应急管理局"), _only_id(two, "三元区应急管理局")
    assert ids[0] == ids[1] == [_id_of(seed)]
    # moved within one index: the report keeps its id and gains the new path
    moved = tmp_path / "moved" / seed.name
    moved.parent.mkdir()
    first.rename(moved)
    assert one.ingest([moved]).ok and one.ingest([tmp_path / "a"], prune=True).ok
    assert _only_id(one, "三元区应急管理局") == ids[0]
    assert one.provenance(ids[0][0])["sources"] == [str(moved)]


def test_an_edited_file_makes_a_new_version_and_the_old_stays_readable(tmp_path: Path) -> None:
    source = _write(tmp_path / "reports" / "report.txt", REPORT)
    archive = Archive(tmp_path / "index")
    archive.ingest([source])
    (old_id,) = _only_id(archive, "执法检查")
    old = archive.get(old_id)
    _write(source, EDITED)
    summary = archive.ingest([source])
    assert summary.updated == [str(source)]
    (new_id,) = _only_id(archive, "执法检查")  # search shows the current version only
    assert new_id != old_id
    assert _only_id(archive, "312次") == [] and archive.count("312次") == 0
    assert set(_only_id(archive, "执法检查", all_versions=True)) == {old_id, new_id}
    assert archive.count("312次", all_versions=True) == 1
    kept = archive.get(old_id)  # the old version, as it was, anchors and all
    assert kept is not None and kept.superseded_by == new_id
    assert [p.text for p in kept.paragraphs] == [p.text for p in old.paragraphs]
    assert archive.current_version(old_id) == archive.current_version(new_id) == new_id
    assert archive.stats()["reports"] == 1
    # edited again: the first version points on to the newest
    _write(source, EDITED.replace("86.5万元", "90万元"))
    archive.ingest([source])
    (newest,) = _only_id(archive, "执法检查")
    assert archive.current_version(old_id) == newest
    # and a rebuild keeps the old versions
    archive.rebuild()
    assert set(_only_id(archive, "执法检查", all_versions=True)) == {old_id, new_id, newest}
    assert archive.get(old_id).paragraphs == kept.paragraphs


def test_reverting_an_edit_makes_the_old_version_current_again(tmp_path: Path) -> None:
    source = _write(tmp_path / "reports" / "report.txt", REPORT)
    archive = Archive(tmp_path / "index")
    archive.ingest([source])
    (first,) = _only_id(archive, "执法检查")
    _write(source, EDITED)
    archive.ingest([source])
    (second,) = _only_id(archive, "执法检查")
    _write(source, REPORT)
    archive.ingest([source])
    assert _only_id(archive, "执法检查") == [first]
    assert archive.current_version(second) == first and archive.get(first).superseded_by is None


def test_the_web_page_of_an_old_version_links_to_the_current_one(tmp_path: Path) -> None:
    source = _write(tmp_path / "reports" / "report.txt", REPORT)
    archive = Archive(tmp_path / "index")
    archive.ingest([source])
    (old_id,) = _only_id(archive, "执法检查")
    _write(source, EDITED)
    archive.ingest([source])
    (new_id,) = _only_id(archive, "执法检查")
    client = client_of(archive)
    old_page = client.get(f"/documents/{old_id}").get_data(as_text=True)
    assert "此为旧版本" in old_page and f"/documents/{new_id}" in old_page
    assert 'id="p-2"' in old_page  # paragraph anchors of the version stay
    assert "此为旧版本" not in client.get(f"/documents/{new_id}").get_data(as_text=True)
    assert client.get(f"/api/documents/{old_id}").get_json()["current_version"] == new_id
    found = client.get("/api/search", query_string={"q": "312次", "versions": "all"}).get_json()
    assert [hit["id"] for hit in found["results"]] == [old_id]
    assert client.get("/api/search", query_string={"q": "312次"}).get_json()["results"] == []


def test_the_catalog_records_the_originals_link(corpus: Path, tmp_path: Path) -> None:
    pingtan = next((corpus / "pingtan_zwgk_selected").rglob("83454_*.txt"))
    briefing = corpus / "mfa_press_conferences_scio" / "2005-03-03.txt"
    page = _write(tmp_path / "page.html", """<html><head><meta charset="utf-8">
<link rel="canonical" href="https://www.example.gov.cn/zwgk/t20240129_1.htm"><title>x</title></head><body><article>
<h1>某某市统计局2023年政府信息公开工作年度报告</h1>
<p>2023年，我局共主动公开政府信息218条，其中统计数据发布96条，统计分析报告42篇，全年未收到政府信息公开申请。</p>
<p>下一步将加强统计数据解读，提升公开质量，确保信息公开及时准确，方便群众查阅。</p></article></body></html>""")
    archive = Archive(tmp_path / "index")
    assert archive.ingest([pingtan, briefing, page]).ok
    links = {path.name: archive.get(_id_of(path)).source_url for path in (pingtan, briefing, page)}
    assert links == {
        pingtan.name: "https://www.pingtan.gov.cn/zwgk/ghxx/gzjzqk/202312/t20231219_83454.htm",
        briefing.name: "http://www.scio.gov.cn/xwfbh/gbwxwfbh/xwfbh/wjb/Document/312475/312475.htm",
        "page.html": "https://www.example.gov.cn/zwgk/t20240129_1.htm",
    }
    html = client_of(archive).get(f"/documents/{_id_of(pingtan)}").get_data(as_text=True)
    assert "原文链接" in html and 'href="https://www.pingtan.gov.cn/zwgk/ghxx/gzjzqk/202312/t20231219_83454.htm"' in html


def test_rebuild_turns_an_index_of_the_older_kind_into_this_kind(tmp_path: Path) -> None:
    """An index made before versions and links (without their fields) is refused with
    "rebuild", and ``rebuild`` then works on it."""
    import pytest
    from whoosh import fields

    from archive import IndexOutdated
    from archive.store.generations import create_first_generation
    from archive.store.schema import SCHEMA

    added = {"type_written", "source_url", "superseded_by", "superseded"}
    create_first_generation(tmp_path / "index", fields.Schema(**{n: SCHEMA[n] for n in SCHEMA.names() if n not in added}))
    archive = Archive(tmp_path / "index")
    with pytest.raises(IndexOutdated, match="rebuild"):
        archive.search("执法")
    assert archive.rebuild([SEEDS]).ok
    assert archive.count("应急管理局") == 1


def test_audit_views_see_current_versions_only(tmp_path: Path) -> None:
    source = _write(tmp_path / "reports" / "report.txt", REPORT)
    archive = Archive(tmp_path / "index")
    archive.ingest([source])
    _write(source, EDITED)
    archive.ingest([source])
    (current,) = _only_id(archive, "执法检查")
    assert {row.id for row in archive.figures("执法检查")} == {current}
    assert [entry.report.id for entry in archive.timeline("某某县应急管理局").reports] == [current]
