import { millis } from '../format';
import type { TimelineEntry } from '../types';

const ROW = 24;
const LABEL = 130;
const WIDTH = 640;
const VALUE = 70;

/**
 * The latest attempt's steps as bars on one time axis: each starts when the step began (its entry's time less its
 * duration) and is as long as the step took, so steps that ran in parallel show side by side.
 */
export function StepChart({ timeline, generation }: { timeline: TimelineEntry[]; generation: number }) {
  let attempt = timeline.filter((e) => e.generation === generation);
  if (!attempt.some((e) => e.durationMs !== null)) {
    // A fresh intent (a retry, a delete) has no step yet: show the last attempt that had some.
    const last = [...timeline].reverse().find((e) => e.durationMs !== null);
    attempt = last ? timeline.filter((e) => e.generation === last.generation) : [];
  }
  const steps = attempt.filter((e) => e.durationMs !== null).map((e) => {
    const end = Date.parse(e.time);
    return { step: e.step, type: e.type, ms: e.durationMs!, start: end - e.durationMs!, end };
  });
  if (steps.length === 0) return <p class="muted">No step has finished yet.</p>;
  const origin = Math.min(Date.parse(attempt[0].time), ...steps.map((s) => s.start));
  const span = Math.max(1, Math.max(...steps.map((s) => s.end)) - origin);
  const plot = WIDTH - LABEL - VALUE;
  const height = steps.length * ROW + 24;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="step-chart-title" id="step-chart"
           class="step-chart">
        <title id="step-chart-title">How long each step took, on the attempt's time axis</title>
        {steps.map((s, i) => {
          const x = LABEL + ((s.start - origin) / span) * plot;
          const w = Math.max(2, (s.ms / span) * plot);
          const y = i * ROW + 4;
          return (
            <g class={`bar-row bar-${s.type.toLowerCase()}`}>
              <text x={LABEL - 8} y={y + 13} text-anchor="end" class="bar-label">{s.step}</text>
              <rect x={x} y={y} width={w} height={ROW - 8} rx={3} class="bar">
                <title>{`${s.step}: ${millis(s.ms)}`}</title>
              </rect>
              <text x={Math.min(x + w + 6, WIDTH - VALUE + 4)} y={y + 13} class="bar-value">{millis(s.ms)}</text>
            </g>
          );
        })}
        <line x1={LABEL} x2={LABEL + plot} y1={height - 18} y2={height - 18} class="axis" />
        <text x={LABEL} y={height - 4} class="axis-label">0</text>
        <text x={LABEL + plot} y={height - 4} text-anchor="end" class="axis-label">{millis(span)}</text>
      </svg>
    </figure>
  );
}
