import { useCallback } from 'react';
import type { ErrorChartData, ErrorChartOptions } from '../../charts/errorChart';
import { createErrorChart } from '../../charts/errorChart';
import { createGradientFlow } from '../../charts/gradientFlow';
import type { GradientFlowData } from '../../charts/gradientFlow';
import { runColor } from '../../charts/palette';
import { ChartHost } from '../ChartHost';
import { shortLayer } from './chartData';
import type { RunView } from './chartData';
import { keyRuns } from './captions';
import type { CaptionRun } from './captions';
import './presenter.css';

export interface PresenterInfo {
  /** The session's verdict line (or what the Lab says before one). */
  verdict: string;
  /** The transport's progress line. */
  progress: string;
  onExit(): void;
}

interface Props {
  info: PresenterInfo;
  errors: { data: ErrorChartData; o: Partial<ErrorChartOptions> };
  errorCaption: string;
  runNames: string;
  flows: GradientFlowData[];
  runs: RunView[];
  flowCaption: string;
  sessionRuns: CaptionRun[];
}

/**
 * Charts are drawn at 1/SCALE of their box and enlarged by CSS, so their 15 px ticks read
 * at 21 px from the back of a classroom while the layout stays the charts' own.
 */
export const PRESENTER_SCALE = 1.4;

/** A chart's size inside its box, in the chart's own (unscaled) pixels. */
function boxSize(el: HTMLElement) {
  const box = el.closest('.presenter-box')?.getBoundingClientRect();
  const w = box && box.width > 0 ? box.width : 900;
  const h = box && box.height > 0 ? box.height : 500;
  // Less the figure's padding and its title line.
  return {
    width: Math.max(200, Math.floor(w / PRESENTER_SCALE) - 24),
    height: Math.max(160, Math.floor(h / PRESENTER_SCALE) - 44),
  };
}

/** Presenter mode: the verdict and the key charts fill the screen; Esc or the button leaves. */
export function PresenterView({
  info,
  errors,
  errorCaption,
  runNames,
  flows,
  runs,
  flowCaption,
  sessionRuns,
}: Props) {
  const makeError = useCallback(
    (el: HTMLElement) => {
      const { width, height } = boxSize(el);
      const c = createErrorChart(el, {
        width,
        height,
        label: `Training error vs iteration of ${runNames}`,
      });
      return { update: (d: typeof errors) => c.update(d.data, d.o), destroy: () => c.destroy() };
    },
    [runNames],
  );
  const key = keyRuns(sessionRuns).deepPlain?.label;
  const at = Math.max(
    0,
    runs.findIndex((r) => r.label === key),
  );
  const flowRun = runs[at];
  return (
    <section className="presenter" aria-label="Presenter view" data-testid="presenter">
      <header className="presenter-head">
        <p className="presenter-verdict" data-testid="presenter-verdict" aria-live="polite">
          {info.verdict}
        </p>
        <div className="presenter-bar">
          <ul className="presenter-runs" aria-label="Runs">
            {runs
              .filter((r) => r.visible)
              .map((r) => (
                <li key={r.index}>
                  <span className="swatch" style={{ background: runColor(r.index) }} aria-hidden="true" />
                  {r.label}
                </li>
              ))}
          </ul>
          <p className="presenter-progress">{info.progress}</p>
          <button type="button" className="presenter-exit" onClick={info.onExit} aria-keyshortcuts="Escape">
            Leave (Esc)
          </button>
        </div>
      </header>
      <div className={`presenter-charts${flowRun ? '' : ' single'}`}>
        <div className="presenter-chart">
          <p className="presenter-caption">{errorCaption}</p>
          <div className="presenter-box">
            <div className="presenter-scale">
              <ChartHost title="Training error" make={makeError} data={errors} />
            </div>
          </div>
        </div>
        {flowRun && (
          <div className="presenter-chart">
            <p className="presenter-caption">{flowCaption}</p>
            <div className="presenter-box">
              <div className="presenter-scale">
                <ChartHost<GradientFlowData>
                  key={flowRun.data.id}
                  title={`Gradient flow: ${flowRun.label}`}
                  make={(el) => {
                    const { width, height } = boxSize(el);
                    return createGradientFlow(el, {
                      width,
                      height,
                      labelWidth: Math.min(140, Math.round(width * 0.3)),
                      label: `Gradient flow heatmap, ${flowRun.label}`,
                      formatLayer: shortLayer,
                    });
                  }}
                  data={flows[at]!}
                />
              </div>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
