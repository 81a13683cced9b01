import { describe, expect, it } from 'vitest';
import { layOut } from '@/components/compare/laid-out';
import { getPreset } from '@/presets';

describe('layOut', () => {
  it('lays a graph out once: the second call gives the same placed graph', async () => {
    const graph = getPreset('lenet5')!.build();
    const first = await layOut(graph);
    const again = await layOut(graph);
    expect(again).toBe(first);
    expect(first.nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id));
    expect(first.edges).toBe(graph.edges);
  });

  it('wraps a long network into columns shaped for the canvas, as the editor does', async () => {
    // LeNet-5 is 9 layers: one column would be 9 × (64 + 44) = 972 px tall for a 440 px canvas
    // (0.45 < 0.65, the editor's limit), so it wraps; every node gets its own place.
    const placed = await layOut(getPreset('lenet5')!.build());
    const columns = new Set(placed.nodes.map((n) => n.position.x));
    expect(columns.size).toBeGreaterThan(1);
    const places = new Set(placed.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(places.size).toBe(placed.nodes.length);
  });
});
