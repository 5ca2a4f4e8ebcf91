/** Errors a trainer throws that the session tells apart from failures. */

/** A non-finite loss or gradient: the run stops as 'diverged', not 'failed'. */
export class DivergedError extends Error {
  override name = 'DivergedError';
}
