/** DRIVER_NOT_FOUND when no place has the driver, and the short text `ls` shows for it. */
import { BerthError, isBerthError } from '../errors.js';
import { driverExecutableName, driverPackageName } from './driver-package-name.js';

/** Names every place resolution looked, in order, and the command that installs the driver. */
export function driverNotFoundError(name: string, options: { envName: string; driversDir?: string }): BerthError {
  const places = [
    options.envName,
    ...(options.driversDir === undefined ? [] : ['the linked drivers']),
    'the built-in drivers',
    ...(options.driversDir === undefined ? [] : [`${options.driversDir} (${driverPackageName(name)})`]),
    `PATH (${driverExecutableName(name)})`,
  ];
  return new BerthError('DRIVER_NOT_FOUND', `Driver "${name}" not found: looked in ${places.join(', ')}`, {
    hint: `Install it with \`berth driver install ${name}\`, or put an executable named ${driverExecutableName(name)} on PATH.`,
    details: { driver: name, places, notInstalled: true },
  });
}

/** For `ls`'s ERRORS column: one short line for a driver that is nowhere, else the error's own message. */
export function describeUnavailableDriver(err: unknown): string {
  if (isBerthError(err, 'DRIVER_NOT_FOUND') && err.details?.notInstalled === true) {
    const name = String(err.details.driver);
    return `driver "${name}" not found: install it with berth driver install ${name}`;
  }
  return (err instanceof Error ? err.message : String(err)).replace(/\r?\n/g, ' ');
}
