"""Files beside the pages: search index, service worker, PDF."""
