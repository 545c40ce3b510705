// Quote picker: the investigator keeps words of a paragraph by selecting them with the mouse
// (several selections add up) or, from the keyboard, with the arrow keys and space. Runs of
// kept words become the trims the server records; what lies between them becomes "/.../".
// The preview shows the quote as the report prints it, and the gate line says whether the
// kept words carry an identifying detail.
"use strict";

const ELLIPSIS = " /.../ ";
const ATTRIBUTION = " (Utdrag ur minnesanteckningar)";

function wordsOf(text) {
  return Array.from(text.matchAll(/\S+/g), (m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

function runs(kept, words) {
  // [[start, end], ...] of consecutive kept words, in text order.
  const indexes = Array.from(kept).sort((a, b) => a - b);
  const result = [];
  for (const i of indexes) {
    const last = result[result.length - 1];
    if (last && last.to === i - 1) last.to = i;
    else result.push({ from: i, to: i });
  }
  return result.map((r) => [words[r.from].start, words[r.to].end]);
}

function setUpPicker(el) {
  const text = el.dataset.text;
  const findings = JSON.parse(el.dataset.fynd || "[]");
  const words = wordsOf(text);
  const base = new WeakMap();
  const kept = new Set();
  let cursor = 0;
  const article = el.closest(".kandidat");
  const field = article.querySelector(".urval");
  const preview = article.querySelector(".forhandsvisning");
  const gate = article.querySelector(".grind");

  el.textContent = "";
  let at = 0;
  words.forEach((word, i) => {
    if (word.start > at) {
      const gap = document.createTextNode(text.slice(at, word.start));
      base.set(gap, at);
      el.append(gap);
    }
    const span = document.createElement("span");
    span.className = "ord";
    span.textContent = word.text;
    base.set(span.firstChild, word.start);
    if (findings.some((f) => f[0] < word.end && f[1] > word.start)) span.classList.add("identifierande");
    word.el = span;
    el.append(span);
    at = word.end;
  });

  function offsetOf(node, offset) {
    if (base.has(node)) return base.get(node) + offset;
    if (node === el) return offset < el.childNodes.length ? offsetOf(el.childNodes[offset], 0) : text.length;
    if (node.parentNode === el) return offsetOf(node.firstChild, offset ? node.textContent.length : 0);
    // A selection dragged in from outside the paragraph starts at its beginning or ends at its end.
    return el.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING ? 0 : text.length;
  }

  function update() {
    const trims = runs(kept, words);
    field.value = trims.map((t) => t.join(":")).join(";");
    const pieces = trims.length ? trims.map(([s, e]) => text.slice(s, e).trim()) : [text.trim()];
    preview.textContent = pieces.join(ELLIPSIS) + ATTRIBUTION;
    const spans = trims.length ? trims : [[0, text.length]];
    const named = findings.filter((f) => spans.some(([s, e]) => f[0] < e && f[1] > s));
    gate.textContent = named.length
      ? "Stoppas av anonymiseringskontrollen: namnger " + named.map((f) => f[2] + " ”" + f[3] + "”").join(", ") + "."
      : "Klarar anonymiseringskontrollen.";
    gate.classList.toggle("varning", named.length > 0);
    words.forEach((word, i) => {
      word.el.classList.toggle("behalls", kept.has(i));
      word.el.classList.toggle("markor", document.activeElement === el && i === cursor);
    });
  }

  el.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    words.forEach((word, i) => {
      if (word.start < end && word.end > start) kept.add(i);
    });
    selection.removeAllRanges();
    update();
  });

  el.addEventListener("keydown", (event) => {
    const moves = { ArrowRight: 1, ArrowLeft: -1 };
    if (event.key in moves) {
      cursor = Math.min(words.length - 1, Math.max(0, cursor + moves[event.key]));
      if (event.shiftKey) kept.add(cursor);
    } else if (event.key === " ") {
      if (kept.has(cursor)) kept.delete(cursor);
      else kept.add(cursor);
    } else if (event.key === "Home") {
      cursor = 0;
    } else if (event.key === "End") {
      cursor = words.length - 1;
    } else if (event.key === "Escape") {
      kept.clear();
    } else {
      return;
    }
    event.preventDefault();
    update();
  });
  el.addEventListener("focus", update);
  el.addEventListener("blur", update);
  article.querySelector(".rensa").addEventListener("click", () => {
    kept.clear();
    update();
  });
  update();
}

document.querySelectorAll(".valbar").forEach(setUpPicker);

// Theme search: as the investigator types, the themes that fit (ranked on the server: any
// case, without å/ä/ö, the start of any word, a typo or two) are listed below the field, best
// first. Arrow keys move through them, Enter or a click takes one; Enter on the field itself
// sends what was typed, which the server reads as forgivingly.
function setUpThemeSearch(input) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  let items = [];
  let active = -1;
  let asked = 0;
  input.removeAttribute("list");

  function render() {
    list.textContent = "";
    items.forEach((item, i) => {
      const option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(i === active));
      option.textContent = item.etikett;
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        take(i);
      });
      list.append(option);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
    if (active >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + active);
    else input.removeAttribute("aria-activedescendant");
  }

  function close() {
    items = [];
    active = -1;
    render();
  }

  function take(i) {
    input.value = items[i].etikett;
    close();
  }

  async function search() {
    const typed = input.value.trim();
    const ticket = ++asked;
    if (!typed) return close();
    const answer = await fetch(input.dataset.sok + "?q=" + encodeURIComponent(typed));
    const found = (await answer.json()).teman;
    if (ticket !== asked) return;  // a later keystroke has asked again
    items = found;
    active = -1;
    render();
  }

  input.addEventListener("input", search);
  input.addEventListener("keydown", (event) => {
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && items.length) {
      event.preventDefault();
      const down = event.key === "ArrowDown";
      if (active < 0) active = down ? 0 : items.length - 1;
      else active = (active + (down ? 1 : items.length - 1)) % items.length;
      render();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      take(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);
}

document.querySelectorAll("input[data-sok]").forEach(setUpThemeSearch);
