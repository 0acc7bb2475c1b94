module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Shared assertion helpers such as expectObjectsMatchRequest count as assertions.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
});
