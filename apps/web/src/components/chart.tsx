import { useEffect, useRef } from 'react';
import type { ChartType } from 'chart.js';
import type { Series } from './chart-canvas';
import { DataTable } from './layout';

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
  scale,
}: {
  id: string;
  title: string;
  /** A sentence under the title: what the chart leaves out, and where to find it. */
  note?: string;
  type: ChartType;
  labels: string[];
  series: Series[];
  horizontal?: boolean;
  /** The value axis's range, for figures on a scale of their own (a score from 1 to 5); else from 0. */
  scale?: { min: number; max: number };
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const figure = useRef<HTMLElement>(null);
  const key = JSON.stringify({ type, labels, series, horizontal, scale });
  useEffect(() => {
    // Chart.js comes with the first chart drawn, not with the app: a third of its script, which the
    // screens without charts (all a pair member sees) need not wait for.
    let chart: { destroy(): void } | undefined;
    let gone = false;
    void import('./chart-canvas').then(({ drawChart }) => {
      if (gone || !canvas.current) return;
      const drawn = drawChart(canvas.current, { type, labels, series, horizontal, ...(scale ? { scale } : {}) });
      chart = drawn;
      figure.current?.setAttribute('data-rendered', 'true');
      // The value axis's ticks as drawn, for checks that cannot read the canvas.
      figure.current?.setAttribute('data-value-ticks', drawn.valueTicks.join(' '));
    });
    return () => {
      gone = true;
      chart?.destroy();
      figure.current?.removeAttribute('data-rendered');
    };
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
        <div className="nhsuk-details__text">
          <DataTable
            caption={title}
            headings={['', ...series.map((s) => s.label)]}
            rowHeadings
            rows={labels.map((label, row) => ({ label, row }))}
            rowKey={({ label }) => label}
            cells={({ label, row }) => [label, ...series.map((s) => s.data[row] ?? '—')]}
          />
        </div>
      </details>
    </figure>
  );
}
