import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** What it takes to start one service: `node <entry>` with exactly this environment. */
export interface ProcessSpec {
  name: string;
  /** Absolute path of the entry file (`.ts`, run by Node directly). */
  entry: string;
  env: Record<string, string>;
  /** Polled until it answers 200 (`/ready`, or `/health` where a service has no `/ready`). */
  readyUrl: string;
  /** Where stdout and stderr go (appended across restarts). */
  logFile: string;
}

/** How a process ended: its exit code, or the signal that ended it. */
export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

/** The variables of the launcher's own environment a child inherits; everything else is set explicitly. */
const inherited = ['PATH', 'HOME', 'LANG', 'TZ', 'NODE_OPTIONS'] as const;

/**
 * One service as its own OS process, writing its JSON log lines to a file. It can be killed
 * with any signal and started again with the same settings (the fault runs need both).
 */
export class ManagedProcess {
  readonly spec: ProcessSpec;
  #child: ChildProcess | null = null;
  #exited: Promise<ExitStatus> = Promise.resolve({ code: null, signal: null });
  #expectedExit = false;
  readonly #onUnexpectedExit: (process: ManagedProcess, status: ExitStatus) => void;

  constructor(spec: ProcessSpec, onUnexpectedExit: (process: ManagedProcess, status: ExitStatus) => void) {
    this.spec = spec;
    this.#onUnexpectedExit = onUnexpectedExit;
  }

  get name(): string {
    return this.spec.name;
  }

  /** The pid of the running process, or null when it is not running. */
  get pid(): number | null {
    return this.running ? (this.#child?.pid ?? null) : null;
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves when the current (or last) process has exited. */
  get exited(): Promise<ExitStatus> {
    return this.#exited;
  }

  /** Spawns the process (it must not be running) and waits until its ready URL answers 200. */
  async start(timeoutMs: number): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    mkdirSync(dirname(this.spec.logFile), { recursive: true });
    const fd = openSync(this.spec.logFile, 'a');
    const env: Record<string, string> = {};
    for (const key of inherited) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    let child: ChildProcess;
    try {
      writeSync(fd, `${JSON.stringify({ launcher: 'start', service: this.name, time: Date.now() })}\n`);
      child = spawn(process.execPath, [this.spec.entry], {
        env: { ...env, ...this.spec.env },
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    this.#child = child;
    this.#expectedExit = false;
    this.#exited = new Promise<ExitStatus>((resolve) => {
      child.once('exit', (code, signal) => {
        const status = { code, signal };
        resolve(status);
        if (!this.#expectedExit) this.#onUnexpectedExit(this, status);
      });
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    await this.#waitReady(timeoutMs);
  }

  async #waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited before it was ready (${describeExit(await this.#exited)}); last log lines:\n${this.logTail()}`,
        );
      }
      try {
        const answer = await fetch(this.spec.readyUrl, { signal: AbortSignal.timeout(2_000) });
        if (answer.ok) return;
        last = `${answer.status} ${(await answer.text()).slice(0, 300)}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
      `${this.name} was not ready within ${timeoutMs} ms (${this.spec.readyUrl}: ${last}); last log lines:\n${this.logTail()}`,
    );
  }

  /** Sends `signal` (SIGKILL by default, as a power cut) and waits for the exit; a kill is never treated as a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> {
    if (!this.running) return this.#exited;
    this.#expectedExit = true;
    this.#child!.kill(signal);
    return this.#exited;
  }

  /** SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<ExitStatus> {
    if (!this.running) return this.#exited;
    this.#expectedExit = true;
    this.#child!.kill('SIGTERM');
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), graceMs);
    const status = await this.#exited;
    clearTimeout(timer);
    return status;
  }

  /** SIGKILL without waiting: for `process.on('exit')`, where nothing asynchronous runs. */
  killNow(): void {
    if (!this.running) return;
    this.#expectedExit = true;
    this.#child!.kill('SIGKILL');
  }

  /** The last lines of the log file (for error messages). */
  logTail(lines = 15): string {
    try {
      return readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log file)';
    }
  }
}

export function describeExit(status: ExitStatus): string {
  return status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
}

/** A port that was free a moment ago on `host`. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
