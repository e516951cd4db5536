// node --test (npm test): how sizes read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytes } from './format';

test('sizes read in powers of 1000, one decimal under ten', () => {
  assert.equal(bytes(0), '0 B');
  assert.equal(bytes(812), '812 B');
  assert.equal(bytes(4_200_000), '4.2 MB');
  assert.equal(bytes(42_000_000), '42 MB');
  assert.equal(bytes(1_300_000_000), '1.3 GB');
});

test('no size yet reads as a dash', () => {
  assert.equal(bytes(null), '—');
  assert.equal(bytes(undefined), '—');
});
