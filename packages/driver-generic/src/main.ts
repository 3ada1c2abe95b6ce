/**
 * The executable behind `berth-driver-generic` and `berth-driver-none`: one process serves whichever
 * the host asks for in BERTH_DRIVER_NAME. Keep the imports this small: every `berth ls` starts it.
 */
import { serveDriver } from '@berth/driver-sdk';
import type { Driver } from '@berth/driver-sdk';
import { genericDriver } from './generic-driver.js';
import { noneDriver } from './none-driver.js';

function selectDriver(name: string): Driver {
  if (name === noneDriver.name) return noneDriver;
  if (name === genericDriver.name || name === '') return genericDriver;
  throw new Error(`this executable serves the ${genericDriver.name} and ${noneDriver.name} drivers, not "${name}"`);
}

serveDriver(selectDriver, { name: genericDriver.name });
