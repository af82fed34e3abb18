"""End to end in headless Chromium: the app served by waitress over a real index.

Needs Debian's ``chromium`` (never downloaded); without it these tests skip, except
in CI (``CI=true``), where a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from archive import Archive
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "screenshot-search.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(web_archive: Archive) -> Iterator[str]:
    """The app, served by waitress on a free port in a background thread."""
    from waitress.server import create_server

    server = create_server(create_app({"INDEX_DIR": web_archive.index_dir}), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page; fails the test if a dialog opens, a script errors or the CSP blocks anything."""
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda message: "Content Security Policy" in message.text and problems.append(message.text))
    yield page
    context.close()
    assert not problems


@pytest.fixture(scope="module")
def hostile_id(web_archive: Archive) -> str:
    [hit] = web_archive.search("onerror").results
    return hit.id


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_search_filter_by_facet_and_export(page: Any) -> None:
    page.goto("/")
    page.fill("input[name=q]", "执法检查")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("article.hit")
    assert page.inner_text("#total") == "3"
    marks = page.locator("article.hit mark").all_inner_texts()
    assert len(marks) >= 3 and set(marks) == {"执法检查"}
    assert "一、" in page.locator(".passage .section").first.inner_text()
    shot = screenshot(page, "search.png")
    if os.environ.get("UPDATE_SCREENSHOT"):  # refresh the README's picture on purpose only
        shutil.copyfile(shot, DOCS_SCREENSHOT)

    page.locator(".facets a", has_text="某某县市场监督管理局").click()
    page.wait_for_url("**agency=*")
    assert page.inner_text("#total") == "1"
    assert page.locator("article.hit h2").all_inner_texts() == ["某某县市场监督管理局2023年度法治政府建设情况报告"]
    assert page.locator(".chip").inner_text().startswith("机构：某某县市场监督管理局")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    text = data.decode("utf-8-sig")
    assert text.startswith("id,title,agency,") and "全年开展执法检查88次" in text and "三元区" not in text


def current_hit(page: Any) -> int:
    return page.evaluate("Array.from(document.querySelectorAll('#fulltext mark')).findIndex(m => m.classList.contains('current'))")


def test_document_steps_through_hits_and_copies_citations(page: Any) -> None:
    page.goto("/?q=执法检查")
    link = page.locator("article.hit", has_text="三元区应急管理局2024年度").locator("a.goto").nth(1)
    href = link.get_attribute("href")
    anchor = href.rsplit("#", 1)[1]
    link.click()
    page.wait_for_url("**/documents/**")
    total = page.locator("#fulltext mark").count()
    assert total > 3 and page.locator("#fulltext mark").all_inner_texts() == ["执法检查"] * total

    # Arriving at a paragraph selects its hit; then the buttons and n / p step through the rest.
    first = current_hit(page)
    assert page.locator(f"#{anchor} mark.current").count() == 1
    assert page.inner_text("#hit-position") == f"第 {first + 1} / {total} 处命中"
    page.click("#next-hit")
    assert current_hit(page) == (first + 1) % total
    page.keyboard.press("n")
    assert current_hit(page) == (first + 2) % total
    page.keyboard.press("p")
    page.click("#prev-hit")
    assert current_hit(page) == first
    assert page.inner_text("#hit-position") == f"第 {first + 1} / {total} 处命中"
    assert page.locator(".toc a").count() >= 3
    screenshot(page, "document.png")

    # Copy a citation with the Clipboard API …
    title = page.inner_text("h1.doc-title")
    page.locator(f"#{anchor} button.cite").click()
    page.wait_for_selector("#copy-status:not([hidden])")
    assert page.inner_text("#copy-status") == "已复制引用"
    copied = page.evaluate("navigator.clipboard.readText()")
    number = anchor.removeprefix("p-")
    assert copied.startswith(f"三元区应急管理局《{title}》，2025-01-13，一、")
    assert f"，第 {number} 段。http://127.0.0.1:" in copied and copied.endswith(f"#{anchor}")

    # … and without it: the citation is selected in a text box.
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }")
    page.locator("#p-1 button.cite").click()
    box = page.locator("#p-1 textarea.citation")
    assert box.input_value().endswith("#p-1") and title in box.input_value()
    assert page.evaluate("document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd)") == box.input_value()


