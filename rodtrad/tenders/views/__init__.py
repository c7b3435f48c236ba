"""Views: provider.py (a provider's own tender), buyer.py (opening, qualification, import)."""
