/**
 * The run log in this browser's localStorage (key `layerwise.runs.v1`), and the best challenge
 * scores (`layerwise.challenges.v1`). Pages subscribe to changes: a write in this tab fires a
 * `layerwise-runs` event, one in another tab the browser's `storage` event.
 */
import { addRun, readRunLog, type RunRecord } from './runs';

const RUNS_KEY = 'layerwise.runs.v1';
const SCORES_KEY = 'layerwise.challenges.v1';
const CHANGED = 'layerwise-runs';

/** The recorded runs, oldest first (empty where storage is unavailable). */
export function loadRuns(): RunRecord[] {
  try {
    const raw = localStorage.getItem(RUNS_KEY);
    return raw ? readRunLog(JSON.parse(raw)) : [];
  } catch {
    return [];
  }
}

/** Adds a run to the log (quietly skipped where storage is unavailable or full). */
export function recordRun(run: RunRecord): void {
  try {
    localStorage.setItem(RUNS_KEY, JSON.stringify(addRun(loadRuns(), run)));
  } catch {
    // Quota or privacy mode: the log is a comfort; the run itself is unaffected.
  }
  window.dispatchEvent(new Event(CHANGED));
}

/** Removes runs by id. */
export function forgetRuns(ids: readonly string[]): void {
  try {
    localStorage.setItem(RUNS_KEY, JSON.stringify(loadRuns().filter((r) => !ids.includes(r.id))));
  } catch { /* storage unavailable: nothing kept either */ }
  window.dispatchEvent(new Event(CHANGED));
}

/** The stored text of the best scores ('{}' when none): a stable value for useSyncExternalStore. */
export function scoresText(): string {
  try {
    return localStorage.getItem(SCORES_KEY) ?? '{}';
  } catch {
    return '{}';
  }
}

/** The best score per challenge id in a stored text; anything malformed is dropped. */
export function parseScores(text: string): Record<string, number> {
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null) return {};
    return Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Keeps the best scores. */
export function saveScores(scores: Readonly<Record<string, number>>): void {
  try { localStorage.setItem(SCORES_KEY, JSON.stringify(scores)); } catch { /* as above */ }
}

/** Calls `onChange` when the log changes in this tab or another; returns the unsubscribe. */
export function subscribeRuns(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}
