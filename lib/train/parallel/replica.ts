/**
 * A shard of data-parallel training: a replica of the leader's compiled model that takes the
 * gradients of its rows of each batch. `ShardServer` answers the messages of protocol.ts; the
 * browser's shard worker (components/train/shard.worker.ts) and the tests' in-process link both
 * put messages through it, so the worker file is only the browser's set-up around it.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../../compile/compile';
import { TrainError, errorKind } from '../errors';
import { lossGradients, makeBatchLoss, type BatchLoss } from '../step';
import type { FromShard, ShardGradients, ShardInit, ShardReady, ShardStep, ToShard } from './protocol';
import { flatten, layoutOf, readWeights, writeWeights } from './weights';

/** A replica of the leader's model, compiled from the same graph. */
export class ShardReplica {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly batchLoss: BatchLoss,
  ) {}

  /** Compiles the graph of `init` on the active backend (TrainError 'graph' when it cannot). */
  static create(init: ShardInit): ShardReplica {
    const compiled = compile(init.graph, { seed: init.seed });
    if (!compiled.ok) throw new TrainError('graph', `The shard could not build the model: ${compiled.errors.map((e) => e.message).join(' ')}`);
    try {
      return new ShardReplica(compiled.model, makeBatchLoss(compiled.model, init.loss));
    } catch (e) {
      compiled.model.dispose();
      throw e;
    }
  }

  /** The layout of the replica's weights, for the leader to check against its own. */
  ready(): ShardReady {
    return {
      type: 'ready', weights: layoutOf(this.model.weights), trainable: layoutOf(this.model.trainableWeights),
      state: layoutOf(this.model.nonTrainableWeights),
    };
  }

  /** Sets the leader's weights, then the loss, right answers and gradients of the step's rows, and the moving statistics after them. */
  step(message: ShardStep): ShardGradients {
    const t0 = performance.now();
    writeWeights(this.model.weights, message.weights);
    const out = tf.tidy(() => lossGradients(this.batchLoss,
      tf.tensor4d(message.xs, message.xsShape as [number, number, number, number]),
      tf.tensor2d(message.ys, message.ysShape as [number, number])));
    try {
      return {
        type: 'gradients', step: message.step, loss: out.loss.dataSync()[0]!, right: out.right.dataSync()[0]!,
        gradients: flatten(out.gradients), state: readWeights(this.model.nonTrainableWeights), ms: performance.now() - t0, doneAt: performance.timeOrigin + performance.now(),
      };
    } finally {
      tf.dispose([out.loss, out.right, ...out.gradients]);
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Answers a shard's messages (protocol.ts): never throws; anything thrown becomes a `failed` answer. */
export class ShardServer {
  private replica: ShardReplica | undefined;

  /** The answer to `message`, and the buffers to transfer with it. */
  handle(message: ToShard): { reply: FromShard; transfer: ArrayBuffer[] } {
    try {
      switch (message.type) {
        case 'init': {
          this.replica?.dispose();
          this.replica = undefined;
          this.replica = ShardReplica.create(message);
          return { reply: this.replica.ready(), transfer: [] };
        }
        case 'step': {
          if (!this.replica) throw new TrainError('internal', 'The shard was asked for a step before it built the model.');
          const reply = this.replica.step(message);
          return { reply, transfer: [reply.gradients.buffer as ArrayBuffer, reply.state.buffer as ArrayBuffer] };
        }
      }
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      return { reply: { type: 'failed', kind: errorKind(e), message: text.split('\n')[0]! }, transfer: [] };
    }
  }

  /** Frees the replica. */
  dispose(): void {
    this.replica?.dispose();
    this.replica = undefined;
  }
}
