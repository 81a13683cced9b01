/**
 * The English teaching texts that live beside the code — each block's name, teaching text and
 * param labels (lib/blocks), each preset's history card (presets/) — as message trees. lib keeps
 * its English for the command line and the tests; messages/en/{blocks,presets}.json are written
 * from here (`npm run messages`), and a unit test fails when they drift apart, so the 简体中文
 * files are always translations of the English the code holds.
 */
import { BLOCKS } from '../blocks';
import type { BlockSpec } from '../blocks/spec';
import type { ParamRecord } from '../graph/types';
import { PRESETS } from '../../presets';
import { DATASETS } from '../train/datasets/catalogue';
import { MNIST_NOTE } from '../train/datasets/mnist';
import { LOSSES } from '../train/settings';
import { VIEWS } from '../viz/views';
import type { MessageTree } from './messages';
import { icuLiteral } from '../text/icu';
import { GRAPH_ERROR_TEXT } from '../graph/graph-errors';

export { icuLiteral };

/** messages/en/blocks.json: per block type its name, summary, origin, formula and params' label and help. */
export function blockMessages(): MessageTree {
  const out: Record<string, MessageTree> = {};
  for (const spec of Object.values(BLOCKS) as unknown as BlockSpec<ParamRecord>[]) {
    const params: Record<string, MessageTree> = {};
    for (const [key, ps] of Object.entries(spec.params)) params[key] = { label: icuLiteral(ps.label), help: icuLiteral(ps.help) };
    out[spec.type] = {
      name: icuLiteral(spec.name),
      summary: icuLiteral(spec.teach.summary),
      origin: icuLiteral(spec.teach.origin),
      formula: icuLiteral(spec.teach.formula),
      ...(Object.keys(params).length ? { params } : {}),
    };
  }
  return out;
}

/** messages/en/presets.json: per preset the words of its history card (the paper's title stays as published). */
export function presetMessages(): MessageTree {
  const out: Record<string, MessageTree> = {};
  for (const p of PRESETS) {
    const h = p.history;
    out[p.id] = {
      idea: icuLiteral(h.idea),
      venue: icuLiteral(h.venue),
      ...(h.ilsvrc ? { ilsvrc: icuLiteral(h.ilsvrc) } : {}),
      ...(h.notes ? { notes: icuLiteral(h.notes) } : {}),
    };
  }
  return out;
}

/**
 * messages/en/datasets.json: each dataset's label, description and how a sentence calls it and its images, each
 * loss's label and description, and the note on where MNIST's digits come from.
 */
export function datasetMessages(): MessageTree {
  const datasets: Record<string, MessageTree> = {};
  for (const d of DATASETS) datasets[d.id] = { label: icuLiteral(d.label), help: icuLiteral(d.help), called: icuLiteral(d.called), imagesCalled: icuLiteral(d.imagesCalled) };
  const losses: Record<string, MessageTree> = {};
  for (const [kind, l] of Object.entries(LOSSES)) losses[kind] = { label: icuLiteral(l.label), help: icuLiteral(l.help) };
  return { dataset: datasets, loss: losses, mnistNote: icuLiteral(MNIST_NOTE) };
}

/** messages/en/viz.json: each Look-inside view's tab, title, idea and what to notice (the paper stays as cited). */
export function vizMessages(): MessageTree {
  const views: Record<string, MessageTree> = {};
  for (const [id, v] of Object.entries(VIEWS)) {
    views[id] = { tab: icuLiteral(v.tab), title: icuLiteral(v.title), idea: icuLiteral(v.idea), notice: icuLiteral(v.notice) };
  }
  return { view: views };
}

/** messages/en/graphErrors.json: each graph error's message by code (lib/graph/graph-errors.ts), its words and joins. */
export function graphErrorMessages(): MessageTree {
  return GRAPH_ERROR_TEXT;
}

/** A message tree as the JSON text of a messages file. */
export function messagesFileText(tree: MessageTree): string {
  return JSON.stringify(tree, null, 2) + '\n';
}
