'use client';
/**
 * Buttons and menu items drawn from the action table (actions.ts): label, tooltip with its
 * shortcut, enabled state and what a click does all come from there. The page provides the
 * `EditorUi` (dialogs, file picker) through ActionUiContext.
 */
import { useTranslations } from 'next-intl';
import { createContext, useContext, type ReactNode } from 'react';
import { ACTIONS, isEnabled, runAction, shortcutText, type Action, type ActionId, type EditorUi } from './actions';
import { useEditor } from './store';

export const ActionUiContext = createContext<EditorUi | null>(null);

/** The page's EditorUi (set by the editor page around everything that runs actions). */
export function useEditorUi(): EditorUi {
  const ui = useContext(ActionUiContext);
  if (!ui) throw new Error('useEditorUi needs an ActionUiContext provider around it (the editor page gives one)');
  return ui;
}

/** An action's words in the user's language: label, button face and tooltip (with its shortcut). */
function useActionWords(id: ActionId): { label: string; text: string; hint: string; title: string } {
  const t = useTranslations('editor');
  const label = t(`actions.${id}.label`);
  const hint = t(`actions.${id}.hint`);
  const first = (ACTIONS[id] as Action).shortcuts?.[0];
  return { label, text: t(`actions.${id}.text`), hint, title: first ? t('shortcut', { hint, keys: shortcutText(first) }) : hint };
}

/** A toolbar button for action `id`. */
export function ActionButton({ id, className = 'lw-btn', children }: { id: ActionId; className?: string; children?: ReactNode }) {
  const ui = useEditorUi();
  const enabled = useEditor((s) => isEnabled(id, s));
  const { label, text, title } = useActionWords(id);
  return (
    <button
      type="button"
      className={className}
      onClick={() => runAction(id, ui)}
      disabled={!enabled}
      aria-label={text === label ? undefined : label}
      title={title}
    >
      {children ?? text}
    </button>
  );
}

/** A menu item for action `id` applied to `arg` (the block type, in the palette's block menu). */
export function ActionMenuItem({ id, arg, onDone }: { id: ActionId; arg?: string; onDone?: () => void }) {
  const ui = useEditorUi();
  const enabled = useEditor((s) => isEnabled(id, s, arg));
  const { label, hint } = useActionWords(id);
  return (
    <button
      type="button"
      role="menuitem"
      className="lw-menu-item"
      disabled={!enabled}
      title={hint}
      onClick={() => { onDone?.(); runAction(id, ui, arg); }}
    >
      {label}
    </button>
  );
}
