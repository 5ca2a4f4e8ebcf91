import { useSyncExternalStore } from 'react';
import {
  THEME_CHOICES,
  currentThemeChoice,
  parseThemeChoice,
  setThemeChoice,
  subscribeThemeChoice,
  type ThemeChoice,
} from './theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** The nav bar's theme picker: light, dark, or follow the system's preference. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribeThemeChoice, currentThemeChoice, currentThemeChoice);
  return (
    <label className="theme-toggle">
      Theme
      <select
        value={choice}
        onChange={(event) => setThemeChoice(window, parseThemeChoice(event.target.value))}
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
