/**
 * `layerwise explain`, in process: the JSON holds lib/viz's numbers channels last, a PNG of a
 * test digit gives the same numbers as --mnist-test, pictures are written as PNG files, and bad
 * input exits 2 with one clear line.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExplain } from '@/lib/cli/explain.node';
import { bufferIO } from '@/lib/cli/io.node';
import { main } from '@/lib/cli/main.node';
import { compile } from '@/lib/compile';
import { loadWeights } from '@/lib/train/checkpoint';
import { loadMnistNode } from '@/lib/train/datasets/mnist.node';
import { decodePng } from '@/lib/train/datasets/png';
import { fileSystemHandler } from '@/lib/train/model-files.node';
import { activations, encodePng, imageToRgba, vizModel } from '@/lib/viz';
import { getPreset } from '@/presets';
import { switchBackend, tf } from '../tf-setup';

const WEIGHTS = path.join(__dirname, '..', '..', '..', 'public', 'models', 'lenet5-mnist');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-explain-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await switchBackend('cpu');
});

async function run(...argv: string[]) {
  const io = bufferIO();
  const code = await runExplain(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const trained = ['lenet5', '--load', WEIGHTS];

describe('layerwise explain --json', () => {
  it('prints lib/viz\'s feature maps of a test digit: shape and a flat array, channels last', async () => {
    const r = await run(...trained, '--mnist-test', '0', '--node', 'c1', '--method', 'activations', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('MNIST test digit 0, a 7.');
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(json).toMatchObject({ model: 'lenet5', method: 'activations', node: 'c1', shape: [28, 28, 6] });
    expect(json.data).toHaveLength(28 * 28 * 6);
    expect(json.channels).toHaveLength(6);

    // The same numbers straight from lib/viz (wasm, the command line's backend).
    await switchBackend('wasm');
    const c = compile(getPreset('lenet5')!.build());
    if (!c.ok) throw new Error('LeNet-5 does not compile');
    await loadWeights(c.model, fileSystemHandler(WEIGHTS));
    const mnist = loadMnistNode({ pad: 2 });
    const want = await activations(vizModel(c), 'c1', mnist.sample('test', 0).pixels);
    // Channels last: value (y, x, k) at (y·28 + x)·6 + k.
    const at = (y: number, x: number, k: number) => (y * 28 + x) * 6 + k;
    for (const [y, x, k] of [[0, 0, 0], [10, 14, 3], [27, 27, 5]] as const) expect(json.data[at(y, x, k)]).toBeCloseTo(want.data[at(y, x, k)]!, 5);
    expect(json.channels[2].max).toBeCloseTo(want.channels[2]!.max, 5);
    c.model.dispose();
    mnist.dispose();
  });

  it('reads a PNG of the same digit to the same numbers (bytes/255), and says when it resizes', async () => {
    const mnist = loadMnistNode({ pad: 2 });
    const px = mnist.sample('test', 0).pixels;
    mnist.dispose();
    const file = path.join(dir, 'seven.png');
    writeFileSync(file, encodePng(imageToRgba(px, 32, 32, 1), (d) => deflateSync(d)));
    const fromPng = JSON.parse((await run(...trained, '--image', file, '--node', 'c3', '--method', 'deconvnet', '--channel', '4', '--json')).out);
    const fromMnist = JSON.parse((await run(...trained, '--mnist-test', '0', '--node', 'c3', '--method', 'deconvnet', '--channel', '4', '--json')).out);
    expect(fromPng.shape).toEqual([32, 32, 1]);
    expect(fromPng.route).toBe('switches');
    expect(fromPng.at).toEqual(fromMnist.at);
    expect(Math.max(...fromPng.data.map((v: number, i: number) => Math.abs(v - fromMnist.data[i])))).toBeLessThan(1e-5);

    const small = path.join(dir, 'small.png');
    writeFileSync(small, encodePng(imageToRgba(new Float32Array(16 * 16).fill(0.5), 16, 16, 1), (d) => deflateSync(d)));
    const r = await run(...trained, '--image', small, '--method', 'saliency', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('small.png is 16×16; resized to the model\'s 32×32.');
  });

  it('finds the top 9 of a channel among test digits, strongest first, with 14×14 patches for c3', async () => {
    const r = await run(...trained, '--node', 'c3', '--channel', '1', '--method', 'top9', '--top-images', '500', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.shape).toEqual([9, 14, 14, 1]);
    expect(json.searched).toBe(500);
    const values = json.hits.map((h: { value: number }) => h.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(json.hits.every((h: { index: number }) => h.index < 500)).toBe(true);
  });
});

describe('layerwise explain --out', () => {
  it('writes the pictures as PNG files: the input enlarged and the view', async () => {
    const out = path.join(dir, 'pics');
    const r = await run(...trained, '--mnist-test', '0', '--method', 'gradcam', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Grad-CAM of class 7');
    expect(readdirSync(out).sort()).toEqual(['gradcam-class7-map.png', 'gradcam-class7.png', 'input.png']);
    const input = decodePng('input.png', readFileSync(path.join(out, 'input.png')), (d) => inflateSync(d));
    expect([input.width, input.height]).toEqual([256, 256]); // 32×32 enlarged 8×
    // The 7's top bar: test digit 0 (padded) is white at row 10, columns 8–13, black at row 8.
    expect(input.data[((10 * 8 + 4) * 256 + 10 * 8 + 4) * 4]).toBeGreaterThan(200);
    expect(input.data[((8 * 8 + 4) * 256 + 10 * 8 + 4) * 4]).toBe(0);
  });

  it('runs from the real command line (main) on a graph with branches', async () => {
    const io = bufferIO();
    const code = await main(['explain', 'mini_resnet', '--image', path.join(dir, 'seven.png'), '--node', 'layer2', '--method', 'deconvnet', '--json'], io);
    expect(code).toBe(0);
    const json = JSON.parse(io.stdout());
    // The grey digit made RGB; a Residual stage is not a chain: the gradient route.
    expect(json).toMatchObject({ shape: [32, 32, 3], route: 'gradient' });
    expect(io.stderr()).toContain('random weights');
  });
});

describe('layerwise explain with bad input', () => {
  it.each([
    [['--mnist-test', '0', '--node', 'c4', '--method', 'deconvnet'], /No node 'c4' in this model; did you mean 'c1', 'c3', 's4'\?/],
    [['--mnist-test', '0', '--node', 'c3', '--channel', '16', '--method', 'deconvnet'], /Channel 16 is out of range: c3 has 16 channels, 0 to 15/],
    [['--image', 'no-such.png', '--node', 'c1', '--method', 'activations'], /no image file no-such.png; check the path/],
    [['--image', 'package.json', '--node', 'c1', '--method', 'activations'], /package.json: not a PNG file/],
    [['--method', 'deconv', '--node', 'c1'], /unknown method 'deconv'; did you mean 'deconvnet'\?/],
    [['--node', 'c1', '--method', 'activations'], /activations looks at one image: give --image file.png or --mnist-test N/],
    [['--mnist-test', '10000', '--method', 'saliency'], /--mnist-test 10000 is past the last test digit; give 0 to 9999/],
    [['--mnist-test', '1', '--class', '10', '--method', 'saliency'], /Class 10 is out of range: this model has 10 classes, 0 to 9/],
    [['--method', 'filters', '--node', 's2'], /s2 is a MaxPool, which has no filters to draw/],
    [['--method', 'top9'], /top9 needs --node ID/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const r = await run('lenet5', ...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(message);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(tf.memory().numTensors).toBeLessThan(100);
  });
});
