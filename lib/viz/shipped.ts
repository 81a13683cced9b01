/**
 * The trained networks that ship with the app, so that a class can look inside a trained network
 * the moment the page opens. The files are what `layerwise train --save` writes (model.json with
 * the weights manifest and the run's metadata, weights.bin, graph.json); `scripts/train-lenet5.ts`
 * makes them, and a unit test checks that they still load and reach their accuracy.
 */

export interface ShippedModel {
  readonly id: string;
  /** The preset whose graph the weights belong to. */
  readonly preset: string;
  readonly dataset: string;
  /** Folder under public/ (served at the site's root): `${path}/model.json`, `${path}/weights.bin`. */
  readonly path: string;
  /** Accuracy on the dataset's official test set when the weights were made. */
  readonly testAccuracy: number;
  /** How they were made. */
  readonly recipe: string;
}

export const SHIPPED_MODELS: readonly ShippedModel[] = [
  {
    id: 'lenet5-mnist',
    preset: 'lenet5',
    dataset: 'mnist',
    path: 'models/lenet5-mnist',
    testAccuracy: 0.994,
    recipe: 'layerwise train lenet5 --dataset mnist --epochs 12 --batch 64 --optimizer adam --lr 0.002 --schedule cosine --augment --seed 1',
  },
];
