import { useCallback, useMemo, useRef, useState } from 'react';
import { createCostBars, costTable } from '../../charts/costBars';
import type { CostBarsData, CostMetric } from '../../charts/costBars';
import { createErrorChart, errorTable } from '../../charts/errorChart';
import { createGradientBars, gradientBarsTable } from '../../charts/gradientBars';
import type { GradientBarsData } from '../../charts/gradientBars';
import { createGradientFlow, gradientFlowTable } from '../../charts/gradientFlow';
import type { GradientFlowData } from '../../charts/gradientFlow';
import { createResponseChart, responseTable } from '../../charts/responseChart';
import type { ResponseChartData } from '../../charts/responseChart';
import { runColor } from '../../charts/palette';
import { createDecisionBoundary, decisionBoundaryTable } from '../../charts/decisionBoundary';
import type { DecisionBoundaryData } from '../../charts/decisionBoundary';
import type { LabSnapshot } from '../../state/labStore';
import {
  barsData,
  errorData,
  errorKey,
  probedKey,
  probesKey,
  responseData,
  sharedFlows,
  shortLayer,
} from './chartData';
import type { FlowCache, RunView } from './chartData';
import {
  barsCaption,
  boundaryCaption,
  costCaption,
  errorCaption,
  flowCaption,
  responseCaption,
} from './captions';
import type { CaptionRun } from './captions';
import { fitWidth, LabChart } from './LabChart';
import { PresenterView } from './PresenterView';
import type { OverlayRun } from './torchOverlay';
import type { PresenterInfo } from './PresenterView';

interface Props {
  /** The session's runs with records; the host remounts this component for a new session. */
  runs: RunView[];
  /** Every run of the session (known before its records arrive): names and captions speak of these. */
  sessionRuns: CaptionRun[];
  cost: CostBarsData;
  boundary: LabSnapshot['boundary'];
  toyPoints: LabSnapshot['toyPoints'];
  /** Set while presenting: the verdict and the key charts fill the screen instead. */
  presenter?: PresenterInfo | null;
  /** A PyTorch log's runs, drawn on the training-error chart beside the session's. */
  overlay?: readonly OverlayRun[];
}

const NO_OVERLAY: readonly OverlayRun[] = [];

/**
 * The error chart's height: what is left of the first screen below its top (so at 1280×720
 * the transport, verdict and this chart show together), within 200–360 px.
 */
function firstScreenHeight(el: HTMLElement): number {
  const top = el.getBoundingClientRect().top + window.scrollY;
  const left = Math.floor(window.innerHeight - top - 24);
  return Number.isFinite(left) && window.innerHeight > 0 ? Math.min(360, Math.max(200, left)) : 300;
}

const NOT_TRAINED = 'No training yet: press Train (or the space bar).';

/** "plain-8, plain-52 and ResNet A-8": the runs a chart's accessible name speaks of. */
const names = (l: string[]) =>
  l.length > 1 ? `${l.slice(0, -1).join(', ')} and ${l.at(-1)}` : (l[0] ?? 'no runs trained yet');

/**
 * Every live chart of the Lab, side by side, one colour per run. Each chart's data is
 * memoised on the part of the runs it shows (chartData's keys), so a store event that
 * brings a chart nothing new does not repaint it.
 */
