/**
 * A DataFileError made from a Said (lib/train/datasets/source.ts): real bad files — a truncated IDX
 * file, a corrupt PNG, a text file among the images — give the sentence as data with its values,
 * its English is the message the command line printed before word for word, and the page's
 * 简体中文 words the same values (numbers formatted, clauses in Chinese).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { createTranslator } from 'next-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACES } from '@/lib/i18n/namespaces';
import { checkCifarFiles } from '@/lib/train/datasets/cifar';
import { loadImageFolderNode } from '@/lib/train/datasets/files.node';
import { parseIdx } from '@/lib/train/datasets/idx';
import { decodePng } from '@/lib/train/datasets/png';
import { DataFileError } from '@/lib/train/datasets/source';
import { english, say } from '@/lib/train/said';
import { errorWords, saidWords, type AllWords } from '@/components/train/said-words';
import { encodePng, solidRgba } from '../helpers';

const DIR = path.join(__dirname, '../../../../messages');
const messages = (locale: string) => Object.fromEntries(NAMESPACES.map((ns) => [ns, JSON.parse(readFileSync(path.join(DIR, locale, `${ns}.json`), 'utf8'))]));
const en = createTranslator({ locale: 'en', messages: messages('en') }) as unknown as AllWords;
const zh = createTranslator({ locale: 'zh-CN', messages: messages('zh-CN') }) as unknown as AllWords;
const inflate = (d: Uint8Array): Uint8Array => new Uint8Array(inflateSync(d));

/** The DataFileError `fn` throws (fails the test when it throws something else or nothing). */
function fileError(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataFileError) return e;
    throw e;
  }
  throw new Error('no DataFileError thrown');
}

