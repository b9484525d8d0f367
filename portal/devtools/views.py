from django.http import HttpResponse


def bare(request):
    """A baseline for load tests: the full middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
