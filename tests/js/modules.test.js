// The widget's module graph, read from the files (the modules themselves need a browser):
// every name imported from a module is exported by it, every import() names a module
// that exists, and each module is imported by the entry or by another module.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const STATIC = resolve(dirname(fileURLToPath(import.meta.url)), "../../discussion_api/static");
const FILES = ["widget.js", ...readdirSync(join(STATIC, "widget")).filter((f) => f.endsWith(".js")).map((f) => "widget/" + f)];
const source = (file) => readFileSync(join(STATIC, file), "utf8");
const target = (file, spec) => relative(STATIC, resolve(dirname(join(STATIC, file)), spec));

function exportsOf(file) {
  const names = new Set();
  for (const m of source(file).matchAll(/^export (?:async )?(?:function|class|const|let) (\w+)(.*)$/gm)) {
    names.add(m[1]);
    // `export let A = [], B = [];` exports every name it declares.
    for (const more of m[2].matchAll(/,\s*(\w+)\s*=/g)) names.add(more[1]);
  }
  return names;
}

test("every imported name is exported by its module", () => {
  const missing = [];
  for (const file of FILES) {
    for (const m of source(file).matchAll(/^import \{([^}]*)\} from "([^"]+)";$/gm)) {
      const from = target(file, m[2]);
      assert.ok(FILES.includes(from), file + " imports " + m[2] + ", which is not a widget module");
      const exported = exportsOf(from);
      for (const name of m[1].split(",").map((n) => n.trim())) {
        if (!exported.has(name)) missing.push(file + ": " + name + " from " + from);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test("every import() names a module that exists, and what it uses is exported", () => {
  let seen = 0;
  for (const file of FILES) {
    for (const m of source(file).matchAll(/import\("([^"]+)"\)(?:\)?\.then\(\(m\) => m\.(\w+)\)|\)\.(\w+)\()?/g)) {
      seen += 1;
      const from = target(file, m[1]);
      assert.ok(FILES.includes(from), file + " imports " + m[1] + ", which does not exist");
      const name = m[2] || m[3];
      if (name) assert.ok(exportsOf(from).has(name), file + " uses " + name + " from " + from + ", which does not export it");
    }
  }
  assert.ok(seen >= 8, "the entry imports each view's module on demand");
});

test("every module is used", () => {
  const used = new Set(["widget.js"]);
  for (const file of FILES) {
    for (const m of source(file).matchAll(/(?:from |import\()"([^"]+)"/g)) used.add(target(file, m[1]));
  }
  assert.deepEqual(FILES.filter((f) => !used.has(f)), []);
});
