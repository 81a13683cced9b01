'use client';
/**
 * What a trained model makes of pictures, for a class to read: a drawing pad (for digit models),
 * an upload, and the test images, each shown to the model with its ten (or K) probabilities.
 *
 * Every picture goes through one probability view: the model's input as it sees it (a preview at
 * the input's own pixels) and the class probabilities. Predictions run one at a time on the
 * newest picture (lib/results/latest-only.ts), so a fast pen never queues work behind itself.
 *
 * The component knows nothing of workers: it is given `predict` and `loadImages`.
 */
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { LatestOnly } from '@/lib/results/latest-only';
import { canDrawDigits, fitToInput, type ModelImage } from '@/lib/results/model-input';
import { classLabel, labelDecisions, labelList, type GridFilter, type TestPredictions } from '@/lib/results/predictions';
import { formatCount } from '@/lib/results/text';
import type { ImageShape } from '@/lib/train/datasets/types';
import { DrawingPad } from './DrawingPad';
import { ImageUpload } from './ImageUpload';
import { PixelImage, pixelScale } from './PixelImage';
import { ProbabilityList } from './ProbabilityList';
import { TestImageGrid, type InspectedImage, type LoadImages } from './TestImageGrid';
import styles from './Results.module.css';
import { AskError } from '@/components/train/useTrainer';
import { errorWords } from '@/components/train/said-words';

/** The model's class probabilities for one image at its input shape. */
export type Predict = (image: ModelImage) => Promise<Float32Array>;

/** A picture in the probability view, and where it came from. */
interface Picture {
  readonly image: ModelImage;
  readonly source: 'drawing' | 'upload' | 'test';
  /** Says what the picture is: "Your drawing", "photo.png", "Test image 1,234 (true 7)". */
  readonly title: string;
  readonly note?: string;
  /** The test index, for a test image. */
  readonly index?: number;
}

/**
 * The probability view's state: the picture shown, and the probabilities of the newest picture the
 * model has answered for. `show(null)` empties it (the pad was cleared).
 */
function useProbabilities(predict: Predict) {
  const [picture, setPicture] = useState<Picture | null>(null);
  const [answer, setAnswer] = useState<{ probabilities: Float32Array | null; error?: unknown }>({ probabilities: null });
  const predictRef = useRef(predict);
  useEffect(() => {
    predictRef.current = predict;
  }, [predict]);
  // Made at the first picture (an event), not during render; it calls the newest `predict`.
  const runner = useRef<LatestOnly<ModelImage, Float32Array> | null>(null);
  const getRunner = useCallback(() => {
    runner.current ??= new LatestOnly<ModelImage, Float32Array>(
      (image) => predictRef.current(image),
      (probabilities) => setAnswer({ probabilities }),
      (error) => setAnswer({ probabilities: null, error }),
    );
    return runner.current;
  }, []);
  useEffect(() => () => runner.current?.cancel(), []);
  const show = useCallback((next: Picture | null) => {
    setPicture(next);
    if (next) getRunner().request(next.image);
    else {
      getRunner().cancel();
      setAnswer({ probabilities: null });
    }
  }, [getRunner]);
  return { picture, ...answer, show };
}

interface ModelResultsProps {
  /** The model's input [H, W, C]. */
  readonly inputShape: ImageShape;
  readonly classNames: readonly string[];
  /** What the model was trained on ('mnist', 'synthetic', 'folder'): the pad is for digits. */
  readonly datasetKind: string;
  /** The model answers a yes/no per label (sigmoid outputs), not one class. */
  readonly multiLabel?: boolean;
  readonly predict: Predict;
  /** Per test image: true class, predicted class, confidence. Null while there are none. */
  readonly predictions: TestPredictions | null;
  readonly loadImages: LoadImages;
  /** The grid's filter: the confusion matrix sets it too. */
  readonly filter: GridFilter;
  readonly onFilterChange: (filter: GridFilter) => void;
}

export function ModelResults({ inputShape, classNames, datasetKind, multiLabel = false, predict, predictions, loadImages, filter, onFilterChange }: ModelResultsProps) {
  const id = useId();
  const t = useTranslations('results');
  const all = useTranslations();
  const yourDrawing = t('yourDrawing');
  const digits = canDrawDigits(datasetKind, inputShape);
  const { picture, probabilities, error, show } = useProbabilities(predict);

  const onDrawing = useCallback((image: ModelImage | null) => {
    show(image ? { image, source: 'drawing', title: yourDrawing } : null);
  }, [show, yourDrawing]);
  const onUpload = useCallback(({ image, name, note }: { image: ModelImage; name: string; note?: string }) => {
    show({ image, source: 'upload', title: name, ...(note ? { note } : {}) });
  }, [show]);
  const onInspect = useCallback(({ index, bytes, shape }: InspectedImage) => {
    const truth = predictions?.multi
      ? labelList(classNames, labelDecisions(predictions.multi, index).truth)
      : predictions && predictions.truth[index] !== undefined ? classLabel(classNames, predictions.truth[index]) : undefined;
    show({
      image: fitToInput(bytes, shape, inputShape),
      source: 'test',
      index,
      title: truth !== undefined ? t('testTitleTrue', { index: formatCount(index), truth }) : t('testTitle', { index: formatCount(index) }),
    });
  }, [show, inputShape, predictions, classNames, t]);

  const [h, w, c] = inputShape;
  return (
    <div className={styles.results} data-testid="model-results">
      <section className={styles.try} aria-labelledby={`${id}-try`}>
        <h3 id={`${id}-try`}>{t('try')}</h3>
        <div className={styles.tryLayout}>
          <div className={styles.inputs}>
            {digits && <DrawingPad inputShape={inputShape} onPicture={onDrawing} />}
            <ImageUpload inputShape={inputShape} digits={digits} onPicture={onUpload} />
          </div>
          <div className={styles.answer} data-testid="probability-view" data-source={picture?.source ?? ''}>
            <figure className={styles.sees}>
              {picture
                ? <PixelImage bytes={picture.image.bytes} shape={picture.image.shape} scale={pixelScale(h, 112)}
                  label={t(c === 1 ? 'seesLabelGrey' : 'seesLabel', { title: picture.title, h, w })} testId="model-sees" />
                : <span className={styles.seesEmpty} style={{ width: h * pixelScale(h, 112), height: w * pixelScale(h, 112) }} />}
              <figcaption>
                <strong>{picture ? picture.title : t('sees')}</strong>
                <span className={styles.muted}>
                  {picture?.note ?? t(c === 1 ? 'pixelsGrey' : c === 3 ? 'pixelsColour' : 'pixels', { h, w })}
                </span>
              </figcaption>
            </figure>
            {error !== undefined && <p className={styles.problem} role="alert">{t('couldNotAnswer', { error: error instanceof AskError ? errorWords(error, all) : error instanceof Error ? error.message : String(error) })}</p>}
            <ProbabilityList probabilities={probabilities} classNames={classNames} multiLabel={multiLabel} />
          </div>
        </div>
      </section>
      {predictions && (
        <TestImageGrid
          predictions={predictions}
          classNames={classNames}
          loadImages={loadImages}
          filter={filter}
          onFilterChange={onFilterChange}
          onInspect={onInspect}
          inspected={picture?.source === 'test' ? (picture.index ?? null) : null}
        />
      )}
    </div>
  );
}
