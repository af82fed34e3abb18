// 报告检索库: hit navigation, citations and printing a paragraph on the document page;
// sort-on-change and folding facets on the search page; the sortable figures table. No inline scripts (the CSP forbids them).
"use strict";

// Search page and browse view: changing the sort order or page size reloads the list.
function setupSort() {
  document.querySelectorAll("select.autosubmit").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
}

// Search page on a narrow screen: the facets fold behind a button so the results come
// first (without scripts they follow the results instead).
function setupFacetsToggle() {
  const button = document.querySelector("button.facets-toggle");
  if (!button) return;
  const layout = button.closest(".layout");
  layout.classList.add("foldable");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = layout.classList.toggle("facets-open");
    button.setAttribute("aria-expanded", String(open));
  });
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

// Document page: "引用" opens a panel under the paragraph with its citation in two formats
// (composed by the server: web/searching.py), each with a copy button, and "打印本段". The
// working-paper one quotes the paragraph's first hit's sentence (else the whole paragraph);
// text the reader selected inside the paragraph is quoted instead. The Clipboard API needs a
// secure context and permission; otherwise the citation is selected in its box and copied
// with execCommand, and left selected for Ctrl+C if even that is refused.

// The reader's selection if it lies inside ``paragraph``'s text.
function selectionIn(paragraph) {
  const selection = window.getSelection();
  const body = paragraph.querySelector("p.text");
  if (!selection || selection.isCollapsed || !body.contains(selection.anchorNode) || !body.contains(selection.focusNode)) return "";
  return selection.toString().trim();
}

function setupCitations() {
  const status = document.getElementById("copy-status");
  const template = document.getElementById("cite-panel");
  const fulltext = document.getElementById("fulltext");
  if (!status || !template || !fulltext) return;
  let selected = "";

  function announce(message) {
    status.textContent = message;
    status.hidden = false;
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => { status.hidden = true; }, 4000);
  }

  function fallback(box) {
    box.focus();
    box.select();
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    announce(copied ? "已复制引用" : "引用已选中，请按 Ctrl+C 复制");
  }

  function copy(box) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(() => announce("已复制引用"), () => fallback(box));
    } else {
      fallback(box);
    }
  }

  function fill(paragraph, panel) {
    const { citation, gbt, quote } = paragraph.dataset;
    panel.querySelector(".quote-source").textContent = selected ? "引文：选中的文字" :
      paragraph.querySelector("p.text mark") ? "引文：命中所在的句子（先选中文字再点“引用”，可改为引用选中的文字）" :
      "引文：全段（先选中文字再点“引用”，可改为引用选中的文字）";
    panel.querySelector("textarea.plain").value = selected ? citation.replace(`：“${quote}”`, `：“${selected}”`) : citation;
    panel.querySelector("textarea.gbt").value = gbt;
  }

  function toggle(button) {
    const paragraph = button.closest(".para");
    let panel = paragraph.querySelector(".cite-panel");
    if (panel && button.getAttribute("aria-expanded") === "true") {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      return;
    }
    if (!panel) {
      panel = template.content.firstElementChild.cloneNode(true);
      panel.id = `cite-${paragraph.id}`;
      button.setAttribute("aria-controls", panel.id);
      paragraph.append(panel);
    }
    fill(paragraph, panel);
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    panel.querySelector("button.copy").focus();
  }

  // Printing one paragraph: only it, the metadata and its working-paper citation are printed.
  function printParagraph(paragraph) {
    let line = paragraph.querySelector(".print-citation");
    if (!line) {
      line = document.createElement("p");
      line.className = "print-citation";
      paragraph.append(line);
    }
    line.textContent = paragraph.querySelector("textarea.plain").value;
    document.body.dataset.printing = paragraph.id;
    paragraph.classList.add("printing");
    window.print();
  }
  window.addEventListener("afterprint", () => {
    delete document.body.dataset.printing;
    document.querySelectorAll(".para.printing").forEach((p) => p.classList.remove("printing"));
  });

  // The selection is read before the click moves focus (and may clear it).
  document.addEventListener("pointerdown", (event) => {
    const button = event.target.closest("button.cite");
    if (button) selected = selectionIn(button.closest(".para"));
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !fulltext.contains(button)) return;
    const paragraph = button.closest(".para");
    if (button.classList.contains("cite")) {
      selected = selected || selectionIn(paragraph); // a keyboard "click" has no pointerdown
      toggle(button);
      selected = "";
    } else if (button.classList.contains("copy")) {
      copy(button.closest(".format").querySelector("textarea"));
    } else if (button.classList.contains("print-para")) {
      printParagraph(paragraph);
    }
  });
}

// Figures table: a click anywhere in a column header sorts the rows by that column; a second
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
      // The whole cell sorts, not only its word; the button keeps it reachable by keyboard.
      header.addEventListener("click", () => {
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
  setupFacetsToggle();
  setupHits();
  setupCitations();
  setupSortableTables();
});
