from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator

from networks import dashboards


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


def home(request):
    """The start page: one section per role the user holds."""
    return render(request, "home.html", {"sections": dashboards.sections_for(request.user)})
