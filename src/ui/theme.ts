/**
 * The colour theme: the learner's choice (light, dark, or follow the system), remembered in
 * localStorage, and the resolved theme written to <html data-theme> before React renders so
 * the first paint already has the right colours (no inline script: a strict CSP comes later).
 */

export type ThemeChoice = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
export const THEME_STORAGE_KEY = 'reslab.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Anything stored that is not one of the three choices (or storage that throws) means "system". */
export function parseThemeChoice(value: unknown): ThemeChoice {
  return value === 'light' || value === 'dark' || value === 'system' ? value : 'system';
}

export function readThemeChoice(storage: Pick<Storage, 'getItem'> | undefined): ThemeChoice {
  try {
    return parseThemeChoice(storage?.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system'; // storage blocked (privacy mode, sandboxed frame)
  }
}

/** Remembers the choice; returns false if the browser refused to store it. */
export function saveThemeChoice(storage: Pick<Storage, 'setItem'> | undefined, choice: ThemeChoice): boolean {
  try {
    storage?.setItem(THEME_STORAGE_KEY, choice);
    return storage !== undefined;
  } catch {
    return false;
  }
}

export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}

function systemPrefersDark(win: Window): boolean {
  return win.matchMedia?.(DARK_QUERY).matches ?? false;
}

/** Writes the resolved theme to <html data-theme> and returns it. */
export function applyTheme(win: Window, choice: ThemeChoice): Theme {
  const theme = resolveTheme(choice, systemPrefersDark(win));
  win.document.documentElement.dataset.theme = theme;
  return theme;
}

let current: ThemeChoice = 'system';
const listeners = new Set<(choice: ThemeChoice) => void>();

/**
 * Applies the remembered choice and follows the system preference while the choice is
 * "system". Called once from src/main.tsx before the first render.
 */
export function startTheme(win: Window): ThemeChoice {
  current = readThemeChoice(safeStorage(win));
  applyTheme(win, current);
  win.matchMedia?.(DARK_QUERY).addEventListener?.('change', () => {
    if (current === 'system') applyTheme(win, current);
  });
  return current;
}

export function currentThemeChoice(): ThemeChoice {
  return current;
}

/** Applies, remembers and announces a new choice. */
export function setThemeChoice(win: Window, choice: ThemeChoice): void {
  current = choice;
  applyTheme(win, choice);
  saveThemeChoice(safeStorage(win), choice);
  for (const listener of listeners) listener(choice);
}

export function subscribeThemeChoice(listener: (choice: ThemeChoice) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** window.localStorage itself throws in some privacy modes. */
function safeStorage(win: Window): Storage | undefined {
  try {
    return win.localStorage;
  } catch {
    return undefined;
  }
}
