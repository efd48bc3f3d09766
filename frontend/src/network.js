// The dyad network: who acts on whom, an edge per (source, target) weighted by its events
// (Cytoscape.js). Clicking a node filters the events by that country or actor.
import cytoscape from "cytoscape";

export class Network {
  constructor(container, onPick) {
    this.cy = cytoscape({
      container,
      userZoomingEnabled: true,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": "#5b6b7f", width: "data(size)", height: "data(size)" } },
        { selector: "edge", style: { width: "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#9aa8b8", "target-arrow-color": "#9aa8b8", opacity: 0.8 } },
      ],
    });
    this.cy.on("tap", "node", (e) => onPick(e.target.id()));
  }

  update(dyads) {
    const nodes = new Map();
    const edges = [];
    for (const d of dyads) {
      for (const side of [d.source, d.target]) {
        const node = nodes.get(side.id) || { id: side.id, label: side.name || side.id, events: 0 };
        node.events += d.events;
        nodes.set(side.id, node);
      }
      edges.push({ data: { id: `${d.source.id}>${d.target.id}`, source: d.source.id, target: d.target.id, width: 1 + Math.log2(1 + d.events) * 2 } });
    }
    const elements = [
      ...[...nodes.values()].map((n) => ({ data: { ...n, size: 12 + Math.sqrt(n.events) * 6 } })),
      ...edges,
    ];
    this.cy.elements().remove();
    this.cy.add(elements);
    this.cy.layout({ name: "cose", animate: false, randomize: false, padding: 10 }).run();
  }
}
