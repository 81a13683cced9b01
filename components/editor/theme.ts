/**
 * Light and dark themes. The choice is stored in the browser; a small script in the page head
 * applies it before the first paint (see app/layout.tsx), so there is no flash of the wrong one.
 */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
export const THEME_KEY = 'layerwise.theme';

export const useTheme = create<{ theme: Theme }>()(() => ({ theme: 'light' }));

/** Reads the theme the head script applied. */
export function initTheme(): void {
  const t = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
  useTheme.setState({ theme: t });
}

export function setTheme(theme: Theme): void {
  useTheme.setState({ theme });
  document.documentElement.dataset.theme = theme;
  try { localStorage.setItem(THEME_KEY, theme); } catch { /* this visit only */ }
}
