// One merged event: its coding, its counts and every mention, each with the evidence
// sentence and the trigger marked, linking to the document it comes from.
import { get } from "./api.js";
import { actor, el, QUADS } from "./format.js";

export async function showEvent(panel, eventId) {
  const event = await get(`/events/${encodeURIComponent(eventId)}`);
  const where = event.location
    ? `${event.location.name}${event.location.country ? ", " + event.location.country : ""}`
    : "—";
  panel.replaceChildren(
    el("article", { id: "event", "data-merged-id": event.id },
      el("h2", {}, el("span", { class: "type" }, event.type), " ",
        actor(event.source), " → ", actor(event.target), event.negated ? " (negated)" : ""),
      el("dl", {},
        el("dt", {}, "mode / CAMEO"), el("dd", {}, `${event.mode || "—"} / ${event.cameo || "—"}`),
        el("dt", {}, "quad class"), el("dd", {}, `${event.quad_class} ${QUADS[event.quad_class] || ""}`),
        el("dt", {}, "date"), el("dd", {}, `${event.date || "—"} (${event.date_precision || "—"})`),
        el("dt", {}, "place"), el("dd", {}, where),
        el("dt", {}, "confidence"), el("dd", {}, Number(event.confidence).toFixed(2)),
        el("dt", {}, "reported"),
        el("dd", {}, `${event.num_mentions} mentions in ${event.num_articles} articles, ` +
          `${event.num_stories} stories, ${event.num_sources} sources`),
      ),
      el("h3", {}, "Evidence"),
      el("ol", { class: "mentions" }, event.mentions.map(mention)),
    ),
  );
}

function mention(m) {
  const offset = m.sentence_span[0];
  const start = Math.max(m.span[0] - offset, 0);
  const end = Math.max(m.span[1] - offset, start);
  const s = m.sentence;
  const link = `#/document/${encodeURIComponent(m.document_id)}?event=${encodeURIComponent(m.event_id)}`;
  return el("li", { "data-event-id": m.event_id },
    el("blockquote", { class: "sentence" },
      s.slice(0, start), el("mark", { class: "evidence" }, s.slice(start, end)), s.slice(end)),
    el("p", { class: "source-line" },
      `${m.publisher || "unknown publisher"} · ${m.published || "undated"} · ${m.modality}`,
      m.duplicate_of ? " · copy" : "",
      // An implied actor (store.merged_event's "implied") is no words of the sentence.
      (m.implied || []).map((role) => el("span", { class: "implied" }, ` · ${role} implied`)),
      " · ",
      el("a", { href: link, class: "open-document" }, m.title || "open the document")),
  );
}
