// tests/e2e/lib/openapi_check.mjs: holding a real server's answers to docs/openapi.yaml.
//
// documentChecker(doc, serverUrl) compiles the document's schemas once and gives call(): it
// makes one request, asserts its status, and asserts that the answer is what the document
// declares for that operation and status (the status declared, the media type among its
// media types, a JSON body valid against its schema by ajv, OpenAPI's `nullable` included). It
// records each operation called in `answered`, so a test can require every one was; `ajv` holds
// the document's schemas and `resolve` follows a local $ref, for tests of the document itself.
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export function documentChecker(doc, serverUrl) {
  const answered = new Set();  // "get /path" of every operation called

  // `#/components/schemas/X` becomes a reference into one schema holding them all, so ajv
  // resolves them. ajv knows every keyword the document uses (OpenAPI's `nullable` too); in strict
  // mode any other keyword, or a type that does not fit its keywords, is an error.
  function rewriteRefs(value) {
    if (Array.isArray(value)) return value.map(rewriteRefs);
    if (value && typeof value === 'object') {
      const out = {};
      for (const [key, inner] of Object.entries(value)) {
        out[key] = key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')
          ? `components.json#/$defs/${inner.slice('#/components/schemas/'.length)}`
          : rewriteRefs(inner);
      }
      return out;
    }
    return value;
  }

  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'components.json', $defs: rewriteRefs(doc.components.schemas) });
  const compiled = new Map();

  function resolve(node) {
    let seen = 0;
    while (node && node.$ref) {
      assert.ok(node.$ref.startsWith('#/'), `only local references: ${node.$ref}`);
      node = node.$ref.slice(2).split('/').reduce((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      assert.ok(node, 'a reference resolves');
      assert.ok(++seen < 10, 'references end');
    }
    return node;
  }


  // Calls `method template` with the path's parameters filled in; asserts the status and that the
  // answer is what the document declares for it. Returns { status, headers, bytes, text, json }.
  async function call(method, template, { path = {}, query, headers = {}, body, status }) {
    const operation = doc.paths[template]?.[method];
    assert.ok(operation, `the document has no ${method} ${template}`);
    let url = template.replace(/\{(\w+)\}/g, (_, name) => {
      assert.ok(name in path, `no value for {${name}}`);
      return encodeURIComponent(path[name]);
    });
    if (query) url += '?' + new URLSearchParams(query);
    const response = await fetch(serverUrl() + url, { method: method.toUpperCase(), headers, body,
      signal: AbortSignal.timeout(15000) });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    const what = `${method.toUpperCase()} ${url} -> ${response.status}`;
    assert.equal(response.status, status, `${what}: ${text.slice(0, 300)}`);
    answered.add(`${method} ${template}`);

    const declared = resolve(operation.responses[String(status)]);
    assert.ok(declared, `${what}: status ${status} is not declared for ${method} ${template}`);
    const answer = { status, headers: response.headers, bytes, text, json: undefined };
    if (!declared.content) {
      assert.equal(bytes.length, 0, `${what}: the document declares no body`);
      return answer;
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const content = declared.content[mediaType];
    assert.ok(content, `${what}: ${mediaType || 'no content type'} is not declared (${Object.keys(declared.content)})`);
    const schema = resolve(content.schema);
    if (mediaType === 'application/json') {
      answer.json = JSON.parse(text);
      const key = `${method} ${template} ${status}`;
      if (!compiled.has(key)) compiled.set(key, ajv.compile(rewriteRefs(content.schema)));
      const validate = compiled.get(key);
      assert.ok(validate(answer.json),
        `${what}: the answer disagrees with the document:\n${ajv.errorsText(validate.errors, { separator: '\n' })}\n${text.slice(0, 2000)}`);
    } else {
      assert.equal(schema.type, 'string', `${what}: a ${mediaType} body is a string in the document`);
      assert.ok(bytes.length > 0, `${what}: an empty ${mediaType} body`);
    }
    return answer;
  }

  return { call, answered, ajv, resolve };
}
