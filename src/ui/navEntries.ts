import { LESSONS } from '../core/lessons';

/** One destination in the main navigation; the landing page lists the same entries. */
export interface NavEntry {
  /** Router path, without the `#`. */
  readonly path: string;
  /** Short label for the nav bar. */
  readonly label: string;
  /** One line for the landing page saying what the page is for. */
  readonly blurb: string;
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { path: '/lab', label: 'Lab', blurb: 'Train a plain network and its residual twin side by side, live.' },
  { path: '/blocks', label: 'Blocks', blurb: 'Take the basic and bottleneck residual blocks apart.' },
  { path: '/zoo', label: 'Zoo', blurb: 'Compare ResNets, their plain twins and VGG by depth and cost.' },
  {
    path: '/lessons',
    label: 'Lessons',
    blurb: `${LESSONS.length} short lessons, degradation to pre-activation: predict, train a live experiment, see what it shows.`,
  },
];
