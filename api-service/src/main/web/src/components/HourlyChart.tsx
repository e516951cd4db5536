import { duration } from '../format';
import type { HourlyPercentiles } from '../types';

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 56;
const BOTTOM = 28;
const TOP = 12;

/** Time to ready per hour over the last 24 hours: p95 as a light bar, p50 as a dark one inside it. */
export function HourlyChart({ hours }: { hours: HourlyPercentiles[] }) {
  const max = Math.max(1, ...hours.map((h) => h.p95Seconds ?? h.p50Seconds ?? 0));
  const top = niceCeiling(max);
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = plotW / Math.max(1, hours.length);
  const y = (s: number) => TOP + plotH - (s / top) * plotH;
  const ticks = [0, top / 2, top];
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="hourly-title" id="hourly-chart" class="hourly-chart">
        <title id="hourly-title">Time to ready per hour, last 24 hours (p50 and p95)</title>
        {ticks.map((t) => (
          <g>
            <line x1={LEFT} x2={WIDTH - 8} y1={y(t)} y2={y(t)} class="grid-line" />
            <text x={LEFT - 6} y={y(t) + 4} text-anchor="end" class="axis-label">{duration(t)}</text>
          </g>
        ))}
        {hours.map((h, i) => {
          const x = LEFT + i * slot + slot * 0.15;
          const w = slot * 0.7;
          const hour = new Date(h.hourStart);
          const label = `${hour.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}: ${h.count} ready`
            + (h.count ? `, p50 ${duration(h.p50Seconds)}, p95 ${duration(h.p95Seconds)}` : '');
          return (
            <g class="hour">
              <title>{label}</title>
              {h.p95Seconds !== null && <rect x={x} y={y(h.p95Seconds)} width={w} height={y(0) - y(h.p95Seconds)} class="p95" rx={2} />}
              {h.p50Seconds !== null && <rect x={x + w * 0.2} y={y(h.p50Seconds)} width={w * 0.6} height={y(0) - y(h.p50Seconds)} class="p50" rx={2} />}
              {h.count === 0 && <rect x={x} y={y(0) - 2} width={w} height={2} class="empty-hour" />}
              {i % 3 === 0 && (
                <text x={x + w / 2} y={HEIGHT - 10} text-anchor="middle" class="axis-label">
                  {String(hour.getHours()).padStart(2, '0')}h
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="key p95" aria-hidden="true" /> p95 <span class="key p50" aria-hidden="true" /> p50, per hour the
        stores became ready (hover a bar for its figures)
      </figcaption>
    </figure>
  );
}

/** 1, 2 or 5 times a power of ten, at least {@code n}: round numbers on the axis. */
function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}
