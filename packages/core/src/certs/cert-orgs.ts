/** Subject organisations of the three certificate kinds (reference §5.2). */

/** The CA's O: the local user name. */
export function caOrg(user: string): string {
  return user;
}

/** The client certificate's O: `<user>.<bootstrap>` (literally, as docker-machine writes it). */
export function clientCertOrg(user: string): string {
  return `${user}.<bootstrap>`;
}

/** A machine's server certificate's O: `<user>.<machine name>`. */
export function serverCertOrg(user: string, machineName: string): string {
  return `${user}.${machineName}`;
}
