"""Countries, blocs and treaty status: geometry and dated membership, joined on ISO 3166-1 alpha-3."""
