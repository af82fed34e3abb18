"""The command line: ``report-archive ingest|rebuild|check|search|show|stats|remove|statements|figures|series|compare``."""

from __future__ import annotations

import json
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable

import click

from archive import (
    FIGURE_FIELDS, INDEX_ENV, KIND_NAMES, KINDS, LABELS, REASON_LABELS, SORTS, Archive, ArchiveError, IngestSummary,
    QueryError, SearchResponse, Settings, csv_text, display_path, is_typed_number, not_typed_number, printable, progress_for,
)  # fmt: skip

PLUGIN_GROUP = "report_archive.commands"  # where other packages (the web app) register commands

class WholeNumber(click.IntRange):
    """An option's whole number within a range, written in ASCII digits only (``is_typed_number``:
    click's own ``int()`` took ``--page ٣`` as 3 and ``--limit 1_0`` as 10)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not is_typed_number(value):
            self.fail(not_typed_number(value), param, ctx)
        return super().convert(value, param, ctx)


index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=INDEX_ENV,
    default=None,
    help=f"Index folder (default: ${INDEX_ENV} or index/ in the project).",
)
"""The ``--index DIR`` option every command takes (also for commands other packages add)."""


def _archive(index_dir: Path | None, ocr: bool = True) -> Archive:
    settings = Settings.from_env()
    return Archive(index_dir, settings if ocr else settings.replace(ocr=False))


def ready_archive(index_dir: Path | None) -> Archive:
    """The archive, built from seeds/ first if it has no index yet (``search``, ``serve`` …)."""
    archive = _archive(index_dir)
    if not archive.exists:
        click.echo(f"No index at {archive.index_dir}: building it from seeds/ …", err=True)
        summary = archive.ensure_built()
        if summary is not None:
            echo_summary(summary)
    return archive


class _Commands(click.Group):
    """The command group: every ``ArchiveError`` is its message and exit status 1, in every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchiveError as error:
            raise click.ClickException(str(error)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(entry.name for entry in entry_points(group=PLUGIN_GROUP))})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """Our own commands, else one another installed package registers under ``PLUGIN_GROUP``
        (the web app's ``serve``), loaded only when asked for."""
        command = super().get_command(ctx, name)
        if command is None:
            entry = next((entry for entry in entry_points(group=PLUGIN_GROUP) if entry.name == name), None)
            command = entry.load() if entry is not None else None
        return command


@click.group(cls=_Commands)
@click.version_option(package_name="report-archive")
def main() -> None:
    """报告检索库 Report Archive: full-text search of Chinese government reports."""


_wait_option = click.option(
    "--wait", default=0.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
    help="Wait this long for another writer to finish, then give up.",
)  # fmt: skip
_workers_option = click.option(
    "--workers", type=WholeNumber(1), default=None, help="Worker processes (default: one per core).",
)  # fmt: skip
_no_ocr_option = click.option(
    "--no-ocr", is_flag=True,
    help="Skip files that need OCR (scanned PDFs, page images): they are reported as skipped, and read by a later run.",
)
_batch_option = click.option(
    "--batch", default=Settings.batch_files, show_default=True, type=WholeNumber(1),
    help="Commit after at most this many files, so that a run that dies keeps what it had done.",
)  # fmt: skip


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option("--verbose", "-v", is_flag=True, help="Print one line per file.")
@click.option("--prune", is_flag=True, help="Also remove reports whose source files under PATHS are gone "
              "(refused for a folder that is missing or empty).")
@click.option("--yes", is_flag=True, help="Confirm a prune that removes more than a small share of the index.")
@click.option("--dry-run", is_flag=True, help="Only list what would change.")
@_wait_option
@_workers_option
@_batch_option
@_no_ocr_option
def ingest(paths: tuple[Path, ...], index_dir: Path | None, verbose: bool, prune: bool, yes: bool, dry_run: bool,
           wait: float, workers: int | None, batch: int, no_ocr: bool) -> None:  # fmt: skip
    """Add or update the reports in PATHS (files or folders, walked recursively).

    Reads .txt, .md, .html/.htm, .docx, .doc/.wps/.rtf, .ofd, .pdf (scanned pages by OCR)
    and page images (.png, .jpg, .tif). Identical files are stored once; a changed file
    replaces its report.
    """
    _write(verbose, lambda progress: _archive(index_dir, ocr=not no_ocr).ingest(
        paths, progress, prune=prune, yes=yes, dry_run=dry_run, wait=wait, workers=workers, batch=batch))


