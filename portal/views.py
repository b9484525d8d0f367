from django.shortcuts import render

from campuses.models import Campus


def home(request):
    campuses = Campus.objects.filter(is_active=True).select_related("municipality")
    return render(request, "portal/home.html", {"campuses": campuses})
