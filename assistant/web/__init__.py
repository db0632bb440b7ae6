"""The web layer: the FastAPI app (`assistant.web.app.create_app`), the JSON API, and the pages."""
