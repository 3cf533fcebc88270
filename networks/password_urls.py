"""Password reset (console e-mail in development). Reachable without login by design."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

urlpatterns = [
    path(
        "vergessen/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                template_name="registration/password_reset_form.html",
                email_template_name="emails/password_reset.txt",
                subject_template_name="emails/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "vergessen/gesendet/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "neu/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                success_url=reverse_lazy("password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "neu/fertig/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("aendern/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "aendern/fertig/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
]
