/**
 * Every preset, in historical order (the full-size models by year, then the minis in the same
 * order). One file per model in this folder.
 */
import { alexnet } from './alexnet';
import { densenet121 } from './densenet121';
import { densenet169 } from './densenet169';
import { efficientnetB0 } from './efficientnet_b0';
import { googlenet } from './googlenet';
import { lenet5 } from './lenet5';
import { miniDensenet } from './mini_densenet';
import { miniInception } from './mini_inception';
import { miniMobilenet } from './mini_mobilenet';
import { miniResnet } from './mini_resnet';
import { miniSeResnet } from './mini_se_resnet';
import { miniVgg } from './mini_vgg';
import { mobilenetV2 } from './mobilenet_v2';
import { resnet101 } from './resnet101';
import { resnet152 } from './resnet152';
import { resnet18 } from './resnet18';
import { resnet34 } from './resnet34';
import { resnet50 } from './resnet50';
import { resnext50 } from './resnext50_32x4d';
import { seResnet50 } from './se_resnet50';
import type { Preset } from './types';
import { vgg16 } from './vgg16';
import { vgg19 } from './vgg19';
import { zfnet } from './zfnet';

export const PRESETS: readonly Preset[] = [
  lenet5,
  alexnet,
  zfnet,
  vgg16,
  vgg19,
  googlenet,
  resnet18,
  resnet34,
  resnet50,
  resnet101,
  resnet152,
  resnext50,
  densenet121,
  densenet169,
  seResnet50,
  mobilenetV2,
  efficientnetB0,
  miniVgg,
  miniInception,
  miniResnet,
  miniDensenet,
  miniSeResnet,
  miniMobilenet,
];

/** The preset with this id (as in docs/presets.md), or undefined. */
export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

export type { Preset, History } from './types';
