// 报告检索库: hit navigation and citation copying on the document page,
// sort-on-change on the search page, sortable figures table. No inline scripts (the CSP forbids them).
"use strict";

// Search page: changing the sort order re-runs the search.
function setupSort() {
  const sort = document.getElementById("sort");
  if (sort) sort.addEventListener("change", () => sort.form.submit());
}

// Document page: step through the <mark>ed hits with the buttons or n / p.
function setupHits() {
  const marks = Array.from(document.querySelectorAll("#fulltext mark"));
  const position = document.getElementById("hit-position");
  if (!marks.length || !position) return;
  let current = -1;

  function show(index) {
    if (current >= 0) marks[current].classList.remove("current");
    current = (index + marks.length) % marks.length;
    const mark = marks[current];
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    position.textContent = `第 ${current + 1} / ${marks.length} 处命中`;
  }

  function step(delta) {
    show(current < 0 && delta < 0 ? -1 : current + delta);
  }

  // Arriving at a paragraph (#p-N), select the first hit in or after it.
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target) {
    const first = marks.findIndex((mark) => target.contains(mark) ||
      target.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (first >= 0) show(first);
  }
  document.getElementById("next-hit").addEventListener("click", () => step(1));
  document.getElementById("prev-hit").addEventListener("click", () => step(-1));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, textarea, select")) return;
    if (event.key === "n") step(1);
    else if (event.key === "p") step(-1);
  });
}

// Document page: "复制引用" copies the paragraph's citation. The Clipboard API needs a
// secure context and permission; otherwise the text is selected in a textarea and copied
// with execCommand, and left selected for Ctrl+C if even that is refused.
function setupCitations() {
  const status = document.getElementById("copy-status");
  if (!status) return;

  function report(message) {
    status.textContent = message;
    status.hidden = false;
    clearTimeout(report.timer);
    report.timer = setTimeout(() => { status.hidden = true; }, 4000);
  }

  function fallback(paragraph, text) {
    let box = paragraph.querySelector("textarea.citation");
    if (!box) {
      box = document.createElement("textarea");
      box.className = "citation";
      box.readOnly = true;
      box.setAttribute("aria-label", "引用");
      paragraph.append(box);
    }
    box.value = text;
    box.focus();
    box.select();
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    report(copied ? "已复制引用" : "引用已选中，请按 Ctrl+C 复制");
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.cite");
    if (!button) return;
    const paragraph = button.closest("[data-citation]");
    const text = paragraph.dataset.citation;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => report("已复制引用"), () => fallback(paragraph, text));
    } else {
      fallback(paragraph, text);
    }
  });
}

// Figures table: a click on a column header sorts the rows by that column; a second
// click reverses the order. Cells may carry their sort key in data-sort-value.
function setupSortableTables() {
  document.querySelectorAll("table.sortable").forEach((table) => {
    const body = table.tBodies[0];
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((header, column) => {
      const button = header.querySelector("button[data-sort]");
      if (!button) return;
      const numeric = button.hasAttribute("data-numeric");
      const key = (row) => {
        const cell = row.cells[column];
        const value = cell.dataset.sortValue ?? cell.textContent.trim();
        return numeric ? parseFloat(value) || 0 : value;
      };
      button.addEventListener("click", () => {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        const rows = Array.from(body.rows).sort((a, b) => {
          const order = numeric ? key(a) - key(b) : key(a).localeCompare(key(b), "zh-CN");
          return ascending ? order : -order;
        });
        headers.forEach((other) => other.setAttribute("aria-sort", "none"));
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        body.append(...rows);
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupSort();
  setupHits();
  setupCitations();
  setupSortableTables();
});
