"""Importers: other tools' files turned into claimline datasets, every loss reported."""
