'use client';
/**
 * Classify an image of your own: the browser decodes it (files.browser.ts), and it is made into
 * the model's input the way its training data was (lib/results/model-input.ts). A file that is
 * not an image, or a broken one, gets a message saying so; nothing is thrown at the page.
 */
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { decodeSize, uploadToModelImage, type ModelImage } from '@/lib/results/model-input';
import { browserImageDecoder, filesFromFileList } from '@/lib/train/datasets/files.browser';
import { DataFileError } from '@/lib/train/datasets/source';
import type { DecodedImage } from '@/lib/train/datasets/png';
import type { ImageShape } from '@/lib/train/datasets/types';
import styles from './Results.module.css';
import { errorWords, saidWords } from '@/components/train/said-words';

interface ImageUploadProps {
  readonly inputShape: ImageShape;
  /** The model reads digits (MNIST): uploads are made MNIST-like, not just resized. */
  readonly digits: boolean;
  /** The image, ready for the model, with its file name and how it was prepared. */
  readonly onPicture: (picture: { image: ModelImage; name: string; note?: string }) => void;
}

/** A file the browser cannot read as an image (the panel words it: `results.unreadable`). */
class UnreadableUpload extends Error {}

/** Decodes a picked file at its own size (at most 256 pixels a side), as RGBA. */
async function decodeUpload(file: File): Promise<DecodedImage> {
  let size: { width: number; height: number };
  try {
    // The natural size first, so the decoder can keep the aspect ratio (a digit is not squashed).
    const probe = await createImageBitmap(file);
    size = decodeSize(probe.width, probe.height);
    probe.close();
  } catch {
    throw new UnreadableUpload(file.name);
  }
  return browserImageDecoder(filesFromFileList([file])[0]!, size);
}

export function ImageUpload({ inputShape, digits, onPicture }: ImageUploadProps) {
  const id = useId();
  const t = useTranslations('results');
  const all = useTranslations();
  const [status, setStatus] = useState<{ kind: 'idle' } | { kind: 'reading'; name: string } | { kind: 'error'; message: string } | { kind: 'shown'; name: string; url: string }>({ kind: 'idle' });

  // The object URL of the image shown is released when another replaces it or the view goes.
  const shownUrl = status.kind === 'shown' ? status.url : null;
  useEffect(() => () => {
    if (shownUrl) URL.revokeObjectURL(shownUrl);
  }, [shownUrl]);

  const onChange = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setStatus({ kind: 'reading', name: file.name });
    try {
      const decoded = await decodeUpload(file);
      const prepared = uploadToModelImage(decoded, inputShape, digits);
      if (!prepared.ok) {
        setStatus({ kind: 'error', message: t('fileProblem', { name: file.name, problem: prepared.said ? saidWords(prepared.said, all) : prepared.message }) });
        return;
      }
      setStatus({ kind: 'shown', name: file.name, url: URL.createObjectURL(file) });
      const note = prepared.noteSaid ? saidWords(prepared.noteSaid, all) : prepared.note;
      onPicture({ image: prepared.image, name: file.name, ...(note ? { note } : {}) });
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof DataFileError ? errorWords(error, all) : t('unreadable', { name: file.name }) });
    } finally {
      // Choosing the same file again classifies it again.
      input.value = '';
    }
  };

  return (
    <div className={styles.upload}>
      <label htmlFor={`${id}-file`} className={styles.uploadLabel}>
        <strong>{t('upload')}</strong>
        <small className={styles.muted}>
          {digits ? t('uploadDigits') : t(inputShape[2] === 1 ? 'uploadAnyGrey' : 'uploadAny', { h: inputShape[0], w: inputShape[1] })}
        </small>
      </label>
      <input id={`${id}-file`} type="file" accept="image/*" onChange={onChange} data-testid="classify-input" />
      {status.kind === 'reading' && <p className={styles.muted}>{t('reading', { name: status.name })}</p>}
      {status.kind === 'error' && <p className={styles.problem} role="alert" data-testid="classify-error">{status.message}</p>}
      {status.kind === 'shown' && (
        <figure className={styles.uploaded}>
          {/* A user's own file, shown as it is: next/image would only re-encode it. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={status.url} alt={t('yourImage', { name: status.name })} data-testid="classify-original" />
          <figcaption className={styles.muted}>{status.name}</figcaption>
        </figure>
      )}
    </div>
  );
}
