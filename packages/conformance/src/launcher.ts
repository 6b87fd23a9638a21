import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/** How to start a bootstrap: directly on the host, or inside a container (`docker run`). */
export interface LaunchRequest {
  /** The Lambda environment the bootstrap must see (AWS_LAMBDA_RUNTIME_API, _HANDLER, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** The function's folder on the host; becomes LAMBDA_TASK_ROOT. */
  readonly taskRoot: string;
}

export interface LaunchCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** The environment of the spawned process itself. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Stops the bootstrap when the harness is done (default: SIGKILL to the spawned process). A container
   * is killed by name instead, so the client still reads its last output and the container is removed.
   */
  readonly stop?: () => void;
}

export type Launcher = (request: LaunchRequest) => LaunchCommand;

/** Runs `bootstrap` as it is, with the engine found on PATH: the app contract. */
export function hostLauncher(bootstrap: string): Launcher {
  return ({ env, taskRoot }) => ({
    command: bootstrap,
    args: [],
    env: { ...env, LAMBDA_TASK_ROOT: taskRoot },
  });
}

/**
 * Runs the image's /var/runtime/bootstrap in a container on the host network, with the task root
 * mounted read-only at /var/task, as Lambda lays it out.
 */
export function dockerLauncher(image: string, options: { user?: string } = {}): Launcher {
  return ({ env, taskRoot }) => {
    const inner = { ...env, LAMBDA_TASK_ROOT: '/var/task', LAMBDA_RUNTIME_DIR: '/var/runtime' };
    delete (inner as Record<string, string>).PATH;
    const name = `lambda-engines-conformance-${randomUUID().slice(0, 8)}`;
    const args = ['run', '--rm', '-i', '--name', name, '--network', 'host', '-v', `${taskRoot}:/var/task:ro`];
    if (options.user) args.push('--user', options.user);
    for (const name of Object.keys(inner)) args.push('-e', name);
    args.push('--entrypoint', '/var/runtime/bootstrap', image);
    return {
      command: 'docker',
      args,
      env: { PATH: process.env.PATH ?? '', ...inner },
      stop: () => spawnSync('docker', ['kill', name], { stdio: 'ignore', timeout: 10_000 }),
    };
  };
}
