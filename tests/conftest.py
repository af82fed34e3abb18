"""Shared fixtures: paths to the real corpus and seeds, real indexes in temp dirs (each built
once per session by ``build_archive``), and Flask test clients over them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask.testing import FlaskClient

if TYPE_CHECKING:
    from archive import Archive

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real corpus in ../shared/corpus (read in place, never copied)."""
    if not CORPUS.is_dir():
        pytest.fail(f"real corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return next(SEEDS.glob("*.txt"))


MARKET_REPORT = """某某县市场监督管理局2023年度法治政府建设情况报告
日期:2024-02-01 来源:某某县市场监管局

一、主要成效
（一）加强执法监管
全年开展执法检查88次，罚款3.5万元，评定A级企业12家。
依据《条例》第3条，对１９８８年建成的老旧市场开展专项整治。
二、存在问题
执法力量相对较弱，执法质量有待提高。
三、下一步工作
下一步将继续开展“安全生产月”活动。

某某县市场监督管理局
2024年2月1日
"""


@pytest.fixture(scope="session")
def market_report() -> str:
    """A small hand-written report of the seed genre, not taken from ../shared."""
    return MARKET_REPORT


def build_archive(tmp_path_factory: pytest.TempPathFactory, name: str, reports: dict[str, str],
                  with_seeds: bool = True) -> "Archive":  # fmt: skip
    """A real index in a temp dir holding seeds/ (unless not ``with_seeds``) and the hand-written
    ``reports`` ({file name: text})."""
    from archive import Archive

    folder = tmp_path_factory.mktemp(f"{name}-reports")
    for filename, text in reports.items():
        (folder / filename).write_text(text, encoding="utf-8")
    archive = Archive(tmp_path_factory.mktemp(f"{name}-index"))
    summary = archive.ingest([SEEDS, folder] if with_seeds else [folder])
    assert summary.ok and len(summary.added) == with_seeds + len(reports), summary
    return archive


def client_of(archive: "Archive") -> FlaskClient:
    """A Flask test client of the web app over ``archive``'s index."""
    from web import create_app

    return create_app({"INDEX_DIR": archive.index_dir, "TESTING": True}).test_client()


@pytest.fixture(scope="session")
def seed_archive(tmp_path_factory: pytest.TempPathFactory) -> "Archive":
    """A real index in a temp dir holding seeds/ and one hand-written report."""
    return build_archive(tmp_path_factory, "seed", {"market.txt": MARKET_REPORT})


def corpus_sample(corpus: Path) -> list[Path]:
    """A fixed sample of every genre in the real corpus, a few MB in all."""
    import random

    rng = random.Random(20261129)

    def some(folder: str, pattern: str, count: int) -> list[Path]:
        files = sorted(p for p in (corpus / folder).rglob(pattern) if not p.name.startswith("_"))
        return files if len(files) <= count else sorted(rng.sample(files, count))

    return [
        *some("pingtan_zwgk_selected", "*.txt", 100),
        *some("gwr_provincial_2026", "*.txt", 100),
        *some("gwr_national_govcn2006_gbk_raw", "*.txt", 100),
        *some("gwr_national_wikisource", "*.txt", 12),
        *some("cpc_congress_reports_wikisource", "*.txt", 4),
        *some("lawrefbook_laws", "*.md", 15),
        *some("mfa_press_conferences_scio", "*.txt", 15),
    ]


@pytest.fixture(scope="session")
def corpus_archive(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> "Archive":
    """A real index in a temp dir over ``corpus_sample`` (read in place)."""
    from archive import Archive

    archive = Archive(tmp_path_factory.mktemp("corpus-index"))
    summary = archive.ingest(corpus_sample(corpus))
    assert summary.ok, summary.failed
    return archive


# --- the web front end ---------------------------------------------------------

HOSTILE_REPORT = """某某市生态环境局2022年度工作总结
日期:2023-01-20 来源:某某市生态环境局

一、主要工作
（一）执法检查
全年开展执法检查120次，<script>window.__xss=1</script>罚款"><img src=x onerror="window.__xss=2">。
=HYPERLINK("http://example.invalid","点击")是一段以等号开头的原文。
二、下一步计划
继续加强执法，推进“安全生产月”活动。
"""


@pytest.fixture(scope="session")
def web_archive(tmp_path_factory: pytest.TempPathFactory) -> "Archive":
    """A real index for the web tests: seeds/, the market report, and a report whose text
    holds HTML and a spreadsheet formula (three agencies, years and two types in all)."""
    return build_archive(tmp_path_factory, "web", {"market.txt": MARKET_REPORT, "hostile.txt": HOSTILE_REPORT})


@pytest.fixture(scope="session")
def client(web_archive: "Archive") -> FlaskClient:
    """The web app over ``web_archive``."""
    return client_of(web_archive)


# --- the auditor tools ------------------------------------------------------------

MARKET_REPORT_2024 = """某某县市场监管局2024年度法治政府建设情况报告
日期:2025-01-20 来源:某某县市场监管局

一、主要成效
（一）加强执法监管
全年开展执法检查102次，罚款5.2万元，评定A级企业15家。
组织“安全生产月”活动，参与群众1200人次。
二、存在问题
执法人员培训不足，案卷质量有待提高。
三、2025年工作计划
力争全年开展执法检查120次以上。
我局将进一步规范行政处罚程序，执法检查与“双随机”抽查相结合。
"""


@pytest.fixture(scope="session")
def audit_archive(tmp_path_factory: pytest.TempPathFactory) -> "Archive":
    """A real index for the auditor tools: seeds/, and two years of one agency signing its
    name two ways (某某县市场监督管理局 2023, 某某县市场监管局 2024)."""
    return build_archive(tmp_path_factory, "audit", {"market-2023.txt": MARKET_REPORT,
                                                      "market-2024.txt": MARKET_REPORT_2024})


@pytest.fixture(scope="session")
def audit_client(audit_archive: "Archive") -> FlaskClient:
    """The web app over ``audit_archive``."""
    return client_of(audit_archive)


NATIONAL_YEARS = (2024, 2025)


@pytest.fixture(scope="session")
def national_archive(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> "Archive":
    """A real index over the national government work reports of ``NATIONAL_YEARS`` (read in
    place): the compare page of the later one lists 300-400 promises and as many new ones."""
    from archive import Archive

    archive = Archive(tmp_path_factory.mktemp("national-index"))
    folder = corpus / "gwr_national_wikisource"
    summary = archive.ingest([folder / f"{year}年中华人民共和国国务院政府工作报告.txt" for year in NATIONAL_YEARS])
    assert summary.ok, summary.failed
    return archive


def national_id(archive: "Archive", year: int = NATIONAL_YEARS[-1]) -> str:
    """The id of the national report of ``year`` in ``national_archive``."""
    return next(hit.id for hit in archive.search(f"year:{year} 政府工作报告", limit=5).results if hit.year == year)


# --- browsing -------------------------------------------------------------------------

BROWSE_OFFICES = ("财政", "教育", "民政", "司法", "水利", "农业农村", "商务", "文化和旅游", "卫生健康", "审计", "统计",
                  "林业", "医疗保障", "自然资源")  # fmt: skip
LINKED_REPORT = """标题: 某某区统计局2023年工作总结
发布时间: 2024-01-10
文号: 某统〔2024〕1号
发布机构: 某某区统计局
栏目: 工作进展情况
原文链接: https://www.example.gov.cn/zwgk/202401/t20240110_1.htm
本地目录: zwgk/1_某某区统计局2023年工作总结
页面链接与图片详见 links.tsv(同目录)
==================== 正文 ====================
一、主要工作 全年开展统计执法检查12次，罚款3万元。二、下一步工作 下一步将继续开展统计督察。
"""


def yearly_report(index: int) -> tuple[str, str]:
    """The file name and text of the ``index``-th of the browse archive's one-office reports."""
    office, year = BROWSE_OFFICES[index], 1954 + 4 * index
    text = (f"某某县{office}局{year}年度工作总结\n日期:{year + 1}-01-15 来源:某某县{office}局\n\n"
            f"一、主要工作\n全年开展执法检查{10 + index}次，罚款{index}万元。\n")  # fmt: skip
    return f"{year}-{index}.txt", text


@pytest.fixture(scope="session")
def browse_archive(tmp_path_factory: pytest.TempPathFactory) -> "Archive":
    """A real index for browsing: 14 offices' reports, one each, of years 1954–2006 (more
    values per facet than a facet shows at once), and a report in the pingtan archiver's
    header style with a 文号 and an original link (原文链接); no seeds."""
    reports = dict(yearly_report(index) for index in range(len(BROWSE_OFFICES)))
    return build_archive(tmp_path_factory, "browse", {**reports, "linked.txt": LINKED_REPORT}, with_seeds=False)


@pytest.fixture(scope="session")
def browse_client(browse_archive: "Archive") -> FlaskClient:
    """The web app over ``browse_archive``."""
    return client_of(browse_archive)
