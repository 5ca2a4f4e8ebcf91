import type { Dataset } from './dataset';
import { classCounts } from './dataset';
import { DataFormatError } from './errors';
import type { FashionManifest, ManifestFile, ManifestSplit } from './fashionManifest';
import { parseFashionManifest } from './fashionManifest';
import { maybeGunzip } from './gzip';
import { loadIdxDataset } from './idxDataset';
import { sha256Hex } from './sha256';

/**
 * Reads a file of the site's static data and resolves to its bytes. Injected by
 * the caller so src/data touches neither `fetch` nor `fs`:
 *   browser: (p) => fetch(import.meta.env.BASE_URL + p).then(async (r) => new Uint8Array(await r.arrayBuffer()))
 *   Node:    (p) => fs.promises.readFile(path.join('public', p))
 * A fetcher should reject on a failed request (e.g. HTTP 404) rather than return the error page.
 */
export type FetchBytes = (path: string) => Promise<Uint8Array>;

/** Folder of the shipped subset, relative to the site root (public/ in the repository). */
export const FASHION_SUBSET_DIR = 'data/fashion-mnist';

export interface FashionSubset {
  readonly train: Dataset<Uint8Array>;
  readonly test: Dataset<Uint8Array>;
  readonly manifest: FashionManifest;
}

/**
 * Load the shipped Fashion-MNIST subset: read the manifest, then each IDX file,
 * and check each file's inflated content against the manifest's sha256 (the
 * inflated hash, so the check holds even when a server has already undone the
 * gzip via Content-Encoding) and each split's count, class balance and shape.
 * Any mismatch is a `DataFormatError`; nothing partial is returned.
 */
export async function loadFashionSubset(
  fetchBytes: FetchBytes,
  dir = FASHION_SUBSET_DIR,
): Promise<FashionSubset> {
  const manifestPath = `${dir}/manifest.json`;
  const manifest = parseFashionManifest(await fetchBytes(manifestPath), manifestPath);
  const [train, test] = await Promise.all([
    loadSplit(fetchBytes, dir, manifest, 'train', manifest.splits.train),
    loadSplit(fetchBytes, dir, manifest, 'test', manifest.splits.test),
  ]);
  return { train, test, manifest };
}

async function loadSplit(
  fetchBytes: FetchBytes,
  dir: string,
  manifest: FashionManifest,
  name: string,
  split: ManifestSplit,
): Promise<Dataset<Uint8Array>> {
  const [images, labels] = await Promise.all([
    fetchVerified(fetchBytes, dir, split.images),
    fetchVerified(fetchBytes, dir, split.labels),
  ]);
  const ds = await loadIdxDataset(images, labels, {
    numClasses: manifest.classNames.length,
    classNames: manifest.classNames,
    imagesName: `${dir}/${split.images.file}`,
    labelsName: `${dir}/${split.labels.file}`,
  });
  const [h, w, c] = manifest.imageShape;
  if (ds.shape[0] !== h || ds.shape[1] !== w || ds.shape[2] !== c) {
    throw new DataFormatError(
      'count-mismatch',
      `Fashion-MNIST subset ${name}: images are ${ds.shape.join('×')}, the manifest says ${h}×${w}×${c}`,
    );
  }
  if (ds.n !== split.count) {
    throw new DataFormatError(
      'count-mismatch',
      `Fashion-MNIST subset ${name}: ${ds.n} images, the manifest says ${split.count}`,
    );
  }
  const counts = classCounts(ds.y, ds.numClasses);
  counts.forEach((count, label) => {
    if (count !== split.perClass[label]) {
      throw new DataFormatError(
        'count-mismatch',
        `Fashion-MNIST subset ${name}: class ${label} has ${count} images, the manifest says ${split.perClass[label]}`,
      );
    }
  });
  return ds;
}

/** The file's inflated bytes, after checking their size and sha256 against the manifest. */
async function fetchVerified(fetchBytes: FetchBytes, dir: string, entry: ManifestFile): Promise<Uint8Array> {
  const path = `${dir}/${entry.file}`;
  const raw = await maybeGunzip(await fetchBytes(path), path);
  if (raw.length !== entry.rawBytes) {
    throw new DataFormatError(
      'checksum-mismatch',
      `${path}: inflated size is ${raw.length} bytes, the manifest says ${entry.rawBytes}`,
    );
  }
  const digest = sha256Hex(raw);
  if (digest !== entry.rawSha256) {
    throw new DataFormatError(
      'checksum-mismatch',
      `${path}: sha256 of the inflated content is ${digest}, the manifest says ${entry.rawSha256}`,
    );
  }
  return raw;
}
