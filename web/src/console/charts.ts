/**
 * chart.js with only the pieces the console draws (bar, scatter, line), registered once.
 * Every chart marks its canvas with `data-chart` and `data-points` so tests and people can
 * tell a drawn chart from an empty box.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
  Legend,
);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.animation = false;

const live = new Set<Chart>();

/** Destroy every chart (route change): chart.js keeps listeners otherwise. */
export function destroyCharts(): void {
  for (const chart of live) chart.destroy();
  live.clear();
}

export function drawChart(canvas: HTMLCanvasElement, kind: string, config: ChartConfiguration): Chart {
  const chart = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, ...config.options },
  });
  live.add(chart);
  const points = config.data.datasets.reduce((n, d) => n + d.data.length, 0);
  canvas.dataset.chart = kind;
  canvas.dataset.points = String(points);
  return chart;
}

export const POSITIVE = '#1a8f5a';
export const NEGATIVE = '#c2412d';
export const ACCENT = '#0b5cad';
