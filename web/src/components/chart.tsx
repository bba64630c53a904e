/**
 * Charts with uPlot: lines over time (thread health) and the small chart of an operation's
 * readings. Each is a figure with a caption, and its numbers are there as a table for those who
 * do not read charts (screen readers, print).
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  /** one value per x; null leaves a gap */
  readonly values: readonly (number | null)[];
  readonly color: string;
}

const PALETTE = ['#1f5fa8', '#b3261e', '#1b7a3d', '#8a5a00', '#6b3fa0', '#00707a', '#5b5b5b'];
export const color = (i: number) => PALETTE[i % PALETTE.length] as string;

export function LineChart({
  x,
  series,
  height = 220,
  percent = false,
  label,
}: {
  /** x values: seconds since the epoch */
  x: readonly number[];
  series: readonly Series[];
  height?: number;
  percent?: boolean;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height,
        scales: {
          x: { time: true },
          y: percent ? { range: (_u, _min, max) => [0, Math.max(max, 0.01)] } : {},
        },
        axes: [
          { stroke: '#444' },
          {
            stroke: '#444',
            size: 60,
            values: (_u, ticks) =>
              ticks.map((t) => (percent ? `${(t * 100).toFixed(t < 0.1 ? 1 : 0)} %` : String(t))),
          },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            points: { show: x.length < 60 },
            value: (_u: uPlot, v: number | null) =>
              v === null ? '—' : percent ? `${(v * 100).toFixed(2)} %` : String(v),
          })),
        ],
        legend: { live: true },
      },
      [x as number[], ...series.map((s) => s.values as (number | null)[])] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, el.clientWidth), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, height, percent]);
  return <div ref={box} class="chart" role="img" aria-label={label} />;
}
