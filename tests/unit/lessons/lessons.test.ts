import { describe, expect, it } from 'vitest';
import { evaluateCheck, getLesson, LESSONS, neighbours } from '@/lib/lessons/lessons';
import { EXPERIMENT_IDS } from '@/lib/experiments/pairs';
import { CHALLENGES } from '@/lib/lessons/challenges';
import { datasetEntry } from '@/lib/train/datasets/catalogue';
import { getPreset } from '@/presets';
import { run } from '../runs/helpers';

describe('lessons', () => {
  it('follow the history and name only real presets, datasets, experiments and challenges', () => {
    expect(LESSONS.map((l) => l.id)).toEqual(['lenet', 'alexnet', 'vgg', 'googlenet', 'resnet', 'batchnorm', 'open']);
    for (const l of LESSONS) {
      if (l.preset) expect(getPreset(l.preset), l.id).toBeDefined();
      expect(new Set(l.steps.map((s) => s.id)).size).toBe(l.steps.length);
      for (const s of l.steps) {
        for (const a of s.actions) {
          if (a.kind === 'editor') expect(getPreset(a.preset)).toBeDefined();
          if (a.kind === 'train') {
            if (a.preset) expect(getPreset(a.preset)).toBeDefined();
            if (a.dataset) expect(datasetEntry(a.dataset)).toBeDefined();
          }
          if (a.kind === 'experiment') expect(EXPERIMENT_IDS).toContain(a.id);
          if (a.kind === 'challenge') expect(CHALLENGES.map((c) => c.id)).toContain(a.id);
        }
      }
    }
    // Every experiment is part of a lesson.
    const used = LESSONS.flatMap((l) => l.steps.map((s) => s.experiment)).filter(Boolean);
    expect([...used].sort()).toEqual([...EXPERIMENT_IDS].sort());
  });

  it('each preset check matches its preset: the check turns done on loading it', () => {
    for (const l of LESSONS) {
      for (const s of l.steps) {
        const editor = s.actions.find((a) => a.kind === 'editor');
        if (!editor || editor.kind !== 'editor' || !s.check || (s.check.kind !== 'params' && s.check.kind !== 'block')) continue;
        const graph = getPreset(editor.preset)!.build();
        expect(evaluateCheck(s.check, { graph, runs: [] }).done, `${l.id}/${s.id}`).toBe(true);
      }
    }
  });

  it('the params check: LeNet-5 has 61,706; one dense unit less does not', () => {
    const check = getLesson('lenet')!.steps.find((s) => s.id === 'load')!.check!;
    const lenet = getPreset('lenet5')!.build();
    expect(evaluateCheck(check, { graph: lenet, runs: [] })).toEqual({ done: true, actual: 61_706 });
    const smaller = { ...lenet, nodes: lenet.nodes.map((n) => (n.id === 'f6' ? { ...n, params: { ...n.params, units: 83 } } : n)) };
    // F6 120·83+83 = 10,043 instead of 10,164 (−121), output 83·10+10 = 840 instead of 850 (−10): 61,575.
    expect(evaluateCheck(check, { graph: smaller, runs: [] })).toEqual({ done: false, actual: 61_575 });
    expect(evaluateCheck(check, { runs: [] })).toEqual({ done: false, missing: true });
  });

  it('run and experiment checks read the run log', () => {
    const trainCheck = { kind: 'run', dataset: 'mnist', minAccuracy: 0.95 } as const;
    expect(evaluateCheck(trainCheck, { runs: [run({ testAccuracy: 0.94 })] })).toEqual({ done: false, actual: 0.94 });
    expect(evaluateCheck(trainCheck, { runs: [run({ testAccuracy: 0.94 }), run({ id: 'b', testAccuracy: 0.97 })] }).done).toBe(true);
    const weighted = { kind: 'run', dataset: 'mnist-imbalanced', losses: ['focal'] } as const;
    expect(evaluateCheck(weighted, { runs: [run({ dataset: 'mnist-imbalanced', testAccuracy: 0.8 })] }).missing).toBe(true);
    const exp = { kind: 'experiment', id: 'dropout' } as const;
    const a = run({ id: 'a', source: 'experiment', experiment: 'dropout/a', testAccuracy: 0.9 });
    expect(evaluateCheck(exp, { runs: [a] }).done).toBe(false);
    expect(evaluateCheck(exp, { runs: [a, { ...a, id: 'b', experiment: 'dropout/b' }] }).done).toBe(true);
  });

  it('neighbours', () => {
    expect(neighbours('lenet').previous).toBeUndefined();
    expect(neighbours('lenet').next!.id).toBe('alexnet');
    expect(neighbours('open').next).toBeUndefined();
  });
});

describe('the augmentation step', () => {
  it('needs a run with augmentation', () => {
    const check = getLesson('alexnet')!.steps.find((s) => s.id === 'augment')!.check!;
    const plain = run({ testAccuracy: 0.98 });
    expect(evaluateCheck(check, { runs: [plain] }).done).toBe(false);
    expect(evaluateCheck(check, { runs: [plain, run({ id: 'b', testAccuracy: 0.97, settings: { ...plain.settings, augment: true } })] })).toEqual({ done: true, actual: 0.97 });
  });
});

describe('every lesson, step, challenge and experiment has its words', () => {
  it('in messages/en (the i18n test holds 简体中文 to the same keys)', async () => {
    const { readFileSync } = await import('node:fs');
    const lessons = JSON.parse(readFileSync('messages/en/lessons.json', 'utf8')) as Record<string, Record<string, unknown>>;
    const experiments = JSON.parse(readFileSync('messages/en/experiments.json', 'utf8')) as Record<string, Record<string, string>>;
    const lessonWords = lessons.lesson as Record<string, { title: string; summary: string; steps: Record<string, { title: string; body: string }> }>;
    for (const l of LESSONS) {
      expect(lessonWords[l.id]?.title, l.id).toBeTruthy();
      for (const s of l.steps) expect(lessonWords[l.id]!.steps[s.id]?.body, `${l.id}/${s.id}`).toBeTruthy();
    }
    for (const c of CHALLENGES) expect((lessons.challenges as Record<string, string>)[c.id], c.id).toBeTruthy();
    for (const id of EXPERIMENT_IDS) for (const k of ['title', 'claim', 'a', 'b', 'read']) expect(experiments[id]?.[k], `${id}.${k}`).toBeTruthy();
  });
});
