"""LiveShop Studio: a streaming studio for live-shopping hosts."""

__version__ = "0.1.0"
