"""End to end in headless Chromium: the app served by waitress over a real index.

Needs Debian's ``chromium`` (never downloaded); without it these tests skip, except
in CI (``CI=true``), where a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

from archive import Archive, sentence_spans
from tests.conftest import national_id
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


@contextmanager
def served(archive: Archive) -> Iterator[str]:
    """The app over ``archive``, served by waitress on a free port in a background thread."""
    from waitress.server import create_server

    server = create_server(create_app({"INDEX_DIR": archive.index_dir}), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def base_url(web_archive: Archive) -> Iterator[str]:
    with served(web_archive) as url:
        yield url


@pytest.fixture(scope="module")
def browse_url(browse_archive: Archive) -> Iterator[str]:
    """The app over the browse archive (more values per facet than are shown at once)."""
    with served(browse_archive) as url:
        yield url


@pytest.fixture(scope="module")
def national_url(national_archive: Archive) -> Iterator[str]:
    """The app over the national reports of 2024 and 2025."""
    with served(national_archive) as url:
        yield url


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


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
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
    page.wait_for_url("**agency_is=*")
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



def open_citation(page: Any, anchor: str) -> Any:
    page.locator(f"#{anchor} button.cite").click()
    panel = page.locator(f"#{anchor} .cite-panel")
    panel.wait_for(state="visible")
    assert page.get_attribute(f"#{anchor} button.cite", "aria-expanded") == "true"
    return panel


def test_citations_in_two_formats_quote_the_hit_or_the_selection(page: Any) -> None:
    page.goto("/?q=执法检查206次")
    link = page.locator("article.hit a.goto").first
    section = page.locator("article.hit .passage .section").first.inner_text()
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    number = anchor.removeprefix("p-")
    link.click()
    page.wait_for_url("**/documents/**")
    title = page.inner_text("h1.doc-title")
    doc_url = page.url.split("?", 1)[0]
    assert section.startswith("一、")

    # The working-paper format quotes the hit's sentence, whole, and links the paragraph (without the query).
    panel = open_citation(page, anchor)
    plain = panel.locator("textarea.plain").input_value()
    text = page.inner_text(f"#{anchor} .text")
    [sentence] = [text[a:b] for a, b in sentence_spans(text) if "执法检查206次" in text[a:b]]  # the server's rule
    assert plain == f"三元区应急管理局《{title}》，2025-01-13，{section}，第 {number} 段：“{sentence}”。{doc_url}#{anchor}"
    panel.locator("button.copy").first.click()
    page.wait_for_selector("#copy-status:not([hidden])")
    assert page.inner_text("#copy-status") == "已复制引用"
    assert page.evaluate("navigator.clipboard.readText()") == plain

    # GB/T 7714—2015: 责任者. 题名[R/OL]. (发布日期)[引用日期]. 链接.
    panel.locator("button.copy").nth(1).click()
    today = page.evaluate("new Date().toLocaleDateString('sv')")  # yyyy-mm-dd, local
    gbt = f"三元区应急管理局. {title}[R/OL]. (2025-01-13)[{today}]. {doc_url}#{anchor}."
    page.wait_for_function("expected => navigator.clipboard.readText().then(text => text === expected)", arg=gbt)
    assert panel.locator("textarea.gbt").input_value() == gbt
    assert "GB/T 7714—2015" in panel.inner_text() and "工作底稿" in panel.inner_text()
    page.locator(f"#{anchor} button.cite").click()  # closes it
    assert panel.is_hidden()

    # Text selected inside a paragraph is quoted instead.
    page.evaluate("""() => {
        const text = document.querySelector('#p-3 .text').firstChild;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, 4);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    selected = page.evaluate("getSelection().toString()")
    panel = open_citation(page, "p-3")
    assert f"第 3 段：“{selected.strip()}”。" in panel.locator("textarea.plain").input_value()
    assert panel.locator(".quote-source").inner_text() == "引文：选中的文字"

    # Without the Clipboard API the citation is left selected in its box.
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }")
    panel = open_citation(page, "p-1")
    assert panel.locator(".quote-source").inner_text().startswith("引文：全段")
    panel.locator("button.copy").first.click()
    box = panel.locator("textarea.plain")
    assert box.input_value().endswith("#p-1") and title in box.input_value()
    assert page.evaluate("document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd)") == box.input_value()
    screenshot(page, "citation.png")


