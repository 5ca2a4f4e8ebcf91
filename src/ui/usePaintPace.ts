import { useEffect } from 'react';
import { paintScheduler } from './paintScheduler';

/** Paces every chart's draws (paintScheduler.ts) while `training` is true. */
export function usePaintPace(training: boolean): void {
  useEffect(() => (training ? paintScheduler.training() : undefined), [training]);
}
