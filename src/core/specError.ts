/** A NetSpec (or a name, flag or URL value that makes one) that cannot be built, with the field to blame. */
export class SpecError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'SpecError';
    this.field = field;
  }
}
