"""Django URLs of the app (the LMS mounts them at /mentor_xblock/ through plugin_app in apps.py;
the workbench in dev/urls.py): the one-click unsubscribe link every mail carries."""
from django.urls import path

from .views.unsubscribe import unsubscribe, unsubscribe_css

app_name = "mentor_xblock"

urlpatterns = [
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("unsubscribe.css", unsubscribe_css, name="unsubscribe_css"),
]