def visible(page: Any, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_print_gives_text_metadata_and_link_without_controls(page: Any) -> None:
    page.goto("/?q=执法检查")
    page.locator("article.hit", has_text="三元区应急管理局").locator("h2 a").click()
    page.wait_for_url("**/documents/**")
    doc_url = page.url.split("?", 1)[0]
    page.emulate_media(media="print")
    for selector in ("header.site", "header.site nav", "#next-hit", "#hitbar a", "button.cite", ".toc", ".back", "#statements"):
        assert not visible(page, selector), selector
    # What is marked, said in a line that no longer sticks to the top.
    assert page.inner_text("#hitbar").startswith("检索式 执法检查：")
    assert page.evaluate("getComputedStyle(document.querySelector('.hitbar')).position") == "static"
    assert visible(page, "h1.doc-title") and visible(page, "table.metadata") and visible(page, "#fulltext")
    assert page.locator("table.metadata tr.link td").inner_text() == doc_url
    mark = page.locator("#fulltext mark").first
    assert mark.is_visible() and mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 229, 143)"
    assert mark.evaluate("m => getComputedStyle(m).printColorAdjust") == "exact"
    screenshot(page, "print.png", full_page=True)

    # Printing one paragraph: only it, with its working-paper citation.
    page.emulate_media(media="screen")
    page.evaluate("() => { window.print = () => { window.__printed = document.body.dataset.printing; }; }")
    panel = open_citation(page, "p-5")
    panel.locator("button.print-para").click()
    assert page.evaluate("window.__printed") == "p-5"
    page.emulate_media(media="print")
    assert page.locator("#fulltext .para:visible").count() == 1 and visible(page, "#p-5")
    citation = page.locator("#p-5 .print-citation")
    assert citation.is_visible() and citation.inner_text() == panel.locator("textarea.plain").input_value()
    assert visible(page, "table.metadata")
    screenshot(page, "print-paragraph.png")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("#fulltext .para:visible").count() > 5


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


@pytest.mark.parametrize(("typed", "meant", "label"), [("执发检查", "执法检查", "同音字"), ("执 法 检 查", "执法检查", "去掉字间空格")])
def test_a_suggestion_is_a_link_with_its_count(page: Any, typed: str, meant: str, label: str) -> None:
    page.goto("/")
    page.fill("input[name=q]", typed)
    page.press("input[name=q]", "Enter")
    notice = page.locator(".notice.suggest")
    notice.wait_for()
    assert page.input_value("input[name=q]") == typed  # the query typed is kept
    assert f"3 篇 · {label}" in notice.inner_text()
    notice.get_by_role("link", name=meant).click()
    page.wait_for_selector("article.hit")
    assert page.input_value("input[name=q]") == meant and page.inner_text("#total") == "3"
    assert page.locator(".notice.suggest").count() == 0


def test_notices_say_how_the_results_were_found(page: Any) -> None:
    page.goto("/?q=" + "三元区应急局")
    assert "三元区应急管理局" in page.inner_text(".notice.agency")
    page.goto("/?q=" + "执法检查206次。")  # the report has 206次， not 206次。
    assert "去掉了检索词的引号和标点" in page.inner_text(".notice.trimmed")
    assert page.locator("article.hit .badge.loose").count() == 1


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
    # A click in the header cell away from its word sorts too.
    box = value_header.bounding_box()
    word = value_header.locator("button").bounding_box()
    assert box["x"] + box["width"] - 3 > word["x"] + word["width"]
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    assert sort_values(page) == sorted(ascending, reverse=True)
    assert value_header.get_attribute("aria-sort") == "descending"
    page.locator("#figures th", has_text="年度").locator("button").focus()
    page.keyboard.press("Enter")
    years = page.locator("#figures tbody tr td:first-child").all_inner_texts()
    assert years == sorted(years)
    screenshot(page, "figures.png")


PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_layout_puts_results_first(page: Any, hostile_id: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/?q=执法检查")
    first = page.locator("article.hit").first.bounding_box()
    assert first["y"] + 80 < PHONE["height"]  # the first result's title and meta are in the first screen
    assert not visible(page, ".facets") and no_sideways_scroll(page)
    # The search button keeps its text on one line.
    button = page.locator("form.search button[type=submit]")
    assert button.evaluate("b => { const r = document.createRange(); r.selectNodeContents(b); return r.getClientRects().length; }") == 1
    screenshot(page, "phone.png")
    toggle = page.locator("button.facets-toggle")
    toggle.click()
    assert visible(page, ".facets") and toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".facets").bounding_box()["y"] < page.locator("article.hit").first.bounding_box()["y"]
    screenshot(page, "phone-facets.png")

    # The document text uses the width of the screen.
    page.locator("article.hit h2 a").first.click()
    page.wait_for_url("**/documents/**")
    assert no_sideways_scroll(page)
    text = page.locator("#fulltext .para .text").nth(1).bounding_box()
    assert text["width"] > 0.75 * PHONE["width"]
    screenshot(page, "phone-document.png", full_page=True)

    # The figures table scrolls inside its own box; the compare page reflows.
    page.goto("/figures?q=执法检查")
    assert no_sideways_scroll(page)
    assert page.locator(".table-scroll").evaluate("box => box.scrollWidth > box.clientWidth")
    page.goto(f"/documents/{hostile_id}/compare")
    assert no_sideways_scroll(page)
    # The home page and the browse view: the list first, its table in its own box.
    for url in ("/", "/documents"):
        page.goto(url)
        assert no_sideways_scroll(page) and not visible(page, ".facets")
        assert page.locator(".results").bounding_box()["y"] < PHONE["height"] / 2
        screenshot(page, f"phone-{'home' if url == '/' else 'browse'}.png")


FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex='0']"


