'use client';
/**
 * An image held as bytes (H×W×C, grey or colour), drawn into a canvas at its own size through an
 * ImageData and scaled up by CSS without smoothing, so every pixel the model sees stays a crisp
 * square.
 */
import { memo, useEffect, useRef } from 'react';
import { bytesToRgba } from '@/lib/results/model-input';
import type { ImageShape } from '@/lib/train/datasets/types';
import styles from './Results.module.css';

interface PixelImageProps {
  readonly bytes: Uint8Array;
  readonly shape: ImageShape;
  /** Screen pixels per image pixel. */
  readonly scale: number;
  /** Its name for screen readers; without one the image is decoration (its caption says it all). */
  readonly label?: string;
  readonly testId?: string;
}

/** Whole screen pixels per image pixel that bring an image near `target` CSS pixels (at least 1). */
export function pixelScale(side: number, target: number): number {
  return Math.max(1, Math.floor(target / Math.max(1, side)));
}

export const PixelImage = memo(function PixelImage({ bytes, shape, scale, label, testId }: PixelImageProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w] = shape;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.putImageData(new ImageData(bytesToRgba(bytes, shape), w, h), 0, 0);
  }, [bytes, shape, w, h]);
  return (
    <canvas
      ref={ref}
      width={w}
      height={h}
      className={styles.pixels}
      style={{ width: w * scale, height: h * scale }}
      data-testid={testId}
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    />
  );
});
