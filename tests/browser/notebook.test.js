// Drives the classic notebook with the gonote kernel in headless Chromium:
// runs a gonum/plot cell and checks its image and text outputs, formats a
// cell with the gofmt button, and checks that a syntax error leaves the
// cell alone and is shown. Started by run.sh, which runs the server.
//
// Environment: NB_URL (http://127.0.0.1:PORT), NB_TOKEN, SCREENSHOT_DIR.
'use strict';

const path = require('path');
const { chromium } = require('playwright-core');

const url = process.env.NB_URL;
const token = process.env.NB_TOKEN;
const shots = process.env.SCREENSHOT_DIR || '/tmp';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// The first cell's value is a *plot.Plot: the kernel shows it as image/png.
const plotCell = [
  'import (',
  '\t"fmt"',
  '',
  '\t"gonum.org/v1/plot"',
  '\t"gonum.org/v1/plot/plotter"',
  ')',
  '',
  'p := plot.New()',
  'p.Title.Text = "squares"',
  'pts := make(plotter.XYs, 10)',
  'for i := range pts {',
  '\tpts[i].X = float64(i)',
  '\tpts[i].Y = float64(i * i)',
  '}',
  'line, err := plotter.NewLine(pts)',
  'if err != nil {',
  '\tpanic(err)',
  '}',
  'p.Add(line)',
  'fmt.Println("points:", len(pts))',
  'p',
].join('\n');

const messy = 'x:=1+2\nif x>2{\nfmt.Println( "big" )\n}';
const tidy = 'x := 1 + 2\nif x > 2 {\n\tfmt.Println("big")\n}';
const broken = 'x := (1 +\nfmt.Println(x)';
const messyDecl = 'func  twice(a int)int{\nreturn 2*a}';
const tidyDecl = 'func twice(a int) int {\n\treturn 2 * a\n}';

const server = process.env.SERVER || 'notebook';
const results = [];

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`PASS ${server}: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`FAIL ${server}: ${name}: ${err.message}`);
  }
}

function assert(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

// api calls the notebook server's REST API with the token.
async function api(method, route, body) {
  const res = await fetch(`${url}/api/${route}`, {
    method,
    headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`${method} /api/${route}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

const goSpec = { name: 'gonote', display_name: 'Go (gonote)', language: 'go' };

async function createNotebook(name, kernelspec = goSpec) {
  await api('PUT', `contents/${name}`, {
    type: 'notebook',
    format: 'json',
    content: {
      cells: [],
      metadata: { kernelspec },
      nbformat: 4,
      nbformat_minor: 5,
    },
  });
}

// cellText returns the source of cell i.
function cellText(page, i) {
  return page.evaluate((i) => Jupyter.notebook.get_cell(i).get_text(), i);
}

// newCell appends a code cell holding source, selects it and returns its index.
function newCell(page, source) {
  return page.evaluate((source) => {
    const nb = Jupyter.notebook;
    const cell = nb.insert_cell_at_bottom('code');
    cell.set_text(source);
    const i = nb.find_cell_index(cell);
    nb.select(i);
    return i;
  }, source);
}

async function waitForText(page, i, want, timeout) {
  await page.waitForFunction(
    ([i, want]) => Jupyter.notebook.get_cell(i).get_text() === want,
    [i, want],
    { timeout },
  ).catch(async () => {
    throw new Error(`cell ${i} is ${JSON.stringify(await cellText(page, i))}, ` +
      `want ${JSON.stringify(want)}`);
  });
}

