// make test lints the browser code: the widget (served as is, no build step) and the
// Library's own script. eslint's recommended rules, plus the ones that catch the bugs a
// widget inside someone else's page must not have.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["discussion_api/static/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser } },
  },
  {
    files: ["sitegen/assets/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser } },
  },
  {
    rules: {
      "no-implicit-globals": "error",
      eqeqeq: ["error", "always"],
      "no-var": "off",
      "prefer-const": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "after-used" }],
    },
  },
];
