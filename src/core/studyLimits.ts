/** The bounds of the trained-net studies, shared by the worker protocol and the command line. */

/** Points per axis of a loss-landscape slice: odd, so that the trained weights are the centre. */
export const LANDSCAPE_POINTS = { min: 5, max: 41 } as const;

/** Random subsets per number of deleted blocks in a lesion study. */
export const LESION_DRAWS = 3;
