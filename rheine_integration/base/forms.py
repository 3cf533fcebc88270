from django.forms.renderers import TemplatesSetting


class KernFormRenderer(TemplatesSetting):
    """Renders every form field with the KERN design system's markup and error display."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
