"""The chat on a phone's home screen and without a connection: the web app manifest and its
icons, the service worker (served from the site's root so it may look after every page), and
an offline page in every language with the crisis numbers, which the worker keeps."""
