/** Read the site's static files (public/) from disk, as the browser would fetch them. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FetchBytes } from '../data/fashionSubset';

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));

export function publicFetcher(root = PUBLIC): FetchBytes {
  return async (path) => new Uint8Array(await readFile(`${root}${path}`));
}
