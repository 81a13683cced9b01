'use client';
/**
 * Back to the pixels: the deconvnet and guided backpropagation of the chosen channel's strongest
 * unit, and the saliency of a class. Each projection is signed, so it is drawn on the diverging
 * scale centred on 0; the three rules are shown side by side on request (at once for small
 * inputs), so a class sees how they differ.
 */
import { useState } from 'react';
import type { Backprojection, BackwardRule } from '@/lib/viz';
import { formatValue, mapName } from '../draw';
import { useAnswer } from '../useAnswer';
import { CentredColour, ChannelPicker, ClassPicker, InputPicture, NeedsImage, ScaledMap, ViewStatus, className, imageInput, type ViewProps } from './common';
import styles from '../LookInside.module.css';

const RULE_NAMES: Record<BackwardRule, string> = { deconvnet: 'Deconvnet', guided: 'Guided backprop', gradient: 'Plain gradient' };

/** Inputs up to this side get the three rules side by side without asking (a LeNet-5 projection takes milliseconds). */
const AUTO_COMPARE_SIDE = 64;

export function ProjectionView(p: ViewProps & { rule: 'deconvnet' | 'guided' }) {
  const { node, channel, image, weightsKey, rule, onChannel } = p;
  const usable = node.type !== 'Input';
  const key = image && usable ? `${weightsKey}|proj|${rule}|${node.id}|${channel}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'projection'>(key, image && usable
    ? { kind: 'projection', rule, nodeId: node.id, channel, image: imageInput(image) } : null);
  const [compareAsked, setCompareAsked] = useState<string | null>(null);
  if (!image) return <NeedsImage />;
  if (!usable) return <p className={styles.muted}>The input has nothing to project: choose a layer after it.</p>;
  const proj = answer?.projections[rule];
  const side = Math.max(image.shape[0], image.shape[1]);
  const compareKey = `${node.id}|${channel}|${image.key}`;
  const compare = side <= AUTO_COMPARE_SIDE || compareAsked === compareKey;
  return (
    <div className={styles.view}>
      <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
      <ViewStatus view={rule} loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={`Projecting ${mapName(node.id, channel)} back to the pixels…`} />
      {proj && (
        <>
          <Target proj={proj} />
          <div className={styles.row}>
            <figure className={styles.mapFigure}>
              <InputPicture image={image} side={160} />
              <figcaption className={styles.tiny}>{image.title}</figcaption>
            </figure>
            <Projection proj={proj} label={`${RULE_NAMES[rule]} of ${mapName(node.id, channel)}`} side={160} testId={`${rule}-projection`} />
          </div>
          {proj.method === 'switches'
            ? <p className={styles.tiny}>Computed literally: unpooled with the forward pass&rsquo;s switches, rectified at each ReLU, each filter applied transposed.</p>
            : rule === 'deconvnet' && <p className={styles.tiny}>This graph is not a plain chain, so the deconvnet runs as a gradient whose ReLUs pass max(g, 0): the same computation.</p>}
          {compare
            ? <Compare {...p} />
            : <button type="button" onClick={() => setCompareAsked(compareKey)}>Show the deconvnet, guided backprop and the plain gradient side by side</button>}
        </>
      )}
    </div>
  );
}

/** Where the unit is and how strongly it fired. */
function Target({ proj }: { proj: Backprojection }) {
  const t = proj.target;
  if (t.kind !== 'unit') return null;
  return (
    <p data-testid="projection-target">
      The strongest unit of {mapName(t.node, t.channel)} for this picture is at row {t.y}, column {t.x}: {formatValue(t.value)}.
      {t.value <= 0 && <strong> It does not fire (0), so there is nothing to project: choose another channel or picture.</strong>}
    </p>
  );
}

function Projection({ proj, label, side, testId }: { proj: Backprojection; label: string; side: number; testId?: string }) {
  const colour = proj.shape[2] === 3;
  return (
    <div className={styles.row} data-testid={testId}>
      <ScaledMap map={proj} what={colour ? 'projection, colours summed (0 is white)' : 'projection (0 is white)'} label={label} side={side} signed />
      {colour && <CentredColour map={proj} label={`${label}, in colour`} side={side} />}
    </div>
  );
}

/** The three rules for the same unit, side by side. */
function Compare({ node, channel, image, weightsKey }: ViewProps) {
  const key = image ? `${weightsKey}|proj|all|${node.id}|${channel}|${image.key}` : null;
  const { answer, error, loading } = useAnswer<'projection'>(key, image ? { kind: 'projection', rule: 'all', nodeId: node.id, channel, image: imageInput(image) } : null);
  return (
    <section className={styles.compare} aria-label="Three projections side by side">
      <h4>The same unit, three backward rules</h4>
      {loading && <p className={styles.muted}>Projecting three ways…</p>}
      {error && <p className={styles.problem} role="alert">{error}</p>}
      {answer && (
        <div className={styles.row}>
          {(['deconvnet', 'guided', 'gradient'] as const).map((r) => answer.projections[r] && (
            <figure key={r} className={styles.mapFigure}>
              <figcaption><strong>{RULE_NAMES[r]}</strong></figcaption>
              <ScaledMap map={answer.projections[r]!} what="0 is white" label={`${RULE_NAMES[r]} of ${mapName(node.id, channel)}, side by side`} side={120} signed />
            </figure>
          ))}
        </div>
      )}
      <p className={styles.tiny}>Deconvnet: ReLU passes max(g, 0) going down. Guided: only where the unit was on going up and g &gt; 0. Gradient: where it was on going up, any sign.</p>
    </section>
  );
}

export function SaliencyView(p: ViewProps) {
  const { image, weightsKey, classNames } = p;
  const [chosen, setChosen] = useState<number | null>(null);
  const key = image ? `${weightsKey}|saliency|${chosen ?? 'top'}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'saliency'>(key, image
    ? { kind: 'saliency', image: imageInput(image), ...(chosen !== null ? { class: chosen } : {}) } : null);
  if (!image) return <NeedsImage />;
  const top = answer ? [...answer.probabilities].map((v, i) => [i, v] as const).sort((a, b) => b[1] - a[1]).slice(0, 5) : [];
  return (
    <div className={styles.view}>
      <ClassPicker classNames={classNames} value={chosen} onChange={setChosen} />
      <ViewStatus view="saliency" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting="Taking the gradient of the class score…" />
      {answer && (
        <>
          <p data-testid="saliency-class">
            Class <strong>{className(classNames, answer.class)}</strong>: score before the softmax {formatValue(answer.score)}, probability {formatValue(answer.probabilities[answer.class]!)}.
          </p>
          <div className={styles.row}>
            <figure className={styles.mapFigure}>
              <InputPicture image={image} side={160} />
              <figcaption className={styles.tiny}>{image.title}</figcaption>
            </figure>
            <ScaledMap map={answer.map} what="|gradient|, largest over colours" label={`Saliency of class ${className(classNames, answer.class)}`} side={160} testId="saliency-map" />
            <ScaledMap map={answer.gradient} what="gradient (0 is white)" label={`Gradient of class ${className(classNames, answer.class)}, signed`} side={160} signed />
          </div>
          <ol className={styles.topClasses} aria-label="Most probable classes">
            {top.map(([c, v]) => <li key={c}>{className(classNames, c)}: {(v * 100).toFixed(1)}%</li>)}
          </ol>
        </>
      )}
    </div>
  );
}
