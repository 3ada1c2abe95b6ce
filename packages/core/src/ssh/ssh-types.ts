/** Where and as whom to reach a machine over SSH (the driver's getSSHInfo, plus the machine folder). */
export interface SSHTarget {
  host: string;
  port: number;
  user: string;
  /** Private key file; empty → the user's ssh-agent / default identities. */
  keyPath: string;
  /** The machine's folder: its pinned host key lives there (`known_hosts`). */
  machineDir: string;
  /** Machine name, for messages. */
  machineName: string;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A connected session to one machine: commands, file writes. Provisioning only sees this interface. */
export interface SSHSession {
  /**
   * Runs a command through the remote shell; never throws for a non-zero exit (see exitCode). stdin gets
   * `input` then EOF. With `pty` (sudo's requiretty) the remote side merges stderr into stdout and ends
   * lines with CRLF. A signal or `timeoutMs` closes the channel and rejects.
   */
  run(command: string, options?: { signal?: AbortSignal; timeoutMs?: number; input?: string | Buffer; pty?: boolean }): Promise<CommandResult>;
  /** Writes a file over SFTP (the user must be able to write there; use `run` + sudo for root-owned paths). */
  writeFile(remotePath: string, content: string | Buffer, mode?: number): Promise<void>;
  close(): Promise<void>;
}
