'use client';
/**
 * The picture the panel looks at: a test image of the dataset (by number), a digit drawn on the
 * pad (for digit models), an uploaded picture, or a built-in sample (for models no built-in
 * dataset fits, such as VGG-16 at 224×224). Each ends as the model's input bytes (PanelImage).
 * The pad and uploads are the results panel's own parts (components/results).
 */
import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { fitToInput, type ModelImage } from '@/lib/results/model-input';
import type { DatasetId } from '@/lib/train/datasets/catalogue';
import type { ImageShape } from '@/lib/train/datasets/types';
import { DrawingPad } from '@/components/results/DrawingPad';
import { ImageUpload } from '@/components/results/ImageUpload';
import { SAMPLE_NAMES, sampleImage } from './sample-image';
import { useAnswer } from './useAnswer';
import { InputPicture, className, type PanelImage } from './views/common';
import styles from './LookInside.module.css';

type Source = 'test' | 'drawing' | 'upload' | 'sample';

interface InputPickerProps {
  readonly inputShape: ImageShape;
  /** The dataset whose test images are offered (null: none fits this model). */
  readonly dataset: DatasetId | null;
  readonly datasetName: string | null;
  readonly testSize: number;
  /** The pad suits this model (digits). */
  readonly digits: boolean;
  readonly classNames: readonly string[];
  readonly image: PanelImage | null;
  readonly onImage: (image: PanelImage | null) => void;
}

/** A drawing becomes the picture this long after the pen stops moving (the views do not chase every frame). */
const DRAWING_SETTLE_MS = 150;

/** The preview's side, CSS pixels (a 32×32 digit ×4, a 224×224 photo shrunk). */
const PREVIEW_SIDE = 128;

