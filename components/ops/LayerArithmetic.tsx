'use client';
/**
 * "How this layer computes": one output value of the chosen node worked out with the model's
 * real numbers for the chosen picture — a convolution's kernel over its input window (products
 * per input channel, their sums, the bias, the activation), a pooling window, batch
 * normalization with its statistics, an activation, softmax from the logits — stepped position
 * by position (play, pause, step, scrub), beside the output-size formula with the node's numbers.
 *
 * The numbers come from the model session's worker (the 'arithmetic' question, lib/ops/numbers.ts);
 * the arithmetic is worked out here by lib/ops, and the value tfjs computed is shown beside it.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import type { ActivationWorked, ConvWorked, DenseWorked, PoolWorked, SoftmaxWorked } from '@/lib/ops/arithmetic';
import { geometryOf, operationKind, outputIndex, outputPosition, workedAt, type LayerNumbers, type Worked } from '@/lib/ops/layer';
import { windowOrigin, type WindowGeometry } from '@/lib/ops/geometry';
import { colourMap, scaleFor } from '@/lib/viz';
import { MapCanvas } from '@/components/viz/MapCanvas';
import { tileSize } from '@/components/viz/draw';
import { useAnswer } from '@/components/viz/useAnswer';
import { imageInput, type ViewProps } from '@/components/viz/views/common';
import { OutputSizeFormula } from './OutputSizeFormula';
import { Stepper } from './Stepper';
import styles from './Ops.module.css';

/** Terms of a dense unit listed one by one; the rest are summed in one line (VGG's fc6 has 25,088). */
const MAX_TERMS = 64;

type Num = (v: number) => string;

export function LayerArithmetic(p: ViewProps) {
  const t = useTranslations('ops');
  const titleId = useId();
  const { node, image, weightsKey } = p;
  const region = useRef<HTMLElement>(null);
  // Asked once the region comes near the screen: the worker answers one question at a time, and the tabs' views come first.
  // The address asked for it (the inspector's link, `ops=1`): at once. The panel renders this only after the worker's first status, so never on the server.
  const opsAsked = useSearchParams().has('ops');
  const [seen, setSeen] = useState(opsAsked);
  useEffect(() => {
    const el = region.current;
    if (seen || !el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setSeen(true);
        observer.disconnect();
      }
    }, { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  const key = image ? `${weightsKey}|arithmetic|${node.id}|${image.key}` : null;
  const { answer, error, loading } = useAnswer<'arithmetic'>(seen ? key : null, image ? { kind: 'arithmetic', nodeId: node.id, image: imageInput(image) } : null);
  // Opened from the editor ("How it computes ▸" → /train?node=…&ops=1): bring the region into view once it has numbers.
  const scrolled = useRef(false);
  useEffect(() => {
    if (!answer || scrolled.current) return;
    scrolled.current = true;
    if (opsAsked) region.current?.scrollIntoView({ block: 'start' });
  }, [answer, opsAsked]);
  let body: React.ReactNode;
  if (!image) body = <p className={styles.muted}>{t('needsImage')}</p>;
  else if (error) body = <p className={styles.problem} role="alert">{error}</p>;
  else if (loading || !answer || !seen) body = <p className={styles.muted} aria-live="polite">{t('waiting', { node: node.id })}</p>;
  else body = <Numbers key={key} numbers={answer} channel={p.channel} onChannel={p.onChannel} />;
  return (
    <section ref={region} className={styles.region} aria-labelledby={titleId} data-testid="layer-arithmetic">
      <h3 id={titleId} className={styles.title}>{t('title')}</h3>
      {body}
    </section>
  );
}

/** A node's numbers: the formula, the stepper and the worked value of the current position. */
function Numbers({ numbers: n, channel, onChannel }: { numbers: LayerNumbers; channel: number; onChannel: (c: number) => void }) {
  const t = useTranslations('ops');
  const format = useFormatter();
  const num: Num = useCallback((v: number) => shown(format.number, v), [format]);
  const kind = operationKind(n.type);
  const input = n.inputs[0];
  const out = n.output.shape;
  const isMap = out.length === 3;
  const channels = out[out.length - 1]!;
  const c = isMap ? Math.min(channel, channels - 1) : 0;
  const positions = isMap ? out[0]! * out[1]! : channels;
  const geometry = input ? geometryOf(n.type, n.params, input.shape) : null;
  // Start where the channel is strongest: the corners of a digit are all zeros, which teaches little.
  // A position chosen for another channel gives way to the new channel's strongest.
  const [chosen, setChosen] = useState<{ c: number; position: number } | null>(null);
  const position = chosen && chosen.c === c ? chosen.position : strongest(n, c, isMap);
  const setPosition = useCallback((q: number) => setChosen({ c, position: q }), [c]);
  const index = isMap ? outputIndex(out, Math.floor(position / out[1]!), position % out[1]!, c) : position;
  const worked = useMemo(() => workedAt(n, index), [n, index]);
  const at = outputPosition(out, index);
  // The input channel whose products are listed (a convolution reads several): the user's pick, else the first.
  const [picked, setPicked] = useState<number | null>(null);
  const parts = worked?.kind === 'conv' ? worked.parts : null;
  const inChannel = parts ? (parts.find((q) => q.channel === picked)?.channel ?? parts[0]!.channel) : Math.min(c, (input?.shape[2] ?? 1) - 1);
  const describe = useCallback((q: number) => (isMap ? t('position.map', { y: Math.floor(q / out[1]!), x: q % out[1]!, c }) : t('position.unit', { unit: q })), [isMap, out, c, t]);

  if (!kind || !input) {
    return <p className={styles.muted} data-testid="op-none">{n.type === 'Input' ? t('none.input') : t('none.other', { type: n.type })}</p>;
  }
  return (
    <div className={styles.body} data-kind={kind}>
      <p className={styles.lead}>{t(`lead.${kind}`, { node: n.node === n.primitive ? n.node : `${n.node} (${n.primitive})`, type: n.type })}</p>
      {geometry && <OutputSizeFormula geometry={geometry} />}
      <div className={styles.controls}>
        {isMap && channels > 1 && (
          <label className={styles.channel}>
            {t('channel')}{' '}
            <input type="number" min={0} max={channels - 1} value={c} onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 0 && v < channels) onChannel(v);
            }} />
          </label>
        )}
        <Stepper count={positions} position={position} onPosition={setPosition} describe={describe} />
      </div>
      {isMap && input.shape.length === 3 && <Maps n={n} worked={worked} geometry={geometry} y={at.y} x={at.x} c={c} inChannel={inChannel} onPick={setPicked} />}
      {worked
        ? <WorkedValue worked={worked} num={num} actual={n.output.data[index]!} at={at} isMap={isMap} inChannel={inChannel} />
        : <p className={styles.muted}>{t('none.shape')}</p>}
    </div>
  );
}

