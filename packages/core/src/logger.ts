/** Where core reports what it does. The CLI sends info/warn to stdout and error/debug to stderr (docker-machine's streams). */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
