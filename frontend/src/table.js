// The events table: one row per merged event (or mention), a page at a time behind the
// API's cursor; clicking a row opens the event.
import { get } from "./api.js";
import { actor, el } from "./format.js";

export class EventsTable {
  constructor(tbody, moreButton, onOpen) {
    this.tbody = tbody;
    this.more = moreButton;
    this.onOpen = onOpen;
    this.more.addEventListener("click", () => this.next());
  }

  async load(params) {
    this.params = params;
    this.cursor = null;
    this.tbody.replaceChildren();
    return this.next();
  }

  async next() {
    const page = await get("/events", { ...this.params, limit: 50, cursor: this.cursor });
    for (const event of page.items) this.tbody.append(this.row(event));
    this.cursor = page.next_cursor;
    this.more.hidden = !this.cursor;
    return page.items.length;
  }

  row(event) {
    const open = () => this.onOpen(event.merged_id || event.id);
    return el(
      "tr",
      { class: `quad-${event.quad_class}`, "data-event-id": event.id, tabindex: 0, onclick: open,
        onkeydown: (e) => e.key === "Enter" && open() },
      el("td", {}, event.date || "—"),
      el("td", {}, el("span", { class: "type" }, event.type), event.negated ? " (not)" : ""),
      el("td", { class: "source" }, actor(event.source)),
      el("td", { class: "target" }, actor(event.target)),
      el("td", {}, event.location ? event.location.name : "—"),
      el("td", {}, event.num_mentions ?? 1),
    );
  }
}
