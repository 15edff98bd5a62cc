"""Fill an admin change form from its GET page, as the browser would send it back unchanged."""
from django.forms import MultiWidget


def _put(data: dict, form) -> None:
    for name, field in form.fields.items():
        if getattr(field, "disabled", False):
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if isinstance(field.widget, MultiWidget):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{i}"] = "" if part is None else str(part)
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value) if not isinstance(value, dict | list) else value
    return None


def admin_form_data(response) -> dict:
    data: dict = {}
    _put(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = str(value)
        for form in formset.initial_forms:
            _put(data, form)
    return data