async function run(page) {
  const name = `browser-${Date.now()}.ipynb`;
  await createNotebook(name);
  await page.goto(`${url}/notebooks/${name}?token=${token}`);

  await check('kernel connects and reports language go', async () => {
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook &&
      Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() &&
      Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.language_info,
    null, { timeout: 180000 });
    const lang = await page.evaluate(() => Jupyter.notebook.kernel.info_reply.language_info.name);
    assert(lang === 'go', `language_info.name is ${lang}`);
  });

  await check('nbextension and kernel.js are loaded', async () => {
    await page.waitForSelector('#gonote-format-cell', { state: 'visible', timeout: 20000 });
    await page.waitForFunction(() => Jupyter.notebook.get_cell(0).code_mirror
      .getOption('indentWithTabs') === true, null, { timeout: 20000 });
    const tab = await page.evaluate(() => {
      const cm = Jupyter.notebook.insert_cell_at_bottom('code').code_mirror;
      const opts = [cm.getOption('indentWithTabs'), cm.getOption('tabSize'),
        cm.getOption('indentUnit')];
      Jupyter.notebook.delete_cell(Jupyter.notebook.ncells() - 1);
      return opts;
    });
    assert(JSON.stringify(tab) === '[true,4,4]', `new cell editor options ${tab}`);

    // Tab and the automatic indent after { both insert a tab, as gofmt writes.
    const i = await newCell(page, '');
    await page.evaluate(() => Jupyter.notebook.edit_mode());
    await page.keyboard.type('if x {');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const typed = await cellText(page, i);
    await page.evaluate((i) => Jupyter.notebook.delete_cell(i), i);
    assert(typed === 'if x {\n\t\t\n}', `typed ${JSON.stringify(typed)}`);
  });

  await check('a gonum plot cell shows an image/png and its text output', async () => {
    await page.click('.cell .CodeMirror');
    await page.keyboard.insertText(plotCell);
    assert(await cellText(page, 0) === plotCell, 'typed source differs');
    await page.keyboard.press('Shift+Enter');

    const cell = page.locator('.cell').first();
    // The execute_reply (shell) can reach the page before the outputs
    // (iopub): wait for the outputs themselves, the image or an error.
    await page.waitForFunction(() => {
      const c = Jupyter.notebook.get_cell(0);
      const outs = c.output_area.outputs;
      const done = outs.some((o) => o.output_type === 'error' ||
        (o.data && o.data['image/png']));
      return done && !c.element.hasClass('running');
    }, null, { timeout: 240000 }).catch(() => {});
    const outputs = await cell.locator('.output_area').allTextContents();
    const img = cell.locator('.output_area img');
    assert(await img.count() === 1, `no image output; outputs: ${JSON.stringify(outputs)}`);
    const src = await img.getAttribute('src');
    assert(src && src.startsWith('data:image/png;base64,'), `img src ${String(src).slice(0, 40)}`);
    const size = await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]);
    assert(size[0] > 50 && size[1] > 50, `image is ${size[0]}x${size[1]}`);
    const text = await cell.locator('.output_area .output_text').allTextContents();
    assert(text.some((t) => t.includes('points: 10')),
      `no "points: 10" text output; outputs: ${JSON.stringify(outputs)}`);
    const errors = await cell.locator('.output_area .output_error').count();
    assert(errors === 0, `the cell failed: ${JSON.stringify(outputs)}`);
  });

  await check('the format button gofmts a badly formatted cell', async () => {
    const i = await newCell(page, messy);
    await page.click('#gonote-format-cell');
    await waitForText(page, i, tidy, 30000);
  });

  await check('a syntax error leaves the cell unchanged and is shown', async () => {
    const i = await newCell(page, broken);
    await page.click('#gonote-format-cell');
    const note = page.locator('#notification_gonote');
    await page.waitForFunction(() => /gofmt: \d+:\d+: /.test(
      document.querySelector('#notification_gonote').textContent), null, { timeout: 30000 });
    const text = await note.textContent();
    assert(/gofmt: 2:\d+: /.test(text), `notification says ${JSON.stringify(text)}`);
    const marked = await page.evaluate((i) => Jupyter.notebook.get_cell(i).element
      .attr('data-gonote-format-error'), i);
    assert(marked && marked.startsWith('2:'), `cell error attribute ${marked}`);
    assert(await cellText(page, i) === broken, 'the source changed');
  });

  await check('Alt-Shift-F formats the cell being edited', async () => {
    const i = await newCell(page, messyDecl);
    await page.evaluate((i) => Jupyter.notebook.edit_mode(), i);
    await page.keyboard.press('Alt+Shift+F');
    await waitForText(page, i, tidyDecl, 30000);
  });

  await check('format all formats every Go cell and reports the broken one', async () => {
    const i = await newCell(page, messy);
    const j = await newCell(page, broken);
    await page.click('#gonote-format-all');
    await waitForText(page, i, tidy, 30000);
    await page.waitForFunction(() => /not formatted/.test(
      document.querySelector('#notification_gonote').textContent), null, { timeout: 30000 });
    const text = await page.locator('#notification_gonote').textContent();
    assert(/gofmt: 2 cell\(s\) not formatted; cell \d+: 2:\d+: /.test(text),
      `notification says ${JSON.stringify(text)}`);
    assert(await cellText(page, j) === broken, 'the broken cell changed');
  });

  const shot = path.join(shots, `gonote-browser-${server}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  await checkOtherLanguage(page);
  await api('DELETE', `contents/${name}`).catch(() => {});
}

// checkOtherLanguage opens a Python notebook, when Python's kernelspec is
// there: the extension must stay out of the way.
async function checkOtherLanguage(page) {
  const specs = await api('GET', 'kernelspecs');
  if (!specs.kernelspecs.python3) {
    console.log('SKIP the extension is inactive for Python: no python3 kernelspec');
    return;
  }
  const name = `browser-python-${Date.now()}.ipynb`;
  await createNotebook(name, { name: 'python3', display_name: 'Python 3', language: 'python' });
  await page.goto(`${url}/notebooks/${name}?token=${token}`);

  await check('the extension is inactive for a Python notebook', async () => {
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook &&
      Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() &&
      Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.language_info,
    null, { timeout: 120000 });
    await page.locator('#gonote-format-buttons').waitFor({ state: 'hidden', timeout: 10000 });
    const i = await newCell(page, 'x=[1,2 ,3]');
    await page.evaluate(() => Jupyter.notebook.edit_mode());
    await page.keyboard.press('Alt+Shift+F');
    await page.waitForTimeout(1000);
    assert(await cellText(page, i) === 'x=[1,2 ,3]', 'the Python cell changed');
    const tabs = await page.evaluate((i) => Jupyter.notebook.get_cell(i).code_mirror
      .getOption('indentWithTabs'), i);
    assert(tabs !== true, 'a Python notebook got the Go editor settings');
  });
  await api('DELETE', `contents/${name}`).catch(() => {});
}

async function main() {
  // Playwright gives Chromium a new empty profile of its own.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (err) => console.log(`page error: ${err.message}`));
  page.on('crash', () => console.log('page crashed'));
  browser.on('disconnected', () => console.log('browser disconnected'));
  page.on('console', (msg) => {
    // Debian's notebook enables ipywidgets' extension system-wide without
    // installing it: that 404 is not ours.
    const noise = /nbextensions\/widgets\/|favicon/.test(msg.location().url || '') ||
      /nbextensions\/widgets\//.test(msg.text());
    if (msg.type() === 'error' && !noise) {
      console.log(`console error: ${msg.text()} (${msg.location().url})`);
    }
  });
  try {
    await run(page);
  } catch (err) {
    results.push({ name: 'setup', ok: false });
    console.log(`FAIL setup: ${err.message}`);
    const shot = path.join(shots, `gonote-browser-${server}-failed.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  } finally {
    await browser.close();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`screenshot: ${path.join(shots, `gonote-browser-${server}.png`)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main();
