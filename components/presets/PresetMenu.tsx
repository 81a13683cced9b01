'use client';
/**
 * The presets menu: every registered preset with its history card. Choosing one lays it out and
 * fits the view; "open every block" loads it with all composite blocks opened (the full network
 * of primitives, each block in its frame).
 */
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { PRESETS } from '@/presets';
import { loadPreset } from '@/components/editor/store';
import { HistoryCard } from './HistoryCard';

export function PresetMenu() {
  const [open, setOpen] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const t = useTranslations('editor');
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (panel.current && !panel.current.contains(t) && !(t instanceof Element && t.closest('[data-preset-toggle]'))) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('mousedown', onDown); };
  }, [open]);
  const full = PRESETS.filter((p) => p.size === 'full');
  const mini = PRESETS.filter((p) => p.size === 'mini');
  const choose = (id: string) => { setOpen(false); void loadPreset(id, { open: expanded }); };
  return (
    <div className="lw-presets">
      <button type="button" className="lw-btn" aria-label={t('presets.label')} aria-haspopup="dialog" aria-expanded={open} data-preset-toggle onClick={() => setOpen(!open)}>
        {t('presets.button')}
      </button>
      {open && (
        <div className="lw-preset-panel" role="dialog" aria-label={t('presets.dialog')} ref={panel}>
          <div className="lw-preset-head">
            <strong>{t('presets.heading')}</strong>
            <label className="lw-check">
              <input type="checkbox" checked={expanded} onChange={(e) => setExpanded(e.target.checked)} /> {t('presets.openEvery')}
            </label>
          </div>
          {[[t('presets.full'), full], [t('presets.mini'), mini]].map(([title, list]) => (
            <section key={title as string}>
              <h3 className="lw-preset-section">{title as string}</h3>
              <ul className="lw-preset-list">
                {(list as typeof PRESETS).map((p) => (
                  <li key={p.id}>
                    <button type="button" className="lw-preset-item" aria-label={p.name} aria-describedby={`preset-${p.id}`} onClick={() => choose(p.id)}>
                      <span className="lw-preset-name">{p.name}</span>
                      <span className="lw-preset-year">{p.history.year}</span>
                    </button>
                    <div id={`preset-${p.id}`} className="lw-preset-card"><HistoryCard preset={p} compact /></div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
