// 报告检索库: hit navigation and citation copying on the document page,
// sort-on-change on the search page. No inline scripts (the CSP forbids them).
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

document.addEventListener("DOMContentLoaded", () => {
  setupSort();
  setupHits();
  setupCitations();
});
