/**
 * The IDX file format of LeCun's MNIST files (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"):
 *
 *   bytes 0–1  zero
 *   byte  2    element type: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
 *   byte  3    number of dimensions d
 *   then d sizes, each a 32-bit big-endian unsigned integer, then the elements, row-major and
 *   big-endian.
 *
 * Written by hand because it is 20 lines and no kept-up npm package reads it without also
 * reading the disk (we parse bytes that came from a file under Node or from a download in the
 * browser). Every error names the file and the byte offset where the reading went wrong.
 */
import { say } from '../said';
import { DataFileError } from './source';

/** The element types of IDX, by their code in byte 2. */
export const IDX_TYPES = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
} as const;

export type IdxTypeCode = keyof typeof IDX_TYPES;
export type IdxTypeName = (typeof IDX_TYPES)[IdxTypeCode]['name'];

/** The parsed contents of an IDX file. */
export interface IdxArray {
  readonly type: IdxTypeName;
  /** Sizes of each dimension, outermost first (MNIST images: [count, 28, 28]). */
  readonly dims: readonly number[];
  /** The elements in row-major order, in the machine's byte order. */
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Parses the bytes of an IDX file. `file` is the name shown in errors. Throws a DataFileError
 * for a file that is not IDX, is cut short, or carries bytes after its data. For uint8 files the
 * data is a view of `bytes` (no copy).
 */
export function parseIdx(file: string, bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new DataFileError(file, say('errors.data.idxShort', { file, bytes: bytes.length }), bytes.length);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataFileError(file, say('errors.data.idxMagic', { file, first: bytes[0]!, second: bytes[1]! }), 0);
  }
  const code = bytes[2]!;
  const type = (IDX_TYPES as Record<number, (typeof IDX_TYPES)[IdxTypeCode] | undefined>)[code];
  if (!type) {
    throw new DataFileError(file, say('errors.data.idxType', { file, code, hex: `0x${code.toString(16).padStart(2, '0')}` }), 2);
  }
  const ndims = bytes[3]!;
  if (ndims === 0) throw new DataFileError(file, say('errors.data.idxNoDims', { file }), 3);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataFileError(file, say('errors.data.idxHeader', { file, bytes: bytes.length, dims: ndims, headerBytes }), bytes.length);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    dims.push(size);
    count *= size;
  }
  const dataBytes = count * type.bytes;
  const expected = headerBytes + dataBytes;
  if (bytes.length < expected) {
    throw new DataFileError(file, say('errors.data.idxCut', { file, shape: dims.join('×'), type: type.name, expected, bytes: bytes.length }), bytes.length);
  }
  if (bytes.length > expected) {
    throw new DataFileError(file, say('errors.data.idxExtra', { file, extra: bytes.length - expected, shape: dims.join('×'), type: type.name, expected }), expected);
  }
  return { type: type.name, dims, data: readElements(view, headerBytes, count, type.name) };
}

function readElements(view: DataView, offset: number, count: number, type: IdxTypeName): IdxArray['data'] {
  switch (type) {
    case 'uint8': return new Uint8Array(view.buffer, view.byteOffset + offset, count);
    case 'int8': return new Int8Array(view.buffer, view.byteOffset + offset, count);
    case 'int16': return readWith(new Int16Array(count), (i) => view.getInt16(offset + 2 * i, false));
    case 'int32': return readWith(new Int32Array(count), (i) => view.getInt32(offset + 4 * i, false));
    case 'float32': return readWith(new Float32Array(count), (i) => view.getFloat32(offset + 4 * i, false));
    case 'float64': return readWith(new Float64Array(count), (i) => view.getFloat64(offset + 8 * i, false));
  }
}

function readWith<T extends { length: number; [i: number]: number }>(out: T, get: (i: number) => number): T {
  for (let i = 0; i < out.length; i++) out[i] = get(i);
  return out;
}

/**
 * Writes an IDX file: the inverse of `parseIdx`, for tests and for building data files.
 * `type` defaults to uint8.
 */
export function encodeIdx(dims: readonly number[], data: ArrayLike<number>, type: IdxTypeName = 'uint8'): Uint8Array {
  const entry = Object.entries(IDX_TYPES).find(([, t]) => t.name === type)!;
  const code = Number(entry[0]);
  const size = entry[1].bytes;
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`encodeIdx: ${data.length} values for dimensions ${dims.join('×')} (${count})`);
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) {
    const at = header + i * size;
    const v = data[i]!;
    switch (type) {
      case 'uint8': view.setUint8(at, v); break;
      case 'int8': view.setInt8(at, v); break;
      case 'int16': view.setInt16(at, v, false); break;
      case 'int32': view.setInt32(at, v, false); break;
      case 'float32': view.setFloat32(at, v, false); break;
      case 'float64': view.setFloat64(at, v, false); break;
    }
  }
  return out;
}
