/** `layerwise presets`: one preset a line: id, name, size (full or mini) and trainable params. */
import { analyse } from '../graph/analyse';
import { PRESETS } from '../../presets';
import type { CliIO } from './io.node';
import { humanCount, renderTable } from './text';

/** The rows of `layerwise presets`, in the registry's (historical) order. */
export function presetRows(): string[][] {
  return PRESETS.map((p) => {
    let size: string;
    try {
      const a = analyse(p.build());
      size = a.valid ? `${humanCount(a.totals.trainable)} params` : 'invalid graph (see "layerwise summary")';
    } catch (e) {
      size = `cannot be built (${(e as Error).message})`;
    }
    return [p.id, p.name, p.size, size];
  });
}

/** Runs `layerwise presets [--json]`; returns the exit code. */
export function runPresets(args: readonly string[], io: CliIO): number {
  const json = args.includes('--json');
  const unknown = args.find((a) => a !== '--json');
  if (unknown) {
    io.err(`layerwise presets: unexpected ${JSON.stringify(unknown)}\nUsage: layerwise presets [--json]\n`);
    return 2;
  }
  if (json) {
    const list = PRESETS.map((p) => {
      const a = analyse(p.build());
      return { id: p.id, name: p.name, size: p.size, year: p.history.year, trainableParams: a.valid ? a.totals.trainable : null };
    });
    io.out(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  // No header: one preset a line, so the output pipes into cut, grep and shell loops.
  const lines = renderTable([{ title: '' }, { title: '' }, { title: '' }, { title: '', align: 'right' }], presetRows()).slice(2);
  io.out(lines.join('\n') + '\n');
  return 0;
}
