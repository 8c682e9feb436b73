export type { F0Entry } from './f0-payload';
export { BluezoneF0Error, formatF0Payload, parseF0Payload } from './f0-payload';
export {
  BLUEZONE_DEFAULT_SLOTS,
  BLUEZONE_ID_LENGTH,
  BLUEZONE_KEY_LENGTH,
  bluezoneBlidBytes,
  bluezoneBlids,
  bluezoneDailyKey,
  bluezoneDaysSince,
  bluezoneSlot,
  bluezoneSlotWindow,
} from './ids';
export { bluezoneScheme, createBluezoneScheme } from './scheme';
