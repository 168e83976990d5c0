import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A Node process of a crash test: its stdout and stderr as one text, and how it ended. */
export type NodeProcess = {
  child: ChildProcess;
  output: () => string;
  /** The signal that killed it, else its exit code. */
  exited: Promise<NodeJS.Signals | number | null>;
};

/**
 * Node with `args` in the repository root, as a process of its own, so a test can kill it at any
 * point (a crash) and read what it printed; `env` is its whole environment.
 */
export const spawnNode = (args: string[], env: NodeJS.ProcessEnv): NodeProcess => {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, output: () => output, exited };
};
