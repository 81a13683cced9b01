/**
 * User files in the browser: the File objects of an <input type="file" webkitdirectory> pick (or
 * a drop), and image decoding by the browser itself (createImageBitmap, which reads PNG, JPEG,
 * GIF, BMP and WebP and resizes as it decodes). No DOM framework is imported; these are the
 * platform's own globals, so this file is only called in a browser or a worker.
 */
import type { ImageDecoder } from './folder';
import type { DecodedImage } from './png';
import { say } from '../said';
import { DataFileError, type SourceFile } from './source';

/** The picked files as SourceFiles; paths come from `webkitRelativePath` (the folder pick) or the name. */
export function filesFromFileList(files: Iterable<File>): SourceFile[] {
  return [...files].map((f) => ({
    path: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name,
    size: f.size,
    read: async () => new Uint8Array(await f.arrayBuffer()),
  }));
}

/**
 * Decodes an image with the browser, resized to `target` on the way (high-quality resampling),
 * and reads its RGBA pixels through an OffscreenCanvas. Works in pages and workers.
 */
export const browserImageDecoder: ImageDecoder = async (file, target): Promise<DecodedImage> => {
  const bytes = await file.read();
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
      resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high',
    });
  } catch {
    throw new DataFileError(file.path, say('errors.data.browserDecode', { file: file.path }));
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new DataFileError(file.path, say('errors.data.noCanvas'));
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, data };
  } finally {
    bitmap.close();
  }
};
