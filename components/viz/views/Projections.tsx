'use client';
/**
 * Back to the pixels: the deconvnet and guided backpropagation of the chosen channel's strongest
 * unit, and the saliency of a class. Each projection is signed, so it is drawn on the diverging
 * scale centred on 0; the three rules are shown side by side on request (at once for small
 * inputs), so a class sees how they differ.
 */
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Backprojection, BackwardRule } from '@/lib/viz';
import { formatValue } from '../draw';
import { useAnswer } from '../useAnswer';
import { CentredColour, ChannelPicker, ClassPicker, InputPicture, NeedsImage, ScaledMap, ViewStatus, className, imageInput, type ViewProps } from './common';
import styles from '../LookInside.module.css';

/** The message key of each backward rule's name. */
const RULE_NAMES: Record<BackwardRule, string> = { deconvnet: 'rule.deconvnet', guided: 'rule.guided', gradient: 'rule.gradient' };

/** Inputs up to this side get the three rules side by side without asking (a LeNet-5 projection takes milliseconds). */
const AUTO_COMPARE_SIDE = 64;

export function ProjectionView(p: ViewProps & { rule: 'deconvnet' | 'guided' }) {
  const { node, channel, image, weightsKey, rule, onChannel } = p;
  const usable = node.type !== 'Input';
  const key = image && usable ? `${weightsKey}|proj|${rule}|${node.id}|${channel}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'projection'>(key, image && usable
    ? { kind: 'projection', rule, nodeId: node.id, channel, image: imageInput(image) } : null);
  const [compareAsked, setCompareAsked] = useState<string | null>(null);
  const t = useTranslations('inside');
  if (!image) return <NeedsImage />;
  if (!usable) return <p className={styles.muted}>{t('projection.inputOnly')}</p>;
  const map = t('map.name', { node: node.id, channel });
  const proj = answer?.projections[rule];
  const side = Math.max(image.shape[0], image.shape[1]);
  const compareKey = `${node.id}|${channel}|${image.key}`;
  const compare = side <= AUTO_COMPARE_SIDE || compareAsked === compareKey;
  return (
    <div className={styles.view}>
      <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
      <ViewStatus view={rule} loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('projection.waiting', { map })} />
      {proj && (
        <>
          <Target proj={proj} />
          <div className={styles.row}>
            <figure className={styles.mapFigure}>
              <InputPicture image={image} side={160} />
              <figcaption className={styles.tiny}>{image.title}</figcaption>
            </figure>
            <Projection proj={proj} label={t('projection.label', { rule: t(RULE_NAMES[rule]), map })} side={160} testId={`${rule}-projection`} />
          </div>
          {proj.method === 'switches'
            ? <p className={styles.tiny}>{t('projection.literal')}</p>
            : rule === 'deconvnet' && <p className={styles.tiny}>{t('projection.asGradient')}</p>}
          {compare
            ? <Compare {...p} />
            : <button type="button" onClick={() => setCompareAsked(compareKey)}>{t('projection.compare')}</button>}
        </>
      )}
    </div>
  );
}

/** Where the unit is and how strongly it fired. */
function Target({ proj }: { proj: Backprojection }) {
  const words = useTranslations('inside');
  const t = proj.target;
  if (t.kind !== 'unit') return null;
  return (
    <p data-testid="projection-target">
      {words('projection.target', { map: words('map.name', { node: t.node, channel: t.channel }), row: t.y, column: t.x, value: formatValue(t.value) })}
      {t.value <= 0 && <strong>{words('projection.silent')}</strong>}
    </p>
  );
}

function Projection({ proj, label, side, testId }: { proj: Backprojection; label: string; side: number; testId?: string }) {
  const t = useTranslations('inside');
  const colour = proj.shape[2] === 3;
  return (
    <div className={styles.row} data-testid={testId}>
      <ScaledMap map={proj} what={t(colour ? 'projection.scaleColour' : 'projection.scale')} label={label} side={side} signed />
      {colour && <CentredColour map={proj} label={t('projection.inColour', { label })} side={side} />}
    </div>
  );
}

/** The three rules for the same unit, side by side. */
function Compare({ node, channel, image, weightsKey }: ViewProps) {
  const key = image ? `${weightsKey}|proj|all|${node.id}|${channel}|${image.key}` : null;
  const { answer, error, loading } = useAnswer<'projection'>(key, image ? { kind: 'projection', rule: 'all', nodeId: node.id, channel, image: imageInput(image) } : null);
  const t = useTranslations('inside');
  return (
    <section className={styles.compare} aria-label={t('projection.threeLabel')}>
      <h4>{t('projection.threeTitle')}</h4>
      {loading && <p className={styles.muted}>{t('projection.threeWaiting')}</p>}
      {error && <p className={styles.problem} role="alert">{error}</p>}
      {answer && (
        <div className={styles.row}>
          {(['deconvnet', 'guided', 'gradient'] as const).map((r) => answer.projections[r] && (
            <figure key={r} className={styles.mapFigure}>
              <figcaption><strong>{t(RULE_NAMES[r])}</strong></figcaption>
              <ScaledMap map={answer.projections[r]!} what={t('projection.zeroWhite')} label={t('projection.sideBySide', { rule: t(RULE_NAMES[r]), map: t('map.name', { node: node.id, channel }) })} side={120} signed />
            </figure>
          ))}
        </div>
      )}
      <p className={styles.tiny}>{t('projection.rules')}</p>
    </section>
  );
}

export function SaliencyView(p: ViewProps) {
  const { image, weightsKey, classNames } = p;
  const [chosen, setChosen] = useState<number | null>(null);
  const t = useTranslations('inside');
  const key = image ? `${weightsKey}|saliency|${chosen ?? 'top'}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'saliency'>(key, image
    ? { kind: 'saliency', image: imageInput(image), ...(chosen !== null ? { class: chosen } : {}) } : null);
  if (!image) return <NeedsImage />;
  const top = answer ? [...answer.probabilities].map((v, i) => [i, v] as const).sort((a, b) => b[1] - a[1]).slice(0, 5) : [];
  return (
    <div className={styles.view}>
      <ClassPicker classNames={classNames} value={chosen} onChange={setChosen} />
      <ViewStatus view="saliency" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('saliency.waiting')} />
      {answer && (
        <>
          <p data-testid="saliency-class">
            {t.rich('saliency.class', {
              name: className(classNames, answer.class), score: formatValue(answer.score), probability: formatValue(answer.probabilities[answer.class]!),
              b: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
          <div className={styles.row}>
            <figure className={styles.mapFigure}>
              <InputPicture image={image} side={160} />
              <figcaption className={styles.tiny}>{image.title}</figcaption>
            </figure>
            <ScaledMap map={answer.map} what={t('saliency.scale')} label={t('saliency.label', { name: className(classNames, answer.class) })} side={160} testId="saliency-map" />
            <ScaledMap map={answer.gradient} what={t('saliency.gradientScale')} label={t('saliency.gradientLabel', { name: className(classNames, answer.class) })} side={160} signed />
          </div>
          <ol className={styles.topClasses} aria-label={t('saliency.top')}>
            {top.map(([c, v]) => <li key={c}>{className(classNames, c)}: {(v * 100).toFixed(1)}%</li>)}
          </ol>
        </>
      )}
    </div>
  );
}
