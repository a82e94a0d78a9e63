import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartType,
} from 'chart.js';

export interface Series {
  label: string;
  data: (number | null)[];
}

Chart.register(BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip);

/** NHS identity colours. */
const COLOURS = ['#005eb8', '#007f3b', '#330072', '#ffb81c', '#d5281b', '#00a499', '#425563'];

/** Draws a chart on a canvas; loaded only where a chart is shown. */
export function drawChart(
  canvas: HTMLCanvasElement,
  {
    type,
    labels,
    series,
    horizontal,
    scale,
  }: { type: ChartType; labels: string[]; series: Series[]; horizontal?: boolean; scale?: { min: number; max: number } },
): { destroy(): void; valueTicks: number[] } {
  const chart = new Chart(canvas, {
    type,
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.data,
        backgroundColor: COLOURS[i % COLOURS.length],
        borderColor: COLOURS[i % COLOURS.length],
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      // Every figure charted is a count or a change of a whole score: no "1.5 pairs" on the value axis; a
      // figure on a scale of its own (a score from 1 to 5) is drawn on that scale.
      scales: {
        [horizontal ? 'x' : 'y']: scale ? { min: scale.min, max: scale.max, ticks: { precision: 0 } } : { beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  });
  return { destroy: () => chart.destroy(), valueTicks: chart.scales[horizontal ? 'x' : 'y']!.ticks.map((t) => t.value) };
}
