// Where events happened: points on country outlines from Natural Earth (the world-atlas
// package, bundled: no tile server, works offline), projected with d3-geo.
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";
import world from "world-atlas/countries-110m.json";

const SVG = "http://www.w3.org/2000/svg"; // the SVG namespace name, not a fetched resource

export class EventMap {
  constructor(svg, onOpen) {
    this.svg = svg;
    this.onOpen = onOpen;
    const width = 640;
    const height = 330;
    const land = feature(world, world.objects.countries);
    this.projection = geoNaturalEarth1().fitSize([width, height], land);
    const path = geoPath(this.projection);
    svg.replaceChildren(
      shape("path", { d: path({ type: "Sphere" }), class: "sphere" }),
      shape("path", { d: path(land), class: "land" }),
      shape("path", { d: path(mesh(world, world.objects.countries, (a, b) => a !== b)), class: "borders" }),
    );
    this.points = shape("g", { class: "points" });
    svg.append(this.points);
  }

  update(collection) {
    this.points.replaceChildren();
    for (const f of collection.features) {
      const [x, y] = this.projection(f.geometry.coordinates);
      const e = f.properties;
      const dot = shape("circle", {
        cx: x, cy: y, r: 3 + Math.sqrt(e.num_mentions || 1) * 1.5,
        class: `point quad-${e.quad_class}`, "data-event-id": e.id,
      });
      const title = shape("title", {});
      title.textContent = `${e.type} · ${e.location.name} · ${e.date || "undated"}`;
      dot.append(title);
      dot.addEventListener("click", () => this.onOpen(e.merged_id || e.id));
      this.points.append(dot);
    }
  }
}

function shape(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
