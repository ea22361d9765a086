"""The fact file, written the way curators write it (one ``[[section]]`` per entry)."""

from __future__ import annotations

import datetime as dt
import json


def value(raw) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (int, float)):
        return repr(raw)
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, dict):
        return "{ " + ", ".join(f"{_key(k)} = {value(v)}" for k, v in raw.items()) + " }"
    if isinstance(raw, (list, tuple)):
        return "[" + ", ".join(value(v) for v in raw) + "]"
    return json.dumps(str(raw), ensure_ascii=False)  # a TOML basic string is JSON's


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)


def write_facts(header: list[str], document: dict, drafts: list, footer: list[str]) -> str:
    """``drafts``: (section, entry, comment lines) in the order they are written."""
    out = [f"# {line}".rstrip() for line in header] + ["", "[document]"]
    out += [f"{_key(k)} = {value(v)}" for k, v in document.items()]
    for section, entry, comments in drafts:
        out.append("")
        out += [f"# {c}" for c in comments]
        out.append(f"[[{section}]]")
        out += [f"{_key(k)} = {value(v)}" for k, v in entry.items()]
    if footer:
        out.append("")
        out += [f"# {line}".rstrip() for line in footer]
    return "\n".join(out) + "\n"
