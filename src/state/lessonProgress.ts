/**
 * A learner's progress through the lessons, kept in localStorage under one versioned key:
 * which lessons were opened and which prediction was made in each. Read back validated:
 * a corrupt or foreign value is ignored (progress starts empty), never thrown, and an entry
 * that does not fit is dropped on its own.
 */
export const PROGRESS_KEY = 'reslab.lessons.v1';

export interface LessonMark {
  opened: boolean;
  /** The id of the choice the learner predicted, if any. */
  prediction?: string;
}

export type LessonProgress = Readonly<Record<string, LessonMark>>;

/** Where progress is kept: localStorage in the page, a stand-in in tests. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

const SLUG = /^[a-z0-9-]{1,64}$/;
const CHOICE = /^[a-z0-9-]{1,64}$/;

/** The progress in a stored string, keeping only well-formed entries. */
export function parseProgress(raw: string | null): LessonProgress {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const v = value as { version?: unknown; lessons?: unknown };
  if (v.version !== 1 || typeof v.lessons !== 'object' || v.lessons === null || Array.isArray(v.lessons))
    return {};
  const out: Record<string, LessonMark> = {};
  for (const [slug, mark] of Object.entries(v.lessons as Record<string, unknown>)) {
    if (!SLUG.test(slug) || typeof mark !== 'object' || mark === null) continue;
    const m = mark as { opened?: unknown; prediction?: unknown };
    if (typeof m.opened !== 'boolean') continue;
    out[slug] =
      typeof m.prediction === 'string' && CHOICE.test(m.prediction)
        ? { opened: m.opened, prediction: m.prediction }
        : { opened: m.opened };
  }
  return out;
}

export function serializeProgress(p: LessonProgress): string {
  return JSON.stringify({ version: 1, lessons: p });
}

/** The browser's localStorage, or null where it is missing or refused (private modes, sandboxes). */
export function browserStorage(): ProgressStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadProgress(storage: ProgressStorage | null = browserStorage()): LessonProgress {
  try {
    return parseProgress(storage?.getItem(PROGRESS_KEY) ?? null);
  } catch {
    return {};
  }
}

/** Applies `change` to the stored progress and saves it; a full or refused storage keeps the page working. */
function update(
  slug: string,
  change: (m: LessonMark) => LessonMark,
  storage: ProgressStorage | null,
): LessonProgress {
  const current = loadProgress(storage);
  const next = { ...current, [slug]: change(current[slug] ?? { opened: false }) };
  try {
    storage?.setItem(PROGRESS_KEY, serializeProgress(next));
  } catch {
    // Quota or a refusal: progress is a convenience, the lesson works without it.
  }
  return next;
}

export function markOpened(slug: string, storage = browserStorage()): LessonProgress {
  return update(slug, (m) => ({ ...m, opened: true }), storage);
}

export function markPrediction(slug: string, choice: string, storage = browserStorage()): LessonProgress {
  return update(slug, (m) => ({ ...m, opened: true, prediction: choice }), storage);
}
