/** A preset's history card: year, ILSVRC result, the idea it introduced, and the paper. */
import type { Preset } from '@/presets';

export function HistoryCard({ preset, compact = false }: { preset: Preset; compact?: boolean }) {
  const h = preset.history;
  return (
    <article className={`lw-history${compact ? ' is-compact' : ''}`} aria-label={`${preset.name} history`}>
      {!compact && (
        <h3>
          {preset.name} <span className="lw-muted">· {h.year}</span>
          {preset.size === 'mini' && <span className="lw-badge">trains here</span>}
        </h3>
      )}
      {h.ilsvrc && <p className="lw-history-ilsvrc">{h.ilsvrc}</p>}
      <p className="lw-history-idea">{h.idea}</p>
      <p className="lw-muted lw-history-paper">{h.paper}, {h.venue}</p>
      {h.notes && !compact && <p className="lw-muted lw-history-notes">{h.notes}</p>}
    </article>
  );
}
