// The template sandbox's worker thread. Plain JavaScript on purpose: it runs without the TypeScript loader, in its
// own thread, so a runaway template can be stopped by terminating the thread without stalling the server.
//
// Templates are user input. They run in MiniJinja (WebAssembly): values handed in are copied data, there is no
// object model to climb to the host, no file loader, and a fuel budget bounds the work of one render. Plugin
// filters are the only code a template can reach; they run on the main thread, called synchronously through
// `bridge` (a message port plus a shared flag to wait on).
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';

const { filterNames, bridge, flag, maxMemoryPages } = workerData;
const signal = new Int32Array(flag);

/** Read an unsigned LEB128 number at `at`; returns the value and the offset after it. */
function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/**
 * Give the module's linear memory a maximum of `pages` (64 KiB each). A template that builds a huge string then
 * fails its allocation inside the sandbox instead of taking gigabytes from the server.
 */
function capMemory(bytes, pages) {
  const input = new Uint8Array(bytes);
  let at = 8;
  while (at < input.length) {
    const id = input[at];
    const [size, body] = readLeb(input, at + 1);
    if (id === 5) {
      const [count, first] = readLeb(input, body);
      let p = first;
      const limits = [];
      for (let i = 0; i < count; i += 1) {
        const flags = input[p];
        const [min, afterMin] = readLeb(input, p + 1);
        let max = pages;
        p = afterMin;
        if (flags & 1) {
          const [declared, afterMax] = readLeb(input, p);
          max = Math.min(declared, pages);
          p = afterMax;
        }
        limits.push(flags | 1, ...leb(Math.min(min, max)), ...leb(max));
      }
      const section = [...leb(count), ...limits];
      return new Uint8Array([...input.subarray(0, at), 5, ...leb(section.length), ...section, ...input.subarray(body + size)]);
    }
    at = body + size;
  }
  return input;
}

const NativeModule = WebAssembly.Module;
WebAssembly.Module = function CappedModule(bytes) {
  return new NativeModule(capMemory(bytes, maxMemoryPages));
};
const { default: minijinja } = await import('minijinja-js');
WebAssembly.Module = NativeModule;

// A JavaScript exception thrown through MiniJinja traps the WebAssembly instance, so a failing filter never
// throws: it renders as nothing and the render reports the filter's error instead of its output.
let filterError = null;

function callFilter(name, args) {
  if (filterError) return undefined;
  Atomics.store(signal, 0, 0);
  bridge.postMessage({ name, args });
  Atomics.wait(signal, 0, 0);
  const reply = receiveMessageOnPort(bridge)?.message;
  if (!reply || !reply.ok) {
    filterError = reply?.error ?? `the filter "${name}" did not answer`;
    return undefined;
  }
  return reply.value;
}

function createEnvironment(fuel) {
  const env = new minijinja.Environment();
  env.enablePyCompat();
  env.fuel = fuel;
  for (const name of filterNames) env.addFilter(name, (...args) => callFilter(name, args));
  return env;
}

/** One environment per fuel budget: creating one per render would cost more than most renders. */
const environments = new Map();
function environment(fuel) {
  let env = environments.get(fuel);
  if (!env) {
    env = createEnvironment(fuel);
    environments.set(fuel, env);
  }
  return env;
}

function firstLine(error) {
  const text = String(error?.message ?? error);
  return text.split('\n')[0].replace(/ \(in [^)]*\)$/, '');
}

/** Errors MiniJinja reports about a template, as opposed to a trapped (and so unusable) instance. */
const TEMPLATE_ERROR = /^(syntax error|unknown |invalid operation|engine ran out of fuel|template not found|undefined value|too many arguments|missing argument|bad serialization|cannot |impossible operation|non-key|non-primitive|bad escaping|unknown test|unknown filter|unknown function|unknown method|could not|evaluation|recursion|[a-z ]+:)/;

parentPort.postMessage({ ready: true });

/**
 * Render one template over many contexts: compiled once, each render with its own fuel and output limit, a failing
 * one reported in its place. A render that breaks the engine ends the batch and the thread, as a single render does.
 */
function renderMany(id, source, contexts, fuel, maxOutput) {
  const env = environment(fuel);
  const results = [];
  try {
    env.addTemplate('batch', source);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, code: 'SYNTAX', error: firstLine(error) });
    return;
  }
  try {
    for (const context of contexts) {
      filterError = null;
      try {
        const output = env.renderTemplate('batch', context);
        if (filterError) results.push({ ok: false, code: 'RENDER', error: filterError });
        else if (output.length > maxOutput) results.push({ ok: false, code: 'OUTPUT_LIMIT', error: `the output is larger than the limit of ${maxOutput} characters` });
        else results.push({ ok: true, output });
      } catch (error) {
        const message = filterError ?? firstLine(error);
        if (!filterError && !TEMPLATE_ERROR.test(message)) {
          parentPort.postMessage({ id, ok: false, code: 'RENDER', fatal: true, error: 'the template ran out of memory or broke the template engine' });
          process.exit(1);
        }
        results.push({ ok: false, code: /out of fuel/.test(message) ? 'FUEL' : 'RENDER', error: message });
      }
    }
  } finally {
    env.removeTemplate('batch');
  }
  parentPort.postMessage({ id, ok: true, results });
}

parentPort.on('message', ({ id, op, source, context, fuel, maxOutput }) => {
  if (op === 'renderMany') return renderMany(id, source, context, fuel, maxOutput);
  const env = environment(fuel);
  filterError = null;
  try {
    if (op === 'check') {
      env.addTemplate('check', source);
      env.removeTemplate('check');
      parentPort.postMessage({ id, ok: true, output: '' });
      return;
    }
    const output = env.renderStr(source, context);
    if (filterError) {
      parentPort.postMessage({ id, ok: false, code: 'RENDER', error: filterError });
      return;
    }
    if (output.length > maxOutput) {
      parentPort.postMessage({ id, ok: false, code: 'OUTPUT_LIMIT', error: `the output is larger than the limit of ${maxOutput} characters` });
      return;
    }
    parentPort.postMessage({ id, ok: true, output });
  } catch (error) {
    const message = filterError ?? firstLine(error);
    const code = /out of fuel/.test(message) ? 'FUEL' : op === 'check' ? 'SYNTAX' : 'RENDER';
    const trapped = !filterError && !TEMPLATE_ERROR.test(message);
    parentPort.postMessage({ id, ok: false, code, fatal: trapped, error: trapped ? 'the template ran out of memory or broke the template engine' : message });
    // A trapped instance (a failed allocation, a panic) cannot be trusted again: this thread ends, a new one starts.
    if (trapped) process.exit(1);
  }
});
