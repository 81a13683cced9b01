'use client';
/**
 * A wire labelled with the tensor shape it carries. In error it turns red, and hovering it
 * shows the message from analyse. Labels are dropped when zoomed far out (unreadable there).
 */
import { getBezierPath, getSmoothStepPath, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import { useGraphErrorWords } from '@/components/editor/graph-error-words';
import type { FlowEdge } from '@/components/editor/view';

const showLabels = (s: ReactFlowState) => s.transform[2] >= 0.45;
/** Labels use a monospace face, so their width is known without measuring the DOM. */
const CHAR_W = 6.3;

function ShapeEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected }: EdgeProps<FlowEdge>) {
  // A wire that climbs to a node above (the layout wrapped a long network into columns) runs
  // in right angles through the gaps, and is labelled just under its source.
  const climbs = targetY < sourceY - 10;
  const [path, midX, midY] = climbs
    ? getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, borderRadius: 10, offset: 14 })
    : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const lx = climbs ? sourceX : midX;
  const ly = climbs ? sourceY + 14 : midY;
  const labels = useStore(showLabels);
  const label = data?.label ?? '';
  const errorWords = useGraphErrorWords();
  const error = data?.problem ? errorWords(data.problem) : data?.error;
  const w = label.length * CHAR_W + 10;
  return (
    <>
      <path d={path} className={`react-flow__edge-path${error ? ' lw-edge-error' : ''}${selected ? ' lw-edge-selected' : ''}`} fill="none" />
      <path d={path} className="react-flow__edge-interaction" fill="none" strokeOpacity={0} strokeWidth={18}>
        <title>{error ?? label}</title>
      </path>
      {labels && label && (
        <g transform={`translate(${lx} ${ly})`} className={`lw-edge-label${error ? ' is-error' : ''}`}>
          <rect x={-w / 2} y={-8} width={w} height={16} rx={4} />
          <text textAnchor="middle" dy="0.35em">{label}</text>
          <title>{error ?? `${label} flows along this wire`}</title>
        </g>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
