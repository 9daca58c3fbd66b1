"""An htmx request gets the fragment it swaps, not the whole page for `hx-select` to cut.

A template marks a part that htmx swaps by a block named after the element's id, dashes as
underscores: `{% block results %}<div id="results">…</div>{% endblock %}`. When a request comes
from htmx (`HX-Request`) and its target (`HX-Target`, the id of the element it swaps) is such
a block of the page's template or of a template it extends, only that block is rendered (with
`fragment_only` true, for what a fragment adds, such as out-of-band fields). Anything else gets
the whole page: a request without JavaScript, a history restore, any other target.

Every `Template` response goes through this: the Jinja environment's template class is
`PageTemplate` (tracker/web/templating.py), so no handler needs to know. Pages are never stored
(`cache-control: no-store`, tracker/web/security.py), so a fragment cannot stand in for its page
in a cache.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any

from jinja2 import Template

from tracker.web.field_labels import labels_of
from tracker.web.forms import Fields

FRAGMENT_FLAG = "fragment_only"


def fragment_name(request: Any) -> str | None:
    """The block an htmx request asks for, or None when it wants the whole page."""
    headers: Mapping[str, str] | None = getattr(request, "headers", None)
    if not headers or headers.get("hx-request") != "true":
        return None
    if headers.get("hx-history-restore-request") == "true" or headers.get("hx-boosted"):
        return None  # htmx puts the whole page back (or in place of the body)
    name = headers.get("hx-target", "").replace("-", "_")
    return name if name.isidentifier() else None


def render_block(template: Template, name: str, variables: Mapping[str, Any]) -> str | None:
    """One block of the page, or None when neither it nor a template it extends has one by
    that name."""
    context = template.new_context(dict(variables))
    # Running the template up to its first output runs its top-level code ({% set %},
    # {% from … import %}, macros) and adds the blocks of the templates it extends: what the
    # block may use. That first output (the start of the layout) is thrown away.
    chunks = template.root_render_func(context)
    next(chunks, None)
    if isinstance(chunks, Generator):
        chunks.close()
    found = context.blocks.get(name)
    if not found:
        return None
    return template.environment.concat(found[0](context))


def _give_labels(template: Template, variables: Mapping[str, Any]) -> None:
    """The page's forms learn their fields' labels, for their error summaries."""
    forms = [v for v in variables.values() if isinstance(v, Fields) and v.errors]
    if forms:
        labels = labels_of(template.environment, template.name)
        for fields in forms:
            fields.labels = labels


class PageTemplate(Template):
    """A template that renders only the fragment an htmx request swaps (see the module), and
    gives its forms their fields' labels (tracker/web/field_labels.py)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        variables = dict(*args, **kwargs)
        _give_labels(self, variables)
        name = fragment_name(variables.get("request"))
        if name is not None:
            fragment = render_block(self, name, {**variables, FRAGMENT_FLAG: True})
            if fragment is not None:
                return fragment
        return super().render(variables)