/** The position of the largest output of channel `c` (a vector: its largest unit). */
function strongest(n: LayerNumbers, c: number, isMap: boolean): number {
  const out = n.output;
  const channels = out.shape[out.shape.length - 1]!;
  let best = 0;
  let bestValue = -Infinity;
  const count = isMap ? out.data.length / channels : channels;
  for (let q = 0; q < count; q++) {
    const v = out.data[isMap ? q * channels + c : q]!;
    if (v > bestValue) { bestValue = v; best = q; }
  }
  return best;
}

/** The input channel a window reads (the one shown) and the output channel, with the window and the output cell outlined. */
function Maps({ n, worked, geometry, y, x, c, inChannel, onPick }: {
  n: LayerNumbers; worked: Worked | null; geometry: WindowGeometry | null; y: number; x: number; c: number; inChannel: number; onPick: (c: number) => void;
}) {
  const t = useTranslations('ops');
  const input = n.inputs[0]!;
  const [ih, iw, ic] = input.shape as [number, number, number];
  const [oh, ow, oc] = n.output.shape as [number, number, number];
  const parts = worked?.kind === 'conv' ? worked.parts : null;
  const inScale = useMemo(() => scaleFor(input.data), [input.data]);
  const outScale = useMemo(() => scaleFor(n.output.data), [n.output.data]);
  const drawIn = useCallback(() => colourMap(input.data, ih, iw, { channel: inChannel, channels: ic, scale: inScale }), [input.data, ih, iw, inChannel, ic, inScale]);
  const drawOut = useCallback(() => colourMap(n.output.data, oh, ow, { channel: c, channels: oc, scale: outScale }), [n.output.data, oh, ow, c, oc, outScale]);
  const inSide = tileSize(Math.max(ih, iw), 224);
  const outSide = tileSize(Math.max(oh, ow), 168);
  const inCell = inSide / Math.max(ih, iw);
  const outCell = outSide / Math.max(oh, ow);
  // The window: a conv's or pool's kernel reach; the whole map for global pooling; one pixel for element-wise layers.
  let box = { top: y, left: x, h: 1, w: 1 };
  if (geometry) {
    const o = windowOrigin(geometry, y, x);
    box = { top: o.iy, left: o.ix, h: geometry.rows.effectiveKernel, w: geometry.cols.effectiveKernel };
  } else if (worked?.kind === 'global-avg') box = { top: 0, left: 0, h: ih, w: iw };
  return (
    <div className={styles.maps}>
      <figure className={styles.mapFigure}>
        <div className={styles.mapFrame} style={{ width: iw * inCell, height: ih * inCell }}>
          <MapCanvas draw={drawIn} width={iw} height={ih} displayWidth={iw * inCell} displayHeight={ih * inCell}
            label={t('maps.input', { channel: inChannel })} testId="op-input-map" />
          <div className={styles.window} data-testid="op-window"
            style={{ top: box.top * inCell, left: box.left * inCell, width: box.w * inCell, height: box.h * inCell }} />
        </div>
        <figcaption>{t('maps.inputCaption', { channel: inChannel, h: ih, w: iw })}</figcaption>
      </figure>
      <span className={styles.arrow} aria-hidden>→</span>
      <figure className={styles.mapFigure}>
        <div className={styles.mapFrame} style={{ width: ow * outCell, height: oh * outCell }}>
          <MapCanvas draw={drawOut} width={ow} height={oh} displayWidth={ow * outCell} displayHeight={oh * outCell}
            label={t('maps.output', { channel: c })} testId="op-output-map" />
          <div className={styles.cell} style={{ top: y * outCell, left: x * outCell, width: outCell, height: outCell }} />
        </div>
        <figcaption>{t('maps.outputCaption', { channel: c, h: oh, w: ow })}</figcaption>
      </figure>
      {parts && parts.length > 1 && (
        <table className={styles.partials} data-testid="op-partials">
          <caption>{t('conv.partialsCaption')}</caption>
          <thead><tr><th scope="col">{t('conv.inputChannel')}</th><th scope="col">Σ x·w</th></tr></thead>
          <tbody>
            {parts.map((q) => (
              <tr key={q.channel} className={q.channel === inChannel ? styles.pickedRow : undefined}>
                <td><button type="button" className={styles.linkButton} onClick={() => onPick(q.channel)} aria-pressed={q.channel === inChannel}>{q.channel}</button></td>
                <td data-testid="op-partial"><Signed v={q.partial} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * A number as shown: 4 decimals in the locale's format, rounded first so that a tiny negative
 * reads 0, not "-0" (the e2e test sums the numbers as shown).
 */
function shown(formatNumber: ReturnType<typeof useFormatter>['number'], v: number): string {
  if (!Number.isFinite(v)) return '—';
  return formatNumber(Math.round(v * 1e4) / 1e4 + 0, { maximumFractionDigits: 4 });
}

function Signed({ v }: { v: number }) {
  const format = useFormatter();
  return <>{shown(format.number, v)}</>;
}

/** The arithmetic of the current output value, by kind, ending on its value and the one tfjs computed. */
function WorkedValue({ worked, num, actual, at, isMap, inChannel }: {
  worked: Worked; num: Num; actual: number; at: { y: number; x: number; c: number }; isMap: boolean; inChannel: number;
}) {
  const t = useTranslations('ops');
  const where = isMap ? t('position.map', { y: at.y, x: at.x, c: at.c }) : t('position.unit', { unit: at.c });
  return (
    <div className={styles.worked} aria-live="polite" aria-atomic="false">
      {worked.kind === 'conv' && <ConvSum w={worked} num={num} shown={inChannel} />}
      {worked.kind === 'dense' && <DenseSum w={worked} num={num} />}
      {worked.kind === 'pool' && <PoolWindow w={worked} num={num} />}
      {worked.kind === 'global-avg' && (
        <p className={styles.line}>{t('globalAvg', { count: worked.count })}: <code>Σ / {worked.count} = {num(worked.sum)} / {worked.count} = {num(worked.value)}</code></p>
      )}
      {worked.kind === 'batchnorm' && (
        <div className={styles.lines}>
          <p className={styles.line}>{t('bn.stats', { c: worked.c })}</p>
          <dl className={styles.stats}>
            <dt>x</dt><dd data-testid="bn-x">{num(worked.x)}</dd>
            <dt>μ</dt><dd>{num(worked.mean)} <span className={styles.muted}>{t('bn.mean')}</span></dd>
            <dt>σ²</dt><dd>{num(worked.variance)} <span className={styles.muted}>{t('bn.variance')}</span></dd>
            <dt>γ</dt><dd>{num(worked.gamma)} <span className={styles.muted}>{t('bn.gamma')}</span></dd>
            <dt>β</dt><dd>{num(worked.beta)} <span className={styles.muted}>{t('bn.beta')}</span></dd>
            <dt>ε</dt><dd>{worked.epsilon} <span className={styles.muted}>{t('bn.epsilon')}</span></dd>
          </dl>
          <p className={styles.line}><code>(x − μ) / √(σ² + ε) = ({num(worked.x)} − {num(worked.mean)}) / √({num(worked.variance)} + {worked.epsilon}) = {num(worked.centred)} / {num(worked.std)} = {num(worked.normalised)}</code></p>
          <p className={styles.line}><code>γ · x̂ + β = {num(worked.gamma)} × {num(worked.normalised)} + {num(worked.beta)} = {num(worked.scaled)} + {num(worked.beta)} = {num(worked.value)}</code></p>
        </div>
      )}
      {worked.kind === 'activation' && <ActivationLine a={worked.activation} num={num} />}
      <p className={styles.result}>
        {where}: <strong data-testid="op-value">{num(worked.value)}</strong>{' '}
        <span className={styles.muted} data-testid="op-actual">{t('actual', { value: num(actual) })}</span>
      </p>
    </div>
  );
}

/** The products of the shown input channel as the kernel's grid, then the sums, the bias and the activation. */
function ConvSum({ w, num, shown }: { w: ConvWorked; num: Num; shown: number }) {
  const t = useTranslations('ops');
  const part = w.parts.find((q) => q.channel === shown) ?? w.parts[0]!;
  const k = Math.round(Math.sqrt(part.taps.length));
  const multi = w.parts.length > 1;
  return (
    <div className={styles.lines}>
      <p className={styles.line}>{multi ? t('conv.productsOf', { channel: part.channel, count: w.parts.length }) : t('conv.products')}</p>
      <div className={styles.kernelGrid} style={{ gridTemplateColumns: `repeat(${k}, auto)` }} role="table" aria-label={t('conv.gridLabel', { channel: part.channel })}>
        {Array.from({ length: k }, (_, r) => (
          <div role="row" key={r} className={styles.gridRow}>
            {part.taps.slice(r * k, r * k + k).map((tap) => (
              <div role="cell" key={`${tap.ky},${tap.kx}`} className={`${styles.tap} ${tap.inside ? '' : styles.pad}`} title={`(${tap.iy}, ${tap.ix})`}>
                <span className={styles.tapFactors}>{tap.inside ? num(tap.x) : t('conv.pad')} × {num(tap.w)}</span>
                <span className={styles.tapProduct} data-testid="op-product">{num(tap.product)}</span>
              </div>
            ))}
          </div>
        ))}
      </div>
      <p className={styles.line}>
        <code>Σ x·w = <span data-testid="op-channel-sum">{num(part.partial)}</span></code>
        {multi && <> · <code>{t('conv.allChannels', { count: w.parts.length })} = <span data-testid="op-sum">{num(w.sum)}</span></code></>}
      </p>
      <p className={styles.line}>
        {w.hasBias
          ? <code>z = {num(w.sum)} + <span data-testid="op-bias">{num(w.bias)}</span> {t('conv.bias')} = <span data-testid="op-z">{num(w.z)}</span></code>
          : <code>z = {num(w.sum)} ({t('conv.noBias')}) = <span data-testid="op-z">{num(w.z)}</span></code>}
      </p>
      <ActivationLine a={w.activation} num={num} />
    </div>
  );
}

function DenseSum({ w, num }: { w: DenseWorked; num: Num }) {
  const t = useTranslations('ops');
  const listed = w.terms.slice(0, MAX_TERMS);
  const rest = w.terms.slice(MAX_TERMS);
  const restSum = rest.reduce((s, q) => s + q.product, 0);
  return (
    <div className={styles.lines}>
      <p className={styles.line}>{t('dense.terms', { count: w.terms.length, unit: w.unit })}</p>
      <ol className={styles.terms}>
        {listed.map((q) => (
          <li key={q.i}><span className={styles.tapFactors}>x{q.i} {num(q.x)} × {num(q.w)}</span> = <span data-testid="op-product">{num(q.product)}</span></li>
        ))}
      </ol>
      {rest.length > 0 && <p className={styles.line}>{t('dense.more', { count: rest.length })}: <code data-testid="op-rest">{num(restSum)}</code></p>}
      <p className={styles.line}>
        <code>Σ x·w = {num(w.sum)}; z = {num(w.sum)} + {w.hasBias ? <span data-testid="op-bias">{num(w.bias)}</span> : 0} = <span data-testid="op-z">{num(w.z)}</span></code>
      </p>
      <ActivationLine a={w.activation} num={num} />
    </div>
  );
}

function PoolWindow({ w, num }: { w: PoolWorked; num: Num }) {
  const t = useTranslations('ops');
  const k = Math.round(Math.sqrt(w.taps.length));
  const inside = w.taps.filter((q) => q.inside);
  return (
    <div className={styles.lines}>
      <p className={styles.line}>{w.mode === 'max' ? t('pool.max', { count: w.count }) : t('pool.avg', { count: w.count })}</p>
      <div className={styles.kernelGrid} style={{ gridTemplateColumns: `repeat(${k}, auto)` }} role="table" aria-label={t('pool.gridLabel')}>
        {Array.from({ length: k }, (_, r) => (
          <div role="row" key={r} className={styles.gridRow}>
            {w.taps.slice(r * k, r * k + k).map((q, i) => (
              <div role="cell" key={i} className={`${styles.tap} ${q.inside ? '' : styles.pad} ${w.mode === 'max' && r * k + i === w.winner ? styles.winner : ''}`}>
                <span className={styles.tapProduct} data-testid="op-window-value">{q.inside ? num(q.value) : t('conv.pad')}</span>
              </div>
            ))}
          </div>
        ))}
      </div>
      <p className={styles.line}>
        {w.mode === 'max'
          ? <code>max({inside.map((q) => num(q.value)).join(', ')}) = {num(w.value)}</code>
          : <code>({inside.map((q) => num(q.value)).join(' + ')}) / {w.count} = {num(w.sum)} / {w.count} = {num(w.value)}</code>}
      </p>
    </div>
  );
}

/** An activation with its numbers; softmax as a table of logits, exponentials and probabilities. */
function ActivationLine({ a, num }: { a: ActivationWorked; num: Num }) {
  const t = useTranslations('ops');
  const z = num(a.z);
  switch (a.fn) {
    case 'linear': return <p className={styles.line}>{t('act.linear')}</p>;
    case 'relu': return <p className={styles.line}><code>ReLU(z) = max(0, {z}) = {num(a.value)}</code></p>;
    case 'relu6': return <p className={styles.line}><code>ReLU6(z) = min(max(0, {z}), 6) = {num(a.value)}</code></p>;
    case 'sigmoid': return <p className={styles.line}><code>sigmoid(z) = 1 / (1 + e^−z) = 1 / (1 + {num(a.expNeg)}) = 1 / {num(a.denominator)} = {num(a.value)}</code></p>;
    case 'tanh': return <p className={styles.line}><code>tanh(z) = (e^z − e^−z) / (e^z + e^−z) = ({num(a.expPos)} − {num(a.expNeg)}) / ({num(a.expPos)} + {num(a.expNeg)}) = {num(a.value)}</code></p>;
    case 'swish': return <p className={styles.line}><code>swish(z) = z · sigmoid(z) = {z} × {num(a.sigmoid)} = {num(a.value)}</code></p>;
    case 'softmax': return <SoftmaxTable s={a.softmax} unit={a.unit} num={num} />;
  }
}

function SoftmaxTable({ s, unit, num }: { s: SoftmaxWorked; unit: number; num: Num }) {
  const t = useTranslations('ops');
  const format = useFormatter();
  // e^(−12) is small, not 0: tiny exponentials and probabilities in scientific notation.
  const small = (v: number) => (v !== 0 && Math.abs(v) < 1e-4 ? format.number(v, { notation: 'scientific', maximumSignificantDigits: 3 }) : num(v));
  return (
    <div className={styles.lines}>
      <p className={styles.line}>{t('softmax.steps', { max: num(s.max) })}</p>
      <table className={styles.softmax} data-testid="op-softmax">
        <thead>
          <tr><th scope="col">{t('softmax.unit')}</th><th scope="col">{t('softmax.logit')} z</th><th scope="col">z − max</th><th scope="col">e^(z − max)</th><th scope="col">{t('softmax.probability')}</th></tr>
        </thead>
        <tbody>
          {s.logits.map((z, i) => (
            <tr key={i} className={i === unit ? styles.pickedRow : undefined}>
              <td>{i}</td><td>{num(z)}</td><td>{num(z - s.max)}</td><td>{small(s.exps[i]!)}</td><td data-testid="op-probability">{small(s.probabilities[i]!)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colSpan={3}>Σ</td><td>{num(s.sum)}</td><td>1</td></tr></tfoot>
      </table>
      <p className={styles.line}><code>p{unit} = {num(s.exps[unit]!)} / {num(s.sum)} = {num(s.probabilities[unit]!)}</code></p>
    </div>
  );
}