def test_every_control_is_reached_by_tab_and_shows_focus(page: Any) -> None:
    page.goto("/?q=执法检查206次")
    document = page.locator("article.hit h2 a").first.get_attribute("href")
    for url in ("/", "/documents", "/?q=执法检查", "/figures?q=执法检查", document):
        page.goto(url)
        controls = page.evaluate(f"""() => Array.from(document.querySelectorAll("{FOCUSABLE}"))
            .filter(el => el.checkVisibility()).map((el, i) => (el.dataset.tabCheck = i, i))""")
        reached, unmarked = set(), []
        page.evaluate("document.activeElement.blur()")
        for _ in range(len(controls) + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => { const el = document.activeElement, style = getComputedStyle(el);
                return [el.dataset.tabCheck, style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2, el.outerHTML.slice(0, 80)]; }""")
            if focused[0] is not None:
                reached.add(int(focused[0]))
                if not focused[1]:
                    unmarked.append(focused[2])
        assert reached == set(controls), (url, [i for i in controls if i not in reached])
        assert not unmarked, (url, unmarked)


def test_browse_from_the_home_page_to_a_report(page: Any, browse_url: str) -> None:
    page.goto(browse_url + "/")
    assert page.inner_text("#report-count") == "15" and page.locator("ol.newest li").count() == 10
    screenshot(page, "home.png")

    # A facet's 更多 shows its other values; one of them lists that agency's reports.
    agencies = page.locator(".facets .facet-agency")
    more = agencies.locator("details.more")
    hidden = more.locator("li a").last
    assert not hidden.is_visible()
    more.locator("summary").click()
    assert more.locator("summary").inner_text() == "更多 / 全部 15 个" and hidden.is_visible()
    agency = hidden.inner_text()
    hidden.click()
    page.wait_for_url("**/documents?agency=*")
    assert page.inner_text("#total") == "1"
    assert page.locator("table.listing tbody td").nth(1).inner_text() == agency
    assert page.locator(".chip").inner_text().startswith(f"机构：{agency}")

    # The whole archive: sorted by a click on a column, paged by the page size chosen.
    page.goto(browse_url + "/")
    page.click("#browse-all")
    page.wait_for_url("**/documents")
    assert page.locator("table.listing tbody tr").count() == 15
    screenshot(page, "browse.png", full_page=True)
    page.select_option(".page-size select", "10")
    page.wait_for_url("**limit=10*")
    assert page.locator("table.listing tbody tr").count() == 10 and page.locator("nav.pages a[rel=next]").count() == 1
    page.locator("table.listing th a", has_text="标题").click()
    page.wait_for_url("**sort=title*")
    titles = page.locator("table.listing tbody td.name").all_inner_texts()
    assert titles == sorted(titles) and page.get_attribute("table.listing th:first-child", "aria-sort") == "ascending"

    # The year range reaches the earliest years; then a report, with its original link and file.
    page.goto(browse_url + "/documents")
    page.fill(".year-range input[name=year_from]", "1954")
    page.fill(".year-range input[name=year_to]", "1962")
    page.locator(".year-range button").click()
    page.wait_for_url("**year_to=1962*")
    assert page.inner_text("#total") == "3"
    page.goto(browse_url + "/documents?agency=某某区统计局")
    page.locator("table.listing td.name a").click()
    page.wait_for_url("**/documents/*")
    assert page.get_attribute("#original-link", "href").startswith("https://www.example.gov.cn/")
    with page.expect_download() as download:
        page.click("#original-file")
    assert download.value.suggested_filename == "linked.txt"
    assert "原文链接: https://www.example.gov.cn/" in Path(download.value.path()).read_text(encoding="utf-8")


def test_search_within_results(page: Any) -> None:
    page.goto("/?q=执法检查")
    assert page.inner_text("#total") == "3"
    page.fill("#within", "罚款3.5万元")
    page.press("#within", "Enter")
    page.wait_for_url("**within=*")
    assert page.inner_text("#total") == "1"
    assert page.input_value("input[name=q]") == "执法检查 罚款3.5万元"
    assert page.locator("article.hit mark").all_inner_texts()[:2] == ["执法检查", "罚款3.5万元"]


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


def test_national_compare_page_filters_and_pages(page: Any, national_archive: Archive, national_url: str) -> None:
    """The 2025 national report's compare page, as an auditor uses it: the counts, a verdict
    filter, a section filter, the next page of promises and of the report's own commitments."""
    doc_id = national_id(national_archive)
    comparison = national_archive.compare(doc_id)
    assert comparison is not None
    page.goto(f"{national_url}/documents/{doc_id}/compare")
    assert page.locator("#verdicts a").first.inner_text() == f"全部 {len(comparison.promises)}"
    assert page.locator(".promise").count() == 50

    name, count = max(comparison.verdicts.items(), key=lambda item: item[1])
    page.click(f'#verdicts a[data-verdict="{name}"]')
    page.wait_for_url("**verdict=**")
    assert set(page.locator(".promise").evaluate_all("els => els.map(e => e.dataset.verdict)")) == {name}
    assert page.locator('#verdicts a[aria-current="true"]').inner_text() == f"{name} {count}"

    part = comparison.sections[-1]
    page.select_option("form.section-filter select", part)
    page.click("form.section-filter button")
    page.wait_for_url("**section=**")
    wanted = [p for p in comparison.promises if p.verdict == name and p.commitment.section[:1] == (part,)]
    assert page.locator(".promise").count() == min(50, len(wanted))

    page.goto(f"{national_url}/documents/{doc_id}/compare")
    page.click('nav[data-list="promises"] a:text-is("2")')
    page.wait_for_url("**page=2**")
    assert comparison.promises[50].commitment.text in page.locator(".promise").first.inner_text()
    page.click('nav[data-list="own-commitment"] a:text-is("2")')
    page.wait_for_url("**commitment_page=2**")
    assert "page=2" in page.url  # the promises' page kept
    own = page.locator("#own-commitment")
    assert own.locator("ol").get_attribute("start") == "51" and own.locator("li").count() == 50
    assert own.is_visible()
    screenshot(page, "compare-national.png")
