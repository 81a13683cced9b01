/**
 * The real `layerwise` bin, run as a child process (`node bin/layerwise.mjs ...`): numbers,
 * exit codes and what reaches stdout and stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeGraph } from '@/lib/graph/format';
import type { Graph } from '@/lib/graph/types';
import { PRESETS } from '@/presets';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin/layerwise.mjs');
const MALFORMED = path.join(ROOT, 'tests/fixtures/malformed');
const tmp = mkdtempSync(path.join(tmpdir(), 'layerwise-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LAYERWISE_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** No stack trace ever reaches a user: no "    at fn (file:line)" lines, no "Error:" dumps. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+/m);
  expect(text).not.toMatch(/node:internal/);
}

describe('layerwise presets', () => {
  it('prints one registered preset a line: id, name, size, params', () => {
    const r = run('presets');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(PRESETS.map((p) => p.id));
    // 61,706 params → "61.7K"
    expect(lines).toContainEqual(expect.stringMatching(/^lenet5\s+LeNet-5\s+full\s+61\.7K params$/));
    // 25,557,032 → "25.6M"
    expect(lines).toContainEqual(expect.stringMatching(/^resnet50\s+ResNet-50\s+full\s+25\.6M params$/));
  });
});

describe('layerwise summary', () => {
  /*
   * LeNet-5 by hand (32×32×1 input, valid 5×5 convs, 2×2 pools):
   *   c1 conv 6@5×5:  5·5·1·6 + 6   =    156 params; out 28×28×6,  MACs 28·28·25·6     = 117,600
   *   s2 pool:                                       out 14×14×6
   *   c3 conv 16@5×5: 5·5·6·16 + 16 =  2,416 params; out 10×10×16, MACs 10·10·150·16   = 240,000
   *   s4 pool:                                       out 5×5×16 = 400
   *   f5 dense 120:   400·120 + 120 = 48,120 params;                MACs               =  48,000
   *   f6 dense 84:    120·84 + 84   = 10,164 params;                MACs               =  10,080
   *   out dense 10:   84·10 + 10    =    850 params;                MACs               =     840
   *   total params 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706; MACs = 416,520.
   * Receptive fields: c1 5 (jump 1), s2 5 + 1·1 = 6 (jump 2), c3 6 + 4·2 = 14 (jump 2),
   * s4 14 + 1·2 = 16 (jump 4).
   */
  it('--json: LeNet-5 has 61,706 params and 416,520 MACs', () => {
    const r = run('summary', 'lenet5', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout); // exactly one JSON object: parse fails on anything else
    expect(s).toMatchObject({ name: 'LeNet-5', trainableParams: 61_706, nonTrainableParams: 0, flops: 416_520, outputShape: [10] });
    const byId = Object.fromEntries((s.nodes as { id: string }[]).map((n) => [n.id, n]));
    expect(byId.c1).toEqual(expect.objectContaining({ type: 'Conv2D', outputShape: [28, 28, 6], params: 156, flops: 117_600, receptiveField: { size: 5, jump: 1 } }));
    expect(byId.s2).toEqual(expect.objectContaining({ outputShape: [14, 14, 6], params: 0, flops: 0, receptiveField: { size: 6, jump: 2 } }));
    expect(byId.c3).toEqual(expect.objectContaining({ outputShape: [10, 10, 16], params: 2_416, flops: 240_000, receptiveField: { size: 14, jump: 2 } }));
    expect(byId.s4).toEqual(expect.objectContaining({ outputShape: [5, 5, 16], receptiveField: { size: 16, jump: 4 } }));
    expect(byId.f5).toEqual(expect.objectContaining({ type: 'Dense', outputShape: [120], params: 48_120, flops: 48_000 }));
    expect(s.nodes.reduce((sum: number, n: { params: number }) => sum + n.params, 0)).toBe(61_706);
    // Topological order: the input first, the classifier last.
    expect(s.nodes[0].type).toBe('Input');
    expect(s.nodes[s.nodes.length - 1].outputShape).toEqual([10]);
  });

  it('prints a table with totals', () => {
    const r = run('summary', 'lenet5');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Model: LeNet-5\n/);
    expect(r.stdout).toMatch(/^Node\s+Type\s+Output shape\s+Params\s+MACs\s+RF\s+Jump$/m);
    expect(r.stdout).toMatch(/^c1\s+Conv2D\s+28×28×6\s+156\s+117,600\s+5\s+1$/m);
    expect(r.stdout).toMatch(/^Trainable params:\s+61,706\s+\(61\.7K\)$/m);
    expect(r.stdout).toMatch(/^Non-trainable params:\s+0$/m);
    expect(r.stdout).toMatch(/^MACs \(multiply-adds\):\s+416,520/m);
  });

  it('--expand opens every composite of ResNet-50 and keeps its totals (25,557,032 params, torchvision)', () => {
    const closed = JSON.parse(run('summary', 'resnet50', '--json').stdout);
    const r = run('summary', 'resnet50', '--json', '--expand');
    expect(r.code).toBe(0);
    const open = JSON.parse(r.stdout);
    expect(closed.trainableParams).toBe(25_557_032);
    expect(open.trainableParams).toBe(25_557_032);
    expect(open.nonTrainableParams).toBe(closed.nonTrainableParams);
    expect(open.flops).toBe(closed.flops);
    expect(open.nodes.length).toBeGreaterThan(closed.nodes.length * 3);
    const primitive = new Set(['Input', 'Conv2D', 'BatchNorm', 'Activation', 'MaxPool', 'Add', 'GlobalAvgPool', 'Dense', 'Flatten']);
    for (const n of open.nodes as { type: string }[]) expect(primitive.has(n.type), n.type).toBe(true);
  });

  it('reads a graph file, and standard input with "-"', () => {
    // Input 8×8×3 → Conv2D 4@3×3 same: 3·3·3·4 + 4 = 112 params, 8·8·27·4 = 6,912 MACs.
    const g: Graph = {
      meta: { name: 'tiny' },
      nodes: [
        { id: 'in', type: 'Input', params: { height: 8, width: 8, channels: 3 }, position: { x: 0, y: 0 } },
        { id: 'conv', type: 'Conv2D', params: { filters: 4, kernel: 3 }, position: { x: 0, y: 100 } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'conv', targetPort: 0 }],
    };
    const file = path.join(tmp, 'tiny.json');
    writeFileSync(file, serializeGraph(g));
    const r = run('summary', file, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'tiny', trainableParams: 112, flops: 6_912, outputShape: [8, 8, 4] });
    const viaStdin = spawnSync(process.execPath, [BIN, 'summary', '-', '--json'], { cwd: ROOT, encoding: 'utf8', input: serializeGraph(g) });
    expect(viaStdin.status).toBe(0);
    expect(JSON.parse(viaStdin.stdout).trainableParams).toBe(112);
  });
});

