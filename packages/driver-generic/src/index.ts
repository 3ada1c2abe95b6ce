export { genericDriver, GENERIC_CREATE_FLAGS, GENERIC_DRIVER_NAME } from './generic-driver.js';
export { hostOf, noneConfig, noneDriver, NONE_DRIVER_NAME } from './none-driver.js';
