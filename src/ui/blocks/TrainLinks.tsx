import { Link } from 'react-router';
import { runLabel } from '../../core/labState';
import type { LabState } from '../../core/labState';
import { labMacs } from '../../core/labExperiments';
import { encodeLabState } from '../../core/urlCodec';
import { formatShort } from '../numbers';

interface Props {
  state: LabState;
  label: string;
  /** Say each run's multiply-adds (for the matched-cost experiment). */
  showMacs?: boolean;
}

/** A link that opens the Lab on an experiment, and the runs it holds. */
export function TrainLink({ state, label, showMacs }: Props) {
  return (
    <p className="train-link">
      <Link className="button" to={{ pathname: '/lab', search: `?${encodeLabState(state)}` }}>
        {label}
      </Link>{' '}
      <span className="hint">
        Fashion-MNIST,{' '}
        {state.runs
          .map(
            (r) =>
              `${runLabel(r)} (width ${r.width}${showMacs ? `, ${formatShort(labMacs(r))} multiply-adds` : ''})`,
          )
          .join(' vs ')}
      </span>
    </p>
  );
}
