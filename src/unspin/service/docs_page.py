"""``GET /docs``: the OpenAPI document as one self-contained HTML page.

FastAPI's Swagger UI and ReDoc pages load their scripts from a CDN, so on a machine without
internet access they stay blank. This page is rendered on the server from the same OpenAPI
document, with no script and no external resource: every operation with its parameters,
body and answers, then every schema.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2.5rem}
.op{margin:1.5rem 0;padding:.5rem 1rem;border-left:4px solid #456}
.method{font-weight:bold;text-transform:uppercase;margin-right:.5rem}
code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{background:#f5f5f5;padding:.75rem;overflow-x:auto}
table{border-collapse:collapse}
td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
"""


def _ref_name(schema: dict[str, Any]) -> str:
    ref = str(schema.get("$ref", ""))
    return ref.rsplit("/", 1)[-1] if ref else json.dumps(schema)


def _link(schema: dict[str, Any]) -> str:
    name = escape(_ref_name(schema))
    return f'<a href="#schema-{name}"><code>{name}</code></a>' if "$ref" in schema else name


def _parameters(op: dict[str, Any]) -> str:
    params = op.get("parameters", [])
    if not params:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
        f"<td>{'required' if p.get('required') else 'optional'}</td>"
        f"<td>{escape(str(p.get('description', p.get('schema', {}).get('description', ''))))}"
        "</td></tr>"
        for p in params
    )
    return f"<table><tr><th>parameter</th><th>in</th><th></th><th></th></tr>{rows}</table>"


def _body(op: dict[str, Any]) -> str:
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return f"<p>Body (JSON): {_link(schema)}</p>" if schema else ""


def _responses(op: dict[str, Any]) -> str:
    items = []
    for status, response in sorted(op.get("responses", {}).items()):
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        shape = f" {_link(schema)}" if schema else ""
        items.append(
            f"<li><b>{escape(status)}</b> {escape(response.get('description', ''))}{shape}"
        )
    return f"<ul>{''.join(items)}</ul>"


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    secured = " (bearer token)" if op.get("security") else ""
    return (
        f'<div class="op"><p><span class="method">{escape(method)}</span>'
        f"<code>{escape(path)}</code>{secured}</p>"
        f"<p><b>{escape(op.get('summary', ''))}</b></p>"
        f"<p>{escape(op.get('description', ''))}</p>"
        f"{_parameters(op)}{_body(op)}{_responses(op)}</div>"
    )


def render_docs(openapi: dict[str, Any]) -> str:
    """The HTML page of an OpenAPI document."""
    info = openapi.get("info", {})
    ops = [
        _operation(path, method, op)
        for path, methods in openapi.get("paths", {}).items()
        for method, op in methods.items()
    ]
    schemas = [
        f'<h3 id="schema-{escape(name)}">{escape(name)}</h3>'
        f"<pre>{escape(json.dumps(schema, indent=2, ensure_ascii=False))}</pre>"
        for name, schema in sorted(openapi.get("components", {}).get("schemas", {}).items())
    ]
    title = escape(f"{info.get('title', '')} {info.get('version', '')}")
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{title}</h1>"
        f"<p>{escape(info.get('description', ''))}</p>"
        '<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a></p>'
        f"<h2>Endpoints</h2>{''.join(ops)}<h2>Schemas</h2>{''.join(schemas)}</body></html>"
    )