describe('DataFileError as a Said', () => {
  it('a truncated IDX file: its numbers as values, formatted in both languages', () => {
    // The header of MNIST's training images (magic 0 0 8 3; 60000, 28, 28) and 100 bytes of pixels:
    // 16 + 60000·28·28 = 47,040,016 bytes announced, 116 there.
    const bytes = new Uint8Array(116);
    const view = new DataView(bytes.buffer);
    bytes.set([0, 0, 8, 3]);
    view.setUint32(4, 60000);
    view.setUint32(8, 28);
    view.setUint32(12, 28);
    const e = fileError(() => parseIdx('train-images-idx3-ubyte', bytes));
    expect(e.said).toEqual(say('errors.data.idxCut', { file: 'train-images-idx3-ubyte', shape: '60000×28×28', type: 'uint8', expected: 47040016, bytes: 116 }));
    expect(e.byteOffset).toBe(116);
    expect(e.message).toBe('train-images-idx3-ubyte is cut short: its header announces 60000×28×28 uint8 values (47,040,016 bytes in all) ' +
      'but the file ends at byte 116. Download or install it again.');
    expect(errorWords(e, en)).toBe(e.message);
    expect(errorWords(e, zh)).toBe('train-images-idx3-ubyte 不完整：文件头声明了 60000×28×28 个 uint8 值（共 47,040,016 字节），但文件在第 116 字节处结束。请重新下载或安装。');
  });

  it('a gzipped IDX file: its first bytes as values', () => {
    const e = fileError(() => parseIdx('t10k-labels-idx1-ubyte.gz', new Uint8Array([31, 139, 8, 0, 0, 0])));
    expect(e.said).toEqual(say('errors.data.idxMagic', { file: 't10k-labels-idx1-ubyte.gz', first: 31, second: 139 }));
    expect(e.message).toBe("t10k-labels-idx1-ubyte.gz is not an IDX file (as in LeCun's MNIST files): its first two bytes should be 0, not 31 and 139. " +
      'Was it compressed (gzip starts with 31 139) or is it another kind of file?');
    expect(saidWords(e.said!, zh)).toContain('不是 IDX 文件');
  });

  it('a corrupt PNG: the problem is a clause, worded in the sentence\'s language', () => {
    const png = encodePng(2, 2, solidRgba(2, 2, [9, 9, 9]));
    png[17] ^= 1; // inside IHDR's width: the chunk at byte 8 no longer matches its CRC
    const e = fileError(() => decodePng('g.png', png, inflate));
    expect(e.said).toEqual(say('errors.data.png', { file: 'g.png', problem: say('errors.data.pngCrc', { chunk: 'IHDR' }), offset: 8 }));
    expect(e.message).toBe('g.png: the IHDR chunk fails its CRC check; the file is corrupt (byte offset 8).');
    expect(errorWords(e, zh)).toBe('g.png：IHDR 数据块未通过 CRC 校验；文件已损坏（字节偏移 8）。');
    // Cut at 40 bytes: the IDAT chunk's header (from byte 33) does not fit.
    const cut = fileError(() => decodePng('h.png', encodePng(4, 4, solidRgba(4, 4, [1, 1, 1])).subarray(0, 40), inflate));
    expect(cut.message).toBe('h.png: the file ends inside a chunk header; it is truncated at 40 bytes (byte offset 33).');
    expect(errorWords(cut, zh)).toBe('h.png：文件在数据块头部中结束；它在 40 字节处被截断（字节偏移 33）。');
  });

  it('a CIFAR file of the wrong size, as the panel says it when the files are picked', () => {
    // 3073-byte CIFAR-10 records: 30,740 bytes is ten whole CIFAR-100 records (3074 bytes), not CIFAR-10's.
    const names = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];
    const check = checkCifarFiles(names.map((n, i) => ({ path: n, size: i === 0 ? 30740 : 3073 })), 'cifar10');
    expect(check.problems).toHaveLength(1);
    expect(english(check.problems[0]!)).toBe('data_batch_1.bin is not a whole number of 3,073-byte CIFAR-10 records: 30,740 bytes; ' +
      'record 11 starts at byte offset 30,730 and has only 10 of its 3,073 bytes. Its size is a whole number of 3,074-byte records: is it a CIFAR-100 file?');
    expect(saidWords(check.problems[0]!, zh)).toBe('data_batch_1.bin 不是整数条 3,073 字节的 CIFAR-10 记录：共 30,740 字节；' +
      '第 11 条记录从字节偏移 30,730 开始，只有 3,073 字节中的 10 字节。它的大小是整数条 3,074 字节的记录：它是 CIFAR-100 的文件吗？');
  });
});

describe('a text file among the images of a folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'layerwise-said-'));
    for (const c of ['cat', 'dog']) {
      mkdirSync(path.join(dir, 'pets', c), { recursive: true });
      for (let i = 0; i < 3; i++) writeFileSync(path.join(dir, 'pets', c, `${i}.png`), encodePng(4, 4, solidRgba(4, 4, [c === 'cat' ? 200 : 20, 90, 90])));
    }
    writeFileSync(path.join(dir, 'pets', 'dog', '1.png'), 'not a picture, only words\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file, nests the decoder\'s sentence, and keeps the byte offset', async () => {
    const e = await loadImageFolderNode(path.join(dir, 'pets'), { size: 4 }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(DataFileError);
    const error = e as DataFileError;
    expect(error.said).toEqual(say('errors.data.unreadableImage', {
      problem: say('errors.data.png', { file: 'dog/1.png', problem: say('errors.data.pngSignature'), offset: 0 }),
    }));
    expect(error.byteOffset).toBe(0);
    expect(error.message).toBe('dog/1.png: not a PNG file (bad signature); only PNG images can be read here (byte offset 0). ' +
      'Remove or replace this image, or choose to skip unreadable images.');
    expect(errorWords(error, zh)).toBe('dog/1.png：不是 PNG 文件（签名错误）；这里只能读取 PNG 图像（字节偏移 0）。请删除或替换这张图像，或选择跳过无法读取的图像。');
  });

  it('a plain-words DataFileError carries no Said and is shown as written', () => {
    const e = new DataFileError('x', 'plain words');
    expect(e.said).toBeUndefined();
    expect(errorWords(e, zh)).toBe('plain words');
  });
});
