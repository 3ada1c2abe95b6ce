#!/usr/bin/env node
/**
 * The driver executable. berth runs it as `node dist/main.js` with BERTH_DRIVER_COOKIE set and talks
 * to it over stdin/stdout; serveDriver does the whole protocol (handshake, framing, errors, logging,
 * exiting when stdin closes). Started by hand, without the cookie, it explains itself and exits 1.
 */
import { serveDriver } from '@berth/driver-sdk';
import { exampleDriver } from './example-driver.js';

serveDriver(exampleDriver);
