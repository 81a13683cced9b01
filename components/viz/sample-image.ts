/**
 * Built-in sample pictures for models no built-in dataset fits (VGG-16 and the other ImageNet
 * presets at 224×224): drawn in code at the model's input size, so nothing is downloaded. Each
 * holds what first layers respond to — edges at several angles, colour blobs, stripes, a smooth
 * gradient — in a scene a class can name: a house under the sun with a fence, or a ball on a
 * striped towel.
 */
import type { ImageShape } from '@/lib/train/datasets/types';

/** The samples, by index. */
export const SAMPLE_NAMES = ['House, sun and fence', 'Ball on a striped towel', 'Checkerboard and rings'] as const;

type Rgb = readonly [number, number, number];

/** The colour of sample `index` at (x, y) in unit coordinates (0–1 across the picture). */
function colourAt(index: number, x: number, y: number): Rgb {
  switch (index % SAMPLE_NAMES.length) {
    case 0: {
      // Sun: a yellow disc in a blue sky.
      if ((x - 0.78) ** 2 + (y - 0.2) ** 2 < 0.012) return [250, 210, 40];
      // Roof: a red triangle; walls: a beige square with a dark door.
      if (y > 0.3 && y < 0.5 && Math.abs(x - 0.35) < (y - 0.3) * 1.1) return [190, 40, 40];
      if (y >= 0.5 && y < 0.82 && Math.abs(x - 0.35) < 0.22) {
        if (Math.abs(x - 0.35) < 0.05 && y > 0.62) return [70, 45, 30];
        return [225, 205, 170];
      }
      // Fence: vertical white slats over the grass.
      if (y > 0.66 && y < 0.86 && x > 0.6 && (x * 40) % 2 < 1) return [245, 245, 245];
      if (y > 0.72) return [60, 150 - Math.round(40 * (y - 0.72)), 60];
      const sky = Math.round(120 + 110 * y);
      return [sky - 60, sky - 20, 235];
    }
    case 1: {
      // Ball: a shaded red disc; towel: diagonal stripes.
      const d = (x - 0.5) ** 2 + (y - 0.45) ** 2;
      if (d < 0.06) {
        const light = Math.max(0, 1 - ((x - 0.42) ** 2 + (y - 0.37) ** 2) * 12);
        return [Math.round(150 + 100 * light), Math.round(30 + 120 * light), Math.round(30 + 120 * light)];
      }
      return ((x + y) * 10) % 2 < 1 ? [40, 90, 200] : [240, 240, 230];
    }
    default: {
      // A checkerboard on the left, concentric rings on the right.
      if (x < 0.5) return (Math.floor(x * 16) + Math.floor(y * 16)) % 2 === 0 ? [20, 20, 20] : [235, 235, 235];
      const r = Math.sqrt((x - 0.75) ** 2 + (y - 0.5) ** 2);
      return (r * 24) % 2 < 1 ? [30, 160, 90] : [250, 230, 200];
    }
  }
}

/** Sample `index` as H×W×C bytes (grey is the mean of the three colours). */
export function sampleImage(index: number, [h, w, c]: ImageShape): Uint8Array {
  const out = new Uint8Array(h * w * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const rgb = colourAt(index, (x + 0.5) / w, (y + 0.5) / h);
      const at = (y * w + x) * c;
      if (c === 1) out[at] = Math.round((rgb[0] + rgb[1] + rgb[2]) / 3);
      else for (let k = 0; k < c; k++) out[at + k] = rgb[Math.min(k, 2)]!;
    }
  }
  return out;
}
