import * as pkg from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/rolling-id', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(pkg.PACKAGE_NAME).toBe('@healthtrace/rolling-id');
  });
});
