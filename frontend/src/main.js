// The explorer: filters -> the events table, the charts and the map; an event or a document
// in the detail panel, addressed by the URL hash (#/event/ID, #/document/ID?event=ID).
import "./style.css";
import { get } from "./api.js";
import { showDocument } from "./documentView.js";
import { showEvent } from "./eventView.js";
import { EventMap } from "./map.js";
import { Network } from "./network.js";
import { EventsTable } from "./table.js";
import { Timeline } from "./timeline.js";

const $ = (selector) => document.querySelector(selector);
const form = $("#filters");
const status = $("#status");
const detail = $("#detail");
const tooltip = $("#tooltip");
const FIELDS = ["text", "actor", "country", "type", "quad", "since", "until", "min_confidence"];

const table = new EventsTable($("#events tbody"), $("#more"), (id) => (location.hash = `#/event/${encodeURIComponent(id)}`));
const timeline = new Timeline($("#timeline"));
const network = new Network($("#network"), (id) => {
  // Country dyads: a node is a country code.
  $("#f-country").value = id;
  refresh();
});
const map = new EventMap($("#map"), (id) => (location.hash = `#/event/${encodeURIComponent(id)}`));

function filters() {
  const params = {};
  for (const name of FIELDS) {
    const value = $(`#f-${name}`).value.trim();
    if (value) params[name] = value;
  }
  return params;
}

async function refresh() {
  const params = filters();
  const mentions = $("#f-mentions").checked;
  status.textContent = "Loading…";
  status.className = "";
  try {
    const [count, stats, points] = await Promise.all([
      table.load({ ...params, mentions }),
      get("/stats", params),
      get("/events", { ...params, format: "geojson", limit: 500 }),
    ]);
    $("#list-title").textContent = `${stats.events} events (${stats.mentions} mentions)`;
    timeline.update(stats.by_week);
    network.update(stats.dyads);
    map.update(points);
    status.textContent = count ? "" : "No events match these filters.";
  } catch (error) {
    status.textContent = error.message;
    status.className = "error";
  }
}

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  try {
    if (parts[0] === "event" && parts[1]) {
      await showEvent(detail, decodeURIComponent(parts[1]));
    } else if (parts[0] === "document" && parts[1]) {
      const current = new URLSearchParams(query || "").get("event");
      await showDocument(detail, decodeURIComponent(parts[1]), current, tooltip);
    }
  } catch (error) {
    detail.replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: error.message }));
  }
}

async function start() {
  const [types, actors] = await Promise.all([get("/stats"), get("/actors", { limit: 500 })]);
  for (const { type } of types.by_type) $("#f-type").append(new Option(type, type));
  for (const a of actors.items) $("#actor-names").append(new Option(`${a.country || ""} ${a.sector || ""}`.trim(), a.name));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    refresh();
  });
  form.addEventListener("reset", () => setTimeout(refresh));
  window.addEventListener("hashchange", route);
  await Promise.all([refresh(), route()]);
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  status.textContent = error.message;
  status.className = "error";
});
