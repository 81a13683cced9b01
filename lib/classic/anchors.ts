/**
 * The figures /classic compares with: the shipped LeNet-5 (measured here, docs/mnist.md) and the
 * published MNIST results of the classic methods. Numbers and sources only; the page words them.
 */
import { SHIPPED_MODELS } from '../viz/shipped';

const lenet = SHIPPED_MODELS.find((m) => m.id === 'lenet5-mnist')!;

/** The LeNet-5 that ships with the app: its test accuracy and how long its recipe trained (docs/mnist.md). */
export const LENET5_REFERENCE = {
  accuracy: lenet.testAccuracy,
  epochs: 12,
  /** The recipe's 12 epochs under Node on wasm, 2 cores partly shared with other jobs (bench:mnist). */
  trainSeconds: 647,
  /** The same on quiet cores: 30–35 s an epoch. */
  quietTrainSeconds: 7 * 60,
  recipe: lenet.recipe,
} as const;

/** A published MNIST test error, with where it was published. */
export interface PublishedAnchor {
  readonly id: 'knn-l2' | 'hog-linear-svm' | 'virtual-svm' | 'lenet5-1998';
  /** Test error on the official 10,000 test digits (approximate where `approximate`). */
  readonly error: number;
  readonly approximate: boolean;
  /** The bibliographic reference (authors, year, title), the same in every language; what the number is, the page says. */
  readonly citation: string;
  readonly url?: string;
}

export const PUBLISHED_ANCHORS: readonly PublishedAnchor[] = [
  {
    id: 'knn-l2',
    error: 0.0309,
    approximate: false,
    citation: 'LeCun, Cortes & Burges, "The MNIST database of handwritten digits" (results table; Kenneth Wilder)',
    url: 'http://yann.lecun.com/exdb/mnist/',
  },
  {
    id: 'hog-linear-svm',
    error: 0.02,
    approximate: true,
    citation: 'Dalal & Triggs 2005, "Histograms of Oriented Gradients for Human Detection", CVPR',
  },
  {
    id: 'virtual-svm',
    error: 0.0056,
    approximate: false,
    citation: 'DeCoste & Schölkopf 2002, "Training Invariant Support Vector Machines", Machine Learning 46',
  },
  {
    id: 'lenet5-1998',
    error: 0.0095,
    approximate: false,
    citation: 'LeCun, Bottou, Bengio & Haffner 1998, "Gradient-Based Learning Applied to Document Recognition", Proc. IEEE',
  },
];
