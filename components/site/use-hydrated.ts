'use client';

import { useSyncExternalStore } from 'react';

function noSubscription(): () => void {
  return () => {};
}

/**
 * False while the server's HTML is shown and React has not yet attached its handlers, true after.
 * A control that acts through a handler (the language menu, presentation mode's key P) stays
 * disabled until then: a choice made before would be lost without a word.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
