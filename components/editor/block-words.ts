'use client';
/**
 * A block's words in the user's language: its name, teaching text and param labels from the
 * `blocks` namespace (messages/<locale>/blocks.json, whose English is lib/blocks' own). The
 * graph's own blocks (made with Group) are named by their maker and keep their words.
 */
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { getBlock } from '@/lib/blocks';
import type { BlockSpec, ParamSpec } from '@/lib/blocks/spec';
import type { ParamRecord } from '@/lib/graph/types';

type AnySpec = BlockSpec<ParamRecord>;

export interface BlockWords {
  name(spec: AnySpec): string;
  summary(spec: AnySpec): string;
  origin(spec: AnySpec): string;
  formula(spec: AnySpec): string;
  paramLabel(type: string | undefined, key: string, ps: ParamSpec): string;
  paramHelp(type: string | undefined, key: string, ps: ParamSpec): string;
}

/** The words of registry blocks in the user's language; other blocks keep their own. */
export function useBlockWords(): BlockWords {
  const t = useTranslations('blocks');
  return useMemo(() => {
    const registered = (spec: AnySpec) => getBlock(spec.type) === spec;
    const param = (type: string | undefined, key: string, field: 'label' | 'help', fallback: string) => {
      const k = `${type}.params.${key}.${field}`;
      return type !== undefined && getBlock(type) && t.has(k) ? t(k) : fallback;
    };
    return {
      name: (spec) => (registered(spec) ? t(`${spec.type}.name`) : spec.name),
      summary: (spec) => (registered(spec) ? t(`${spec.type}.summary`) : spec.teach.summary),
      origin: (spec) => (registered(spec) ? t(`${spec.type}.origin`) : spec.teach.origin),
      formula: (spec) => (registered(spec) ? t(`${spec.type}.formula`) : spec.teach.formula),
      paramLabel: (type, key, ps) => param(type, key, 'label', ps.label),
      paramHelp: (type, key, ps) => param(type, key, 'help', ps.help),
    };
  }, [t]);
}
