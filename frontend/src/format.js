// Small shared helpers for showing coded values.

export const QUADS = {
  1: "verbal cooperation",
  2: "material cooperation",
  3: "verbal conflict",
  4: "material conflict",
};

export function code(ref) {
  if (!ref) return "";
  return [ref.country, ref.sector].filter(Boolean).join(" ");
}

export function actor(ref) {
  if (!ref) return "—";
  const c = code(ref);
  return c ? `${ref.name} (${c})` : ref.name;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function coding(event) {
  const lines = [
    `${event.type}${event.mode ? " · " + event.mode : ""}${event.cameo ? " · CAMEO " + event.cameo : ""}`,
    `${actor(event.source)} → ${actor(event.target)}`,
    `quad ${event.quad_class ?? "—"} ${QUADS[event.quad_class] || ""}`,
    `date ${event.date || "—"} (${event.date_precision || "—"})`,
  ];
  if (event.location) lines.push(`place ${event.location.name} ${event.location.country || ""}`);
  if (event.negated) lines.push("negated");
  if (event.modality && event.modality !== "asserted") lines.push(event.modality);
  if (event.confidence !== undefined) lines.push(`confidence ${Number(event.confidence).toFixed(2)}`);
  return lines.join("\n");
}
