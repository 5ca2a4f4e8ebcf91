// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  THEME_STORAGE_KEY,
  parseThemeChoice,
  readThemeChoice,
  resolveTheme,
  setThemeChoice,
  startTheme,
} from '../../src/ui/theme';

/** A window whose prefers-color-scheme answer the test controls, with a change event. */
function fakeSystem(prefersDark: boolean) {
  const listeners: (() => void)[] = [];
  const query = {
    get matches() {
      return prefersDark;
    },
    addEventListener: (_: string, fn: () => void) => listeners.push(fn),
  };
  vi.spyOn(window, 'matchMedia').mockImplementation(() => query as unknown as MediaQueryList);
  return {
    flip(next: boolean) {
      prefersDark = next;
      for (const fn of listeners) fn();
    },
  };
}

const theme = () => document.documentElement.dataset.theme;

beforeEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  // jsdom has no matchMedia: give it one to spy on.
  window.matchMedia ??= (() => ({ matches: false })) as unknown as typeof window.matchMedia;
  vi.restoreAllMocks();
});

describe('the theme choice', () => {
  it('accepts only light, dark and system; anything else stored means system', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice('system')).toBe('system');
    for (const bad of ['Dark', '', null, undefined, 1, '{"theme":"dark"}'])
      expect(parseThemeChoice(bad)).toBe('system');
  });

  it('reads as system when storage throws', () => {
    const storage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readThemeChoice(storage)).toBe('system');
  });

  it('resolves system to the preference and keeps an explicit choice', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('startTheme', () => {
  it('follows the system preference by default, and its changes', () => {
    const system = fakeSystem(true);
    expect(startTheme(window)).toBe('system');
    expect(theme()).toBe('dark');
    system.flip(false);
    expect(theme()).toBe('light');
  });

  it('applies a remembered choice over the system preference, and ignores a garbled one', () => {
    fakeSystem(true);
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    startTheme(window);
    expect(theme()).toBe('light');
    localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    startTheme(window);
    expect(theme()).toBe('dark');
  });

  it('remembers a new choice, and stops following the system until "system" is chosen again', () => {
    const system = fakeSystem(false);
    startTheme(window);
    setThemeChoice(window, 'dark');
    expect(theme()).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    system.flip(false);
    expect(theme()).toBe('dark');
    setThemeChoice(window, 'system');
    expect(theme()).toBe('light');
    system.flip(true);
    expect(theme()).toBe('dark');
  });
});
