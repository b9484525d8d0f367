"""The static files storage in production: WhiteNoise's compressed, hashed files."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

MAX_URLS = 1000  # names come from templates and code, never from a request; a bound all the same


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The hashed URL of a static file, worked out once per name and process: the manifest does not change
    while the process runs (collectstatic writes it before the server starts), and a page asks for a dozen
    URLs ({% static %}, the map's scripts), each a manifest lookup, a join and a quote."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = super().url(name)  # a missing file raises, and is not kept
            if len(self._urls) < MAX_URLS:
                self._urls[name] = found
        return found