def _write(verbose: bool, run: Callable[[Any], IngestSummary]) -> None:
    """Run an ingest or rebuild with progress on stderr; print its summary and exit 1 if a file failed."""
    progress = progress_for(sys.stderr, verbose)
    try:
        summary = run(progress)
    finally:
        progress.close()
    echo_summary(summary)
    if not summary.ok:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--verbose", "-v", is_flag=True, help="Print one line per file.")
@_wait_option
@_workers_option
@_batch_option
@_no_ocr_option
@click.option("--only", is_flag=True, help="With PATHS: the new index holds only the reports under PATHS.")
def rebuild(paths: tuple[Path, ...], index_dir: Path | None, verbose: bool, wait: float, workers: int | None,
            batch: int, no_ocr: bool, only: bool) -> None:  # fmt: skip
    """Rebuild the index from its source files (or re-read PATHS, keeping the rest), while searches go on.

    The new index is built beside the live one and replaces it in one step. A report whose
    source cannot be read again is kept as stored, and listed.
    """
    archive = _archive(index_dir, ocr=not no_ocr)
    if not archive.exists:
        raise click.ClickException(f"索引不存在：{archive.index_dir}")
    if only and not paths:
        raise click.UsageError("--only 需要给出 PATHS (--only needs PATHS)")
    _write(verbose, lambda progress: archive.rebuild(paths or None, progress, wait=wait, workers=workers, batch=batch,
                                                     only=only))  # fmt: skip


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check(paths: tuple[Path, ...], index_dir: Path | None, as_json: bool) -> None:
    """Check the index against its source files: missing, changed and unreadable files,
    and files under PATHS that are not indexed. Exits non-zero on any drift."""
    archive = _archive(index_dir)
    if not archive.exists:
        raise click.ClickException(f"索引不存在：{archive.index_dir}")
    drift = archive.check(paths)
    if as_json:
        click.echo(json.dumps(drift.to_dict(), ensure_ascii=False, indent=2))
    else:
        data = drift.to_dict()
        for key in ("missing", "changed", "unindexed"):
            for path in data[key]:
                click.echo(f"{key:>9}  {printable(path)}")
        for item in data["unreadable"]:
            click.echo(f"unreadable  {printable(item['path'])}: {item['reason']}")
        click.echo(f"checked {drift.checked} sources: " + ("no drift" if drift.ok else "drift found"), err=True)
    if not drift.ok:
        sys.exit(1)


def echo_summary(summary: IngestSummary) -> None:
    """Print what an ingest or rebuild did (to stderr), failures with their reasons."""
    verb = "would be " if summary.dry_run else ""
    if summary.dry_run:
        for label, paths in (("add", summary.added), ("update", summary.updated), ("remove", summary.removed)):
            for path in paths:
                click.echo(f"would {label}: {_shown(path)}")
    kept = f", kept as stored {len(summary.kept)}" if summary.kept else ""
    click.echo(
        f"{verb}added {len(summary.added)}, {verb}updated {len(summary.updated)}, "
        f"unchanged {len(summary.unchanged)}, {verb}removed {len(summary.removed)}, failed {len(summary.failed)}{kept}"
        + (f", skipped {len(summary.skipped)}" if summary.skipped else ""),
        err=True,
    )
    for path, same in summary.duplicates:
        click.echo(f"  stored once: {_shown(path)} = {_shown(same)}", err=True)
    for path, reason in summary.failed:
        click.echo(f"  failed: {_shown(path)}: {printable(reason)}", err=True)
    for path, reason in summary.skipped:
        click.echo(f"  skipped: {_shown(path)}: {printable(reason)}", err=True)
    for path, reason in summary.kept:
        click.echo(f"  kept as stored (保留原有版本), not read again: {_shown(path)}: {printable(reason)}", err=True)


