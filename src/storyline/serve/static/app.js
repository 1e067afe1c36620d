// Storyline's only script: highlight the span a URL names (#c=START-END) in a document's text.
// Offsets in Storyline are Python code points; JavaScript strings count UTF-16 units, so a
// character outside the Basic Multilingual Plane (an emoji) is one code point but two units.
"use strict";

function utf16Index(text, codePoints) {
  // The UTF-16 index of the code point at `codePoints` in `text`.
  let units = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen === codePoints) break;
    units += ch.length;
    seen += 1;
  }
  return units;
}

function codePointLength(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

function clearCited(root) {
  for (const mark of Array.from(root.querySelectorAll("mark.cited"))) {
    const parent = mark.parentNode;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parent.normalize();
  }
}

function highlight(root, start, end) {
  // Wrap code points [start, end) in <mark class="cited">, segment by segment.
  const marks = [];
  for (const seg of Array.from(root.querySelectorAll(".seg"))) {
    const s = Number(seg.dataset.s);
    const text = seg.textContent;
    const e = s + codePointLength(text);
    if (e <= start || s >= end || !seg.firstChild) continue;
    const from = utf16Index(text, Math.max(start, s) - s);
    const to = utf16Index(text, Math.min(end, e) - s);
    const range = document.createRange();
    range.setStart(seg.firstChild, from);
    range.setEnd(seg.firstChild, to);
    const mark = document.createElement("mark");
    mark.className = "cited";
    range.surroundContents(mark);
    marks.push(mark);
  }
  return marks;
}

function showFragment() {
  const root = document.getElementById("text");
  if (!root) return;
  clearCited(root);
  const match = /^#c=(\d+)-(\d+)$/.exec(window.location.hash);
  const note = document.getElementById("cited-note");
  if (!match) {
    if (note) note.hidden = true;
    return;
  }
  const start = Number(match[1]);
  const end = Number(match[2]);
  const marks = highlight(root, start, end);
  if (note) {
    note.hidden = false;
    note.textContent = marks.length
      ? "Cited span: characters " + start + "–" + end + "."
      : "The cited span " + start + "–" + end + " is outside this document.";
  }
  if (marks.length) {
    root.dataset.cited = marks.map((m) => m.textContent).join("");
    marks[0].scrollIntoView({ block: "center" });
  }
}

window.addEventListener("hashchange", showFragment);
document.addEventListener("DOMContentLoaded", showFragment);
