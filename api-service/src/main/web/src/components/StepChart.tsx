import { millis } from '../format';
import type { TimelineEntry } from '../types';

/**
 * The latest attempt's steps as bars on one time axis: each starts when the step began (its entry's time less its
 * duration) and is as long as the step took, so steps that ran in parallel show side by side. Labels are HTML and
 * each bar a stretched SVG, so it reads the same on a phone and a desktop.
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
  return (
    <figure class="chart">
      <ol class="steps" id="step-chart" aria-label="How long each step took, on the attempt's time axis">
        {steps.map((s) => {
          const x = ((s.start - origin) / span) * 1000;
          const w = Math.max(4, (s.ms / span) * 1000);
          return (
            <li class={`step-row bar-${s.type.toLowerCase()}`}>
              <code class="step-name">{s.step}</code>
              <svg class="step-track" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">
                <rect x={Math.min(x, 1000 - w)} y={0} width={w} height={10} class="bar" />
              </svg>
              <span class="step-ms">{millis(s.ms)}</span>
            </li>
          );
        })}
      </ol>
      <figcaption class="axis-caption" title="time since the attempt's first entry"><span>0</span><span>{millis(span)}</span></figcaption>
    </figure>
  );
}
