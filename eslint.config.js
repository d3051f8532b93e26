// make test lints the browser code: the widget (served as is, no build step) and the
// Library's own script. eslint's recommended rules, plus the ones that catch the bugs a
// widget inside someone else's page must not have.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    // The widget: ES modules the browser loads as they are (no build step).
    files: ["discussion_api/static/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  },
  {
    // Unit tests of the widget's pure modules, under node's own test runner.
    files: ["tests/js/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
  {
    files: ["sitegen/assets/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser } },
  },
  {
    rules: {
      "no-implicit-globals": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "off",
      "prefer-const": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "after-used" }],
    },
  },
];
