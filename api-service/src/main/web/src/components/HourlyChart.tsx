import { duration } from '../format';
import type { HourlyPercentiles } from '../types';

/**
 * Time to ready per hour over the last 24 hours: p95 as a light bar, p50 as a dark one inside it. The bars are a
 * stretched SVG and the axis labels HTML, so the chart fits a phone as well as a desktop.
 */
export function HourlyChart({ hours }: { hours: HourlyPercentiles[] }) {
  const top = niceCeiling(Math.max(1, ...hours.map((h) => h.p95Seconds ?? h.p50Seconds ?? 0)));
  const slot = 1000 / Math.max(1, hours.length);
  const y = (s: number) => 100 - (s / top) * 100;
  return (
    <figure class="chart hourly" id="hourly-chart">
      <div class="hourly-plot">
        <div class="y-axis" aria-hidden="true">
          <span>{duration(top)}</span><span>{duration(top / 2)}</span><span>0</span>
        </div>
        <svg viewBox="0 0 1000 100" preserveAspectRatio="none" role="img" aria-labelledby="hourly-title">
          <title id="hourly-title">Time to ready per hour, last 24 hours (p50 and p95)</title>
          {[0, 50, 100].map((g) => <line x1={0} x2={1000} y1={g} y2={g} class="grid-line" vector-effect="non-scaling-stroke" />)}
          {hours.map((h, i) => {
            const x = i * slot + slot * 0.15;
            const w = slot * 0.7;
            const label = `${hourLabel(h.hourStart)}: ${h.count} ready`
              + (h.count ? `, p50 ${duration(h.p50Seconds)}, p95 ${duration(h.p95Seconds)}` : '');
            return (
              <g class="hour">
                <title>{label}</title>
                {h.p95Seconds !== null && <rect x={x} y={y(h.p95Seconds)} width={w} height={100 - y(h.p95Seconds)} class="p95" />}
                {h.p50Seconds !== null && <rect x={x + w * 0.2} y={y(h.p50Seconds)} width={w * 0.6} height={100 - y(h.p50Seconds)} class="p50" />}
                {h.count === 0 && <rect x={x} y={99} width={w} height={1} class="empty-hour" />}
              </g>
            );
          })}
        </svg>
      </div>
      <div class="x-axis" aria-hidden="true">
        {hours.map((h, i) => <span>{i % 3 === 0 ? hourLabel(h.hourStart) : ''}</span>)}
      </div>
      <figcaption class="legend">
        <span class="key p95" aria-hidden="true" /> p95 <span class="key p50" aria-hidden="true" /> p50 of the stores
        that became ready in each hour (hover a bar for its figures)
      </figcaption>
    </figure>
  );
}

function hourLabel(iso: string): string {
  return `${String(new Date(iso).getHours()).padStart(2, '0')}:00`;
}

/** 1, 2 or 5 times a power of ten, at least {@code n}: round numbers on the axis. */
function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}
