/** How a block's status shows: a colour class (Compare.module.css) and a sign, so colour is never alone. */
import type { BlockStatus } from '@/lib/compare/compare';
import styles from './Compare.module.css';

/** Δ changed, + added, − removed; = same (the legend's; a same block carries no badge). */
export const STATUS_SIGN: Readonly<Record<BlockStatus, string>> = { same: '=', changed: 'Δ', added: '+', removed: '−' };

export const STATUS_CLASS: Readonly<Record<BlockStatus, string>> = {
  same: styles.same!, changed: styles.changed!, added: styles.added!, removed: styles.removed!,
};
