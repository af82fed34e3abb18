"""The command line: ``report-archive ingest|search|show|stats|remove``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .api import INDEX_ENV, Archive, default_index_dir
from .ingest import IngestLocked, IngestSummary
from .query import QueryError
from .search import MAX_LIMIT, SORTS, SearchResponse

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=INDEX_ENV,
    default=None,
    help=f"Index folder (default: ${INDEX_ENV} or index/ in the project).",
)


def _archive(index_dir: Path | None) -> Archive:
    return Archive(index_dir or default_index_dir())


def _ready_archive(index_dir: Path | None) -> Archive:
    """The archive, built from seeds/ first if it has no index yet."""
    archive = _archive(index_dir)
    if not archive.exists:
        click.echo(f"No index at {archive.index_dir}: building it from seeds/ …", err=True)
        summary = archive.ensure_built()
        if summary is not None:
            _echo_summary(summary)
    return archive


@click.group()
@click.version_option(package_name="report-archive")
def main() -> None:
    """报告检索库 Report Archive: full-text search of Chinese government reports."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option("--verbose", "-v", is_flag=True, help="Print one line per file.")
def ingest(paths: tuple[Path, ...], index_dir: Path | None, verbose: bool) -> None:
    """Add or update the reports in PATHS (files or folders, walked recursively)."""

    def progress(path: str, outcome: str) -> None:
        if verbose or outcome.startswith("failed"):
            click.echo(f"{outcome:>9}  {path}", err=True)

    try:
        summary = _archive(index_dir).ingest(paths, progress)
    except IngestLocked as error:
        raise click.ClickException(str(error)) from None
    _echo_summary(summary)
    if not summary.ok:
        sys.exit(1)


def _echo_summary(summary: IngestSummary) -> None:
    click.echo(
        f"added {len(summary.added)}, updated {len(summary.updated)}, "
        f"unchanged {len(summary.unchanged)}, failed {len(summary.failed)}",
        err=True,
    )
    for path, reason in summary.failed:
        click.echo(f"  failed: {path}: {reason}", err=True)


@main.command()
@click.argument("query")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, MAX_LIMIT), help="Results per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page number.")
@click.option("--sort", default="relevance", show_default=True, type=click.Choice(SORTS), help="Order of results.")
def search(query: str, index_dir: Path | None, as_json: bool, limit: int, page: int, sort: str) -> None:
    """Search for QUERY (see the README for the syntax)."""
    try:
        response = _ready_archive(index_dir).search(query, limit=limit, page=page, sort=sort)
    except QueryError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(response.to_dict(), ensure_ascii=False, indent=2))
    else:
        _echo_response(response)


def _echo_response(response: SearchResponse) -> None:
    if response.partial:
        click.echo("没有同时包含全部检索词的报告；以下是部分匹配的结果。")
    click.echo(f"{response.total_documents} 篇报告（第 {response.page} 页，用时 {response.took_ms} ms）")
    for hit in response.results:
        meta = " · ".join(str(v) for v in (hit.agency, hit.date or hit.year, hit.type) if v)
        click.echo(f"\n[{hit.id}] {click.style(hit.title, bold=True)}  {meta}")
        for passage in hit.passages:
            if passage.section:
                click.echo(f"  {passage.section}")
            click.echo(f"  ¶{passage.paragraph}: {_styled(passage.html)}")


def _styled(html: str) -> str:
    """Passage HTML as terminal text: marks in reverse video, entities unescaped."""
    from html import unescape

    parts = html.replace("</mark>", "<mark>").split("<mark>")
    return "".join(click.style(unescape(p), reverse=True) if i % 2 else unescape(p) for i, p in enumerate(parts))


@main.command()
@click.argument("doc_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def show(doc_id: str, index_dir: Path | None, as_json: bool) -> None:
    """Show the report DOC_ID: metadata and text with heading paths."""
    report = _ready_archive(index_dir).get(doc_id)
    if report is None:
        raise click.ClickException(f"没有编号为 {doc_id} 的报告。")
    if as_json:
        click.echo(json.dumps(_report_dict(report), ensure_ascii=False, indent=2))
        return
    click.echo(click.style(report.title, bold=True))
    for label, value in (("机构", report.agency), ("年度", report.year), ("日期", report.date),
                         ("类型", report.doc_type), ("地区", report.region), ("文号", report.doc_number),
                         ("来源", report.source)):
        if value:
            click.echo(f"{label}: {value}")
    for ordinal, paragraph in enumerate(report.paragraphs, start=1):
        text = click.style(paragraph.text, bold=True) if paragraph.is_heading else paragraph.text
        click.echo(f"\n¶{ordinal} {text}")


def _report_dict(report: Any) -> dict[str, Any]:
    return {
        "id": report.id, "title": report.title, "agency": report.agency, "year": report.year,
        "date": report.date, "type": report.doc_type, "region": report.region,
        "doc_number": report.doc_number, "source": report.source, "sha256": report.sha256,
        "paragraphs": [
            {"paragraph": i, "section": list(p.section), "heading_level": p.heading_level, "text": p.text}
            for i, p in enumerate(report.paragraphs, start=1)
        ],
    }


@main.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(index_dir: Path | None, as_json: bool) -> None:
    """Show what the archive holds."""
    info = _ready_archive(index_dir).stats()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    for key, value in info.items():
        click.echo(f"{key}: {value}")


@main.command()
@click.argument("doc_id")
@index_option
def remove(doc_id: str, index_dir: Path | None) -> None:
    """Remove the report DOC_ID from the index."""
    archive = _archive(index_dir)
    if not archive.exists:
        raise click.ClickException(f"索引不存在：{archive.index_dir}")
    if not archive.remove(doc_id):
        raise click.ClickException(f"没有编号为 {doc_id} 的报告。")
    click.echo(f"removed {doc_id}")