describe('bad input: exit code 2 and the errors, one a line', () => {
  it('a malformed file: each error on its own line with its JSON path, nothing on stdout', () => {
    const file = path.join(MALFORMED, 'wrong-types.json');
    const r = run('summary', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`${file}: nodes[1].id: "id" must be text such as "conv1", not 7`);
    expect(lines[4]).toMatch(/: edges\[3\]\.targetPort: "targetPort" must be a whole number/);
    expectNoStack(r.stderr);
  });

  it('truncated JSON and random bytes', () => {
    const t = run('summary', path.join(MALFORMED, 'truncated.json'));
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/truncated\.json: The file is not valid JSON at line 8, column 32: .*cut short/);
    const b = run('summary', path.join(MALFORMED, 'random-bytes.bin'));
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/random-bytes\.bin: The file is not UTF-8 text/);
    expectNoStack(t.stderr + b.stderr);
  });

  it('a graph that parses but is invalid (a cycle): analyse errors with their paths', () => {
    const r = run('summary', path.join(MALFORMED, 'cycle.json'), '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cycle\.json: nodes\[2\]: This node is part of a cycle/);
    expect(r.stderr).toMatch(/cycle\.json: nodes\[3\]: This node is part of a cycle/);
  });

  it('an unknown preset: a suggestion, no stack', () => {
    const r = run('summary', 'resnet5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^layerwise: no preset or file named 'resnet5'/);
    expect(r.stderr).toMatch(/did you mean resnet50/);
    expectNoStack(r.stderr);
  });

  it('a missing file, a folder, and bad usage', () => {
    expect(run('summary', 'no/such/file.json')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^layerwise: no file no\/such\/file\.json/) });
    expect(run('summary', 'tests/')).toMatchObject({ code: 2, stderr: expect.stringMatching(/is a folder/) });
    expect(run('summary')).toMatchObject({ code: 2, stderr: expect.stringMatching(/say which preset or file/) });
    expect(run('summary', 'lenet5', '--jsn')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --jsn/) });
    expect(run('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command 'frobnicate'/) });
    expect(run('sumary')).toMatchObject({ code: 2, stderr: expect.stringMatching(/did you mean 'summary'/) });
  });

  it('a million-node file is refused by its size before it is read', () => {
    const file = path.join(tmp, 'huge.json');
    const fd = openSync(file, 'w');
    const chunk = Array.from({ length: 10_000 }, (_, i) => `{"id": "d${i}", "type": "Dense", "params": {"units": 10, "useBias": true, "activation": "relu"}, "position": {"x": 0, "y": 0}},\n`).join('');
    writeSync(fd, '{"format": "layerwise-graph", "version": 1, "edges": [], "nodes": [\n');
    for (let k = 0; k < 100; k++) writeSync(fd, chunk); // 100 × 10,000 = 10^6 nodes, ~110 MB
    writeSync(fd, '{}]}\n');
    closeSync(fd);
    const r = run('summary', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/huge\.json: the file is 1\d\d\.\d MB; Layerwise reads graph files up to 16 MB/);
    rmSync(file);
  });
});

describe('help and train', () => {
  it('--help prints the commands and exits 0; no command prints them and exits 2', () => {
    const h = run('--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/layerwise presets/);
    expect(h.stdout).toMatch(/layerwise summary <preset\|file\.json> \[--json\] \[--expand\]/);
    const none = run();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage:/);
  });

  it('train is delegated to lib/cli/train.node.ts', () => {
    const r = run('train', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/layerwise train/);
  });

  it('train --workers 2: the shard thread ends with the run, and the process exits (also after Ctrl-C)', async () => {
    // A thread left running would keep the process alive until spawnSync's timeout (status null).
    const r = run('train', 'lenet5', '--epochs', '1', '--train-size', '256', '--workers', '2', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('  2 workers, as asked (--workers 2).\n');
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ workers: 2, status: 'completed' });

    // Ctrl-C once the run has started: it stops after the batch, tests, and exits 130.
    const child = spawn(process.execPath, [BIN, 'train', 'lenet5', '--epochs', '1', '--workers', '2'], { cwd: ROOT, env: { ...process.env, LAYERWISE_DEBUG: '' } });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.stderr.on('data', (chunk: Buffer) => {
        const before = stderr;
        stderr += chunk.toString();
        if (!before.includes('2 workers, as asked') && stderr.includes('2 workers, as asked')) child.kill('SIGINT');
      });
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    expect(stderr).toContain('Stopping after this batch');
    expect(code).toBe(130);
  }, 240_000);
});
