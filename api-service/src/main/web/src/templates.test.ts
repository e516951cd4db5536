// node --test (npm test): how the create form describes a template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateContents } from './templates';

test('a WooCommerce template says its theme and plugins, pinned or not', () => {
  assert.equal(templateContents({
    id: 'woo-storefront', engine: 'woocommerce', description: '', seed: null,
    theme: { slug: 'storefront', version: '4.6.0' },
    plugins: [{ slug: 'woocommerce', version: '9.3.3' }, { slug: 'contact-form-7', version: null }],
  }), 'Installs theme storefront 4.6.0; plugins woocommerce 9.3.3, contact-form-7.');
});

test('a Medusa template says its seed', () => {
  assert.equal(templateContents({
    id: 'medusa-demo', engine: 'medusa', description: '', theme: null, plugins: [],
    seed: { script: './src/scripts/seed.ts', args: [] },
  }), 'Installs seed ./src/scripts/seed.ts.');
});
