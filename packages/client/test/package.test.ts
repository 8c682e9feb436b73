import * as pkg from '@healthtrace/client';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/client', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(typeof pkg.createClient).toBe('function');
    expect(typeof pkg.OfflineQueue).toBe('function');
  });
});
