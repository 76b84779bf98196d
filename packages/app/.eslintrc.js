module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The browser tests run in Node (node:test + playwright-core), not in
      // the browser bundle.
      files: ['e2e-tests/**'],
      rules: { 'no-restricted-imports': 'off' },
    },
  ],
});
