import { useCallback, useMemo, useState } from 'react';
import { createCostBars, costTable } from '../../charts/costBars';
import type { CostBarsData, CostMetric } from '../../charts/costBars';
import { createErrorChart, errorTable } from '../../charts/errorChart';
import type { ErrorChartData } from '../../charts/errorChart';
import { createGradientBars, gradientBarsTable } from '../../charts/gradientBars';
import type { GradientBarsData } from '../../charts/gradientBars';
import { createGradientFlow, flowDomain, gradientFlowTable } from '../../charts/gradientFlow';
import type { GradientFlowData } from '../../charts/gradientFlow';
import { createResponseChart, responseTable } from '../../charts/responseChart';
import type { ResponseChartData } from '../../charts/responseChart';
import { runColor } from '../../charts/palette';
import { ChartHost } from '../ChartHost';
import { createDecisionBoundary, decisionBoundaryTable } from '../../charts/decisionBoundary';
import type { DecisionBoundaryData } from '../../charts/decisionBoundary';
import type { LabSnapshot } from '../../state/labStore';
import { barsData, errorData, flowData, responseData, shortLayer } from './chartData';
import type { RunView } from './chartData';

interface Props {
  runs: RunView[];
  cost: CostBarsData;
  version: number;
  boundary: LabSnapshot['boundary'];
  toyPoints: LabSnapshot['toyPoints'];
}

/** Every live chart of the Lab, side by side, one colour per run. */
export function LabCharts({ runs, cost, version, boundary, toyPoints }: Props) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(false);
  const [sorted, setSorted] = useState(false);
  const [metric, setMetric] = useState<CostMetric>('macs');

  // eslint-disable-next-line react-hooks/exhaustive-deps -- version is the store's change counter
  const errors = useMemo(() => errorData(runs), [runs, version]);
  const flows = useMemo(() => {
    const data = runs.map((r) => flowData(r.data));
    const domain = flowDomain(data.filter((d) => d.steps.length > 0));
    return data.map((d) => ({ ...d, domain }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runs, version]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const bars = useMemo(() => barsData(runs), [runs, version]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const responses = useMemo(() => responseData(runs), [runs, version]);

  const errorOptions = useMemo(
    () => ({ yScale: logScale ? ('log' as const) : ('linear' as const), smoothing }),
    [logScale, smoothing],
  );
  const makeError = useCallback((el: HTMLElement) => {
    const c = createErrorChart(el, {
      width: 760,
      height: 380,
      label: 'Training error vs iteration (test error dashed)',
    });
    return {
      update: (d: { data: ErrorChartData; o: typeof errorOptions }) => c.update(d.data, d.o),
      destroy: () => c.destroy(),
    };
  }, []);
  const makeResponse = useCallback((el: HTMLElement) => {
    const c = createResponseChart(el, {
      width: 560,
      height: 340,
      label: 'Std of each block’s residual branch (the paper’s Figure 7)',
    });
    return {
      update: (d: { data: ResponseChartData; sorted: boolean }) => c.update(d.data, { sorted: d.sorted }),
      destroy: () => c.destroy(),
    };
  }, []);
  const makeCost = useCallback((el: HTMLElement) => {
    const c = createCostBars(el, { width: 760, label: 'Cost per block: multiply-adds, FLOPs or parameters' });
    return {
      update: (d: { data: CostBarsData; metric: CostMetric }) => c.update(d.data, { metric: d.metric }),
      destroy: () => c.destroy(),
    };
  }, []);
  const makeBars = useCallback(
    (el: HTMLElement) =>
      createGradientBars(el, {
        width: 760,
        height: 320,
        formatLayer: shortLayer,
        label: 'Latest gradient norm per layer',
      }) as { update(d: GradientBarsData): void; destroy(): void },
    [],
  );

  return (
    <div className="lab-charts">
      <ChartHost
        title="Training error"
        make={makeError}
        data={{ data: errors, o: errorOptions }}
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
      {boundary && toyPoints && (
        <section className="flow-row" aria-label="Decision boundaries">
          {runs.map((r) => {
            const probs = boundary.probs.get(r.data.id);
            if (!probs) return null;
            const data: DecisionBoundaryData = {
              grid: { n: boundary.n, extent: boundary.extent, probs, classes: boundary.classes },
              points: toyPoints,
            };
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
        title="Response magnitude per block"
        make={makeResponse}
        data={{ data: responses, sorted }}
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
        data={{ data: cost, metric }}
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
