'use client';
/**
 * A pad to draw a digit on, with the mouse, a finger or a pen (pointer events). It looks like
 * MNIST — light ink on black — and draws thick round strokes (MNIST's pen is about 2.5 pixels of
 * 28, an eleventh of the digit's 20-pixel box: here a stroke is about a tenth of the pad).
 *
 * At most once per animation frame while the pen moves, the drawing is made into the model's
 * input (lib/results/model-input.ts: fitted into 20×20, centred by its centre of mass in 28×28,
 * padded like the training digits) and handed to `onPicture`; the caller decides when to predict.
 */
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useRef } from 'react';
import { drawingToModelImage, type ModelImage } from '@/lib/results/model-input';
import type { ImageShape } from '@/lib/train/datasets/types';
import styles from './Results.module.css';

/** The pad's side in canvas pixels (its drawing is read at this size, whatever its size on screen). */
const SIDE = 280;
/** The pen's width: MNIST's strokes are ~2.5 pixels in a 20-pixel-high digit, about 1/8 of its height. */
const PEN = Math.round(SIDE * 0.09);

interface DrawingPadProps {
  /** The model's input shape (28×28 or 32×32, grey or colour). */
  readonly inputShape: ImageShape;
  /** A new picture (null: the pad is empty). Called at most once per animation frame. */
  readonly onPicture: (image: ModelImage | null) => void;
}

export function DrawingPad({ inputShape, onPicture }: DrawingPadProps) {
  const id = useId();
  const t = useTranslations('results');
  const canvasRef = useRef<HTMLCanvasElement>(null);
  /** The strokes drawn so far, in canvas pixels; the pointer drawing now (one pen at a time). */
  const strokes = useRef<{ x: number; y: number }[][]>([]);
  const drawing = useRef<number | null>(null);
  const frame = useRef<number | null>(null);
  // The latest props, read when a frame fires (not captured by the pointer handlers).
  const latest = useRef({ inputShape, onPicture });
  useEffect(() => {
    latest.current = { inputShape, onPicture };
  }, [inputShape, onPicture]);

  const context = useCallback((): CanvasRenderingContext2D | null => {
    const ctx = canvasRef.current?.getContext('2d', { willReadFrequently: true }) ?? null;
    if (ctx) {
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.lineWidth = PEN;
      ctx.strokeStyle = '#ffffff';
      ctx.fillStyle = '#ffffff';
    }
    return ctx;
  }, []);

  /** Reads the pad once, at the next animation frame, however many strokes came before it. */
  const schedule = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const ctx = context();
      if (!ctx) return;
      const { data } = ctx.getImageData(0, 0, SIDE, SIDE);
      const prepared = drawingToModelImage(data, SIDE, SIDE, latest.current.inputShape);
      latest.current.onPicture(prepared.ok ? prepared.image : null);
    });
  }, [context]);

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  /** A pointer's position in canvas pixels (the pad may be drawn smaller or larger on screen). */
  const at = (e: { clientX: number; clientY: number }): { x: number; y: number } => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * SIDE) / rect.width, y: ((e.clientY - rect.top) * SIDE) / rect.height };
  };

  /**
   * Draws every stroke again as one path each: segments drawn one by one would stack their
   * anti-aliased edges where they meet and leave beads along the line.
   */
  const redraw = useCallback(() => {
    const ctx = context();
    if (!ctx) return;
    ctx.clearRect(0, 0, SIDE, SIDE);
    for (const stroke of strokes.current) {
      const [first, ...rest] = stroke;
      if (!first) continue;
      ctx.beginPath();
      if (rest.length === 0) {
        // A tap leaves a dot, as a pen would.
        ctx.arc(first.x, first.y, PEN / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.moveTo(first.x, first.y);
      for (const p of rest) ctx.lineTo(p.x, p.y);
      ctx.stroke();
    }
  }, [context]);

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus({ preventScroll: true });
    drawing.current = e.pointerId;
    strokes.current.push([at(e)]);
    redraw();
    schedule();
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== e.pointerId) return;
    const stroke = strokes.current[strokes.current.length - 1]!;
    // The moves the browser merged into this event, so fast strokes stay smooth curves.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const ev of events.length > 0 ? events : [e]) stroke.push(at(ev));
    redraw();
    schedule();
  };

  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current === e.pointerId) drawing.current = null;
  };

  const clear = useCallback(() => {
    strokes.current = [];
    drawing.current = null;
    redraw();
    if (frame.current !== null) {
      cancelAnimationFrame(frame.current);
      frame.current = null;
    }
    latest.current.onPicture(null);
  }, [redraw]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Delete' || e.key === 'Backspace' || e.key === 'Escape') {
      e.preventDefault();
      clear();
    }
  };

  return (
    <div className={styles.pad}>
      <canvas
        ref={canvasRef}
        width={SIDE}
        height={SIDE}
        className={styles.padCanvas}
        role="img"
        aria-label={t('draw')}
        aria-describedby={`${id}-hint`}
        tabIndex={0}
        data-testid="drawing-pad"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onLostPointerCapture={onPointerUp}
        onKeyDown={onKeyDown}
      />
      <div className={styles.padBar}>
        <p id={`${id}-hint`} className={styles.muted}>{t('drawHint')}</p>
        <button type="button" onClick={clear} data-testid="pad-clear">{t('clear')}</button>
      </div>
    </div>
  );
}
