'use client';
/**
 * Presentation mode, for a projector: `data-present="on"` on <html>, which app/globals.css turns
 * into large type and high contrast for every page. A toggle button in the site navigation and
 * the key P (outside text fields) switch it; the choice is remembered in this browser.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslations } from 'next-intl';
import { useHydrated } from './use-hydrated';

const KEY = 'layerwise.present';
const CHANGED = 'layerwise-present';

function isOn(): boolean {
  return document.documentElement.dataset.present === 'on';
}

/** Switches presentation mode on or off, remembers it, and tells every toggle. */
export function setPresent(on: boolean): void {
  if (on) document.documentElement.dataset.present = 'on';
  else delete document.documentElement.dataset.present;
  try { localStorage.setItem(KEY, on ? '1' : '0'); } catch { /* storage unavailable: the mode still switches */ }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  return () => window.removeEventListener(CHANGED, onChange);
}

/** Keys typed into a field are not shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function PresentToggle() {
  const t = useTranslations('present');
  const on = useSyncExternalStore(subscribe, isOn, () => false);
  // Enabled once the key P is listened to as well (the effect below runs before this turns true).
  const hydrated = useHydrated();

  useEffect(() => {
    // The remembered choice, once per page load (<html> keeps the attribute across client navigation).
    let stored = false;
    try { stored = localStorage.getItem(KEY) === '1'; } catch { /* none */ }
    if (stored !== isOn()) setPresent(stored);
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'p' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      setPresent(!isOn());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <button type="button" className="lw-present-toggle" aria-pressed={on} title={t('hint')} aria-keyshortcuts="P" data-testid="present-toggle"
      disabled={!hydrated} onClick={() => setPresent(!on)}>
      {t('toggle')}
    </button>
  );
}
