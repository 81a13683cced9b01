'use client';
/**
 * A preset's history card: year, ILSVRC result, the idea it introduced, and the paper. Its words
 * come from the `presets` messages (whose English is the preset file's own); the paper's title
 * stays as published.
 */
import { useTranslations } from 'next-intl';
import type { Preset } from '@/presets';

export function HistoryCard({ preset, compact = false }: { preset: Preset; compact?: boolean }) {
  const t = useTranslations('presets');
  const e = useTranslations('editor');
  const h = preset.history;
  const words = (field: 'idea' | 'venue' | 'ilsvrc' | 'notes', english: string) => (t.has(`${preset.id}.${field}`) ? t(`${preset.id}.${field}`) : english);
  return (
    <article className={`lw-history${compact ? ' is-compact' : ''}`} aria-label={e('history.label', { name: preset.name })}>
      {!compact && (
        <h3>
          {preset.name} <span className="lw-muted">· {h.year}</span>
          {preset.size === 'mini' && <span className="lw-badge">{e('history.trainsHere')}</span>}
        </h3>
      )}
      {h.ilsvrc && <p className="lw-history-ilsvrc">{words('ilsvrc', h.ilsvrc)}</p>}
      <p className="lw-history-idea">{words('idea', h.idea)}</p>
      <p className="lw-muted lw-history-paper">{h.paper}, {words('venue', h.venue)}</p>
      {h.notes && !compact && <p className="lw-muted lw-history-notes">{words('notes', h.notes)}</p>}
    </article>
  );
}
