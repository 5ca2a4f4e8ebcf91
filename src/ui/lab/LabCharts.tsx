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
import { ChartHost } from '../ChartHost';
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

interface Props {
  /** The session's runs with records; the host remounts this component for a new session. */
  runs: RunView[];
  /** Every run of the session by name (known before its records arrive), for accessible names. */
  runLabels: string[];
  cost: CostBarsData;
  boundary: LabSnapshot['boundary'];
  toyPoints: LabSnapshot['toyPoints'];
}

/** "plain-8, plain-52 and ResNet A-8": the runs a chart's accessible name speaks of. */
const names = (l: string[]) =>
  l.length > 1 ? `${l.slice(0, -1).join(', ')} and ${l.at(-1)}` : (l[0] ?? 'no runs trained yet');

/**
 * Every live chart of the Lab, side by side, one colour per run. Each chart's data is
 * memoised on the part of the runs it shows (chartData's keys), so a store event that
 * brings a chart nothing new does not repaint it.
 */
export function LabCharts({ runs, runLabels, cost, boundary, toyPoints }: Props) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(false);
  const [sorted, setSorted] = useState(false);
  const [metric, setMetric] = useState<CostMetric>('macs');
  const runNames = names(runLabels);

  const byErrors = errorKey(runs);
  const byProbes = probesKey(runs);
  const byProbed = probedKey(runs);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when the runs' points changed
  const errors = useMemo(() => errorData(runs), [byErrors]);
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
        width: 760,
        height: 380,
        label: `Training error vs iteration of ${runNames}: minibatch error solid, test error dashed, error on the whole training set dotted`,
      });
      return {
        update: (d: typeof errorPayload) => c.update(d.data, d.o),
        destroy: () => c.destroy(),
      };
    },
    [runNames],
  );
  const makeResponse = useCallback((el: HTMLElement) => {
    // The chart's own caption and accessible name say what is measured, on how many test examples.
    const c = createResponseChart(el, { width: 760, height: 380 });
    return {
      update: (d: { data: ResponseChartData; sorted: boolean }) => c.update(d.data, { sorted: d.sorted }),
      destroy: () => c.destroy(),
    };
  }, []);
  const makeCost = useCallback(
    (el: HTMLElement) => {
      const c = createCostBars(el, {
        width: 760,
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
        width: 760,
        height: 320,
        formatLayer: shortLayer,
        label: `Latest gradient norm per layer of ${runNames}`,
      }) as { update(d: GradientBarsData): void; destroy(): void },
    [runNames],
  );

  return (
    <div className="lab-charts">
      <ChartHost
        title="Training error"
        make={makeError}
        data={errorPayload}
        table={(d) => errorTable(d.data, smoothing)}
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
      </ChartHost>
      {boundaries.size > 0 && (
        <section className="flow-row" aria-label="Decision boundaries">
          {runs.map((r) => {
            const data = boundaries.get(r.data.id);
            if (!data) return null;
            return (
              <ChartHost<DecisionBoundaryData>
                key={r.data.id}
                title={`Decision boundary: ${r.label}`}
                className={r.visible ? '' : 'dimmed'}
                make={(el) =>
                  createDecisionBoundary(el, {
                    size: 300,
                    label: `Decision boundary of ${r.label} over the data points`,
                  })
                }
                data={data}
                table={decisionBoundaryTable}
              >
                <span className="swatch" style={{ background: runColor(r.index) }} aria-hidden="true" />
              </ChartHost>
            );
          })}
        </section>
      )}
      <section className="flow-row" aria-label="Gradient flow">
        {runs.map((r, i) => (
          <ChartHost<GradientFlowData>
            key={r.data.id}
            title={`Gradient flow: ${r.label}`}
            className={r.visible ? '' : 'dimmed'}
            make={(el) =>
              createGradientFlow(el, {
                width: 370,
                height: 300,
                label: `Gradient flow heatmap, ${r.label}: log10 gradient norm by layer and iteration`,
                formatLayer: shortLayer,
              })
            }
            data={flows[i]!}
            table={gradientFlowTable}
          >
            <span className="swatch" style={{ background: runColor(r.index) }} aria-hidden="true" />
          </ChartHost>
        ))}
      </section>
      <ChartHost<GradientBarsData>
        title="Gradient norm per layer (latest)"
        make={makeBars}
        data={bars}
        table={gradientBarsTable}
      />
      <ChartHost
        title="Layer responses (the paper’s Figure 7)"
        make={makeResponse}
        data={responsePayload}
        table={(d) => responseTable(d.data, d.sorted)}
      >
        <label className="chart-controls">
          <input type="checkbox" checked={sorted} onChange={(e) => setSorted(e.target.checked)} /> sorted by
          magnitude
        </label>
      </ChartHost>
      <ChartHost
        title="Cost of each network"
        make={makeCost}
        data={costPayload}
        table={(d) => costTable(d.data, d.metric)}
      >
        <div className="chart-controls" role="radiogroup" aria-label="Cost metric">
          {(['macs', 'flops', 'params'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="cost-metric" checked={metric === m} onChange={() => setMetric(m)} />{' '}
              {m === 'macs' ? 'multiply-adds' : m === 'flops' ? 'FLOPs' : 'parameters'}
            </label>
          ))}
        </div>
      </ChartHost>
    </div>
  );
}