def _shown(path: str) -> str:
    """A path as printed: relative where it can be, every control character escaped."""
    return printable(display_path(path))


@main.command()
@click.argument("query")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--limit", default=10, show_default=True, type=WholeNumber(1, Settings.max_limit), help="Results per page.")
@click.option("--page", default=1, show_default=True, type=WholeNumber(1), help="Page number.")
@click.option("--sort", default="relevance", show_default=True, type=click.Choice(SORTS), help="Order of results.")
@click.option("--all-versions", is_flag=True, help="Also search the old versions of edited reports.")
def search(query: str, index_dir: Path | None, as_json: bool, limit: int, page: int, sort: str,
           all_versions: bool) -> None:  # fmt: skip
    """Search for QUERY (see the README for the syntax)."""
    response = ready_archive(index_dir).search(query, limit=limit, page=page, sort=sort, all_versions=all_versions)
    if response.past_the_end:  # a message, not an empty page
        raise QueryError(next(n.text for n in response.notices if n.kind == "page"))
    if as_json:
        click.echo(json.dumps(response.to_dict(), ensure_ascii=False, indent=2))
    else:
        _echo_response(response)


def _echo_response(response: SearchResponse) -> None:
    if response.trimmed:
        click.echo("原文中没有与检索词（连同引号、括号、标点）完全一致的文字；以下结果去掉了这些引号和标点，或忽略了原文字间的标点。")
    if response.partial:
        click.echo("没有同时包含全部检索词的报告；以下是部分匹配的结果。")
    for notice in response.notices:
        click.echo(notice.text)
    for suggestion in response.suggestions:
        click.echo(f"是否要找：{suggestion.query}（{suggestion.count} 篇，{REASON_LABELS[suggestion.reason]}）")
    click.echo(f"{response.total_documents} 篇报告（第 {response.page} 页，用时 {response.took_ms} ms）")
    for hit in response.results:
        meta = " · ".join(str(v) for v in (hit.agency, hit.date or hit.year, hit.type) if v)
        loose = "" if hit.as_typed else "［忽略标点］"
        click.echo(f"\n[{hit.id}] {loose}{click.style(hit.title, bold=True)}  {meta}")
        for passage in hit.passages:
            if passage.section:
                click.echo(f"  {passage.section}")
            click.echo(f"  {'标题' if passage.title else f'¶{passage.paragraph}'}: {_styled(passage.html)}")


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
    archive = ready_archive(index_dir)
    report = archive.get(doc_id)
    if report is None:
        raise click.ClickException(f"没有编号为 {doc_id} 的报告。")
    current = archive.current_version(doc_id)
    if as_json:
        data = {**report.to_dict(), **archive.provenance(doc_id), "current_version": current}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if current != report.id:
        click.echo(f"此版本已被修改后的新版本取代；当前版本：{current} (an old version; the current one is {current})")
    click.echo(click.style(report.title, bold=True))
    for label, value in (("机构", report.agency), ("年度", report.year), ("日期", report.date),
                         ("类型", report.type_written or report.doc_type), ("地区", report.region),
                         ("文号", report.doc_number), ("来源", report.source), ("原文链接", report.source_url),
                         ("文字来源", f"扫描件文字识别 (OCR)，{report.ocr_pages} 页" if report.ocr_pages else None)):
        if value:
            click.echo(f"{label}: {printable(str(value))}")  # (a file name may hold a terminal's controls)
    for ordinal, paragraph in enumerate(report.paragraphs, start=1):
        text = click.style(paragraph.text, bold=True) if paragraph.is_heading else paragraph.text
        click.echo(f"\n¶{ordinal} {text}")


@main.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(index_dir: Path | None, as_json: bool) -> None:
    """Show what the archive holds."""
    info = ready_archive(index_dir).stats()
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


