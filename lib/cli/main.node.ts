/**
 * The `layerwise` command line: dispatches subcommands. bin/layerwise.mjs loads this through tsx.
 * Exit codes: 0 done, 2 bad input (usage, file, preset, invalid graph), 1 Layerwise's own failure.
 */
import { closeNames } from '../text/suggest';
import { processIO, type CliIO } from './io.node';
import { runPresets } from './presets';
import { runSummary } from './summary.node';

const USAGE = `layerwise: design, check and train CNN image classifiers as node graphs

Usage:
  layerwise presets [--json]                 list the presets: id, name, size, params
  layerwise summary <preset|file.json> [--json] [--expand]
                                             shapes, params, MACs and receptive fields
  layerwise train ...                        train a graph (see "layerwise train --help")
  layerwise explain ... --method M           look inside: feature maps, deconvnet, saliency,
                                             Grad-CAM, occlusion, top-9, filters (see
                                             "layerwise explain --help")
  layerwise --help                           this text

<preset> is an id from "layerwise presets" (lenet5, resnet50, ...); a file is a graph saved by
the editor (docs/graph-format.md); "-" reads a graph from standard input.
Exit status: 0 done, 2 bad input (the errors are printed one a line), 1 internal error.
`;

const COMMANDS = ['presets', 'summary', 'train', 'explain', 'help'];

/** Runs `layerwise train`; loaded on demand, so the other commands start without tfjs. */
async function runTrainCommand(args: string[], io: CliIO): Promise<number> {
  // Spelled '.js' (TypeScript and tsx map it to train.node.ts): tsx's ESM resolver, which a
  // dynamic import goes through, takes '.node' for the extension and would look no further.
  const { runTrain } = await import('./train.node.js');
  return runTrain(args, io);
}

/** Runs `layerwise explain`; loaded on demand like train (it needs tfjs). */
async function runExplainCommand(args: string[], io: CliIO): Promise<number> {
  const { runExplain } = await import('./explain.node.js');
  return runExplain(args, io);
}

/**
 * Runs the command line with `argv` (without node and the script) and returns the exit code.
 * Never lets an exception out: an unexpected error is one line (the stack only with
 * LAYERWISE_DEBUG=1) and exit code 1.
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.err(USAGE);
        return 2;
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return 0;
      case 'presets':
        return runPresets(rest, io);
      case 'summary':
        return runSummary(rest, io);
      case 'train':
        return await runTrainCommand(rest, io);
      case 'explain':
        return await runExplainCommand(rest, io);
      default: {
        const near = closeNames(command, COMMANDS, 1);
        io.err(`layerwise: unknown command '${command}'${near.length ? `; did you mean '${near[0]}'?` : ''} Run "layerwise --help" for the commands\n`);
        return 2;
      }
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    io.err(`layerwise: internal error: ${err.message}. This is a bug in Layerwise; please report it with the command you ran${process.env.LAYERWISE_DEBUG ? `\n${err.stack}` : ' (LAYERWISE_DEBUG=1 shows details)'}\n`);
    return 1;
  }
}
