import { useCallback, useMemo } from 'react';
import { createErrorChart, errorTable } from '../../charts/errorChart';
import { createGradientBars, gradientBarsTable } from '../../charts/gradientBars';
import type { GradientBarsData } from '../../charts/gradientBars';
import { createResponseChart, responseTable } from '../../charts/responseChart';
import type { ResponseChartData } from '../../charts/responseChart';
import { ChartHost } from '../ChartHost';
import { barsData, errorData, errorKey, probedKey, responseData, shortLayer } from '../lab/chartData';
import type { RunView } from '../lab/chartData';
import { LESSON_SMOOTHING } from './runFacts';

export type LessonChart = 'gradients' | 'responses';

interface Props {
  runs: RunView[];
  /** What the error curve measures, e.g. "Training error" or the identity task's relative error. */
  errorTitle: string;
  extra: readonly LessonChart[];
}

/**
 * The Lab's own charts, fed from the lesson's store: the error curves always, and the
 * gradient-norm bars or the Figure 7 responses where the lesson talks about them. Each
 * chart's data is memoised on chartData's keys, as in the Lab.
 */
export function LessonCharts({ runs, errorTitle, extra }: Props) {
  const names = runs.map((r) => r.label).join(', ') || 'no runs yet';
  const byErrors = errorKey(runs);
  const byProbed = probedKey(runs);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when the runs' points changed
  const errors = useMemo(() => ({ data: errorData(runs) }), [byErrors]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when the runs' probes changed
  const bars = useMemo(() => barsData(runs), [byProbed]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const responses = useMemo(() => responseData(runs), [byProbed]);

  const makeError = useCallback(
    (el: HTMLElement) => {
      const c = createErrorChart(el, {
        width: 640,
        height: 320,
        label: `${errorTitle} vs iteration of ${names}: minibatch solid, held-out dashed`,
      });
      return {
        update: (d: typeof errors) => c.update(d.data, { yScale: 'linear', smoothing: LESSON_SMOOTHING }),
        destroy: () => c.destroy(),
      };
    },
    [errorTitle, names],
  );
  const makeBars = useCallback(
    (el: HTMLElement) =>
      createGradientBars(el, {
        width: 640,
        height: 300,
        formatLayer: shortLayer,
        label: `Latest gradient norm per layer of ${names}`,
      }) as { update(d: GradientBarsData): void; destroy(): void },
    [names],
  );
  const makeResponse = useCallback(
    (el: HTMLElement) =>
      createResponseChart(el, { width: 640, height: 320 }) as {
        update(d: ResponseChartData): void;
        destroy(): void;
      },
    [],
  );

  return (
    <div className="lesson-charts">
      <ChartHost
        title={errorTitle}
        make={makeError}
        data={errors}
        table={(d) => errorTable(d.data, LESSON_SMOOTHING)}
      />
      {extra.includes('gradients') && (
        <ChartHost<GradientBarsData>
          title="Gradient norm per layer (latest)"
          make={makeBars}
          data={bars}
          table={gradientBarsTable}
        />
      )}
      {extra.includes('responses') && (
        <ChartHost<ResponseChartData>
          title="Layer responses (the paper’s Figure 7)"
          make={makeResponse}
          data={responses}
          table={(d) => responseTable(d)}
        />
      )}
    </div>
  );
}