@main.command()
@click.argument("doc_id")
@index_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice(LABELS),
              help="Only statements of this kind (repeatable; default: figure, commitment, problem).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def statements(doc_id: str, index_dir: Path | None, kinds: tuple[str, ...], as_json: bool) -> None:
    """List the statements of report DOC_ID: its figures, commitments and problems, in order."""
    found = ready_archive(index_dir).statements(doc_id)
    if found is None:
        raise click.ClickException(f"没有编号为 {doc_id} 的报告。")
    chosen = [statement for statement in found if statement.kind in (kinds or KINDS)]
    if as_json:
        click.echo(json.dumps([statement.to_dict() for statement in chosen], ensure_ascii=False, indent=2))
        return
    for statement in chosen:
        figures = "；".join(figure.text for figure in statement.figures) if statement.kind != "other" else ""
        click.echo(f"¶{statement.paragraph} [{KIND_NAMES[statement.kind]}] {statement.text}")
        if figures:
            click.echo(f"    → {figures}")


@main.command()
@click.argument("query")
@index_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row per figure).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.option("--what", "what", default=None, help="Only figures whose counted item or activity holds this text (as what:TEXT).")
def figures(query: str, index_dir: Path | None, as_csv: bool, as_json: bool, what: str | None) -> None:
    """Tabulate every figure whose sentence matches QUERY, across reports and years
    (commitments' figures are listed as targets); what:TEXT in QUERY, or --what TEXT, keeps the
    figures that count TEXT (an empty TEXT is an error, as an empty what: is)."""
    rows = ready_archive(index_dir).figures(query if what is None else f'{query} what:"{what.replace(chr(34), "")}"')
    if as_json:
        click.echo(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2))
    elif as_csv:
        click.echo(csv_text((row.to_dict() for row in rows), FIGURE_FIELDS), nl=False)
    else:
        for row in rows:
            target = "（目标）" if row.kind == "commitment" else ""
            click.echo(f"{row.year or '—'}  {row.agency or '—'}  {row.figure}{target}  [{row.id} ¶{row.paragraph}]")
        click.echo(f"{len(rows)} 项数据", err=True)


@main.command()
@click.argument("agency")
@click.argument("item")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the series as JSON.")
def series(agency: str, item: str, index_dir: Path | None, as_json: bool) -> None:
    """The figures of AGENCY (any variant of its name) that count ITEM, year by year."""
    found = ready_archive(index_dir).series(agency, item)
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return
    for point in found.points:
        target = "（目标）" if point.target else ""
        click.echo(f"{point.year or '—'}  {point.written} {point.counted}{target}  [{point.id} ¶{point.paragraph}]")
    click.echo(f"{len(found.points)} 项数据", err=True)


@main.command()
@click.argument("doc_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare(doc_id: str, index_dir: Path | None, as_json: bool) -> None:
    """Report DOC_ID against the commitments of its agency's previous report: a verdict for each
    (有下文 / 部分/在推进 / 未见下文, an aid to reading, not a finding) and the text it repeats."""
    comparison = ready_archive(index_dir).compare(doc_id)
    if comparison is None:
        raise click.ClickException(f"没有编号为 {doc_id} 的报告。")
    if as_json:
        click.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
        return
    if comparison.previous is None:
        click.echo(comparison.note)
        return
    counts = "，".join(f"{verdict} {count}" for verdict, count in comparison.verdicts.items())
    click.echo(f"对照 {comparison.previous.title}：承诺 {len(comparison.promises)} 项（{counts}）；"
               f"重复上一份报告的句子 {len(comparison.reuse.repeats)} 句（{comparison.reuse.share:.0%}）")  # fmt: skip
    for promise in comparison.promises:
        click.echo(f"[{promise.verdict}] ¶{promise.commitment.paragraph} {promise.commitment.text}")
        if promise.evidence:
            click.echo(f"    → ¶{promise.evidence.paragraph} {promise.evidence.text}")



