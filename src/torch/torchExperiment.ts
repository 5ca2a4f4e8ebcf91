/**
 * What the PyTorch export writes a program for: an experiment as plain data, the same that
 * the `train` command runs (a preset) or a Lab session was built from.
 */
import type { DataSource } from '../core/dataSource';
import type { NetSpec } from '../core/netSpec';
import type { TrainConfig } from '../core/trainConfig';

export interface TorchRun {
  /** The run's id in the log, e.g. "run1" or "plain-52". */
  id: string;
  /** What the Lab calls it, e.g. "ResNet A-52"; the id when absent. */
  label?: string;
  spec: NetSpec;
}

export interface TorchExperiment {
  /** A short name for the file and the log, e.g. "degradation-mlp" or "lab". */
  name: string;
  title: string;
  data: DataSource;
  runs: TorchRun[];
  config: TrainConfig;
  /** Examples per split of the interim evaluations (the engine's default 1,000). */
  evalSample?: number;
}
