// A document with every annotation marked in its text: actors, events (their triggers),
// quotes and places. Hovering shows the coding; clicking an event opens the merged event.
import { get } from "./api.js";
import { actor, coding, el } from "./format.js";

// Annotation kinds, drawn in this order of precedence for the segment's main colour.
const KINDS = ["event", "actor", "place", "quote"];

export async function showDocument(panel, docId, currentEvent, tooltip) {
  const doc = await get(`/documents/${encodeURIComponent(docId)}`);
  const notes = annotations(doc);
  const body = el("div", { class: "text" }, segments(doc.text, notes, currentEvent));
  body.addEventListener("mouseover", (e) => hover(e, tooltip));
  body.addEventListener("mouseout", () => (tooltip.hidden = true));
  panel.replaceChildren(
    el("article", { id: "document", "data-document-id": doc.doc_id },
      el("h2", {}, doc.title || doc.source),
      el("p", { class: "source-line" },
        `${doc.publisher || "unknown publisher"} · ${doc.published || "undated"} · ` +
        `${doc.events.length} events, ${doc.actors.length} actors, ${doc.quotes.length} quotes, ` +
        `${doc.places.length} places`),
      el("p", { class: "legend" }, KINDS.map((k) => el("span", { class: `ann ${k}` }, k))),
      body,
    ),
  );
  const current = body.querySelector(".current");
  if (current) current.scrollIntoView({ block: "center" });
}

function annotations(doc) {
  const notes = [];
  for (const a of doc.actors) {
    for (const [start, end] of a.mentions) {
      notes.push({ kind: "actor", start, end, label: `actor: ${actor(a)}\n${a.kind} · ${a.id}` });
    }
  }
  for (const e of doc.events) {
    notes.push({ kind: "event", start: e.span[0], end: e.span[1], label: coding(e), event: e });
  }
  for (const q of doc.quotes) {
    notes.push({ kind: "quote", start: q.span[0], end: q.span[1], label: `quote by ${actor(q.speaker)}` });
  }
  for (const p of doc.places) {
    const at = p.lat !== null ? ` (${p.lat.toFixed(2)}, ${p.lon.toFixed(2)})` : "";
    notes.push({ kind: "place", start: p.span[0], end: p.span[1], label: `place: ${p.name}, ${p.country || "—"}${at}\n${p.kind}` });
  }
  return notes.filter((n) => n.end > n.start);
}

// Cut the text at every annotation boundary; each piece carries the annotations covering it.
function segments(text, notes, currentEvent) {
  const cuts = new Set([0, text.length]);
  for (const n of notes) cuts.add(n.start).add(n.end);
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const over = notes.filter((n) => n.start <= start && n.end >= end);
    const piece = text.slice(start, end);
    if (!over.length) {
      pieces.push(piece);
      continue;
    }
    const kinds = KINDS.filter((k) => over.some((n) => n.kind === k));
    const event = over.find((n) => n.kind === "event")?.event;
    const attrs = {
      class: `ann ${kinds.join(" ")}${event && event.id === currentEvent ? " current" : ""}`,
      "data-label": over.map((n) => n.label).join("\n\n"),
    };
    if (event) {
      attrs["data-event-id"] = event.id;
      pieces.push(el("a", { ...attrs, href: `#/event/${encodeURIComponent(event.merged_id || event.id)}` }, piece));
    } else {
      pieces.push(el("span", attrs, piece));
    }
  }
  return pieces;
}

function hover(e, tooltip) {
  const target = e.target.closest("[data-label]");
  if (!target) return;
  tooltip.textContent = target.dataset.label;
  tooltip.hidden = false;
  const box = target.getBoundingClientRect();
  tooltip.style.left = `${box.left + window.scrollX}px`;
  tooltip.style.top = `${box.bottom + window.scrollY + 4}px`;
}
