// `npm run recover -- --act relu --d 10 …`: the app's engine in Node, for researchers, scripts and tests.
import { initNodeBackend } from '../engine/nodeBackend';
import { ArgumentError, parseArgs, USAGE } from './args';
import { parseMapArgs, runMapCli } from './map';
import { mergeCli } from './merge';
import { runCli, type CliReport } from './run';

/** Exit only once stdout has drained: a pipe takes 64 KiB at a time, and process.exit would cut the rest. */
const write = (text: string) => new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));

const output = (report: CliReport, json: boolean) => {
  for (const note of report.notes ?? []) process.stderr.write(`recover: note: ${note}\n`);
  return write(json ? `${JSON.stringify(report.json)}\n` : report.text);
};

async function main(): Promise<number> {
  let options;
  let map;
  try {
    options = parseArgs(process.argv.slice(2));
    if (options.help) {
      await write(`${USAGE}\n`);
      return 0;
    }
    if (options.merge) {
      await output(mergeCli(options.merge), options.json);
      return 0;
    }
    map = options.map && parseMapArgs(options.map, options.settings);
  } catch (err) {
    if (err instanceof ArgumentError) {
      process.stderr.write(`recover: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const backend = await initNodeBackend(options.settings.backend === 'cpu' ? 'cpu' : 'wasm');
  if (backend.fallback) process.stderr.write(`recover: ${backend.fallback}\n`);
  const report = map ? await runMapCli(options.settings, map, backend.backend) : await runCli(options, backend.backend);
  await output(report, options.json);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`recover: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
