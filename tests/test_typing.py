"""What people type, through the API, the CLI (CliRunner) and the web (test client), over real
reports in a temp index: the seed, the Pingtan reports and four 2026 provincial reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from archive import Archive, QueryError
from archive.cli import main
from web import create_app

PROVINCES = ("上海市", "北京市", "广东省", "海南省")


@pytest.fixture(scope="module")
def archive(corpus: Path, seed_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    files = [seed_file, *sorted((corpus / "pingtan_zwgk_selected").rglob("*.txt")),
             *(corpus / "gwr_provincial_2026" / f"2026_{name}_政府工作报告.txt" for name in PROVINCES)]  # fmt: skip
    archive = Archive(tmp_path_factory.mktemp("typing-index"))
    summary = archive.ingest([f for f in files if not f.name.startswith("_")])
    assert summary.ok, summary.failed
    return archive


@pytest.fixture(scope="module")
def client(archive: Archive) -> FlaskClient:
    return create_app({"INDEX_DIR": archive.index_dir, "TESTING": True}).test_client()


def cli(archive: Archive, *args: str):
    return CliRunner().invoke(main, [*args, "--index", str(archive.index_dir)], catch_exceptions=False)


# --- fields -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("query", "message"),
    [("foo:bar", "不认识的字段“foo:”"), ("执法检查 agency:", "agency: 后面缺少要查找的值")],
)
def test_a_bad_field_is_a_message_everywhere(archive: Archive, client: FlaskClient, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        archive.search(query)
    result = cli(archive, "search", query)
    assert result.exit_code != 0 and message in result.output
    response = client.get("/", query_string={"q": query})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": query})
    assert api.status_code == 400 and message in api.get_data(as_text=True)


def test_a_quoted_field_is_text(archive: Archive) -> None:
    assert archive.search('"foo:bar"').total_documents == 0
    assert archive.search("www.pingtan.gov.cn").total_documents >= 1
