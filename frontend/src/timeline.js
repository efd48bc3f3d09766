// Events per ISO week, stacked by CAMEO quad class (Chart.js).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { QUADS } from "./format.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const QUAD_COLOURS = { 1: "#4c9f70", 2: "#2f6db5", 3: "#e0913a", 4: "#c8413b" };

export class Timeline {
  constructor(canvas) {
    this.chart = new Chart(canvas, {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      },
    });
  }

  update(byWeek) {
    const weeks = [...new Set(byWeek.map((w) => w.week))].sort();
    const index = new Map(weeks.map((w, i) => [w, i]));
    this.chart.data.labels = weeks;
    this.chart.data.datasets = [1, 2, 3, 4].map((quad) => {
      const counts = new Array(weeks.length).fill(0);
      for (const w of byWeek) if (w.quad_class === quad) counts[index.get(w.week)] += w.events;
      return { label: `${quad} ${QUADS[quad]}`, data: counts, backgroundColor: QUAD_COLOURS[quad] };
    });
    this.chart.update();
  }
}
