/**
 * Why a file was refused. A loader either returns a whole, valid dataset or throws
 * one of these; nothing partly loaded ever escapes. `code` lets the UI choose a
 * hint without parsing the message; the message says what was found and what was
 * expected, so it can be shown to the person who brought the file as is.
 */
export type DataFormatProblem =
  | 'empty-file'
  | 'truncated-header'
  | 'bad-magic'
  | 'length-mismatch'
  | 'count-mismatch'
  | 'label-out-of-range'
  | 'corrupt-gzip'
  | 'bad-record-length'
  | 'checksum-mismatch'
  | 'bad-manifest';

export class DataFormatError extends Error {
  override readonly name = 'DataFormatError';
  constructor(
    readonly problem: DataFormatProblem,
    message: string,
  ) {
    super(message);
  }
}
