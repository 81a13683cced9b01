/**
 * The `layerwise` command line: dispatches subcommands. bin/layerwise.mjs loads this through tsx.
 * Exit codes: 0 done, 2 bad input (usage, file, preset, invalid graph), 1 Layerwise's own failure.
 */
import { closeNames } from '../text/suggest';
import { processIO, type CliIO } from './io';
import { runPresets } from './presets';
import { runSummary } from './summary';

const USAGE = `layerwise: design, check and train CNN image classifiers as node graphs

Usage:
  layerwise presets [--json]                 list the presets: id, name, size, params
  layerwise summary <preset|file.json> [--json] [--expand]
                                             shapes, params, MACs and receptive fields
  layerwise train ...                        train a graph (see "layerwise train --help")
  layerwise --help                           this text

<preset> is an id from "layerwise presets" (lenet5, resnet50, ...); a file is a graph saved by
the editor (docs/graph-format.md); "-" reads a graph from standard input.
Exit status: 0 done, 2 bad input (the errors are printed one a line), 1 internal error.
`;

const COMMANDS = ['presets', 'summary', 'train', 'help'];

interface TrainModule {
  /** Takes the arguments after `train`; `io` lets in-process callers capture the output. */
  runTrain?: (argv: string[], io?: CliIO) => Promise<number>;
}

/**
 * Loads lib/cli/train.ts when this build has it. The specifier is a variable so that builds
 * without the file still type-check; a missing module and a module that fails to load are
 * told apart, so a real error inside train is not hidden.
 */
async function loadTrain(): Promise<TrainModule | undefined> {
  const specifier = './train';
  try {
    return (await import(/* @vite-ignore */ specifier)) as TrainModule;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND' || /Cannot find module|Failed to load url/i.test(err.message ?? ''))
      // The missing module must be train itself, not something train imports.
      && /(cli[/\\]train(\.ts)?['"\s]|url \.\/train\b|'\.\/train')/.test(err.message ?? '');
    if (missing) return undefined;
    throw e;
  }
}

async function runTrainCommand(args: string[], io: CliIO): Promise<number> {
  const mod = await loadTrain();
  if (!mod || typeof mod.runTrain !== 'function') {
    io.err('layerwise: train is not available in this build\n');
    return 2;
  }
  return mod.runTrain(args, io);
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
