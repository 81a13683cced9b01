'use client';

import { memo, useEffect, useRef } from 'react';
import { hogGlyphLines } from '@/lib/classic/hog-glyphs';
import type { HogLayout } from '@/lib/classic/hog';

/** Screen pixels per image pixel. */
const SCALE = 5;

/** A 28×28 grey digit, drawn pixel for pixel (no smoothing), white on black as MNIST stores it. */
export const DigitCanvas = memo(function DigitCanvas({ pixels, side, label }: { pixels: Uint8Array; side: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const image = ctx.createImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      const v = pixels[i]!;
      image.data.set([v, v, v, 255], i * 4);
    }
    // Draw at 1:1 on a scratch canvas, then scale up without smoothing so pixels stay square.
    const scratch = new OffscreenCanvas(side, side);
    scratch.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  }, [pixels, side]);
  return <canvas ref={ref} width={side * SCALE} height={side * SCALE} role="img" aria-label={label} />;
});

/** The HOG glyphs of one image's cell histograms (lib/classic/hog-glyphs.ts gives the lines). */
export const GlyphCanvas = memo(function GlyphCanvas({ cells, layout, cellSize, label }: { cells: Float32Array; layout: HogLayout; cellSize: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // The cell grid, faint, so each star can be read against its cell.
    ctx.strokeStyle = 'rgba(255,255,255,0.12)';
    ctx.lineWidth = 1;
    for (let c = 1; c < layout.cellsX; c++) {
      ctx.beginPath();
      ctx.moveTo(c * cellSize * SCALE + 0.5, 0);
      ctx.lineTo(c * cellSize * SCALE + 0.5, canvas.height);
      ctx.stroke();
    }
    for (let r = 1; r < layout.cellsY; r++) {
      ctx.beginPath();
      ctx.moveTo(0, r * cellSize * SCALE + 0.5);
      ctx.lineTo(canvas.width, r * cellSize * SCALE + 0.5);
      ctx.stroke();
    }
    ctx.lineWidth = 2;
    ctx.lineCap = 'round';
    for (const line of hogGlyphLines(cells, layout, cellSize)) {
      ctx.strokeStyle = `rgba(255,255,255,${line.strength.toFixed(3)})`;
      ctx.beginPath();
      ctx.moveTo(line.x1 * SCALE, line.y1 * SCALE);
      ctx.lineTo(line.x2 * SCALE, line.y2 * SCALE);
      ctx.stroke();
    }
  }, [cells, layout, cellSize]);
  return <canvas ref={ref} width={layout.width * SCALE} height={layout.height * SCALE} role="img" aria-label={label} />;
});
