import { DataFormatError } from './errors';

/**
 * The manifest written next to the shipped Fashion-MNIST subset by
 * scripts/make-fashion-subset.mjs (see docs/DATA.md). Only the fields the loader
 * relies on are typed and checked; the rest (provenance, licence) is kept as is.
 */
export const FASHION_MANIFEST_FORMAT = 'reslab-fashion-mnist-subset/1';

export interface ManifestFile {
  /** File name, relative to the manifest's folder. */
  readonly file: string;
  /** Size and sha256 of the file as shipped (gzip). */
  readonly bytes: number;
  readonly sha256: string;
  /** Size and sha256 of the inflated IDX content. */
  readonly rawBytes: number;
  readonly rawSha256: string;
}

export interface ManifestSplit {
  readonly count: number;
  /** Samples of each class, indexed by label. */
  readonly perClass: readonly number[];
  readonly images: ManifestFile;
  readonly labels: ManifestFile;
}

export interface FashionManifest {
  readonly format: typeof FASHION_MANIFEST_FORMAT;
  readonly imageShape: readonly [number, number, number];
  readonly classNames: readonly string[];
  readonly splits: { readonly train: ManifestSplit; readonly test: ManifestSplit };
  readonly licence: { readonly spdx: string; readonly copyright: string };
  readonly source: {
    readonly upstream: string;
    readonly package: string;
    readonly packageVersion: string | null;
  };
}

/** Decode and check a manifest; a missing or mistyped field is a `DataFormatError('bad-manifest')` naming it. */
export function parseFashionManifest(bytes: Uint8Array, what = 'manifest.json'): FashionManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw bad(what, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const root = object(json, what, 'the top level');
  if (root.format !== FASHION_MANIFEST_FORMAT) {
    throw bad(what, `format must be '${FASHION_MANIFEST_FORMAT}' (got ${JSON.stringify(root.format)})`);
  }
  const imageShape = numbers(root.imageShape, what, 'imageShape');
  if (imageShape.length !== 3) throw bad(what, `imageShape must have 3 entries (got ${imageShape.length})`);
  const classNames = strings(root.classNames, what, 'classNames');
  const splits = object(root.splits, what, 'splits');
  const split = (name: 'train' | 'test'): ManifestSplit => {
    const s = object(splits[name], what, `splits.${name}`);
    const perClass = numbers(s.perClass, what, `splits.${name}.perClass`);
    if (perClass.length !== classNames.length) {
      throw bad(
        what,
        `splits.${name}.perClass must have one entry per class (${classNames.length}), got ${perClass.length}`,
      );
    }
    return {
      count: number(s.count, what, `splits.${name}.count`),
      perClass,
      images: file(s.images, what, `splits.${name}.images`),
      labels: file(s.labels, what, `splits.${name}.labels`),
    };
  };
  const licence = object(root.licence, what, 'licence');
  const source = object(root.source, what, 'source');
  return {
    format: FASHION_MANIFEST_FORMAT,
    imageShape: imageShape as [number, number, number],
    classNames,
    splits: { train: split('train'), test: split('test') },
    licence: {
      spdx: string(licence.spdx, what, 'licence.spdx'),
      copyright: string(licence.copyright, what, 'licence.copyright'),
    },
    source: {
      upstream: string(source.upstream, what, 'source.upstream'),
      package: string(source.package, what, 'source.package'),
      packageVersion:
        source.packageVersion === null ? null : string(source.packageVersion, what, 'source.packageVersion'),
    },
  };
}

function bad(what: string, detail: string): DataFormatError {
  return new DataFormatError('bad-manifest', `${what}: ${detail}`);
}

function object(v: unknown, what: string, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(what, `${field} must be an object`);
  return v as Record<string, unknown>;
}

function number(v: unknown, what: string, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw bad(what, `${field} must be an integer ≥ 0 (got ${JSON.stringify(v)})`);
  return v;
}

function string(v: unknown, what: string, field: string): string {
  if (typeof v !== 'string') throw bad(what, `${field} must be a string (got ${JSON.stringify(v)})`);
  return v;
}

function numbers(v: unknown, what: string, field: string): number[] {
  if (!Array.isArray(v)) throw bad(what, `${field} must be an array`);
  return v.map((e, i) => number(e, what, `${field}[${i}]`));
}

function strings(v: unknown, what: string, field: string): string[] {
  if (!Array.isArray(v)) throw bad(what, `${field} must be an array`);
  return v.map((e, i) => string(e, what, `${field}[${i}]`));
}

function file(v: unknown, what: string, field: string): ManifestFile {
  const f = object(v, what, field);
  const hex = (h: unknown, name: string): string => {
    const s = string(h, what, `${field}.${name}`);
    if (!/^[0-9a-f]{64}$/.test(s))
      throw bad(what, `${field}.${name} must be 64 lowercase hex digits (got ${JSON.stringify(s)})`);
    return s;
  };
  return {
    file: string(f.file, what, `${field}.file`),
    bytes: number(f.bytes, what, `${field}.bytes`),
    sha256: hex(f.sha256, 'sha256'),
    rawBytes: number(f.rawBytes, what, `${field}.rawBytes`),
    rawSha256: hex(f.rawSha256, 'rawSha256'),
  };
}
