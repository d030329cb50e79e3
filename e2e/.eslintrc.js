module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Setup checks its own preconditions, so that a failed scaffold fails where it happened.
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['beforeAll'] },
    ],
    // Waiting for an element or a condition throws when it never comes: that is the assertion.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'visible', 'waitFor', 'expect*'] },
    ],
  },
});