export function LabCharts({
  runs,
  sessionRuns,
  cost,
  boundary,
  toyPoints,
  presenter,
  overlay = NO_OVERLAY,
}: Props) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(false);
  const [sorted, setSorted] = useState(false);
  const [metric, setMetric] = useState<CostMetric>('macs');
  const runLabels = sessionRuns.map((r) => r.label);
  const runNames = names(runLabels);

  const byErrors = errorKey(runs);
  const byProbes = probesKey(runs);
  const byProbed = probedKey(runs);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when the runs' points changed
  const errors = useMemo(() => errorData(runs, overlay), [byErrors, overlay]);
  const overlaid = overlay.length
    ? `; overlaid from a PyTorch log, lighter with test error as rings: ${names(overlay.map((o) => o.label))}`
    : '';
  const flowCache = useRef<FlowCache>(new Map());
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when the runs' probes changed
  const flows = useMemo(() => sharedFlows(runs, flowCache.current), [byProbes]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const bars = useMemo(() => barsData(runs), [byProbed]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const responses = useMemo(() => responseData(runs), [byProbed]);

  const errorPayload = useMemo(
    () => ({ data: errors, o: { yScale: logScale ? ('log' as const) : ('linear' as const), smoothing } }),
    [errors, logScale, smoothing],
  );
  const responsePayload = useMemo(() => ({ data: responses, sorted }), [responses, sorted]);
  const costPayload = useMemo(() => ({ data: cost, metric }), [cost, metric]);
  // Toy data only: each run's latest probability grid over the points, rebuilt per boundary event.
  const boundaries = useMemo(() => {
    const out = new Map<string, DecisionBoundaryData>();
    if (!boundary || !toyPoints) return out;
    for (const [run, probs] of boundary.probs)
      out.set(run, {
        grid: { n: boundary.n, extent: boundary.extent, probs, classes: boundary.classes },
        points: toyPoints,
      });
    return out;
  }, [boundary, toyPoints]);
  const makeError = useCallback(
    (el: HTMLElement) => {
      const c = createErrorChart(el, {
        width: fitWidth(el, 760),
        height: firstScreenHeight(el),
        label: `Training error vs iteration of ${runNames}: minibatch error solid, test error dashed, error on the whole training set dotted${overlaid}`,
      });
      return {
        // Re-fitted on each update: the empty state and the verdict above it change its top.
        update: (d: typeof errorPayload) => c.update(d.data, { ...d.o, height: firstScreenHeight(el) }),
        destroy: () => c.destroy(),
      };
    },
    [runNames, overlaid],
  );
  const makeResponse = useCallback((el: HTMLElement) => {
    // The chart's own caption and accessible name say what is measured, on how many test examples.
    const c = createResponseChart(el, { width: fitWidth(el, 760), height: 340 });
    return {
      update: (d: { data: ResponseChartData; sorted: boolean }) => c.update(d.data, { sorted: d.sorted }),
      destroy: () => c.destroy(),
    };
  }, []);
  const makeCost = useCallback(
    (el: HTMLElement) => {
      const c = createCostBars(el, {
        width: fitWidth(el, 760),
        label: `Cost per block of ${cost.runs.map((r) => r.label).join(', ') || 'no runs'}: multiply-adds, FLOPs or parameters`,
      });
      return {
        update: (d: { data: CostBarsData; metric: CostMetric }) => c.update(d.data, { metric: d.metric }),
        destroy: () => c.destroy(),
      };
    },
    [cost],
  );
  const makeBars = useCallback(
    (el: HTMLElement) =>
      createGradientBars(el, {
        width: fitWidth(el, 760),
        height: 300,
        formatLayer: shortLayer,
        label: `Latest gradient norm per layer of ${runNames}`,
      }) as { update(d: GradientBarsData): void; destroy(): void },
    [runNames],
  );

  const hasPoints = errors.runs.some((r) => r.train.value.length > 0);
  const probed = bars.runs.length > 0;
  const notProbed = runs.length
    ? 'No gradients measured yet: the first probe comes after a few steps.'
    : NOT_TRAINED;
  const errorEmpty = hasPoints
    ? null
    : runs.length
      ? 'No points yet: the first steps are on their way.'
      : NOT_TRAINED;
  const cols = { '--cols': Math.max(1, runs.length) } as React.CSSProperties;

  if (presenter)
    return (
      <PresenterView
        info={presenter}
        errors={errorPayload}
        errorCaption={errorCaption(sessionRuns)}
        runNames={runNames}
        flows={flows}
        runs={runs}
        flowCaption={flowCaption(sessionRuns, runLabels, flows)}
        sessionRuns={sessionRuns}
      />
    );

  return (
    <div className="lab-charts">
      <LabChart
        title="Training error"
        make={makeError}
        data={errorPayload}
        table={(d) => errorTable(d.data, smoothing)}
        caption={errorCaption(sessionRuns)}
        empty={errorEmpty}
      >
        <div className="chart-controls">
          <label>
            Smoothing <output>{smoothing.toFixed(2)}</output>
            <input
              type="range"
              min={0}
              max={0.99}
              step={0.01}
              value={smoothing}
              onChange={(e) => setSmoothing(Number(e.target.value))}
            />
          </label>
          <label>
            <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log
            scale
          </label>
        </div>
      </LabChart>
      {boundaries.size > 0 && (
        <section className="run-row" aria-label="Decision boundaries">
          <p className="look-for row-caption">{boundaryCaption(sessionRuns)}</p>
          <div className="run-cols" style={cols}>
            {runs.map((r) => {
              const data = boundaries.get(r.data.id);
              if (!data) return null;
              return (
                <LabChart<DecisionBoundaryData>
                  key={r.data.id}
                  title={`Decision boundary: ${r.label}`}
                  className={r.visible ? '' : 'dimmed'}
                  make={(el) =>
                    createDecisionBoundary(el, {
                      // The plot square plus its axes' margins fits the column.
                      size: Math.min(300, fitWidth(el, 370) - 70),
                      label: `Decision boundary of ${r.label} over the data points`,
                    })
                  }
                  data={data}
                  table={decisionBoundaryTable}
                >
                  <span className="swatch" style={{ background: runColor(r.index) }} aria-hidden="true" />
                </LabChart>
              );
            })}
          </div>
        </section>
      )}
      <section className="run-row" aria-label="Gradient flow">
        <p className="look-for row-caption">{flowCaption(sessionRuns, runLabels, flows)}</p>
        {runs.length === 0 && (
          <p className="chart-empty" data-testid="chart-empty">
            One heatmap of gradient norms per run appears here. {NOT_TRAINED}
          </p>
        )}
        <div className="run-cols" style={cols}>
          {runs.map((r, i) => (
            <LabChart<GradientFlowData>
              key={r.data.id}
              title={`Gradient flow: ${r.label}`}
              className={r.visible ? '' : 'dimmed'}
              make={(el) => {
                const width = fitWidth(el, 370);
                return createGradientFlow(el, {
                  width,
                  height: 280,
                  // Narrow columns give the heatmap more room than the layer names.
                  labelWidth: Math.min(120, Math.round(width * 0.3)),
                  label: `Gradient flow heatmap, ${r.label}: log10 gradient norm by layer and iteration`,
                  formatLayer: shortLayer,
                });
              }}
              data={flows[i]!}
              table={gradientFlowTable}
              empty={flows[i]!.steps.length ? null : 'No gradients measured yet.'}
            >
              <span className="swatch" style={{ background: runColor(r.index) }} aria-hidden="true" />
            </LabChart>
          ))}
        </div>
      </section>
      <LabChart<GradientBarsData>
        title="Gradient norm per layer (latest)"
        make={makeBars}
        data={bars}
        table={gradientBarsTable}
        caption={barsCaption(bars)}
        empty={probed ? null : notProbed}
      />
      <LabChart
        title="Layer responses (the paper’s Figure 7)"
        make={makeResponse}
        data={responsePayload}
        table={(d) => responseTable(d.data, d.sorted)}
        caption={responseCaption(sessionRuns, responses)}
        empty={responses.runs.length ? null : notProbed.replace('gradients', 'responses')}
      >
        <label className="chart-controls">
          <input type="checkbox" checked={sorted} onChange={(e) => setSorted(e.target.checked)} /> sorted by
          magnitude
        </label>
      </LabChart>
      <LabChart
        title="Cost of each network"
        make={makeCost}
        data={costPayload}
        table={(d) => costTable(d.data, d.metric)}
        caption={costCaption(cost)}
        empty={cost.runs.length ? null : 'No network can be built from these settings: see the run cards.'}
      >
        <div className="chart-controls" role="radiogroup" aria-label="Cost metric">
          {(['macs', 'flops', 'params'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="cost-metric" checked={metric === m} onChange={() => setMetric(m)} />{' '}
              {m === 'macs' ? 'multiply-adds' : m === 'flops' ? 'FLOPs' : 'parameters'}
            </label>
          ))}
        </div>
      </LabChart>
    </div>
  );
}
