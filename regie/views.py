"""Functioneel beheer's screen for the stapelingsmatrix: confirm or change the cells marked aanname."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from accounts.permissions import rol_vereist
from toegang.forms import refusal_to_form
from toegang.fouten import Geweigerd
from toegang.routes import route

from . import services
from .forms import CelForm
from .models import MatrixCel, Zekerheid


@route(scope="beheer", audit="geen")
@login_required
@rol_vereist(Rol.BEHEER)
def matrix(request):
    zekerheid = request.GET.get("zekerheid", Zekerheid.AANNAME)
    if zekerheid not in Zekerheid.values and zekerheid != "alle":
        zekerheid = Zekerheid.AANNAME
    cellen = MatrixCel.objects.filter(MatrixCel.geldig_op(timezone.localdate())).select_related(
        "rij", "kolom", "bevestigd_door"
    )
    if zekerheid != "alle":
        cellen = cellen.filter(zekerheid=zekerheid)
    return render(
        request,
        "regie/matrix.html",
        {
            "cellen": cellen,
            "zekerheid": zekerheid,
            "zekerheden": Zekerheid.choices,
            "open": sum(1 for c in cellen if c.zekerheid == Zekerheid.AANNAME and not c.bevestigd_op),
        },
    )


@route(scope="beheer", audit="wijzigen")
@login_required
@rol_vereist(Rol.BEHEER)
def cel(request, pk):
    cel = get_object_or_404(MatrixCel.objects.select_related("rij", "kolom"), pk=pk)
    form = CelForm(request.POST or None, initial={"uitkomst": cel.uitkomst})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["actie"] == "bevestigen":
                services.cel_bevestigen(cel, door=request.user, motivering=d["motivering"])
                messages.success(request, _("De cel is bevestigd."))
            else:
                services.cel_wijzigen(
                    cel,
                    uitkomst=d["uitkomst"],
                    geldig_vanaf=d["geldig_vanaf"],
                    door=request.user,
                    motivering=d["motivering"],
                )
                messages.success(request, _("De nieuwe uitkomst is vastgelegd met ingangsdatum."))
        except Geweigerd as fout:
            refusal_to_form(form, fout)
        else:
            return redirect("regie:matrix")
    return render(request, "regie/cel.html", {"cel": cel, "form": form}, status=400 if form.errors else 200)
