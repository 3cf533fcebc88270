from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import permissions, services
from cases.forms import DocumentForm
from rheine_integration.base import audit


@require_http_methods(["GET", "POST"])
def document_upload(request, pk):
    case = permissions.get_case_for(request.user, pk, action="upload_document")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.upload_document(
            case=case,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            by=request.user,
        )
        messages.success(request, _("Das Dokument wurde hochgeladen."))
        return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Dokument hochladen"), "multipart": True},
    )


def document_download(request, pk, document_pk):
    """Served only through the access check, as an attachment, with the type detected on upload."""
    case = permissions.get_case_for(request.user, pk)
    document = permissions.get_document_for(request.user, case, document_pk)
    audit.record(request.user, audit.Action.DOWNLOAD, document, case=case)
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else "bin"
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{case.reference}-{document.pk}.{extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
