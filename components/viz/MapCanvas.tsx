'use client';
/**
 * A picture made of numbers (a feature map, a projection, a filter), drawn into a canvas at its own
 * size through an ImageData and scaled by CSS without smoothing, so each unit stays a square.
 * The RGBA is made when the canvas draws (`draw`), not during render: a page of VGG-16 maps is
 * millions of pixels, and memo keeps unchanged tiles from drawing again.
 */
import { memo, useEffect, useRef } from 'react';
import type { RgbaImage } from '@/lib/viz';
import styles from './LookInside.module.css';

interface MapCanvasProps {
  /** Makes the pixels; called again only when it changes (make it with useCallback or useMemo). */
  readonly draw: () => RgbaImage;
  readonly width: number;
  readonly height: number;
  /** Size on screen, CSS pixels. */
  readonly displayWidth: number;
  readonly displayHeight: number;
  /** Its name for screen readers ("c1 channel 3"); without one it is decoration. */
  readonly label?: string;
  readonly testId?: string;
  readonly className?: string;
  /** Makes the picture a control (a feature map to choose): click, Enter or Space. */
  readonly onActivate?: () => void;
  /** The pointer or the focus is on it (to enlarge it). */
  readonly onHover?: () => void;
  /** Shown as chosen. */
  readonly selected?: boolean;
}

export const MapCanvas = memo(function MapCanvas({
  draw, width, height, displayWidth, displayHeight, label, testId, className, onActivate, onHover, selected,
}: MapCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = draw();
    // lib/viz/render.ts makes its pixels on plain ArrayBuffers, as ImageData wants.
    ctx.putImageData(new ImageData(img.data as Uint8ClampedArray<ArrayBuffer>, img.width, img.height), 0, 0);
  }, [draw]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      className={`${styles.pixels} ${onActivate ? styles.choosable : ''} ${selected ? styles.chosen : ''} ${className ?? ''}`}
      style={{ width: displayWidth, height: displayHeight }}
      data-testid={testId}
      data-selected={selected ? 'true' : undefined}
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
      {...(onActivate ? {
        tabIndex: 0,
        onClick: onActivate,
        onKeyDown: (e: React.KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onActivate(); } },
      } : {})}
      {...(onHover ? { onMouseEnter: onHover, onFocus: onHover } : {})}
    />
  );
});
