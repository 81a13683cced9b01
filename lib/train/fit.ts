/**
 * Does a dataset fit a model? Checked before training, with a message that says what to change.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ImageShape } from './datasets/types';

/** The per-sample input shape [H, W, C] of a model, or null when it is not an image model. */
export function modelInputShape(model: tf.LayersModel): number[] | null {
  const shape = model.inputs[0]?.shape;
  if (!shape || shape.length !== 4) return null;
  return shape.slice(1).map((d) => d ?? -1);
}

/** The number of outputs of the model's last layer. */
export function modelOutputUnits(model: tf.LayersModel): number | null {
  const shape = model.outputs[0]?.shape;
  if (!shape || shape.length !== 2) return null;
  return shape[1] ?? null;
}

const fmt = (s: readonly number[]): string => s.join('×');

/**
 * Null when the dataset fits the model; otherwise a message naming both shapes and what to
 * change (the Input block, the last Dense layer, or the dataset).
 */
export function fitProblem(model: tf.LayersModel, dataset: { name: string; inputShape: ImageShape; numClasses: number; id?: string }): string | null {
  const input = modelInputShape(model);
  const problems: string[] = [];
  if (!input) {
    problems.push(`the model's input is ${model.inputs[0]?.shape.slice(1).join('×') ?? 'unknown'}, not an image (height×width×channels)`);
  } else if (input.some((d, i) => d !== dataset.inputShape[i])) {
    const [h, w, c] = dataset.inputShape;
    let hint = `set the Input block to ${h}×${w}×${c}`;
    if (dataset.id?.startsWith('mnist') && input[0] === input[1] && (input[2] === 1 || input[2] === 3)) {
      hint = 'MNIST can be padded to 32×32 and repeated to 3 channels; the command line does it when the model asks for it';
    } else if (input[0]! > 64 && h <= 32) {
      hint += `, or pick a mini preset made for ${h}×${w} images (e.g. mini_resnet, mini_vgg)`;
    }
    problems.push(`the model takes ${fmt(input)} images but ${dataset.name} gives ${fmt(dataset.inputShape)}: ${hint}`);
  }
  const units = modelOutputUnits(model);
  if (units === null) {
    problems.push('the model does not end in a flat layer of class scores: end it with Dense (after Flatten or GlobalAvgPool)');
  } else if (units !== dataset.numClasses) {
    problems.push(`the model ends in ${units} outputs but ${dataset.name} has ${dataset.numClasses} classes: set the last Dense layer's units to ${dataset.numClasses}`);
  }
  return problems.length ? `The dataset does not fit the model: ${problems.join('; ')}.` : null;
}
