// render.cjs — renders every generated page of a Locus output tree once
// with react-dom/server, after compiling the react/ tree to CommonJS with
// TypeScript's transpileModule. Any exception or React warning
// (console.error: missing keys, invalid DOM props, ...) fails the page.
//
// Usage: node render.cjs OUT   (OUT/node_modules must resolve typescript,
// react and react-dom). Prints one line per page and a summary; exit 1 if
// any page failed.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const out = path.resolve(process.argv[2] || '.');
const requireFromOut = Module.createRequire(path.join(out, 'package.json'));
const ts = requireFromOut('typescript');
const React = requireFromOut('react');
const { renderToString } = requireFromOut('react-dom/server');

const sourceRoot = path.join(out, 'react');
const buildRoot = path.join(out, '.render');

function walk(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else files.push(full);
  }
  return files;
}

// Compile react/**/*.ts(x) into .render/**/*.js (CommonJS, react-jsx);
// other files (component styles) are copied so that require finds them.
function compileTree() {
  fs.rmSync(buildRoot, { recursive: true, force: true });
  for (const file of walk(sourceRoot)) {
    if (file.endsWith('.d.ts')) continue;
    if (!/\.tsx?$/.test(file)) {
      const copy = path.join(buildRoot, path.relative(sourceRoot, file));
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.copyFileSync(file, copy);
      continue;
    }
    const rel = path.relative(sourceRoot, file).replace(/\.tsx?$/, '.js');
    const result = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020,
        jsx: ts.JsxEmit.ReactJSX,
        esModuleInterop: true,
      },
      fileName: file,
    });
    const target = path.join(buildRoot, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, result.outputText);
  }
}

function renderPage(file) {
  const warnings = [];
  const original = console.error;
  console.error = (...args) => warnings.push(args.map(String).join(' '));
  try {
    const page = require(file);
    const Page = page.default;
    if (typeof Page !== 'function') throw new Error('no default export function');
    const html = renderToString(React.createElement(Page));
    if (!html.length) throw new Error('rendered nothing');
    if (warnings.length) throw new Error(`React warning: ${warnings[0]}`);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    console.error = original;
  }
}

function main() {
  require.extensions['.css'] = () => {}; // component styles are not needed to render
  compileTree();
  const pagesDir = path.join(buildRoot, 'pages');
  const pages = fs.existsSync(pagesDir) ? walk(pagesDir).filter((f) => f.endsWith('.js')).sort() : [];
  let failed = 0;
  for (const file of pages) {
    const error = renderPage(file);
    const name = path.basename(file, '.js');
    if (error) {
      failed++;
      console.log(`FAIL ${name}: ${error.split('\n')[0]}`);
    }
  }
  console.log(`rendered ${pages.length - failed} of ${pages.length} pages`);
  process.exitCode = failed || !pages.length ? 1 : 0;
}

main();
