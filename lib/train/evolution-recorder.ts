/**
 * Feature evolution during a run (Zeiler & Fergus 2014, Fig. 4): which views to follow, at which
 * epochs, and the record that grows as the run goes. The keeper (keeper.ts) takes a snapshot
 * before the first epoch and after each chosen one, files the record with every checkpoint and
 * with the trained weights, and a resumed run goes on with the record of its checkpoint.
 *
 * The default views are the ones the paper's figure and a class's first look need: the first
 * convolution's filters, and the feature maps of the first two convolutions for one fixed test
 * image; views too big to keep at every epoch (VGG-16's 224×224×64 maps) are left out.
 */
import {
  addSnapshot, decodeEvolution, encodeEvolution, evolutionEpochs, snapshot, startEvolution,
  type Evolution, type EvolutionJson, type EvolutionView, type VizModel,
} from '../viz';

/** What a run follows: the views, the probe image's test index, and the epochs (0: before training). */
export interface EvolutionPlan {
  readonly views: readonly EvolutionView[];
  readonly epochs: readonly number[];
  /** The test image the maps are taken of. */
  readonly probeIndex: number;
}

/** The largest view kept at every snapshot, in numbers (a 100k-value map is 400 KB a snapshot). */
export const MAX_VIEW_VALUES = 100_000;

const CONV_TYPES = new Set(['Conv2D', 'GroupedConv2D', 'DepthwiseConv2D']);

const size = (shape: readonly number[] | undefined): number => (shape ? shape.reduce((a, b) => a * b, 1) : Infinity);

/**
 * The default plan for a run of `totalEpochs`: before training, then Zeiler & Fergus's epochs
 * (1, 2, 5, 10, 20, …) and the last. Null when the model has no convolution to follow.
 */
export function defaultEvolutionPlan(vm: VizModel, totalEpochs: number): EvolutionPlan | null {
  const convs = vm.analysis.order.filter((id) => CONV_TYPES.has(vm.analysis.nodes[id]!.type));
  if (convs.length === 0) return null;
  const views: EvolutionView[] = [];
  // The kernel's size from the built layer (grouped and depthwise kernels differ from C×K).
  const kernel = vm.model.getLayer(vm.layerNames[convs[0]!]!).weights[0]?.shape;
  if (kernel && size(kernel as number[]) <= MAX_VIEW_VALUES) views.push({ kind: 'filters', node: convs[0]! });
  for (const id of convs.slice(0, 2)) {
    if (size(vm.analysis.nodes[id]!.outputShape) <= MAX_VIEW_VALUES) views.push({ kind: 'activations', node: id });
  }
  if (views.length === 0) return null;
  return { views, epochs: [0, ...evolutionEpochs(totalEpochs)], probeIndex: 0 };
}

/**
 * The record of one run: `after(epoch)` takes a snapshot when the plan names that epoch. Start it
 * from a checkpoint's JSON to go on with a resumed run.
 */
export class EvolutionRecorder {
  private record: Evolution;

  constructor(private readonly vm: VizModel, private readonly plan: EvolutionPlan, probe: Float32Array, earlier?: EvolutionJson) {
    const [h, w, c] = vm.model.inputs[0]!.shape.slice(1) as number[];
    let start: Evolution | undefined;
    if (earlier) {
      try {
        start = decodeEvolution(earlier);
      } catch {
        start = undefined; // a damaged record: begin again rather than stop the run
      }
    }
    this.record = start ?? startEvolution({ shape: [h!, w!, c!], data: probe }, plan.views);
  }

  /** Takes the snapshot of `epoch` (finished epochs; 0 before training) when the plan names it. */
  async after(epoch: number): Promise<void> {
    if (!this.plan.epochs.includes(epoch)) return;
    this.record = addSnapshot(this.record, await snapshot(this.vm, this.record, epoch));
  }

  /** The record so far. */
  get evolution(): Evolution {
    return this.record;
  }

  /** The record as JSON, to store with a checkpoint or the weights. */
  json(): EvolutionJson {
    return encodeEvolution(this.record);
  }
}
