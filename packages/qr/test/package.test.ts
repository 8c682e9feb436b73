import * as pkg from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/qr', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(pkg.PACKAGE_NAME).toBe('@healthtrace/qr');
  });
});
