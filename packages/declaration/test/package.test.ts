import * as pkg from '@healthtrace/declaration';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/declaration', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(pkg.PACKAGE_NAME).toBe('@healthtrace/declaration');
  });
});
