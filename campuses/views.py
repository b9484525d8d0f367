from django.shortcuts import get_object_or_404, render

from .models import Campus


def detail(request, slug):
    campus = get_object_or_404(Campus.objects.filter(is_active=True).select_related("municipality"), slug=slug)
    return render(request, "campuses/detail.html", {"campus": campus})