export function InputPicker({ inputShape, dataset, datasetName, testSize, digits, classNames, image, onImage }: InputPickerProps) {
  const id = useId();
  const t = useTranslations('inside');
  const format = useFormatter();
  const [source, setSource] = useState<Source>(dataset ? 'test' : 'sample');
  const [index, setIndex] = useState(0);
  const [sample, setSample] = useState(0);
  const counter = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  // A test image comes from the worker as the dataset stores it, then is fitted to the input.
  const testKey = source === 'test' && dataset ? `${dataset}|test-image|${index}` : null;
  const test = useAnswer<'test-images'>(testKey, source === 'test' && dataset ? { kind: 'test-images', indices: [index], dataset } : null);
  const fromTest = useMemo<PanelImage | null>(() => {
    const a = test.answer;
    if (!a || !testKey) return null;
    const fitted = fitToInput(a.pixels, a.shape, inputShape);
    const label = a.labels[0]!;
    return { key: `test:${dataset}:${index}`, bytes: fitted.bytes, shape: inputShape, title: t('input.testTitle', { index, name: className(a.classNames.length ? a.classNames : classNames, label) }), label };
  }, [test.answer, testKey, inputShape, dataset, index, classNames, t]);
  const fromSample = useMemo<PanelImage | null>(() => (source === 'sample'
    ? { key: `sample:${sample}`, bytes: sampleImage(sample, inputShape), shape: inputShape, title: t('input.sampleTitle', { name: t(`input.sampleName.${sample}`) }) } : null), [source, sample, inputShape, t]);

  useEffect(() => {
    if (source === 'test' && fromTest) onImage(fromTest);
    if (source === 'sample' && fromSample) onImage(fromSample);
  }, [source, fromTest, fromSample, onImage]);

  const onDrawing = useCallback((picture: ModelImage | null) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      counter.current++;
      onImage(picture ? { key: `drawing:${counter.current}`, bytes: picture.bytes, shape: picture.shape, title: t('input.yourDrawing') } : null);
    }, DRAWING_SETTLE_MS);
  }, [onImage, t]);
  const onUpload = useCallback(({ image: picture, name }: { image: ModelImage; name: string }) => {
    counter.current++;
    onImage({ key: `upload:${counter.current}`, bytes: picture.bytes, shape: picture.shape, title: name });
  }, [onImage]);

  const choose = (s: Source) => {
    setSource(s);
    if (s === 'drawing' || s === 'upload') onImage(null);
  };
  const sources: { value: Source; label: string; offered: boolean }[] = [
    { value: 'test', label: datasetName ? t('input.testOf', { dataset: datasetName }) : t('input.test'), offered: !!dataset },
    { value: 'drawing', label: t('input.drawing'), offered: digits },
    { value: 'upload', label: t('input.upload'), offered: true },
    { value: 'sample', label: t('input.sample'), offered: true },
  ];
  const [h, w, c] = inputShape;
  return (
    <div className={styles.input}>
      <figure className={styles.preview} data-testid="inside-input" data-key={image?.key ?? ''}>
        {image
          ? <InputPicture image={image} side={PREVIEW_SIDE} label={t('input.pictureLabel', { title: image.title })} />
          : <span className={styles.previewEmpty} style={{ width: PREVIEW_SIDE, height: PREVIEW_SIDE }} />}
        <figcaption>
          <strong>{image?.title ?? (source === 'drawing' ? t('input.drawDigit') : source === 'upload' ? t('input.choosePicture') : t('input.loading'))}</strong>
          <span className={styles.tiny}>{t(c === 1 ? 'input.asTakenGrey' : 'input.asTakenColour', { h, w })}</span>
        </figcaption>
      </figure>
      <div className={styles.inputControls}>
        <fieldset className={styles.sources}>
          <legend>{t('input.lookAt')}</legend>
          {sources.filter((s) => s.offered).map((s) => (
            <label key={s.value} className={styles.check}>
              <input type="radio" name={`${id}-source`} value={s.value} checked={source === s.value} onChange={() => choose(s.value)} />
              {s.label}
            </label>
          ))}
        </fieldset>
        {source === 'test' && dataset && (
          <div className={styles.picker}>
            <label htmlFor={`${id}-index`}>{t('input.testImage')}</label>
            <button type="button" onClick={() => setIndex(Math.max(0, index - 1))} disabled={index <= 0} aria-label={t('input.previous')}>‹</button>
            <input id={`${id}-index`} type="number" min={0} max={Math.max(0, testSize - 1)} value={index} data-testid="test-index"
              onChange={(e) => { const v = Number(e.target.value); if (Number.isInteger(v) && v >= 0 && (testSize === 0 || v < testSize)) setIndex(v); }} />
            <button type="button" onClick={() => setIndex(testSize ? Math.min(testSize - 1, index + 1) : index + 1)} aria-label={t('input.next')}>›</button>
            {testSize > 0 && <span className={styles.muted}>{t('input.of', { count: format.number(testSize) })}</span>}
            {test.error && <p className={styles.problem} role="alert">{test.error}</p>}
            {test.loading && !test.answer && <span className={styles.muted}>{t('input.loadingDataset', { dataset: datasetName ?? dataset })}</span>}
          </div>
        )}
        {source === 'drawing' && digits && <DrawingPad inputShape={inputShape} onPicture={onDrawing} />}
        {source === 'upload' && <ImageUpload inputShape={inputShape} digits={digits} onPicture={onUpload} />}
        {source === 'sample' && (
          <div className={styles.picker}>
            <label htmlFor={`${id}-sample`}>{t('input.sampleLabel')}</label>
            <select id={`${id}-sample`} value={sample} onChange={(e) => setSample(Number(e.target.value))} data-testid="sample-pick">
              {SAMPLE_NAMES.map((n, i) => <option key={n} value={i}>{t(`input.sampleName.${i}`)}</option>)}
            </select>
            <span className={styles.tiny}>{t('input.drawnAt', { h, w })}</span>
          </div>
        )}
      </div>
    </div>
  );
}
