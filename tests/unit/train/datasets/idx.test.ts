import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from '@/lib/train/datasets/idx';
import { DataFileError } from '@/lib/train/datasets/source';

/** The error thrown by `fn`, which must be a DataFileError. */
function fileError(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error('expected a DataFileError');
}

describe('parseIdx', () => {
  // A 2×3 uint8 IDX file written byte by byte, as LeCun's page describes the format:
  //   00 00      magic: two zero bytes
  //   08         element type: unsigned byte
  //   02         two dimensions
  //   00 00 00 02   first size, big-endian: 2
  //   00 00 00 03   second size: 3
  //   then 6 data bytes
  const handMade = Uint8Array.from([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 10, 20, 30, 40, 50, 255]);

  it('reads the magic number, the dimensions and the bytes of a hand-made file', () => {
    const a = parseIdx('hand.idx', handMade);
    expect(a.type).toBe('uint8');
    expect(a.dims).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([10, 20, 30, 40, 50, 255]);
  });

  it('reads sizes above 255 as big-endian (MNIST: 60,000 = 0x0000EA60)', () => {
    const header = Uint8Array.from([0, 0, 0x08, 1, 0x00, 0x00, 0xea, 0x60]);
    const file = new Uint8Array(8 + 60_000);
    file.set(header);
    expect(parseIdx('labels', file).dims).toEqual([60_000]);
  });

  it('reads big-endian int16, int32 and float32 elements', () => {
    // int16 −2 is FF FE; 258 is 01 02.
    const i16 = Uint8Array.from([0, 0, 0x0b, 1, 0, 0, 0, 2, 0xff, 0xfe, 0x01, 0x02]);
    expect(Array.from(parseIdx('a', i16).data)).toEqual([-2, 258]);
    // int32 16909060 is 01 02 03 04; float32 1.5 is 3F C0 00 00.
    const i32 = Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3, 4]);
    expect(Array.from(parseIdx('b', i32).data)).toEqual([16_909_060]);
    const f32 = Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]);
    expect(Array.from(parseIdx('c', f32).data)).toEqual([1.5]);
  });

  it('round-trips encodeIdx for every element type', () => {
    const values = [0, 1, -1, 100, -100];
    for (const type of ['int8', 'int16', 'int32', 'float32', 'float64'] as const) {
      const a = parseIdx(type, encodeIdx([5], values, type));
      expect(a.type).toBe(type);
      expect(Array.from(a.data)).toEqual(values);
    }
    expect(encodeIdx([2, 3], [10, 20, 30, 40, 50, 255])).toEqual(handMade);
  });

  it('says a truncated file is cut short, with the file name and the byte where it ends', () => {
    const cut = handMade.subarray(0, 15);
    const e = fileError(() => parseIdx('train-images-idx3-ubyte', cut));
    expect(e.file).toBe('train-images-idx3-ubyte');
    expect(e.byteOffset).toBe(15);
    expect(e.message).toBe('train-images-idx3-ubyte is cut short: its header announces 2×3 uint8 values (18 bytes in all) but the file ends at byte 15. Download or install it again.');
    // Cut inside the header of sizes.
    expect(fileError(() => parseIdx('f', handMade.subarray(0, 6))).message).toMatch(/ends at byte 6, inside its header of 2 dimension sizes \(12 bytes\)/);
    expect(fileError(() => parseIdx('f', handMade.subarray(0, 2))).byteOffset).toBe(2);
  });

  it('recognises a file that is not IDX: gzip, a bad element type, trailing bytes', () => {
    const gz = Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    const e = fileError(() => parseIdx('t10k-images-idx3-ubyte.gz', gz));
    expect(e.byteOffset).toBe(0);
    expect(e.message).toMatch(/is not an IDX file .*first two bytes should be 0, not 31 and 139.*gzip/);
    const badType = Uint8Array.from(handMade);
    badType[2] = 0x07;
    const t = fileError(() => parseIdx('x', badType));
    expect(t.byteOffset).toBe(2);
    expect(t.message).toMatch(/7 \(0x07\) is not one of IDX's/);
    const longer = Uint8Array.from([...handMade, 0, 0]);
    const l = fileError(() => parseIdx('x', longer));
    expect(l.byteOffset).toBe(18);
    expect(l.message).toMatch(/has 2 bytes after the 2×3 uint8 values/);
  });
});
