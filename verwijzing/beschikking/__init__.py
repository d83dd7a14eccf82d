"""The beschikking: drafted, decided, made known; its beslistermijn and its PDF."""
