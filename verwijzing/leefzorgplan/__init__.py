"""The leefzorgplan: its sections, its versions, the signing by link and code or on paper, and its PDF."""
