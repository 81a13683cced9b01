'use client';
/**
 * One view's question to the training worker and its answer: asked when its key changes, kept in
 * the panel's cache, and an answer that arrives after the question changed is kept but not shown
 * (the worker answers in order, so the newest question's answer comes last).
 */
import { useTranslations } from 'next-intl';
import { createContext, useContext, useEffect, useState } from 'react';
import type { Answers, Question, QuestionKind } from '@/components/train/protocol';
import { AskError, type useTrainer } from '@/components/train/useTrainer';
import { errorWords } from '@/components/train/said-words';
import { AnswerCache } from './answer-cache';

type Ask = ReturnType<typeof useTrainer>['ask'];

/** What the views share: the trainer's `ask`, the panel's cache, and whether to ask at all yet. */
export interface InsideAsker {
  readonly ask: Ask;
  readonly cache: AnswerCache;
  /**
   * False until the panel has been on screen: nothing is asked before (opening VGG-16's page
   * must not build its 138 million weights in the worker for a panel nobody has looked at).
   */
  readonly active: boolean;
}

export const AskerContext = createContext<InsideAsker | null>(null);

/** The state of one view's question. */
export interface AnswerState<T> {
  readonly answer?: T;
  readonly error?: string;
  readonly loading: boolean;
  /** When the question was sent (performance.now()), for the round trip the panel reports. */
  readonly askedAt?: number;
}

/**
 * Asks `question` (null: nothing to ask) whenever `key` changes; `key` names the question and the
 * weights it is about, so a cached answer is never another model's.
 */
export function useAnswer<K extends QuestionKind>(wanted: string | null, question: Extract<Question, { kind: K }> | null): AnswerState<Answers[K]> {
  const asker = useContext(AskerContext);
  const all = useTranslations();
  if (!asker) throw new Error('useAnswer needs the Look inside panel around it');
  const key = asker.active ? wanted : null;
  const [state, setState] = useState<{ key: string; answer?: Answers[K]; error?: string; askedAt: number } | null>(null);
  const cached = key ? asker.cache.get<Answers[K]>(key) : undefined;
  const needed = !!key && !!question && cached === undefined;

  useEffect(() => {
    if (!needed || !key || !question) return;
    let live = true;
    const askedAt = performance.now();
    asker.ask(question).then(
      (answer) => {
        asker.cache.set(key, answer);
        if (live) setState({ key, answer, askedAt });
      },
      (e: unknown) => { if (live) setState({ key, error: e instanceof AskError ? errorWords(e, all) : e instanceof Error ? e.message : String(e), askedAt }); },
    );
    return () => {
      live = false;
    };
    // The question is named by its key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, needed, asker]);

  if (wanted && question && !asker.active) return { loading: true };
  if (!key || !question) return { loading: false };
  if (state?.key === key) return { ...(state.answer !== undefined ? { answer: state.answer } : {}), ...(state.error ? { error: state.error } : {}), loading: false, askedAt: state.askedAt };
  if (cached !== undefined) return { answer: cached, loading: false };
  return { loading: true };
}