def test_nothing_from_documents_or_queries_runs(page: Any, hostile_id: str) -> None:
    page.goto("/?q=<script>")
    assert page.locator("article.hit mark").all_inner_texts() == ["<script>"]
    page.goto("/?q=执法检查120次")
    assert "<script>window.__xss=1</script>" in page.inner_text("article.hit .passage .text")
    page.goto(f"/documents/{hostile_id}?q=onerror")
    assert 'onerror="window.__xss=2">' in page.inner_text("#fulltext")
    assert page.locator("#fulltext mark").all_inner_texts() == ["onerror"]
    page.goto("/")
    page.fill("input[name=q]", '"><img src=x onerror="window.__xss=3"><script>window.__xss=4</script>')
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    for _ in range(2):
        assert page.evaluate("window.__xss") is None
        assert page.locator("img").count() == 0
        page.goto(f"/documents/{hostile_id}")


def test_bad_query_gets_a_message(page: Any) -> None:
    response = page.goto('/?q="执法')
    assert response.status == 400
    assert "引号不成对" in page.inner_text(".notice.error")
    assert page.input_value("input[name=q]") == '"执法'


def sort_values(page: Any) -> list[str]:
    """The value cells' sort keys: the unit family, then the value normalized within it."""
    cells = page.locator("#figures tbody td.number")
    return cells.evaluate_all("cells => cells.map(c => c.dataset.sortValue)")


def test_statements_panel_and_sortable_figures_table(page: Any) -> None:
    page.goto("/?q=执法检查206次")
    page.locator("article.hit h2 a").first.click()
    page.wait_for_url("**/documents/**")
    figures = page.locator("#statements details.kind.figure")
    assert figures.locator("summary").inner_text().startswith("数据")
    item = figures.locator("li", has_text="开展执法检查206次")
    assert "206 次 执法检查" in item.locator(".figure-value").all_inner_texts()
    anchor = item.locator("a.goto").get_attribute("href")
    item.locator("a.goto").click()
    assert page.evaluate("location.hash") == anchor
    assert "开展执法检查206次" in page.locator(f"{anchor}:target").inner_text()
    screenshot(page, "statements.png")

    page.get_by_role("link", name="数据表").click()
    page.fill("input[name=q]", "执法检查")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#figures tbody tr")
    assert page.locator("#figures tbody tr").count() == int(page.inner_text("#figure-total"))
    value_header = page.locator("#figures th", has_text="数值")
    value_header.locator("button").click()
    ascending = sort_values(page)
    assert ascending == sorted(ascending) and value_header.get_attribute("aria-sort") == "ascending"
    value_header.locator("button").click()
    assert sort_values(page) == sorted(ascending, reverse=True)
    assert value_header.get_attribute("aria-sort") == "descending"
    page.locator("#figures th", has_text="年度").locator("button").click()
    years = page.locator("#figures tbody tr td:first-child").all_inner_texts()
    assert years == sorted(years)
    screenshot(page, "figures.png")


def test_series_chart_and_compare_page(page: Any) -> None:
    page.goto("/series?agency=三元区应急管理局&item=执法检查")
    point = page.locator("#series-chart a").first
    href = point.get_attribute("href")
    assert page.locator("#series-chart circle").count() >= 1 and "#p-" in href
    point.click()
    page.wait_for_url("**/documents/**")
    assert "执法检查" in page.locator(f"{href[href.index('#'):]}:target").inner_text()
    screenshot(page, "series.png")

    page.goto("/documents/" + href.split("/documents/")[1].split("#")[0] + "/compare")
    assert page.locator("text=无从对照").count() == 1  # the seed agency has one report here
    screenshot(page, "compare.png")
