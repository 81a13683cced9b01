/**
 * A tiny model whose every count is worked out by hand, for the memory estimate and guard tests.
 *
 * Input 4×4×1 → Conv2D 2@3×3 'same', no bias → BatchNorm → Flatten → Dense 3.
 *   params: conv 3·3·1·2 = 18; BN 2·2 = 4 trainable + 4 non-trainable; dense 32·3 + 3 = 99
 *           trainable = 18 + 4 + 99 = 121, non-trainable = 4
 *   activations per sample (floats): input 16 + conv 32 + BN 32 + flatten 32 + dense 3 = 115
 *           = 460 bytes
 */
import { analyse } from '@/lib/graph/analyse';
import { chain } from './helpers';

export const tiny = analyse(chain([4, 4, 1],
  ['Conv2D', { filters: 2, kernel: 3, padding: 'same', useBias: false }],
  ['BatchNorm'], ['Flatten'], ['Dense', { units: 3 }]));
