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
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip);

/** NHS identity colours. */
export const COLOURS = ['#005eb8', '#007f3b', '#330072', '#ffb81c', '#d5281b', '#00a499', '#425563'];

export interface Series {
  label: string;
  data: (number | null)[];
}

/**
 * A chart with its figures also in a table beneath it, so people who cannot see the chart (or want the
 * numbers) lose nothing.
 */
export function ChartFigure({
  id,
  title,
  type,
  labels,
  series,
  horizontal,
  note,
}: {
  id: string;
  title: string;
  /** A sentence under the title: what the chart leaves out, and where to find it. */
  note?: string;
  type: ChartType;
  labels: string[];
  series: Series[];
  horizontal?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const figure = useRef<HTMLElement>(null);
  const key = JSON.stringify({ type, labels, series, horizontal });
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
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
        // Every figure charted is a count or a change of a whole score: no "1.5 pairs" on the value axis.
        scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    figure.current?.setAttribute('data-rendered', 'true');
    // The value axis's ticks as drawn, for checks that cannot read the canvas.
    figure.current?.setAttribute('data-value-ticks', chart.scales[horizontal ? 'x' : 'y']!.ticks.map((t) => t.value).join(' '));
    return () => chart.destroy();
  }, [key]);
  return (
    <figure className="pt-figure" data-chart={id} ref={figure}>
      <figcaption>
        <h3 className="nhsuk-heading-s">{title}</h3>
        {note ? <p className="nhsuk-body-s">{note}</p> : null}
      </figcaption>
      <div style={{ position: 'relative', height: 320 }}>
        <canvas ref={canvas} role="img" aria-label={`${title}. The same figures are in the table below.`} />
      </div>
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Show the figures as a table</span>
        </summary>
        <div className="nhsuk-details__text pt-scroll">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{title}</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col"></th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {labels.map((label, row) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.label}>{s.data[row] ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
