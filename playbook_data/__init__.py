"""The bundled framework structure and guidance, read with importlib.resources."""
